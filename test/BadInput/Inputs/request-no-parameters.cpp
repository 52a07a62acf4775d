// ADGEN_GRADIENT without parameter names: list the parameters to differentiate, ADGEN_GRADIENT(f, x).
#include <adgen/adgen.h>
inline double energy(double x) { return x * x; }
// ERROR@+1:1: ADGEN_GRADIENT needs the names of the parameters to differentiate
ADGEN_GRADIENT(energy);
