// A variable-length array (a GNU extension): use std::vector<double> a(n).
#include <adgen/adgen.h>
ADGEN_DIFFERENTIABLE double f(double x, int n) {
  // ERROR@+1:3: variable-length arrays are not supported; use 'std::vector<double> a(n)'
  double a[n];
  a[0] = x;
  return a[0];
}
