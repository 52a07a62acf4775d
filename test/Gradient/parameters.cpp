// Parameter kinds: by value, const reference, non-const reference (read
// only), pointers and arrays read element by element, integral parameters
// and pointers to const integers (never differentiated), and ADGEN_NO_GRAD.
//
// RUN: rm -rf %t && mkdir -p %t
// RUN: %adgen %s -o %t/parameters.grad.h -- -std=c++17
// RUN: FileCheck %s < %t/parameters.grad.h
// RUN: %cxx -I%t %s -o %t/gcc && %t/gcc | FileCheck %s --check-prefix=EXEC
// RUN: %clangxx -I%t %s -o %t/clang && %t/clang | FileCheck %s --check-prefix=EXEC

#include <adgen/adgen.h>
#include <cmath>

#define FUNCTIONS(T, MARK)                                                      \
  MARK T by_ref(const T &x, T &y) { return x * y + std::sin(x); }               \
  MARK T dot3(const T *a, const T b[3]) {                                       \
    return a[0] * b[0] + a[1] * b[1] + a[2] * b[2];                             \
  }                                                                             \
  MARK T deref(const T *p) { return *p * *p; }                                  \
  MARK T indexed(const T *p, int n, long k) { return p[n - 1] * p[k] + p[0]; }  \
  MARK T scaled(T x, ADGEN_NO_GRAD T scale, int power) {                        \
    T s = scale * static_cast<T>(power);                                        \
    return s * x * x;                                                           \
  }                                                                             \
  MARK T truncates(T x) {                                                       \
    int whole = static_cast<int>(x);                                            \
    return x * static_cast<T>(whole);                                           \
  }                                                                             \
  /* an index array (ADBench BA's obs): read, never differentiated */          \
  MARK T gather(int n, const T *x, const int *idx) {                            \
    T s = 0;                                                                    \
    for (int i = 0; i < n; ++i)                                                 \
      s += x[idx[i]] * x[idx[i]];                                               \
    return s;                                                                   \
  }

enum class Mode { Half = 2, Third = 3 };
// An enum parameter is a constant; enum constants are constants too.
ADGEN_DIFFERENTIABLE double by_mode(double x, Mode m) {
  return x / static_cast<int>(m) + static_cast<int>(Mode::Third);
}

FUNCTIONS(double, ADGEN_DIFFERENTIABLE)
FUNCTIONS(float, ADGEN_DIFFERENTIABLE)

// CHECK-LABEL: inline double by_mode_grad(double x, Mode m, double* d_x) {
// CHECK-NEXT:    const double t0 = static_cast<double>(static_cast<int>(m));
// CHECK-NEXT:    if (d_x) *d_x += 1.0 / t0;
// CHECK-NEXT:    return x / t0 + 3.0;

// References: the adjoint is a pointer.
// CHECK-LABEL: inline double by_ref_grad(const double& x, double& y, double* d_x, double* d_y) {
// CHECK-NEXT:    if (d_x) *d_x += std::cos(x) + y;
// CHECK-NEXT:    if (d_y) *d_y += x;

// Pointers and arrays: one accumulation per element read, in reading order.
// CHECK-LABEL: inline double dot3_grad(const double* a, const double* b, double* d_a, double* d_b) {
// CHECK-NEXT:    if (d_a) {
// CHECK-NEXT:      d_a[0] += b[0];
// CHECK-NEXT:      d_a[1] += b[1];
// CHECK-NEXT:      d_a[2] += b[2];
// CHECK-NEXT:    }
// CHECK-NEXT:    if (d_b) {
// CHECK-NEXT:      d_b[0] += a[0];

// *p is p[0].
// CHECK-LABEL: inline double deref_grad(const double* p, double* d_p) {
// CHECK-NEXT:    if (d_p) d_p[0] += 2.0 * p[0];

// Integer index arithmetic is computed once and reused.
// CHECK-LABEL: inline double indexed_grad(const double* p, int n, long k, double* d_p) {
// CHECK-NEXT:    const auto t0 = n - 1;
// CHECK-NEXT:    if (d_p) {
// CHECK-NEXT:      d_p[t0] += p[k];
// CHECK-NEXT:      d_p[k] += p[t0];
// CHECK-NEXT:      d_p[0] += 1.0;

// ADGEN_NO_GRAD and integral parameters get no adjoint.
// CHECK-LABEL: inline double scaled_grad(double x, double scale, int power, double* d_x) {
// CHECK-LABEL: inline void scaled_vjp(double x, double scale, int power, double d_ret, double* d_x) {

// A float -> int conversion cuts the derivative: d/dx (x * trunc(x)) = trunc(x).
// CHECK-LABEL: inline double truncates_grad(double x, double* d_x) {
// CHECK-NEXT:    const auto whole = static_cast<int>(x);
// CHECK-NEXT:    const double t0 = static_cast<double>(whole);
// CHECK-NEXT:    if (d_x) *d_x += t0;

// An index array gets no adjoint parameter.
// CHECK-LABEL: inline double gather_grad(int n, const double* x, const int* idx, double* d_x) {


#ifndef ADGEN_TOOL
#include "parameters.grad.h"
#include "oracle.h"

#include <cstdio>

FUNCTIONS(long double, )

template <class T> void pointer_checks() {
  // Pointer and array parameters, against the oracle element by element.
  oracle::check<T, 6>(
      "dot3", [](auto v) { return dot3(&v[0], &v[3]); },
      [](const T *x, T *d) { return dot3_grad(&x[0], &x[3], &d[0], &d[3]); },
      [](const T *x, T s, T *d) { dot3_vjp(&x[0], &x[3], s, &d[0], &d[3]); },
      {T(1), T(2), T(-3), T(0.5), T(4), T(-1)});
  oracle::check<T, 1>(
      "deref", [](auto v) { return deref(&v[0]); },
      [](const T *x, T *d) { return deref_grad(&x[0], &d[0]); },
      [](const T *x, T s, T *d) { deref_vjp(&x[0], s, &d[0]); }, {T(-1.5)});
  // n - 1 == k == 2: two reads of one element accumulate into one adjoint.
  oracle::check<T, 4>(
      "indexed", [](auto v) { return indexed(v.data(), 3, 2L); },
      [](const T *x, T *d) { return indexed_grad(x, 3, 2L, d); },
      [](const T *x, T s, T *d) { indexed_vjp(x, 3, 2L, s, d); },
      {T(1.5), T(2), T(-3), T(7)});
  oracle::check<T, 2>(
      "by_ref", [](auto v) { return by_ref(v[0], v[1]); },
      [](const T *x, T *d) { T y = x[1]; return by_ref_grad(x[0], y, &d[0], &d[1]); },
      [](const T *x, T s, T *d) { T y = x[1]; by_ref_vjp(x[0], y, s, &d[0], &d[1]); },
      {T(0.3), T(-2)});
  oracle::check<T, 1>(
      "scaled", [](auto v) { return scaled(v[0], 1.5L, 3); },
      [](const T *x, T *d) { return scaled_grad(x[0], T(1.5), 3, &d[0]); },
      [](const T *x, T s, T *d) { scaled_vjp(x[0], T(1.5), 3, s, &d[0]); }, {T(0.5)});
  oracle::check<T, 1>(
      "truncates", [](auto v) { return truncates(v[0]); },
      [](const T *x, T *d) { return truncates_grad(x[0], &d[0]); },
      [](const T *x, T s, T *d) { truncates_vjp(x[0], s, &d[0]); }, {T(2.5)});
  // Element 2 read twice, element 1 never: d = [2 x0, 0, 4 x2].
  static const int idx[3] = {2, 0, 2};
  oracle::check<T, 3>(
      "gather", [](auto v) { return gather(3, v.data(), idx); },
      [](const T *x, T *d) { return gather_grad(3, x, idx, d); },
      [](const T *x, T s, T *d) { gather_vjp(3, x, idx, s, d); }, {T(1.5), T(-2), T(0.5)});
}

long double by_mode(long double x, Mode m) {
  return x / static_cast<int>(m) + static_cast<int>(Mode::Third);
}

int main() {
  pointer_checks<double>();
  pointer_checks<float>();
  oracle::check<double, 1>(
      "by_mode", [](auto v) { return by_mode(v[0], Mode::Half); },
      [](const double *x, double *d) { return by_mode_grad(x[0], Mode::Half, &d[0]); },
      [](const double *x, double s, double *d) { by_mode_vjp(x[0], Mode::Half, s, &d[0]); },
      {3.0});
}
#endif

// EXEC: dot3(1, 2, -3, 0.5, 4, -1): value 11.5 grad [0.5, 4, -1, 1, 2, -3] ok
// EXEC: deref(-1.5): value 2.25 grad [-3] ok
// EXEC: indexed(1.5, 2, -3, 7): value 10.5 grad [1, 0, -6, 0] ok
// EXEC: by_ref(0.3, -2): {{.*}} ok
// EXEC: scaled(0.5): value 1.125 grad [4.5] ok
// EXEC: truncates(2.5): value 5 grad [2] ok
// EXEC: gather(1.5, -2, 0.5): value 2.75 grad [3, 0, 2] ok
// EXEC: dot3(1, 2, -3, 0.5, 4, -1): value 11.5 grad [0.5, 4, -1, 1, 2, -3] ok
// EXEC: deref(-1.5): value 2.25 grad [-3] ok
// EXEC: indexed(1.5, 2, -3, 7): value 10.5 grad [1, 0, -6, 0] ok
// EXEC: by_ref(0.3, -2): {{.*}} ok
// EXEC: scaled(0.5): value 1.125 grad [4.5] ok
// EXEC: truncates(2.5): value 5 grad [2] ok
// EXEC: gather(1.5, -2, 0.5): value 2.75 grad [3, 0, 2] ok
// EXEC: by_mode(3): value 4.5 grad [0.5] ok
