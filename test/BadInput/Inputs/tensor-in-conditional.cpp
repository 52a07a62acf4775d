// A tensor computed in a conditional expression: compute both before, or branch on scalars.
#include <adgen/adgen.h>
#include <adgen/tensor.h>
using adgen::Tensor;
ADGEN_DIFFERENTIABLE Tensor f(const Tensor &x, double s) {
  // ERROR@+1:14: tensor operations inside branches are not supported yet;
  Tensor y = s > 0 ? x * 2 : x * 3;
  return y.sum();
}
