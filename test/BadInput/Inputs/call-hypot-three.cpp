// The 3-argument std::hypot is not supported: write std::hypot(std::hypot(x, y), z).
#include <adgen/adgen.h>
#include <cmath>
ADGEN_DIFFERENTIABLE double f(double x, double y, double z) {
  // ERROR@+1:10: 'hypot' expects 2 argument(s)
  return std::hypot(x, y, z);
}
