// The contract of the generated API: gradients are added to the adjoints
// (never assigned), a null adjoint means "no gradient wanted" and is never
// dereferenced, and adjoints may alias each other.
//
// RUN: rm -rf %t && mkdir -p %t
// RUN: %adgen %s -o %t/adjoint-contract.grad.h -- -std=c++17
// RUN: FileCheck %s < %t/adjoint-contract.grad.h
// RUN: %cxx -I%t %s -o %t/gcc && %t/gcc | FileCheck %s --check-prefix=EXEC
// RUN: %clangxx -I%t %s -o %t/clang && %t/clang | FileCheck %s --check-prefix=EXEC

#include <adgen/adgen.h>
#include <cmath>

ADGEN_DIFFERENTIABLE double energy(double x, double y) {
  double r = std::sqrt(x * x + y * y);
  return std::exp(-r) * x + std::log(r);
}

// Work that only one gradient needs sits inside that gradient's `if`, so a
// caller who passes nullptr does not pay for it.
// CHECK-LABEL: inline double energy_grad(double x, double y, double* d_x, double* d_y) {
// CHECK-NEXT:    const double r = std::sqrt(x * x + y * y);
// CHECK:         if (d_x) *d_x +=
// CHECK:         if (d_y) *d_y +=
// CHECK:         return

#ifndef ADGEN_TOOL
#include "adjoint-contract.grad.h"

#include <cstdio>

int main() {
  const double x = 0.6, y = -0.8; // r = 1
  // Hand-derived: with r = 1, e = exp(-1):
  //   df/dx = e * (1 - x*x) + x = 0.64 e + 0.6
  //   df/dy = -e * x * y + y    = 0.48 e - 0.8
  const double e = std::exp(-1.0);
  const double dx = 0.64 * e + 0.6, dy = 0.48 * e - 0.8;

  // Accumulation: two calls add twice, onto what the caller had.
  double gx = 1.0, gy = -1.0;
  energy_grad(x, y, &gx, &gy);
  energy_grad(x, y, &gx, &gy);
  std::printf("accumulates: %s\n",
              std::fabs(gx - (1 + 2 * dx)) < 1e-14 && std::fabs(gy - (-1 + 2 * dy)) < 1e-14
                  ? "ok" : "WRONG");

  // Null adjoints: skipped, the value is still returned.
  double only_y = 0;
  double v = energy_grad(x, y, nullptr, &only_y);
  double none = energy_grad(x, y, nullptr, nullptr);
  std::printf("null adjoints: %s\n",
              std::fabs(only_y - dy) < 1e-14 && v == none && std::fabs(v - 0.6 * e) < 1e-15
                  ? "ok" : "WRONG");

  // Aliased adjoints: both gradients land in the same variable.
  double both = 0;
  energy_grad(x, y, &both, &both);
  std::printf("aliased adjoints: %s\n", std::fabs(both - (dx + dy)) < 1e-14 ? "ok" : "WRONG");

  // The VJP scales by the seed, and also accumulates.
  double sx = 0, sy = 0;
  energy_vjp(x, y, -3.0, &sx, &sy);
  std::printf("vjp seed: %s\n",
              std::fabs(sx + 3 * dx) < 1e-14 && std::fabs(sy + 3 * dy) < 1e-14 ? "ok" : "WRONG");
}
#endif

// EXEC: accumulates: ok
// EXEC-NEXT: null adjoints: ok
// EXEC-NEXT: aliased adjoints: ok
// EXEC-NEXT: vjp seed: ok
