// An integer literal over 53 bits: use a smaller constant or a floating literal.
#include <adgen/adgen.h>
ADGEN_DIFFERENTIABLE double f(double x) {
  // ERROR@+1:14: integer literal too large for adgen's IR (more than 53 bits)
  return x * 9007199254740993LL;
}
