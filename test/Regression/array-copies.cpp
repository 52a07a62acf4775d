// A std::array initialised as a copy (`std::array<double, 2> b = a;`,
// `b(p)`, `auto c = b`, `d{c}`) of a local std::array or a std::array
// parameter. adgen used to drop the copy silently (b uninitialised: wrong
// value, zero gradient; found by a helper writing the bad-input corpus); it
// now copies element by element. Checked against central differences in
// long double.
//
// RUN: rm -rf %t && mkdir -p %t
// RUN: %adgen %s -o %t/array-copies.grad.h -- -std=c++17
// RUN: %cxx -I%t %s -o %t/gcc && %t/gcc | FileCheck %s
// RUN: %clangxx -I%t %s -o %t/clang && %t/clang | FileCheck %s

#include <adgen/adgen.h>
#include <array>
#include <cmath>

#define FUNCTIONS(T, MARK)                                                      \
  MARK T copy_local(const T *x) {                                               \
    std::array<T, 2> a = {x[0], 3 * x[1]};                                      \
    std::array<T, 2> b = a;                                                     \
    a[0] = 7; /* the copy keeps its own values */                               \
    return b[0] * b[1] + a[0] * x[0];                                           \
  }                                                                             \
  MARK T copy_param(const std::array<T, 2> &p) {                                \
    std::array<T, 2> b(p);                                                      \
    auto c = b;                                                                 \
    std::array<T, 2> d{c};                                                      \
    d[1] *= d[0];                                                               \
    return d[0] + std::sin(d[1]) + b[1];                                        \
  }

FUNCTIONS(double, ADGEN_DIFFERENTIABLE)
FUNCTIONS(float, ADGEN_DIFFERENTIABLE)

#ifndef ADGEN_TOOL
#include "array-copies.grad.h"
#include "inout.h"

using LongDouble = long double;
FUNCTIONS(LongDouble, )

using inout::check;

template <class T> void checks() {
  const std::vector<T> none{};
  INOUT_SCALAR(copy_local, (x), (x, s, dx), {T(0.5), T(-1.2)});
  check<T>(
      "copy_param", {T(0.5), T(-1.2)}, none, none, T(0.6),
      [](const LongDouble *x, LongDouble *) {
        return copy_param(std::array<LongDouble, 2>{x[0], x[1]});
      },
      [](const T *x, T *, T s, T *dx, T *) {
        std::array<T, 2> p{x[0], x[1]}, dp{};
        copy_param_vjp(p, s, &dp);
        dx[0] += dp[0];
        dx[1] += dp[1];
      });
}

int main() {
  checks<double>();
  checks<float>();
}
#endif

// CHECK-COUNT-4: ok
// CHECK-NOT: MISMATCH
