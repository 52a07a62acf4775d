// The output path names a directory: give a file name to -o.
// ARGS: {src} -o {tmp} -- -std=c++17 -I{runtime}
// ERROR: cannot write '{tmp}': Is a directory
#include <adgen/adgen.h>
ADGEN_DIFFERENTIABLE double f(double x) { return x * x; }
