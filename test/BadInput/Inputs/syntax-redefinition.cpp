// The same function defined twice: Clang's error. Remove one definition.
#include <adgen/adgen.h>
ADGEN_DIFFERENTIABLE double f(double x) { return x; }
// ERROR@+1:29: redefinition of 'f'
ADGEN_DIFFERENTIABLE double f(double x) { return 2 * x; }
