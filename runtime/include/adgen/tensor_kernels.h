// adgen/tensor_kernels.h - the loops under the tensor operations: strided
// iteration with broadcasting, the elementwise kernels, reductions along
// dimensions, and the matrix product (CBLAS or a portable loop).
//
// Included by adgen/tensor.h; include that instead.
// (Outside the guard: included first, this pulls in tensor.h, which
// includes this file and tensor_ops.h in the right order.)
#include "adgen/kernel_attributes.h"
#include "adgen/tensor.h"

#ifndef ADGEN_TENSOR_KERNELS_H
#define ADGEN_TENSOR_KERNELS_H

#include <array>
#include <climits>
#include <cmath>
#include <cstdint>
#include <limits>
#include <stdexcept>
#include <string>
#include <vector>

#ifdef ADGEN_HAVE_CBLAS
#include <cblas.h>
#endif

namespace adgen {
namespace detail {

// ---- Strided iteration -------------------------------------------------------

// The strides that make t (right-aligned, as in broadcasting) read as a
// tensor of shape `shape`: 0 along the dimensions that broadcast.
template <class T>
std::vector<int64_t> broadcast_strides(const BasicTensor<T>& t,
                                       const Shape& shape) {
  std::vector<int64_t> out(shape.size(), 0);
  const size_t lead = shape.size() - static_cast<size_t>(t.dim());
  for (size_t d = 0; d < static_cast<size_t>(t.dim()); ++d) {
    out[lead + d] = t.shape()[d] == 1 ? 0 : t.strides()[d];
  }
  return out;
}

// Calls row(base, len, step) once per innermost row of `shape`, in row-major
// order: operand k's elements of the row are at base[k] + i * step[k] for
// i < len. Dimensions of size 1 are dropped and dimensions that are
// contiguous with their inner neighbour in every operand are merged first,
// so contiguous operands give one row of numel elements.
template <size_t N, class Row>
void for_each_row(const Shape& shape,
                  const std::array<const std::vector<int64_t>*, N>& strides,
                  Row row) {
  Shape size;
  std::array<std::vector<int64_t>, N> st;
  for (size_t d = 0; d < shape.size(); ++d) {
    if (shape[d] == 0) return;
    if (shape[d] == 1) continue;
    bool merge = !size.empty();
    for (size_t k = 0; k < N && merge; ++k) {
      merge = st[k].back() == (*strides[k])[d] * shape[d];
    }
    if (merge) {
      size.back() *= shape[d];
      for (size_t k = 0; k < N; ++k) st[k].back() = (*strides[k])[d];
    } else {
      size.push_back(shape[d]);
      for (size_t k = 0; k < N; ++k) st[k].push_back((*strides[k])[d]);
    }
  }
  std::array<int64_t, N> base{};
  std::array<int64_t, N> step{};
  if (size.empty()) {  // one element
    row(base, int64_t{1}, step);
    return;
  }
  const size_t inner = size.size() - 1;
  const int64_t len = size[inner];
  for (size_t k = 0; k < N; ++k) step[k] = st[k][inner];
  std::vector<int64_t> index(inner, 0);
  for (;;) {
    row(base, len, step);
    size_t d = inner;
    for (; d-- > 0;) {
      for (size_t k = 0; k < N; ++k) base[k] += st[k][d];
      if (++index[d] < size[d]) break;
      for (size_t k = 0; k < N; ++k) base[k] -= st[k][d] * size[d];
      index[d] = 0;
    }
    if (d == static_cast<size_t>(-1)) return;
  }
}

// PyTorch's maybe_wrap_dim: a dimension in [-ndim, ndim); a 0-dim tensor
// accepts 0 and -1.
inline int64_t wrap_dim(int64_t d, int64_t ndim) {
  const int64_t n = ndim == 0 ? 1 : ndim;
  if (d < -n || d >= n) {
    throw std::out_of_range(
        "Dimension out of range (expected to be in range of [" +
        std::to_string(-n) + ", " + std::to_string(n - 1) + "], but got " +
        std::to_string(d) + ")");
  }
  return d < 0 ? d + n : d;
}

// PyTorch's message for writing to a tensor whose elements alias.
template <class T>
void check_no_internal_overlap(const BasicTensor<T>& x) {
  for (int64_t d = 0; d < x.dim(); ++d) {
    if (x.strides()[d] == 0 && x.shape()[d] > 1) {
      throw std::invalid_argument(
          "unsupported operation: more than one element of the written-to "
          "tensor refers to a single memory location. Please clone() the "
          "tensor before performing the operation.");
    }
  }
}

// ---- Elementwise kernels -----------------------------------------------------

// (ADGEN_VECTOR_CLONES: adgen/kernel_attributes.h.)
template <class T, class F>
ADGEN_VECTOR_CLONES void map_dense(T* out, const T* in, int64_t n, F& f) {
  for (int64_t i = 0; i < n; ++i) out[i] = f(in[i]);
}

template <class T, class F>
BasicTensor<T> map(const BasicTensor<T>& x, F f) {
  std::vector<T> out = detail::new_buffer<T>(static_cast<size_t>(x.numel()));
  const T* in = x.data();
  if (x.is_contiguous()) {
    map_dense(out.data(), in, x.numel(), f);
  } else {
    const std::vector<int64_t> dense = contiguous_strides(x.shape());
    T* po = out.data();
    for_each_row<2>(x.shape(), {&dense, &x.strides()},
                    [&](const std::array<int64_t, 2>& base, int64_t len,
                        const std::array<int64_t, 2>& step) {
                      T* o = po + base[0];
                      const T* p = in + base[1];
                      for (int64_t i = 0; i < len; ++i) {
                        o[i * step[0]] = f(p[i * step[1]]);
                      }
                    });
  }
  return BasicTensor<T>(x.shape(), std::move(out));
}

// The innermost loop of a binary kernel, with the common layouts spelled
// out so that the compiler can vectorize them.
template <class T, class F>
inline void zip_row(T* o, const T* a, const T* b, int64_t len,
                    const std::array<int64_t, 3>& s, F& f) {
  if (s[0] == 1 && s[1] == 1 && s[2] == 1) {
    for (int64_t i = 0; i < len; ++i) o[i] = f(a[i], b[i]);
  } else if (s[0] == 1 && s[1] == 1 && s[2] == 0) {
    const T y = *b;
    for (int64_t i = 0; i < len; ++i) o[i] = f(a[i], y);
  } else if (s[0] == 1 && s[1] == 0 && s[2] == 1) {
    const T x = *a;
    for (int64_t i = 0; i < len; ++i) o[i] = f(x, b[i]);
  } else {
    for (int64_t i = 0; i < len; ++i) o[i * s[0]] = f(a[i * s[1]], b[i * s[2]]);
  }
}

template <class T, class F>
BasicTensor<T> zip(const BasicTensor<T>& a, const BasicTensor<T>& b, F f) {
  if (a.shape() == b.shape() && a.is_contiguous() && b.is_contiguous()) {
    std::vector<T> out = detail::new_buffer<T>(static_cast<size_t>(a.numel()));
    const T* pa = a.data();
    const T* pb = b.data();
    for (size_t i = 0; i < out.size(); ++i) out[i] = f(pa[i], pb[i]);
    return BasicTensor<T>(a.shape(), std::move(out));
  }
  Shape shape = broadcast_shape(a.shape(), b.shape());
  std::vector<T> out = detail::new_buffer<T>(static_cast<size_t>(numel_of(shape)));
  const std::vector<int64_t> so = contiguous_strides(shape);
  const std::vector<int64_t> sa = broadcast_strides(a, shape);
  const std::vector<int64_t> sb = broadcast_strides(b, shape);
  T* po = out.data();
  const T* pa = a.data();
  const T* pb = b.data();
  for_each_row<3>(shape, {&so, &sa, &sb},
                  [&](const std::array<int64_t, 3>& base, int64_t len,
                      const std::array<int64_t, 3>& step) {
                    zip_row(po + base[0], pa + base[1], pb + base[2], len, step,
                            f);
                  });
  return BasicTensor<T>(std::move(shape), std::move(out));
}

template <class T, class F>
void map_inplace(BasicTensor<T>& x, F f) {
  T* p = x.data();
  if (x.is_contiguous()) {
    const int64_t n = x.numel();
    for (int64_t i = 0; i < n; ++i) p[i] = f(p[i]);
    return;
  }
  check_no_internal_overlap(x);
  for_each_row<1>(x.shape(), {&x.strides()},
                  [&](const std::array<int64_t, 1>& base, int64_t len,
                      const std::array<int64_t, 1>& step) {
                    T* q = p + base[0];
                    for (int64_t i = 0; i < len; ++i) {
                      q[i * step[0]] = f(q[i * step[0]]);
                    }
                  });
}

template <class T, class F>
void zip_inplace(BasicTensor<T>& x, const BasicTensor<T>& b_in, F f) {
  if (x.shape() != b_in.shape()) {
    const Shape shape = broadcast_shape(x.shape(), b_in.shape());
    if (shape != x.shape()) {
      throw std::invalid_argument("output with shape " +
                                  bracket_dims(x.shape()) +
                                  " doesn't match the broadcast shape " +
                                  bracket_dims(shape));
    }
  }
  check_no_internal_overlap(x);
  // b may alias x with another layout (x += x.t()): read from a copy.
  const bool alias = x.shares_storage(b_in) &&
                     !(x.storage_offset() == b_in.storage_offset() &&
                       x.shape() == b_in.shape() &&
                       x.strides() == b_in.strides());
  const BasicTensor<T> b = alias ? b_in.clone() : b_in;
  T* p = x.data();
  const T* q = b.data();
  if (x.shape() == b.shape() && x.is_contiguous() && b.is_contiguous()) {
    const int64_t n = x.numel();
    for (int64_t i = 0; i < n; ++i) p[i] = f(p[i], q[i]);
    return;
  }
  const std::vector<int64_t> sb = broadcast_strides(b, x.shape());
  for_each_row<2>(x.shape(), {&x.strides(), &sb},
                  [&](const std::array<int64_t, 2>& base, int64_t len,
                      const std::array<int64_t, 2>& step) {
                    T* o = p + base[0];
                    const T* r = q + base[1];
                    for (int64_t i = 0; i < len; ++i) {
                      o[i * step[0]] = f(o[i * step[0]], r[i * step[1]]);
                    }
                  });
}

// Three broadcast operands (where).
template <class T, class F>
BasicTensor<T> zip3(const BasicTensor<T>& a, const BasicTensor<T>& b,
                    const BasicTensor<T>& c, F f) {
  Shape shape =
      broadcast_shape(broadcast_shape(a.shape(), b.shape()), c.shape());
  std::vector<T> out = detail::new_buffer<T>(static_cast<size_t>(numel_of(shape)));
  const std::vector<int64_t> so = contiguous_strides(shape);
  const std::vector<int64_t> sa = broadcast_strides(a, shape);
  const std::vector<int64_t> sb = broadcast_strides(b, shape);
  const std::vector<int64_t> sc = broadcast_strides(c, shape);
  T* po = out.data();
  const T* pa = a.data();
  const T* pb = b.data();
  const T* pc = c.data();
  for_each_row<4>(shape, {&so, &sa, &sb, &sc},
                  [&](const std::array<int64_t, 4>& base, int64_t len,
                      const std::array<int64_t, 4>& s) {
                    for (int64_t i = 0; i < len; ++i) {
                      po[base[0] + i * s[0]] =
                          f(pa[base[1] + i * s[1]], pb[base[2] + i * s[2]],
                            pc[base[3] + i * s[3]]);
                    }
                  });
  return BasicTensor<T>(std::move(shape), std::move(out));
}

// ---- Reductions --------------------------------------------------------------

// Sum of all elements, accumulated in double.
template <class T>
double sum_all(const BasicTensor<T>& x) {
  if (x.is_contiguous()) return sum_as_double(x.data(), x.numel());
  double total = 0.0;
  const T* p = x.data();
  for_each_row<1>(x.shape(), {&x.strides()},
                  [&](const std::array<int64_t, 1>& base, int64_t len,
                      const std::array<int64_t, 1>& step) {
                    for (int64_t i = 0; i < len; ++i) {
                      total += static_cast<double>(p[base[0] + i * step[0]]);
                    }
                  });
  return total;
}

// Folds every element of x into one double: acc = f(acc, value).
template <class T, class F>
double fold_all(const BasicTensor<T>& x, double init, F f) {
  double acc = init;
  const T* p = x.data();
  for_each_row<1>(x.shape(), {&x.strides()},
                  [&](const std::array<int64_t, 1>& base, int64_t len,
                      const std::array<int64_t, 1>& step) {
                    for (int64_t i = 0; i < len; ++i) {
                      acc = f(acc, static_cast<double>(p[base[0] + i * step[0]]));
                    }
                  });
  return acc;
}

// The dimensions of `dims` (wrapped, checked for repeats) as a mask over
// x's dimensions; an empty list means all of them (PyTorch 1.13).
inline std::vector<bool> reduction_mask(const Shape& dims, int64_t ndim) {
  std::vector<bool> mask(static_cast<size_t>(ndim), dims.empty());
  for (int64_t d : dims) {
    const int64_t w = wrap_dim(d, ndim);
    if (ndim == 0) continue;
    if (mask[static_cast<size_t>(w)]) {
      throw std::invalid_argument("dim " + std::to_string(w) +
                                  " appears multiple times in the list of dims");
    }
    mask[static_cast<size_t>(w)] = true;
  }
  return mask;
}

// The shape of a reduction's result.
inline Shape reduced_shape(const Shape& shape, const std::vector<bool>& mask,
                           bool keepdim) {
  Shape out;
  for (size_t d = 0; d < shape.size(); ++d) {
    if (!mask[d]) {
      out.push_back(shape[d]);
    } else if (keepdim) {
      out.push_back(1);
    }
  }
  return out;
}

// Reduces x over the masked dimensions: acc = f(acc, value) per output
// element, starting from init, accumulated in double; then finish(acc).
template <class T, class F, class G>
BasicTensor<T> reduce_dims(const BasicTensor<T>& x,
                           const std::vector<bool>& mask, bool keepdim,
                           double init, F f, G finish) {
  Shape kept = reduced_shape(x.shape(), mask, true);
  std::vector<int64_t> so = contiguous_strides(kept);
  for (size_t d = 0; d < mask.size(); ++d) {
    if (mask[d]) so[d] = 0;
  }
  std::vector<double> acc(static_cast<size_t>(numel_of(kept)), init);
  double* pa = acc.data();
  const T* p = x.data();
  for_each_row<2>(x.shape(), {&so, &x.strides()},
                  [&](const std::array<int64_t, 2>& base, int64_t len,
                      const std::array<int64_t, 2>& step) {
                    double* o = pa + base[0];
                    const T* q = p + base[1];
                    if (step[0] == 0 && step[1] == 1) {
                      // Four partial results break the dependency chain.
                      double a0 = *o, a1 = init, a2 = init, a3 = init;
                      int64_t i = 0;
                      for (; i + 4 <= len; i += 4) {
                        a0 = f(a0, static_cast<double>(q[i]));
                        a1 = f(a1, static_cast<double>(q[i + 1]));
                        a2 = f(a2, static_cast<double>(q[i + 2]));
                        a3 = f(a3, static_cast<double>(q[i + 3]));
                      }
                      for (; i < len; ++i) a0 = f(a0, static_cast<double>(q[i]));
                      *o = f(f(a0, a1), f(a2, a3));
                    } else if (step[0] == 0) {
                      double a = *o;
                      for (int64_t i = 0; i < len; ++i) {
                        a = f(a, static_cast<double>(q[i * step[1]]));
                      }
                      *o = a;
                    } else {
                      for (int64_t i = 0; i < len; ++i) {
                        o[i * step[0]] =
                            f(o[i * step[0]], static_cast<double>(q[i * step[1]]));
                      }
                    }
                  });
  std::vector<T> out(acc.size());
  for (size_t i = 0; i < acc.size(); ++i) out[i] = static_cast<T>(finish(acc[i]));
  return BasicTensor<T>(reduced_shape(x.shape(), mask, keepdim), std::move(out));
}

// One "lane" per position of x with `dim` left out, in row-major order:
// lane(lane_index, pointer to its first element, stride along dim, length).
template <class T, class F>
void for_each_lane(const BasicTensor<T>& x, int64_t dim, F lane) {
  Shape outer = x.shape();
  std::vector<int64_t> st = x.strides();
  int64_t len = 1;
  int64_t step = 0;
  if (x.dim() > 0) {
    len = outer[static_cast<size_t>(dim)];
    step = st[static_cast<size_t>(dim)];
    outer.erase(outer.begin() + dim);
    st.erase(st.begin() + dim);
  }
  const T* p = x.data();
  int64_t index = 0;
  for_each_row<1>(outer, {&st},
                  [&](const std::array<int64_t, 1>& base, int64_t n,
                      const std::array<int64_t, 1>& s) {
                    for (int64_t i = 0; i < n; ++i) {
                      lane(index++, p + base[0] + i * s[0], step, len);
                    }
                  });
}

// ---- Matrix product ----------------------------------------------------------

#ifdef ADGEN_HAVE_CBLAS
// How BLAS can read a rows x cols matrix with these strides without a copy:
// row-major (NoTrans) or column-major (Trans), with its leading dimension.
inline bool blas_layout(int64_t rows, int64_t cols, int64_t s_row,
                        int64_t s_col, CBLAS_TRANSPOSE& trans, int64_t& ld) {
  if ((cols <= 1 || s_col == 1) && (rows <= 1 || s_row >= std::max<int64_t>(1, cols))) {
    trans = CblasNoTrans;
    ld = rows <= 1 ? std::max<int64_t>(1, cols) : s_row;
    return ld <= INT_MAX;
  }
  if ((rows <= 1 || s_row == 1) && (cols <= 1 || s_col >= std::max<int64_t>(1, rows))) {
    trans = CblasTrans;
    ld = cols <= 1 ? std::max<int64_t>(1, rows) : s_col;
    return ld <= INT_MAX;
  }
  return false;
}

inline void blas_gemm(CBLAS_TRANSPOSE ta, CBLAS_TRANSPOSE tb, int m, int n,
                      int k, const float* a, int lda, const float* b, int ldb,
                      float* c, int ldc, bool add_to_c) {
  cblas_sgemm(CblasRowMajor, ta, tb, m, n, k, 1.0f, a, lda, b, ldb,
              add_to_c ? 1.0f : 0.0f, c, ldc);
}
inline void blas_gemm(CBLAS_TRANSPOSE ta, CBLAS_TRANSPOSE tb, int m, int n,
                      int k, const double* a, int lda, const double* b,
                      int ldb, double* c, int ldc, bool add_to_c) {
  cblas_dgemm(CblasRowMajor, ta, tb, m, n, k, 1.0, a, lda, b, ldb,
              add_to_c ? 1.0 : 0.0, c, ldc);
}
#endif

// c += a * b over n elements; restrict (C and B are distinct buffers) lets
// the compiler vectorize without alias checks.
template <class T>
inline void axpy(T* __restrict c, const T* __restrict b, T a, int64_t n) {
  for (int64_t j = 0; j < n; ++j) c[j] += a * b[j];
}
template <class T>
inline void axpy4(T* __restrict c0, T* __restrict c1, T* __restrict c2,
                  T* __restrict c3, const T* __restrict b, T a0, T a1, T a2,
                  T a3, int64_t n) {
  for (int64_t j = 0; j < n; ++j) {
    const T bj = b[j];
    c0[j] += a0 * bj;
    c1[j] += a1 * bj;
    c2[j] += a2 * bj;
    c3[j] += a3 * bj;
  }
}

// C = A B for an M x K matrix A (element (i, k) at a[i * sam + k * sak]) and
// a K x N matrix B (element (k, j) at b[k * sbk + j * sbn]); C is dense
// row-major M x N and is overwritten, or added to with add_to_c (C += A B:
// a bias already in C costs no pass of its own).
template <class T>
void gemm(int64_t M, int64_t N, int64_t K, const T* a, int64_t sam,
          int64_t sak, const T* b, int64_t sbk, int64_t sbn, T* c,
          bool add_to_c = false) {
  if (M == 0 || N == 0) return;
  if (K == 0) {
    if (!add_to_c) std::fill(c, c + M * N, T(0));
    return;
  }
#ifdef ADGEN_HAVE_CBLAS
  if (M <= INT_MAX && N <= INT_MAX && K <= INT_MAX) {
    CBLAS_TRANSPOSE ta;
    CBLAS_TRANSPOSE tb;
    int64_t lda;
    int64_t ldb;
    std::vector<T> copy_a;
    std::vector<T> copy_b;
    if (!blas_layout(M, K, sam, sak, ta, lda)) {  // e.g. expanded: copy
      copy_a.resize(static_cast<size_t>(M * K));
      for (int64_t i = 0; i < M; ++i)
        for (int64_t k = 0; k < K; ++k) copy_a[i * K + k] = a[i * sam + k * sak];
      a = copy_a.data();
      ta = CblasNoTrans;
      lda = K;
    }
    if (!blas_layout(K, N, sbk, sbn, tb, ldb)) {
      copy_b.resize(static_cast<size_t>(K * N));
      for (int64_t k = 0; k < K; ++k)
        for (int64_t j = 0; j < N; ++j) copy_b[k * N + j] = b[k * sbk + j * sbn];
      b = copy_b.data();
      tb = CblasNoTrans;
      ldb = N;
    }
    blas_gemm(ta, tb, static_cast<int>(M), static_cast<int>(N),
              static_cast<int>(K), a, static_cast<int>(lda), b,
              static_cast<int>(ldb), c, static_cast<int>(N), add_to_c);
    return;
  }
#endif
  // Portable: i-k-j order, so that the inner loop runs along rows of B and
  // C, four rows of C at a time; B is made row-contiguous first when it is
  // not.
  std::vector<T> copy_b;
  if (sbn != 1 && N > 1) {
    copy_b.resize(static_cast<size_t>(K * N));
    for (int64_t k = 0; k < K; ++k)
      for (int64_t j = 0; j < N; ++j) copy_b[k * N + j] = b[k * sbk + j * sbn];
    b = copy_b.data();
    sbk = N;
  }
  if (!add_to_c) std::fill(c, c + M * N, T(0));
  int64_t i = 0;
  for (; i + 4 <= M; i += 4) {  // four rows of C per pass over B
    T* ci = c + i * N;
    const T* ai = a + i * sam;
    for (int64_t k = 0; k < K; ++k) {
      axpy4(ci, ci + N, ci + 2 * N, ci + 3 * N, b + k * sbk, ai[k * sak],
            ai[sam + k * sak], ai[2 * sam + k * sak], ai[3 * sam + k * sak], N);
    }
  }
  for (; i < M; ++i) {
    T* ci = c + i * N;
    for (int64_t k = 0; k < K; ++k) {
      axpy(ci, b + k * sbk, a[i * sam + k * sak], N);
    }
  }
}

}  // namespace detail
}  // namespace adgen

#endif  // ADGEN_TENSOR_KERNELS_H
