// Recursion with arrays, the edge cases (recursion-edges.cpp has the
// others): a marked recursive function whose local array is changed after
// the call in a branch only, or between two calls on it, or filled by a
// loop, or that calls itself only in a branch; a call in a branch on an
// array declared there and filled by a loop; a call in a loop whose body
// writes the array before and after it (copies on a tape); an array
// declared in the loop body (also with a break); C arrays passed with offsets (m + 4, &m[10]),
// negative offsets, &b[i] in a loop; std::array data() + 1; a std::vector
// parameter's data() + k; one array for two parameters; a local pointer
// advanced in a loop; a void function writing an output; locals named like
// generated copies, tapes and adjoints; depth 1000 over a pointer; a null
// adjoint for a pointer passed down.
//
// Checked against the long-double oracle for double and float.
//
// RUN: rm -rf %t && mkdir -p %t
// RUN: %adgen %s -o %t/recursion-edges-arrays.grad.h -- -std=c++17
// RUN: FileCheck %s < %t/recursion-edges-arrays.grad.h
// RUN: %cxx -I%t %s -o %t/gcc && %t/gcc | FileCheck %s --check-prefix=EXEC
// RUN: %clangxx -I%t %s -o %t/clang && %t/clang | FileCheck %s --check-prefix=EXEC

#include <adgen/adgen.h>
#include <algorithm>
#include <array>
#include <cmath>
#include <vector>

#define FUNCTIONS(T, MARK)                                                      \
  /* Depth 1000, over a pointer. */                                             \
  inline T walk(const T *x, int n) {                                            \
    return n == 0 ? x[0] : x[n % 3] * T(0.001) + walk(x, n - 1) * (T(1) - T(0.0005) * x[1]); \
  }                                                                             \
  MARK T deep_walk(const T *x) { return walk(x, 1000); }                        \
  /* A marked recursive function: its local array changes after the first */    \
  /* call, in a branch only. */                                                 \
  MARK T branch_modify(const T *a, T c, int n) {                                \
    if (n == 0)                                                                 \
      return a[0] * c + a[1] * a[2] - a[3];                                     \
    T b[4] = {a[0] * c, a[1] + T(0.1), a[2] * c, a[3] - T(0.2) * T(n)};         \
    T r = branch_modify(b, c * T(0.9), n - 1);                                  \
    if (c > 0) {                                                                \
      b[0] = std::tanh(r);                                                      \
      b[2] = b[2] * c;                                                          \
    }                                                                           \
    return r * T(0.5) + b[0] * branch_modify(b, c, n - 1);                      \
  }                                                                             \
  /* One vector to two calls, written between them and after. */                \
  MARK T write_between(const T *a, int n) {                                     \
    if (n == 0)                                                                 \
      return a[0] * a[1] + a[2] - a[3];                                         \
    std::vector<T> b(4);                                                        \
    b[0] = a[1] * T(0.8);                                                       \
    b[1] = a[2] * T(0.8);                                                       \
    b[2] = a[3] * T(0.8);                                                       \
    b[3] = a[0] * T(0.8);                                                       \
    T r1 = write_between(b.data(), n - 1);                                      \
    b[1] = b[1] * r1;                                                           \
    T r2 = write_between(b.data(), n - 1);                                      \
    b[3] = r2;                                                                  \
    return r1 * r2 + b[3] * a[2];                                               \
  }                                                                             \
  /* The call in a branch, the write after it on both paths. */                 \
  MARK T call_in_branch(const T *a, T c, int n) {                               \
    if (n == 0)                                                                 \
      return a[0] * c + a[1];                                                   \
    T b[2] = {a[0] * c, a[1] - c};                                              \
    T r = c;                                                                    \
    if (c > 0)                                                                  \
      r = call_in_branch(b, c * T(0.5), n - 1);                                 \
    b[0] = r;                                                                   \
    return r + call_in_branch(b, c, n - 1) * b[1];                              \
  }                                                                             \
  /* Its local array filled by a loop (the reverse gets copies, it does not */  \
  /* run the loop again). */                                                    \
  MARK T loop_fill(const T *a, T c, int n) {                                    \
    if (n == 0)                                                                 \
      return a[0] * c + a[1] * a[2] - a[3];                                     \
    T b[4];                                                                     \
    for (int i = 0; i < 4; ++i)                                                 \
      b[i] = a[(i + 1) % 4] * c + T(0.1) * T(n);                                \
    T r = loop_fill(b, c * T(0.9), n - 1);                                      \
    if (c > 0)                                                                  \
      b[0] = std::tanh(r);                                                      \
    return r * T(0.5) + b[0] * loop_fill(b, c, n - 1);                          \
  }                                                                             \
  /* Divide and conquer over a pointer, for the array cases below. */           \
  inline T rs(const T *x, int n) {                                              \
    if (n == 1)                                                                 \
      return x[0] * x[0];                                                       \
    int h = n / 2;                                                              \
    return rs(x, h) * T(0.5) + std::sin(rs(x + h, n - h));                      \
  }                                                                             \
  /* A call in a loop whose body writes the array before and after it. */       \
  MARK T loop_write(const T *a, T s) {                                          \
    T b[4] = {};                                                                \
    T r = 0;                                                                    \
    for (int i = 0; i < 4; ++i) {                                               \
      b[i] = a[i] * s;                                                          \
      r += rs(b, 4) * a[i];                                                     \
      b[(i + 1) % 4] = r * T(0.1);                                              \
    }                                                                           \
    return r + b[0];                                                            \
  }                                                                             \
  /* A C array passed with offsets. */                                          \
  MARK T c_array_offsets(const T *a) {                                          \
    T m[16];                                                                    \
    for (int i = 0; i < 16; ++i)                                                \
      m[i] = a[i % 4] * T(i + 1) * T(0.1);                                      \
    return rs(m + 4, 4) + rs(m, 2) * rs(&m[10], 6) + rs(m + 12, 1);             \
  }                                                                             \
  inline T rp(const T *x, int n) { return n == 0 ? x[0] : x[n] * rp(x, n - 1) + std::cos(x[0]); } \
  /* An array declared in the loop body, written after the call. */             \
  MARK T body_array(const T *a, int n) {                                        \
    T s = 0;                                                                    \
    for (int i = 0; i < n; ++i) {                                               \
      T b[3];                                                                   \
      b[0] = a[i];                                                              \
      b[1] = a[i + 1] * s;                                                      \
      b[2] = T(0.5);                                                            \
      T r = rp(b, 2);                                                           \
      b[1] = r * b[0];                                                          \
      s += rp(b, 2) + r;                                                        \
    }                                                                           \
    return s;                                                                   \
  }                                                                             \
  /* An array declared in the loop body, a break after the calls. */         \
  MARK T loop_break(const T *a, int n) {                                        \
    T s = 0;                                                                    \
    for (int i = 0; i < n; ++i) {                                               \
      T b[2] = {a[i], a[i + 1] * s};                                            \
      T r = rp(b, 1);                                                           \
      b[0] = r * T(0.5);                                                        \
      s += rp(b, 1);                                                            \
      if (s > T(2.5))                                                           \
        break;                                                                  \
    }                                                                           \
    return s;                                                                   \
  }                                                                             \
  /* Written after the call in some iterations only. */                         \
  MARK T some_iterations(const T *a) {                                          \
    std::vector<T> b(4);                                                        \
    for (int i = 0; i < 4; ++i)                                                 \
      b[i] = a[i];                                                              \
    T s = 0;                                                                    \
    for (int i = 0; i < 4; ++i) {                                               \
      s += rp(b.data(), 3) * a[i];                                              \
      if (a[i] > 0)                                                             \
        b[i] = s;                                                               \
    }                                                                           \
    return s;                                                                   \
  }                                                                             \
  /* A local pointer advanced in a loop, and a + i. */                          \
  MARK T moving_pointer(const T *a, int n) {                                    \
    T s = 0;                                                                    \
    const T *p = a;                                                             \
    for (int i = 0; i < n; ++i) {                                               \
      s += rp(p, 1) * s + rp(a + i, 1);                                         \
      p += 1;                                                                   \
    }                                                                           \
    return s;                                                                   \
  }                                                                             \
  /* A call in a branch on an array declared in it and filled by a loop. */     \
  MARK T branch_local(const T *a, T c, int n) {                                 \
    T s = c;                                                                    \
    if (n > 0) {                                                                \
      T b[3];                                                                   \
      for (int i = 0; i < 3; ++i)                                               \
        b[i] = a[i] * c;                                                        \
      s = rp(b, 2);                                                             \
    }                                                                           \
    return s;                                                                   \
  }                                                                             \
  /* Negative offsets, &b[i] in a loop that writes b after the call, a */       \
  /* std::vector parameter's data() + k. */                                     \
  inline T down3(const T *const x, int n) {                                     \
    return n == 0 ? x[0] : x[0] * T(0.5) + down3(x - 1, n - 1) * x[0];          \
  }                                                                             \
  MARK T negative_offsets(const T *x) { return down3(x + 3, 3); }               \
  MARK T address_in_loop(const T *a) {                                          \
    T b[6];                                                                     \
    for (int i = 0; i < 6; ++i)                                                 \
      b[i] = a[i % 3] * T(i + 1) * T(0.2);                                      \
    T s = 0;                                                                    \
    for (int i = 0; i < 4; ++i) {                                               \
      s += rp(&b[i], 2) * a[i % 3];                                             \
      b[i + 1] = s * T(0.3);                                                    \
      b[i + 2] = b[i + 2] * s;                                                  \
    }                                                                           \
    return s;                                                                   \
  }                                                                             \
  MARK T vector_param(const std::vector<T> &v, T c) {                           \
    return rp(v.data() + 1, 1) * c + rp(v.data() + 2, 0);                       \
  }                                                                             \
  /* A void function writing an output from recursive calls. */                 \
  MARK void out_rec(const T *a, T *out) {                                       \
    out[0] = rp(a, 2);                                                          \
    out[1] = rp(a + 1, 1) * a[0];                                               \
  }                                                                             \
  inline T out_rec_sum(const T *a) {                                            \
    T o[2];                                                                     \
    out_rec(a, o);                                                              \
    return o[0] + T(2) * o[1];                                                  \
  }                                                                             \
  /* One array for two parameters, and x with x + 1. */                         \
  inline T dot(const T *a, const T *b, int n) {                                 \
    return n == 0 ? T(0) : a[0] * b[n - 1] + dot(a + 1, b, n - 1);              \
  }                                                                             \
  MARK T aliased(const T *x) {                                                  \
    T b[3] = {x[0], x[1] * x[1], x[2]};                                         \
    return dot(b, b, 3) + dot(x, b, 3) + dot(x, x + 1, 2);                      \
  }                                                                             \
  /* std::array data() + 1 and an index array passed down. */                   \
  inline T gather(const T *x, const int *idx, int n) {                          \
    return n == 0 ? x[idx[0]] : x[idx[n]] * gather(x, idx, n - 1) + x[idx[0]];  \
  }                                                                             \
  MARK T std_array(const T *x, const int *idx) {                                \
    std::array<T, 5> a{};                                                       \
    for (int i = 0; i < 5; ++i)                                                 \
      a[i] = std::exp(x[i] * T(0.3));                                           \
    return gather(a.data() + 1, idx, 3) + gather(x, idx + 1, 2);                \
  }                                                                             \
  /* Locals named like what adgen generates (copies, tapes, adjoints). */       \
  MARK T clash(const T *a, T d_arg, int n) {                                    \
    if (n == 0)                                                                 \
      return a[0] * d_arg + a[1];                                               \
    T b[2] = {a[0] * d_arg, a[1]};                                              \
    T b_copy = clash(b, d_arg, n - 1);                                          \
    b[1] = b_copy;                                                              \
    T t0 = clash(b, d_arg * T(0.5), n - 1);                                     \
    T tape_iterations = t0 * b_copy;                                            \
    b[0] = tape_iterations;                                                     \
    T d_b = clash(b, T(1), n - 1);                                              \
    return d_b + t0;                                                            \
  }

FUNCTIONS(double, ADGEN_DIFFERENTIABLE)
FUNCTIONS(float, ADGEN_DIFFERENTIABLE)

// The array changes after the first call (in a branch): the reverse passes
// that call's vjp the copy taken right after it.
// CHECK-LABEL: inline double branch_modify_grad(const double* a, double c, int n, double* d_a, double* d_c) {
// CHECK:         const double r = ::branch_modify(b, [[C1:t[0-9]+]], [[N1:t[0-9]+]]);
// CHECK-NEXT:    const std::array<double, 4> b_copy = adgen::detail::snapshot<double, 4>(b);
// CHECK:         ::branch_modify_vjp({{t[0-9]+}}.data(), [[C1]], [[N1]], d_r, d_b, &{{d_arg[_0-9]*}});

// A local array filled by a loop: the reverse reads the copies, it does not
// run the loop (and the calls) again to rebuild the array.
// CHECK-LABEL: inline double loop_fill_grad(const double* a, double c, int n, double* d_a, double* d_c) {
// CHECK:         = ::loop_fill(b, c, {{t[0-9]+}});
// CHECK-NOT:     for (;;)
// CHECK:         ::loop_fill_vjp({{t[0-9]+}}.data(),
// CHECK-NOT:     for (;;)
// CHECK:         const std::size_t iterations = 4;

// In a loop, the copies go on tapes (a C array's as a std::array: nothing
// allocated per copy).
// CHECK-LABEL: inline double loop_write_grad(const double* a, double s, double* d_a, double* d_s) {
// CHECK:         adgen::Tape<std::array<double, 4>>

// Offsets into a C array, for the values and the adjoints.
// CHECK-LABEL: inline double c_array_offsets_grad(const double* a, double* d_a) {
// CHECK:         ::rs_vjp(m + 12, 1, {{.*}}, d_m + 12);

#ifndef ADGEN_TOOL
#include "recursion-edges-arrays.grad.h"
#include "oracle.h"

#include <cstdio>

using LongDouble = long double;
FUNCTIONS(LongDouble, )

template <class T> void checks() {
  oracle::check<T, 3>("deep_walk", [](auto v) { return deep_walk(v.data()); },
                      [](const T *x, T *d) { return deep_walk_grad(x, d); },
                      [](const T *x, T s, T *d) { deep_walk_vjp(x, s, d); },
                      {T(0.5), T(-0.3), T(0.8)});

  for (int n : {0, 1, 3})
    for (T c : {T(0.7), T(-0.6)})
      oracle::check<T, 5>("branch_modify", [n](auto v) { return branch_modify(v.data(), v[4], n); },
                          [n](const T *x, T *d) { return branch_modify_grad(x, x[4], n, d, d + 4); },
                          [n](const T *x, T s, T *d) { branch_modify_vjp(x, x[4], n, s, d, d + 4); },
                          {T(0.5), T(-0.3), T(0.8), T(0.2), c});
  for (int n : {0, 1, 3})
    oracle::check<T, 4>("write_between", [n](auto v) { return write_between(v.data(), n); },
                        [n](const T *x, T *d) { return write_between_grad(x, n, d); },
                        [n](const T *x, T s, T *d) { write_between_vjp(x, n, s, d); },
                        {T(0.5), T(-0.3), T(0.8), T(0.2)});
  for (int n : {1, 3})
    for (T c : {T(0.7), T(-0.4)})
      oracle::check<T, 3>("call_in_branch", [n](auto v) { return call_in_branch(v.data(), v[2], n); },
                          [n](const T *x, T *d) { return call_in_branch_grad(x, x[2], n, d, d + 2); },
                          [n](const T *x, T s, T *d) { call_in_branch_vjp(x, x[2], n, s, d, d + 2); },
                          {T(0.5), T(-0.3), c});
  for (int n : {0, 1, 3})
    for (T c : {T(0.7), T(-0.6)})
      oracle::check<T, 5>("loop_fill", [n](auto v) { return loop_fill(v.data(), v[4], n); },
                          [n](const T *x, T *d) { return loop_fill_grad(x, x[4], n, d, d + 4); },
                          [n](const T *x, T s, T *d) { loop_fill_vjp(x, x[4], n, s, d, d + 4); },
                          {T(0.5), T(-0.3), T(0.8), T(0.2), c});
  for (int n : {0, 1})
    oracle::check<T, 4>("branch_local", [n](auto v) { return branch_local(v.data(), v[3], n); },
                        [n](const T *x, T *d) { return branch_local_grad(x, x[3], n, d, d + 3); },
                        [n](const T *x, T s, T *d) { branch_local_vjp(x, x[3], n, s, d, d + 3); },
                        {T(1.5), T(0.5), T(2.0), T(0.8)});
  oracle::check<T, 5>("loop_write", [](auto v) { return loop_write(v.data(), v[4]); },
                      [](const T *x, T *d) { return loop_write_grad(x, x[4], d, d + 4); },
                      [](const T *x, T s, T *d) { loop_write_vjp(x, x[4], s, d, d + 4); },
                      {T(0.5), T(-0.3), T(0.8), T(0.2), T(1.3)});
  oracle::check<T, 4>("c_array_offsets", [](auto v) { return c_array_offsets(v.data()); },
                      [](const T *x, T *d) { return c_array_offsets_grad(x, d); },
                      [](const T *x, T s, T *d) { c_array_offsets_vjp(x, s, d); },
                      {T(0.5), T(-0.3), T(0.8), T(0.2)});
  for (int n : {1, 3})
    oracle::check<T, 4>("body_array", [n](auto v) { return body_array(v.data(), n); },
                        [n](const T *x, T *d) { return body_array_grad(x, n, d); },
                        [n](const T *x, T s, T *d) { body_array_vjp(x, n, s, d); },
                        {T(0.5), T(-0.3), T(0.8), T(0.2)});
  for (int n : {1, 3}) // breaks in the second iteration (n = 3)
    for (T a0 : {T(0.5), T(2.5)})
      oracle::check<T, 4>("loop_break", [n](auto v) { return loop_break(v.data(), n); },
                          [n](const T *x, T *d) { return loop_break_grad(x, n, d); },
                          [n](const T *x, T s, T *d) { loop_break_vjp(x, n, s, d); },
                          {a0, T(0.9), T(1.3), T(0.4)});
  oracle::check<T, 4>("some_iterations", [](auto v) { return some_iterations(v.data()); },
                      [](const T *x, T *d) { return some_iterations_grad(x, d); },
                      [](const T *x, T s, T *d) { some_iterations_vjp(x, s, d); },
                      {T(0.5), T(-0.3), T(0.8), T(0.2)});
  oracle::check<T, 4>("moving_pointer", [](auto v) { return moving_pointer(v.data(), 3); },
                      [](const T *x, T *d) { return moving_pointer_grad(x, 3, d); },
                      [](const T *x, T s, T *d) { moving_pointer_vjp(x, 3, s, d); },
                      {T(0.5), T(-0.3), T(0.8), T(0.2)});
  oracle::check<T, 4>("negative_offsets", [](auto v) { return negative_offsets(v.data()); },
                      [](const T *x, T *d) { return negative_offsets_grad(x, d); },
                      [](const T *x, T s, T *d) { negative_offsets_vjp(x, s, d); },
                      {T(0.5), T(-0.3), T(0.8), T(0.2)});
  oracle::check<T, 3>("address_in_loop", [](auto v) { return address_in_loop(v.data()); },
                      [](const T *x, T *d) { return address_in_loop_grad(x, d); },
                      [](const T *x, T s, T *d) { address_in_loop_vjp(x, s, d); },
                      {T(0.5), T(-0.3), T(0.8)});
  oracle::check<T, 4>("vector_param",
                      [](auto v) {
                        std::vector<long double> w(v.begin(), v.begin() + 3);
                        return vector_param(w, v[3]);
                      },
                      [](const T *x, T *d) {
                        std::vector<T> w(x, x + 3), dw(3);
                        T r = vector_param_grad(w, x[3], &dw, d + 3);
                        std::copy(dw.begin(), dw.end(), d);
                        return r;
                      },
                      [](const T *x, T s, T *d) {
                        std::vector<T> w(x, x + 3), dw(3);
                        vector_param_vjp(w, x[3], s, &dw, d + 3);
                        std::copy(dw.begin(), dw.end(), d);
                      },
                      {T(0.5), T(-0.3), T(0.8), T(1.2)});
  // out_rec through o[0] + 2 o[1]: the seeds are d_out = {1, 2} (times s).
  oracle::check<T, 3>("out_rec", [](auto v) { return out_rec_sum(v.data()); },
                      [](const T *x, T *d) {
                        T o[2], d_out[2] = {T(1), T(2)};
                        out_rec_vjp(x, o, d, d_out);
                        return out_rec_sum(x);
                      },
                      [](const T *x, T s, T *d) {
                        T o[2], d_out[2] = {s, T(2) * s};
                        out_rec_vjp(x, o, d, d_out);
                      },
                      {T(0.5), T(-0.3), T(0.8)});
  oracle::check<T, 3>("aliased", [](auto v) { return aliased(v.data()); },
                      [](const T *x, T *d) { return aliased_grad(x, d); },
                      [](const T *x, T s, T *d) { aliased_vjp(x, s, d); },
                      {T(0.5), T(-0.7), T(1.1)});
  static const int idx[4] = {3, 0, 2, 1};
  oracle::check<T, 5>("std_array", [](auto v) { return std_array(v.data(), idx); },
                      [](const T *x, T *d) { return std_array_grad(x, idx, d); },
                      [](const T *x, T s, T *d) { std_array_vjp(x, idx, s, d); },
                      {T(0.5), T(-0.7), T(1.1), T(0.2), T(-0.3)});

  for (int n : {1, 2})
    oracle::check<T, 3>("clash", [n](auto v) { return clash(v.data(), v[2], n); },
                        [n](const T *x, T *d) { return clash_grad(x, x[2], n, d, d + 2); },
                        [n](const T *x, T s, T *d) { clash_vjp(x, x[2], n, s, d, d + 2); },
                        {T(0.5), T(-0.3), T(1.2)});

  // A null adjoint for a pointer passed down: the others are unchanged.
  T x[5] = {T(0.5), T(-0.3), T(0.8), T(0.2), T(1.3)}, d[5] = {}, ds = 0;
  loop_write_grad(x, x[4], d, d + 4);
  loop_write_grad(x, x[4], nullptr, &ds);
  std::printf("loop_write null d_a: %s\n", ds == d[4] ? "ok" : "MISMATCH");
}

int main() {
  std::printf("double\n");
  checks<double>();
  std::printf("float\n");
  checks<float>();
}
#endif

// EXEC-COUNT-82: {{ ok$}}
// EXEC-NOT: MISMATCH
