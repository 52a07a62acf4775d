// The second of two sources does not exist: fix its name (adgen checks every source before parsing).
// ARGS: {src} {tmp}/missing.cpp -o {out} -- -std=c++17 -I{runtime}
// ERROR: no such file: '{tmp}/missing.cpp'
#include <adgen/adgen.h>
ADGEN_DIFFERENTIABLE double f(double x) { return x * x; }
