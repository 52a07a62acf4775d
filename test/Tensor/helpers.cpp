// The user's own tensor functions called from differentiable code (adgen
// inlines them): helpers calling helpers, called twice, taking scalar and
// integer parameters, mixed with scalar parameters of the differentiated
// function. Gradients against central differences of the double primal.
//
// RUN: rm -rf %t && mkdir -p %t
// RUN: %adgen %s -o %t/helpers.grad.h -- -std=c++17
// RUN: FileCheck %s < %t/helpers.grad.h
// RUN: %cxx -I%t %s -o %t/gcc && %t/gcc | FileCheck %s --check-prefix=EXEC
// RUN: %clangxx -I%t %s -o %t/clang && %t/clang | FileCheck %s --check-prefix=EXEC

#include <adgen/adgen.h>
#include <adgen/tensor.h>

#include <cstdint>

#define FUNCTIONS(TT, T, MARK)                                                  \
  /* Plain helpers (not marked). */                                             \
  inline TT square(const TT &v) { return v * v; }                               \
  inline TT affine(const TT &x, const TT &w, const TT &b) { return adgen::matmul(x, w) + b; } \
  inline TT scaled_tanh(const TT &x, T gain) {                                  \
    TT y = adgen::tanh(x * gain);                                               \
    return y * (1 / gain);                                                      \
  }                                                                             \
  /* A helper calling helpers, with an integer dim parameter. */               \
  inline TT layer(const TT &x, const TT &w, const TT &b, T gain, int64_t dim) { \
    TT h = scaled_tanh(affine(x, w, b), gain);                                  \
    return adgen::softmax(h, dim) + square(h);                                  \
  }                                                                             \
  inline TT sum_squares(const TT &v) { return adgen::sum(square(v)); }          \
  /* A helper returning a scalar-valued tensor. */                             \
  inline TT penalty(const TT &w, T lambda) { return sum_squares(w) * lambda; }  \
                                                                                \
  /* Two layers through the same helper, a scalar gain and penalty. */         \
  MARK TT net(const TT &x, const TT &w1, const TT &b1, const TT &w2, const TT &b2, T gain) { \
    TT h = layer(x, w1, b1, gain, -1);                                          \
    TT y = layer(h, w2, b2, gain * 2, 0);                                       \
    return adgen::mean(square(y)) + penalty(w1, T(0.01)) + penalty(w2, gain);  \
  }                                                                             \
  /* Scalars mixed in: a scalar-only path and a tensor path. */                \
  MARK TT mixed(const TT &x, T a, T b) {                                        \
    T c = a * b + 1;                                                            \
    TT y = scaled_tanh(x, c) * a + square(x) * (b * b);                         \
    return sum_squares(y) / c;                                                  \
  }                                                                             \
  /* A helper's result as the non-scalar output: the VJP. */                   \
  MARK TT apply(const TT &x, const TT &w, const TT &b, T gain) { return layer(x, w, b, gain, 1); }

FUNCTIONS(adgen::Tensor, float, ADGEN_DIFFERENTIABLE)
FUNCTIONS(adgen::DoubleTensor, double, ADGEN_DIFFERENTIABLE)

// The helpers are inlined: no calls to them remain.
// CHECK-LABEL: inline adgen::Tensor net_grad(const adgen::Tensor& x, const adgen::Tensor& w1, const adgen::Tensor& b1, const adgen::Tensor& w2, const adgen::Tensor& b2, float gain, adgen::Tensor* d_x, adgen::Tensor* d_w1, adgen::Tensor* d_b1, adgen::Tensor* d_w2, adgen::Tensor* d_b2, float* d_gain) {
// CHECK-NOT: {{layer|square|affine|scaled_tanh|penalty}}(
// CHECK: adgen::matmul_backward_a(
// CHECK-NOT: {{layer|square|affine|scaled_tanh|penalty}}(
// CHECK: return out;
// CHECK-LABEL: inline adgen::Tensor mixed_grad(const adgen::Tensor& x, float a, float b, adgen::Tensor* d_x, float* d_a, float* d_b) {
// CHECK: *d_a +=
// CHECK: return out;

#ifndef ADGEN_TOOL
#include "helpers.grad.h"

#include <tensor_oracle.h>

using oracle::check_grad;
using oracle::check_vjp;
using oracle::randn;

int main() {
  check_grad("net", "x w1 b1 w2 b2 gain", ORACLE_PRIMAL(net), ORACLE_GRAD(net), randn({4, 3}, 1),
             randn({3, 5}, 2) * 0.5, randn({5}, 3), randn({5, 2}, 4) * 0.5, randn({4, 1}, 5), 0.8);
  check_grad("net(views)", "x w1 b1 w2 b2 gain", ORACLE_PRIMAL(net), ORACLE_GRAD(net), adgen::t(randn({3, 4}, 6)),
             adgen::t(randn({5, 3}, 7)) * 0.5, adgen::tensor<double>(0.3), randn({5, 2}, 8) * 0.5, randn({2}, 9),
             -1.1);
  check_grad("mixed", "x a b", ORACLE_PRIMAL(mixed), ORACLE_GRAD(mixed), randn({2, 3}, 10), 0.7, -1.3);
  check_grad("mixed(view)", "x a b", ORACLE_PRIMAL(mixed), ORACLE_GRAD(mixed), adgen::t(randn({3, 2}, 11)), 1.5,
             0.4);
  check_vjp("apply", "x w b gain", ORACLE_PRIMAL(apply), ORACLE_VJP(apply), randn({4, 5}, 12), randn({4, 3}, 13),
            randn({3, 5}, 14), randn({5}, 15), 1.2);
}
#endif

// EXEC: net: value: ok
// EXEC-NEXT: net d/dx: ok
// EXEC-NEXT: net d/dw1: ok
// EXEC-NEXT: net d/db1: ok
// EXEC-NEXT: net d/dw2: ok
// EXEC-NEXT: net d/db2: ok
// EXEC-NEXT: net d/dgain: ok
// EXEC-NEXT: net<float> d/dx: ok
// EXEC-NEXT: net<float> d/dw1: ok
// EXEC-NEXT: net<float> d/db1: ok
// EXEC-NEXT: net<float> d/dw2: ok
// EXEC-NEXT: net<float> d/db2: ok
// EXEC-NEXT: net<float> d/dgain: ok
// EXEC-NEXT: net accumulates: ok
// EXEC-NEXT: net null d/dx: ok
// EXEC-NEXT: net null d/dw1: ok
// EXEC-NEXT: net null d/db1: ok
// EXEC-NEXT: net null d/dw2: ok
// EXEC-NEXT: net null d/db2: ok
// EXEC-NEXT: net null d/dgain: ok
// EXEC-NEXT: net all null: ok
// EXEC-NEXT: net(views): value: ok
// EXEC-NEXT: net(views) d/dx: ok
// EXEC-NEXT: net(views) d/dw1: ok
// EXEC-NEXT: net(views) d/db1: ok
// EXEC-NEXT: net(views) d/dw2: ok
// EXEC-NEXT: net(views) d/db2: ok
// EXEC-NEXT: net(views) d/dgain: ok
// EXEC-NEXT: net(views)<float> d/dx: ok
// EXEC-NEXT: net(views)<float> d/dw1: ok
// EXEC-NEXT: net(views)<float> d/db1: ok
// EXEC-NEXT: net(views)<float> d/dw2: ok
// EXEC-NEXT: net(views)<float> d/db2: ok
// EXEC-NEXT: net(views)<float> d/dgain: ok
// EXEC-NEXT: net(views) accumulates: ok
// EXEC-NEXT: net(views) null d/dx: ok
// EXEC-NEXT: net(views) null d/dw1: ok
// EXEC-NEXT: net(views) null d/db1: ok
// EXEC-NEXT: net(views) null d/dw2: ok
// EXEC-NEXT: net(views) null d/db2: ok
// EXEC-NEXT: net(views) null d/dgain: ok
// EXEC-NEXT: net(views) all null: ok
// EXEC-NEXT: mixed: value: ok
// EXEC-NEXT: mixed d/dx: ok
// EXEC-NEXT: mixed d/da: ok
// EXEC-NEXT: mixed d/db: ok
// EXEC-NEXT: mixed<float> d/dx: ok
// EXEC-NEXT: mixed<float> d/da: ok
// EXEC-NEXT: mixed<float> d/db: ok
// EXEC-NEXT: mixed accumulates: ok
// EXEC-NEXT: mixed null d/dx: ok
// EXEC-NEXT: mixed null d/da: ok
// EXEC-NEXT: mixed null d/db: ok
// EXEC-NEXT: mixed all null: ok
// EXEC-NEXT: mixed(view): value: ok
// EXEC-NEXT: mixed(view) d/dx: ok
// EXEC-NEXT: mixed(view) d/da: ok
// EXEC-NEXT: mixed(view) d/db: ok
// EXEC-NEXT: mixed(view)<float> d/dx: ok
// EXEC-NEXT: mixed(view)<float> d/da: ok
// EXEC-NEXT: mixed(view)<float> d/db: ok
// EXEC-NEXT: mixed(view) accumulates: ok
// EXEC-NEXT: mixed(view) null d/dx: ok
// EXEC-NEXT: mixed(view) null d/da: ok
// EXEC-NEXT: mixed(view) null d/db: ok
// EXEC-NEXT: mixed(view) all null: ok
// EXEC-NEXT: apply vjp d/dx: ok
// EXEC-NEXT: apply vjp d/dw: ok
// EXEC-NEXT: apply vjp d/db: ok
// EXEC-NEXT: apply vjp d/dgain: ok
// EXEC-NEXT: apply<float> vjp d/dx: ok
// EXEC-NEXT: apply<float> vjp d/dw: ok
// EXEC-NEXT: apply<float> vjp d/db: ok
// EXEC-NEXT: apply<float> vjp d/dgain: ok
