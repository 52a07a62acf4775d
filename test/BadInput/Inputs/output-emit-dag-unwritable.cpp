// The --emit=dag output cannot be written (its parent is a file): choose a writable -o path.
// ARGS: {src} --emit=dag -o {tmp}/a-file/graph.txt -- -std=c++17 -I{runtime}
// ERROR: cannot write '{tmp}/a-file/graph.txt': Not a directory
#include <adgen/adgen.h>
ADGEN_DIFFERENTIABLE double f(double x) { return x * x; }
