// ADGEN_MULTI_SEED: f_vjp_multi<K> runs the forward sweep once and the
// reverse sweep for K seeds at once, each adjoint an adgen::Lanes<T, K>
// (lane k for seed k). Like f_grad it writes the outputs and returns the
// value. With unit seeds its lanes are rows of the Jacobian. Each lane is
// checked against central differences of <seed_k, F(x)> in long double, for
// K = 1, 2 and 3, in float and double.
//
// RUN: rm -rf %t && mkdir -p %t
// RUN: %adgen %s -o %t/multi-seed.grad.h -- -std=c++17
// RUN: FileCheck %s < %t/multi-seed.grad.h
// RUN: %cxx -I%t %s -o %t/gcc && %t/gcc | FileCheck %s --check-prefix=EXEC
// RUN: %clangxx -I%t %s -o %t/clang && %t/clang | FileCheck %s --check-prefix=EXEC

#include <adgen/adgen.h>
#include <cmath>
#include <vector>

#define FUNCTIONS(T, MARK)                                                      \
  /* A rotation then a projection: a branch, two residuals. */                  \
  MARK void project(const T *r, const T *p, T *err) {                           \
    T th2 = r[0] * r[0] + r[1] * r[1] + r[2] * r[2];                            \
    T x, y, z;                                                                  \
    if (th2 != T(0)) {                                                          \
      T th = std::sqrt(th2);                                                    \
      T c = std::cos(th), s = std::sin(th);                                     \
      T k = (1 - c) * (r[0] * p[0] + r[1] * p[1] + r[2] * p[2]) / th2;          \
      x = p[0] * c + (r[1] * p[2] - r[2] * p[1]) * s / th + r[0] * k;           \
      y = p[1] * c + (r[2] * p[0] - r[0] * p[2]) * s / th + r[1] * k;           \
      z = p[2] * c + (r[0] * p[1] - r[1] * p[0]) * s / th + r[2] * k;           \
    } else {                                                                    \
      x = p[0] + (r[1] * p[2] - r[2] * p[1]);                                   \
      y = p[1] + (r[2] * p[0] - r[0] * p[2]);                                   \
      z = p[2] + (r[0] * p[1] - r[1] * p[0]);                                   \
    }                                                                           \
    err[0] = x / z;                                                             \
    err[1] = y / z;                                                             \
  }                                                                             \
  /* A loop over a local vector (taped values, a reverse loop), two outputs */  \
  /* and a returned value. */                                                   \
  MARK T horner(const T *c, T x, int n, T *y) {                                 \
    T p = 0, q = 1;                                                             \
    std::vector<T> w(n);                                                        \
    for (int i = 0; i < n; ++i) {                                               \
      w[i] = std::sin(c[i] * x);                                                \
      p = p * x + c[i];                                                         \
      q = q * (1 + w[i] * w[i]);                                                \
    }                                                                           \
    y[0] = p;                                                                   \
    y[1] = q;                                                                   \
    return p * q;                                                               \
  }                                                                             \
  /* The runtime's adjoint helpers (pow, hypot, fmax) on lanes; a vector */     \
  /* parameter. */                                                              \
  MARK T helpers(T b, const std::vector<T> &v) {                                \
    return std::pow(b, T(2.5)) + std::fmax(b, v[0]) + std::hypot(v[1], b) +     \
           std::pow(b, v[2]);                                                   \
  }

FUNCTIONS(double, ADGEN_DIFFERENTIABLE ADGEN_MULTI_SEED)
FUNCTIONS(float, ADGEN_DIFFERENTIABLE ADGEN_MULTI_SEED)

// A template cannot be marked; ADGEN_GRADIENT_MULTI_SEED asks for an
// instantiation's f_vjp_multi (a Ceres-style residual functor's body).
template <class T> void residuals(const T *x, const T *k, T *r) {
  r[0] = k[0] * (x[1] - x[0] * x[0]);
  r[1] = k[1] - x[0];
  r[2] = std::exp(x[0] * x[1]) - k[0];
}
ADGEN_GRADIENT_MULTI_SEED(residuals<double>, x, r); // r: its seeds

// A float value crossing into double: its adjoint is cast lane by lane.
ADGEN_DIFFERENTIABLE ADGEN_MULTI_SEED double mixed(float a, double b) {
  float t = a * a;
  return b * t;
}

// The forward sweep once, then the reverse with K adjoints per value.
// CHECK-LABEL: inline void project_vjp_multi(const double* r, const double* p, double* err, adgen::Lanes<double, K>* d_r, adgen::Lanes<double, K>* d_p, adgen::Lanes<double, K>* d_err) {
// CHECK:         const double c = std::cos(th);
// CHECK:         err[1] = t{{[0-9]+}};
// CHECK-NEXT:    const adgen::Lanes<double, K> t{{[0-9]+}} = d_err ? d_err[1] : 0.0;
// CHECK-NEXT:    if (d_err) d_err[1] = 0.0;
// CHECK-NOT:     std::cos
// CHECK:         if (d_p) d_p[0] +=
// CHECK:       }

// A loop's tapes hold primal values; its running adjoints have lanes.
// CHECK-LABEL: template <int K>
// CHECK-NEXT:  inline double horner_vjp_multi(const double* c, double x, int n, double* y, adgen::Lanes<double, K> d_ret, adgen::Lanes<double, K>* d_c, adgen::Lanes<double, K>* d_x, adgen::Lanes<double, K>* d_y) {
// CHECK:         adgen::Tape<double> tape_p;
// CHECK:         y[1] = q;
// CHECK:         std::vector<adgen::Lanes<double, K>> d_w(t0);
// CHECK-NEXT:    adgen::Lanes<double, K> d_p = d_ret * q + t{{[0-9]+}};
// CHECK:         const double p = tape_p.pop();
// CHECK:         return p * q;

// CHECK-LABEL: inline double helpers_vjp_multi(double b, const std::vector<double>& v, adgen::Lanes<double, K> d_ret, adgen::Lanes<double, K>* d_b, std::vector<adgen::Lanes<double, K>>* d_v) {
// CHECK:         adgen::detail::pow_grad_base(d_ret, b, v[2])

// CHECK-LABEL: inline void residuals_vjp_multi(const double* x, const double* k, double* r, adgen::Lanes<double, K>* d_x, adgen::Lanes<double, K>* d_r) {

// CHECK-LABEL: inline double mixed_vjp_multi(
// CHECK:         adgen::detail::lanes_cast<float>(d_ret * b)

#ifndef ADGEN_TOOL
#include "multi-seed.grad.h"

#include <cstdio>

using LongDouble = long double;
FUNCTIONS(LongDouble, )

// F: R^n -> R^m as fill(x, out) in long double; multi(x, seeds, d, values)
// runs f_vjp_multi<K> with seeds[k * m + j] the seed of output j in lane k
// and leaves lane k of the adjoint of input i in d[k * n + i], and the
// outputs it computed in values. Checks every lane against the central
// differences of <seed_k, F(x)> and the values against F(x).
template <class T, int K, class Fld, class Multi>
void check(const char *name, int n, int m, Fld fill_ld, Multi multi, std::vector<T> x) {
  std::vector<T> seeds(K * m), d(K * n), values(m);
  for (int k = 0; k < K; ++k)
    for (int j = 0; j < m; ++j)
      seeds[k * m + j] = T(0.25) * T(k + 1) - T(0.4) * T(j) + (j == k ? T(1) : T(0));
  multi(x.data(), seeds.data(), d.data(), values.data());
  std::vector<LongDouble> xl(x.begin(), x.end()), f(m);
  fill_ld(xl.data(), f.data());
  const double tol = sizeof(T) == sizeof(float) ? 2e-4 : 1e-8;
  bool ok = true;
  for (int j = 0; j < m; ++j)
    ok = ok && std::fabs((double)f[j] - (double)values[j]) <= tol * std::fmax(1.0, std::fabs((double)f[j]));
  for (int i = 0; i < n; ++i) {
    std::vector<LongDouble> up(xl), down(xl), fu(m), fd(m);
    LongDouble h = 1e-6L * std::fmax(1.0L, std::fabs(xl[i]));
    up[i] += h;
    down[i] -= h;
    fill_ld(up.data(), fu.data());
    fill_ld(down.data(), fd.data());
    for (int k = 0; k < K; ++k) {
      LongDouble want = 0;
      for (int j = 0; j < m; ++j)
        want += (LongDouble)seeds[k * m + j] * (fu[j] - fd[j]) / (up[i] - down[i]);
      ok = ok && std::fabs((double)want - (double)d[k * n + i]) <=
                     tol * std::fmax(1.0, std::fabs((double)want));
    }
  }
  std::printf("%s K=%d %s: %s\n", name, K, sizeof(T) == sizeof(float) ? "float" : "double",
              ok ? "ok" : "MISMATCH");
}

template <class T, int K> using L = adgen::Lanes<T, K>;

// Lanes from seeds[k * m + j] (output j), and back into d[k * n + i].
template <class T, int K> L<T, K> lanes_of(const T *seeds, int m, int j) {
  L<T, K> s;
  for (int k = 0; k < K; ++k)
    s[k] = seeds[k * m + j];
  return s;
}
template <class T, int K> void unpack(const L<T, K> *a, int n, int at, int total, T *d) {
  for (int i = 0; i < n; ++i)
    for (int k = 0; k < K; ++k)
      d[k * total + at + i] = a[i][k];
}

template <class T, int K> void checks() {
  for (T angle : {T(0.3), T(0)}) {
    check<T, K>(
        "project", 6, 2, [](const LongDouble *v, LongDouble *o) { project(v, v + 3, o); },
        [](const T *v, const T *s, T *d, T *values) {
          L<T, K> d_r[3], d_p[3], d_err[2] = {lanes_of<T, K>(s, 2, 0), lanes_of<T, K>(s, 2, 1)};
          project_vjp_multi<K>(v, v + 3, values, d_r, d_p, d_err);
          unpack<T, K>(d_r, 3, 0, 6, d);
          unpack<T, K>(d_p, 3, 3, 6, d);
        },
        {angle, T(0.2) * (angle != 0), T(-0.1) * (angle != 0), T(1.0), T(-2.0), T(5.0)});
  }
  check<T, K>(
      "horner", 4, 3,
      [](const LongDouble *v, LongDouble *o) { o[2] = horner(v, v[3], 3, o); },
      [](const T *v, const T *s, T *d, T *values) {
        L<T, K> d_c[3], d_x, d_y[2] = {lanes_of<T, K>(s, 3, 0), lanes_of<T, K>(s, 3, 1)};
        values[2] = horner_vjp_multi<K>(v, v[3], 3, values, lanes_of<T, K>(s, 3, 2), d_c, &d_x, d_y);
        unpack<T, K>(d_c, 3, 0, 4, d);
        unpack<T, K>(&d_x, 1, 3, 4, d);
      },
      {T(0.5), T(-1), T(2), T(0.7)});
  check<T, K>(
      "helpers", 4, 1,
      [](const LongDouble *v, LongDouble *o) {
        o[0] = helpers(v[0], std::vector<LongDouble>(v + 1, v + 4));
      },
      [](const T *v, const T *s, T *d, T *values) {
        L<T, K> d_b;
        std::vector<L<T, K>> d_v(3);
        values[0] = helpers_vjp_multi<K>(v[0], std::vector<T>(v + 1, v + 4),
                                         lanes_of<T, K>(s, 1, 0), &d_b, &d_v);
        unpack<T, K>(&d_b, 1, 0, 4, d);
        unpack<T, K>(d_v.data(), 3, 1, 4, d);
      },
      {T(1.5), T(0.5), T(-2), T(0.75)});
}

// The Jacobian of the instantiation, three rows at once.
void check_residuals() {
  const double k[2] = {10.0, 1.0};
  check<double, 3>(
      "residuals", 2, 3,
      [&](const LongDouble *v, LongDouble *o) {
        const LongDouble kl[2] = {k[0], k[1]};
        residuals(v, kl, o);
      },
      [&](const double *v, const double *s, double *d, double *values) {
        L<double, 3> d_x[2], d_r[3] = {lanes_of<double, 3>(s, 3, 0), lanes_of<double, 3>(s, 3, 1),
                                       lanes_of<double, 3>(s, 3, 2)};
        residuals_vjp_multi<3>(v, k, values, d_x, d_r);
        unpack<double, 3>(d_x, 2, 0, 2, d);
      },
      {-1.2, 1.0});
}

int main() {
  check_residuals();
  checks<double, 1>();
  checks<double, 2>();
  checks<double, 3>();
  checks<float, 2>();
  checks<float, 3>();
  // mixed: d/da = 2ab, d/db = a^2, per lane.
  adgen::Lanes<float, 2> d_a;
  adgen::Lanes<double, 2> d_b, seed;
  seed[0] = 1;
  seed[1] = -0.5;
  double v = mixed_vjp_multi<2>(1.5f, 2.0, seed, &d_a, &d_b);
  bool ok = v == 4.5 && d_a[0] == 6.0f && d_a[1] == -3.0f && d_b[0] == 2.25 && d_b[1] == -1.125;
  std::printf("mixed: %s\n", ok ? "ok" : "MISMATCH");
}
#endif

// EXEC: residuals K=3 double: ok
// EXEC-COUNT-20: ok
// EXEC-NOT: MISMATCH
// EXEC: mixed: ok
