// A default-constructed tensor local: initialise it from an expression (Tensor t = x * 2;).
#include <adgen/adgen.h>
#include <adgen/tensor.h>
using adgen::Tensor;
ADGEN_DIFFERENTIABLE Tensor f(const Tensor &x) {
  // ERROR@+1:10: constructing this object is not supported in a differentiable
  Tensor t;
  t = x * 2;
  return t.sum();
}
