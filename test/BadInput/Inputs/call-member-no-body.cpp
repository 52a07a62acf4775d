// Calls a member function that is declared but not defined: define it in a header the file includes.
#include <adgen/adgen.h>
struct Scaler {
  double k;
  double apply(double x) const;
};
ADGEN_DIFFERENTIABLE double f(double x) {
  Scaler s{2.0};
  // ERROR@+1:10: 'Scaler::apply' has no body adgen can see; define it in
  return s.apply(x);
}
