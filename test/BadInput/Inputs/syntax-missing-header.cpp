// Includes a header that does not exist: Clang's error. Fix the name or add -I.
#include <adgen/adgen.h>
// ERROR: 'no-such-header.h' file not found
#include "no-such-header.h"
ADGEN_DIFFERENTIABLE double f(double x) { return x; }
