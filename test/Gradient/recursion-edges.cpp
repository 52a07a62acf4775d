// Recursion, the edge cases (recursion-edges-arrays.cpp has those with
// arrays): shapes written to break what recursion.cpp covers. Recursive
// calls inside while and do loops with early returns, break and continue;
// a switch; in conditions (if, &&, ?:, a loop condition) where no vjp is
// needed; as arguments of each other; results unused (as statements,
// (void), multiplied by 0); only constant arguments; depth 1000. Names and
// kinds: mutual recursion across namespaces, anonymous namespaces (also
// nested with named ones, and shadowed by a namespace's own function of the
// same name), extern "C", function templates (deduced) for float and
// double, ADGEN_GRADIENT for all and for a subset of a recursive function's
// parameters, a marked recursive function called from another marked
// function, ADGEN_NO_GRAD parameters (given constants, and given active
// values at the recursive call), parameters named d_ret and d_x, const
// references, unsigned/long/size_t, bool, char and enum parameters, a
// default argument and a definition after the marked caller, and a cycle
// through a void helper with an output pointer entered at its
// float-returning side; a recursive function with ADGEN_CUSTOM_VJP.
//
// Checked against the long-double oracle for double and float (and by
// hand for extern "C" and the custom vjp, double only).
//
// RUN: rm -rf %t && mkdir -p %t
// RUN: %adgen %s -o %t/recursion-edges.grad.h -- -std=c++17
// RUN: FileCheck %s < %t/recursion-edges.grad.h
// RUN: %cxx -I%t %s -o %t/gcc && %t/gcc | FileCheck %s --check-prefix=EXEC
// RUN: %clangxx -I%t %s -o %t/clang && %t/clang | FileCheck %s --check-prefix=EXEC

#include <adgen/adgen.h>
#include <cmath>
#include <cstddef>

// Templates, instantiated by the marked functions below for each type.
template <class T> T tp(T x, const T *w, int n) {
  return n == 0 ? x : std::tanh(tp(x * w[0], w + 1, n - 1)) + w[0] * x;
}
template <class T> T sub(T x, T y, int n) {
  return n == 0 ? x * y : sub(y, x * T(0.9), n - 1) * x + y;
}
enum Mode { Add, Mul };
// A double helper called from the float functions too.
inline double drec(double x, int n) { return n == 0 ? x : drec(x * 0.5, n - 1) + x; }

#define FUNCTIONS(T, MARK)                                                      \
  /* A while loop with early returns, in the loop and out of it. */             \
  inline T wr(T x, int n) {                                                     \
    if (n <= 0)                                                                 \
      return std::sin(x);                                                       \
    T s = x;                                                                    \
    int k = 0;                                                                  \
    while (k < n) {                                                             \
      if (s > T(3))                                                             \
        return s * x;                                                           \
      s += wr(s * T(0.5), n - 1 - k) * x;                                       \
      ++k;                                                                      \
    }                                                                           \
    return s + x;                                                               \
  }                                                                             \
  MARK T while_rec(T x, T y) { return wr(x * y, 3) + y; }                       \
  /* do-while with continue and break around the call. */                       \
  inline T dw(T x, int n) {                                                     \
    if (n == 0)                                                                 \
      return x;                                                                 \
    T s = 0;                                                                    \
    int i = 0;                                                                  \
    do {                                                                        \
      ++i;                                                                      \
      if (i == 2)                                                               \
        continue;                                                               \
      s += dw(x * T(i) * T(0.3), n - 1);                                        \
      if (s > T(4))                                                             \
        break;                                                                  \
    } while (i < 4);                                                            \
    return s * x;                                                               \
  }                                                                             \
  MARK T do_while(T x) { return dw(x, 3); }                                     \
  /* A switch on the depth. */                                                  \
  inline T sw(T x, int n) {                                                     \
    switch (n % 3) {                                                            \
    case 0:                                                                     \
      return n == 0 ? x : sw(x * T(0.5), n - 1) + x;                            \
    case 1:                                                                     \
      return sw(x + T(0.1), n - 1) * x;                                         \
    default:                                                                    \
      return std::sin(sw(x, n - 1));                                            \
    }                                                                           \
  }                                                                             \
  MARK T switched(T x) { return sw(x, 5); }                                     \
  /* Results unused, as statements, (void), or multiplied by 0. */              \
  inline T zr(T x, int n) {                                                     \
    if (n == 0)                                                                 \
      return x * x;                                                             \
    zr(x + T(1), n - 1);                                                        \
    T unused = zr(x + T(1), n - 1);                                             \
    (void)unused;                                                               \
    (void)zr(x, n - 1);                                                         \
    T z = 0 * zr(x, n - 1);                                                     \
    return z + std::cos(x) * zr(x * T(0.9), n - 1);                             \
  }                                                                             \
  MARK T zero_rec(T x) {                                                        \
    zr(x, 2);                                                                   \
    return zr(x, 3);                                                            \
  }                                                                             \
  /* Only constant arguments (no vjp call), and a call that never runs. */      \
  inline T cr(T x, int n) { return n == 0 ? x : x * cr(x + T(0.25), n - 1); }   \
  inline T dead(T x, int n) {                                                   \
    if (n > 100)                                                                \
      return dead(x, n - 1);                                                    \
    return x * x;                                                               \
  }                                                                             \
  MARK T const_rec(T x) { return x * cr(T(1.5), 3) + cr(x, 2) + dead(x, 3); }   \
  /* Recursive results in conditions only (no vjp), in &&, ?: and a loop */     \
  /* condition. */                                                              \
  inline T cnd(T x, int n) { return n == 0 ? x : cnd(x, n - 1) * T(0.8) + x; }  \
  MARK T cond_only(T x, T y) { return cnd(x, 3) > T(2) ? x * y : y; }           \
  MARK T conditions(T x, T y) {                                                 \
    T s = 0;                                                                    \
    if (cnd(x, 2) > y && cnd(y, 1) < T(2))                                      \
      s = x * y;                                                                \
    else                                                                        \
      s = x - y;                                                                \
    int k = 0;                                                                  \
    while (cnd(s, k) < T(1.5) && k < 6)                                         \
      ++k;                                                                      \
    return s * T(k) + (cnd(y, 1) > 0 ? cnd(x, 3) : cnd(y, 2));                  \
  }                                                                             \
  /* A recursive call as the argument of another. */                            \
  inline T nest(T x, int n) {                                                   \
    return n <= 0 ? x : nest(nest(x, n - 1) * T(0.5), n - 2) + std::cos(x);     \
  }                                                                             \
  MARK T nested_args(T x) { return nest(x, 4) + nest(nest(x, 1), 2); }          \
  /* Depth 1000. */                                                             \
  inline T sdeep(T x, int n) {                                                  \
    return n == 0 ? x : sdeep(x, n - 1) + std::sin(x * T(n) * T(0.001)) * T(0.01); \
  }                                                                             \
  MARK T deep_scalar(T x) { return sdeep(x, 1000); }                            \
  /* Mutual recursion across namespaces. */                                     \
  namespace na {                                                                \
  T odd_part(T x, int n);                                                       \
  }                                                                             \
  namespace nb {                                                                \
  inline T even_part(T x, int n) {                                              \
    return n <= 0 ? x : std::cos(na::odd_part(x * T(0.8), n - 1)) + x;          \
  }                                                                             \
  }                                                                             \
  namespace na {                                                                \
  inline T odd_part(T x, int n) { return n <= 0 ? x * x : x * nb::even_part(x + T(0.1), n - 1); } \
  }                                                                             \
  MARK T across(T x) { return nb::even_part(x, 5) + na::odd_part(x, 4); }       \
  namespace nc {                                                                \
  MARK T from_ns(T x) { return nb::even_part(x, 3) * T(2); }                    \
  }                                                                             \
  /* An anonymous namespace. */                                                 \
  namespace {                                                                   \
  T anon_rec(T x, int n) { return n == 0 ? x : std::sin(anon_rec(x, n - 1)) * x; } \
  }                                                                             \
  MARK T anon(T x) { return anon_rec(x, 4); }                                   \
  /* Anonymous namespaces nested with named ones, and a helper of the */        \
  /* global anonymous namespace called from a namespace with one of the */      \
  /* same name. */                                                              \
  namespace {                                                                   \
  namespace inner {                                                             \
  T irec(T x, int n) { return n == 0 ? x : irec(x, n - 1) * x + T(1); }         \
  }                                                                             \
  }                                                                             \
  namespace outer {                                                             \
  namespace {                                                                   \
  T orec(T x, int n) { return n == 0 ? x : std::cos(orec(x, n - 1)) * x; }      \
  }                                                                             \
  }                                                                             \
  MARK T nested_anon(T x) { return inner::irec(x, 3) + outer::orec(x, 2); }     \
  namespace {                                                                   \
  T shadow(T x, int n) { return n == 0 ? x : shadow(x, n - 1) * x + T(1); }     \
  }                                                                             \
  namespace nd {                                                                \
  inline T shadow(T x, int n) { return n == 0 ? T(2) * x : T(3) * shadow(x, n - 1); } \
  MARK T shadowed(T x) { return ::shadow(x, 3); }                               \
  }                                                                             \
  /* A template, deduced from the arguments. */                                 \
  MARK T templated(T x, const T *w) { return tp(x, w, 3); }                     \
  /* A marked recursive function, also called from another. */                  \
  MARK T mr(T x, T y, int n) { return n == 0 ? std::exp(x) : mr(x * y, y, n - 1) + y * x; } \
  MARK T calls_mr(T x, T y) { return mr(x, y, 3) * mr(y, x, 2); }               \
  /* ADGEN_NO_GRAD: k and what is passed for it are constants. */               \
  MARK T scaled(T x, ADGEN_NO_GRAD T k, int n) {                                \
    return n == 0 ? x * k : scaled(x * k, k * T(0.9), n - 1) + std::sin(x);     \
  }                                                                             \
  /* ADGEN_NO_GRAD k given an active value at the recursive call: k is */       \
  /* constant for the caller, k * x is not. On a helper's parameter the */      \
  /* annotation changes nothing (as for any inlined helper). */                 \
  MARK T no_grad_active(T x, ADGEN_NO_GRAD T k, int n) {                        \
    return n == 0 ? x * k : no_grad_active(x, k * x, n - 1) + std::sin(k);      \
  }                                                                             \
  inline T ng(T x, ADGEN_NO_GRAD T k, int n) { return n == 0 ? x * k : ng(x, k * T(1.5), n - 1) * k; } \
  MARK T no_grad_helper(T x) { return ng(T(1), x, 2) + ng(x, x, 1); }           \
  /* Parameters named like the generated seed and adjoints. */                  \
  inline T names(T d_ret, T d_x, int n) {                                       \
    return n == 0 ? d_ret * d_x : names(d_x, d_ret + T(0.5), n - 1) * d_ret;    \
  }                                                                             \
  MARK T adjoint_names(T x, T y) { return names(x, y, 3); }                     \
  MARK T d_named(T d_ret, int n) { return n == 0 ? d_ret : d_named(d_ret * T(0.5), n - 1) * d_ret; } \
  /* An enum parameter given enumerators. */                                    \
  inline T menum(T x, Mode m, int n) {                                          \
    return n == 0 ? x : (m == Add ? x + menum(x, Mul, n - 1) : x * menum(x, Add, n - 1)); \
  }                                                                             \
  MARK T enums(T x) { return menum(x, Add, 3) + menum(x, Mul, 2); }             \
  /* const references, unsigned, long and size_t counts. */                     \
  inline T cref(const T &x, const T &y, const unsigned &n) {                    \
    return n == 0u ? x * y : cref(y, x * T(0.7), n - 1u) + std::sin(x);         \
  }                                                                             \
  inline T lcount(T x, long n, std::size_t m) {                                 \
    return n <= 0 ? x + T(m) : lcount(x * T(0.9), n - 1, m + 1) * x;            \
  }                                                                             \
  MARK T refs(T x, T y) { return cref(x, y, 3u) + lcount(y, 3L, 1u); }          \
  /* bool and char parameters. */                                               \
  inline T br(T x, bool flip, int m, char c, int n) {                           \
    return n == 0 ? x                                                           \
                  : (flip ? T(-1) : T(1)) *                                     \
                            (m == 0 ? x + br(x, !flip, m, c, n - 1)             \
                                    : x * br(x, flip, 1, c, n - 1)) +           \
                        T(c);                                                   \
  }                                                                             \
  MARK T flags(T x) { return br(x, true, 0, 2, 3) + br(x, false, 1, 1, 2); }    \
  /* Floating to integer, and a double helper from a float function. */         \
  MARK T mixed(T x) { return T(drec(double(x), 3)) * x + T(drec(x, static_cast<int>(x * T(4)))); } \
  /* Declared with a default argument, defined after its caller. */             \
  T later(T x, int n = 2);                                                      \
  MARK T calls_later(T x) { return later(x) + later(x, 3); }                    \
  inline T later(T x, int n) { return n == 0 ? x : later(x * x, n - 1) * T(0.5); } \
  /* A cycle through a void helper with an output pointer, entered at the */    \
  /* function that returns the value. */                                        \
  T down(T x, int n);                                                           \
  inline void step(T x, int n, T *out) { out[0] = std::sin(down(x, n - 1)) * x; } \
  inline T down(T x, int n) {                                                   \
    if (n == 0)                                                                 \
      return x;                                                                 \
    T o[1];                                                                     \
    step(x, n, o);                                                              \
    return o[0];                                                                \
  }                                                                             \
  MARK T via_down(T x) { return down(x, 3); }

FUNCTIONS(double, ADGEN_DIFFERENTIABLE)
FUNCTIONS(float, ADGEN_DIFFERENTIABLE)

// Requests: every floating parameter of tp<double> (the same vjp as the
// one its recursive calls use, emitted once), and subsets of sub.
ADGEN_GRADIENT(tp<double>, x, w);
ADGEN_GRADIENT(sub<double>, x);
ADGEN_GRADIENT(sub<float>, y);

// extern "C" (no overloads: double only, checked by hand).
extern "C" {
inline double crec(double x, int n) { return n == 0 ? x : crec(x, n - 1) * std::cos(x); }
}
ADGEN_DIFFERENTIABLE double c_linkage(double x) { return crec(x, 3); }

// A recursive function with a derivative given by hand (ADGEN_CUSTOM_VJP):
// calls use it, adgen generates no vjp of its own (double only, by hand).
inline double custom_rec(double x, int n) { return n == 0 ? x : std::sin(custom_rec(x, n - 1)); }
inline void custom_rec_by_hand(double x, int n, double d_ret, double *d_x) {
  double v = x, d = 1;
  for (int i = 0; i < n; ++i) {
    d *= std::cos(v);
    v = std::sin(v);
  }
  *d_x += d_ret * d;
}
ADGEN_CUSTOM_VJP(custom_rec, custom_rec_by_hand);
ADGEN_DIFFERENTIABLE double uses_custom(double x) { return custom_rec(x, 3) * x; }

// CHECK-NOT: custom_rec_vjp
// Only constant arguments: the call is made, no vjp for it.
// CHECK-LABEL: inline double const_rec_grad(double x, double* d_x) {
// CHECK:         ::cr(1.75, 2)
// CHECK-NOT:     ::cr_vjp(1.75
// CHECK:         return

// A recursive result used only in a condition needs no vjp.
// CHECK-LABEL: inline double cond_only_grad(double x, double y, double* d_x, double* d_y) {
// CHECK-NOT:     cnd_vjp
// CHECK:         return

// Calls across namespaces are qualified; the anonymous namespace's helper
// is called by its name from the global namespace.
// CHECK-LABEL: inline double across_grad(double x, double* d_x) {
// CHECK:         ::na::odd_part_vjp(
// CHECK-LABEL: inline double anon_grad(double x, double* d_x) {
// CHECK:         anon_rec_vjp(

// An ADGEN_NO_GRAD parameter has no adjoint in the marked function's vjp;
// its recursive calls use the vjp with every parameter (k * x is active).
// CHECK-LABEL: inline void scaled_vjp(double x, double k, int n, double d_ret, double* d_x) {
// CHECK-LABEL: inline void no_grad_active_vjp(double x, double k, int n, double d_ret, double* d_x) {
// CHECK:         ::no_grad_active_vjp(x, k * x, {{.*}}, &{{d_arg[_0-9]*}}, &{{d_arg[_0-9]*}});

// The requests: tp<double> with every parameter, sub<double> for x only.
// CHECK-LABEL: inline double tp_grad(double x, const double* w, int n, double* d_x, double* d_w) {
// CHECK-LABEL: inline void sub_vjp(double x, double y, int n, double d_ret, double* d_x) {

// Then the vjps that recursive calls use, in their namespaces, with every
// floating parameter (sub_vjp besides the requested one).
// CHECK:       namespace na {
// CHECK-LABEL: inline void odd_part_vjp(double x, int n, double d_ret, double* d_x) {
// CHECK:       namespace {
// CHECK-LABEL: inline void anon_rec_vjp(double x, int n, double d_ret, double* d_x) {
// CHECK-LABEL: inline void no_grad_active_vjp(double x, double k, int n, double d_ret, double* d_x, double* d_k) {
// CHECK-LABEL: inline void sub_vjp(double x, double y, int n, double d_ret, double* d_x, double* d_y) {

#ifndef ADGEN_TOOL
#include "recursion-edges.grad.h"
#include "oracle.h"

#include <cstdio>

using LongDouble = long double;
FUNCTIONS(LongDouble, )

template <class T> void checks() {
  ORACLE_CHECK2(T, while_rec, 0.3, 0.7);
  ORACLE_CHECK2(T, while_rec, 1.3, -0.7);
  ORACLE_CHECK2(T, while_rec, 1.2, 1.25); // returns in the second iteration
  ORACLE_CHECK2(T, while_rec, 2.5, 3.5);  // returns in the first
  ORACLE_CHECK1(T, do_while, 0.6);
  ORACLE_CHECK1(T, do_while, 1.6); // breaks
  ORACLE_CHECK1(T, switched, 0.7);
  ORACLE_CHECK1(T, zero_rec, 0.6);
  ORACLE_CHECK1(T, const_rec, 0.6);
  ORACLE_CHECK2(T, cond_only, 0.6, 0.3);
  ORACLE_CHECK2(T, cond_only, 1.6, 0.3);
  ORACLE_CHECK2(T, conditions, 0.6, 0.3);
  ORACLE_CHECK2(T, conditions, 0.3, 0.6);
  ORACLE_CHECK2(T, conditions, 1.6, -0.4);
  ORACLE_CHECK1(T, nested_args, 0.6);
  ORACLE_CHECK1(T, deep_scalar, 0.7);
  ORACLE_CHECK1(T, across, 0.7);
  oracle::check<T, 1>("nc::from_ns", [](auto v) { return nc::from_ns(v[0]); },
                      [](const T *x, T *d) { return nc::from_ns_grad(x[0], d); },
                      [](const T *x, T s, T *d) { nc::from_ns_vjp(x[0], s, d); }, {T(0.7)});
  ORACLE_CHECK1(T, anon, 0.7);
  ORACLE_CHECK1(T, nested_anon, 0.7);
  oracle::check<T, 1>("nd::shadowed", [](auto v) { return nd::shadowed(v[0]); },
                      [](const T *x, T *d) { return nd::shadowed_grad(x[0], d); },
                      [](const T *x, T s, T *d) { nd::shadowed_vjp(x[0], s, d); }, {T(0.5)});
  oracle::check<T, 4>("templated", [](auto v) { return templated(v[0], v.data() + 1); },
                      [](const T *x, T *d) { return templated_grad(x[0], x + 1, d, d + 1); },
                      [](const T *x, T s, T *d) { templated_vjp(x[0], x + 1, s, d, d + 1); },
                      {T(0.4), T(0.5), T(-0.7), T(1.2)});
  for (int n : {0, 3})
    oracle::check<T, 2>("mr", [n](auto v) { return mr(v[0], v[1], n); },
                        [n](const T *x, T *d) { return mr_grad(x[0], x[1], n, d, d + 1); },
                        [n](const T *x, T s, T *d) { mr_vjp(x[0], x[1], n, s, d, d + 1); },
                        {T(0.7), T(0.8)});
  ORACLE_CHECK2(T, calls_mr, 0.4, 0.9);
  for (T k : {T(0.9), T(-1.3)})
    oracle::check<T, 1>("scaled", [k](auto v) { return scaled(v[0], static_cast<long double>(k), 3); },
                        [k](const T *x, T *d) { return scaled_grad(x[0], k, 3, d); },
                        [k](const T *x, T s, T *d) { scaled_vjp(x[0], k, 3, s, d); }, {T(0.6)});
  for (int n : {0, 1, 3})
    oracle::check<T, 1>("no_grad_active", [n](auto v) { return no_grad_active(v[0], 1.3L, n); },
                        [n](const T *x, T *d) { return no_grad_active_grad(x[0], T(1.3), n, d); },
                        [n](const T *x, T s, T *d) { no_grad_active_vjp(x[0], T(1.3), n, s, d); },
                        {T(0.8)});
  ORACLE_CHECK1(T, no_grad_helper, 0.9);
  ORACLE_CHECK2(T, adjoint_names, 0.6, -0.4);
  for (int n : {0, 2})
    oracle::check<T, 1>("d_named", [n](auto v) { return d_named(v[0], n); },
                        [n](const T *x, T *d) { return d_named_grad(x[0], n, d); },
                        [n](const T *x, T s, T *d) { d_named_vjp(x[0], n, s, d); }, {T(1.4)});
  ORACLE_CHECK1(T, enums, 0.6);
  ORACLE_CHECK2(T, refs, 0.6, -0.4);
  ORACLE_CHECK1(T, flags, 0.7);
  ORACLE_CHECK1(T, mixed, 0.6);
  ORACLE_CHECK1(T, calls_later, 0.7);
  ORACLE_CHECK1(T, via_down, 0.7);
}

int main() {
  std::printf("double\n");
  checks<double>();
  // Requests (their instantiations were not marked): tp<double> with every
  // parameter, sub<double> for x only and sub<float> for y only.
  oracle::check<double, 4>("tp<double>", [](auto v) { return tp(v[0], v.data() + 1, 3); },
                           [](const double *x, double *d) { return tp_grad(x[0], x + 1, 3, d, d + 1); },
                           [](const double *x, double s, double *d) { tp_vjp(x[0], x + 1, 3, s, d, d + 1); },
                           {0.4, 0.5, -0.7, 1.2});
  oracle::check<double, 1>("sub<double> x", [](auto v) { return sub(v[0], 0.8L, 3); },
                           [](const double *x, double *d) { return sub_grad(x[0], 0.8, 3, d); },
                           [](const double *x, double s, double *d) { sub_vjp(x[0], 0.8, 3, s, d); },
                           {0.6});
  std::printf("float\n");
  checks<float>();
  oracle::check<float, 1>("sub<float> y", [](auto v) { return sub(static_cast<long double>(0.6f), v[0], 3); },
                          [](const float *y, float *d) { return sub_grad(0.6f, y[0], 3, d); },
                          [](const float *y, float s, float *d) { sub_vjp(0.6f, y[0], 3, s, d); },
                          {0.8f});
  // extern "C", by hand: x cos(x)^3, d = cos^3 - 3 x cos^2 sin.
  const double cx = 0.7, c = std::cos(cx);
  double dc = 0;
  const double vc = c_linkage_grad(cx, &dc);
  const bool ok = std::fabs(vc - cx * c * c * c) < 1e-12 &&
                  std::fabs(dc - (c * c * c - 3 * cx * c * c * std::sin(cx))) < 1e-12;
  std::printf("c_linkage: value %.6f grad %.6f %s\n", vc, dc, ok ? "ok" : "MISMATCH");
  // The custom vjp, by hand: sin(sin(sin x)) x, d = cos(s2) cos(s1) cos(x) x + s3.
  const double s1 = std::sin(cx), s2 = std::sin(s1), s3 = std::sin(s2);
  double du = 0;
  const double vu = uses_custom_grad(cx, &du);
  const bool uok = std::fabs(vu - s3 * cx) < 1e-12 &&
                   std::fabs(du - (std::cos(s2) * std::cos(s1) * std::cos(cx) * cx + s3)) < 1e-12;
  std::printf("uses_custom: value %.6f grad %.6f %s\n", vu, du, uok ? "ok" : "MISMATCH");
}
#endif

// EXEC-COUNT-85: {{ ok$}}
// EXEC-NOT: MISMATCH
