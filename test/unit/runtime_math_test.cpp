// Unit tests for the derivative helpers of adgen/runtime.h, against values
// derived by hand (each helper is one rule with its convention).
#include <adgen/runtime.h>

#include <gtest/gtest.h>

#include <cmath>
#include <limits>

namespace {

using adgen::detail::fmax_grad_first;
using adgen::detail::fmax_grad_second;
using adgen::detail::fmin_grad_first;
using adgen::detail::fmin_grad_second;
using adgen::detail::hypot_grad;
using adgen::detail::pow_grad_base;
using adgen::detail::pow_grad_exponent;
using adgen::detail::sign;

constexpr double NaN = std::numeric_limits<double>::quiet_NaN();

template <class T> class RuntimeMath : public ::testing::Test {};
using Reals = ::testing::Types<float, double>;
TYPED_TEST_SUITE(RuntimeMath, Reals);

TYPED_TEST(RuntimeMath, SignIsZeroAtZero) {
  using T = TypeParam;
  EXPECT_EQ(sign(T(2.5)), T(1));
  EXPECT_EQ(sign(T(-0.1)), T(-1));
  EXPECT_EQ(sign(T(0)), T(0));
  EXPECT_EQ(sign(T(-0.0)), T(0));
  EXPECT_TRUE(std::isnan(sign(T(NaN))));
}

TYPED_TEST(RuntimeMath, PowBase) {
  using T = TypeParam;
  // d/da a^3 at a = 2 is 3 * 4 = 12; times g = 0.5.
  EXPECT_EQ(pow_grad_base(T(0.5), T(2), T(3)), T(6));
  // b == 0: zero even at a == 0 (0 * 0^-1 would be NaN).
  EXPECT_EQ(pow_grad_base(T(1), T(0), T(0)), T(0));
  EXPECT_EQ(pow_grad_base(T(1), T(5), T(0)), T(0));
  // sqrt-like exponent at 0: b * 0^(b-1) = inf, as PyTorch.
  EXPECT_TRUE(std::isinf(pow_grad_base(T(1), T(0), T(0.5))));
}

TYPED_TEST(RuntimeMath, PowExponent) {
  using T = TypeParam;
  // d/db 2^b at b = 3 is 8 ln 2.
  EXPECT_NEAR(pow_grad_exponent(T(1), T(2), T(3), T(8)), 8 * std::log(2.0), 1e-5);
  // a == 0 and b >= 0: zero, not 0 * -inf.
  EXPECT_EQ(pow_grad_exponent(T(1), T(0), T(2), T(0)), T(0));
  EXPECT_EQ(pow_grad_exponent(T(1), T(0), T(0), T(1)), T(0));
  // a < 0: log(a) is NaN, so is the derivative (as PyTorch).
  EXPECT_TRUE(std::isnan(pow_grad_exponent(T(1), T(-2), T(2), T(4))));
}

TYPED_TEST(RuntimeMath, Hypot) {
  using T = TypeParam;
  // d/da hypot(3, 4) = 3/5.
  EXPECT_NEAR(hypot_grad(T(1), T(3), T(5)), 0.6, 1e-6);
  EXPECT_EQ(hypot_grad(T(1), T(0), T(0)), T(0));
}

TYPED_TEST(RuntimeMath, FmaxFmin) {
  using T = TypeParam;
  EXPECT_EQ(fmax_grad_first(T(2), T(3), T(1)), T(2));
  EXPECT_EQ(fmax_grad_second(T(2), T(3), T(1)), T(0));
  EXPECT_EQ(fmax_grad_first(T(2), T(1), T(3)), T(0));
  EXPECT_EQ(fmax_grad_second(T(2), T(1), T(3)), T(2));
  // Ties: all to the first argument.
  EXPECT_EQ(fmax_grad_first(T(2), T(1), T(1)), T(2));
  EXPECT_EQ(fmax_grad_second(T(2), T(1), T(1)), T(0));
  EXPECT_EQ(fmin_grad_first(T(2), T(1), T(1)), T(2));
  EXPECT_EQ(fmin_grad_second(T(2), T(1), T(1)), T(0));
  EXPECT_EQ(fmin_grad_first(T(2), T(1), T(3)), T(2));
  EXPECT_EQ(fmin_grad_second(T(2), T(3), T(1)), T(2));
  // NaN: the gradient goes to the other argument, which fmax/fmin return.
  EXPECT_EQ(fmax_grad_first(T(2), T(1), T(NaN)), T(2));
  EXPECT_EQ(fmax_grad_second(T(2), T(NaN), T(1)), T(2));
  EXPECT_EQ(fmin_grad_first(T(2), T(1), T(NaN)), T(2));
  EXPECT_EQ(fmin_grad_second(T(2), T(NaN), T(1)), T(2));
}

} // namespace
