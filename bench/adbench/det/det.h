// GradBench `det`: the objective for double (differentiated by adgen) and for
// long double (the finite-difference oracle). See det_objective.inc for the
// definition and ../gradbench/PROTOCOL.md for the eval.
//
// ADOL-C: after <adolc/adouble.h>, instantiate the same body with
//   namespace adb::det_adolc { using Real = adouble;
//   #define ADGEN_BENCH_MARK
//   #include "det/det_objective.inc"
//   #undef ADGEN_BENCH_MARK
//   }
#ifndef ADB_DET_DET_H
#define ADB_DET_DET_H

#include <adgen/adgen.h>
#include <cstdint>
#include <random>
#include <vector>

namespace adb::det_double {
using Real = double;
#define ADGEN_BENCH_MARK ADGEN_DIFFERENTIABLE
#include "det/det_objective.inc"
#undef ADGEN_BENCH_MARK
} // namespace adb::det_double

namespace adb::det_long_double {
using Real = long double;
#define ADGEN_BENCH_MARK
#include "det/det_objective.inc"
#undef ADGEN_BENCH_MARK
} // namespace adb::det_long_double

namespace adb {

// Deterministic input of any size for GradBench `det`: an ell x ell matrix,
// row-major, entries uniform in [0, 1) as GradBench draws them
// (np.random.rand), from std::mt19937_64 and a fixed seed. The 53-bit
// conversion is spelled out because std::uniform_real_distribution differs
// between standard libraries.
inline std::vector<double> make_det_input(int ell, std::uint64_t seed = 31337) {
  std::mt19937_64 rng(seed);
  std::vector<double> a(static_cast<size_t>(ell) * ell);
  for (double& v : a)
    v = static_cast<double>(rng() >> 11) * 0x1.0p-53;
  return a;
}

} // namespace adb

#endif
