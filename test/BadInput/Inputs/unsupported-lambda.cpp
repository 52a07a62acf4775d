// A lambda in a differentiable function: write the computation inline or as a helper function.
#include <adgen/adgen.h>
ADGEN_DIFFERENTIABLE double f(double x) {
  // ERROR@+1:13: lambdas are not supported in differentiable functions
  auto sq = [](double v) { return v * v; };
  return sq(x);
}
