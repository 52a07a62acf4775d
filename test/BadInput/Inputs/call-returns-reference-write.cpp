// Writes through the reference a helper returns: index the array directly.
#include <adgen/adgen.h>
inline double &at(double *t, int i) { return t[i]; }
ADGEN_DIFFERENTIABLE double f(const double *x) {
  double t[2] = {x[0], x[1]};
  // ERROR@+1:3: writing through the reference that 'at' returns is not supported;
  at(t, 1) += x[0];
  return t[1];
}
