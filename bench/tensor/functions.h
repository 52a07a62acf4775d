// The three workloads of bench_tensor, written with adgen's tensor runtime as
// a PyTorch user would write them. adgen reads functions.cpp at build time
// and writes functions.grad.h with mlp_loss_grad, gauss_sum_grad and
// tutorial_grad. Inline, like the generated gradients, so that the primal
// and the gradient are compiled alike.
#pragma once
#include <adgen/adgen.h>
#include <adgen/tensor.h>

namespace tb {

// Workload 1: a two-layer perceptron, X [64, 784] -> 128 tanh -> 10, and the
// mean squared error against a fixed target Y [64, 10].
ADGEN_DIFFERENTIABLE inline adgen::Tensor mlp_loss(const adgen::Tensor &X, const adgen::Tensor &W1,
                                                   const adgen::Tensor &b1, const adgen::Tensor &W2,
                                                   const adgen::Tensor &b2, const adgen::Tensor &Y) {
  adgen::Tensor h = adgen::tanh(adgen::linear(X, W1, b1));
  adgen::Tensor z = adgen::linear(h, W2, b2);
  return adgen::mse_loss(z, Y);
}

// Workload 2: sum(exp(-(x - mu)^2)) over 10^6 doubles; mu has one element.
ADGEN_DIFFERENTIABLE inline adgen::DoubleTensor gauss_sum(const adgen::DoubleTensor &x,
                                                          const adgen::DoubleTensor &mu) {
  adgen::DoubleTensor d = x - mu;
  return adgen::exp(-(d * d)).sum();
}

// Workload 3: PyTorch's autograd tutorial (the seed), on a 2 x 2 tensor.
ADGEN_DIFFERENTIABLE inline adgen::Tensor tutorial(const adgen::Tensor &x) {
  adgen::Tensor y = x + 3;
  adgen::Tensor z = y * y * 3;
  return z.mean();
}

} // namespace tb
