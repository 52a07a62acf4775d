// Local arrays: T a[N], std::array<T, N> and std::vector<T> as scratch space,
// read and written with constant and computed indices, in straight-line code,
// branches and (nested) loops, through pointers (p = &a[k], v.data()) and
// through helper functions' output pointers. The generated code updates the
// array in place and keeps an adjoint array d_a, updated in reverse program
// order (a write reads and clears its element's adjoint). Values read from an
// array that a reverse loop needs are recorded on a tape (the array may have
// changed since); loops that touch arrays run forward once.
//
// RUN: rm -rf %t && mkdir -p %t
// RUN: %adgen %s -o %t/arrays.grad.h -- -std=c++17
// RUN: FileCheck %s < %t/arrays.grad.h
// RUN: %cxx -I%t %s -o %t/gcc && %t/gcc | FileCheck %s --check-prefix=EXEC
// RUN: %clangxx -I%t %s -o %t/clang && %t/clang | FileCheck %s --check-prefix=EXEC

#include <adgen/adgen.h>
#include <array>
#include <cmath>
#include <vector>

#define FUNCTIONS(T, MARK)                                                      \
  MARK T cross_norm(const T *a, const T *b) {                                   \
    T c[3];                                                                     \
    c[0] = a[1] * b[2] - a[2] * b[1];                                           \
    c[1] = a[2] * b[0] - a[0] * b[2];                                           \
    c[2] = a[0] * b[1] - a[1] * b[0];                                           \
    return std::sqrt(c[0] * c[0] + c[1] * c[1] + c[2] * c[2]);                  \
  }                                                                             \
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
  MARK T recurrent(const T *x, T a, int n, int steps) {                         \
    std::vector<T> h(n, 0.0);                                                   \
    for (int t = 0; t < steps; ++t)                                             \
      for (int i = 0; i < n; ++i)                                               \
        h[i] = std::tanh(a * h[i] + x[i] + T(0.1) * h[(i + 1) % n]);            \
    T s = 0;                                                                    \
    for (int i = 0; i < n; ++i)                                                 \
      s += h[i] * h[i];                                                         \
    return s;                                                                   \
  }                                                                             \
  inline void subtract(int d, const T *a, const T *b, T *out) {                 \
    for (int j = 0; j < d; ++j)                                                 \
      out[j] = a[j] - b[j];                                                     \
  }                                                                             \
  MARK T nearest(const T *x, const T *mu, int k, int d) {                       \
    std::vector<T> diff(d);                                                     \
    T best = 1e30;                                                              \
    for (int c = 0; c < k; ++c) {                                               \
      subtract(d, x, &mu[c * d], diff.data());                                  \
      T s = 0;                                                                  \
      for (int j = 0; j < d; ++j)                                               \
        s += diff[j] * diff[j];                                                 \
      if (s < best)                                                             \
        best = s;                                                               \
    }                                                                           \
    return best;                                                                \
  }                                                                             \
  MARK T buckets(const T *x, int n) {                                           \
    std::array<T, 4> acc{};                                                     \
    for (int i = 0; i < n; ++i) {                                               \
      if (x[i] > 0)                                                             \
        acc[i % 4] += x[i] * x[i];                                              \
      else                                                                      \
        acc[i % 4] -= std::sin(x[i]) * acc[(i + 1) % 4];                        \
    }                                                                           \
    return acc[0] * acc[1] + acc[2] - acc[3] * acc[0];                          \
  }                                                                             \
  MARK T listed(const T *x) {                                                   \
    T c[3] = {x[0], 2 * x[1], x[2] * x[2]};                                     \
    T s = 0;                                                                    \
    for (int i = 0; i < 3; ++i)                                                 \
      s += c[i] * c[(i + 1) % 3];                                               \
    return s;                                                                   \
  }                                                                             \
  MARK T prefix(const T *x, int n) {                                            \
    std::vector<T> a(n);                                                        \
    a[0] = x[0];                                                                \
    for (int i = 1; i < n; ++i)                                                 \
      a[i] = a[i - 1] * x[i] + x[i];                                            \
    T s = 0;                                                                    \
    for (int i = 0; i < n; ++i)                                                 \
      s += a[i];                                                                \
    return s;                                                                   \
  }                                                                             \
  MARK T layer(const T *W, const T *x, int m, int n) {                          \
    std::vector<T> h(m, 0.0);                                                   \
    for (int i = 0; i < m; ++i)                                                 \
      for (int j = 0; j < n; ++j)                                               \
        h[i] += W[i * n + j] * x[j];                                            \
    T s = 0;                                                                    \
    for (int i = 0; i < m; ++i)                                                 \
      s += std::tanh(h[i]);                                                     \
    return s;                                                                   \
  }                                                                             \
  MARK T smooth(const T *x, int steps) {                                        \
    T a[6] = {};                                                                \
    T b[6] = {};                                                                \
    for (int i = 0; i < 6; ++i)                                                 \
      a[i] = x[i];                                                              \
    for (int t = 0; t < steps; ++t) {                                           \
      for (int i = 1; i < 5; ++i)                                               \
        b[i] = T(0.25) * a[i - 1] + T(0.5) * a[i] * a[i] + T(0.25) * a[i + 1];  \
      for (int i = 1; i < 5; ++i)                                               \
        a[i] = b[i];                                                            \
    }                                                                           \
    return a[1] * a[2] + a[3] * a[4];                                           \
  }                                                                             \
  MARK T chosen(const T *x) {                                                   \
    T c[2] = {x[2], x[2]};                                                      \
    if (x[0] > 0) {                                                             \
      c[0] = std::sin(x[1]);                                                    \
    } else {                                                                    \
      c[0] = std::cos(x[1]);                                                    \
      c[1] = x[0] * c[1];                                                       \
    }                                                                           \
    return c[0] * c[1];                                                         \
  }                                                                             \
  MARK T through_pointer(const T *x) {                                          \
    std::array<T, 5> buf{};                                                     \
    T *p = &buf[2];                                                             \
    p[0] = x[0];                                                                \
    p[1] = x[1] * x[0];                                                         \
    return buf[2] * buf[3] + buf[0];                                            \
  }                                                                             \
  MARK T updated(const T *x, int n) {                                           \
    std::vector<T> v(n, 1.0);                                                   \
    for (int i = 0; i < n; ++i) {                                               \
      v[i] *= x[i];                                                             \
      v[i]++;                                                                   \
      v[(i + 1) % n] -= v[i] * T(0.5);                                          \
    }                                                                           \
    T p = 1;                                                                    \
    for (int i = 0; i < n; ++i)                                                 \
      p *= v[i];                                                                \
    return p;                                                                   \
  }                                                                             \
  MARK T per_iteration(const T *x, T w, int n) {                                \
    T s = 0;                                                                    \
    for (int i = 0; i < n; ++i) {                                               \
      T tmp[2];                                                                 \
      tmp[0] = x[i] * w;                                                        \
      tmp[1] = tmp[0] * tmp[0];                                                 \
      s += std::exp(tmp[1] - tmp[0]);                                           \
    }                                                                           \
    return s;                                                                   \
  }                                                                             \
  MARK T overwritten(T x, T y) {                                                \
    T a[1];                                                                     \
    a[0] = x * y;                                                               \
    T first = a[0];                                                             \
    a[0] = std::sin(y);                                                         \
    return first * a[0] + std::exp(first);                                      \
  }                                                                             \
  MARK T oscillator(const T *init, T omega, int steps) {                        \
    std::array<T, 2> s{};                                                       \
    s[0] = init[0];                                                             \
    s[1] = init[1];                                                             \
    const T h = T(0.1);                                                         \
    for (int k = 0; k < steps; ++k) {                                           \
      std::array<T, 2> k1{}, k2{}, mid{};                                       \
      k1[0] = s[1];                                                             \
      k1[1] = -omega * omega * s[0];                                            \
      for (int j = 0; j < 2; ++j)                                               \
        mid[j] = s[j] + T(0.5) * h * k1[j];                                     \
      k2[0] = mid[1];                                                           \
      k2[1] = -omega * omega * mid[0];                                          \
      for (int j = 0; j < 2; ++j)                                               \
        s[j] += h * k2[j];                                                      \
    }                                                                           \
    return s[0] * s[0] + s[1];                                                  \
  }                                                                             \
  MARK T inner_pure(const T *x, int n) {                                        \
    T a[3] = {x[0], x[1], x[2]};                                                \
    T s = 0;                                                                    \
    for (int i = 0; i < 3; ++i) {                                               \
      T v = a[i];                                                               \
      T p = 1;                                                                  \
      for (int j = 0; j < n; ++j)                                               \
        p = p * v + x[j];                                                       \
      a[(i + 1) % 3] = p * T(0.5);                                              \
      s += std::sin(p);                                                         \
    }                                                                           \
    return s + a[0];                                                            \
  }                                                                             \
  MARK T branch_then_overwrite(T x, T y) {                                      \
    T a[2] = {x, y};                                                            \
    T r = 0;                                                                    \
    if (x > 0) {                                                                \
      r = a[0] * a[1];                                                          \
    }                                                                           \
    a[0] = 5 * y;                                                               \
    a[1] = r;                                                                   \
    return r * x + a[0] * a[1];                                                 \
  }

FUNCTIONS(double, ADGEN_DIFFERENTIABLE)
FUNCTIONS(float, ADGEN_DIFFERENTIABLE)

// The array is written in place and read where the program reads it; its
// adjoint is updated in reverse order.
// CHECK-LABEL: inline double cross_norm_grad(const double* a, const double* b, double* d_a, double* d_b) {
// CHECK-NEXT:    double c[3];
// CHECK-NEXT:    c[0] = a[1] * b[2] - a[2] * b[1];
// CHECK:         const double t0 = c[0];
// CHECK:         double d_c[3] = {};
// CHECK:         d_c[0] += 2.0 * (t3 * t0);
// CHECK-NEXT:    const double t4 = d_c[2];
// CHECK-NEXT:    d_c[2] = 0.0;

// The second loop is a reduction that reads the array: fused, its reverse
// adds into d_e (declared before it) and reads e[i] where the forward does,
// with no tape. The first loop writes e: its reverse needs d_e complete, so
// it runs after, as a loop of its own.
// CHECK-LABEL: inline double softmax_dot_grad(
// CHECK:         std::vector<double> e(t0);
// CHECK-NOT:     Tape
// CHECK:         std::vector<double> d_e(t0);
// CHECK-NEXT:    const double d_s = 1.0;
// CHECK:         for (;;) {
// CHECK:           const double [[E:t[0-9]+]] = e[[[I:t[0-9]+]]];
// CHECK:           d_e[[[I]]] += {{.*}};
// CHECK-NEXT:      if (d_w) d_w[i_2] += {{.*}} * [[E]];
// CHECK:         for (std::size_t iterations_k = iterations; iterations_k-- > 0;) {
// CHECK:           d_e[t{{[0-9]+}}] += d_total;

// A loop nested in another, counted from 0 to a parameter: its reverse
// computes the trip count again, nothing is stored per outer iteration.
// CHECK-LABEL: inline double recurrent_grad(
// CHECK-NOT:     tape_iterations_1
// CHECK:         const std::size_t iterations_1 = n > 0 ? static_cast<std::size_t>(n) : 0;

// A helper's output pointer writes into the caller's vector; the branch's
// condition is recorded, not recomputed from the array.
// CHECK-LABEL: inline double nearest_grad(
// CHECK:         diff[j] = x[j] - mu[t{{[0-9]+}}];
// CHECK:         adgen::Tape<bool> tape_t{{[0-9]+}};
// CHECK:         const bool t{{[0-9]+}} = tape_t{{[0-9]+}}.pop();

// CHECK-LABEL: inline double buckets_grad(
// CHECK:         std::array<double, 4> acc{};
// CHECK:         std::array<double, 4> d_acc{};

// h[i] += ... leaves the element's adjoint in place: a read, without the
// clear and the add back.
// CHECK-LABEL: inline double layer_grad(
// CHECK:         const double [[D:t[0-9]+]] = d_h[t{{[0-9]+}}];
// CHECK-NEXT:    if (d_W) d_W[t{{[0-9]+}}] += [[D]] * x[j];

// CHECK-LABEL: inline double per_iteration_grad(
// CHECK:         double tmp[2];
// CHECK:         double d_tmp[2] = {};

#ifndef ADGEN_TOOL
#include "arrays.grad.h"
#include "oracle.h"

#include <cstdio>

using LongDouble = long double;
FUNCTIONS(LongDouble, )

template <class T, size_t N, class F, class G, class V>
void check(const char *name, F f, G g, V v, std::array<T, N> at) {
  oracle::check<T, N>(name, f, g, v, at);
}

template <class T> void checks() {
  check<T, 6>(
      "cross_norm", [](auto v) { return cross_norm(v.data(), v.data() + 3); },
      [](const T *x, T *d) { return cross_norm_grad(x, x + 3, d, d + 3); },
      [](const T *x, T s, T *d) { cross_norm_vjp(x, x + 3, s, d, d + 3); },
      {T(0.5), T(-1), T(2), T(0.25), T(1.5), T(-0.75)});
  check<T, 6>(
      "softmax_dot", [](auto v) { return softmax_dot(v.data(), v.data() + 3, 3); },
      [](const T *x, T *d) { return softmax_dot_grad(x, x + 3, 3, d, d + 3); },
      [](const T *x, T s, T *d) { softmax_dot_vjp(x, x + 3, 3, s, d, d + 3); },
      {T(0.5), T(-1), T(0.2), T(0.25), T(1.5), T(-0.75)});
  check<T, 4>(
      "recurrent", [](auto v) { return recurrent(v.data(), v[3], 3, 4); },
      [](const T *x, T *d) { return recurrent_grad(x, x[3], 3, 4, d, d + 3); },
      [](const T *x, T s, T *d) { recurrent_vjp(x, x[3], 3, 4, s, d, d + 3); },
      {T(0.5), T(-0.3), T(0.2), T(0.8)});
  check<T, 8>(
      "nearest", [](auto v) { return nearest(v.data(), v.data() + 2, 3, 2); },
      [](const T *x, T *d) { return nearest_grad(x, x + 2, 3, 2, d, d + 2); },
      [](const T *x, T s, T *d) { nearest_vjp(x, x + 2, 3, 2, s, d, d + 2); },
      {T(0.5), T(-1), T(2), T(1), T(0.25), T(-0.5), T(-1), T(3)});
  check<T, 7>(
      "buckets", [](auto v) { return buckets(v.data(), 7); },
      [](const T *x, T *d) { return buckets_grad(x, 7, d); },
      [](const T *x, T s, T *d) { buckets_vjp(x, 7, s, d); },
      {T(0.5), T(-1), T(0.7), T(1.1), T(-0.3), T(-0.5), T(0.9)});
  check<T, 3>(
      "listed", [](auto v) { return listed(v.data()); },
      [](const T *x, T *d) { return listed_grad(x, d); },
      [](const T *x, T s, T *d) { listed_vjp(x, s, d); }, {T(0.5), T(-1), T(1.5)});
  check<T, 5>(
      "prefix", [](auto v) { return prefix(v.data(), 5); },
      [](const T *x, T *d) { return prefix_grad(x, 5, d); },
      [](const T *x, T s, T *d) { prefix_vjp(x, 5, s, d); },
      {T(0.5), T(-1), T(0.7), T(1.1), T(-0.3)});
  check<T, 9>(
      "layer", [](auto v) { return layer(v.data(), v.data() + 6, 2, 3); },
      [](const T *x, T *d) { return layer_grad(x, x + 6, 2, 3, d, d + 6); },
      [](const T *x, T s, T *d) { layer_vjp(x, x + 6, 2, 3, s, d, d + 6); },
      {T(0.5), T(-1), T(0.7), T(1.1), T(-0.3), T(0.2), T(0.4), T(-0.6), T(0.8)});
  check<T, 6>(
      "smooth", [](auto v) { return smooth(v.data(), 3); },
      [](const T *x, T *d) { return smooth_grad(x, 3, d); },
      [](const T *x, T s, T *d) { smooth_vjp(x, 3, s, d); },
      {T(0.5), T(-0.4), T(0.7), T(0.3), T(-0.3), T(0.2)});
  check<T, 3>(
      "chosen", [](auto v) { return chosen(v.data()); },
      [](const T *x, T *d) { return chosen_grad(x, d); },
      [](const T *x, T s, T *d) { chosen_vjp(x, s, d); }, {T(0.5), T(-1), T(1.5)});
  check<T, 3>(
      "chosen", [](auto v) { return chosen(v.data()); },
      [](const T *x, T *d) { return chosen_grad(x, d); },
      [](const T *x, T s, T *d) { chosen_vjp(x, s, d); }, {T(-0.5), T(-1), T(1.5)});
  check<T, 2>(
      "through_pointer", [](auto v) { return through_pointer(v.data()); },
      [](const T *x, T *d) { return through_pointer_grad(x, d); },
      [](const T *x, T s, T *d) { through_pointer_vjp(x, s, d); }, {T(0.5), T(-1.25)});
  check<T, 4>(
      "updated", [](auto v) { return updated(v.data(), 4); },
      [](const T *x, T *d) { return updated_grad(x, 4, d); },
      [](const T *x, T s, T *d) { updated_vjp(x, 4, s, d); },
      {T(0.5), T(-1), T(0.7), T(1.1)});
  check<T, 4>(
      "per_iteration", [](auto v) { return per_iteration(v.data(), v[3], 3); },
      [](const T *x, T *d) { return per_iteration_grad(x, x[3], 3, d, d + 3); },
      [](const T *x, T s, T *d) { per_iteration_vjp(x, x[3], 3, s, d, d + 3); },
      {T(0.5), T(-1), T(0.7), T(0.9)});
  ORACLE_CHECK2(T, overwritten, 0.7, -1.2);
  check<T, 3>(
      "oscillator", [](auto v) { return oscillator(v.data(), v[2], 5); },
      [](const T *x, T *d) { return oscillator_grad(x, x[2], 5, d, d + 2); },
      [](const T *x, T s, T *d) { oscillator_vjp(x, x[2], 5, s, d, d + 2); },
      {T(1), T(0.5), T(1.3)});
  // A loop without array reads of its own, inside a loop that overwrites
  // what it read: recorded too, never rerun.
  check<T, 3>(
      "inner_pure", [](auto v) { return inner_pure(v.data(), 3); },
      [](const T *x, T *d) { return inner_pure_grad(x, 3, d); },
      [](const T *x, T s, T *d) { inner_pure_vjp(x, 3, s, d); }, {T(0.3), T(-0.4), T(0.5)});
  ORACLE_CHECK2(T, branch_then_overwrite, 0.7, -1.3);
  ORACLE_CHECK2(T, branch_then_overwrite, -0.7, -1.3);
}

int main() {
  checks<double>();
  checks<float>();
}
#endif
// EXEC-NOT: MISMATCH
// EXEC: cross_norm
// EXEC: branch_then_overwrite
// EXEC: cross_norm
// EXEC: branch_then_overwrite
