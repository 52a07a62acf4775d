// Passes a pointer to an ADGEN_NO_GRAD function, which could write through it: pass values.
#include <adgen/adgen.h>
ADGEN_NO_GRAD double peek(const double *p);
ADGEN_DIFFERENTIABLE double f(const double *x) {
  // ERROR@+1:22: only values can be passed to a function called without derivative
  return x[0] * peek(x);
}
