// A long double literal (1.5L): use a double literal (1.5).
#include <adgen/adgen.h>
ADGEN_DIFFERENTIABLE double f(double x) {
  // ERROR@+1:10: operation on type 'long double' is not supported
  return x * 1.5L;
}
