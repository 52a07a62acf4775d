// adgen/tensor_fusion.h - what generated code calls for fused elementwise
// chains. Included by adgen/tensor.h.
//
// adgen prints a chain of elementwise tensor operations (forward or
// backward) as one lambda over elements, run once over the operands
// broadcast together, instead of one temporary tensor per operation:
//
//   const adgen::DoubleTensor t3 = adgen::map(
//       [&](double x, double mu) { return adgen::exp(-((x - mu) * (x - mu))); }, x, mu);
//
// map_sum and map_mean reduce the chain without storing it; map_reduce_like
// sums it back to an operand's shape; accumulate_map and
// accumulate_map_like add it into a gradient slot in place;
// map_sum_and_accumulate makes a sum and its gradients in one pass. Inside the
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
// The sum of f over dense operands (steps 1, or 0 for a broadcast one-element
// operand), a block at a time: the block through the vectorized map_flat,
// then added up in four chains (sum_as_double).
template <class T, class F, size_t N, size_t... I>
double block_total(F& f, const std::array<const T*, N>& p, const std::array<int64_t, N>& step,
                   int64_t n, std::index_sequence<I...> seq) {
  using R = std::decay_t<decltype(f(p[I][0]...))>;
  R values[kElementBlock];
  double total = 0.0;
  bwd::for_dense_blocks<T, N>(p, step, n,
                              [&](const std::array<const T*, N>& q, int64_t, int64_t len) {
                                bwd::map_flat(values, q, len, f, seq);
                                total += sum_as_double(values, len);
                              });
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
    return block_total<T>(f, p, step, bwd::numel(*lead), std::make_index_sequence<N>());
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
    total += unit ? block_total<T>(f, p, step, n, std::make_index_sequence<N>())
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

namespace detail {
// map(f, ...), and in `total` the sum of its values as sum_all would make it
// (block by block, sum_as_double), in the same pass where the layout allows.
template <class T, class F, class... Ts>
BasicTensor<T> map_and_total(double& total, F& f, const Ts&... ts) {
  constexpr size_t N = sizeof...(Ts);
  std::array<const T*, N> p;
  std::array<int64_t, N> step;
  if (const Shape* lead = bwd::simple_layout<T, N>(p, step, ts...)) {
    const int64_t n = bwd::numel(*lead);
    std::vector<T> out = new_buffer<T>(static_cast<size_t>(n));
    T* o = out.data();
    total = 0.0;
    bwd::for_dense_blocks<T, N>(p, step, n,
                                [&](const std::array<const T*, N>& q, int64_t start, int64_t len) {
                                  bwd::map_flat(o + start, q, len, f, std::make_index_sequence<N>());
                                  total += sum_as_double(o + start, len);
                                });
    return BasicTensor<T>(*lead, std::move(out));
  }
  BasicTensor<T> values = bwd::map_broadcast<T>("map", f, ts...);
  total = sum_all(values);
  return values;
}
}  // namespace detail

// map(f, ...) that also sets `sum` to sum(the map), in the map's own pass
// (the values are added while they are in cache). `sum` is the 0-dim tensor
// adgen::sum gives.
template <class F, class T, class... Ts>
BasicTensor<T> map_and_sum(BasicTensor<T>& sum, F f, const BasicTensor<T>& first,
                           const Ts&... rest) {
  double total = 0.0;
  BasicTensor<T> values = detail::map_and_total<T>(total, f, first, rest...);
  sum = BasicTensor<T>(Shape{}, std::vector<T>{static_cast<T>(total)});
  return values;
}

// The same with mean(the map) (nan when empty, as PyTorch).
template <class F, class T, class... Ts>
BasicTensor<T> map_and_mean(BasicTensor<T>& mean, F f, const BasicTensor<T>& first,
                            const Ts&... rest) {
  double total = 0.0;
  BasicTensor<T> values = detail::map_and_total<T>(total, f, first, rest...);
  const double n = static_cast<double>(values.numel());
  mean = BasicTensor<T>(Shape{}, std::vector<T>{static_cast<T>(total / n)});
  return values;
}

// reduce_like(map(f, ...), like) without the intermediate tensor where the
// shapes allow: like has the operands' broadcast shape (a map), or one
// element (the sum of the map, in like's shape).
template <class F, class T, class... Ts>
BasicTensor<T> map_reduce_like(const BasicTensor<T>& like, F f, const Ts&... ts) {
  const Shape shape = detail::bwd::broadcast_all({&ts.shape()...});
  if (like.shape() == shape) return detail::bwd::map_broadcast<T>("map", f, ts...);
  if (like.numel() == 1 && like.shape().size() <= shape.size()) {
    const double total = detail::map_total<T>(f, ts...);
    return BasicTensor<T>(like.shape(), std::vector<T>{static_cast<T>(total)});
  }
  return reduce_like(detail::bwd::map_broadcast<T>("map", f, ts...), like);
}

namespace detail {
// out[i] += f(p[0][i], p[1][i], ...), vectorized as map_flat.
template <class T, size_t N, class F, size_t... I>
ADGEN_VECTOR_CLONES void add_flat(T* out, const std::array<const T*, N>& p, int64_t n, F& f,
                                  std::index_sequence<I...>) {
  for (int64_t i = 0; i < n; ++i) out[i] += f(p[I][i]...);
}
}  // namespace detail

namespace detail {
// slot[i] += f(...) over the operands when the slot holds a dense gradient
// of their broadcast shape (one pass, no temporary); false otherwise.
template <class F, class T, class... Ts>
bool add_into(BasicTensor<T>& slot, const Shape& shape, F& f, const Ts&... ts) {
  constexpr size_t N = sizeof...(Ts);
  std::array<const T*, N> p;
  std::array<int64_t, N> step;
  if (!slot.defined() || !slot.is_contiguous() || slot.shape() != shape) return false;
  const Shape* lead = bwd::simple_layout<T, N>(p, step, ts...);
  if (!lead || *lead != shape) return false;
  T* out = slot.data();
  bwd::for_dense_blocks<T, N>(p, step, slot.numel(),
                              [&](const std::array<const T*, N>& q, int64_t start, int64_t len) {
                                add_flat(out + start, q, len, f, std::make_index_sequence<N>());
                              });
  return true;
}
}  // namespace detail

// accumulate_grad(slot, g) of a tensor g made for it: an empty slot takes
// g itself (accumulate_grad would copy it).
template <class T>
void accumulate_new(BasicTensor<T>& slot, BasicTensor<T>&& g) {
  if (slot.defined())
    accumulate_grad(slot, g);
  else
    slot = std::move(g);
}

// accumulate_grad(slot, map(f, ...)), in place where it can.
template <class F, class T, class... Ts>
void accumulate_map(BasicTensor<T>& slot, F f, const BasicTensor<T>& first, const Ts&... rest) {
  if (slot.defined() && detail::add_into(slot, slot.shape(), f, first, rest...)) return;
  accumulate_new(slot, map(f, first, rest...));
}

// accumulate_grad(slot, map_reduce_like(like, f, ...)), in place where it
// can (like's shape is the operands' broadcast shape).
template <class F, class T, class... Ts>
void accumulate_map_like(BasicTensor<T>& slot, const BasicTensor<T>& like, F f,
                         const Ts&... ts) {
  if (slot.defined() && detail::add_into(slot, like.shape(), f, ts...)) return;
  accumulate_new(slot, map_reduce_like(like, f, ts...));
}

// ---- A sum and its gradients in one pass -----------------------------------

// Where map_sum_and_accumulate adds one gradient: the slot of tensor `like`
// (nullptr: that gradient is not wanted).
template <class T>
struct GradientInto {
  BasicTensor<T>* slot;
  const BasicTensor<T>& like;
};

namespace detail {
// v[i] = body(p[0][i], ..., g[0][i], ...): the forward value, and through
// the references g[k][i] the gradient elements, vectorized as map_flat.
template <class T, size_t N, size_t K, class F, size_t... I, size_t... J>
ADGEN_VECTOR_CLONES void body_flat(T* v, std::array<std::array<T, kElementBlock>, K>& g,
                                   const std::array<const T*, N>& p, int64_t n, F& body,
                                   std::index_sequence<I...>, std::index_sequence<J...>) {
  for (int64_t i = 0; i < n; ++i) v[i] = body(p[I][i]..., g[J][i]...);
}

template <class T>
void add_block(T* out, const T* g, int64_t n) {
  for (int64_t i = 0; i < n; ++i) out[i] += g[i];
}
}  // namespace detail

// sum = sum(map(f, ...)) and, in the same pass, each wanted gradient added
// into its slot: `body` computes an element's value (returned) and its K
// gradient elements (written through its last K parameters), and nothing
// of the map is stored. What f_grad of `sum(chain)` calls when the
// backward chains read only the chain's value and its operands:
//
//   adgen::map_sum_and_accumulate(out, {{d_x, x}, {d_mu, mu}},
//       [&](double x, double mu, double& d_x, double& d_mu) { ... return t0; }, x, mu);
//
// Each gradient is the body's elements summed back to like's shape, as
// accumulate_map_like adds it: in place when like has the operands'
// broadcast shape, as one total when like has one element, otherwise
// through a temporary and reduce_like. map_mean_and_accumulate: the same
// with the mean.
namespace detail {
// The sum of body's values, in double, and their number (see
// map_sum_and_accumulate, below); the gradients added into the slots.
template <class T, size_t K, class F, class... Ts>
std::pair<double, int64_t> total_and_accumulate(const GradientInto<T> (&into)[K], F& body,
                                                const BasicTensor<T>& first, const Ts&... rest) {
  constexpr size_t N = 1 + sizeof...(Ts);
  std::array<const T*, N> p;
  std::array<int64_t, N> step;
  const Shape* lead = bwd::simple_layout<T, N>(p, step, first, rest...);
  if (!lead) {  // broadcast along some dimensions: the operands expanded first
    const Shape shape = bwd::broadcast_all({&first.shape(), &rest.shape()...});
    return total_and_accumulate(into, body, first.expand(shape).contiguous(),
                                rest.expand(shape).contiguous()...);
  }
  const Shape shape = *lead;
  const int64_t n = bwd::numel(shape);
  // Per slot, what a block's gradient elements do: added into the slot's
  // own; copied into a new slot or into a temporary summed back to like's
  // shape afterwards (Spill); added up into one total.
  enum class Kind { Skip, Add, Copy, Spill, Total };
  std::array<Kind, K> kind;
  std::array<T*, K> out{};  // Add, Copy, Spill: where the block's elements go
  std::array<BasicTensor<T>, K> spilled;
  std::array<double, K> totals{};
  for (size_t k = 0; k < K; ++k) {
    BasicTensor<T>* slot = into[k].slot;
    const Shape& like = into[k].like.shape();
    if (!slot) {
      kind[k] = Kind::Skip;
    } else if (like == shape && !slot->defined()) {
      *slot = BasicTensor<T>(shape, new_buffer<T>(static_cast<size_t>(n)));
      kind[k] = Kind::Copy;
      out[k] = slot->data();
    } else if (like == shape && slot->is_contiguous() && slot->shape() == shape) {
      kind[k] = Kind::Add;
      out[k] = slot->data();
    } else if (bwd::numel(like) == 1 && like.size() <= shape.size()) {
      kind[k] = Kind::Total;
    } else {
      kind[k] = Kind::Spill;
      spilled[k] = BasicTensor<T>(shape, new_buffer<T>(static_cast<size_t>(n)));
      out[k] = spilled[k].data();
    }
  }
  T values[kElementBlock];
  std::array<std::array<T, kElementBlock>, K> g;
  double total = 0.0;
  bwd::for_dense_blocks<T, N>(
      p, step, n, [&](const std::array<const T*, N>& q, int64_t start, int64_t len) {
        body_flat<T, N, K>(values, g, q, len, body, std::make_index_sequence<N>(),
                           std::make_index_sequence<K>());
        total += sum_as_double(values, len);
        for (size_t k = 0; k < K; ++k) {
          if (kind[k] == Kind::Add) add_block(out[k] + start, g[k].data(), len);
          if (kind[k] == Kind::Copy || kind[k] == Kind::Spill)
            std::copy_n(g[k].data(), len, out[k] + start);
          if (kind[k] == Kind::Total) totals[k] += sum_as_double(g[k].data(), len);
        }
      });
  for (size_t k = 0; k < K; ++k) {
    if (kind[k] == Kind::Spill)
      accumulate_new(*into[k].slot, reduce_like(spilled[k], into[k].like));
    if (kind[k] == Kind::Total)
      accumulate_new(*into[k].slot, BasicTensor<T>(into[k].like.shape(),
                                                   std::vector<T>{static_cast<T>(totals[k])}));
  }
  return {total, n};
}
}  // namespace detail

template <class T, size_t K, class F, class... Ts>
void map_sum_and_accumulate(BasicTensor<T>& sum, const GradientInto<T> (&into)[K], F body,
                            const BasicTensor<T>& first, const Ts&... rest) {
  const double total = detail::total_and_accumulate(into, body, first, rest...).first;
  sum = BasicTensor<T>(Shape{}, std::vector<T>{static_cast<T>(total)});
}

// The same with mean(map(f, ...)) (nan when empty, as PyTorch).
template <class T, size_t K, class F, class... Ts>
void map_mean_and_accumulate(BasicTensor<T>& mean, const GradientInto<T> (&into)[K], F body,
                             const BasicTensor<T>& first, const Ts&... rest) {
  const auto [total, n] = detail::total_and_accumulate(into, body, first, rest...);
  mean = BasicTensor<T>(Shape{}, std::vector<T>{static_cast<T>(total / static_cast<double>(n))});
}

// The lambdas' scalar operations (adgen::sigmoid(x), adgen::tanh_backward(g,
// y), ...) are the scalar forms in tensor_scalar.h.

}  // namespace adgen

#endif  // ADGEN_TENSOR_FUSION_H
