// A structured binding: read the members one by one.
#include <adgen/adgen.h>
struct P { double a, b; };
ADGEN_DIFFERENTIABLE double f(const P &p) {
  // ERROR@+1:3: structured bindings are not supported yet; name the members
  auto [a, b] = p;
  return a * b;
}
