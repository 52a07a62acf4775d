// A GNU statement expression: use a helper function.
#include <adgen/adgen.h>
ADGEN_DIFFERENTIABLE double f(double x) {
  // ERROR@+1:14: GNU statement expressions ('({ ... })') are not supported; use a helper function
  double y = ({ double t = x * x; t + 1; });
  return y;
}
