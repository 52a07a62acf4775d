// Calls a function declared but not defined: define it in an included header, mark it ADGEN_NO_GRAD, or give it ADGEN_CUSTOM_VJP.
#include <adgen/adgen.h>
double helper(double x);
ADGEN_DIFFERENTIABLE double f(double x) {
  // ERROR@+1:10: 'helper' has no body adgen can see; define it in a header
  return helper(x) * 2;
}
