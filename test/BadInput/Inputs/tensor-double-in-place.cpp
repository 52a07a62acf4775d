// An in-place multiply on a DoubleTensor (*=): write 'y = y * 2'.
#include <adgen/adgen.h>
#include <adgen/tensor.h>
using adgen::DoubleTensor;
ADGEN_DIFFERENTIABLE DoubleTensor f(const DoubleTensor &x) {
  DoubleTensor y = x + x;
  // ERROR@+1:3: in-place tensor operations are not supported; write 'y =
  y *= 2.0;
  return y.mean();
}
