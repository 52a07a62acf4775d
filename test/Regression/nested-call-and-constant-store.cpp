// Regression test (found writing the struct tests; the comment below
// describes the bugs as they were).
//
// RUN: rm -rf %t && mkdir -p %t
// RUN: %adgen %s -o %t/nested-call-and-constant-store.grad.h -- -std=c++17
// RUN: %cxx -I%t %s -o %t/gcc && %t/gcc | FileCheck %s
// RUN: %clangxx -I%t %s -o %t/clang && %t/clang | FileCheck %s
//
// 1. A call whose later argument inlines the same function again bound the
//    callee's parameters while evaluating the arguments, so the inner call
//    rebound them: mul(dt, mul(3, x)) was lowered as 3 * (3 * x), value and
//    gradient silently wrong (struct operators hit it: dt * (3.0 * p)).
// 2. An output element written with a constant (out[1] = 0, out->b = 0)
//    kept the caller's seed in d_out after the VJP, where generated-api.md
//    says it is read and then set to 0.
#include <adgen/adgen.h>

struct V {
  double x;
  friend V operator*(double k, const V &a) { return {k * a.x}; }
};
struct P { double a, b; };
inline double mul(double k, double a) { return k * a; }

ADGEN_DIFFERENTIABLE double nested_scalar(double x, double dt) { return mul(dt, mul(3.0, x)); }
ADGEN_DIFFERENTIABLE double nested_operator(const V &p, double dt) { return (dt * (3.0 * p)).x; }

ADGEN_DIFFERENTIABLE void scalar_out(const double *in, double k, double *out) {
  out[0] = k * in[0];
  out[1] = 0;
}
ADGEN_DIFFERENTIABLE void struct_out(const double *in, double k, P *out) {
  out->a = k * in[0];
  out->b = 0;
}

#ifndef ADGEN_TOOL
#include "nested-call-and-constant-store.grad.h"
#include <cstdio>
int main() {
  // Hand-derived: f = 3 x dt at (2, 0.5): value 3, df/dx = 3 dt, df/ddt = 3 x.
  double dx = 0, ddt = 0;
  double v = nested_scalar_grad(2.0, 0.5, &dx, &ddt);
  // CHECK: nested_scalar: value 3 grad [1.5, 6]
  std::printf("nested_scalar: value %g grad [%g, %g]\n", v, dx, ddt);
  V p{2.0}, dp{0};
  ddt = 0;
  v = nested_operator_grad(p, 0.5, &dp, &ddt);
  // CHECK: nested_operator: value 3 grad [1.5, 6]
  std::printf("nested_operator: value %g grad [%g, %g]\n", v, dp.x, ddt);

  // out[0] = k in: d_in = k, d_k = in (seed 1); every seed read and cleared.
  double in[1] = {2}, out[2], din[1] = {0}, dk = 0, dout[2] = {1, 1};
  scalar_out_vjp(in, 3, out, din, &dk, dout);
  // CHECK: scalar_out: d_in 3 d_k 2 d_out after [0, 0]
  std::printf("scalar_out: d_in %g d_k %g d_out after [%g, %g]\n", din[0], dk, dout[0], dout[1]);
  P o, dpo{1, 1};
  din[0] = 0;
  dk = 0;
  struct_out_vjp(in, 3, &o, din, &dk, &dpo);
  // CHECK: struct_out: d_in 3 d_k 2 d_out after {0, 0}
  std::printf("struct_out: d_in %g d_k %g d_out after {%g, %g}\n", din[0], dk, dpo.a, dpo.b);
}
#endif
