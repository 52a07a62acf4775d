// The depfile cannot be written (its parent is a file): choose a writable --depfile path.
// ARGS: {src} -o {tmp}/other.h --depfile={tmp}/a-file/out.d -- -std=c++17 -I{runtime}
// ERROR: cannot write '{tmp}/a-file/out.d': Not a directory
#include <adgen/adgen.h>
ADGEN_DIFFERENTIABLE double f(double x) { return x * x; }
