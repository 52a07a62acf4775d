// adgen/exp_double.h - exp of double, written so that a loop over elements
// vectorizes. Included by adgen/tensor_scalar.h.
//
// libm's exp is a scalar call (about 3.1 ns here): in sum(exp(-(x - mu)^2))
// over 10^6 doubles it was 57% of the gradient's time (bench/README.md).
// This exp has no branches, no table and no calls, so the compiler
// vectorizes a loop that calls it (the map kernels of tensor_kernels.h are
// built for AVX2 and AVX-512 as well, see ADGEN_VECTOR_CLONES: 0.86 ms for
// 10^6 elements with AVX-512 here); one element alone takes the same
// operations:
//
//   x = k ln2 + r, |r| <= ln2/2   (k = round(x / ln2); ln2 in two parts, the
//                                  first with 32 bits, so k ln2 is exact)
//   exp(x) = 2^k (1 + r + r^2/2! + ... + r^13/13!)
//
// The Taylor remainder is below 6e-18 relative. Results beyond 2^+-1000
// (subnormal, or near overflow) are scaled in two steps.
//
// Against exp in long double: at most 1 ulp (0.974 measured over 4 million
// arguments, test/unit/exp_double_test.cpp; glibc's exp: 0.51). exp(NaN) is
// NaN, exp(+inf) is +inf, exp(-inf) is 0, overflow gives +inf and underflow
// 0, as std::exp.
#ifndef ADGEN_EXP_DOUBLE_H
#define ADGEN_EXP_DOUBLE_H

#include <cmath>
#include <cstdint>

#include "adgen/kernel_attributes.h"

namespace adgen {
namespace detail {

// m ? a : b, both already computed: the compiler does not move
// floating-point arithmetic into a branch's arm (-ftrapping-math), and a
// loop that keeps a branch does not vectorize.
template <class V>
ADGEN_INLINE V exp_pick(bool m, V a, V b) {
  return m ? a : b;
}

ADGEN_INLINE double exp_double(double x) {
  // Clamp (NaN to -746 too) so that every integer below is in range.
  const double c = exp_pick(x > 710.0, 710.0, exp_pick(x >= -746.0, x, -746.0));
  const double shift = 0x1.8p52;  // adding it rounds to an integer, kept in the low bits
  const double kd0 = c * 0x1.71547652b82fep+0 + shift;
  const uint64_t ki = bit_cast<uint64_t>(kd0);
  const double kd = kd0 - shift;
  const double r = (c - kd * 6.93147180369123816490e-01) - kd * 1.90821492927058770002e-10;
  double q = 1.0 / 6227020800.0;  // 1/13!
  q = q * r + 1.0 / 479001600.0;
  q = q * r + 1.0 / 39916800.0;
  q = q * r + 1.0 / 3628800.0;
  q = q * r + 1.0 / 362880.0;
  q = q * r + 1.0 / 40320.0;
  q = q * r + 1.0 / 5040.0;
  q = q * r + 1.0 / 720.0;
  q = q * r + 1.0 / 120.0;
  q = q * r + 1.0 / 24.0;
  q = q * r + 1.0 / 6.0;
  q = q * r + 0.5;
  const double em1 = r + r * r * q;  // exp(r) - 1
  // 2^k: k is in the low bits of kd0, so kd0's bits << 52 are k << 52.
  // Beyond 2^+-1000, 1000 << 52 (the bits of 2^-23) is taken off the
  // exponent and put back by a multiplication.
  const bool low = c < -700.0, high = c > 700.0;
  const uint64_t adjust =
      bit_cast<uint64_t>(exp_pick(low, 0x1p-23, 0.0)) -
      bit_cast<uint64_t>(exp_pick(high, 0x1p-23, 0.0));
  const double scale = bit_cast<double>((ki << 52) + (uint64_t(1023) << 52) + adjust);
  const double y = (scale + scale * em1) * exp_pick(low, 0x1p-1000, exp_pick(high, 0x1p1000, 1.0));
  const double finite = exp_pick(x > 0x1.62e42fefa39efp+9, HUGE_VAL,
                                 exp_pick(x < -0x1.74910d52d3051p+9, 0.0, y));
  return exp_pick(x != x, x + x, finite);
}

}  // namespace detail
}  // namespace adgen

#endif  // ADGEN_EXP_DOUBLE_H
