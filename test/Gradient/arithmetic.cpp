// Straight-line arithmetic: + - * /, unary minus, literals, locals reassigned,
// compound assignment, in float and double.
//
// RUN: rm -rf %t && mkdir -p %t
// RUN: %adgen %s -o %t/arithmetic.grad.h -- -std=c++17
// RUN: FileCheck %s < %t/arithmetic.grad.h
// RUN: %cxx -I%t %s -o %t/gcc && %t/gcc | FileCheck %s --check-prefix=EXEC
// RUN: %clangxx -I%t %s -o %t/clang && %t/clang | FileCheck %s --check-prefix=EXEC

#include <adgen/adgen.h>
#include <cmath>

// Each body is written once; the oracle instantiates it for long double.
#define FUNCTIONS(T, MARK)                                                      \
  MARK T add(T x, T y) { return x + y; }                                        \
  MARK T sub(T x, T y) { return x - y; }                                        \
  MARK T mul(T x, T y) { return x * y; }                                        \
  MARK T quot(T x, T y) { return x / y; }                                       \
  MARK T negate(T x) { return -x; }                                             \
  MARK T affine(T x) { return 3 * x - 2.5; }                                    \
  MARK T square(T x) { return x * x; }                                          \
  MARK T poly(T x, T y) {                                                       \
    T t = x * y;                                                                \
    T u = t + x;                                                                \
    return u * t - y / x;                                                       \
  }                                                                             \
  MARK T reassigned(T x, T y) {                                                 \
    T acc = x;                                                                  \
    acc = acc * y;                                                              \
    acc = acc + x * x;                                                          \
    return acc;                                                                 \
  }                                                                             \
  MARK T compound(T x, T y) {                                                   \
    T a = x;                                                                    \
    a += y;                                                                     \
    a *= x;                                                                     \
    a -= y * y;                                                                 \
    a /= y;                                                                     \
    return a;                                                                   \
  }                                                                             \
  MARK T param_reassigned(T x, T y) {                                           \
    x = x * y;                                                                  \
    x = x - y;                                                                  \
    return x * x;                                                               \
  }                                                                             \
  MARK T three(T x, T y, T z) { return (x - y) * (y - z) / (x + z); }

FUNCTIONS(double, ADGEN_DIFFERENTIABLE)
FUNCTIONS(float, ADGEN_DIFFERENTIABLE)

// CHECK-LABEL: inline double add_grad(double x, double y, double* d_x, double* d_y) {
// CHECK-NEXT:   if (d_x) *d_x += 1.0;
// CHECK-NEXT:   if (d_y) *d_y += 1.0;
// CHECK-NEXT:   return x + y;
// CHECK-LABEL: inline void add_vjp(double /*x*/, double /*y*/, double d_ret, double* d_x, double* d_y) {
// CHECK-NEXT:   if (d_x) *d_x += d_ret;
// CHECK-NEXT:   if (d_y) *d_y += d_ret;

// CHECK-LABEL: inline double sub_grad(
// CHECK:         if (d_y) *d_y += -1.0;
// CHECK-LABEL: inline void sub_vjp(
// CHECK:         if (d_y) *d_y += -d_ret;

// CHECK-LABEL: inline double mul_grad(
// CHECK-NEXT:    if (d_x) *d_x += y;
// CHECK-NEXT:    if (d_y) *d_y += x;
// CHECK-NEXT:    return x * y;

// One division for both adjoints: d_y = -(g / y) * out.
// CHECK-LABEL: inline double quot_grad(
// CHECK-NEXT:    const double out = x / y;
// CHECK-NEXT:    const double t0 = 1.0 / y;
// CHECK-NEXT:    if (d_x) *d_x += t0;
// CHECK-NEXT:    if (d_y) *d_y += -(t0 * out);
// CHECK-NEXT:    return out;

// Literals keep the user's spelling of the value; 3 becomes 3.0.
// CHECK-LABEL: inline double affine_grad(double x, double* d_x) {
// CHECK-NEXT:    if (d_x) *d_x += 3.0;
// CHECK-NEXT:    return 3.0 * x - 2.5;

// x * x: the two contributions of x are one product, doubled.
// CHECK-LABEL: inline double square_grad(
// CHECK-NEXT:    if (d_x) *d_x += 2.0 * x;

// User names survive; a reassigned variable gets a numbered name.
// CHECK-LABEL: inline double poly_grad(
// CHECK:         const double t = x * y;
// CHECK:         const double u = t + x;
// CHECK-LABEL: inline double reassigned_grad(
// CHECK:         const double acc = x * y;
// CHECK:         const double acc_1 = acc + x * x;
// CHECK:         return acc_1;
// CHECK-LABEL: inline double param_reassigned_grad(
// CHECK:         const double x_1 = x * y;
// CHECK:         const double x_2 = x_1 - y;

// The float versions compute in float; `- 2.5` is a double operation, as in C++.
// CHECK-LABEL: inline float add_grad(float x, float y, float* d_x, float* d_y) {
// CHECK-NEXT:    if (d_x) *d_x += 1.0f;
// CHECK-LABEL: inline float affine_grad(float x, float* d_x) {
// CHECK:         return static_cast<float>(static_cast<double>(3.0f * x) - 2.5);

#ifndef ADGEN_TOOL
#include "arithmetic.grad.h"
#include "oracle.h"

FUNCTIONS(long double, )

int main() {
#define CHECKS(T)                                                               \
  ORACLE_CHECK2(T, add, 1.5, -2);                                               \
  ORACLE_CHECK2(T, sub, 1.5, -2);                                               \
  ORACLE_CHECK2(T, mul, 1.5, -2);                                               \
  ORACLE_CHECK2(T, quot, 1.5, -2);                                              \
  ORACLE_CHECK1(T, negate, 0.75);                                               \
  ORACLE_CHECK1(T, affine, 0.75);                                               \
  ORACLE_CHECK1(T, square, -1.25);                                              \
  ORACLE_CHECK2(T, poly, 0.5, 2);                                               \
  ORACLE_CHECK2(T, reassigned, 0.5, 2);                                         \
  ORACLE_CHECK2(T, compound, 0.5, 2);                                           \
  ORACLE_CHECK2(T, param_reassigned, 0.5, 2);                                   \
  ORACLE_CHECK3(T, three, 0.5, 2, -1.5);
  CHECKS(double)
  CHECKS(float)
}
#endif

// Hand-derived where it is short; every line is also checked against
// long-double central differences ("ok").
// EXEC: add<double>(1.5, -2): value -0.5 grad [1, 1] ok
// EXEC: sub<double>(1.5, -2): value 3.5 grad [1, -1] ok
// EXEC: mul<double>(1.5, -2): value -3 grad [-2, 1.5] ok
// EXEC: quot<double>(1.5, -2): value -0.75 grad [-0.5, -0.375] ok
// EXEC: negate<double>(0.75): value -0.75 grad [-1] ok
// EXEC: affine<double>(0.75): value -0.25 grad [3] ok
// EXEC: square<double>(-1.25): value 1.5625 grad [-2.5] ok
// EXEC: poly<double>(0.5, 2): {{.*}} ok
// EXEC: reassigned<double>(0.5, 2): value 1.25 grad [3, 0.5] ok
// EXEC: compound<double>(0.5, 2): {{.*}} ok
// EXEC: param_reassigned<double>(0.5, 2): value 1 grad [-4, 1] ok
// EXEC: three<double>(0.5, 2, -1.5): {{.*}} ok
// EXEC: add<float>(1.5, -2): value -0.5 grad [1, 1] ok
// EXEC: sub<float>(1.5, -2): value 3.5 grad [1, -1] ok
// EXEC: mul<float>(1.5, -2): value -3 grad [-2, 1.5] ok
// EXEC: quot<float>(1.5, -2): value -0.75 grad [-0.5, -0.375] ok
// EXEC: negate<float>(0.75): value -0.75 grad [-1] ok
// EXEC: affine<float>(0.75): value -0.25 grad [3] ok
// EXEC: square<float>(-1.25): value 1.5625 grad [-2.5] ok
// EXEC: poly<float>(0.5, 2): {{.*}} ok
// EXEC: reassigned<float>(0.5, 2): value 1.25 grad [3, 0.5] ok
// EXEC: compound<float>(0.5, 2): {{.*}} ok
// EXEC: param_reassigned<float>(0.5, 2): value 1 grad [-4, 1] ok
// EXEC: three<float>(0.5, 2, -1.5): {{.*}} ok
