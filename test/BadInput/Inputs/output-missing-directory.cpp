// The output's directory does not exist (adgen does not create it): create the directory first.
// ARGS: {src} -o {tmp}/no-such-dir/out.h -- -std=c++17 -I{runtime}
// ERROR: cannot write '{tmp}/no-such-dir/out.h': No such file or directory
#include <adgen/adgen.h>
ADGEN_DIFFERENTIABLE double f(double x) { return x * x; }
