// A local reference: copy the value instead (double r = x;).
#include <adgen/adgen.h>
ADGEN_DIFFERENTIABLE double f(double x) {
  // ERROR@+1:3: local reference 'r' is not supported yet; copy the value
  double &r = x;
  return r * r;
}
