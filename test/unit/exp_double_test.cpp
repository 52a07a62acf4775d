// Unit tests for adgen/exp_double.h, the vectorizable exp of double tensor
// elements. Oracle: expl (long double). The bound documented in the header
// (1 ulp) is checked on 4 million arguments over the whole finite range and
// near 0, for the scalar function and for the map kernel (vectorized where
// the CPU allows), and on the edges of overflow and underflow.
#include "adgen/tensor.h"

#include <gtest/gtest.h>

#include <cmath>
#include <cstdint>
#include <cstring>
#include <limits>
#include <random>
#include <vector>

namespace {

using adgen::detail::exp_double;

// |got - want| in units of the last place of the double nearest to want
// (subnormal ulps below 2^-1022).
double ulps(double got, long double want) {
  int e = 0;
  std::frexp(static_cast<double>(want), &e);
  const long double ulp = std::ldexp(1.0L, std::max(e - 53, -1074));
  return static_cast<double>(std::fabs(static_cast<long double>(got) - want) / ulp);
}

std::vector<double> arguments() {
  std::mt19937_64 rng(20261207);
  std::uniform_real_distribution<double> wide(-745.2, 709.8), narrow(-3, 3), tiny(-1e-6, 1e-6);
  std::vector<double> xs;
  for (int i = 0; i < 4000000; ++i)
    xs.push_back(i % 4 == 0 ? wide(rng) : i % 4 == 3 ? tiny(rng) : narrow(rng));
  return xs;
}

TEST(ExpDouble, WithinOneUlpScalarAndKernel) {
  const std::vector<double> xs = arguments();
  adgen::DoubleTensor x({static_cast<int64_t>(xs.size())}, std::vector<double>(xs));
  const adgen::DoubleTensor y = adgen::exp(x);  // the map kernel, vectorized where the CPU allows
  double worst = 0, worst_x = 0;
  for (size_t i = 0; i < xs.size(); ++i) {
    const long double want = expl(static_cast<long double>(xs[i]));
    // The kernel and the scalar function may differ in the last bit where
    // the kernel runs with FMA (a multiply and an add contracted); both
    // must stay within 1 ulp.
    for (double got : {exp_double(xs[i]), y.data()[i]}) {
      const double e = want > std::numeric_limits<double>::max() ? (std::isinf(got) ? 0 : 1e9)
                                                                  : ulps(got, want);
      if (e > worst) worst = e, worst_x = xs[i];
    }
  }
  EXPECT_LE(worst, 1.0) << "at x = " << worst_x;
}

TEST(ExpDouble, SpecialValuesAndEdges) {
  const double inf = std::numeric_limits<double>::infinity();
  EXPECT_EQ(exp_double(0.0), 1.0);
  EXPECT_EQ(exp_double(-0.0), 1.0);
  EXPECT_EQ(exp_double(inf), inf);
  EXPECT_EQ(exp_double(-inf), 0.0);
  EXPECT_TRUE(std::isnan(exp_double(std::numeric_limits<double>::quiet_NaN())));
  EXPECT_EQ(exp_double(709.79), inf);
  EXPECT_EQ(exp_double(1000.0), inf);
  EXPECT_EQ(exp_double(-746.0), 0.0);
  // Largest finite result, smallest normal and subnormal results.
  for (double x : {1.0, -1.0, 0.5, 709.782712893384, 709.7, 700.5, -700.5, -708.3964185322641, -708.5, -720.0,
                   -740.0, -745.0, -745.1332191019411, 1e-300, -1e-300, 5e-324}) {
    const double got = exp_double(x);
    EXPECT_TRUE(std::isfinite(got)) << x;
    EXPECT_LE(ulps(got, expl(static_cast<long double>(x))), 1.0) << x;
  }
}

TEST(ExpDouble, FloatTensorsRoundTheDoubleResult) {
  // float elements: exp in double, rounded once to float.
  adgen::Tensor x({5}, std::vector<float>{-80.0f, -1.5f, 0.0f, 2.25f, 88.0f});
  const adgen::Tensor y = adgen::exp(x);
  for (int i = 0; i < 5; ++i) {
    const long double want = expl(static_cast<long double>(x.data()[i]));
    EXPECT_EQ(y.data()[i], static_cast<float>(want)) << x.data()[i];
  }
  EXPECT_EQ(adgen::exp(adgen::Tensor({1}, std::vector<float>{89.0f})).data()[0],
            std::numeric_limits<float>::infinity());
}

TEST(ExpDouble, SigmoidThroughItAtTheExtremes) {
  // sigmoid picks 1 / (1 + e) or e / (1 + e), e = exp(-|x|), without a
  // branch: no overflow at either end, NaN stays NaN.
  for (double x : {-1000.0, -745.5, -40.0, -1.0, -0.0, 0.0, 1e-300, 2.5, 40.0, 1000.0}) {
    const long double want = 1.0L / (1.0L + expl(-static_cast<long double>(x)));
    EXPECT_LE(ulps(adgen::sigmoid(x), want), 2.0) << x;
    const float xf = static_cast<float>(x);
    const float got = adgen::sigmoid(xf);
    EXPECT_NEAR(got, static_cast<double>(want), 1e-7 * static_cast<double>(want) + 1e-45) << x;
  }
  EXPECT_EQ(adgen::sigmoid(-0.0), 0.5);
  EXPECT_TRUE(std::isnan(adgen::sigmoid(std::numeric_limits<double>::quiet_NaN())));
  EXPECT_TRUE(std::isnan(adgen::sigmoid(std::numeric_limits<float>::quiet_NaN())));
}

}  // namespace
