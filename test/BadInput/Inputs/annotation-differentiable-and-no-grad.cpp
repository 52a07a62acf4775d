// A function marked both ADGEN_DIFFERENTIABLE and ADGEN_NO_GRAD: keep one.
#include <adgen/adgen.h>
// ERROR@+1:43: 'f' is marked both ADGEN_DIFFERENTIABLE and ADGEN_NO_GRAD; keep one
ADGEN_DIFFERENTIABLE ADGEN_NO_GRAD double f(double x) { return x * x; }
