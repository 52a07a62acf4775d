// A marked function returning void*: return float or double.
#include <adgen/adgen.h>
// ERROR@+1:22: cannot differentiate a function returning 'void *'; a differentiable
ADGEN_DIFFERENTIABLE void *f(double x) { return nullptr; }
