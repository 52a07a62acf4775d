// adgen::zeros (a tensor factory) is not supported: pass the tensor in.
#include <adgen/adgen.h>
#include <adgen/tensor.h>
using adgen::Tensor;
ADGEN_DIFFERENTIABLE Tensor f(const Tensor &x) {
  // ERROR@+1:14: 'adgen::zeros' is not supported on tensors yet; supported:
  Tensor z = adgen::zeros({2});
  return (x + z).sum();
}
