// A recursive helper that returns a struct: return float or double.
#include <adgen/adgen.h>
struct P { double a, b; };
// ERROR@+1:58: 'ps' calls itself and returns a struct; a recursive function
inline P ps(double x, int n) { return n == 0 ? P{x, x} : ps(x * 2, n - 1); }
ADGEN_DIFFERENTIABLE double f(double x) { return ps(x, 2).a; }
