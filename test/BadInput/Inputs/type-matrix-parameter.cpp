// A 2-D array parameter: pass a flat pointer and index it as m[i * columns + j].
#include <adgen/adgen.h>
// ERROR@+1:31: parameter 'm' has type 'const double (*)[3]', which adgen
ADGEN_DIFFERENTIABLE double f(const double m[3][3]) { return m[0][1]; }
