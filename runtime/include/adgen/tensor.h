// adgen/tensor.h - the runtime tensor type used by differentiable code and by
// the gradient code that adgen generates for it.
//
// Header-only, C++17, standard library only (plus CBLAS for matrix products
// when ADGEN_HAVE_CBLAS is defined). Semantics follow PyTorch 1.13:
//   * BasicTensor is a handle: copying it shares the underlying data and the
//     .grad slot (like `y = x` in Python); clone() makes an independent copy.
//   * A default-constructed handle is undefined (PyTorch's None).
//   * Printing reproduces `print(t)` byte for byte (torch/_tensor_str.py).
//   * Tensors are strided: views (transpose, select, expand, ...) share
//     storage with their base; every operation accepts any layout.
// There is no autograd graph here: generated code computes gradients itself
// and uses the helpers at the end of this file to store them.
//
// This file: the BasicTensor handle, factories, printing, the helpers for
// generated code. tensor_kernels.h: strided iteration, elementwise and
// matrix-product kernels. tensor_ops.h: the operations of
// docs/tensor-api.md.
#ifndef ADGEN_TENSOR_H
#define ADGEN_TENSOR_H

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <initializer_list>
#include <memory>
#include <ostream>
#include <stdexcept>
#include <string>
#include <type_traits>
#include <utility>
#include <vector>

namespace adgen {

using Shape = std::vector<int64_t>;

template <class T>
class BasicTensor;
using Tensor = BasicTensor<float>;  // PyTorch's default dtype is float32
using DoubleTensor = BasicTensor<double>;

namespace detail {

// Keeps T out of template argument deduction, so that the element type comes
// from the default (float) or an explicit argument, never from a literal:
// full({2}, 3) is a float tensor, not an int one.
template <class T>
struct Identity {
  using type = T;
};
template <class T>
using NonDeduced = typename Identity<T>::type;

// "2, 2" for {2, 2}; the inside of PyTorch's shape spellings.
inline std::string join_dims(const Shape& shape) {
  std::string out;
  for (size_t i = 0; i < shape.size(); ++i) {
    if (i > 0) out += ", ";
    out += std::to_string(shape[i]);
  }
  return out;
}

// "[2, 2]": how PyTorch's C++ error messages spell a shape.
inline std::string bracket_dims(const Shape& shape) {
  return "[" + join_dims(shape) + "]";
}

// "torch.Size([2, 2])": how PyTorch's Python messages spell a shape.
inline std::string torch_size(const Shape& shape) {
  return "torch.Size(" + bracket_dims(shape) + ")";
}

// "(2, 0)" or "(0,)": Python's str(tuple(shape)).
inline std::string python_tuple(const Shape& shape) {
  return "(" + join_dims(shape) + (shape.size() == 1 ? ",)" : ")");
}

// Freed storage of large tensors is kept, per thread, for the next tensor
// of about its size: a gradient allocates the same temporaries call after
// call, and memory returned to the system comes back as page faults
// (bench/README.md: 15 000 faults per call of a 10^6-element gradient).
template <class T>
class BufferPool {
 public:
  static constexpr size_t kMinBytes = size_t(1) << 16;   // smaller: malloc is fast
  static constexpr size_t kBudgetBytes = size_t(1) << 28; // kept at most, per thread

  // n zeros, in a kept buffer when one fits.
  static std::vector<T> take(size_t n) {
    if (n * sizeof(T) >= kMinBytes && !gone()) {
      std::vector<std::vector<T>>& free = local().free_;
      for (size_t i = free.size(); i-- > 0;) {
        const size_t cap = free[i].capacity();
        if (cap >= n && cap / 2 <= n) {
          std::vector<T> v = std::move(free[i]);
          free.erase(free.begin() + static_cast<std::ptrdiff_t>(i));
          local().bytes_ -= cap * sizeof(T);
          v.resize(n);
          return v;
        }
      }
    }
    return std::vector<T>(n);
  }

  // Keeps v's memory for take() when it is large and the budget allows.
  static void give(std::vector<T>& v) {
    const size_t bytes = v.capacity() * sizeof(T);
    if (bytes < kMinBytes || gone()) return;
    BufferPool& pool = local();
    if (pool.bytes_ + bytes > kBudgetBytes) return;
    v.clear();
    pool.bytes_ += bytes;
    pool.free_.push_back(std::move(v));
  }

  ~BufferPool() { gone() = true; }

 private:
  static BufferPool& local() {
    thread_local BufferPool pool;
    return pool;
  }
  // True once this thread's pool is destroyed (tensors may outlive it).
  static bool& gone() {
    thread_local bool flag = false;  // trivially destructible: always usable
    return flag;
  }
  std::vector<std::vector<T>> free_;
  size_t bytes_ = 0;
};

// A tensor's storage: its values go back to the pool when the last handle
// goes (one allocation with make_shared, which a custom deleter would not be).
template <class T>
struct PooledStorage : std::vector<T> {
  explicit PooledStorage(std::vector<T>&& values) : std::vector<T>(std::move(values)) {}
  PooledStorage(const PooledStorage&) = delete;
  PooledStorage& operator=(const PooledStorage&) = delete;
  ~PooledStorage() { BufferPool<T>::give(*this); }
};

// Storage for n values, zero-filled.
template <class T>
std::vector<T> new_buffer(size_t n) {
  return BufferPool<T>::take(n);
}

inline int64_t numel_of(const Shape& shape) {
  int64_t n = 1;
  for (int64_t d : shape) {
    if (d < 0) {
      throw std::invalid_argument(
          "Trying to create tensor with negative dimension " +
          std::to_string(d) + ": " + bracket_dims(shape));
    }
    n *= d;
  }
  return n;
}

inline std::vector<int64_t> contiguous_strides(const Shape& shape) {
  std::vector<int64_t> strides(shape.size(), 1);
  for (size_t i = shape.size(); i > 1; --i) {
    strides[i - 2] = strides[i - 1] * shape[i - 1];
  }
  return strides;
}

// PyTorch's infer_size: the broadcast shape of a and b, with PyTorch's error
// when some dimension is neither equal nor 1.
inline Shape broadcast_shape(const Shape& a, const Shape& b) {
  const size_t ndim = std::max(a.size(), b.size());
  Shape out(ndim);
  for (size_t i = ndim; i-- > 0;) {
    const size_t offset = ndim - 1 - i;
    const int64_t size_a = offset < a.size() ? a[a.size() - 1 - offset] : 1;
    const int64_t size_b = offset < b.size() ? b[b.size() - 1 - offset] : 1;
    if (size_a != size_b && size_a != 1 && size_b != 1) {
      throw std::invalid_argument(
          "The size of tensor a (" + std::to_string(size_a) +
          ") must match the size of tensor b (" + std::to_string(size_b) +
          ") at non-singleton dimension " + std::to_string(i));
    }
    out[i] = size_a == 1 ? size_b : size_a;
  }
  return out;
}

template <class T>
const char* dtype_name() {
  return std::is_same<T, double>::value ? "torch.float64" : "torch.float32";
}

// The elementwise loops work in blocks of this many elements (a one-element
// operand is repeated into a block, tensor_backward.h), and sums add block
// by block, so that a sum made in a map's own pass (map_and_sum,
// tensor_fusion.h) is the sum of its values made afterwards, to the bit.
constexpr int64_t kElementBlock = 256;

// Sums in double whatever T is: float tensors get the accuracy for free.
// Four independent chains within each block of kElementBlock.
template <class T>
double sum_as_double(const T* data, int64_t n) {
  double total = 0.0;
  for (int64_t start = 0; start < n; start += kElementBlock) {
    const int64_t end = std::min(n, start + kElementBlock);
    double s0 = 0.0, s1 = 0.0, s2 = 0.0, s3 = 0.0;
    int64_t i = start;
    for (; i + 4 <= end; i += 4) {
      s0 += static_cast<double>(data[i]);
      s1 += static_cast<double>(data[i + 1]);
      s2 += static_cast<double>(data[i + 2]);
      s3 += static_cast<double>(data[i + 3]);
    }
    for (; i < end; ++i) s0 += static_cast<double>(data[i]);
    total += (s0 + s1) + (s2 + s3);
  }
  return total;
}

// The argument of adgen::tensor(): a scalar or a braced list of NestedLists,
// to any depth. Brace nesting gives the shape, as with torch.tensor([...]).
// It only lives during the call, like the braced lists it points into.
template <class T>
class NestedList {
 public:
  // Leaves: any arithmetic value, converted to T like torch.tensor() does
  // (a template, so that double variables are not narrowing errors).
  template <class U, class = std::enable_if_t<std::is_arithmetic<U>::value>>
  NestedList(U value) : value_(static_cast<T>(value)) {}  // implicit: leaves
  NestedList(std::initializer_list<NestedList> items)
      : items_(items), is_list_(true) {}

  // Shape from the first element at every level; flatten() checks the rest.
  Shape shape() const {
    Shape shape;
    for (const NestedList* node = this; node->is_list_;
         node = node->items_.begin()) {
      shape.push_back(static_cast<int64_t>(node->items_.size()));
      if (node->items_.size() == 0) break;
    }
    return shape;
  }

  // Appends the leaves in row-major order; throws on ragged lists, with the
  // words torch.tensor() uses.
  void flatten(const Shape& shape, size_t depth, std::vector<T>& out) const {
    if (depth == shape.size()) {
      if (is_list_) {
        throw std::invalid_argument("expected a number at dim " +
                                    std::to_string(depth) + " (got a list)");
      }
      out.push_back(value_);
      return;
    }
    const int64_t got = is_list_ ? static_cast<int64_t>(items_.size()) : -1;
    if (got != shape[depth]) {
      throw std::invalid_argument(
          "expected sequence of length " + std::to_string(shape[depth]) +
          " at dim " + std::to_string(depth) +
          (is_list_ ? " (got " + std::to_string(got) + ")"
                    : " (got a number)"));
    }
    for (const NestedList& item : items_) item.flatten(shape, depth + 1, out);
  }

 private:
  T value_{};
  std::initializer_list<NestedList> items_;
  bool is_list_ = false;
};

template <class T>
struct TensorImpl;

// The elementwise kernels behind the operators (tensor_kernels.h): any
// strides, full broadcasting, contiguous fast paths.
template <class T, class F>
BasicTensor<T> map(const BasicTensor<T>& x, F f);
template <class T, class F>
BasicTensor<T> zip(const BasicTensor<T>& a, const BasicTensor<T>& b, F f);
template <class T, class F>
void map_inplace(BasicTensor<T>& x, F f);
template <class T, class F>
void zip_inplace(BasicTensor<T>& x, const BasicTensor<T>& b, F f);
template <class T>
double sum_all(const BasicTensor<T>& x);

}  // namespace detail

template <class T>
class BasicTensor {
  static_assert(std::is_same<T, float>::value || std::is_same<T, double>::value,
                "adgen::BasicTensor supports float and double");

 public:
  using value_type = T;

  // Undefined, like None: used for .grad before anything accumulates into it.
  BasicTensor() = default;

  // A contiguous tensor owning `data` (row-major, numel(shape) values).
  BasicTensor(Shape shape, std::vector<T> data) {
    const int64_t n = detail::numel_of(shape);
    if (static_cast<int64_t>(data.size()) != n) {
      throw std::invalid_argument(
          "shape " + detail::bracket_dims(shape) + " needs " +
          std::to_string(n) + " values, got " + std::to_string(data.size()));
    }
    impl_ = std::make_shared<detail::TensorImpl<T>>();
    impl_->strides = detail::contiguous_strides(shape);
    impl_->shape = std::move(shape);
    impl_->storage = std::make_shared<detail::PooledStorage<T>>(std::move(data));
  }

  // ---- Metadata -----------------------------------------------------------
  bool defined() const { return impl_ != nullptr; }
  int64_t dim() const { return static_cast<int64_t>(impl().shape.size()); }
  const Shape& shape() const { return impl().shape; }
  int64_t numel() const { return detail::numel_of(impl().shape); }

  // Size of dimension d; negative d counts from the end, as in Python.
  int64_t size(int64_t d) const {
    return shape()[static_cast<size_t>(wrap_dim(d))];
  }

  // The layout: element (i0, i1, ...) is data()[i0 * strides()[0] + ...].
  // Views (transpose, select, expand, ...) share storage and differ here.
  const std::vector<int64_t>& strides() const { return impl().strides; }
  int64_t stride(int64_t d) const {
    return strides()[static_cast<size_t>(wrap_dim(d))];
  }
  // Of element 0, in elements from the start of the shared storage.
  int64_t storage_offset() const { return impl().offset; }
  // Row-major without gaps (strides of size-1 dimensions do not matter, as
  // in PyTorch); only then may data() be read as numel() consecutive values.
  bool is_contiguous() const {
    int64_t expected = 1;
    for (size_t d = impl().shape.size(); d-- > 0;) {
      const int64_t n = impl().shape[d];
      if (n == 0) return true;
      if (n == 1) continue;
      if (impl().strides[d] != expected) return false;
      expected *= n;
    }
    return true;
  }
  // True when both handles view the same storage (PyTorch: same
  // untyped_storage()).
  bool shares_storage(const BasicTensor& other) const {
    return impl().storage == other.impl().storage;
  }

  // torch.as_strided: a view of this tensor's storage with any layout;
  // storage_offset counts from the start of the storage. Every element must
  // lie inside the storage.
  BasicTensor as_strided(Shape size, std::vector<int64_t> stride,
                         int64_t storage_offset) const {
    if (size.size() != stride.size()) {
      throw std::invalid_argument("mismatch in length of strides and shape");
    }
    int64_t lo = storage_offset;
    int64_t hi = storage_offset;
    bool empty = false;
    for (size_t d = 0; d < size.size(); ++d) {
      if (size[d] < 0) {
        throw std::invalid_argument("Trying to create tensor with negative dimension " +
            std::to_string(size[d]) + ": " + detail::bracket_dims(size));
      }
      if (stride[d] < 0) {
        throw std::invalid_argument("as_strided: Negative strides are not supported at the moment, got strides: " +
            detail::bracket_dims(stride));
      }
      if (size[d] == 0) empty = true;
      hi += (size[d] - 1) * stride[d];
    }
    if (!empty && (lo < 0 || hi >= static_cast<int64_t>(impl().storage->size()))) {
      throw std::out_of_range(
          "setStorage: sizes " + detail::bracket_dims(size) + ", strides " +
          detail::bracket_dims(stride) + " and storage offset " +
          std::to_string(storage_offset) + " are out of bounds for a storage of " +
          std::to_string(impl().storage->size()) + " elements");
    }
    BasicTensor out;
    out.impl_ = std::make_shared<detail::TensorImpl<T>>();
    out.impl_->shape = std::move(size);
    out.impl_->strides = std::move(stride);
    out.impl_->storage = impl().storage;
    out.impl_->offset = storage_offset;
    return out;
  }

  // ---- Data access --------------------------------------------------------
  // Element 0 (PyTorch's data_ptr()). Only a contiguous tensor holds its
  // values at data()[0 .. numel()); otherwise index with strides() or use
  // at() or contiguous().
  T* data() { return impl().storage->data() + impl().offset; }
  const T* data() const { return impl().storage->data() + impl().offset; }

  T item() const {
    if (numel() != 1) {
      throw std::runtime_error("a Tensor with " + std::to_string(numel()) +
                               " elements cannot be converted to Scalar");
    }
    return *data();
  }

  // Element access with one index per dimension (negative counts from the
  // end): t.at(1, 0) or t.at({1, 0}); t.at() for a 0-dim tensor.
  T& at(std::initializer_list<int64_t> index) { return data()[flat(index)]; }
  const T& at(std::initializer_list<int64_t> index) const {
    return data()[flat(index)];
  }
  template <class... I,
            class = std::enable_if_t<(std::is_integral<I>::value && ...)>>
  T& at(I... index) {
    return at({static_cast<int64_t>(index)...});
  }
  template <class... I,
            class = std::enable_if_t<(std::is_integral<I>::value && ...)>>
  const T& at(I... index) const {
    return at({static_cast<int64_t>(index)...});
  }

  // ---- Autograd state -----------------------------------------------------
  // False for an undefined tensor too, so grad_slot() can take any handle.
  bool requires_grad() const { return impl_ && impl_->requires_grad; }
  BasicTensor& requires_grad_(bool on = true) {
    impl().requires_grad = on;
    return *this;
  }
  // Undefined until something accumulates into it.
  const BasicTensor& grad() const { return impl().grad; }
  // The slot itself, so callers (accumulate_grad) can assign into it.
  BasicTensor& mutable_grad() { return impl().grad; }
  // PyTorch's zero_grad(set_to_none=True).
  void zero_grad() { impl().grad = BasicTensor(); }

  // Same storage, no grad tracking: writes through it are seen by *this.
  BasicTensor detach() const {
    if (!defined()) return BasicTensor();
    BasicTensor out;
    out.impl_ = std::make_shared<detail::TensorImpl<T>>();
    out.impl_->shape = impl_->shape;
    out.impl_->strides = impl_->strides;
    out.impl_->storage = impl_->storage;
    out.impl_->offset = impl_->offset;
    return out;
  }

  // Fresh contiguous storage with the same values; requires_grad false, no
  // grad. (PyTorch keeps a non-contiguous layout; the values are the same.)
  BasicTensor clone() const {
    if (!defined()) return BasicTensor();
    return detail::map(*this, [](T v) { return v; });
  }

  // ---- Reductions (0-dim results) -----------------------------------------
  // Accumulated in double for float too.
  BasicTensor sum() const { return scalar(static_cast<T>(detail::sum_all(*this))); }
  // nan for an empty tensor, as in PyTorch.
  BasicTensor mean() const {
    const double n = static_cast<double>(numel());
    return scalar(static_cast<T>(detail::sum_all(*this) / n));
  }
  // The members below are defined in tensor_ops.h; see the free functions of
  // the same names there.
  BasicTensor sum(int64_t dim, bool keepdim = false) const;
  BasicTensor sum(const Shape& dims, bool keepdim = false) const;
  BasicTensor mean(int64_t dim, bool keepdim = false) const;
  BasicTensor mean(const Shape& dims, bool keepdim = false) const;
  BasicTensor prod() const;
  BasicTensor prod(int64_t dim, bool keepdim = false) const;
  BasicTensor max() const;
  BasicTensor min() const;
  BasicTensor max(int64_t dim, bool keepdim = false) const;
  BasicTensor min(int64_t dim, bool keepdim = false) const;
  std::vector<int64_t> argmax(int64_t dim, bool keepdim = false) const;
  std::vector<int64_t> argmin(int64_t dim, bool keepdim = false) const;
  BasicTensor logsumexp(int64_t dim, bool keepdim = false) const;
  BasicTensor softmax(int64_t dim) const;
  BasicTensor log_softmax(int64_t dim) const;

  // ---- Elementwise (defined in tensor_ops.h) -------------------------------
  BasicTensor neg() const;
  BasicTensor exp() const;
  BasicTensor log() const;
  BasicTensor sin() const;
  BasicTensor cos() const;
  BasicTensor tanh() const;
  BasicTensor sigmoid() const;
  BasicTensor relu() const;
  BasicTensor sqrt() const;
  BasicTensor abs() const;
  BasicTensor clamp(T lo, T hi) const;
  BasicTensor clamp_min(T lo) const;
  BasicTensor clamp_max(T hi) const;
  BasicTensor pow(T exponent) const;
  BasicTensor pow(const BasicTensor& exponent) const;

  // ---- Matrix products (defined in tensor_ops.h) ---------------------------
  BasicTensor matmul(const BasicTensor& other) const;
  BasicTensor mm(const BasicTensor& other) const;

  // ---- Shape (defined in tensor_ops.h; views unless noted) ----------------
  BasicTensor transpose(int64_t dim0, int64_t dim1) const;
  BasicTensor t() const;
  BasicTensor permute(const Shape& dims) const;
  BasicTensor reshape(const Shape& shape) const;  // a view when possible
  BasicTensor view(const Shape& shape) const;
  BasicTensor flatten(int64_t start_dim = 0, int64_t end_dim = -1) const;
  BasicTensor squeeze() const;
  BasicTensor squeeze(int64_t dim) const;
  BasicTensor unsqueeze(int64_t dim) const;
  BasicTensor expand(const Shape& shape) const;
  BasicTensor select(int64_t dim, int64_t index) const;
  BasicTensor narrow(int64_t dim, int64_t start, int64_t length) const;
  BasicTensor slice(int64_t dim, int64_t start, int64_t end,
                    int64_t step = 1) const;
  BasicTensor contiguous() const;  // *this when already contiguous

  // ---- Elementwise arithmetic ---------------------------------------------
  // Hidden friends: found only through a BasicTensor operand, and, being
  // non-templates, they let `x + 3` convert the int literal to T.
  friend BasicTensor operator+(const BasicTensor& a, const BasicTensor& b) {
    return detail::zip(a, b, [](T x, T y) { return x + y; });
  }
  friend BasicTensor operator-(const BasicTensor& a, const BasicTensor& b) {
    return detail::zip(a, b, [](T x, T y) { return x - y; });
  }
  friend BasicTensor operator*(const BasicTensor& a, const BasicTensor& b) {
    return detail::zip(a, b, [](T x, T y) { return x * y; });
  }
  friend BasicTensor operator/(const BasicTensor& a, const BasicTensor& b) {
    return detail::zip(a, b, [](T x, T y) { return x / y; });
  }
  friend BasicTensor operator+(const BasicTensor& a, T b) {
    return detail::map(a, [b](T x) { return x + b; });
  }
  friend BasicTensor operator-(const BasicTensor& a, T b) {
    return detail::map(a, [b](T x) { return x - b; });
  }
  friend BasicTensor operator*(const BasicTensor& a, T b) {
    return detail::map(a, [b](T x) { return x * b; });
  }
  friend BasicTensor operator/(const BasicTensor& a, T b) {
    return detail::map(a, [b](T x) { return x / b; });
  }
  friend BasicTensor operator+(T a, const BasicTensor& b) {
    return detail::map(b, [a](T y) { return a + y; });
  }
  friend BasicTensor operator-(T a, const BasicTensor& b) {
    return detail::map(b, [a](T y) { return a - y; });
  }
  friend BasicTensor operator*(T a, const BasicTensor& b) {
    return detail::map(b, [a](T y) { return a * y; });
  }
  friend BasicTensor operator/(T a, const BasicTensor& b) {
    return detail::map(b, [a](T y) { return a / y; });
  }
  friend BasicTensor operator-(const BasicTensor& a) {
    return detail::map(a, [](T x) { return -x; });
  }

  // Comparisons: 1 where true, 0 where false, in T (PyTorch gives bool).
#define ADGEN_TENSOR_COMPARISON(OP)                                          \
  friend BasicTensor operator OP(const BasicTensor& a, const BasicTensor& b) { \
    return detail::zip(a, b, [](T x, T y) { return T(x OP y ? 1 : 0); });    \
  }                                                                          \
  friend BasicTensor operator OP(const BasicTensor& a, T b) {                \
    return detail::map(a, [b](T x) { return T(x OP b ? 1 : 0); });          \
  }                                                                          \
  friend BasicTensor operator OP(T a, const BasicTensor& b) {                \
    return detail::map(b, [a](T y) { return T(a OP y ? 1 : 0); });          \
  }
  ADGEN_TENSOR_COMPARISON(<)
  ADGEN_TENSOR_COMPARISON(<=)
  ADGEN_TENSOR_COMPARISON(>)
  ADGEN_TENSOR_COMPARISON(>=)
  ADGEN_TENSOR_COMPARISON(==)
  ADGEN_TENSOR_COMPARISON(!=)
#undef ADGEN_TENSOR_COMPARISON

  // In place: every handle sharing this storage sees the change, as with
  // PyTorch's in-place ops. b broadcasts, but the result shape must stay
  // this tensor's shape; an expanded (stride 0) tensor cannot be written.
  BasicTensor& operator+=(const BasicTensor& b) {
    detail::zip_inplace(*this, b, [](T x, T y) { return x + y; });
    return *this;
  }
  BasicTensor& operator-=(const BasicTensor& b) {
    detail::zip_inplace(*this, b, [](T x, T y) { return x - y; });
    return *this;
  }
  BasicTensor& operator*=(const BasicTensor& b) {
    detail::zip_inplace(*this, b, [](T x, T y) { return x * y; });
    return *this;
  }
  BasicTensor& operator/=(const BasicTensor& b) {
    detail::zip_inplace(*this, b, [](T x, T y) { return x / y; });
    return *this;
  }
  BasicTensor& operator+=(T b) {
    detail::map_inplace(*this, [b](T x) { return x + b; });
    return *this;
  }
  BasicTensor& operator-=(T b) {
    detail::map_inplace(*this, [b](T x) { return x - b; });
    return *this;
  }
  BasicTensor& operator*=(T b) {
    detail::map_inplace(*this, [b](T x) { return x * b; });
    return *this;
  }
  BasicTensor& operator/=(T b) {
    detail::map_inplace(*this, [b](T x) { return x / b; });
    return *this;
  }

 private:
  std::shared_ptr<detail::TensorImpl<T>> impl_;

  // Every member except defined()/requires_grad() needs a defined tensor.
  detail::TensorImpl<T>& impl() const {
    if (!impl_) throw std::runtime_error("adgen: use of an undefined tensor");
    return *impl_;
  }

  static BasicTensor scalar(T value) {
    return BasicTensor(Shape{}, std::vector<T>{value});
  }

  int64_t wrap_dim(int64_t d) const {
    const int64_t n = dim();
    if (n == 0) {
      throw std::out_of_range("dimension specified as " + std::to_string(d) +
                              " but tensor has no dimensions");
    }
    if (d < -n || d >= n) {
      throw std::out_of_range(
          "Dimension out of range (expected to be in range of [" +
          std::to_string(-n) + ", " + std::to_string(n - 1) + "], but got " +
          std::to_string(d) + ")");
    }
    return d < 0 ? d + n : d;
  }

  // Offset from data() of the element at `index` (one entry per dimension).
  int64_t flat(std::initializer_list<int64_t> index) const {
    if (static_cast<int64_t>(index.size()) != dim()) {
      throw std::out_of_range("at() needs " + std::to_string(dim()) +
                              " indices, got " + std::to_string(index.size()));
    }
    int64_t offset = 0;
    size_t d = 0;
    for (int64_t i : index) {
      const int64_t n = impl().shape[d];
      if (i < -n || i >= n) {
        throw std::out_of_range(
            "index " + std::to_string(i) + " is out of bounds for dimension " +
            std::to_string(d) + " with size " + std::to_string(n));
      }
      offset += (i < 0 ? i + n : i) * impl().strides[d];
      ++d;
    }
    return offset;
  }
};

namespace detail {

// The state one handle points to; copies of a handle share it.
template <class T>
struct TensorImpl {
  Shape shape;
  std::vector<int64_t> strides;  // in elements; 0 for expanded dimensions
  std::shared_ptr<std::vector<T>> storage;
  int64_t offset = 0;  // of element 0 within storage
  bool requires_grad = false;
  BasicTensor<T> grad;  // undefined until accumulated into
};

}  // namespace detail

// ---- Factories --------------------------------------------------------------

template <class T = float>
BasicTensor<T> full(Shape shape, detail::NonDeduced<T> value) {
  const int64_t n = detail::numel_of(shape);
  return BasicTensor<T>(std::move(shape),
                        std::vector<T>(static_cast<size_t>(n), value));
}

template <class T = float>
BasicTensor<T> zeros(Shape shape) {
  return full<T>(std::move(shape), T(0));
}

template <class T = float>
BasicTensor<T> ones(Shape shape) {
  return full<T>(std::move(shape), T(1));
}

template <class T>
BasicTensor<T> full_like(const BasicTensor<T>& t, detail::NonDeduced<T> value) {
  return full<T>(t.shape(), value);
}

template <class T>
BasicTensor<T> zeros_like(const BasicTensor<T>& t) {
  return full<T>(t.shape(), T(0));
}

template <class T>
BasicTensor<T> ones_like(const BasicTensor<T>& t) {
  return full<T>(t.shape(), T(1));
}

// torch.tensor(): adgen::tensor(0.5) is 0-dim, tensor({1, 2}) is 1-D,
// tensor({{1, 2}, {3, 4}}) is 2-D, and so on; ragged lists throw
// std::invalid_argument. tensor<double>(...) for float64.
template <class T = float>
BasicTensor<T> tensor(const detail::NonDeduced<detail::NestedList<T>>& values) {
  Shape shape = values.shape();
  std::vector<T> data;
  values.flatten(shape, 0, data);
  return BasicTensor<T>(std::move(shape), std::move(data));
}

// ---- Reductions -------------------------------------------------------------

template <class T>
BasicTensor<T> sum(const BasicTensor<T>& t) {
  return t.sum();
}

template <class T>
BasicTensor<T> mean(const BasicTensor<T>& t) {
  return t.mean();
}

// ---- Printing: torch/_tensor_str.py of PyTorch 1.13 -------------------------

namespace detail {

// PyTorch's default print options.
constexpr int kPrintPrecision = 4;
constexpr int64_t kPrintThreshold = 1000;  // summarize above this many
constexpr int64_t kPrintEdgeItems = 3;
constexpr int64_t kPrintLineWidth = 80;

// Python's '{:.Nf}' and '{:.Ne}' for finite values; both are correctly
// rounded, like glibc's printf.
inline std::string format_fixed(double v, int precision) {
  char buf[400];  // enough for any double in %f
  std::snprintf(buf, sizeof buf, "%.*f", precision, v);
  return buf;
}

inline std::string format_sci(double v, int precision) {
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.*e", precision, v);
  return buf;
}

// torch._tensor_str._Formatter for floating dtypes: picks one style for all
// printed elements and the width they are right-aligned to. The width only
// counts finite nonzero values, so e.g. nan may stick out, as in PyTorch.
class Formatter {
 public:
  explicit Formatter(const std::vector<double>& values) {
    std::vector<double> finite;  // nonzero finite values
    for (double v : values) {
      if (std::isfinite(v) && v != 0.0) finite.push_back(v);
    }
    if (finite.empty()) return;
    double lo = std::abs(finite[0]);
    double hi = lo;
    for (double v : finite) {
      lo = std::min(lo, std::abs(v));
      hi = std::max(hi, std::abs(v));
      if (v != std::ceil(v)) int_mode_ = false;
    }
    sci_mode_ = hi / lo > 1000.0 || hi > 1.0e8 || (!int_mode_ && lo < 1.0e-4);
    for (double v : finite) max_width_ = std::max(max_width_, plain(v).size());
  }

  size_t width() const { return max_width_; }

  std::string format(double v) const {
    std::string s = plain(v);
    return s.size() < max_width_ ? std::string(max_width_ - s.size(), ' ') + s
                                 : s;
  }

 private:
  // The unpadded text; Python spells non-finite values nan, inf, -inf in
  // every style (printf could give -nan).
  std::string plain(double v) const {
    if (std::isnan(v)) return "nan";
    if (std::isinf(v)) return v > 0 ? "inf" : "-inf";
    if (sci_mode_) return format_sci(v, kPrintPrecision);
    if (int_mode_) return format_fixed(v, 0) + ".";  // "1." marks a float
    return format_fixed(v, kPrintPrecision);
  }

  bool int_mode_ = true;
  bool sci_mode_ = false;
  size_t max_width_ = 1;
};

// Walks the printed elements of a contiguous tensor. With summarize, a
// dimension longer than 2 * edgeitems shows only its first and last
// edgeitems entries around a "..." gap.
template <class T>
class TensorPrinter {
 public:
  explicit TensorPrinter(const BasicTensor<T>& t)
      : data_(t.data()),
        shape_(t.shape()),
        strides_(detail::contiguous_strides(t.shape())),
        summarize_(t.numel() > kPrintThreshold),
        formatter_(printed_values()) {}

  // _tensor_str_with_formatter: the text after "tensor(".
  std::string str(int64_t indent) const { return str(0, 0, indent); }

 private:
  static constexpr int64_t kGap = -1;  // stands for "..." among indices

  std::vector<int64_t> printed_indices(size_t d) const {
    const int64_t n = shape_[d];
    std::vector<int64_t> idx;
    if (summarize_ && n > 2 * kPrintEdgeItems) {
      for (int64_t i = 0; i < kPrintEdgeItems; ++i) idx.push_back(i);
      idx.push_back(kGap);
      for (int64_t i = n - kPrintEdgeItems; i < n; ++i) idx.push_back(i);
    } else {
      for (int64_t i = 0; i < n; ++i) idx.push_back(i);
    }
    return idx;
  }

  // get_summarized_data: the values the formatter looks at.
  std::vector<double> printed_values() const {
    std::vector<double> out;
    collect(0, 0, out);
    return out;
  }

  void collect(size_t d, int64_t offset, std::vector<double>& out) const {
    if (d == shape_.size()) {
      out.push_back(static_cast<double>(data_[offset]));
      return;
    }
    for (int64_t i : printed_indices(d)) {
      if (i != kGap) collect(d + 1, offset + i * strides_[d], out);
    }
  }

  std::string str(size_t d, int64_t offset, int64_t indent) const {
    const size_t dims_left = shape_.size() - d;
    if (dims_left == 0) return formatter_.format(data_[offset]);
    if (dims_left == 1) return vector_str(d, offset, indent);
    // Slices are separated by one newline per remaining dimension beyond
    // the first, so 3-D tensors get blank lines between their matrices.
    const std::string sep = "," + std::string(dims_left - 1, '\n') +
                            std::string(static_cast<size_t>(indent + 1), ' ');
    std::string out = "[";
    bool first = true;
    for (int64_t i : printed_indices(d)) {
      if (!first) out += sep;
      first = false;
      out += i == kGap ? std::string("...")
                       : str(d + 1, offset + i * strides_[d], indent + 1);
    }
    return out + "]";
  }

  // _vector_str: elements joined by ", ", wrapped to the line width.
  std::string vector_str(size_t d, int64_t offset, int64_t indent) const {
    const int64_t element_length = static_cast<int64_t>(formatter_.width()) + 2;
    // Python floors; a negative quotient ends up at 1 either way.
    const int64_t per_line =
        std::max<int64_t>(1, (kPrintLineWidth - indent) / element_length);
    const std::string line_sep =
        ",\n" + std::string(static_cast<size_t>(indent + 1), ' ');
    std::string out = "[";
    int64_t count = 0;
    for (int64_t i : printed_indices(d)) {
      if (count > 0) out += count % per_line == 0 ? line_sep : ", ";
      out += i == kGap ? std::string(" ...")
                       : formatter_.format(data_[offset + i * strides_[d]]);
      ++count;
    }
    return out + "]";
  }

  const T* data_;
  const Shape& shape_;
  std::vector<int64_t> strides_;
  bool summarize_;
  Formatter formatter_;
};

// _add_suffixes: ", suffix" each, or a new line when the line would pass
// the line width. (The +1 mirrors PyTorch's own arithmetic.)
inline std::string add_suffixes(std::string text,
                                const std::vector<std::string>& suffixes,
                                int64_t indent) {
  const size_t newline = text.rfind('\n');
  int64_t last_line_len =
      static_cast<int64_t>(text.size()) -
      (newline == std::string::npos ? -1 : static_cast<int64_t>(newline)) + 1;
  for (const std::string& suffix : suffixes) {
    const int64_t len = static_cast<int64_t>(suffix.size());
    if (last_line_len + len + 2 > kPrintLineWidth) {
      text += ",\n" + std::string(static_cast<size_t>(indent), ' ') + suffix;
      last_line_len = indent + len;
    } else {
      text += ", " + suffix;
      last_line_len += len + 2;
    }
  }
  return text + ")";
}

}  // namespace detail

// Exactly what PyTorch 1.13's print(t) shows; "None" for an undefined tensor.
template <class T>
std::string to_string(const BasicTensor<T>& t) {
  if (!t.defined()) return "None";
  const std::string prefix = "tensor(";
  const int64_t indent = static_cast<int64_t>(prefix.size());
  const bool is_default_dtype = std::is_same<T, float>::value;
  std::vector<std::string> suffixes;
  std::string body;
  if (t.numel() == 0) {
    // Like NumPy, the shape is shown unless it is (0,).
    if (t.dim() != 1)
      suffixes.push_back("size=" + detail::python_tuple(t.shape()));
    body = "[]";
  } else {
    const BasicTensor<T> dense = t.contiguous();  // the printer walks data()
    body = detail::TensorPrinter<T>(dense).str(indent);
  }
  if (!is_default_dtype) {
    suffixes.push_back(std::string("dtype=") + detail::dtype_name<T>());
  }
  if (t.requires_grad()) suffixes.push_back("requires_grad=True");
  return detail::add_suffixes(prefix + body, suffixes, indent);
}

template <class T>
std::ostream& operator<<(std::ostream& os, const BasicTensor<T>& t) {
  return os << to_string(t);
}

// ---- Called by generated gradient code --------------------------------------

// How .grad accumulates in PyTorch: the first gradient is copied into the
// slot (never aliasing g, which the caller may reuse), later ones are added
// in place. An undefined g contributes nothing.
template <class T>
void accumulate_grad(BasicTensor<T>& slot, const BasicTensor<T>& g) {
  if (!g.defined()) return;
  if (!slot.defined()) {
    slot = g.clone();
    return;
  }
  if (slot.shape() != g.shape()) {
    throw std::invalid_argument("accumulate_grad: gradient of shape " +
                                detail::torch_size(g.shape()) +
                                " does not match the existing grad of shape " +
                                detail::torch_size(slot.shape()));
  }
  slot += g;
}

// Where the gradient of t goes: its .grad slot, or nowhere when t does not
// require grad.
template <class T>
BasicTensor<T>* grad_slot(BasicTensor<T>& t) {
  return t.requires_grad() ? &t.mutable_grad() : nullptr;
}

// out.backward() without an argument: only for one-element outputs.
template <class T>
BasicTensor<T> implicit_seed(const BasicTensor<T>& out) {
  if (out.numel() != 1) {
    throw std::runtime_error(
        "grad can be implicitly created only for scalar outputs");
  }
  return ones_like(out);
}

// out.backward(seed): the seed must have out's shape.
template <class T>
void check_seed(const BasicTensor<T>& seed, const BasicTensor<T>& out) {
  if (seed.shape() != out.shape()) {
    throw std::runtime_error(
        "Mismatch in shape: grad_output[0] has a shape of " +
        detail::torch_size(seed.shape()) + " and output[0] has a shape of " +
        detail::torch_size(out.shape()) + ".");
  }
}

// SumBackward0: the one-element gradient g spread over like's shape.
template <class T>
BasicTensor<T> expand_as(const BasicTensor<T>& g, const BasicTensor<T>& like) {
  if (g.numel() != 1) {
    throw std::invalid_argument(
        "expand_as: expected a one-element gradient, got shape " +
        detail::torch_size(g.shape()));
  }
  return full_like(like, g.item());
}

// The adjoint of a scalar operand of an elementwise op: everything summed.
template <class T>
T sum_to_scalar(const BasicTensor<T>& g) {
  return static_cast<T>(detail::sum_all(g));
}

}  // namespace adgen

#include "adgen/tensor_scalar.h"
#include "adgen/tensor_kernels.h"
#include "adgen/tensor_ops.h"
#include "adgen/tensor_backward.h"
#include "adgen/tensor_fusion.h"

#endif  // ADGEN_TENSOR_H
