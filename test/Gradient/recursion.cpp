// Recursion: a function that calls itself (directly or through others) is
// called as a whole, and its reverse calls the vjp adgen generates for it,
// once per function, with every floating parameter active. The first level
// of a recursive helper is inlined into the marked function that calls it.
// Arrays passed down are read as the call saw them: when later code changes
// one (the next iteration of the loop that fills a minor), the reverse gets
// the copy taken right after the call, from a tape.
//
// Checked against the long-double oracle (central differences on the same
// body) for double and float: determinant by expansion in minors (std::vector
// and C-array minors, 1x1 to 5x5), power by repeated multiplication and by
// squaring, mutual recursion, a divide-and-conquer reduction over a pointer
// parameter (p + k passed down), a recursive call inside a loop and in a
// branch, a template, and index arrays passed down.
//
// RUN: rm -rf %t && mkdir -p %t
// RUN: %adgen %s -o %t/recursion.grad.h -- -std=c++17
// RUN: FileCheck %s < %t/recursion.grad.h
// RUN: FileCheck %s --check-prefix=FIXED < %t/recursion.grad.h
// RUN: %cxx -I%t %s -o %t/gcc && %t/gcc | FileCheck %s --check-prefix=EXEC
// RUN: %clangxx -I%t %s -o %t/clang && %t/clang | FileCheck %s --check-prefix=EXEC

#include <adgen/adgen.h>
#include <cmath>
#include <vector>

#define FUNCTIONS(T, MARK)                                                      \
  /* Determinant by expansion in minors along the first row. */                 \
  MARK T det(const T *a, int n) {                                               \
    if (n == 1)                                                                 \
      return a[0];                                                              \
    T sum = 0;                                                                  \
    std::vector<T> minor((n - 1) * (n - 1));                                    \
    for (int j = 0; j < n; ++j) {                                               \
      for (int r = 1; r < n; ++r) {                                             \
        int k = 0;                                                              \
        for (int c = 0; c < n; ++c)                                             \
          if (c != j) {                                                         \
            minor[(r - 1) * (n - 1) + k] = a[r * n + c];                        \
            ++k;                                                                \
          }                                                                     \
      }                                                                         \
      T sign = j % 2 == 0 ? T(1) : T(-1);                                       \
      sum += sign * a[j] * det(minor.data(), n - 1);                            \
    }                                                                           \
    return sum;                                                                 \
  }                                                                             \
  /* The same with a fixed-size C array for the minor (n <= 5). */             \
  inline T det_small(const T *a, int n) {                                       \
    if (n == 1)                                                                 \
      return a[0];                                                              \
    T minor[16];                                                                \
    T sum = 0;                                                                  \
    for (int j = 0; j < n; ++j) {                                               \
      for (int r = 1; r < n; ++r)                                               \
        for (int c = 0, k = 0; c < n; ++c)                                      \
          if (c != j) {                                                         \
            minor[(r - 1) * (n - 1) + k] = a[r * n + c];                        \
            k += 1;                                                             \
          }                                                                     \
      T term = a[j] * det_small(minor, n - 1);                                  \
      sum = j % 2 == 0 ? sum + term : sum - term;                               \
    }                                                                           \
    return sum;                                                                 \
  }                                                                             \
  MARK T log_det_small(const T *a, int n) { return std::log(det_small(a, n)); } \
  /* Scalars: x^n by repeated multiplication and by squaring. */                \
  inline T power(T x, int n) { return n == 0 ? T(1) : x * power(x, n - 1); }    \
  inline T fast_power(T x, int n) {                                             \
    if (n == 0)                                                                 \
      return T(1);                                                              \
    T half = fast_power(x, n / 2);                                              \
    return n % 2 == 0 ? half * half : half * half * x;                          \
  }                                                                             \
  MARK T powers(T x, T y) { return power(x, 5) + fast_power(y, 7) * x; }        \
  /* Mutual recursion: a ping-pong of sin and multiply. */                      \
  T pong(T x, T y, int n);                                                      \
  inline T ping(T x, T y, int n) { return n <= 0 ? x : std::sin(pong(x, y, n - 1)) + y; } \
  inline T pong(T x, T y, int n) { return n <= 0 ? y : x * ping(y, x, n - 1); } \
  MARK T ping_pong(T x, T y) { return ping(x, y, 6); }                          \
  /* Divide and conquer over a pointer parameter: p + h passed down. */         \
  inline T tree(const T *x, int n) {                                            \
    if (n == 1)                                                                 \
      return x[0] * x[0];                                                       \
    int h = n / 2;                                                              \
    T left = tree(x, h);                                                        \
    return left + std::exp(T(0.1) * tree(x + h, n - h)) * left;                 \
  }                                                                             \
  MARK T tree_energy(const T *x, int n) { return tree(x, n); }                  \
  /* A recursive call in a loop (carried sum) and in a branch. */               \
  MARK T poly_sum(const T *x, T c, int n) {                                     \
    T s = 0;                                                                    \
    for (int i = 0; i < n; ++i) {                                               \
      if (x[i] > 0)                                                             \
        s += fast_power(x[i], i + 1) * c;                                       \
      else                                                                      \
        s -= c * power(x[i] + c, i % 3);                                        \
    }                                                                           \
    return s;                                                                   \
  }                                                                             \
  /* Index arrays passed down: a recursive gather along a chain. */             \
  inline T chain(const T *x, const int *next, int at, int depth) {              \
    if (depth == 0)                                                             \
      return x[at];                                                             \
    return x[at] * chain(x, next, next[at], depth - 1) + std::cos(x[at]);       \
  }                                                                             \
  MARK T chain_energy(const T *x, const int *next, int depth) {                 \
    return chain(x, next, 0, depth);                                            \
  }                                                                             \
  /* A local array built once, read by two recursive calls, then scaled. */    \
  MARK T shared_minor(const T *a, T s) {                                        \
    std::vector<T> b(4);                                                        \
    for (int i = 0; i < 4; ++i)                                                 \
      b[i] = a[i] * s;                                                          \
    return det(b.data(), 2) * tree(b.data(), 4);                                \
  }

template <class T> T tpow(T x, int n) { return n == 0 ? T(1) : x * tpow(x, n - 1); }

FUNCTIONS(double, ADGEN_DIFFERENTIABLE)
FUNCTIONS(float, ADGEN_DIFFERENTIABLE)

ADGEN_DIFFERENTIABLE double template_power(double x) { return tpow(x, 4) + tpow(x * x, 2); }

// Each recursive function's vjp is declared first (it may be called before
// its definition), then defined once, with every floating parameter active.
// CHECK: inline void det_small_vjp(const double*, int, double, double*);
// CHECK: inline void power_vjp(double, int, double, double*);
// CHECK: inline void fast_power_vjp(double, int, double, double*);
// Index arrays are passed as they are, without adjoint.
// CHECK: inline void chain_vjp(const double*, const int*, int, int, double, double*);

// det is marked: its own det_vjp serves its recursive calls. The minor
// changes in the next iteration, so the reverse reads the copy taken after
// each call from a tape.
// CHECK-LABEL: inline double det_grad(const double* a, int n, double* d_a) {
// CHECK:         adgen::Tape<std::vector<double>> [[TAPE:tape_minor_copy[_0-9]*]];
// CHECK:         const double {{t[0-9]+}} = ::det(minor.data(), [[N1:t[0-9]+]]);
// CHECK-NEXT:    const std::vector<double> minor_copy(std::begin(minor), std::end(minor));
// CHECK:         [[TAPE]].push(minor_copy);
// CHECK:         const std::vector<double> [[COPY:minor_copy[_0-9]*]] = [[TAPE]].pop();
// CHECK:         ::det_vjp([[COPY]].data(), [[N1]], {{.*}}, d_minor.data());
// CHECK-LABEL: inline void det_vjp(const double* a, int n, double d_ret, double* d_a) {

// A fixed-size C array's copy is a std::array: taking it and keeping it on
// the tape allocate nothing.
// FIXED-LABEL: inline void det_small_vjp(const double* a, int n, double d_ret, double* d_a) {
// FIXED:         adgen::Tape<std::array<double, 16>> [[TAPE:tape_minor_copy[_0-9]*]];
// FIXED:         const std::array<double, 16> minor_copy = adgen::detail::snapshot<double, 16>(minor);
// FIXED:         [[TAPE]].push(minor_copy);
// FIXED:         const std::array<double, 16> [[COPY:minor_copy[_0-9]*]] = [[TAPE]].pop();
// FIXED:         ::det_small_vjp([[COPY]].data(),

// An array the program does not change after the call needs no copy: the
// inlined tree(b, 4) passes b itself to its two recursive calls.
// CHECK-LABEL: inline double shared_minor_grad(const double* a, double s, double* d_a, double* d_s) {
// CHECK-NOT:     b_copy
// CHECK:         const double left = ::tree(b.data(), 2);
// CHECK-NEXT:    const double {{t[0-9]+}} = ::tree(b.data() + 2, 2);
// CHECK-NOT:     b_copy
// CHECK:         ::tree_vjp(b.data() + 2, 2, {{.*}}, d_b.data() + 2);
// CHECK:         ::tree_vjp(b.data(), 2, d_left, d_b.data());
// CHECK-NOT:     b_copy
// CHECK:         return

// The vjps of the recursive helpers follow the marked functions.
// A pointer parameter passed down with an offset gets the adjoint at the
// same offset (or none, when the caller passed none).
// CHECK-LABEL: inline void tree_vjp(const double* x, int n, double d_ret, double* d_x) {
// CHECK:         ::tree_vjp(x + {{.*}}, d_x ? d_x + {{.*}} : nullptr);
// CHECK:         ::tree_vjp(x, {{.*}}, d_x);


#ifndef ADGEN_TOOL
#include "recursion.grad.h"
#include "oracle.h"

#include <cstdio>

using LongDouble = long double;
FUNCTIONS(LongDouble, )

template <class T> void checks() {
  // Determinants: 1x1 to 5x5, well conditioned (diagonally dominant).
  const T m5[25] = {T(4.1), T(0.3), T(-0.5), T(0.2), T(0.7),   T(0.6),  T(3.7),  T(0.4), T(-0.3),
                    T(0.1), T(-0.2), T(0.5), T(5.2), T(0.8),   T(-0.4), T(0.3),  T(-0.6), T(0.2),
                    T(4.4), T(0.5), T(0.9), T(0.1), T(-0.7), T(0.6), T(3.9)};
  oracle::check<T, 1>("det1", [](auto v) { return det(v.data(), 1); },
                      [](const T *x, T *d) { return det_grad(x, 1, d); },
                      [](const T *x, T s, T *d) { det_vjp(x, 1, s, d); }, {T(-1.5)});
  oracle::check<T, 4>("det2", [](auto v) { return det(v.data(), 2); },
                      [](const T *x, T *d) { return det_grad(x, 2, d); },
                      [](const T *x, T s, T *d) { det_vjp(x, 2, s, d); },
                      {T(1.5), T(0.3), T(-0.7), T(2.0)});
  std::array<T, 9> m3{};
  std::array<T, 16> m4{};
  std::array<T, 25> a5{};
  for (int r = 0; r < 5; ++r)
    for (int c = 0; c < 5; ++c) {
      a5[r * 5 + c] = m5[r * 5 + c];
      if (r < 4 && c < 4)
        m4[r * 4 + c] = m5[r * 5 + c];
      if (r < 3 && c < 3)
        m3[r * 3 + c] = m5[r * 5 + c];
    }
  oracle::check<T, 9>("det3", [](auto v) { return det(v.data(), 3); },
                      [](const T *x, T *d) { return det_grad(x, 3, d); },
                      [](const T *x, T s, T *d) { det_vjp(x, 3, s, d); }, m3);
  oracle::check<T, 16>("det4", [](auto v) { return det(v.data(), 4); },
                       [](const T *x, T *d) { return det_grad(x, 4, d); },
                       [](const T *x, T s, T *d) { det_vjp(x, 4, s, d); }, m4);
  oracle::check<T, 25>("det5", [](auto v) { return det(v.data(), 5); },
                       [](const T *x, T *d) { return det_grad(x, 5, d); },
                       [](const T *x, T s, T *d) { det_vjp(x, 5, s, d); }, a5);
  oracle::check<T, 16>("log_det_small4", [](auto v) { return log_det_small(v.data(), 4); },
                       [](const T *x, T *d) { return log_det_small_grad(x, 4, d); },
                       [](const T *x, T s, T *d) { log_det_small_vjp(x, 4, s, d); }, m4);
  oracle::check<T, 9>("log_det_small3", [](auto v) { return log_det_small(v.data(), 3); },
                      [](const T *x, T *d) { return log_det_small_grad(x, 3, d); },
                      [](const T *x, T s, T *d) { log_det_small_vjp(x, 3, s, d); }, m3);

  ORACLE_CHECK2(T, powers, 1.1, 0.9);
  ORACLE_CHECK2(T, powers, -0.8, 1.2);
  ORACLE_CHECK2(T, ping_pong, 0.7, 0.4);
  ORACLE_CHECK2(T, ping_pong, -1.2, 0.9);

  for (int n : {1, 2, 5, 8}) {
    std::array<T, 8> x{T(0.3), T(-0.5), T(0.8), T(0.1), T(-0.9), T(0.6), T(0.2), T(-0.4)};
    // (the entries past n are checked too: their gradient is 0)
    oracle::check<T, 8>("tree_energy", [n](auto v) { return tree_energy(v.data(), n); },
                        [n](const T *x, T *d) { return tree_energy_grad(x, n, d); },
                        [n](const T *x, T s, T *d) { tree_energy_vjp(x, n, s, d); }, x);
  }
  oracle::check<T, 6>("poly_sum", [](auto v) { return poly_sum(v.data(), v[5], 5); },
                      [](const T *x, T *d) { return poly_sum_grad(x, x[5], 5, d, d + 5); },
                      [](const T *x, T s, T *d) { poly_sum_vjp(x, x[5], 5, s, d, d + 5); },
                      {T(0.9), T(-0.4), T(1.1), T(-0.7), T(0.6), T(0.3)});
  static const int next[5] = {3, 0, 4, 1, 2};
  for (int depth : {0, 1, 4, 9})
    oracle::check<T, 5>("chain_energy", [depth](auto v) { return chain_energy(v.data(), next, depth); },
                        [depth](const T *x, T *d) { return chain_energy_grad(x, next, depth, d); },
                        [depth](const T *x, T s, T *d) { chain_energy_vjp(x, next, depth, s, d); },
                        {T(0.5), T(-0.3), T(0.8), T(1.1), T(-0.6)});
  oracle::check<T, 5>("shared_minor", [](auto v) { return shared_minor(v.data(), v[4]); },
                      [](const T *x, T *d) { return shared_minor_grad(x, x[4], d, d + 4); },
                      [](const T *x, T s, T *d) { shared_minor_vjp(x, x[4], s, d, d + 4); },
                      {T(1.2), T(0.4), T(-0.3), T(0.9), T(0.7)});
}

int main() {
  std::printf("double\n");
  checks<double>();
  std::printf("float\n");
  checks<float>();
  // A template's instantiation, hand-derived: x^4 + (x^2)^2 = 2 x^4, d = 8 x^3.
  double d = 0;
  const double x = 1.3;
  const double value = template_power_grad(x, &d);
  const bool ok = std::fabs(value - 2 * std::pow(x, 4)) < 1e-12 &&
                  std::fabs(d - 8 * std::pow(x, 3)) < 1e-12;
  std::printf("template_power: value %.6f grad %.6f %s\n", value, d, ok ? "ok" : "MISMATCH");
}
#endif

// EXEC-COUNT-43: {{ ok$}}
// EXEC-NOT: MISMATCH
