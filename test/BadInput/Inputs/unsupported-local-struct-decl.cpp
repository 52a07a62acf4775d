// A struct declared inside the function: move it out to namespace scope.
#include <adgen/adgen.h>
ADGEN_DIFFERENTIABLE double f(double x) {
  // ERROR@+1:3: this declaration is not supported in a differentiable function
  struct Local { double v; };
  return x;
}
