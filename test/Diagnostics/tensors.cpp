// Tensor code outside the supported subset is refused at the construct.
//
// RUN: rm -f %t.h
// RUN: not %adgen %s -o %t.h -- -std=c++17 2>&1 | FileCheck %s
// RUN: test ! -e %t.h

#include <adgen/adgen.h>
#include <adgen/tensor.h>

using adgen::Tensor;

ADGEN_DIFFERENTIABLE Tensor in_place(const Tensor &x) {
  Tensor y = x * 2;
  // CHECK: tensors.cpp:[[@LINE+1]]:3: error: in-place tensor operations are not supported; write 'y = y + z' instead of 'y += z'
  y += x;
  return y.sum();
}

ADGEN_DIFFERENTIABLE Tensor branchy(const Tensor &x, double s) {
  Tensor y = x;
  // CHECK: tensors.cpp:[[@LINE+1]]:3: error: tensor operations inside branches are not supported yet
  if (s > 0)
    y = x * 2;
  return y.sum();
}

ADGEN_DIFFERENTIABLE Tensor item(const Tensor &x) {
  // CHECK: tensors.cpp:[[@LINE+1]]:14: error: 'adgen::BasicTensor<float>::item' is not supported on tensors yet
  return x * x.item();
}

// A branch on scalars next to tensor code is fine.
ADGEN_DIFFERENTIABLE Tensor fine(const Tensor &x, double s) {
  double k = s > 0 ? s : -s;
  return (x * k).mean();
}
