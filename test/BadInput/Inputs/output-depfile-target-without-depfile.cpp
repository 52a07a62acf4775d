// --depfile-target without --depfile: add --depfile=<file> or drop --depfile-target.
// ARGS: {src} -o {out} --depfile-target={tmp}/stamp -- -std=c++17 -I{runtime}
// ERROR: --depfile-target without --depfile
#include <adgen/adgen.h>
ADGEN_DIFFERENTIABLE double f(double x) { return x * x; }
