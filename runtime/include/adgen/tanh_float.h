// adgen/tanh_float.h - tanh of float, written so that a loop over elements
// vectorizes. Included by adgen/tensor_scalar.h.
//
// libm's tanhf is a scalar call of about 10 ns: in an MLP step it costs as
// much as a matrix product (bench/README.md). This is one formula over a
// "lane" type, with no branch (selects are made on bits), so the compiler
// vectorizes a loop that calls it: tanh_float_n runs 4 lanes on the
// baseline, 8 or 16 in its AVX2 and AVX-512 clones (ADGEN_VECTOR_CLONES,
// adgen/kernel_attributes.h), as do the fused chains that call adgen::tanh:
//
//   |x| < 0.4    odd Taylor polynomial to x^15 (truncation < 2e-9 relative)
//   |x| >= 0.4   1 - 2 / (exp(2|x|) + 1), with the sign of x; exp(y) is
//                2^k * exp(r), |r| <= ln2 / 2, Taylor to r^7; |x| is capped
//                at 10 (from 9.02 on, tanh rounds to 1 in float)
//
// Against tanh in long double: at most 2 ulp (1.99 measured over every 97th
// float, test/unit/tanh_float_test.cpp; glibc's tanhf: 2.13); 8 192
// elements take 3.1 us with AVX-512 here, 17 us on the baseline (tanhf:
// about 80 us). NaN gives NaN, +-inf gives +-1, -0 gives -0. (Where a clone
// has FMA, the compiler may contract a multiply and an add that the
// baseline rounds twice: results then differ in the last bit.)
#ifndef ADGEN_TANH_FLOAT_H
#define ADGEN_TANH_FLOAT_H

#include <cstdint>

#include "adgen/kernel_attributes.h"

namespace adgen {
namespace detail {

// One float.
struct ScalarLanes {
  using F = float;
  using I = int32_t;
  // By bits, not m ? a : b: the compiler would move the arithmetic of the
  // arm it needs into a branch, and a loop with a branch does not vectorize.
  static F select(bool m, F a, F b) {
    const I all = -static_cast<I>(m);
    return from_bits((bits(a) & all) | (bits(b) & ~all));
  }
  static I bits(F v) { return bit_cast<I>(v); }
  static F from_bits(I i) { return bit_cast<F>(i); }
  static I truncate(F v) { return static_cast<I>(v); }
  static F to_float(I i) { return static_cast<F>(i); }
};

template <class L>
ADGEN_INLINE typename L::F tanh_lanes(typename L::F x) {
  using F = typename L::F;
  const int32_t kSign = -0x7fffffff - 1;
  const F a = L::from_bits(L::bits(x) & 0x7fffffff);

  // Small |x|: x + x^3 (c3 + x^2 (c5 + ...)), tanh's Taylor series.
  const F z = x * x;
  F p = F{} + -929569.0f / 638512875.0f;
  p = p * z + 21844.0f / 6081075.0f;
  p = p * z + -1382.0f / 155925.0f;
  p = p * z + 62.0f / 2835.0f;
  p = p * z + -17.0f / 315.0f;
  p = p * z + 2.0f / 15.0f;
  p = p * z + -1.0f / 3.0f;
  const F small = a + a * (z * p);

  // Larger |x|: 1 - 2 / (e + 1), e = exp(2|x|). NaN and inf become 10 here
  // (never converted to an integer); NaN takes the small path below.
  const F y = 2.0f * L::select(a <= 10.0f, a, F{} + 10.0f);
  const auto ki = L::truncate(y * 1.44269504088896341f + 0.5f);
  const F k = L::to_float(ki);
  const F r = (y - k * 0.693359375f) - k * -2.12194440e-4f;  // ln 2 in two parts
  F q = F{} + 1.0f / 5040.0f;
  q = q * r + 1.0f / 720.0f;
  q = q * r + 1.0f / 120.0f;
  q = q * r + 1.0f / 24.0f;
  q = q * r + 1.0f / 6.0f;
  q = q * r + 0.5f;
  q = q * r + 1.0f;
  q = q * r + 1.0f;
  const F e = q * L::from_bits((ki + 127) << 23);
  const F large = 1.0f - 2.0f / (e + 1.0f);

  // |tanh x| with the sign of x (also for -0). NaN fails a >= 0.4 and
  // stays NaN through the small path.
  return L::from_bits(L::bits(L::select(a >= 0.4f, large, small)) | (L::bits(x) & kSign));
}

ADGEN_INLINE float tanh_float(float x) { return tanh_lanes<ScalarLanes>(x); }

// out[i] = tanh(in[i]) for i < n. The one-element form has no branch, so
// the compiler vectorizes this loop: 4 lanes on the baseline, 8 or 16 in the
// AVX2 and AVX-512 clones (ADGEN_VECTOR_CLONES).
ADGEN_VECTOR_CLONES inline void tanh_float_n(const float* in, float* out, int64_t n) {
  for (int64_t i = 0; i < n; ++i) out[i] = tanh_float(in[i]);
}

}  // namespace detail
}  // namespace adgen

#endif  // ADGEN_TANH_FLOAT_H
