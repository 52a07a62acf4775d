// The '~' operator: compute the integer outside and pass it in.
#include <adgen/adgen.h>
ADGEN_DIFFERENTIABLE double f(double x, int n) {
  // ERROR@+1:14: operator '~' is not supported in a differentiable function
  return x * ~n;
}
