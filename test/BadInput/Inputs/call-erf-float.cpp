// The float overload of erf is not known either: compute it outside or add a derivative rule.
#include <adgen/adgen.h>
#include <cmath>
ADGEN_DIFFERENTIABLE float f(float x) {
  // ERROR@+1:10: 'erf' is not a differentiable function adgen knows; see
  return std::erf(x) * x;
}
