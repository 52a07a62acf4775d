// Found by the random-program tester (test/fuzz/fuzz.py, program 438 of the
// generator of the day) and reduced automatically. It failed with:
//   compile-error (g++): /tmp/fzs438/b438/batch.grad.h:461:19: error: ‘k4’ was not declared in this scope; did you mean ‘k6’?
//
// RUN: rm -rf %t && mkdir -p %t
// RUN: %adgen %s -o %t/fuzz-438.grad.h -- -std=c++17
// RUN: %cxx -I%t -I%S/../fuzz %s -o %t/gcc && %t/gcc | FileCheck %s
// RUN: %clangxx -I%t -I%S/../fuzz %s -o %t/clang && %t/clang | FileCheck %s
// CHECK: f438: ok

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

double f438_h3(double a, int d) {
  if (d <= 0) {
    return a;
  }
  return f438_h3(1.5, d - 1);
}

ADGEN_DIFFERENTIABLE double f438(const double* x, int n, double* y) {
  for (int k4 = n - 1; k4 >= 0; --k4) {
  }
  for (int k6 = 0; k6 < n; ++k6) {
    y[n - 1 - k6] = 1.5;
    if (f438_h3(1.5, 0) <= 0.5) {
      return 1.5;
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

long double f438_h3(long double a, int d) {
  if (d <= 0) {
    return a;
  }
  return f438_h3(1.5, d - 1);
}

long double f438(const long double* x, int n, long double* y) {
  for (int k4 = n - 1; k4 >= 0; --k4) {
  }
  for (int k6 = 0; k6 < n; ++k6) {
    y[n - 1 - k6] = 1.5;
    if (f438_h3(1.5, 0) <= 0.5) {
      return 1.5;
    }
  }
  return 0.5;
}

} // namespace ref
#pragma GCC diagnostic pop

#ifndef ADGEN_TOOL
#include "fuzz-438.grad.h"
#include "harness.h"

static bool check_f438() {
  const double at[6] = {0.605, -1.067, -0.995, 0.965, -0.614, 1.204};
  const double w[4] = {1.0, 0.838, -1.368, -0.997};
  const double w2[4] = {1.139, 1.312, 1.1, 0.528};
  auto primal = [](const long double *v, long double *o) {
    long double x[3] = {v[0], v[1], v[2]};
    long double y[3] = {v[3], v[4], v[5]};
    o[0] = ref::f438(x, 3, y);
    o[1] = y[0];
    o[2] = y[1];
    o[3] = y[2];
  };
  auto grad = [](const double *v, const double *s, double *o, double *g) {
    (void)s;
    double x[3] = {v[0], v[1], v[2]};
    double y[3] = {v[3], v[4], v[5]};
    double d_x[3] = {};
    double d_y[3] = {s[1], s[2], s[3]};
    o[0] = gen::f438_grad(x, 3, y, d_x, d_y);
    o[1] = y[0];
    o[2] = y[1];
    o[3] = y[2];
    g[0] = d_x[0];
    g[1] = d_x[1];
    g[2] = d_x[2];
    g[3] = d_y[0];
    g[4] = d_y[1];
    g[5] = d_y[2];
  };
  auto vjp = [](const double *v, const double *s, double *g) {
    (void)s;
    double x[3] = {v[0], v[1], v[2]};
    double y[3] = {v[3], v[4], v[5]};
    double d_x[3] = {};
    double d_y[3] = {s[1], s[2], s[3]};
    gen::f438_vjp(x, 3, y, s[0], d_x, d_y);
    g[0] = d_x[0];
    g[1] = d_x[1];
    g[2] = d_x[2];
    g[3] = d_y[0];
    g[4] = d_y[1];
    g[5] = d_y[2];
  };
  return fuzz::check("f438", true, at, w, w2, primal, grad, vjp);
}

int main() {
  bool ok = true;
  ok = check_f438() && ok;
  return ok ? 0 : 1;
}
#endif
