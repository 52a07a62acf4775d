// A tensor computed inside a branch: compute both tensors before the branch, or branch on scalars.
#include <adgen/adgen.h>
#include <adgen/tensor.h>
using adgen::Tensor;
ADGEN_DIFFERENTIABLE Tensor f(const Tensor &x, double s) {
  Tensor y = x;
  // ERROR@+1:3: tensor operations inside branches are not supported yet;
  if (s > 0)
    y = x * 2;
  return y.sum();
}
