// A marked static member function: make it a free function.
#include <adgen/adgen.h>
struct Model {
  // ERROR@+1:3: only functions at namespace scope can be marked differentiable;
  ADGEN_DIFFERENTIABLE static double energy(double x) { return x * x; }
};
