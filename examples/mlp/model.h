// A two-layer classifier for the spirals of data.h: linear -> tanh -> linear,
// trained with the cross-entropy loss. adgen reads model.cpp at build time and
// writes model.grad.h with loss_grad (the gradient of every argument).
#pragma once
#include <adgen/adgen.h>
#include <adgen/tensor.h>

#include <cstdint>
#include <vector>

namespace mlp {
using adgen::Tensor;

/// The logits of the points x [N, 2]: linear(tanh(linear(x, W1, b1)), W2, b2),
/// shaped [N, 2]. W1 is [H, 2], b1 [H], W2 [2, H], b2 [2].
adgen::Tensor forward(const Tensor &x, const Tensor &W1, const Tensor &b1, const Tensor &W2,
                      const Tensor &b2);

/// The mean cross-entropy of forward(...) against the classes y (0 or 1).
adgen::Tensor loss(const Tensor &x, const Tensor &W1, const Tensor &b1, const Tensor &W2,
                   const Tensor &b2, const std::vector<int64_t> &y);
} // namespace mlp
