// GradBench `ode`: the objective for double (differentiated by adgen) and for
// long double (the finite-difference oracle). See ode_objective.inc for the
// definition and PROTOCOL.md (../gradbench) for the eval.
//
// ADOL-C: after <adolc/adouble.h>, instantiate the same body with
//   namespace adb::ode_adolc { using Real = adouble;
//   #define ADGEN_BENCH_MARK
//   #include "ode/ode_objective.inc"
//   #undef ADGEN_BENCH_MARK
//   }
#ifndef ADB_ODE_ODE_H
#define ADB_ODE_ODE_H

#include <adgen/adgen.h>
#include <cstdint>
#include <random>
#include <vector>
#include <cmath>

namespace adb::ode_double {
using Real = double;
#define ADGEN_BENCH_MARK ADGEN_DIFFERENTIABLE
#include "ode/ode_objective.inc"
#undef ADGEN_BENCH_MARK
} // namespace adb::ode_double

namespace adb::ode_long_double {
using Real = long double;
#define ADGEN_BENCH_MARK
#include "ode/ode_objective.inc"
#undef ADGEN_BENCH_MARK
} // namespace adb::ode_long_double

namespace adb {

// A GradBench `ode` input: x (n values) and the number of RK4 steps.
struct OdeInput {
  std::vector<double> x;
  int steps;
};

// Deterministic input of any size: x uniform in [0, 1) as GradBench draws it
// (np.random.rand), from std::mt19937_64 and a fixed seed. The 53-bit
// conversion is spelled out because std::uniform_real_distribution differs
// between standard libraries.
inline OdeInput make_ode_input(int n, int steps, std::uint64_t seed = 31337) {
  std::mt19937_64 rng(seed);
  OdeInput in{std::vector<double>(n), steps};
  for (double& v : in.x)
    v = static_cast<double>(rng() >> 11) * 0x1.0p-53;
  return in;
}

} // namespace adb

#endif
