// A GNU case range (case 1 ... 3:): list the cases or use if/else.
#include <adgen/adgen.h>
ADGEN_DIFFERENTIABLE double f(double x, int k) {
  switch (k) {
  // ERROR@+1:3: case ranges are not supported
  case 1 ... 3:
    return 2 * x;
  default:
    return x;
  }
}
