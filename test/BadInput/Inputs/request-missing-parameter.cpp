// ADGEN_GRADIENT names a parameter the function does not have: fix the name.
#include <adgen/adgen.h>
inline double energy(double x, double y) { return x * y; }
// ERROR@+1:1: 'energy' has no parameter named 'z'
ADGEN_GRADIENT(energy, x, z);
