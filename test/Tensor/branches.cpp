// Tensor operations inside branches (outside loops): an if/else that
// assigns a tensor on each path, one that changes a tensor on one path
// only, a ternary of tensors, an early return and nested ifs. The reverse
// runs the branch that ran; what each path contributes to a tensor's
// gradient is summed on that path and carried out by one variable per
// tensor and if; a tensor that receives nothing on one path gets zeros of
// its shape there (adgen::zeros_like), made only on that path. Gradients against central differences of the double primal,
// float against double (test/support/tensor_oracle.h), on both paths.
//
// RUN: rm -rf %t && mkdir -p %t
// RUN: %adgen %s -o %t/branches.grad.h -- -std=c++17
// RUN: FileCheck %s < %t/branches.grad.h
// RUN: %cxx -I%t %s -o %t/gcc && %t/gcc | FileCheck %s --check-prefix=EXEC
// RUN: %clangxx -I%t %s -o %t/clang && %t/clang | FileCheck %s --check-prefix=EXEC

#include <adgen/adgen.h>
#include <adgen/tensor.h>

#define FUNCTIONS(TT, T, MARK)                                                  \
  /* An activation chosen by a scalar: each path assigns y. */                 \
  MARK TT activation(const TT &x, const TT &w, T s) {                           \
    TT y = x * w;                                                               \
    if (s > 0) {                                                                \
      y = adgen::relu(y) * s;                                                   \
    } else {                                                                    \
      y = adgen::tanh(y);                                                       \
    }                                                                           \
    return (y * x).sum();                                                       \
  }                                                                             \
  /* A bias [D] added to h [B, D] on one path only: b's gradient is zero */     \
  /* (of its shape) on the other. */                                           \
  MARK TT optional_bias(const TT &x, const TT &W, const TT &b, T use) {         \
    TT h = adgen::matmul(x, W);                                                 \
    if (use > 0)                                                                \
      h = h + b;                                                                \
    return adgen::tanh(h).pow(2).mean();                                        \
  }                                                                             \
  /* A ternary of tensors. */                                                   \
  MARK TT pick(const TT &a, const TT &b, T s) {                                 \
    TT y = s > 1 ? a * b : adgen::exp(a - b);                                   \
    return y.sum() * s;                                                         \
  }                                                                             \
  /* An early return, and an if inside an if. */                                \
  MARK TT nested(const TT &x, const TT &w, T s, T t) {                          \
    if (s < -1)                                                                 \
      return (x * x).mean();                                                    \
    TT y = x;                                                                   \
    if (s > 0) {                                                                \
      y = y * w;                                                                \
      if (t > 0)                                                                \
        y = adgen::sigmoid(y) + w;                                              \
    } else {                                                                    \
      y = y - w * t;                                                            \
    }                                                                           \
    return (y * y).sum();                                                       \
  }

FUNCTIONS(adgen::Tensor, float, ADGEN_DIFFERENTIABLE)
FUNCTIONS(adgen::DoubleTensor, double, ADGEN_DIFFERENTIABLE)

// Each path assigns its value. The reverse tests the same condition and
// reads the branch's tensors kept by the forward (handles), not computed
// again.
// CHECK-LABEL: inline adgen::Tensor activation_grad(
// CHECK:         adgen::Tensor y_3;
// CHECK:         if (t0) {
// CHECK-NEXT:      const adgen::Tensor t1 = adgen::relu(y);
// CHECK:           [[KEPT:t[0-9]+]] = t1;
// CHECK:         } else {
// CHECK:           y_3 = y_2;
// CHECK:         if (t0) {
// CHECK-NOT:       adgen::relu(y)
// CHECK:           adgen::relu_backward(d_y * s, [[KEPT]])
// CHECK:         } else {

// b receives zeros of its shape where the bias was not added, made there.
// CHECK-LABEL: inline adgen::Tensor optional_bias_grad(
// CHECK:         } else {
// CHECK:           const adgen::Tensor [[ZB:t[0-9]+]] = adgen::zeros_like(b);
// CHECK:           [[DB:t[0-9]+]] = [[ZB]];
// CHECK:         if (d_b) adgen::accumulate_grad(*d_b, [[DB]]);

// Both paths contribute to a and b: no zeros anywhere.
// CHECK-LABEL: inline adgen::Tensor pick_grad(
// CHECK-NOT:     zeros_like
// CHECK:         return out;

#ifndef ADGEN_TOOL
#include "branches.grad.h"

#include <tensor_oracle.h>

using oracle::check_grad;
using oracle::randn;

int main() {
  adgen::DoubleTensor x = randn({2, 3}, 1), w = randn({2, 3}, 2);
  for (double s : {0.7, -0.4})
    check_grad(s > 0 ? "activation(relu)" : "activation(tanh)", "x w s",
               ORACLE_PRIMAL(activation), ORACLE_GRAD(activation), x, w, s);
  adgen::DoubleTensor W = randn({3, 4}, 3) * 0.5, b = randn({4}, 4);
  for (double use : {1.0, -1.0})
    check_grad(use > 0 ? "optional_bias(with)" : "optional_bias(without)", "x W b use",
               ORACLE_PRIMAL(optional_bias), ORACLE_GRAD(optional_bias), x, W, b, use);
  for (double s : {1.5, 0.5})
    check_grad(s > 1 ? "pick(product)" : "pick(exp)", "a b s", ORACLE_PRIMAL(pick),
               ORACLE_GRAD(pick), x, w * 0.5, s);
  for (auto [s, t] : {std::pair{-1.5, 0.3}, {0.5, 0.3}, {0.5, -0.3}, {-0.5, 0.7}})
    check_grad("nested", "x w s t", ORACLE_PRIMAL(nested), ORACLE_GRAD(nested), x, w, s, t);
}
#endif

// EXEC:      activation(relu): value: ok
// EXEC-NEXT: activation(relu) d/dx: ok
// EXEC-NEXT: activation(relu) d/dw: ok
// EXEC-NEXT: activation(relu) d/ds: ok
// EXEC:      activation(tanh): value: ok
// EXEC:      optional_bias(with): value: ok
// EXEC:      optional_bias(without) d/db: ok
// EXEC:      pick(product): value: ok
// EXEC:      pick(exp): value: ok
// EXEC:      nested: value: ok
// EXEC-NOT:  MISMATCH
