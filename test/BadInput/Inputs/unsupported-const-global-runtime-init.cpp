// A const global with a non-constant initialiser: make it constexpr, or pass it as a parameter.
#include <adgen/adgen.h>
#include <cstdlib>
const double kScale = static_cast<double>(std::rand());
ADGEN_DIFFERENTIABLE double f(double x) {
  // ERROR@+1:14: reading the global variable 'kScale' is not supported: adgen
  return x * kScale;
}
