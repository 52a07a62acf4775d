// An in-place tensor operation (+=): write 'y = y + x'.
#include <adgen/adgen.h>
#include <adgen/tensor.h>
using adgen::Tensor;
ADGEN_DIFFERENTIABLE Tensor f(const Tensor &x) {
  Tensor y = x * 2;
  // ERROR@+1:3: in-place tensor operations are not supported; write 'y =
  y += x;
  return y.sum();
}
