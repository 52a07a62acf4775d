// Regression test (found writing the recursion tests; the comment below
// describes the bug as it was).
//
// RUN: rm -rf %t && mkdir -p %t
// RUN: %adgen %s -o %t/vjp-recording-loop-in-if.grad.h -- -std=c++17
// RUN: FileCheck %s --check-prefix=GEN < %t/vjp-recording-loop-in-if.grad.h
// RUN: %cxx -I%t %s -o %t/gcc && %t/gcc | FileCheck %s
// RUN: %clangxx -I%t %s -o %t/clang && %t/clang | FileCheck %s
//
// Fixed in 97f323e: the vjp of a function whose only forward work is a loop
// over a local array inside an `if` popped empty tapes. The loops record
// what their reverse needs (the iteration counts, t[i] read back from the
// array), so they must run forward; but the vjp does not return the value,
// and the forward `if` holding them was dropped as if it only computed the
// (unused) result s:
//
//   inline void f_vjp(const double* a, int n, double d_ret, double* d_a) {
//     adgen::Tape<std::size_t> tape_iterations; ...
//     if (n > 2) {                     // the reverse only
//       const std::size_t iterations_1 = tape_iterations_1.pop();   // empty
//
// f_grad returns s, so its forward if was printed and it was right.
//
// Fixed in 211d0bd: with the array declared before the if (`before`), the
// forward if was printed but not the declaration it writes into:
// "'t' was not declared in this scope" in f_vjp.
//
// Both paths of each if are checked, for double and float, against the
// oracle; `data_dependent` has a data-dependent condition and trip count,
// `both` a recording loop on each side of an if/else.
#include <adgen/adgen.h>
#include <cmath>

#define FUNCTIONS(T, MARK)                                                      \
  MARK T recorded(const T *a, int n) {                                          \
    T s = 0;                                                                    \
    if (n > 2) {                                                                \
      T t[4];                                                                   \
      for (int i = 0; i < 4; ++i)                                               \
        t[i] = a[i] * a[i];                                                     \
      for (int i = 0; i < 4; ++i)                                               \
        s += t[i] * a[i];                                                       \
    }                                                                           \
    return s;                                                                   \
  }                                                                             \
  MARK T data_dependent(const T *a, int n) {                                    \
    T s = 0;                                                                    \
    if (a[0] > 0) {                                                             \
      T t[8];                                                                   \
      for (int i = 0; i < n; ++i)                                               \
        t[i] = std::sin(a[i]) * a[0];                                           \
      for (int i = n - 1; i >= 0; --i)                                          \
        s += t[i] * t[i];                                                       \
    }                                                                           \
    return s;                                                                   \
  }                                                                             \
  MARK T before(const T *a, T c) {                                              \
    T s = 0;                                                                    \
    T t[3];                                                                     \
    if (c > 0) {                                                                \
      for (int i = 0; i < 3; ++i)                                               \
        t[i] = c * a[i];                                                        \
      for (int i = 0; i < 3; ++i)                                               \
        s += t[i] * t[i];                                                       \
    }                                                                           \
    return s;                                                                   \
  }                                                                             \
  MARK T both(const T *a, T c) {                                                \
    T s = 0;                                                                    \
    if (c > 0) {                                                                \
      T t[3];                                                                   \
      for (int i = 0; i < 3; ++i)                                               \
        t[i] = c * a[i];                                                        \
      for (int i = 0; i < 3; ++i)                                               \
        s += std::exp(t[i]);                                                    \
    } else {                                                                    \
      T t[3];                                                                   \
      for (int i = 0; i < 3; ++i)                                               \
        t[i] = a[i] - c;                                                        \
      for (int i = 0; i < 3; ++i)                                               \
        s += t[i] * t[(i + 1) % 3];                                             \
    }                                                                           \
    return s;                                                                   \
  }

FUNCTIONS(double, ADGEN_DIFFERENTIABLE)
FUNCTIONS(float, ADGEN_DIFFERENTIABLE)

// The vjp runs the forward if that fills the tapes before the reverse pops.
// GEN-LABEL: inline void recorded_vjp(const double* a, int n, double d_ret, double* d_a) {
// GEN:         if (n > 2) {
// GEN:           tape_{{t[0-9]+}}.push(
// GEN:         if (n > 2) {
// GEN:           const std::size_t iterations_1 = 4;
// GEN:           = tape_{{t[0-9]+}}.pop();
// GEN-LABEL: inline void before_vjp(const double* a, double c, double d_ret, double* d_a, double* d_c) {
// GEN:         double t[3];
// GEN:         if (c > 0.0) {
// GEN:           t[i] = c * a[i];

#ifndef ADGEN_TOOL
#include "vjp-recording-loop-in-if.grad.h"
#include "oracle.h"

#include <cstdio>

using LongDouble = long double;
FUNCTIONS(LongDouble, )

template <class T> void checks() {
  // n > 2 (the loops run) and n <= 2 (value and gradient 0).
  for (int n : {3, 2})
    oracle::check<T, 4>("recorded", [n](auto v) { return recorded(v.data(), n); },
                        [n](const T *x, T *d) { return recorded_grad(x, n, d); },
                        [n](const T *x, T s, T *d) { recorded_vjp(x, n, s, d); },
                        {T(0.7), T(-1.2), T(0.4), T(1.5)});
  for (T a0 : {T(0.8), T(-0.8)})
    for (int n : {1, 5})
      oracle::check<T, 6>("data_dependent", [n](auto v) { return data_dependent(v.data(), n); },
                          [n](const T *x, T *d) { return data_dependent_grad(x, n, d); },
                          [n](const T *x, T s, T *d) { data_dependent_vjp(x, n, s, d); },
                          {a0, T(0.3), T(-1.1), T(0.9), T(0.2), T(-0.5)});
  for (T c : {T(0.6), T(-0.4)})
    oracle::check<T, 4>("before", [](auto v) { return before(v.data(), v[3]); },
                        [](const T *x, T *d) { return before_grad(x, x[3], d, d + 3); },
                        [](const T *x, T s, T *d) { before_vjp(x, x[3], s, d, d + 3); },
                        {T(0.5), T(-0.2), T(0.9), c});
  for (T c : {T(0.6), T(-0.4)})
    oracle::check<T, 4>("both", [](auto v) { return both(v.data(), v[3]); },
                        [](const T *x, T *d) { return both_grad(x, x[3], d, d + 3); },
                        [](const T *x, T s, T *d) { both_vjp(x, x[3], s, d, d + 3); },
                        {T(0.5), T(-0.2), T(0.9), c});
}

int main() {
  std::printf("double\n");
  checks<double>();
  std::printf("float\n");
  checks<float>();
}
#endif

// CHECK-LABEL: double
// CHECK-NEXT: recorded(0.7, -1.2, 0.4, 1.5): value 2.054 grad {{.*}} ok
// CHECK-NEXT: recorded(0.7, -1.2, 0.4, 1.5): value 0 grad [0, 0, 0, 0] ok
// CHECK-COUNT-4: data_dependent({{.*}} ok
// CHECK-COUNT-2: before({{.*}} ok
// CHECK-COUNT-2: both({{.*}} ok
// CHECK-LABEL: float
// CHECK-NEXT: recorded(0.7, -1.2, 0.4, 1.5): value 2.054 grad {{.*}} ok
// CHECK-NEXT: recorded(0.7, -1.2, 0.4, 1.5): value 0 grad [0, 0, 0, 0] ok
// CHECK-COUNT-4: data_dependent({{.*}} ok
// CHECK-COUNT-2: before({{.*}} ok
// CHECK-COUNT-2: both({{.*}} ok
// CHECK-NOT: MISMATCH
