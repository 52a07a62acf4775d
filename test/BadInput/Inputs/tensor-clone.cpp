// Tensor::clone() is not supported: the tensor is already a value; use it directly (y = x * 1).
#include <adgen/adgen.h>
#include <adgen/tensor.h>
using adgen::Tensor;
ADGEN_DIFFERENTIABLE Tensor f(const Tensor &x) {
  // ERROR@+1:14: 'adgen::BasicTensor<float>::clone' is not supported on tensors yet; supported:
  Tensor y = x.clone();
  return (y * x).sum();
}
