// A helper's double& bound to a conditional expression: pass a variable.
#include <adgen/adgen.h>
inline void twice(double &v) { v = 2 * v; }
ADGEN_DIFFERENTIABLE double f(double x, double y) {
  double a = x, b = y;
  // ERROR@+1:9: 'twice' takes 'v' by reference; pass a variable, a member
  twice(x > y ? a : b);
  return a + b;
}
