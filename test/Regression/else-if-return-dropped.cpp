// Regression test (found by random and real-style testing; the comment
// below describes the bug as it was).
//
// RUN: rm -rf %t && mkdir -p %t
// RUN: %adgen %s -o %t/else-if-return-dropped.grad.h -- -std=c++17
// RUN: %cxx -I%t %s -o %t/gcc && %t/gcc | FileCheck %s
// RUN: %clangxx -I%t %s -o %t/clang && %t/clang | FileCheck %s
//
// WRONG VALUES AND GRADIENTS, silently (adgen exits 0, the code compiles).
// An early `return` inside a nested if is dropped (its path falls through to
// the code after the enclosing if) when the enclosing if has another return
// in its other branch, or in the same branch, or when it is nested more than
// one if deep. Statements after the dropped
// return in its block are dropped too. The most common shape is an
// else-if chain of returns followed by a final return:
//
//   if (x > 1) return x; else if (x < -1) return -x * x; return 2 * x;
//
// adgen generates (chain_grad):
//   const bool t0 = x > 1.0;
//   if (t0) { out = x; } else { out = 2.0 * x; }   // `x < -1` is gone
//
// Expected vs got (value, derivative):
//   chain(-3):     expected -9, d 6         got -6, d 2
//   around(-3):    expected -6.25, d 5      got -5, d 2     (x += 0.5 and the x *= 3 after the if also lost)
//   both(2):       expected 2, d 1          got 4, d 2      (both nested returns lost)
//   both(-3):      expected -9, d 6         got -6, d 2
//   via_helper(3): expected 3, d 1          got 6, d 2      (same shape inside an inlined helper)
//   deep(3):       expected 3, d 1          got 6, d 2      (no else at all: a return three ifs deep)
//   two(3):        expected 3, d 1          got 6, d 2      (no else: two returning ifs inside one if)
//   two(1.5):      expected 2.25, d 3       got 3, d 2
// Works: the same chain ending in `else return 2 * x;`, sequential ifs
// at the top level (`if (a) return; if (b) return; return;`), and a single
// returning if nested one level deep (`if (a) { if (b) return; } return;`).
// docs/supported.md: "`return expr;`, also inside branches (early return).
// Every path must end with one." All functions below are in the subset.
#include <adgen/adgen.h>

ADGEN_DIFFERENTIABLE double chain(double x) {
  if (x > 1)
    return x;
  else if (x < -1)
    return -x * x;
  return 2 * x;
}

ADGEN_DIFFERENTIABLE double around(double x) {
  if (x > 1) {
    return x;
  } else {
    x = x + 0.5;
    if (x < -1)
      return -x * x;
    x = x * 3;
  }
  return 2 * x;
}

ADGEN_DIFFERENTIABLE double both(double x) {
  if (x > 0) {
    if (x > 1)
      return x;
  } else {
    if (x < -1)
      return -x * x;
  }
  return 2 * x;
}

ADGEN_DIFFERENTIABLE double deep(double x) {
  if (x > 0) {
    if (x > 0.5) {
      if (x > 1)
        return x;
    }
  }
  return 2 * x;
}

ADGEN_DIFFERENTIABLE double two(double x) {
  if (x > 0) {
    if (x > 2)
      return x;
    if (x > 1)
      return x * x;
  }
  return 2 * x;
}

inline double clip(double x) {
  if (x < -1)
    return -x * x;
  else if (x > 1)
    return x;
  return 2 * x;
}
ADGEN_DIFFERENTIABLE double via_helper(double x) { return clip(x); }

#ifndef ADGEN_TOOL
#include "else-if-return-dropped.grad.h"
#include <cstdio>
int main() {
  double d = 0, v = 0;
  v = chain_grad(-3, &d);
  std::printf("chain(-3) = %g, d %g (expected -9, 6)\n", v, d);
  d = 0;
  v = around_grad(-3, &d);
  std::printf("around(-3) = %g, d %g (expected -6.25, 5)\n", v, d);
  d = 0;
  v = both_grad(2, &d);
  std::printf("both(2) = %g, d %g (expected 2, 1)\n", v, d);
  d = 0;
  v = both_grad(-3, &d);
  std::printf("both(-3) = %g, d %g (expected -9, 6)\n", v, d);
  d = 0;
  v = deep_grad(3, &d);
  std::printf("deep(3) = %g, d %g (expected 3, 1)\n", v, d);
  d = 0;
  v = two_grad(3, &d);
  std::printf("two(3) = %g, d %g (expected 3, 1)\n", v, d);
  d = 0;
  v = two_grad(1.5, &d);
  std::printf("two(1.5) = %g, d %g (expected 2.25, 3)\n", v, d);
  d = 0;
  v = via_helper_grad(3, &d);
  std::printf("via_helper(3) = %g, d %g (expected 3, 1)\n", v, d);
}
#endif

// CHECK: chain(-3) = -9, d 6 (expected -9, 6)
// CHECK-NEXT: around(-3) = -6.25, d 5 (expected -6.25, 5)
// CHECK-NEXT: both(2) = 2, d 1 (expected 2, 1)
// CHECK-NEXT: both(-3) = -9, d 6 (expected -9, 6)
// CHECK-NEXT: deep(3) = 3, d 1 (expected 3, 1)
// CHECK-NEXT: two(3) = 3, d 1 (expected 3, 1)
// CHECK-NEXT: two(1.5) = 2.25, d 3 (expected 2.25, 3)
// CHECK-NEXT: via_helper(3) = 3, d 1 (expected 3, 1)
