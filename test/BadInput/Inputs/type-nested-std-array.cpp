// A std::array of std::arrays: refused with the C array that works instead
// (not with the library's member names).
#include <adgen/adgen.h>
#include <array>
ADGEN_DIFFERENTIABLE double f(double x) {
  // ERROR@+1:41: 'std::array<std::array<double, 2>, 2>' is not supported: the elements of a std::array or std::vector must be float, double or integral; for a matrix use a C array
  std::array<std::array<double, 2>, 2> r{};
  r[0][1] = x;
  return r[0][1] * x;
}
