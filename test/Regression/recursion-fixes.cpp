// Recursion bugs found by adversarial tests (all fixed in the same commit),
// each checked against a hand-derived derivative:
// - ADGEN_NO_GRAD on a parameter cut the argument's adjoint inside the
//   recursion, although it depends on active values: silently wrong (r gave
//   d/dx = 6 for 12; ng's recursive levels honoured it, its inlined first
//   level did not);
// - a recursive call on an array declared inside a branch: the reverse
//   branch rebuilt the array by rerunning its loop (redeclared variables:
//   did not compile); it passed the copy taken after the call, and since
//   split reversal rs_fwd records what rs_rev reads (rs_rev gets nullptr);
// - a callee in an anonymous namespace nested with a named one was called
//   without its namespace (did not compile);
// - an enumerator argument was printed as a number (did not compile);
// - a parameter named d_ret clashed with the seed in the vjp's declaration;
// - v.data() of a std::vector parameter passed down got d_v itself, a
//   pointer to the vector, as its adjoint (did not compile).
//
// RUN: rm -rf %t && mkdir -p %t
// RUN: %adgen %s -o %t/recursion-fixes.grad.h -- -std=c++17
// RUN: FileCheck %s < %t/recursion-fixes.grad.h
// RUN: %cxx -I%t %s -o %t/gcc && %t/gcc | FileCheck %s --check-prefix=EXEC
// RUN: %clangxx -I%t %s -o %t/clang && %t/clang | FileCheck %s --check-prefix=EXEC

#include <adgen/adgen.h>
#include <vector>

// r(x, k, 1) = r(x, k x, 0) = k x^2: d/dx = 2 k x.
ADGEN_DIFFERENTIABLE double r(double x, ADGEN_NO_GRAD double k, int n) {
  return n == 0 ? x * k : r(x, k * x, n - 1);
}
// ng(1, x, 2) = ng(1, 1.5 x, 1) x = ng(1, 2.25 x, 0) 1.5 x^2 = 3.375 x^3.
inline double ng(double x, ADGEN_NO_GRAD double k, int n) {
  return n == 0 ? x * k : ng(x, k * 1.5, n - 1) * k;
}
ADGEN_DIFFERENTIABLE double ng2(double x) { return ng(1.0, x, 2); }
// The recursive vjp has an adjoint for k (the marked r_grad does not).
// CHECK: inline void r_vjp(double, double, int, double, double*, double*);

inline double rs(const double *x, int n) { return n == 0 ? x[0] : x[0] * rs(x + 1, n - 1); }
// For n > 0: c^3 a0 a1 a2.
ADGEN_DIFFERENTIABLE double branch_array(const double *a, double c, int n) {
  double s = c;
  if (n > 0) {
    double b[3];
    for (int i = 0; i < 3; ++i)
      b[i] = a[i] * c;
    s = rs(b, 2);
  }
  return s;
}
// CHECK-LABEL: inline double branch_array_grad(
// CHECK:         const double {{t[0-9]+}} = ::rs_fwd(b + 1, 1);
// CHECK:         ::rs_rev(nullptr, 1, {{.*}}, d_b + 1);

namespace {
namespace inner {
double rec(double x, int n) { return n == 0 ? x : rec(x, n - 1) * x + 1.0; }
} // namespace inner
} // namespace
namespace outer {
namespace {
double inner_rec(double x, int n) { return n == 0 ? x : inner_rec(x, n - 1) * x + 1.0; }
} // namespace
} // namespace outer
// Both x^4 + x^2 + x + 1: d = 4 x^3 + 2 x + 1.
ADGEN_DIFFERENTIABLE double anon1(double x) { return inner::rec(x, 3); }
ADGEN_DIFFERENTIABLE double anon2(double x) { return outer::inner_rec(x, 3); }
// CHECK: ::inner::rec_rev(
// CHECK: ::outer::inner_rec_rev(

enum Mode { Add, Mul };
inline double br(double x, Mode m, int n) {
  return n == 0 ? x : (m == Add ? x + br(x, Mul, n - 1) : x * br(x, Add, n - 1));
}
// br(x, Add, 3) = x + x (x + x) = x + 2 x^2: d = 1 + 4 x.
ADGEN_DIFFERENTIABLE double modes(double x) { return br(x, Add, 3); }
// CHECK: ::br_fwd(x, static_cast<Mode>(1), 2)

// d_ret(x, 2) = x (x / 2) (x / 4) = x^3 / 8: d = 3 x^2 / 8.
ADGEN_DIFFERENTIABLE double seedname(double d_ret, int n) {
  return n == 0 ? d_ret : seedname(d_ret * 0.5, n - 1) * d_ret;
}

// f = v0 v1 c + v1 v2: d_v = [v1 c, v0 c + v2, v1], d_c = v0 v1.
inline double rn(const double *x, int n) { return n == 0 ? x[0] : x[n] * rn(x, n - 1); }
ADGEN_DIFFERENTIABLE double from_vector(const std::vector<double> &v, double c) {
  return rn(v.data(), 1) * c + rn(v.data() + 1, 1);
}
// CHECK-LABEL: inline double from_vector_grad(
// CHECK:         ::rn_rev(v.data(), 0, {{.*}}, d_v ? d_v->data() : nullptr);

#ifndef ADGEN_TOOL
#include "recursion-fixes.grad.h"
#include <cmath>
#include <cstdio>

static void expect(const char *name, double value, double want_value, double grad, double want) {
  bool ok = std::fabs(value - want_value) <= 1e-12 * (1 + std::fabs(want_value)) &&
            std::fabs(grad - want) <= 1e-12 * (1 + std::fabs(want));
  std::printf("%s: value %g grad %g %s\n", name, value, grad, ok ? "ok" : "MISMATCH");
}

int main() {
  double d = 0;
  double v = r_grad(2.0, 3.0, 1, &d);
  expect("r", v, 12, d, 12);
  d = 0;
  v = ng2_grad(2.0, &d);
  expect("ng2", v, 27, d, 40.5);
  const double a[3] = {1.5, 0.5, 2.0};
  double da[3] = {}, dc = 0;
  v = branch_array_grad(a, 2.0, 1, da, &dc);
  expect("branch_array a0", v, 12, da[0], 8);
  expect("branch_array a1", v, 12, da[1], 24);
  expect("branch_array a2", v, 12, da[2], 6);
  expect("branch_array c", v, 12, dc, 18);
  double vjp[3] = {}, vjpc = 0;
  branch_array_vjp(a, 2.0, 1, 0.5, vjp, &vjpc);
  expect("branch_array_vjp a1", v, 12, vjp[1], 12);
  expect("branch_array_vjp c", v, 12, vjpc, 9);
  d = 0;
  v = anon1_grad(0.5, &d);
  expect("anon1", v, 1.8125, d, 2.5);
  d = 0;
  v = anon2_grad(0.5, &d);
  expect("anon2", v, 1.8125, d, 2.5);
  d = 0;
  v = modes_grad(0.5, &d);
  expect("modes", v, 1, d, 3);
  d = 0;
  v = seedname_grad(2.0, 2, &d);
  expect("seedname", v, 1, d, 1.5);
  const std::vector<double> vec = {0.5, 1.5, 2.0};
  std::vector<double> dv(3);
  dc = 0;
  v = from_vector_grad(vec, 2.0, &dv, &dc);
  expect("from_vector v0", v, 4.5, dv[0], 3);
  expect("from_vector v1", v, 4.5, dv[1], 3);
  expect("from_vector v2", v, 4.5, dv[2], 1.5);
  expect("from_vector c", v, 4.5, dc, 0.75);
}
#endif
// EXEC-COUNT-16: {{ ok$}}
// EXEC-NOT: MISMATCH
