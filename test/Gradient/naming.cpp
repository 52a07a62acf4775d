// Generated names never collide with the user's. The API's names come first:
// a parameter called d_x pushes the adjoint of x to d_x_1. A local that
// collides with the API's d_ret is renamed (d_ret_1); locals called t0 or out
// keep their names and the generated temporaries step aside.
//
// RUN: rm -rf %t && mkdir -p %t
// RUN: %adgen %s -o %t/naming.grad.h -- -std=c++17
// RUN: FileCheck %s < %t/naming.grad.h
// RUN: %cxx -I%t %s -o %t/gcc && %t/gcc | FileCheck %s --check-prefix=EXEC
// RUN: %clangxx -I%t %s -o %t/clang && %t/clang | FileCheck %s --check-prefix=EXEC

#include <adgen/adgen.h>
#include <cmath>

#define FUNCTIONS(T, MARK)                                                      \
  MARK T clash(T x, T d_x) { return x * d_x + std::exp(x); }                    \
  MARK T locals(T x, T y) {                                                     \
    T t0 = std::sin(x);                                                         \
    T out = t0 * y;                                                             \
    T d_ret = out * out;                                                        \
    return d_ret + std::sin(x) * x;                                             \
  }

FUNCTIONS(double, ADGEN_DIFFERENTIABLE)

// CHECK-LABEL: inline double clash_grad(double x, double d_x, double* d_x_1, double* d_d_x) {
// CHECK-LABEL: inline void clash_vjp(double x, double d_x, double d_ret, double* d_x_1, double* d_d_x) {
// CHECK-LABEL: inline double locals_grad(double x, double y, double* d_x, double* d_y) {
// CHECK:         const double t0 = std::sin(x);
// CHECK:         const double out = t0 * y;
// CHECK:         const double d_ret_1 = out * out;
// CHECK-NOT:     const double t0 =
// CHECK-LABEL: inline void locals_vjp(double x, double y, double d_ret, double* d_x, double* d_y) {

#ifndef ADGEN_TOOL
#include "naming.grad.h"
#include "oracle.h"

FUNCTIONS(long double, )

int main() {
  ORACLE_CHECK2(double, clash, 0.5, 1.5);
  ORACLE_CHECK2(double, locals, 0.5, 1.5);
}
#endif

// EXEC: clash<double>(0.5, 1.5): {{.*}} ok
// EXEC: locals<double>(0.5, 1.5): {{.*}} ok
