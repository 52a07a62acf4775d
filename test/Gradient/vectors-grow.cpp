// Local std::vectors that change size: declared empty, push_back and
// emplace_back (also under a branch, so the size depends on the data),
// resize (up and down, with a fill value), assign(n, value), clear, reserve,
// size(), empty(), back() and front(), and a helper appending through a
// reference. The adjoint vector d_v grows on demand in the reverse sweep
// (adgen::detail::grown), and a resize's reverse discards the adjoints of
// the elements it dropped or created.
//
// RUN: rm -rf %t && mkdir -p %t
// RUN: %adgen %s -o %t/vectors-grow.grad.h -- -std=c++17
// RUN: FileCheck %s < %t/vectors-grow.grad.h
// RUN: %cxx -I%t %s -o %t/gcc && %t/gcc | FileCheck %s --check-prefix=EXEC
// RUN: %clangxx -I%t %s -o %t/clang && %t/clang | FileCheck %s --check-prefix=EXEC

#include <adgen/adgen.h>
#include <cmath>
#include <vector>

#define FUNCTIONS(T, MARK)                                                      \
  /* keep the positive inputs, transformed; sum of squares plus the last */    \
  MARK T collect(const T *x, int n) {                                           \
    std::vector<T> v;                                                           \
    v.reserve(n);                                                               \
    for (int i = 0; i < n; ++i)                                                 \
      if (x[i] > 0)                                                             \
        v.push_back(std::sin(x[i]) * x[i]);                                     \
    T s = 0;                                                                    \
    for (std::size_t k = 0; k < v.size(); ++k)                                  \
      s += v[k] * v[k];                                                         \
    return v.empty() ? T(0) : s + v.back() * v.front();                         \
  }                                                                             \
  MARK T resized(const T *x, int n) {                                           \
    std::vector<T> v(2, T(1));                                                  \
    v.resize(n);                                                                \
    for (int i = 0; i < n; ++i)                                                 \
      v[i] += x[i];                                                             \
    v.resize(n - 1);                                                            \
    v.emplace_back(T(3));                                                       \
    T s = 0;                                                                    \
    for (int i = 0; i < n; ++i)                                                 \
      s += v[i] * v[i] * x[i];                                                  \
    v.assign(3, T(0.5));                                                        \
    return s + v[1];                                                            \
  }                                                                             \
  inline void append_scaled(const T *x, int n, T k, std::vector<T> &out) {      \
    for (int i = 0; i < n; ++i)                                                 \
      out.push_back(k * x[i]);                                                  \
  }                                                                             \
  /* a polyline built from two point lists, then its length */                 \
  MARK T polyline(const T *a, const T *b, int n, T k) {                         \
    std::vector<T> ys;                                                          \
    append_scaled(a, n, k, ys);                                                 \
    append_scaled(b, n, T(1) / k, ys);                                          \
    T len = 0;                                                                  \
    for (std::size_t i = 1; i < ys.size(); ++i)                                 \
      len += std::sqrt(T(1) + (ys[i] - ys[i - 1]) * (ys[i] - ys[i - 1]));       \
    return len;                                                                 \
  }                                                                             \
  /* a scratch vector reused: cleared and refilled in every outer step */      \
  MARK T reused(const T *x, int n, int steps) {                                 \
    std::vector<T> w;                                                           \
    T acc = 0;                                                                  \
    for (int s = 0; s < steps; ++s) {                                           \
      w.clear();                                                                \
      for (int i = 0; i < n; ++i)                                               \
        w.push_back(std::exp(x[i] * (s + 1) * T(0.1)));                         \
      T z = 0;                                                                  \
      for (int i = 0; i < n; ++i)                                               \
        z += w[i];                                                              \
      acc += std::log(z);                                                       \
    }                                                                           \
    return acc + static_cast<T>(w.size());                                      \
  }

FUNCTIONS(double, ADGEN_DIFFERENTIABLE)
FUNCTIONS(float, ADGEN_DIFFERENTIABLE)

// CHECK-LABEL: inline double collect_grad(const double* x, int n, double* d_x) {
// CHECK:         std::vector<double> v;
// CHECK:           v.resize([[GROWN:t[0-9]+]]);
// CHECK:         std::vector<double> d_v;
// CHECK:           adgen::detail::grown(d_v, v_size) = 0.0;
// CHECK-NEXT:      adgen::detail::discard_adjoints(d_v, v_size, [[GROWN2:t[0-9]+]]);

#ifndef ADGEN_TOOL
#include "vectors-grow.grad.h"
#include "oracle.h"

#include <cstdio>

using LongDouble = long double;
FUNCTIONS(LongDouble, )

template <class T> void checks() {
  oracle::check<T, 5>(
      "collect", [](auto v) { return collect(v.data(), 5); },
      [](const T *x, T *d) { return collect_grad(x, 5, d); },
      [](const T *x, T s, T *d) { collect_vjp(x, 5, s, d); },
      {T(0.5), T(-1), T(2), T(0.3), T(-0.2)});
  // No positive input: the vector stays empty, the gradient is 0.
  oracle::check<T, 2>(
      "collect", [](auto v) { return collect(v.data(), 2); },
      [](const T *x, T *d) { return collect_grad(x, 2, d); },
      [](const T *x, T s, T *d) { collect_vjp(x, 2, s, d); }, {T(-0.5), T(-1)});
  oracle::check<T, 4>(
      "resized", [](auto v) { return resized(v.data(), 4); },
      [](const T *x, T *d) { return resized_grad(x, 4, d); },
      [](const T *x, T s, T *d) { resized_vjp(x, 4, s, d); },
      {T(0.5), T(-0.7), T(2), T(0.3)});
  oracle::check<T, 7>(
      "polyline", [](auto v) { return polyline(&v[0], &v[3], 3, v[6]); },
      [](const T *x, T *d) { return polyline_grad(&x[0], &x[3], 3, x[6], &d[0], &d[3], &d[6]); },
      [](const T *x, T s, T *d) { polyline_vjp(&x[0], &x[3], 3, x[6], s, &d[0], &d[3], &d[6]); },
      {T(0.1), T(0.4), T(-0.3), T(1.2), T(0.8), T(1.5), T(1.3)});
  oracle::check<T, 3>(
      "reused", [](auto v) { return reused(v.data(), 3, 4); },
      [](const T *x, T *d) { return reused_grad(x, 3, 4, d); },
      [](const T *x, T s, T *d) { reused_vjp(x, 3, 4, s, d); }, {T(0.2), T(-0.5), T(1.1)});
}

int main() {
  checks<double>();
  checks<float>();
}
#endif
// EXEC-NOT: MISMATCH
// EXEC: collect(0.5, -1, 2, 0.3, -0.2): {{.*}} ok
// EXEC: collect(-0.5, -1): value 0 grad [0, 0] ok
// EXEC: resized({{.*}} ok
// EXEC: polyline({{.*}} ok
// EXEC: reused({{.*}} ok
// EXEC: collect(0.5, -1, 2, 0.3, -0.2): {{.*}} ok
// EXEC: collect(-0.5, -1): value 0 grad [0, 0] ok
// EXEC: resized({{.*}} ok
// EXEC: polyline({{.*}} ok
// EXEC: reused({{.*}} ok
