// Loops over arrays of about 1 000 doubles, as users write them: independent
// iterations, loop-carried recurrences, reductions over two arrays and a
// nested loop. Inline, like the generated gradients, so that the benchmark
// compares like with like (no call overhead on one side only).
#pragma once
#include <adgen/adgen.h>
#include <cmath>
#include <vector>

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

// Scratch space: the exponentials kept in a vector and normalised in a
// second loop (independent iterations over a local array).
ADGEN_DIFFERENTIABLE inline double softmax_dot(const double *x, const double *w, int n) {
  std::vector<double> e(n);
  double total = 0;
  for (int i = 0; i < n; ++i) {
    e[i] = std::exp(x[i]);
    total += e[i];
  }
  double s = 0;
  for (int i = 0; i < n; ++i)
    s += w[i] * e[i] / total;
  return s;
}

// A dense layer: h = W x accumulated into a scratch vector, then sum tanh(h).
ADGEN_DIFFERENTIABLE inline double layer(const double *W, const double *x, int m, int n) {
  std::vector<double> h(m, 0.0);
  for (int i = 0; i < m; ++i)
    for (int j = 0; j < n; ++j)
      h[i] += W[i * n + j] * x[j];
  double s = 0;
  for (int i = 0; i < m; ++i)
    s += std::tanh(h[i]);
  return s;
}

} // namespace bench
