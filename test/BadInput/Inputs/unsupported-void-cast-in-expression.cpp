// A cast to void inside a larger expression: make it a statement of its own.
#include <adgen/adgen.h>
ADGEN_DIFFERENTIABLE double f(double x) {
  // ERROR@+1:11: casts to void are not supported here
  return ((void)x, x);
}
