// A static local keeps state between calls: make it a parameter or a constant.
#include <adgen/adgen.h>
ADGEN_DIFFERENTIABLE double f(double x) {
  // ERROR@+1:17: static local variable 'calls' keeps state between calls
  static double calls = 0;
  return x + calls;
}
