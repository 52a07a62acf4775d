// A non-const reference to a struct parameter: copy it (Vec r = q;).
#include <adgen/adgen.h>
struct Vec { double x, y; };
ADGEN_DIFFERENTIABLE double f(Vec q) {
  // ERROR@+1:3: local reference 'r' is only supported as a const reference
  Vec &r = q;
  return r.x * r.y;
}
