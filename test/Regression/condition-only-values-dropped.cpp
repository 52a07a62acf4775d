// Regression test (found by random and real-style testing; the comment
// below describes the bug as it was).
//
// RUN: rm -rf %t && mkdir -p %t
// RUN: %adgen %s -o %t/condition-only-values-dropped.grad.h -- -std=c++17
// RUN: %cxx -I%t %s -o %t/gcc && %t/gcc | FileCheck %s
// RUN: %clangxx -I%t %s -o %t/clang && %t/clang | FileCheck %s
//
// The generated code does not compile when the reverse pass of a branch
// needs a value only for a condition (no temporaries, just accumulations
// into a pointer parameter's adjoint):
// (1) f_vjp: a parameter whose only use is a branch condition is treated
//     as unused and its name is commented out in the signature, but the
//     condition still reads it:
//
//   inline void gated_vjp(const double* x, double /*a*/, double d_ret, double* d_x, double* d_a) {
//     if (a > 0.0) {                        // error: 'a' was not declared in this scope
//       if (d_x) d_x[0] += 2.0 * (d_ret * x[0]);
//     }
//
// gated_grad compiles (it needs a for the value). Same with two parameters
// compared with each other (a > b), and for int parameters (n in halves).
// (2) f_grad: a local computed inside the outer branch and used in a nested
//     condition is declared in the forward copy of the branch only; the
//     reverse copy of the branch reads it out of scope:
//
//   if (a > 1.0) { const auto k = n / 2; ... if (k > 1) { ... } }
//   if (a > 1.0) { if (k > 1) {                // error: 'k' was not declared in this scope
//       if (d_x) d_x[0] += 2.0 * x[0]; } }
//
// With a scalar x instead of x[0], the condition goes through a temporary
// and the code compiles.
// Found by random testing; realistic in gated losses (`if (a > 0) s = ...`).
// Expected: gated_vjp(x = {3}, a = 0.5, seed 1) gives d_x = {6}, d_a = 1.
#include <adgen/adgen.h>

ADGEN_DIFFERENTIABLE double gated(const double *x, double a) {
  double s = 0;
  if (a > 0)
    s = x[0] * x[0];
  return s + a;
}

ADGEN_DIFFERENTIABLE double gated2(const double *x, double a, double b) {
  double s = 0;
  if (a > b)
    s = x[0] * x[1];
  return s + a + b;
}

ADGEN_DIFFERENTIABLE double halves(const double *x, double a, int n) {
  double s = 0;
  if (a > 1) {
    int k = n / 2;
    if (k > 1)
      s = x[0] * x[0];
  }
  return s + a;
}

#ifndef ADGEN_TOOL
#include "condition-only-values-dropped.grad.h"
#include <cstdio>
int main() {
  const double x[2] = {3, 2};
  double dx[2] = {}, da = 0;
  gated_vjp(x, 0.5, 1.0, dx, &da);
  std::printf("d_x = %g, d_a = %g (expected 6, 1)\n", dx[0], da);
  double ex[1] = {}, ea = 0;
  double v = halves_grad(x, 2.0, 6, ex, &ea);
  std::printf("halves = %g, d_x = %g, d_a = %g (expected 11, 6, 1)\n", v, ex[0], ea);
}
#endif

// CHECK: d_x = 6, d_a = 1 (expected 6, 1)
// CHECK-NEXT: halves = 11, d_x = 6, d_a = 1 (expected 11, 6, 1)
