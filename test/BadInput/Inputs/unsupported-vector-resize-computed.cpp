// v.resize(n, x) with a computed value: resize with a constant and assign the elements in a loop.
#include <adgen/adgen.h>
#include <vector>
ADGEN_DIFFERENTIABLE double f(double x, int n) {
  std::vector<double> v;
  // ERROR@+1:15: filling a std::vector with a computed value is not supported
  v.resize(n, x);
  return v[0];
}
