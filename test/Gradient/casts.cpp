// Conversions between float and double, in both directions, and implicit
// promotions, reproduce C++'s arithmetic exactly; their derivative converts
// the adjoint back (ToCopyBackward0).
//
// RUN: rm -rf %t && mkdir -p %t
// RUN: %adgen %s -o %t/casts.grad.h -- -std=c++17
// RUN: FileCheck %s < %t/casts.grad.h
// RUN: %cxx -I%t %s -o %t/gcc && %t/gcc | FileCheck %s --check-prefix=EXEC
// RUN: %clangxx -I%t %s -o %t/clang && %t/clang | FileCheck %s --check-prefix=EXEC

#include <adgen/adgen.h>
#include <cmath>

// float * double is computed in double; the result is narrowed to float.
ADGEN_DIFFERENTIABLE float narrow(float a, double b) { return a * b; }
// Explicit casts both ways.
ADGEN_DIFFERENTIABLE double widen(float a, double b) {
  float t = static_cast<float>(b) * a;
  return (double)t * b + double(a);
}
// The C function ::exp on a float argument computes in double.
ADGEN_DIFFERENTIABLE float promoted(float a) { return ::exp(a) * 2.0f; }

// CHECK-LABEL: inline float narrow_grad(float a, double b, float* d_a, double* d_b) {
// CHECK-NEXT:    const double t0 = static_cast<double>(a);
// CHECK-NEXT:    if (d_a) *d_a += static_cast<float>(b);
// CHECK-NEXT:    if (d_b) *d_b += t0;
// CHECK-NEXT:    return static_cast<float>(t0 * b);

// CHECK-LABEL: inline float promoted_grad(float a, float* d_a) {
// CHECK:         std::exp(static_cast<double>(a))

#ifndef ADGEN_TOOL
#include "casts.grad.h"
#include "oracle.h"

long double narrow_ld(long double a, long double b) { return a * b; }
long double widen_ld(long double a, long double b) { return (b * a) * b + a; }
long double promoted_ld(long double a) { return std::exp(a) * 2; }

int main() {
  oracle::check<double, 2>(
      "narrow", [](auto v) { return narrow_ld(v[0], v[1]); },
      [](const double *x, double *d) {
        float da = 0;
        double r = narrow_grad(static_cast<float>(x[0]), x[1], &da, &d[1]);
        d[0] = da;
        return r;
      },
      [](const double *x, double s, double *d) {
        float da = 0;
        narrow_vjp(static_cast<float>(x[0]), x[1], static_cast<float>(s), &da, &d[1]);
        d[0] = da;
      },
      {1.5, -0.25});
  // float precision in part of the computation: checked with float's tolerance.
  oracle::check<float, 2>(
      "widen", [](auto v) { return widen_ld(v[0], v[1]); },
      [](const float *x, float *d) {
        double db = 0;
        float r = static_cast<float>(widen_grad(x[0], x[1], &d[0], &db));
        d[1] = static_cast<float>(db);
        return r;
      },
      [](const float *x, float s, float *d) {
        double db = 0;
        widen_vjp(x[0], x[1], s, &d[0], &db);
        d[1] = static_cast<float>(db);
      },
      {1.5f, -0.25f});
  oracle::check<float, 1>(
      "promoted<float>", [](auto v) { return promoted_ld(v[0]); },
      [](const float *x, float *d) { return promoted_grad(x[0], &d[0]); },
      [](const float *x, float s, float *d) { promoted_vjp(x[0], s, &d[0]); }, {0.75f});
}
#endif

// EXEC: narrow(1.5, -0.25): value -0.375 grad [-0.25, 1.5] ok
// EXEC: widen(1.5, -0.25): value 1.59375 grad [1.0625, -0.75] ok
// EXEC: promoted<float>(0.75): {{.*}} ok
