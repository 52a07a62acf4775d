// The benchmark's baselines are only fair if they are right: the hand-written
// gradients of bench/scalar/hand.h, and adgen's gradients of the same
// functions, agree with central finite differences.
//
// RUN: rm -rf %t && mkdir -p %t
// RUN: %adgen %S/../../bench/scalar/functions.cpp -o %t/functions.grad.h -- -std=c++17 -I%S/../../bench/scalar
// RUN: %cxx -I%t -I%S/../../bench/scalar %s -o %t/gcc && %t/gcc | FileCheck %s

#include "functions.grad.h"
#include "functions.h"
#include "hand.h"

#include <array>
#include <cmath>
#include <cstdio>
#include <functional>

template <size_t N>
void check(const char *name, std::function<double(const double *)> f,
           std::function<void(const double *, double *)> hand_grad,
           std::function<void(const double *, double *)> adgen_grad) {
  std::array<double, N> x{};
  for (size_t i = 0; i < N; ++i)
    x[i] = 0.3 + 0.37 * i + 0.05 * (i % 3);
  std::array<double, N> h{}, a{};
  hand_grad(x.data(), h.data());
  adgen_grad(x.data(), a.data());
  bool ok = true;
  for (size_t i = 0; i < N; ++i) {
    std::array<double, N> up = x, down = x;
    double step = 1e-6 * std::fmax(1.0, std::fabs(x[i]));
    up[i] += step;
    down[i] -= step;
    double fd = (f(up.data()) - f(down.data())) / (up[i] - down[i]);
    double tol = 1e-6 * std::fmax(1.0, std::fabs(fd));
    ok = ok && std::fabs(h[i] - fd) < tol && std::fabs(a[i] - fd) < tol;
  }
  std::printf("%s: %s\n", name, ok ? "ok" : "MISMATCH");
}

int main() {
  check<2>("rosenbrock", [](const double *v) { return bench::rosenbrock(v[0], v[1]); },
           [](const double *v, double *d) { hand::rosenbrock(v[0], v[1], &d[0], &d[1]); },
           [](const double *v, double *d) { bench::rosenbrock_grad(v[0], v[1], &d[0], &d[1]); });
  check<5>("arm3", [](const double *v) { return bench::arm3(v[0], v[1], v[2], v[3], v[4]); },
           [](const double *v, double *d) {
             hand::arm3(v[0], v[1], v[2], v[3], v[4], &d[0], &d[1], &d[2], &d[3], &d[4]);
           },
           [](const double *v, double *d) {
             bench::arm3_grad(v[0], v[1], v[2], v[3], v[4], &d[0], &d[1], &d[2], &d[3], &d[4]);
           });
  static const double x[4] = {0.5, -1.0, 0.25, 2.0};
  check<5>("logistic", [](const double *v) { return bench::logistic(v, v[4], x, 1.0); },
           [](const double *v, double *d) { hand::logistic(v, v[4], x, 1.0, d, &d[4]); },
           [](const double *v, double *d) { bench::logistic_grad(v, v[4], x, 1.0, d, &d[4]); });
  check<12>("chain6", [](const double *v) { return bench::chain6(v, 50.0); },
            [](const double *v, double *d) { hand::chain<6>(v, 50.0, d); },
            [](const double *v, double *d) { bench::chain6_grad(v, 50.0, d); });
  check<34>("chain17", [](const double *v) { return bench::chain17(v, 50.0); },
            [](const double *v, double *d) { hand::chain<17>(v, 50.0, d); },
            [](const double *v, double *d) { bench::chain17_grad(v, 50.0, d); });
}

// CHECK: rosenbrock: ok
// CHECK-NEXT: arm3: ok
// CHECK-NEXT: logistic: ok
// CHECK-NEXT: chain6: ok
// CHECK-NEXT: chain17: ok
