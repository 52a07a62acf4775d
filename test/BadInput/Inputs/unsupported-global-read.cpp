// Reads a non-const global: pass it as a parameter (ADGEN_NO_GRAD if it needs no gradient), or make it constexpr.
#include <adgen/adgen.h>
double scale = 2.0;
ADGEN_DIFFERENTIABLE double f(double x) {
  // ERROR@+1:14: reading the global variable 'scale' is not supported: adgen
  return x * scale;
}
