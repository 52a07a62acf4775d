// Loops inside loops, done the way a hand-written adjoint does them:
// - a nested loop whose trip count its reverse can compute again
//   (`for (j = i + 1; j < d; ++j)`, bounds from outer loop variables and
//   parameters, no array reads) stores no count per outer iteration;
// - an accumulation into an input's adjoint at an element the whole reverse
//   loop shares (d_mu[i] in a loop over j) is summed in a local variable
//   and added once after the loop, with one null test;
// - a vector declared in a loop body, and the tapes of loops in a fused
//   loop's body, are declared once at the top of the function and emptied
//   (assign, clear) in each iteration: no allocation per iteration;
// - a running maximum's loop, which runs for its result, stores its
//   comparisons as bools, not the maximum as a double per iteration.
// Each gradient and VJP is checked against central differences in long
// double (test/support/oracle.h).
//
// RUN: rm -rf %t && mkdir -p %t
// RUN: %adgen %s -o %t/loop-storage.grad.h -- -std=c++17
// RUN: FileCheck %s < %t/loop-storage.grad.h
// RUN: %cxx -I%t %s -o %t/gcc && %t/gcc | FileCheck %s --check-prefix=EXEC
// RUN: %clangxx -I%t %s -o %t/clang && %t/clang | FileCheck %s --check-prefix=EXEC

#include <adgen/adgen.h>
#include <cmath>
#include <vector>

#define FUNCTIONS(T, MARK)                                                      \
  /* sum over points of |L (x_p - mu)|^2, L unit lower triangular (its   */     \
  /* strict part l column by column), through a scratch vector per point. */    \
  MARK T triangular(const T *l, const T *mu, ADGEN_NO_GRAD const T *x, int d,   \
                    int points) {                                               \
    T total = 0;                                                                \
    for (int p = 0; p < points; ++p) {                                          \
      std::vector<T> out(d);                                                    \
      for (int j = 0; j < d; ++j)                                               \
        out[j] = x[p * d + j] - mu[j];                                          \
      for (int i = 0; i < d; ++i)                                               \
        for (int j = i + 1; j < d; ++j)                                         \
          out[j] += l[i * (2 * d - i - 1) / 2 + j - i - 1] *                    \
                    (x[p * d + i] - mu[i]);                                     \
      T m = out[0];                                                             \
      for (int j = 1; j < d; ++j)                                               \
        if (out[j] > m)                                                         \
          m = out[j];                                                           \
      T s = 0;                                                                  \
      for (int j = 0; j < d; ++j)                                               \
        s += std::exp(out[j] - m);                                              \
      total += std::log(s) + m;                                                 \
    }                                                                           \
    return total;                                                               \
  }                                                                             \
  /* Back substitution with an upper triangular a (row-major, d x d). */        \
  MARK T back_substitution(const T *a, const T *b, int d) {                     \
    T sol[4];                                                                   \
    for (int i = d - 1; i >= 0; --i) {                                          \
      T s = b[i];                                                               \
      for (int j = i + 1; j < d; ++j)                                           \
        s -= a[i * d + j] * sol[j];                                             \
      sol[i] = s / a[i * d + i];                                                \
    }                                                                           \
    T r = 0;                                                                    \
    for (int i = 0; i < d; ++i)                                                 \
      r += (i + 1) * sol[i];                                                    \
    return r;                                                                   \
  }                                                                             \
  /* A count that is a carried variable, not the index: stored, then the */     \
  /* nested loop's reverse computes its trip count from it.               */    \
  MARK T carried_bound(const T *x, int n) {                                     \
    T r = x[0];                                                                 \
    int m = 1;                                                                  \
    for (int i = 0; i < n; ++i) {                                               \
      for (int j = 0; j < m; ++j)                                               \
        r = r * std::cos(x[j]) + x[i];                                          \
      m = (m + 2) % 3;                                                          \
    }                                                                           \
    return r;                                                                   \
  }                                                                             \
  MARK T log_sum_exp(const T *x, int n) {                                       \
    T a = x[0];                                                                 \
    for (int i = 1; i < n; ++i)                                                 \
      if (x[i] > a)                                                             \
        a = x[i];                                                               \
    T sum = 0;                                                                  \
    for (int i = 0; i < n; ++i)                                                 \
      sum += std::exp(x[i] - a);                                                \
    return std::log(sum) + a;                                                   \
  }

FUNCTIONS(double, ADGEN_DIFFERENTIABLE)
FUNCTIONS(float, ADGEN_DIFFERENTIABLE)

// CHECK-LABEL: inline double triangular_grad(
// CHECK-NEXT:    std::vector<double> out;
// CHECK:         out.assign(
// CHECK:         const std::size_t [[COUNT:iterations_[0-9]+]] = d > [[FROM:j_[0-9]+]] ? static_cast<std::size_t>(d - [[FROM]]) : 0;
// CHECK-NEXT:    double sum_d_mu = 0.0;
// Nothing passes from one reverse iteration to another (orderFree): the
// reverse walks them in the forward's order.
// CHECK-NEXT:    for (std::size_t [[COUNT]]_k = 0; [[COUNT]]_k < [[COUNT]]; ++[[COUNT]]_k) {
// CHECK:           sum_d_mu += -(
// CHECK-NEXT:    }
// CHECK-NEXT:    if (d_mu) d_mu[i] += sum_d_mu;
// CHECK-LABEL: inline double back_substitution_grad(
// CHECK-NOT:     Tape<std::size_t>
// CHECK:         const std::size_t iterations_{{[0-9]+}} = d > (i + 1) ? static_cast<std::size_t>(d - (i + 1)) : 0;
// CHECK-LABEL: inline double carried_bound_grad(
// CHECK-LABEL: inline double log_sum_exp_grad(
// CHECK-NOT:     Tape<double> tape_a
// CHECK:         adgen::Tape<bool> [[CMP:tape_t[0-9]+]];
// CHECK:         [[CMP]].push(
// Popped values come last first, and the running max's adjoint passes from
// one reverse iteration to the one before: these reverse loops run backwards.
// CHECK:         for (std::size_t iterations_k = iterations; iterations_k-- > 0;) {
// CHECK-NEXT:      const int i = 1 + static_cast<int>(iterations_k);
// CHECK-NEXT:      const bool {{t[0-9]+}} = [[CMP]].pop();
// The running max's adjoint dies at the maximum: the iterations before it
// would add only zeros, and the reverse loop stops there.
// CHECK:           d_a = d_a_1;
// CHECK-NEXT:      if (d_a == 0.0) break;
// CHECK-NEXT:    }

#ifndef ADGEN_TOOL
#include "loop-storage.grad.h"
#include "oracle.h"

using LongDouble = long double;
FUNCTIONS(LongDouble, )

template <class T> void checks() {
  // d = 4: l has 6 values, mu 4; three points of x (data).
  static const T x[12] = {T(0.3), T(-0.7), T(1.1), T(0.2), T(-0.4), T(0.9),
                          T(0.5), T(-1.2), T(0.8), T(0.1), T(-0.6), T(0.4)};
  const std::array<T, 10> lm{T(0.5), T(-0.3), T(0.2), T(0.7), T(-0.1), T(0.4),
                             T(0.1), T(-0.2), T(0.3), T(0.05)};
  oracle::check<T, 10>(
      "triangular",
      [](auto v) {
        long double xl[12];
        for (int i = 0; i < 12; ++i) xl[i] = x[i];
        return triangular(v.data(), v.data() + 6, xl, 4, 3);
      },
      [](const T *v, T *d) { return triangular_grad(v, v + 6, x, 4, 3, d, d + 6); },
      [](const T *v, T s, T *d) { triangular_vjp(v, v + 6, x, 4, 3, s, d, d + 6); }, lm);
  // a: upper triangular 4 x 4 (the lower part is read by nothing), then b.
  const std::array<T, 20> ab{T(2),   T(0.5), T(-0.3), T(0.2), T(0),   T(1.5), T(0.4),
                             T(-0.6), T(0),  T(0),    T(1.8), T(0.7), T(0),   T(0),
                             T(0),   T(2.2), T(1),    T(-2),  T(0.5), T(1.5)};
  oracle::check<T, 20>(
      "back_substitution", [](auto v) { return back_substitution(v.data(), v.data() + 16, 4); },
      [](const T *v, T *d) { return back_substitution_grad(v, v + 16, 4, d, d + 16); },
      [](const T *v, T s, T *d) { back_substitution_vjp(v, v + 16, 4, s, d, d + 16); }, ab);
  const std::array<T, 5> xs{T(0.3), T(-0.5), T(0.8), T(0.2), T(0.6)};
  oracle::check<T, 5>(
      "carried_bound", [](auto v) { return carried_bound(v.data(), 5); },
      [](const T *v, T *d) { return carried_bound_grad(v, 5, d); },
      [](const T *v, T s, T *d) { carried_bound_vjp(v, 5, s, d); }, xs);
  oracle::check<T, 5>(
      "log_sum_exp", [](auto v) { return log_sum_exp(v.data(), 5); },
      [](const T *v, T *d) { return log_sum_exp_grad(v, 5, d); },
      [](const T *v, T s, T *d) { log_sum_exp_vjp(v, 5, s, d); }, xs);
}

int main() {
  checks<double>();
  checks<float>();
}
#endif

// EXEC-COUNT-8: ok
// EXEC-NOT: MISMATCH
