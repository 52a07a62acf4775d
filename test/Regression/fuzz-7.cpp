// Found by the random-program tester (test/fuzz/fuzz.py, program 7 of the
// generator of the day) and reduced automatically. It failed with:
//   compile-error (g++): f7.grad.h: error: 'i3' was not declared in this scope
//
// RUN: rm -rf %t && mkdir -p %t
// RUN: %adgen %s -o %t/fuzz-7.grad.h -- -std=c++17
// RUN: %cxx -I%t -I%S/../fuzz %s -o %t/gcc && %t/gcc | FileCheck %s
// RUN: %clangxx -I%t -I%S/../fuzz %s -o %t/clang && %t/clang | FileCheck %s
// CHECK: f7: ok

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

void f7_h0(const double* v, int m, double* out) {
  for (int i = 0; i < m; ++i) {
    out[i] = (1.25 * v[i]);
  }
}

ADGEN_DIFFERENTIABLE void f7(const double* x, int n, double* y) {
  for (int i3 = 0; i3 < n; i3 += 2) {
    f7_h0(x, n, y);
  }
}

} // namespace gen

namespace ref {

struct P {
  long double u;
  long double v;
};

void f7_h0(const long double* v, int m, long double* out) {
  for (int i = 0; i < m; ++i) {
    out[i] = (1.25 * v[i]);
  }
}

void f7(const long double* x, int n, long double* y) {
  for (int i3 = 0; i3 < n; i3 += 2) {
    f7_h0(x, n, y);
  }
}

} // namespace ref
#pragma GCC diagnostic pop

#ifndef ADGEN_TOOL
#include "fuzz-7.grad.h"
#include "harness.h"

static bool check_f7() {
  const double at[6] = {0.5, -1.25, 0.75, 0.3, 0.2, -0.1};
  const double w[4] = {1.0, 0.5, -0.75, 1.5};
  const double w2[4] = {0.25, -1.0, 0.5, 0.75};
  auto primal = [](const long double *v, long double *o) {
    long double x[3] = {v[0], v[1], v[2]};
    long double y[3] = {v[3], v[4], v[5]};
    ref::f7(x, 3, y);
    o[0] = 0;
    o[1] = y[0];
    o[2] = y[1];
    o[3] = y[2];
  };
  auto grad = [](const double *, const double *, double *, double *) {};
  auto vjp = [](const double *v, const double *s, double *g) {
    (void)s;
    double x[3] = {v[0], v[1], v[2]};
    double y[3] = {v[3], v[4], v[5]};
    double d_x[3] = {};
    double d_y[3] = {s[1], s[2], s[3]};
    gen::f7_vjp(x, 3, y, d_x, d_y);
    g[0] = d_x[0];
    g[1] = d_x[1];
    g[2] = d_x[2];
    g[3] = d_y[0];
    g[4] = d_y[1];
    g[5] = d_y[2];
  };
  return fuzz::check("f7", false, at, w, w2, primal, grad, vjp);
}

int main() {
  bool ok = true;
  ok = check_f7() && ok;
  return ok ? 0 : 1;
}
#endif
