// A pointer to a tensor as a parameter: pass the tensor by reference.
#include <adgen/adgen.h>
#include <adgen/tensor.h>
// ERROR@+1:38: parameter 't' has type 'const adgen::Tensor *', which adgen
ADGEN_DIFFERENTIABLE adgen::Tensor f(const adgen::Tensor *t) { return t->sum(); }
