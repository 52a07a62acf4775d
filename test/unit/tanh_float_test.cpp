// Unit tests for adgen/tanh_float.h, the vectorizable tanh of float tensors.
// Oracle: tanhl (long double). The error bound documented in the header and
// in docs/tensor-api.md (2 ulp) is checked on every 97th positive float and
// its negative, for the one-element function and for the loop over elements
// (vectorized, and with FMA where the CPU has it: the two may differ in the
// last bit, so each is checked against the oracle).
#include "adgen/tanh_float.h"

#include <gtest/gtest.h>

#include <cmath>
#include <cstdint>
#include <cstring>
#include <limits>
#include <vector>

namespace {

float from_bits(uint32_t b) {
  float x;
  std::memcpy(&x, &b, sizeof x);
  return x;
}

// |got - want| in units of the last place of the float nearest to want.
double ulps(float got, long double want) {
  const float w = static_cast<float>(want);
  const long double ulp = static_cast<long double>(std::nextafter(std::fabs(w), INFINITY)) -
                          static_cast<long double>(std::fabs(w));
  return static_cast<double>(std::fabs(static_cast<long double>(got) - want) / ulp);
}

TEST(TanhFloat, WithinTwoUlpsScalarAndLoop) {
  std::vector<float> xs;
  for (uint32_t b = 0; b < 0x7f800000u; b += 97) {
    xs.push_back(from_bits(b));
    xs.push_back(-from_bits(b));
  }
  std::vector<float> out(xs.size());
  adgen::detail::tanh_float_n(xs.data(), out.data(), static_cast<int64_t>(xs.size()));
  double worst = 0;
  float worst_x = 0;
  for (size_t i = 0; i < xs.size(); ++i) {
    const long double want = tanhl(static_cast<long double>(xs[i]));
    for (float got : {adgen::detail::tanh_float(xs[i]), out[i]}) {
      const double e = ulps(got, want);
      if (e > worst) {
        worst = e;
        worst_x = xs[i];
      }
    }
  }
  EXPECT_LE(worst, 2.0) << "at x = " << worst_x;
}

TEST(TanhFloat, SpecialValues) {
  using adgen::detail::tanh_float;
  const float inf = std::numeric_limits<float>::infinity();
  EXPECT_EQ(tanh_float(inf), 1.0f);
  EXPECT_EQ(tanh_float(-inf), -1.0f);
  EXPECT_TRUE(std::isnan(tanh_float(std::numeric_limits<float>::quiet_NaN())));
  EXPECT_EQ(tanh_float(0.0f), 0.0f);
  EXPECT_FALSE(std::signbit(tanh_float(0.0f)));
  EXPECT_TRUE(std::signbit(tanh_float(-0.0f)));
  EXPECT_EQ(tanh_float(9.0f), std::nextafter(1.0f, 0.0f));  // 1 - 3.05e-8
  EXPECT_EQ(tanh_float(9.1f), 1.0f);
  EXPECT_EQ(tanh_float(-100.0f), -1.0f);
  // The smallest subnormal: tanh x = x.
  EXPECT_EQ(tanh_float(from_bits(1)), from_bits(1));
  // A short loop (the vectorized loop's epilogue) against the oracle.
  const float in[7] = {-3, -1, -0.5f, 0, 0.39f, 0.41f, 2};
  float out[7];
  adgen::detail::tanh_float_n(in, out, 7);
  for (int i = 0; i < 7; ++i) {
    EXPECT_LE(ulps(out[i], tanhl(static_cast<long double>(in[i]))), 2.0) << in[i];
  }
}

}  // namespace
