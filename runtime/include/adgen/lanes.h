// adgen/lanes.h - K adjoints carried side by side, for f_vjp_multi<K>.
//
// f_vjp_multi<K> runs the forward sweep once and the reverse sweep for K
// seeds at once (Tapenade's vector mode): every adjoint in it is a
// Lanes<T, K>, lane k belonging to seed k. With K unit seeds it gives K rows
// of a Jacobian for the price of one forward sweep, and the K lanes of each
// adjoint operation are independent, so the compiler can keep them in one
// vector register. Included by adgen/runtime.h.
//
// Adjoint code is linear in the adjoints: it adds them, scales them by
// primal values, and selects between them and zero. Lanes supports exactly
// that, lane by lane, with the same expressions as the scalar vjp, so lane k
// of f_vjp_multi is the value f_vjp computes for seed k.
#ifndef ADGEN_LANES_H
#define ADGEN_LANES_H

#include <cstddef>

namespace adgen {

namespace detail {
/// T, in a position that template argument deduction skips: the scalar of
/// `lanes * 2` or `lanes * i` (an int) converts to the lanes' type.
template <class T> struct Same { using type = T; };
template <class T> using NoDeduce = typename Same<T>::type;
} // namespace detail

template <class T, int K> struct Lanes {
  static_assert(K >= 1, "Lanes<T, K> needs at least one lane");
  T v[K];

  Lanes() : v{} {}
  /// The same value in every lane (0.0 clears an adjoint).
  Lanes(T x) { // NOLINT: implicit, as a double adjoint is assigned 0.0
    for (int k = 0; k < K; ++k)
      v[k] = x;
  }
  T &operator[](int k) { return v[k]; }
  const T &operator[](int k) const { return v[k]; }

  Lanes &operator+=(const Lanes &b) {
    for (int k = 0; k < K; ++k)
      v[k] += b.v[k];
    return *this;
  }
  Lanes &operator-=(const Lanes &b) {
    for (int k = 0; k < K; ++k)
      v[k] -= b.v[k];
    return *this;
  }
};

#define ADGEN_DETAIL_LANES_OP(op)                                                            \
  template <class T, int K> Lanes<T, K> operator op(const Lanes<T, K> &a, const Lanes<T, K> &b) { \
    Lanes<T, K> r;                                                                           \
    for (int k = 0; k < K; ++k)                                                              \
      r.v[k] = a.v[k] op b.v[k];                                                             \
    return r;                                                                                \
  }                                                                                          \
  template <class T, int K> Lanes<T, K> operator op(const Lanes<T, K> &a, detail::NoDeduce<T> b) {             \
    Lanes<T, K> r;                                                                           \
    for (int k = 0; k < K; ++k)                                                              \
      r.v[k] = a.v[k] op b;                                                                  \
    return r;                                                                                \
  }                                                                                          \
  template <class T, int K> Lanes<T, K> operator op(detail::NoDeduce<T> a, const Lanes<T, K> &b) {             \
    Lanes<T, K> r;                                                                           \
    for (int k = 0; k < K; ++k)                                                              \
      r.v[k] = a op b.v[k];                                                                  \
    return r;                                                                                \
  }
ADGEN_DETAIL_LANES_OP(+)
ADGEN_DETAIL_LANES_OP(-)
ADGEN_DETAIL_LANES_OP(*)
ADGEN_DETAIL_LANES_OP(/)
#undef ADGEN_DETAIL_LANES_OP

template <class T, int K> Lanes<T, K> operator-(const Lanes<T, K> &a) {
  Lanes<T, K> r;
  for (int k = 0; k < K; ++k)
    r.v[k] = -a.v[k];
  return r;
}

/// Whether any lane differs from x: generated code skips the reverse of a
/// loop whose adjoints are all zero (`if (d_s != 0.0)`), and runs it when
/// any seed needs it.
template <class T, int K> bool operator!=(const Lanes<T, K> &a, detail::NoDeduce<T> x) {
  for (int k = 0; k < K; ++k)
    if (a.v[k] != x)
      return true;
  return false;
}
template <class T, int K> bool operator==(const Lanes<T, K> &a, detail::NoDeduce<T> x) {
  return !(a != x);
}

namespace detail {
/// static_cast of every lane (an adjoint crossing a float/double conversion).
template <class U, class T, int K> Lanes<U, K> lanes_cast(const Lanes<T, K> &a) {
  Lanes<U, K> r;
  for (int k = 0; k < K; ++k)
    r.v[k] = static_cast<U>(a.v[k]);
  return r;
}

/// A scalar adjoint helper (runtime.h: pow_grad_base(g, a, b), ...) applied
/// lane by lane, its primal operands shared.
template <class T, int K, class F> Lanes<T, K> each_lane(const Lanes<T, K> &g, F f) {
  Lanes<T, K> r;
  for (int k = 0; k < K; ++k)
    r.v[k] = f(g.v[k]);
  return r;
}
} // namespace detail

} // namespace adgen

#endif // ADGEN_LANES_H
