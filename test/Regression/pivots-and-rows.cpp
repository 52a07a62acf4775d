// Found by a helper's adversarial tests of arrays of arrays:
// - the reverse of an if that holds a loop tested its condition again, from
//   array elements a later write had changed: row-pivoted Gaussian
//   elimination got a permuted gradient, or popped an empty tape (the
//   condition is now frozen, like an adjoint phi's);
// - a pointer to rows (`A + 1`, `P++`, `&A[2]` of `double A[3][2]`) moved
//   by one number instead of one row (wrong values, primal included);
// - two ?: choosing array elements: the first one's reverse read the
//   second's value before its declaration (did not compile);
// - a carried value only the primal returns was printed unused in the vjp
//   (-Werror).
// Each VJP is checked against central differences in long double.
//
// RUN: rm -rf %t && mkdir -p %t
// RUN: %adgen %s -o %t/pivots-and-rows.grad.h -- -std=c++17
// RUN: %cxx -I%t %s -o %t/gcc && %t/gcc | FileCheck %s
// RUN: %clangxx -I%t %s -o %t/clang && %t/clang | FileCheck %s

#include <adgen/adgen.h>
#include <cmath>

#define HELPERS(T)                                                              \
  inline T first_of_row(const T (*M)[2]) { return M[0][0]; }

#define FUNCTIONS(T, MARK)                                                      \
  MARK T guarded_swap(const T *x) {                                             \
    T key[2] = {x[0], x[1]};                                                    \
    T b[2] = {x[2], x[3]};                                                      \
    for (int c = 0; c < 2; ++c) {                                               \
      int p = 0;                                                                \
      if (key[1] > key[0])                                                      \
        p = 1;                                                                  \
      if (p)                                                                    \
        for (int j = 0; j < 1; ++j) {                                           \
          T t = b[0];                                                           \
          b[0] = b[1];                                                          \
          b[1] = t;                                                             \
        }                                                                       \
      key[0] = key[1] + 1;                                                      \
    }                                                                           \
    return b[0] + 2 * b[1];                                                     \
  }                                                                             \
  MARK T negated_keys(const T *x) {                                             \
    T key[3] = {x[0], x[1], x[2]};                                              \
    T b[3] = {x[3], x[4], x[5]};                                                \
    for (int c = 0; c < 2; ++c) {                                               \
      int p = c;                                                                \
      for (int r = c + 1; r < 3; ++r)                                           \
        if (key[r] > key[p])                                                    \
          p = r;                                                                \
      if (p != c)                                                               \
        for (int j = 0; j < 1; ++j) {                                           \
          T t = b[c];                                                           \
          b[c] = b[p];                                                          \
          b[p] = t;                                                             \
        }                                                                       \
      key[c] = -key[c];                                                         \
    }                                                                           \
    return b[0] + 2 * b[1] + 3 * b[2];                                          \
  }                                                                             \
  MARK T gauss_pivot(const T *x) {                                              \
    T A[3][4];                                                                  \
    for (int i = 0; i < 3; ++i) {                                               \
      for (int j = 0; j < 3; ++j)                                               \
        A[i][j] = x[3 * i + j];                                                 \
      A[i][3] = x[9 + i];                                                       \
    }                                                                           \
    for (int c = 0; c < 3; ++c) {                                               \
      int p = c;                                                                \
      for (int r = c + 1; r < 3; ++r)                                           \
        if (std::fabs(A[r][c]) > std::fabs(A[p][c]))                            \
          p = r;                                                                \
      if (p != c)                                                               \
        for (int j = 0; j < 4; ++j) {                                           \
          T t = A[c][j];                                                        \
          A[c][j] = A[p][j];                                                    \
          A[p][j] = t;                                                          \
        }                                                                       \
      for (int r = c + 1; r < 3; ++r) {                                         \
        T f = A[r][c] / A[c][c];                                                \
        for (int j = c; j < 4; ++j)                                             \
          A[r][j] -= f * A[c][j];                                               \
      }                                                                         \
    }                                                                           \
    T sol[3];                                                                   \
    for (int i = 2; i >= 0; --i) {                                              \
      T s = A[i][3];                                                            \
      for (int j = i + 1; j < 3; ++j)                                           \
        s -= A[i][j] * sol[j];                                                  \
      sol[i] = s / A[i][i];                                                     \
    }                                                                           \
    return sol[0] + 2 * sol[1] + 3 * sol[2];                                    \
  }                                                                             \
  MARK T row_pointers(const T *x) {                                             \
    T A[3][2] = {{x[0], x[1]}, {x[2], x[3]}, {x[4], x[5]}};                     \
    T(*P)[2] = A + 1;                                                           \
    T a = P[0][0];                                                              \
    P++;                                                                        \
    return a * P[0][1] + first_of_row(A + 1) * first_of_row(&A[2]);             \
  }                                                                             \
  MARK T two_selects(const T *x, int k) {                                       \
    T a = k < 1 ? x[1] : x[0];                                                  \
    T b = k < 2 ? x[2] : x[0];                                                  \
    return a * b;                                                               \
  }                                                                             \
  MARK T power_step(const T *x) {                                               \
    T v[2] = {1, T(0.5)};                                                       \
    T lam = 0;                                                                  \
    for (int it = 0; it < 3; ++it) {                                            \
      lam = std::sqrt(v[0] * v[0] + v[1] * v[1]);                               \
      for (int i = 0; i < 2; ++i)                                               \
        v[i] = x[i] * v[i] / lam;                                               \
    }                                                                           \
    return lam + v[1];                                                          \
  }

HELPERS(double)
HELPERS(float)
FUNCTIONS(double, ADGEN_DIFFERENTIABLE)
FUNCTIONS(float, ADGEN_DIFFERENTIABLE)

#ifndef ADGEN_TOOL
#include "pivots-and-rows.grad.h"
#include "inout.h"

#include <cstdio>

using LongDouble = long double;
HELPERS(LongDouble)
FUNCTIONS(LongDouble, )

using inout::check;

template <class T> void checks() {
  const std::vector<T> none{};
  INOUT_SCALAR(guarded_swap, (x), (x, s, dx), {T(0.1), T(0.5), T(10), T(20)});
  INOUT_SCALAR(negated_keys, (x), (x, s, dx), {T(0.1), T(0.5), T(0.3), T(10), T(20), T(30)});
  INOUT_SCALAR(gauss_pivot, (x), (x, s, dx),
         {T(0.2), T(0.3), T(-0.5), T(1.4), T(0.7), T(0.6), T(-0.2), T(1.9), T(0.1), T(1), T(-2),
          T(0.5)});
  INOUT_SCALAR(row_pointers, (x), (x, s, dx), {T(1), T(2), T(3), T(4), T(5), T(6)});
  for (int k : {0, 1, 2})
    check<T>("two_selects", {T(0.3), T(-0.5), T(0.8)}, none, none, T(0.6),
             [k](const LongDouble *x, LongDouble *) { return two_selects(x, k); },
             [k](const T *x, T *, T s, T *dx, T *) { two_selects_vjp(x, k, s, dx); });
  INOUT_SCALAR(power_step, (x), (x, s, dx), {T(0.7), T(1.3)});
}

int main() {
  checks<double>();
  checks<float>();
  // row_pointers(1..6) = x2 * x5 + x2 * x4 = 3 * 6 + 3 * 5 = 33 (by hand).
  double x[6] = {1, 2, 3, 4, 5, 6}, dx[6] = {};
  std::printf("row_pointers_grad: %.6f\n", row_pointers_grad(x, dx));
}
#endif

// CHECK-COUNT-16: ok
// CHECK-NOT: MISMATCH
// CHECK: row_pointers_grad: 33.000000
