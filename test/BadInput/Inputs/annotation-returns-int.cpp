// A marked function returning int has no derivative: return float or double.
#include <adgen/adgen.h>
// ERROR@+1:22: cannot differentiate a function returning 'int'; a differentiable
ADGEN_DIFFERENTIABLE int f(double x) { return static_cast<int>(x); }
