// A std::vector with an initializer list: declare it with its size and assign the elements.
#include <adgen/adgen.h>
#include <vector>
ADGEN_DIFFERENTIABLE double f(double x) {
  // ERROR@+1:3: std::vector 'v' must be declared empty or with its size
  std::vector<double> v{x, 2 * x};
  return v[1];
}
