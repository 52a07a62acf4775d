// Elementwise unary operations, clamp, pow, maximum/minimum, where and the
// comparisons over adgen::Tensor, free functions and member forms. Each
// gradient is checked against central differences of the double primal and
// float against double (test/support/tensor_oracle.h).
//
// RUN: rm -rf %t && mkdir -p %t
// RUN: %adgen %s -o %t/unary.grad.h -- -std=c++17
// RUN: FileCheck %s < %t/unary.grad.h
// RUN: %cxx -I%t %s -o %t/gcc && %t/gcc | FileCheck %s --check-prefix=EXEC
// RUN: %clangxx -I%t %s -o %t/clang && %t/clang | FileCheck %s --check-prefix=EXEC

#include <adgen/adgen.h>
#include <adgen/tensor.h>

#define FUNCTIONS(TT, T, MARK)                                                  \
  /* exp log sin cos sqrt, free functions. */                                   \
  MARK TT transcend(const TT &x) {                                              \
    TT y = adgen::exp(x) + adgen::log(x * x + 1) * adgen::sin(x);               \
    return adgen::sum(y * adgen::cos(x) + adgen::sqrt(x * x + 2));              \
  }                                                                             \
  /* The member forms and the activation functions. */                         \
  MARK TT members(const TT &x) {                                                \
    TT y = x.tanh() + x.sigmoid() * x.relu() - x.abs().sqrt();                  \
    return (y.exp() + x.neg().sin() + (x.cos() + 2).log().neg()).mean();              \
  }                                                                             \
  /* relu, sigmoid, tanh and abs in a chain (their backward helpers). */        \
  MARK TT activations(const TT &x) {                                            \
    TT h = adgen::relu(x * 2 - 0.5);                                            \
    TT s = adgen::sigmoid(h) * adgen::tanh(x) + adgen::abs(x - 0.25);           \
    return adgen::sum(s * adgen::neg(x));                                       \
  }                                                                             \
  /* clamp with constant bounds, both forms, and clamp_min/clamp_max. */        \
  MARK TT clamps(const TT &x) {                                                 \
    TT a = adgen::clamp(x, T(-0.5), T(0.7)) * x;                                \
    TT b = x.clamp(-1, 1) + adgen::clamp_min(x, T(0.1)) * adgen::clamp_max(x, T(0.3)); \
    return adgen::sum(a + b * b + x.clamp_min(0).clamp_max(0.4));               \
  }                                                                             \
  /* Bounds from a non-differentiable scalar parameter. */                      \
  MARK TT clamp_param(const TT &x, int lim) {                                   \
    return adgen::sum(adgen::clamp(x, T(-lim), T(lim)) * x);                    \
  }                                                                             \
  /* pow with a scalar exponent (free, member) and a tensor exponent. */        \
  MARK TT powers(const TT &x, const TT &y) {                                    \
    TT a = adgen::pow(x, T(3)) + x.pow(T(0.5)) + adgen::pow(x, T(0));           \
    return adgen::sum(a * adgen::pow(x, y));                                    \
  }                                                                             \
  /* maximum/minimum, elementwise and broadcast ([3,4] with [4]). */            \
  MARK TT extrema(const TT &a, const TT &b) {                                   \
    TT m = adgen::maximum(a, b) * adgen::minimum(a * 2, b + 1);                 \
    return adgen::sum(m * m);                                                   \
  }                                                                             \
  /* where with a comparison mask; the mask has no gradient. */                 \
  MARK TT select_where(const TT &a, const TT &b) {                              \
    TT c = adgen::gt(a, b);                                                     \
    TT d = adgen::where(c, a * a, b * 3) + adgen::where(a <= 0.1, adgen::exp(b), a); \
    return adgen::sum(d * (a != b) + adgen::lt(a, 0) * a);                      \
  }                                                                             \
  /* A non-scalar result: a VJP with a seed. */                                 \
  MARK TT softplus(const TT &x) { return adgen::log(adgen::exp(x) + 1); }

FUNCTIONS(adgen::Tensor, float, ADGEN_DIFFERENTIABLE)
FUNCTIONS(adgen::DoubleTensor, double, ADGEN_DIFFERENTIABLE)

// CHECK-LABEL: inline adgen::Tensor activations_grad(
// CHECK-DAG: adgen::relu_backward(
// CHECK-DAG: adgen::sigmoid_backward(
// CHECK-DAG: adgen::tanh_backward(
// CHECK-DAG: adgen::abs_backward(
// CHECK-LABEL: inline adgen::Tensor clamps_grad(
// CHECK-DAG: adgen::clamp_backward(
// CHECK-DAG: adgen::clamp_min_backward(
// CHECK-DAG: adgen::clamp_max_backward(
// CHECK-LABEL: inline adgen::Tensor powers_grad(
// CHECK-DAG: adgen::pow_backward(
// CHECK-DAG: adgen::pow_backward_base(
// CHECK-DAG: adgen::pow_backward_exponent(
// CHECK-LABEL: inline adgen::Tensor extrema_grad(
// CHECK-DAG: adgen::maximum_backward_a(
// CHECK-DAG: adgen::minimum_backward_b(
// CHECK-DAG: adgen::map_reduce_like(
// CHECK-LABEL: inline adgen::Tensor select_where_grad(
// CHECK-DAG: adgen::where_backward_a(
// CHECK-DAG: adgen::where_backward_b(

#ifndef ADGEN_TOOL
#include "unary.grad.h"

#include <tensor_oracle.h>

using oracle::check_grad;
using oracle::check_vjp;
using oracle::randn;

int main() {
  adgen::DoubleTensor x = randn({3, 4}, 1);
  adgen::DoubleTensor pos = adgen::abs(randn({3, 4}, 2)) + 0.2;
  // A transposed view: a non-contiguous argument.
  adgen::DoubleTensor xt = adgen::transpose(randn({4, 3}, 3), 0, 1);

  check_grad("transcend", "x", ORACLE_PRIMAL(transcend), ORACLE_GRAD(transcend), x);
  check_grad("transcend(view)", "x", ORACLE_PRIMAL(transcend), ORACLE_GRAD(transcend), xt);
  check_grad("members", "x", ORACLE_PRIMAL(members), ORACLE_GRAD(members), x);
  check_grad("activations", "x", ORACLE_PRIMAL(activations), ORACLE_GRAD(activations), x);
  check_grad("activations(view)", "x", ORACLE_PRIMAL(activations), ORACLE_GRAD(activations), xt);
  check_grad("clamps", "x", ORACLE_PRIMAL(clamps), ORACLE_GRAD(clamps), x * 0.8);
  auto cp = [](const auto &v) { return clamp_param(v, 1); };
  auto cpg = [](const auto &v, auto *d) { return clamp_param_grad(v, 1, d); };
  check_grad("clamp_param", "x", cp, cpg, x);
  check_grad("powers", "x y", ORACLE_PRIMAL(powers), ORACLE_GRAD(powers), pos, randn({3, 4}, 4));
  // A [4] exponent broadcast against [3,4].
  check_grad("powers(broadcast y)", "x y", ORACLE_PRIMAL(powers), ORACLE_GRAD(powers), pos, randn({4}, 5));
  check_grad("extrema", "a b", ORACLE_PRIMAL(extrema), ORACLE_GRAD(extrema), x, randn({3, 4}, 6));
  check_grad("extrema(broadcast)", "a b", ORACLE_PRIMAL(extrema), ORACLE_GRAD(extrema), x, randn({4}, 7));
  check_grad("extrema(scalar tensor)", "a b", ORACLE_PRIMAL(extrema), ORACLE_GRAD(extrema), x,
             adgen::tensor<double>(0.3));
  check_grad("select_where", "a b", ORACLE_PRIMAL(select_where), ORACLE_GRAD(select_where), x, randn({3, 4}, 8));
  check_grad("select_where(broadcast)", "a b", ORACLE_PRIMAL(select_where), ORACLE_GRAD(select_where),
             randn({2, 1, 3}, 9), randn({4, 1}, 10));
  check_vjp("softplus", "x", ORACLE_PRIMAL(softplus), ORACLE_VJP(softplus), randn({3, 4}, 11), x);
  check_vjp("softplus(view)", "x", ORACLE_PRIMAL(softplus), ORACLE_VJP(softplus), randn({3, 4}, 12), xt);
}
#endif

// EXEC: transcend: value: ok
// EXEC-NEXT: transcend d/dx: ok
// EXEC-NEXT: transcend<float> d/dx: ok
// EXEC-NEXT: transcend accumulates: ok
// EXEC-NEXT: transcend null d/dx: ok
// EXEC-NEXT: transcend all null: ok
// EXEC-NEXT: transcend(view): value: ok
// EXEC-NEXT: transcend(view) d/dx: ok
// EXEC-NEXT: transcend(view)<float> d/dx: ok
// EXEC-NEXT: transcend(view) accumulates: ok
// EXEC-NEXT: transcend(view) null d/dx: ok
// EXEC-NEXT: transcend(view) all null: ok
// EXEC-NEXT: members: value: ok
// EXEC-NEXT: members d/dx: ok
// EXEC-NEXT: members<float> d/dx: ok
// EXEC-NEXT: members accumulates: ok
// EXEC-NEXT: members null d/dx: ok
// EXEC-NEXT: members all null: ok
// EXEC-NEXT: activations: value: ok
// EXEC-NEXT: activations d/dx: ok
// EXEC-NEXT: activations<float> d/dx: ok
// EXEC-NEXT: activations accumulates: ok
// EXEC-NEXT: activations null d/dx: ok
// EXEC-NEXT: activations all null: ok
// EXEC-NEXT: activations(view): value: ok
// EXEC-NEXT: activations(view) d/dx: ok
// EXEC-NEXT: activations(view)<float> d/dx: ok
// EXEC-NEXT: activations(view) accumulates: ok
// EXEC-NEXT: activations(view) null d/dx: ok
// EXEC-NEXT: activations(view) all null: ok
// EXEC-NEXT: clamps: value: ok
// EXEC-NEXT: clamps d/dx: ok
// EXEC-NEXT: clamps<float> d/dx: ok
// EXEC-NEXT: clamps accumulates: ok
// EXEC-NEXT: clamps null d/dx: ok
// EXEC-NEXT: clamps all null: ok
// EXEC-NEXT: clamp_param: value: ok
// EXEC-NEXT: clamp_param d/dx: ok
// EXEC-NEXT: clamp_param<float> d/dx: ok
// EXEC-NEXT: clamp_param accumulates: ok
// EXEC-NEXT: clamp_param null d/dx: ok
// EXEC-NEXT: clamp_param all null: ok
// EXEC-NEXT: powers: value: ok
// EXEC-NEXT: powers d/dx: ok
// EXEC-NEXT: powers d/dy: ok
// EXEC-NEXT: powers<float> d/dx: ok
// EXEC-NEXT: powers<float> d/dy: ok
// EXEC-NEXT: powers accumulates: ok
// EXEC-NEXT: powers null d/dx: ok
// EXEC-NEXT: powers null d/dy: ok
// EXEC-NEXT: powers all null: ok
// EXEC-NEXT: powers(broadcast y): value: ok
// EXEC-NEXT: powers(broadcast y) d/dx: ok
// EXEC-NEXT: powers(broadcast y) d/dy: ok
// EXEC-NEXT: powers(broadcast y)<float> d/dx: ok
// EXEC-NEXT: powers(broadcast y)<float> d/dy: ok
// EXEC-NEXT: powers(broadcast y) accumulates: ok
// EXEC-NEXT: powers(broadcast y) null d/dx: ok
// EXEC-NEXT: powers(broadcast y) null d/dy: ok
// EXEC-NEXT: powers(broadcast y) all null: ok
// EXEC-NEXT: extrema: value: ok
// EXEC-NEXT: extrema d/da: ok
// EXEC-NEXT: extrema d/db: ok
// EXEC-NEXT: extrema<float> d/da: ok
// EXEC-NEXT: extrema<float> d/db: ok
// EXEC-NEXT: extrema accumulates: ok
// EXEC-NEXT: extrema null d/da: ok
// EXEC-NEXT: extrema null d/db: ok
// EXEC-NEXT: extrema all null: ok
// EXEC-NEXT: extrema(broadcast): value: ok
// EXEC-NEXT: extrema(broadcast) d/da: ok
// EXEC-NEXT: extrema(broadcast) d/db: ok
// EXEC-NEXT: extrema(broadcast)<float> d/da: ok
// EXEC-NEXT: extrema(broadcast)<float> d/db: ok
// EXEC-NEXT: extrema(broadcast) accumulates: ok
// EXEC-NEXT: extrema(broadcast) null d/da: ok
// EXEC-NEXT: extrema(broadcast) null d/db: ok
// EXEC-NEXT: extrema(broadcast) all null: ok
// EXEC-NEXT: extrema(scalar tensor): value: ok
// EXEC-NEXT: extrema(scalar tensor) d/da: ok
// EXEC-NEXT: extrema(scalar tensor) d/db: ok
// EXEC-NEXT: extrema(scalar tensor)<float> d/da: ok
// EXEC-NEXT: extrema(scalar tensor)<float> d/db: ok
// EXEC-NEXT: extrema(scalar tensor) accumulates: ok
// EXEC-NEXT: extrema(scalar tensor) null d/da: ok
// EXEC-NEXT: extrema(scalar tensor) null d/db: ok
// EXEC-NEXT: extrema(scalar tensor) all null: ok
// EXEC-NEXT: select_where: value: ok
// EXEC-NEXT: select_where d/da: ok
// EXEC-NEXT: select_where d/db: ok
// EXEC-NEXT: select_where<float> d/da: ok
// EXEC-NEXT: select_where<float> d/db: ok
// EXEC-NEXT: select_where accumulates: ok
// EXEC-NEXT: select_where null d/da: ok
// EXEC-NEXT: select_where null d/db: ok
// EXEC-NEXT: select_where all null: ok
// EXEC-NEXT: select_where(broadcast): value: ok
// EXEC-NEXT: select_where(broadcast) d/da: ok
// EXEC-NEXT: select_where(broadcast) d/db: ok
// EXEC-NEXT: select_where(broadcast)<float> d/da: ok
// EXEC-NEXT: select_where(broadcast)<float> d/db: ok
// EXEC-NEXT: select_where(broadcast) accumulates: ok
// EXEC-NEXT: select_where(broadcast) null d/da: ok
// EXEC-NEXT: select_where(broadcast) null d/db: ok
// EXEC-NEXT: select_where(broadcast) all null: ok
// EXEC-NEXT: softplus vjp d/dx: ok
// EXEC-NEXT: softplus<float> vjp d/dx: ok
// EXEC-NEXT: softplus(view) vjp d/dx: ok
// EXEC-NEXT: softplus(view)<float> vjp d/dx: ok
