// Inline assembly: remove it from the differentiable function.
#include <adgen/adgen.h>
ADGEN_DIFFERENTIABLE double f(double x) {
  // ERROR@+1:3: inline assembly cannot be differentiated
  asm volatile("" ::: "memory");
  return x;
}
