// GMM objective of ADBench (see gmm_objective.inc for the definition and the
// quirks followed), instantiated for double (the one adgen differentiates)
// and long double (finite differences in the checks).
#ifndef ADGEN_BENCH_ADBENCH_GMM_H
#define ADGEN_BENCH_ADBENCH_GMM_H

#include <adgen/adgen.h>

#include <cmath>
#include <vector>

namespace adb {
namespace gmm_double {
using Real = double;
#define ADGEN_BENCH_MARK ADGEN_DIFFERENTIABLE
#include "gmm_objective.inc"
#undef ADGEN_BENCH_MARK
} // namespace gmm_double

#ifndef ADGEN_TOOL
namespace gmm_long_double {
using Real = long double;
#define ADGEN_BENCH_MARK
#include "gmm_objective.inc"
#undef ADGEN_BENCH_MARK
} // namespace gmm_long_double
#endif

// The terms gmm_objective leaves out: -n*d/2*log(2*pi) + k*C, with ADBench's
// Wishart normaliser C = n'*d*(log(gamma) - log(2)/2) - log Gamma_d(n'/2),
// n' = d + m + 1. Added to gmm_objective it gives the full log-likelihood
// with the prior's sign of the adbench README.
inline double gmm_constant(int d, int k, int n, double wishart_gamma, int wishart_m) {
  const double pi = 3.14159265358979323846;
  const double nu = d + wishart_m + 1;
  double log_gamma_d = 0.25 * d * (d - 1) * std::log(pi);
  for (int j = 1; j <= d; ++j)
    log_gamma_d += std::lgamma(0.5 * nu + 0.5 * (1 - j));
  const double C = nu * d * (std::log(wishart_gamma) - 0.5 * std::log(2.0)) - log_gamma_d;
  return -0.5 * n * d * std::log(2 * pi) + k * C;
}

} // namespace adb

#endif
