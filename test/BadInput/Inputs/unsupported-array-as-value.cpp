// A local array assigned as a whole: copy it element by element.
#include <adgen/adgen.h>
#include <array>
ADGEN_DIFFERENTIABLE double f(double x) {
  std::array<double, 2> a = {x, x};
  std::array<double, 2> b = {};
  // ERROR@+1:7: the local array 'a' can only be used element by element
  b = a;
  return b[0];
}
