// Uses a name that is declared nowhere: Clang's error. Declare 'y' or pass it in.
#include <adgen/adgen.h>
ADGEN_DIFFERENTIABLE double f(double x) {
  // ERROR@+1:14: use of undeclared identifier 'y'
  return x * y;
}
