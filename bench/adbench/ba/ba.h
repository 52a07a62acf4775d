// BA residuals of ADBench (see ba_objective.inc for the definition and the
// quirks followed), instantiated for double (the one adgen differentiates)
// and long double (finite differences in the checks).
#ifndef ADGEN_BENCH_ADBENCH_BA_H
#define ADGEN_BENCH_ADBENCH_BA_H

#include <adgen/adgen.h>

#include <cmath>

namespace adb {
namespace ba_double {
using Real = double;
#define ADGEN_BENCH_MARK ADGEN_DIFFERENTIABLE ADGEN_MULTI_SEED
#include "ba_objective.inc"
#undef ADGEN_BENCH_MARK
} // namespace ba_double

#ifndef ADGEN_TOOL
namespace ba_long_double {
using Real = long double;
#define ADGEN_BENCH_MARK
#include "ba_objective.inc"
#undef ADGEN_BENCH_MARK
} // namespace ba_long_double
#endif

} // namespace adb

#endif
