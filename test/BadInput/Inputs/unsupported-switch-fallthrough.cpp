// A case that falls through into the next: end each case with 'break' or 'return'.
#include <adgen/adgen.h>
ADGEN_DIFFERENTIABLE double f(double x, int k) {
  switch (k) {
  case 0:
    x = 2 * x;
  // ERROR@+1:3: falling through from one case into the next is not supported;
  case 1:
    return x;
  default:
    return 3 * x;
  }
}
