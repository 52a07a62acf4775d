// A goto inside a helper: the error is at the goto, with notes at each call
// that led there.
#include <adgen/adgen.h>
inline double inner(double v) {
  if (v > 0)
    // ERROR@+1:5: 'goto' and labels cannot be differentiated
    goto done;
  v = -v;
done:
  return v;
}
inline double outer(double v) {
  // NOTE@+1:10: in this call to 'inner'
  return inner(v) * 2;
}
ADGEN_DIFFERENTIABLE double f(double x) {
  // NOTE@+1:10: in this call to 'outer'
  return outer(x) + x;
}
