// A bitwise operator: compute the integer outside and pass it in.
#include <adgen/adgen.h>
ADGEN_DIFFERENTIABLE double f(double x, int n) {
  // ERROR@+1:11: operator '^' is not supported in a differentiable function
  int m = n ^ 3;
  return x * m;
}
