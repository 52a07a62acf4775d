// std::abs on an int is not differentiable: call it on float or double, or compute the integer outside.
#include <adgen/adgen.h>
#include <cstdlib>
#include <cmath>
ADGEN_DIFFERENTIABLE double f(double x, int n) {
  // ERROR@+1:14: 'abs' on this type is not differentiable; call it on float
  return x * std::abs(n);
}
