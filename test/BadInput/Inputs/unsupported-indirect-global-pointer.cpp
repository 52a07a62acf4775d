// A call through a constant global function pointer: call the function by name.
#include <adgen/adgen.h>
inline double sq(double v) { return v * v; }
constexpr double (*kFn)(double) = sq;
ADGEN_DIFFERENTIABLE double f(double x) {
  // ERROR@+1:10: indirect calls (through function pointers) cannot be differentiated;
  return kFn(x);
}
