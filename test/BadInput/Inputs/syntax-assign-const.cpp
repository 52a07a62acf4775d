// Assigns a const parameter: Clang's error. Copy it into a local first.
#include <adgen/adgen.h>
ADGEN_DIFFERENTIABLE double f(const double x) {
  // ERROR@+1:5: cannot assign to variable 'x' with const-qualified type
  x = x * 2;
  return x;
}
