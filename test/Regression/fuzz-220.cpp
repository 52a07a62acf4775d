// Found by the random-program tester (test/fuzz/fuzz.py, program 220 of the
// generator of the day) and reduced automatically. It failed with:
//   compile-error (g++): /tmp/fzs220/b220/batch.grad.h:163:29: error: ‘t1_3’ was not declared in this scope; did you mean ‘t1_2’?
//
// RUN: rm -rf %t && mkdir -p %t
// RUN: %adgen %s -o %t/fuzz-220.grad.h -- -std=c++17
// RUN: %cxx -I%t -I%S/../fuzz %s -o %t/gcc && %t/gcc | FileCheck %s
// RUN: %clangxx -I%t -I%S/../fuzz %s -o %t/clang && %t/clang | FileCheck %s
// CHECK: f220: ok

#include <adgen/adgen.h>
#include <cmath>

#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wunused-variable"
#pragma GCC diagnostic ignored "-Wunused-parameter"
#pragma GCC diagnostic ignored "-Wunused-but-set-variable"

namespace gen {

struct P {
  double u;
  double v;
};

ADGEN_DIFFERENTIABLE void f220(const double* x, const P& p, int n, double b, const double& a, double* y, double* z) {
  double t1 = 1.5;
  double a6[5] = {x[3], 1.5, 1.5, 1.5, 0.5};
  t1 = a6[0];
  for (int i8 = 0; i8 < n; ++i8) {
    y[i8] = std::tanh(t1);
  }
}

} // namespace gen

namespace ref {

struct P {
  long double u;
  long double v;
};

void f220(const long double* x, const P& p, int n, long double b, const long double& a, long double* y, long double* z) {
  long double t1 = 1.5;
  long double a6[5] = {x[3], 1.5, 1.5, 1.5, 0.5};
  t1 = a6[0];
  for (int i8 = 0; i8 < n; ++i8) {
    y[i8] = std::tanh(t1);
  }
}

} // namespace ref
#pragma GCC diagnostic pop

#ifndef ADGEN_TOOL
#include "fuzz-220.grad.h"
#include "harness.h"

static bool check_f220() {
  const double at[19] = {1.095, 1.041, 1.073, -0.213, 0.573, -0.973, -0.313, 1.037, 0.504, 0.969, -0.694, -1.073, -1.38, -1.123, -0.752, -0.81, -0.753, 0.911, -1.016};
  const double w[11] = {1.0, 0.819, 0.934, 0.636, 0.445, 0.482, 1.178, 1.365, 0.261, -0.93, 0.464};
  const double w2[11] = {1.284, -0.985, -0.614, -1.035, -0.68, 0.651, 0.506, 1.257, 0.583, 1.19, 0.9};
  auto primal = [](const long double *v, long double *o) {
    long double x[5] = {v[0], v[1], v[2], v[3], v[4]};
    ref::P p{v[5], v[6]};
    long double b = v[7];
    long double a = v[8];
    long double y[5] = {v[9], v[10], v[11], v[12], v[13]};
    long double z[5] = {v[14], v[15], v[16], v[17], v[18]};
    ref::f220(x, p, 5, b, a, y, z);
    o[0] = 0;
    o[1] = y[0];
    o[2] = y[1];
    o[3] = y[2];
    o[4] = y[3];
    o[5] = y[4];
    o[6] = z[0];
    o[7] = z[1];
    o[8] = z[2];
    o[9] = z[3];
    o[10] = z[4];
  };
  auto grad = [](const double *, const double *, double *, double *) {};
  auto vjp = [](const double *v, const double *s, double *g) {
    (void)s;
    (void)s;
    double x[5] = {v[0], v[1], v[2], v[3], v[4]};
    gen::P p{v[5], v[6]};
    double b = v[7];
    double a = v[8];
    double y[5] = {v[9], v[10], v[11], v[12], v[13]};
    double z[5] = {v[14], v[15], v[16], v[17], v[18]};
    double d_x[5] = {};
    gen::P d_p{};
    double d_b = 0;
    double d_a = 0;
    double d_y[5] = {s[1], s[2], s[3], s[4], s[5]};
    double d_z[5] = {s[6], s[7], s[8], s[9], s[10]};
    gen::f220_vjp(x, p, 5, b, a, y, z, d_x, &d_p, &d_b, &d_a, d_y, d_z);
    g[0] = d_x[0];
    g[1] = d_x[1];
    g[2] = d_x[2];
    g[3] = d_x[3];
    g[4] = d_x[4];
    g[5] = d_p.u; g[6] = d_p.v;
    g[7] = d_b;
    g[8] = d_a;
    g[9] = d_y[0];
    g[10] = d_y[1];
    g[11] = d_y[2];
    g[12] = d_y[3];
    g[13] = d_y[4];
    g[14] = d_z[0];
    g[15] = d_z[1];
    g[16] = d_z[2];
    g[17] = d_z[3];
    g[18] = d_z[4];
  };
  return fuzz::check("f220", false, at, w, w2, primal, grad, vjp);
}

int main() {
  bool ok = true;
  ok = check_f220() && ok;
  return ok ? 0 : 1;
}
#endif
