// A marked variadic function: use fixed parameters.
#include <adgen/adgen.h>
// ERROR@+1:1: variadic functions cannot be differentiated
ADGEN_DIFFERENTIABLE double f(double x, ...) { return x; }
