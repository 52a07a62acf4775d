// A statement that computes a value and drops it: remove it, or assign the value.
#include <adgen/adgen.h>
ADGEN_DIFFERENTIABLE double f(double x) {
  // ERROR@+1:3: this expression statement has no effect adgen can differentiate;
  x + 1;
  return x;
}
