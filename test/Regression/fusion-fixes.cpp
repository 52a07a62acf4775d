// Regression tests for fused loops and stored costly values (found by a
// helper's adversarial tests the day both landed; the comments describe the
// bugs as they were).
//
// RUN: rm -rf %t && mkdir -p %t
// RUN: %adgen %s -o %t/fusion-fixes.grad.h -- -std=c++17
// RUN: %cxx -I%t %s -o %t/gcc && %t/gcc | FileCheck %s
// RUN: %clangxx -I%t %s -o %t/clang && %t/clang | FileCheck %s
//
// relu_sum, private_relu, leaky, and_condition: a fused loop whose body
// branches on a value read from a local array. Its reverse if tests the
// recorded copy of the condition, which a fused loop never declared:
// "'t7' was not declared in this scope".
// recurrence_after: an inner reduction fused in the reverse body of a
// recurrence, whose exit adjoint reads cos(y) computed after it. The outer
// reverse loop pops cos(y) from its tape and the fused loop defined it again:
// "redeclaration of 'const double t1'".
// taped_unused: the reverse needs tanh(cos(x[i])); both were stored and cos
// was popped unused: "unused variable 't1'" under -Werror.
#include <adgen/adgen.h>
#include <cmath>
#include <vector>

#define FUNCTIONS(T, MARK)                                                      \
  MARK T relu_sum(const T *x, int n) {                                          \
    std::vector<T> v(n);                                                        \
    for (int i = 0; i < n; ++i)                                                 \
      v[i] = x[i];                                                              \
    T s = 0;                                                                    \
    for (int i = 0; i < n; ++i) {                                               \
      T b = v[i];                                                               \
      if (b > 0)                                                                \
        b = b * b;                                                              \
      s += b;                                                                   \
    }                                                                           \
    return s;                                                                   \
  }                                                                             \
  MARK T private_relu(const T *x, int n) {                                      \
    T s = 0;                                                                    \
    for (int i = 0; i < n; ++i) {                                               \
      T tmp[1];                                                                 \
      tmp[0] = x[i];                                                            \
      T b = tmp[0];                                                             \
      if (tmp[0] > 0)                                                           \
        b = tmp[0] * tmp[0];                                                    \
      s += b;                                                                   \
    }                                                                           \
    return s;                                                                   \
  }                                                                             \
  MARK T leaky(const T *x, T w, int n) {                                        \
    std::vector<T> v(n);                                                        \
    for (int i = 0; i < n; ++i)                                                 \
      v[i] = x[i];                                                              \
    T s = 0;                                                                    \
    for (int i = 0; i < n; ++i)                                                 \
      s += v[i] > 0 ? v[i] : w * v[i];                                          \
    return s;                                                                   \
  }                                                                             \
  MARK T and_condition(const T *x, T w, int n) {                                \
    std::vector<T> v(n);                                                        \
    for (int i = 0; i < n; ++i)                                                 \
      v[i] = x[i];                                                              \
    T s = 0;                                                                    \
    for (int i = 0; i < n; ++i) {                                               \
      T b = v[i];                                                               \
      if (x[i] > -5 && v[i] < 1)                                                \
        b = w;                                                                  \
      s += b * x[i];                                                            \
    }                                                                           \
    return s;                                                                   \
  }                                                                             \
  MARK T recurrence_after(const T *x, T y, int n) {                             \
    for (int t = 0; t < 3; ++t) {                                               \
      T s = 0;                                                                  \
      for (int i = 0; i < n; ++i)                                               \
        s += x[i] * y;                                                          \
      T g = std::cos(y) * T(0.5);                                               \
      y = g * s + y * T(0.5);                                                   \
    }                                                                           \
    return y;                                                                   \
  }                                                                             \
  MARK T taped_unused(const T *x, T w, int n) {                                 \
    T s = 0;                                                                    \
    for (int i = 0; i < n; ++i) {                                               \
      s += std::tanh(std::cos(x[i]));                                           \
      if (w > 0)                                                                \
        break;                                                                  \
    }                                                                           \
    return s * s;                                                               \
  }

FUNCTIONS(double, ADGEN_DIFFERENTIABLE)
FUNCTIONS(float, ADGEN_DIFFERENTIABLE)

#ifndef ADGEN_TOOL
#include "fusion-fixes.grad.h"
#include "oracle.h"

using LongDouble = long double;
FUNCTIONS(LongDouble, )

template <class T> void checks() {
  oracle::check<T, 3>(
      "relu_sum", [](auto v) { return relu_sum(v.data(), 3); },
      [](const T *x, T *d) { return relu_sum_grad(x, 3, d); },
      [](const T *x, T s, T *d) { relu_sum_vjp(x, 3, s, d); }, {T(0.5), T(-1), T(2)});
  oracle::check<T, 3>(
      "private_relu", [](auto v) { return private_relu(v.data(), 3); },
      [](const T *x, T *d) { return private_relu_grad(x, 3, d); },
      [](const T *x, T s, T *d) { private_relu_vjp(x, 3, s, d); }, {T(0.5), T(-1), T(2)});
  oracle::check<T, 4>(
      "leaky", [](auto v) { return leaky(v.data(), v[3], 3); },
      [](const T *x, T *d) { return leaky_grad(x, x[3], 3, d, &d[3]); },
      [](const T *x, T s, T *d) { leaky_vjp(x, x[3], 3, s, d, &d[3]); },
      {T(0.5), T(-1), T(2), T(0.1)});
  oracle::check<T, 4>(
      "and_condition", [](auto v) { return and_condition(v.data(), v[3], 3); },
      [](const T *x, T *d) { return and_condition_grad(x, x[3], 3, d, &d[3]); },
      [](const T *x, T s, T *d) { and_condition_vjp(x, x[3], 3, s, d, &d[3]); },
      {T(0.1), T(0.1), T(2), T(-0.5)});
  oracle::check<T, 4>(
      "recurrence_after", [](auto v) { return recurrence_after(v.data(), v[3], 3); },
      [](const T *x, T *d) { return recurrence_after_grad(x, x[3], 3, d, &d[3]); },
      [](const T *x, T s, T *d) { recurrence_after_vjp(x, x[3], 3, s, d, &d[3]); },
      {T(0.5), T(-1), T(0.3), T(0.9)});
  for (T w : {T(-1), T(1)})
    oracle::check<T, 3>(
        "taped_unused", [w](auto v) { return taped_unused(v.data(), w, 3); },
        [w](const T *x, T *d) {
          T dw = 0;
          return taped_unused_grad(x, w, 3, d, &dw);
        },
        [w](const T *x, T s, T *d) {
          T dw = 0;
          taped_unused_vjp(x, w, 3, s, d, &dw);
        },
        {T(0.5), T(-1), T(2)});
}

int main() {
  checks<double>();
  checks<float>();
}
#endif

// CHECK-COUNT-14: ok
// CHECK-NOT: MISMATCH
