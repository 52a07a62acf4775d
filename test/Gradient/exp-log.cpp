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

// exp' = exp, reusing the value.
// CHECK-LABEL: inline double exponential_grad(double x, double* d_x) {
// CHECK-NEXT:    const double out = std::exp(x);
// CHECK-NEXT:    if (d_x) *d_x += out;
// CHECK-NEXT:    return out;
// CHECK-LABEL: inline void exponential_vjp(double x, double d_ret, double* d_x) {
// CHECK-NEXT:    if (d_x) *d_x += d_ret * std::exp(x);

// ln 2 and ln 10 are printed to round-trip in the function's type.
// CHECK-LABEL: inline double exponential2_grad(
// CHECK-NEXT:    const double out = std::exp2(x);
// CHECK-NEXT:    if (d_x) *d_x += out * 0.6931471805599453;
// CHECK-LABEL: inline double exponential_m1_grad(
// CHECK-NEXT:    const double out = std::expm1(x);
// CHECK-NEXT:    if (d_x) *d_x += out + 1.0;

// CHECK-LABEL: inline double logarithm_grad(
// CHECK-NEXT:    if (d_x) *d_x += 1.0 / x;
// CHECK-LABEL: inline void logarithm_vjp(
// CHECK-NEXT:    if (d_x) *d_x += d_ret / x;
// CHECK-LABEL: inline double logarithm2_grad(
// CHECK-NEXT:    if (d_x) *d_x += 1.0 / (x * 0.6931471805599453);
// CHECK-LABEL: inline double logarithm10_grad(
// CHECK-NEXT:    if (d_x) *d_x += 1.0 / (x * 2.302585092994046);
// CHECK-LABEL: inline double logarithm_1p_grad(
// CHECK-NEXT:    if (d_x) *d_x += 1.0 / (x + 1.0);

// softplus' = exp(x) / (1 + exp(x)), with exp(x) computed once.
// CHECK-LABEL: inline double softplus_grad(
// CHECK-NEXT:    const double t0 = std::exp(x);
// CHECK-NEXT:    if (d_x) *d_x += 1.0 / (t0 + 1.0) * t0;
// CHECK-NEXT:    return std::log1p(t0);

// 1 / (1 + exp(-x)) is recognised as the logistic sigmoid (SigmoidBackward0):
// printed as written, its derivative out * (1 - out) needs only out, not
// exp(-x) as well (out^2 * exp(-x), the written form's). As PyTorch's
// SigmoidBackward0, 1 - out loses relative accuracy where out rounds near 1
// (x = 20 in float: 0 instead of 2.1e-9; the absolute error stays below an
// ulp of out).
// CHECK-LABEL: inline double logistic_grad(
// CHECK-NEXT:    const double out = 1.0 / (1.0 + std::exp(-x));
// CHECK-NEXT:    if (d_x) *d_x += out * (1.0 - out);
// CHECK-NEXT:    return out;

// CHECK-LABEL: inline double log_sum_exp_grad(
// CHECK-NEXT:    const double t0 = std::exp(x);
// CHECK-NEXT:    const double t1 = std::exp(y);
// CHECK-NEXT:    const double t2 = t0 + t1;
// CHECK-NEXT:    const double t3 = 1.0 / t2;
// CHECK-NEXT:    if (d_x) *d_x += t3 * t0;
// CHECK-NEXT:    if (d_y) *d_y += t3 * t1;
// CHECK-NEXT:    return std::log(t2);

// The float versions compute in float, with float constants.
// CHECK-LABEL: inline float exponential2_grad(float x, float* d_x) {
// CHECK-NEXT:    const float out = std::exp2(x);
// CHECK-NEXT:    if (d_x) *d_x += out * 0.6931472f;
// CHECK-LABEL: inline float logarithm10_grad(float x, float* d_x) {
// CHECK-NEXT:    if (d_x) *d_x += 1.0f / (x * 2.3025851f);
// CHECK-LABEL: inline float logistic_grad(float x, float* d_x) {
// CHECK-NEXT:    const float out = 1.0f / (1.0f + std::exp(-x));
// CHECK-NEXT:    if (d_x) *d_x += out * (1.0f - out);

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
  ORACLE_CHECK1(T, logistic, 20);                                               \
  ORACLE_CHECK1(T, logistic, -30);                                              \
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

// Hand-derived where it is short (exp' = exp, log'(x) = 1 / x, log2'(0.5) =
// 2 / ln 2, softplus'(0) = 1/2, logistic'(0) = 1/4, log-sum-exp of equal inputs
// 1/2 each, identities whose derivative is 1); every line is also checked against
// long-double central differences ("ok").
// EXEC: exponential<double>(0.5): value 1.64872 grad [1.64872] ok
// EXEC: exponential<double>(-2): value 0.135335 grad [0.135335] ok
// EXEC: exponential<double>(0): value 1 grad [1] ok
// EXEC: exponential2<double>(3): value 8 grad [5.54518] ok
// EXEC: exponential2<double>(-1.5): value 0.353553 grad [0.245065] ok
// EXEC: exponential_m1<double>(0.5): value 0.648721 grad [1.64872] ok
// EXEC: exponential_m1<double>(-2): value -0.864665 grad [0.135335] ok
// EXEC: exponential_m1<double>(1e-05): value 1.00001e-05 grad [1.00001] ok
// EXEC: logarithm<double>(2): value 0.693147 grad [0.5] ok
// EXEC: logarithm<double>(0.25): value -1.38629 grad [4] ok
// EXEC: logarithm2<double>(8): value 3 grad [0.180337] ok
// EXEC: logarithm2<double>(0.5): value -1 grad [2.88539] ok
// EXEC: logarithm10<double>(100): value 2 grad [0.00434294] ok
// EXEC: logarithm10<double>(0.3): value -0.522879 grad [1.44765] ok
// EXEC: logarithm_1p<double>(1): value 0.693147 grad [0.5] ok
// EXEC: logarithm_1p<double>(-0.5): value -0.693147 grad [2] ok
// EXEC: logarithm_1p<double>(1e-05): value 9.99995e-06 grad [0.99999] ok
// EXEC: softplus<double>(0): value 0.693147 grad [0.5] ok
// EXEC: softplus<double>(2.5): value 2.57889 grad [0.924142] ok
// EXEC: softplus<double>(-3): value 0.0485874 grad [0.0474259] ok
// EXEC: logistic<double>(0): value 0.5 grad [0.25] ok
// EXEC: logistic<double>(1.5): value 0.817574 grad [0.149146] ok
// EXEC: logistic<double>(-4): value 0.0179862 grad [0.0176627] ok
// EXEC: logistic<double>(20): value 1 grad [2.06115e-09] ok
// EXEC: logistic<double>(-30): value 9.35762e-14 grad [9.35762e-14] ok
// EXEC: log_of_exp<double>(0.75): value 0.75 grad [1] ok
// EXEC: exp_of_log<double>(2.5): value 2.5 grad [1] ok
// EXEC: log2_of_exp2<double>(-1.25): value -1.25 grad [1] ok
// EXEC: log_sum_exp<double>(0.5, -1): value 0.701413 grad [0.817574, 0.182426] ok
// EXEC: log_sum_exp<double>(3, 3): value 3.69315 grad [0.5, 0.5] ok
// EXEC: gaussian<double>(0.5, 0, 1): value 0.882497 grad [-0.441248, 0.441248, -0.661873] ok
// EXEC: gaussian<double>(1.5, 2, 0.75): value 1.06765 grad [0.949022, -0.949022, -0.790852] ok
// EXEC: log_ratio<double>(2, 0.5): value 1.38629 grad [0.717147, -1.13141] ok
// EXEC: log_ratio<double>(0.3, 4): value -2.51109 grad [4.78098, -0.141426] ok
// EXEC: expm1_over_x<double>(0.5): value 1.29744 grad [0.702557] ok
// EXEC: expm1_over_x<double>(-1.5): value 0.517913 grad [0.196522] ok
// EXEC: exponential<float>(0.5): value 1.64872 grad [1.64872] ok
// EXEC: exponential<float>(-2): value 0.135335 grad [0.135335] ok
// EXEC: exponential<float>(0): value 1 grad [1] ok
// EXEC: exponential2<float>(3): value 8 grad [5.54518] ok
// EXEC: exponential2<float>(-1.5): value 0.353553 grad [0.245065] ok
// EXEC: exponential_m1<float>(0.5): value 0.648721 grad [1.64872] ok
// EXEC: exponential_m1<float>(-2): value -0.864665 grad [0.135335] ok
// EXEC: exponential_m1<float>(1e-05): value 1e-05 grad [1.00001] ok
// EXEC: logarithm<float>(2): value 0.693147 grad [0.5] ok
// EXEC: logarithm<float>(0.25): value -1.38629 grad [4] ok
// EXEC: logarithm2<float>(8): value 3 grad [0.180337] ok
// EXEC: logarithm2<float>(0.5): value -1 grad [2.88539] ok
// EXEC: logarithm10<float>(100): value 2 grad [0.00434294] ok
// EXEC: logarithm10<float>(0.3): value -0.522879 grad [1.44765] ok
// EXEC: logarithm_1p<float>(1): value 0.693147 grad [0.5] ok
// EXEC: logarithm_1p<float>(-0.5): value -0.693147 grad [2] ok
// EXEC: logarithm_1p<float>(1e-05): value 9.99995e-06 grad [0.99999] ok
// EXEC: softplus<float>(0): value 0.693147 grad [0.5] ok
// EXEC: softplus<float>(2.5): value 2.57889 grad [0.924142] ok
// EXEC: softplus<float>(-3): value 0.0485874 grad [0.0474259] ok
// EXEC: logistic<float>(0): value 0.5 grad [0.25] ok
// EXEC: logistic<float>(1.5): value 0.817574 grad [0.149146] ok
// EXEC: logistic<float>(-4): value 0.0179862 grad [0.0176627] ok
// EXEC: logistic<float>(20): value 1 grad [0] ok
// EXEC: logistic<float>(-30): value 9.35762e-14 grad [9.35762e-14] ok
// EXEC: log_of_exp<float>(0.75): value 0.75 grad [1] ok
// EXEC: exp_of_log<float>(2.5): value 2.5 grad [1] ok
// EXEC: log2_of_exp2<float>(-1.25): value -1.25 grad [1] ok
// EXEC: log_sum_exp<float>(0.5, -1): value 0.701413 grad [0.817575, 0.182426] ok
// EXEC: log_sum_exp<float>(3, 3): value 3.69315 grad [0.5, 0.5] ok
// EXEC: gaussian<float>(0.5, 0, 1): value 0.882497 grad [-0.441248, 0.441248, -0.661873] ok
// EXEC: gaussian<float>(1.5, 2, 0.75): value 1.06765 grad [0.949022, -0.949022, -0.790852] ok
// EXEC: log_ratio<float>(2, 0.5): value 1.38629 grad [0.717147, -1.13141] ok
// EXEC: log_ratio<float>(0.3, 4): value -2.51109 grad [4.78098, -0.141426] ok
// EXEC: expm1_over_x<float>(0.5): value 1.29744 grad [0.702557] ok
// EXEC: expm1_over_x<float>(-1.5): value 0.517913 grad [0.196522] ok
