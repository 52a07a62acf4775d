// Local arrays with the control flow that once broke them: a break and an
// early return in loops that write arrays (the forward loop must be printed
// before anything after it that reads its exits), an array declared in a
// branch, reads under && and ?:, nested ifs in a loop whose reverse ifs must
// test recorded conditions (not recompute them from the array: they once
// re-ran the array write and read the loop counter's final value), and an
// integer array of indices.
//
// RUN: rm -rf %t && mkdir -p %t
// RUN: %adgen %s -o %t/adv.grad.h -- -std=c++17
// RUN: %cxx -I%t %s -o %t/gcc && %t/gcc | FileCheck %s
// RUN: %clangxx -I%t %s -o %t/clang && %t/clang | FileCheck %s
#include <adgen/adgen.h>
#include <cmath>
#include <vector>
#define FUNCTIONS(T, MARK) \
  MARK T with_break(const T *x, int n) { \
    std::vector<T> a(n, 0.0); \
    T s = 0; \
    for (int i = 0; i < n; ++i) { \
      a[i] = x[i] * x[i]; \
      if (a[i] > T(1)) break; \
      s += a[i] * (i > 0 ? a[i - 1] : T(1)); \
    } \
    return s + a[0]; \
  } \
  MARK T early_return(const T *x, int n) { \
    T a[4] = {}; \
    for (int i = 0; i < n; ++i) { \
      a[i % 4] += std::sin(x[i]); \
      if (a[i % 4] > T(0.9)) return a[i % 4] * x[0]; \
    } \
    return a[0] * a[1] + a[2]; \
  } \
  MARK T in_branch(T x, T y) { \
    T r = 0; \
    if (x > 0) { \
      T b[2] = {x, y}; \
      b[1] = b[0] * b[1]; \
      r = b[1] + b[0]; \
    } else { \
      r = y; \
    } \
    return r * x; \
  } \
  MARK T short_circuit(const T *x) { \
    T a[3] = {x[0], x[1], x[2]}; \
    T r = (a[0] > 0 && a[1] * a[0] > T(0.1)) ? a[2] * a[1] : a[0]; \
    a[1] = r * r; \
    return a[1] + r; \
  } \
  MARK T nested_if(const T *x, int n) { \
    std::vector<T> a(n); \
    for (int i = 0; i < n; ++i) a[i] = x[i]; \
    T s = 0; \
    for (int i = 0; i < n; ++i) { \
      if (a[i] > 0) { \
        if (a[(i + 1) % n] < T(0.5)) { \
          s += a[i] * a[(i + 1) % n]; \
          a[(i + 1) % n] = s; \
        } else { \
          a[i] = std::exp(a[i]) * s; \
        } \
      } \
    } \
    return s + a[0] * a[n - 1]; \
  } \
  MARK T indexed(const T *x) { \
    int idx[3] = {2, 0, 1}; \
    T s = 0; \
    for (int i = 0; i < 3; ++i) { \
      idx[i] = (idx[i] + i) % 3; \
      s += x[idx[i]] * x[i]; \
    } \
    return s; \
  }
FUNCTIONS(double, ADGEN_DIFFERENTIABLE)
FUNCTIONS(float, ADGEN_DIFFERENTIABLE)
#ifndef ADGEN_TOOL
#include "adv.grad.h"
#include "oracle.h"
using LD = long double;
FUNCTIONS(LD, )
template <class T> void checks() {
  oracle::check<T, 4>("with_break", [](auto v) { return with_break(v.data(), 4); }, [](const T *x, T *d) { return with_break_grad(x, 4, d); }, [](const T *x, T s, T *d) { with_break_vjp(x, 4, s, d); }, {T(0.5), T(-0.7), T(1.3), T(0.2)});
  oracle::check<T, 4>("with_break", [](auto v) { return with_break(v.data(), 4); }, [](const T *x, T *d) { return with_break_grad(x, 4, d); }, [](const T *x, T s, T *d) { with_break_vjp(x, 4, s, d); }, {T(0.5), T(-0.7), T(0.3), T(0.2)});
  oracle::check<T, 6>("early_return", [](auto v) { return early_return(v.data(), 6); }, [](const T *x, T *d) { return early_return_grad(x, 6, d); }, [](const T *x, T s, T *d) { early_return_vjp(x, 6, s, d); }, {T(0.5), T(-0.7), T(0.3), T(0.2), T(0.6), T(0.4)});
  oracle::check<T, 6>("early_return", [](auto v) { return early_return(v.data(), 6); }, [](const T *x, T *d) { return early_return_grad(x, 6, d); }, [](const T *x, T s, T *d) { early_return_vjp(x, 6, s, d); }, {T(0.1), T(-0.7), T(0.3), T(0.2), T(0.2), T(0.1)});
  ORACLE_CHECK2(T, in_branch, 0.7, -1.1);
  ORACLE_CHECK2(T, in_branch, -0.7, -1.1);
  oracle::check<T, 3>("short_circuit", [](auto v) { return short_circuit(v.data()); }, [](const T *x, T *d) { return short_circuit_grad(x, d); }, [](const T *x, T s, T *d) { short_circuit_vjp(x, s, d); }, {T(0.5), T(0.7), T(0.3)});
  oracle::check<T, 3>("short_circuit", [](auto v) { return short_circuit(v.data()); }, [](const T *x, T *d) { return short_circuit_grad(x, d); }, [](const T *x, T s, T *d) { short_circuit_vjp(x, s, d); }, {T(0.5), T(0.1), T(0.3)});
  oracle::check<T, 5>("nested_if", [](auto v) { return nested_if(v.data(), 5); }, [](const T *x, T *d) { return nested_if_grad(x, 5, d); }, [](const T *x, T s, T *d) { nested_if_vjp(x, 5, s, d); }, {T(0.45), T(0.2), T(0.9), T(-0.3), T(0.4)});
  oracle::check<T, 3>("indexed", [](auto v) { return indexed(v.data()); }, [](const T *x, T *d) { return indexed_grad(x, d); }, [](const T *x, T s, T *d) { indexed_vjp(x, s, d); }, {T(0.5), T(0.2), T(0.9)});
}

int main() {
  checks<double>();
  checks<float>();
}
#endif
// CHECK-NOT: MISMATCH
// CHECK: with_break
// CHECK: indexed
// CHECK: with_break
// CHECK: indexed
