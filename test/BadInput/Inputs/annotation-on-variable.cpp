// ADGEN_DIFFERENTIABLE on a variable: mark functions only.
#include <adgen/adgen.h>
// ERROR@+1:29: ADGEN_DIFFERENTIABLE marks functions; 'g' is a variable
ADGEN_DIFFERENTIABLE double g = 2.0;
ADGEN_DIFFERENTIABLE double f(double x) { return x * 2; }
