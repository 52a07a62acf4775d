// Tensor::item() is not supported: keep the scalar as a parameter, or use sum()/mean().
#include <adgen/adgen.h>
#include <adgen/tensor.h>
using adgen::Tensor;
ADGEN_DIFFERENTIABLE Tensor f(const Tensor &x) {
  // ERROR@+1:14: 'adgen::BasicTensor<float>::item' is not supported in differentiable code; supported tensor operations are listed in docs/tensor-api.md; keep the result a tensor
  return x * x.item();
}
