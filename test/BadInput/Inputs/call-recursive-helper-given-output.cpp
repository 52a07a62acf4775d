// An output parameter passed to a recursive helper and written after the
// call: the error is in the helper, with a note at the caller's call.
#include <adgen/adgen.h>
// ERROR@+1:67: the output parameter 'out' is passed to a function that calls itself and written after the call
inline double gz(const double *x, int n) { return n == 0 ? x[0] : gz(x, n - 1) * 2.0; }
ADGEN_DIFFERENTIABLE void f(double x, double *out) {
  out[0] = x;
  // NOTE@+1:12: in this call to 'gz'
  out[1] = gz(out, 2) * x;
}
