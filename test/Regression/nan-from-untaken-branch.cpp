// Regression test (found by random and real-style testing; the comment
// below describes the bug as it was).
//
// RUN: rm -rf %t && mkdir -p %t
// RUN: %adgen %s -o %t/nan-from-untaken-branch.grad.h -- -std=c++17
// RUN: %cxx -I%t %s -o %t/gcc && %t/gcc | FileCheck %s
// RUN: %clangxx -I%t %s -o %t/clang && %t/clang | FileCheck %s
//
// A NaN gradient from a branch that did not run. s is only used on the
// path `mode == 1`; with mode == 0 the result is x and the derivative is 1.
// But the reverse of the loop that computes s runs anyway, with a zero
// adjoint times a derivative that overflowed (s = inf): 0 * inf = NaN, which
// lands in d_x. docs/supported.md (Control flow): "a variable changed in a
// branch becomes, after the if, the value of the branch that ran, and its
// adjoint flows back only into that branch" (define-by-run, as PyTorch with
// a Python `if`, where s would not be in the graph at all).
// Expected: pick(3, 12, 0) = 3, d_x = 1.   Got: d_x = nan (g++ 12, clang++ 16).
// The same happens with no overflow in sight in the reverse of a loop whose
// carried value diverges (s += u/2 - s*s/4) but is only read on an
// untaken path; found by random testing.
#include <adgen/adgen.h>

ADGEN_DIFFERENTIABLE double pick(double x, int n, int mode) {
  double s = x;
  for (int i = 0; i < n; ++i)
    s = s * s;
  double r = x;
  if (mode == 1)
    r = s;
  return r;
}

#ifndef ADGEN_TOOL
#include "nan-from-untaken-branch.grad.h"
#include <cstdio>
int main() {
  double d = 0;
  double v = pick_grad(3.0, 12, 0, &d);
  std::printf("pick(3, 12, 0) = %g, d_x = %g (expected 3, 1)\n", v, d);
  d = 0;
  pick_vjp(3.0, 12, 0, 1.0, &d);
  std::printf("vjp: d_x = %g (expected 1)\n", d);
}
#endif

// CHECK: pick(3, 12, 0) = 3, d_x = 1 (expected 3, 1)
