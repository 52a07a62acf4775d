// Adds to a non-const global: return the value instead.
#include <adgen/adgen.h>
double total = 0;
ADGEN_DIFFERENTIABLE double f(double x) {
  // ERROR@+1:3: writes to the global variable 'total' cannot be differentiated;
  total += x;
  return x;
}
