// adgen/tensor_scalar.h - the elementwise formulas of the tensor operations,
// one definition each, on single values. Included by adgen/tensor.h.
//
// The tensor operations (tensor_ops.h), their backward helpers
// (tensor_backward.h) and the fused chains adgen generates (a lambda over
// elements, tensor_fusion.h) all compute elements with these, so a value is
// the same whether its chain was fused or not (up to the last bit where a
// loop's AVX2/AVX-512 clone contracts a multiply and an add: see
// adgen/kernel_attributes.h). Conventions follow PyTorch
// 1.13: NaN propagates through relu, clamp, maximum and minimum; abs' is 0
// at 0; clamp passes the gradient at its bounds; pow(x, 0)' is 0; maximum
// and minimum share the gradient on ties.
#ifndef ADGEN_TENSOR_SCALAR_H
#define ADGEN_TENSOR_SCALAR_H

#include <cmath>
#include <type_traits>

#include "adgen/exp_double.h"
#include "adgen/tanh_float.h"

namespace adgen {

namespace detail {
// ATen's sgn: 0 at 0 and at NaN (adgen::detail::sign, runtime.h, keeps NaN
// for scalar code).
template <class T>
T sgn(T v) {
  return static_cast<T>((T(0) < v) - (v < T(0)));
}

// x^p as ATen's pow(Tensor, Scalar) computes it, with its special exponents.
template <class T>
T pow_scalar(T x, T p) {
  if (p == T(0)) return T(1);
  if (p == T(1)) return x;
  if (p == T(2)) return x * x;
  if (p == T(3)) return x * x * x;
  if (p == T(0.5)) return std::sqrt(x);
  if (p == T(-0.5)) return T(1) / std::sqrt(x);
  if (p == T(-1)) return T(1) / x;
  if (p == T(-2)) return T(1) / (x * x);
  return std::pow(x, p);
}

// PyTorch propagates NaN through max/min-like operations.
template <class T>
T nan_max(T x, T y) {
  return x != x ? x : (y != y ? y : (x < y ? y : x));
}
template <class T>
T nan_min(T x, T y) {
  return x != x ? x : (y != y ? y : (y < x ? y : x));
}
}  // namespace detail

// The scalar forms below only take float and double (the tensor forms of
// the same names take tensors).
template <class T>
using IfScalar = std::enable_if_t<std::is_floating_point<T>::value, T>;

// ---- Forward ----------------------------------------------------------------

template <class T> IfScalar<T> neg(T x) { return -x; }
// adgen's vectorizable exp (exp_double.h); float goes through double and is
// rounded once (so correctly rounded, but for the rare float next to a
// point halfway between two floats).
template <class T> ADGEN_INLINE IfScalar<T> exp(T x) {
  if constexpr (std::is_same<T, float>::value) {
    // Rounded once to float; beyond float's range, IEEE rounding gives inf
    // (what converting a double out of float's range does on every target
    // adgen supports; the sanitizers check only conversions to integers).
    return static_cast<float>(detail::exp_double(static_cast<double>(x)));
  } else {
    return detail::exp_double(x);
  }
}
// float: adgen's vectorizable tanh (tanh_float.h); double: libm's.
template <class T> ADGEN_INLINE IfScalar<T> tanh(T x) {
  if constexpr (std::is_same<T, float>::value) {
    return detail::tanh_float(x);
  } else {
    return std::tanh(x);
  }
}
template <class T> IfScalar<T> pow(T x, T e) { return detail::pow_scalar(x, e); }
// Without overflow for either sign of x: e = exp(-|x|) <= 1, then
// 1 / (1 + e) for x >= 0 and e / (1 + e) below. Both are computed and one
// is picked, without a branch, so that a loop over elements vectorizes.
template <class T> ADGEN_INLINE IfScalar<T> sigmoid(T x) {
  const T e = adgen::exp(-std::fabs(x));
  const T positive = T(1) / (T(1) + e);
  const T negative = e / (T(1) + e);
  return detail::exp_pick(x >= T(0), positive, negative);
}
template <class T> IfScalar<T> relu(T x) { return x > 0 || x != x ? x : T(0); }
template <class T> IfScalar<T> clamp_min(T x, T lo) { return x != x ? x : (x < lo ? lo : x); }
template <class T> IfScalar<T> clamp_max(T x, T hi) { return x != x ? x : (hi < x ? hi : x); }
template <class T> IfScalar<T> clamp(T x, T lo, T hi) { return clamp_max(clamp_min(x, lo), hi); }
template <class T> IfScalar<T> maximum(T a, T b) { return detail::nan_max(a, b); }
template <class T> IfScalar<T> minimum(T a, T b) { return detail::nan_min(a, b); }
template <class T> IfScalar<T> where(T c, T a, T b) { return c != T(0) ? a : b; }

// ---- Backward: the gradient of one operand, from g --------------------------

template <class T> IfScalar<T> relu_backward(T g, T y) { return y > T(0) ? g : T(0); }
template <class T> IfScalar<T> sigmoid_backward(T g, T y) { return g * (T(1) - y) * y; }
template <class T> IfScalar<T> tanh_backward(T g, T y) { return g * (T(1) - y * y); }
template <class T> IfScalar<T> abs_backward(T g, T x) { return g * detail::sgn(x); }
// NaN x gives 0.
template <class T> IfScalar<T> clamp_backward(T g, T x, T lo, T hi) {
  return x >= lo && x <= hi ? g : T(0);
}
template <class T> IfScalar<T> clamp_min_backward(T g, T x, T lo) { return x >= lo ? g : T(0); }
template <class T> IfScalar<T> clamp_max_backward(T g, T x, T hi) { return x <= hi ? g : T(0); }
template <class T> IfScalar<T> pow_backward(T g, T x, T e) {
  return e == T(0) ? T(0) : g * (e * detail::pow_scalar(x, e - T(1)));
}
template <class T> IfScalar<T> pow_backward_base(T g, T x, T y) {
  return y == T(0) ? T(0) : g * (y * std::pow(x, y - T(1)));
}
template <class T> IfScalar<T> pow_backward_exponent(T g, T x, T y, T out) {
  return g * (x == T(0) && y >= T(0) ? T(0) : out * std::log(x));
}
// With a NaN, both operands get g (PyTorch's where(a == b, g / 2, g)
// .masked_fill_(a < b, 0)).
template <class T> IfScalar<T> maximum_backward_a(T g, T a, T b) {
  return a == b ? g / T(2) : (a < b ? T(0) : g);
}
template <class T> IfScalar<T> maximum_backward_b(T g, T a, T b) {
  return a == b ? g / T(2) : (a > b ? T(0) : g);
}
template <class T> IfScalar<T> minimum_backward_a(T g, T a, T b) {
  return a == b ? g / T(2) : (a > b ? T(0) : g);
}
template <class T> IfScalar<T> minimum_backward_b(T g, T a, T b) {
  return a == b ? g / T(2) : (a < b ? T(0) : g);
}
template <class T> IfScalar<T> where_backward_a(T g, T c) { return c != T(0) ? g : T(0); }
template <class T> IfScalar<T> where_backward_b(T g, T c) { return c != T(0) ? T(0) : g; }

}  // namespace adgen

#endif  // ADGEN_TENSOR_SCALAR_H
