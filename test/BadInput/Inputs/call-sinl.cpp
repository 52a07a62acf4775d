// sinl works on long double: call sin on double.
#include <adgen/adgen.h>
#include <math.h>
ADGEN_DIFFERENTIABLE double f(double x) {
  // ERROR@+1:18: long double is not supported; use 'sin' on double
  return (double)sinl(x);
}
