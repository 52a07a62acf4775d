// A recursive member function: make it a free function.
#include <adgen/adgen.h>
struct Poly {
  double c;
  // ERROR@+1:68: 'Poly::eval' calls itself, and it is a member function;
  double eval(double x, int n) const { return n == 0 ? c : c + x * eval(x, n - 1); }
};
ADGEN_DIFFERENTIABLE double f(double x) {
  Poly p{0.5};
  return p.eval(x, 3);
}
