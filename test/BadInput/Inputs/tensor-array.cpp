// A local array of tensors: use separate tensor locals.
#include <adgen/adgen.h>
#include <adgen/tensor.h>
using adgen::Tensor;
ADGEN_DIFFERENTIABLE Tensor f(const Tensor &x) {
  // ERROR@+1:3: this local array or pointer is not supported: arrays of
  Tensor ts[2] = {x, x * 2};
  return (ts[0] + ts[1]).sum();
}
