// Found by the random-program tester (test/fuzz/fuzz.py, program 117 of the
// generator of the day) and reduced automatically. It failed with:
//   warning (clang++-16): /tmp/fzr117/b117/batch.grad.h:296:12: warning: variable 't81' set but not used [-Wunused-but-set-variable]
//
// RUN: rm -rf %t && mkdir -p %t
// RUN: %adgen %s -o %t/fuzz-117.grad.h -- -std=c++17
// RUN: %cxx -I%t -I%S/../fuzz %s -o %t/gcc && %t/gcc | FileCheck %s
// RUN: %clangxx -I%t -I%S/../fuzz %s -o %t/clang && %t/clang | FileCheck %s
// CHECK: f117: ok

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

ADGEN_DIFFERENTIABLE double f117(const double& b, const double* x, int n, double a, double* y) {
  for (int i2 = n - 1; i2 >= 0; --i2) {
    a = 1.5;
  }
  return a;
}

} // namespace gen

namespace ref {

struct P {
  long double u;
  long double v;
};

long double f117(const long double& b, const long double* x, int n, long double a, long double* y) {
  for (int i2 = n - 1; i2 >= 0; --i2) {
    a = 1.5;
  }
  return a;
}

} // namespace ref
#pragma GCC diagnostic pop

#ifndef ADGEN_TOOL
#include "fuzz-117.grad.h"
#include "harness.h"

static bool check_f117() {
  const double at[8] = {-0.992, 0.753, 0.503, 0.543, 0.906, 0.536, 0.533, 0.267};
  const double w[4] = {1.0, 0.647, -0.353, -1.177};
  const double w2[4] = {0.864, 0.966, 0.637, -0.633};
  auto primal = [](const long double *v, long double *o) {
    long double b = v[0];
    long double x[3] = {v[1], v[2], v[3]};
    long double a = v[4];
    long double y[3] = {v[5], v[6], v[7]};
    o[0] = ref::f117(b, x, 3, a, y);
    o[1] = y[0];
    o[2] = y[1];
    o[3] = y[2];
  };
  auto grad = [](const double *v, const double *s, double *o, double *g) {
    double b = v[0];
    double x[3] = {v[1], v[2], v[3]};
    double a = v[4];
    double y[3] = {v[5], v[6], v[7]};
    double d_b = 0;
    double d_x[3] = {};
    double d_a = 0;
    double d_y[3] = {s[1], s[2], s[3]};
    o[0] = gen::f117_grad(b, x, 3, a, y, &d_b, d_x, &d_a, d_y);
    o[1] = y[0];
    o[2] = y[1];
    o[3] = y[2];
    g[0] = d_b;
    g[1] = d_x[0];
    g[2] = d_x[1];
    g[3] = d_x[2];
    g[4] = d_a;
    g[5] = d_y[0];
    g[6] = d_y[1];
    g[7] = d_y[2];
  };
  auto vjp = [](const double *v, const double *s, double *g) {
    double b = v[0];
    double x[3] = {v[1], v[2], v[3]};
    double a = v[4];
    double y[3] = {v[5], v[6], v[7]};
    double d_b = 0;
    double d_x[3] = {};
    double d_a = 0;
    double d_y[3] = {s[1], s[2], s[3]};
    gen::f117_vjp(b, x, 3, a, y, s[0], &d_b, d_x, &d_a, d_y);
    g[0] = d_b;
    g[1] = d_x[0];
    g[2] = d_x[1];
    g[3] = d_x[2];
    g[4] = d_a;
    g[5] = d_y[0];
    g[6] = d_y[1];
    g[7] = d_y[2];
  };
  return fuzz::check("f117", true, at, w, w2, primal, grad, vjp);
}

int main() {
  bool ok = true;
  ok = check_f117() && ok;
  return ok ? 0 : 1;
}
#endif
