// A statement before the first case label: move it before the switch.
#include <adgen/adgen.h>
ADGEN_DIFFERENTIABLE double f(double x, int k) {
  switch (k) {
    // ERROR@+1:5: statements before the first case label are not supported
    x = x * 2;
  case 0:
    return x;
  default:
    return 3 * x;
  }
}
