// A tensor computed inside a loop: compute tensors outside loops for now.
#include <adgen/adgen.h>
#include <adgen/tensor.h>
using adgen::Tensor;
ADGEN_DIFFERENTIABLE Tensor f(const Tensor &x, int n) {
  Tensor y = x;
  // ERROR@+1:3: tensor operations inside loops are not supported yet
  for (int i = 0; i < n; ++i)
    y = y * x;
  return y.sum();
}
