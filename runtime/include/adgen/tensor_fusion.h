// adgen/tensor_fusion.h - what generated code calls for fused elementwise
// chains. Included by adgen/tensor.h.
//
// adgen prints a chain of elementwise tensor operations (forward or
// backward) as one lambda over elements, run once over the operands
// broadcast together, instead of one temporary tensor per operation:
//
//   const adgen::DoubleTensor t3 = adgen::map(
//       [&](double x, double mu) { return std::exp(-((x - mu) * (x - mu))); }, x, mu);
//
// map_sum and map_mean reduce the chain without storing it. Inside the
// lambda the chain is scalar code, so every tensor operation that may be
// fused has a scalar overload below with the same name and the same
// conventions as the tensor version (tensor_ops.h, tensor_backward.h).
#ifndef ADGEN_TENSOR_FUSION_H
#define ADGEN_TENSOR_FUSION_H

#include <cmath>
#include <type_traits>

namespace adgen {

// ---- Fused chains -----------------------------------------------------------

// f applied to the elements of the operands, broadcast together.
template <class F, class T, class... Ts>
BasicTensor<T> map(F f, const BasicTensor<T>& first, const Ts&... rest) {
  return detail::bwd::map_broadcast<T>("map", f, first, rest...);
}

namespace detail {
template <class T, class F, size_t N, size_t... I>
double row_total(F& f, const std::array<const T*, N>& p, int64_t n, std::index_sequence<I...>) {
  double total = 0.0;
  for (int64_t i = 0; i < n; ++i) total += static_cast<double>(f(p[I][i]...));
  return total;
}

template <class T, class F, size_t N, size_t... I>
double row_total_strided(F& f, const std::array<const T*, N>& p,
                         const std::array<int64_t, N>& step, int64_t n,
                         std::index_sequence<I...>) {
  double total = 0.0;
  for (int64_t i = 0; i < n; ++i) total += static_cast<double>(f(p[I][i * step[I]]...));
  return total;
}

// The sum, in double, of f over the operands broadcast together.
template <class T, class F, class... Ts>
double map_total(F& f, const Ts&... ts) {
  const Shape shape = bwd::broadcast_all({&ts.shape()...});
  constexpr size_t N = sizeof...(Ts);
  const std::array<bwd::Operand<const T*>, N> in{bwd::read_as("map_sum", ts, shape)...};
  double total = 0.0;
  std::array<const std::vector<int64_t>*, N> st;
  for (size_t k = 0; k < N; ++k) st[k] = &in[k].st;
  auto row = [&](const std::array<int64_t, N>& off, int64_t n,
                 const std::array<int64_t, N>& step) {
    std::array<const T*, N> p;
    bool unit = true;
    for (size_t k = 0; k < N; ++k) {
      p[k] = in[k].ptr + off[k];
      unit = unit && step[k] == 1;
    }
    total += unit ? row_total<T>(f, p, n, std::make_index_sequence<N>())
                  : row_total_strided<T>(f, p, step, n, std::make_index_sequence<N>());
  };
  bwd::for_each_row<N>(shape, st, row);
  return total;
}

template <class... Ts>
int64_t broadcast_numel(const Ts&... ts) {
  return numel_of(bwd::broadcast_all({&ts.shape()...}));
}
}  // namespace detail

// sum(map(f, ...)) without the intermediate tensor: a 0-dim tensor.
template <class F, class T, class... Ts>
BasicTensor<T> map_sum(F f, const BasicTensor<T>& first, const Ts&... rest) {
  const double total = detail::map_total<T>(f, first, rest...);
  return BasicTensor<T>(Shape{}, std::vector<T>{static_cast<T>(total)});
}

// mean(map(f, ...)) likewise (nan when empty, as PyTorch).
template <class F, class T, class... Ts>
BasicTensor<T> map_mean(F f, const BasicTensor<T>& first, const Ts&... rest) {
  const double total = detail::map_total<T>(f, first, rest...);
  const double n = static_cast<double>(detail::broadcast_numel(first, rest...));
  return BasicTensor<T>(Shape{}, std::vector<T>{static_cast<T>(total / n)});
}

// ---- Scalar forms of the fusable operations -----------------------------------

template <class T>
using IfScalar = std::enable_if_t<std::is_floating_point<T>::value, T>;

template <class T> IfScalar<T> neg(T x) { return -x; }
template <class T> IfScalar<T> sigmoid(T x) { return T(1) / (T(1) + std::exp(-x)); }
// NaN stays NaN, as torch.relu.
template <class T> IfScalar<T> relu(T x) { return x > T(0) || std::isnan(x) ? x : T(0); }
// As torch.clamp: NaN stays NaN.
template <class T> IfScalar<T> clamp_min(T x, T lo) { return x < lo ? lo : x; }
template <class T> IfScalar<T> clamp_max(T x, T hi) { return x > hi ? hi : x; }
template <class T> IfScalar<T> clamp(T x, T lo, T hi) { return clamp_max(clamp_min(x, lo), hi); }
// NaN propagates, as torch.maximum.
template <class T> IfScalar<T> maximum(T a, T b) {
  return std::isnan(a) || std::isnan(b) ? a + b : (a < b ? b : a);
}
template <class T> IfScalar<T> minimum(T a, T b) {
  return std::isnan(a) || std::isnan(b) ? a + b : (b < a ? b : a);
}
template <class T> IfScalar<T> where(T c, T a, T b) { return c != T(0) ? a : b; }

template <class T> IfScalar<T> relu_backward(T g, T y) { return y > T(0) ? g : T(0); }
template <class T> IfScalar<T> sigmoid_backward(T g, T y) { return g * (T(1) - y) * y; }
template <class T> IfScalar<T> tanh_backward(T g, T y) { return g * (T(1) - y * y); }
template <class T> IfScalar<T> abs_backward(T g, T x) {
  return g * detail::bwd::sign(x);
}
template <class T> IfScalar<T> clamp_backward(T g, T x, T lo, T hi) {
  return x >= lo && x <= hi ? g : T(0);
}
template <class T> IfScalar<T> clamp_min_backward(T g, T x, T lo) { return x >= lo ? g : T(0); }
template <class T> IfScalar<T> clamp_max_backward(T g, T x, T hi) { return x <= hi ? g : T(0); }
template <class T> IfScalar<T> pow_backward(T g, T x, T e) {
  return e == T(0) ? T(0) : g * (e * detail::bwd::pow_scalar(x, e - T(1)));
}
template <class T> IfScalar<T> pow_backward_base(T g, T x, T y) {
  return y == T(0) ? T(0) : g * (y * std::pow(x, y - T(1)));
}
template <class T> IfScalar<T> pow_backward_exponent(T g, T x, T y, T out) {
  return g * (x == T(0) && y >= T(0) ? T(0) : out * std::log(x));
}
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

#endif  // ADGEN_TENSOR_FUSION_H
