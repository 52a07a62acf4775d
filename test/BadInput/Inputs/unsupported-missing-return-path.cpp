// A path that falls off the end without a return: add the missing 'return'.
#include <adgen/adgen.h>
ADGEN_DIFFERENTIABLE double f(double x) {
  if (x > 0)
    return x;
  x = 2 * x;
// ERROR@+1:1: a differentiable function must return a value on every path
}
