// Printing bugs found by the random-program tester (programs 2197, 3472 and
// 2190 and their relatives), hand-reduced, each once a compile error of the
// generated code:
// - a helper with a local array inlined twice in one loop body: the second
//   copy's array is w_1, and an element read printed inside an expression
//   named the first copy's w (`w_1[i_1] = w[i_1] - 1.5`);
// - a loop counted again where a branch's forward runs once more in its
//   reverse (here after an early return): the count was declared twice in
//   one scope (`const std::size_t iterations = tape_iterations.pop();`);
// - a local array refilled in a loop inside a recording loop: the value its
//   inner loop stores was not given a variable (`double  = 1.5;`).
//
// RUN: rm -rf %t && mkdir -p %t
// RUN: %adgen %s -o %t/printing-fixes.grad.h -- -std=c++17
// RUN: FileCheck %s --check-prefix=CODE < %t/printing-fixes.grad.h
// RUN: %cxx -I%t %s -o %t/gcc && %t/gcc | FileCheck %s
// RUN: %clangxx -I%t %s -o %t/clang && %t/clang | FileCheck %s
#include <adgen/adgen.h>
#include <cmath>

#define FUNCTIONS(T, MARK)                                                      \
  inline T shifted(const T *v, int m, bool skip) {                              \
    if (skip) return v[2];                                                      \
    T w[5] = {};                                                                \
    T s = 0;                                                                    \
    for (int i = 0; i < m; ++i) {                                               \
      s = w[1];                                                                 \
      w[i] -= T(1.5);                                                           \
    }                                                                           \
    return s;                                                                   \
  }                                                                             \
  MARK void two_copies(const T *x, int n, T *y) {                               \
    for (int j = 0; j < n; ++j)                                                 \
      y[j] = shifted(x, n, x[0] > 0) * shifted(x, n, x[1] > 0);                 \
  }                                                                             \
  inline T depth(T a, int d) {                                                  \
    if (d <= 0) return a;                                                       \
    return depth(a * T(0.9) + T(0.1), d - 1);                                   \
  }                                                                             \
  MARK T counted_again(const T *x, int n) {                                     \
    T t = x[0];                                                                 \
    if (n > 5) return T(1.5);                                                   \
    for (int i = n - 1; i >= 0; --i) t = depth(t, 3);                           \
    T s = 0;                                                                    \
    for (int i = 0; i < n; ++i) s += std::fabs(t) * x[i];                       \
    return s + std::fabs(t);                                                    \
  }                                                                             \
  MARK void refilled(const T *x, int n, T *y) {                                 \
    for (int j = 0; j < n; ++j) {                                               \
      T w[5] = {};                                                              \
      T s = 0;                                                                  \
      for (int i = 0; i < n; ++i) {                                             \
        s = w[0];                                                               \
        T a = T(1.5);                                                           \
        if (true) {                                                             \
          a = T(1.0);                                                           \
        }                                                                       \
        w[i] = a;                                                               \
      }                                                                         \
      y[j] = x[j] * x[2] * s;                                                   \
    }                                                                           \
  }

FUNCTIONS(double, ADGEN_DIFFERENTIABLE)
FUNCTIONS(float, ADGEN_DIFFERENTIABLE)

// two_copies: each copy reads its own array.
// CODE-LABEL: inline void two_copies_vjp(const double*
// CODE:           double w[5] = {};
// CODE:           double w_1[5] = {};
// CODE-NOT:       {{[^_]}}w[
// CODE:           w_1[i_2] = t2 - 1.5;

// counted_again: the reverse branch runs the forward loop again and its
// reverse loop reads the count there, not from the tape.
// CODE-LABEL: inline void counted_again_vjp(const double*
// CODE:           tape_iterations.push(iterations);
// CODE:           std::size_t iterations = 0;
// CODE-NOT:       tape_iterations.pop()
// CODE:           for (std::size_t iterations_k = iterations; iterations_k-- > 0;) {

// refilled: the inner loop runs whole inside the recording loop, with the
// value it stores.
// CODE-LABEL: inline void refilled_vjp(const double*
// CODE:             double a = 1.5;
// CODE-NEXT:        if (true) {
// CODE-NEXT:          a = 1.0;
// CODE-NEXT:        }
// CODE-NEXT:        w[i] = a;

#ifndef ADGEN_TOOL
#include "printing-fixes.grad.h"
#include "oracle.h"
using LD = long double;
namespace ld {
FUNCTIONS(LD, )
}

// A function with an output y is checked as sum_j w_j y_j, whose gradient
// is f_vjp with the seed w.
constexpr double weights[4] = {1.0, -0.5, 0.25, 2.0};
template <class T, class U> U weighted(const U *y) {
  U s = 0;
  for (int j = 0; j < 4; ++j)
    s += U(weights[j]) * y[j];
  return s;
}
#define CHECK_OUTPUTS(T, f, ...)                                                \
  oracle::check<T, 4>(                                                          \
      #f, [](auto v) { LD y[4] = {}; ld::f(v.data(), 4, y); return weighted<T>(y); }, \
      [](const T *x, T *d) {                                                    \
        T y[4] = {}, d_y[4];                                                    \
        for (int j = 0; j < 4; ++j) d_y[j] = T(weights[j]);                     \
        f(x, 4, y);                                                             \
        f##_vjp(x, 4, y, d, d_y);                                               \
        return weighted<T>(y);                                                  \
      },                                                                        \
      [](const T *x, T s, T *d) {                                               \
        T y[4] = {}, d_y[4];                                                    \
        for (int j = 0; j < 4; ++j) d_y[j] = s * T(weights[j]);                 \
        f##_vjp(x, 4, y, d, d_y);                                               \
      },                                                                        \
      {__VA_ARGS__})

template <class T> void checks() {
  CHECK_OUTPUTS(T, two_copies, T(0.5), T(-0.7), T(1.3), T(0.2));
  CHECK_OUTPUTS(T, two_copies, T(-0.5), T(0.7), T(1.3), T(0.2));
  CHECK_OUTPUTS(T, two_copies, T(-0.5), T(-0.7), T(1.3), T(0.2));
  oracle::check<T, 4>("counted_again", [](auto v) { return ld::counted_again(v.data(), 4); }, [](const T *x, T *d) { return counted_again_grad(x, 4, d); }, [](const T *x, T s, T *d) { counted_again_vjp(x, 4, s, d); }, {T(0.9), T(-0.7), T(1.3), T(0.2)});
  oracle::check<T, 4>("counted_again", [](auto v) { return ld::counted_again(v.data(), 4); }, [](const T *x, T *d) { return counted_again_grad(x, 4, d); }, [](const T *x, T s, T *d) { counted_again_vjp(x, 4, s, d); }, {T(-0.9), T(-0.7), T(1.3), T(0.2)});
  CHECK_OUTPUTS(T, refilled, T(0.5), T(-0.7), T(1.3), T(0.2));
}

int main() {
  checks<double>();
  checks<float>();
}
#endif

// Against long-double central differences (oracle.h):
// CHECK-NOT: MISMATCH
// CHECK: two_copies(0.5, -0.7, 1.3, 0.2): value -5.3625 grad [0, 0, -4.125, 0] ok
// CHECK: counted_again(0.9, -0.7, 1.3, 0.2): value 2.62374 grad [1.73432, 0.971757, 0.971757, 0.971757] ok
// CHECK: refilled(0.5, -0.7, 1.3, 0.2): value 2.0475 grad [1.3, -0.65, 1.9, 2.6] ok
// CHECK: two_copies(0.5, -0.7, 1.3, 0.2): value -5.3625 grad [0, 0, -4.125, 0] ok
// CHECK: refilled(0.5, -0.7, 1.3, 0.2): value 2.0475 grad [1.3, -0.65, 1.9, 2.6] ok
