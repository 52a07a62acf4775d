// Regression test (found by random and real-style testing; the comment
// below describes the bug as it was).
//
// RUN: rm -rf %t && mkdir -p %t
// RUN: %adgen %s -o %t/adjoint-used-before-declared.grad.h -- -std=c++17
// RUN: %cxx -I%t %s -o %t/gcc && %t/gcc | FileCheck %s
// RUN: %clangxx -I%t %s -o %t/clang && %t/clang | FileCheck %s
//
// The generated gradient does not compile: inside the reverse of the first
// if, the accumulation into a pointer parameter's adjoint reads `d_s`, the
// adjoint of s, which is only declared after that if:
//
//   if (t0) { ... } else {
//     if (d_x) d_x[0] += d_s * x[1];     // error: 'd_s' was not declared in this scope
//     if (d_x) d_x[1] += d_s * x[0];
//   }
//   const double d_s = t2 + t3;
//
// Shape: two ifs in sequence; the first assigns another variable (u) in one
// branch and s from pointer elements in the other; the second if updates s.
// With scalar parameters instead of x[0], x[1] the code compiles. Found by
// random testing of branchy kernels (it also appears with loops around).
// Expected at (x = {2, 3}, w = 1, a = 1.5): value 18 + 1.5 = 19.5,
// d_x = {9, 6}, d_w = 0, d_a = 1.
#include <adgen/adgen.h>

ADGEN_DIFFERENTIABLE double f(const double *x, double w, double a) {
  double s = 0, u = a;
  if (a < w)
    u = w;
  else
    s = x[0] * x[1];
  if (w > 0.8)
    s = s * 3;
  return s + u;
}

#ifndef ADGEN_TOOL
#include "adjoint-used-before-declared.grad.h"
#include <cstdio>
int main() {
  const double x[2] = {2, 3};
  double dx[2] = {}, dw = 0, da = 0;
  double v = f_grad(x, 1.0, 1.5, dx, &dw, &da);
  std::printf("%g [%g, %g] %g %g (expected 19.5 [9, 6] 0 1)\n", v, dx[0], dx[1], dw, da);
}
#endif

// CHECK: 19.5 [9, 6] 0 1 (expected 19.5 [9, 6] 0 1)
