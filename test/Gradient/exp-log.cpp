// Exponentials and logarithms of <cmath>: exp exp2 expm1 log log2 log10
// log1p, alone and in compositions (softplus, the logistic function), in float
// and double.
//
// RUN: rm -rf %t && mkdir -p %t
// RUN: %adgen %s -o %t/exp-log.grad.h -- -std=c++17
// RUN: FileCheck %s < %t/exp-log.grad.h
// RUN: %cxx -I%t %s -o %t/gcc && %t/gcc | FileCheck %s --check-prefix=EXEC
// RUN: %clangxx -I%t %s -o %t/clang && %t/clang | FileCheck %s --check-prefix=EXEC

#include <adgen/adgen.h>
#include <cmath>

// Each body is written once; the oracle instantiates it for long double.
#define FUNCTIONS(T, MARK)                                                      \
  MARK T exponential(T x) { return std::exp(x); }                               \
  MARK T exponential2(T x) { return std::exp2(x); }                             \
  MARK T exponential_m1(T x) { return std::expm1(x); }                          \
  MARK T logarithm(T x) { return std::log(x); }                                 \
  MARK T logarithm2(T x) { return std::log2(x); }                               \
  MARK T logarithm10(T x) { return std::log10(x); }                             \
  MARK T logarithm_1p(T x) { return std::log1p(x); }                            \
  MARK T softplus(T x) { return std::log1p(std::exp(x)); }                      \
  MARK T logistic(T x) { return 1 / (1 + std::exp(-x)); }                       \
  MARK T log_of_exp(T x) { return std::log(std::exp(x)); }                      \
  MARK T exp_of_log(T x) { return std::exp(std::log(x)); }                      \
  MARK T log2_of_exp2(T x) { return std::log2(std::exp2(x)); }                  \
  MARK T log_sum_exp(T x, T y) { return std::log(std::exp(x) + std::exp(y)); }  \
  MARK T gaussian(T x, T mu, T sigma) {                                         \
    T z = (x - mu) / sigma;                                                     \
    return std::exp(-z * z / 2) / sigma;                                        \
  }                                                                             \
  MARK T log_ratio(T x, T y) { return std::log(x / y) + std::log10(x * y); }    \
  MARK T expm1_over_x(T x) { return std::expm1(x) / x; }

FUNCTIONS(double, ADGEN_DIFFERENTIABLE)
FUNCTIONS(float, ADGEN_DIFFERENTIABLE)

#ifndef ADGEN_TOOL
#include "exp-log.grad.h"
#include "oracle.h"

FUNCTIONS(long double, )

int main() {
#define CHECKS(T)                                                               \
  ORACLE_CHECK1(T, exponential, 0.5);                                           \
  ORACLE_CHECK1(T, exponential, -2);                                            \
  ORACLE_CHECK1(T, exponential, 0);                                             \
  ORACLE_CHECK1(T, exponential2, 3);                                            \
  ORACLE_CHECK1(T, exponential2, -1.5);                                         \
  ORACLE_CHECK1(T, exponential_m1, 0.5);                                        \
  ORACLE_CHECK1(T, exponential_m1, -2);                                         \
  ORACLE_CHECK1(T, exponential_m1, 1e-5);                                       \
  ORACLE_CHECK1(T, logarithm, 2);                                               \
  ORACLE_CHECK1(T, logarithm, 0.25);                                            \
  ORACLE_CHECK1(T, logarithm2, 8);                                              \
  ORACLE_CHECK1(T, logarithm2, 0.5);                                            \
  ORACLE_CHECK1(T, logarithm10, 100);                                           \
  ORACLE_CHECK1(T, logarithm10, 0.3);                                           \
  ORACLE_CHECK1(T, logarithm_1p, 1);                                            \
  ORACLE_CHECK1(T, logarithm_1p, -0.5);                                         \
  ORACLE_CHECK1(T, logarithm_1p, 1e-5);                                         \
  ORACLE_CHECK1(T, softplus, 0);                                                \
  ORACLE_CHECK1(T, softplus, 2.5);                                              \
  ORACLE_CHECK1(T, softplus, -3);                                               \
  ORACLE_CHECK1(T, logistic, 0);                                                \
  ORACLE_CHECK1(T, logistic, 1.5);                                              \
  ORACLE_CHECK1(T, logistic, -4);                                               \
  ORACLE_CHECK1(T, log_of_exp, 0.75);                                           \
  ORACLE_CHECK1(T, exp_of_log, 2.5);                                            \
  ORACLE_CHECK1(T, log2_of_exp2, -1.25);                                        \
  ORACLE_CHECK2(T, log_sum_exp, 0.5, -1);                                       \
  ORACLE_CHECK2(T, log_sum_exp, 3, 3);                                          \
  ORACLE_CHECK3(T, gaussian, 0.5, 0, 1);                                        \
  ORACLE_CHECK3(T, gaussian, 1.5, 2, 0.75);                                     \
  ORACLE_CHECK2(T, log_ratio, 2, 0.5);                                          \
  ORACLE_CHECK2(T, log_ratio, 0.3, 4);                                          \
  ORACLE_CHECK1(T, expm1_over_x, 0.5);                                          \
  ORACLE_CHECK1(T, expm1_over_x, -1.5);
  CHECKS(double)
  CHECKS(float)
}
#endif
