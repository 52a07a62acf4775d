// Found by the random-program tester (test/fuzz/fuzz.py, program 373 of the
// generator of the day) and reduced automatically. It failed with:
//   compile-error (g++): /tmp/fzs373/b373/batch.grad.h:1130:23: error: ‘j17’ was not declared in this scope; did you mean ‘j1l’?
//
// RUN: rm -rf %t && mkdir -p %t
// RUN: %adgen %s -o %t/fuzz-373.grad.h -- -std=c++17
// RUN: %cxx -I%t -I%S/../fuzz %s -o %t/gcc && %t/gcc | FileCheck %s
// RUN: %clangxx -I%t -I%S/../fuzz %s -o %t/clang && %t/clang | FileCheck %s
// CHECK: f373: ok

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

ADGEN_DIFFERENTIABLE double f373(const double& a, const double& b, const double* x, int n, double* y) {
  for (int i15 = 0; i15 < n; i15 += 2) {
    for (int j17 = 0; j17 < n; ++j17) {
      y[(i15 + 1) % n] = 1.5;
    }
  }
  return 0.5;
}

} // namespace gen

namespace ref {

struct P {
  long double u;
  long double v;
};

long double f373(const long double& a, const long double& b, const long double* x, int n, long double* y) {
  for (int i15 = 0; i15 < n; i15 += 2) {
    for (int j17 = 0; j17 < n; ++j17) {
      y[(i15 + 1) % n] = 1.5;
    }
  }
  return 0.5;
}

} // namespace ref
#pragma GCC diagnostic pop

#ifndef ADGEN_TOOL
#include "fuzz-373.grad.h"
#include "harness.h"

static bool check_f373() {
  const double at[8] = {-0.524, 0.296, 0.591, -0.379, 0.907, 1.124, 0.483, 0.867};
  const double w[4] = {1.0, -0.252, 1.323, -0.26};
  const double w2[4] = {1.187, -0.472, 0.588, -1.273};
  auto primal = [](const long double *v, long double *o) {
    long double a = v[0];
    long double b = v[1];
    long double x[3] = {v[2], v[3], v[4]};
    long double y[3] = {v[5], v[6], v[7]};
    o[0] = ref::f373(a, b, x, 3, y);
    o[1] = y[0];
    o[2] = y[1];
    o[3] = y[2];
  };
  auto grad = [](const double *v, const double *s, double *o, double *g) {
    (void)s;
    (void)s;
    double a = v[0];
    double b = v[1];
    double x[3] = {v[2], v[3], v[4]};
    double y[3] = {v[5], v[6], v[7]};
    double d_a = 0;
    double d_b = 0;
    double d_x[3] = {};
    double d_y[3] = {s[1], s[2], s[3]};
    o[0] = gen::f373_grad(a, b, x, 3, y, &d_a, &d_b, d_x, d_y);
    o[1] = y[0];
    o[2] = y[1];
    o[3] = y[2];
    g[0] = d_a;
    g[1] = d_b;
    g[2] = d_x[0];
    g[3] = d_x[1];
    g[4] = d_x[2];
    g[5] = d_y[0];
    g[6] = d_y[1];
    g[7] = d_y[2];
  };
  auto vjp = [](const double *v, const double *s, double *g) {
    (void)s;
    (void)s;
    double a = v[0];
    double b = v[1];
    double x[3] = {v[2], v[3], v[4]};
    double y[3] = {v[5], v[6], v[7]};
    double d_a = 0;
    double d_b = 0;
    double d_x[3] = {};
    double d_y[3] = {s[1], s[2], s[3]};
    gen::f373_vjp(a, b, x, 3, y, s[0], &d_a, &d_b, d_x, d_y);
    g[0] = d_a;
    g[1] = d_b;
    g[2] = d_x[0];
    g[3] = d_x[1];
    g[4] = d_x[2];
    g[5] = d_y[0];
    g[6] = d_y[1];
    g[7] = d_y[2];
  };
  return fuzz::check("f373", true, at, w, w2, primal, grad, vjp);
}

int main() {
  bool ok = true;
  ok = check_f373() && ok;
  return ok ? 0 : 1;
}
#endif
