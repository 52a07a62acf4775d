// ADGEN_CUSTOM_VJP(function, vjp): the user provides the derivative of a
// function adgen cannot or should not see (here: declared only, as a library
// function would be; and a visible one whose own derivative is unstable).
// The generated code calls the function as the primal does and the user's
// vjp in the reverse sweep, with one adjoint variable per floating operand.
//
// RUN: rm -rf %t && mkdir -p %t
// RUN: %adgen %s -o %t/custom.grad.h -- -std=c++17
// RUN: FileCheck %s < %t/custom.grad.h
// RUN: %cxx -I%t %s -o %t/gcc && %t/gcc | FileCheck %s --check-prefix=EXEC
// RUN: %clangxx -I%t %s -o %t/clang && %t/clang | FileCheck %s --check-prefix=EXEC

#include <adgen/adgen.h>
#include <cmath>

// A "library" function: adgen sees only its declaration.
double softplus(double x, double beta);
float softplus(float x, float beta);
void softplus_vjp(double x, double beta, double d_ret, double *d_x, double *d_beta);
void softplus_vjp(float x, float beta, float d_ret, float *d_x, float *d_beta);
// Overloads are picked with casts.
ADGEN_CUSTOM_VJP(static_cast<double (*)(double, double)>(softplus),
                 static_cast<void (*)(double, double, double, double *, double *)>(softplus_vjp));
ADGEN_CUSTOM_VJP(static_cast<float (*)(float, float)>(softplus),
                 static_cast<void (*)(float, float, float, float *, float *)>(softplus_vjp));

// A visible function whose derivative the user writes in a stable form:
// log(1 + exp(x)) overflows in exp for large x; its derivative is sigmoid(x).
inline double log1pexp(double x) { return x > 30 ? x : std::log1p(std::exp(x)); }
inline void log1pexp_vjp(double x, double d_ret, double *d_x) {
  *d_x += d_ret / (1 + std::exp(-x));
}
ADGEN_CUSTOM_VJP(log1pexp, log1pexp_vjp);

// An integer parameter gets no adjoint pointer.
inline double power_of(double x, int k) { return std::pow(x, k); }
inline void power_of_vjp(double x, int k, double d_ret, double *d_x) {
  *d_x += d_ret * k * std::pow(x, k - 1);
}
ADGEN_CUSTOM_VJP(power_of, power_of_vjp);

#define FUNCTIONS(T, MARK)                                                      \
  MARK T model(const T *x, T beta, int n) {                                     \
    T s = 0;                                                                    \
    for (int i = 0; i < n; ++i)                                                 \
      s += softplus(x[i] * x[i], beta) * x[i];                                  \
    return s + softplus(beta, T(2));                                            \
  }
FUNCTIONS(double, ADGEN_DIFFERENTIABLE)
FUNCTIONS(float, ADGEN_DIFFERENTIABLE)

ADGEN_DIFFERENTIABLE double stable(double x, double y) {
  return log1pexp(x * y) + (x > 0 ? power_of(x, 3) : 0.0);
}

// CHECK-LABEL: inline double model_grad(const double* x, double beta, int n, double* d_x, double* d_beta) {
// CHECK:         const double t1 = ::softplus(t0, beta);
// CHECK:         ::softplus_vjp(beta, 2.0, 1.0, &d_arg, &d_unused);
// CHECK:         ::softplus_vjp(t0, beta, d_s * x[i], &d_arg_1, &d_arg_2);
// CHECK-LABEL: inline double stable_grad(double x, double y, double* d_x, double* d_y) {
// CHECK:         ::log1pexp_vjp(
// CHECK:         ::power_of_vjp(x, 3, 

#ifndef ADGEN_TOOL
#include "custom.grad.h"
#include "oracle.h"

#include <cstdio>

template <class T> T softplus_t(T x, T beta) { return std::log1p(std::exp(beta * x)) / beta; }
double softplus(double x, double beta) { return softplus_t(x, beta); }
float softplus(float x, float beta) { return softplus_t(x, beta); }
template <class T> void softplus_vjp_t(T x, T beta, T d_ret, T *d_x, T *d_beta) {
  T s = 1 / (1 + std::exp(-beta * x)); // sigmoid(beta x)
  *d_x += d_ret * s;
  *d_beta += d_ret * (x * s / beta - softplus_t(x, beta) / beta);
}
void softplus_vjp(double x, double beta, double d_ret, double *d_x, double *d_beta) {
  softplus_vjp_t(x, beta, d_ret, d_x, d_beta);
}
void softplus_vjp(float x, float beta, float d_ret, float *d_x, float *d_beta) {
  softplus_vjp_t(x, beta, d_ret, d_x, d_beta);
}
long double softplus(long double x, long double beta) { return softplus_t(x, beta); }
long double log1pexp(long double x) { return std::log1p(std::exp(x)); }
long double power_of(long double x, int k) { return std::pow(x, k); }
using LongDouble = long double;
FUNCTIONS(LongDouble, )
long double stable(long double x, long double y) {
  return log1pexp(x * y) + (x > 0 ? power_of(x, 3) : 0.0L);
}

template <class T> void checks() {
  oracle::check<T, 4>(
      "model", [](auto v) { return model(v.data(), v[3], 3); },
      [](const T *x, T *d) { return model_grad(x, x[3], 3, d, d + 3); },
      [](const T *x, T s, T *d) { model_vjp(x, x[3], 3, s, d, d + 3); },
      {T(0.5), T(-1.2), T(0.3), T(1.7)});
}

int main() {
  checks<double>();
  checks<float>();
  ORACLE_CHECK2(double, stable, 0.8, -1.5);
  ORACLE_CHECK2(double, stable, -0.8, 2.5);
  // Where log(1 + exp(x y)) overflows in the naive derivative, the user's
  // stable vjp gives sigmoid: d/dx = y exactly (hand-derived), plus 3 x^2.
  double dx = 0, dy = 0;
  stable_grad(50.0, 20.0, &dx, &dy);
  std::printf("stable(50, 20): d_x %g d_y %g %s\n", dx, dy,
              dx == 20.0 + 3 * 2500.0 && dy == 50.0 ? "ok" : "MISMATCH");
}
#endif
// EXEC-NOT: MISMATCH
// EXEC: model{{.*}} ok
// EXEC: model{{.*}} ok
// EXEC: stable{{.*}} ok
// EXEC: stable{{.*}} ok
// EXEC: stable(50, 20): d_x 7520 d_y 50 ok
