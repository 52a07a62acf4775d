// The functions of PyTorch's autograd tutorial, marked for adgen.
#pragma once
#include <adgen/adgen.h>
#include <adgen/tensor.h>

namespace seed {
using adgen::Tensor;

/// out = x.mean()
adgen::Tensor mean_of(const Tensor &x);
/// y = x + 3
adgen::Tensor shift(const Tensor &x);
/// The tutorial's function: y = x + 3, z = y * y * 3, out = z.mean()
adgen::Tensor tutorial(const Tensor &x);
} // namespace seed
