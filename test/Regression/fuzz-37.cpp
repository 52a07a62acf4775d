// Found by the random-program tester (test/fuzz/fuzz.py, program 37 of the
// generator of the day) and reduced automatically. It failed with:
//   mismatch (g++): value: f_grad gives [1.5], f in long double [0.9]
//
// RUN: rm -rf %t && mkdir -p %t
// RUN: %adgen %s -o %t/fuzz-37.grad.h -- -std=c++17
// RUN: %cxx -I%t -I%S/../fuzz %s -o %t/gcc && %t/gcc | FileCheck %s
// RUN: %clangxx -I%t -I%S/../fuzz %s -o %t/clang && %t/clang | FileCheck %s
// CHECK: f37: ok

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

ADGEN_DIFFERENTIABLE double f37(const double* x, int n) {
  if (x[0] > 0.4) {
  } else {
    if (x[1] > 6.0) {
      return 1.5;
    }
  }
  for (int j15 = 0; j15 < n; ++j15) {
    return (0.9 * x[2]);
  }
  return 1.5;
}

} // namespace gen

namespace ref {

struct P {
  long double u;
  long double v;
};

long double f37(const long double* x, int n) {
  if (x[0] > 0.4) {
  } else {
    if (x[1] > 6.0) {
      return 1.5;
    }
  }
  for (int j15 = 0; j15 < n; ++j15) {
    return (0.9 * x[2]);
  }
  return 1.5;
}

} // namespace ref
#pragma GCC diagnostic pop

#ifndef ADGEN_TOOL
#include "fuzz-37.grad.h"
#include "harness.h"

static bool check_f37() {
  const double at[3] = {0.25, -1.25, 0.75};
  const double w[1] = {1.0};
  const double w2[1] = {0.5};
  auto primal = [](const long double *v, long double *o) {
    long double x[3] = {v[0], v[1], v[2]};
    o[0] = ref::f37(x, 3);
  };
  auto grad = [](const double *v, const double *s, double *o, double *g) {
    (void)s;
    double x[3] = {v[0], v[1], v[2]};
    double d_x[3] = {};
    o[0] = gen::f37_grad(x, 3, d_x);
    g[0] = d_x[0];
    g[1] = d_x[1];
    g[2] = d_x[2];
  };
  auto vjp = [](const double *v, const double *s, double *g) {
    (void)s;
    double x[3] = {v[0], v[1], v[2]};
    double d_x[3] = {};
    gen::f37_vjp(x, 3, s[0], d_x);
    g[0] = d_x[0];
    g[1] = d_x[1];
    g[2] = d_x[2];
  };
  return fuzz::check("f37", true, at, w, w2, primal, grad, vjp);
}

int main() {
  bool ok = true;
  ok = check_f37() && ok;
  return ok ? 0 : 1;
}
#endif
