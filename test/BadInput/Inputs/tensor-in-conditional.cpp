// A tensor computed in a conditional expression inside a loop: compute both before, or branch on scalars.
#include <adgen/adgen.h>
#include <adgen/tensor.h>
using adgen::Tensor;
ADGEN_DIFFERENTIABLE Tensor f(const Tensor &x, int n) {
  Tensor y = x;
  for (int i = 0; i < n; ++i)
    // ERROR@+1:9: tensor operations in a branch inside a loop (or in a loop inside a branch) are not supported yet;
    y = i > 2 ? y * 2 : y * 3;
  return y.sum();
}
