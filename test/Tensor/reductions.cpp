// Reductions over all elements, one dim and several dims, keepdim both
// ways, negative dims: sum, mean, prod, max, min (free and member forms).
// Gradients against central differences of the double primal.
//
// RUN: rm -rf %t && mkdir -p %t
// RUN: %adgen %s -o %t/reductions.grad.h -- -std=c++17
// RUN: FileCheck %s < %t/reductions.grad.h
// RUN: %cxx -I%t %s -o %t/gcc && %t/gcc | FileCheck %s --check-prefix=EXEC
// RUN: %clangxx -I%t %s -o %t/clang && %t/clang | FileCheck %s --check-prefix=EXEC

#include <adgen/adgen.h>
#include <adgen/tensor.h>

#define FUNCTIONS(TT, T, MARK)                                                  \
  /* sum over one dim, keepdim false and true, negative dims. */                \
  MARK TT sum_dims(const TT &x) {                                               \
    TT a = adgen::sum(x, 1);                                                    \
    TT b = adgen::sum(x, -1, true);                                             \
    TT c = x.sum(0, false);                                                     \
    return adgen::sum(a * a) + adgen::sum(b * x) + c.pow(T(2)).sum();           \
  }                                                                             \
  /* mean over a list of dims, keepdim both ways. */                            \
  MARK TT mean_dims(const TT &x) {                                              \
    TT a = adgen::mean(x, adgen::Shape{0, 2});                                  \
    TT b = x.mean(adgen::Shape{-1, -3}, true);                                  \
    TT c = adgen::sum(x, adgen::Shape{1});                                      \
    return adgen::sum(a * a * a) + adgen::mean(b * x) + adgen::sum(c.exp()) + x.mean(1).sum(); \
  }                                                                             \
  /* prod over all and over a dim (keepdim both ways). */                       \
  MARK TT prods(const TT &x) {                                                  \
    TT a = adgen::prod(x, 0);                                                   \
    TT b = x.prod(-1, true);                                                    \
    return adgen::sum(a) + adgen::sum(b * x) + adgen::prod(x * 0.5) + x.prod(); \
  }                                                                             \
  /* max and min over all elements and along a dim. */                          \
  MARK TT extremes(const TT &x) {                                               \
    TT a = adgen::max(x) * 2 - adgen::min(x) * x.max();                         \
    TT b = adgen::max(x, 1) + adgen::min(x, -1);                                \
    TT c = x.max(0, true) * x.min(-2, false);                                   \
    return a + adgen::sum(b * b) + adgen::sum(c);                               \
  }                                                                             \
  /* A reduction to a vector: the VJP. */                                       \
  MARK TT row_norms(const TT &x) { return adgen::sqrt(adgen::sum(x * x, -1)); }

FUNCTIONS(adgen::Tensor, float, ADGEN_DIFFERENTIABLE)
FUNCTIONS(adgen::DoubleTensor, double, ADGEN_DIFFERENTIABLE)

// CHECK-LABEL: inline adgen::Tensor sum_dims_grad(
// CHECK: adgen::sum_backward({{.*}}, 1, false)
// CHECK: adgen::sum_backward({{.*}}, -1, true)
// CHECK-LABEL: inline adgen::Tensor mean_dims_grad(
// CHECK: adgen::mean_backward(
// CHECK-LABEL: inline adgen::Tensor prods_grad(
// CHECK: adgen::prod_backward(
// CHECK-LABEL: inline adgen::Tensor extremes_grad(
// CHECK-DAG: adgen::max_backward(
// CHECK-DAG: adgen::min_backward(

#ifndef ADGEN_TOOL
#include "reductions.grad.h"

#include <tensor_oracle.h>

using oracle::check_grad;
using oracle::check_vjp;
using oracle::randn;

int main() {
  adgen::DoubleTensor x = randn({3, 4}, 1);
  adgen::DoubleTensor x3 = randn({2, 3, 4}, 2);
  adgen::DoubleTensor xt = adgen::transpose(randn({4, 3}, 3), 0, 1);

  check_grad("sum_dims", "x", ORACLE_PRIMAL(sum_dims), ORACLE_GRAD(sum_dims), x);
  check_grad("sum_dims(view)", "x", ORACLE_PRIMAL(sum_dims), ORACLE_GRAD(sum_dims), xt);
  check_grad("mean_dims", "x", ORACLE_PRIMAL(mean_dims), ORACLE_GRAD(mean_dims), x3);
  check_grad("mean_dims(view)", "x", ORACLE_PRIMAL(mean_dims), ORACLE_GRAD(mean_dims),
             adgen::permute(randn({4, 2, 3}, 4), adgen::Shape{1, 2, 0}));
  check_grad("prods", "x", ORACLE_PRIMAL(prods), ORACLE_GRAD(prods), x + 0.5);
  // A zero in x: prod's gradient stays exact (PyTorch's rule).
  adgen::DoubleTensor xz = x.clone();
  xz.at({1, 2}) = 0.0;
  check_grad("prods(zero)", "x", ORACLE_PRIMAL(prods), ORACLE_GRAD(prods), xz);
  check_grad("extremes", "x", ORACLE_PRIMAL(extremes), ORACLE_GRAD(extremes), x);
  check_grad("extremes(view)", "x", ORACLE_PRIMAL(extremes), ORACLE_GRAD(extremes), xt);
  check_vjp("row_norms", "x", ORACLE_PRIMAL(row_norms), ORACLE_VJP(row_norms), randn({3}, 5), x);
  check_vjp("row_norms(3d)", "x", ORACLE_PRIMAL(row_norms), ORACLE_VJP(row_norms), randn({2, 3}, 6), x3);
}
#endif

// EXEC: sum_dims: value: ok
// EXEC-NEXT: sum_dims d/dx: ok
// EXEC-NEXT: sum_dims<float> d/dx: ok
// EXEC-NEXT: sum_dims accumulates: ok
// EXEC-NEXT: sum_dims null d/dx: ok
// EXEC-NEXT: sum_dims all null: ok
// EXEC-NEXT: sum_dims(view): value: ok
// EXEC-NEXT: sum_dims(view) d/dx: ok
// EXEC-NEXT: sum_dims(view)<float> d/dx: ok
// EXEC-NEXT: sum_dims(view) accumulates: ok
// EXEC-NEXT: sum_dims(view) null d/dx: ok
// EXEC-NEXT: sum_dims(view) all null: ok
// EXEC-NEXT: mean_dims: value: ok
// EXEC-NEXT: mean_dims d/dx: ok
// EXEC-NEXT: mean_dims<float> d/dx: ok
// EXEC-NEXT: mean_dims accumulates: ok
// EXEC-NEXT: mean_dims null d/dx: ok
// EXEC-NEXT: mean_dims all null: ok
// EXEC-NEXT: mean_dims(view): value: ok
// EXEC-NEXT: mean_dims(view) d/dx: ok
// EXEC-NEXT: mean_dims(view)<float> d/dx: ok
// EXEC-NEXT: mean_dims(view) accumulates: ok
// EXEC-NEXT: mean_dims(view) null d/dx: ok
// EXEC-NEXT: mean_dims(view) all null: ok
// EXEC-NEXT: prods: value: ok
// EXEC-NEXT: prods d/dx: ok
// EXEC-NEXT: prods<float> d/dx: ok
// EXEC-NEXT: prods accumulates: ok
// EXEC-NEXT: prods null d/dx: ok
// EXEC-NEXT: prods all null: ok
// EXEC-NEXT: prods(zero): value: ok
// EXEC-NEXT: prods(zero) d/dx: ok
// EXEC-NEXT: prods(zero)<float> d/dx: ok
// EXEC-NEXT: prods(zero) accumulates: ok
// EXEC-NEXT: prods(zero) null d/dx: ok
// EXEC-NEXT: prods(zero) all null: ok
// EXEC-NEXT: extremes: value: ok
// EXEC-NEXT: extremes d/dx: ok
// EXEC-NEXT: extremes<float> d/dx: ok
// EXEC-NEXT: extremes accumulates: ok
// EXEC-NEXT: extremes null d/dx: ok
// EXEC-NEXT: extremes all null: ok
// EXEC-NEXT: extremes(view): value: ok
// EXEC-NEXT: extremes(view) d/dx: ok
// EXEC-NEXT: extremes(view)<float> d/dx: ok
// EXEC-NEXT: extremes(view) accumulates: ok
// EXEC-NEXT: extremes(view) null d/dx: ok
// EXEC-NEXT: extremes(view) all null: ok
// EXEC-NEXT: row_norms vjp d/dx: ok
// EXEC-NEXT: row_norms<float> vjp d/dx: ok
// EXEC-NEXT: row_norms(3d) vjp d/dx: ok
// EXEC-NEXT: row_norms(3d)<float> vjp d/dx: ok
