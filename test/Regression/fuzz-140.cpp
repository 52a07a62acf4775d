// Found by the random-program tester (test/fuzz/fuzz.py, program 140 of the
// generator of the day) and reduced automatically. It failed with:
//   mismatch (g++): value: f_grad gives [2.035141569, 1.877842255], f in long double [-0.3835161627, 4.993526765]
//
// RUN: rm -rf %t && mkdir -p %t
// RUN: %adgen %s -o %t/fuzz-140.grad.h -- -std=c++17
// RUN: %cxx -I%t -I%S/../fuzz %s -o %t/gcc && %t/gcc | FileCheck %s
// RUN: %clangxx -I%t -I%S/../fuzz %s -o %t/clang && %t/clang | FileCheck %s
// CHECK: f140: ok

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

ADGEN_DIFFERENTIABLE double f140(const double* x, int n, double a, double& r) {
  double a5[3] = {1.5, r, 1.5};
  for (int i7 = n - 1; i7 >= 0; --i7) {
    r += 1.5;
  }
  return 0.5;
}

} // namespace gen

namespace ref {

struct P {
  long double u;
  long double v;
};

long double f140(const long double* x, int n, long double a, long double& r) {
  long double a5[3] = {1.5, r, 1.5};
  for (int i7 = n - 1; i7 >= 0; --i7) {
    r += 1.5;
  }
  return 0.5;
}

} // namespace ref
#pragma GCC diagnostic pop

#ifndef ADGEN_TOOL
#include "fuzz-140.grad.h"
#include "harness.h"

static bool check_f140() {
  const double at[5] = {1.085, 0.488, -1.105, 0.229, 1.022};
  const double w[2] = {1.0, 0.455};
  const double w2[2] = {-0.843, -0.676};
  auto primal = [](const long double *v, long double *o) {
    long double x[3] = {v[0], v[1], v[2]};
    long double a = v[3];
    long double r = v[4];
    o[0] = ref::f140(x, 3, a, r);
    o[1] = r;
  };
  auto grad = [](const double *v, const double *s, double *o, double *g) {
    double x[3] = {v[0], v[1], v[2]};
    double a = v[3];
    double r = v[4];
    double d_x[3] = {};
    double d_a = 0;
    double d_r = s[1];
    o[0] = gen::f140_grad(x, 3, a, r, d_x, &d_a, &d_r);
    o[1] = r;
    g[0] = d_x[0];
    g[1] = d_x[1];
    g[2] = d_x[2];
    g[3] = d_a;
    g[4] = d_r;
  };
  auto vjp = [](const double *v, const double *s, double *g) {
    double x[3] = {v[0], v[1], v[2]};
    double a = v[3];
    double r = v[4];
    double d_x[3] = {};
    double d_a = 0;
    double d_r = s[1];
    gen::f140_vjp(x, 3, a, r, s[0], d_x, &d_a, &d_r);
    g[0] = d_x[0];
    g[1] = d_x[1];
    g[2] = d_x[2];
    g[3] = d_a;
    g[4] = d_r;
  };
  return fuzz::check("f140", true, at, w, w2, primal, grad, vjp);
}

int main() {
  bool ok = true;
  ok = check_f140() && ok;
  return ok ? 0 : 1;
}
#endif
