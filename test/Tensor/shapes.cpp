// Shape operations: transpose, t, permute, reshape (with -1), view,
// flatten, squeeze, unsqueeze, expand, select, narrow, slice (with a step),
// contiguous; free functions and member forms, negative dims. Gradients
// against central differences of the double primal; views as arguments.
//
// RUN: rm -rf %t && mkdir -p %t
// RUN: %adgen %s -o %t/shapes.grad.h -- -std=c++17
// RUN: FileCheck %s < %t/shapes.grad.h
// RUN: %cxx -I%t %s -o %t/gcc && %t/gcc | FileCheck %s --check-prefix=EXEC
// RUN: %clangxx -I%t %s -o %t/clang && %t/clang | FileCheck %s --check-prefix=EXEC

#include <adgen/adgen.h>
#include <adgen/tensor.h>

#define FUNCTIONS(TT, T, MARK)                                                  \
  /* transpose, t, permute and the members; weights make the order matter. */ \
  MARK TT transposes(const TT &x, const TT &w) {                                \
    TT a = adgen::transpose(x, 0, -1) * adgen::permute(w, adgen::Shape{2, 1, 0}); \
    TT b = x.transpose(-2, -1).permute(adgen::Shape{1, 0, 2});                  \
    TT c = adgen::t(adgen::select(x, 0, 1)) * adgen::select(w, 0, 1).t();      \
    return adgen::sum(a * a) + adgen::sum(b * b * b) + adgen::sum(c.exp());     \
  }                                                                             \
  /* reshape (with -1), view, flatten, contiguous. */                          \
  MARK TT reshapes(const TT &x, const TT &w) {                                  \
    TT a = adgen::reshape(x, adgen::Shape{2, -1}) * adgen::flatten(w, 1);       \
    TT b = x.contiguous().view(adgen::Shape{2, 12}) + w.reshape(adgen::Shape{-1, 12}); \
    TT c = adgen::flatten(x) * adgen::view(adgen::contiguous(w), adgen::Shape{24}); \
    TT d = x.flatten(0, 1).t();                                                 \
    return adgen::sum(a * a) + adgen::sum(b.sin()) + adgen::sum(c) + adgen::sum(d * d); \
  }                                                                             \
  /* reshape and flatten copy a non-contiguous argument. */                    \
  MARK TT flattens(const TT &x, const TT &w) {                                  \
    TT a = adgen::reshape(x, adgen::Shape{-1, 6}) * w.flatten(0, 1).reshape(adgen::Shape{4, 6}); \
    return adgen::sum(a * a) + adgen::sum(adgen::flatten(x).exp());             \
  }                                                                             \
  /* squeeze, unsqueeze, expand. */                                             \
  MARK TT squeezes(const TT &x, const TT &v) {                                  \
    TT a = adgen::unsqueeze(adgen::squeeze(x), 0) * adgen::unsqueeze(v, -1);    \
    TT b = adgen::squeeze(x, 1).unsqueeze(1).squeeze(-2);                       \
    TT c = adgen::expand(v, adgen::Shape{5, 3}) * v.unsqueeze(0).expand(adgen::Shape{2, 5, -1}); \
    return adgen::sum(a * a) + adgen::sum(b.exp()) + adgen::sum(c * c);         \
  }                                                                             \
  /* select, narrow, slice (with a step), negative dims and indices. */        \
  MARK TT slices(const TT &x) {                                                 \
    TT a = adgen::select(x, 1, -1) * x.select(0, 0);                            \
    TT b = adgen::narrow(x, -1, 1, 2) * x.narrow(0, 1, 2).t();                      \
    TT c = adgen::slice(x, 0, 0, 4, 2) + x.slice(-1, 1, 3).t();                     \
    return adgen::sum(a * a) + adgen::sum(b * b) + adgen::sum(c.exp());         \
  }                                                                             \
  /* A non-scalar view: the VJP. */                                             \
  MARK TT window(const TT &x) { return x.slice(1, 0, 4, 2).transpose(0, 1) * 3; }

FUNCTIONS(adgen::Tensor, float, ADGEN_DIFFERENTIABLE)
FUNCTIONS(adgen::DoubleTensor, double, ADGEN_DIFFERENTIABLE)

// CHECK-LABEL: inline adgen::Tensor transposes_grad(
// CHECK-DAG: adgen::permute_backward(
// CHECK-DAG: adgen::select_backward(
// CHECK-LABEL: inline adgen::Tensor reshapes_grad(
// CHECK: adgen::reshape_as(
// CHECK-LABEL: inline adgen::Tensor squeezes_grad(
// CHECK: adgen::reduce_like(
// CHECK-LABEL: inline adgen::Tensor slices_grad(
// CHECK-DAG: adgen::narrow_backward(
// CHECK-DAG: adgen::slice_backward(

#ifndef ADGEN_TOOL
#include "shapes.grad.h"

#include <tensor_oracle.h>

using oracle::check_grad;
using oracle::check_vjp;
using oracle::randn;

int main() {
  adgen::DoubleTensor x3 = randn({2, 3, 4}, 1);
  adgen::DoubleTensor w3 = randn({2, 3, 4}, 2);
  check_grad("transposes", "x w", ORACLE_PRIMAL(transposes), ORACLE_GRAD(transposes), x3, w3);
  check_grad("transposes(views)", "x w", ORACLE_PRIMAL(transposes), ORACLE_GRAD(transposes),
             adgen::permute(randn({3, 4, 2}, 3), adgen::Shape{2, 0, 1}), adgen::transpose(randn({4, 3, 2}, 4), 0, 2));
  check_grad("reshapes", "x w", ORACLE_PRIMAL(reshapes), ORACLE_GRAD(reshapes), x3, randn({2, 3, 4}, 5));
  // Transposed arguments: reshape and flatten copy.
  check_grad("flattens", "x w", ORACLE_PRIMAL(flattens), ORACLE_GRAD(flattens), x3, randn({2, 3, 4}, 5));
  check_grad("flattens(views)", "x w", ORACLE_PRIMAL(flattens), ORACLE_GRAD(flattens),
             adgen::transpose(randn({2, 4, 3}, 6), 1, 2), adgen::transpose(randn({4, 3, 2}, 7), 0, 2));
  check_grad("squeezes", "x v", ORACLE_PRIMAL(squeezes), ORACLE_GRAD(squeezes), randn({1, 3, 1}, 8),
             randn({3}, 9));
  check_grad("slices", "x", ORACLE_PRIMAL(slices), ORACLE_GRAD(slices), randn({4, 4}, 10));
  check_grad("slices(view)", "x", ORACLE_PRIMAL(slices), ORACLE_GRAD(slices), adgen::t(randn({4, 4}, 11)));
  check_vjp("window", "x", ORACLE_PRIMAL(window), ORACLE_VJP(window), randn({2, 3}, 12), randn({3, 4}, 13));
}
#endif

// EXEC: transposes: value: ok
// EXEC-NEXT: transposes d/dx: ok
// EXEC-NEXT: transposes d/dw: ok
// EXEC-NEXT: transposes<float> d/dx: ok
// EXEC-NEXT: transposes<float> d/dw: ok
// EXEC-NEXT: transposes accumulates: ok
// EXEC-NEXT: transposes null d/dx: ok
// EXEC-NEXT: transposes null d/dw: ok
// EXEC-NEXT: transposes all null: ok
// EXEC-NEXT: transposes(views): value: ok
// EXEC-NEXT: transposes(views) d/dx: ok
// EXEC-NEXT: transposes(views) d/dw: ok
// EXEC-NEXT: transposes(views)<float> d/dx: ok
// EXEC-NEXT: transposes(views)<float> d/dw: ok
// EXEC-NEXT: transposes(views) accumulates: ok
// EXEC-NEXT: transposes(views) null d/dx: ok
// EXEC-NEXT: transposes(views) null d/dw: ok
// EXEC-NEXT: transposes(views) all null: ok
// EXEC-NEXT: reshapes: value: ok
// EXEC-NEXT: reshapes d/dx: ok
// EXEC-NEXT: reshapes d/dw: ok
// EXEC-NEXT: reshapes<float> d/dx: ok
// EXEC-NEXT: reshapes<float> d/dw: ok
// EXEC-NEXT: reshapes accumulates: ok
// EXEC-NEXT: reshapes null d/dx: ok
// EXEC-NEXT: reshapes null d/dw: ok
// EXEC-NEXT: reshapes all null: ok
// EXEC-NEXT: flattens: value: ok
// EXEC-NEXT: flattens d/dx: ok
// EXEC-NEXT: flattens d/dw: ok
// EXEC-NEXT: flattens<float> d/dx: ok
// EXEC-NEXT: flattens<float> d/dw: ok
// EXEC-NEXT: flattens accumulates: ok
// EXEC-NEXT: flattens null d/dx: ok
// EXEC-NEXT: flattens null d/dw: ok
// EXEC-NEXT: flattens all null: ok
// EXEC-NEXT: flattens(views): value: ok
// EXEC-NEXT: flattens(views) d/dx: ok
// EXEC-NEXT: flattens(views) d/dw: ok
// EXEC-NEXT: flattens(views)<float> d/dx: ok
// EXEC-NEXT: flattens(views)<float> d/dw: ok
// EXEC-NEXT: flattens(views) accumulates: ok
// EXEC-NEXT: flattens(views) null d/dx: ok
// EXEC-NEXT: flattens(views) null d/dw: ok
// EXEC-NEXT: flattens(views) all null: ok
// EXEC-NEXT: squeezes: value: ok
// EXEC-NEXT: squeezes d/dx: ok
// EXEC-NEXT: squeezes d/dv: ok
// EXEC-NEXT: squeezes<float> d/dx: ok
// EXEC-NEXT: squeezes<float> d/dv: ok
// EXEC-NEXT: squeezes accumulates: ok
// EXEC-NEXT: squeezes null d/dx: ok
// EXEC-NEXT: squeezes null d/dv: ok
// EXEC-NEXT: squeezes all null: ok
// EXEC-NEXT: slices: value: ok
// EXEC-NEXT: slices d/dx: ok
// EXEC-NEXT: slices<float> d/dx: ok
// EXEC-NEXT: slices accumulates: ok
// EXEC-NEXT: slices null d/dx: ok
// EXEC-NEXT: slices all null: ok
// EXEC-NEXT: slices(view): value: ok
// EXEC-NEXT: slices(view) d/dx: ok
// EXEC-NEXT: slices(view)<float> d/dx: ok
// EXEC-NEXT: slices(view) accumulates: ok
// EXEC-NEXT: slices(view) null d/dx: ok
// EXEC-NEXT: slices(view) all null: ok
// EXEC-NEXT: window vjp d/dx: ok
// EXEC-NEXT: window<float> vjp d/dx: ok
