// The spellings of <cmath> calls: the C names (sin, sinf, ::exp, fabsf, powf,
// sqrtf) and the std:: names in the same function, std::abs on floating point,
// and a float argument promoted to the double C function ::sin. Every spelling
// of a function becomes the same std:: call in the generated code.
//
// RUN: rm -rf %t && mkdir -p %t
// RUN: %adgen %s -o %t/math-spellings.grad.h -- -std=c++17
// RUN: FileCheck %s < %t/math-spellings.grad.h
// RUN: FileCheck %s --check-prefix=SPELLING < %t/math-spellings.grad.h
// RUN: %cxx -I%t %s -o %t/gcc && %t/gcc | FileCheck %s --check-prefix=EXEC
// RUN: %clangxx -I%t %s -o %t/clang && %t/clang | FileCheck %s --check-prefix=EXEC

#include <adgen/adgen.h>
#include <cmath>

// Each body is written once; the oracle instantiates it for long double. F is
// the suffix of T's C functions (sin, sinf, sinl): C(sin, F) is sinf in the
// float version. D is the suffix of the function that `promoted` calls: none
// (the double ::sin, also on a float) except in the oracle, which calls ::sinl
// so as not to round its argument to double.
#define C(name, suffix) name##suffix
#define FUNCTIONS(T, MARK, F, D)                                                \
  MARK T sin_twice(T x) { return C(sin, F)(x) + std::sin(x); }                  \
  MARK T exp_twice(T x) { return ::C(exp, F)(x) * std::exp(x); }                \
  MARK T abs_thrice(T x, T y) {                                                 \
    return C(fabs, F)(x) + std::fabs(y) + std::abs(x - y);                      \
  }                                                                             \
  MARK T std_abs(T x) { return std::abs(x); }                                   \
  MARK T pow_both(T x, T y) { return C(pow, F)(x, y) - std::pow(y, x); }        \
  MARK T sqrt_both(T x) { return C(sqrt, F)(x) / std::sqrt(x + 1); }            \
  MARK T c_only(T x, T y) {                                                     \
    return C(atan2, F)(y, x) * C(cosh, F)(x) + C(log1p, F)(y) - C(cbrt, F)(x);  \
  }                                                                             \
  MARK T promoted(T x) { return ::C(sin, D)(x) * x; }

FUNCTIONS(double, ADGEN_DIFFERENTIABLE, , )
FUNCTIONS(float, ADGEN_DIFFERENTIABLE, f, )

// sin(x) and std::sin(x) are the same call: one node, so the sum is 2 sin(x).
// CHECK-LABEL: inline double sin_twice_grad(double x, double* d_x) {
// CHECK-NEXT:    if (d_x) *d_x += 2.0 * std::cos(x);
// CHECK-NEXT:    return 2.0 * std::sin(x);
// ::exp(x) * std::exp(x) is a square.
// CHECK-LABEL: inline double exp_twice_grad(double x, double* d_x) {
// CHECK-NEXT:    const double t0 = std::exp(x);
// CHECK-NEXT:    if (d_x) *d_x += 2.0 * t0 * t0;
// CHECK-NEXT:    return t0 * t0;

// fabs, std::fabs and std::abs all become std::fabs.
// CHECK-LABEL: inline double abs_thrice_grad(
// CHECK:         return std::fabs(x) + std::fabs(y) + std::fabs(t0);
// CHECK-LABEL: inline double std_abs_grad(double x, double* d_x) {
// CHECK-NEXT:    if (d_x) *d_x += adgen::detail::sign(x);
// CHECK-NEXT:    return std::fabs(x);

// CHECK-LABEL: inline double pow_both_grad(
// CHECK-NEXT:    const double t0 = std::pow(x, y);
// CHECK-NEXT:    const double t1 = std::pow(y, x);
// CHECK-LABEL: inline double sqrt_both_grad(
// CHECK-NEXT:    const double t0 = std::sqrt(x);
// CHECK-NEXT:    const double t1 = std::sqrt(x + 1.0);
// CHECK-LABEL: inline double c_only_grad(
// CHECK-NEXT:    const double t0 = std::atan2(y, x);
// CHECK-NEXT:    const double t1 = std::cosh(x);
// CHECK-NEXT:    const double t2 = std::cbrt(x);
// CHECK:         return t0 * t1 + std::log1p(y) - t2;

// In float, sinf, ::expf, fabsf, powf and sqrtf become the float overloads of
// std::sin, std::exp, ...: the same calls as the std:: spellings.
// CHECK-LABEL: inline float sin_twice_grad(float x, float* d_x) {
// CHECK-NEXT:    if (d_x) *d_x += 2.0f * std::cos(x);
// CHECK-NEXT:    return 2.0f * std::sin(x);
// CHECK-LABEL: inline float exp_twice_grad(float x, float* d_x) {
// CHECK-NEXT:    const float t0 = std::exp(x);
// CHECK-LABEL: inline float abs_thrice_grad(
// CHECK:         return std::fabs(x) + std::fabs(y) + std::fabs(t0);
// CHECK-LABEL: inline float pow_both_grad(
// CHECK-NEXT:    const float t0 = std::pow(x, y);
// CHECK-NEXT:    const float t1 = std::pow(y, x);
// CHECK-LABEL: inline float sqrt_both_grad(
// CHECK-NEXT:    const float t0 = std::sqrt(x);
// CHECK-NEXT:    const float t1 = std::sqrt(x + 1.0f);

// ::sin on a float is the double function: x is promoted, sin and its
// derivative are computed in double, and the results rounded to float.
// CHECK-LABEL: inline float promoted_grad(float x, float* d_x) {
// CHECK-NEXT:    const double t0 = static_cast<double>(x);
// CHECK-NEXT:    const double t1 = std::sin(t0);
// CHECK-NEXT:    if (d_x) *d_x += static_cast<float>(t1 + t0 * std::cos(t0));
// CHECK-NEXT:    return static_cast<float>(t1 * t0);

// No C spelling survives: no f or l suffix, no unqualified or ::-qualified
// name, no abs.
// SPELLING-NOT: {{(sin|cos|exp|fabs|pow|sqrt|atan2|cosh|sinh|log1p|cbrt)[fl]\(}}
// SPELLING-NOT: {{[^a-z_0-9:](sin|cos|exp|fabs|pow|sqrt|atan2|cosh|sinh|log1p|cbrt)\(}}
// SPELLING-NOT: {{[^a-z_0-9]::(sin|cos|exp|fabs|pow|sqrt|atan2|cosh|sinh|log1p|cbrt)}}
// SPELLING-NOT: {{[^f]abs\(}}

#ifndef ADGEN_TOOL
#include "math-spellings.grad.h"
#include "oracle.h"

FUNCTIONS(long double, , l, l)

int main() {
#define CHECKS(T)                                                               \
  ORACLE_CHECK1(T, sin_twice, 0.5);                                             \
  ORACLE_CHECK1(T, sin_twice, -2);                                              \
  ORACLE_CHECK1(T, exp_twice, 0.75);                                            \
  ORACLE_CHECK1(T, exp_twice, -1);                                              \
  ORACLE_CHECK2(T, abs_thrice, 1.5, -2);                                        \
  ORACLE_CHECK2(T, abs_thrice, -0.5, 0.25);                                     \
  ORACLE_CHECK1(T, std_abs, -2.5);                                              \
  ORACLE_CHECK1(T, std_abs, 0.75);                                              \
  ORACLE_CHECK2(T, pow_both, 2, 3);                                             \
  ORACLE_CHECK2(T, pow_both, 0.5, 1.5);                                         \
  ORACLE_CHECK1(T, sqrt_both, 3);                                               \
  ORACLE_CHECK1(T, sqrt_both, 0.25);                                            \
  ORACLE_CHECK2(T, c_only, 1.5, 0.5);                                           \
  ORACLE_CHECK2(T, c_only, -0.75, 2);                                           \
  ORACLE_CHECK1(T, promoted, 0.5);                                              \
  ORACLE_CHECK1(T, promoted, -2.5);
  CHECKS(double)
  CHECKS(float)
}
#endif

// Hand-derived where it is short (2 sin'(x) = 2 cos(x), (e^x)^2' = 2 e^{2x},
// |x|' = sign(x)); every line is also checked against long-double central
// differences ("ok").
// EXEC: sin_twice<double>(0.5): value 0.958851 grad [1.75517] ok
// EXEC: sin_twice<double>(-2): value -1.81859 grad [-0.832294] ok
// EXEC: exp_twice<double>(0.75): value 4.48169 grad [8.96338] ok
// EXEC: exp_twice<double>(-1): value 0.135335 grad [0.270671] ok
// EXEC: abs_thrice<double>(1.5, -2): value 7 grad [2, -2] ok
// EXEC: abs_thrice<double>(-0.5, 0.25): value 1.5 grad [-2, 2] ok
// EXEC: std_abs<double>(-2.5): value 2.5 grad [-1] ok
// EXEC: std_abs<double>(0.75): value 0.75 grad [1] ok
// EXEC: pow_both<double>(2, 3): value -1 grad [2.11249, -0.454823] ok
// EXEC: pow_both<double>(0.5, 1.5): value -0.871191 grad [0.564069, -0.653313] ok
// EXEC: sqrt_both<double>(3): value 0.866025 grad [0.0360844] ok
// EXEC: sqrt_both<double>(0.25): value 0.447214 grad [0.715542] ok
// EXEC: c_only<double>(1.5, 0.5): value 0.01764 grad [-0.039766, 2.07811] ok
// EXEC: c_only<double>(-0.75, 2): value 4.50535 grad [-2.55805, 0.120509] ok
// EXEC: promoted<double>(0.5): value 0.239713 grad [0.918217] ok
// EXEC: promoted<double>(-2.5): value 1.49618 grad [1.40439] ok
// EXEC: sin_twice<float>(0.5): value 0.958851 grad [1.75517] ok
// EXEC: sin_twice<float>(-2): value -1.81859 grad [-0.832294] ok
// EXEC: exp_twice<float>(0.75): value 4.48169 grad [8.96338] ok
// EXEC: exp_twice<float>(-1): value 0.135335 grad [0.270671] ok
// EXEC: abs_thrice<float>(1.5, -2): value 7 grad [2, -2] ok
// EXEC: abs_thrice<float>(-0.5, 0.25): value 1.5 grad [-2, 2] ok
// EXEC: std_abs<float>(-2.5): value 2.5 grad [-1] ok
// EXEC: std_abs<float>(0.75): value 0.75 grad [1] ok
// EXEC: pow_both<float>(2, 3): value -1 grad [2.11249, -0.454823] ok
// EXEC: pow_both<float>(0.5, 1.5): value -0.871192 grad [0.564069, -0.653313] ok
// EXEC: sqrt_both<float>(3): value 0.866025 grad [0.0360844] ok
// EXEC: sqrt_both<float>(0.25): value 0.447214 grad [0.715542] ok
// EXEC: c_only<float>(1.5, 0.5): value 0.01764 grad [-0.0397661, 2.07811] ok
// EXEC: c_only<float>(-0.75, 2): value 4.50535 grad [-2.55805, 0.120509] ok
// EXEC: promoted<float>(0.5): value 0.239713 grad [0.918217] ok
// EXEC: promoted<float>(-2.5): value 1.49618 grad [1.40439] ok
