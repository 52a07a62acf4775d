// ADGEN_GRADIENT on a template instance names a parameter it does not have: fix the name.
#include <adgen/adgen.h>
template <class T> T twice(T x) { return 2 * x; }
// ERROR@+1:1: 'twice' has no parameter named 'y'
ADGEN_GRADIENT(twice<double>, y);
