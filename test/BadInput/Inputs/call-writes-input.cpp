// A helper that may write through its pointer is given an input: pass a local array, or make the helper take a pointer to const.
#include <adgen/adgen.h>
inline double take(double *p) { return p[0]; }
ADGEN_DIFFERENTIABLE double f(double x, const double *p) {
  // ERROR@+1:19: this argument points into an input parameter, which 'take'
  return x * take(const_cast<double *>(p));
}
