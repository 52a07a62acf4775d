// The comma operator inside an expression: use separate statements.
#include <adgen/adgen.h>
ADGEN_DIFFERENTIABLE double f(double x) {
  double y = 1;
  // ERROR@+1:15: the comma operator is not supported; use separate statements
  return x * (y++, y);
}
