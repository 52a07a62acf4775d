// std::erf is not a function adgen knows how to differentiate: compute it outside or add a rule.
#include <adgen/adgen.h>
#include <cmath>
ADGEN_DIFFERENTIABLE double f(double x) {
  // ERROR@+1:10: 'erf' is not a differentiable function adgen knows; see
  return std::erf(x);
}
