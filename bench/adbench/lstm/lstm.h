// LSTM loss of ADBench (see lstm_objective.inc for the definition and the
// quirks followed), instantiated for double (the one adgen differentiates)
// and long double (finite differences in the checks).
#ifndef ADGEN_BENCH_ADBENCH_LSTM_H
#define ADGEN_BENCH_ADBENCH_LSTM_H

#include <adgen/adgen.h>

#include <cmath>
#include <vector>

namespace adb {
namespace lstm_double {
using Real = double;
#define ADGEN_BENCH_MARK ADGEN_DIFFERENTIABLE
#include "lstm_objective.inc"
#undef ADGEN_BENCH_MARK
} // namespace lstm_double

#ifndef ADGEN_TOOL
namespace lstm_long_double {
using Real = long double;
#define ADGEN_BENCH_MARK
#include "lstm_objective.inc"
#undef ADGEN_BENCH_MARK
} // namespace lstm_long_double
#endif

} // namespace adb

#endif
