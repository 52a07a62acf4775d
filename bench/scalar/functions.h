// Straight-line scalar functions of 10 to ~200 operations, as users write
// them. Inline, like the generated gradients, so that the benchmark compares
// like with like (no call overhead on one side only).
#pragma once
#include <adgen/adgen.h>
#include <cmath>

namespace bench {

// ~10 operations.
ADGEN_DIFFERENTIABLE inline double rosenbrock(double x, double y) {
  double a = 1 - x;
  double b = y - x * x;
  return a * a + 100 * b * b;
}

// ~30 operations: squared distance of a 3-link planar arm's end effector
// to a target.
ADGEN_DIFFERENTIABLE inline double arm3(double q1, double q2, double q3, double tx, double ty) {
  const double l1 = 1.0, l2 = 0.8, l3 = 0.5;
  double a1 = q1, a2 = q1 + q2, a3 = q1 + q2 + q3;
  double x = l1 * std::cos(a1) + l2 * std::cos(a2) + l3 * std::cos(a3);
  double y = l1 * std::sin(a1) + l2 * std::sin(a2) + l3 * std::sin(a3);
  double dx = x - tx, dy = y - ty;
  return dx * dx + dy * dy;
}

// ~40 operations: L2-regularised logistic loss of one sample, 4 features.
ADGEN_DIFFERENTIABLE inline double logistic(const double *w, double b, ADGEN_NO_GRAD const double *x,
                                            ADGEN_NO_GRAD double label) {
  double z = w[0] * x[0] + w[1] * x[1] + w[2] * x[2] + w[3] * x[3] + b;
  double loss = std::log1p(std::exp(-label * z));
  double reg = w[0] * w[0] + w[1] * w[1] + w[2] * w[2] + w[3] * w[3];
  return loss + 0.01 * reg;
}

// A spring between points i and i+1 of a 2-D chain p[2*i], p[2*i+1], plus
// gravity on point i: about 12 operations each.
#define ADGEN_BENCH_SPRING(i)                                                   \
  {                                                                             \
    double dx = p[2 * (i) + 2] - p[2 * (i)];                                    \
    double dy = p[2 * (i) + 3] - p[2 * (i) + 1];                                \
    double stretch = std::sqrt(dx * dx + dy * dy) - rest;                       \
    e += 0.5 * k * stretch * stretch + m * g * p[2 * (i) + 1];                  \
  }

// ~60 operations: a chain of 6 points.
ADGEN_DIFFERENTIABLE inline double chain6(const double *p, ADGEN_NO_GRAD double k) {
  const double rest = 1.0, m = 0.1, g = 9.81;
  double e = 0;
  ADGEN_BENCH_SPRING(0) ADGEN_BENCH_SPRING(1) ADGEN_BENCH_SPRING(2)
  ADGEN_BENCH_SPRING(3) ADGEN_BENCH_SPRING(4)
  return e;
}

// ~200 operations: a chain of 17 points.
ADGEN_DIFFERENTIABLE inline double chain17(const double *p, ADGEN_NO_GRAD double k) {
  const double rest = 1.0, m = 0.1, g = 9.81;
  double e = 0;
  ADGEN_BENCH_SPRING(0) ADGEN_BENCH_SPRING(1) ADGEN_BENCH_SPRING(2)
  ADGEN_BENCH_SPRING(3) ADGEN_BENCH_SPRING(4) ADGEN_BENCH_SPRING(5)
  ADGEN_BENCH_SPRING(6) ADGEN_BENCH_SPRING(7) ADGEN_BENCH_SPRING(8)
  ADGEN_BENCH_SPRING(9) ADGEN_BENCH_SPRING(10) ADGEN_BENCH_SPRING(11)
  ADGEN_BENCH_SPRING(12) ADGEN_BENCH_SPRING(13) ADGEN_BENCH_SPRING(14)
  ADGEN_BENCH_SPRING(15)
  return e;
}

} // namespace bench
