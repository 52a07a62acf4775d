// A function-try-block: move the try/catch out of the differentiable function.
#include <adgen/adgen.h>
// ERROR@+1:1: function-try-blocks cannot be differentiated; move the try/catch out
ADGEN_DIFFERENTIABLE double f(double x) try {
  return x * x;
} catch (...) {
  return 0;
}
