// 'goto' in a differentiable function: use structured code (if/else, loops).
#include <adgen/adgen.h>
ADGEN_DIFFERENTIABLE double f(double x) {
  if (x > 1)
    // ERROR@+1:5: 'goto' and labels cannot be differentiated; use structured
    goto big;
  return x;
big:
  return 2 * x;
}
