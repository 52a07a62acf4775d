// Found by the random-program tester (test/fuzz/fuzz.py, program 6878 of the
// generator of the day) and reduced automatically. The split reversal of
// f6878_h1 (f6878_h1_fwd records, f6878_h1_rev reads back, per depth of the
// recursion) needs the reverse sweep to call f6878_h1_rev in the opposite
// order of the f6878_h1_fwd calls; f_vjp printed the returned call's
// f6878_h1_fwd first (it needs no value) and so read another call's
// records. It failed with:
//   mismatch (g++): vjp: f_vjp gives [-5.80037341, -3.262532767, 0, 0.312460825, -0.05354768147, -2.555739862, 0, 0, 0, 0, 0.2945737351], f_grad [-5.776810716, -3.203689653, 0, 0.312460825, -0.05354768147, -2.548208763, 0, 0, 0, 0, 0.2945737351]
//
// RUN: rm -rf %t && mkdir -p %t
// RUN: %adgen %s -o %t/fuzz-6878.grad.h -- -std=c++17
// RUN: %cxx -I%t -I%S/../fuzz %s -o %t/gcc && %t/gcc | FileCheck %s
// RUN: %clangxx -I%t -I%S/../fuzz %s -o %t/clang && %t/clang | FileCheck %s
// CHECK: f6878: ok

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

double f6878_h1(const double* v, int m, int d) {
  if (d <= 0) {
    return std::tanh(v[0]);
  }
  double s = 0;
  s = f6878_h1(v, m, d - 1);
  return s;
}

ADGEN_DIFFERENTIABLE double f6878(double b, const double* x, const double& a, int n, double* y, double& r) {
  double a8[4] = {f6878_h1(x, n, 2), 1.5, 0.5, 1.5};
  for (int i11 = 0; i11 < n; ++i11) {
    y[i11] = f6878_h1(a8, n, 2);
  }
  return f6878_h1(x, n, 2);
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

long double f6878_h1(const long double* v, int m, int d) {
  if (d <= 0) {
    return std::tanh(v[0]);
  }
  long double s = 0;
  s = f6878_h1(v, m, d - 1);
  return s;
}

long double f6878(long double b, const long double* x, const long double& a, int n, long double* y, long double& r) {
  long double a8[4] = {f6878_h1(x, n, 2), 1.5, 0.5, 1.5};
  for (int i11 = 0; i11 < n; ++i11) {
    y[i11] = f6878_h1(a8, n, 2);
  }
  return f6878_h1(x, n, 2);
}

} // namespace ref
#if defined(__GNUC__) && !defined(__clang__)
#pragma GCC pop_options
#endif
#pragma GCC diagnostic pop

#ifndef ADGEN_TOOL
#include "fuzz-6878.grad.h"
#include "harness.h"

static bool check_f6878() {
  const double at[11] = {-0.974, -0.403, 0.976, -0.84, 0.963, -1.244, -0.972, -0.769, -0.316, -1.332, -1.315};
  const double w[6] = {1.0, 1.341, 1.302, 0.417, 1.147, -1.309};
  const double w2[6] = {-0.754, 0.724, -0.418, 0.31, 0.755, -0.323};
  auto primal = [](const long double *v, long double *o) {
    long double b = v[0];
    long double x[4] = {v[1], v[2], v[3], v[4]};
    long double a = v[5];
    long double y[4] = {v[6], v[7], v[8], v[9]};
    long double r = v[10];
    o[0] = ref::f6878(b, x, a, 4, y, r);
    o[1] = y[0];
    o[2] = y[1];
    o[3] = y[2];
    o[4] = y[3];
    o[5] = r;
  };
  auto primal_double = [](const double *v, double *o) {
    double b = v[0];
    double x[4] = {v[1], v[2], v[3], v[4]};
    double a = v[5];
    double y[4] = {v[6], v[7], v[8], v[9]};
    double r = v[10];
    o[0] = gen::f6878(b, x, a, 4, y, r);
    o[1] = y[0];
    o[2] = y[1];
    o[3] = y[2];
    o[4] = y[3];
    o[5] = r;
  };
  auto grad = [](const double *v, const double *s, double *o, double *g) {
    (void)s;
    double b = v[0];
    double x[4] = {v[1], v[2], v[3], v[4]};
    double a = v[5];
    double y[4] = {v[6], v[7], v[8], v[9]};
    double r = v[10];
    double d_b = 0;
    double d_x[4] = {};
    double d_a = 0;
    double d_y[4] = {s[1], s[2], s[3], s[4]};
    double d_r = s[5];
    o[0] = gen::f6878_grad(b, x, a, 4, y, r, &d_b, d_x, &d_a, d_y, &d_r);
    o[1] = y[0];
    o[2] = y[1];
    o[3] = y[2];
    o[4] = y[3];
    o[5] = r;
    g[0] = d_b;
    g[1] = d_x[0];
    g[2] = d_x[1];
    g[3] = d_x[2];
    g[4] = d_x[3];
    g[5] = d_a;
    g[6] = d_y[0];
    g[7] = d_y[1];
    g[8] = d_y[2];
    g[9] = d_y[3];
    g[10] = d_r;
  };
  auto vjp = [](const double *v, const double *s, double *g) {
    (void)s;
    double b = v[0];
    double x[4] = {v[1], v[2], v[3], v[4]};
    double a = v[5];
    double y[4] = {v[6], v[7], v[8], v[9]};
    double r = v[10];
    double d_b = 0;
    double d_x[4] = {};
    double d_a = 0;
    double d_y[4] = {s[1], s[2], s[3], s[4]};
    double d_r = s[5];
    gen::f6878_vjp(b, x, a, 4, y, r, s[0], &d_b, d_x, &d_a, d_y, &d_r);
    g[0] = d_b;
    g[1] = d_x[0];
    g[2] = d_x[1];
    g[3] = d_x[2];
    g[4] = d_x[3];
    g[5] = d_a;
    g[6] = d_y[0];
    g[7] = d_y[1];
    g[8] = d_y[2];
    g[9] = d_y[3];
    g[10] = d_r;
  };
  return fuzz::check("f6878", true, at, w, w2, primal, primal_double, grad, vjp);
}

int main() {
  bool ok = true;
  ok = check_f6878() && ok;
  return ok ? 0 : 1;
}
#endif
