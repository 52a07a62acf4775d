// Data-dependent control flow: if/else, else-if chains, nested ifs, early
// returns, the conditional operator, && and || (short-circuit), comparisons,
// bool locals, integer values chosen by a branch, and loads that are only
// valid on one path. Each call may take a different path: the gradient code
// branches on the same conditions, recomputing inside a branch the primal
// values its adjoint needs, and never evaluating the other branch.
//
// RUN: rm -rf %t && mkdir -p %t
// RUN: %adgen %s -o %t/branches.grad.h -- -std=c++17
// RUN: FileCheck %s < %t/branches.grad.h
// RUN: %cxx -I%t %s -o %t/gcc && %t/gcc | FileCheck %s --check-prefix=EXEC
// RUN: %clangxx -I%t %s -o %t/clang && %t/clang | FileCheck %s --check-prefix=EXEC

#include <adgen/adgen.h>
#include <cmath>

#define FUNCTIONS(T, MARK)                                                      \
  MARK T relu(T x) { return x > 0 ? x : T(0); }                                 \
  MARK T leaky(T x) {                                                           \
    if (x < 0)                                                                  \
      return T(0.01) * x;                                                       \
    return x;                                                                   \
  }                                                                             \
  MARK T piecewise(T x, T y) {                                                  \
    T r;                                                                        \
    if (x < y) {                                                                \
      T t = std::sin(x) * y;                                                    \
      r = t * t;                                                                \
    } else {                                                                    \
      r = x - y;                                                                \
    }                                                                           \
    return r * x;                                                               \
  }                                                                             \
  MARK T huber(T r, T delta) {                                                  \
    T a = std::fabs(r);                                                         \
    if (a <= delta)                                                             \
      return T(0.5) * r * r;                                                    \
    return delta * (a - T(0.5) * delta);                                        \
  }                                                                             \
  MARK T chain(T x) {                                                           \
    T y = x;                                                                    \
    if (x < -1)                                                                 \
      y = -x * x;                                                               \
    else if (x < 1)                                                             \
      y = std::sin(x);                                                          \
    else if (x < 2)                                                             \
      y = std::exp(x);                                                          \
    else                                                                        \
      y = x * x * x;                                                            \
    return y + x;                                                               \
  }                                                                             \
  MARK T nested(T x, T y) {                                                     \
    T s = x + y;                                                                \
    if (x > 0) {                                                                \
      if (y > 0)                                                                \
        s = s * x * y;                                                          \
      else                                                                      \
        s = s - std::exp(y);                                                    \
      s = s + x;                                                                \
    }                                                                           \
    return s * s;                                                               \
  }                                                                             \
  MARK T early(T x, const T *p, int n) {                                        \
    if (n > 2 && p[2] > 0)                                                      \
      return p[2] * x;                                                          \
    T s = x * x;                                                                \
    if (s > 4)                                                                  \
      return std::sqrt(s);                                                      \
    return s + p[0];                                                            \
  }                                                                             \
  MARK T logic(T x, T y) {                                                      \
    bool inside = x > -1 && x < 1;                                              \
    bool outside = y < -2 || y > 2;                                             \
    if (inside || !outside)                                                     \
      return x * y;                                                             \
    return x + y;                                                               \
  }                                                                             \
  MARK T pick(const T *p, T x) {                                                \
    int k = 0;                                                                  \
    if (x > p[1])                                                               \
      k = 1;                                                                    \
    if (x > p[2])                                                               \
      k = 2;                                                                    \
    return p[k] * x + (k == 2 ? x : T(1));                                      \
  }                                                                             \
  MARK T clamp(T x, T lo, T hi) { return x < lo ? lo : (x > hi ? hi : x); }     \
  /* A return nested in an inner if: the code after the outer if still */     \
  /* runs on the other paths. */                                                \
  MARK T nested_return(T x, T y) {                                              \
    if (x > 0) {                                                                \
      if (y > 0)                                                                \
        return x * y;                                                           \
      x = x + 1;                                                                \
    }                                                                           \
    return x - y;                                                               \
  }                                                                             \
  /* switch: groups of labels, break, return, default (as an if chain). */      \
  MARK T by_switch(T x, int mode) {                                             \
    switch (mode) {                                                             \
    case 0:                                                                     \
    case 1:                                                                     \
      x = x * x;                                                                \
      break;                                                                    \
    case 2:                                                                     \
      return std::sin(x);                                                       \
    default:                                                                    \
      x = -x;                                                                   \
    }                                                                           \
    return x * 3;                                                               \
  }                                                                             \
  MARK T same_both(T x) {                                                       \
    T y = std::cos(x);                                                          \
    if (x > 0)                                                                  \
      y = y * 2;                                                                \
    else                                                                        \
      y = y * 2;                                                                \
    return y;                                                                   \
  }

FUNCTIONS(double, ADGEN_DIFFERENTIABLE)
FUNCTIONS(float, ADGEN_DIFFERENTIABLE)

// The branch value goes straight into the variable; the gradient takes the
// same path, with an adjoint that starts at 0 on the other one.
// CHECK-LABEL: inline double relu_grad(double x, double* d_x) {
// CHECK-NEXT:    const bool t0 = x > 0.0;
// CHECK-NEXT:    double out = 0.0;
// CHECK-NEXT:    if (t0) {
// CHECK-NEXT:      out = x;
// CHECK-NEXT:    }
// CHECK-LABEL: inline void relu_vjp(double x, double d_ret, double* d_x) {
// CHECK-NEXT:    double t0 = 0.0;
// CHECK-NEXT:    if (x > 0.0) {
// CHECK-NEXT:      t0 = d_ret;
// CHECK-NEXT:    }
// CHECK-NEXT:    if (d_x) *d_x += t0;

// A costly value of a branch (sin(x)) is kept in a variable that the
// forward branch assigns: the reverse branch reads it instead of calling
// sin again; cos(x), which the primal never computes, is called there.
// CHECK-LABEL: inline double piecewise_grad(double x, double y, double* d_x, double* d_y) {
// CHECK-NEXT:    const bool t0 = x < y;
// CHECK-NEXT:    double r;
// CHECK:         if (t0) {
// CHECK-NEXT:      const double [[SIN:t[0-9]+]] = std::sin(x);
// CHECK-NEXT:      const double t = [[SIN]] * y;
// CHECK-NEXT:      r = t * t;
// CHECK-NEXT:      [[KEPT:t[0-9]+]] = t;
// CHECK-NEXT:      [[KEPTSIN:t[0-9]+]] = [[SIN]];
// CHECK-NEXT:    } else {
// CHECK-NEXT:      r = x - y;
// CHECK-NEXT:    }
// CHECK:         if (t0) {
// CHECK-NEXT:      const double d_t = 2.0 * (x * [[KEPT]]);
// CHECK-NEXT:      {{t[0-9]+}} = d_t * [[KEPTSIN]];
// CHECK-NEXT:      {{t[0-9]+}} = d_t * y * std::cos(x);

// A load that is only valid on one path is only read, and only accumulated
// into, on that path.
// CHECK-LABEL: inline double early_grad(double x, const double* p, int n, double* d_x, double* d_p) {
// CHECK-NEXT:    bool t0 = false;
// CHECK-NEXT:    if (n > 2) {
// CHECK-NEXT:      t0 = p[2] > 0.0;
// CHECK-NEXT:    }
// The square root of the inner branch is kept for the reverse, which
// divides by it, rather than computed again there.
// CHECK:         double out;
// CHECK-NEXT:    double [[ROOT:t[0-9]+]] = 0.0;
// CHECK-NEXT:    if (t0) {
// CHECK-NEXT:      out = p[2] * x;
// CHECK-NEXT:    } else {
// CHECK-NEXT:      const double s = x * x;
// CHECK:         if (t0) {
// CHECK-NEXT:      if (d_p) d_p[2] += x;
// CHECK:             = 1.0 / (2.0 * [[ROOT]]);

// An integer chosen by branches.
// CHECK-LABEL: inline double pick_grad(const double* p, double x, double* d_p, double* d_x) {
// CHECK-NEXT:    int k = 0;
// CHECK-NEXT:    if (x > p[1]) {
// CHECK-NEXT:      k = 1;
// CHECK-NEXT:    }
// CHECK-NEXT:    int k_1 = 2;
// CHECK-NEXT:    if (!(x > p[2])) {
// CHECK-NEXT:      k_1 = k;
// CHECK-NEXT:    }
// CHECK:         if (d_p) d_p[k_1] += x;


#ifndef ADGEN_TOOL
#include "branches.grad.h"
#include "oracle.h"

#include <cstdio>

using LongDouble = long double;
FUNCTIONS(LongDouble, )

template <class T> void checks() {
  // Points away from the kinks, on every path.
  ORACLE_CHECK1(T, relu, 0.7);
  ORACLE_CHECK1(T, relu, -0.7);
  ORACLE_CHECK1(T, leaky, 0.7);
  ORACLE_CHECK1(T, leaky, -0.7);
  ORACLE_CHECK2(T, piecewise, 0.5, 1.5);
  ORACLE_CHECK2(T, piecewise, 1.5, 0.5);
  ORACLE_CHECK2(T, huber, 0.3, 1.0);
  ORACLE_CHECK2(T, huber, -2.5, 1.0);
  ORACLE_CHECK1(T, chain, -1.5);
  ORACLE_CHECK1(T, chain, 0.5);
  ORACLE_CHECK1(T, chain, 1.5);
  ORACLE_CHECK1(T, chain, 2.5);
  ORACLE_CHECK2(T, nested, 0.5, 0.25);
  ORACLE_CHECK2(T, nested, 0.5, -0.25);
  ORACLE_CHECK2(T, nested, -0.5, 0.25);
  ORACLE_CHECK2(T, logic, 0.5, 3.0);
  ORACLE_CHECK2(T, logic, 1.5, 3.0);
  ORACLE_CHECK2(T, logic, 1.5, 1.0);
  ORACLE_CHECK3(T, clamp, 0.5, 0.0, 1.0);
  ORACLE_CHECK3(T, clamp, -0.5, 0.0, 1.0);
  ORACLE_CHECK3(T, clamp, 1.5, 0.0, 1.0);
  ORACLE_CHECK1(T, same_both, 0.5);
  for (int n : {3, 1}) {
    for (T p2 : {T(2), T(-2)}) {
      for (T x : {T(0.75), T(3)}) {
        const T p[3] = {T(0.5), T(-1), p2};
        oracle::check<T, 4>(
            "early", [n](auto v) { return early(v[0], &v[1], n); },
            [n](const T *v, T *d) { return early_grad(v[0], &v[1], n, &d[0], &d[1]); },
            [n](const T *v, T s, T *d) { early_vjp(v[0], &v[1], n, s, &d[0], &d[1]); },
            {x, p[0], p[1], p[2]});
      }
    }
  }
  ORACLE_CHECK2(T, nested_return, 0.5, 0.7);
  ORACLE_CHECK2(T, nested_return, 0.5, -0.7);
  ORACLE_CHECK2(T, nested_return, -0.5, 0.7);
  for (int mode : {0, 1, 2, 3}) {
    oracle::check<T, 1>(
        "by_switch", [mode](auto v) { return by_switch(v[0], mode); },
        [mode](const T *v, T *d) { return by_switch_grad(v[0], mode, d); },
        [mode](const T *v, T s, T *d) { by_switch_vjp(v[0], mode, s, d); }, {T(0.8)});
  }
  for (T x : {T(-2), T(0.5), T(3)}) {
    oracle::check<T, 4>(
        "pick", [](auto v) { return pick(&v[0], v[3]); },
        [](const T *v, T *d) { return pick_grad(&v[0], v[3], &d[0], &d[3]); },
        [](const T *v, T s, T *d) { pick_vjp(&v[0], v[3], s, &d[0], &d[3]); },
        {T(0.25), T(-1), T(1), x});
  }
}

int main() {
  checks<double>();
  checks<float>();
  // At a kink, the branch that runs decides: relu'(0) = 0 (x > 0 is false).
  double d = 0;
  relu_grad(0.0, &d);
  std::printf("relu'(0) = %g\n", d);
}
#endif

// EXEC-COUNT-80: ok
// EXEC-NOT: MISMATCH
// EXEC: relu'(0) = 0
