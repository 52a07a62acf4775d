// An invalid -std= value (Clang's error comes from building the compiler
// invocation, and the compilation goes on): still exit 1, nothing written.
// ARGS: {src} -o {out} -- -std=c++99 -I{runtime}
// ERROR: invalid value 'c++99' in '-std=c++99'
#include <adgen/adgen.h>
ADGEN_DIFFERENTIABLE double f(double x) { return x * x; }
