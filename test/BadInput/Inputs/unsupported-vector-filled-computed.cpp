// A std::vector filled with a computed value: declare it with its size and assign the elements in a loop.
#include <adgen/adgen.h>
#include <vector>
ADGEN_DIFFERENTIABLE double f(double x, int n) {
  // ERROR@+1:28: a std::vector filled with a computed value is not supported
  std::vector<double> v(n, x);
  return v[0];
}
