// Calls to the user's own functions with visible bodies (inlined: the
// gradient sees through them), pointer arithmetic (p + k, &a[i * d], local
// pointers into parameters), helpers with loops, branches and early returns,
// calls with integral results and to ADGEN_NO_GRAD functions (evaluated as in
// the primal, no derivative), and a Gaussian-mixture log-likelihood written
// the way such code is written: a logsumexp helper over pointer rows.
//
// RUN: rm -rf %t && mkdir -p %t
// RUN: %adgen %s -o %t/calls.grad.h -- -std=c++17
// RUN: FileCheck %s < %t/calls.grad.h
// RUN: %cxx -I%t %s -o %t/gcc && %t/gcc | FileCheck %s --check-prefix=EXEC
// RUN: %clangxx -I%t %s -o %t/clang && %t/clang | FileCheck %s --check-prefix=EXEC

#include <adgen/adgen.h>
#include <cmath>

#define FUNCTIONS(T, MARK)                                                      \
  inline T sq(T v) { return v * v; }                                            \
  inline T softabs(T v) {                                                       \
    if (v > 1)                                                                  \
      return v;                                                                 \
    if (v < -1)                                                                 \
      return -v;                                                                \
    return T(0.5) * (v * v + 1);                                                \
  }                                                                             \
  inline T logsumexp(const T *x, int n) {                                       \
    T mx = x[0];                                                                \
    for (int i = 1; i < n; ++i)                                                 \
      mx = std::fmax(mx, x[i]);                                                 \
    T s = 0;                                                                    \
    for (int i = 0; i < n; ++i)                                                 \
      s += std::exp(x[i] - mx);                                                 \
    return std::log(s) + mx;                                                    \
  }                                                                             \
  inline T sqdist(const T *a, const T *b, int d) {                              \
    T s = 0;                                                                    \
    for (int j = 0; j < d; ++j)                                                 \
      s += sq(a[j] - b[j]);                                                     \
    return s;                                                                   \
  }                                                                             \
  MARK T helpers(T x, T y) { return sq(softabs(x) - y) + softabs(sq(y) - 2); }  \
  MARK T lse(const T *x, int n) { return logsumexp(x + 1, n - 1) - x[0]; }      \
  MARK T rows(const T *m, int r, int c) {                                       \
    T s = 0;                                                                    \
    for (int i = 0; i < r; ++i) {                                               \
      const T *row = &m[i * c];                                                 \
      s += sqdist(row, m, c) * T(i + 1);                                        \
    }                                                                           \
    return s;                                                                   \
  }                                                                             \
  /* log p(x) of a mixture of k isotropic Gaussians in d dimensions, summed */  \
  /* over n points: log sum_c exp(alpha_c - lse(alpha) - |x - mu_c|^2 / 2). */  \
  inline T component(const T *alpha, const T *mu, const T *x, int d, int c) {  \
    return alpha[c] - T(0.5) * sqdist(x, mu + c * d, d);                        \
  }                                                                             \
  MARK T gmm(const T *alpha, const T *mu, const T *x, int n, int d, int k) {    \
    T total = 0;                                                                \
    for (int i = 0; i < n; ++i) {                                               \
      const T *xi = x + i * d;                                                  \
      T mx = component(alpha, mu, xi, d, 0);                                    \
      for (int c = 1; c < k; ++c)                                               \
        mx = std::fmax(mx, component(alpha, mu, xi, d, c));                     \
      T s = 0;                                                                  \
      for (int c = 0; c < k; ++c)                                               \
        s += std::exp(component(alpha, mu, xi, d, c) - mx);                     \
      total += std::log(s) + mx;                                                \
    }                                                                           \
    return total - n * logsumexp(alpha, k);                                     \
  }

int count_positive(double a, double b) { return (a > 0) + (b > 0); }
ADGEN_NO_GRAD double noisy_scale(double v) { return std::floor(v * 4) / 4; }
// An integral result and a no-grad function are constants for the gradient.
ADGEN_DIFFERENTIABLE double constants(double x, double y) {
  int k = count_positive(x, y);
  return x * y * k + y * noisy_scale(x);
}

FUNCTIONS(double, ADGEN_DIFFERENTIABLE)
FUNCTIONS(float, ADGEN_DIFFERENTIABLE)

// The generated code calls count_positive and noisy_scale as the primal does.
// CHECK-LABEL: inline double constants_grad(double x, double y, double* d_x, double* d_y) {
// CHECK:         ::count_positive(x, y)
// CHECK:         ::noisy_scale(x)

// Helpers are inlined: no call, their locals under their own names.
// CHECK-LABEL: inline double lse_grad(const double* x, int n, double* d_x) {
// CHECK-NOT:     logsumexp(
// CHECK:         double mx = x[1];
// CHECK:         return

#ifndef ADGEN_TOOL
#include "calls.grad.h"
#include "oracle.h"

#include <cstdio>

using LongDouble = long double;
FUNCTIONS(LongDouble, )
long double constants(long double x, long double y) {
  int k = count_positive(double(x), double(y));
  return x * y * k + y * noisy_scale(double(x));
}

template <class T> const T points[6] = {T(0.5), T(-0.2), T(1.2), T(0.8), T(-0.7), T(0.1)};

template <class T> void checks() {
  ORACLE_CHECK2(T, helpers, 0.5, 2.0);
  ORACLE_CHECK2(T, helpers, 1.5, -0.5);
  ORACLE_CHECK2(T, helpers, -1.5, 1.2);
  oracle::check<T, 5>(
      "lse", [](auto v) { return lse(v.data(), 5); },
      [](const T *x, T *d) { return lse_grad(x, 5, d); },
      [](const T *x, T s, T *d) { lse_vjp(x, 5, s, d); },
      {T(0.5), T(-1), T(2), T(0.25), T(1.5)});
  oracle::check<T, 6>(
      "rows", [](auto v) { return rows(v.data(), 3, 2); },
      [](const T *x, T *d) { return rows_grad(x, 3, 2, d); },
      [](const T *x, T s, T *d) { rows_vjp(x, 3, 2, s, d); },
      {T(0.5), T(-1), T(2), T(0.25), T(1.5), T(-0.5)});
  // n = 3 points, d = 2, k = 2: alpha (2) and mu (4) active, the points constant.
  oracle::check<T, 6>(
      "gmm",
      [](auto v) {
        LongDouble xl[6];
        for (int i = 0; i < 6; ++i)
          xl[i] = static_cast<LongDouble>(points<T>[i]);
        return gmm(v.data(), &v[2], xl, 3, 2, 2);
      },
      [](const T *p, T *d) {
        T dx[6] = {};
        return gmm_grad(p, &p[2], points<T>, 3, 2, 2, d, &d[2], dx);
      },
      [](const T *p, T s, T *d) {
        T dx[6] = {};
        gmm_vjp(p, &p[2], points<T>, 3, 2, 2, s, d, &d[2], dx);
      },
      {T(0.3), T(-0.4), T(0.1), T(0.2), T(0.9), T(-0.3)});
}

int main() {
  checks<double>();
  checks<float>();
  ORACLE_CHECK2(double, constants, 1.3, -0.6);
}
#endif

// EXEC-COUNT-13: ok
// EXEC-NOT: MISMATCH
