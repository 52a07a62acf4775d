// std::vector<T> and std::array<T, N> parameters: read like pointers
// (v[i], v.size(), v.data(), passed on to helpers by reference), written
// when they are non-const references (outputs), and also through a helper's
// output pointer (&z[1]). Their adjoints are pointers to the same type:
// `std::vector<double>* d_x`, accumulated as (*d_x)[i].
//
// RUN: rm -rf %t && mkdir -p %t
// RUN: %adgen %s -o %t/containers.grad.h -- -std=c++17
// RUN: FileCheck %s < %t/containers.grad.h
// RUN: %cxx -I%t %s -o %t/gcc && %t/gcc | FileCheck %s --check-prefix=EXEC
// RUN: %clangxx -I%t %s -o %t/clang && %t/clang | FileCheck %s --check-prefix=EXEC

#include <adgen/adgen.h>
#include <array>
#include <cmath>
#include <vector>

#define FUNCTIONS(T, MARK)                                                      \
  inline T norm2(const std::vector<T> &v) {                                     \
    T s = 0;                                                                    \
    for (std::size_t i = 0; i < v.size(); ++i)                                  \
      s += v[i] * v[i];                                                         \
    return s;                                                                   \
  }                                                                             \
  MARK T vec_energy(const std::vector<T> &x, const std::array<T, 3> &w) {       \
    T s = norm2(x);                                                             \
    for (int k = 0; k < 3; ++k)                                                 \
      s += w[k] * x[k] * x[k + 1];                                              \
    return std::sqrt(s);                                                        \
  }                                                                             \
  inline T first_diff(int n, const T *a) {                                      \
    T s = 0;                                                                    \
    for (int i = 1; i < n; ++i)                                                 \
      s += (a[i] - a[i - 1]) * (a[i] - a[i - 1]);                               \
    return s;                                                                   \
  }                                                                             \
  MARK T smoothness(std::vector<T> const &x, T lambda) {                        \
    std::vector<T> y(x.size());                                                 \
    for (std::size_t i = 0; i < x.size(); ++i)                                  \
      y[i] = std::tanh(x[i] * lambda);                                          \
    return first_diff(static_cast<int>(x.size()), y.data()) +                  \
           lambda * first_diff(static_cast<int>(x.size()), x.data());          \
  }                                                                             \
  inline void scale(int n, const T *a, T c, T *out) {                           \
    for (int i = 0; i < n; ++i)                                                 \
      out[i] = c * a[i];                                                        \
  }                                                                             \
  MARK void spread(const std::vector<T> &x, T c, std::vector<T> &y, T *z) {     \
    for (std::size_t i = 0; i < x.size(); ++i)                                  \
      y[i] = std::sin(x[i]) * c;                                                \
    scale(2, x.data(), c * c, &z[1]);                                           \
  }

FUNCTIONS(double, ADGEN_DIFFERENTIABLE)
FUNCTIONS(float, ADGEN_DIFFERENTIABLE)

// CHECK-LABEL: inline double vec_energy_grad(const std::vector<double>& x, const std::array<double, 3>& w, std::vector<double>* d_x, std::array<double, 3>* d_w) {
// CHECK:         if (d_x) (*d_x)[t{{[0-9]+}}] += t{{[0-9]+}} * w[t{{[0-9]+}}];
// CHECK-LABEL: inline void spread_vjp(const std::vector<double>& x, double c, std::vector<double>& /*y*/, double* /*z*/, std::vector<double>* d_x, double* d_c, std::vector<double>* d_y, double* d_z) {
// CHECK:         if (d_y) (*d_y)[i] = 0.0;

#ifndef ADGEN_TOOL
#include "containers.grad.h"
#include "oracle.h"

#include <cstdio>

using LongDouble = long double;
FUNCTIONS(LongDouble, )

template <class T> std::vector<T> vec(const T *p, int n) { return std::vector<T>(p, p + n); }

template <class T> void checks() {
  oracle::check<T, 7>(
      "vec_energy",
      [](auto v) {
        using U = typename decltype(v)::value_type;
        return vec_energy(vec<U>(v.data(), 4), std::array<U, 3>{v[4], v[5], v[6]});
      },
      [](const T *p, T *d) {
        std::vector<T> x = vec(p, 4), dx(4);
        std::array<T, 3> w{p[4], p[5], p[6]}, dw{};
        T r = vec_energy_grad(x, w, &dx, &dw);
        for (int i = 0; i < 4; ++i) d[i] += dx[i];
        for (int i = 0; i < 3; ++i) d[4 + i] += dw[i];
        return r;
      },
      [](const T *p, T s, T *d) {
        std::vector<T> x = vec(p, 4), dx(4);
        std::array<T, 3> w{p[4], p[5], p[6]}, dw{};
        vec_energy_vjp(x, w, s, &dx, &dw);
        for (int i = 0; i < 4; ++i) d[i] += dx[i];
        for (int i = 0; i < 3; ++i) d[4 + i] += dw[i];
      },
      {T(0.5), T(-1), T(0.7), T(1.2), T(0.3), T(0.2), T(-0.4)});
  oracle::check<T, 5>(
      "smoothness",
      [](auto v) {
        using U = typename decltype(v)::value_type;
        return smoothness(vec<U>(v.data(), 4), v[4]);
      },
      [](const T *p, T *d) {
        std::vector<T> x = vec(p, 4), dx(4);
        T r = smoothness_grad(x, p[4], &dx, &d[4]);
        for (int i = 0; i < 4; ++i) d[i] += dx[i];
        return r;
      },
      [](const T *p, T s, T *d) {
        std::vector<T> x = vec(p, 4), dx(4);
        smoothness_vjp(x, p[4], s, &dx, &d[4]);
        for (int i = 0; i < 4; ++i) d[i] += dx[i];
      },
      {T(0.5), T(-1), T(0.7), T(1.2), T(0.8)});
  // spread writes y[i] = c sin(x_i) and z[1 + i] = c^2 x_i (i < 2): with
  // every output seeded 1, d_x[i] = c cos(x_i) (+ c^2 for i < 2) and d_c =
  // sum sin(x_i) + 2 c (x_0 + x_1), derived by hand.
  {
    std::vector<T> x{T(0.3), T(-0.6), T(1.1)}, y(3), dx(3), dy(3, T(1));
    T z[3] = {}, dz[3] = {T(1), T(1), T(1)}, c = T(0.7), dc = 0;
    spread_vjp(x, c, y, z, &dx, &dc, &dy, dz);
    bool ok = dy[0] == 0 && dz[1] == 0 && dz[2] == 0 && dz[0] == 1;
    long double want_c = 2.0L * c * (x[0] + x[1]);
    for (int i = 0; i < 3; ++i) {
      long double want = c * std::cos((long double)x[i]) + (i < 2 ? (long double)c * c : 0.0L);
      ok = ok && oracle::close(want, dx[i], oracle::tolerance<T>());
      want_c += std::sin((long double)x[i]);
    }
    ok = ok && oracle::close(want_c, dc, oracle::tolerance<T>());
    std::printf("spread<%s>: %s\n", sizeof(T) == 4 ? "float" : "double", ok ? "ok" : "MISMATCH");
  }
}

int main() {
  checks<double>();
  checks<float>();
}
#endif
// EXEC-NOT: MISMATCH
// EXEC: vec_energy{{.*}} ok
// EXEC: smoothness{{.*}} ok
// EXEC: spread<double>: ok
// EXEC: spread<float>: ok
