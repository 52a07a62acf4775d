// A library function called for nothing (its result dropped): use the value or remove the call.
#include <adgen/adgen.h>
#include <cmath>
ADGEN_DIFFERENTIABLE double f(double x) {
  // ERROR@+1:3: a call whose result is not used ('sin') is not supported
  std::sin(x);
  return x;
}
