// The --emit=dot output's directory does not exist: create it first.
// ARGS: {src} --emit=dot -o {tmp}/no-such-dir/graph.dot -- -std=c++17 -I{runtime}
// ERROR: cannot write '{tmp}/no-such-dir/graph.dot': No such file or directory
#include <adgen/adgen.h>
ADGEN_DIFFERENTIABLE double f(double x) { return x * x; }
