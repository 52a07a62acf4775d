// A recursive helper with an output pointer: return the result instead.
#include <adgen/adgen.h>
void halve(double x, int n, double *out) {
  if (n == 0) {
    out[0] = x;
    return;
  }
  // ERROR@+1:3: 'halve' calls itself, and it returns 'void'; a recursive
  halve(x / 2, n - 1, out);
}
ADGEN_DIFFERENTIABLE double f(double x) {
  double y[1];
  halve(x, 3, y);
  return y[0];
}
