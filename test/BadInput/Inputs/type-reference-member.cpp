// A struct parameter with a reference member: store the value, not a reference.
#include <adgen/adgen.h>
struct Ref { const double &r; };
// ERROR@+1:31: member 'Ref::r' has type 'const double &', which adgen cannot
ADGEN_DIFFERENTIABLE double f(Ref s, double x) { return s.r * x; }
