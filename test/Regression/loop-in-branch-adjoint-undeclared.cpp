// Regression test (found by random testing; the comment below describes the
// bug as it was).
//
// RUN: rm -rf %t && mkdir -p %t
// RUN: %adgen %s -o %t/loop-in-branch-adjoint-undeclared.grad.h -- -std=c++17
// RUN: %cxx -I%t %s -o %t/gcc && %t/gcc | FileCheck %s
// RUN: %clangxx -I%t %s -o %t/clang && %t/clang | FileCheck %s
//
// Still failing at e8b33f6 (adgen binary of 14:57): the generated gradient
// does not compile. A loop inside a branch assigns s an expression that
// does not change in the loop and that was also computed before the branch
// (std::exp(a)); the gradient reads d_s, which is never declared:
//
//   inline double f_grad(double a, int n, double* d_a) {
//     ...
//     const double d_e = 1.0 + d_s;        // error: 'd_s' was not declared in this scope
//
// Without the enclosing if, or without the same expression outside, it
// compiles. f_vjp also has "unused parameter n" (the loop is dropped from
// the vjp but n is still named). Found by random testing of loop kernels (there s = tanh(a*a) in
// the loop and tanh(u*u) with u == a before it), then reduced.
// Expected at (a = 0.5, n = 3): value 2 e^0.5 = 3.29744, d_a = 3.29744.
#include <adgen/adgen.h>
#include <cmath>

ADGEN_DIFFERENTIABLE double f(double a, int n) {
  double e = std::exp(a);
  double s = 0;
  if (a > 0)
    for (int i = 0; i < n; ++i)
      s = std::exp(a);
  return s + e;
}

// A second shape found by random testing: w * w both in the condition and
// in the loop. The generated code names the shared value u (the name of the
// carried variable) and declares the carried variable's adjoint d_u inside
// the reverse of the branch, then reads d_u after it as if it were the
// adjoint of w * w:  if (d_w) *d_w += 2.0 * (d_u * w);  // 'd_u' not declared
ADGEN_DIFFERENTIABLE double h(double x, double w, double a, int n) {
  double u = a;
  double t = x - w * w;
  if (t > 0.11) {
    for (int i = 0; i < n; ++i)
      u = w * w;
  }
  return u;
}

// The shape the random test found first.
ADGEN_DIFFERENTIABLE double g(double a, int n) {
  double s = 0, u = a;
  u += std::tanh(u * u);
  if (u > -1.16) {
    for (int i = n - 1; i >= 0; --i)
      s = std::tanh(a * a);
  }
  return s + u * 0.5;
}

#ifndef ADGEN_TOOL
#include "loop-in-branch-adjoint-undeclared.grad.h"
#include <cmath>
#include <cstdio>
int main() {
  double da = 0;
  double v = f_grad(0.5, 3, &da);
  std::printf("f = %g, d_a = %g (expected 3.29744, 3.29744)\n", v, da);
  // h and g against central differences, on both paths of their ifs.
  const double hh = 1e-6;
  for (double x : {0.5, -0.5}) {
    double dx = 0, dw = 0, dA = 0;
    h_grad(x, 0.6, 0.3, 2, &dx, &dw, &dA);
    double fx = (h(x + hh, 0.6, 0.3, 2) - h(x - hh, 0.6, 0.3, 2)) / (2 * hh);
    double fw = (h(x, 0.6 + hh, 0.3, 2) - h(x, 0.6 - hh, 0.3, 2)) / (2 * hh);
    double fa = (h(x, 0.6, 0.3 + hh, 2) - h(x, 0.6, 0.3 - hh, 2)) / (2 * hh);
    std::printf("h(%g): %s\n", x,
                std::fabs(dx - fx) + std::fabs(dw - fw) + std::fabs(dA - fa) < 1e-6 ? "ok" : "MISMATCH");
  }
  for (double a : {0.4, -2.0}) {
    double d = 0;
    g_grad(a, 3, &d);
    double fd = (g(a + hh, 3) - g(a - hh, 3)) / (2 * hh);
    std::printf("g(%g): %s\n", a, std::fabs(d - fd) < 1e-6 ? "ok" : "MISMATCH");
  }
}
#endif

// CHECK: f = 3.29744, d_a = 3.29744 (expected 3.29744, 3.29744)
// CHECK-NEXT: h(0.5): ok
// CHECK-NEXT: h(-0.5): ok
// CHECK-NEXT: g(0.4): ok
// CHECK-NEXT: g(-2): ok
