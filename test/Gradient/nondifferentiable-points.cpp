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
  MARK T power_zero(T x) { return std::pow(x, 0.0); }                             \
  MARK T power_two(T x) { return std::pow(x, 2.0); }                              \
  MARK T hypotenuse(T x, T y) { return std::hypot(x, y); }

FUNCTIONS(double, ADGEN_DIFFERENTIABLE)
FUNCTIONS(float, ADGEN_DIFFERENTIABLE)

#ifndef ADGEN_TOOL
#include "nondifferentiable-points.grad.h"
#include "oracle.h"

#include <limits>

FUNCTIONS(long double, )

// At a kink: prints the value, the gradient and the vector-Jacobian product
// with seed 0.5, to be pinned with hand-derived numbers.
//   kinks<double>/absolute(0): value 0 grad [0] vjp(0.5) [0]
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
  kink::print<T, 1>(#f "<" #T ">", [](const T *x, T *d) { return f##_grad(x[0], &d[0]); }, \
                    [](const T *x, T s, T *d) { f##_vjp(x[0], s, &d[0]); }, {T(a)})
#define KINK2(T, f, a, b)                                                               \
  kink::print<T, 2>(#f "<" #T ">",                                                      \
                    [](const T *x, T *d) { return f##_grad(x[0], x[1], &d[0], &d[1]); }, \
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
  (void)nan;
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
