// Expressions that change variables: a helper's `double&` inside `?:`, `&&`,
// `||` and a loop's condition; `s += add(x, s)` (C++17 evaluates the right
// side first); an integral helper that writes its reference; `x[k++]`,
// `*p++`, `while (n--)`; `++i, k += 2`; `sizeof(t) / sizeof(t[0])`. Found by a helper's adversarial tests: adgen crashed
// (?:, &&, ||), aborted (?: in a loop), or gave wrong numbers silently (the
// loop condition's write lost on the exit pass; `s += add(x, s)` read s
// before the call; `int next(int &j)` called as `::next(1)`). Each VJP is
// checked against central differences in long double.
//
// RUN: rm -rf %t && mkdir -p %t
// RUN: %adgen %s -o %t/side-effects.grad.h -- -std=c++17
// RUN: %cxx -I%t %s -o %t/gcc && %t/gcc | FileCheck %s
// RUN: %clangxx -I%t %s -o %t/clang && %t/clang | FileCheck %s

#include <adgen/adgen.h>
#include <cmath>

inline int next_index(int &j) {
  int r = j;
  j = j + 1;
  return r;
}

#define HELPERS(T)                                                              \
  inline T add_ret(T v, T &acc) {                                               \
    acc += v;                                                                   \
    return acc * 2;                                                             \
  }                                                                             \
  inline T add_retp(T v, T *acc) {                                              \
    acc[0] += v;                                                                \
    return acc[0] * 2;                                                          \
  }                                                                             \
  inline int doubled(T &r) {                                                    \
    r = r * 2;                                                                  \
    return 1;                                                                   \
  }                                                                             \
  inline void set_if(T v, T &out) {                                             \
    if (v > 0)                                                                  \
      out = v * v;                                                              \
  }                                                                             \
  inline void swap2(T &a, T &b) {                                               \
    T t = a;                                                                    \
    a = b;                                                                      \
    b = t;                                                                      \
  }

#define FUNCTIONS(T, MARK)                                                      \
  MARK T in_select(T a, T b) {                                                  \
    T s = a;                                                                    \
    T z = b > 0 ? add_ret(b, s) : add_ret(a, s);                                \
    return z * s;                                                               \
  }                                                                             \
  MARK T in_and(T a, T b) {                                                     \
    T s = a, r = b;                                                             \
    if (b > 0 && add_ret(b, s) > 1)                                             \
      r *= s;                                                                   \
    return r + s;                                                               \
  }                                                                             \
  MARK T in_or(T a, T b) {                                                      \
    T s = a, r = b;                                                             \
    if (b > 0 || add_ret(b, s) > 1)                                             \
      r *= s;                                                                   \
    return r + s;                                                               \
  }                                                                             \
  MARK T select_in_loop(const T *x, int n) {                                    \
    T s = x[0], acc = 0;                                                        \
    for (int i = 0; i < n; ++i) {                                               \
      T z = x[i] > 0 ? add_ret(x[i], s) : s;                                    \
      acc += z * x[i];                                                          \
    }                                                                           \
    return acc + s;                                                             \
  }                                                                             \
  MARK T while_cond(T a, T b) {                                                 \
    T s = a, r = 1;                                                             \
    while (add_ret(b, s) < 3)                                                   \
      r *= s;                                                                   \
    return r + s;                                                               \
  }                                                                             \
  MARK T for_cond(T a, T b) {                                                   \
    T s[1] = {a};                                                               \
    T r = 1;                                                                    \
    for (int i = 0; add_retp(b, s) < 3; ++i)                                    \
      r *= s[0] + T(i);                                                         \
    return r + s[0];                                                            \
  }                                                                             \
  MARK T right_first(T x) {                                                     \
    T s = x * x;                                                                \
    s += add_ret(x, s);                                                         \
    s *= add_ret(x, s);                                                         \
    return s;                                                                   \
  }                                                                             \
  MARK T right_first_elem(const T *x) {                                         \
    T t[2] = {x[0], x[1]};                                                      \
    t[1] = add_ret(x[0], t[1]);                                                 \
    t[0] -= add_ret(x[1], t[0]);                                                \
    return t[0] * t[1];                                                         \
  }                                                                             \
  MARK T int_helper(const T *x) {                                               \
    int j = 1;                                                                  \
    int k = next_index(j);                                                      \
    T s = x[0];                                                                 \
    int c = doubled(s);                                                         \
    return x[k] * x[j] + s * T(c);                                              \
  }                                                                             \
  MARK void partial_write(T a, T *y) { set_if(a, y[0]); }                       \
  MARK T neighbours(const T *x) {                                               \
    T t[4] = {x[0], x[1], x[2], x[3]};                                          \
    for (int i = 0; i + 1 < 4; ++i)                                             \
      if (t[i] > t[i + 1])                                                      \
        swap2(t[i], t[i + 1]);                                                  \
    return t[3] * 2 + t[2];                                                     \
  }                                                                             \
  MARK T pack(const T *x, int n) {                                              \
    int k = 0;                                                                  \
    T s = 0;                                                                    \
    while (k < n)                                                               \
      s += x[k++] * x[0];                                                       \
    return s;                                                                   \
  }                                                                             \
  MARK T countdown(const T *x, int n) {                                         \
    T s = 0;                                                                    \
    while (n--)                                                                 \
      s = s * x[0] + x[n];                                                      \
    return s;                                                                   \
  }                                                                             \
  MARK void outpack(const T *x, int n, T *y) {                                  \
    int k = 0;                                                                  \
    for (int i = 0; i < n; ++i) {                                               \
      y[k++] = x[i] * x[i];                                                     \
      y[k++] = std::sin(x[i]);                                                  \
    }                                                                           \
  }                                                                             \
  MARK T walk(const T *x, int n) {                                              \
    const T *p = x;                                                             \
    T s = 0;                                                                    \
    for (int i = 0; i < n; ++i)                                                 \
      s += *p++ * T(i + 1);                                                     \
    return s;                                                                   \
  }                                                                             \
  MARK T prefix_incr(const T *x) {                                              \
    int k = 0;                                                                  \
    T a = x[++k];                                                               \
    T b = x[k++];                                                               \
    T y = a;                                                                    \
    T c = y++;                                                                  \
    return a * b + x[k] * c + y;                                                \
  }                                                                             \
  MARK void comma_step(const T *x, int n, T *y) {                               \
    for (int i = 0, k = 0; i < n; ++i, k += 2) {                                \
      y[k] = x[i];                                                              \
      y[k + 1] = x[i] * x[i];                                                   \
    }                                                                           \
  }                                                                             \
  MARK T sizeof_bound(const T *x) {                                             \
    T t[3] = {x[0], x[1], x[2]};                                                \
    T s = 0;                                                                    \
    for (unsigned i = 0; i < sizeof(t) / sizeof(t[0]); ++i)                     \
      s += t[i] * t[i];                                                         \
    return s;                                                                   \
  }                                                                             \
  MARK void moved_pointer(const T *x, T *y, int n) { /* was -Werror: p unused */ \
    T *p = y;                                                                   \
    for (int i = 0; i < n; ++i) {                                               \
      p = y + i;                                                                \
      p[0] *= x[i];                                                             \
    }                                                                           \
  }

HELPERS(double)
HELPERS(float)
FUNCTIONS(double, ADGEN_DIFFERENTIABLE)
FUNCTIONS(float, ADGEN_DIFFERENTIABLE)

#ifndef ADGEN_TOOL
#include "side-effects.grad.h"
#include "inout.h"

#include <cstdio>

using LongDouble = long double;
HELPERS(LongDouble)
FUNCTIONS(LongDouble, )

using inout::check;

template <class T> void checks() {
  const std::vector<T> none{};
  for (T b : {T(0.7), T(-0.4)}) {
    INOUT_SCALAR(in_select, (x[0], x[1]), (x[0], x[1], s, dx, dx + 1), {T(0.5), b});
    INOUT_SCALAR(in_and, (x[0], x[1]), (x[0], x[1], s, dx, dx + 1), {T(0.5), b});
    INOUT_SCALAR(in_or, (x[0], x[1]), (x[0], x[1], s, dx, dx + 1), {T(0.5), b});
  }
  INOUT_SCALAR(select_in_loop, (x, 4), (x, 4, s, dx), {T(0.5), T(-0.4), T(0.9), T(0.3)});
  INOUT_SCALAR(while_cond, (x[0], x[1]), (x[0], x[1], s, dx, dx + 1), {T(0.5), T(1.1)});
  INOUT_SCALAR(while_cond, (x[0], x[1]), (x[0], x[1], s, dx, dx + 1), {T(0.1), T(0.3)});
  INOUT_SCALAR(for_cond, (x[0], x[1]), (x[0], x[1], s, dx, dx + 1), {T(0.1), T(0.3)});
  INOUT_SCALAR(right_first, (x[0]), (x[0], s, dx), {T(0.5)});
  INOUT_SCALAR(right_first_elem, (x), (x, s, dx), {T(0.5), T(-0.7)});
  INOUT_SCALAR(int_helper, (x), (x, s, dx), {T(0.5), T(-0.7), T(0.9)});
  INOUT_SCALAR(neighbours, (x), (x, s, dx), {T(0.5), T(-0.7), T(0.9), T(0.1)});
  INOUT_SCALAR(pack, (x, 3), (x, 3, s, dx), {T(0.5), T(-1), T(2)});
  INOUT_SCALAR(countdown, (x, 3), (x, 3, s, dx), {T(0.5), T(-1), T(2)});
  INOUT_SCALAR(walk, (x, 3), (x, 3, s, dx), {T(0.5), T(-1), T(2)});
  INOUT_SCALAR(prefix_incr, (x), (x, s, dx), {T(0.5), T(-1), T(2)});
  INOUT_SCALAR(sizeof_bound, (x), (x, s, dx), {T(0.5), T(-1), T(2)});
  check<T>(
      "comma_step", {T(0.5), T(-1)}, {T(0), T(0), T(0), T(0)}, {T(0.3), T(0.7), T(-1), T(2)},
      T(0), [](const LongDouble *x, LongDouble *y) { comma_step(x, 2, y); return LongDouble(0); },
      [](const T *x, T *y, T, T *dx, T *dy) { comma_step_vjp(x, 2, y, dx, dy); }, inout::WriteOnly);
  check<T>(
      "outpack", {T(0.5), T(-1)}, {T(0), T(0), T(0), T(0)}, {T(0.3), T(0.7), T(-1), T(2)}, T(0),
      [](const LongDouble *x, LongDouble *y) { outpack(x, 2, y); return LongDouble(0); },
      [](const T *x, T *y, T, T *dx, T *dy) { outpack_vjp(x, 2, y, dx, dy); }, inout::WriteOnly);
  for (T a : {T(0.7), T(-0.4)}) // written, or left as it was
    check<T>(
        "partial_write", {a}, {T(0.3)}, {T(0.9)}, T(0),
        [](const LongDouble *x, LongDouble *y) { partial_write(x[0], y); return LongDouble(0); },
        [](const T *x, T *y, T, T *dx, T *dy) { partial_write_vjp(x[0], y, dx, dy); });
  check<T>(
      "moved_pointer", {T(0.5), T(-1), T(2)}, {T(0.3), T(0.7), T(-1)}, {T(0.9), T(1.1), T(-0.2)},
      T(0),
      [](const LongDouble *x, LongDouble *y) { moved_pointer(x, y, 3); return LongDouble(0); },
      [](const T *x, T *y, T, T *dx, T *dy) { moved_pointer_vjp(x, y, 3, dx, dy); });
}

int main() {
  checks<double>();
  checks<float>();
  // while_cond(0.5, 1.1): s goes 1.6 (2 * 1.6 = 3.2 >= 3: stops), r = 1:
  // 1 + 1.6 = 2.6 (by hand); the write of the exiting test counts.
  double da = 0, db = 0;
  std::printf("while_cond_grad: %.6f\n", while_cond_grad(0.5, 1.1, &da, &db));
}
#endif

// CHECK-COUNT-48: ok
// CHECK-NOT: MISMATCH
// CHECK: while_cond_grad: 2.600000
