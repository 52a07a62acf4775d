// Found by the random-program tester (test/fuzz/fuzz.py, program 173 of the
// generator of the day) and reduced automatically. It failed with:
//   warning (g++): /tmp/fzs173/b173/batch.grad.h:354:15: warning: unused variable ‘i2’ [-Wunused-variable]
//
// RUN: rm -rf %t && mkdir -p %t
// RUN: %adgen %s -o %t/fuzz-173.grad.h -- -std=c++17
// RUN: %cxx -I%t -I%S/../fuzz %s -o %t/gcc && %t/gcc | FileCheck %s
// RUN: %clangxx -I%t -I%S/../fuzz %s -o %t/clang && %t/clang | FileCheck %s
// CHECK: f173: ok

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

ADGEN_DIFFERENTIABLE double f173(const double* x, const double& a, double b, int n, double* y, double* z) {
  P q1{1.5, 1.5};
  z[1] += 1.5;
  int i2 = 0;
  while (i2 < n) {
    for (int i3 = 0; i3 < i2; ++i3) {
      q1.v += z[i2];
      if (i3 > 1) {
        return x[i2];
      }
    }
    ++i2;
  }
  return 1.5;
}

} // namespace gen

namespace ref {

struct P {
  long double u;
  long double v;
};

long double f173(const long double* x, const long double& a, long double b, int n, long double* y, long double* z) {
  P q1{1.5, 1.5};
  z[1] += 1.5;
  int i2 = 0;
  while (i2 < n) {
    for (int i3 = 0; i3 < i2; ++i3) {
      q1.v += z[i2];
      if (i3 > 1) {
        return x[i2];
      }
    }
    ++i2;
  }
  return 1.5;
}

} // namespace ref
#pragma GCC diagnostic pop

#ifndef ADGEN_TOOL
#include "fuzz-173.grad.h"
#include "harness.h"

static bool check_f173() {
  const double at[14] = {0.365, -1.19, 0.51, 0.438, 0.633, 0.909, 0.805, -0.693, 1.121, -0.861, 0.595, 0.305, -0.936, 0.44};
  const double w[9] = {1.0, 1.341, 0.24, 0.649, -0.814, -1.336, -0.367, 0.473, -0.533};
  const double w2[9] = {-0.826, 0.66, 1.137, 0.348, 0.298, 0.379, 0.348, -0.449, 0.352};
  auto primal = [](const long double *v, long double *o) {
    long double x[4] = {v[0], v[1], v[2], v[3]};
    long double a = v[4];
    long double b = v[5];
    long double y[4] = {v[6], v[7], v[8], v[9]};
    long double z[4] = {v[10], v[11], v[12], v[13]};
    o[0] = ref::f173(x, a, b, 4, y, z);
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
    (void)s;
    double x[4] = {v[0], v[1], v[2], v[3]};
    double a = v[4];
    double b = v[5];
    double y[4] = {v[6], v[7], v[8], v[9]};
    double z[4] = {v[10], v[11], v[12], v[13]};
    double d_x[4] = {};
    double d_a = 0;
    double d_b = 0;
    double d_y[4] = {s[1], s[2], s[3], s[4]};
    double d_z[4] = {s[5], s[6], s[7], s[8]};
    o[0] = gen::f173_grad(x, a, b, 4, y, z, d_x, &d_a, &d_b, d_y, d_z);
    o[1] = y[0];
    o[2] = y[1];
    o[3] = y[2];
    o[4] = y[3];
    o[5] = z[0];
    o[6] = z[1];
    o[7] = z[2];
    o[8] = z[3];
    g[0] = d_x[0];
    g[1] = d_x[1];
    g[2] = d_x[2];
    g[3] = d_x[3];
    g[4] = d_a;
    g[5] = d_b;
    g[6] = d_y[0];
    g[7] = d_y[1];
    g[8] = d_y[2];
    g[9] = d_y[3];
    g[10] = d_z[0];
    g[11] = d_z[1];
    g[12] = d_z[2];
    g[13] = d_z[3];
  };
  auto vjp = [](const double *v, const double *s, double *g) {
    (void)s;
    (void)s;
    double x[4] = {v[0], v[1], v[2], v[3]};
    double a = v[4];
    double b = v[5];
    double y[4] = {v[6], v[7], v[8], v[9]};
    double z[4] = {v[10], v[11], v[12], v[13]};
    double d_x[4] = {};
    double d_a = 0;
    double d_b = 0;
    double d_y[4] = {s[1], s[2], s[3], s[4]};
    double d_z[4] = {s[5], s[6], s[7], s[8]};
    gen::f173_vjp(x, a, b, 4, y, z, s[0], d_x, &d_a, &d_b, d_y, d_z);
    g[0] = d_x[0];
    g[1] = d_x[1];
    g[2] = d_x[2];
    g[3] = d_x[3];
    g[4] = d_a;
    g[5] = d_b;
    g[6] = d_y[0];
    g[7] = d_y[1];
    g[8] = d_y[2];
    g[9] = d_y[3];
    g[10] = d_z[0];
    g[11] = d_z[1];
    g[12] = d_z[2];
    g[13] = d_z[3];
  };
  return fuzz::check("f173", true, at, w, w2, primal, grad, vjp);
}

int main() {
  bool ok = true;
  ok = check_f173() && ok;
  return ok ? 0 : 1;
}
#endif
