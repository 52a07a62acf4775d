// Initialises a pointer from a double: Clang's type error. Use a double local.
#include <adgen/adgen.h>
ADGEN_DIFFERENTIABLE double f(double x) {
  // ERROR@+1:11: cannot initialize a variable of type 'double *' with an
  double *p = x;
  return *p;
}
