// Output parameters: a function that writes its results through non-const
// pointers, arrays or references. f_vjp reads the caller's seed for each
// written element from d_out, then clears it (the value out held before the
// call no longer matters), and f_grad also writes the primal outputs. Each
// VJP is checked against central differences of <seed, F(x)> in long double.
//
// RUN: rm -rf %t && mkdir -p %t
// RUN: %adgen %s -o %t/outputs.grad.h -- -std=c++17
// RUN: FileCheck %s < %t/outputs.grad.h
// RUN: %cxx -I%t %s -o %t/gcc && %t/gcc | FileCheck %s --check-prefix=EXEC
// RUN: %clangxx -I%t %s -o %t/clang && %t/clang | FileCheck %s --check-prefix=EXEC

#include <adgen/adgen.h>
#include <cmath>

#define FUNCTIONS(T, MARK)                                                      \
  /* A reprojection-style residual: rotation by a small-angle branch, then */   \
  /* projection, two residuals and a norm through a reference. */              \
  MARK void residual(const T *cam, const T *pt, T *err, T &norm) {              \
    T a = cam[0];                                                               \
    T c, s;                                                                     \
    if (std::fabs(a) < T(1e-4)) {                                               \
      c = 1 - a * a / 2;                                                        \
      s = a;                                                                    \
    } else {                                                                    \
      c = std::cos(a);                                                          \
      s = std::sin(a);                                                          \
    }                                                                           \
    T x = c * pt[0] - s * pt[1] + cam[1];                                       \
    T y = s * pt[0] + c * pt[1] + cam[2];                                       \
    T z = pt[2] + cam[3];                                                       \
    err[0] = x / z - T(0.5);                                                    \
    err[1] = y / z + T(0.25);                                                   \
    norm = std::sqrt(err0sq(x, z) + y * y / (z * z));                           \
  }                                                                             \
  MARK void map_sin(const T *x, T s, int n, T *y) {                             \
    for (int i = 0; i < n; ++i)                                                 \
      y[i] = s * std::sin(x[i]);                                                \
  }                                                                             \
  /* The second write to out[0] wins: the first value gets no gradient. */      \
  MARK T overwrite(T x, T *out) {                                               \
    out[0] = x * x;                                                             \
    out[1] = std::exp(x);                                                       \
    out[0] = T(3) * x;                                                          \
    return x * out1(x);                                                         \
  }                                                                             \
  MARK void branch_out(T x, T *out) {                                           \
    if (x > 0)                                                                  \
      out[0] = x * x;                                                           \
    else                                                                        \
      out[1] = -x;                                                              \
  }

#define HELPERS(T)                                                              \
  inline T err0sq(T x, T z) { return (x / z - T(0.5)) * (x / z - T(0.5)); }     \
  inline T out1(T x) { return std::sin(x); }
HELPERS(double)
HELPERS(float)
FUNCTIONS(double, ADGEN_DIFFERENTIABLE)
FUNCTIONS(float, ADGEN_DIFFERENTIABLE)

// CHECK-LABEL: inline void residual_vjp(const double* cam, const double* pt, double* /*err*/, double& /*norm*/, double* d_cam, double* d_pt, double* d_err, double* d_norm) {
// CHECK:         if (d_norm) *d_norm = 0.0;
// CHECK:         if (d_err) d_err[1] = 0.0;
// CHECK:         if (d_err) d_err[0] = 0.0;

// A loop writing y[i]: the reverse loop reads and clears d_y[i].
// CHECK-LABEL: inline void map_sin_vjp(const double* x, double s, int n, double* /*y*/, double* d_x, double* d_s, double* d_y) {
// CHECK:         const double t0 = d_y ? d_y[i] : 0.0;
// CHECK-NEXT:    if (d_y) d_y[i] = 0.0;

// f_grad writes the outputs as the primal does.
// CHECK-LABEL: inline double overwrite_grad(double x, double* out, double* d_x, double* d_out) {
// CHECK:         out[0] = x * x;
// CHECK:         out[1] = t0;
// CHECK:         out[0] = 3.0 * x;
// The later write is read back; the earlier one, overwritten on every
// path, gets no adjoint code (its seed would be 0).
// CHECK:         const double t2 = d_out ? d_out[0] : 0.0;
// CHECK-NEXT:    if (d_out) d_out[0] = 0.0;
// CHECK-NOT:     d_out[0]
// CHECK:         return

#ifndef ADGEN_TOOL
#include "outputs.grad.h"

#include <array>
#include <cstdio>
#include <vector>

using LongDouble = long double;
HELPERS(LongDouble)
FUNCTIONS(LongDouble, )

// VJP check for F: R^n -> R^m given as fill(x, out): compares vjp(x, seed)
// with central differences of <seed, F(x)>.
template <class T, class Fld, class Vjp>
void check(const char *name, int n, int m, Fld fill_ld, Vjp vjp, std::vector<T> x,
           std::vector<T> seed) {
  std::vector<T> d(n, T(0)), dout(seed);
  vjp(x.data(), dout.data(), d.data());
  bool ok = true;
  for (int k = 0; k < m; ++k)
    ok = ok && dout[k] == T(0); // cleared: written elements only, in these tests all
  for (int i = 0; i < n; ++i) {
    std::vector<LongDouble> up(x.begin(), x.end()), down(x.begin(), x.end()), fu(m), fd(m);
    LongDouble h = 1e-6L * std::fmax(1.0L, std::fabs((LongDouble)x[i]));
    up[i] += h;
    down[i] -= h;
    fill_ld(up.data(), fu.data());
    fill_ld(down.data(), fd.data());
    LongDouble want = 0;
    for (int k = 0; k < m; ++k)
      want += (LongDouble)seed[k] * (fu[k] - fd[k]) / (up[i] - down[i]);
    double tol = sizeof(T) == sizeof(float) ? 2e-4 : 1e-8;
    ok = ok && std::fabs((double)want - (double)d[i]) <= tol * std::fmax(1.0, std::fabs((double)want));
  }
  std::printf("%s: %s\n", name, ok ? "ok" : "MISMATCH");
}

template <class T> void checks() {
  // residual: inputs cam (4) then pt (3); outputs err (2) then norm.
  for (T angle : {T(0.3), T(0.00005)}) {
    check<T>(
        "residual", 7, 3,
        [](const LongDouble *v, LongDouble *o) { residual(v, v + 4, o, o[2]); },
        [](const T *v, T *dout, T *d) {
          T err[2], norm;
          residual_vjp(v, v + 4, err, norm, d, d + 4, dout, dout + 2);
        },
        {angle, T(0.1), T(-0.2), T(4.0), T(1.0), T(2.0), T(0.5)}, {T(0.7), T(-1.3), T(0.4)});
  }
  check<T>(
      "map_sin", 4, 3, [](const LongDouble *v, LongDouble *o) { map_sin(v, v[3], 3, o); },
      [](const T *v, T *dout, T *d) {
        T y[3];
        map_sin_vjp(v, v[3], 3, y, d, d + 3, dout);
      },
      {T(0.5), T(-1), T(2), T(1.5)}, {T(0.7), T(-1.3), T(0.4)});
  check<T>(
      "overwrite", 1, 3,
      [](const LongDouble *v, LongDouble *o) { o[2] = overwrite(v[0], o); },
      [](const T *v, T *dout, T *d) {
        T out[2];
        overwrite_vjp(v[0], out, dout[2], d, dout);
        dout[2] = 0; // the return value's seed is a parameter, not cleared
      },
      {T(0.6)}, {T(0.7), T(-1.3), T(0.4)});
  for (T x : {T(0.5), T(-0.5)}) {
    check<T>(
        "branch_out", 1, 2,
        [](const LongDouble *v, LongDouble *o) {
          o[0] = o[1] = 0;
          branch_out(v[0], o);
        },
        [](const T *v, T *dout, T *d) {
          T out[2];
          branch_out_vjp(v[0], out, d, dout);
          // only the written element is cleared; clear the other to compare
          dout[0] = dout[1] = 0;
        },
        {x}, {T(0.7), T(-1.3)});
  }
}

int main() {
  checks<double>();
  checks<float>();
  // f_grad writes the primal outputs and returns the value.
  double out[2] = {0, 0}, d = 0, dout[2] = {0, 0};
  double v = overwrite_grad(0.6, out, &d, dout);
  std::printf("overwrite_grad: value %.6f out [%.6f, %.6f]\n", v, out[0], out[1]);
  // A null output adjoint: its seed is 0 (and nothing is cleared).
  double dx = 0;
  double err[2], norm;
  const double cam[4] = {0.3, 0.1, -0.2, 4.0}, pt[3] = {1.0, 2.0, 0.5};
  double dn = 1.0;
  residual_vjp(cam, pt, err, norm, nullptr, nullptr, nullptr, &dn);
  (void)dx;
  std::printf("null adjoints: ok\n");
}
#endif

// EXEC-COUNT-10: ok
// EXEC-NOT: MISMATCH
// EXEC: overwrite_grad: value 0.338785 out [1.800000, 1.822119]
