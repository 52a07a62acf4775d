// Powers and roots of <cmath>: sqrt cbrt pow hypot, with constant exponents
// (double and int), constant bases, both arguments variable, and pow(x, 1.0),
// in float and double.
//
// RUN: rm -rf %t && mkdir -p %t
// RUN: %adgen %s -o %t/pow-root.grad.h -- -std=c++17
// RUN: FileCheck %s < %t/pow-root.grad.h
// RUN: %cxx -I%t %s -o %t/gcc && %t/gcc | FileCheck %s --check-prefix=EXEC
// RUN: %clangxx -I%t %s -o %t/clang && %t/clang | FileCheck %s --check-prefix=EXEC

#include <adgen/adgen.h>
#include <cmath>

// Each body is written once; the oracle instantiates it for long double.
#define FUNCTIONS(T, MARK)                                                      \
  MARK T square_root(T x) { return std::sqrt(x); }                              \
  MARK T cube_root(T x) { return std::cbrt(x); }                                \
  MARK T cube(T x) { return std::pow(x, 3.0); }                                 \
  MARK T square_int(T x) { return std::pow(x, 2); }                             \
  MARK T half_power(T x) { return std::pow(x, 0.5); }                           \
  MARK T inverse_square(T x) { return std::pow(x, -2.0); }                      \
  MARK T two_to_the(T x) { return std::pow(2.0, x); }                           \
  MARK T power(T x, T y) { return std::pow(x, y); }                             \
  MARK T identity_power(T x) { return std::pow(x, 1.0); }                       \
  MARK T hypotenuse(T x, T y) { return std::hypot(x, y); }                      \
  MARK T norm_by_sqrt(T x, T y) { return std::sqrt(x * x + y * y); }            \
  MARK T sqrt_of_square(T x) { return std::sqrt(x) * std::sqrt(x); }            \
  MARK T cbrt_cubed(T x) { return std::pow(std::cbrt(x), 3.0); }                \
  MARK T power_of_power(T x, T y) { return std::pow(std::pow(x, y), 2.0); }     \
  MARK T power_mixed(T x, T y, T z) {                                           \
    return std::pow(x, y * z) + std::hypot(x - z, std::sqrt(y));                \
  }

FUNCTIONS(double, ADGEN_DIFFERENTIABLE)
FUNCTIONS(float, ADGEN_DIFFERENTIABLE)

// sqrt' = 1 / (2 sqrt(x)) and cbrt' = 1 / (3 cbrt(x)^2), reusing the value.
// CHECK-LABEL: inline double square_root_grad(double x, double* d_x) {
// CHECK-NEXT:    const double out = std::sqrt(x);
// CHECK-NEXT:    if (d_x) *d_x += 1.0 / (2.0 * out);
// CHECK-NEXT:    return out;
// CHECK-LABEL: inline void square_root_vjp(double x, double d_ret, double* d_x) {
// CHECK-NEXT:    if (d_x) *d_x += d_ret / (2.0 * std::sqrt(x));
// CHECK-LABEL: inline double cube_root_grad(
// CHECK-NEXT:    const double out = std::cbrt(x);
// CHECK-NEXT:    if (d_x) *d_x += 1.0 / (3.0 * (out * out));

// A constant exponent n: n * x^(n-1), with n - 1 folded.
// CHECK-LABEL: inline double cube_grad(
// CHECK-NEXT:    if (d_x) *d_x += 3.0 * std::pow(x, 2.0);
// CHECK-NEXT:    return std::pow(x, 3.0);
// The int exponent 2 is promoted to 2.0, and x^1 is x.
// CHECK-LABEL: inline double square_int_grad(
// CHECK-NEXT:    if (d_x) *d_x += 2.0 * x;
// CHECK-NEXT:    return std::pow(x, 2.0);
// CHECK-LABEL: inline double half_power_grad(
// CHECK-NEXT:    if (d_x) *d_x += 0.5 * std::pow(x, -0.5);
// CHECK-LABEL: inline double inverse_square_grad(
// CHECK-NEXT:    if (d_x) *d_x += -2.0 * std::pow(x, -3.0);

// A constant positive base needs no convention: c^x log(c), as for exp2.
// CHECK-LABEL: inline double two_to_the_grad(
// CHECK-NEXT:    const double out = std::pow(2.0, x);
// CHECK-NEXT:    if (d_x) *d_x += out * 0.6931471805599453;
// CHECK-NEXT:    return out;
// A variable base and exponent go through the helper (the convention at a == 0).
// CHECK-LABEL: inline double power_grad(double x, double y, double* d_x, double* d_y) {
// CHECK-NEXT:    const double out = std::pow(x, y);
// CHECK-NEXT:    if (d_x) *d_x += adgen::detail::pow_grad_base(1.0, x, y);
// CHECK-NEXT:    if (d_y) *d_y += adgen::detail::pow_grad_exponent(1.0, x, y, out);
// CHECK-NEXT:    return out;
// CHECK-LABEL: inline void power_vjp(
// CHECK-NEXT:    if (d_x) *d_x += adgen::detail::pow_grad_base(d_ret, x, y);
// CHECK-NEXT:    if (d_y) *d_y += adgen::detail::pow_grad_exponent(d_ret, x, y, std::pow(x, y));

// pow(x, 1.0) is simplified to x.
// CHECK-LABEL: inline double identity_power_grad(double x, double* d_x) {
// CHECK-NEXT:    if (d_x) *d_x += 1.0;
// CHECK-NEXT:    return x;
// CHECK-LABEL: inline void identity_power_vjp(double /*x*/, double d_ret, double* d_x) {
// CHECK-NEXT:    if (d_x) *d_x += d_ret;

// CHECK-LABEL: inline double hypotenuse_grad(
// CHECK-NEXT:    const double out = std::hypot(x, y);
// CHECK-NEXT:    if (d_x) *d_x += adgen::detail::hypot_grad(1.0, x, out);
// CHECK-NEXT:    if (d_y) *d_y += adgen::detail::hypot_grad(1.0, y, out);
// CHECK-NEXT:    return out;

// CHECK-LABEL: inline double norm_by_sqrt_grad(
// CHECK-NEXT:    const double out = std::sqrt(x * x + y * y);
// CHECK-NEXT:    const double t0 = 1.0 / (2.0 * out);
// CHECK-NEXT:    if (d_x) *d_x += 2.0 * (t0 * x);
// CHECK-NEXT:    if (d_y) *d_y += 2.0 * (t0 * y);

// In float, sqrt and pow(float, float) stay in float; pow(float, double) and
// pow(float, int) compute in double, as C++ does.
// CHECK-LABEL: inline float square_root_grad(float x, float* d_x) {
// CHECK-NEXT:    const float out = std::sqrt(x);
// CHECK-NEXT:    if (d_x) *d_x += 1.0f / (2.0f * out);
// CHECK-LABEL: inline float cube_grad(float x, float* d_x) {
// CHECK-NEXT:    const double t0 = static_cast<double>(x);
// CHECK-NEXT:    if (d_x) *d_x += static_cast<float>(3.0 * std::pow(t0, 2.0));
// CHECK-NEXT:    return static_cast<float>(std::pow(t0, 3.0));
// CHECK-LABEL: inline float square_int_grad(float x, float* d_x) {
// CHECK-NEXT:    const double t0 = static_cast<double>(x);
// CHECK-NEXT:    if (d_x) *d_x += static_cast<float>(2.0 * t0);
// CHECK-LABEL: inline float power_grad(float x, float y, float* d_x, float* d_y) {
// CHECK-NEXT:    const float out = std::pow(x, y);
// CHECK-NEXT:    if (d_x) *d_x += adgen::detail::pow_grad_base(1.0f, x, y);
// CHECK-NEXT:    if (d_y) *d_y += adgen::detail::pow_grad_exponent(1.0f, x, y, out);
// CHECK-LABEL: inline float identity_power_grad(float x, float* d_x) {
// CHECK-NEXT:    if (d_x) *d_x += 1.0f;

#ifndef ADGEN_TOOL
#include "pow-root.grad.h"
#include "oracle.h"

FUNCTIONS(long double, )

int main() {
#define CHECKS(T)                                                               \
  ORACLE_CHECK1(T, square_root, 4);                                             \
  ORACLE_CHECK1(T, square_root, 0.25);                                          \
  ORACLE_CHECK1(T, square_root, 2);                                             \
  ORACLE_CHECK1(T, cube_root, 8);                                               \
  ORACLE_CHECK1(T, cube_root, -0.125);                                          \
  ORACLE_CHECK1(T, cube_root, 3);                                               \
  ORACLE_CHECK1(T, cube, 2);                                                    \
  ORACLE_CHECK1(T, cube, -1.5);                                                 \
  ORACLE_CHECK1(T, cube, 0);                                                    \
  ORACLE_CHECK1(T, square_int, 3);                                              \
  ORACLE_CHECK1(T, square_int, -0.5);                                           \
  ORACLE_CHECK1(T, square_int, 0);                                              \
  ORACLE_CHECK1(T, half_power, 4);                                              \
  ORACLE_CHECK1(T, half_power, 0.5);                                            \
  ORACLE_CHECK1(T, inverse_square, 2);                                          \
  ORACLE_CHECK1(T, inverse_square, -0.5);                                       \
  ORACLE_CHECK1(T, two_to_the, 3);                                              \
  ORACLE_CHECK1(T, two_to_the, -1.5);                                           \
  ORACLE_CHECK1(T, two_to_the, 0);                                              \
  ORACLE_CHECK2(T, power, 2, 3);                                                \
  ORACLE_CHECK2(T, power, 0.5, -1.5);                                           \
  ORACLE_CHECK2(T, power, 1.5, 0);                                              \
  ORACLE_CHECK1(T, identity_power, 2.5);                                        \
  ORACLE_CHECK1(T, identity_power, -3);                                         \
  ORACLE_CHECK2(T, hypotenuse, 3, 4);                                           \
  ORACLE_CHECK2(T, hypotenuse, -1, 2.5);                                        \
  ORACLE_CHECK2(T, hypotenuse, 0, -2);                                          \
  ORACLE_CHECK2(T, norm_by_sqrt, 3, 4);                                         \
  ORACLE_CHECK2(T, norm_by_sqrt, -1, 2.5);                                      \
  ORACLE_CHECK1(T, sqrt_of_square, 2.5);                                        \
  ORACLE_CHECK1(T, cbrt_cubed, 2);                                              \
  ORACLE_CHECK1(T, cbrt_cubed, -0.75);                                          \
  ORACLE_CHECK2(T, power_of_power, 1.5, 2);                                     \
  ORACLE_CHECK2(T, power_of_power, 0.75, -0.5);                                 \
  ORACLE_CHECK3(T, power_mixed, 1.5, 2, 0.5);                                   \
  ORACLE_CHECK3(T, power_mixed, 0.5, 0.25, -1);
  CHECKS(double)
  CHECKS(float)
}
#endif

// Hand-derived where it is short (sqrt'(4) = 1/4, cbrt'(8) = 1/12, d/dx x^3 = 3x^2,
// d/dx 2^x = 2^x ln 2, hypot'(3, 4) = (3, 4) / 5, identities whose derivative is 1);
// every line is also checked against long-double central differences ("ok").
// EXEC: square_root<double>(4): value 2 grad [0.25] ok
// EXEC: square_root<double>(0.25): value 0.5 grad [1] ok
// EXEC: square_root<double>(2): value 1.41421 grad [0.353553] ok
// EXEC: cube_root<double>(8): value 2 grad [0.0833333] ok
// EXEC: cube_root<double>(-0.125): value -0.5 grad [1.33333] ok
// EXEC: cube_root<double>(3): value 1.44225 grad [0.16025] ok
// EXEC: cube<double>(2): value 8 grad [12] ok
// EXEC: cube<double>(-1.5): value -3.375 grad [6.75] ok
// EXEC: cube<double>(0): value 0 grad [0] ok
// EXEC: square_int<double>(3): value 9 grad [6] ok
// EXEC: square_int<double>(-0.5): value 0.25 grad [-1] ok
// EXEC: square_int<double>(0): value 0 grad [0] ok
// EXEC: half_power<double>(4): value 2 grad [0.25] ok
// EXEC: half_power<double>(0.5): value 0.707107 grad [0.707107] ok
// EXEC: inverse_square<double>(2): value 0.25 grad [-0.25] ok
// EXEC: inverse_square<double>(-0.5): value 4 grad [16] ok
// EXEC: two_to_the<double>(3): value 8 grad [5.54518] ok
// EXEC: two_to_the<double>(-1.5): value 0.353553 grad [0.245065] ok
// EXEC: two_to_the<double>(0): value 1 grad [0.693147] ok
// EXEC: power<double>(2, 3): value 8 grad [12, 5.54518] ok
// EXEC: power<double>(0.5, -1.5): value 2.82843 grad [-8.48528, -1.96052] ok
// EXEC: power<double>(1.5, 0): value 1 grad [0, 0.405465] ok
// EXEC: identity_power<double>(2.5): value 2.5 grad [1] ok
// EXEC: identity_power<double>(-3): value -3 grad [1] ok
// EXEC: hypotenuse<double>(3, 4): value 5 grad [0.6, 0.8] ok
// EXEC: hypotenuse<double>(-1, 2.5): value 2.69258 grad [-0.371391, 0.928477] ok
// EXEC: hypotenuse<double>(0, -2): value 2 grad [0, -1] ok
// EXEC: norm_by_sqrt<double>(3, 4): value 5 grad [0.6, 0.8] ok
// EXEC: norm_by_sqrt<double>(-1, 2.5): value 2.69258 grad [-0.371391, 0.928477] ok
// EXEC: sqrt_of_square<double>(2.5): value 2.5 grad [1] ok
// EXEC: cbrt_cubed<double>(2): value 2 grad [1] ok
// EXEC: cbrt_cubed<double>(-0.75): value -0.75 grad [1] ok
// EXEC: power_of_power<double>(1.5, 2): value 5.0625 grad [13.5, 4.10533] ok
// EXEC: power_of_power<double>(0.75, -0.5): value 1.33333 grad [-1.77778, -0.767152] ok
// EXEC: power_mixed<double>(1.5, 2, 0.5): value 3.23205 grad [1.57735, 0.592774, 0.639045] ok
// EXEC: power_mixed<double>(0.5, 0.25, -1): value 2.77035 grad [0.35408, 1.14052, -1.15476] ok
// EXEC: square_root<float>(4): value 2 grad [0.25] ok
// EXEC: square_root<float>(0.25): value 0.5 grad [1] ok
// EXEC: square_root<float>(2): value 1.41421 grad [0.353553] ok
// EXEC: cube_root<float>(8): value 2 grad [0.0833333] ok
// EXEC: cube_root<float>(-0.125): value -0.5 grad [1.33333] ok
// EXEC: cube_root<float>(3): value 1.44225 grad [0.16025] ok
// EXEC: cube<float>(2): value 8 grad [12] ok
// EXEC: cube<float>(-1.5): value -3.375 grad [6.75] ok
// EXEC: cube<float>(0): value 0 grad [0] ok
// EXEC: square_int<float>(3): value 9 grad [6] ok
// EXEC: square_int<float>(-0.5): value 0.25 grad [-1] ok
// EXEC: square_int<float>(0): value 0 grad [0] ok
// EXEC: half_power<float>(4): value 2 grad [0.25] ok
// EXEC: half_power<float>(0.5): value 0.707107 grad [0.707107] ok
// EXEC: inverse_square<float>(2): value 0.25 grad [-0.25] ok
// EXEC: inverse_square<float>(-0.5): value 4 grad [16] ok
// EXEC: two_to_the<float>(3): value 8 grad [5.54518] ok
// EXEC: two_to_the<float>(-1.5): value 0.353553 grad [0.245065] ok
// EXEC: two_to_the<float>(0): value 1 grad [0.693147] ok
// EXEC: power<float>(2, 3): value 8 grad [12, 5.54518] ok
// EXEC: power<float>(0.5, -1.5): value 2.82843 grad [-8.48528, -1.96052] ok
// EXEC: power<float>(1.5, 0): value 1 grad [0, 0.405465] ok
// EXEC: identity_power<float>(2.5): value 2.5 grad [1] ok
// EXEC: identity_power<float>(-3): value -3 grad [1] ok
// EXEC: hypotenuse<float>(3, 4): value 5 grad [0.6, 0.8] ok
// EXEC: hypotenuse<float>(-1, 2.5): value 2.69258 grad [-0.371391, 0.928477] ok
// EXEC: hypotenuse<float>(0, -2): value 2 grad [0, -1] ok
// EXEC: norm_by_sqrt<float>(3, 4): value 5 grad [0.6, 0.8] ok
// EXEC: norm_by_sqrt<float>(-1, 2.5): value 2.69258 grad [-0.371391, 0.928477] ok
// EXEC: sqrt_of_square<float>(2.5): value 2.5 grad [1] ok
// EXEC: cbrt_cubed<float>(2): value 2 grad [1] ok
// EXEC: cbrt_cubed<float>(-0.75): value -0.75 grad [1] ok
// EXEC: power_of_power<float>(1.5, 2): value 5.0625 grad [13.5, 4.10533] ok
// EXEC: power_of_power<float>(0.75, -0.5): value 1.33333 grad [-1.77778, -0.767152] ok
// EXEC: power_mixed<float>(1.5, 2, 0.5): value 3.23205 grad [1.57735, 0.592774, 0.639045] ok
// EXEC: power_mixed<float>(0.5, 0.25, -1): value 2.77035 grad [0.35408, 1.14052, -1.15476] ok
