// Tensor code outside the supported subset is refused at the construct.
//
// RUN: rm -f %t.h
// RUN: not %adgen %s -o %t.h -- -std=c++17 2>&1 | FileCheck %s
// RUN: test ! -e %t.h

#include <adgen/adgen.h>
#include <adgen/tensor.h>

#include <cstdint>
#include <vector>

using adgen::Tensor;

Tensor external(const Tensor &x);

ADGEN_DIFFERENTIABLE Tensor in_place(const Tensor &x) {
  Tensor y = x * 2;
  // CHECK: tensors.cpp:[[@LINE+1]]:3: error: in-place tensor operations are not supported; write 'y = y + z' instead of 'y += z'
  y += x;
  return y.sum();
}

ADGEN_DIFFERENTIABLE Tensor item(const Tensor &x) {
  // CHECK: tensors.cpp:[[@LINE+1]]:14: error: 'adgen::BasicTensor<float>::item' is not supported in differentiable code; supported tensor operations are listed in docs/tensor-api.md; keep the result a tensor (a 0-dim tensor is a scalar)
  return x * x.item();
}

// clamp's bounds are constants: bounds computed from a differentiable scalar
// (free function and member form) are refused.
ADGEN_DIFFERENTIABLE Tensor clamp_bounds(const Tensor &x, float lo) {
  // CHECK: tensors.cpp:[[@LINE+1]]:26: error: the bounds of 'clamp' must not depend on differentiable values; use adgen::maximum / adgen::minimum with tensors instead
  return adgen::clamp(x, lo, lo + 1).sum();
}

ADGEN_DIFFERENTIABLE Tensor clamp_member(const Tensor &x, double s) {
  // CHECK: tensors.cpp:[[@LINE+1]]:22: error: the bounds of 'clamp_max' must not depend on differentiable values
  return x.clamp_max(s * 2).sum();
}

// argmax/argmin give indices, not tensors.
ADGEN_DIFFERENTIABLE Tensor argmax_scale(const Tensor &x) {
  // CHECK: tensors.cpp:[[@LINE+1]]:20: error: an argument of type 'std::vector<int64_t>' is not supported
  return x * float(adgen::argmax(x, 0)[0]);
}

ADGEN_DIFFERENTIABLE Tensor argmin_labels(const Tensor &x) {
  // CHECK: tensors.cpp:[[@LINE+1]]:29: error: pass the class indices as a parameter of the differentiable function (const std::vector<int64_t>&)
  return adgen::nll_loss(x, adgen::argmin(x, 1));
}

ADGEN_DIFFERENTIABLE Tensor temporary_labels(const Tensor &x) {
  // CHECK: tensors.cpp:[[@LINE+1]]:34: error: pass the class indices as a parameter of the differentiable function
  return adgen::cross_entropy(x, std::vector<int64_t>{0, 1});
}

// Members outside the API: autograd state.
ADGEN_DIFFERENTIABLE Tensor grad_member(const Tensor &x) {
  // CHECK: tensors.cpp:[[@LINE+1]]:15: error: 'adgen::BasicTensor<float>::grad' is not supported in differentiable code; supported tensor operations are listed in docs/tensor-api.md
  return (x + x.grad()).sum();
}

ADGEN_DIFFERENTIABLE Tensor requires_grad(const Tensor &x) {
  // CHECK: tensors.cpp:[[@LINE+1]]:10: error: 'adgen::BasicTensor<float>::requires_grad_' is not supported in differentiable code
  return x.detach().requires_grad_().sum();
}

// A tensor function adgen cannot see into.
ADGEN_DIFFERENTIABLE Tensor opaque(const Tensor &x) {
  // CHECK: tensors.cpp:[[@LINE+1]]:10: error: 'external' has no body adgen can see; define it in a header the file includes, or mark it ADGEN_NO_GRAD if it needs no derivative
  return external(x).sum();
}

// Shapes are braced lists of integers.
ADGEN_DIFFERENTIABLE Tensor shape_value(const Tensor &x) {
  // CHECK: tensors.cpp:[[@LINE+1]]:35: error: write the shape or dimensions as a braced list of integers, e.g. {2, -1}
  return (x + adgen::zeros<float>(x.shape())).sum();
}

// Element access on tensors.
ADGEN_DIFFERENTIABLE Tensor write_element(const Tensor &x) {
  Tensor y = x * 1;
  // CHECK: tensors.cpp:[[@LINE+1]]:3: error: writing through the reference that 'at' returns is not supported; index the array or name the variable directly
  y.at({0}) = 2;
  return y.sum();
}

// A branch on scalars next to tensor code is fine.
ADGEN_DIFFERENTIABLE Tensor fine(const Tensor &x, double s) {
  double k = s > 0 ? s : -s;
  return (x * k).mean();
}
