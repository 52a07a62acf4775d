// A std::vector copied from another: declare it with its size and copy the elements in a loop.
#include <adgen/adgen.h>
#include <vector>
ADGEN_DIFFERENTIABLE double f(const std::vector<double> &w) {
  // ERROR@+1:3: std::vector 'v' must be declared empty or with its size
  std::vector<double> v = w;
  return v[0];
}
