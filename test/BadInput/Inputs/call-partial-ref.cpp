// A helper assigns its reference on some paths only, and the variable has no value: initialise it before the call.
#include <adgen/adgen.h>
inline void set_if(double v, double &out) {
  if (v > 0)
    out = v;
}
ADGEN_DIFFERENTIABLE double f(double x) {
  double m;
  // ERROR@+1:13: 'set_if' assigns 'out' on some paths only, and its value
  set_if(x, m);
  return m;
}
