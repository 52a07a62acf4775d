// A write to a non-const global cannot be differentiated.
#include <adgen/adgen.h>
double counter = 0;
ADGEN_DIFFERENTIABLE double f(double x) {
  // ERROR@+1:3: writes to the global variable 'counter' cannot be differentiated
  counter = x;
  return x;
}
