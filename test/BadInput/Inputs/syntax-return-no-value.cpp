// 'return;' in a function returning double: Clang's error. Return a value.
#include <adgen/adgen.h>
ADGEN_DIFFERENTIABLE double f(double x) {
  if (x > 0)
    // ERROR@+1:5: non-void function 'f' should return a value
    return;
  return x;
}
