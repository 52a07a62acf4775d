// Writes into an input through const_cast: write into a local array or an output parameter.
#include <adgen/adgen.h>
ADGEN_DIFFERENTIABLE double f(const double *x) {
  double *w = const_cast<double *>(x);
  // ERROR@+1:3: writes through pointers are only supported into the function's
  w[0] = 2 * x[0];
  return x[0];
}
