// nullptr passed to a helper's output pointer: pass a local array.
#include <adgen/adgen.h>
inline void fill(double x, double *out) { out[0] = x; }
ADGEN_DIFFERENTIABLE double f(double x) {
  // ERROR@+1:11: this pointer expression is not supported; use a pointer
  fill(x, nullptr);
  return x;
}
