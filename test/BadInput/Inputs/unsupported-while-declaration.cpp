// A variable declared in a loop condition: declare it before the loop.
#include <adgen/adgen.h>
ADGEN_DIFFERENTIABLE double f(double x) {
  int n = 3;
  // ERROR@+1:3: a variable declared in a loop condition is not supported;
  while (int m = n--)
    x = x * m;
  return x;
}
