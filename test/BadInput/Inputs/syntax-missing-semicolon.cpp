// A syntax error: Clang's own diagnostic, and nothing generated.
#include <adgen/adgen.h>
ADGEN_DIFFERENTIABLE double f(double x) {
  // ERROR@+1:15: expected ';' after return statement
  return x * x
}
