// GradBench `lse`: the objective for double (differentiated by adgen) and for
// long double (the finite-difference oracle). See lse_objective.inc for the
// definition and ../gradbench/PROTOCOL.md for the eval.
//
// ADOL-C: after <adolc/adouble.h>, instantiate the same body with
//   namespace adb::lse_adolc { using Real = adouble; using std::exp; using std::log;
//   #define ADGEN_BENCH_MARK
//   #include "lse/lse_objective.inc"
//   #undef ADGEN_BENCH_MARK
//   }
#ifndef ADB_LSE_LSE_H
#define ADB_LSE_LSE_H

#include <adgen/adgen.h>
#include <cstdint>
#include <random>
#include <vector>
#include <cmath>

namespace adb::lse_double {
using Real = double;
using std::exp;
using std::log;
#define ADGEN_BENCH_MARK ADGEN_DIFFERENTIABLE
#include "lse/lse_objective.inc"
#undef ADGEN_BENCH_MARK
} // namespace adb::lse_double

namespace adb::lse_long_double {
using Real = long double;
using std::exp; // the long double overloads, not ::exp(double)
using std::log;
#define ADGEN_BENCH_MARK
#include "lse/lse_objective.inc"
#undef ADGEN_BENCH_MARK
} // namespace adb::lse_long_double

namespace adb {

// Deterministic input of any size for GradBench `lse`: n values uniform in
// [0, 1) as GradBench draws them (np.random.rand), from std::mt19937_64 and a
// fixed seed. `spread` scales them (lse is shift-invariant, so a large spread
// exercises the max shift). The 53-bit conversion is spelled out because
// std::uniform_real_distribution differs between standard libraries.
inline std::vector<double> make_lse_input(int n, double spread = 1.0,
                                          std::uint64_t seed = 31337) {
  std::mt19937_64 rng(seed);
  std::vector<double> x(n);
  for (double& v : x)
    v = spread * (static_cast<double>(rng() >> 11) * 0x1.0p-53);
  return x;
}

} // namespace adb

#endif
