// A union parameter: use a struct.
#include <adgen/adgen.h>
union Bits { double d; float f[2]; };
// ERROR@+1:31: unions cannot be differentiated; use a struct
ADGEN_DIFFERENTIABLE double f(Bits b, double x) { return b.d * x; }
