// Regression test (found writing the ADBench BA test; the comment below
// describes the bugs as they were).
//
// RUN: rm -rf %t && mkdir -p %t
// RUN: %adgen %s -o %t/loop-outputs-dropped.grad.h -- -std=c++17
// RUN: FileCheck %s --check-prefix=CODE < %t/loop-outputs-dropped.grad.h
// RUN: %cxx -I%t %s -o %t/gcc && %t/gcc | FileCheck %s
// RUN: %clangxx -I%t %s -o %t/clang && %t/clang | FileCheck %s
//
// The reverse sweep of a function returning void started at the highest of
// its result (a constant 0, shared with any earlier `!= 0`) and its stores,
// so a loop after that point was never swept: its outputs had no gradient,
// silently (`weights`: a loop writing outputs through a helper; `two_loops`:
// the second of two loops when the first has an if). And an output's
// adjoint read only by a reverse loop's seed was printed as an expression
// it has none of (`sum_out`: did not compile).
#include <adgen/adgen.h>

inline void weight_error(const double *w, double *err) { *err = 1 - (*w) * (*w); }

ADGEN_DIFFERENTIABLE void weights(int p, const double *w, double *err) {
  for (int i = 0; i < p; i++)
    weight_error(&w[i], &err[i]);
}

ADGEN_DIFFERENTIABLE void two_loops(int p, const double *w, double *a, double *b) {
  for (int i = 0; i < p; i++) {
    double s = w[i];
    if (s != 0)
      s = s * s;
    a[i] = s;
  }
  for (int i = 0; i < p; i++)
    b[i] = 1 - w[i] * w[i];
}

ADGEN_DIFFERENTIABLE void sum_out(int p, const double *w, double *err) {
  double s = 0;
  for (int i = 0; i < p; i++)
    s += w[i];
  err[0] = s;
}

// CODE-LABEL: inline void sum_out_vjp(
// CODE: const double [[SEED:t[0-9]+]] = d_err ? d_err[0] : 0.0;
// CODE: double d_s = [[SEED]];

#ifndef ADGEN_TOOL
#include "loop-outputs-dropped.grad.h"
#include <cstdio>
int main() {
  // Hand-derived: d/dw (1 - w^2) = -2w; d/dw (w^2) = 2w (w != 0); d/dw_i sum = 1.
  double w[2] = {0.5, 2.0}, out[2], out2[2];
  double d_w[2] = {0, 0}, d_err[2] = {1, 1};
  weights_vjp(2, w, out, d_w, d_err);
  // CHECK: weights: -1 -4 (expected -1 -4)
  std::printf("weights: %g %g (expected -1 -4)\n", d_w[0], d_w[1]);
  double d_a[2] = {0, 0}, d_b[2] = {1, 1};
  d_w[0] = d_w[1] = 0;
  two_loops_vjp(2, w, out, out2, d_w, d_a, d_b);
  // CHECK: two_loops, b seeded: -1 -4 (expected -1 -4)
  std::printf("two_loops, b seeded: %g %g (expected -1 -4)\n", d_w[0], d_w[1]);
  double d_a2[2] = {1, 1}, d_b2[2] = {0, 0};
  d_w[0] = d_w[1] = 0;
  two_loops_vjp(2, w, out, out2, d_w, d_a2, d_b2);
  // CHECK: two_loops, a seeded: 1 4 (expected 1 4)
  std::printf("two_loops, a seeded: %g %g (expected 1 4)\n", d_w[0], d_w[1]);
  double d_e[1] = {3};
  d_w[0] = d_w[1] = 0;
  sum_out_vjp(2, w, out, d_w, d_e);
  // CHECK: sum_out: 3 3 (expected 3 3)
  std::printf("sum_out: %g %g (expected 3 3)\n", d_w[0], d_w[1]);
}
#endif
