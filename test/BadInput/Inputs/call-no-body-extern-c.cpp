// Calls an extern "C" function without a body: define it, or give it a derivative with ADGEN_CUSTOM_VJP.
#include <adgen/adgen.h>
extern "C" double c_kernel(double x);
ADGEN_DIFFERENTIABLE double f(double x) {
  // ERROR@+1:14: 'c_kernel' has no body adgen can see; define it in a header
  return x + c_kernel(x);
}
