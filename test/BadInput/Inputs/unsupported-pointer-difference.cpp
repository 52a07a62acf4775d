// A pointer parameter used as a value (p - q): read its elements, p[i].
#include <adgen/adgen.h>
ADGEN_DIFFERENTIABLE double f(const double *p, const double *q) {
  // ERROR@+1:37: pointer 'p' can only be read element by element ('p[i]',
  return p[0] * static_cast<double>(p - q);
}
