// Edge cases of output parameters that the function also reads (in-out
// parameters, see output-reads.cpp): nested loops with break, continue and
// early returns, branches, elements read before they are written or written
// twice, several in-out parameters next to a plain output and a local array,
// pointer offsets (`y + k`, `&y[2]`, `*(y + 1)`) into inlined helpers that
// read and write, std::vector& and std::array& in-out parameters, returned
// values, overflow in parts that do not reach the outputs, repeated calls
// (tapes), and an in-out array read by a recursive function.
// Each VJP is checked against central differences of <seed, F(x, y0)> in
// long double, with respect to the inputs and y's values on entry.
//
// RUN: rm -rf %t && mkdir -p %t
// RUN: %adgen %s -o %t/output-reads-edges.grad.h -- -std=c++17
// RUN: FileCheck %s < %t/output-reads-edges.grad.h
// RUN: %cxx -I%t %s -o %t/gcc && %t/gcc | FileCheck %s --check-prefix=EXEC
// RUN: %clangxx -I%t %s -o %t/clang && %t/clang | FileCheck %s --check-prefix=EXEC
// A void recursive function that writes into the array is refused.
// RUN: not %adgen %s -o %t/refused.h -- -std=c++17 -DREFUSED 2>&1 | FileCheck %s --check-prefix=REFUSED

#include <adgen/adgen.h>
#include <algorithm>
#include <array>
#include <cmath>
#include <cstddef>
#include <stdexcept>
#include <vector>

#ifdef REFUSED
void racc(double a, double *y, int n) {
  if (n == 0)
    return;
  y[0] += a * y[0];
  racc(a, y + 1, n - 1);
}
ADGEN_DIFFERENTIABLE void rec_write(double a, double *y, int n) { racc(a, y, n); }
// REFUSED: error: 'racc' calls itself, and it returns 'void'
#else

#define HELPERS(T)                                                              \
  inline void fill2(T a, T *out) {                                              \
    out[0] = a * a;                                                             \
    out[1] = std::sin(a);                                                       \
  }                                                                             \
  inline void rw(T a, T *p, int n) {                                            \
    for (int i = 0; i < n; ++i)                                                 \
      p[i] = p[i] * a + p[0];                                                   \
  }                                                                             \
  inline T dot(const T *a, const T *b, int n) {                                 \
    T s = 0;                                                                    \
    for (int i = 0; i < n; ++i)                                                 \
      s += a[i] * b[i];                                                         \
    return s;                                                                   \
  }                                                                             \
  inline void inner(T a, T *p) { p[0] += a * p[1]; }                            \
  inline void outer(T a, T *p) {                                                \
    inner(a, p);                                                                \
    inner(a * a, p + 1);                                                        \
  }                                                                             \
  inline T rsum(const T *y, int n) {                                            \
    return n == 0 ? T(0) : y[0] * y[0] + rsum(y + 1, n - 1);                    \
  }

#define FUNCTIONS(T, MARK)                                                      \
  MARK void nested(const T *x, T *y, int n, int m) {                            \
    for (int i = 0; i < n; ++i)                                                 \
      for (int j = 0; j < m; ++j)                                               \
        y[i] = y[i] * x[j] + y[(i + 1) % n] * T(0.5);                           \
  }                                                                             \
  MARK void brk(const T *x, T *y, int n) {                                      \
    for (int i = 0; i < n; ++i) {                                               \
      if (y[i] > T(1))                                                          \
        break;                                                                  \
      y[i] += x[i] * y[i];                                                      \
    }                                                                           \
  }                                                                             \
  MARK void cont(const T *x, T *y, int n) {                                     \
    for (int i = 0; i < n; ++i) {                                               \
      if (x[i] < 0)                                                             \
        continue;                                                               \
      y[i] *= std::exp(x[i] * y[i]);                                            \
      y[(i + 1) % n] -= y[i];                                                   \
    }                                                                           \
  }                                                                             \
  MARK T early(const T *x, T *y, int n) {                                       \
    T s = 0;                                                                    \
    for (int i = 0; i < n; ++i) {                                               \
      y[i] = y[i] * y[i] + x[i];                                                \
      s += y[i];                                                                \
      if (s > T(2))                                                             \
        return s * y[0];                                                        \
    }                                                                           \
    y[0] += s;                                                                  \
    return s;                                                                   \
  }                                                                             \
  MARK T nested_brk(const T *x, T *y, int n) {                                  \
    T s = 0;                                                                    \
    for (int i = 0; i < n; ++i) {                                               \
      for (int j = 0; j < n; ++j) {                                             \
        if (j > i)                                                              \
          break;                                                                \
        if ((i + j) % 2 == 1)                                                   \
          continue;                                                             \
        y[i] += x[j] * y[j];                                                    \
        s += y[i];                                                              \
      }                                                                         \
      if (s > T(50))                                                            \
        return s;                                                               \
    }                                                                           \
    return s * y[n - 1];                                                        \
  }                                                                             \
  MARK T while_io(T a, T *y, int n) {                                           \
    int i = 0;                                                                  \
    T acc = 0;                                                                  \
    while (i < n) {                                                             \
      y[i] = y[i] * a - acc;                                                    \
      acc += y[i];                                                              \
      if (acc > T(10))                                                          \
        break;                                                                  \
      ++i;                                                                      \
    }                                                                           \
    return acc * a;                                                             \
  }                                                                             \
  MARK T tape_loop(const T *x, T *y, int n, int reps) {                         \
    T s = 0;                                                                    \
    for (int r = 0; r < reps; ++r)                                              \
      for (int i = 0; i < n; ++i) {                                             \
        if (y[i] > T(3))                                                        \
          break;                                                                \
        y[i] = y[i] * x[i] + T(0.5);                                            \
        s += y[i] * y[i];                                                       \
      }                                                                         \
    return s;                                                                   \
  }                                                                             \
  MARK void branchy(T a, T *y) {                                                \
    if (a > 0) {                                                                \
      y[0] += a * y[1];                                                         \
      y[1] = y[0] * y[2];                                                       \
    } else {                                                                    \
      y[2] = std::sin(y[0]) + a;                                                \
    }                                                                           \
    y[2] *= y[1];                                                               \
  }                                                                             \
  MARK void cond_only(T a, T *y) {                                              \
    if (y[0] > 0)                                                               \
      y[1] = a;                                                                 \
    y[2] = y[2] * a;                                                            \
  }                                                                             \
  MARK void tern(T a, T *y, int n) {                                            \
    for (int i = 0; i < n; ++i)                                                 \
      y[i] = y[i] > 0 ? y[i] * y[i] : a * y[i];                                 \
  }                                                                             \
  MARK void read_then_write(T a, T *y) {                                        \
    T t = y[0] + y[1];                                                          \
    y[0] = a * t;                                                               \
    y[1] = t * t;                                                               \
    y[0] = y[0] + y[1] * a;                                                     \
    y[1] = T(3);                                                                \
  }                                                                             \
  MARK void twice_w(T a, T *y) {                                                \
    y[1] = a * a;                                                               \
    y[1] = y[1] * y[0];                                                         \
    y[0] = a;                                                                   \
    y[0] *= y[1];                                                               \
  }                                                                             \
  MARK void writes_first(T a, T *y) {                                           \
    y[0] = a;                                                                   \
    y[1] = y[0] * y[0];                                                         \
    y[2] += y[1];                                                               \
  }                                                                             \
  MARK void swap_io(T *y) {                                                     \
    T t = y[0];                                                                 \
    y[0] = y[1];                                                                \
    y[1] = t * y[2];                                                            \
    y[2] = y[0] + y[1];                                                         \
  }                                                                             \
  MARK void incdec(T *y, int n) {                                               \
    for (int i = 0; i < n; ++i) {                                               \
      ++y[i];                                                                   \
      y[i]--;                                                                   \
      y[i] += T(1);                                                             \
      y[i] /= (T(1) + y[i] * y[i]);                                             \
    }                                                                           \
  }                                                                             \
  MARK void rev_loop(T *y, int n) {                                             \
    for (int i = n - 2; i >= 0; --i)                                            \
      y[i] += y[i + 1] * y[i];                                                  \
  }                                                                             \
  MARK void two_io(const T *x, T *y, T *z, int n) {                             \
    for (int i = 0; i < n; ++i) {                                               \
      y[i] += x[i] * z[i];                                                      \
      z[i] *= y[i];                                                             \
    }                                                                           \
    y[0] += z[n - 1];                                                           \
  }                                                                             \
  MARK void mixed(const T *x, T *y, T *out, int n) {                            \
    T loc[4] = {};                                                              \
    for (int i = 0; i < n; ++i) {                                               \
      loc[i % 4] += y[i] * x[i];                                                \
      y[i] = loc[i % 4] * y[i];                                                 \
      out[i] = y[i] + loc[(i + 1) % 4];                                         \
    }                                                                           \
  }                                                                             \
  MARK void deref(T a, T *y) {                                                  \
    *y += a * *(y + 1);                                                         \
    *(y + 1) *= *y;                                                             \
  }                                                                             \
  MARK void addr(T a, T *y) {                                                   \
    fill2(a * y[0], &y[2]);                                                     \
    y[0] += y[2] * y[3];                                                        \
  }                                                                             \
  MARK void plusk(T a, T *y) {                                                  \
    rw(a, y + 1, 3);                                                            \
    rw(a, y, 2);                                                                \
  }                                                                             \
  MARK void fill_then_read(T a, T *y) {                                         \
    fill2(a, y);                                                                \
    y[2] += y[0] * y[1];                                                        \
  }                                                                             \
  MARK void nest_help(T a, T *y) {                                              \
    outer(a, y);                                                                \
    outer(a, y + 1);                                                            \
  }                                                                             \
  MARK T selfdot(T *y, int n) {                                                 \
    T d = dot(y, y, n);                                                         \
    for (int i = 0; i < n; ++i)                                                 \
      y[i] /= std::sqrt(d);                                                     \
    return d;                                                                   \
  }                                                                             \
  MARK void vec_io(const std::vector<T> &x, std::vector<T> &y) {                \
    for (std::size_t i = 0; i < y.size(); ++i)                                  \
      y[i] += x[i] * y[i];                                                      \
    for (std::size_t i = 1; i < y.size(); ++i)                                  \
      y[i] += y[i - 1];                                                         \
  }                                                                             \
  MARK T arr_io(T a, std::array<T, 3> &y) {                                     \
    T s = 0;                                                                    \
    for (int i = 0; i < 3; ++i) {                                               \
      y[i] = y[i] * a + s;                                                      \
      s += y[i];                                                                \
    }                                                                           \
    y[0] -= y[2];                                                               \
    return s * s;                                                               \
  }                                                                             \
  MARK void over_dead(T a, T *y) {                                              \
    T big = std::exp(T(1000) * a);                                              \
    T w = big * T(0);                                                           \
    (void)w;                                                                    \
    y[0] += a * y[1];                                                           \
    y[1] *= y[0];                                                               \
  }                                                                             \
  MARK void over_loc(T a, T *y) {                                               \
    T loc[2];                                                                   \
    loc[0] = std::exp(T(1000) * a);                                             \
    loc[0] = y[0] * a;                                                          \
    loc[1] = std::exp(T(1000) * a) * T(0);                                      \
    y[1] += loc[0] * y[0];                                                      \
  }                                                                             \
  MARK void over_cond(T a, T *y) {                                              \
    T big = std::exp(T(1000) * a);                                              \
    for (int i = 0; i < 2; ++i)                                                 \
      if (big > y[i])                                                           \
        y[i] *= a;                                                              \
  }                                                                             \
  MARK T rec_read(T *y, int n) {                                                \
    y[0] *= y[0];                                                               \
    return rsum(y, n);                                                          \
  }

HELPERS(double)
HELPERS(float)
FUNCTIONS(double, ADGEN_DIFFERENTIABLE)
FUNCTIONS(float, ADGEN_DIFFERENTIABLE)

// Every in-out parameter's adjoint is checked for null.
// CHECK-LABEL: inline void two_io_vjp(
// CHECK-NEXT:    adgen::detail::require_adjoint(d_y, "two_io_vjp: d_y may not be null
// CHECK-NEXT:    adgen::detail::require_adjoint(d_z, "two_io_vjp: d_z may not be null
// A plain output next to an in-out parameter keeps a nullable adjoint.
// CHECK-LABEL: inline void mixed_vjp(
// CHECK-NEXT:    adgen::detail::require_adjoint(d_y,
// CHECK-NOT:     require_adjoint(d_out
// CHECK:       }
// A std::array in-out parameter's adjoint is a pointer to a std::array.
// CHECK-LABEL: inline void arr_io_vjp(double a, std::array<double, 3>& y, double d_ret, double* d_a, std::array<double, 3>* d_y)
// The recursive helper reads y as it stands after the call: no copy.
// CHECK-LABEL: inline double rec_read_grad(
// CHECK-NOT:     y_copy
// CHECK:         ::rsum_vjp(
// CHECK:       }

#ifndef ADGEN_TOOL
#include "output-reads-edges.grad.h"
#include "inout.h"

#include <cstdio>

using LongDouble = long double;
HELPERS(LongDouble)
FUNCTIONS(LongDouble, )

using inout::check;

#define LD(...)                                                                 \
  [](const LongDouble *x, LongDouble *y) {                                      \
    (void)x;                                                                    \
    __VA_ARGS__                                                                 \
  }
#define VJ(...)                                                                 \
  [](const T *x, T *y, T s, T *dx, T *dy) {                                     \
    (void)x;                                                                    \
    (void)s;                                                                    \
    (void)dx;                                                                   \
    __VA_ARGS__                                                                 \
  }

template <class T> void checks() {
  const std::vector<T> seed2{T(0.7), T(-1.3)};
  const std::vector<T> y2{T(0.5), T(-0.25)};
  const std::vector<T> seed3{T(0.7), T(-1.3), T(0.4)};
  const std::vector<T> y3{T(0.5), T(-0.25), T(1.5)};
  const std::vector<T> seed4{T(0.7), T(-1.3), T(0.4), T(0.9)};
  const std::vector<T> y4{T(0.5), T(-0.25), T(1.5), T(0.3)};
  const std::vector<T> x3{T(0.5), T(-1.1), T(0.3)};

  // Loops: nested, break, continue, early return, while, taped loops.
  check<T>("nested", {T(0.5), T(-1.1)}, y3, seed3, T(0),
           LD(nested(x, y, 3, 2); return LongDouble(0);), VJ(nested_vjp(x, y, 3, 2, dx, dy);));
  check<T>("brk (no break)", x3, y3, seed3, T(0), LD(brk(x, y, 3); return LongDouble(0);),
           VJ(brk_vjp(x, y, 3, dx, dy);));
  check<T>("brk (break)", x3, {T(0.5), T(2.5), T(0.1)}, seed3, T(0),
           LD(brk(x, y, 3); return LongDouble(0);), VJ(brk_vjp(x, y, 3, dx, dy);));
  check<T>("cont", x3, y3, seed3, T(0), LD(cont(x, y, 3); return LongDouble(0);),
           VJ(cont_vjp(x, y, 3, dx, dy);));
  check<T>("early (returns early)", {T(0.5), T(1.1), T(0.3)}, y3, seed3, T(0.6),
           LD(return early(x, y, 3);), VJ(early_vjp(x, y, 3, s, dx, dy);));
  check<T>("early (runs through)", {T(0.1), T(0.1), T(0.1)}, {T(0.1), T(0.2), T(0.3)}, seed3,
           T(0.6), LD(return early(x, y, 3);), VJ(early_vjp(x, y, 3, s, dx, dy);));
  check<T>("nested_brk", {T(0.5), T(-1.1), T(0.3), T(0.7)}, y4, seed4, T(0.3),
           LD(return nested_brk(x, y, 4);), VJ(nested_brk_vjp(x, y, 4, s, dx, dy);));
  check<T>("nested_brk (returns early)", {T(5), T(1.1), T(3), T(0.7)},
           {T(5), T(3), T(2), T(1)}, seed4, T(0.3), LD(return nested_brk(x, y, 4);),
           VJ(nested_brk_vjp(x, y, 4, s, dx, dy);));
  check<T>("while_io", {T(0.8)}, y3, seed3, T(0.3), LD(return while_io(x[0], y, 3);),
           VJ(while_io_vjp(x[0], y, 3, s, dx, dy);));
  check<T>("while_io (break)", {T(8)}, y3, seed3, T(0.3), LD(return while_io(x[0], y, 3);),
           VJ(while_io_vjp(x[0], y, 3, s, dx, dy);));
  // Called repeatedly with different trip counts: the tapes start afresh.
  for (int reps = 3; reps >= 1; --reps)
    check<T>("tape_loop", {T(0.5), T(1.1), T(2.3)}, y3, seed3, T(0.3),
             [reps](const LongDouble *x, LongDouble *y) { return tape_loop(x, y, 3, reps); },
             [reps](const T *x, T *y, T s, T *dx, T *dy) { tape_loop_vjp(x, y, 3, reps, s, dx, dy); });

  // Branches.
  check<T>("branchy (then)", {T(0.5)}, y3, seed3, T(0),
           LD(branchy(x[0], y); return LongDouble(0);), VJ(branchy_vjp(x[0], y, dx, dy);));
  check<T>("branchy (else)", {T(-0.5)}, y3, seed3, T(0),
           LD(branchy(x[0], y); return LongDouble(0);), VJ(branchy_vjp(x[0], y, dx, dy);));
  check<T>("cond_only (taken)", {T(0.8)}, y3, seed3, T(0),
           LD(cond_only(x[0], y); return LongDouble(0);), VJ(cond_only_vjp(x[0], y, dx, dy);));
  check<T>("cond_only (not taken)", {T(0.8)}, {T(-0.5), T(1), T(2)}, seed3, T(0),
           LD(cond_only(x[0], y); return LongDouble(0);), VJ(cond_only_vjp(x[0], y, dx, dy);));
  check<T>("tern", {T(0.8)}, y3, seed3, T(0), LD(tern(x[0], y, 3); return LongDouble(0);),
           VJ(tern_vjp(x[0], y, 3, dx, dy);));

  // Order of reads and writes.
  check<T>("read_then_write", {T(0.7)}, y2, seed2, T(0),
           LD(read_then_write(x[0], y); return LongDouble(0);),
           VJ(read_then_write_vjp(x[0], y, dx, dy);));
  check<T>("twice_w", {T(0.7)}, y2, seed2, T(0), LD(twice_w(x[0], y); return LongDouble(0);),
           VJ(twice_w_vjp(x[0], y, dx, dy);));
  check<T>("writes_first", {T(0.8)}, y3, seed3, T(0),
           LD(writes_first(x[0], y); return LongDouble(0);),
           VJ(writes_first_vjp(x[0], y, dx, dy);));
  check<T>("swap_io", {}, y3, seed3, T(0), LD(swap_io(y); return LongDouble(0);),
           VJ(swap_io_vjp(y, dy);));
  check<T>("incdec", {}, y3, seed3, T(0), LD(incdec(y, 3); return LongDouble(0);),
           VJ(incdec_vjp(y, 3, dy);));
  check<T>("rev_loop", {}, y4, seed4, T(0), LD(rev_loop(y, 4); return LongDouble(0);),
           VJ(rev_loop_vjp(y, 4, dy);));

  // Two in-out parameters: each checked with the other one as an input.
  check<T>("two_io (y)", {T(0.5), T(-1.1), T(0.3), T(0.2), T(0.9), T(-0.4)}, y3, seed3, T(0),
           LD(LongDouble z[3] = {x[3], x[4], x[5]}; two_io(x, y, z, 3); return LongDouble(0);),
           VJ(T z[3] = {x[3], x[4], x[5]}; T dz[3] = {}; two_io_vjp(x, y, z, 3, dx, dy, dz);
              for (int k = 0; k < 3; ++k) dx[3 + k] += dz[k];));
  check<T>("two_io (z)", {T(0.5), T(-1.1), T(0.3), T(0.2), T(0.9), T(-0.4)}, y3, seed3, T(0),
           LD(LongDouble w[3] = {x[3], x[4], x[5]}; two_io(x, w, y, 3); return LongDouble(0);),
           VJ(T w[3] = {x[3], x[4], x[5]}; T dw[3] = {}; two_io_vjp(x, w, y, 3, dx, dw, dy);
              for (int k = 0; k < 3; ++k) dx[3 + k] += dw[k];));
  // An in-out parameter, a plain output and a local array.
  check<T>("mixed", {T(0.5), T(-1.1), T(0.3), T(0.2), T(0.9)},
           {T(0.5), T(-0.25), T(1.5), T(0.3), T(0.8)}, {T(0.7), T(-1.3), T(0.4), T(0.2), T(1.1)},
           T(0), LD(LongDouble o[5]; mixed(x, y, o, 5); return LongDouble(0);),
           VJ(T o[5]; T dout[5] = {}; mixed_vjp(x, y, o, 5, dx, dy, dout);));
  check<T>("mixed (plain output)",
           {T(0.5), T(-1.1), T(0.3), T(0.2), T(0.9), T(0.5), T(-0.25), T(1.5), T(0.3), T(0.8)},
           {T(0), T(0), T(0), T(0), T(0)}, {T(0.7), T(-1.3), T(0.4), T(0.2), T(1.1)}, T(0),
           LD(LongDouble w[5]; for (int k = 0; k < 5; ++k) w[k] = x[5 + k];
              mixed(x, w, y, 5); return LongDouble(0);),
           VJ(T w[5]; T dw[5] = {}; T dd[5] = {}; for (int k = 0; k < 5; ++k) w[k] = x[5 + k];
              mixed_vjp(x, w, y, 5, dd, dw, dy);
              for (int k = 0; k < 5; ++k) { dx[k] += dd[k]; dx[5 + k] += dw[k]; }),
           inout::WriteOnly);

  // Pointer offsets and helpers.
  check<T>("deref", {T(0.8)}, y2, seed2, T(0), LD(deref(x[0], y); return LongDouble(0);),
           VJ(deref_vjp(x[0], y, dx, dy);));
  check<T>("addr", {T(0.6)}, y4, seed4, T(0), LD(addr(x[0], y); return LongDouble(0);),
           VJ(addr_vjp(x[0], y, dx, dy);));
  check<T>("plusk", {T(0.6)}, y4, seed4, T(0), LD(plusk(x[0], y); return LongDouble(0);),
           VJ(plusk_vjp(x[0], y, dx, dy);));
  check<T>("fill_then_read", {T(0.6)}, y3, seed3, T(0),
           LD(fill_then_read(x[0], y); return LongDouble(0);),
           VJ(fill_then_read_vjp(x[0], y, dx, dy);));
  check<T>("nest_help", {T(0.8)}, y4, seed4, T(0), LD(nest_help(x[0], y); return LongDouble(0);),
           VJ(nest_help_vjp(x[0], y, dx, dy);));
  check<T>("selfdot", {}, y3, seed3, T(0.3), LD(return selfdot(y, 3);),
           VJ(selfdot_vjp(y, 3, s, dy);));

  // Containers.
  check<T>("vec_io", {T(0.5), T(-1), T(2)}, y3, seed3, T(0),
           LD(std::vector<LongDouble> xv(x, x + 3), v(y, y + 3); vec_io(xv, v);
              std::copy(v.begin(), v.end(), y); return LongDouble(0);),
           VJ(std::vector<T> xv(x, x + 3), v(y, y + 3), dv(dy, dy + 3), dxv(3);
              vec_io_vjp(xv, v, &dxv, &dv); std::copy(dv.begin(), dv.end(), dy);
              std::copy(v.begin(), v.end(), y);
              std::copy(dxv.begin(), dxv.end(), dx);));
  check<T>("arr_io", {T(0.8)}, y3, seed3, T(0.2),
           LD(std::array<LongDouble, 3> v{y[0], y[1], y[2]}; LongDouble r = arr_io(x[0], v);
              std::copy(v.begin(), v.end(), y); return r;),
           VJ(std::array<T, 3> v{y[0], y[1], y[2]}, dv{dy[0], dy[1], dy[2]};
              arr_io_vjp(x[0], v, s, dx, &dv); std::copy(dv.begin(), dv.end(), dy);
              std::copy(v.begin(), v.end(), y);));

  // exp(1000 a) overflows (float at 0.6, double at 0.8) where it does not
  // reach y: its adjoint is never formed.
  check<T>("over_dead", {T(0.8)}, y2, seed2, T(0), LD(over_dead(x[0], y); return LongDouble(0);),
           VJ(over_dead_vjp(x[0], y, dx, dy);));
  check<T>("over_loc", {T(0.8)}, y3, seed3, T(0), LD(over_loc(x[0], y); return LongDouble(0);),
           VJ(over_loc_vjp(x[0], y, dx, dy);));
  check<T>("over_cond", {T(0.8)}, y3, seed3, T(0), LD(over_cond(x[0], y); return LongDouble(0);),
           VJ(over_cond_vjp(x[0], y, dx, dy);));

  // A recursive helper reads y after the function wrote it.
  check<T>("rec_read", {}, y3, seed3, T(0.4), LD(return rec_read(y, 3);),
           VJ(rec_read_vjp(y, 3, s, dy);));
}

int main() {
  checks<double>();
  checks<float>();
  // rec_read_grad returns the value and leaves y as rec_read does.
  double y[2] = {1.5, 2}, dy[2] = {};
  double v = rec_read_grad(y, 2, dy);
  std::printf("rec_read_grad: %.6f d_y [%.6f, %.6f] y [%.6f, %.6f]\n", v, dy[0], dy[1], y[0], y[1]);
  // Each in-out parameter's adjoint may not be null.
  double x3[3] = {0.5, -1, 2}, y3[3] = {0.5, -0.25, 1.5}, z3[3] = {1, 2, 3}, dy3[3] = {};
  try {
    two_io_vjp(x3, y3, z3, 3, nullptr, dy3, nullptr);
    std::printf("null d_z: accepted\n");
  } catch (const std::invalid_argument &e) {
    std::printf("null d_z: %s\n", e.what());
  }
  std::vector<double> v3{1, 2, 3}, xv{1, 1, 1};
  try {
    vec_io_vjp(xv, v3, nullptr, nullptr);
    std::printf("null vector d_y: accepted\n");
  } catch (const std::invalid_argument &e) {
    std::printf("null vector d_y: %s\n", e.what());
  }
}
#endif
#endif

// EXEC-COUNT-80: ok
// EXEC-NOT: MISMATCH
// EXEC: rec_read_grad: 9.062500 d_y [13.500000, 4.000000] y [2.250000, 2.000000]
// EXEC: null d_z: two_io_vjp: d_z may not be null: two_io reads its output parameter z, whose adjoint d_z holds (pass zeros for no seed)
// EXEC: null vector d_y: vec_io_vjp: d_y may not be null: vec_io reads its output parameter y, whose adjoint d_y holds (pass zeros for no seed)
