// Found by the random-program tester (test/fuzz/fuzz.py, program 6017 of the
// generator of the day) and reduced automatically. It failed with:
//   warning (g++): /tmp/fr_6017/b6017/batch.grad.h:29:10: warning: variable ‘a2’ set but not used [-Wunused-but-set-variable]
//
// RUN: rm -rf %t && mkdir -p %t
// RUN: %adgen %s -o %t/fuzz-6017.grad.h -- -std=c++17
// RUN: %cxx -I%t -I%S/../fuzz %s -o %t/gcc && %t/gcc | FileCheck %s
// RUN: %clangxx -I%t -I%S/../fuzz %s -o %t/clang && %t/clang | FileCheck %s
// CHECK: f6017: ok

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

ADGEN_DIFFERENTIABLE ADGEN_MULTI_SEED void f6017(const double* x, int n, double a, double* y) {
  double a2[4] = {1.5, 1.5, 3.0, 0.5};
  for (int j8 = 0; j8 < n; ++j8) {
    y[n - 1 - j8] = a;
    a = a2[n - 1 - j8];
  }
}

} // namespace gen

#if defined(__GNUC__) && !defined(__clang__)
#pragma GCC push_options
#pragma GCC optimize("O0")
#endif
namespace ref {

struct P {
  long double u;
  long double v;
};

void f6017(const long double* x, int n, long double a, long double* y) {
  long double a2[4] = {1.5, 1.5, 3.0, 0.5};
  for (int j8 = 0; j8 < n; ++j8) {
    y[n - 1 - j8] = a;
    a = a2[n - 1 - j8];
  }
}

} // namespace ref
#if defined(__GNUC__) && !defined(__clang__)
#pragma GCC pop_options
#endif
#pragma GCC diagnostic pop

#ifndef ADGEN_TOOL
#include "fuzz-6017.grad.h"
#include "harness.h"

static bool check_f6017() {
  const double at[9] = {-0.456, -1.06, 0.734, 0.638, 0.813, 0.375, 1.294, -0.306, -0.595};
  const double w[5] = {1.0, 0.621, 1.234, 1.194, -1.372};
  const double w2[5] = {1.072, 0.528, 0.727, 1.388, 0.238};
  auto primal = [](const long double *v, long double *o) {
    long double x[4] = {v[0], v[1], v[2], v[3]};
    long double a = v[4];
    long double y[4] = {v[5], v[6], v[7], v[8]};
    ref::f6017(x, 4, a, y);
    o[0] = 0;
    o[1] = y[0];
    o[2] = y[1];
    o[3] = y[2];
    o[4] = y[3];
  };
  auto primal_double = [](const double *v, double *o) {
    double x[4] = {v[0], v[1], v[2], v[3]};
    double a = v[4];
    double y[4] = {v[5], v[6], v[7], v[8]};
    gen::f6017(x, 4, a, y);
    o[0] = 0;
    o[1] = y[0];
    o[2] = y[1];
    o[3] = y[2];
    o[4] = y[3];
  };
  auto grad = [](const double *, const double *, double *, double *) {};
  auto vjp = [](const double *v, const double *s, double *g) {
    (void)s;
    double x[4] = {v[0], v[1], v[2], v[3]};
    double a = v[4];
    double y[4] = {v[5], v[6], v[7], v[8]};
    double d_x[4] = {};
    double d_a = 0;
    double d_y[4] = {s[1], s[2], s[3], s[4]};
    gen::f6017_vjp(x, 4, a, y, d_x, &d_a, d_y);
    g[0] = d_x[0];
    g[1] = d_x[1];
    g[2] = d_x[2];
    g[3] = d_x[3];
    g[4] = d_a;
    g[5] = d_y[0];
    g[6] = d_y[1];
    g[7] = d_y[2];
    g[8] = d_y[3];
  };
  auto multi = [](const double *v, const double *s, const double *s2, double *o, double *g, double *g2) {
    using L = adgen::Lanes<double, 2>;
    (void)s; (void)s2;
    double x[4] = {v[0], v[1], v[2], v[3]};
    double a = v[4];
    double y[4] = {v[5], v[6], v[7], v[8]};
    L d_x[4];
    L d_a;
    L d_y[4] = {fuzz::lanes(s[1], s2[1]), fuzz::lanes(s[2], s2[2]), fuzz::lanes(s[3], s2[3]), fuzz::lanes(s[4], s2[4])};
    gen::f6017_vjp_multi<2>(x, 4, a, y, d_x, &d_a, d_y);
    o[0] = 0;
    o[1] = y[0];
    o[2] = y[1];
    o[3] = y[2];
    o[4] = y[3];
    g[0] = d_x[0][0]; g2[0] = d_x[0][1];
    g[1] = d_x[1][0]; g2[1] = d_x[1][1];
    g[2] = d_x[2][0]; g2[2] = d_x[2][1];
    g[3] = d_x[3][0]; g2[3] = d_x[3][1];
    g[4] = d_a[0]; g2[4] = d_a[1];
    g[5] = d_y[0][0]; g2[5] = d_y[0][1];
    g[6] = d_y[1][0]; g2[6] = d_y[1][1];
    g[7] = d_y[2][0]; g2[7] = d_y[2][1];
    g[8] = d_y[3][0]; g2[8] = d_y[3][1];
  };
  return fuzz::check("f6017", false, at, w, w2, primal, primal_double, grad, vjp, multi);
}

int main() {
  bool ok = true;
  ok = check_f6017() && ok;
  return ok ? 0 : 1;
}
#endif
