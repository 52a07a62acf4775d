// Broadcasting in every elementwise operation: [3,4] with [4], [2,1,3]
// with [4,1], one-element and 0-dim (scalar) tensors, tensors with scalar
// parameters on either side. The gradient of a broadcast operand is summed
// back to its shape (reduce_like). Checked against central differences of
// the double primal.
//
// RUN: rm -rf %t && mkdir -p %t
// RUN: %adgen %s -o %t/broadcasting.grad.h -- -std=c++17
// RUN: FileCheck %s < %t/broadcasting.grad.h
// RUN: %cxx -I%t %s -o %t/gcc && %t/gcc | FileCheck %s --check-prefix=EXEC
// RUN: %clangxx -I%t %s -o %t/clang && %t/clang | FileCheck %s --check-prefix=EXEC

#include <adgen/adgen.h>
#include <adgen/tensor.h>

#define FUNCTIONS(TT, T, MARK)                                                  \
  /* The four operators between tensors of different shapes. */               \
  MARK TT arith(const TT &a, const TT &b) {                                     \
    TT c = (a + b) * (a - b) / (b * b + 1);                                     \
    return adgen::sum(c * a);                                                   \
  }                                                                             \
  /* maximum, pow and where between broadcast operands. */                    \
  MARK TT mixed(const TT &a, const TT &b) {                                     \
    TT m = adgen::maximum(a, b) + adgen::minimum(a, b * 2);                     \
    TT p = adgen::pow(adgen::exp(a) + 0.5, b);                                  \
    return adgen::mean(adgen::where(a > b, m, p) * b);                          \
  }                                                                             \
  /* Three operands, each broadcast differently, and scalar parameters. */    \
  MARK TT three(const TT &a, const TT &b, const TT &c, T s) {                   \
    TT y = a * b + c * s - s / (c * c + 1);                                     \
    return adgen::sum(y * y) * s + (1 - s) * adgen::sum(a);                     \
  }                                                                             \
  /* An explicit expand and expand_as-style broadcasting. */                   \
  MARK TT expanded(const TT &v, const TT &m) {                                  \
    TT e = v.expand(adgen::Shape{3, -1});                                       \
    return adgen::sum(e * m + adgen::expand(v, adgen::Shape{2, 3, 4}).exp());  \
  }                                                                             \
  /* A broadcast non-scalar result: the VJP. */                                 \
  MARK TT outer(const TT &a, const TT &b) { return a * b + b; }

FUNCTIONS(adgen::Tensor, float, ADGEN_DIFFERENTIABLE)
FUNCTIONS(adgen::DoubleTensor, double, ADGEN_DIFFERENTIABLE)

// CHECK-LABEL: inline adgen::Tensor arith_grad(
// CHECK: adgen::reduce_like(
// CHECK-LABEL: inline adgen::Tensor three_grad(const adgen::Tensor& a, const adgen::Tensor& b, const adgen::Tensor& c, float s, adgen::Tensor* d_a, adgen::Tensor* d_b, adgen::Tensor* d_c, float* d_s) {
// CHECK: *d_s += adgen::sum_to_scalar(
// CHECK-LABEL: inline adgen::Tensor expanded_grad(
// CHECK: adgen::reduce_like(

#ifndef ADGEN_TOOL
#include "broadcasting.grad.h"

#include <tensor_oracle.h>

using oracle::check_grad;
using oracle::check_vjp;
using oracle::randn;

int main() {
  auto f = ORACLE_PRIMAL(arith);
  auto g = ORACLE_GRAD(arith);
  check_grad("arith [3,4] [4]", "a b", f, g, randn({3, 4}, 1), randn({4}, 2));
  check_grad("arith [4] [3,4]", "a b", f, g, randn({4}, 3), randn({3, 4}, 4));
  check_grad("arith [2,1,3] [4,1]", "a b", f, g, randn({2, 1, 3}, 5), randn({4, 1}, 6));
  check_grad("arith [3,4] [1]", "a b", f, g, randn({3, 4}, 7), randn({1}, 8));
  check_grad("arith [3,4] 0-dim", "a b", f, g, randn({3, 4}, 9), adgen::tensor<double>(0.7));
  check_grad("arith 0-dim [3,4]", "a b", f, g, adgen::tensor<double>(-0.4), randn({3, 4}, 10));
  check_grad("arith [3,1] [1,4]", "a b", f, g, randn({3, 1}, 11), randn({1, 4}, 12));
  check_grad("arith view [4,3]^T [3]", "a b", f, g, randn({4, 3}, 13), adgen::t(randn({3, 1}, 14)).squeeze(0));
  check_grad("arith view [3,4] [4]^T", "a b", f, g, adgen::t(randn({4, 3}, 15)), randn({4}, 16));
  check_grad("mixed [3,4] [4]", "a b", ORACLE_PRIMAL(mixed), ORACLE_GRAD(mixed), randn({3, 4}, 17), randn({4}, 18));
  check_grad("mixed [2,1,3] [4,1]", "a b", ORACLE_PRIMAL(mixed), ORACLE_GRAD(mixed), randn({2, 1, 3}, 19),
             randn({4, 1}, 20));
  check_grad("three", "a b c s", ORACLE_PRIMAL(three), ORACLE_GRAD(three), randn({2, 1, 3}, 21), randn({4, 1}, 22),
             randn({3}, 23), 0.6);
  check_grad("three 0-dim", "a b c s", ORACLE_PRIMAL(three), ORACLE_GRAD(three), adgen::tensor<double>(1.5),
             randn({2, 3}, 24), adgen::tensor<double>(-0.5), -1.25);
  check_grad("expanded", "v m", ORACLE_PRIMAL(expanded), ORACLE_GRAD(expanded), randn({4}, 25), randn({3, 4}, 26));
  check_grad("expanded [1,4]", "v m", ORACLE_PRIMAL(expanded), ORACLE_GRAD(expanded), randn({1, 4}, 27),
             randn({2, 3, 1}, 28));
  check_vjp("outer", "a b", ORACLE_PRIMAL(outer), ORACLE_VJP(outer), randn({2, 4, 3}, 29), randn({2, 1, 3}, 30),
            randn({4, 1}, 31));
  check_vjp("outer 0-dim", "a b", ORACLE_PRIMAL(outer), ORACLE_VJP(outer), randn({3}, 32), adgen::tensor<double>(2.0),
            randn({3}, 33));
}
#endif

// EXEC: arith [3,4] [4]: value: ok
// EXEC-NEXT: arith [3,4] [4] d/da: ok
// EXEC-NEXT: arith [3,4] [4] d/db: ok
// EXEC-NEXT: arith [3,4] [4]<float> d/da: ok
// EXEC-NEXT: arith [3,4] [4]<float> d/db: ok
// EXEC-NEXT: arith [3,4] [4] accumulates: ok
// EXEC-NEXT: arith [3,4] [4] null d/da: ok
// EXEC-NEXT: arith [3,4] [4] null d/db: ok
// EXEC-NEXT: arith [3,4] [4] all null: ok
// EXEC-NEXT: arith [4] [3,4]: value: ok
// EXEC-NEXT: arith [4] [3,4] d/da: ok
// EXEC-NEXT: arith [4] [3,4] d/db: ok
// EXEC-NEXT: arith [4] [3,4]<float> d/da: ok
// EXEC-NEXT: arith [4] [3,4]<float> d/db: ok
// EXEC-NEXT: arith [4] [3,4] accumulates: ok
// EXEC-NEXT: arith [4] [3,4] null d/da: ok
// EXEC-NEXT: arith [4] [3,4] null d/db: ok
// EXEC-NEXT: arith [4] [3,4] all null: ok
// EXEC-NEXT: arith [2,1,3] [4,1]: value: ok
// EXEC-NEXT: arith [2,1,3] [4,1] d/da: ok
// EXEC-NEXT: arith [2,1,3] [4,1] d/db: ok
// EXEC-NEXT: arith [2,1,3] [4,1]<float> d/da: ok
// EXEC-NEXT: arith [2,1,3] [4,1]<float> d/db: ok
// EXEC-NEXT: arith [2,1,3] [4,1] accumulates: ok
// EXEC-NEXT: arith [2,1,3] [4,1] null d/da: ok
// EXEC-NEXT: arith [2,1,3] [4,1] null d/db: ok
// EXEC-NEXT: arith [2,1,3] [4,1] all null: ok
// EXEC-NEXT: arith [3,4] [1]: value: ok
// EXEC-NEXT: arith [3,4] [1] d/da: ok
// EXEC-NEXT: arith [3,4] [1] d/db: ok
// EXEC-NEXT: arith [3,4] [1]<float> d/da: ok
// EXEC-NEXT: arith [3,4] [1]<float> d/db: ok
// EXEC-NEXT: arith [3,4] [1] accumulates: ok
// EXEC-NEXT: arith [3,4] [1] null d/da: ok
// EXEC-NEXT: arith [3,4] [1] null d/db: ok
// EXEC-NEXT: arith [3,4] [1] all null: ok
// EXEC-NEXT: arith [3,4] 0-dim: value: ok
// EXEC-NEXT: arith [3,4] 0-dim d/da: ok
// EXEC-NEXT: arith [3,4] 0-dim d/db: ok
// EXEC-NEXT: arith [3,4] 0-dim<float> d/da: ok
// EXEC-NEXT: arith [3,4] 0-dim<float> d/db: ok
// EXEC-NEXT: arith [3,4] 0-dim accumulates: ok
// EXEC-NEXT: arith [3,4] 0-dim null d/da: ok
// EXEC-NEXT: arith [3,4] 0-dim null d/db: ok
// EXEC-NEXT: arith [3,4] 0-dim all null: ok
// EXEC-NEXT: arith 0-dim [3,4]: value: ok
// EXEC-NEXT: arith 0-dim [3,4] d/da: ok
// EXEC-NEXT: arith 0-dim [3,4] d/db: ok
// EXEC-NEXT: arith 0-dim [3,4]<float> d/da: ok
// EXEC-NEXT: arith 0-dim [3,4]<float> d/db: ok
// EXEC-NEXT: arith 0-dim [3,4] accumulates: ok
// EXEC-NEXT: arith 0-dim [3,4] null d/da: ok
// EXEC-NEXT: arith 0-dim [3,4] null d/db: ok
// EXEC-NEXT: arith 0-dim [3,4] all null: ok
// EXEC-NEXT: arith [3,1] [1,4]: value: ok
// EXEC-NEXT: arith [3,1] [1,4] d/da: ok
// EXEC-NEXT: arith [3,1] [1,4] d/db: ok
// EXEC-NEXT: arith [3,1] [1,4]<float> d/da: ok
// EXEC-NEXT: arith [3,1] [1,4]<float> d/db: ok
// EXEC-NEXT: arith [3,1] [1,4] accumulates: ok
// EXEC-NEXT: arith [3,1] [1,4] null d/da: ok
// EXEC-NEXT: arith [3,1] [1,4] null d/db: ok
// EXEC-NEXT: arith [3,1] [1,4] all null: ok
// EXEC-NEXT: arith view [4,3]^T [3]: value: ok
// EXEC-NEXT: arith view [4,3]^T [3] d/da: ok
// EXEC-NEXT: arith view [4,3]^T [3] d/db: ok
// EXEC-NEXT: arith view [4,3]^T [3]<float> d/da: ok
// EXEC-NEXT: arith view [4,3]^T [3]<float> d/db: ok
// EXEC-NEXT: arith view [4,3]^T [3] accumulates: ok
// EXEC-NEXT: arith view [4,3]^T [3] null d/da: ok
// EXEC-NEXT: arith view [4,3]^T [3] null d/db: ok
// EXEC-NEXT: arith view [4,3]^T [3] all null: ok
// EXEC-NEXT: arith view [3,4] [4]^T: value: ok
// EXEC-NEXT: arith view [3,4] [4]^T d/da: ok
// EXEC-NEXT: arith view [3,4] [4]^T d/db: ok
// EXEC-NEXT: arith view [3,4] [4]^T<float> d/da: ok
// EXEC-NEXT: arith view [3,4] [4]^T<float> d/db: ok
// EXEC-NEXT: arith view [3,4] [4]^T accumulates: ok
// EXEC-NEXT: arith view [3,4] [4]^T null d/da: ok
// EXEC-NEXT: arith view [3,4] [4]^T null d/db: ok
// EXEC-NEXT: arith view [3,4] [4]^T all null: ok
// EXEC-NEXT: mixed [3,4] [4]: value: ok
// EXEC-NEXT: mixed [3,4] [4] d/da: ok
// EXEC-NEXT: mixed [3,4] [4] d/db: ok
// EXEC-NEXT: mixed [3,4] [4]<float> d/da: ok
// EXEC-NEXT: mixed [3,4] [4]<float> d/db: ok
// EXEC-NEXT: mixed [3,4] [4] accumulates: ok
// EXEC-NEXT: mixed [3,4] [4] null d/da: ok
// EXEC-NEXT: mixed [3,4] [4] null d/db: ok
// EXEC-NEXT: mixed [3,4] [4] all null: ok
// EXEC-NEXT: mixed [2,1,3] [4,1]: value: ok
// EXEC-NEXT: mixed [2,1,3] [4,1] d/da: ok
// EXEC-NEXT: mixed [2,1,3] [4,1] d/db: ok
// EXEC-NEXT: mixed [2,1,3] [4,1]<float> d/da: ok
// EXEC-NEXT: mixed [2,1,3] [4,1]<float> d/db: ok
// EXEC-NEXT: mixed [2,1,3] [4,1] accumulates: ok
// EXEC-NEXT: mixed [2,1,3] [4,1] null d/da: ok
// EXEC-NEXT: mixed [2,1,3] [4,1] null d/db: ok
// EXEC-NEXT: mixed [2,1,3] [4,1] all null: ok
// EXEC-NEXT: three: value: ok
// EXEC-NEXT: three d/da: ok
// EXEC-NEXT: three d/db: ok
// EXEC-NEXT: three d/dc: ok
// EXEC-NEXT: three d/ds: ok
// EXEC-NEXT: three<float> d/da: ok
// EXEC-NEXT: three<float> d/db: ok
// EXEC-NEXT: three<float> d/dc: ok
// EXEC-NEXT: three<float> d/ds: ok
// EXEC-NEXT: three accumulates: ok
// EXEC-NEXT: three null d/da: ok
// EXEC-NEXT: three null d/db: ok
// EXEC-NEXT: three null d/dc: ok
// EXEC-NEXT: three null d/ds: ok
// EXEC-NEXT: three all null: ok
// EXEC-NEXT: three 0-dim: value: ok
// EXEC-NEXT: three 0-dim d/da: ok
// EXEC-NEXT: three 0-dim d/db: ok
// EXEC-NEXT: three 0-dim d/dc: ok
// EXEC-NEXT: three 0-dim d/ds: ok
// EXEC-NEXT: three 0-dim<float> d/da: ok
// EXEC-NEXT: three 0-dim<float> d/db: ok
// EXEC-NEXT: three 0-dim<float> d/dc: ok
// EXEC-NEXT: three 0-dim<float> d/ds: ok
// EXEC-NEXT: three 0-dim accumulates: ok
// EXEC-NEXT: three 0-dim null d/da: ok
// EXEC-NEXT: three 0-dim null d/db: ok
// EXEC-NEXT: three 0-dim null d/dc: ok
// EXEC-NEXT: three 0-dim null d/ds: ok
// EXEC-NEXT: three 0-dim all null: ok
// EXEC-NEXT: expanded: value: ok
// EXEC-NEXT: expanded d/dv: ok
// EXEC-NEXT: expanded d/dm: ok
// EXEC-NEXT: expanded<float> d/dv: ok
// EXEC-NEXT: expanded<float> d/dm: ok
// EXEC-NEXT: expanded accumulates: ok
// EXEC-NEXT: expanded null d/dv: ok
// EXEC-NEXT: expanded null d/dm: ok
// EXEC-NEXT: expanded all null: ok
// EXEC-NEXT: expanded [1,4]: value: ok
// EXEC-NEXT: expanded [1,4] d/dv: ok
// EXEC-NEXT: expanded [1,4] d/dm: ok
// EXEC-NEXT: expanded [1,4]<float> d/dv: ok
// EXEC-NEXT: expanded [1,4]<float> d/dm: ok
// EXEC-NEXT: expanded [1,4] accumulates: ok
// EXEC-NEXT: expanded [1,4] null d/dv: ok
// EXEC-NEXT: expanded [1,4] null d/dm: ok
// EXEC-NEXT: expanded [1,4] all null: ok
// EXEC-NEXT: outer vjp d/da: ok
// EXEC-NEXT: outer vjp d/db: ok
// EXEC-NEXT: outer<float> vjp d/da: ok
// EXEC-NEXT: outer<float> vjp d/db: ok
// EXEC-NEXT: outer 0-dim vjp d/da: ok
// EXEC-NEXT: outer 0-dim vjp d/db: ok
// EXEC-NEXT: outer 0-dim<float> vjp d/da: ok
// EXEC-NEXT: outer 0-dim<float> vjp d/db: ok
