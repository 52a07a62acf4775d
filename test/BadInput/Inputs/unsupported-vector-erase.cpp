// std::vector::erase is not supported: use push_back/resize and index the elements.
#include <adgen/adgen.h>
#include <vector>
ADGEN_DIFFERENTIABLE double f(double x) {
  std::vector<double> v(3, 1.0);
  v[0] = x;
  // ERROR@+1:3: 'erase' on the array 'v' is not supported; supported: [i],
  v.erase(v.begin());
  return v[0];
}
