// '+=' on a member of a struct output: compute in a local and assign once.
#include <adgen/adgen.h>
struct Out { double a; };
ADGEN_DIFFERENTIABLE void f(double x, Out &o) {
  o.a = x;
  // ERROR@+1:3: '+=' on an output parameter reads it, which is not supported
  o.a += x;
}
