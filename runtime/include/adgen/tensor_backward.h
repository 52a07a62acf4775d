// adgen/tensor_backward.h - the backward helpers that generated gradient code
// calls (docs/tensor-api.md, "Backward helpers"). Included at the end of
// adgen/tensor.h; do not include it on its own.
//
// Each helper returns the gradient of one input of a forward op, in that
// input's shape, from g, the gradient of the op's output. Semantics are
// PyTorch 1.13's tools/autograd/derivatives.yaml, edge cases included (ties
// of max/min, zeros in prod, abs at 0, clamp at its bounds, pow at 0, ...).
//
// Implementation notes:
//   * These are on the hot path of generated code: explicit loops over raw
//     arrays, no chains of tensor temporaries. Any input may be a strided
//     view (transposed, expanded with stride 0, sliced): elementwise kernels
//     walk strides directly (rows of the innermost collapsed dimension, with
//     a flat fast path when everything is contiguous); kernels that need
//     dense rows (softmax, prod, max along a dim, batched matmul) copy a
//     non-contiguous input to a dense buffer first.
//   * Results are new contiguous tensors, except reduce_like (and
//     linear_backward_bias), which return g itself when g already has the
//     wanted shape, as the contract says; callers never write into a
//     gradient they received, so sharing is safe.
//   * Sums accumulate in double, also for float tensors.
//   * Matrix products call cblas_sgemm / cblas_dgemm with transposition
//     flags when ADGEN_HAVE_CBLAS is defined (no transposed copies are made),
//     else a portable loop.
#ifndef ADGEN_TENSOR_BACKWARD_H
#define ADGEN_TENSOR_BACKWARD_H

#include "adgen/tensor.h"

#include <array>
#include <cmath>
#include <cstdint>
#include <limits>
#include <stdexcept>
#include <string>
#include <type_traits>
#include <utility>
#include <vector>

#ifdef ADGEN_HAVE_CBLAS
#include <cblas.h>
#endif

namespace adgen {
namespace detail {
// A namespace of its own, so that nothing here collides with tensor.h's
// detail helpers.
namespace bwd {

// ---- Layout --------------------------------------------------------------

template <class X, class = void>
struct HasStrides : std::false_type {};
template <class X>
struct HasStrides<X, std::void_t<decltype(std::declval<const X&>().strides())>>
    : std::true_type {};

// The strides of t, in elements (contiguous ones for a tensor type without
// views).
template <class T>
std::vector<int64_t> strides_of(const BasicTensor<T>& t) {
  if constexpr (HasStrides<BasicTensor<T>>::value) {
    const auto& s = t.strides();
    return std::vector<int64_t>(s.begin(), s.end());
  } else {
    return contiguous_strides(t.shape());
  }
}

// Row-major without gaps; size-1 dimensions do not matter.
inline bool dense_layout(const Shape& shape, const std::vector<int64_t>& st) {
  int64_t expected = 1;
  for (size_t d = shape.size(); d-- > 0;) {
    if (shape[d] == 0) return true;
    if (shape[d] == 1) continue;
    if (st[d] != expected) return false;
    expected *= shape[d];
  }
  return true;
}

template <class T>
bool is_dense(const BasicTensor<T>& t) {
  if constexpr (HasStrides<BasicTensor<T>>::value) {
    return dense_layout(t.shape(), t.strides());
  } else {
    return true;
  }
}

inline int64_t numel(const Shape& shape) {
  int64_t n = 1;
  for (int64_t d : shape) n *= d;
  return n;
}

// (wrap_dim: detail::wrap_dim, tensor_kernels.h.)

[[noreturn]] inline void shape_error(const char* helper, const std::string& what) {
  throw std::invalid_argument(std::string(helper) + ": " + what);
}

inline void check_shape(const char* helper, const char* name,
                        const Shape& got, const Shape& want) {
  if (got != want) {
    shape_error(helper, std::string(name) + " has shape " + bracket_dims(got) +
                            ", expected " + bracket_dims(want));
  }
}

// Strides that read a tensor of shape `in` (strides `st`) at every index of
// the broadcast shape `out`: 0 along dimensions it is broadcast over.
inline std::vector<int64_t> broadcast_strides(const char* helper,
                                              const Shape& in,
                                              const std::vector<int64_t>& st,
                                              const Shape& out) {
  if (in.size() > out.size()) {
    shape_error(helper, "shape " + bracket_dims(in) +
                            " cannot be broadcast to " + bracket_dims(out));
  }
  const size_t lead = out.size() - in.size();
  std::vector<int64_t> r(out.size(), 0);
  for (size_t d = 0; d < in.size(); ++d) {
    if (in[d] == out[lead + d]) {
      r[lead + d] = in[d] == 1 ? 0 : st[d];
    } else if (in[d] != 1) {
      shape_error(helper, "shape " + bracket_dims(in) +
                              " cannot be broadcast to " + bracket_dims(out));
    }
  }
  return r;
}

// One operand of a strided loop: element 0 and strides aligned to the
// loop's shape.
template <class P>
struct Operand {
  P ptr;
  std::vector<int64_t> st;
};

template <class T>
Operand<const T*> read_as(const char* helper, const BasicTensor<T>& t,
                          const Shape& shape) {
  return {t.data(), broadcast_strides(helper, t.shape(), strides_of(t), shape)};
}

// Calls row(offsets, n, steps) once per innermost row of `shape`, after
// merging dimensions that are contiguous for every operand: offsets[k] is
// operand k's offset of the row's first element, steps[k] its stride along
// the row. Nothing is called for an empty shape; a 0-dim shape is one row of
// one element.
template <size_t K, class Row>
void for_each_row(const Shape& shape,
                  const std::array<const std::vector<int64_t>*, K>& st,
                  Row&& row) {
  for (int64_t n : shape) {
    if (n == 0) return;
  }
  // Collapsed dimensions, innermost first.
  std::vector<int64_t> size;
  std::array<std::vector<int64_t>, K> cs;
  size.reserve(shape.size());
  for (size_t d = shape.size(); d-- > 0;) {
    if (shape[d] == 1) continue;
    if (!size.empty()) {
      bool merge = true;
      for (size_t k = 0; k < K; ++k) {
        if ((*st[k])[d] != cs[k].back() * size.back()) merge = false;
      }
      if (merge) {
        size.back() *= shape[d];
        continue;
      }
    }
    size.push_back(shape[d]);
    for (size_t k = 0; k < K; ++k) cs[k].push_back((*st[k])[d]);
  }
  std::array<int64_t, K> off{};
  std::array<int64_t, K> step{};
  if (size.empty()) {
    row(off, int64_t{1}, step);
    return;
  }
  for (size_t k = 0; k < K; ++k) step[k] = cs[k][0];
  const int64_t n = size[0];
  const size_t outer = size.size();
  std::vector<int64_t> idx(outer, 0);
  for (;;) {
    row(off, n, step);
    size_t j = 1;
    for (; j < outer; ++j) {
      for (size_t k = 0; k < K; ++k) off[k] += cs[k][j];
      if (++idx[j] < size[j]) break;
      for (size_t k = 0; k < K; ++k) off[k] -= cs[k][j] * size[j];
      idx[j] = 0;
    }
    if (j >= outer) return;
  }
}

// out[i] = f(p[0][i], p[1][i], ...): the loop that vectorizes (built for
// AVX-512 and AVX2 as well, ADGEN_VECTOR_CLONES in kernel_attributes.h).
template <class U, class T, size_t N, class F, size_t... I>
ADGEN_VECTOR_CLONES void map_flat(U* out, const std::array<const T*, N>& p, int64_t n, F& f,
                                  std::index_sequence<I...>) {
  for (int64_t i = 0; i < n; ++i) out[i] = f(p[I][i]...);
}

// body(q, start, len) over blocks of kElementBlock (256) elements, q[k] pointing at
// operand k's element `start` (step 1) or, for a one-element operand
// broadcast over the others (step 0), at a block filled with its value: a
// loop over q is then dense for every operand, and vectorizes.
template <class T, size_t N, class Body>
void for_dense_blocks(const std::array<const T*, N>& p, const std::array<int64_t, N>& step,
                      int64_t n, Body body) {
  constexpr int64_t kBlock = kElementBlock;
  std::array<std::array<T, kBlock>, N> repeated;
  for (size_t k = 0; k < N; ++k)
    if (step[k] == 0) std::fill_n(repeated[k].data(), std::min(n, kBlock), p[k][0]);
  std::array<const T*, N> q;
  for (int64_t start = 0; start < n; start += kBlock) {
    for (size_t k = 0; k < N; ++k) q[k] = step[k] ? p[k] + start : repeated[k].data();
    body(q, start, std::min(kBlock, n - start));
  }
}

// map_flat where some operands have step 0 (one element, broadcast).
template <class T, size_t N, class F, size_t... I>
void map_stepped(T* out, const std::array<const T*, N>& p,
                 const std::array<int64_t, N>& step, int64_t n, F& f,
                 std::index_sequence<I...> seq) {
  for_dense_blocks<T, N>(p, step, n,
                         [&](const std::array<const T*, N>& q, int64_t start, int64_t len) {
                           map_flat(out + start, q, len, f, seq);
                         });
}

template <class T, size_t N, class F, size_t... I>
void map_strided(T* out, const std::array<Operand<const T*>, N>& in,
                 const Shape& shape, F& f, std::index_sequence<I...>) {
  const std::vector<int64_t> out_st = contiguous_strides(shape);
  std::array<const std::vector<int64_t>*, N + 1> st{&out_st, &in[I].st...};
  for_each_row<N + 1>(
      shape, st,
      [&](const std::array<int64_t, N + 1>& off, int64_t n,
          const std::array<int64_t, N + 1>& step) {
        T* o = out + off[0];
        const std::array<const T*, N> p{(in[I].ptr + off[I + 1])...};
        const std::array<int64_t, N> s{step[I + 1]...};
        if (step[0] == 1 && ((s[I] == 1) && ...)) {
          for (int64_t i = 0; i < n; ++i) o[i] = f(p[I][i]...);
        } else {
          for (int64_t i = 0; i < n; ++i) o[i * step[0]] = f(p[I][i * s[I]]...);
        }
      });
}

// A new contiguous tensor of `shape`: f applied to the operands' elements at
// each index (operands already aligned to `shape`, any strides).
template <class T, size_t N, class F>
BasicTensor<T> map_n(const Shape& shape,
                     const std::array<Operand<const T*>, N>& in, F f) {
  const int64_t n = numel(shape);
  std::vector<T> out = detail::new_buffer<T>(static_cast<size_t>(n));
  // A broadcast operand has stride 0 along a dimension of size > 1, which
  // dense_layout rejects.
  bool flat = true;
  for (size_t k = 0; k < N; ++k) {
    if (!dense_layout(shape, in[k].st)) flat = false;
  }
  if (flat) {
    std::array<const T*, N> p;
    for (size_t k = 0; k < N; ++k) p[k] = in[k].ptr;
    map_flat(out.data(), p, n, f, std::make_index_sequence<N>());
  } else {
    map_strided(out.data(), in, shape, f, std::make_index_sequence<N>());
  }
  return BasicTensor<T>(shape, std::move(out));
}

// The broadcast shape of several shapes.
inline Shape broadcast_all(std::initializer_list<const Shape*> shapes) {
  Shape out;
  for (const Shape* s : shapes) out = broadcast_shape(out, *s);
  return out;
}

// The layouts most calls have, which need none of the strided machinery
// (its shape and stride vectors cost more than a small tensor's loop):
// every operand dense with the result's shape, or of one element read at
// every index. Fills the operands' data and steps (1 or 0) and returns the
// result's shape; nullptr for any other layout.
template <class T, size_t N, class... Ts>
const Shape* simple_layout(std::array<const T*, N>& p, std::array<int64_t, N>& step,
                           const Ts&... ts) {
  const std::array<const Shape*, N> shapes{&ts.shape()...};
  const std::array<bool, N> dense{is_dense(ts)...};
  const Shape* lead = shapes[0];
  for (const Shape* s : shapes) {
    if (numel(*lead) == 1 && (numel(*s) != 1 || s->size() > lead->size())) lead = s;
  }
  const bool single = numel(*lead) == 1;
  for (size_t k = 0; k < N; ++k) {
    const bool whole = *shapes[k] == *lead && dense[k];
    const bool one = numel(*shapes[k]) == 1 && shapes[k]->size() <= lead->size();
    if (!whole && !one) return nullptr;
    step[k] = whole || single ? 1 : 0;
  }
  p = {ts.data()...};
  return lead;
}

// Elementwise f over tensors broadcast together.
template <class T, class F, class... Ts>
BasicTensor<T> map_broadcast(const char* helper, F f, const Ts&... ts) {
  constexpr size_t N = sizeof...(Ts);
  std::array<const T*, N> p;
  std::array<int64_t, N> step;
  if (const Shape* lead = simple_layout<T, N>(p, step, ts...)) {
    const int64_t n = numel(*lead);
    std::vector<T> out = detail::new_buffer<T>(static_cast<size_t>(n));
    bool unit = true;
    for (int64_t s : step) unit = unit && s == 1;
    if (unit) {
      map_flat(out.data(), p, n, f, std::make_index_sequence<N>());
    } else {
      map_stepped(out.data(), p, step, n, f, std::make_index_sequence<N>());
    }
    return BasicTensor<T>(*lead, std::move(out));
  }
  const Shape shape = broadcast_all({&ts.shape()...});
  const std::array<Operand<const T*>, sizeof...(Ts)> in{
      read_as(helper, ts, shape)...};
  return map_n<T>(shape, in, f);
}

// Dense (row-major) values of a tensor: its own data when contiguous, a
// gathered copy otherwise.
template <class T>
class Dense {
 public:
  explicit Dense(const BasicTensor<T>& t) {
    if (is_dense(t)) {
      ptr_ = t.data();
    } else {
      const Shape& shape = t.shape();
      buf_.resize(static_cast<size_t>(numel(shape)));
      const std::vector<int64_t> out_st = contiguous_strides(shape);
      const std::vector<int64_t> in_st = strides_of(t);
      const T* src = t.data();
      T* dst = buf_.data();
      for_each_row<2>(shape, {&out_st, &in_st},
                      [&](const std::array<int64_t, 2>& off, int64_t n,
                          const std::array<int64_t, 2>& step) {
                        T* o = dst + off[0];
                        const T* p = src + off[1];
                        for (int64_t i = 0; i < n; ++i) {
                          o[i * step[0]] = p[i * step[1]];
                        }
                      });
      ptr_ = buf_.data();
    }
  }
  Dense(const Dense&) = delete;
  Dense& operator=(const Dense&) = delete;
  const T* data() const { return ptr_; }

 private:
  const T* ptr_ = nullptr;
  std::vector<T> buf_;
};

// Copies the values of `shape` read through (ptr, st) into a new contiguous
// tensor.
template <class T>
BasicTensor<T> gather(const Shape& shape, const T* ptr,
                      const std::vector<int64_t>& st) {
  const std::array<Operand<const T*>, 1> in{Operand<const T*>{ptr, st}};
  return map_n<T>(shape, in, [](T v) { return v; });
}

// Zeros of `shape` with the region (offset, region_shape, region strides in
// the result) filled with g.
template <class T>
BasicTensor<T> scatter(const char* helper, const Shape& shape,
                       int64_t offset, const Shape& region,
                       const std::vector<int64_t>& region_st,
                       const BasicTensor<T>& g) {
  check_shape(helper, "g", g.shape(), region);
  std::vector<T> out = detail::new_buffer<T>(static_cast<size_t>(numel(shape)));
  const std::vector<int64_t> g_st = strides_of(g);
  const T* src = g.data();
  T* dst = out.data() + offset;
  for_each_row<2>(region, {&region_st, &g_st},
                  [&](const std::array<int64_t, 2>& off, int64_t n,
                      const std::array<int64_t, 2>& step) {
                    T* o = dst + off[0];
                    const T* p = src + off[1];
                    for (int64_t i = 0; i < n; ++i) o[i * step[0]] = p[i * step[1]];
                  });
  return BasicTensor<T>(shape, std::move(out));
}

// (The mask of a reduction over `dims`, and its result's shape:
// detail::reduction_mask and detail::reduced_shape, tensor_kernels.h.)

// Strides that read g, the gradient of a reduction of x over `mask`, at each
// index of x (0 along the reduced dimensions). Checks g's shape.
template <class T>
std::vector<int64_t> reduced_read_strides(const char* helper,
                                          const BasicTensor<T>& g,
                                          const Shape& x_shape,
                                          const std::vector<bool>& mask,
                                          bool keepdim) {
  check_shape(helper, "g", g.shape(), reduced_shape(x_shape, mask, keepdim));
  const std::vector<int64_t> g_st = strides_of(g);
  std::vector<int64_t> st(x_shape.size(), 0);
  size_t gd = 0;
  for (size_t d = 0; d < x_shape.size(); ++d) {
    if (!mask[d]) {
      st[d] = g_st[gd++];
    } else if (keepdim) {
      ++gd;  // size 1 in g
    }
  }
  return st;
}

// A tensor's shape split around dimension d: outer x n x inner.
struct Split {
  int64_t outer = 1, n = 1, inner = 1;
};
inline Split split_at(const Shape& shape, int64_t d) {
  Split s;
  for (int64_t i = 0; i < static_cast<int64_t>(shape.size()); ++i) {
    const int64_t v = shape[static_cast<size_t>(i)];
    if (i < d) {
      s.outer *= v;
    } else if (i == d) {
      s.n = v;
    } else {
      s.inner *= v;
    }
  }
  return s;
}

// The shape g must have for a reduction of x along one dimension.
inline Shape reduced_shape_1(const Shape& shape, int64_t d, bool keepdim) {
  std::vector<bool> mask(shape.size(), false);
  if (!shape.empty()) mask[static_cast<size_t>(d)] = true;
  return reduced_shape(shape, mask, keepdim);
}

// The sum of n values p[0], p[step], ... in double; four partial sums for a
// contiguous row (independent chains the CPU can overlap).
template <class T>
double sum_row(const T* p, int64_t n, int64_t step) {
  if (step != 1) {
    double s = 0;
    for (int64_t i = 0; i < n; ++i) s += p[i * step];
    return s;
  }
  double s0 = 0, s1 = 0, s2 = 0, s3 = 0;
  int64_t i = 0;
  for (; i + 4 <= n; i += 4) {
    s0 += p[i];
    s1 += p[i + 1];
    s2 += p[i + 2];
    s3 += p[i + 3];
  }
  for (; i < n; ++i) s0 += p[i];
  return (s0 + s1) + (s2 + s3);
}

template <class T>
BasicTensor<T> from_double(const Shape& shape, std::vector<double>&& acc) {
  if constexpr (std::is_same<T, double>::value) {
    return BasicTensor<T>(shape, std::move(acc));
  } else {
    std::vector<T> out(acc.size());
    for (size_t i = 0; i < acc.size(); ++i) out[i] = static_cast<T>(acc[i]);
    return BasicTensor<T>(shape, std::move(out));
  }
}

// ---- Matrix products -------------------------------------------------------

// C[M, N] += op(A)[M, K] op(B)[K, N], all row-major; op(X) = Xᵀ when the
// flag is set (X then stored as K x M, resp. N x K).
inline void gemm_acc(bool ta, bool tb, int64_t M, int64_t N, int64_t K,
                     const float* A, int64_t lda, const float* B, int64_t ldb,
                     float* C, int64_t ldc);
inline void gemm_acc(bool ta, bool tb, int64_t M, int64_t N, int64_t K,
                     const double* A, int64_t lda, const double* B,
                     int64_t ldb, double* C, int64_t ldc);

// c_r[j] += a_r b[j] for four rows r (restrict: the compiler vectorizes).
template <class T>
void axpy4(int64_t n, T a0, T a1, T a2, T a3, const T* __restrict b,
           T* __restrict c0, T* __restrict c1, T* __restrict c2,
           T* __restrict c3) {
  for (int64_t j = 0; j < n; ++j) {
    const T bj = b[j];
    c0[j] += a0 * bj;
    c1[j] += a1 * bj;
    c2[j] += a2 * bj;
    c3[j] += a3 * bj;
  }
}
template <class T>
void axpy1(int64_t n, T a, const T* __restrict b, T* __restrict c) {
  for (int64_t j = 0; j < n; ++j) c[j] += a * b[j];
}

// C += op(A) B with B not transposed, at(i, k) = op(A)[i, k]: i-k-j over
// blocks of four rows of C, so that each row of B is read once per block
// while the four rows of C stay in cache.
template <class T, class At>
void gemm_rows(int64_t M, int64_t N, int64_t K, At at, const T* B,
               int64_t ldb, T* C, int64_t ldc) {
  int64_t i = 0;
  for (; i + 4 <= M; i += 4) {
    T* c = C + i * ldc;
    for (int64_t k = 0; k < K; ++k) {
      axpy4(N, at(i, k), at(i + 1, k), at(i + 2, k), at(i + 3, k),
            B + k * ldb, c, c + ldc, c + 2 * ldc, c + 3 * ldc);
    }
  }
  for (; i < M; ++i) {
    for (int64_t k = 0; k < K; ++k) axpy1(N, at(i, k), B + k * ldb, C + i * ldc);
  }
}

template <class T>
void gemm_loop(bool ta, bool tb, int64_t M, int64_t N, int64_t K, const T* A,
               int64_t lda, const T* B, int64_t ldb, T* C, int64_t ldc) {
  if (!tb) {
    if (ta) {
      gemm_rows(M, N, K, [A, lda](int64_t i, int64_t k) { return A[k * lda + i]; },
                B, ldb, C, ldc);
    } else {
      gemm_rows(M, N, K, [A, lda](int64_t i, int64_t k) { return A[i * lda + k]; },
                B, ldb, C, ldc);
    }
  } else if (!ta && tb) {  // dot products of rows, four columns at a time
    for (int64_t i = 0; i < M; ++i) {
      const T* a = A + i * lda;
      T* c = C + i * ldc;
      int64_t j = 0;
      for (; j + 4 <= N; j += 4) {
        const T* b0 = B + j * ldb;
        const T* b1 = b0 + ldb;
        const T* b2 = b1 + ldb;
        const T* b3 = b2 + ldb;
        T s0 = 0, s1 = 0, s2 = 0, s3 = 0;
        for (int64_t k = 0; k < K; ++k) {
          const T ak = a[k];
          s0 += ak * b0[k];
          s1 += ak * b1[k];
          s2 += ak * b2[k];
          s3 += ak * b3[k];
        }
        c[j] += s0;
        c[j + 1] += s1;
        c[j + 2] += s2;
        c[j + 3] += s3;
      }
      for (; j < N; ++j) {
        const T* b = B + j * ldb;
        T s = 0;
        for (int64_t k = 0; k < K; ++k) s += a[k] * b[k];
        c[j] += s;
      }
    }
  } else {
    for (int64_t i = 0; i < M; ++i) {
      T* c = C + i * ldc;
      for (int64_t j = 0; j < N; ++j) {
        const T* b = B + j * ldb;
        T s = 0;
        for (int64_t k = 0; k < K; ++k) s += A[k * lda + i] * b[k];
        c[j] += s;
      }
    }
  }
}

#ifdef ADGEN_HAVE_CBLAS
inline void gemm_acc(bool ta, bool tb, int64_t M, int64_t N, int64_t K,
                     const float* A, int64_t lda, const float* B, int64_t ldb,
                     float* C, int64_t ldc) {
  if (M == 0 || N == 0 || K == 0) return;
  cblas_sgemm(CblasRowMajor, ta ? CblasTrans : CblasNoTrans,
              tb ? CblasTrans : CblasNoTrans, static_cast<int>(M),
              static_cast<int>(N), static_cast<int>(K), 1.0f, A,
              static_cast<int>(lda), B, static_cast<int>(ldb), 1.0f, C,
              static_cast<int>(ldc));
}
inline void gemm_acc(bool ta, bool tb, int64_t M, int64_t N, int64_t K,
                     const double* A, int64_t lda, const double* B,
                     int64_t ldb, double* C, int64_t ldc) {
  if (M == 0 || N == 0 || K == 0) return;
  cblas_dgemm(CblasRowMajor, ta ? CblasTrans : CblasNoTrans,
              tb ? CblasTrans : CblasNoTrans, static_cast<int>(M),
              static_cast<int>(N), static_cast<int>(K), 1.0, A,
              static_cast<int>(lda), B, static_cast<int>(ldb), 1.0, C,
              static_cast<int>(ldc));
}
#else
inline void gemm_acc(bool ta, bool tb, int64_t M, int64_t N, int64_t K,
                     const float* A, int64_t lda, const float* B, int64_t ldb,
                     float* C, int64_t ldc) {
  gemm_loop(ta, tb, M, N, K, A, lda, B, ldb, C, ldc);
}
inline void gemm_acc(bool ta, bool tb, int64_t M, int64_t N, int64_t K,
                     const double* A, int64_t lda, const double* B,
                     int64_t ldb, double* C, int64_t ldc) {
  gemm_loop(ta, tb, M, N, K, A, lda, B, ldb, C, ldc);
}
#endif

// A matrix operand for gemm: rows x cols, read as op(storage) where storage
// is row-major with leading dimension ld; `trans` when the tensor is a
// column-major (e.g. transposed) view, which BLAS reads without a copy.
template <class T>
struct Mat {
  const T* ptr;
  bool trans;
  int64_t ld;
  std::vector<T> buf;  // the dense copy when neither layout fits
};

// `t` seen as a rows x cols matrix (t.numel() == rows * cols; t 1-D or 2-D).
template <class T>
Mat<T> as_mat(const BasicTensor<T>& t, int64_t rows, int64_t cols) {
  Mat<T> m{t.data(), false, std::max<int64_t>(1, cols), {}};
  const Shape& shape = t.shape();
  const std::vector<int64_t> st = strides_of(t);
  if (dense_layout(shape, st)) return m;
  if (shape.size() == 2 && shape[0] == rows && shape[1] == cols) {
    if (st[1] == 1 && st[0] >= std::max<int64_t>(1, cols)) {
      m.ld = st[0];
      return m;
    }
    if (st[0] == 1 && st[1] >= std::max<int64_t>(1, rows)) {
      m.trans = true;
      m.ld = st[1];
      return m;
    }
  }
  Dense<T> d(t);
  m.buf.assign(d.data(), d.data() + rows * cols);
  m.ptr = m.buf.data();
  return m;
}

// C[M, N] += X Y with X, Y given as Mat (optionally transposed once more).
template <class T>
void gemm_mat(const Mat<T>& X, bool tx, const Mat<T>& Y, bool ty, int64_t M,
              int64_t N, int64_t K, T* C) {
  gemm_acc(X.trans != tx, Y.trans != ty, M, N, K, X.ptr, X.ld, Y.ptr, Y.ld, C,
           std::max<int64_t>(1, N));
}

// The geometry of torch.matmul(a, b): batch dims broadcast, a as
// [.., m, k] (1-D: [1, k]), b as [.., k, n] (1-D: [k, 1]).
struct MatmulGeom {
  Shape batch;                       // broadcast batch shape
  std::vector<int64_t> a_st, b_st;   // batch strides (in matrices), 0 if broadcast
  int64_t a_count = 1, b_count = 1;  // matrices in a, b
  int64_t m = 1, k = 1, n = 1;
  Shape out;                         // the output (g's) shape
};

inline MatmulGeom matmul_geom(const Shape& a, const Shape& b) {
  if (a.empty() || b.empty()) {
    throw std::invalid_argument(
        "both arguments to matmul need to be at least 1D, but they are " +
        std::to_string(a.size()) + "D and " + std::to_string(b.size()) + "D");
  }
  MatmulGeom g;
  g.m = a.size() >= 2 ? a[a.size() - 2] : 1;
  const int64_t ka = a.back();
  const int64_t kb = b.size() >= 2 ? b[b.size() - 2] : b[0];
  g.n = b.size() >= 2 ? b.back() : 1;
  if (ka != kb) {
    throw std::invalid_argument("matmul: inner dimensions differ: " +
                                bracket_dims(a) + " @ " + bracket_dims(b));
  }
  g.k = ka;
  const Shape a_batch(a.begin(), a.end() - std::min<size_t>(a.size(), 2));
  const Shape b_batch(b.begin(), b.end() - std::min<size_t>(b.size(), 2));
  g.batch = broadcast_shape(a_batch, b_batch);
  g.a_count = numel(a_batch);
  g.b_count = numel(b_batch);
  g.a_st = broadcast_strides("matmul", a_batch, contiguous_strides(a_batch),
                             g.batch);
  g.b_st = broadcast_strides("matmul", b_batch, contiguous_strides(b_batch),
                             g.batch);
  g.out = g.batch;
  if (a.size() >= 2) g.out.push_back(g.m);
  if (b.size() >= 2) g.out.push_back(g.n);
  return g;
}

// Calls f(p, ia, ib) for each batch index p of the broadcast batch, with the
// matrix indices in a and b.
template <class F>
void for_each_batch(const MatmulGeom& geo, F&& f) {
  const size_t nd = geo.batch.size();
  std::vector<int64_t> idx(nd, 0);
  const int64_t count = numel(geo.batch);
  int64_t ia = 0, ib = 0;
  for (int64_t p = 0; p < count; ++p) {
    f(p, ia, ib);
    for (size_t d = nd; d-- > 0;) {
      ia += geo.a_st[d];
      ib += geo.b_st[d];
      if (++idx[d] < geo.batch[d]) break;
      ia -= geo.a_st[d] * geo.batch[d];
      ib -= geo.b_st[d] * geo.batch[d];
      idx[d] = 0;
    }
  }
}

// (sgn and pow_scalar: tensor_scalar.h.)

}  // namespace bwd
}  // namespace detail

// ---- Broadcasting, sum, mean ------------------------------------------------

// The gradient of an operand broadcast to g's shape (elementwise ops,
// expand): g summed over the broadcast dimensions down to like's shape
// (PyTorch's sum_to_size). Returns g itself when the shapes agree.
template <class T>
BasicTensor<T> reduce_like(const BasicTensor<T>& g, const BasicTensor<T>& like) {
  namespace b = detail::bwd;
  const Shape& to = like.shape();
  const Shape& from = g.shape();
  if (from == to) return g;
  bool ok = to.size() <= from.size();
  const size_t lead = ok ? from.size() - to.size() : 0;
  for (size_t d = 0; ok && d < to.size(); ++d) {
    if (to[d] != from[lead + d] && to[d] != 1) ok = false;
  }
  if (!ok) {
    throw std::invalid_argument("size " + detail::bracket_dims(to) +
                                " is not expandable to size " +
                                detail::bracket_dims(from) + ".");
  }
  // Output strides aligned to g's shape: 0 along the summed dimensions.
  const std::vector<int64_t> out_st =
      b::broadcast_strides("reduce_like", to, detail::contiguous_strides(to), from);
  const std::vector<int64_t> g_st = b::strides_of(g);
  std::vector<double> acc(static_cast<size_t>(b::numel(to)), 0.0);
  const T* src = g.data();
  double* dst = acc.data();
  b::for_each_row<2>(from, {&out_st, &g_st},
                     [&](const std::array<int64_t, 2>& off, int64_t n,
                         const std::array<int64_t, 2>& step) {
                       double* o = dst + off[0];
                       const T* p = src + off[1];
                       if (step[0] == 0) {
                         *o += b::sum_row(p, n, step[1]);
                       } else if (step[0] == 1 && step[1] == 1) {
                         for (int64_t i = 0; i < n; ++i) o[i] += p[i];
                       } else {
                         for (int64_t i = 0; i < n; ++i) {
                           o[i * step[0]] += p[i * step[1]];
                         }
                       }
                     });
  return b::from_double<T>(to, std::move(acc));
}

// SumBackward0: the one-element gradient of sum(x) over x's shape.
template <class T>
BasicTensor<T> sum_backward(const BasicTensor<T>& g, const BasicTensor<T>& x) {
  if (g.numel() != 1) {
    detail::bwd::shape_error("sum_backward", "expected a one-element gradient, got shape " +
                                                 detail::bracket_dims(g.shape()));
  }
  return full_like(x, *g.data());
}

// SumBackward1: g (shaped as sum(x, dims, keepdim)) expanded to x's shape.
// An empty dims list reduced every dimension (PyTorch 1.13).
template <class T>
BasicTensor<T> sum_backward(const BasicTensor<T>& g, const BasicTensor<T>& x,
                            const Shape& dims, bool keepdim = false) {
  namespace b = detail::bwd;
  const std::vector<bool> mask = detail::reduction_mask(dims, x.dim());
  const std::array<b::Operand<const T*>, 1> in{b::Operand<const T*>{
      g.data(),
      b::reduced_read_strides("sum_backward", g, x.shape(), mask, keepdim)}};
  return b::map_n<T>(x.shape(), in, [](T v) { return v; });
}

template <class T>
BasicTensor<T> sum_backward(const BasicTensor<T>& g, const BasicTensor<T>& x,
                            int64_t dim, bool keepdim = false) {
  return sum_backward(g, x, Shape{dim}, keepdim);
}

// MeanBackward0: g / numel(x) over x's shape, divided in T as PyTorch does.
template <class T>
BasicTensor<T> mean_backward(const BasicTensor<T>& g, const BasicTensor<T>& x) {
  if (g.numel() != 1) {
    detail::bwd::shape_error("mean_backward", "expected a one-element gradient, got shape " +
                                                  detail::bracket_dims(g.shape()));
  }
  return full_like(x, *g.data() / static_cast<T>(x.numel()));
}

// MeanBackward1: g expanded to x's shape, divided by the number of elements
// each mean covered.
template <class T>
BasicTensor<T> mean_backward(const BasicTensor<T>& g, const BasicTensor<T>& x,
                             const Shape& dims, bool keepdim = false) {
  namespace b = detail::bwd;
  const std::vector<bool> mask = detail::reduction_mask(dims, x.dim());
  int64_t count = 1;
  for (size_t d = 0; d < mask.size(); ++d) {
    if (mask[d]) count *= x.shape()[d];
  }
  const T n = static_cast<T>(count);
  const std::array<b::Operand<const T*>, 1> in{b::Operand<const T*>{
      g.data(),
      b::reduced_read_strides("mean_backward", g, x.shape(), mask, keepdim)}};
  return b::map_n<T>(x.shape(), in, [n](T v) { return v / n; });
}

template <class T>
BasicTensor<T> mean_backward(const BasicTensor<T>& g, const BasicTensor<T>& x,
                             int64_t dim, bool keepdim = false) {
  return mean_backward(g, x, Shape{dim}, keepdim);
}

// ---- prod, max, min ------------------------------------------------------

// ProdBackward0 (prod over all elements; y = prod(x)). Without zeros in x:
// g * y / x. One zero: only that element gets g times the product of the
// others; two or more: all zeros.
template <class T>
BasicTensor<T> prod_backward(const BasicTensor<T>& g, const BasicTensor<T>& x,
                             const BasicTensor<T>& y) {
  namespace b = detail::bwd;
  if (g.numel() != 1 || y.numel() != 1) {
    b::shape_error("prod_backward", "expected one-element g and y");
  }
  const T gv = *g.data();
  if (x.dim() == 0) return full_like(x, gv);
  const b::Dense<T> xd(x);
  const T* xv = xd.data();
  const int64_t n = x.numel();
  int64_t zeros = 0, zero_at = -1;
  for (int64_t i = 0; i < n; ++i) {
    if (xv[i] == T(0)) {
      ++zeros;
      zero_at = i;
    }
  }
  std::vector<T> out = detail::new_buffer<T>(static_cast<size_t>(n));
  if (zeros == 0) {
    const T yv = *y.data();
    for (int64_t i = 0; i < n; ++i) out[i] = gv * (yv / xv[i]);
  } else if (zeros == 1) {
    // PyTorch's exclusive cumprods from both ends, meeting at the zero.
    T left = 1, right = 1;
    for (int64_t i = 0; i < zero_at; ++i) left *= xv[i];
    for (int64_t i = n - 1; i > zero_at; --i) right *= xv[i];
    out[zero_at] = gv * (left * right);
  }
  return BasicTensor<T>(x.shape(), std::move(out));
}

// ProdBackward1 (prod along dim). Without any zero in x: g * y / x; with a
// zero anywhere, every slice uses products of the other elements (PyTorch's
// prod_safe_zeros_backward), which is exact.
template <class T>
BasicTensor<T> prod_backward(const BasicTensor<T>& g, const BasicTensor<T>& x,
                             const BasicTensor<T>& y, int64_t dim,
                             bool keepdim = false) {
  namespace b = detail::bwd;
  const int64_t d = detail::wrap_dim(dim, x.dim());
  const Shape rs = b::reduced_shape_1(x.shape(), d, keepdim);
  b::check_shape("prod_backward", "g", g.shape(), rs);
  b::check_shape("prod_backward", "y", y.shape(), rs);
  if (x.dim() == 0) return full_like(x, *g.data());
  const b::Split s = b::split_at(x.shape(), d);
  const b::Dense<T> xd(x), gd(g), yd(y);
  const T* xv = xd.data();
  const T* gv = gd.data();
  const T* yv = yd.data();
  const int64_t n = x.numel();
  bool any_zero = false;
  for (int64_t i = 0; i < n && !any_zero; ++i) any_zero = xv[i] == T(0);
  std::vector<T> out = detail::new_buffer<T>(static_cast<size_t>(n));
  for (int64_t o = 0; o < s.outer; ++o) {
    for (int64_t in = 0; in < s.inner; ++in) {
      const int64_t r = o * s.inner + in;  // index into g and y
      const int64_t base = o * s.n * s.inner + in;
      if (!any_zero) {
        for (int64_t i = 0; i < s.n; ++i) {
          const int64_t at = base + i * s.inner;
          out[at] = gv[r] * (yv[r] / xv[at]);
        }
      } else {
        // out[i] = g * (x[0] ... x[i-1]) * (x[n-1] ... x[i+1])
        T left = 1;
        for (int64_t i = 0; i < s.n; ++i) {
          const int64_t at = base + i * s.inner;
          out[at] = left;
          left *= xv[at];
        }
        T right = 1;
        for (int64_t i = s.n; i-- > 0;) {
          const int64_t at = base + i * s.inner;
          out[at] = gv[r] * (out[at] * right);
          right *= xv[at];
        }
      }
    }
  }
  return BasicTensor<T>(x.shape(), std::move(out));
}

namespace detail {
namespace bwd {

// evenly_distribute_backward: g / count to every element equal to y (every
// NaN when y is NaN).
template <class T>
BasicTensor<T> evenly_distribute(const char* helper, const BasicTensor<T>& g,
                                 const BasicTensor<T>& x,
                                 const BasicTensor<T>& y) {
  if (g.numel() != 1 || y.numel() != 1) {
    shape_error(helper, "expected one-element g and y");
  }
  const T yv = *y.data();
  const bool nan = std::isnan(yv);
  const Dense<T> xd(x);
  const T* xv = xd.data();
  const int64_t n = x.numel();
  int64_t count = 0;
  for (int64_t i = 0; i < n; ++i) {
    count += nan ? std::isnan(xv[i]) : xv[i] == yv;
  }
  const T share = *g.data() / static_cast<T>(count);
  std::vector<T> out = detail::new_buffer<T>(static_cast<size_t>(n));
  for (int64_t i = 0; i < n; ++i) {
    out[i] = (nan ? std::isnan(xv[i]) : xv[i] == yv) ? share : T(0);
  }
  return BasicTensor<T>(x.shape(), std::move(out));
}

// value_selecting_reduction_backward for max/min along dim: g to the index
// ATen's CPU kernel returns, the first extremum (or the first NaN).
template <class T, class Better>
BasicTensor<T> select_extremum(const char* helper, const BasicTensor<T>& g,
                               const BasicTensor<T>& x, int64_t dim,
                               bool keepdim, Better better) {
  const int64_t d = wrap_dim(dim, x.dim());
  check_shape(helper, "g", g.shape(), reduced_shape_1(x.shape(), d, keepdim));
  const Split s = split_at(x.shape(), d);
  const Dense<T> xd(x), gd(g);
  const T* xv = xd.data();
  const T* gv = gd.data();
  std::vector<T> out = detail::new_buffer<T>(static_cast<size_t>(x.numel()));
  if (s.n == 0) return BasicTensor<T>(x.shape(), std::move(out));
  for (int64_t o = 0; o < s.outer; ++o) {
    for (int64_t in = 0; in < s.inner; ++in) {
      const int64_t base = o * s.n * s.inner + in;
      T best = xv[base];
      int64_t at = 0;
      for (int64_t i = 0; i < s.n; ++i) {
        const T v = xv[base + i * s.inner];
        if (better(v, best)) {  // !(v <= best) for max: NaN wins, ties keep
          best = v;
          at = i;
          if (std::isnan(v)) break;
        }
      }
      out[base + at * s.inner] = gv[o * s.inner + in];
    }
  }
  return BasicTensor<T>(x.shape(), std::move(out));
}

}  // namespace bwd
}  // namespace detail

// MaxBackward1 / MinBackward1 (all elements, y = max(x)): g shared evenly
// among the elements equal to y (PyTorch 1.13; NaN: among the NaNs).
template <class T>
BasicTensor<T> max_backward(const BasicTensor<T>& g, const BasicTensor<T>& x,
                            const BasicTensor<T>& y) {
  return detail::bwd::evenly_distribute("max_backward", g, x, y);
}
template <class T>
BasicTensor<T> min_backward(const BasicTensor<T>& g, const BasicTensor<T>& x,
                            const BasicTensor<T>& y) {
  return detail::bwd::evenly_distribute("min_backward", g, x, y);
}

// MaxBackward0 / MinBackward0 (along dim): all of g to the first index of the
// extremum along dim (the first NaN if any), as torch.max(x, dim) returns.
template <class T>
BasicTensor<T> max_backward(const BasicTensor<T>& g, const BasicTensor<T>& x,
                            int64_t dim, bool keepdim = false) {
  return detail::bwd::select_extremum("max_backward", g, x, dim, keepdim,
                                      [](T v, T best) { return !(v <= best); });
}
template <class T>
BasicTensor<T> min_backward(const BasicTensor<T>& g, const BasicTensor<T>& x,
                            int64_t dim, bool keepdim = false) {
  return detail::bwd::select_extremum("min_backward", g, x, dim, keepdim,
                                      [](T v, T best) { return !(v >= best); });
}

// The tensor form of an elementwise backward helper: its scalar form
// (tensor_scalar.h) over the operands broadcast together.
#define ADGEN_ELEMENTWISE_BACKWARD2(NAME)                                        \
  template <class T>                                                            \
  BasicTensor<T> NAME(const BasicTensor<T>& g, const BasicTensor<T>& x) {       \
    return detail::bwd::map_broadcast<T>(                                       \
        #NAME, [](T gv, T xv) { return adgen::NAME(gv, xv); }, g, x);           \
  }
#define ADGEN_ELEMENTWISE_BACKWARD3(NAME)                                        \
  template <class T>                                                            \
  BasicTensor<T> NAME(const BasicTensor<T>& g, const BasicTensor<T>& a,         \
                      const BasicTensor<T>& b) {                                \
    return detail::bwd::map_broadcast<T>(                                       \
        #NAME, [](T gv, T av, T bv) { return adgen::NAME(gv, av, bv); }, g, a,  \
        b);                                                                     \
  }

// ---- Elementwise unary -------------------------------------------------------

// threshold_backward(g, y, 0): g where y > 0.
ADGEN_ELEMENTWISE_BACKWARD2(relu_backward)

// g (1 - y) y, in ATen's order.
ADGEN_ELEMENTWISE_BACKWARD2(sigmoid_backward)

// g (1 - y²).
ADGEN_ELEMENTWISE_BACKWARD2(tanh_backward)

// g sgn(x): 0 at 0 (and at NaN).
ADGEN_ELEMENTWISE_BACKWARD2(abs_backward)

// g where lo <= x <= hi (so at the bounds too), else 0; NaN x gives 0.
template <class T>
BasicTensor<T> clamp_backward(const BasicTensor<T>& g, const BasicTensor<T>& x,
                              detail::NonDeduced<T> lo,
                              detail::NonDeduced<T> hi) {
  return detail::bwd::map_broadcast<T>(
      "clamp_backward",
      [lo, hi](T gv, T xv) { return adgen::clamp_backward(gv, xv, lo, hi); }, g, x);
}
template <class T>
BasicTensor<T> clamp_min_backward(const BasicTensor<T>& g,
                                  const BasicTensor<T>& x,
                                  detail::NonDeduced<T> lo) {
  return detail::bwd::map_broadcast<T>(
      "clamp_min_backward", [lo](T gv, T xv) { return adgen::clamp_min_backward(gv, xv, lo); },
      g, x);
}
template <class T>
BasicTensor<T> clamp_max_backward(const BasicTensor<T>& g,
                                  const BasicTensor<T>& x,
                                  detail::NonDeduced<T> hi) {
  return detail::bwd::map_broadcast<T>(
      "clamp_max_backward", [hi](T gv, T xv) { return adgen::clamp_max_backward(gv, xv, hi); },
      g, x);
}

// pow(x, e), e a number: g (e x^(e-1)); zeros when e == 0.
template <class T>
BasicTensor<T> pow_backward(const BasicTensor<T>& g, const BasicTensor<T>& x,
                            detail::NonDeduced<T> e) {
  if (e == T(0)) {
    return zeros<T>(detail::bwd::broadcast_all({&g.shape(), &x.shape()}));
  }
  return detail::bwd::map_broadcast<T>(
      "pow_backward",
      [e](T gv, T xv) { return adgen::pow_backward(gv, xv, e); },
      g, x);
}

// ---- Elementwise binary (results in the broadcast shape: reduce_like each) --

// pow(x, y) for the base: g (y x^(y-1)), 0 where y == 0.
ADGEN_ELEMENTWISE_BACKWARD3(pow_backward_base)

// pow(x, y) for the exponent, out = pow(x, y): g out log(x), 0 where x == 0
// and y >= 0.
template <class T>
BasicTensor<T> pow_backward_exponent(const BasicTensor<T>& g,
                                     const BasicTensor<T>& x,
                                     const BasicTensor<T>& y,
                                     const BasicTensor<T>& out) {
  return detail::bwd::map_broadcast<T>(
      "pow_backward_exponent",
      [](T gv, T xv, T yv, T ov) { return adgen::pow_backward_exponent(gv, xv, yv, ov); },
      g, x, y, out);
}

// pow(x, e) for a number e that carries a derivative: the same, per element
// (the generated code sums it to the number's gradient).
template <class T>
BasicTensor<T> pow_backward_exponent(const BasicTensor<T>& g,
                                     const BasicTensor<T>& x,
                                     detail::NonDeduced<T> e,
                                     const BasicTensor<T>& out) {
  return detail::bwd::map_broadcast<T>(
      "pow_backward_exponent",
      [e](T gv, T xv, T ov) { return adgen::pow_backward_exponent(gv, xv, T(e), ov); },
      g, x, out);
}

// maximum(a, b): g to the larger, g / 2 to each on a tie; with a NaN both
// get g (PyTorch's where(a == b, g / 2, g).masked_fill_(a < b, 0)).
ADGEN_ELEMENTWISE_BACKWARD3(maximum_backward_a)
ADGEN_ELEMENTWISE_BACKWARD3(maximum_backward_b)
ADGEN_ELEMENTWISE_BACKWARD3(minimum_backward_a)
ADGEN_ELEMENTWISE_BACKWARD3(minimum_backward_b)

// where(c, a, b): g where c != 0 for a, where c == 0 for b.
ADGEN_ELEMENTWISE_BACKWARD2(where_backward_a)
ADGEN_ELEMENTWISE_BACKWARD2(where_backward_b)

// ---- Matrix products ---------------------------------------------------------

// matmul(a, b) for a: g bᵀ per batch, summed over the batch dimensions a was
// broadcast over; shaped like a.
template <class T>
BasicTensor<T> matmul_backward_a(const BasicTensor<T>& g,
                                 const BasicTensor<T>& a,
                                 const BasicTensor<T>& b) {
  namespace d = detail::bwd;
  const d::MatmulGeom geo = d::matmul_geom(a.shape(), b.shape());
  d::check_shape("matmul_backward_a", "g", g.shape(), geo.out);
  const int64_t m = geo.m, k = geo.k, n = geo.n;
  std::vector<T> out = detail::new_buffer<T>(static_cast<size_t>(a.numel()));
  const int64_t P = d::numel(geo.batch);
  if (geo.b_count == 1 && geo.a_count == P) {
    // One product: [P m, n] @ bᵀ (covers 1-D and 2-D operands).
    const d::Mat<T> G = d::as_mat(g, P * m, n);
    const d::Mat<T> B = d::as_mat(b, k, n);
    d::gemm_mat(G, false, B, true, P * m, k, n, out.data());
  } else {
    const d::Dense<T> gd(g), bd(b);
    const T* gp = gd.data();
    const T* bp = bd.data();
    d::for_each_batch(geo, [&](int64_t p, int64_t ia, int64_t ib) {
      d::gemm_acc(false, true, m, k, n, gp + p * m * n, std::max<int64_t>(1, n),
                  bp + ib * k * n, std::max<int64_t>(1, n),
                  out.data() + ia * m * k, std::max<int64_t>(1, k));
    });
  }
  return BasicTensor<T>(a.shape(), std::move(out));
}

// matmul(a, b) for b: aᵀ g per batch, summed over the batch dimensions b was
// broadcast over; shaped like b.
template <class T>
BasicTensor<T> matmul_backward_b(const BasicTensor<T>& g,
                                 const BasicTensor<T>& a,
                                 const BasicTensor<T>& b) {
  namespace d = detail::bwd;
  const d::MatmulGeom geo = d::matmul_geom(a.shape(), b.shape());
  d::check_shape("matmul_backward_b", "g", g.shape(), geo.out);
  const int64_t m = geo.m, k = geo.k, n = geo.n;
  std::vector<T> out = detail::new_buffer<T>(static_cast<size_t>(b.numel()));
  const int64_t P = d::numel(geo.batch);
  if (geo.b_count == 1 && geo.a_count == P) {
    // One product: aᵀ [k, P m] @ g [P m, n].
    const d::Mat<T> A = d::as_mat(a, P * m, k);
    const d::Mat<T> G = d::as_mat(g, P * m, n);
    d::gemm_mat(A, true, G, false, k, n, P * m, out.data());
  } else {
    const d::Dense<T> gd(g), ad(a);
    const T* gp = gd.data();
    const T* ap = ad.data();
    d::for_each_batch(geo, [&](int64_t p, int64_t ia, int64_t ib) {
      d::gemm_acc(true, false, k, n, m, ap + ia * m * k, std::max<int64_t>(1, k),
                  gp + p * m * n, std::max<int64_t>(1, n),
                  out.data() + ib * k * n, std::max<int64_t>(1, n));
    });
  }
  return BasicTensor<T>(b.shape(), std::move(out));
}

// linear(x, W, b) = x Wᵀ + b, x [.., in] (or [in]), W [out, in], b [out].
// For x: g W, shaped like x.
template <class T>
BasicTensor<T> linear_backward_input(const BasicTensor<T>& g,
                                     const BasicTensor<T>& W) {
  namespace d = detail::bwd;
  if (W.dim() != 2) d::shape_error("linear_backward_input", "W must be 2-D");
  if (g.dim() == 0) d::shape_error("linear_backward_input", "g must be at least 1-D");
  const int64_t out_f = W.shape()[0], in_f = W.shape()[1];
  if (g.shape().back() != out_f) {
    d::shape_error("linear_backward_input",
                   "g of shape " + detail::bracket_dims(g.shape()) +
                       " does not match W of shape " +
                       detail::bracket_dims(W.shape()));
  }
  const int64_t rows = g.numel() / std::max<int64_t>(1, out_f);
  Shape shape = g.shape();
  shape.back() = in_f;
  std::vector<T> out = detail::new_buffer<T>(static_cast<size_t>(d::numel(shape)));
  const d::Mat<T> G = d::as_mat(g, rows, out_f);
  const d::Mat<T> Wm = d::as_mat(W, out_f, in_f);
  d::gemm_mat(G, false, Wm, false, rows, in_f, out_f, out.data());
  return BasicTensor<T>(std::move(shape), std::move(out));
}

// For W: gᵀ x summed over the leading (batch) dimensions: [out, in].
template <class T>
BasicTensor<T> linear_backward_weight(const BasicTensor<T>& g,
                                      const BasicTensor<T>& x) {
  namespace d = detail::bwd;
  if (g.dim() == 0 || x.dim() == 0) {
    d::shape_error("linear_backward_weight", "g and x must be at least 1-D");
  }
  const int64_t out_f = g.shape().back(), in_f = x.shape().back();
  Shape lead_g(g.shape().begin(), g.shape().end() - 1);
  Shape lead_x(x.shape().begin(), x.shape().end() - 1);
  if (lead_g != lead_x) {
    d::shape_error("linear_backward_weight",
                   "g of shape " + detail::bracket_dims(g.shape()) +
                       " does not match x of shape " +
                       detail::bracket_dims(x.shape()));
  }
  const int64_t rows = d::numel(lead_g);
  std::vector<T> out = detail::new_buffer<T>(static_cast<size_t>(out_f * in_f));
  const d::Mat<T> G = d::as_mat(g, rows, out_f);
  const d::Mat<T> X = d::as_mat(x, rows, in_f);
  d::gemm_mat(G, true, X, false, out_f, in_f, rows, out.data());
  return BasicTensor<T>(Shape{out_f, in_f}, std::move(out));
}

// accumulate_grad(slot, linear_backward_weight(g, x)) without the
// temporary: the product is added straight into a dense slot of the right
// shape (gemm accumulates), one pass over the weight's gradient less.
template <class T>
void accumulate_linear_backward_weight(BasicTensor<T>& slot, const BasicTensor<T>& g,
                                       const BasicTensor<T>& x) {
  namespace d = detail::bwd;
  const bool direct = slot.defined() && g.dim() > 0 && x.dim() > 0 && slot.dim() == 2 &&
                      slot.size(0) == g.shape().back() && slot.size(1) == x.shape().back() &&
                      g.numel() / std::max<int64_t>(1, g.shape().back()) ==
                          x.numel() / std::max<int64_t>(1, x.shape().back()) &&
                      d::is_dense(slot) && !slot.shares_storage(g) && !slot.shares_storage(x);
  if (!direct) {
    accumulate_grad(slot, linear_backward_weight(g, x));
    return;
  }
  Shape lead_g(g.shape().begin(), g.shape().end() - 1);
  Shape lead_x(x.shape().begin(), x.shape().end() - 1);
  if (lead_g != lead_x) linear_backward_weight(g, x);  // its shape error
  const int64_t out_f = slot.size(0), in_f = slot.size(1), rows = d::numel(lead_g);
  const d::Mat<T> G = d::as_mat(g, rows, out_f);
  const d::Mat<T> X = d::as_mat(x, rows, in_f);
  d::gemm_mat(G, true, X, false, out_f, in_f, rows, slot.data());
}

// For b: g summed over every leading dimension down to b's shape.
template <class T>
BasicTensor<T> linear_backward_bias(const BasicTensor<T>& g,
                                    const BasicTensor<T>& b) {
  return reduce_like(g, b);
}

// ---- Shape ops -----------------------------------------------------------

// permute(x, dims): g permuted back (the inverse permutation), contiguous.
template <class T>
BasicTensor<T> permute_backward(const BasicTensor<T>& g, const Shape& dims) {
  namespace d = detail::bwd;
  const int64_t nd = g.dim();
  if (static_cast<int64_t>(dims.size()) != nd) {
    throw std::invalid_argument(
        "permute(sparse_coo): number of dimensions in the tensor input does "
        "not match the length of the desired ordering of dimensions i.e. "
        "input.dim() = " + std::to_string(nd) + " is not equal to len(dims) = " +
        std::to_string(dims.size()));
  }
  const std::vector<int64_t> g_st = d::strides_of(g);
  Shape shape(static_cast<size_t>(nd));
  std::vector<int64_t> st(static_cast<size_t>(nd));
  std::vector<bool> seen(static_cast<size_t>(nd), false);
  for (int64_t i = 0; i < nd; ++i) {
    const int64_t w = detail::wrap_dim(dims[static_cast<size_t>(i)], nd);
    if (seen[static_cast<size_t>(w)]) {
      throw std::invalid_argument("permute(): duplicate dims are not allowed.");
    }
    seen[static_cast<size_t>(w)] = true;
    // x's dimension w became g's dimension i.
    shape[static_cast<size_t>(w)] = g.shape()[static_cast<size_t>(i)];
    st[static_cast<size_t>(w)] = g_st[static_cast<size_t>(i)];
  }
  return d::gather<T>(shape, g.data(), st);
}

// reshape / view / flatten / squeeze / unsqueeze: g's values in x's shape.
template <class T>
BasicTensor<T> reshape_as(const BasicTensor<T>& g, const BasicTensor<T>& x) {
  if (g.numel() != x.numel()) {
    throw std::invalid_argument(
        "shape '" + detail::bracket_dims(x.shape()) +
        "' is invalid for input of size " + std::to_string(g.numel()));
  }
  const detail::bwd::Dense<T> gd(g);
  return BasicTensor<T>(x.shape(),
                        std::vector<T>(gd.data(), gd.data() + g.numel()));
}

// select(x, dim, index): zeros shaped like x, g at the index.
template <class T>
BasicTensor<T> select_backward(const BasicTensor<T>& g, const BasicTensor<T>& x,
                               int64_t dim, int64_t index) {
  namespace d = detail::bwd;
  if (x.dim() == 0) {
    throw std::out_of_range("select() cannot be applied to a 0-dim tensor.");
  }
  const int64_t w = detail::wrap_dim(dim, x.dim());
  const int64_t size = x.shape()[static_cast<size_t>(w)];
  if (index < -size || index >= size) {
    throw std::out_of_range("select(): index " + std::to_string(index) +
                            " out of range for tensor of size " +
                            detail::bracket_dims(x.shape()) +
                            " at dimension " + std::to_string(w));
  }
  const int64_t i = index < 0 ? index + size : index;
  const std::vector<int64_t> cs = detail::contiguous_strides(x.shape());
  Shape region = x.shape();
  std::vector<int64_t> st = cs;
  region.erase(region.begin() + w);
  st.erase(st.begin() + w);
  return d::scatter("select_backward", x.shape(), i * cs[static_cast<size_t>(w)],
                    region, st, g);
}

// narrow(x, dim, start, length): zeros shaped like x, g in the range.
template <class T>
BasicTensor<T> narrow_backward(const BasicTensor<T>& g, const BasicTensor<T>& x,
                               int64_t dim, int64_t start, int64_t length) {
  namespace d = detail::bwd;
  if (x.dim() == 0) {
    throw std::out_of_range("narrow() cannot be applied to a 0-dim tensor.");
  }
  const int64_t w = detail::wrap_dim(dim, x.dim());
  const int64_t size = x.shape()[static_cast<size_t>(w)];
  if (start < -size || start > size) {
    throw std::out_of_range("start out of range (expected to be in range of [" +
                            std::to_string(-size) + ", " + std::to_string(size) +
                            "], but got " + std::to_string(start) + ")");
  }
  const int64_t s = start < 0 ? start + size : start;
  if (length < 0 || s + length > size) {
    throw std::out_of_range("start (" + std::to_string(s) + ") + length (" +
                            std::to_string(length) +
                            ") exceeds dimension size (" +
                            std::to_string(size) + ").");
  }
  const std::vector<int64_t> cs = detail::contiguous_strides(x.shape());
  Shape region = x.shape();
  region[static_cast<size_t>(w)] = length;
  return d::scatter("narrow_backward", x.shape(), s * cs[static_cast<size_t>(w)],
                    region, cs, g);
}

// slice(x, dim, start, end, step) (x[.., start:end:step]): zeros shaped like
// x, g at the sliced positions. start and end as Python slices: negative
// counts from the end, out of range clamps.
template <class T>
BasicTensor<T> slice_backward(const BasicTensor<T>& g, const BasicTensor<T>& x,
                              int64_t dim, int64_t start, int64_t end,
                              int64_t step = 1) {
  namespace d = detail::bwd;
  if (x.dim() == 0) {
    throw std::out_of_range("slice() cannot be applied to a 0-dim tensor.");
  }
  if (step <= 0) throw std::invalid_argument("slice step must be positive");
  const int64_t w = detail::wrap_dim(dim, x.dim());
  const int64_t size = x.shape()[static_cast<size_t>(w)];
  if (start < 0) start += size;
  if (end < 0) end += size;
  start = std::min(std::max<int64_t>(start, 0), size);
  end = std::min(std::max<int64_t>(end, 0), size);
  if (end < start) end = start;
  const int64_t count = (end - start + step - 1) / step;
  const std::vector<int64_t> cs = detail::contiguous_strides(x.shape());
  Shape region = x.shape();
  region[static_cast<size_t>(w)] = count;
  std::vector<int64_t> st = cs;
  st[static_cast<size_t>(w)] *= step;
  return d::scatter("slice_backward", x.shape(),
                    start * cs[static_cast<size_t>(w)], region, st, g);
}

// cat(xs, dim): the part of g that came from xs[i] (g narrowed along dim).
// A 1-D empty xs[i] (skipped by cat, as in PyTorch) gets an empty gradient.
template <class T>
BasicTensor<T> cat_backward(const BasicTensor<T>& g,
                            const std::vector<BasicTensor<T>>& xs, int64_t dim,
                            int64_t i) {
  namespace d = detail::bwd;
  if (i < 0 || i >= static_cast<int64_t>(xs.size())) {
    throw std::out_of_range("cat_backward: index " + std::to_string(i) +
                            " out of range for " + std::to_string(xs.size()) +
                            " tensors");
  }
  auto skipped = [](const BasicTensor<T>& t) {
    return t.dim() == 1 && t.shape()[0] == 0;
  };
  const BasicTensor<T>& xi = xs[static_cast<size_t>(i)];
  if (skipped(xi)) return zeros<T>({0});
  const int64_t w = detail::wrap_dim(dim, g.dim());
  int64_t start = 0;
  for (int64_t j = 0; j < i; ++j) {
    const BasicTensor<T>& xj = xs[static_cast<size_t>(j)];
    if (!skipped(xj)) start += xj.shape()[static_cast<size_t>(w)];
  }
  const Shape& shape = xi.shape();
  if (static_cast<int64_t>(shape.size()) != g.dim() ||
      start + shape[static_cast<size_t>(w)] > g.shape()[static_cast<size_t>(w)]) {
    d::shape_error("cat_backward", "xs[" + std::to_string(i) + "] of shape " +
                                       detail::bracket_dims(shape) +
                                       " does not fit g of shape " +
                                       detail::bracket_dims(g.shape()));
  }
  const std::vector<int64_t> st = d::strides_of(g);
  return d::gather<T>(shape, g.data() + start * st[static_cast<size_t>(w)], st);
}

// stack(xs, dim): g's slice i along dim.
template <class T>
BasicTensor<T> stack_backward(const BasicTensor<T>& g, int64_t dim, int64_t i) {
  namespace d = detail::bwd;
  const int64_t w = detail::wrap_dim(dim, g.dim());
  const int64_t size = g.shape()[static_cast<size_t>(w)];
  if (i < 0 || i >= size) {
    throw std::out_of_range("stack_backward: index " + std::to_string(i) +
                            " out of range for dimension of size " +
                            std::to_string(size));
  }
  std::vector<int64_t> st = d::strides_of(g);
  const T* base = g.data() + i * st[static_cast<size_t>(w)];
  Shape shape = g.shape();
  shape.erase(shape.begin() + w);
  st.erase(st.begin() + w);
  return d::gather<T>(shape, base, st);
}

// ---- Softmax family ------------------------------------------------------------

// softmax(x, dim) = y: y (g - sum(g y, dim)).
template <class T>
BasicTensor<T> softmax_backward(const BasicTensor<T>& g, const BasicTensor<T>& y,
                                int64_t dim) {
  namespace d = detail::bwd;
  d::check_shape("softmax_backward", "g", g.shape(), y.shape());
  const int64_t w = detail::wrap_dim(dim, y.dim());
  const d::Split s = d::split_at(y.shape(), y.dim() == 0 ? 0 : w);
  const d::Dense<T> gd(g), yd(y);
  const T* gv = gd.data();
  const T* yv = yd.data();
  std::vector<T> out = detail::new_buffer<T>(static_cast<size_t>(y.numel()));
  if (s.inner == 1) {  // along the last dimension: contiguous rows
    for (int64_t o = 0; o < s.outer; ++o) {
      const T* gr = gv + o * s.n;
      const T* yr = yv + o * s.n;
      T* out_r = out.data() + o * s.n;
      double acc = 0;
      for (int64_t i = 0; i < s.n; ++i) acc += static_cast<double>(gr[i]) * yr[i];
      const T sum = static_cast<T>(acc);
      for (int64_t i = 0; i < s.n; ++i) out_r[i] = yr[i] * (gr[i] - sum);
    }
    return BasicTensor<T>(y.shape(), std::move(out));
  }
  std::vector<double> acc(static_cast<size_t>(s.inner));
  for (int64_t o = 0; o < s.outer; ++o) {
    const int64_t base = o * s.n * s.inner;
    std::fill(acc.begin(), acc.end(), 0.0);
    for (int64_t i = 0; i < s.n; ++i) {
      const int64_t row = base + i * s.inner;
      for (int64_t in = 0; in < s.inner; ++in) {
        acc[in] += static_cast<double>(gv[row + in]) * yv[row + in];
      }
    }
    for (int64_t i = 0; i < s.n; ++i) {
      const int64_t row = base + i * s.inner;
      for (int64_t in = 0; in < s.inner; ++in) {
        out[row + in] = yv[row + in] * (gv[row + in] - static_cast<T>(acc[in]));
      }
    }
  }
  return BasicTensor<T>(y.shape(), std::move(out));
}

// log_softmax(x, dim) = y: g - exp(y) sum(g, dim).
template <class T>
BasicTensor<T> log_softmax_backward(const BasicTensor<T>& g,
                                    const BasicTensor<T>& y, int64_t dim) {
  namespace d = detail::bwd;
  d::check_shape("log_softmax_backward", "g", g.shape(), y.shape());
  const int64_t w = detail::wrap_dim(dim, y.dim());
  const d::Split s = d::split_at(y.shape(), y.dim() == 0 ? 0 : w);
  const d::Dense<T> gd(g), yd(y);
  const T* gv = gd.data();
  const T* yv = yd.data();
  std::vector<T> out = detail::new_buffer<T>(static_cast<size_t>(y.numel()));
  if (s.inner == 1) {  // along the last dimension: contiguous rows
    for (int64_t o = 0; o < s.outer; ++o) {
      const T* gr = gv + o * s.n;
      const T* yr = yv + o * s.n;
      T* out_r = out.data() + o * s.n;
      const T sum = static_cast<T>(detail::bwd::sum_row(gr, s.n, 1));
      for (int64_t i = 0; i < s.n; ++i) out_r[i] = gr[i] - std::exp(yr[i]) * sum;
    }
    return BasicTensor<T>(y.shape(), std::move(out));
  }
  std::vector<double> acc(static_cast<size_t>(s.inner));
  for (int64_t o = 0; o < s.outer; ++o) {
    const int64_t base = o * s.n * s.inner;
    std::fill(acc.begin(), acc.end(), 0.0);
    for (int64_t i = 0; i < s.n; ++i) {
      const int64_t row = base + i * s.inner;
      for (int64_t in = 0; in < s.inner; ++in) acc[in] += gv[row + in];
    }
    for (int64_t i = 0; i < s.n; ++i) {
      const int64_t row = base + i * s.inner;
      for (int64_t in = 0; in < s.inner; ++in) {
        out[row + in] =
            gv[row + in] - std::exp(yv[row + in]) * static_cast<T>(acc[in]);
      }
    }
  }
  return BasicTensor<T>(y.shape(), std::move(out));
}

// logsumexp(x, dims, keepdim) = y: g exp(x - y), g and y broadcast along
// the reduced dimensions.
template <class T>
BasicTensor<T> logsumexp_backward(const BasicTensor<T>& g,
                                  const BasicTensor<T>& x,
                                  const BasicTensor<T>& y, const Shape& dims,
                                  bool keepdim = false) {
  namespace d = detail::bwd;
  const std::vector<bool> mask = detail::reduction_mask(dims, x.dim());
  const std::array<d::Operand<const T*>, 3> in{
      d::Operand<const T*>{
          g.data(), d::reduced_read_strides("logsumexp_backward", g, x.shape(),
                                            mask, keepdim)},
      d::Operand<const T*>{x.data(),
                           d::broadcast_strides("logsumexp_backward", x.shape(),
                                                d::strides_of(x), x.shape())},
      d::Operand<const T*>{
          y.data(), d::reduced_read_strides("logsumexp_backward", y, x.shape(),
                                            mask, keepdim)}};
  return d::map_n<T>(x.shape(), in,
                     [](T gv, T xv, T yv) { return gv * std::exp(xv - yv); });
}

template <class T>
BasicTensor<T> logsumexp_backward(const BasicTensor<T>& g,
                                  const BasicTensor<T>& x,
                                  const BasicTensor<T>& y, int64_t dim,
                                  bool keepdim = false) {
  return logsumexp_backward(g, x, y, Shape{dim}, keepdim);
}

// ---- Losses (reduction mean) -------------------------------------------------

// mse_loss(a, b) = mean((a - b)²), for a: (2 / numel) (a - b) g. b's gradient
// is the negation. Shaped as a and b broadcast (a's shape when they agree;
// otherwise reduce_like to each operand).
template <class T>
BasicTensor<T> mse_loss_backward(const BasicTensor<T>& g, const BasicTensor<T>& a,
                                 const BasicTensor<T>& b) {
  namespace d = detail::bwd;
  if (g.numel() != 1) d::shape_error("mse_loss_backward", "expected a one-element g");
  const Shape shape = d::broadcast_all({&a.shape(), &b.shape()});
  const T norm = static_cast<T>(2.0 / static_cast<double>(d::numel(shape)));
  const T gv = *g.data();
  return d::map_broadcast<T>(
      "mse_loss_backward",
      [norm, gv](T av, T bv) { return norm * (av - bv) * gv; }, a, b);
}

namespace detail {
namespace bwd {

// The rows of an [N, C] (or [C]) loss input, with the classes checked.
template <class T>
Split loss_rows(const char* helper, const BasicTensor<T>& x,
                const std::vector<int64_t>& t, int64_t* weight) {
  if (x.dim() != 1 && x.dim() != 2) {
    shape_error(helper, "input must be [N, C] or [C], got " +
                            bracket_dims(x.shape()));
  }
  Split s;
  s.outer = x.dim() == 2 ? x.shape()[0] : 1;
  s.n = x.shape().back();
  if (static_cast<int64_t>(t.size()) != s.outer) {
    throw std::invalid_argument(
        "Expected input batch_size (" + std::to_string(s.outer) +
        ") to match target batch_size (" + std::to_string(t.size()) + ").");
  }
  *weight = 0;
  for (int64_t c : t) {
    if (c == -100) continue;  // ignore_index
    if (c < 0 || c >= s.n) {
      throw std::out_of_range("Target " + std::to_string(c) +
                              " is out of bounds.");
    }
    ++*weight;
  }
  return s;
}

}  // namespace bwd
}  // namespace detail

// nll_loss(x, t), x log-probabilities: -g / N at (n, t[n]), zeros elsewhere.
// N counts the targets that are not ignore_index (-100), as in PyTorch.
template <class T>
BasicTensor<T> nll_loss_backward(const BasicTensor<T>& g, const BasicTensor<T>& x,
                                 const std::vector<int64_t>& t) {
  namespace d = detail::bwd;
  if (g.numel() != 1) d::shape_error("nll_loss_backward", "expected a one-element g");
  int64_t weight = 0;
  const d::Split s = d::loss_rows("nll_loss_backward", x, t, &weight);
  std::vector<T> out = detail::new_buffer<T>(static_cast<size_t>(x.numel()));
  const T v = -(*g.data() / static_cast<T>(weight));
  for (int64_t r = 0; r < s.outer; ++r) {
    const int64_t c = t[static_cast<size_t>(r)];
    if (c != -100) out[r * s.n + c] = v;
  }
  return BasicTensor<T>(x.shape(), std::move(out));
}

// cross_entropy(x, t) = nll_loss(log_softmax(x, -1), t): (g / N)
// (softmax(x) - onehot(t)) per row, computed as PyTorch's two backward steps;
// rows with ignored targets get zeros.
template <class T>
BasicTensor<T> cross_entropy_backward(const BasicTensor<T>& g,
                                      const BasicTensor<T>& x,
                                      const std::vector<int64_t>& t) {
  namespace d = detail::bwd;
  if (g.numel() != 1) {
    d::shape_error("cross_entropy_backward", "expected a one-element g");
  }
  int64_t weight = 0;
  const d::Split s = d::loss_rows("cross_entropy_backward", x, t, &weight);
  const d::Dense<T> xd(x);
  const T* xv = xd.data();
  std::vector<T> out = detail::new_buffer<T>(static_cast<size_t>(x.numel()));
  const T v = -(*g.data() / static_cast<T>(weight));  // nll's gradient
  for (int64_t r = 0; r < s.outer; ++r) {
    const int64_t c = t[static_cast<size_t>(r)];
    if (c == -100) continue;
    const T* row = xv + r * s.n;
    T* o = out.data() + r * s.n;
    T mx = -std::numeric_limits<T>::infinity();
    for (int64_t j = 0; j < s.n; ++j) mx = std::max(mx, row[j]);
    double z = 0;
    for (int64_t j = 0; j < s.n; ++j) z += std::exp(static_cast<double>(row[j] - mx));
    const T lse = mx + static_cast<T>(std::log(z));
    // log_softmax backward with grad v at c: [j == c] v - exp(ls_j) v.
    for (int64_t j = 0; j < s.n; ++j) {
      o[j] = (j == c ? v : T(0)) - std::exp(row[j] - lse) * v;
    }
  }
  return BasicTensor<T>(x.shape(), std::move(out));
}

}  // namespace adgen

#undef ADGEN_ELEMENTWISE_BACKWARD2
#undef ADGEN_ELEMENTWISE_BACKWARD3

#endif  // ADGEN_TENSOR_BACKWARD_H
