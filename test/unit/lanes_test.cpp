// Unit tests for adgen::Lanes (adgen/lanes.h), the K adjoints of
// f_vjp_multi<K>: each operation works lane by lane, and the runtime's
// adjoint helpers on lanes give, lane k, the scalar helper on lane k (the
// values derived by hand in runtime_math_test.cpp).
#include <adgen/runtime.h>

#include <gtest/gtest.h>

#include <cmath>

namespace {

using L3 = adgen::Lanes<double, 3>;

L3 make(double a, double b, double c) {
  L3 l;
  l[0] = a;
  l[1] = b;
  l[2] = c;
  return l;
}

void expectLanes(const L3 &l, double a, double b, double c) {
  EXPECT_EQ(l[0], a);
  EXPECT_EQ(l[1], b);
  EXPECT_EQ(l[2], c);
}

TEST(Lanes, ZeroByDefaultAndBroadcastFromAScalar) {
  expectLanes(L3(), 0, 0, 0);
  L3 l = 2.5; // as generated code clears an adjoint: d = 0.0
  expectLanes(l, 2.5, 2.5, 2.5);
  L3 arr[2] = {};
  expectLanes(arr[1], 0, 0, 0);
}

TEST(Lanes, ArithmeticIsLaneByLane) {
  const L3 a = make(1, -2, 4), b = make(0.5, 3, -1);
  expectLanes(a + b, 1.5, 1, 3);
  expectLanes(a - b, 0.5, -5, 5);
  expectLanes(a * b, 0.5, -6, -4);
  expectLanes(a / b, 2, -2.0 / 3, -4);
  expectLanes(-a, -1, 2, -4);
  // A primal scalar on either side, an int converted to the lanes' type.
  expectLanes(2.0 * a, 2, -4, 8);
  expectLanes(a * 2, 2, -4, 8);
  expectLanes(a / 4.0, 0.25, -0.5, 1);
  expectLanes(1.0 - a, 0, 3, -3);
  L3 c = a;
  c += b;
  expectLanes(c, 1.5, 1, 3);
  c -= a;
  expectLanes(c, 0.5, 3, -1);
}

TEST(Lanes, ComparedWithAScalarAcrossAllLanes) {
  // A reverse loop runs when any lane of its adjoints is not zero.
  EXPECT_FALSE(L3(0.0) != 0.0);
  EXPECT_TRUE(make(0, 0, 1e-300) != 0.0);
  EXPECT_TRUE(L3(0.0) == 0.0);
  EXPECT_FALSE(make(0, -1, 0) == 0.0);
}

TEST(Lanes, CastEachLane) {
  const adgen::Lanes<float, 2> f = adgen::detail::lanes_cast<float>(adgen::Lanes<double, 2>(0.1));
  EXPECT_EQ(f[0], 0.1f);
  EXPECT_EQ(f[1], 0.1f);
}

TEST(Lanes, HelpersApplyTheScalarRulePerLane) {
  using namespace adgen::detail;
  const L3 g = make(1, -0.5, 0);
  // pow(a, b): b == 0 gives 0 in every lane, even at a == 0.
  expectLanes(pow_grad_base(g, 0.0, 0.0), 0, 0, 0);
  expectLanes(pow_grad_base(g, 2.0, 3.0), 12, -6, 0);
  // d/db pow(a, b) = a^b log a, 0 at a == 0 and b >= 0.
  const double r = std::pow(2.0, 1.5) * std::log(2.0);
  expectLanes(pow_grad_exponent(g, 2.0, 1.5, std::pow(2.0, 1.5)), r, -0.5 * r, 0);
  expectLanes(pow_grad_exponent(g, 0.0, 1.5, 0.0), 0, 0, 0);
  // hypot: 0 at the origin.
  expectLanes(hypot_grad(g, 3.0, 5.0), 0.6, -0.3, 0);
  expectLanes(hypot_grad(g, 0.0, 0.0), 0, 0, 0);
  // fmax/fmin: the whole adjoint to the argument that is the result.
  expectLanes(fmax_grad_first(g, 2.0, 1.0), 1, -0.5, 0);
  expectLanes(fmax_grad_second(g, 2.0, 1.0), 0, 0, 0);
  expectLanes(fmin_grad_first(g, 2.0, 1.0), 0, 0, 0);
  expectLanes(fmin_grad_second(g, 2.0, 1.0), 1, -0.5, 0);
}

} // namespace
