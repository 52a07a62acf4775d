// A tensor computed inside a branch inside a loop: compute both tensors before the branch, or branch on scalars.
#include <adgen/adgen.h>
#include <adgen/tensor.h>
using adgen::Tensor;
ADGEN_DIFFERENTIABLE Tensor f(const Tensor &x, int n) {
  Tensor y = x;
  for (int i = 0; i < n; ++i) {
    // ERROR@+1:5: tensor operations in a branch inside a loop (or in a loop inside a branch) are not supported yet;
    if (i == 2)
      y = x * 2;
  }
  return y.sum();
}
