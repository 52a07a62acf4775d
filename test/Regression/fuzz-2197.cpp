// Found by the random-program tester (test/fuzz/fuzz.py, program 2197 of the
// generator of the day) and reduced automatically. It failed with:
//   compile-error (g++): /tmp/fr_2197/b2197/batch.grad.h:570:23: error: ‘w’ was not declared in this scope
//
// RUN: rm -rf %t && mkdir -p %t
// RUN: %adgen %s -o %t/fuzz-2197.grad.h -- -std=c++17
// RUN: %cxx -I%t -I%S/../fuzz %s -o %t/gcc && %t/gcc | FileCheck %s
// RUN: %clangxx -I%t -I%S/../fuzz %s -o %t/clang && %t/clang | FileCheck %s
// CHECK: f2197: ok

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

double f2197_h0(const double* v, int m, int d) {
  if (d <= 0) {
    return v[2];
  }
  double w[5] = {};
  double s = 0;
  for (int i = 0; i < m; ++i) {
    s = f2197_h0(w, m, d - 1);
    w[i] -= 1.5;
  }
  return s;
}

ADGEN_DIFFERENTIABLE double f2197(const double* x, const P& p, int n, double* y) {
  for (int j3 = 0; j3 < n; ++j3) {
    y[n - 1 - j3] = (f2197_h0(x, n, 1) + std::tanh(f2197_h0(x, n, 2)));
  }
  return 1.5;
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

long double f2197_h0(const long double* v, int m, int d) {
  if (d <= 0) {
    return v[2];
  }
  long double w[5] = {};
  long double s = 0;
  for (int i = 0; i < m; ++i) {
    s = f2197_h0(w, m, d - 1);
    w[i] -= 1.5;
  }
  return s;
}

long double f2197(const long double* x, const P& p, int n, long double* y) {
  for (int j3 = 0; j3 < n; ++j3) {
    y[n - 1 - j3] = (f2197_h0(x, n, 1) + std::tanh(f2197_h0(x, n, 2)));
  }
  return 1.5;
}

} // namespace ref
#if defined(__GNUC__) && !defined(__clang__)
#pragma GCC pop_options
#endif
#pragma GCC diagnostic pop

#ifndef ADGEN_TOOL
#include "fuzz-2197.grad.h"
#include "harness.h"

static bool check_f2197() {
  const double at[12] = {-0.247, 0.532, -0.671, -0.6, -0.226, -0.958, 0.596, -0.427, -0.27, 0.3, -1.355, -0.601};
  const double w[6] = {1.0, -0.381, -1.078, 0.974, 1.035, -0.253};
  const double w2[6] = {1.388, -0.339, -0.721, -0.78, -0.227, 0.293};
  auto primal = [](const long double *v, long double *o) {
    long double x[5] = {v[0], v[1], v[2], v[3], v[4]};
    ref::P p{v[5], v[6]};
    long double y[5] = {v[7], v[8], v[9], v[10], v[11]};
    o[0] = ref::f2197(x, p, 5, y);
    o[1] = y[0];
    o[2] = y[1];
    o[3] = y[2];
    o[4] = y[3];
    o[5] = y[4];
  };
  auto primal_double = [](const double *v, double *o) {
    double x[5] = {v[0], v[1], v[2], v[3], v[4]};
    gen::P p{v[5], v[6]};
    double y[5] = {v[7], v[8], v[9], v[10], v[11]};
    o[0] = gen::f2197(x, p, 5, y);
    o[1] = y[0];
    o[2] = y[1];
    o[3] = y[2];
    o[4] = y[3];
    o[5] = y[4];
  };
  auto grad = [](const double *v, const double *s, double *o, double *g) {
    (void)s;
    double x[5] = {v[0], v[1], v[2], v[3], v[4]};
    gen::P p{v[5], v[6]};
    double y[5] = {v[7], v[8], v[9], v[10], v[11]};
    double d_x[5] = {};
    gen::P d_p{};
    double d_y[5] = {s[1], s[2], s[3], s[4], s[5]};
    o[0] = gen::f2197_grad(x, p, 5, y, d_x, &d_p, d_y);
    o[1] = y[0];
    o[2] = y[1];
    o[3] = y[2];
    o[4] = y[3];
    o[5] = y[4];
    g[0] = d_x[0];
    g[1] = d_x[1];
    g[2] = d_x[2];
    g[3] = d_x[3];
    g[4] = d_x[4];
    g[5] = d_p.u; g[6] = d_p.v;
    g[7] = d_y[0];
    g[8] = d_y[1];
    g[9] = d_y[2];
    g[10] = d_y[3];
    g[11] = d_y[4];
  };
  auto vjp = [](const double *v, const double *s, double *g) {
    (void)s;
    double x[5] = {v[0], v[1], v[2], v[3], v[4]};
    gen::P p{v[5], v[6]};
    double y[5] = {v[7], v[8], v[9], v[10], v[11]};
    double d_x[5] = {};
    gen::P d_p{};
    double d_y[5] = {s[1], s[2], s[3], s[4], s[5]};
    gen::f2197_vjp(x, p, 5, y, s[0], d_x, &d_p, d_y);
    g[0] = d_x[0];
    g[1] = d_x[1];
    g[2] = d_x[2];
    g[3] = d_x[3];
    g[4] = d_x[4];
    g[5] = d_p.u; g[6] = d_p.v;
    g[7] = d_y[0];
    g[8] = d_y[1];
    g[9] = d_y[2];
    g[10] = d_y[3];
    g[11] = d_y[4];
  };
  return fuzz::check("f2197", true, at, w, w2, primal, primal_double, grad, vjp);
}

int main() {
  bool ok = true;
  ok = check_f2197() && ok;
  return ok ? 0 : 1;
}
#endif
