// Regression test (found by random testing; the comment below describes the
// bug as it was).
//
// RUN: rm -rf %t && mkdir -p %t
// RUN: %adgen %s -o %t/condition-only-values-dropped-2.grad.h -- -std=c++17
// RUN: %cxx -I%t %s -o %t/gcc && %t/gcc | FileCheck %s
// RUN: %clangxx -I%t %s -o %t/clang && %t/clang | FileCheck %s
//
// Still failing at e8b33f6 (adgen binary of 14:57), after the fix for
// condition-only-values-dropped.cpp: f_vjp does not compile. When the vjp
// reads the parameters x and n only in a branch condition (the adjoint it
// adds inside the branch is d_ret itself, no parameter needed), their
// names are commented out in the signature but the condition reads them:
//
//   inline void masked_vjp(const double* /*x*/, double /*a*/, int /*n*/, double d_ret, double* d_x, double* d_a) {
//     if (x[n - 1] > 0.16) {                 // error: 'x' / 'n' was not declared in this scope
//       if (d_x) d_x[0] += d_ret;
//
// masked_grad compiles. Found by random testing, reduced.
// Expected: masked_vjp(x = {2, 1}, a = 0.5, n = 2, seed 1) adds d_x = {1, 0}, d_a = 1.
#include <adgen/adgen.h>

ADGEN_DIFFERENTIABLE double masked(const double *x, double a, int n) {
  double s = 0;
  if (x[n - 1] > 0.16)
    s = s + x[0];
  return s + a;
}

#ifndef ADGEN_TOOL
#include "condition-only-values-dropped-2.grad.h"
#include <cstdio>
int main() {
  const double x[2] = {2, 1};
  double dx[2] = {}, da = 0;
  masked_vjp(x, 0.5, 2, 1.0, dx, &da);
  std::printf("d_x = [%g, %g], d_a = %g (expected [1, 0], 1)\n", dx[0], dx[1], da);
}
#endif

// CHECK: d_x = [1, 0], d_a = 1 (expected [1, 0], 1)
