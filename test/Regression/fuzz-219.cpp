// Found by the random-program tester (test/fuzz/fuzz.py, program 219 of the
// generator of the day) and reduced automatically. It failed with:
//   mismatch (g++): grad: f_grad gives [-0.2133389333, 0.2133389333, 0.05791801974, 0.1930055279, -0.189510945, 0.707, -0.6651946486, 0.289, 0.4722970909, -0.05206547073], central differences [-0.2133389333, 0.2133389333, 0.05791801974, 0.1930055279, 0.272489055, 0.707, -0.6651946486, 0.289, 0.4722970909, -0.05206547073]
//
// RUN: rm -rf %t && mkdir -p %t
// RUN: %adgen %s -o %t/fuzz-219.grad.h -- -std=c++17
// RUN: %cxx -I%t -I%S/../fuzz %s -o %t/gcc && %t/gcc | FileCheck %s
// RUN: %clangxx -I%t -I%S/../fuzz %s -o %t/clang && %t/clang | FileCheck %s
// CHECK: f219: ok

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

ADGEN_DIFFERENTIABLE double f219(const double* x, int n, double* z) {
  for (int i4 = 0; i4 < n; i4 += 2) {
    double t6 = (x[(i4 + 1) % n] > z[i4] ? x[4] : 2);
    z[1] += t6;
  }
  z[2] -= 0.9;
  return 0.9;
}

} // namespace gen

namespace ref {

struct P {
  long double u;
  long double v;
};

long double f219(const long double* x, int n, long double* z) {
  for (int i4 = 0; i4 < n; i4 += 2) {
    long double t6 = (x[(i4 + 1) % n] > z[i4] ? x[4] : 2);
    z[1] += t6;
  }
  z[2] -= 0.9;
  return 0.9;
}

} // namespace ref
#pragma GCC diagnostic pop

#ifndef ADGEN_TOOL
#include "fuzz-219.grad.h"
#include "harness.h"

static bool check_f219() {
  const double at[10] = {-0.724, -1.292, 0.413, -1.091, -1.334, 0.681, 1.346, -0.573, -0.823, -0.79};
  const double w[6] = {1.0, 0.707, -0.462, 0.289, -0.961, -0.607};
  const double w2[6] = {0.72, -1.28, 0.631, 1.246, 0.792, 1.115};
  auto primal = [](const long double *v, long double *o) {
    long double x[5] = {v[0], v[1], v[2], v[3], v[4]};
    long double z[5] = {v[5], v[6], v[7], v[8], v[9]};
    o[0] = ref::f219(x, 5, z);
    o[1] = z[0];
    o[2] = z[1];
    o[3] = z[2];
    o[4] = z[3];
    o[5] = z[4];
  };
  auto grad = [](const double *v, const double *s, double *o, double *g) {
    (void)s;
    double x[5] = {v[0], v[1], v[2], v[3], v[4]};
    double z[5] = {v[5], v[6], v[7], v[8], v[9]};
    double d_x[5] = {};
    double d_z[5] = {s[1], s[2], s[3], s[4], s[5]};
    o[0] = gen::f219_grad(x, 5, z, d_x, d_z);
    o[1] = z[0];
    o[2] = z[1];
    o[3] = z[2];
    o[4] = z[3];
    o[5] = z[4];
    g[0] = d_x[0];
    g[1] = d_x[1];
    g[2] = d_x[2];
    g[3] = d_x[3];
    g[4] = d_x[4];
    g[5] = d_z[0];
    g[6] = d_z[1];
    g[7] = d_z[2];
    g[8] = d_z[3];
    g[9] = d_z[4];
  };
  auto vjp = [](const double *v, const double *s, double *g) {
    (void)s;
    double x[5] = {v[0], v[1], v[2], v[3], v[4]};
    double z[5] = {v[5], v[6], v[7], v[8], v[9]};
    double d_x[5] = {};
    double d_z[5] = {s[1], s[2], s[3], s[4], s[5]};
    gen::f219_vjp(x, 5, z, s[0], d_x, d_z);
    g[0] = d_x[0];
    g[1] = d_x[1];
    g[2] = d_x[2];
    g[3] = d_x[3];
    g[4] = d_x[4];
    g[5] = d_z[0];
    g[6] = d_z[1];
    g[7] = d_z[2];
    g[8] = d_z[3];
    g[9] = d_z[4];
  };
  return fuzz::check("f219", true, at, w, w2, primal, grad, vjp);
}

int main() {
  bool ok = true;
  ok = check_f219() && ok;
  return ok ? 0 : 1;
}
#endif
