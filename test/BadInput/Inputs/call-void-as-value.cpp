// A void helper used as a value: call it as a statement of its own.
#include <adgen/adgen.h>
inline void nothing(double) {}
ADGEN_DIFFERENTIABLE double f(double x) {
  // ERROR@+1:11: calls to 'nothing', which returns 'void', cannot be used
  return (nothing(x), x);
}
