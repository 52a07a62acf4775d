// ADGEN_GRADIENT requests the gradient of a function the user cannot mark: a
// template instantiation, or a function in a third-party header. Only the
// named parameters get adjoints; the functions are emitted in the function's
// namespace. Calls to function templates inside differentiated code work too.
//
// RUN: rm -rf %t && mkdir -p %t
// RUN: %adgen %s -o %t/requests.grad.h -- -std=c++17 -isystem %S/Inputs
// RUN: FileCheck %s < %t/requests.grad.h
// RUN: %cxx -isystem %S/Inputs -I%t %s -o %t/gcc && %t/gcc | FileCheck %s --check-prefix=EXEC
// RUN: %clangxx -isystem %S/Inputs -I%t %s -o %t/clang && %t/clang | FileCheck %s --check-prefix=EXEC

#include <adgen/adgen.h>
#include <cmath>
#include <thirdparty.h>

namespace model {
template <class T> T sq(T v) { return v * v; }
template <class T> T objective(const T *a, int n, T w, T v) {
  T s = 0;
  for (int i = 0; i < n; ++i)
    s += sq(a[i] - w) * v;
  return s;
}
} // namespace model

ADGEN_GRADIENT(model::objective<double>, a, w);
ADGEN_GRADIENT(model::objective<float>, w, v);
ADGEN_GRADIENT(thirdparty::energy, q, stiffness);

// CHECK: namespace model {
// CHECK: inline double objective_grad(const double* a, int n, double w, double v, double* d_a, double* d_w) {
// CHECK: inline float objective_grad(const float* a, int n, float w, float v, float* d_w, float* d_v) {
// CHECK: namespace thirdparty {
// CHECK: inline double energy_grad(const double* q, int n, double stiffness, double* d_q, double* d_stiffness) {

#ifndef ADGEN_TOOL
#include "requests.grad.h"
#include "oracle.h"

namespace model {
long double objective_ld(const long double *a, int n, long double w, long double v) {
  return objective(a, n, w, v);
}
} // namespace model

long double energy_ld(const long double *q, int n, long double k) {
  long double e = 0;
  for (int i = 0; i + 1 < n; ++i) {
    long double v = q[i + 1] - q[i];
    e += k * std::sqrt(1 + v * v);
  }
  return e;
}

int main() {
  oracle::check<double, 4>(
      "objective<double>", [](auto p) { return model::objective_ld(p.data(), 3, p[3], 1.5L); },
      [](const double *p, double *d) { return model::objective_grad(p, 3, p[3], 1.5, d, &d[3]); },
      [](const double *p, double s, double *d) { model::objective_vjp(p, 3, p[3], 1.5, s, d, &d[3]); },
      {0.5, -1.0, 2.0, 0.25});
  static const float af[3] = {0.5f, -1.0f, 2.0f};
  oracle::check<float, 2>(
      "objective<float>",
      [](auto p) {
        long double a[3] = {0.5L, -1.0L, 2.0L};
        return model::objective_ld(a, 3, p[0], p[1]);
      },
      [](const float *p, float *d) { return model::objective_grad(af, 3, p[0], p[1], &d[0], &d[1]); },
      [](const float *p, float s, float *d) { model::objective_vjp(af, 3, p[0], p[1], s, &d[0], &d[1]); },
      {0.25f, 1.5f});
  oracle::check<double, 5>(
      "energy", [](auto p) { return energy_ld(p.data(), 4, p[4]); },
      [](const double *p, double *d) { return thirdparty::energy_grad(p, 4, p[4], d, &d[4]); },
      [](const double *p, double s, double *d) { thirdparty::energy_vjp(p, 4, p[4], s, d, &d[4]); },
      {0.1, 0.5, -0.3, 0.9, 2.0});
}
#endif

// EXEC: objective<double>(0.5, -1, 2, 0.25): {{.*}} ok
// EXEC: objective<float>(0.25, 1.5): {{.*}} ok
// EXEC: energy(0.1, 0.5, -0.3, 0.9, 2): {{.*}} ok
