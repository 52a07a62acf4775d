// A local pointer moved to another parameter: use two pointer variables.
#include <adgen/adgen.h>
ADGEN_DIFFERENTIABLE double f(const double *a, const double *b, int k) {
  const double *p = a;
  double s = p[0];
  // ERROR@+1:3: a pointer variable must keep pointing into the same parameter
  p = b;
  return s + p[k];
}
