// The function's closing brace is missing: Clang's error at the end of the file. Add the '}'.
#include <adgen/adgen.h>
ADGEN_DIFFERENTIABLE double f(double x) {
  if (x > 0) {
    return x;
  return -x;
}
// ERROR@+1:7: expected '}'
// end
