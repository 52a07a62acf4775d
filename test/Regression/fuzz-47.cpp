// Found by the random-program tester (test/fuzz/fuzz.py, program 47 of the
// generator of the day) and reduced automatically. It failed with:
//   warning (g++): /tmp/fzs47/b47/batch.grad.h:166:16: warning: unused variable ‘t25’ [-Wunused-variable]
//
// RUN: rm -rf %t && mkdir -p %t
// RUN: %adgen %s -o %t/fuzz-47.grad.h -- -std=c++17
// RUN: %cxx -I%t -I%S/../fuzz %s -o %t/gcc && %t/gcc | FileCheck %s
// RUN: %clangxx -I%t -I%S/../fuzz %s -o %t/clang && %t/clang | FileCheck %s
// CHECK: f47: ok

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

ADGEN_DIFFERENTIABLE double f47(const double* x, const double& a, int n, double* z) {
  for (int k10 = 0; k10 < n; ++k10) {
    if (k10 != 2) {
      break;
    }
    z[k10] += 1.5;
  }
  return 1.5;
}

} // namespace gen

namespace ref {

struct P {
  long double u;
  long double v;
};

long double f47(const long double* x, const long double& a, int n, long double* z) {
  for (int k10 = 0; k10 < n; ++k10) {
    if (k10 != 2) {
      break;
    }
    z[k10] += 1.5;
  }
  return 1.5;
}

} // namespace ref
#pragma GCC diagnostic pop

#ifndef ADGEN_TOOL
#include "fuzz-47.grad.h"
#include "harness.h"

static bool check_f47() {
  const double at[9] = {0.907, 0.346, -0.859, 1.301, -0.97, 0.442, 1.356, -0.309, 1.058};
  const double w[5] = {1.0, 1.299, 0.887, 1.281, 0.823};
  const double w2[5] = {0.723, -0.789, 0.592, -0.714, -1.128};
  auto primal = [](const long double *v, long double *o) {
    long double x[4] = {v[0], v[1], v[2], v[3]};
    long double a = v[4];
    long double z[4] = {v[5], v[6], v[7], v[8]};
    o[0] = ref::f47(x, a, 4, z);
    o[1] = z[0];
    o[2] = z[1];
    o[3] = z[2];
    o[4] = z[3];
  };
  auto grad = [](const double *v, const double *s, double *o, double *g) {
    (void)s;
    double x[4] = {v[0], v[1], v[2], v[3]};
    double a = v[4];
    double z[4] = {v[5], v[6], v[7], v[8]};
    double d_x[4] = {};
    double d_a = 0;
    double d_z[4] = {s[1], s[2], s[3], s[4]};
    o[0] = gen::f47_grad(x, a, 4, z, d_x, &d_a, d_z);
    o[1] = z[0];
    o[2] = z[1];
    o[3] = z[2];
    o[4] = z[3];
    g[0] = d_x[0];
    g[1] = d_x[1];
    g[2] = d_x[2];
    g[3] = d_x[3];
    g[4] = d_a;
    g[5] = d_z[0];
    g[6] = d_z[1];
    g[7] = d_z[2];
    g[8] = d_z[3];
  };
  auto vjp = [](const double *v, const double *s, double *g) {
    (void)s;
    double x[4] = {v[0], v[1], v[2], v[3]};
    double a = v[4];
    double z[4] = {v[5], v[6], v[7], v[8]};
    double d_x[4] = {};
    double d_a = 0;
    double d_z[4] = {s[1], s[2], s[3], s[4]};
    gen::f47_vjp(x, a, 4, z, s[0], d_x, &d_a, d_z);
    g[0] = d_x[0];
    g[1] = d_x[1];
    g[2] = d_x[2];
    g[3] = d_x[3];
    g[4] = d_a;
    g[5] = d_z[0];
    g[6] = d_z[1];
    g[7] = d_z[2];
    g[8] = d_z[3];
  };
  return fuzz::check("f47", true, at, w, w2, primal, grad, vjp);
}

int main() {
  bool ok = true;
  ok = check_f47() && ok;
  return ok ? 0 : 1;
}
#endif
