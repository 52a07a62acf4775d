// softmax, log_softmax, logsumexp (dims, keepdim, members) and the losses
// mse_loss, cross_entropy and nll_loss with class indices as a
// `const std::vector<int64_t>&` parameter. Gradients against central
// differences of the double primal.
//
// RUN: rm -rf %t && mkdir -p %t
// RUN: %adgen %s -o %t/softmax-losses.grad.h -- -std=c++17
// RUN: FileCheck %s < %t/softmax-losses.grad.h
// RUN: %cxx -I%t %s -o %t/gcc && %t/gcc | FileCheck %s --check-prefix=EXEC
// RUN: %clangxx -I%t %s -o %t/clang && %t/clang | FileCheck %s --check-prefix=EXEC

#include <adgen/adgen.h>
#include <adgen/tensor.h>

#include <cstdint>
#include <vector>

#define FUNCTIONS(TT, T, MARK)                                                  \
  /* softmax along each dim, weighted so the gradient is not zero. */         \
  MARK TT softmaxes(const TT &x, const TT &w) {                                 \
    TT a = adgen::softmax(x, -1) * w;                                           \
    TT b = x.softmax(0) * w * w;                                                \
    return adgen::sum(a * a) + adgen::sum(b);                                   \
  }                                                                             \
  MARK TT log_softmaxes(const TT &x, const TT &w) {                             \
    TT a = adgen::log_softmax(x, 1) * w;                                        \
    return adgen::sum(a) + x.log_softmax(-2).exp().pow(T(2)).sum();             \
  }                                                                             \
  /* logsumexp, keepdim both ways. */                                           \
  MARK TT lse(const TT &x) {                                                    \
    TT a = adgen::logsumexp(x, -1);                                             \
    TT b = x.logsumexp(0, true);                                                \
    return adgen::sum(a * a) + adgen::sum(b * x);                               \
  }                                                                             \
  MARK TT mse(const TT &input, const TT &target) {                              \
    return adgen::mse_loss(adgen::tanh(input), target);                         \
  }                                                                             \
  /* cross entropy of a linear classifier, labels as a parameter. */           \
  MARK TT classify(const TT &x, const TT &w, const TT &b, const std::vector<int64_t> &labels) { \
    return adgen::cross_entropy(adgen::linear(x, w, b), labels);                \
  }                                                                             \
  MARK TT nll(const TT &x, const std::vector<int64_t> &labels) {                \
    return adgen::nll_loss(adgen::log_softmax(x * 2, -1), labels);              \
  }                                                                             \
  /* A non-scalar result: the VJP. */                                           \
  MARK TT probs(const TT &x) { return adgen::softmax(x, 1); }

FUNCTIONS(adgen::Tensor, float, ADGEN_DIFFERENTIABLE)
FUNCTIONS(adgen::DoubleTensor, double, ADGEN_DIFFERENTIABLE)

// CHECK-LABEL: inline adgen::Tensor softmaxes_grad(
// CHECK: adgen::softmax_backward({{.*}}, -1)
// CHECK-LABEL: inline adgen::Tensor log_softmaxes_grad(
// CHECK: adgen::log_softmax_backward(
// CHECK-LABEL: inline adgen::Tensor lse_grad(
// CHECK: adgen::logsumexp_backward(
// CHECK-LABEL: inline adgen::Tensor mse_grad(
// CHECK: adgen::mse_loss_backward(
// CHECK-LABEL: inline adgen::Tensor classify_grad(const adgen::Tensor& x, const adgen::Tensor& w, const adgen::Tensor& b, const std::vector<{{long|int64_t}}>& labels, adgen::Tensor* d_x, adgen::Tensor* d_w, adgen::Tensor* d_b) {
// CHECK: adgen::cross_entropy_backward({{.*}}, labels)
// CHECK-LABEL: inline adgen::Tensor nll_grad(
// CHECK: adgen::nll_loss_backward(

#ifndef ADGEN_TOOL
#include "softmax-losses.grad.h"

#include <tensor_oracle.h>

using oracle::check_grad;
using oracle::check_vjp;
using oracle::randn;

int main() {
  adgen::DoubleTensor x = randn({3, 4}, 1);
  adgen::DoubleTensor xt = adgen::t(randn({4, 3}, 2));
  check_grad("softmaxes", "x w", ORACLE_PRIMAL(softmaxes), ORACLE_GRAD(softmaxes), x, randn({3, 4}, 3));
  check_grad("softmaxes(view, broadcast w)", "x w", ORACLE_PRIMAL(softmaxes), ORACLE_GRAD(softmaxes), xt,
             randn({4}, 4));
  check_grad("log_softmaxes", "x w", ORACLE_PRIMAL(log_softmaxes), ORACLE_GRAD(log_softmaxes), x, randn({3, 4}, 5));
  check_grad("log_softmaxes(view)", "x w", ORACLE_PRIMAL(log_softmaxes), ORACLE_GRAD(log_softmaxes), xt,
             randn({3, 1}, 6));
  check_grad("lse", "x", ORACLE_PRIMAL(lse), ORACLE_GRAD(lse), x);
  check_grad("lse(view)", "x", ORACLE_PRIMAL(lse), ORACLE_GRAD(lse), xt);
  check_grad("mse", "input target", ORACLE_PRIMAL(mse), ORACLE_GRAD(mse), x, randn({3, 4}, 7));
  check_grad("mse(view)", "input target", ORACLE_PRIMAL(mse), ORACLE_GRAD(mse), xt, adgen::t(randn({4, 3}, 8)));
  std::vector<int64_t> labels{2, 0, 1, 2, 1};
  auto ce = [&](const auto &a, const auto &w, const auto &b) { return classify(a, w, b, labels); };
  auto ce_grad = [&](const auto &a, const auto &w, const auto &b, auto *da, auto *dw, auto *db) {
    return classify_grad(a, w, b, labels, da, dw, db);
  };
  check_grad("cross_entropy", "x w b", ce, ce_grad, randn({5, 4}, 9), randn({3, 4}, 10), randn({3}, 11));
  std::vector<int64_t> one{1};
  auto ce1 = [&](const auto &a, const auto &w, const auto &b) { return classify(a, w, b, one); };
  auto ce1_grad = [&](const auto &a, const auto &w, const auto &b, auto *da, auto *dw, auto *db) {
    return classify_grad(a, w, b, one, da, dw, db);
  };
  // A single sample: input [C], one label.
  check_grad("cross_entropy [C]", "x w b", ce1, ce1_grad, randn({4}, 12), randn({3, 4}, 13), randn({3}, 14));
  std::vector<int64_t> lab3{3, 0, 1};
  auto nl = [&](const auto &a) { return nll(a, lab3); };
  auto nl_grad = [&](const auto &a, auto *da) { return nll_grad(a, lab3, da); };
  check_grad("nll_loss", "x", nl, nl_grad, x);
  check_grad("nll_loss(view)", "x", nl, nl_grad, xt);
  check_vjp("probs", "x", ORACLE_PRIMAL(probs), ORACLE_VJP(probs), randn({3, 4}, 15), x);
}
#endif

// EXEC: softmaxes: value: ok
// EXEC-NEXT: softmaxes d/dx: ok
// EXEC-NEXT: softmaxes d/dw: ok
// EXEC-NEXT: softmaxes<float> d/dx: ok
// EXEC-NEXT: softmaxes<float> d/dw: ok
// EXEC-NEXT: softmaxes accumulates: ok
// EXEC-NEXT: softmaxes null d/dx: ok
// EXEC-NEXT: softmaxes null d/dw: ok
// EXEC-NEXT: softmaxes all null: ok
// EXEC-NEXT: softmaxes(view, broadcast w): value: ok
// EXEC-NEXT: softmaxes(view, broadcast w) d/dx: ok
// EXEC-NEXT: softmaxes(view, broadcast w) d/dw: ok
// EXEC-NEXT: softmaxes(view, broadcast w)<float> d/dx: ok
// EXEC-NEXT: softmaxes(view, broadcast w)<float> d/dw: ok
// EXEC-NEXT: softmaxes(view, broadcast w) accumulates: ok
// EXEC-NEXT: softmaxes(view, broadcast w) null d/dx: ok
// EXEC-NEXT: softmaxes(view, broadcast w) null d/dw: ok
// EXEC-NEXT: softmaxes(view, broadcast w) all null: ok
// EXEC-NEXT: log_softmaxes: value: ok
// EXEC-NEXT: log_softmaxes d/dx: ok
// EXEC-NEXT: log_softmaxes d/dw: ok
// EXEC-NEXT: log_softmaxes<float> d/dx: ok
// EXEC-NEXT: log_softmaxes<float> d/dw: ok
// EXEC-NEXT: log_softmaxes accumulates: ok
// EXEC-NEXT: log_softmaxes null d/dx: ok
// EXEC-NEXT: log_softmaxes null d/dw: ok
// EXEC-NEXT: log_softmaxes all null: ok
// EXEC-NEXT: log_softmaxes(view): value: ok
// EXEC-NEXT: log_softmaxes(view) d/dx: ok
// EXEC-NEXT: log_softmaxes(view) d/dw: ok
// EXEC-NEXT: log_softmaxes(view)<float> d/dx: ok
// EXEC-NEXT: log_softmaxes(view)<float> d/dw: ok
// EXEC-NEXT: log_softmaxes(view) accumulates: ok
// EXEC-NEXT: log_softmaxes(view) null d/dx: ok
// EXEC-NEXT: log_softmaxes(view) null d/dw: ok
// EXEC-NEXT: log_softmaxes(view) all null: ok
// EXEC-NEXT: lse: value: ok
// EXEC-NEXT: lse d/dx: ok
// EXEC-NEXT: lse<float> d/dx: ok
// EXEC-NEXT: lse accumulates: ok
// EXEC-NEXT: lse null d/dx: ok
// EXEC-NEXT: lse all null: ok
// EXEC-NEXT: lse(view): value: ok
// EXEC-NEXT: lse(view) d/dx: ok
// EXEC-NEXT: lse(view)<float> d/dx: ok
// EXEC-NEXT: lse(view) accumulates: ok
// EXEC-NEXT: lse(view) null d/dx: ok
// EXEC-NEXT: lse(view) all null: ok
// EXEC-NEXT: mse: value: ok
// EXEC-NEXT: mse d/dinput: ok
// EXEC-NEXT: mse d/dtarget: ok
// EXEC-NEXT: mse<float> d/dinput: ok
// EXEC-NEXT: mse<float> d/dtarget: ok
// EXEC-NEXT: mse accumulates: ok
// EXEC-NEXT: mse null d/dinput: ok
// EXEC-NEXT: mse null d/dtarget: ok
// EXEC-NEXT: mse all null: ok
// EXEC-NEXT: mse(view): value: ok
// EXEC-NEXT: mse(view) d/dinput: ok
// EXEC-NEXT: mse(view) d/dtarget: ok
// EXEC-NEXT: mse(view)<float> d/dinput: ok
// EXEC-NEXT: mse(view)<float> d/dtarget: ok
// EXEC-NEXT: mse(view) accumulates: ok
// EXEC-NEXT: mse(view) null d/dinput: ok
// EXEC-NEXT: mse(view) null d/dtarget: ok
// EXEC-NEXT: mse(view) all null: ok
// EXEC-NEXT: cross_entropy: value: ok
// EXEC-NEXT: cross_entropy d/dx: ok
// EXEC-NEXT: cross_entropy d/dw: ok
// EXEC-NEXT: cross_entropy d/db: ok
// EXEC-NEXT: cross_entropy<float> d/dx: ok
// EXEC-NEXT: cross_entropy<float> d/dw: ok
// EXEC-NEXT: cross_entropy<float> d/db: ok
// EXEC-NEXT: cross_entropy accumulates: ok
// EXEC-NEXT: cross_entropy null d/dx: ok
// EXEC-NEXT: cross_entropy null d/dw: ok
// EXEC-NEXT: cross_entropy null d/db: ok
// EXEC-NEXT: cross_entropy all null: ok
// EXEC-NEXT: cross_entropy [C]: value: ok
// EXEC-NEXT: cross_entropy [C] d/dx: ok
// EXEC-NEXT: cross_entropy [C] d/dw: ok
// EXEC-NEXT: cross_entropy [C] d/db: ok
// EXEC-NEXT: cross_entropy [C]<float> d/dx: ok
// EXEC-NEXT: cross_entropy [C]<float> d/dw: ok
// EXEC-NEXT: cross_entropy [C]<float> d/db: ok
// EXEC-NEXT: cross_entropy [C] accumulates: ok
// EXEC-NEXT: cross_entropy [C] null d/dx: ok
// EXEC-NEXT: cross_entropy [C] null d/dw: ok
// EXEC-NEXT: cross_entropy [C] null d/db: ok
// EXEC-NEXT: cross_entropy [C] all null: ok
// EXEC-NEXT: nll_loss: value: ok
// EXEC-NEXT: nll_loss d/dx: ok
// EXEC-NEXT: nll_loss<float> d/dx: ok
// EXEC-NEXT: nll_loss accumulates: ok
// EXEC-NEXT: nll_loss null d/dx: ok
// EXEC-NEXT: nll_loss all null: ok
// EXEC-NEXT: nll_loss(view): value: ok
// EXEC-NEXT: nll_loss(view) d/dx: ok
// EXEC-NEXT: nll_loss(view)<float> d/dx: ok
// EXEC-NEXT: nll_loss(view) accumulates: ok
// EXEC-NEXT: nll_loss(view) null d/dx: ok
// EXEC-NEXT: nll_loss(view) all null: ok
// EXEC-NEXT: probs vjp d/dx: ok
// EXEC-NEXT: probs<float> vjp d/dx: ok
