// ADGEN_MULTI_SEED is refused where f_vjp_multi<K> cannot carry K seeds:
// tensor adjoints, struct adjoints, and calls whose vjp takes one seed
// (recursion, ADGEN_CUSTOM_VJP); and without ADGEN_DIFFERENTIABLE. Nothing
// is written.
//
// RUN: rm -f %t.h
// RUN: not %adgen %s -o %t.h -- -std=c++17 2>&1 | FileCheck %s
// RUN: test ! -e %t.h

#include <adgen/adgen.h>
#include <adgen/tensor.h>
#include <cmath>

// CHECK: multi-seed.cpp:[[@LINE+1]]:53: error: ADGEN_MULTI_SEED is not supported for 'total': it has tensor parameters or returns a tensor; remove ADGEN_MULTI_SEED and call total_vjp once per seed
ADGEN_DIFFERENTIABLE ADGEN_MULTI_SEED adgen::Tensor total(const adgen::Tensor &x) {
  return adgen::sum(x * x);
}

struct Point {
  double x, y;
};
// CHECK: multi-seed.cpp:[[@LINE+1]]:46: error: ADGEN_MULTI_SEED is not supported for 'norm2': it has a struct parameter with an adjoint; remove ADGEN_MULTI_SEED and call norm2_vjp once per seed
ADGEN_DIFFERENTIABLE ADGEN_MULTI_SEED double norm2(const Point &p) { return p.x * p.x + p.y * p.y; }

// CHECK: multi-seed.cpp:[[@LINE+1]]:46: error: ADGEN_MULTI_SEED is not supported for 'power': it calls 'power', whose vector-Jacobian product takes one seed (a recursive call or an ADGEN_CUSTOM_VJP); remove ADGEN_MULTI_SEED and call power_vjp once per seed
ADGEN_DIFFERENTIABLE ADGEN_MULTI_SEED double power(double x, int n) {
  return n == 0 ? 1.0 : x * power(x, n - 1);
}

double softplus(double x) { return std::log1p(std::exp(x)); }
void softplus_vjp(double x, double d_ret, double *d_x) { *d_x += d_ret / (1 + std::exp(-x)); }
ADGEN_CUSTOM_VJP(softplus, softplus_vjp);
// CHECK: multi-seed.cpp:[[@LINE+1]]:46: error: ADGEN_MULTI_SEED is not supported for 'smooth': it calls 'softplus', whose vector-Jacobian product takes one seed (a recursive call or an ADGEN_CUSTOM_VJP); remove ADGEN_MULTI_SEED and call smooth_vjp once per seed
ADGEN_DIFFERENTIABLE ADGEN_MULTI_SEED double smooth(double x) { return 2 * softplus(x); }

// CHECK: multi-seed.cpp:[[@LINE+1]]:32: error: 'alone' is marked ADGEN_MULTI_SEED but not ADGEN_DIFFERENTIABLE; mark it with both
ADGEN_MULTI_SEED inline double alone(double x) { return x * x; }

// ADGEN_GRADIENT_MULTI_SEED is reported at the request.
template <class T> T tpower(T x, int n) { return n == 0 ? T(1) : x * tpower(x, n - 1); }
// CHECK: multi-seed.cpp:[[@LINE+1]]:1: error: ADGEN_MULTI_SEED is not supported for 'tpower': it calls 'tpower', whose vector-Jacobian product takes one seed (a recursive call or an ADGEN_CUSTOM_VJP); remove ADGEN_MULTI_SEED and call tpower_vjp once per seed
ADGEN_GRADIENT_MULTI_SEED(tpower<double>, x);
