// Tensor::numel() is not supported: pass the element count as a parameter.
#include <adgen/adgen.h>
#include <adgen/tensor.h>
using adgen::Tensor;
ADGEN_DIFFERENTIABLE Tensor f(const Tensor &x) {
  // ERROR@+1:40: 'adgen::BasicTensor<float>::numel' is not supported on tensors yet; supported:
  return x.sum() / static_cast<double>(x.numel());
}
