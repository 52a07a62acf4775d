// A struct parameter with a pointer member: pass the array as a parameter of its own.
#include <adgen/adgen.h>
struct Polyline { const double *xs; int n; };
// ERROR@+1:31: member 'Polyline::xs' has type 'const double *', which adgen
ADGEN_DIFFERENTIABLE double f(Polyline p) { return p.xs[0]; }
