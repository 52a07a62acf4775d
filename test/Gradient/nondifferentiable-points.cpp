// fabs, fmin and fmax at ordinary points (against the oracle), and the
// documented conventions where a function has no derivative (against values
// derived by hand; central differences mean nothing there), in float and double:
//   |x|' at 0 is 0; fmax and fmin send the whole gradient to the first argument
//   on a tie and to the other argument when one is NaN; sqrt'(0) = inf;
//   d/dy pow(x, y) = 0 at x == 0, y >= 0; d/dx pow(x, 0) = 0; hypot at (0, 0)
//   has gradient (0, 0).
//
// RUN: rm -rf %t && mkdir -p %t
// RUN: %adgen %s -o %t/nondifferentiable-points.grad.h -- -std=c++17
// RUN: FileCheck %s < %t/nondifferentiable-points.grad.h
// RUN: %cxx -I%t %s -o %t/gcc && %t/gcc | FileCheck %s --check-prefix=EXEC
// RUN: %clangxx -I%t %s -o %t/clang && %t/clang | FileCheck %s --check-prefix=EXEC

#include <adgen/adgen.h>
#include <cmath>

// Each body is written once; the oracle instantiates it for long double.
#define FUNCTIONS(T, MARK)                                                      \
  MARK T absolute(T x) { return std::fabs(x); }                                 \
  MARK T maximum(T x, T y) { return std::fmax(x, y); }                          \
  MARK T minimum(T x, T y) { return std::fmin(x, y); }                          \
  MARK T relu(T x) {                                                            \
    T zero = 0;                                                                 \
    return std::fmax(x, zero);                                                  \
  }                                                                             \
  MARK T clamp01(T x) {                                                         \
    T zero = 0, one = 1;                                                        \
    return std::fmin(std::fmax(x, zero), one);                                  \
  }                                                                             \
  MARK T abs_diff(T x, T y) { return std::fabs(x - y); }                        \
  MARK T l1_norm(T x, T y, T z) {                                               \
    return std::fabs(x) + std::fabs(y) + std::fabs(z);                          \
  }                                                                             \
  MARK T max3(T x, T y, T z) { return std::fmax(std::fmax(x, y), z); }          \
  MARK T abs_times_min(T x, T y) { return std::fabs(x) * std::fmin(x, y); }     \
  MARK T square_root(T x) { return std::sqrt(x); }                              \
  MARK T cube_root(T x) { return std::cbrt(x); }                                \
  MARK T power(T x, T y) { return std::pow(x, y); }                             \
  MARK T power_zero(T x) { return std::pow(x, 0.0); }                           \
  MARK T power_two(T x) { return std::pow(x, 2.0); }                            \
  MARK T hypotenuse(T x, T y) { return std::hypot(x, y); }

FUNCTIONS(double, ADGEN_DIFFERENTIABLE)
FUNCTIONS(float, ADGEN_DIFFERENTIABLE)

// |x|' is sign(x), 0 at 0.
// CHECK-LABEL: inline double absolute_grad(double x, double* d_x) {
// CHECK-NEXT:    if (d_x) *d_x += adgen::detail::sign(x);
// CHECK-NEXT:    return std::fabs(x);
// CHECK-LABEL: inline void absolute_vjp(double x, double d_ret, double* d_x) {
// CHECK-NEXT:    if (d_x) *d_x += d_ret * adgen::detail::sign(x);

// fmax and fmin: the helpers carry the tie and NaN conventions.
// CHECK-LABEL: inline double maximum_grad(double x, double y, double* d_x, double* d_y) {
// CHECK-NEXT:    if (d_x) *d_x += adgen::detail::fmax_grad_first(1.0, x, y);
// CHECK-NEXT:    if (d_y) *d_y += adgen::detail::fmax_grad_second(1.0, x, y);
// CHECK-NEXT:    return std::fmax(x, y);
// CHECK-LABEL: inline double minimum_grad(double x, double y, double* d_x, double* d_y) {
// CHECK-NEXT:    if (d_x) *d_x += adgen::detail::fmin_grad_first(1.0, x, y);
// CHECK-NEXT:    if (d_y) *d_y += adgen::detail::fmin_grad_second(1.0, x, y);
// CHECK-LABEL: inline void minimum_vjp(
// CHECK-NEXT:    if (d_x) *d_x += adgen::detail::fmin_grad_first(d_ret, x, y);
// CHECK-NEXT:    if (d_y) *d_y += adgen::detail::fmin_grad_second(d_ret, x, y);

// A local initialised with a literal is folded into the call.
// CHECK-LABEL: inline double relu_grad(double x, double* d_x) {
// CHECK-NEXT:    if (d_x) *d_x += adgen::detail::fmax_grad_first(1.0, x, 0.0);
// CHECK-NEXT:    return std::fmax(x, 0.0);

// CHECK-LABEL: inline double abs_diff_grad(
// CHECK-NEXT:    const double t0 = x - y;
// CHECK-NEXT:    const double t1 = adgen::detail::sign(t0);
// CHECK-NEXT:    if (d_x) *d_x += t1;
// CHECK-NEXT:    if (d_y) *d_y += -t1;
// CHECK-NEXT:    return std::fabs(t0);

// sqrt'(0) = 1 / (2 * 0) = inf, with no special case.
// CHECK-LABEL: inline double square_root_grad(
// CHECK-NEXT:    const double out = std::sqrt(x);
// CHECK-NEXT:    if (d_x) *d_x += 1.0 / (2.0 * out);

// CHECK-LABEL: inline double power_grad(
// CHECK-NEXT:    const double out = std::pow(x, y);
// CHECK-NEXT:    if (d_x) *d_x += adgen::detail::pow_grad_base(1.0, x, y);
// CHECK-NEXT:    if (d_y) *d_y += adgen::detail::pow_grad_exponent(1.0, x, y, out);

// pow(x, 0.0) is the constant 1: no gradient is accumulated at all.
// CHECK-LABEL: inline double power_zero_grad(double /*x*/, double* /*d_x*/) {
// CHECK-NEXT:    return 1.0;
// CHECK-NEXT:  }
// CHECK-LABEL: inline void power_zero_vjp(double /*x*/, double /*d_ret*/, double* /*d_x*/) {
// CHECK-NEXT:  }

// CHECK-LABEL: inline double hypotenuse_grad(
// CHECK-NEXT:    const double out = std::hypot(x, y);
// CHECK-NEXT:    if (d_x) *d_x += adgen::detail::hypot_grad(1.0, x, out);
// CHECK-NEXT:    if (d_y) *d_y += adgen::detail::hypot_grad(1.0, y, out);

// The float versions call the same helpers on float.
// CHECK-LABEL: inline float absolute_grad(float x, float* d_x) {
// CHECK-NEXT:    if (d_x) *d_x += adgen::detail::sign(x);
// CHECK-LABEL: inline float maximum_grad(float x, float y, float* d_x, float* d_y) {
// CHECK-NEXT:    if (d_x) *d_x += adgen::detail::fmax_grad_first(1.0f, x, y);
// CHECK-LABEL: inline float relu_grad(float x, float* d_x) {
// CHECK-NEXT:    if (d_x) *d_x += adgen::detail::fmax_grad_first(1.0f, x, 0.0f);
// CHECK-NEXT:    return std::fmax(x, 0.0f);
// CHECK-LABEL: inline float power_zero_grad(float /*x*/, float* /*d_x*/) {
// CHECK-NEXT:    return 1.0f;

#ifndef ADGEN_TOOL
#include "nondifferentiable-points.grad.h"
#include "oracle.h"

#include <limits>

FUNCTIONS(long double, )

// At a kink: prints the value, the gradient and the vector-Jacobian product
// with seed 0.5, to be pinned with hand-derived numbers.
//   kink absolute<double>(0): value 0 grad [0] vjp(0.5) [0]
namespace kink {
inline std::string show(double v) {
  if (std::isnan(v))
    return "nan"; // glibc prints a NaN with its sign bit as "-nan"
  char buf[32];
  std::snprintf(buf, sizeof buf, "%g", v == 0 ? 0.0 : v); // -0 prints as 0
  return buf;
}
template <class T, size_t N> std::string list(const std::array<T, N> &v) {
  std::string s = "[";
  for (size_t i = 0; i < N; ++i)
    s += (i ? ", " : "") + show(v[i]);
  return s + "]";
}
template <class T, size_t N, class Grad, class Vjp>
void print(const char *name, Grad grad, Vjp vjp, std::array<T, N> at) {
  std::array<T, N> d{}, dv{};
  T value = grad(at.data(), d.data());
  vjp(at.data(), T(0.5), dv.data());
  std::string args;
  for (size_t i = 0; i < N; ++i) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "%g", static_cast<double>(at[i])); // keeps -0
    args += (i ? ", " : "") + (std::isnan(at[i]) ? std::string("nan") : std::string(buf));
  }
  std::printf("kink %s(%s): value %s grad %s vjp(0.5) %s\n", name, args.c_str(),
              show(value).c_str(), list(d).c_str(), list(dv).c_str());
}
} // namespace kink

#define KINK1(T, f, a)                                                                  \
  kink::print<T, 1>(#f "<" #T ">",                                                      \
                    [](const T *x, T *d) { return f##_grad(x[0], &d[0]); },            \
                    [](const T *x, T s, T *d) { f##_vjp(x[0], s, &d[0]); }, {T(a)})
#define KINK2(T, f, a, b)                                                               \
  kink::print<T, 2>(#f "<" #T ">",                                                      \
                    [](const T *x, T *d) {                                              \
                      return f##_grad(x[0], x[1], &d[0], &d[1]);                        \
                    },                                                                  \
                    [](const T *x, T s, T *d) { f##_vjp(x[0], x[1], s, &d[0], &d[1]); }, \
                    {T(a), T(b)})
#define KINK3(T, f, a, b, c)                                                            \
  kink::print<T, 3>(#f "<" #T ">",                                                      \
                    [](const T *x, T *d) {                                              \
                      return f##_grad(x[0], x[1], x[2], &d[0], &d[1], &d[2]);           \
                    },                                                                  \
                    [](const T *x, T s, T *d) {                                         \
                      f##_vjp(x[0], x[1], x[2], s, &d[0], &d[1], &d[2]);                \
                    },                                                                  \
                    {T(a), T(b), T(c)})

int main() {
  const double nan = std::numeric_limits<double>::quiet_NaN();
#define CHECKS(T)                                                               \
  ORACLE_CHECK1(T, absolute, 1.5);                                              \
  ORACLE_CHECK1(T, absolute, -0.75);                                            \
  ORACLE_CHECK2(T, maximum, 1.5, -2);                                           \
  ORACLE_CHECK2(T, maximum, -3, 0.25);                                          \
  ORACLE_CHECK2(T, minimum, 1.5, -2);                                           \
  ORACLE_CHECK2(T, minimum, -3, 0.25);                                          \
  ORACLE_CHECK1(T, relu, 1.25);                                                 \
  ORACLE_CHECK1(T, relu, -1.25);                                                \
  ORACLE_CHECK1(T, clamp01, 0.25);                                              \
  ORACLE_CHECK1(T, clamp01, -0.5);                                              \
  ORACLE_CHECK1(T, clamp01, 1.5);                                               \
  ORACLE_CHECK2(T, abs_diff, 0.5, 2);                                           \
  ORACLE_CHECK2(T, abs_diff, 2, 0.5);                                           \
  ORACLE_CHECK3(T, l1_norm, 1.5, -2, 0.25);                                     \
  ORACLE_CHECK3(T, max3, 1, 3, 2);                                              \
  ORACLE_CHECK3(T, max3, 1, -3, 2);                                             \
  ORACLE_CHECK3(T, max3, 4, 3, 2);                                              \
  ORACLE_CHECK2(T, abs_times_min, -1.5, 2);                                     \
  ORACLE_CHECK2(T, abs_times_min, 2.5, 0.5);                                    \
  ORACLE_CHECK1(T, square_root, 2.25);                                          \
  ORACLE_CHECK1(T, cube_root, -8);                                              \
  ORACLE_CHECK2(T, power, 1.5, 2);                                              \
  ORACLE_CHECK2(T, power, 2, 0);                                                \
  ORACLE_CHECK1(T, power_zero, 2);                                              \
  ORACLE_CHECK1(T, power_two, -1.5);                                            \
  ORACLE_CHECK2(T, hypotenuse, 0.5, 1.2);                                       \
  KINK1(T, absolute, 0);                                                        \
  KINK1(T, absolute, -0.0);                                                     \
  KINK2(T, abs_diff, 1.5, 1.5);                                                 \
  KINK3(T, l1_norm, 0, -2, 0);                                                  \
  KINK2(T, maximum, 1.5, 1.5);                                                  \
  KINK2(T, minimum, 1.5, 1.5);                                                  \
  KINK2(T, maximum, 2, nan);                                                    \
  KINK2(T, maximum, nan, 2);                                                    \
  KINK2(T, minimum, -1, nan);                                                   \
  KINK2(T, minimum, nan, -1);                                                   \
  KINK1(T, relu, 0);                                                            \
  KINK1(T, clamp01, 0);                                                         \
  KINK1(T, clamp01, 1);                                                         \
  KINK3(T, max3, 1, 1, 1);                                                      \
  KINK3(T, max3, 1, 2, 2);                                                      \
  KINK2(T, abs_times_min, 0, 1);                                                \
  KINK1(T, square_root, 0);                                                     \
  KINK1(T, cube_root, 0);                                                       \
  KINK2(T, power, 0, 2);                                                        \
  KINK2(T, power, 0, 0);                                                        \
  KINK2(T, power, 0, 0.5);                                                      \
  KINK1(T, power_zero, 0);                                                      \
  KINK1(T, power_two, 0);                                                       \
  KINK2(T, hypotenuse, 0, 0);
  CHECKS(double)
  CHECKS(float)
}
#endif

// Ordinary points: hand-derived where it is short, and every line checked
// against long-double central differences ("ok").
// EXEC: absolute<double>(1.5): value 1.5 grad [1] ok
// EXEC: absolute<double>(-0.75): value 0.75 grad [-1] ok
// EXEC: maximum<double>(1.5, -2): value 1.5 grad [1, 0] ok
// EXEC: maximum<double>(-3, 0.25): value 0.25 grad [0, 1] ok
// EXEC: minimum<double>(1.5, -2): value -2 grad [0, 1] ok
// EXEC: minimum<double>(-3, 0.25): value -3 grad [1, 0] ok
// EXEC: relu<double>(1.25): value 1.25 grad [1] ok
// EXEC: relu<double>(-1.25): value 0 grad [0] ok
// EXEC: clamp01<double>(0.25): value 0.25 grad [1] ok
// EXEC: clamp01<double>(-0.5): value 0 grad [0] ok
// EXEC: clamp01<double>(1.5): value 1 grad [0] ok
// EXEC: abs_diff<double>(0.5, 2): value 1.5 grad [-1, 1] ok
// EXEC: abs_diff<double>(2, 0.5): value 1.5 grad [1, -1] ok
// EXEC: l1_norm<double>(1.5, -2, 0.25): value 3.75 grad [1, -1, 1] ok
// EXEC: max3<double>(1, 3, 2): value 3 grad [0, 1, 0] ok
// EXEC: max3<double>(1, -3, 2): value 2 grad [0, 0, 1] ok
// EXEC: max3<double>(4, 3, 2): value 4 grad [1, 0, 0] ok
// EXEC: abs_times_min<double>(-1.5, 2): value -2.25 grad [3, 0] ok
// EXEC: abs_times_min<double>(2.5, 0.5): value 1.25 grad [0.5, 2.5] ok
// EXEC: square_root<double>(2.25): value 1.5 grad [0.333333] ok
// EXEC: cube_root<double>(-8): value -2 grad [0.0833333] ok
// EXEC: power<double>(1.5, 2): value 2.25 grad [3, 0.912296] ok
// EXEC: power<double>(2, 0): value 1 grad [0, 0.693147] ok
// EXEC: power_zero<double>(2): value 1 grad [0] ok
// EXEC: power_two<double>(-1.5): value 2.25 grad [-3] ok
// EXEC: hypotenuse<double>(0.5, 1.2): value 1.3 grad [0.384615, 0.923077] ok
// Kinks, against hand-derived values (the same in float, below); vjp(0.5) is
// half the gradient.
//   |x| at 0 and -0: sign(0) = 0; |x - y| at x == y likewise; in l1_norm only y,
//     away from its kink, gets a gradient.
// EXEC: kink absolute<double>(0): value 0 grad [0] vjp(0.5) [0]
// EXEC: kink absolute<double>(-0): value 0 grad [0] vjp(0.5) [0]
// EXEC: kink abs_diff<double>(1.5, 1.5): value 0 grad [0, 0] vjp(0.5) [0, 0]
// EXEC: kink l1_norm<double>(0, -2, 0): value 2 grad [0, -1, 0] vjp(0.5) [0, -0.5, 0]
//   Ties: all of the gradient to the first argument.
// EXEC: kink maximum<double>(1.5, 1.5): value 1.5 grad [1, 0] vjp(0.5) [0.5, 0]
// EXEC: kink minimum<double>(1.5, 1.5): value 1.5 grad [1, 0] vjp(0.5) [0.5, 0]
//   A NaN argument: the result is the other argument, which gets the gradient.
// EXEC: kink maximum<double>(2, nan): value 2 grad [1, 0] vjp(0.5) [0.5, 0]
// EXEC: kink maximum<double>(nan, 2): value 2 grad [0, 1] vjp(0.5) [0, 0.5]
// EXEC: kink minimum<double>(-1, nan): value -1 grad [1, 0] vjp(0.5) [0.5, 0]
// EXEC: kink minimum<double>(nan, -1): value -1 grad [0, 1] vjp(0.5) [0, 0.5]
//   fmax(x, 0) at 0 is a tie, so x gets the gradient; clamp01 = fmin(fmax(x, 0), 1)
//   at 0 (tie in fmax) and at 1 (tie in fmin) passes it on to x; in max3 =
//   fmax(fmax(x, y), z) a three-way tie goes to x, and a tie of y and z to y.
// EXEC: kink relu<double>(0): value 0 grad [1] vjp(0.5) [0.5]
// EXEC: kink clamp01<double>(0): value 0 grad [1] vjp(0.5) [0.5]
// EXEC: kink clamp01<double>(1): value 1 grad [1] vjp(0.5) [0.5]
// EXEC: kink max3<double>(1, 1, 1): value 1 grad [1, 0, 0] vjp(0.5) [0.5, 0, 0]
// EXEC: kink max3<double>(1, 2, 2): value 2 grad [0, 1, 0] vjp(0.5) [0, 0.5, 0]
//   |x| * fmin(x, y) at x = 0: fmin's gradient is scaled by |0| = 0, and
//   fmin(0, 1) * sign(0) = 0.
// EXEC: kink abs_times_min<double>(0, 1): value 0 grad [0, 0] vjp(0.5) [0, 0]
//   sqrt'(0) = inf; cbrt'(0) = 1 / (3 * 0^2) = inf likewise.
// EXEC: kink square_root<double>(0): value 0 grad [inf] vjp(0.5) [inf]
// EXEC: kink cube_root<double>(0): value 0 grad [inf] vjp(0.5) [inf]
//   pow at a zero base: d/dx = y * 0^(y-1) (0 for y = 2, inf for y = 0.5, and 0
//   for y = 0, not 0 * inf); d/dy = 0 for y >= 0, not 0^y * log(0) = NaN.
// EXEC: kink power<double>(0, 2): value 0 grad [0, 0] vjp(0.5) [0, 0]
// EXEC: kink power<double>(0, 0): value 1 grad [0, 0] vjp(0.5) [0, 0]
// EXEC: kink power<double>(0, 0.5): value 0 grad [inf, 0] vjp(0.5) [inf, 0]
// EXEC: kink power_zero<double>(0): value 1 grad [0] vjp(0.5) [0]
// EXEC: kink power_two<double>(0): value 0 grad [0] vjp(0.5) [0]
//   hypot at the origin: gradient (0, 0), not 0 / 0.
// EXEC: kink hypotenuse<double>(0, 0): value 0 grad [0, 0] vjp(0.5) [0, 0]
// EXEC: absolute<float>(1.5): value 1.5 grad [1] ok
// EXEC: absolute<float>(-0.75): value 0.75 grad [-1] ok
// EXEC: maximum<float>(1.5, -2): value 1.5 grad [1, 0] ok
// EXEC: maximum<float>(-3, 0.25): value 0.25 grad [0, 1] ok
// EXEC: minimum<float>(1.5, -2): value -2 grad [0, 1] ok
// EXEC: minimum<float>(-3, 0.25): value -3 grad [1, 0] ok
// EXEC: relu<float>(1.25): value 1.25 grad [1] ok
// EXEC: relu<float>(-1.25): value 0 grad [0] ok
// EXEC: clamp01<float>(0.25): value 0.25 grad [1] ok
// EXEC: clamp01<float>(-0.5): value 0 grad [0] ok
// EXEC: clamp01<float>(1.5): value 1 grad [0] ok
// EXEC: abs_diff<float>(0.5, 2): value 1.5 grad [-1, 1] ok
// EXEC: abs_diff<float>(2, 0.5): value 1.5 grad [1, -1] ok
// EXEC: l1_norm<float>(1.5, -2, 0.25): value 3.75 grad [1, -1, 1] ok
// EXEC: max3<float>(1, 3, 2): value 3 grad [0, 1, 0] ok
// EXEC: max3<float>(1, -3, 2): value 2 grad [0, 0, 1] ok
// EXEC: max3<float>(4, 3, 2): value 4 grad [1, 0, 0] ok
// EXEC: abs_times_min<float>(-1.5, 2): value -2.25 grad [3, 0] ok
// EXEC: abs_times_min<float>(2.5, 0.5): value 1.25 grad [0.5, 2.5] ok
// EXEC: square_root<float>(2.25): value 1.5 grad [0.333333] ok
// EXEC: cube_root<float>(-8): value -2 grad [0.0833333] ok
// EXEC: power<float>(1.5, 2): value 2.25 grad [3, 0.912296] ok
// EXEC: power<float>(2, 0): value 1 grad [0, 0.693147] ok
// EXEC: power_zero<float>(2): value 1 grad [0] ok
// EXEC: power_two<float>(-1.5): value 2.25 grad [-3] ok
// EXEC: hypotenuse<float>(0.5, 1.2): value 1.3 grad [0.384615, 0.923077] ok
// Kinks in float: the same hand-derived values.
// EXEC: kink absolute<float>(0): value 0 grad [0] vjp(0.5) [0]
// EXEC: kink absolute<float>(-0): value 0 grad [0] vjp(0.5) [0]
// EXEC: kink abs_diff<float>(1.5, 1.5): value 0 grad [0, 0] vjp(0.5) [0, 0]
// EXEC: kink l1_norm<float>(0, -2, 0): value 2 grad [0, -1, 0] vjp(0.5) [0, -0.5, 0]
// EXEC: kink maximum<float>(1.5, 1.5): value 1.5 grad [1, 0] vjp(0.5) [0.5, 0]
// EXEC: kink minimum<float>(1.5, 1.5): value 1.5 grad [1, 0] vjp(0.5) [0.5, 0]
// EXEC: kink maximum<float>(2, nan): value 2 grad [1, 0] vjp(0.5) [0.5, 0]
// EXEC: kink maximum<float>(nan, 2): value 2 grad [0, 1] vjp(0.5) [0, 0.5]
// EXEC: kink minimum<float>(-1, nan): value -1 grad [1, 0] vjp(0.5) [0.5, 0]
// EXEC: kink minimum<float>(nan, -1): value -1 grad [0, 1] vjp(0.5) [0, 0.5]
// EXEC: kink relu<float>(0): value 0 grad [1] vjp(0.5) [0.5]
// EXEC: kink clamp01<float>(0): value 0 grad [1] vjp(0.5) [0.5]
// EXEC: kink clamp01<float>(1): value 1 grad [1] vjp(0.5) [0.5]
// EXEC: kink max3<float>(1, 1, 1): value 1 grad [1, 0, 0] vjp(0.5) [0.5, 0, 0]
// EXEC: kink max3<float>(1, 2, 2): value 2 grad [0, 1, 0] vjp(0.5) [0, 0.5, 0]
// EXEC: kink abs_times_min<float>(0, 1): value 0 grad [0, 0] vjp(0.5) [0, 0]
// EXEC: kink square_root<float>(0): value 0 grad [inf] vjp(0.5) [inf]
// EXEC: kink cube_root<float>(0): value 0 grad [inf] vjp(0.5) [inf]
// EXEC: kink power<float>(0, 2): value 0 grad [0, 0] vjp(0.5) [0, 0]
// EXEC: kink power<float>(0, 0): value 1 grad [0, 0] vjp(0.5) [0, 0]
// EXEC: kink power<float>(0, 0.5): value 0 grad [inf, 0] vjp(0.5) [inf, 0]
// EXEC: kink power_zero<float>(0): value 1 grad [0] vjp(0.5) [0]
// EXEC: kink power_two<float>(0): value 0 grad [0] vjp(0.5) [0]
// EXEC: kink hypotenuse<float>(0, 0): value 0 grad [0, 0] vjp(0.5) [0, 0]
