// A long double parameter: use double.
#include <adgen/adgen.h>
// ERROR@+1:31: parameter 'x' has type 'long double', which adgen cannot
ADGEN_DIFFERENTIABLE double f(long double x) { return 2.0; }
