// oracle.h - the independent oracle for execution tests.
//
// Gradients from generated code are compared with central finite differences
// computed in long double, on the same function body instantiated for long
// double (tests write the body once, in a macro taking the type). Each check
// prints one line that the lit test pins with FileCheck:
//
//   name(1.5, -2): value -0.5 grad [1, 1] ok
//
// or, when the generated gradient disagrees with the oracle, a line with
// MISMATCH and both gradients. The vector-Jacobian product is checked against
// the same oracle, with a seed of 0.5.
#ifndef ADGEN_TEST_ORACLE_H
#define ADGEN_TEST_ORACLE_H

#include <array>
#include <cmath>
#include <cstdio>
#include <string>

namespace oracle {

/// d f / d x_i by central differences in long double, with a step scaled to
/// x_i. The error is O(h^2) ~ 1e-13, far below double's tolerance.
template <size_t N, class F>
std::array<long double, N> central_differences(F f, std::array<long double, N> x) {
  std::array<long double, N> g{};
  for (size_t i = 0; i < N; ++i) {
    long double h = 1e-6L * std::fmax(1.0L, std::fabs(x[i]));
    std::array<long double, N> up = x, down = x;
    up[i] += h;
    down[i] -= h;
    h = up[i] - down[i]; // the step actually taken
    g[i] = (f(up) - f(down)) / h;
  }
  return g;
}

template <class T> constexpr double tolerance() { return sizeof(T) == sizeof(float) ? 2e-4 : 1e-8; }

inline bool close(long double want, double got, double tol) {
  if (std::isnan(want) || std::isnan(got))
    return std::isnan(want) && std::isnan(got);
  if (std::isinf(want) || std::isinf(got))
    return want == got;
  return std::fabs(static_cast<double>(want) - got) <= tol * std::fmax(1.0, std::fabs(static_cast<double>(want)));
}

inline std::string format(double v) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.6g", v == 0 ? 0.0 : v);
  return buf;
}

template <size_t N> std::string list(const std::array<double, N> &v) {
  std::string s = "[";
  for (size_t i = 0; i < N; ++i)
    s += (i ? ", " : "") + format(v[i]);
  return s + "]";
}

/// Checks grad (value and gradient, as f_grad) and vjp (as f_vjp) at `at`
/// against primal_ld (the same function in long double). Prints one line.
///   primal_ld: std::array<long double, N> -> long double
///   grad:      (const T* x, T* d) -> T       (d zeroed by the caller)
///   vjp:       (const T* x, T seed, T* d) -> void
template <class T, size_t N, class Primal, class Grad, class Vjp>
bool check(const char *name, Primal primal_ld, Grad grad, Vjp vjp, std::array<T, N> at) {
  std::array<long double, N> x{};
  for (size_t i = 0; i < N; ++i)
    x[i] = at[i];
  std::array<long double, N> want = central_differences(primal_ld, x);
  long double want_value = primal_ld(x);

  std::array<T, N> d{}, dv{};
  T value = grad(at.data(), d.data());
  vjp(at.data(), T(0.5), dv.data());

  const double tol = tolerance<T>();
  bool ok = close(want_value, value, tol);
  std::array<double, N> got{}, fd{};
  for (size_t i = 0; i < N; ++i) {
    got[i] = d[i];
    fd[i] = static_cast<double>(want[i]);
    ok = ok && close(want[i], d[i], tol) && close(0.5L * want[i], dv[i], tol);
  }
  std::string args;
  for (size_t i = 0; i < N; ++i)
    args += (i ? ", " : "") + format(at[i]);
  if (ok) {
    std::printf("%s(%s): value %s grad %s ok\n", name, args.c_str(), format(value).c_str(),
                list(got).c_str());
  } else {
    std::array<double, N> gotv{};
    for (size_t i = 0; i < N; ++i)
      gotv[i] = dv[i];
    std::printf("%s(%s): MISMATCH value %s (want %s) grad %s vjp(0.5) %s finite differences %s\n",
                name, args.c_str(), format(value).c_str(),
                format(static_cast<double>(want_value)).c_str(), list(got).c_str(),
                list(gotv).c_str(), list(fd).c_str());
  }
  return ok;
}

} // namespace oracle

// Shorthands for functions of 1, 2 and 3 scalars: CHECK1(T, name, x) checks
// name_grad and name_vjp of the overload for T against name(long double).
#define ORACLE_CHECK1(T, f, a)                                                          \
  oracle::check<T, 1>(#f "<" #T ">", [](auto v) { return f(v[0]); },                   \
                      [](const T *x, T *d) { return f##_grad(x[0], &d[0]); },           \
                      [](const T *x, T s, T *d) { f##_vjp(x[0], s, &d[0]); }, {T(a)})
#define ORACLE_CHECK2(T, f, a, b)                                                       \
  oracle::check<T, 2>(#f "<" #T ">", [](auto v) { return f(v[0], v[1]); },             \
                      [](const T *x, T *d) { return f##_grad(x[0], x[1], &d[0], &d[1]); }, \
                      [](const T *x, T s, T *d) { f##_vjp(x[0], x[1], s, &d[0], &d[1]); }, \
                      {T(a), T(b)})
#define ORACLE_CHECK3(T, f, a, b, c)                                                    \
  oracle::check<T, 3>(#f "<" #T ">", [](auto v) { return f(v[0], v[1], v[2]); },       \
                      [](const T *x, T *d) {                                            \
                        return f##_grad(x[0], x[1], x[2], &d[0], &d[1], &d[2]);         \
                      },                                                                \
                      [](const T *x, T s, T *d) {                                       \
                        f##_vjp(x[0], x[1], x[2], s, &d[0], &d[1], &d[2]);              \
                      },                                                                \
                      {T(a), T(b), T(c)})

#endif
