// Constants from the library: std::numeric_limits<T>::infinity(), max(),
// epsilon() and HUGE_VAL are their values (a minimum that starts at
// infinity, as k-means does). They were refused, with the error located
// inside libstdc++ (found by the bad-input corpus). Checked against central
// differences in long double.
//
// RUN: rm -rf %t && mkdir -p %t
// RUN: %adgen %s -o %t/library-constants.grad.h -- -std=c++17
// RUN: FileCheck %s --check-prefix=GEN < %t/library-constants.grad.h
// RUN: %cxx -I%t %s -o %t/gcc && %t/gcc | FileCheck %s
// RUN: %clangxx -I%t %s -o %t/clang && %t/clang | FileCheck %s

#include <adgen/adgen.h>
#include <cmath>
#include <limits>

#define FUNCTIONS(T, MARK)                                                      \
  MARK T nearest(const T *x, int n, T c) {                                      \
    T best = std::numeric_limits<T>::infinity();                                \
    for (int i = 0; i < n; ++i) {                                               \
      T d = (x[i] - c) * (x[i] - c);                                            \
      if (d < best)                                                             \
        best = d;                                                               \
    }                                                                           \
    return best + std::numeric_limits<T>::epsilon() * c;                        \
  }                                                                             \
  MARK T clipped(T x) {                                                         \
    T cap = x > 10 ? T(HUGE_VAL) : std::numeric_limits<T>::max();               \
    return std::fmin(x * x, cap);                                               \
  }

FUNCTIONS(double, ADGEN_DIFFERENTIABLE)
FUNCTIONS(float, ADGEN_DIFFERENTIABLE)

// GEN-LABEL: inline double nearest_grad(
// GEN:         std::numeric_limits<double>::infinity()

#ifndef ADGEN_TOOL
#include "library-constants.grad.h"
#include "inout.h"

using LongDouble = long double;
FUNCTIONS(LongDouble, )

using inout::check;

template <class T> void checks() {
  const std::vector<T> none{};
  INOUT_SCALAR(nearest, (x, 3, x[3]), (x, 3, x[3], s, dx, dx + 3),
               {T(0.5), T(-1.2), T(2.5), T(0.3)});
  INOUT_SCALAR(clipped, (x[0]), (x[0], s, dx), {T(0.7)});
}

int main() {
  checks<double>();
  checks<float>();
}
#endif

// CHECK-COUNT-4: ok
// CHECK-NOT: MISMATCH
