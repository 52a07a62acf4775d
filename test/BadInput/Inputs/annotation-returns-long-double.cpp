// A marked function returning long double: return double.
#include <adgen/adgen.h>
// ERROR@+1:22: cannot differentiate a function returning 'long double'; a
ADGEN_DIFFERENTIABLE long double f(double x) { return x; }
