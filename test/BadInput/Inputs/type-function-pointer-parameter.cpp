// A function-pointer parameter (an indirect call): call the function directly.
#include <adgen/adgen.h>
// ERROR@+1:41: parameter 'fn' has type 'double (*)(double)', which adgen
ADGEN_DIFFERENTIABLE double f(double x, double (*fn)(double)) { return fn(x); }
