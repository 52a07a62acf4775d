// Hand-written gradients of functions.h: what a careful person writes, the
// baseline adgen must match. Each returns the value and adds the gradient.
// test/Bench/hand-gradients.cpp checks them against finite differences.
#pragma once
#include <cmath>

namespace hand {

inline double rosenbrock(double x, double y, double *dx, double *dy) {
  double a = 1 - x, b = y - x * x;
  *dx += -2 * a - 400 * b * x;
  *dy += 200 * b;
  return a * a + 100 * b * b;
}

inline double arm3(double q1, double q2, double q3, double tx, double ty, double *d1, double *d2,
                   double *d3, double *dtx, double *dty) {
  const double l1 = 1.0, l2 = 0.8, l3 = 0.5;
  double a2 = q1 + q2, a3 = a2 + q3;
  double c1 = std::cos(q1), c2 = std::cos(a2), c3 = std::cos(a3);
  double s1 = std::sin(q1), s2 = std::sin(a2), s3 = std::sin(a3);
  double ex = l1 * c1 + l2 * c2 + l3 * c3 - tx;
  double ey = l1 * s1 + l2 * s2 + l3 * s3 - ty;
  // d/da_k of the end effector, then chain through a_k = q1 + ... + q_k.
  double g3 = 2 * (-ex * l3 * s3 + ey * l3 * c3);
  double g2 = 2 * (-ex * l2 * s2 + ey * l2 * c2) + g3;
  double g1 = 2 * (-ex * l1 * s1 + ey * l1 * c1) + g2;
  *d1 += g1;
  *d2 += g2;
  *d3 += g3;
  *dtx += -2 * ex;
  *dty += -2 * ey;
  return ex * ex + ey * ey;
}

inline double logistic(const double *w, double b, const double *x, double label, double *dw, double *db) {
  double z = w[0] * x[0] + w[1] * x[1] + w[2] * x[2] + w[3] * x[3] + b;
  double e = std::exp(-label * z);
  double dz = -label * e / (1 + e);
  for (int i = 0; i < 4; ++i)
    dw[i] += dz * x[i] + 0.02 * w[i];
  *db += dz;
  return std::log1p(e) + 0.01 * (w[0] * w[0] + w[1] * w[1] + w[2] * w[2] + w[3] * w[3]);
}

// The chain energy for n points, with its gradient.
template <int N> inline double chain(const double *p, double k, double *dp) {
  const double rest = 1.0, m = 0.1, g = 9.81;
  double e = 0;
  for (int i = 0; i + 1 < N; ++i) {
    double dx = p[2 * i + 2] - p[2 * i], dy = p[2 * i + 3] - p[2 * i + 1];
    double len = std::sqrt(dx * dx + dy * dy);
    double stretch = len - rest;
    e += 0.5 * k * stretch * stretch + m * g * p[2 * i + 1];
    double f = k * stretch / len;
    dp[2 * i] -= f * dx;
    dp[2 * i + 2] += f * dx;
    dp[2 * i + 1] -= f * dy - m * g;
    dp[2 * i + 3] += f * dy;
  }
  return e;
}

} // namespace hand
