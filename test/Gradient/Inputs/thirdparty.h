// A header the user cannot edit (included with -isystem in the test).
#pragma once
#include <cmath>
namespace thirdparty {
inline double helper(double v) { return std::sqrt(1 + v * v); }
inline double energy(const double *q, int n, double stiffness) {
  double e = 0;
  for (int i = 0; i + 1 < n; ++i)
    e += stiffness * helper(q[i + 1] - q[i]);
  return e;
}
} // namespace thirdparty
