// Common subexpressions are computed once, in the primal and in the
// gradient, and the gradient reuses primal values (exp, tanh, sqrt, division).
//
// RUN: rm -rf %t && mkdir -p %t
// RUN: %adgen %s -o %t/cse.grad.h -- -std=c++17
// RUN: FileCheck %s < %t/cse.grad.h
// RUN: %cxx -I%t %s -o %t/gcc && %t/gcc | FileCheck %s --check-prefix=EXEC
// RUN: %clangxx -I%t %s -o %t/clang && %t/clang | FileCheck %s --check-prefix=EXEC

#include <adgen/adgen.h>
#include <cmath>

#define FUNCTIONS(T, MARK)                                                      \
  /* x * y written three times, in both operand orders: one product. */         \
  MARK T repeated(T x, T y) { return std::sin(x * y) + (y * x) * (x * y); }     \
  /* d/dx exp(x) reuses exp(x) itself. */                                       \
  MARK T expo(T x) { return std::exp(x) * 2; }                                  \
  /* tanh' = 1 - tanh^2 reuses the primal tanh. */                              \
  MARK T squash(T x, T w) { return std::tanh(w * x); }                          \
  /* The same call in two statements. */                                        \
  MARK T twice(T x) {                                                           \
    T a = std::sqrt(x);                                                         \
    T b = std::sqrt(x) + 1;                                                     \
    return a * b;                                                               \
  }

FUNCTIONS(double, ADGEN_DIFFERENTIABLE)

// CHECK-LABEL: inline double repeated_grad(double x, double y, double* d_x, double* d_y) {
// CHECK-NEXT:    const double t0 = x * y;
// CHECK-NOT:     y * x
// CHECK:         return std::sin(t0) + t0 * t0;

// CHECK-LABEL: inline double expo_grad(double x, double* d_x) {
// CHECK-NEXT:    const double out = std::exp(x) * 2.0;
// CHECK-NEXT:    if (d_x) *d_x += out;
// CHECK-NEXT:    return out;

// CHECK-LABEL: inline double squash_grad(double x, double w, double* d_x, double* d_w) {
// CHECK-NEXT:    const double out = std::tanh(w * x);
// CHECK-NEXT:    const double t0 = 1.0 - out * out;
// CHECK-NEXT:    if (d_x) *d_x += t0 * w;
// CHECK-NEXT:    if (d_w) *d_w += t0 * x;
// CHECK-NEXT:    return out;

// CHECK-LABEL: inline double twice_grad(double x, double* d_x) {
// CHECK-NEXT:    const double a = std::sqrt(x);
// CHECK-NOT:     std::sqrt(x)
// CHECK:         return

#ifndef ADGEN_TOOL
#include "cse.grad.h"
#include "oracle.h"

FUNCTIONS(long double, )

int main() {
  ORACLE_CHECK2(double, repeated, 0.7, -1.3);
  ORACLE_CHECK1(double, expo, 0.25);
  ORACLE_CHECK2(double, squash, 0.7, -1.3);
  ORACLE_CHECK1(double, twice, 2.25);
}
#endif

// EXEC: repeated<double>(0.7, -1.3): {{.*}} ok
// EXEC: expo<double>(0.25): {{.*}} ok
// EXEC: squash<double>(0.7, -1.3): {{.*}} ok
// EXEC: twice<double>(2.25): value 3.75 grad [1.33333] ok
