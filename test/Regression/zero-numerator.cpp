// Regression test (found by the random-program tester, program 6337; the
// comment below describes the bug as it was).
//
// RUN: rm -rf %t && mkdir -p %t
// RUN: %adgen %s -o %t/zero-numerator.grad.h -- -std=c++17
// RUN: FileCheck --check-prefix=GEN %s < %t/zero-numerator.grad.h
// RUN: %cxx -I%t %s -o %t/gcc && %t/gcc | FileCheck %s
// RUN: %clangxx -I%t %s -o %t/clang && %t/clang | FileCheck %s
//
// The Div rule gives c / b, c a constant, the adjoint -g * y * y / c for b
// (a product instead of a division). With c = 0 (a random program's
// 0.0 / (1.5 + |a|)) that is 0 / 0: d_a was NaN where the derivative is 0.
// Expected: the general form for c = 0, the product form for c != 0.
#include <adgen/adgen.h>
#include <cmath>

#define FUNCTIONS(T, MARK)                                                      \
  MARK T zero_over(T a) { return T(0) / (T(1.5) + std::fabs(a)) + a * a; }       \
  MARK T two_over(T a) { return T(2) / (T(1) + a * a); }

FUNCTIONS(double, ADGEN_DIFFERENTIABLE)
FUNCTIONS(float, ADGEN_DIFFERENTIABLE)

// GEN-LABEL: inline double zero_over_grad(
// GEN-NOT:     / 0.0
// GEN-LABEL: inline double two_over_grad(
// GEN:         out * out / 2.0

#ifndef ADGEN_TOOL
#include "zero-numerator.grad.h"
#include "oracle.h"

using LongDouble = long double;
FUNCTIONS(LongDouble, )

template <class T> void checks() {
  for (T a : {T(0.7), T(-1.3)}) {
    ORACLE_CHECK1(T, zero_over, a);
    ORACLE_CHECK1(T, two_over, a);
  }
}

int main() {
  checks<double>();
  checks<float>();
}
#endif

// CHECK-COUNT-8: ok
// CHECK-NOT: MISMATCH
