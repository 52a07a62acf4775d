// Tensors in loops: a stack of layers applied in a loop, a recurrent network
// over time steps (x.select(0, t)), layer weights stacked in one tensor and
// a loop whose iterations are independent. The reverse stores each
// iteration's tensors (as handles) instead of computing them again.
// Gradients against central differences of the double primal, float
// against double (test/support/tensor_oracle.h).
//
// RUN: rm -rf %t && mkdir -p %t
// RUN: %adgen %s -o %t/loops.grad.h -- -std=c++17
// RUN: FileCheck %s < %t/loops.grad.h
// RUN: %cxx -I%t %s -o %t/gcc && %t/gcc | FileCheck %s --check-prefix=EXEC
// RUN: %clangxx -I%t %s -o %t/clang && %t/clang | FileCheck %s --check-prefix=EXEC

#include <adgen/adgen.h>
#include <adgen/tensor.h>

#define FUNCTIONS(TT, T, MARK)                                                  \
  /* The same weights applied `layers` times. */                                \
  MARK TT deep(const TT &x, const TT &W, int layers) {                          \
    TT h = x;                                                                   \
    for (int l = 0; l < layers; ++l)                                            \
      h = adgen::tanh(adgen::matmul(h, W));                                     \
    return h.sum();                                                             \
  }                                                                             \
  /* xs [T, B, D], Wx [D, H], Wh [H, H], h0 [B, H]: two carried tensors. */   \
  MARK TT rnn(const TT &xs, const TT &Wx, const TT &Wh, const TT &h0) {         \
    TT h = h0;                                                                  \
    TT total = adgen::zeros_like(h0).sum();                                     \
    for (int t = 0; t < xs.size(0); ++t) {                                      \
      h = adgen::tanh(adgen::matmul(xs.select(0, t), Wx) + adgen::matmul(h, Wh)); \
      total = total + (h * h).mean();                                           \
    }                                                                           \
    return total;                                                               \
  }                                                                             \
  /* Ws [L, D, D], bs [L, D]: a different layer in each iteration. */           \
  MARK TT layers(const TT &x, const TT &Ws, const TT &bs) {                     \
    TT h = x;                                                                   \
    for (int l = 0; l < Ws.size(0); ++l)                                        \
      h = adgen::relu(adgen::linear(h, Ws.select(0, l), bs.select(0, l)));     \
    return h.pow(2).sum();                                                      \
  }                                                                             \
  /* Independent iterations: a sum of per-row losses. */                        \
  MARK TT rows(const TT &x, const TT &w) {                                      \
    TT total = (w * 0).sum();                                                   \
    for (int i = 0; i < x.size(0); ++i)                                         \
      total = total + adgen::logsumexp(x.select(0, i) * w, 0);                  \
    return total;                                                               \
  }

FUNCTIONS(adgen::Tensor, float, ADGEN_DIFFERENTIABLE)
FUNCTIONS(adgen::DoubleTensor, double, ADGEN_DIFFERENTIABLE)

// The reverse loop pops the stored tensors; the weight's gradient is summed
// over the iterations from zeros of its shape.
// CHECK-LABEL: inline adgen::Tensor deep_grad(
// CHECK:         adgen::Tape<adgen::Tensor> tape_h;
// CHECK:         for (;;) {
// CHECK:           tape_h.push(h);
// CHECK:           const adgen::Tensor t0 = adgen::matmul(h, W);
// CHECK:         adgen::Tensor [[ACC:t[0-9]+]] = adgen::zeros_like(W);
// CHECK:         for (std::size_t iterations_k = iterations; iterations_k-- > 0;) {
// CHECK-NEXT:      const adgen::Tensor h = tape_h.pop();
// CHECK:           adgen::tanh_backward(d_h,
// CHECK:           const adgen::Tensor [[B:t[0-9]+]] = adgen::matmul_backward_b(
// CHECK-NEXT:      [[ACC]] += [[B]];
// CHECK-NOT:       adgen::matmul(
// CHECK:         if (d_W) adgen::accumulate_grad(*d_W, [[ACC]]);

// A time step's input gradient goes into its slice of the sequence's
// gradient, in place: no zero tensor of the whole sequence per step.
// CHECK-LABEL: inline adgen::Tensor rnn_grad(
// CHECK-NOT:     select_backward
// CHECK:         [[SEQ:t[0-9]+]].select(0, {{t[0-9]+}}) += {{t[0-9]+}};
// CHECK-NOT:     select_backward
// CHECK:         if (d_xs) adgen::accumulate_grad(*d_xs, [[SEQ]]);

// The seed of a VJP is checked once the loop's result exists.
// CHECK-LABEL: inline void rnn_vjp(
// CHECK:         ++iterations;
// CHECK-NEXT:    }
// CHECK-NEXT:    adgen::check_seed(d_ret, total_1);

#ifndef ADGEN_TOOL
#include "loops.grad.h"

#include <tensor_oracle.h>

using oracle::check_grad;
using oracle::randn;

int main() {
  adgen::DoubleTensor x = randn({2, 3}, 1), W = randn({3, 3}, 2) * 0.5;
  check_grad("deep", "x W", [](auto &&x, auto &&W) { return deep(x, W, 4); },
             [](auto &&x, auto &&W, auto dx, auto dW) { return deep_grad(x, W, 4, dx, dW); }, x, W);
  // No iteration: the weight's gradient is zero, the input's the seed.
  check_grad("deep(0 layers)", "x W", [](auto &&x, auto &&W) { return deep(x, W, 0); },
             [](auto &&x, auto &&W, auto dx, auto dW) { return deep_grad(x, W, 0, dx, dW); }, x, W);
  adgen::DoubleTensor xs = randn({5, 2, 3}, 3), Wx = randn({3, 4}, 4), Wh = randn({4, 4}, 5) * 0.3;
  adgen::DoubleTensor h0 = randn({2, 4}, 6);
  check_grad("rnn", "xs Wx Wh h0", ORACLE_PRIMAL(rnn), ORACLE_GRAD(rnn), xs, Wx, Wh, h0);
  adgen::DoubleTensor Ws = randn({3, 3, 3}, 7), bs = randn({3, 3}, 8);
  check_grad("layers", "x Ws bs", ORACLE_PRIMAL(layers), ORACLE_GRAD(layers), x, Ws, bs);
  check_grad("rows", "x w", ORACLE_PRIMAL(rows), ORACLE_GRAD(rows), randn({4, 3}, 9), randn({3}, 10));
}
#endif

// EXEC: deep: value: ok
// EXEC-NEXT: deep d/dx: ok
// EXEC-NEXT: deep d/dW: ok
// EXEC-NEXT: deep<float> d/dx: ok
// EXEC-NEXT: deep<float> d/dW: ok
// EXEC-NEXT: deep accumulates: ok
// EXEC-NEXT: deep null d/dx: ok
// EXEC-NEXT: deep null d/dW: ok
// EXEC-NEXT: deep all null: ok
// EXEC-NEXT: deep(0 layers): value: ok
// EXEC-NEXT: deep(0 layers) d/dx: ok
// EXEC-NEXT: deep(0 layers) d/dW: ok
// EXEC:      rnn: value: ok
// EXEC-NEXT: rnn d/dxs: ok
// EXEC-NEXT: rnn d/dWx: ok
// EXEC-NEXT: rnn d/dWh: ok
// EXEC-NEXT: rnn d/dh0: ok
// EXEC-NEXT: rnn<float> d/dxs: ok
// EXEC-NEXT: rnn<float> d/dWx: ok
// EXEC-NEXT: rnn<float> d/dWh: ok
// EXEC-NEXT: rnn<float> d/dh0: ok
// EXEC-NEXT: rnn accumulates: ok
// EXEC:      layers: value: ok
// EXEC-NEXT: layers d/dx: ok
// EXEC-NEXT: layers d/dWs: ok
// EXEC-NEXT: layers d/dbs: ok
// EXEC:      layers accumulates: ok
// EXEC:      rows: value: ok
// EXEC-NEXT: rows d/dx: ok
// EXEC-NEXT: rows d/dw: ok
// EXEC:      rows accumulates: ok
// EXEC-NOT:  MISMATCH
