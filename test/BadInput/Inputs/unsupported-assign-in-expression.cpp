// An assignment inside an expression: make it a statement of its own.
#include <adgen/adgen.h>
ADGEN_DIFFERENTIABLE double f(double x) {
  double y = 0;
  // ERROR@+1:15: assignment inside an expression is not supported; make it
  return x * (y = x);
}
