// Fused loops: a reduction's reverse runs inside its forward loop, one
// iteration's reverse right after the iteration, when its running adjoints
// are the same in every iteration and known before the loop (see
// lib/Emit/Fusion.cpp). Nothing is stored and nothing recomputed.
//
// RUN: rm -rf %t && mkdir -p %t
// RUN: %adgen %s -o %t/fusion.grad.h -- -std=c++17
// RUN: FileCheck %s < %t/fusion.grad.h
// RUN: %cxx -I%t %s -o %t/gcc && %t/gcc | FileCheck %s --check-prefix=EXEC
// RUN: %clangxx -I%t %s -o %t/clang && %t/clang | FileCheck %s --check-prefix=EXEC

#include <adgen/adgen.h>
#include <cmath>
#include <vector>

#define FUNCTIONS(T, MARK)                                                      \
  MARK T scaled_sum(const T *x, int n, T w) {                                   \
    T s = 0;                                                                    \
    for (int i = 0; i < n; ++i)                                                 \
      s += std::sin(x[i] * w);                                                  \
    T c = std::exp(w);                                                          \
    return c * s;                                                               \
  }                                                                             \
  MARK T squared_sum(const T *x, int n) {                                       \
    T s = 0;                                                                    \
    for (int i = 0; i < n; ++i)                                                 \
      s += x[i];                                                                \
    return s * s;                                                               \
  }                                                                             \
  MARK T quadform(const T *A, const T *x, int n) {                              \
    T s = 0;                                                                    \
    for (int i = 0; i < n; ++i) {                                               \
      T r = 0;                                                                  \
      for (int j = 0; j < n; ++j)                                               \
        r += A[i * n + j] * x[j];                                               \
      s += x[i] * r;                                                            \
    }                                                                           \
    return s;                                                                   \
  }                                                                             \
  MARK T variance(const T *x, int n) {                                          \
    T m = 0;                                                                    \
    for (int i = 0; i < n; ++i)                                                 \
      m += x[i];                                                                \
    m = m / n;                                                                  \
    T v = 0;                                                                    \
    for (int i = 0; i < n; ++i)                                                 \
      v += (x[i] - m) * (x[i] - m);                                             \
    return v / n;                                                               \
  }                                                                             \
  MARK T rnn_readout(const T *x, int n, const T *w, int m) {                    \
    T h = 0;                                                                    \
    for (int t = 0; t < n; ++t) {                                               \
      T acc = 0;                                                                \
      for (int k = 0; k < m; ++k)                                               \
        acc += w[k] * std::tanh(h + k);                                         \
      h = x[t] + T(0.5) * acc;                                                  \
    }                                                                           \
    return h;                                                                   \
  }                                                                             \
  MARK T scratch_norms(const T *x, int n) {                                     \
    T s = 0;                                                                    \
    for (int i = 0; i + 1 < n; ++i) {                                           \
      T d[2];                                                                   \
      d[0] = x[i];                                                              \
      d[1] = x[i + 1] - x[i];                                                   \
      s += std::sqrt(d[0] * d[0] + d[1] * d[1]);                                \
    }                                                                           \
    return s;                                                                   \
  }

FUNCTIONS(double, ADGEN_DIFFERENTIABLE)
FUNCTIONS(float, ADGEN_DIFFERENTIABLE)

// A value computed after the loop that the exit adjoint needs (c) is
// computed before the fused loop; the seed of the running adjoint is const.
// CHECK-LABEL: inline double scaled_sum_grad(const double* x, int n, double w, double* d_x, double* d_w) {
// CHECK-NEXT:    const double c = std::exp(w);
// CHECK-NEXT:    const double d_s = c;
// CHECK-NEXT:    double [[ACC:t[0-9]+]] = 0.0;
// CHECK-NEXT:    double s = 0.0;
// CHECK-NEXT:    int i = 0;
// CHECK-NEXT:    for (;;) {
// CHECK-NOT:     for (
// CHECK:           [[ACC]] +=
// CHECK:         }
// CHECK-NEXT:    const double out = c * s;
// CHECK-NEXT:    if (d_w) *d_w += out + [[ACC]];
// CHECK-NEXT:    return out;

// The vjp's reverse is not skipped for a zero seed: its adjoints are values.
// CHECK-LABEL: inline void scaled_sum_vjp(
// CHECK-NOT:     != 0.0
// CHECK:         }

// s * s: the exit adjoint needs the loop's result, so the reverse is a loop
// of its own after the forward loop.
// CHECK-LABEL: inline double squared_sum_grad(const double* x, int n, double* d_x) {
// CHECK:         for (std::size_t iterations_k = iterations; iterations_k-- > 0;) {

// Both loops fused: the inner reverse runs inside the inner forward loop,
// with d_r = d_s * x[i] computed before it.
// CHECK-LABEL: inline double quadform_grad(const double* A, const double* x, int n, double* d_A, double* d_x) {
// CHECK-NEXT:    const double d_s = 1.0;
// CHECK-NEXT:    double s = 0.0;
// CHECK-NEXT:    int i = 0;
// CHECK-NEXT:    for (;;) {
// CHECK-NEXT:      if (!(i < n)) break;
// CHECK-NEXT:      const double d_r = d_s * x[i];
// CHECK-NEXT:      double r = 0.0;
// CHECK-NEXT:      int j = 0;
// CHECK-NEXT:      for (;;) {
// CHECK-NEXT:        if (!(j < n)) break;
// CHECK-NEXT:        const auto t0 = i * n + j;
// CHECK-NEXT:        const double r_1 = r + A[t0] * x[j];
// CHECK-NEXT:        const auto j_1 = j + 1;
// CHECK-NEXT:        if (d_A) d_A[t0] += d_r * x[j];
// CHECK-NEXT:        if (d_x) d_x[j] += d_r * A[t0];
// CHECK-NEXT:        r = r_1;
// CHECK-NEXT:        j = j_1;
// CHECK-NEXT:      }
// CHECK-NEXT:      const double s_1 = s + x[i] * r;
// CHECK-NEXT:      const auto i_1 = i + 1;
// CHECK-NEXT:      if (d_x) d_x[i] += d_s * r;
// CHECK-NEXT:      s = s_1;
// CHECK-NEXT:      i = i_1;
// CHECK-NEXT:    }
// CHECK-NEXT:    return s;

// The second loop is fused; the first, whose exit adjoint comes from the
// second's reverse (the mean's adjoint), runs its reverse afterwards.
// CHECK-LABEL: inline double variance_grad(const double* x, int n, double* d_x) {
// CHECK-COUNT-2: for (;;) {
// CHECK:         for (std::size_t iterations_k = iterations; iterations_k-- > 0;) {

// Inside a recurrence, the inner reduction (whose exit adjoint is the outer
// running adjoint times 0.5) is fused in the outer reverse body, where the
// outer loop recomputes it.
// CHECK-LABEL: inline double rnn_readout_grad(
// CHECK:         adgen::Tape<double> tape_h;
// CHECK:         for (std::size_t iterations_k = iterations; iterations_k-- > 0;) {
// CHECK-NOT:     iterations_1_k
// CHECK:         return h;

// A scratch array declared in the body belongs to one iteration: fused.
// CHECK-LABEL: inline double scratch_norms_grad(
// CHECK-NOT:     iterations_k
// CHECK:         double d_d[2] = {};
// CHECK:         return s;

#ifndef ADGEN_TOOL
#include "fusion.grad.h"
#include "oracle.h"

#include <cstdio>

using LongDouble = long double;
FUNCTIONS(LongDouble, )

template <class T> void checks() {
  oracle::check<T, 4>(
      "scaled_sum", [](auto v) { return scaled_sum(v.data(), 3, v[3]); },
      [](const T *x, T *d) { return scaled_sum_grad(x, 3, x[3], d, &d[3]); },
      [](const T *x, T s, T *d) { scaled_sum_vjp(x, 3, x[3], s, d, &d[3]); },
      {T(0.5), T(-1), T(2), T(0.7)});
  oracle::check<T, 3>(
      "squared_sum", [](auto v) { return squared_sum(v.data(), 3); },
      [](const T *x, T *d) { return squared_sum_grad(x, 3, d); },
      [](const T *x, T s, T *d) { squared_sum_vjp(x, 3, s, d); }, {T(0.5), T(-1), T(2)});
  oracle::check<T, 12>(
      "quadform", [](auto v) { return quadform(v.data(), &v[9], 3); },
      [](const T *x, T *d) { return quadform_grad(x, &x[9], 3, d, &d[9]); },
      [](const T *x, T s, T *d) { quadform_vjp(x, &x[9], 3, s, d, &d[9]); },
      {T(1), T(0.5), T(-0.25), T(2), T(0.7), T(-1.2), T(0.3), T(0.1), T(1.5), T(0.4), T(-0.6),
       T(0.9)});
  oracle::check<T, 4>(
      "variance", [](auto v) { return variance(v.data(), 4); },
      [](const T *x, T *d) { return variance_grad(x, 4, d); },
      [](const T *x, T s, T *d) { variance_vjp(x, 4, s, d); }, {T(0.5), T(-1), T(2), T(0.25)});
  oracle::check<T, 6>(
      "rnn_readout", [](auto v) { return rnn_readout(v.data(), 3, &v[3], 3); },
      [](const T *x, T *d) { return rnn_readout_grad(x, 3, &x[3], 3, d, &d[3]); },
      [](const T *x, T s, T *d) { rnn_readout_vjp(x, 3, &x[3], 3, s, d, &d[3]); },
      {T(0.5), T(-1), T(0.2), T(0.3), T(-0.4), T(0.6)});
  oracle::check<T, 4>(
      "scratch_norms", [](auto v) { return scratch_norms(v.data(), 4); },
      [](const T *x, T *d) { return scratch_norms_grad(x, 4, d); },
      [](const T *x, T s, T *d) { scratch_norms_vjp(x, 4, s, d); },
      {T(0.5), T(-1), T(2), T(0.25)});
}

int main() {
  checks<double>();
  checks<float>();
  // A zero seed multiplies: the vjp's reverse runs, as PyTorch's would.
  double x[2] = {0.5, 1.0}, d[2] = {0, 0}, dw = 0;
  scaled_sum_vjp(x, 2, 0.3, 0.0, d, &dw);
  std::printf("zero seed: %g %g %g\n", d[0], d[1], dw);
}
#endif

// EXEC-COUNT-12: ok
// EXEC-NOT: MISMATCH
// EXEC: zero seed: 0 0 0
