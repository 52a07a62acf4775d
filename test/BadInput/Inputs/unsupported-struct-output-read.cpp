// Reads a member of a struct output parameter: keep the value in a local variable.
#include <adgen/adgen.h>
struct Out { double a, b; };
ADGEN_DIFFERENTIABLE void f(double x, Out &o) {
  o.a = x * x;
  // ERROR@+1:9: reading the output parameter 'o' (a struct) is not supported
  o.b = o.a * 2;
}
