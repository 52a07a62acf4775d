// Found by the random-program tester (test/fuzz/fuzz.py, program 918 of the
// generator of the day) and reduced automatically. It failed with:
//   warning (g++): /tmp/fzt918/b918/batch.grad.h:19:10: warning: variable ‘a_1’ set but not used [-Wunused-but-set-variable]
//
// RUN: rm -rf %t && mkdir -p %t
// RUN: %adgen %s -o %t/fuzz-918.grad.h -- -std=c++17
// RUN: %cxx -I%t -I%S/../fuzz %s -o %t/gcc && %t/gcc | FileCheck %s
// RUN: %clangxx -I%t -I%S/../fuzz %s -o %t/clang && %t/clang | FileCheck %s
// CHECK: f918: ok

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

ADGEN_DIFFERENTIABLE double f918(const double* x, int n, double a, double& r) {
  for (int k1 = 0; k1 < n; ++k1) {
    r = 1.5;
    a = (a + 0.5);
    a = r;
  }
  return 0.5;
}

} // namespace gen

namespace ref {

struct P {
  long double u;
  long double v;
};

long double f918(const long double* x, int n, long double a, long double& r) {
  for (int k1 = 0; k1 < n; ++k1) {
    r = 1.5;
    a = (a + 0.5);
    a = r;
  }
  return 0.5;
}

} // namespace ref
#pragma GCC diagnostic pop

#ifndef ADGEN_TOOL
#include "fuzz-918.grad.h"
#include "harness.h"

static bool check_f918() {
  const double at[7] = {0.672, 0.782, 0.552, 0.566, -1.123, 1.324, 0.712};
  const double w[2] = {1.0, -1.221};
  const double w2[2] = {1.393, 0.344};
  auto primal = [](const long double *v, long double *o) {
    long double x[5] = {v[0], v[1], v[2], v[3], v[4]};
    long double a = v[5];
    long double r = v[6];
    o[0] = ref::f918(x, 5, a, r);
    o[1] = r;
  };
  auto grad = [](const double *v, const double *s, double *o, double *g) {
    (void)s;
    double x[5] = {v[0], v[1], v[2], v[3], v[4]};
    double a = v[5];
    double r = v[6];
    double d_x[5] = {};
    double d_a = 0;
    double d_r = s[1];
    o[0] = gen::f918_grad(x, 5, a, r, d_x, &d_a, &d_r);
    o[1] = r;
    g[0] = d_x[0];
    g[1] = d_x[1];
    g[2] = d_x[2];
    g[3] = d_x[3];
    g[4] = d_x[4];
    g[5] = d_a;
    g[6] = d_r;
  };
  auto vjp = [](const double *v, const double *s, double *g) {
    (void)s;
    double x[5] = {v[0], v[1], v[2], v[3], v[4]};
    double a = v[5];
    double r = v[6];
    double d_x[5] = {};
    double d_a = 0;
    double d_r = s[1];
    gen::f918_vjp(x, 5, a, r, s[0], d_x, &d_a, &d_r);
    g[0] = d_x[0];
    g[1] = d_x[1];
    g[2] = d_x[2];
    g[3] = d_x[3];
    g[4] = d_x[4];
    g[5] = d_a;
    g[6] = d_r;
  };
  return fuzz::check("f918", true, at, w, w2, primal, grad, vjp);
}

int main() {
  bool ok = true;
  ok = check_f918() && ok;
  return ok ? 0 : 1;
}
#endif
