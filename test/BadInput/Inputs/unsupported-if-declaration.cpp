// A variable declared in an 'if' condition: declare it before the 'if'.
#include <adgen/adgen.h>
ADGEN_DIFFERENTIABLE double f(double x) {
  // ERROR@+1:7: a variable declared in an 'if' condition is not supported;
  if (double y = x * 2)
    return y;
  return x;
}
