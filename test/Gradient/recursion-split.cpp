// Split reversal of recursive functions: f_fwd runs the forward sweep once,
// recording on tapes of its depth of the recursion, and f_rev reads them
// back, so the reverse of a recursion costs about twice the primal instead
// of (depth) times it. Shapes: the determinant by expansion in minors (a
// tree recursion over a local array of columns that changes after each
// call: f_fwd records what f_rev needs of it, the call passes f_rev nullptr
// and takes no copy); mutual recursion with loops; a recursion whose value
// its caller never needs (the call still runs forward, for its records); a
// tree recursion of 2^16 calls; gradients taken again and again, of
// different sizes in turn, and from two threads at once (the tapes are per
// thread).
//
// Checked against the long-double oracle for double and float.
//
// RUN: rm -rf %t && mkdir -p %t
// RUN: %adgen %s -o %t/recursion-split.grad.h -- -std=c++17
// RUN: FileCheck %s < %t/recursion-split.grad.h
// RUN: %cxx -I%t %s -o %t/gcc && %t/gcc | FileCheck %s --check-prefix=EXEC
// RUN: %clangxx -I%t %s -o %t/clang && %t/clang | FileCheck %s --check-prefix=EXEC

#include <adgen/adgen.h>
#include <cmath>

#define FUNCTIONS(T, MARK)                                                      \
  /* The minor of the n x n matrix a with rows n-m.. and columns cols[0..m). */ \
  inline T minor_det(const T *a, int n, const int *cols, int m) {               \
    const int row = n - m;                                                      \
    if (m == 1)                                                                 \
      return a[row * n + cols[0]];                                              \
    int sub[8];                                                                 \
    for (int k = 1; k < m; ++k)                                                 \
      sub[k - 1] = cols[k];                                                     \
    T det = T(0);                                                               \
    for (int j = 0; j < m; ++j) {                                               \
      if (j > 0)                                                                \
        sub[j - 1] = cols[j - 1];                                               \
      const T term = a[row * n + cols[j]] * minor_det(a, n, sub, m - 1);        \
      det = j % 2 == 0 ? det + term : det - term;                               \
    }                                                                           \
    return det;                                                                 \
  }                                                                             \
  MARK T det(const T *a, int n) {                                               \
    int cols[8];                                                                \
    for (int k = 0; k < n; ++k)                                                 \
      cols[k] = k;                                                              \
    return minor_det(a, n, cols, n);                                            \
  }                                                                             \
  /* Mutual recursion, each with a loop. */                                     \
  inline T down_b(T x, const T *w, int d);                                      \
  inline T down_a(T x, const T *w, int d) {                                     \
    if (d == 0)                                                                 \
      return std::sin(x);                                                       \
    T s = T(0);                                                                 \
    for (int i = 0; i < 2; ++i)                                                 \
      s += w[i] * down_b(x * w[i] + s * T(0.1), w, d - 1);                      \
    return s;                                                                   \
  }                                                                             \
  inline T down_b(T x, const T *w, int d) {                                     \
    T p = x;                                                                    \
    for (int i = 0; i < 3; ++i)                                                 \
      p = p * T(0.5) + std::cos(p) * w[2];                                      \
    return down_a(p, w, d - 1) + p;                                             \
  }                                                                             \
  MARK T mutual(const T *w) { return down_a(w[3], w, 6); }                      \
  /* The recursion's value is never needed: only its derivative. */             \
  inline T linear(T x, int d) { return d == 0 ? x : linear(x * T(0.5), d - 1) + x; } \
  MARK T value_unused(T x) { return linear(x, 5) * T(3); }                       \
  /* 2^16 calls. */                                                             \
  inline T tree(T x, int d) {                                                   \
    return d == 0 ? std::sin(x) : tree(x * T(0.99), d - 1) * T(0.5) + tree(x + T(0.001), d - 1) * T(0.5); \
  }                                                                             \
  MARK T wide(T x) { return tree(x, 16); }

namespace dd {
FUNCTIONS(double, ADGEN_DIFFERENTIABLE)
} // namespace dd
namespace ff {
FUNCTIONS(float, ADGEN_DIFFERENTIABLE)
} // namespace ff

// The recording forward sweep, its tapes one set per depth, and the reverse
// sweep; the columns' copy is gone: minor_det_fwd records what minor_det_rev
// reads of them, and the calls pass nullptr.
// (det_grad inlines the first level of minor_det.)
// CHECK-LABEL: inline double det_grad(const double* a, int n, double* d_a) {
// CHECK-NOT:   snapshot
// CHECK:       = ::dd::minor_det_fwd(a, n, sub, {{.*}});
// CHECK:       ::dd::minor_det_rev(a, n, nullptr, {{.*}}, d_a);
// value_unused: linear_fwd runs for its records; its value is not used.
// CHECK-LABEL: inline double value_unused_grad(double x, double* d_x) {
// CHECK:         = ::dd::linear_fwd({{t[0-9]+}}, 4);
// CHECK:         ::dd::linear_rev({{.*}}, 4, {{.*}});
// CHECK-LABEL: struct minor_det_split_tapes {
// CHECK:         adgen::Tape<Frame> frames;
// CHECK-LABEL: inline double minor_det_fwd(const double* a, int n, const int* cols, int m) {
// CHECK-NEXT:    adgen::detail::SplitLevel<minor_det_split_tapes> level;
// CHECK:         = ::dd::minor_det_fwd(a, n, sub, {{.*}});
// CHECK:         level.tapes->frames.push({
// CHECK-LABEL: inline void minor_det_rev(const double* a, int n, const int* /*cols*/, int m, double d_ret, double* d_a) {
// CHECK-NEXT:    adgen::detail::SplitLevel<minor_det_split_tapes> level;
// CHECK:         = level.tapes->frames.pop();
// CHECK:         ::dd::minor_det_rev(a, n, nullptr, {{.*}}, d_a);
// CHECK-NOT:     minor_det(
// CHECK:       }

#ifndef ADGEN_TOOL
#include "oracle.h"
#include "recursion-split.grad.h"
#include <thread>

using ld = long double;
namespace dd {
FUNCTIONS(ld, )
}
namespace ff {
FUNCTIONS(ld, )
}

template <class T, size_t N, class Det, class DetGrad, class DetVjp>
void check_det(const char *name, Det det_ld, DetGrad grad, DetVjp vjp, int n) {
  std::array<T, N> a{};
  for (size_t i = 0; i < N; ++i)
    a[i] = T(std::sin(1.0 + 0.7 * double(i)) + (i % (n + 1) == 0 ? 1.5 : 0.0));
  oracle::check<T, N>(name, [&](auto v) { return det_ld(v.data(), n); },
                      [&](const T *x, T *d) { return grad(x, n, d); },
                      [&](const T *x, T s, T *d) { vjp(x, n, s, d); }, a);
}

#define CHECKS(T, NS)                                                                     \
  do {                                                                                     \
    using namespace NS;                                                                    \
    auto det_ld = [](auto *a, int n) { return NS::det(a, n); };                            \
    /* Sizes up and down in turn: the tapes of one call leave nothing behind. */           \
    check_det<T, 1>("det1", det_ld, det_grad, det_vjp, 1);                                 \
    check_det<T, 16>("det4", det_ld, det_grad, det_vjp, 4);                                \
    check_det<T, 4>("det2", det_ld, det_grad, det_vjp, 2);                                 \
    check_det<T, 36>("det6", det_ld, det_grad, det_vjp, 6);                                \
    check_det<T, 9>("det3", det_ld, det_grad, det_vjp, 3);                                 \
    oracle::check<T, 4>("mutual", [](auto v) { return NS::mutual(v.data()); },             \
                        [](const T *x, T *d) { return mutual_grad(x, d); },                \
                        [](const T *x, T s, T *d) { mutual_vjp(x, s, d); },                \
                        {T(0.7), T(-0.4), T(0.3), T(0.9)});                                \
    ORACLE_CHECK1(T, value_unused, 0.8);                                                   \
    ORACLE_CHECK1(T, wide, 0.3);                                                           \
  } while (0)

// Two threads, each its own gradients (and tapes), against one thread's.
void threads() {
  double a[25], b[25];
  for (int i = 0; i < 25; ++i) {
    a[i] = std::cos(0.3 * i) + (i % 6 == 0 ? 2.0 : 0.0);
    b[i] = std::sin(0.5 * i) + (i % 6 == 0 ? 1.0 : 0.0);
  }
  double ga[25] = {}, gb[25] = {}, ta[25] = {}, tb[25] = {};
  dd::det_grad(a, 5, ga);
  dd::det_grad(b, 5, gb);
  std::thread one([&] {
    for (int r = 0; r < 50; ++r) {
      std::fill(ta, ta + 25, 0.0);
      dd::det_grad(a, 5, ta);
    }
  });
  std::thread two([&] {
    for (int r = 0; r < 50; ++r) {
      std::fill(tb, tb + 25, 0.0);
      dd::det_grad(b, 5, tb);
    }
  });
  one.join();
  two.join();
  bool same = true;
  for (int i = 0; i < 25; ++i)
    same = same && ta[i] == ga[i] && tb[i] == gb[i];
  std::printf("two threads: %s\n", same ? "ok" : "MISMATCH");
}

int main() {
  std::printf("double\n");
  CHECKS(double, dd);
  std::printf("float\n");
  CHECKS(float, ff);
  threads();
}
#endif

// EXEC-COUNT-17: {{ ok$}}
// EXEC-NOT: MISMATCH
