// detach() and NoGradGuard scopes: values computed from a detached tensor
// or inside a `adgen::NoGradGuard guard;` scope are constants. The gradient
// is checked against central differences of a twin function in which that
// path is replaced by a constant (computed once, at the point), so the
// detached path contributes 0.
//
// RUN: rm -rf %t && mkdir -p %t
// RUN: %adgen %s -o %t/nograd.grad.h -- -std=c++17
// RUN: FileCheck %s < %t/nograd.grad.h
// RUN: %cxx -I%t %s -o %t/gcc && %t/gcc | FileCheck %s --check-prefix=EXEC
// RUN: %clangxx -I%t %s -o %t/clang && %t/clang | FileCheck %s --check-prefix=EXEC

#include <adgen/adgen.h>
#include <adgen/tensor.h>

#define FUNCTIONS(TT, T, MARK)                                                  \
  /* x * detach(x): the gradient is detach(x), not 2x. */                      \
  MARK TT self_detached(const TT &x) { return adgen::sum(x * x.detach()); }     \
  /* A detached normaliser: the mean is a constant. */                          \
  MARK TT centered(const TT &x, const TT &w) {                                  \
    TT mu = adgen::mean(x * w).detach();                                        \
    TT c = x * w - mu;                                                          \
    return adgen::sum(c * c);                                                   \
  }                                                                             \
  /* A parameter used only through detach: its gradient is 0. */              \
  MARK TT only_detached(const TT &x, const TT &w) {                             \
    return adgen::sum(x * adgen::exp(w.detach()));                              \
  }                                                                             \
  /* The twins: the constant path is an argument. */                           \
  MARK TT self_twin(const TT &x, const TT &k) { return adgen::sum(x * k); }     \
  MARK TT centered_twin(const TT &x, const TT &w, const TT &mu) {               \
    TT c = x * w - mu;                                                          \
    return adgen::sum(c * c);                                                   \
  }                                                                             \
  MARK TT guarded_twin(const TT &x, const TT &w, const TT &scale) {             \
    return adgen::sum(adgen::tanh(x / scale) * w);                              \
  }

FUNCTIONS(adgen::Tensor, float, ADGEN_DIFFERENTIABLE)
FUNCTIONS(adgen::DoubleTensor, double, ADGEN_DIFFERENTIABLE)

// A NoGradGuard scope: the scale is computed without gradient. (Written out
// twice; the same function written through a macro is in regressions.cpp.)
ADGEN_DIFFERENTIABLE adgen::Tensor guarded(const adgen::Tensor &x, const adgen::Tensor &w) {
  adgen::Tensor scale;
  {
    adgen::NoGradGuard guard;
    scale = adgen::sqrt(adgen::sum(w * w) + 1);
  }
  return adgen::sum(adgen::tanh(x / scale) * w);
}
ADGEN_DIFFERENTIABLE adgen::DoubleTensor guarded(const adgen::DoubleTensor &x, const adgen::DoubleTensor &w) {
  adgen::DoubleTensor scale;
  {
    adgen::NoGradGuard guard;
    scale = adgen::sqrt(adgen::sum(w * w) + 1);
  }
  return adgen::sum(adgen::tanh(x / scale) * w);
}

// Nothing flows back through the detached mean.
// CHECK-LABEL: inline adgen::Tensor centered_grad(
// CHECK-NOT: adgen::mean_backward(
// CHECK: return out;
// CHECK-LABEL: inline adgen::Tensor guarded_grad(
// CHECK-NOT: adgen::sum_backward(
// CHECK: return out;

#ifndef ADGEN_TOOL
#include "nograd.grad.h"

#include <tensor_oracle.h>

using adgen::DoubleTensor;
using oracle::check_grad;
using oracle::close;
using oracle::randn;
using oracle::report;

int main() {
  DoubleTensor x = randn({3, 4}, 1), w = randn({3, 4}, 2);
  DoubleTensor xt = adgen::t(randn({4, 3}, 3));
  // The generated gradients against their own finite differences would fail
  // (the primal does not know detach); so each is compared with the twin's.
  check_grad("self_twin", "x k", ORACLE_PRIMAL(self_twin), ORACLE_GRAD(self_twin), x, x.clone());
  for (DoubleTensor v : {x, xt}) {
    DoubleTensor g;
    self_detached_grad(v, &g);
    report("self_detached d/dx = x", close(g, oracle::fd_grad<0>(ORACLE_PRIMAL(self_twin), v, v.clone()), 1e-6));
    adgen::Tensor gf;
    self_detached_grad(oracle::to_float(v), &gf);
    report("self_detached<float> d/dx", close(gf, g, 2e-4));
  }

  DoubleTensor mu = adgen::mean(x * w);
  DoubleTensor gx, gw;
  centered_grad(x, w, &gx, &gw);
  report("centered d/dx", close(gx, oracle::fd_grad<0>(ORACLE_PRIMAL(centered_twin), x, w, mu), 1e-6));
  report("centered d/dw", close(gw, oracle::fd_grad<1>(ORACLE_PRIMAL(centered_twin), x, w, mu), 1e-6));
  adgen::Tensor gxf, gwf;
  centered_grad(oracle::to_float(x), oracle::to_float(w), &gxf, &gwf);
  report("centered<float> d/dx", close(gxf, gx, 2e-4));
  report("centered<float> d/dw", close(gwf, gw, 2e-4));

  for (DoubleTensor v : {x, xt}) {
    DoubleTensor scale = adgen::sqrt(adgen::sum(w * w) + 1.0);
    DoubleTensor g1, g2;
    DoubleTensor out = guarded_grad(v, w, &g1, &g2);
    report("guarded value", close(out, guarded(v, w), 1e-12));
    report("guarded d/dx", close(g1, oracle::fd_grad<0>(ORACLE_PRIMAL(guarded_twin), v, w, scale), 1e-6));
    report("guarded d/dw", close(g2, oracle::fd_grad<1>(ORACLE_PRIMAL(guarded_twin), v, w, scale), 1e-6));
    adgen::Tensor f1, f2;
    guarded_grad(oracle::to_float(v), oracle::to_float(w), &f1, &f2);
    report("guarded<float> d/dx", close(f1, g1, 2e-4));
    report("guarded<float> d/dw", close(f2, g2, 2e-4));
  }

  // w only through detach: d/dw is 0 (zeros or untouched), d/dx = exp(w).
  DoubleTensor ox, ow;
  only_detached_grad(x, w, &ox, &ow);
  report("only_detached d/dx", close(ox, adgen::exp(w), 1e-12));
  report("only_detached d/dw = 0", !ow.defined() || close(ow, adgen::zeros_like(w), 0));
  DoubleTensor ox2;
  only_detached_grad(x, w, &ox2, nullptr);
  only_detached_grad(x, w, &ox2, nullptr);
  report("only_detached accumulates", close(ox2, adgen::exp(w) * 2.0, 1e-12));
}
#endif

// EXEC: self_twin: value: ok
// EXEC-NEXT: self_twin d/dx: ok
// EXEC-NEXT: self_twin d/dk: ok
// EXEC-NEXT: self_twin<float> d/dx: ok
// EXEC-NEXT: self_twin<float> d/dk: ok
// EXEC-NEXT: self_twin accumulates: ok
// EXEC-NEXT: self_twin null d/dx: ok
// EXEC-NEXT: self_twin null d/dk: ok
// EXEC-NEXT: self_twin all null: ok
// EXEC-NEXT: self_detached d/dx = x: ok
// EXEC-NEXT: self_detached<float> d/dx: ok
// EXEC-NEXT: self_detached d/dx = x: ok
// EXEC-NEXT: self_detached<float> d/dx: ok
// EXEC-NEXT: centered d/dx: ok
// EXEC-NEXT: centered d/dw: ok
// EXEC-NEXT: centered<float> d/dx: ok
// EXEC-NEXT: centered<float> d/dw: ok
// EXEC-NEXT: guarded value: ok
// EXEC-NEXT: guarded d/dx: ok
// EXEC-NEXT: guarded d/dw: ok
// EXEC-NEXT: guarded<float> d/dx: ok
// EXEC-NEXT: guarded<float> d/dw: ok
// EXEC-NEXT: guarded value: ok
// EXEC-NEXT: guarded d/dx: ok
// EXEC-NEXT: guarded d/dw: ok
// EXEC-NEXT: guarded<float> d/dx: ok
// EXEC-NEXT: guarded<float> d/dw: ok
// EXEC-NEXT: only_detached d/dx: ok
// EXEC-NEXT: only_detached d/dw = 0: ok
// EXEC-NEXT: only_detached accumulates: ok
