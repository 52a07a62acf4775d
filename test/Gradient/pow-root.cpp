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
