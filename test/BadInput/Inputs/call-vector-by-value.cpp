// A local std::vector passed by value to a helper: take it by const reference.
#include <adgen/adgen.h>
#include <vector>
inline double first(std::vector<double> v) { return v[0]; }
ADGEN_DIFFERENTIABLE double f(double x) {
  std::vector<double> a(2, 1.0);
  // ERROR@+1:16: pass a local array by reference here ('const std::vector<double>&'
  return first(a) * x;
}
