// A pointer to non-const int parameter: make it 'const int *'.
#include <adgen/adgen.h>
// ERROR@+1:48: parameter 'idx' has type 'int *', which adgen cannot differentiate
ADGEN_DIFFERENTIABLE double f(const double *x, int *idx) { return x[idx[0]]; }
