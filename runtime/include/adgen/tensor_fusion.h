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
// lambda the chain is scalar code: every tensor operation that may be fused
// has a scalar form of the same name (tensor_scalar.h), which the tensor
// operation itself computes its elements with.
#ifndef ADGEN_TENSOR_FUSION_H
#define ADGEN_TENSOR_FUSION_H


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
  constexpr size_t N = sizeof...(Ts);
  std::array<const T*, N> p;
  std::array<int64_t, N> step;
  if (const Shape* lead = bwd::simple_layout<T, N>(p, step, ts...)) {
    const int64_t n = bwd::numel(*lead);
    bool unit = true;
    for (int64_t s : step) unit = unit && s == 1;
    return unit ? row_total<T>(f, p, n, std::make_index_sequence<N>())
                : row_total_strided<T>(f, p, step, n, std::make_index_sequence<N>());
  }
  const Shape shape = bwd::broadcast_all({&ts.shape()...});
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

template <class T0, class... Ts>
int64_t broadcast_numel(const T0& first, const Ts&... ts) {
  if (((ts.shape() == first.shape()) && ...)) return numel_of(first.shape());
  return numel_of(bwd::broadcast_all({&first.shape(), &ts.shape()...}));
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

// The lambdas' scalar operations (adgen::sigmoid(x), adgen::tanh_backward(g,
// y), ...) are the scalar forms in tensor_scalar.h.

}  // namespace adgen

#endif  // ADGEN_TENSOR_FUSION_H
