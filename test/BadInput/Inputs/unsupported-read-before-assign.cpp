// A local read before it is assigned: give it a value first.
#include <adgen/adgen.h>
ADGEN_DIFFERENTIABLE double f(double x) {
  double y;
  // ERROR@+1:14: variable 'y' is read before it is assigned
  return x * y;
}
