// Regression tests (found by a helper's adversarial tests of activity
// analysis and reloads; the comments describe the bugs as they were).
//
// RUN: rm -rf %t && mkdir -p %t
// RUN: %adgen %s -o %t/activity-kills.grad.h -- -std=c++17
// RUN: %cxx -I%t %s -o %t/gcc && %t/gcc | FileCheck %s
// RUN: %clangxx -I%t %s -o %t/clang && %t/clang | FileCheck %s
//
// out_twice, assign_kills, regrow_kills, overwritten_then_any,
// after_recursive_call: a write that is overwritten (by a later write to
// the same output element, by assign or by shrinking and regrowing a
// vector, by a later write to the same element before a read of an unknown
// element) or that comes after the only call that reads the array still got
// adjoint code, with an adjoint of 0: 0 * exp'(1000 x) = NaN in d_x.
// uchar_index: a value stored at e[(unsigned char)i] was read back by the
// reverse loop, but iteration 256 overwrites element 0: d_x[0] was e^2.
// helper_push: a vector grown by a helper (push(v, x[i])) inside a loop
// was not carried by the loop: its size restarted each iteration (value 0).
// written_only: an array a loop writes and only the result reads: the
// vjp's forward loop wrote it and nothing read it ("variable 'e' set but not
// used" under g++ -Werror).
#include <adgen/adgen.h>
#include <cmath>
#include <vector>

#define HELPERS(T)                                                              \
  inline T rsum(const T *a, int k) { return k <= 0 ? T(0) : a[k - 1] + rsum(a, k - 1); } \
  inline void push(std::vector<T> &v, T a) { v.push_back(a); }

#define FUNCTIONS(T, MARK)                                                      \
  MARK T out_twice(T x, T *out) {                                               \
    out[0] = std::exp(1000 * x);                                                \
    out[0] = x * x;                                                             \
    return x;                                                                   \
  }                                                                             \
  MARK T assign_kills(T x) {                                                    \
    std::vector<T> v(2);                                                        \
    v[0] = std::exp(1000 * x);                                                  \
    v.assign(2, 0);                                                             \
    return v[0] + x;                                                            \
  }                                                                             \
  MARK T regrow_kills(T x) {                                                    \
    std::vector<T> v(2);                                                        \
    v[1] = std::exp(1000 * x);                                                  \
    v.resize(1);                                                                \
    v.resize(2);                                                                \
    return v[1] + x;                                                            \
  }                                                                             \
  MARK T overwritten_then_any(T x, int j) {                                     \
    T t[2] = {x, x};                                                            \
    t[1] = std::exp(1000 * x);                                                  \
    t[1] = x;                                                                   \
    return t[j];                                                                \
  }                                                                             \
  MARK T after_recursive_call(T x) {                                            \
    T t[2] = {x, x};                                                            \
    T r = rsum(t, 2);                                                           \
    t[1] = std::exp(1000 * x);                                                  \
    return r + t[0];                                                            \
  }                                                                             \
  MARK T uchar_index(const T *x, int n) {                                       \
    T e[256];                                                                   \
    T p = 1;                                                                    \
    for (int i = 0; i < n; ++i) {                                               \
      e[(unsigned char)i] = std::exp(x[i]);                                     \
      p = p * e[(unsigned char)i];                                              \
    }                                                                           \
    return p;                                                                   \
  }                                                                             \
  MARK T helper_push(const T *x, int n) {                                       \
    std::vector<T> v;                                                           \
    for (int i = 0; i < n; ++i)                                                 \
      push(v, x[i]);                                                            \
    return v[0] * static_cast<T>(v.size());                                     \
  }                                                                             \
  MARK T written_only(const T *x, int n) {                                      \
    T e[4];                                                                     \
    for (int i = 0; i < n; ++i)                                                 \
      e[i] = x[i] * x[i];                                                       \
    return e[0];                                                                \
  }

HELPERS(double)
HELPERS(float)
FUNCTIONS(double, ADGEN_DIFFERENTIABLE)
FUNCTIONS(float, ADGEN_DIFFERENTIABLE)

#ifndef ADGEN_TOOL
#include "activity-kills.grad.h"
#include "oracle.h"

using LongDouble = long double;
HELPERS(LongDouble)
FUNCTIONS(LongDouble, )

template <class T> void checks() {
  // exp(1000 * 0.9) overflows in float and double, not in long double.
  oracle::check<T, 1>(
      "out_twice",
      [](auto v) {
        LongDouble out[1];
        return out_twice(v[0], out) + out[0]; // <1, (value, out[0])>
      },
      [](const T *x, T *d) {
        T out[1], d_out[1] = {1};
        return out_twice_grad(x[0], out, d, d_out) + out[0];
      },
      [](const T *x, T s, T *d) {
        T out[1], d_out[1] = {s};
        out_twice_vjp(x[0], out, s, d, d_out);
      },
      {T(0.9)});
  ORACLE_CHECK1(T, assign_kills, 0.9);
  ORACLE_CHECK1(T, regrow_kills, 0.9);
  ORACLE_CHECK1(T, after_recursive_call, 0.9);
  for (int j : {0, 1})
    oracle::check<T, 1>(
        "overwritten_then_any", [j](auto v) { return overwritten_then_any(v[0], j); },
        [j](const T *x, T *d) { return overwritten_then_any_grad(x[0], j, d); },
        [j](const T *x, T s, T *d) { overwritten_then_any_vjp(x[0], j, s, d); }, {T(0.9)});
  std::array<T, 257> at{};
  for (size_t i = 0; i < at.size(); ++i)
    at[i] = T(0.0001) * T(i % 7);
  oracle::check<T, 257>(
      "uchar_index", [](auto v) { return uchar_index(v.data(), 257); },
      [](const T *x, T *d) { return uchar_index_grad(x, 257, d); },
      [](const T *x, T s, T *d) { uchar_index_vjp(x, 257, s, d); }, at);
  oracle::check<T, 3>(
      "helper_push", [](auto v) { return helper_push(v.data(), 3); },
      [](const T *x, T *d) { return helper_push_grad(x, 3, d); },
      [](const T *x, T s, T *d) { helper_push_vjp(x, 3, s, d); }, {T(1), T(2), T(3)});
  oracle::check<T, 3>(
      "written_only", [](auto v) { return written_only(v.data(), 3); },
      [](const T *x, T *d) { return written_only_grad(x, 3, d); },
      [](const T *x, T s, T *d) { written_only_vjp(x, 3, s, d); }, {T(1), T(2), T(3)});
}

int main() {
  checks<double>();
  checks<float>();
}
#endif

// CHECK-COUNT-18: ok
// CHECK-NOT: MISMATCH
