// A local array of structs: use one array per member.
#include <adgen/adgen.h>
struct P { double a, b; };
ADGEN_DIFFERENTIABLE double f(double x) {
  // ERROR@+1:3: this local array or pointer is not supported: arrays of
  P ps[2];
  ps[0].a = x;
  return ps[0].a;
}
