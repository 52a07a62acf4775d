// A helper that writes its S& argument, given a temporary: pass a variable.
#include <adgen/adgen.h>
struct S { double v; void scale(double k) { v = v * k; } };
ADGEN_DIFFERENTIABLE double f(double x) {
  // ERROR@+1:3: a temporary is passed where 'scale' writes its argument;
  S{x}.scale(2);
  return x;
}
