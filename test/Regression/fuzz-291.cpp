// Found by the random-program tester (test/fuzz/fuzz.py, program 291 of the
// generator of the day) and reduced automatically. It failed with:
//   warning (g++): /tmp/fzs291/b291/batch.grad.h:56:16: warning: unused variable ‘t1’ [-Wunused-variable]
//
// RUN: rm -rf %t && mkdir -p %t
// RUN: %adgen %s -o %t/fuzz-291.grad.h -- -std=c++17
// RUN: %cxx -I%t -I%S/../fuzz %s -o %t/gcc && %t/gcc | FileCheck %s
// RUN: %clangxx -I%t -I%S/../fuzz %s -o %t/clang && %t/clang | FileCheck %s
// CHECK: f291: ok

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

ADGEN_DIFFERENTIABLE void f291(const double& a, double b, const double* x, int n, double* y, double* z) {
  for (int i7 = 0; i7 < n; ++i7) {
    z[n - 1 - i7] += 1.5;
  }
}

} // namespace gen

namespace ref {

struct P {
  long double u;
  long double v;
};

void f291(const long double& a, long double b, const long double* x, int n, long double* y, long double* z) {
  for (int i7 = 0; i7 < n; ++i7) {
    z[n - 1 - i7] += 1.5;
  }
}

} // namespace ref
#pragma GCC diagnostic pop

#ifndef ADGEN_TOOL
#include "fuzz-291.grad.h"
#include "harness.h"

static bool check_f291() {
  const double at[17] = {-1.256, 0.536, 1.284, -0.426, 0.736, 1.257, 0.711, -0.906, 0.758, -0.31, 1.19, -1.27, 0.536, 1.005, -0.253, 0.77, 0.854};
  const double w[11] = {1.0, 1.231, 0.669, 0.813, -1.394, -1.246, -1.214, 1.258, -0.226, 1.139, 0.538};
  const double w2[11] = {0.385, 0.644, 0.433, 1.257, 0.401, -0.89, 1.383, -0.685, 0.327, -0.682, 1.278};
  auto primal = [](const long double *v, long double *o) {
    long double a = v[0];
    long double b = v[1];
    long double x[5] = {v[2], v[3], v[4], v[5], v[6]};
    long double y[5] = {v[7], v[8], v[9], v[10], v[11]};
    long double z[5] = {v[12], v[13], v[14], v[15], v[16]};
    ref::f291(a, b, x, 5, y, z);
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
    double a = v[0];
    double b = v[1];
    double x[5] = {v[2], v[3], v[4], v[5], v[6]};
    double y[5] = {v[7], v[8], v[9], v[10], v[11]};
    double z[5] = {v[12], v[13], v[14], v[15], v[16]};
    double d_a = 0;
    double d_b = 0;
    double d_x[5] = {};
    double d_y[5] = {s[1], s[2], s[3], s[4], s[5]};
    double d_z[5] = {s[6], s[7], s[8], s[9], s[10]};
    gen::f291_vjp(a, b, x, 5, y, z, &d_a, &d_b, d_x, d_y, d_z);
    g[0] = d_a;
    g[1] = d_b;
    g[2] = d_x[0];
    g[3] = d_x[1];
    g[4] = d_x[2];
    g[5] = d_x[3];
    g[6] = d_x[4];
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
  return fuzz::check("f291", false, at, w, w2, primal, grad, vjp);
}

int main() {
  bool ok = true;
  ok = check_f291() && ok;
  return ok ? 0 : 1;
}
#endif
