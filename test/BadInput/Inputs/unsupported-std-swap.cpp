// std::swap on array elements: write a helper 'void swap2(double &a, double &b)'.
#include <adgen/adgen.h>
#include <utility>
ADGEN_DIFFERENTIABLE double f(const double *x) {
  double t[2] = {x[0], x[1]};
  // ERROR@+1:3: a call whose result is not used ('swap') is not supported
  std::swap(t[0], t[1]);
  return t[0] * x[0];
}
