// --depfile without -o (the output would go to standard output): add -o <file> or --depfile-target.
// ARGS: {src} --depfile={tmp}/out.d -- -std=c++17 -I{runtime}
// ERROR: --depfile needs an output file (-o <file>) or --depfile-target
#include <adgen/adgen.h>
ADGEN_DIFFERENTIABLE double f(double x) { return x * x; }
