// A helper called with too few arguments: Clang's error. Pass every argument.
#include <adgen/adgen.h>
inline double mul(double a, double b) { return a * b; }
ADGEN_DIFFERENTIABLE double f(double x) {
  // ERROR@+1:10: no matching function for call to 'mul'
  return mul(x);
}
