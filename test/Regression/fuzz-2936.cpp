// Found by the random-program tester (test/fuzz/fuzz.py, program 2936 of the
// generator of the day) and reduced automatically. It failed with:
//   warning (g++): /tmp/fzu2936/b2936/batch.grad.h:194:12: warning: variable ‘t1_5’ set but not used [-Wunused-but-set-variable]
//
// RUN: rm -rf %t && mkdir -p %t
// RUN: %adgen %s -o %t/fuzz-2936.grad.h -- -std=c++17
// RUN: %cxx -I%t -I%S/../fuzz %s -o %t/gcc && %t/gcc | FileCheck %s
// RUN: %clangxx -I%t -I%S/../fuzz %s -o %t/clang && %t/clang | FileCheck %s
// CHECK: f2936: ok

#include <adgen/adgen.h>
#include <cmath>

#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wunused-variable"
#pragma GCC diagnostic ignored "-Wunused-parameter"
#pragma GCC diagnostic ignored "-Wunused-but-set-variable"
#ifdef __clang__
#pragma clang diagnostic ignored "-Wself-assign"
#endif

namespace gen {

struct P {
  double u;
  double v;
};

ADGEN_DIFFERENTIABLE double f2936(const double* x, int n) {
  double t1 = 0.75;
  for (int i2 = 0; i2 < n; i2 += 2) {
    return x[0];
  }
  if (true) {
    t1 -= 1.5;
  }
  double a10[5] = {};
  for (int i12 = 0; i12 < n; ++i12) {
    t1 = t1;
    if (1.5 >= t1) {
      return 0.5;
    }
    double t13 = (a10[i12] >= 1.5 ? 1.5 : 1.5);
  }
  return 1.5;
}

} // namespace gen

namespace ref {

struct P {
  long double u;
  long double v;
};

long double f2936(const long double* x, int n) {
  long double t1 = 0.75;
  for (int i2 = 0; i2 < n; i2 += 2) {
    return x[0];
  }
  if (true) {
    t1 -= 1.5;
  }
  long double a10[5] = {};
  for (int i12 = 0; i12 < n; ++i12) {
    t1 = t1;
    if (1.5 >= t1) {
      return 0.5;
    }
    long double t13 = (a10[i12] >= 1.5 ? 1.5 : 1.5);
  }
  return 1.5;
}

} // namespace ref
#pragma GCC diagnostic pop

#ifndef ADGEN_TOOL
#include "fuzz-2936.grad.h"
#include "harness.h"

static bool check_f2936() {
  const double at[5] = {0.359, -1.39, -1.076, -1.13, 0.568};
  const double w[1] = {1.0};
  const double w2[1] = {-1.283};
  auto primal = [](const long double *v, long double *o) {
    long double x[5] = {v[0], v[1], v[2], v[3], v[4]};
    o[0] = ref::f2936(x, 5);
  };
  auto grad = [](const double *v, const double *s, double *o, double *g) {
    (void)s;
    double x[5] = {v[0], v[1], v[2], v[3], v[4]};
    double d_x[5] = {};
    o[0] = gen::f2936_grad(x, 5, d_x);
    g[0] = d_x[0];
    g[1] = d_x[1];
    g[2] = d_x[2];
    g[3] = d_x[3];
    g[4] = d_x[4];
  };
  auto vjp = [](const double *v, const double *s, double *g) {
    (void)s;
    double x[5] = {v[0], v[1], v[2], v[3], v[4]};
    double d_x[5] = {};
    gen::f2936_vjp(x, 5, s[0], d_x);
    g[0] = d_x[0];
    g[1] = d_x[1];
    g[2] = d_x[2];
    g[3] = d_x[3];
    g[4] = d_x[4];
  };
  return fuzz::check("f2936", true, at, w, w2, primal, grad, vjp);
}

int main() {
  bool ok = true;
  ok = check_f2936() && ok;
  return ok ? 0 : 1;
}
#endif
