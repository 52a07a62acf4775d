// Found by the random-program tester (test/fuzz/fuzz.py, program 141 of the
// generator of the day) and reduced automatically. It failed with:
//   warning (g++): /tmp/fzs141/b141/batch.grad.h:108:18: warning: unused variable ‘t8’ [-Wunused-variable]
//
// RUN: rm -rf %t && mkdir -p %t
// RUN: %adgen %s -o %t/fuzz-141.grad.h -- -std=c++17
// RUN: %cxx -I%t -I%S/../fuzz %s -o %t/gcc && %t/gcc | FileCheck %s
// RUN: %clangxx -I%t -I%S/../fuzz %s -o %t/clang && %t/clang | FileCheck %s
// CHECK: f141: ok

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

ADGEN_DIFFERENTIABLE double f141(double a, const double* x, int n, const double& b, double* y, double* z) {
  int k2 = 0;
  for (int j3 = 0; j3 < k2; ++j3) {
    z[(k2 + 1) % n] += 0.5;
  }
  return 1.5;
}

} // namespace gen

namespace ref {

struct P {
  long double u;
  long double v;
};

long double f141(long double a, const long double* x, int n, const long double& b, long double* y, long double* z) {
  int k2 = 0;
  for (int j3 = 0; j3 < k2; ++j3) {
    z[(k2 + 1) % n] += 0.5;
  }
  return 1.5;
}

} // namespace ref
#pragma GCC diagnostic pop

#ifndef ADGEN_TOOL
#include "fuzz-141.grad.h"
#include "harness.h"

static bool check_f141() {
  const double at[17] = {1.285, -0.723, -1.297, 0.385, 1.323, 1.03, 0.442, 0.698, 0.731, 1.078, 0.295, -0.429, -0.343, 0.48, 0.581, 0.767, -0.252};
  const double w[11] = {1.0, -0.669, -0.582, 0.385, 1.011, -0.701, -0.425, 1.326, 1.305, -1.128, 1.032};
  const double w2[11] = {-0.269, 0.857, 0.372, -0.715, -0.468, -0.225, 0.804, 0.873, 0.475, -0.782, 0.902};
  auto primal = [](const long double *v, long double *o) {
    long double a = v[0];
    long double x[5] = {v[1], v[2], v[3], v[4], v[5]};
    long double b = v[6];
    long double y[5] = {v[7], v[8], v[9], v[10], v[11]};
    long double z[5] = {v[12], v[13], v[14], v[15], v[16]};
    o[0] = ref::f141(a, x, 5, b, y, z);
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
  auto grad = [](const double *v, const double *s, double *o, double *g) {
    (void)s;
    (void)s;
    double a = v[0];
    double x[5] = {v[1], v[2], v[3], v[4], v[5]};
    double b = v[6];
    double y[5] = {v[7], v[8], v[9], v[10], v[11]};
    double z[5] = {v[12], v[13], v[14], v[15], v[16]};
    double d_a = 0;
    double d_x[5] = {};
    double d_b = 0;
    double d_y[5] = {s[1], s[2], s[3], s[4], s[5]};
    double d_z[5] = {s[6], s[7], s[8], s[9], s[10]};
    o[0] = gen::f141_grad(a, x, 5, b, y, z, &d_a, d_x, &d_b, d_y, d_z);
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
    g[0] = d_a;
    g[1] = d_x[0];
    g[2] = d_x[1];
    g[3] = d_x[2];
    g[4] = d_x[3];
    g[5] = d_x[4];
    g[6] = d_b;
    g[7] = d_y[0];
    g[8] = d_y[1];
    g[9] = d_y[2];
    g[10] = d_y[3];
    g[11] = d_y[4];
    g[12] = d_z[0];
    g[13] = d_z[1];
    g[14] = d_z[2];
    g[15] = d_z[3];
    g[16] = d_z[4];
  };
  auto vjp = [](const double *v, const double *s, double *g) {
    (void)s;
    (void)s;
    double a = v[0];
    double x[5] = {v[1], v[2], v[3], v[4], v[5]};
    double b = v[6];
    double y[5] = {v[7], v[8], v[9], v[10], v[11]};
    double z[5] = {v[12], v[13], v[14], v[15], v[16]};
    double d_a = 0;
    double d_x[5] = {};
    double d_b = 0;
    double d_y[5] = {s[1], s[2], s[3], s[4], s[5]};
    double d_z[5] = {s[6], s[7], s[8], s[9], s[10]};
    gen::f141_vjp(a, x, 5, b, y, z, s[0], &d_a, d_x, &d_b, d_y, d_z);
    g[0] = d_a;
    g[1] = d_x[0];
    g[2] = d_x[1];
    g[3] = d_x[2];
    g[4] = d_x[3];
    g[5] = d_x[4];
    g[6] = d_b;
    g[7] = d_y[0];
    g[8] = d_y[1];
    g[9] = d_y[2];
    g[10] = d_y[3];
    g[11] = d_y[4];
    g[12] = d_z[0];
    g[13] = d_z[1];
    g[14] = d_z[2];
    g[15] = d_z[3];
    g[16] = d_z[4];
  };
  return fuzz::check("f141", true, at, w, w2, primal, grad, vjp);
}

int main() {
  bool ok = true;
  ok = check_f141() && ok;
  return ok ? 0 : 1;
}
#endif
