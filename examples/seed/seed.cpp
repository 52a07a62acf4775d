// The functions of PyTorch's autograd tutorial. adgen reads this file at build
// time and writes seed.grad.h with mean_of_grad, tutorial_grad, shift_vjp, ...
#include "seed.h"

namespace seed {

ADGEN_DIFFERENTIABLE Tensor mean_of(const Tensor &x) { return x.mean(); }

ADGEN_DIFFERENTIABLE Tensor shift(const Tensor &x) { return x + 3; }

ADGEN_DIFFERENTIABLE Tensor tutorial(const Tensor &x) {
  Tensor y = x + 3;
  Tensor z = y * y * 3;
  return z.mean();
}

} // namespace seed
