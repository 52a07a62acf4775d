// Loops over arrays of about 1 000 doubles, as users write them: independent
// iterations, loop-carried recurrences, reductions over two arrays and a
// nested loop. Inline, like the generated gradients, so that the benchmark
// compares like with like (no call overhead on one side only).
#pragma once
#include <adgen/adgen.h>
#include <cmath>

namespace bench {

// Independent iterations: an unnormalised Gaussian log-likelihood-like sum.
// Nothing is carried but the sum, so the gradient should need no tape.
ADGEN_DIFFERENTIABLE inline double gauss_sum(const double *x, int n, double mu, double w) {
  double s = 0;
  for (int i = 0; i < n; ++i) {
    double d = x[i] - mu;
    s += std::exp(-d * d * w);
  }
  return s;
}

// A loop-carried linear recurrence (leaky integrator) and the energy of its
// state: h depends on the previous h, so the reverse sweep needs every h.
ADGEN_DIFFERENTIABLE inline double leaky(const double *x, int n, double a, double b) {
  double h = 0;
  double s = 0;
  for (int i = 0; i < n; ++i) {
    h = a * h + b * x[i];
    s += h * h;
  }
  return s;
}

// A nonlinear recurrence: n explicit Euler steps of y' = -k y + sin(y).
ADGEN_DIFFERENTIABLE inline double euler(double y0, double k, double dt, int n) {
  double y = y0;
  for (int i = 0; i < n; ++i)
    y = y + dt * (-k * y + std::sin(y));
  return y;
}

// A reduction over two arrays.
ADGEN_DIFFERENTIABLE inline double dot(const double *x, const double *y, int n) {
  double s = 0;
  for (int i = 0; i < n; ++i)
    s += x[i] * y[i];
  return s;
}

// A nested loop: the quadratic form x^T A x, A row-major n x n.
ADGEN_DIFFERENTIABLE inline double quadform(const double *A, const double *x, int n) {
  double s = 0;
  for (int i = 0; i < n; ++i) {
    double r = 0;
    for (int j = 0; j < n; ++j)
      r += A[i * n + j] * x[j];
    s += x[i] * r;
  }
  return s;
}

} // namespace bench
