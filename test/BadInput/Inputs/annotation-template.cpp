// A marked function template: mark a non-template function with the concrete types.
#include <adgen/adgen.h>
template <class T>
// ERROR@+1:24: function templates cannot be marked differentiable yet; mark
ADGEN_DIFFERENTIABLE T twice(T x) { return 2 * x; }
double use(double x) { return twice(x); }
