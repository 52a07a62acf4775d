// Hand-written adjoints of functions.h: what a careful person writes, the
// baseline adgen must match. Each returns the value and adds the gradient
// (same contract as adgen's f_grad, but every adjoint must be non-null).
// test/Bench/loop-hand-gradients.cpp checks them against finite differences.
#pragma once
#include <cmath>
#include <cstddef>
#include <vector>

namespace hand {

// Independent iterations: one fused loop, exp evaluated once per element.
inline double gauss_sum(const double *x, int n, double mu, double w, double *dx, double *dmu,
                        double *dw) {
  double s = 0, gmu = 0, gw = 0;
  for (int i = 0; i < n; ++i) {
    double d = x[i] - mu;
    double dd = d * d;
    double e = std::exp(-dd * w);
    s += e;
    double g = -2 * w * d * e; // d e / d x[i]
    dx[i] += g;
    gmu -= g;
    gw -= dd * e;
  }
  *dmu += gmu;
  *dw += gw;
  return s;
}

// Linear recurrence: the forward sweep keeps the states h_0..h_n (h_0 = 0);
// the reverse sweep carries dh = d s / d h_i.
inline double leaky(const double *x, int n, double a, double b, double *dx, double *da,
                    double *db) {
  std::vector<double> h(n > 0 ? n + 1 : 1);
  h[0] = 0;
  double s = 0;
  for (int i = 0; i < n; ++i) {
    h[i + 1] = a * h[i] + b * x[i];
    s += h[i + 1] * h[i + 1];
  }
  double dh = 0, ga = 0, gb = 0;
  for (int i = n - 1; i >= 0; --i) {
    dh += 2 * h[i + 1]; // adjoint of h_{i+1}: from s, and from h_{i+2} (a * dh)
    dx[i] += b * dh;
    ga += dh * h[i];
    gb += dh * x[i];
    dh *= a;
  }
  *da += ga;
  *db += gb;
  return s;
}

// Nonlinear recurrence: the forward sweep evaluates sin and cos together (one
// sincos) and keeps, per step, y_i, f_i = -k y_i + sin(y_i) and the local
// derivative dy_{i+1}/dy_i = 1 + dt (cos(y_i) - k); the reverse sweep calls no
// math function. (Keeping only y_i and calling sincos again in the reverse
// sweep, as adgen does, stores a third of this but is about 25% slower here.)
inline double euler(double y0, double k, double dt, int n, double *dy0, double *dk, double *ddt) {
  std::vector<double> tape(n > 0 ? 3 * static_cast<std::size_t>(n) : 1);
  double y = y0;
  for (int i = 0; i < n; ++i) {
    double f = -k * y + std::sin(y);
    tape[3 * i] = y;
    tape[3 * i + 1] = f;
    tape[3 * i + 2] = 1 + dt * (std::cos(y) - k);
    y = y + dt * f;
  }
  double dy = 1, gk = 0, gdt = 0; // dy: d y_n / d y_{i+1}
  for (int i = n - 1; i >= 0; --i) {
    gk -= dy * dt * tape[3 * i];
    gdt += dy * tape[3 * i + 1];
    dy *= tape[3 * i + 2];
  }
  *dy0 += dy;
  *dk += gk;
  *ddt += gdt;
  return y;
}

// Reduction over two arrays: one fused loop.
inline double dot(const double *x, const double *y, int n, double *dx, double *dy) {
  double s = 0;
  for (int i = 0; i < n; ++i) {
    s += x[i] * y[i];
    dx[i] += y[i];
    dy[i] += x[i];
  }
  return s;
}

// x^T A x: one pass over A computes the row product r_i = (A x)_i, the
// gradient x_i x_j of A, and (A^T x)_j; then dx_i += r_i.
inline double quadform(const double *A, const double *x, int n, double *dA, double *dx) {
  double s = 0;
  for (int i = 0; i < n; ++i) {
    const double *row = A + i * n;
    double *drow = dA + i * n;
    double xi = x[i], r = 0;
    for (int j = 0; j < n; ++j) {
      r += row[j] * x[j];
      drow[j] += xi * x[j];
      dx[j] += xi * row[j];
    }
    dx[i] += r;
    s += xi * r;
  }
  return s;
}

// Scratch exponentials: s = sum_i w_i e_i / total, e_i = exp(x_i).
inline double softmax_dot(const double *x, const double *w, int n, double *dx, double *dw) {
  std::vector<double> e(n);
  double total = 0;
  for (int i = 0; i < n; ++i) {
    e[i] = std::exp(x[i]);
    total += e[i];
  }
  double s = 0, dtotal = 0;
  for (int i = 0; i < n; ++i) {
    double t = w[i] * e[i] / total;
    s += t;
    dtotal -= t / total;
  }
  for (int i = 0; i < n; ++i) {
    dw[i] += e[i] / total;
    dx[i] += (w[i] / total + dtotal) * e[i];
  }
  return s;
}

// Dense layer: dh_i = 1 - tanh(h_i)^2, then the two outer products.
inline double layer(const double *W, const double *x, int m, int n, double *dW, double *dx) {
  std::vector<double> h(m, 0.0);
  for (int i = 0; i < m; ++i)
    for (int j = 0; j < n; ++j)
      h[i] += W[i * n + j] * x[j];
  double s = 0;
  for (int i = 0; i < m; ++i) {
    double t = std::tanh(h[i]);
    s += t;
    double dh = 1 - t * t;
    for (int j = 0; j < n; ++j) {
      dW[i * n + j] += dh * x[j];
      dx[j] += dh * W[i * n + j];
    }
  }
  return s;
}

} // namespace hand
