// A marked member function: make it a free function that takes the object's values as parameters.
#include <adgen/adgen.h>
struct Model {
  double k = 1;
  // ERROR@+1:31: member functions cannot be marked differentiable yet; make
  ADGEN_DIFFERENTIABLE double energy(double x) const { return x * k; }
};
