// Matrix products: matmul in every torch.matmul case (1-D.1-D, 2-D, 1-D@2-D,
// 2-D@1-D, batched with broadcast batch dimensions), mm, the member form,
// linear with and without bias, a small MLP. Gradients against central
// differences of the double primal; transposed views as arguments.
//
// RUN: rm -rf %t && mkdir -p %t
// RUN: %adgen %s -o %t/matmul-linear.grad.h -- -std=c++17
// RUN: FileCheck %s < %t/matmul-linear.grad.h
// RUN: %cxx -I%t %s -o %t/gcc && %t/gcc | FileCheck %s --check-prefix=EXEC
// RUN: %clangxx -I%t %s -o %t/clang && %t/clang | FileCheck %s --check-prefix=EXEC

#include <adgen/adgen.h>
#include <adgen/tensor.h>

#define FUNCTIONS(TT, T, MARK)                                                  \
  /* matmul of any ranks, the result squared and summed. */                     \
  MARK TT mm_any(const TT &a, const TT &b) {                                    \
    TT c = adgen::matmul(a, b);                                                 \
    return adgen::sum(c * c);                                                   \
  }                                                                             \
  /* mm and the member form, chained. */                                        \
  MARK TT chain(const TT &a, const TT &b, const TT &c) {                        \
    TT ab = adgen::mm(a, b);                                                    \
    return ab.matmul(c).tanh().sum();                                           \
  }                                                                             \
  /* linear without and with bias. */                                          \
  MARK TT lin(const TT &x, const TT &w) { return adgen::linear(x, w).exp().mean(); } \
  MARK TT lin_bias(const TT &x, const TT &w, const TT &b) {                     \
    TT y = adgen::linear(x, w, b);                                              \
    return adgen::sum(y * y);                                                   \
  }                                                                             \
  /* A two-layer perceptron with a scalar weight decay. */                      \
  MARK TT mlp(const TT &x, const TT &w1, const TT &b1, const TT &w2, T decay) { \
    TT h = adgen::relu(adgen::linear(x, w1, b1));                               \
    TT y = adgen::matmul(h, adgen::t(w2));                                      \
    return adgen::mean(y * y) + decay * (adgen::sum(w1 * w1) + adgen::sum(w2 * w2)); \
  }                                                                             \
  /* A non-scalar product: the VJP. */                                          \
  MARK TT bmm(const TT &a, const TT &b) { return adgen::matmul(a, b); }

FUNCTIONS(adgen::Tensor, float, ADGEN_DIFFERENTIABLE)
FUNCTIONS(adgen::DoubleTensor, double, ADGEN_DIFFERENTIABLE)

// CHECK-LABEL: inline adgen::Tensor mm_any_grad(
// CHECK-DAG: adgen::matmul_backward_a(
// CHECK-DAG: adgen::matmul_backward_b(
// CHECK-LABEL: inline adgen::Tensor lin_bias_grad(
// CHECK-DAG: adgen::linear_backward_input(
// CHECK-DAG: adgen::linear_backward_weight(
// CHECK-DAG: adgen::linear_backward_bias(
// CHECK-LABEL: inline void bmm_vjp(
// CHECK: adgen::check_seed(d_ret,

#ifndef ADGEN_TOOL
#include "matmul-linear.grad.h"

#include <tensor_oracle.h>

using oracle::check_grad;
using oracle::check_vjp;
using oracle::randn;

int main() {
  auto f = ORACLE_PRIMAL(mm_any);
  auto g = ORACLE_GRAD(mm_any);
  check_grad("matmul 1d.1d", "a b", f, g, randn({4}, 1), randn({4}, 2));
  check_grad("matmul 2d@2d", "a b", f, g, randn({3, 4}, 3), randn({4, 2}, 4));
  check_grad("matmul 1d@2d", "a b", f, g, randn({4}, 5), randn({4, 2}, 6));
  check_grad("matmul 2d@1d", "a b", f, g, randn({3, 4}, 7), randn({4}, 8));
  check_grad("matmul 3d@3d", "a b", f, g, randn({2, 3, 4}, 9), randn({2, 4, 2}, 10));
  check_grad("matmul 3d@2d", "a b", f, g, randn({2, 3, 4}, 11), randn({4, 2}, 12));
  check_grad("matmul 1d@3d", "a b", f, g, randn({4}, 13), randn({2, 4, 3}, 14));
  check_grad("matmul 3d@1d", "a b", f, g, randn({2, 3, 4}, 15), randn({4}, 16));
  check_grad("matmul broadcast batch", "a b", f, g, randn({2, 1, 3, 4}, 17), randn({3, 4, 2}, 18));
  // Transposed views on both sides.
  check_grad("matmul views", "a b", f, g, adgen::t(randn({4, 3}, 19)), adgen::transpose(randn({2, 4}, 20), 0, 1));
  check_grad("chain", "a b c", ORACLE_PRIMAL(chain), ORACLE_GRAD(chain), randn({3, 4}, 21) * 0.5,
             randn({4, 5}, 22) * 0.5, adgen::t(randn({2, 5}, 23)));
  check_grad("linear", "x w", ORACLE_PRIMAL(lin), ORACLE_GRAD(lin), randn({5, 4}, 24) * 0.5,
             randn({3, 4}, 25) * 0.5);
  check_grad("linear 1d", "x w", ORACLE_PRIMAL(lin), ORACLE_GRAD(lin), randn({4}, 26), randn({3, 4}, 27) * 0.5);
  check_grad("linear bias", "x w b", ORACLE_PRIMAL(lin_bias), ORACLE_GRAD(lin_bias), randn({5, 4}, 28),
             randn({3, 4}, 29), randn({3}, 30));
  check_grad("linear bias 3d", "x w b", ORACLE_PRIMAL(lin_bias), ORACLE_GRAD(lin_bias), randn({2, 5, 4}, 31),
             adgen::t(randn({4, 3}, 32)), randn({3}, 33));
  check_grad("mlp", "x w1 b1 w2 decay", ORACLE_PRIMAL(mlp), ORACLE_GRAD(mlp), randn({6, 4}, 34),
             randn({5, 4}, 35), randn({5}, 36), randn({2, 5}, 37), 0.01);
  check_vjp("bmm", "a b", ORACLE_PRIMAL(bmm), ORACLE_VJP(bmm), randn({2, 3, 2}, 38), randn({2, 3, 4}, 39),
            randn({1, 4, 2}, 40));
  check_vjp("mv", "a b", ORACLE_PRIMAL(bmm), ORACLE_VJP(bmm), randn({3}, 41), randn({3, 4}, 42), randn({4}, 43));
}
#endif

// EXEC: matmul 1d.1d: value: ok
// EXEC-NEXT: matmul 1d.1d d/da: ok
// EXEC-NEXT: matmul 1d.1d d/db: ok
// EXEC-NEXT: matmul 1d.1d<float> d/da: ok
// EXEC-NEXT: matmul 1d.1d<float> d/db: ok
// EXEC-NEXT: matmul 1d.1d accumulates: ok
// EXEC-NEXT: matmul 1d.1d null d/da: ok
// EXEC-NEXT: matmul 1d.1d null d/db: ok
// EXEC-NEXT: matmul 1d.1d all null: ok
// EXEC-NEXT: matmul 2d@2d: value: ok
// EXEC-NEXT: matmul 2d@2d d/da: ok
// EXEC-NEXT: matmul 2d@2d d/db: ok
// EXEC-NEXT: matmul 2d@2d<float> d/da: ok
// EXEC-NEXT: matmul 2d@2d<float> d/db: ok
// EXEC-NEXT: matmul 2d@2d accumulates: ok
// EXEC-NEXT: matmul 2d@2d null d/da: ok
// EXEC-NEXT: matmul 2d@2d null d/db: ok
// EXEC-NEXT: matmul 2d@2d all null: ok
// EXEC-NEXT: matmul 1d@2d: value: ok
// EXEC-NEXT: matmul 1d@2d d/da: ok
// EXEC-NEXT: matmul 1d@2d d/db: ok
// EXEC-NEXT: matmul 1d@2d<float> d/da: ok
// EXEC-NEXT: matmul 1d@2d<float> d/db: ok
// EXEC-NEXT: matmul 1d@2d accumulates: ok
// EXEC-NEXT: matmul 1d@2d null d/da: ok
// EXEC-NEXT: matmul 1d@2d null d/db: ok
// EXEC-NEXT: matmul 1d@2d all null: ok
// EXEC-NEXT: matmul 2d@1d: value: ok
// EXEC-NEXT: matmul 2d@1d d/da: ok
// EXEC-NEXT: matmul 2d@1d d/db: ok
// EXEC-NEXT: matmul 2d@1d<float> d/da: ok
// EXEC-NEXT: matmul 2d@1d<float> d/db: ok
// EXEC-NEXT: matmul 2d@1d accumulates: ok
// EXEC-NEXT: matmul 2d@1d null d/da: ok
// EXEC-NEXT: matmul 2d@1d null d/db: ok
// EXEC-NEXT: matmul 2d@1d all null: ok
// EXEC-NEXT: matmul 3d@3d: value: ok
// EXEC-NEXT: matmul 3d@3d d/da: ok
// EXEC-NEXT: matmul 3d@3d d/db: ok
// EXEC-NEXT: matmul 3d@3d<float> d/da: ok
// EXEC-NEXT: matmul 3d@3d<float> d/db: ok
// EXEC-NEXT: matmul 3d@3d accumulates: ok
// EXEC-NEXT: matmul 3d@3d null d/da: ok
// EXEC-NEXT: matmul 3d@3d null d/db: ok
// EXEC-NEXT: matmul 3d@3d all null: ok
// EXEC-NEXT: matmul 3d@2d: value: ok
// EXEC-NEXT: matmul 3d@2d d/da: ok
// EXEC-NEXT: matmul 3d@2d d/db: ok
// EXEC-NEXT: matmul 3d@2d<float> d/da: ok
// EXEC-NEXT: matmul 3d@2d<float> d/db: ok
// EXEC-NEXT: matmul 3d@2d accumulates: ok
// EXEC-NEXT: matmul 3d@2d null d/da: ok
// EXEC-NEXT: matmul 3d@2d null d/db: ok
// EXEC-NEXT: matmul 3d@2d all null: ok
// EXEC-NEXT: matmul 1d@3d: value: ok
// EXEC-NEXT: matmul 1d@3d d/da: ok
// EXEC-NEXT: matmul 1d@3d d/db: ok
// EXEC-NEXT: matmul 1d@3d<float> d/da: ok
// EXEC-NEXT: matmul 1d@3d<float> d/db: ok
// EXEC-NEXT: matmul 1d@3d accumulates: ok
// EXEC-NEXT: matmul 1d@3d null d/da: ok
// EXEC-NEXT: matmul 1d@3d null d/db: ok
// EXEC-NEXT: matmul 1d@3d all null: ok
// EXEC-NEXT: matmul 3d@1d: value: ok
// EXEC-NEXT: matmul 3d@1d d/da: ok
// EXEC-NEXT: matmul 3d@1d d/db: ok
// EXEC-NEXT: matmul 3d@1d<float> d/da: ok
// EXEC-NEXT: matmul 3d@1d<float> d/db: ok
// EXEC-NEXT: matmul 3d@1d accumulates: ok
// EXEC-NEXT: matmul 3d@1d null d/da: ok
// EXEC-NEXT: matmul 3d@1d null d/db: ok
// EXEC-NEXT: matmul 3d@1d all null: ok
// EXEC-NEXT: matmul broadcast batch: value: ok
// EXEC-NEXT: matmul broadcast batch d/da: ok
// EXEC-NEXT: matmul broadcast batch d/db: ok
// EXEC-NEXT: matmul broadcast batch<float> d/da: ok
// EXEC-NEXT: matmul broadcast batch<float> d/db: ok
// EXEC-NEXT: matmul broadcast batch accumulates: ok
// EXEC-NEXT: matmul broadcast batch null d/da: ok
// EXEC-NEXT: matmul broadcast batch null d/db: ok
// EXEC-NEXT: matmul broadcast batch all null: ok
// EXEC-NEXT: matmul views: value: ok
// EXEC-NEXT: matmul views d/da: ok
// EXEC-NEXT: matmul views d/db: ok
// EXEC-NEXT: matmul views<float> d/da: ok
// EXEC-NEXT: matmul views<float> d/db: ok
// EXEC-NEXT: matmul views accumulates: ok
// EXEC-NEXT: matmul views null d/da: ok
// EXEC-NEXT: matmul views null d/db: ok
// EXEC-NEXT: matmul views all null: ok
// EXEC-NEXT: chain: value: ok
// EXEC-NEXT: chain d/da: ok
// EXEC-NEXT: chain d/db: ok
// EXEC-NEXT: chain d/dc: ok
// EXEC-NEXT: chain<float> d/da: ok
// EXEC-NEXT: chain<float> d/db: ok
// EXEC-NEXT: chain<float> d/dc: ok
// EXEC-NEXT: chain accumulates: ok
// EXEC-NEXT: chain null d/da: ok
// EXEC-NEXT: chain null d/db: ok
// EXEC-NEXT: chain null d/dc: ok
// EXEC-NEXT: chain all null: ok
// EXEC-NEXT: linear: value: ok
// EXEC-NEXT: linear d/dx: ok
// EXEC-NEXT: linear d/dw: ok
// EXEC-NEXT: linear<float> d/dx: ok
// EXEC-NEXT: linear<float> d/dw: ok
// EXEC-NEXT: linear accumulates: ok
// EXEC-NEXT: linear null d/dx: ok
// EXEC-NEXT: linear null d/dw: ok
// EXEC-NEXT: linear all null: ok
// EXEC-NEXT: linear 1d: value: ok
// EXEC-NEXT: linear 1d d/dx: ok
// EXEC-NEXT: linear 1d d/dw: ok
// EXEC-NEXT: linear 1d<float> d/dx: ok
// EXEC-NEXT: linear 1d<float> d/dw: ok
// EXEC-NEXT: linear 1d accumulates: ok
// EXEC-NEXT: linear 1d null d/dx: ok
// EXEC-NEXT: linear 1d null d/dw: ok
// EXEC-NEXT: linear 1d all null: ok
// EXEC-NEXT: linear bias: value: ok
// EXEC-NEXT: linear bias d/dx: ok
// EXEC-NEXT: linear bias d/dw: ok
// EXEC-NEXT: linear bias d/db: ok
// EXEC-NEXT: linear bias<float> d/dx: ok
// EXEC-NEXT: linear bias<float> d/dw: ok
// EXEC-NEXT: linear bias<float> d/db: ok
// EXEC-NEXT: linear bias accumulates: ok
// EXEC-NEXT: linear bias null d/dx: ok
// EXEC-NEXT: linear bias null d/dw: ok
// EXEC-NEXT: linear bias null d/db: ok
// EXEC-NEXT: linear bias all null: ok
// EXEC-NEXT: linear bias 3d: value: ok
// EXEC-NEXT: linear bias 3d d/dx: ok
// EXEC-NEXT: linear bias 3d d/dw: ok
// EXEC-NEXT: linear bias 3d d/db: ok
// EXEC-NEXT: linear bias 3d<float> d/dx: ok
// EXEC-NEXT: linear bias 3d<float> d/dw: ok
// EXEC-NEXT: linear bias 3d<float> d/db: ok
// EXEC-NEXT: linear bias 3d accumulates: ok
// EXEC-NEXT: linear bias 3d null d/dx: ok
// EXEC-NEXT: linear bias 3d null d/dw: ok
// EXEC-NEXT: linear bias 3d null d/db: ok
// EXEC-NEXT: linear bias 3d all null: ok
// EXEC-NEXT: mlp: value: ok
// EXEC-NEXT: mlp d/dx: ok
// EXEC-NEXT: mlp d/dw1: ok
// EXEC-NEXT: mlp d/db1: ok
// EXEC-NEXT: mlp d/dw2: ok
// EXEC-NEXT: mlp d/ddecay: ok
// EXEC-NEXT: mlp<float> d/dx: ok
// EXEC-NEXT: mlp<float> d/dw1: ok
// EXEC-NEXT: mlp<float> d/db1: ok
// EXEC-NEXT: mlp<float> d/dw2: ok
// EXEC-NEXT: mlp<float> d/ddecay: ok
// EXEC-NEXT: mlp accumulates: ok
// EXEC-NEXT: mlp null d/dx: ok
// EXEC-NEXT: mlp null d/dw1: ok
// EXEC-NEXT: mlp null d/db1: ok
// EXEC-NEXT: mlp null d/dw2: ok
// EXEC-NEXT: mlp null d/ddecay: ok
// EXEC-NEXT: mlp all null: ok
// EXEC-NEXT: bmm vjp d/da: ok
// EXEC-NEXT: bmm vjp d/db: ok
// EXEC-NEXT: bmm<float> vjp d/da: ok
// EXEC-NEXT: bmm<float> vjp d/db: ok
// EXEC-NEXT: mv vjp d/da: ok
// EXEC-NEXT: mv vjp d/db: ok
// EXEC-NEXT: mv<float> vjp d/da: ok
// EXEC-NEXT: mv<float> vjp d/db: ok
