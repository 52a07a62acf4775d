// Regression test (found by random and real-style testing; the comment
// below describes the bug as it was).
//
// RUN: rm -rf %t && mkdir -p %t
// RUN: %adgen %s -o %t/loop-var-set-but-unused.grad.h -- -std=c++17
// RUN: %cxx -I%t %s -o %t/gcc && %t/gcc | FileCheck %s
// RUN: %clangxx -I%t %s -o %t/clang && %t/clang | FileCheck %s
//
// A loop-carried variable that each iteration overwrites before reading it
// (so its previous value is dead) makes the generated code declare and
// assign a variable that is never read: -Wunused-but-set-variable, an error
// under -Wall -Wextra -Werror (g++ 12 and clang++ 16).
//   step: `dx` is only read in the loop condition, after being assigned:
//         both step_grad and step_vjp fail ("variable 'dx' set but not used").
//   seidel: `x` is read after the loop only by the return: seidel_vjp fails
//         ("variable 'x' set but not used"); seidel_grad compiles.
#include <adgen/adgen.h>
#include <cmath>

ADGEN_DIFFERENTIABLE double step(double x0, double a) {
  double x = x0, dx = 0;
  int it = 0;
  do {
    dx = 0.5 * (x - a / x);
    x -= dx;
    it++;
  } while (std::fabs(dx) > 1e-12 && it < 30);
  return x;
}

ADGEN_DIFFERENTIABLE double seidel(double a, double b, int iters) {
  double x = 0, y = 0;
  for (int k = 0; k < iters; ++k) {
    x = (b - 0.5 * y) / a;
    y = (1 - x) / a;
  }
  return x + 2 * y;
}

#ifndef ADGEN_TOOL
#include "loop-var-set-but-unused.grad.h"
#include <cstdio>
int main() {
  double d = 0, da = 0, db = 0;
  double v = step_grad(1.0, 2.0, &d, &da);
  std::printf("step = %g (sqrt 2), d/da = %g (1/(2 sqrt 2) = 0.353553)\n", v, da);
  seidel_vjp(2, 1, 5, 1.0, &da, &db);
  std::printf("ok\n");
}
#endif

// CHECK: step = 1.41421 (sqrt 2), d/da = 0.353553 (1/(2 sqrt 2) = 0.353553)
// CHECK-NEXT: ok
