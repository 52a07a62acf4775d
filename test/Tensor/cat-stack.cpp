// cat and stack, with braced lists and explicit vectors, negative dims,
// tensors of different sizes along the cat dimension, one tensor used twice.
// Gradients against central differences of the double primal.
//
// RUN: rm -rf %t && mkdir -p %t
// RUN: %adgen %s -o %t/cat-stack.grad.h -- -std=c++17
// RUN: FileCheck %s < %t/cat-stack.grad.h
// RUN: %cxx -I%t %s -o %t/gcc && %t/gcc | FileCheck %s --check-prefix=EXEC
// RUN: %clangxx -I%t %s -o %t/clang && %t/clang | FileCheck %s --check-prefix=EXEC

#include <adgen/adgen.h>
#include <adgen/tensor.h>

#include <vector>

#define FUNCTIONS(TT, T, MARK)                                                  \
  /* cat along dim 0 and a negative dim, braced lists. */                       \
  MARK TT cats(const TT &a, const TT &b) {                                      \
    TT c = adgen::cat({a, b * 2}, 0);                                           \
    TT d = adgen::cat({a.exp(), a, b}, -2);                                     \
    return adgen::sum(c * c) + adgen::sum(d.sin());                             \
  }                                                                             \
  /* Different sizes along the cat dim. */                                      \
  MARK TT cat_sizes(const TT &a, const TT &b) {                                 \
    TT c = adgen::cat({a, b}, 1);                                               \
    return adgen::sum(c * c * c);                                               \
  }                                                                             \
  /* An explicit vector. */                                                     \
  MARK TT cat_vector(const TT &a, const TT &b) {                                \
    TT c = adgen::cat(std::vector<TT>{a, b, a}, -1);                            \
    return adgen::sum(c.exp());                                                 \
  }                                                                             \
  /* stack at 0, at the end, negative. */                                       \
  MARK TT stacks(const TT &a, const TT &b) {                                    \
    TT s = adgen::stack({a, b}, 0);                                             \
    TT t = adgen::stack({b, a * a, b}, -1);                                     \
    return adgen::sum(s * s) + adgen::sum(t.tanh()) + adgen::sum(adgen::stack({a, b}, 1).exp()); \
  }                                                                             \
  /* A non-scalar result: the VJP. */                                           \
  MARK TT joined(const TT &a, const TT &b) { return adgen::cat({a, b}, 0) * 3; }

FUNCTIONS(adgen::Tensor, float, ADGEN_DIFFERENTIABLE)
FUNCTIONS(adgen::DoubleTensor, double, ADGEN_DIFFERENTIABLE)

// CHECK-LABEL: inline adgen::Tensor cats_grad(
// CHECK: adgen::cat_backward(
// CHECK-LABEL: inline adgen::Tensor stacks_grad(
// CHECK: adgen::stack_backward(

#ifndef ADGEN_TOOL
#include "cat-stack.grad.h"

#include <tensor_oracle.h>

using oracle::check_grad;
using oracle::check_vjp;
using oracle::randn;

int main() {
  check_grad("cats", "a b", ORACLE_PRIMAL(cats), ORACLE_GRAD(cats), randn({2, 3}, 1), randn({2, 3}, 2));
  check_grad("cats(views)", "a b", ORACLE_PRIMAL(cats), ORACLE_GRAD(cats), adgen::t(randn({3, 2}, 3)),
             adgen::t(randn({3, 2}, 4)));
  check_grad("cat_sizes", "a b", ORACLE_PRIMAL(cat_sizes), ORACLE_GRAD(cat_sizes), randn({2, 3}, 5),
             randn({2, 1}, 6));
  check_grad("cat_vector", "a b", ORACLE_PRIMAL(cat_vector), ORACLE_GRAD(cat_vector), randn({2, 3}, 7),
             randn({2, 2}, 8));
  check_grad("stacks", "a b", ORACLE_PRIMAL(stacks), ORACLE_GRAD(stacks), randn({2, 3}, 9), randn({2, 3}, 10));
  check_grad("stacks(view)", "a b", ORACLE_PRIMAL(stacks), ORACLE_GRAD(stacks), adgen::t(randn({3, 2}, 11)),
             randn({2, 3}, 12));
  check_vjp("joined", "a b", ORACLE_PRIMAL(joined), ORACLE_VJP(joined), randn({5, 3}, 13), randn({2, 3}, 14),
            randn({3, 3}, 15));
}
#endif

// EXEC: cats: value: ok
// EXEC-NEXT: cats d/da: ok
// EXEC-NEXT: cats d/db: ok
// EXEC-NEXT: cats<float> d/da: ok
// EXEC-NEXT: cats<float> d/db: ok
// EXEC-NEXT: cats accumulates: ok
// EXEC-NEXT: cats null d/da: ok
// EXEC-NEXT: cats null d/db: ok
// EXEC-NEXT: cats all null: ok
// EXEC-NEXT: cats(views): value: ok
// EXEC-NEXT: cats(views) d/da: ok
// EXEC-NEXT: cats(views) d/db: ok
// EXEC-NEXT: cats(views)<float> d/da: ok
// EXEC-NEXT: cats(views)<float> d/db: ok
// EXEC-NEXT: cats(views) accumulates: ok
// EXEC-NEXT: cats(views) null d/da: ok
// EXEC-NEXT: cats(views) null d/db: ok
// EXEC-NEXT: cats(views) all null: ok
// EXEC-NEXT: cat_sizes: value: ok
// EXEC-NEXT: cat_sizes d/da: ok
// EXEC-NEXT: cat_sizes d/db: ok
// EXEC-NEXT: cat_sizes<float> d/da: ok
// EXEC-NEXT: cat_sizes<float> d/db: ok
// EXEC-NEXT: cat_sizes accumulates: ok
// EXEC-NEXT: cat_sizes null d/da: ok
// EXEC-NEXT: cat_sizes null d/db: ok
// EXEC-NEXT: cat_sizes all null: ok
// EXEC-NEXT: cat_vector: value: ok
// EXEC-NEXT: cat_vector d/da: ok
// EXEC-NEXT: cat_vector d/db: ok
// EXEC-NEXT: cat_vector<float> d/da: ok
// EXEC-NEXT: cat_vector<float> d/db: ok
// EXEC-NEXT: cat_vector accumulates: ok
// EXEC-NEXT: cat_vector null d/da: ok
// EXEC-NEXT: cat_vector null d/db: ok
// EXEC-NEXT: cat_vector all null: ok
// EXEC-NEXT: stacks: value: ok
// EXEC-NEXT: stacks d/da: ok
// EXEC-NEXT: stacks d/db: ok
// EXEC-NEXT: stacks<float> d/da: ok
// EXEC-NEXT: stacks<float> d/db: ok
// EXEC-NEXT: stacks accumulates: ok
// EXEC-NEXT: stacks null d/da: ok
// EXEC-NEXT: stacks null d/db: ok
// EXEC-NEXT: stacks all null: ok
// EXEC-NEXT: stacks(view): value: ok
// EXEC-NEXT: stacks(view) d/da: ok
// EXEC-NEXT: stacks(view) d/db: ok
// EXEC-NEXT: stacks(view)<float> d/da: ok
// EXEC-NEXT: stacks(view)<float> d/db: ok
// EXEC-NEXT: stacks(view) accumulates: ok
// EXEC-NEXT: stacks(view) null d/da: ok
// EXEC-NEXT: stacks(view) null d/db: ok
// EXEC-NEXT: stacks(view) all null: ok
// EXEC-NEXT: joined vjp d/da: ok
// EXEC-NEXT: joined vjp d/db: ok
// EXEC-NEXT: joined<float> vjp d/da: ok
// EXEC-NEXT: joined<float> vjp d/db: ok
