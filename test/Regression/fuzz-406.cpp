// Found by the random-program tester (test/fuzz/fuzz.py, program 406 of the
// generator of the day) and reduced automatically. It failed with:
//   compile-error (g++): /tmp/fzs406/b406/batch.grad.h:205:24: error: ‘d_a_1’ was not declared in this scope; did you mean ‘a_1’?
//
// RUN: rm -rf %t && mkdir -p %t
// RUN: %adgen %s -o %t/fuzz-406.grad.h -- -std=c++17
// RUN: %cxx -I%t -I%S/../fuzz %s -o %t/gcc && %t/gcc | FileCheck %s
// RUN: %clangxx -I%t -I%S/../fuzz %s -o %t/clang && %t/clang | FileCheck %s
// CHECK: f406: ok

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

ADGEN_DIFFERENTIABLE double f406(double a, double b, const double* x, int n, double* y, double& r) {
  a = (true ? x[2] : 2.0);
  for (int i3 = 0; i3 < n; ++i3) {
    b *= a;
  }
  for (int i7 = 0; i7 < n; ++i7) {
    y[i7] = b;
  }
  return 1.5;
}

} // namespace gen

namespace ref {

struct P {
  long double u;
  long double v;
};

long double f406(long double a, long double b, const long double* x, int n, long double* y, long double& r) {
  a = (true ? x[2] : 2.0);
  for (int i3 = 0; i3 < n; ++i3) {
    b *= a;
  }
  for (int i7 = 0; i7 < n; ++i7) {
    y[i7] = b;
  }
  return 1.5;
}

} // namespace ref
#pragma GCC diagnostic pop

#ifndef ADGEN_TOOL
#include "fuzz-406.grad.h"
#include "harness.h"

static bool check_f406() {
  const double at[11] = {-1.012, -0.709, -0.889, 0.581, 1.166, -1.076, 0.361, 1.3, -0.377, 0.213, -1.058};
  const double w[6] = {1.0, 0.69, 0.58, -0.485, 1.04, -1.313};
  const double w2[6] = {-0.952, -1.045, -0.78, -1.274, -0.361, -0.738};
  auto primal = [](const long double *v, long double *o) {
    long double a = v[0];
    long double b = v[1];
    long double x[4] = {v[2], v[3], v[4], v[5]};
    long double y[4] = {v[6], v[7], v[8], v[9]};
    long double r = v[10];
    o[0] = ref::f406(a, b, x, 4, y, r);
    o[1] = y[0];
    o[2] = y[1];
    o[3] = y[2];
    o[4] = y[3];
    o[5] = r;
  };
  auto grad = [](const double *v, const double *s, double *o, double *g) {
    (void)s;
    double a = v[0];
    double b = v[1];
    double x[4] = {v[2], v[3], v[4], v[5]};
    double y[4] = {v[6], v[7], v[8], v[9]};
    double r = v[10];
    double d_a = 0;
    double d_b = 0;
    double d_x[4] = {};
    double d_y[4] = {s[1], s[2], s[3], s[4]};
    double d_r = s[5];
    o[0] = gen::f406_grad(a, b, x, 4, y, r, &d_a, &d_b, d_x, d_y, &d_r);
    o[1] = y[0];
    o[2] = y[1];
    o[3] = y[2];
    o[4] = y[3];
    o[5] = r;
    g[0] = d_a;
    g[1] = d_b;
    g[2] = d_x[0];
    g[3] = d_x[1];
    g[4] = d_x[2];
    g[5] = d_x[3];
    g[6] = d_y[0];
    g[7] = d_y[1];
    g[8] = d_y[2];
    g[9] = d_y[3];
    g[10] = d_r;
  };
  auto vjp = [](const double *v, const double *s, double *g) {
    (void)s;
    double a = v[0];
    double b = v[1];
    double x[4] = {v[2], v[3], v[4], v[5]};
    double y[4] = {v[6], v[7], v[8], v[9]};
    double r = v[10];
    double d_a = 0;
    double d_b = 0;
    double d_x[4] = {};
    double d_y[4] = {s[1], s[2], s[3], s[4]};
    double d_r = s[5];
    gen::f406_vjp(a, b, x, 4, y, r, s[0], &d_a, &d_b, d_x, d_y, &d_r);
    g[0] = d_a;
    g[1] = d_b;
    g[2] = d_x[0];
    g[3] = d_x[1];
    g[4] = d_x[2];
    g[5] = d_x[3];
    g[6] = d_y[0];
    g[7] = d_y[1];
    g[8] = d_y[2];
    g[9] = d_y[3];
    g[10] = d_r;
  };
  return fuzz::check("f406", true, at, w, w2, primal, grad, vjp);
}

int main() {
  bool ok = true;
  ok = check_f406() && ok;
  return ok ? 0 : 1;
}
#endif
