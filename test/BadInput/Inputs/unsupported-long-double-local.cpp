// A long double local: use double.
#include <adgen/adgen.h>
ADGEN_DIFFERENTIABLE double f(double x) {
  // ERROR@+1:3: local variable 'y' has type 'long double', which adgen cannot
  long double y = x;
  return x * 2;
}
