// Local arrays of arrays (`double R[3][3]`, `T a[2][3][2]`): one array of
// N * M elements, row after row. `R[i][j]` reads element i * 3 + j, `R[i]` is
// a pointer to row i (passed to a helper, `dot3(R[1], q)`), and `R` itself
// may be passed to a helper taking `const T (*)[3]`. Nested initializers
// (`{{a, 2 * a}, {1, a * a, 3}}`) fill by position, zeros where none is
// given. Each VJP is checked against central differences in long double.
//
// RUN: rm -rf %t && mkdir -p %t
// RUN: %adgen %s -o %t/arrays-2d.grad.h -- -std=c++17
// RUN: FileCheck %s < %t/arrays-2d.grad.h
// RUN: %cxx -I%t %s -o %t/gcc && %t/gcc | FileCheck %s --check-prefix=EXEC
// RUN: %clangxx -I%t %s -o %t/clang && %t/clang | FileCheck %s --check-prefix=EXEC

#include <adgen/adgen.h>
#include <cmath>

#define HELPERS(T)                                                              \
  inline void matvec3(const T (*M)[3], const T *v, T *out) {                    \
    for (int i = 0; i < 3; ++i) {                                               \
      out[i] = 0;                                                               \
      for (int j = 0; j < 3; ++j)                                               \
        out[i] += M[i][j] * v[j];                                               \
    }                                                                           \
  }                                                                             \
  inline T dot3(const T *a, const T *b) { return a[0] * b[0] + a[1] * b[1] + a[2] * b[2]; }

#define FUNCTIONS(T, MARK)                                                      \
  /* Rodrigues' rotation of p by the axis-angle w, then a quadratic form. */   \
  MARK T rotate(const T *w, const T *p) {                                       \
    T theta = std::sqrt(w[0] * w[0] + w[1] * w[1] + w[2] * w[2]);               \
    T k[3] = {w[0] / theta, w[1] / theta, w[2] / theta};                        \
    T K[3][3] = {{0, -k[2], k[1]}, {k[2], 0, -k[0]}, {-k[1], k[0], 0}};         \
    T R[3][3];                                                                  \
    for (int i = 0; i < 3; ++i)                                                 \
      for (int j = 0; j < 3; ++j) {                                             \
        T kk = 0;                                                               \
        for (int m = 0; m < 3; ++m)                                             \
          kk += K[i][m] * K[m][j];                                              \
        R[i][j] = (i == j ? T(1) : T(0)) + std::sin(theta) * K[i][j] +          \
                  (1 - std::cos(theta)) * kk;                                   \
      }                                                                         \
    T q[3];                                                                     \
    matvec3(R, p, q);                                                           \
    return dot3(R[1], q) + q[0] * q[2];                                         \
  }                                                                             \
  MARK T partial_init(T a) {                                                    \
    T M[2][3] = {{a, 2 * a}, {1, a * a, 3}};                                    \
    T s = 0;                                                                    \
    for (int i = 0; i < 2; ++i)                                                 \
      for (int j = 0; j < 3; ++j)                                               \
        s += M[i][j] * (i + j + 1);                                             \
    return s;                                                                   \
  }                                                                             \
  MARK T matmul_trace(const T *x) {                                             \
    T A[2][2], B[2][2], C[2][2] = {};                                           \
    for (int i = 0; i < 2; ++i)                                                 \
      for (int j = 0; j < 2; ++j) {                                             \
        A[i][j] = x[2 * i + j];                                                 \
        B[j][i] = std::exp(x[2 * i + j]);                                       \
      }                                                                         \
    for (int i = 0; i < 2; ++i)                                                 \
      for (int j = 0; j < 2; ++j)                                               \
        for (int k = 0; k < 2; ++k)                                             \
          C[i][j] += A[i][k] * B[k][j];                                         \
    return C[0][0] * C[1][1] - C[0][1] * C[1][0];                               \
  }                                                                             \
  MARK T cube(const T *x) {                                                     \
    T a[2][3][2];                                                               \
    for (int i = 0; i < 2; ++i)                                                 \
      for (int j = 0; j < 3; ++j)                                               \
        for (int k = 0; k < 2; ++k)                                             \
          a[i][j][k] = x[i] * (j + 1) + x[k] * x[k];                            \
    T s = 0;                                                                    \
    for (int j = 0; j < 3; ++j)                                                 \
      s += a[1][j][0] * a[0][j][1];                                             \
    return s + dot3(a[1][1], a[0][0]);                                          \
  }                                                                             \
  MARK T int_table(const T *x) {                                                \
    const int pairs[3][2] = {{0, 1}, {1, 2}, {2, 0}};                           \
    T s = 0;                                                                    \
    for (int e = 0; e < 3; ++e)                                                 \
      s += x[pairs[e][0]] * std::sin(x[pairs[e][1]]);                           \
    return s;                                                                   \
  }

HELPERS(double)
HELPERS(float)
FUNCTIONS(double, ADGEN_DIFFERENTIABLE)
FUNCTIONS(float, ADGEN_DIFFERENTIABLE)

// One flat array, row after row; a row is an offset into it.
// CHECK-LABEL: inline double partial_init_grad(
// CHECK:       double M[6] = {};
// CHECK-NEXT:  M[0] = a;
// CHECK-NEXT:  M[1] = 2.0 * a;
// CHECK-NEXT:  M[3] = 1.0;
// CHECK:       = i * 3 + j;
// CHECK-LABEL: inline double cube_grad(
// CHECK:       double a[12];

#ifndef ADGEN_TOOL
#include "arrays-2d.grad.h"
#include "inout.h"

#include <cstdio>

using LongDouble = long double;
HELPERS(LongDouble)
FUNCTIONS(LongDouble, )

using inout::check;

template <class T> void checks() {
  const std::vector<T> none{};
  INOUT_SCALAR(rotate, (x, x + 3), (x, x + 3, s, dx, dx + 3),
               {T(0.3), T(-0.5), T(0.8), T(1.5), T(-0.7), T(0.4)});
  INOUT_SCALAR(partial_init, (x[0]), (x[0], s, dx), {T(0.7)});
  INOUT_SCALAR(matmul_trace, (x), (x, s, dx), {T(0.3), T(-0.5), T(0.8), T(0.2)});
  INOUT_SCALAR(cube, (x), (x, s, dx), {T(0.3), T(-0.5)});
  INOUT_SCALAR(int_table, (x), (x, s, dx), {T(0.3), T(-0.5), T(0.8)});
}

int main() {
  checks<double>();
  checks<float>();
  // partial_init(a) = a + 4a + 2 + 3a^2 + 12 = 3a^2 + 5a + 14 (by hand): 18.97 at 0.7,
  // d/da = 6a + 5 = 9.2.
  double da = 0;
  double v = partial_init_grad(0.7, &da);
  std::printf("partial_init_grad: %.6f d_a %.6f\n", v, da);
}
#endif

// EXEC-COUNT-10: ok
// EXEC-NOT: MISMATCH
// EXEC: partial_init_grad: 18.970000 d_a 9.200000
