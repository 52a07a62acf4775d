// ADGEN_GRADIENT names a function that does not exist: Clang's error. Fix the name.
#include <adgen/adgen.h>
inline double energy(double x) { return x * x; }
// ERROR@+1:16: use of undeclared identifier 'enrgy'; did you mean 'energy'?
ADGEN_GRADIENT(enrgy, x);
