// Reloads: the reverse of a loop reads a costly value back from the local
// array element its forward loop stored it in (e[i] = exp(x[i])), instead of
// computing it again, as a hand-written adjoint does (see planReloads in
// lib/Emit/Fusion.cpp). Only where the element certainly still holds the
// value: the loop and the array are at the top level, the array is written
// nowhere else and never resized, and the index steps with the loop.
//
// RUN: rm -rf %t && mkdir -p %t
// RUN: %adgen %s -o %t/reloads.grad.h -- -std=c++17
// RUN: FileCheck %s < %t/reloads.grad.h
// RUN: %cxx -I%t %s -o %t/gcc && %t/gcc | FileCheck %s --check-prefix=EXEC
// RUN: %clangxx -I%t %s -o %t/clang && %t/clang | FileCheck %s --check-prefix=EXEC

#include <adgen/adgen.h>
#include <cmath>
#include <cstddef>
#include <vector>

#define FUNCTIONS(T, MARK)                                                      \
  MARK T softmax_dot(const T *x, const T *w, int n) {                           \
    std::vector<T> e(n);                                                        \
    T total = 0;                                                                \
    for (int i = 0; i < n; ++i) {                                               \
      e[i] = std::exp(x[i]);                                                    \
      total += e[i];                                                            \
    }                                                                           \
    T s = 0;                                                                    \
    for (int i = 0; i < n; ++i)                                                 \
      s += w[i] * e[i] / total;                                                 \
    return s;                                                                   \
  }                                                                             \
  MARK T downwards(const T *x, int n) {                                         \
    T e[8];                                                                     \
    T total = 0;                                                                \
    for (int i = n - 1; i >= 0; --i) {                                          \
      e[i] = std::tanh(x[i]);                                                    \
      total += e[i];                                                            \
    }                                                                           \
    T s = 0;                                                                    \
    for (int i = 0; i < n; ++i)                                                 \
      s += e[i] * total;                                                        \
    return s;                                                                   \
  }                                                                             \
  MARK T rewritten(const T *x, int n) {                                         \
    std::vector<T> e(n);                                                        \
    T total = 0;                                                                \
    for (int i = 0; i < n; ++i) {                                               \
      e[i] = std::exp(x[i]);                                                    \
      total += e[i];                                                            \
    }                                                                           \
    e[0] = total;                                                               \
    T s = 0;                                                                    \
    for (int i = 0; i < n; ++i)                                                 \
      s += e[i] / total;                                                        \
    return s;                                                                   \
  }                                                                             \
  MARK T same_element(const T *x, int n) {                                      \
    T e[1] = {0};                                                               \
    T total = 0;                                                                \
    for (int i = 0; i < n; ++i) {                                               \
      e[0] = std::exp(x[i]);                                                    \
      total = total * e[0] + e[0];                                              \
    }                                                                           \
    return total * e[0];                                                        \
  }                                                                             \
  MARK T grown(const T *x, int n) {                                             \
    std::vector<T> e(n);                                                        \
    T total = 0;                                                                \
    for (int i = 0; i < n; ++i) {                                               \
      e[i] = std::exp(x[i]);                                                    \
      total += e[i];                                                            \
    }                                                                           \
    e.push_back(total);                                                         \
    T s = 0;                                                                    \
    for (std::size_t i = 0; i < e.size(); ++i)                                  \
      s += e[i] * e[i];                                                         \
    return s;                                                                   \
  }

FUNCTIONS(double, ADGEN_DIFFERENTIABLE)
FUNCTIONS(float, ADGEN_DIFFERENTIABLE)

// The first loop's reverse reads e[i] back: exp is called once per element.
// CHECK-LABEL: inline double softmax_dot_grad(
// CHECK:         e[{{t[0-9]+}}] = {{t[0-9]+}};
// CHECK:       for (std::size_t iterations_k = iterations; iterations_k-- > 0;) {
// CHECK-NEXT:    const int i = static_cast<int>(iterations_k);
// CHECK-NEXT:    const auto [[IDX:t[0-9]+]] = static_cast<unsigned long>(i);
// CHECK-NEXT:    const double {{t[0-9]+}} = e{{\[}}[[IDX]]{{\]}};
// CHECK-NOT:     std::exp
// CHECK:         return s;
// A loop that counts down reads back too (tanh' = 1 - tanh^2).
// CHECK-LABEL: inline double downwards_grad(
// CHECK:       for (std::size_t iterations_k = iterations; iterations_k-- > 0;) {
// CHECK-NOT:     std::tanh
// CHECK:         = e[i];
// CHECK-NOT:     std::tanh
// CHECK:       return
// e[0] is written again after the loop: the reverse calls exp again.
// CHECK-LABEL: inline double rewritten_grad(
// CHECK:       for (std::size_t iterations_k = iterations; iterations_k-- > 0;) {
// CHECK:         std::exp(x[i])
// Every iteration writes the same element.
// CHECK-LABEL: inline double same_element_grad(
// CHECK:       for (std::size_t iterations_k = iterations; iterations_k-- > 0;) {
// CHECK:         std::exp(x[i])
// The vector grows after the loop (its storage may move): exp again.
// CHECK-LABEL: inline double grown_grad(
// CHECK:       for (std::size_t iterations_k = iterations; iterations_k-- > 0;) {
// CHECK:         std::exp(x[i])

#ifndef ADGEN_TOOL
#include "reloads.grad.h"
#include "oracle.h"

using LongDouble = long double;
FUNCTIONS(LongDouble, )

template <class T> void checks() {
  const std::array<T, 8> at{T(0.5), T(-1), T(0.25), T(1.5), T(-0.3), T(0.8), T(0.1), T(-0.6)};
  oracle::check<T, 8>(
      "softmax_dot", [](auto v) { return softmax_dot(v.data(), v.data() + 4, 4); },
      [](const T *x, T *d) { return softmax_dot_grad(x, x + 4, 4, d, d + 4); },
      [](const T *x, T s, T *d) { softmax_dot_vjp(x, x + 4, 4, s, d, d + 4); }, at);
  oracle::check<T, 8>(
      "downwards", [](auto v) { return downwards(v.data(), 8); },
      [](const T *x, T *d) { return downwards_grad(x, 8, d); },
      [](const T *x, T s, T *d) { downwards_vjp(x, 8, s, d); }, at);
  oracle::check<T, 8>(
      "rewritten", [](auto v) { return rewritten(v.data(), 8); },
      [](const T *x, T *d) { return rewritten_grad(x, 8, d); },
      [](const T *x, T s, T *d) { rewritten_vjp(x, 8, s, d); }, at);
  oracle::check<T, 8>(
      "same_element", [](auto v) { return same_element(v.data(), 8); },
      [](const T *x, T *d) { return same_element_grad(x, 8, d); },
      [](const T *x, T s, T *d) { same_element_vjp(x, 8, s, d); }, at);
  oracle::check<T, 8>(
      "grown", [](auto v) { return grown(v.data(), 8); },
      [](const T *x, T *d) { return grown_grad(x, 8, d); },
      [](const T *x, T s, T *d) { grown_vjp(x, 8, s, d); }, at);
}

int main() {
  checks<double>();
  checks<float>();
}
#endif

// EXEC-COUNT-10: ok
// EXEC-NOT: MISMATCH
