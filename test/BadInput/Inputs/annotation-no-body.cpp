// A marked function that is only declared: adgen needs its body in this file or an included header.
#include <adgen/adgen.h>
// ERROR@+1:29: 'f' is marked ADGEN_DIFFERENTIABLE but has no body in this file
ADGEN_DIFFERENTIABLE double f(double x);
