// Loops: for, while and do, nested loops, branches inside loops, loops over
// pointer parameters, loop-carried recurrences and independent iterations,
// break (a carried done flag), continue (the rest of the iteration skipped),
// and return inside loops (a carried returned flag and value).
// The reverse loop reads back only the carried values it cannot recompute:
// a loop whose iterations are independent stores nothing (no adgen::Tape),
// and index variables are recomputed from the iteration number.
//
// RUN: rm -rf %t && mkdir -p %t
// RUN: %adgen %s -o %t/loops.grad.h -- -std=c++17
// RUN: FileCheck %s < %t/loops.grad.h
// RUN: %cxx -I%t %s -o %t/gcc && %t/gcc | FileCheck %s --check-prefix=EXEC
// RUN: %clangxx -I%t %s -o %t/clang && %t/clang | FileCheck %s --check-prefix=EXEC

#include <adgen/adgen.h>
#include <cmath>

#define FUNCTIONS(T, MARK)                                                      \
  MARK T sumsq(const T *x, int n) {                                             \
    T s = 0;                                                                    \
    for (int i = 0; i < n; ++i)                                                 \
      s += x[i] * x[i];                                                         \
    return s;                                                                   \
  }                                                                             \
  MARK T dot(const T *x, const T *y, int n) {                                   \
    T s = 0;                                                                    \
    for (int i = 0; i < n; i++)                                                 \
      s = s + x[i] * y[i];                                                      \
    return s;                                                                   \
  }                                                                             \
  MARK T soft(const T *x, T w, int n) {                                         \
    T s = 0;                                                                    \
    for (int i = 0; i < n; ++i) {                                               \
      T t = x[i] * w;                                                           \
      s += std::exp(t) / (1 + t * t);                                           \
    }                                                                           \
    return std::log(s);                                                         \
  }                                                                             \
  MARK T power(T x, int n) {                                                    \
    T p = 1;                                                                    \
    int k = 0;                                                                  \
    while (k < n) {                                                             \
      p = p * x;                                                                \
      k++;                                                                      \
    }                                                                           \
    return p;                                                                   \
  }                                                                             \
  MARK T horner(const T *c, int n, T x) {                                       \
    T r = c[n - 1];                                                             \
    for (int i = n - 2; i >= 0; --i)                                            \
      r = r * x + c[i];                                                         \
    return r;                                                                   \
  }                                                                             \
  MARK T newton_sqrt(T a) {                                                     \
    T y = a;                                                                    \
    int k = 0;                                                                  \
    do {                                                                        \
      y = T(0.5) * (y + a / y);                                                 \
      k += 1;                                                                   \
    } while (k < 6);                                                            \
    return y;                                                                   \
  }                                                                             \
  MARK T quadratic(const T *A, const T *x, int n) {                             \
    T q = 0;                                                                    \
    for (int i = 0; i < n; ++i) {                                               \
      T row = 0;                                                                \
      for (int j = 0; j < n; ++j)                                               \
        row += A[i * n + j] * x[j];                                             \
      q += x[i] * row;                                                          \
    }                                                                           \
    return q;                                                                   \
  }                                                                             \
  MARK T relu_sum(const T *x, T w, int n) {                                     \
    T s = 0;                                                                    \
    for (int i = 0; i < n; ++i) {                                               \
      T z = x[i] * w;                                                           \
      if (z > 0)                                                                \
        s += z;                                                                 \
      else                                                                      \
        s += T(0.1) * z;                                                        \
    }                                                                           \
    return s;                                                                   \
  }                                                                             \
  MARK T fib(T x, int n) {                                                      \
    T a = 1, b = x;                                                             \
    for (int i = 0; i < n; ++i) {                                               \
      T c = a + b * x;                                                          \
      a = b;                                                                    \
      b = c;                                                                    \
    }                                                                           \
    return a * b;                                                               \
  }                                                                             \
  MARK T sparse(const T *x, int n) {                                            \
    T s = 0;                                                                    \
    int k = 0;                                                                  \
    while (k < n) {                                                             \
      s = s + x[k] * s + x[k];                                                  \
      k = 2 * k + 1;                                                            \
    }                                                                           \
    return s;                                                                   \
  }                                                                             \
  MARK T decay(T y0, T rate, int steps) {                                       \
    T y = y0, h = T(0.1);                                                       \
    for (int s = 0; s < steps; ++s)                                             \
      y = y + h * (-rate * y + std::sin(y));                                    \
    return y;                                                                   \
  }                                                                             \
  MARK T capped(const T *x, int n, T w) {                                       \
    T s = 0;                                                                    \
    for (int i = 0; i < n; ++i) {                                               \
      T v = x[i] * w;                                                           \
      if (v < 0)                                                                \
        continue;                                                               \
      s += v * v;                                                               \
      if (s > 3)                                                                \
        break;                                                                  \
    }                                                                           \
    return s;                                                                   \
  }                                                                             \
  MARK T bisect_like(T x) {                                                     \
    T y = x;                                                                    \
    int k = 0;                                                                  \
    for (;;) {                                                                  \
      y = T(0.5) * y + T(0.25) * std::sin(y);                                   \
      k++;                                                                      \
      if (k >= 7)                                                               \
        break;                                                                  \
    }                                                                           \
    return y;                                                                   \
  }                                                                             \
  MARK T inner_break(const T *x, int n) {                                       \
    T s = 0;                                                                    \
    for (int i = 0; i < n; ++i) {                                               \
      for (int j = i; j < n; ++j) {                                             \
        if (x[j] < 0)                                                           \
          break;                                                                \
        s += x[i] * x[j];                                                       \
      }                                                                         \
    }                                                                           \
    return s;                                                                   \
  }                                                                             \
  MARK T do_continue(T x, int n) {                                              \
    T s = x;                                                                    \
    int k = 0;                                                                  \
    do {                                                                        \
      k++;                                                                      \
      if (k % 2 == 0)                                                           \
        continue;                                                               \
      s = s * x + T(1);                                                         \
    } while (k < n);                                                            \
    return s;                                                                   \
  }                                                                             \
  MARK T newton_early(T a) {                                                    \
    T y = a;                                                                    \
    for (int k = 0; k < 50; ++k) {                                              \
      T next = T(0.5) * (y + a / y);                                            \
      if (std::fabs(next - y) < T(1e-5))                                        \
        return next;                                                            \
      y = next;                                                                 \
    }                                                                           \
    return y;                                                                   \
  }                                                                             \
  MARK T find_pair(const T *x, int n, T w) {                                    \
    for (int i = 0; i < n; ++i)                                                 \
      for (int j = 0; j < n; ++j)                                               \
        if (x[i] * x[j] * w > 1)                                                \
          return x[i] * x[j] * w;                                               \
    return w;                                                                   \
  }                                                                             \
  MARK T branchy(T x, int n) {                                                  \
    T s = x;                                                                    \
    if (x > 0) {                                                                \
      for (int i = 0; i < n; ++i)                                               \
        s = std::sin(s) + x;                                                    \
    }                                                                           \
    return s;                                                                   \
  }

FUNCTIONS(double, ADGEN_DIFFERENTIABLE)
FUNCTIONS(float, ADGEN_DIFFERENTIABLE)

// A reduction: its running adjoint d_s is the same in every iteration and
// known before the loop, so each iteration's reverse runs right after it, in
// the same loop (fused): no tape, no second loop, x read once.
// CHECK-LABEL: inline double sumsq_grad(const double* x, int n, double* d_x) {
// CHECK-NEXT:    const double d_s = 1.0;
// CHECK-NEXT:    double s = 0.0;
// CHECK-NEXT:    int i = 0;
// CHECK-NEXT:    for (;;) {
// CHECK-NEXT:      if (!(i < n)) break;
// CHECK-NEXT:      const double s_1 = s + x[i] * x[i];
// CHECK-NEXT:      const auto i_1 = i + 1;
// CHECK-NEXT:      if (d_x) d_x[i] += 2.0 * (d_s * x[i]);
// CHECK-NEXT:      s = s_1;
// CHECK-NEXT:      i = i_1;
// CHECK-NEXT:    }
// CHECK-NEXT:    return s;

// A loop-invariant scalar's gradient is summed over the iterations. The
// reverse loop runs apart (d_s = 1 / s needs the sum): it reads exp(t) from
// a tape the forward loop filled; the cheap temporaries are recomputed.
// CHECK-LABEL: inline double soft_grad(const double* x, double w, int n, double* d_x, double* d_w) {
// CHECK:         adgen::Tape<double> [[TAPE:tape_t[0-9]+]];
// CHECK:         const double [[EXP:t[0-9]+]] = std::exp(t);
// CHECK:         [[TAPE]].push([[EXP]]);
// CHECK:         double d_s = 1.0 / s;
// CHECK:         const double [[EXP]] = [[TAPE]].pop();
// CHECK-NOT:     std::exp
// CHECK:         return

// A recurrence stores the carried value its reverse reads.
// CHECK-LABEL: inline double power_grad(double x, int n, double* d_x) {
// CHECK:         adgen::Tape<double> tape_p;
// CHECK:         tape_p.push(p);
// CHECK:         const double p = tape_p.pop();

// A counting-down index is recomputed too.
// CHECK-LABEL: inline double horner_grad(const double* c, int n, double x, double* d_c, double* d_x) {
// CHECK:         int i = n - 2;
// CHECK:         const int i = n - 2 - static_cast<int>(iterations_k);

// An integer that is not an index (k = 2k + 1) is stored.
// CHECK-LABEL: inline double sparse_grad(const double* x, int n, double* d_x) {
// CHECK:         adgen::Tape<int> tape_k;

// A recurrence through sin: the forward loop stores cos(s), the derivative
// its reverse needs, in place of s; the reverse calls no math function.
// CHECK-LABEL: inline double branchy_grad(double x, int n, double* d_x) {
// CHECK:           const double [[C:t[0-9]+]] = std::cos(s);
// CHECK-NEXT:      tape_[[C]].push([[C]]);
// CHECK:           const double [[C]] = tape_[[C]].pop();
// CHECK-NOT:       std::
// CHECK:         return s_2;

#ifndef ADGEN_TOOL
#include "loops.grad.h"
#include "oracle.h"

#include <cstdio>
#include <vector>

using LongDouble = long double;
FUNCTIONS(LongDouble, )

// Fixed integer arguments, for the ORACLE_CHECK shorthands.
#define FIXED(T)                                                                \
  T power_of_five(T x) { return power(x, 5); }                                  \
  T power_of_five_grad(T x, T *d) { return power_grad(x, 5, d); }               \
  void power_of_five_vjp(T x, T s, T *d) { power_vjp(x, 5, s, d); }             \
  T fib_of_six(T x) { return fib(x, 6); }                                       \
  T fib_of_six_grad(T x, T *d) { return fib_grad(x, 6, d); }                    \
  void fib_of_six_vjp(T x, T s, T *d) { fib_vjp(x, 6, s, d); }                  \
  T decay_20(T y, T r) { return decay(y, r, 20); }                              \
  T decay_20_grad(T y, T r, T *a, T *b) { return decay_grad(y, r, 20, a, b); }  \
  void decay_20_vjp(T y, T r, T s, T *a, T *b) { decay_vjp(y, r, 20, s, a, b); } \
  T do_continue_5(T x) { return do_continue(x, 5); }                            \
  T do_continue_5_grad(T x, T *d) { return do_continue_grad(x, 5, d); }         \
  void do_continue_5_vjp(T x, T s, T *d) { do_continue_vjp(x, 5, s, d); }       \
  T branchy_4(T x) { return branchy(x, 4); }                                    \
  T branchy_4_grad(T x, T *d) { return branchy_grad(x, 4, d); }                 \
  void branchy_4_vjp(T x, T s, T *d) { branchy_vjp(x, 4, s, d); }
FIXED(double)
FIXED(float)
LongDouble power_of_five(LongDouble x) { return power(x, 5); }
LongDouble fib_of_six(LongDouble x) { return fib(x, 6); }
LongDouble decay_20(LongDouble y, LongDouble r) { return decay(y, r, 20); }
LongDouble branchy_4(LongDouble x) { return branchy(x, 4); }
LongDouble do_continue_5(LongDouble x) { return do_continue(x, 5); }

template <class T, size_t N, class F, class G, class V>
void check_array(const char *name, F f, G g, V v, std::array<T, N> at) {
  oracle::check<T, N>(name, f, g, v, at);
}

template <class T> void checks() {
  check_array<T, 4>(
      "sumsq", [](auto v) { return sumsq(v.data(), 4); },
      [](const T *x, T *d) { return sumsq_grad(x, 4, d); },
      [](const T *x, T s, T *d) { sumsq_vjp(x, 4, s, d); }, {T(0.5), T(-1), T(2), T(0.25)});
  check_array<T, 6>(
      "dot", [](auto v) { return dot(&v[0], &v[3], 3); },
      [](const T *x, T *d) { return dot_grad(&x[0], &x[3], 3, &d[0], &d[3]); },
      [](const T *x, T s, T *d) { dot_vjp(&x[0], &x[3], 3, s, &d[0], &d[3]); },
      {T(0.5), T(-1), T(2), T(1.5), T(0.25), T(-0.75)});
  check_array<T, 4>(
      "soft", [](auto v) { return soft(v.data(), v[3], 3); },
      [](const T *x, T *d) { return soft_grad(x, x[3], 3, d, &d[3]); },
      [](const T *x, T s, T *d) { soft_vjp(x, x[3], 3, s, d, &d[3]); },
      {T(0.5), T(-1), T(0.2), T(0.7)});
  ORACLE_CHECK1(T, power_of_five, 1.1);
  check_array<T, 5>(
      "horner", [](auto v) { return horner(v.data(), 4, v[4]); },
      [](const T *x, T *d) { return horner_grad(x, 4, x[4], d, &d[4]); },
      [](const T *x, T s, T *d) { horner_vjp(x, 4, x[4], s, d, &d[4]); },
      {T(1), T(-2), T(0.5), T(3), T(0.7)});
  ORACLE_CHECK1(T, newton_sqrt, 2.0);
  check_array<T, 6>(
      "quadratic", [](auto v) { return quadratic(v.data(), &v[4], 2); },
      [](const T *x, T *d) { return quadratic_grad(x, &x[4], 2, d, &d[4]); },
      [](const T *x, T s, T *d) { quadratic_vjp(x, &x[4], 2, s, d, &d[4]); },
      {T(1), T(0.5), T(-0.25), T(2), T(0.7), T(-1.2)});
  check_array<T, 4>(
      "relu_sum", [](auto v) { return relu_sum(v.data(), v[3], 3); },
      [](const T *x, T *d) { return relu_sum_grad(x, x[3], 3, d, &d[3]); },
      [](const T *x, T s, T *d) { relu_sum_vjp(x, x[3], 3, s, d, &d[3]); },
      {T(0.5), T(-1), T(2), T(0.7)});
  ORACLE_CHECK1(T, fib_of_six, 0.9);
  check_array<T, 7>(
      "sparse", [](auto v) { return sparse(v.data(), 7); },
      [](const T *x, T *d) { return sparse_grad(x, 7, d); },
      [](const T *x, T s, T *d) { sparse_vjp(x, 7, s, d); },
      {T(0.1), T(0.2), T(-0.3), T(0.4), T(0.5), T(0.6), T(-0.7)});
  ORACLE_CHECK2(T, decay_20, 1.5, 0.8);
  ORACLE_CHECK1(T, branchy_4, 0.6);
  ORACLE_CHECK1(T, branchy_4, -0.6);
  // continue skips negative terms; break stops once s > 3 (after 2.0^2 here).
  check_array<T, 6>(
      "capped", [](auto v) { return capped(v.data(), 5, v[5]); },
      [](const T *x, T *d) { return capped_grad(x, 5, x[5], d, &d[5]); },
      [](const T *x, T s, T *d) { capped_vjp(x, 5, x[5], s, d, &d[5]); },
      {T(0.5), T(-1), T(1.2), T(2.0), T(0.7), T(1.1)});
  ORACLE_CHECK1(T, bisect_like, 0.8);
  check_array<T, 5>(
      "inner_break", [](auto v) { return inner_break(v.data(), 5); },
      [](const T *x, T *d) { return inner_break_grad(x, 5, d); },
      [](const T *x, T s, T *d) { inner_break_vjp(x, 5, s, d); },
      {T(0.5), T(0.25), T(-1), T(0.75), T(0.3)});
  ORACLE_CHECK1(T, do_continue_5, 0.7);
  // A return inside a loop (converged), and inside two nested loops.
  ORACLE_CHECK1(T, newton_early, 2.0);
  check_array<T, 4>(
      "find_pair", [](auto v) { return find_pair(v.data(), 3, v[3]); },
      [](const T *x, T *d) { return find_pair_grad(x, 3, x[3], d, &d[3]); },
      [](const T *x, T s, T *d) { find_pair_vjp(x, 3, x[3], s, d, &d[3]); },
      {T(0.5), T(0.9), T(1.5), T(1.6)});
  check_array<T, 4>(
      "find_pair(none)", [](auto v) { return find_pair(v.data(), 3, v[3]); },
      [](const T *x, T *d) { return find_pair_grad(x, 3, x[3], d, &d[3]); },
      [](const T *x, T s, T *d) { find_pair_vjp(x, 3, x[3], s, d, &d[3]); },
      {T(0.1), T(0.2), T(0.3), T(1.6)});
}

int main() {
  checks<double>();
  checks<float>();
  // A long loop: the tape grows and shrinks back; d/dx x^n = n x^(n-1).
  double d = 0;
  power_grad(1.0000001, 100000, &d);
  std::printf("power(1.0000001, 100000)' = %.6f (n x^(n-1) = %.6f)\n", d,
              100000 * std::pow(1.0000001, 99999));
  // Zero iterations: the gradient of the initial value only.
  double dz = 0;
  double v = power_grad(3.0, 0, &dz);
  std::printf("power(3, 0) = %g, d = %g\n", v, dz);
}
#endif

// EXEC-COUNT-40: ok
// EXEC-NOT: MISMATCH
// EXEC: power(1.0000001, 100000)' = 101005.00{{[0-9]+}} (n x^(n-1) = 101005.00{{[0-9]+}})
// EXEC: power(3, 0) = 1, d = 0
