// std::floor is not a function adgen differentiates: compute it outside and pass it in.
#include <adgen/adgen.h>
#include <cmath>
ADGEN_DIFFERENTIABLE double f(double x) {
  // ERROR@+1:14: 'floor' is not a differentiable function adgen knows; see
  return x - std::floor(x);
}
