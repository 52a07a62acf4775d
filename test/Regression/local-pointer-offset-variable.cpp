// Regression test (found by random and real-style testing; the comment
// below describes the bug as it was).
//
// RUN: rm -rf %t && mkdir -p %t
// RUN: %adgen %s -o %t/local-pointer-offset-variable.grad.h -- -std=c++17
// RUN: %cxx -I%t %s -o %t/gcc && %t/gcc | FileCheck %s
// RUN: %clangxx -I%t %s -o %t/clang && %t/clang | FileCheck %s
//
// A pointer whose offset into a parameter becomes a variable of the generated
// code (reassigned in a branch, carried by a loop) is declared with the
// pointer's type instead of an integer offset, so the generated header does
// not compile. docs/supported.md#pointers documents all of these as
// supported ("a local pointer into a parameter ... can be reassigned,
// advanced in a loop, and passed to a helper"); adgen accepts them (exit 0).
//
// Generated for `branch` (g++ 12 / clang++ 16 both reject it):
//   const double * p = 0;
//   if (x > 0.0) { p = 2; }              // int assigned to a pointer
//   const auto t0 = p + 0;
//   if (d_a) d_a[t0] += x;               // pointer used as a subscript
// Generated for `loop` (reverse loop):
//   const const double * row = static_cast<const double *>(iterations_k) * c;
//   ... m[row + 0] ...
// Same for `helper` (a helper advancing its own pointer parameter in a loop)
// and `param` (++a on a pointer parameter in a loop).
// Expected: offsets as integers (int p = 0; if (x > 0) p = 2; d_a[p] += x;).
#include <adgen/adgen.h>

ADGEN_DIFFERENTIABLE double branch(const double *a, double x) {
  const double *p = a;
  if (x > 0)
    p = a + 2;
  return p[0] * x + p[1];
}

ADGEN_DIFFERENTIABLE double loop(const double *m, int r, int c) {
  double s = 0;
  const double *row = m;
  for (int i = 0; i < r; ++i) {
    s += row[0] * row[c - 1];
    row += c;
  }
  return s;
}

inline double walk(const double *p, int n) {
  double s = 0;
  for (int i = 0; i < n; ++i) {
    s += p[0] * p[0];
    p += 1;
  }
  return s;
}
ADGEN_DIFFERENTIABLE double helper(const double *a, int n) { return walk(a, n); }

ADGEN_DIFFERENTIABLE double param(const double *a, int n) {
  double s = 0;
  while (n > 0) {
    s += *a * *a;
    ++a;
    --n;
  }
  return s;
}

#ifndef ADGEN_TOOL
#include "local-pointer-offset-variable.grad.h"
#include <cstdio>
int main() {
  const double a[4] = {1, 2, 3, 4};
  double d[4] = {}, dx = 0;
  double v = branch_grad(a, 0.5, d, &dx);
  // expected: 3.5 [0, 0, 0.5, 1] 3
  std::printf("branch %g [%g, %g, %g, %g] %g\n", v, d[0], d[1], d[2], d[3], dx);
  double e[4] = {};
  v = loop_grad(a, 2, 2, e);
  // expected: 14 [2, 1, 4, 3]
  std::printf("loop %g [%g, %g, %g, %g]\n", v, e[0], e[1], e[2], e[3]);
  double f[4] = {};
  v = helper_grad(a, 3, f);
  std::printf("helper %g [%g, %g, %g, %g]\n", v, f[0], f[1], f[2], f[3]); // 14 [2, 4, 6, 0]
  double g[4] = {};
  v = param_grad(a, 3, g);
  std::printf("param %g [%g, %g, %g, %g]\n", v, g[0], g[1], g[2], g[3]); // 14 [2, 4, 6, 0]
}
#endif

// (5.5 = 3 * 0.5 + 4: p points at a[2] when x > 0.)
// CHECK: branch 5.5 [0, 0, 0.5, 1] 3
// CHECK-NEXT: loop 14 [2, 1, 4, 3]
// CHECK-NEXT: helper 14 [2, 4, 6, 0]
// CHECK-NEXT: param 14 [2, 4, 6, 0]
