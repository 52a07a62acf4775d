// A 'break' nested inside a case: restructure the case as an if/else.
#include <adgen/adgen.h>
ADGEN_DIFFERENTIABLE double f(double x, int k) {
  switch (k) {
  case 1:
    // ERROR@+1:5: a 'break' nested inside a case is not supported; restructure
    if (x > 0)
      break;
    x = 2 * x;
    break;
  default:
    break;
  }
  return x;
}
