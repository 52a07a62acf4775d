// A type name that is declared nowhere: Clang's error. Declare 'Real' (using Real = double;).
#include <adgen/adgen.h>
// ERROR@+1:31: unknown type name 'Real'
ADGEN_DIFFERENTIABLE double f(Real x) { return x * x; }
