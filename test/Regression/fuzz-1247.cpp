// Found by the random-program tester (test/fuzz/fuzz.py, program 1247 of the
// generator of the day) and reduced automatically. It failed with:
//   warning (g++): /tmp/fzt1247/b1247/batch.grad.h:43:10: warning: variable ‘t5_1’ set but not used [-Wunused-but-set-variable]
//
// RUN: rm -rf %t && mkdir -p %t
// RUN: %adgen %s -o %t/fuzz-1247.grad.h -- -std=c++17
// RUN: %cxx -I%t -I%S/../fuzz %s -o %t/gcc && %t/gcc | FileCheck %s
// RUN: %clangxx -I%t -I%S/../fuzz %s -o %t/clang && %t/clang | FileCheck %s
// CHECK: f1247: ok

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

ADGEN_DIFFERENTIABLE double f1247(const double* x, const P& p, const double& a, int n, double& r) {
  double a1[3] = {1.5, 1.5, 1.5};
  double t5 = 1.5;
  int k6 = 0;
  do {
    double t7 = (0.5 * t5);
    a1[k6] -= a;
    t5 = 1.5;
    ++k6;
  } while (k6 < n);
  return a1[2];
}

} // namespace gen

namespace ref {

struct P {
  long double u;
  long double v;
};

long double f1247(const long double* x, const P& p, const long double& a, int n, long double& r) {
  long double a1[3] = {1.5, 1.5, 1.5};
  long double t5 = 1.5;
  int k6 = 0;
  do {
    long double t7 = (0.5 * t5);
    a1[k6] -= a;
    t5 = 1.5;
    ++k6;
  } while (k6 < n);
  return a1[2];
}

} // namespace ref
#pragma GCC diagnostic pop

#ifndef ADGEN_TOOL
#include "fuzz-1247.grad.h"
#include "harness.h"

static bool check_f1247() {
  const double at[7] = {-0.296, 0.309, 1.138, 0.758, 0.293, 0.71, -0.696};
  const double w[2] = {1.0, 0.272};
  const double w2[2] = {1.174, 0.404};
  auto primal = [](const long double *v, long double *o) {
    long double x[3] = {v[0], v[1], v[2]};
    ref::P p{v[3], v[4]};
    long double a = v[5];
    long double r = v[6];
    o[0] = ref::f1247(x, p, a, 3, r);
    o[1] = r;
  };
  auto grad = [](const double *v, const double *s, double *o, double *g) {
    (void)s;
    double x[3] = {v[0], v[1], v[2]};
    gen::P p{v[3], v[4]};
    double a = v[5];
    double r = v[6];
    double d_x[3] = {};
    gen::P d_p{};
    double d_a = 0;
    double d_r = s[1];
    o[0] = gen::f1247_grad(x, p, a, 3, r, d_x, &d_p, &d_a, &d_r);
    o[1] = r;
    g[0] = d_x[0];
    g[1] = d_x[1];
    g[2] = d_x[2];
    g[3] = d_p.u; g[4] = d_p.v;
    g[5] = d_a;
    g[6] = d_r;
  };
  auto vjp = [](const double *v, const double *s, double *g) {
    (void)s;
    double x[3] = {v[0], v[1], v[2]};
    gen::P p{v[3], v[4]};
    double a = v[5];
    double r = v[6];
    double d_x[3] = {};
    gen::P d_p{};
    double d_a = 0;
    double d_r = s[1];
    gen::f1247_vjp(x, p, a, 3, r, s[0], d_x, &d_p, &d_a, &d_r);
    g[0] = d_x[0];
    g[1] = d_x[1];
    g[2] = d_x[2];
    g[3] = d_p.u; g[4] = d_p.v;
    g[5] = d_a;
    g[6] = d_r;
  };
  return fuzz::check("f1247", true, at, w, w2, primal, grad, vjp);
}

int main() {
  bool ok = true;
  ok = check_f1247() && ok;
  return ok ? 0 : 1;
}
#endif
