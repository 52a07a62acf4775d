// A switch with an initializer: declare the variable before the switch.
#include <adgen/adgen.h>
ADGEN_DIFFERENTIABLE double f(double x, int k) {
  // ERROR@+1:3: a 'switch' with an initializer or a declared variable is
  switch (int j = k + 1; j) {
  case 1:
    return x;
  default:
    return 2 * x;
  }
}
