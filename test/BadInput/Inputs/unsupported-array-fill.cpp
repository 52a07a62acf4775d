// std::array::fill is not supported: zero the array in a loop or declare it '= {}'.
#include <adgen/adgen.h>
#include <array>
ADGEN_DIFFERENTIABLE double f(double x) {
  std::array<double, 3> a;
  // ERROR@+1:3: 'fill' on the array 'a' is not supported; supported: [i],
  a.fill(0);
  a[0] = x;
  return a[0];
}
