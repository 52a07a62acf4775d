// Regression test (found by random and real-style testing; the comment
// below describes the bug as it was).
//
// RUN: rm -rf %t && mkdir -p %t
// RUN: %adgen %s -o %t/enum-values.grad.h -- -std=c++17
// RUN: %cxx -I%t %s -o %t/gcc && %t/gcc | FileCheck %s
// RUN: %clangxx -I%t %s -o %t/clang && %t/clang | FileCheck %s
//
// Enum values in conditions and enum locals. docs/supported.md allows enum
// parameters ("integral and enum types (never differentiated)"), enum locals
// ("Local declarations of type float, double, an integral or enum type") and
// enum constants as names. adgen accepts all three functions below (exit 0)
// but writes enumerators as bare integers, so the generated header does not
// compile with g++ 12 or clang++ 16:
//   pick   (scoped enum parameter compared with an enumerator):
//            const bool t0 = m == 0;   // no operator== for Mode and int
//   phases (enum class local, a state machine in a loop):
//            Phase phase = 0; ... phase = 1;   // cannot convert int to Phase
//   plain  (unscoped enum local assigned in a branch):
//            Plain q = 0; if (k > 0) { q = 1; }  // invalid conversion int -> Plain
// Expected: the enumerators spelled as such (Mode::Sum, Phase::Cruise, B) or
// cast (static_cast<Phase>(1)).
#include <adgen/adgen.h>

enum class Mode { Sum, Prod };
ADGEN_DIFFERENTIABLE double pick(double x, Mode m) {
  if (m == Mode::Sum)
    return x + 1;
  return x * x;
}

enum class Phase { Accelerate, Cruise };
ADGEN_DIFFERENTIABLE double phases(double v0, double a, double vmax, int steps) {
  Phase phase = Phase::Accelerate;
  double v = v0, x = 0;
  for (int i = 0; i < steps; ++i) {
    if (phase == Phase::Accelerate && v > vmax)
      phase = Phase::Cruise;
    if (phase == Phase::Accelerate)
      v = v + 0.1 * a;
    x = x + 0.1 * v;
  }
  return x;
}

enum Plain { A, B };
ADGEN_DIFFERENTIABLE double plain(double x, int k) {
  Plain q = A;
  if (k > 0)
    q = B;
  if (q == B)
    return x;
  return 2 * x;
}

#ifndef ADGEN_TOOL
#include "enum-values.grad.h"
#include <cstdio>
int main() {
  double d = 0;
  double v = pick_grad(3.0, Mode::Prod, &d);
  std::printf("pick(3, Prod) = %g, d = %g (expected 9, 6)\n", v, d);
  double dv = 0, da = 0, dm = 0;
  v = phases_grad(1.0, 2.0, 1.5, 10, &dv, &da, &dm);
  std::printf("phases = %g, d = [%g, %g, %g]\n", v, dv, da, dm);
  d = 0;
  v = plain_grad(1.5, 0, &d);
  std::printf("plain(1.5, 0) = %g, d = %g (expected 3, 2)\n", v, d);
}
#endif

// CHECK: pick(3, Prod) = 9, d = 6 (expected 9, 6)
// CHECK-NEXT: phases = 1.54, d = [1, 0.27, 0]
// CHECK-NEXT: plain(1.5, 0) = 3, d = 2 (expected 3, 2)
