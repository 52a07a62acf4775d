// Numbers passed by non-const reference: helpers that accumulate into or
// assign their `T &` parameter (`add_sq(v, acc)`, `swap2(a, b)`), called on
// local variables, members of local structs, elements of local arrays and of
// output parameters; and the function's own `T &out` output, which it may
// read (`out += v`): then it is in and out, like a pointer output it reads.
// Each VJP is checked against central differences in long double (the same
// functions instantiated for long double are the oracle), and the output's
// final value against the primal's.
//
// RUN: rm -rf %t && mkdir -p %t
// RUN: %adgen %s -o %t/references.grad.h -- -std=c++17
// RUN: FileCheck %s < %t/references.grad.h
// RUN: %cxx -I%t %s -o %t/gcc && %t/gcc | FileCheck %s --check-prefix=EXEC
// RUN: %clangxx -I%t %s -o %t/clang && %t/clang | FileCheck %s --check-prefix=EXEC

#include <adgen/adgen.h>
#include <cmath>
#include <stdexcept>

#define HELPERS(T)                                                              \
  inline void add_sq(T v, T &acc) { acc += v * v; }                             \
  inline void set_sin(T v, T &out) { out = std::sin(v); }                       \
  inline void keep_max(T v, T &m) {                                             \
    if (v > m)                                                                  \
      m = v;                                                                    \
  }                                                                             \
  inline void swap2(T &a, T &b) {                                               \
    T t = a;                                                                    \
    a = b;                                                                      \
    b = t;                                                                      \
  }                                                                             \
  inline void add_twice(T v, T &acc) { /* passes its reference on */          \
    add_sq(v, acc);                                                             \
    add_sq(2 * v, acc);                                                         \
  }                                                                             \
  inline void spring(const T *p, const T *q, T k, T &E) {                       \
    T dx = p[0] - q[0], dy = p[1] - q[1];                                       \
    T r = std::sqrt(dx * dx + dy * dy);                                         \
    E += T(0.5) * k * (r - 1) * (r - 1);                                        \
  }                                                                             \
  struct Pair##T {                                                              \
    T a, b;                                                                     \
  };

#define FUNCTIONS(T, MARK)                                                      \
  MARK T local_acc(const T *x, int n) {                                         \
    T s = 0;                                                                    \
    for (int i = 0; i < n; ++i)                                                 \
      add_sq(x[i], s);                                                          \
    return s;                                                                   \
  }                                                                             \
  MARK void out_elems(const T *x, T *y, int n) {                                \
    for (int i = 0; i < n; ++i)                                                 \
      set_sin(x[i], y[i]);                                                      \
  }                                                                             \
  MARK T swapper(T a, T b) {                                                    \
    swap2(a, b);                                                                \
    return a * a * a + b;                                                       \
  }                                                                             \
  MARK T array_elems(const T *x) {                                              \
    T t[3] = {x[0], x[1], x[2]};                                                \
    swap2(t[0], t[2]);                                                          \
    add_sq(x[1], t[1]);                                                         \
    return t[0] * 2 + t[1] * t[2];                                              \
  }                                                                             \
  MARK T member(const T *x) {                                                   \
    Pair##T p{x[0], x[1]};                                                      \
    add_twice(x[2], p.a);                                                       \
    swap2(p.a, p.b);                                                            \
    return p.a * p.b;                                                           \
  }                                                                             \
  MARK T running_max(const T *x, int n) {                                       \
    T m = x[0];                                                                 \
    for (int i = 1; i < n; ++i)                                                 \
      keep_max(x[i], m);                                                        \
    return m * m;                                                               \
  }                                                                             \
  MARK void inout_elems(const T *x, T *y, int n) {                              \
    for (int i = 0; i < n; ++i)                                                 \
      add_sq(x[i], y[i]);                                                       \
  }                                                                             \
  MARK void out_ref(T x, T &E) {                                                \
    add_sq(x, E);                                                               \
    add_twice(x * x, E);                                                        \
  }                                                                             \
  MARK void direct(T x, T &E) {                                                 \
    E += x * x;                                                                 \
    E *= x;                                                                     \
    E++;                                                                        \
  }                                                                             \
  MARK T read_back(T x, T &out) {                                               \
    out = std::exp(x);                                                          \
    return out * x;                                                             \
  }                                                                             \
  MARK void energy(const T *pts, int n, T k, T &E) {                            \
    E = 0;                                                                      \
    for (int i = 0; i + 1 < n; ++i)                                             \
      spring(pts + 2 * i, pts + 2 * i + 2, k, E);                               \
  }

HELPERS(double)
HELPERS(float)
FUNCTIONS(double, ADGEN_DIFFERENTIABLE)
FUNCTIONS(float, ADGEN_DIFFERENTIABLE)

// A helper's reference is a local copy: no pointer, no memory traffic.
// CHECK-LABEL: inline void local_acc_vjp(
// CHECK-NOT:   &
// CHECK:       }
// A plain output assigned through a helper stays a plain output: no read of
// y, and d_y may be null.
// CHECK-LABEL: inline void out_elems_vjp(const double* x, double* /*y*/, int n, double* d_x, double* d_y)
// CHECK-NOT:   require_adjoint
// CHECK:       }
// The function's own reference, read: in and out, its adjoint *d_E.
// CHECK-LABEL: inline void direct_vjp(double x, double& E, double* d_x, double* d_E)
// CHECK:       adgen::detail::require_adjoint(d_E,
// CHECK:       const double t0 = E;
// CHECK:       E = t0 + x * x;

#ifndef ADGEN_TOOL
#include "references.grad.h"
#include "inout.h"

#include <cstdio>

using LongDouble = long double;
HELPERS(LongDouble)
FUNCTIONS(LongDouble, )

using inout::check;

template <class T> void checks() {
  const std::vector<T> x4{T(0.5), T(-1.1), T(0.3), T(0.9)}, none{};
  const std::vector<T> y4{T(0.5), T(-0.25), T(1.5), T(0.2)}, seed4{T(0.7), T(-1.3), T(0.4), T(1.1)};
  check<T>("local_acc", x4, none, none, T(0.6),
           [](const LongDouble *x, LongDouble *) { return local_acc(x, 4); },
           [](const T *x, T *, T s, T *dx, T *) { local_acc_vjp(x, 4, s, dx); });
  check<T>(
      "out_elems", x4, y4, seed4, T(0),
      [](const LongDouble *x, LongDouble *y) { out_elems(x, y, 4); return LongDouble(0); },
      [](const T *x, T *y, T, T *dx, T *dy) { out_elems_vjp(x, y, 4, dx, dy); }, inout::WriteOnly);
  check<T>("swapper", {T(0.7), T(-0.4)}, none, none, T(0.6),
           [](const LongDouble *x, LongDouble *) { return swapper(x[0], x[1]); },
           [](const T *x, T *, T s, T *dx, T *) { swapper_vjp(x[0], x[1], s, dx, dx + 1); });
  check<T>("array_elems", x4, none, none, T(0.6),
           [](const LongDouble *x, LongDouble *) { return array_elems(x); },
           [](const T *x, T *, T s, T *dx, T *) { array_elems_vjp(x, s, dx); });
  check<T>("member", x4, none, none, T(0.6),
           [](const LongDouble *x, LongDouble *) { return member(x); },
           [](const T *x, T *, T s, T *dx, T *) { member_vjp(x, s, dx); });
  check<T>("running_max", x4, none, none, T(0.6),
           [](const LongDouble *x, LongDouble *) { return running_max(x, 4); },
           [](const T *x, T *, T s, T *dx, T *) { running_max_vjp(x, 4, s, dx); });
  check<T>(
      "inout_elems", x4, y4, seed4, T(0),
      [](const LongDouble *x, LongDouble *y) { inout_elems(x, y, 4); return LongDouble(0); },
      [](const T *x, T *y, T, T *dx, T *dy) { inout_elems_vjp(x, y, 4, dx, dy); });
  // y[0] stands for the reference.
  check<T>(
      "out_ref", {T(0.8)}, {T(0.3)}, {T(0.7)}, T(0),
      [](const LongDouble *x, LongDouble *y) { out_ref(x[0], y[0]); return LongDouble(0); },
      [](const T *x, T *y, T, T *dx, T *dy) { out_ref_vjp(x[0], y[0], dx, dy); });
  check<T>(
      "direct", {T(0.8)}, {T(0.3)}, {T(0.7)}, T(0),
      [](const LongDouble *x, LongDouble *y) { direct(x[0], y[0]); return LongDouble(0); },
      [](const T *x, T *y, T, T *dx, T *dy) { direct_vjp(x[0], y[0], dx, dy); });
  check<T>(
      "read_back", {T(0.8)}, {T(0.3)}, {T(0.7)}, T(0.6),
      [](const LongDouble *x, LongDouble *y) { return read_back(x[0], y[0]); },
      [](const T *x, T *y, T s, T *dx, T *dy) { read_back_vjp(x[0], y[0], s, dx, dy); });
  check<T>(
      "energy", {T(0), T(0), T(1.2), T(0.1), T(2.1), T(0.9), T(2.5), T(2.2), T(3)}, {T(4)},
      {T(0.7)}, T(0),
      [](const LongDouble *x, LongDouble *y) { energy(x, 4, x[8], y[0]); return LongDouble(0); },
      [](const T *x, T *y, T, T *dx, T *dy) { energy_vjp(x, 4, x[8], y[0], dx, dx + 8, dy); });
}

int main() {
  checks<double>();
  checks<float>();
  // f_grad returns the value and leaves the reference as f does.
  double out = 0, d_x = 0, d_out = 0;
  double v = read_back_grad(0.5, out, &d_x, &d_out);
  std::printf("read_back_grad: %.6f out %.6f d_x %.6f\n", v, out, d_x);
  try {
    direct_vjp(0.5, out, &d_x, nullptr);
    std::printf("null d_E: accepted\n");
  } catch (const std::invalid_argument &e) {
    std::printf("null d_E: %s\n", e.what());
  }
}
#endif

// EXEC-COUNT-22: ok
// EXEC-NOT: MISMATCH
// read_back(x) = x e^x: 0.5 e^0.5 = 0.824361; d/dx = (1 + x) e^x = 2.473082.
// EXEC: read_back_grad: 0.824361 out 1.648721 d_x 2.473082
// EXEC: null d_E: direct_vjp: d_E may not be null: direct reads its output parameter E, whose adjoint d_E holds (pass zeros for no seed)
