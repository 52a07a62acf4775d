// Tensor::item() is not supported: keep the scalar as a parameter, or use sum()/mean().
#include <adgen/adgen.h>
#include <adgen/tensor.h>
using adgen::Tensor;
ADGEN_DIFFERENTIABLE Tensor f(const Tensor &x) {
  // ERROR@+1:14: 'adgen::BasicTensor<float>::item' is not supported on tensors yet; supported:
  return x * x.item();
}
