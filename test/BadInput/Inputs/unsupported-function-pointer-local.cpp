// A call through a local function pointer: call the function by name.
#include <adgen/adgen.h>
inline double sq(double v) { return v * v; }
ADGEN_DIFFERENTIABLE double f(double x) {
  // ERROR@+1:3: pointers to functions are not supported: an indirect call cannot be differentiated
  double (*fn)(double) = sq;
  return fn(x);
}
