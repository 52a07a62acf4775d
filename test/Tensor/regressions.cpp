// Bugs the tensor tests found, one function each: a differentiable scalar
// exponent of pow (its gradient is summed over the elements), contiguous()
// kept in the generated code (view needs it on a transposed argument), a
// NoGradGuard block in a function written through a macro; and constructs
// that were refused and are now constants (factories, sizes, clone()).
//
// RUN: rm -rf %t && mkdir -p %t
// RUN: %adgen %s -o %t/regressions.grad.h -- -std=c++17
// RUN: FileCheck %s < %t/regressions.grad.h
// RUN: %cxx -I%t %s -o %t/gcc && %t/gcc | FileCheck %s --check-prefix=EXEC
// RUN: %clangxx -I%t %s -o %t/clang && %t/clang | FileCheck %s --check-prefix=EXEC

#include <adgen/adgen.h>
#include <adgen/tensor.h>

#define FUNCTIONS(TT, T, MARK)                                                  \
  MARK TT pow_scalar(const TT &x, T e) { return adgen::sum(adgen::pow(x, e)); } \
  MARK TT flat(const TT &x) { return (x.contiguous().view({-1}) * x.contiguous().view({-1})).sum(); } \
  /* Constants: factories, sizes, clone(), a tensor assigned after. */        \
  MARK TT constants(const TT &x) {                                              \
    TT t;                                                                       \
    t = x.clone() * 2 + adgen::ones_like(x) + adgen::zeros<T>({x.size(0)});     \
    return t.sum() / static_cast<T>(x.numel());                                 \
  }                                                                             \
  /* A size read inside a fused chain: named before the map. */             \
  MARK TT sized(const TT &x) { return (x * x.size(0) + 1).mean(); }            \
  MARK TT guarded(const TT &x, const TT &w) {                                   \
    TT s;                                                                       \
    {                                                                           \
      adgen::NoGradGuard guard;                                                 \
      s = w * 2;                                                                \
    }                                                                           \
    return adgen::sum(x * s + w);                                               \
  }

FUNCTIONS(adgen::Tensor, float, ADGEN_DIFFERENTIABLE)
FUNCTIONS(adgen::DoubleTensor, double, ADGEN_DIFFERENTIABLE)

// CHECK-LABEL: inline adgen::Tensor pow_scalar_grad(
// CHECK:         adgen::pow_backward_exponent(
// CHECK-NEXT:    *d_e += adgen::sum_to_scalar(
// CHECK-LABEL: inline adgen::Tensor flat_grad(
// CHECK:         adgen::contiguous(x)

// CHECK-LABEL: inline adgen::Tensor sized_grad(
// CHECK-NEXT:    const float [[N:t[0-9]+]] = static_cast<float>(adgen::size(x, 0));
// CHECK:         adgen::map_mean_and_accumulate(out, {{[{][{]}}d_x, x{{[}][}]}}, [&](float x, float& d_x) {
// CHECK-NEXT:      d_x = {{.*}} * [[N]];
// CHECK-NEXT:      return x * [[N]] + 1.0f;

// The detached s = w * 2 carries no gradient to w: d_w is the seed alone.
// CHECK-LABEL: inline adgen::Tensor guarded_grad(
// CHECK:         if (d_w) {
// CHECK-NOT:       2.0f
// CHECK:           adgen::accumulate_map_like(*d_w, w, [&](float t2, float, float) { return t2; }, t2, t1, w);

#ifndef ADGEN_TOOL
#include "regressions.grad.h"

#include <tensor_oracle.h>

using oracle::check_grad;
using oracle::randn;

// The oracle for guarded: s as the constant it is.
template <class TT> TT guarded_oracle(const TT &x, const TT &w, const TT &s) { return adgen::sum(x * s + w); }

int main() {
  adgen::DoubleTensor pos = adgen::abs(randn({3, 4}, 1)) + 0.5;
  check_grad("pow_scalar", "x e", ORACLE_PRIMAL(pow_scalar), ORACLE_GRAD(pow_scalar), pos, 1.7);
  check_grad("flat(view)", "x", ORACLE_PRIMAL(flat), ORACLE_GRAD(flat), adgen::transpose(randn({4, 3}, 2), 0, 1));
  check_grad("constants", "x", ORACLE_PRIMAL(constants), ORACLE_GRAD(constants), randn({4}, 5));
  check_grad("sized", "x", ORACLE_PRIMAL(sized), ORACLE_GRAD(sized), randn({4, 2}, 6));
  adgen::DoubleTensor x = randn({3}, 3), w = randn({3}, 4);
  adgen::DoubleTensor s = w * 2.0;
  check_grad("guarded", "x w", [&](auto &&x, auto &&w) { return guarded_oracle(x, w, adgen::DoubleTensor(s).clone() * 1.0); },
             ORACLE_GRAD(guarded), x, w);
}
#endif

// EXEC: pow_scalar: value: ok
// EXEC-NEXT: pow_scalar d/dx: ok
// EXEC-NEXT: pow_scalar d/de: ok
// EXEC: flat(view): value: ok
// EXEC-NEXT: flat(view) d/dx: ok
// EXEC: constants: value: ok
// EXEC-NEXT: constants d/dx: ok
// EXEC: sized: value: ok
// EXEC-NEXT: sized d/dx: ok
// EXEC: guarded: value: ok
// EXEC-NEXT: guarded d/dx: ok
// EXEC-NEXT: guarded d/dw: ok
// EXEC-NOT: MISMATCH
