// 'new' in a differentiable function: use a local array or std::vector.
#include <adgen/adgen.h>
ADGEN_DIFFERENTIABLE double f(double x) {
  // ERROR@+1:15: this pointer expression is not supported; use a pointer
  double *p = new double[2];
  p[0] = x;
  return p[0];
}
