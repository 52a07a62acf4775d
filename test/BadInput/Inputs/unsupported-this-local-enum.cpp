// An enum declared inside the function: move it to namespace scope.
#include <adgen/adgen.h>
ADGEN_DIFFERENTIABLE double f(double x) {
  // ERROR@+1:3: this declaration is not supported in a differentiable function
  enum Mode { A, B };
  return x * B;
}
