// Found by the random-program tester (test/fuzz/fuzz.py, program 1326 of the
// generator of the day) and reduced automatically. It failed with:
//   warning (g++): /tmp/fzt1326/b1326/batch.grad.h:46:8: warning: variable ‘t42’ set but not used [-Wunused-but-set-variable]
//
// RUN: rm -rf %t && mkdir -p %t
// RUN: %adgen %s -o %t/fuzz-1326.grad.h -- -std=c++17
// RUN: %cxx -I%t -I%S/../fuzz %s -o %t/gcc && %t/gcc | FileCheck %s
// RUN: %clangxx -I%t -I%S/../fuzz %s -o %t/clang && %t/clang | FileCheck %s
// CHECK: f1326: ok

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

ADGEN_DIFFERENTIABLE double f1326(const double* x, const P& p, int n, double* z) {
  double t2 = 1.5;
  if (true) {
  } else {
    t2 *= z[3];
    if (1.5 < t2) {
      z[0] += 0.25;
    }
  }
  return 1.5;
}

} // namespace gen

namespace ref {

struct P {
  long double u;
  long double v;
};

long double f1326(const long double* x, const P& p, int n, long double* z) {
  long double t2 = 1.5;
  if (true) {
  } else {
    t2 *= z[3];
    if (1.5 < t2) {
      z[0] += 0.25;
    }
  }
  return 1.5;
}

} // namespace ref
#pragma GCC diagnostic pop

#ifndef ADGEN_TOOL
#include "fuzz-1326.grad.h"
#include "harness.h"

static bool check_f1326() {
  const double at[10] = {0.796, 0.591, -0.545, -0.989, 0.537, 1.187, 1.175, 1.265, 0.72, 0.929};
  const double w[5] = {1.0, 0.42, -1.271, 1.211, -0.893};
  const double w2[5] = {0.856, 1.215, -1.078, 1.0, -0.756};
  auto primal = [](const long double *v, long double *o) {
    long double x[4] = {v[0], v[1], v[2], v[3]};
    ref::P p{v[4], v[5]};
    long double z[4] = {v[6], v[7], v[8], v[9]};
    o[0] = ref::f1326(x, p, 4, z);
    o[1] = z[0];
    o[2] = z[1];
    o[3] = z[2];
    o[4] = z[3];
  };
  auto grad = [](const double *v, const double *s, double *o, double *g) {
    (void)s;
    double x[4] = {v[0], v[1], v[2], v[3]};
    gen::P p{v[4], v[5]};
    double z[4] = {v[6], v[7], v[8], v[9]};
    double d_x[4] = {};
    gen::P d_p{};
    double d_z[4] = {s[1], s[2], s[3], s[4]};
    o[0] = gen::f1326_grad(x, p, 4, z, d_x, &d_p, d_z);
    o[1] = z[0];
    o[2] = z[1];
    o[3] = z[2];
    o[4] = z[3];
    g[0] = d_x[0];
    g[1] = d_x[1];
    g[2] = d_x[2];
    g[3] = d_x[3];
    g[4] = d_p.u; g[5] = d_p.v;
    g[6] = d_z[0];
    g[7] = d_z[1];
    g[8] = d_z[2];
    g[9] = d_z[3];
  };
  auto vjp = [](const double *v, const double *s, double *g) {
    (void)s;
    double x[4] = {v[0], v[1], v[2], v[3]};
    gen::P p{v[4], v[5]};
    double z[4] = {v[6], v[7], v[8], v[9]};
    double d_x[4] = {};
    gen::P d_p{};
    double d_z[4] = {s[1], s[2], s[3], s[4]};
    gen::f1326_vjp(x, p, 4, z, s[0], d_x, &d_p, d_z);
    g[0] = d_x[0];
    g[1] = d_x[1];
    g[2] = d_x[2];
    g[3] = d_x[3];
    g[4] = d_p.u; g[5] = d_p.v;
    g[6] = d_z[0];
    g[7] = d_z[1];
    g[8] = d_z[2];
    g[9] = d_z[3];
  };
  return fuzz::check("f1326", true, at, w, w2, primal, grad, vjp);
}

int main() {
  bool ok = true;
  ok = check_f1326() && ok;
  return ok ? 0 : 1;
}
#endif
