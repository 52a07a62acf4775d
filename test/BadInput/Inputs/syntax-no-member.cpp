// A member that the struct does not have: Clang's error. Use a member it declares.
#include <adgen/adgen.h>
struct P { double a, b; };
ADGEN_DIFFERENTIABLE double f(const P &p) {
  // ERROR@+1:12: no member named 'c' in 'P'
  return p.c * 2;
}
