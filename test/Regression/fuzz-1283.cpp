// Found by the random-program tester (test/fuzz/fuzz.py, program 1283 of the
// generator of the day) and reduced automatically. It failed with:
//   warning (g++): /tmp/fzt1283/b1283/batch.grad.h:624:10: warning: variable ‘t1_8’ set but not used [-Wunused-but-set-variable]
//
// RUN: rm -rf %t && mkdir -p %t
// RUN: %adgen %s -o %t/fuzz-1283.grad.h -- -std=c++17
// RUN: %cxx -I%t -I%S/../fuzz %s -o %t/gcc && %t/gcc | FileCheck %s
// RUN: %clangxx -I%t -I%S/../fuzz %s -o %t/clang && %t/clang | FileCheck %s
// CHECK: f1283: ok

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

ADGEN_DIFFERENTIABLE double f1283(const double& a, const double* x, int n, double* y, double* z) {
  double t1 = 0.9;
  for (int j6 = 0; j6 < n; ++j6) {
    for (int j7 = 0; j7 < j6; ++j7) {
      y[j7] = t1;
    }
    t1 = 1.5;
    z[(j6 + 1) % n] *= 0.5;
  }
  return 1.5;
}

} // namespace gen

namespace ref {

struct P {
  long double u;
  long double v;
};

long double f1283(const long double& a, const long double* x, int n, long double* y, long double* z) {
  long double t1 = 0.9;
  for (int j6 = 0; j6 < n; ++j6) {
    for (int j7 = 0; j7 < j6; ++j7) {
      y[j7] = t1;
    }
    t1 = 1.5;
    z[(j6 + 1) % n] *= 0.5;
  }
  return 1.5;
}

} // namespace ref
#pragma GCC diagnostic pop

#ifndef ADGEN_TOOL
#include "fuzz-1283.grad.h"
#include "harness.h"

static bool check_f1283() {
  const double at[13] = {0.324, -0.472, 0.695, 1.289, 1.156, -1.273, -0.503, -0.63, 1.334, 0.935, 1.306, 0.478, 1.061};
  const double w[9] = {1.0, 1.257, 0.278, 0.875, -1.134, 1.079, 0.667, -0.523, 0.947};
  const double w2[9] = {0.673, 0.44, -0.847, 0.546, -1.325, -0.525, 0.799, -0.72, 0.961};
  auto primal = [](const long double *v, long double *o) {
    long double a = v[0];
    long double x[4] = {v[1], v[2], v[3], v[4]};
    long double y[4] = {v[5], v[6], v[7], v[8]};
    long double z[4] = {v[9], v[10], v[11], v[12]};
    o[0] = ref::f1283(a, x, 4, y, z);
    o[1] = y[0];
    o[2] = y[1];
    o[3] = y[2];
    o[4] = y[3];
    o[5] = z[0];
    o[6] = z[1];
    o[7] = z[2];
    o[8] = z[3];
  };
  auto grad = [](const double *v, const double *s, double *o, double *g) {
    (void)s;
    double a = v[0];
    double x[4] = {v[1], v[2], v[3], v[4]};
    double y[4] = {v[5], v[6], v[7], v[8]};
    double z[4] = {v[9], v[10], v[11], v[12]};
    double d_a = 0;
    double d_x[4] = {};
    double d_y[4] = {s[1], s[2], s[3], s[4]};
    double d_z[4] = {s[5], s[6], s[7], s[8]};
    o[0] = gen::f1283_grad(a, x, 4, y, z, &d_a, d_x, d_y, d_z);
    o[1] = y[0];
    o[2] = y[1];
    o[3] = y[2];
    o[4] = y[3];
    o[5] = z[0];
    o[6] = z[1];
    o[7] = z[2];
    o[8] = z[3];
    g[0] = d_a;
    g[1] = d_x[0];
    g[2] = d_x[1];
    g[3] = d_x[2];
    g[4] = d_x[3];
    g[5] = d_y[0];
    g[6] = d_y[1];
    g[7] = d_y[2];
    g[8] = d_y[3];
    g[9] = d_z[0];
    g[10] = d_z[1];
    g[11] = d_z[2];
    g[12] = d_z[3];
  };
  auto vjp = [](const double *v, const double *s, double *g) {
    (void)s;
    double a = v[0];
    double x[4] = {v[1], v[2], v[3], v[4]};
    double y[4] = {v[5], v[6], v[7], v[8]};
    double z[4] = {v[9], v[10], v[11], v[12]};
    double d_a = 0;
    double d_x[4] = {};
    double d_y[4] = {s[1], s[2], s[3], s[4]};
    double d_z[4] = {s[5], s[6], s[7], s[8]};
    gen::f1283_vjp(a, x, 4, y, z, s[0], &d_a, d_x, d_y, d_z);
    g[0] = d_a;
    g[1] = d_x[0];
    g[2] = d_x[1];
    g[3] = d_x[2];
    g[4] = d_x[3];
    g[5] = d_y[0];
    g[6] = d_y[1];
    g[7] = d_y[2];
    g[8] = d_y[3];
    g[9] = d_z[0];
    g[10] = d_z[1];
    g[11] = d_z[2];
    g[12] = d_z[3];
  };
  return fuzz::check("f1283", true, at, w, w2, primal, grad, vjp);
}

int main() {
  bool ok = true;
  ok = check_f1283() && ok;
  return ok ? 0 : 1;
}
#endif
