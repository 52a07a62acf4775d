// The model: adgen differentiates loss() at build time (model.grad.h).
#include "model.h"

namespace mlp {

ADGEN_DIFFERENTIABLE Tensor forward(const Tensor &x, const Tensor &W1, const Tensor &b1,
                                    const Tensor &W2, const Tensor &b2) {
  Tensor h = adgen::tanh(adgen::linear(x, W1, b1));
  return adgen::linear(h, W2, b2);
}

ADGEN_DIFFERENTIABLE Tensor loss(const Tensor &x, const Tensor &W1, const Tensor &b1,
                                 const Tensor &W2, const Tensor &b2,
                                 const std::vector<int64_t> &y) {
  Tensor logits = forward(x, W1, b1, W2, b2);
  return adgen::cross_entropy(logits, y);
}

} // namespace mlp
