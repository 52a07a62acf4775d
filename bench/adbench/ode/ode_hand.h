// Hand-written reverse mode of GradBench's `ode` (the "Manual" baseline): the
// vjp of the RK4 solution, written as one would by hand.
//
// f(x, y) is linear in y, so the reverse of a stage k = f(x, u) needs only u
// (for d/dx: k_i = x_i u_{i-1}) and x (for d/du). The forward sweep keeps the
// state y at the start of every step (n * steps doubles, a quarter of what
// taping each stage would keep); the reverse sweep recomputes that step's
// stage inputs u1..u4 from it and runs back through the stages.
//
// Note: GradBench's own manual tool (tools/manual/ode.cpp) does not do this;
// it returns the gradient of the *exact* solution y_{n-1}(2) =
// x_0 ... x_{n-1} 2^n / n!, which differs from the RK4 gradient (it only
// passes validation because those values are tiny for GradBench's sizes).
#ifndef ADB_ODE_ODE_HAND_H
#define ADB_ODE_ODE_HAND_H

#include <algorithm>
#include <vector>

namespace adb::ode_hand {

// k = f(x, u) for the n-vector u (same operations as ode_rhs).
inline void rhs(const double* x, const double* u, double* k, int n) {
  k[0] = x[0];
  for (int i = 1; i < n; ++i)
    k[i] = x[i] * u[i - 1];
}

// Reverse of k = f(x, u) with the seed d_k: adds (dk/dx)^T d_k into d_x and
// writes (dk/du)^T d_k into d_u.
inline void rhs_vjp(const double* x, const double* u, const double* d_k,
                    double* d_x, double* d_u, int n) {
  d_x[0] += d_k[0];
  for (int i = 1; i < n; ++i) {
    d_x[i] += d_k[i] * u[i - 1];
    d_u[i - 1] = d_k[i] * x[i];
  }
  d_u[n - 1] = 0;
}

// Writes the RK4 solution into y (as ode_solve) and adds (dy/dx)^T d_y into
// d_x. d_y (n values, the seed) is only read.
inline void ode_solve_vjp(const double* x, int n, int steps, double* y,
                          const double* d_y, double* d_x) {
  const double h = 2.0 / steps;
  std::vector<double> k1(n), k2(n), k3(n), k4(n), stage(n);
  std::vector<double> start(static_cast<size_t>(n) * steps); // y at each step's start

  std::fill(y, y + n, 0.0);
  for (int step = 0; step < steps; ++step) {
    std::copy(y, y + n, start.begin() + static_cast<size_t>(step) * n);
    rhs(x, y, k1.data(), n);
    for (int i = 0; i < n; ++i)
      stage[i] = y[i] + h * k1[i] / 2;
    rhs(x, stage.data(), k2.data(), n);
    for (int i = 0; i < n; ++i)
      stage[i] = y[i] + h * k2[i] / 2;
    rhs(x, stage.data(), k3.data(), n);
    for (int i = 0; i < n; ++i)
      stage[i] = y[i] + h * k3[i];
    rhs(x, stage.data(), k4.data(), n);
    for (int i = 0; i < n; ++i)
      y[i] += h * (k1[i] + 2 * k2[i] + 2 * k3[i] + k4[i]) / 6;
  }

  // Reverse, one step at a time: y1 = y0 + h/6 (k1 + 2 k2 + 2 k3 + k4) with
  // k1 = f(y0), k2 = f(u2), k3 = f(u3), k4 = f(u4) and
  // u2 = y0 + h/2 k1, u3 = y0 + h/2 k2, u4 = y0 + h k3.
  // d_next is the adjoint of y1 (the step's end), d_prev that of y0.
  std::vector<double> d_next(d_y, d_y + n), d_prev(n);
  std::vector<double> u2(n), u3(n), u4(n), d_k(n), d_u(n);
  for (int step = steps - 1; step >= 0; --step) {
    // Recompute this step's stage inputs from its start.
    const double* y0 = start.data() + static_cast<size_t>(step) * n;
    rhs(x, y0, k1.data(), n);
    for (int i = 0; i < n; ++i)
      u2[i] = y0[i] + h * k1[i] / 2;
    rhs(x, u2.data(), k2.data(), n);
    for (int i = 0; i < n; ++i)
      u3[i] = y0[i] + h * k2[i] / 2;
    rhs(x, u3.data(), k3.data(), n);
    for (int i = 0; i < n; ++i)
      u4[i] = y0[i] + h * k3[i];

    // k4 = f(u4): d_k4 = h/6 d_y1.
    for (int i = 0; i < n; ++i)
      d_k[i] = h / 6 * d_next[i];
    rhs_vjp(x, u4.data(), d_k.data(), d_x, d_u.data(), n);
    // u4 feeds y0 and k3: d_k3 = h/3 d_y1 + h d_u4.
    for (int i = 0; i < n; ++i) {
      d_prev[i] = d_next[i] + d_u[i];
      d_k[i] = h / 3 * d_next[i] + h * d_u[i];
    }
    rhs_vjp(x, u3.data(), d_k.data(), d_x, d_u.data(), n);
    // u3 feeds y0 and k2: d_k2 = h/3 d_y1 + h/2 d_u3.
    for (int i = 0; i < n; ++i) {
      d_prev[i] += d_u[i];
      d_k[i] = h / 3 * d_next[i] + h / 2 * d_u[i];
    }
    rhs_vjp(x, u2.data(), d_k.data(), d_x, d_u.data(), n);
    // u2 feeds y0 and k1: d_k1 = h/6 d_y1 + h/2 d_u2.
    for (int i = 0; i < n; ++i) {
      d_prev[i] += d_u[i];
      d_k[i] = h / 6 * d_next[i] + h / 2 * d_u[i];
    }
    rhs_vjp(x, y0, d_k.data(), d_x, d_u.data(), n);
    for (int i = 0; i < n; ++i)
      d_prev[i] += d_u[i];
    d_next.swap(d_prev);
  }
  // d_next is now the adjoint of y(0) = 0, a constant: nothing to add.
}

// GradBench's `gradient`: adds d y[n-1] / d x into d_x; y receives the
// solution (the caller's scratch).
inline void ode_gradient_last(const double* x, int n, int steps, double* y, double* d_x) {
  std::vector<double> seed(n, 0.0);
  seed[n - 1] = 1;
  ode_solve_vjp(x, n, steps, y, seed.data(), d_x);
}

} // namespace adb::ode_hand

#endif
