// adgen/runtime.h - small derivative helpers that generated code calls.
//
// Each helper is a derivative rule too long for one line of generated code,
// most often because of a convention at a non-differentiable point. They are
// inline and the C++ compiler inlines them; test/unit/runtime_math_test.cpp
// pins each one. Conventions follow PyTorch 1.13 unless noted.
#ifndef ADGEN_RUNTIME_H
#define ADGEN_RUNTIME_H

#include <algorithm>
#include <array>
#include <cmath>
#include <cstddef>
#include <cstring>
#include <stdexcept>
#include <vector>

#include <adgen/adgen.h>
#include <adgen/lanes.h>
#include <adgen/tape.h>

namespace adgen::detail {

/// d|x|/dx: sign(x), with 0 at 0 (PyTorch's abs backward); NaN stays NaN.
template <class T> inline T sign(T x) {
  return x > T(0) ? T(1) : x < T(0) ? T(-1) : x == T(0) ? T(0) : x;
}

/// g * d/da pow(a, b) = g * b * a^(b-1), and 0 where b == 0 (even at a == 0,
/// where b * a^(b-1) would be 0 * inf), as PyTorch.
template <class T> inline T pow_grad_base(T g, T a, T b) {
  return b == T(0) ? T(0) : g * (b * std::pow(a, b - T(1)));
}

/// g * d/db pow(a, b) = g * a^b * log(a), and 0 where a == 0 and b >= 0
/// (PyTorch), instead of 0 * -inf = NaN.
template <class T> inline T pow_grad_exponent(T g, T a, T b, T result) {
  return (a == T(0) && b >= T(0)) ? T(0) : g * (result * std::log(a));
}

/// g * d/da hypot(a, b) = g * a / hypot(a, b); 0 at the origin (a subgradient;
/// PyTorch gives NaN there).
template <class T> inline T hypot_grad(T g, T a, T result) {
  return result == T(0) ? T(0) : g * a / result;
}

/// fmax/fmin: the gradient goes to the argument that is the result; on ties
/// to the first argument; when one argument is NaN, to the other (PyTorch).
template <class T> inline T fmax_grad_first(T g, T a, T b) {
  return (a >= b || std::isnan(b)) ? g : T(0);
}
template <class T> inline T fmax_grad_second(T g, T a, T b) {
  return (a >= b || std::isnan(b)) ? T(0) : g;
}
template <class T> inline T fmin_grad_first(T g, T a, T b) {
  return (a <= b || std::isnan(b)) ? g : T(0);
}
template <class T> inline T fmin_grad_second(T g, T a, T b) {
  return (a <= b || std::isnan(b)) ? T(0) : g;
}

/// The helpers above in f_vjp_multi (adgen/lanes.h): the seed-dependent
/// g has K lanes, the primal operands are shared.
template <class T, int K>
inline Lanes<T, K> pow_grad_base(const Lanes<T, K> &g, NoDeduce<T> a, NoDeduce<T> b) {
  return each_lane(g, [&](T x) { return pow_grad_base(x, a, b); });
}
template <class T, int K>
inline Lanes<T, K> pow_grad_exponent(const Lanes<T, K> &g, NoDeduce<T> a, NoDeduce<T> b,
                                     NoDeduce<T> result) {
  return each_lane(g, [&](T x) { return pow_grad_exponent(x, a, b, result); });
}
template <class T, int K>
inline Lanes<T, K> hypot_grad(const Lanes<T, K> &g, NoDeduce<T> a, NoDeduce<T> result) {
  return each_lane(g, [&](T x) { return hypot_grad(x, a, result); });
}
#define ADGEN_DETAIL_LANES_HELPER(name)                                                      \
  template <class T, int K>                                                                  \
  inline Lanes<T, K> name(const Lanes<T, K> &g, NoDeduce<T> a, NoDeduce<T> b) {              \
    return each_lane(g, [&](T x) { return name(x, a, b); });                                 \
  }
ADGEN_DETAIL_LANES_HELPER(fmax_grad_first)
ADGEN_DETAIL_LANES_HELPER(fmax_grad_second)
ADGEN_DETAIL_LANES_HELPER(fmin_grad_first)
ADGEN_DETAIL_LANES_HELPER(fmin_grad_second)
#undef ADGEN_DETAIL_LANES_HELPER

/// The adjoint of an output parameter that the function also reads
/// (y[i] += ...) holds the adjoints of y's elements while the reverse sweep
/// runs, so it may not be null: pass zeros where you want no seed.
template <class P> inline void require_adjoint(const P *d, const char *message) {
  if (!d)
    throw std::invalid_argument(message);
}

/// The adjoint of a std::vector that grows (push_back, resize): d_v[i],
/// grown with zeros to reach i (the reverse sweep meets the elements
/// before it knows how many there were).
template <class T> inline T &grown(std::vector<T> &d, std::size_t i) {
  if (i >= d.size())
    d.resize(i + 1);
  return d[i];
}

/// The reverse of v.resize(now) from `old` elements: the elements it
/// dropped, or created (as constants), get no adjoint from before it.
template <class T>
inline void discard_adjoints(std::vector<T> &d, std::size_t old, std::size_t now) {
  std::size_t keep = std::min(old, now);
  if (d.size() > keep)
    d.resize(keep);
}

/// A copy of a fixed-size local array of N values of T (`T a[N]`, `T
/// a[R][C]` with R * C = N, `std::array<T, N>`) that a recursive call read:
/// the reverse passes the copy to the call's vjp. A std::array, so that
/// taking it and keeping it on a tape allocate nothing.
template <class T, std::size_t N, class A> inline std::array<T, N> snapshot(const A &a) {
  static_assert(sizeof(A) == N * sizeof(T), "snapshot: the array holds N values of T");
  std::array<T, N> copy;
  std::memcpy(copy.data(), &a, sizeof copy);
  return copy;
}

} // namespace adgen::detail

#endif // ADGEN_RUNTIME_H
