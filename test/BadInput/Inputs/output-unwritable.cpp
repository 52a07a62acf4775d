// The output's parent is a file, so the output cannot be written: choose a writable -o path.
// ARGS: {src} -o {tmp}/a-file/out.h -- -std=c++17 -I{runtime}
// ERROR: cannot write '{tmp}/a-file/out.h': Not a directory
#include <adgen/adgen.h>
ADGEN_DIFFERENTIABLE double f(double x) { return x * x; }
