// Output parameters that the function also reads (y[i] += ..., y[i] *= y[i],
// helpers that accumulate into their output): the parameter is read and
// written in place, and its adjoint works both ways. On entry d_y holds the
// caller's seed for y's final values; on return, the adjoint of the values y
// held on entry (0 for elements the function overwrote before reading).
// Each VJP is checked against central differences of <seed, F(x, y0)> in
// long double, with respect to the inputs and y's values on entry.
//
// RUN: rm -rf %t && mkdir -p %t
// RUN: %adgen %s -o %t/output-reads.grad.h -- -std=c++17
// RUN: FileCheck %s < %t/output-reads.grad.h
// RUN: %cxx -I%t %s -o %t/gcc && %t/gcc | FileCheck %s --check-prefix=EXEC
// RUN: %clangxx -I%t %s -o %t/clang && %t/clang | FileCheck %s --check-prefix=EXEC

#include <adgen/adgen.h>
#include <cmath>
#include <cstddef>
#include <stdexcept>
#include <vector>

#define HELPERS(T)                                                              \
  inline void axpy(int n, T a, const T *x, T *y) {                              \
    for (int i = 0; i < n; ++i)                                                 \
      y[i] += a * x[i];                                                         \
  }

#define FUNCTIONS(T, MARK)                                                      \
  MARK void matvec(const T *A, const T *x, T *y, int n) {                       \
    for (int i = 0; i < n; ++i) {                                               \
      y[i] = 0;                                                                 \
      for (int j = 0; j < n; ++j)                                               \
        y[i] += A[i * n + j] * x[j];                                            \
    }                                                                           \
  }                                                                             \
  MARK void accumulate(const T *x, T w, T *y, int n) {                          \
    for (int i = 0; i < n; ++i)                                                 \
      y[i] += x[i] * w;                                                         \
  }                                                                             \
  MARK void scale(T w, T *y, int n) {                                           \
    for (int i = 0; i < n; ++i)                                                 \
      y[i] = y[i] * std::exp(w);                                                \
  }                                                                             \
  MARK void square(T *y, int n) {                                               \
    for (int i = 0; i < n; ++i)                                                 \
      y[i] *= y[i];                                                             \
  }                                                                             \
  MARK void twice(const T *x, T a, T *y, int n) {                               \
    axpy(n, a, x, y);                                                           \
    axpy(n, a * a, x, y);                                                       \
  }                                                                             \
  MARK T with_value(const T *x, T *y, int n) {                                  \
    T s = 0;                                                                    \
    for (int i = 0; i < n; ++i) {                                               \
      y[i] += x[i];                                                             \
      s += y[i] * y[i];                                                         \
    }                                                                           \
    return s;                                                                   \
  }                                                                             \
  MARK void prefix(T *y, int n) {                                               \
    for (int i = 1; i < n; ++i)                                                 \
      y[i] += y[i - 1] * y[i];                                                  \
  }                                                                             \
  MARK void bump(T *y, int n) {                                                 \
    for (int i = 0; i < n; ++i) {                                               \
      y[i]++;                                                                   \
      y[i] = y[i] * y[i];                                                       \
    }                                                                           \
  }                                                                             \
  MARK void relu_mul(const T *x, T *y, int n) {                                 \
    for (int i = 0; i < n; ++i) {                                               \
      if (y[i] > 0)                                                             \
        y[i] = y[i] * x[i];                                                     \
      else                                                                      \
        y[i] = 0;                                                               \
    }                                                                           \
  }                                                                             \
  MARK void vec_tanh(const T *x, std::vector<T> &y) {                           \
    for (std::size_t i = 0; i < y.size(); ++i)                                  \
      y[i] = std::tanh(y[i] + x[i]);                                            \
  }                                                                             \
  /* The first write is overwritten: no adjoint code for it (it was */         \
  /* 0 * exp'(800) = NaN in d_a, found by a helper). */                          \
  MARK void over_w(T a, T *y) {                                                 \
    y[1] = std::exp(1000 * a);                                                  \
    y[1] = y[0] * a;                                                            \
    y[0] *= y[1];                                                               \
  }                                                                             \
  MARK void straight(T x, T *y) {                                               \
    y[0] = y[0] * x;                                                            \
    y[1] = y[0] + y[1];                                                         \
    y[0] = std::sin(y[1]);                                                      \
  }                                                                             \
  /* Writes the gradient does not need: f_grad and f_vjp still perform */       \
  /* them, and leave y as f does (they once left y half-written). */            \
  MARK T tail_write(T a, T *y) {                                                \
    T r = y[0] * a;                                                             \
    y[1] += r;                                                                  \
    y[0] = 7;                                                                   \
    return r;                                                                   \
  }                                                                             \
  MARK void twice_w(T a, T *y) {                                                \
    y[1] = a * y[0];                                                            \
    y[0] *= y[1];                                                               \
  }                                                                             \
  MARK T late_branch(const T *x, T *y, int n) {                                 \
    T s = 0;                                                                    \
    for (int i = 0; i < n; ++i) {                                               \
      s += y[i] * x[i];                                                         \
      y[i] = 3 * x[i];                                                          \
    }                                                                           \
    if (s > 0)                                                                  \
      y[0] = -1;                                                                \
    else                                                                        \
      y[1] = -2;                                                                \
    return s;                                                                   \
  }                                                                             \
  /* Through local pointers into the output: the writes are y's. */            \
  MARK void through_local(T a, T *y) {                                          \
    T *p = y + 1;                                                               \
    p[0] += a * p[0];                                                           \
    T *q = p;                                                                   \
    q[1] *= std::sin(a);                                                        \
  }                                                                             \
  MARK void alias_out(T a, T *y) {                                              \
    T *q = y;                                                                   \
    q[1] = a * a;                                                               \
    q[0] = std::sin(a);                                                         \
  }

HELPERS(double)
HELPERS(float)
FUNCTIONS(double, ADGEN_DIFFERENTIABLE)
FUNCTIONS(float, ADGEN_DIFFERENTIABLE)

// y is read and written in place; its adjoint is read where y[i] is
// written and added to where it is read, so it may not be null.
// CHECK-LABEL: inline void matvec_vjp(
// CHECK-NEXT:    adgen::detail::require_adjoint(d_y, "matvec_vjp: d_y may not be null
// CHECK:         y[i] = 0.0;
// CHECK:         y[i] = {{t[0-9]+}} + A[{{t[0-9]+}}] * x[j];
// CHECK:         const double {{t[0-9]+}} = d_y[i];
// CHECK:       d_y[i] = 0.0;
// CHECK-LABEL: inline void accumulate_vjp(
// CHECK-NOT:   d_y[i] = 0.0
// CHECK:       }
// A vector parameter's adjoint is a pointer to a vector.
// CHECK-LABEL: inline void vec_tanh_vjp(const double* x, std::vector<double>& y, double* d_x, std::vector<double>* d_y)

// Writes the gradient does not need are performed too: y ends as f leaves it.
// CHECK-LABEL: inline double tail_write_grad(
// CHECK:       y[1] = t{{[0-9]+}} + r;
// CHECK-NEXT:  y[0] = 7.0;
// CHECK-LABEL: inline void tail_write_vjp(
// CHECK:       y[0] = 7.0;

#ifndef ADGEN_TOOL
#include "output-reads.grad.h"
#include "inout.h"

#include <cstdio>

using LongDouble = long double;
HELPERS(LongDouble)
FUNCTIONS(LongDouble, )

using inout::check;

template <class T> void checks() {
  const std::vector<T> seed3{T(0.7), T(-1.3), T(0.4)};
  const std::vector<T> y3{T(0.5), T(-0.25), T(1.5)};
  check<T>(
      "matvec",
      {T(0.5), T(-1), T(2), T(0.3), T(0.1), T(-0.4), T(1.2), T(0.8), T(-0.6), T(1), T(2), T(3)},
      y3, seed3, T(0),
      [](const LongDouble *x, LongDouble *y) { matvec(x, x + 9, y, 3); return LongDouble(0); },
      [](const T *x, T *y, T, T *dx, T *dy) { matvec_vjp(x, x + 9, y, 3, dx, dx + 9, dy); });
  check<T>(
      "accumulate", {T(0.5), T(-1), T(2), T(0.75)}, y3, seed3, T(0),
      [](const LongDouble *x, LongDouble *y) { accumulate(x, x[3], y, 3); return LongDouble(0); },
      [](const T *x, T *y, T, T *dx, T *dy) { accumulate_vjp(x, x[3], y, 3, dx, dx + 3, dy); });
  check<T>(
      "scale", {T(0.3)}, y3, seed3, T(0),
      [](const LongDouble *x, LongDouble *y) { scale(x[0], y, 3); return LongDouble(0); },
      [](const T *x, T *y, T, T *dx, T *dy) { scale_vjp(x[0], y, 3, dx, dy); });
  check<T>(
      "square", {}, y3, seed3, T(0),
      [](const LongDouble *, LongDouble *y) { square(y, 3); return LongDouble(0); },
      [](const T *, T *y, T, T *, T *dy) { square_vjp(y, 3, dy); });
  check<T>(
      "twice", {T(0.5), T(-1), T(2), T(0.75)}, y3, seed3, T(0),
      [](const LongDouble *x, LongDouble *y) { twice(x, x[3], y, 3); return LongDouble(0); },
      [](const T *x, T *y, T, T *dx, T *dy) { twice_vjp(x, x[3], y, 3, dx, dx + 3, dy); });
  check<T>(
      "with_value", {T(0.5), T(-1), T(2)}, y3, seed3, T(0.9),
      [](const LongDouble *x, LongDouble *y) { return with_value(x, y, 3); },
      [](const T *x, T *y, T s, T *dx, T *dy) { with_value_vjp(x, y, 3, s, dx, dy); });
  check<T>(
      "prefix", {}, y3, seed3, T(0),
      [](const LongDouble *, LongDouble *y) { prefix(y, 3); return LongDouble(0); },
      [](const T *, T *y, T, T *, T *dy) { prefix_vjp(y, 3, dy); });
  check<T>(
      "bump", {}, y3, seed3, T(0),
      [](const LongDouble *, LongDouble *y) { bump(y, 3); return LongDouble(0); },
      [](const T *, T *y, T, T *, T *dy) { bump_vjp(y, 3, dy); });
  check<T>(
      "relu_mul", {T(0.5), T(-1), T(2)}, y3, seed3, T(0),
      [](const LongDouble *x, LongDouble *y) { relu_mul(x, y, 3); return LongDouble(0); },
      [](const T *x, T *y, T, T *dx, T *dy) { relu_mul_vjp(x, y, 3, dx, dy); });
  check<T>(
      "vec_tanh", {T(0.5), T(-1), T(2)}, y3, seed3, T(0),
      [](const LongDouble *x, LongDouble *y) {
        std::vector<LongDouble> v(y, y + 3);
        vec_tanh(x, v);
        std::copy(v.begin(), v.end(), y);
        return LongDouble(0);
      },
      [](const T *x, T *y, T, T *dx, T *dy) {
        std::vector<T> v(y, y + 3), dv(dy, dy + 3);
        vec_tanh_vjp(x, v, dx, &dv);
        std::copy(dv.begin(), dv.end(), dy);
        std::copy(v.begin(), v.end(), y);
      });
  check<T>(
      "over_w", {T(0.8)}, {T(0.5), T(-0.25)}, {T(0.7), T(-1.3)}, T(0),
      [](const LongDouble *x, LongDouble *y) { over_w(x[0], y); return LongDouble(0); },
      [](const T *x, T *y, T, T *dx, T *dy) { over_w_vjp(x[0], y, dx, dy); });
  check<T>(
      "straight", {T(0.6)}, {T(0.5), T(-0.25)}, {T(0.7), T(-1.3)}, T(0),
      [](const LongDouble *x, LongDouble *y) { straight(x[0], y); return LongDouble(0); },
      [](const T *x, T *y, T, T *dx, T *dy) { straight_vjp(x[0], y, dx, dy); });
  check<T>(
      "tail_write", {T(0.8)}, {T(0.5), T(-0.25)}, {T(0.7), T(-1.3)}, T(0.6),
      [](const LongDouble *x, LongDouble *y) { return tail_write(x[0], y); },
      [](const T *x, T *y, T s, T *dx, T *dy) { tail_write_vjp(x[0], y, s, dx, dy); });
  check<T>(
      "twice_w", {T(0.8)}, {T(0.5), T(-0.25)}, {T(0.7), T(-1.3)}, T(0),
      [](const LongDouble *x, LongDouble *y) { twice_w(x[0], y); return LongDouble(0); },
      [](const T *x, T *y, T, T *dx, T *dy) { twice_w_vjp(x[0], y, dx, dy); });
  check<T>(
      "through_local", {T(0.8)}, y3, seed3, T(0),
      [](const LongDouble *x, LongDouble *y) { through_local(x[0], y); return LongDouble(0); },
      [](const T *x, T *y, T, T *dx, T *dy) { through_local_vjp(x[0], y, dx, dy); });
  check<T>(
      "alias_out", {T(0.8)}, {T(0), T(0)}, {T(0.7), T(-1.3)}, T(0),
      [](const LongDouble *x, LongDouble *y) { alias_out(x[0], y); return LongDouble(0); },
      [](const T *x, T *y, T, T *dx, T *dy) { alias_out_vjp(x[0], y, dx, dy); },
      inout::WriteOnly);
  for (T sign : {T(1), T(-1)}) // both branches after the loop
    check<T>(
        "late_branch", {sign * T(0.5), T(-1), T(2)}, {T(0.5), T(0.25), T(1.5)}, seed3, T(0.9),
        [](const LongDouble *x, LongDouble *y) { return late_branch(x, y, 3); },
        [](const T *x, T *y, T s, T *dx, T *dy) { late_branch_vjp(x, y, 3, s, dx, dy); });
}

int main() {
  checks<double>();
  checks<float>();
  // f_grad returns the value and leaves y as f does.
  double x[3] = {0.5, -1, 2}, y[3] = {0.5, -0.25, 1.5}, dx[3] = {}, dy[3] = {};
  double v = with_value_grad(x, y, 3, dx, dy);
  std::printf("with_value_grad: %.6f y [%.6f, %.6f, %.6f]\n", v, y[0], y[1], y[2]);
  double a = 0.8, da = 0, y2[2] = {0.5, -0.25}, dy2[2] = {};
  double r = tail_write_grad(a, y2, &da, dy2);
  std::printf("tail_write_grad: %.6f y [%.6f, %.6f]\n", r, y2[0], y2[1]);
  // d_y holds y's adjoints while the reverse sweep runs: null is an error.
  double dx2[3] = {};
  try {
    with_value_vjp(x, y, 3, 1.0, dx2, nullptr);
    std::printf("null d_y: accepted\n");
  } catch (const std::invalid_argument &e) {
    std::printf("null d_y: %s\n", e.what());
  }
}
#endif

// EXEC-COUNT-36: ok
// EXEC-NOT: MISMATCH
// EXEC: with_value_grad: 14.812500 y [1.000000, -1.250000, 3.500000]
// EXEC: tail_write_grad: 0.400000 y [7.000000, 0.150000]
// EXEC: null d_y: with_value_vjp: d_y may not be null: with_value reads its output parameter y, whose adjoint d_y holds (pass zeros for no seed)
