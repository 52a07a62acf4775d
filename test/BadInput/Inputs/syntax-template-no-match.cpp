// Explicit template arguments that do not match the template: Clang's error. Call 'twice<double>(x)'.
#include <adgen/adgen.h>
template <class T> T twice(T x) { return 2 * x; }
ADGEN_DIFFERENTIABLE double f(double x) {
  // ERROR@+1:10: no matching function for call to 'twice'
  return twice<double, int>(x);
}
