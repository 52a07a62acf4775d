// Found by the random-program tester (test/fuzz/fuzz.py, program 181 of the
// generator of the day) and reduced automatically. It failed with:
//   compile-error (g++): /tmp/fzr181/b181/batch.grad.h:47:26: error: ‘q5_u’ was not declared in this scope; did you mean ‘q5_v’?
//
// RUN: rm -rf %t && mkdir -p %t
// RUN: %adgen %s -o %t/fuzz-181.grad.h -- -std=c++17
// RUN: %cxx -I%t -I%S/../fuzz %s -o %t/gcc && %t/gcc | FileCheck %s
// RUN: %clangxx -I%t -I%S/../fuzz %s -o %t/clang && %t/clang | FileCheck %s
// CHECK: f181: ok

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

ADGEN_DIFFERENTIABLE double f181(const double* x, int n, double* y, double* z, double& r) {
  z[0] = 3.0;
  P q5{(1.5 * r), 1.5};
  for (int j6 = 0; j6 < n; j6 += 2) {
    double a9[5] = {};
    for (int i10 = 0; i10 < n; ++i10) {
      a9[i10] += (q5.u <= 1.5 ? 1.5 : z[j6]);
    }
  }
  return z[0];
}

} // namespace gen

namespace ref {

struct P {
  long double u;
  long double v;
};

long double f181(const long double* x, int n, long double* y, long double* z, long double& r) {
  z[0] = 3.0;
  P q5{(1.5 * r), 1.5};
  for (int j6 = 0; j6 < n; j6 += 2) {
    long double a9[5] = {};
    for (int i10 = 0; i10 < n; ++i10) {
      a9[i10] += (q5.u <= 1.5 ? 1.5 : z[j6]);
    }
  }
  return z[0];
}

} // namespace ref
#pragma GCC diagnostic pop

#ifndef ADGEN_TOOL
#include "fuzz-181.grad.h"
#include "harness.h"

static bool check_f181() {
  const double at[16] = {0.231, 0.224, 0.555, 1.108, -1.117, 1.029, 0.749, -0.533, 0.985, 0.658, -0.336, 0.485, 1.298, -0.763, -0.585, 0.333};
  const double w[12] = {1.0, 0.89, 1.176, 0.85, -0.396, 0.459, 0.704, -0.704, 0.375, -0.432, 1.005, 1.159};
  const double w2[12] = {0.217, -0.626, 1.231, -1.189, 1.377, 1.129, 0.938, 0.531, -0.913, 0.692, 0.674, -0.97};
  auto primal = [](const long double *v, long double *o) {
    long double x[5] = {v[0], v[1], v[2], v[3], v[4]};
    long double y[5] = {v[5], v[6], v[7], v[8], v[9]};
    long double z[5] = {v[10], v[11], v[12], v[13], v[14]};
    long double r = v[15];
    o[0] = ref::f181(x, 5, y, z, r);
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
    o[11] = r;
  };
  auto grad = [](const double *v, const double *s, double *o, double *g) {
    double x[5] = {v[0], v[1], v[2], v[3], v[4]};
    double y[5] = {v[5], v[6], v[7], v[8], v[9]};
    double z[5] = {v[10], v[11], v[12], v[13], v[14]};
    double r = v[15];
    double d_x[5] = {};
    double d_y[5] = {s[1], s[2], s[3], s[4], s[5]};
    double d_z[5] = {s[6], s[7], s[8], s[9], s[10]};
    double d_r = s[11];
    o[0] = gen::f181_grad(x, 5, y, z, r, d_x, d_y, d_z, &d_r);
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
    o[11] = r;
    g[0] = d_x[0];
    g[1] = d_x[1];
    g[2] = d_x[2];
    g[3] = d_x[3];
    g[4] = d_x[4];
    g[5] = d_y[0];
    g[6] = d_y[1];
    g[7] = d_y[2];
    g[8] = d_y[3];
    g[9] = d_y[4];
    g[10] = d_z[0];
    g[11] = d_z[1];
    g[12] = d_z[2];
    g[13] = d_z[3];
    g[14] = d_z[4];
    g[15] = d_r;
  };
  auto vjp = [](const double *v, const double *s, double *g) {
    double x[5] = {v[0], v[1], v[2], v[3], v[4]};
    double y[5] = {v[5], v[6], v[7], v[8], v[9]};
    double z[5] = {v[10], v[11], v[12], v[13], v[14]};
    double r = v[15];
    double d_x[5] = {};
    double d_y[5] = {s[1], s[2], s[3], s[4], s[5]};
    double d_z[5] = {s[6], s[7], s[8], s[9], s[10]};
    double d_r = s[11];
    gen::f181_vjp(x, 5, y, z, r, s[0], d_x, d_y, d_z, &d_r);
    g[0] = d_x[0];
    g[1] = d_x[1];
    g[2] = d_x[2];
    g[3] = d_x[3];
    g[4] = d_x[4];
    g[5] = d_y[0];
    g[6] = d_y[1];
    g[7] = d_y[2];
    g[8] = d_y[3];
    g[9] = d_y[4];
    g[10] = d_z[0];
    g[11] = d_z[1];
    g[12] = d_z[2];
    g[13] = d_z[3];
    g[14] = d_z[4];
    g[15] = d_r;
  };
  return fuzz::check("f181", true, at, w, w2, primal, grad, vjp);
}

int main() {
  bool ok = true;
  ok = check_f181() && ok;
  return ok ? 0 : 1;
}
#endif
