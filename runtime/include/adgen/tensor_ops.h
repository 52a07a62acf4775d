// adgen/tensor_ops.h - the tensor operations of docs/tensor-api.md (the
// "Forward operations" table): creation, elementwise ops with broadcasting,
// reductions, matrix products, views and other shape ops, softmax, losses,
// linear; and the member forms declared in BasicTensor.
//
// Included by adgen/tensor.h; include that instead. PyTorch 1.13 semantics
// and error messages. Errors: std::out_of_range where PyTorch raises an
// IndexError, std::invalid_argument for bad shapes and arguments.
#include "adgen/tensor.h"  // outside the guard: see tensor_kernels.h

#ifndef ADGEN_TENSOR_OPS_H
#define ADGEN_TENSOR_OPS_H

#include <cmath>
#include <cstdint>
#include <limits>
#include <stdexcept>
#include <string>
#include <vector>

#include "adgen/tensor_kernels.h"

namespace adgen {

// ---- Random numbers -----------------------------------------------------------

// A small deterministic generator: xoshiro256** (Blackman and Vigna) with
// its 256-bit state seeded by splitmix64 from one 64-bit seed. The same
// seed gives the same numbers on every platform (not PyTorch's numbers).
class Generator {
 public:
  explicit Generator(uint64_t seed = 0) {
    uint64_t x = seed;
    for (uint64_t& s : state_) s = splitmix64(x);
  }

  // The next 64 random bits.
  uint64_t next() {
    const uint64_t result = rotl(state_[1] * 5, 7) * 9;
    const uint64_t t = state_[1] << 17;
    state_[2] ^= state_[0];
    state_[3] ^= state_[1];
    state_[1] ^= state_[2];
    state_[0] ^= state_[3];
    state_[2] ^= t;
    state_[3] = rotl(state_[3], 45);
    return result;
  }

  // Uniform on [0, 1): the top 53 bits (double) or 24 bits (float) of
  // next(), so every value is a multiple of 2^-53 or 2^-24.
  template <class T>
  T uniform() {
    if (std::is_same<T, float>::value) {
      return static_cast<T>(static_cast<float>(next() >> 40) * 0x1.0p-24f);
    }
    return static_cast<T>(static_cast<double>(next() >> 11) * 0x1.0p-53);
  }

 private:
  static uint64_t rotl(uint64_t x, int k) { return (x << k) | (x >> (64 - k)); }
  static uint64_t splitmix64(uint64_t& x) {
    uint64_t z = (x += 0x9e3779b97f4a7c15ULL);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    return z ^ (z >> 31);
  }

  uint64_t state_[4];
};

// ---- Creation -------------------------------------------------------------------

// torch.arange: start, start + step, ... while < end (> end for a negative
// step); ceil((end - start) / step) values, each start + i * step computed
// in double.
template <class T = float>
BasicTensor<T> arange(double start, double end, double step = 1) {
  if (step == 0) throw std::invalid_argument("step must be nonzero");
  if (!std::isfinite(start) || !std::isfinite(end)) {
    throw std::invalid_argument("unsupported range: " + std::to_string(start) +
                                " -> " + std::to_string(end));
  }
  if (!((step > 0 && end >= start) || (step < 0 && end <= start))) {
    throw std::invalid_argument(
        "upper bound and larger bound inconsistent with step sign");
  }
  const int64_t n = static_cast<int64_t>(std::ceil((end - start) / step));
  std::vector<T> out = detail::new_buffer<T>(static_cast<size_t>(n));
  for (int64_t i = 0; i < n; ++i) {
    out[static_cast<size_t>(i)] =
        static_cast<T>(start + step * static_cast<double>(i));
  }
  return BasicTensor<T>(Shape{n}, std::move(out));
}

template <class T = float>
BasicTensor<T> arange(double end) {
  return arange<T>(0.0, end, 1.0);
}

// torch.linspace: `steps` values from start to end inclusive, computed in T
// as PyTorch's CPU kernel does (the first half from start, the second half
// back from end, so both ends are exact).
template <class T = float>
BasicTensor<T> linspace(double start, double end, int64_t steps) {
  if (steps < 0) {
    throw std::invalid_argument("number of steps must be non-negative");
  }
  std::vector<T> out = detail::new_buffer<T>(static_cast<size_t>(steps));
  const T lo = static_cast<T>(start);
  const T hi = static_cast<T>(end);
  if (steps == 1) {
    out[0] = lo;
  } else if (steps > 1) {
    const T step = (hi - lo) / static_cast<T>(steps - 1);
    const int64_t halfway = steps / 2;
    for (int64_t i = 0; i < steps; ++i) {
      out[static_cast<size_t>(i)] =
          i < halfway ? lo + step * static_cast<T>(i)
                      : hi - step * static_cast<T>(steps - i - 1);
    }
  }
  return BasicTensor<T>(Shape{steps}, std::move(out));
}

// Uniform on [0, 1), one gen.uniform<T>() per element in row-major order.
template <class T = float>
BasicTensor<T> rand(Shape shape, Generator& gen) {
  std::vector<T> out = detail::new_buffer<T>(static_cast<size_t>(detail::numel_of(shape)));
  for (T& v : out) v = gen.uniform<T>();
  return BasicTensor<T>(std::move(shape), std::move(out));
}

template <class T = float>
BasicTensor<T> rand(Shape shape, uint64_t seed) {
  Generator gen(seed);
  return rand<T>(std::move(shape), gen);
}

// Standard normal by the Box-Muller transform: each pair of elements (in
// row-major order) takes two uniform doubles u1, u2 and is
// r cos(2 pi u2), r sin(2 pi u2) with r = sqrt(-2 log(1 - u1)); an odd last
// element uses the cosine only.
template <class T = float>
BasicTensor<T> randn(Shape shape, Generator& gen) {
  std::vector<T> out = detail::new_buffer<T>(static_cast<size_t>(detail::numel_of(shape)));
  const double two_pi = 6.283185307179586476925286766559;
  for (size_t i = 0; i < out.size(); i += 2) {
    const double u1 = gen.uniform<double>();
    const double u2 = gen.uniform<double>();
    const double r = std::sqrt(-2.0 * std::log(1.0 - u1));
    out[i] = static_cast<T>(r * std::cos(two_pi * u2));
    if (i + 1 < out.size()) out[i + 1] = static_cast<T>(r * std::sin(two_pi * u2));
  }
  return BasicTensor<T>(std::move(shape), std::move(out));
}

template <class T = float>
BasicTensor<T> randn(Shape shape, uint64_t seed) {
  Generator gen(seed);
  return randn<T>(std::move(shape), gen);
}

// ---- Elementwise unary ----------------------------------------------------------

// (NaN through max/min-like operations: detail::nan_max, tensor_scalar.h.)

template <class T>
BasicTensor<T> neg(const BasicTensor<T>& x) {
  return detail::map(x, [](T v) { return -v; });
}
template <class T>
BasicTensor<T> exp(const BasicTensor<T>& x) {
  return detail::map(x, [](T v) { return adgen::exp(v); });
}
template <class T>
BasicTensor<T> log(const BasicTensor<T>& x) {
  return detail::map(x, [](T v) { return std::log(v); });
}
template <class T>
BasicTensor<T> sin(const BasicTensor<T>& x) {
  return detail::map(x, [](T v) { return std::sin(v); });
}
template <class T>
BasicTensor<T> cos(const BasicTensor<T>& x) {
  return detail::map(x, [](T v) { return std::cos(v); });
}
template <class T>
BasicTensor<T> tanh(const BasicTensor<T>& x) {
  if constexpr (std::is_same<T, float>::value) {
    if (x.is_contiguous()) {  // four elements at a time
      std::vector<T> out = detail::new_buffer<T>(static_cast<size_t>(x.numel()));
      detail::tanh_float_n(x.data(), out.data(), x.numel());
      return BasicTensor<T>(x.shape(), std::move(out));
    }
  }
  return detail::map(x, [](T v) { return adgen::tanh(v); });
}
// 1 / (1 + e^-x), written so that neither branch overflows.
template <class T>
BasicTensor<T> sigmoid(const BasicTensor<T>& x) {
  return detail::map(x, [](T v) { return adgen::sigmoid(v); });
}
// max(x, 0); nan stays nan.
template <class T>
BasicTensor<T> relu(const BasicTensor<T>& x) {
  return detail::map(x, [](T v) { return adgen::relu(v); });
}
template <class T>
BasicTensor<T> sqrt(const BasicTensor<T>& x) {
  return detail::map(x, [](T v) { return std::sqrt(v); });
}
template <class T>
BasicTensor<T> abs(const BasicTensor<T>& x) {
  return detail::map(x, [](T v) { return std::abs(v); });
}

// min(max(x, lo), hi) as PyTorch: nan stays nan, and lo > hi gives hi.
template <class T>
BasicTensor<T> clamp(const BasicTensor<T>& x, detail::NonDeduced<T> lo,
                     detail::NonDeduced<T> hi) {
  return detail::map(x, [lo, hi](T v) { return adgen::clamp(v, lo, hi); });
}
template <class T>
BasicTensor<T> clamp_min(const BasicTensor<T>& x, detail::NonDeduced<T> lo) {
  return detail::map(x, [lo](T v) { return adgen::clamp_min(v, lo); });
}
template <class T>
BasicTensor<T> clamp_max(const BasicTensor<T>& x, detail::NonDeduced<T> hi) {
  return detail::map(x, [hi](T v) { return adgen::clamp_max(v, hi); });
}

// ---- Elementwise binary (broadcasting) -------------------------------------------

// x^e; like PyTorch, exponents 2, 3, 0.5, -0.5, -1, -2, 1 and 0 are
// computed as products, sqrt and reciprocals (detail::pow_scalar, the same
// per element, chosen here once).
template <class T>
BasicTensor<T> pow(const BasicTensor<T>& x, detail::NonDeduced<T> e) {
  if (e == T(2)) return detail::map(x, [](T v) { return v * v; });
  if (e == T(3)) return detail::map(x, [](T v) { return v * v * v; });
  if (e == T(0.5)) return detail::map(x, [](T v) { return std::sqrt(v); });
  if (e == T(-0.5)) return detail::map(x, [](T v) { return T(1) / std::sqrt(v); });
  if (e == T(-1)) return detail::map(x, [](T v) { return T(1) / v; });
  if (e == T(-2)) return detail::map(x, [](T v) { return T(1) / (v * v); });
  if (e == T(1)) return x.clone();
  if (e == T(0)) return ones_like(x);
  return detail::map(x, [e](T v) { return std::pow(v, e); });
}
template <class T>
BasicTensor<T> pow(const BasicTensor<T>& x, const BasicTensor<T>& y) {
  return detail::zip(x, y, [](T a, T b) { return std::pow(a, b); });
}

// Elementwise max / min; nan if either is nan.
template <class T>
BasicTensor<T> maximum(const BasicTensor<T>& a, const BasicTensor<T>& b) {
  return detail::zip(a, b, [](T x, T y) { return adgen::maximum(x, y); });
}
template <class T>
BasicTensor<T> minimum(const BasicTensor<T>& a, const BasicTensor<T>& b) {
  return detail::zip(a, b, [](T x, T y) { return adgen::minimum(x, y); });
}

// ---- Comparisons (1 and 0 in T) ---------------------------------------------------

#define ADGEN_COMPARISON_FUNCTION(NAME, OP)                                 \
  template <class T>                                                        \
  BasicTensor<T> NAME(const BasicTensor<T>& a, const BasicTensor<T>& b) {   \
    return a OP b;                                                          \
  }                                                                         \
  template <class T>                                                        \
  BasicTensor<T> NAME(const BasicTensor<T>& a, detail::NonDeduced<T> b) {   \
    return a OP b;                                                          \
  }
ADGEN_COMPARISON_FUNCTION(lt, <)
ADGEN_COMPARISON_FUNCTION(le, <=)
ADGEN_COMPARISON_FUNCTION(gt, >)
ADGEN_COMPARISON_FUNCTION(ge, >=)
ADGEN_COMPARISON_FUNCTION(eq, ==)
ADGEN_COMPARISON_FUNCTION(ne, !=)
#undef ADGEN_COMPARISON_FUNCTION

// ---- Selection --------------------------------------------------------------------

// a where cond != 0, else b; the three broadcast together.
template <class T>
BasicTensor<T> where(const BasicTensor<T>& cond, const BasicTensor<T>& a,
                     const BasicTensor<T>& b) {
  return detail::zip3(cond, a, b, [](T c, T x, T y) { return adgen::where(c, x, y); });
}
template <class T>
BasicTensor<T> where(const BasicTensor<T>& cond, const BasicTensor<T>& a,
                     detail::NonDeduced<T> b) {
  return where(cond, a, BasicTensor<T>(Shape{}, std::vector<T>{b}));
}
template <class T>
BasicTensor<T> where(const BasicTensor<T>& cond, detail::NonDeduced<T> a,
                     const BasicTensor<T>& b) {
  return where(cond, BasicTensor<T>(Shape{}, std::vector<T>{a}), b);
}

// ---- Reductions -------------------------------------------------------------------
// Accumulated in double for float too; results have T.

namespace detail {

inline std::vector<bool> one_dim_mask(int64_t dim, int64_t ndim) {
  return reduction_mask(Shape{dim}, ndim);
}

// PyTorch's error for max/min/argmax/argmin along an empty dimension.
template <class T>
void check_nonempty_dim(const char* op, const BasicTensor<T>& x, int64_t dim) {
  const int64_t d = wrap_dim(dim, x.dim());
  if (x.dim() > 0 && x.shape()[static_cast<size_t>(d)] == 0) {
    throw std::invalid_argument(std::string(op) +
                                "(): Expected reduction dim " +
                                std::to_string(d) + " to have non-zero size.");
  }
}

template <class T>
void check_nonempty_all(const char* op, const BasicTensor<T>& x) {
  if (x.numel() == 0) {
    throw std::invalid_argument(
        std::string(op) +
        "(): Expected reduction dim to be specified for input.numel() == 0. "
        "Specify the reduction dim with the 'dim' argument.");
  }
}

// Function objects (not function pointers), so that the loops inline them.
struct Add {
  double operator()(double a, double v) const { return a + v; }
};
struct Multiply {
  double operator()(double a, double v) const { return a * v; }
};
struct Max {
  double operator()(double a, double v) const { return nan_max(a, v); }
};
struct Min {
  double operator()(double a, double v) const { return nan_min(a, v); }
};
struct Unchanged {
  double operator()(double a) const { return a; }
};

// Index of the first maximum (or minimum) along a lane; a nan wins.
template <class T, bool Max>
std::vector<int64_t> arg_extremum(const BasicTensor<T>& x, int64_t dim) {
  const int64_t d = wrap_dim(dim, x.dim());
  const int64_t lanes = numel_of(
      reduced_shape(x.shape(), one_dim_mask(d, x.dim()), false));
  std::vector<int64_t> out(static_cast<size_t>(lanes));
  for_each_lane(x, d, [&](int64_t lane, const T* p, int64_t step, int64_t len) {
    int64_t best = 0;
    T value = p[0];
    for (int64_t i = 1; i < len && value == value; ++i) {
      const T v = p[i * step];
      if (v != v || (Max ? v > value : v < value)) {
        best = i;
        value = v;
      }
    }
    out[static_cast<size_t>(lane)] = best;
  });
  return out;
}

}  // namespace detail

template <class T>
BasicTensor<T> sum(const BasicTensor<T>& x, const Shape& dims,
                   bool keepdim = false) {
  return detail::reduce_dims(x, detail::reduction_mask(dims, x.dim()), keepdim,
                             0.0, detail::Add(), detail::Unchanged());
}
template <class T>
BasicTensor<T> sum(const BasicTensor<T>& x, int64_t dim, bool keepdim = false) {
  return sum(x, Shape{dim}, keepdim);
}

// nan where nothing is reduced (0 / 0), as in PyTorch.
template <class T>
BasicTensor<T> mean(const BasicTensor<T>& x, const Shape& dims,
                    bool keepdim = false) {
  const std::vector<bool> mask = detail::reduction_mask(dims, x.dim());
  double count = 1;
  for (size_t d = 0; d < mask.size(); ++d) {
    if (mask[d]) count *= static_cast<double>(x.shape()[d]);
  }
  return detail::reduce_dims(x, mask, keepdim, 0.0, detail::Add(),
                             [count](double a) { return a / count; });
}
template <class T>
BasicTensor<T> mean(const BasicTensor<T>& x, int64_t dim, bool keepdim = false) {
  return mean(x, Shape{dim}, keepdim);
}

template <class T>
BasicTensor<T> prod(const BasicTensor<T>& x) {
  const double p = detail::fold_all(x, 1.0, detail::Multiply());
  return BasicTensor<T>(Shape{}, std::vector<T>{static_cast<T>(p)});
}
template <class T>
BasicTensor<T> prod(const BasicTensor<T>& x, int64_t dim, bool keepdim = false) {
  return detail::reduce_dims(x, detail::one_dim_mask(dim, x.dim()), keepdim,
                             1.0, detail::Multiply(), detail::Unchanged());
}

// All elements; nan if any is nan; an empty tensor is an error.
template <class T>
BasicTensor<T> max(const BasicTensor<T>& x) {
  detail::check_nonempty_all("max", x);
  const double m = detail::fold_all(x, -std::numeric_limits<double>::infinity(),
                                    detail::Max());
  return BasicTensor<T>(Shape{}, std::vector<T>{static_cast<T>(m)});
}
template <class T>
BasicTensor<T> min(const BasicTensor<T>& x) {
  detail::check_nonempty_all("min", x);
  const double m = detail::fold_all(x, std::numeric_limits<double>::infinity(),
                                    detail::Min());
  return BasicTensor<T>(Shape{}, std::vector<T>{static_cast<T>(m)});
}

// The values of torch.max(x, dim, keepdim) (PyTorch also returns indices:
// see argmax).
template <class T>
BasicTensor<T> max(const BasicTensor<T>& x, int64_t dim, bool keepdim = false) {
  detail::check_nonempty_dim("max", x, dim);
  return detail::reduce_dims(x, detail::one_dim_mask(dim, x.dim()), keepdim,
                             -std::numeric_limits<double>::infinity(),
                             detail::Max(), detail::Unchanged());
}
template <class T>
BasicTensor<T> min(const BasicTensor<T>& x, int64_t dim, bool keepdim = false) {
  detail::check_nonempty_dim("min", x, dim);
  return detail::reduce_dims(x, detail::one_dim_mask(dim, x.dim()), keepdim,
                             std::numeric_limits<double>::infinity(),
                             detail::Min(), detail::Unchanged());
}

// The index along dim of the first maximum (minimum), row-major over the
// result shape (keepdim does not change the order, only PyTorch's shape).
template <class T>
std::vector<int64_t> argmax(const BasicTensor<T>& x, int64_t dim,
                            bool keepdim = false) {
  (void)keepdim;
  detail::check_nonempty_dim("argmax", x, dim);
  return detail::arg_extremum<T, true>(x, dim);
}
template <class T>
std::vector<int64_t> argmin(const BasicTensor<T>& x, int64_t dim,
                            bool keepdim = false) {
  (void)keepdim;
  detail::check_nonempty_dim("argmin", x, dim);
  return detail::arg_extremum<T, false>(x, dim);
}

// ---- Shape operations (free forms of the members below) -----------------------------

template <class T>
BasicTensor<T> transpose(const BasicTensor<T>& x, int64_t dim0, int64_t dim1) {
  return x.transpose(dim0, dim1);
}
template <class T>
BasicTensor<T> t(const BasicTensor<T>& x) {
  return x.t();
}
template <class T>
BasicTensor<T> permute(const BasicTensor<T>& x, const Shape& dims) {
  return x.permute(dims);
}
template <class T>
BasicTensor<T> reshape(const BasicTensor<T>& x, const Shape& shape) {
  return x.reshape(shape);
}
template <class T>
BasicTensor<T> view(const BasicTensor<T>& x, const Shape& shape) {
  return x.view(shape);
}
template <class T>
BasicTensor<T> flatten(const BasicTensor<T>& x, int64_t start_dim = 0,
                       int64_t end_dim = -1) {
  return x.flatten(start_dim, end_dim);
}
template <class T>
BasicTensor<T> squeeze(const BasicTensor<T>& x) {
  return x.squeeze();
}
template <class T>
BasicTensor<T> squeeze(const BasicTensor<T>& x, int64_t dim) {
  return x.squeeze(dim);
}
template <class T>
BasicTensor<T> unsqueeze(const BasicTensor<T>& x, int64_t dim) {
  return x.unsqueeze(dim);
}
template <class T>
BasicTensor<T> expand(const BasicTensor<T>& x, const Shape& shape) {
  return x.expand(shape);
}
template <class T>
BasicTensor<T> select(const BasicTensor<T>& x, int64_t dim, int64_t index) {
  return x.select(dim, index);
}
template <class T>
BasicTensor<T> narrow(const BasicTensor<T>& x, int64_t dim, int64_t start,
                      int64_t length) {
  return x.narrow(dim, start, length);
}
template <class T>
BasicTensor<T> slice(const BasicTensor<T>& x, int64_t dim, int64_t start,
                     int64_t end, int64_t step = 1) {
  return x.slice(dim, start, end, step);
}
template <class T>
BasicTensor<T> contiguous(const BasicTensor<T>& x) {
  return x.contiguous();
}
template <class T>
BasicTensor<T> detach(const BasicTensor<T>& x) {
  return x.detach();
}

namespace detail {

// PyTorch's infer_size: `shape` with its one -1 filled in for numel.
inline Shape infer_size(const Shape& shape, int64_t numel) {
  Shape out = shape;
  int64_t known = 1;
  int64_t infer = -1;
  for (size_t d = 0; d < shape.size(); ++d) {
    if (shape[d] == -1) {
      if (infer >= 0) {
        throw std::invalid_argument("only one dimension can be inferred");
      }
      infer = static_cast<int64_t>(d);
    } else if (shape[d] >= 0) {
      known *= shape[d];
    } else {
      throw std::invalid_argument("invalid shape dimension " +
                                  std::to_string(shape[d]));
    }
  }
  if (numel == known || (infer >= 0 && known > 0 && numel % known == 0)) {
    if (infer >= 0) {
      if (known == 0) {
        throw std::invalid_argument(
            "cannot reshape tensor of 0 elements into shape " +
            bracket_dims(shape) +
            " because the unspecified dimension size -1 can be any value and "
            "is ambiguous");
      }
      out[static_cast<size_t>(infer)] = numel / known;
    }
    return out;
  }
  throw std::invalid_argument("shape '" + bracket_dims(shape) +
                              "' is invalid for input of size " +
                              std::to_string(numel));
}

// PyTorch's computeStride: the strides that view (old_shape, old_strides)
// as new_shape without copying; false when no such strides exist.
inline bool view_strides(const Shape& old_shape,
                         const std::vector<int64_t>& old_strides,
                         const Shape& new_shape,
                         std::vector<int64_t>& new_strides) {
  new_strides.assign(new_shape.size(), 0);
  if (old_shape.empty()) {
    new_strides.assign(new_shape.size(), 1);
    return true;
  }
  const int64_t numel = numel_of(old_shape);
  if (numel == 0 && old_shape == new_shape) {
    new_strides = old_strides;
    return true;
  }
  if (numel == 0) {
    for (size_t d = new_shape.size(); d-- > 0;) {
      new_strides[d] = d + 1 == new_shape.size()
                           ? 1
                           : std::max<int64_t>(new_shape[d + 1], 1) *
                                 new_strides[d + 1];
    }
    return true;
  }
  int64_t view_d = static_cast<int64_t>(new_shape.size()) - 1;
  int64_t chunk_base_stride = old_strides.back();
  int64_t tensor_numel = 1;
  int64_t view_numel = 1;
  for (int64_t tensor_d = static_cast<int64_t>(old_shape.size()) - 1;
       tensor_d >= 0; --tensor_d) {
    tensor_numel *= old_shape[static_cast<size_t>(tensor_d)];
    if (tensor_d == 0 ||
        (old_shape[static_cast<size_t>(tensor_d - 1)] != 1 &&
         old_strides[static_cast<size_t>(tensor_d - 1)] !=
             tensor_numel * chunk_base_stride)) {
      while (view_d >= 0 &&
             (view_numel < tensor_numel ||
              new_shape[static_cast<size_t>(view_d)] == 1)) {
        new_strides[static_cast<size_t>(view_d)] = view_numel * chunk_base_stride;
        view_numel *= new_shape[static_cast<size_t>(view_d)];
        --view_d;
      }
      if (view_numel != tensor_numel) return false;
      if (tensor_d > 0) {
        chunk_base_stride = old_strides[static_cast<size_t>(tensor_d - 1)];
        tensor_numel = 1;
        view_numel = 1;
      }
    }
  }
  return view_d == -1;
}

template <class T>
std::string legacy_type_name() {
  return std::is_same<T, float>::value ? "torch.FloatTensor"
                                       : "torch.DoubleTensor";
}

}  // namespace detail

// torch.cat: along dim, which every tensor must have; the other sizes must
// agree. As in PyTorch 1.13, 1-D empty tensors (shape [0]) are skipped.
template <class T>
BasicTensor<T> cat(const std::vector<BasicTensor<T>>& tensors,
                   int64_t dim = 0) {
  if (tensors.empty()) {
    throw std::invalid_argument("torch.cat(): expected a non-empty list of Tensors");
  }
  std::vector<size_t> used;
  for (size_t i = 0; i < tensors.size(); ++i) {
    if (tensors[i].dim() == 0) {
      throw std::invalid_argument("zero-dimensional tensor (at position " +
                                  std::to_string(i) +
                                  ") cannot be concatenated");
    }
    if (!(tensors[i].dim() == 1 && tensors[i].numel() == 0)) used.push_back(i);
  }
  if (used.empty()) return tensors[0].clone();
  const BasicTensor<T>& first = tensors[used[0]];
  const int64_t d = detail::wrap_dim(dim, first.dim());
  Shape shape = first.shape();
  shape[static_cast<size_t>(d)] = 0;
  for (size_t i : used) {
    const BasicTensor<T>& x = tensors[i];
    if (x.dim() != first.dim()) {
      throw std::invalid_argument(
          "Tensors must have same number of dimensions: got " +
          std::to_string(first.dim()) + " and " + std::to_string(x.dim()));
    }
    for (int64_t k = 0; k < x.dim(); ++k) {
      if (k != d && x.shape()[static_cast<size_t>(k)] !=
                        first.shape()[static_cast<size_t>(k)]) {
        throw std::invalid_argument(
            "Sizes of tensors must match except in dimension " +
            std::to_string(d) + ". Expected size " +
            std::to_string(first.shape()[static_cast<size_t>(k)]) +
            " but got size " + std::to_string(x.shape()[static_cast<size_t>(k)]) +
            " for tensor number " + std::to_string(i) + " in the list.");
      }
    }
    shape[static_cast<size_t>(d)] += x.shape()[static_cast<size_t>(d)];
  }
  BasicTensor<T> out(shape, detail::new_buffer<T>(static_cast<size_t>(detail::numel_of(shape))));
  int64_t at = 0;
  for (size_t i : used) {
    const int64_t n = tensors[i].shape()[static_cast<size_t>(d)];
    BasicTensor<T> part = out.narrow(d, at, n);
    detail::zip_inplace(part, tensors[i], [](T, T v) { return v; });
    at += n;
  }
  return out;
}

// torch.stack: equal shapes, joined along a new dimension dim.
template <class T>
BasicTensor<T> stack(const std::vector<BasicTensor<T>>& tensors,
                     int64_t dim = 0) {
  if (tensors.empty()) {
    throw std::invalid_argument("stack expects a non-empty TensorList");
  }
  const int64_t d = detail::wrap_dim(dim, tensors[0].dim() + 1);
  std::vector<BasicTensor<T>> parts;
  for (size_t i = 0; i < tensors.size(); ++i) {
    if (tensors[i].shape() != tensors[0].shape()) {
      throw std::invalid_argument(
          "stack expects each tensor to be equal size, but got " +
          detail::bracket_dims(tensors[0].shape()) + " at entry 0 and " +
          detail::bracket_dims(tensors[i].shape()) + " at entry " +
          std::to_string(i));
    }
    parts.push_back(tensors[i].unsqueeze(d));
  }
  return cat(parts, d);
}

// cat({a, b}, 0) and stack({a, b}): a braced list deduces T here (it cannot
// through std::vector).
template <class T>
BasicTensor<T> cat(std::initializer_list<BasicTensor<T>> tensors, int64_t dim = 0) {
  return cat(std::vector<BasicTensor<T>>(tensors), dim);
}
template <class T>
BasicTensor<T> stack(std::initializer_list<BasicTensor<T>> tensors, int64_t dim = 0) {
  return stack(std::vector<BasicTensor<T>>(tensors), dim);
}

// x.size(d), x.dim(), x.numel() as free functions: how generated code reads
// sizes (x may be any tensor expression there).
template <class T>
int64_t size(const BasicTensor<T>& t, int64_t d) {
  return t.size(d);
}
template <class T>
int64_t dim(const BasicTensor<T>& t) {
  return t.dim();
}
template <class T>
int64_t numel(const BasicTensor<T>& t) {
  return t.numel();
}

// ---- Matrix products --------------------------------------------------------------

// torch.matmul: 1-D . 1-D (dot), 2-D @ 2-D, 1-D @ 2-D, 2-D @ 1-D, and
// batched products whose batch dimensions broadcast.
template <class T>
BasicTensor<T> matmul(const BasicTensor<T>& a, const BasicTensor<T>& b) {
  const int64_t da = a.dim();
  const int64_t db = b.dim();
  if (da == 0 || db == 0) {
    throw std::invalid_argument(
        "both arguments to matmul need to be at least 1D, but they are " +
        std::to_string(da) + "D and " + std::to_string(db) + "D");
  }
  const Shape& sa = a.shape();
  const Shape& sb = b.shape();
  const int64_t M = da == 1 ? 1 : sa[static_cast<size_t>(da - 2)];
  const int64_t K = sa.back();
  const int64_t K2 = db == 1 ? sb[0] : sb[static_cast<size_t>(db - 2)];
  const int64_t N = db == 1 ? 1 : sb.back();
  const Shape batch_a(sa.begin(), sa.end() - std::min<int64_t>(da, 2));
  const Shape batch_b(sb.begin(), sb.end() - std::min<int64_t>(db, 2));
  const auto mat = [](int64_t r, int64_t c) {
    return std::to_string(r) + "x" + std::to_string(c);
  };
  if (K != K2) {
    if (da == 1 && db == 1) {
      throw std::invalid_argument(
          "inconsistent tensor size, expected tensor [" + std::to_string(K) +
          "] and src [" + std::to_string(K2) +
          "] to have the same number of elements, but got " +
          std::to_string(K) + " and " + std::to_string(K2) +
          " elements respectively");
    }
    if (da == 2 && db == 1) {
      throw std::invalid_argument("size mismatch, got " + std::to_string(M) +
                                  ", " + mat(M, K) + "," + std::to_string(K2));
    }
    if (db <= 2) {  // PyTorch folds a's batch into its rows and calls mm
      throw std::invalid_argument("mat1 and mat2 shapes cannot be multiplied (" +
                                  mat(detail::numel_of(batch_a) * M, K) +
                                  " and " + mat(K2, N) + ")");
    }
    const int64_t B = detail::numel_of(detail::broadcast_shape(batch_a, batch_b));
    throw std::invalid_argument(
        "Expected size for first two dimensions of batch2 tensor to be: [" +
        std::to_string(B) + ", " + std::to_string(K) + "] but got: [" +
        std::to_string(B) + ", " + std::to_string(K2) + "].");
  }
  const Shape batch = detail::broadcast_shape(batch_a, batch_b);
  Shape out_shape = batch;
  if (da > 1) out_shape.push_back(M);
  if (db > 1) out_shape.push_back(N);
  std::vector<T> out = detail::new_buffer<T>(static_cast<size_t>(detail::numel_of(out_shape)));
  const std::vector<int64_t>& st_a = a.strides();
  const std::vector<int64_t>& st_b = b.strides();
  const int64_t sam = da == 1 ? 0 : st_a[static_cast<size_t>(da - 2)];
  const int64_t sak = st_a.back();
  const int64_t sbk = db == 1 ? st_b[0] : st_b[static_cast<size_t>(db - 2)];
  const int64_t sbn = db == 1 ? 0 : st_b.back();
  // b without batch dimensions and a whose batch dimensions step evenly by
  // M rows: one product of (batch * M) x K by K x N.
  if (db <= 2 && da > 2) {
    bool fold = true;
    int64_t expected = sam * M;
    for (size_t d = batch_a.size(); d-- > 0 && fold;) {
      if (batch_a[d] == 1) continue;
      fold = st_a[d] == expected;
      expected *= batch_a[d];
    }
    if (fold && (M > 1 || sam != 0)) {
      detail::gemm(detail::numel_of(batch_a) * M, N, K, a.data(), sam, sak,
                   b.data(), sbk, sbn, out.data());
      return BasicTensor<T>(std::move(out_shape), std::move(out));
    }
  }
  // One product per batch element; broadcast batch dimensions have stride 0.
  const auto batch_strides = [&batch](const BasicTensor<T>& x,
                                      const Shape& own) {
    std::vector<int64_t> s(batch.size(), 0);
    const size_t lead = batch.size() - own.size();
    for (size_t d = 0; d < own.size(); ++d) {
      s[lead + d] = own[d] == 1 ? 0 : x.strides()[d];
    }
    return s;
  };
  const std::vector<int64_t> bsa = batch_strides(a, batch_a);
  const std::vector<int64_t> bsb = batch_strides(b, batch_b);
  const T* pa = a.data();
  const T* pb = b.data();
  T* pc = out.data();
  int64_t index = 0;
  detail::for_each_row<2>(
      batch, {&bsa, &bsb},
      [&](const std::array<int64_t, 2>& base, int64_t len,
          const std::array<int64_t, 2>& step) {
        for (int64_t i = 0; i < len; ++i, ++index) {
          detail::gemm(M, N, K, pa + base[0] + i * step[0], sam, sak,
                       pb + base[1] + i * step[1], sbk, sbn, pc + index * M * N);
        }
      });
  return BasicTensor<T>(std::move(out_shape), std::move(out));
}

// torch.mm: two matrices.
template <class T>
BasicTensor<T> mm(const BasicTensor<T>& a, const BasicTensor<T>& b) {
  if (a.dim() != 2) throw std::invalid_argument("self must be a matrix");
  if (b.dim() != 2) throw std::invalid_argument("mat2 must be a matrix");
  return matmul(a, b);
}

// torch.nn.functional.linear: x W^T (+ b). W^T is a view; BLAS reads it
// transposed without a copy.
template <class T>
BasicTensor<T> linear(const BasicTensor<T>& x, const BasicTensor<T>& W) {
  return matmul(x, W.t());
}
template <class T>
BasicTensor<T> linear(const BasicTensor<T>& x, const BasicTensor<T>& W,
                      const BasicTensor<T>& b) {
  // The common case, a dense x [.., in], W [out, in] and b [out]: the rows
  // of the result start as b and the product is added to them.
  if (x.dim() >= 1 && W.dim() == 2 && b.dim() == 1 && x.is_contiguous() &&
      x.size(-1) == W.size(1) && b.size(0) == W.size(0)) {
    const int64_t in = W.size(1), out_f = W.size(0);
    int64_t rows = 1;
    for (int64_t d = 0; d + 1 < x.dim(); ++d) rows *= x.size(d);
    Shape shape = x.shape();
    shape.back() = out_f;
    std::vector<T> out = detail::new_buffer<T>(static_cast<size_t>(rows * out_f));
    const T* pb = b.data();
    const int64_t sb = b.stride(0);
    for (int64_t r = 0; r < rows; ++r) {
      for (int64_t j = 0; j < out_f; ++j) out[static_cast<size_t>(r * out_f + j)] = pb[j * sb];
    }
    detail::gemm(rows, out_f, in, x.data(), in, int64_t{1}, W.data(), W.stride(1), W.stride(0),
                 out.data(), /*add_to_c=*/true);
    return BasicTensor<T>(std::move(shape), std::move(out));
  }
  BasicTensor<T> out = matmul(x, W.t());
  out += b;
  return out;
}

// ---- Softmax family ---------------------------------------------------------------

namespace detail {

// Calls f(in lane, step, len, out lane pointer, out step) for every lane of
// x along dim, with out a dense tensor of x's shape.
template <class T, class F>
BasicTensor<T> lanewise(const BasicTensor<T>& x, int64_t dim, F f) {
  const int64_t d = wrap_dim(dim, x.dim());
  std::vector<T> out = detail::new_buffer<T>(static_cast<size_t>(x.numel()));
  int64_t inner = 1;
  for (size_t k = static_cast<size_t>(d) + 1; k < x.shape().size(); ++k) {
    inner *= x.shape()[k];
  }
  T* po = out.data();
  for_each_lane(x, d, [&](int64_t lane, const T* p, int64_t step, int64_t len) {
    T* o = po + (lane / inner) * len * inner + lane % inner;
    f(p, step, len, o, inner);
  });
  return BasicTensor<T>(x.shape(), std::move(out));
}

template <class T>
double lane_max(const T* p, int64_t step, int64_t len) {
  double m = -std::numeric_limits<double>::infinity();
  for (int64_t i = 0; i < len; ++i) {
    m = nan_max(m, static_cast<double>(p[i * step]));
  }
  return m;
}

}  // namespace detail

// exp(x - max) / sum(exp(x - max)) along dim: the exponentials in T (as
// PyTorch), their sum in double.
template <class T>
BasicTensor<T> softmax(const BasicTensor<T>& x, int64_t dim) {
  return detail::lanewise(x, dim, [](const T* p, int64_t step, int64_t len,
                                     T* o, int64_t ostep) {
    const T m = static_cast<T>(detail::lane_max(p, step, len));
    double total = 0;
    for (int64_t i = 0; i < len; ++i) {
      const T e = std::exp(p[i * step] - m);
      o[i * ostep] = e;
      total += static_cast<double>(e);
    }
    const T scale = static_cast<T>(1.0 / total);
    for (int64_t i = 0; i < len; ++i) o[i * ostep] *= scale;
  });
}

// (x - max) - log(sum(exp(x - max))) along dim; the sum in double.
template <class T>
BasicTensor<T> log_softmax(const BasicTensor<T>& x, int64_t dim) {
  return detail::lanewise(x, dim, [](const T* p, int64_t step, int64_t len,
                                     T* o, int64_t ostep) {
    const T m = static_cast<T>(detail::lane_max(p, step, len));
    double total = 0;
    for (int64_t i = 0; i < len; ++i) {
      total += static_cast<double>(std::exp(p[i * step] - m));
    }
    const double log_total = std::log(total);
    for (int64_t i = 0; i < len; ++i) {
      o[i * ostep] =
          static_cast<T>(static_cast<double>(p[i * step] - m) - log_total);
    }
  });
}

// log(sum(exp(x))) along dim, shifted by the maximum (0 when it is
// infinite, as PyTorch does, so that all -inf gives -inf).
template <class T>
BasicTensor<T> logsumexp(const BasicTensor<T>& x, int64_t dim,
                         bool keepdim = false) {
  const int64_t d = detail::wrap_dim(dim, x.dim());
  std::vector<bool> mask = detail::one_dim_mask(d, x.dim());
  const int64_t lanes =
      detail::numel_of(detail::reduced_shape(x.shape(), mask, false));
  std::vector<T> out = detail::new_buffer<T>(static_cast<size_t>(lanes));
  detail::for_each_lane(x, d, [&](int64_t lane, const T* p, int64_t step, int64_t len) {
    T m = static_cast<T>(detail::lane_max(p, step, len));
    if (std::isinf(m)) m = 0;
    double total = 0;
    for (int64_t i = 0; i < len; ++i) {
      total += static_cast<double>(std::exp(p[i * step] - m));
    }
    out[static_cast<size_t>(lane)] =
        static_cast<T>(std::log(total) + static_cast<double>(m));
  });
  return BasicTensor<T>(detail::reduced_shape(x.shape(), mask, keepdim), std::move(out));
}

// ---- Losses (reduction 'mean') -----------------------------------------------------

// mean((input - target)^2); the two broadcast (PyTorch warns when their
// shapes differ).
template <class T>
BasicTensor<T> mse_loss(const BasicTensor<T>& input, const BasicTensor<T>& target) {
  const BasicTensor<T> sq = detail::zip(input, target, [](T a, T b) {
    const T d = a - b;
    return d * d;
  });
  return sq.mean();
}

// -mean over i of input[i, target[i]] for input [N, C] (or -input[target[0]]
// for input [C]). Targets equal to -100 (PyTorch's default ignore_index)
// are skipped and not counted; others must be in [0, C).
template <class T>
BasicTensor<T> nll_loss(const BasicTensor<T>& input,
                        const std::vector<int64_t>& target) {
  if (input.dim() == 0) {
    throw std::invalid_argument("input tensor should be 1D or 2D");
  }
  if (input.dim() > 2) {
    throw std::invalid_argument(
        "adgen: nll_loss and cross_entropy take input of shape [N, C] or [C], "
        "got " + detail::bracket_dims(input.shape()));
  }
  const int64_t N = input.dim() == 2 ? input.shape()[0] : 1;
  const int64_t C = input.shape().back();
  if (static_cast<int64_t>(target.size()) != N) {
    throw std::invalid_argument("Expected input batch_size (" + std::to_string(N) +
                                ") to match target batch_size (" +
                                std::to_string(target.size()) + ").");
  }
  const int64_t s_row = input.dim() == 2 ? input.strides()[0] : 0;
  const int64_t s_col = input.strides().back();
  const T* p = input.data();
  double total = 0;
  double count = 0;
  for (int64_t i = 0; i < N; ++i) {
    const int64_t t = target[static_cast<size_t>(i)];
    if (t == -100) continue;
    if (t < 0 || t >= C) {
      throw std::out_of_range("Target " + std::to_string(t) + " is out of bounds.");
    }
    total -= static_cast<double>(p[i * s_row + t * s_col]);
    count += 1;
  }
  return BasicTensor<T>(Shape{}, std::vector<T>{static_cast<T>(total / count)});
}

// nll_loss(log_softmax(input, class dimension), target).
template <class T>
BasicTensor<T> cross_entropy(const BasicTensor<T>& input,
                             const std::vector<int64_t>& target) {
  if (input.dim() == 0 || input.dim() > 2) return nll_loss(input, target);
  return nll_loss(log_softmax(input, input.dim() == 2 ? 1 : 0), target);
}

// ---- Autograd ------------------------------------------------------------------------

// torch.no_grad() as a scope: does nothing at run time; adgen treats the
// values computed in its scope as constants.
class NoGradGuard {
 public:
  NoGradGuard() {}
  ~NoGradGuard() {}
  NoGradGuard(const NoGradGuard&) = delete;
  NoGradGuard& operator=(const NoGradGuard&) = delete;
};

// ---- Members of BasicTensor ------------------------------------------------------------

template <class T>
BasicTensor<T> BasicTensor<T>::sum(int64_t dim, bool keepdim) const {
  return adgen::sum(*this, dim, keepdim);
}
template <class T>
BasicTensor<T> BasicTensor<T>::sum(const Shape& dims, bool keepdim) const {
  return adgen::sum(*this, dims, keepdim);
}
template <class T>
BasicTensor<T> BasicTensor<T>::mean(int64_t dim, bool keepdim) const {
  return adgen::mean(*this, dim, keepdim);
}
template <class T>
BasicTensor<T> BasicTensor<T>::mean(const Shape& dims, bool keepdim) const {
  return adgen::mean(*this, dims, keepdim);
}
template <class T>
BasicTensor<T> BasicTensor<T>::prod() const {
  return adgen::prod(*this);
}
template <class T>
BasicTensor<T> BasicTensor<T>::prod(int64_t dim, bool keepdim) const {
  return adgen::prod(*this, dim, keepdim);
}
template <class T>
BasicTensor<T> BasicTensor<T>::max() const {
  return adgen::max(*this);
}
template <class T>
BasicTensor<T> BasicTensor<T>::min() const {
  return adgen::min(*this);
}
template <class T>
BasicTensor<T> BasicTensor<T>::max(int64_t dim, bool keepdim) const {
  return adgen::max(*this, dim, keepdim);
}
template <class T>
BasicTensor<T> BasicTensor<T>::min(int64_t dim, bool keepdim) const {
  return adgen::min(*this, dim, keepdim);
}
template <class T>
std::vector<int64_t> BasicTensor<T>::argmax(int64_t dim, bool keepdim) const {
  return adgen::argmax(*this, dim, keepdim);
}
template <class T>
std::vector<int64_t> BasicTensor<T>::argmin(int64_t dim, bool keepdim) const {
  return adgen::argmin(*this, dim, keepdim);
}
template <class T>
BasicTensor<T> BasicTensor<T>::logsumexp(int64_t dim, bool keepdim) const {
  return adgen::logsumexp(*this, dim, keepdim);
}
template <class T>
BasicTensor<T> BasicTensor<T>::softmax(int64_t dim) const {
  return adgen::softmax(*this, dim);
}
template <class T>
BasicTensor<T> BasicTensor<T>::log_softmax(int64_t dim) const {
  return adgen::log_softmax(*this, dim);
}

#define ADGEN_UNARY_MEMBER(NAME)                   \
  template <class T>                               \
  BasicTensor<T> BasicTensor<T>::NAME() const {    \
    return adgen::NAME(*this);                     \
  }
ADGEN_UNARY_MEMBER(neg)
ADGEN_UNARY_MEMBER(exp)
ADGEN_UNARY_MEMBER(log)
ADGEN_UNARY_MEMBER(sin)
ADGEN_UNARY_MEMBER(cos)
ADGEN_UNARY_MEMBER(tanh)
ADGEN_UNARY_MEMBER(sigmoid)
ADGEN_UNARY_MEMBER(relu)
ADGEN_UNARY_MEMBER(sqrt)
ADGEN_UNARY_MEMBER(abs)
#undef ADGEN_UNARY_MEMBER

template <class T>
BasicTensor<T> BasicTensor<T>::clamp(T lo, T hi) const {
  return adgen::clamp(*this, lo, hi);
}
template <class T>
BasicTensor<T> BasicTensor<T>::clamp_min(T lo) const {
  return adgen::clamp_min(*this, lo);
}
template <class T>
BasicTensor<T> BasicTensor<T>::clamp_max(T hi) const {
  return adgen::clamp_max(*this, hi);
}
template <class T>
BasicTensor<T> BasicTensor<T>::pow(T exponent) const {
  return adgen::pow(*this, exponent);
}
template <class T>
BasicTensor<T> BasicTensor<T>::pow(const BasicTensor& exponent) const {
  return adgen::pow(*this, exponent);
}
template <class T>
BasicTensor<T> BasicTensor<T>::matmul(const BasicTensor& other) const {
  return adgen::matmul(*this, other);
}
template <class T>
BasicTensor<T> BasicTensor<T>::mm(const BasicTensor& other) const {
  return adgen::mm(*this, other);
}

// Views: the same storage with another shape, strides and offset.

template <class T>
BasicTensor<T> BasicTensor<T>::transpose(int64_t dim0, int64_t dim1) const {
  const int64_t d0 = detail::wrap_dim(dim0, dim());
  const int64_t d1 = detail::wrap_dim(dim1, dim());
  Shape shape = this->shape();
  std::vector<int64_t> st = strides();
  if (dim() > 0) {
    std::swap(shape[static_cast<size_t>(d0)], shape[static_cast<size_t>(d1)]);
    std::swap(st[static_cast<size_t>(d0)], st[static_cast<size_t>(d1)]);
  }
  return as_strided(std::move(shape), std::move(st), storage_offset());
}

template <class T>
BasicTensor<T> BasicTensor<T>::t() const {
  if (dim() > 2) {
    throw std::invalid_argument(
        "t() expects a tensor with <= 2 dimensions, but self is " +
        std::to_string(dim()) + "D");
  }
  return dim() == 2 ? transpose(0, 1)
                    : as_strided(shape(), strides(), storage_offset());
}

template <class T>
BasicTensor<T> BasicTensor<T>::permute(const Shape& dims) const {
  if (static_cast<int64_t>(dims.size()) != dim()) {
    throw std::invalid_argument("number of dims don't match in permute");
  }
  Shape shape(dims.size());
  std::vector<int64_t> st(dims.size());
  std::vector<bool> seen(dims.size(), false);
  for (size_t i = 0; i < dims.size(); ++i) {
    const size_t d = static_cast<size_t>(detail::wrap_dim(dims[i], dim()));
    if (seen[d]) throw std::invalid_argument("repeated dim in permute");
    seen[d] = true;
    shape[i] = this->shape()[d];
    st[i] = strides()[d];
  }
  return as_strided(std::move(shape), std::move(st), storage_offset());
}

template <class T>
BasicTensor<T> BasicTensor<T>::view(const Shape& shape) const {
  Shape size = detail::infer_size(shape, numel());
  std::vector<int64_t> st;
  if (!detail::view_strides(this->shape(), strides(), size, st)) {
    throw std::invalid_argument(
        "view size is not compatible with input tensor's size and stride (at "
        "least one dimension spans across two contiguous subspaces). Use "
        ".reshape(...) instead.");
  }
  return as_strided(std::move(size), std::move(st), storage_offset());
}

template <class T>
BasicTensor<T> BasicTensor<T>::reshape(const Shape& shape) const {
  Shape size = detail::infer_size(shape, numel());
  std::vector<int64_t> st;
  if (detail::view_strides(this->shape(), strides(), size, st)) {
    return as_strided(std::move(size), std::move(st), storage_offset());
  }
  BasicTensor copy = clone();  // dense: reinterpret its storage
  return copy.as_strided(size, detail::contiguous_strides(size), 0);
}

template <class T>
BasicTensor<T> BasicTensor<T>::flatten(int64_t start_dim, int64_t end_dim) const {
  if (dim() == 0) return reshape({1});
  const int64_t s = detail::wrap_dim(start_dim, dim());
  const int64_t e = detail::wrap_dim(end_dim, dim());
  if (s > e) {
    throw std::invalid_argument(
        "flatten() has invalid args: start_dim cannot come after end_dim");
  }
  if (s == e) return as_strided(shape(), strides(), storage_offset());
  Shape size(shape().begin(), shape().begin() + s);
  int64_t n = 1;
  for (int64_t d = s; d <= e; ++d) n *= shape()[static_cast<size_t>(d)];
  size.push_back(n);
  size.insert(size.end(), shape().begin() + e + 1, shape().end());
  return reshape(size);
}

template <class T>
BasicTensor<T> BasicTensor<T>::squeeze() const {
  Shape size;
  std::vector<int64_t> st;
  for (size_t d = 0; d < shape().size(); ++d) {
    if (shape()[d] != 1) {
      size.push_back(shape()[d]);
      st.push_back(strides()[d]);
    }
  }
  return as_strided(std::move(size), std::move(st), storage_offset());
}

template <class T>
BasicTensor<T> BasicTensor<T>::squeeze(int64_t dim) const {
  const int64_t d = detail::wrap_dim(dim, this->dim());
  Shape size = shape();
  std::vector<int64_t> st = strides();
  if (this->dim() > 0 && size[static_cast<size_t>(d)] == 1) {
    size.erase(size.begin() + d);
    st.erase(st.begin() + d);
  }
  return as_strided(std::move(size), std::move(st), storage_offset());
}

template <class T>
BasicTensor<T> BasicTensor<T>::unsqueeze(int64_t dim) const {
  const int64_t d = detail::wrap_dim(dim, this->dim() + 1);
  Shape size = shape();
  std::vector<int64_t> st = strides();
  const int64_t stride = d >= this->dim() ? 1
                                          : size[static_cast<size_t>(d)] *
                                                st[static_cast<size_t>(d)];
  size.insert(size.begin() + d, 1);
  st.insert(st.begin() + d, stride);
  return as_strided(std::move(size), std::move(st), storage_offset());
}

template <class T>
BasicTensor<T> BasicTensor<T>::expand(const Shape& shape) const {
  const int64_t ndim = static_cast<int64_t>(shape.size());
  if (ndim < dim()) {
    throw std::invalid_argument(
        "expand(" + detail::legacy_type_name<T>() + "{" +
        detail::bracket_dims(this->shape()) + "}, size=" +
        detail::bracket_dims(shape) + "): the number of sizes provided (" +
        std::to_string(ndim) +
        ") must be greater or equal to the number of dimensions in the tensor (" +
        std::to_string(dim()) + ")");
  }
  Shape size(shape.size());
  std::vector<int64_t> st(shape.size());
  for (int64_t i = ndim - 1; i >= 0; --i) {
    const int64_t offset = ndim - 1 - i;
    const int64_t d = dim() - 1 - offset;
    int64_t n = d >= 0 ? this->shape()[static_cast<size_t>(d)] : 1;
    int64_t s = d >= 0 ? strides()[static_cast<size_t>(d)]
                       : (i + 1 < ndim ? size[static_cast<size_t>(i + 1)] *
                                             st[static_cast<size_t>(i + 1)]
                                       : 1);
    int64_t target = shape[static_cast<size_t>(i)];
    if (target == -1) {
      if (d < 0) {
        throw std::invalid_argument(
            "The expanded size of the tensor (-1) isn't allowed in a leading, "
            "non-existing dimension " + std::to_string(i));
      }
      target = n;
    }
    if (n != target) {
      if (n != 1) {
        throw std::invalid_argument(
            "The expanded size of the tensor (" + std::to_string(target) +
            ") must match the existing size (" + std::to_string(n) +
            ") at non-singleton dimension " + std::to_string(i) +
            ".  Target sizes: " + detail::bracket_dims(shape) +
            ".  Tensor sizes: " + detail::bracket_dims(this->shape()));
      }
      n = target;
      s = 0;
    }
    size[static_cast<size_t>(i)] = n;
    st[static_cast<size_t>(i)] = s;
  }
  return as_strided(std::move(size), std::move(st), storage_offset());
}

template <class T>
BasicTensor<T> BasicTensor<T>::select(int64_t dim, int64_t index) const {
  if (this->dim() == 0) {
    throw std::out_of_range("select() cannot be applied to a 0-dim tensor.");
  }
  const size_t d = static_cast<size_t>(detail::wrap_dim(dim, this->dim()));
  const int64_t n = shape()[d];
  if (index < -n || index >= n) {
    throw std::out_of_range("select(): index " + std::to_string(index) +
                            " out of range for tensor of size " +
                            detail::bracket_dims(shape()) + " at dimension " +
                            std::to_string(d));
  }
  if (index < 0) index += n;
  Shape size = shape();
  std::vector<int64_t> st = strides();
  const int64_t offset = storage_offset() + index * st[d];
  size.erase(size.begin() + static_cast<int64_t>(d));
  st.erase(st.begin() + static_cast<int64_t>(d));
  return as_strided(std::move(size), std::move(st), offset);
}

template <class T>
BasicTensor<T> BasicTensor<T>::narrow(int64_t dim, int64_t start,
                                      int64_t length) const {
  if (this->dim() == 0) {
    throw std::invalid_argument("narrow() cannot be applied to a 0-dim tensor.");
  }
  const int64_t d = detail::wrap_dim(dim, this->dim());
  const int64_t cur = shape()[static_cast<size_t>(d)];
  if (start != cur && start < 0) start = detail::wrap_dim(start, cur);
  if (length < 0 || start > cur - length) {
    throw std::invalid_argument("start (" + std::to_string(start) +
                                ") + length (" + std::to_string(length) +
                                ") exceeds dimension size (" +
                                std::to_string(cur) + ").");
  }
  return slice(d, start, start + length, 1);
}

// x[..., start:end:step, ...] along dim, with Python's clamping.
template <class T>
BasicTensor<T> BasicTensor<T>::slice(int64_t dim, int64_t start, int64_t end,
                                     int64_t step) const {
  if (this->dim() == 0) {
    throw std::invalid_argument("slice() cannot be applied to a 0-dim tensor.");
  }
  if (step <= 0) throw std::invalid_argument("slice step must be positive");
  const size_t d = static_cast<size_t>(detail::wrap_dim(dim, this->dim()));
  const int64_t n = shape()[d];
  if (start < 0) start += n;
  if (end < 0) end += n;
  start = std::min(std::max<int64_t>(start, 0), n);
  end = std::min(std::max(end, start), n);
  Shape size = shape();
  std::vector<int64_t> st = strides();
  const int64_t offset = storage_offset() + start * st[d];
  size[d] = (end - start + step - 1) / step;
  st[d] *= step;
  return as_strided(std::move(size), std::move(st), offset);
}

template <class T>
BasicTensor<T> BasicTensor<T>::contiguous() const {
  return is_contiguous() ? *this : clone();
}

}  // namespace adgen

#endif  // ADGEN_TENSOR_OPS_H
