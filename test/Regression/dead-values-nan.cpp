// Regression test (found by a helper's adversarial tests; the comment below
// describes the bug as it was).
//
// RUN: rm -rf %t && mkdir -p %t
// RUN: %adgen %s -o %t/dead-values-nan.grad.h -- -std=c++17
// RUN: FileCheck --check-prefix=GEN %s < %t/dead-values-nan.grad.h
// RUN: %cxx -I%t %s -o %t/gcc && %t/gcc | FileCheck %s
// RUN: %clangxx -I%t %s -o %t/clang && %t/clang | FileCheck %s
//
// A value that does not reach the result still got adjoint code, with an
// adjoint that is always 0: 0 times its local derivative is NaN where that
// overflows (exp(1000 x) at x ~ 1), and the NaN landed in d_x. Cases: an
// accumulator beside the returned one (unused_acc), one read only by a
// condition (cond_only), a local array element written and never read
// (dead_store, pushed, branch_store) or read only by a condition
// (loop_scratch), and one overwritten
// before any read (overwritten, loop_overwrite). Expected: the derivative
// of what the result is made of, as a hand-written adjoint gives it.
// Got: d_x = nan (g++ 12, clang++ 16).
#include <adgen/adgen.h>
#include <cmath>
#include <vector>

#define FUNCTIONS(T, MARK)                                                      \
  MARK T unused_acc(const T *x, T p, int n) {                                   \
    T a = 0, b = 0;                                                             \
    for (int i = 0; i < n; ++i) {                                               \
      a += x[i] * p;                                                            \
      b += std::exp(x[i] * 1000);                                               \
    }                                                                           \
    (void)b;                                                                    \
    return a;                                                                   \
  }                                                                             \
  MARK T cond_only(const T *x, T p, int n) {                                    \
    T a = 0, b = 0;                                                             \
    for (int i = 0; i < n; ++i) {                                               \
      a += x[i] * p;                                                            \
      b += std::exp(x[i] * 1000);                                               \
    }                                                                           \
    if (b > 0)                                                                  \
      return a;                                                                 \
    return -a;                                                                  \
  }                                                                             \
  MARK T dead_store(T x) {                                                      \
    T t[2];                                                                     \
    t[0] = x;                                                                   \
    t[1] = std::exp(1000 * x);                                                  \
    return t[0];                                                                \
  }                                                                             \
  MARK T overwritten(T x) {                                                     \
    T t[2];                                                                     \
    t[0] = std::exp(1000 * x);                                                  \
    t[0] = x;                                                                   \
    return t[0] * 2;                                                            \
  }                                                                             \
  MARK T loop_scratch(const T *x, int n) {                                      \
    T t[4];                                                                     \
    T s = 0;                                                                    \
    for (int i = 0; i < n; ++i) {                                               \
      t[i] = std::exp(1000 * x[i]);                                             \
      s += x[i] * x[i];                                                         \
    }                                                                           \
    return t[0] > 0 ? s : -s;                                                   \
  }                                                                             \
  MARK T loop_overwrite(const T *x, int n) {                                    \
    T t[1];                                                                     \
    T s = 0;                                                                    \
    for (int i = 0; i < n; ++i) {                                               \
      t[0] = std::exp(1000 * x[i]);                                             \
      t[0] = x[i];                                                              \
      s += t[0] * t[0];                                                         \
    }                                                                           \
    return s;                                                                   \
  }                                                                             \
  MARK T pushed(T x) {                                                          \
    std::vector<T> v;                                                           \
    v.push_back(std::exp(1000 * x));                                            \
    v.push_back(x);                                                             \
    return v[1] * v[1];                                                         \
  }                                                                             \
  MARK T branch_store(T x, int k) {                                             \
    T t[2] = {0, 0};                                                            \
    if (k > 0)                                                                  \
      t[1] = std::exp(1000 * x);                                                \
    t[0] = x;                                                                   \
    return t[0];                                                                \
  }

FUNCTIONS(double, ADGEN_DIFFERENTIABLE)
FUNCTIONS(float, ADGEN_DIFFERENTIABLE)

// No adjoint for the unused accumulator: its loop is a plain reduction.
// GEN-LABEL: inline double unused_acc_grad(
// GEN-NOT:   d_b
// GEN-NOT:   std::exp
// GEN:       return a;
// The write nothing reads gets no adjoint code (no d_t[1]).
// GEN-LABEL: inline double dead_store_grad(
// GEN-NOT:   d_t[1]
// GEN:       return out;
// GEN-LABEL: inline double overwritten_grad(
// GEN:       t[0] = std::exp(1000.0 * x);
// GEN-NEXT:  t[0] = x;
// GEN-NOT:   std::exp
// GEN:       return

#ifndef ADGEN_TOOL
#include "dead-values-nan.grad.h"
#include "oracle.h"

using LongDouble = long double;
FUNCTIONS(LongDouble, )

template <class T> void checks() {
  // exp(1000 * 0.9) overflows in float and double, not in long double.
  const std::array<T, 4> at{T(0.9), T(-0.5), T(1.0), T(0.3)};
  oracle::check<T, 4>(
      "unused_acc", [](auto v) { return unused_acc(v.data(), v[3], 3); },
      [](const T *x, T *d) { return unused_acc_grad(x, x[3], 3, d, &d[3]); },
      [](const T *x, T s, T *d) { unused_acc_vjp(x, x[3], 3, s, d, &d[3]); }, at);
  oracle::check<T, 4>(
      "cond_only", [](auto v) { return cond_only(v.data(), v[3], 3); },
      [](const T *x, T *d) { return cond_only_grad(x, x[3], 3, d, &d[3]); },
      [](const T *x, T s, T *d) { cond_only_vjp(x, x[3], 3, s, d, &d[3]); }, at);
  oracle::check<T, 1>(
      "dead_store", [](auto v) { return dead_store(v[0]); },
      [](const T *x, T *d) { return dead_store_grad(x[0], d); },
      [](const T *x, T s, T *d) { dead_store_vjp(x[0], s, d); }, {T(0.9)});
  oracle::check<T, 1>(
      "overwritten", [](auto v) { return overwritten(v[0]); },
      [](const T *x, T *d) { return overwritten_grad(x[0], d); },
      [](const T *x, T s, T *d) { overwritten_vjp(x[0], s, d); }, {T(0.9)});
  oracle::check<T, 4>(
      "loop_scratch", [](auto v) { return loop_scratch(v.data(), 4); },
      [](const T *x, T *d) { return loop_scratch_grad(x, 4, d); },
      [](const T *x, T s, T *d) { loop_scratch_vjp(x, 4, s, d); }, at);
  oracle::check<T, 4>(
      "loop_overwrite", [](auto v) { return loop_overwrite(v.data(), 4); },
      [](const T *x, T *d) { return loop_overwrite_grad(x, 4, d); },
      [](const T *x, T s, T *d) { loop_overwrite_vjp(x, 4, s, d); }, at);
  oracle::check<T, 1>(
      "pushed", [](auto v) { return pushed(v[0]); },
      [](const T *x, T *d) { return pushed_grad(x[0], d); },
      [](const T *x, T s, T *d) { pushed_vjp(x[0], s, d); }, {T(0.9)});
  for (int k : {0, 1})
    oracle::check<T, 1>(
        "branch_store", [k](auto v) { return branch_store(v[0], k); },
        [k](const T *x, T *d) { return branch_store_grad(x[0], k, d); },
        [k](const T *x, T s, T *d) { branch_store_vjp(x[0], k, s, d); }, {T(0.9)});
}

int main() {
  checks<double>();
  checks<float>();
}
#endif

// CHECK-COUNT-18: ok
// CHECK-NOT: MISMATCH
