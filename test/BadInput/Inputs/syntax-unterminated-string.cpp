// An unterminated string literal: Clang's error. Close the quote.
#include <adgen/adgen.h>
ADGEN_DIFFERENTIABLE double f(double x) {
  // ERROR@+1:19: expected expression
  const char *s = "abc;
  return x;
}
