// A shift operator: compute the integer outside and pass it in.
#include <adgen/adgen.h>
ADGEN_DIFFERENTIABLE double f(double x, int n) {
  // ERROR@+1:15: operator '<<' is not supported in a differentiable function
  return x * (1 << n);
}
