// A marked function returning bool: return float or double.
#include <adgen/adgen.h>
// ERROR@+1:22: cannot differentiate a function returning 'bool'; a differentiable
ADGEN_DIFFERENTIABLE bool f(double x) { return x > 0; }
