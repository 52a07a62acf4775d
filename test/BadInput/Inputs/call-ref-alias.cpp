// The same local passed twice, once by reference: pass a copy in a local variable.
#include <adgen/adgen.h>
inline void plus3(const double &a, double &r) { r = 3; r += a; }
ADGEN_DIFFERENTIABLE double f(double x) {
  double s = x;
  // ERROR@+1:12: this argument reaches what an earlier argument of 'plus3'
  plus3(s, s);
  return s * x;
}
