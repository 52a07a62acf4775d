// Inverse kinematics of a three-link planar arm with damped least squares,
// the Jacobian of its forward kinematics generated at build time by adgen
// (arm_pose_vjp_multi<3>: one forward sweep, three seeds carried side by
// side). The first step's Jacobian is compared with the one written by hand.
#include "arm.h"
#include "arm.grad.h"

#include <cmath>
#include <cstdio>

namespace {

constexpr int kLinks = 3;
const double kLengths[kLinks] = {1.0, 0.8, 0.5};

// J[r][c] = d tip[r] / d q[c], and tip, from one call: lane r of every
// adjoint carries the seed of tip[r].
void jacobian(const double* q, double* tip, double J[3][kLinks]) {
  using Rows = adgen::Lanes<double, 3>;
  Rows d_q[kLinks], d_tip[3]; // zeros
  for (int r = 0; r < 3; ++r)
    d_tip[r][r] = 1;
  arm::pose_vjp_multi<3>(q, kLengths, kLinks, tip, d_q, d_tip);
  for (int r = 0; r < 3; ++r)
    for (int c = 0; c < kLinks; ++c)
      J[r][c] = d_q[c][r];
}

// The same Jacobian by hand: with theta_i = q_0 + ... + q_i,
// dx/dq_j = -sum_{i>=j} l_i sin(theta_i), dy/dq_j = sum_{i>=j} l_i cos(theta_i),
// d heading/dq_j = 1.
void jacobian_by_hand(const double* q, double J[3][kLinks]) {
  double theta[kLinks], t = 0;
  for (int i = 0; i < kLinks; ++i)
    theta[i] = t += q[i];
  for (int j = 0; j < kLinks; ++j) {
    J[0][j] = J[1][j] = 0;
    for (int i = j; i < kLinks; ++i) {
      J[0][j] -= kLengths[i] * std::sin(theta[i]);
      J[1][j] += kLengths[i] * std::cos(theta[i]);
    }
    J[2][j] = 1;
  }
}

// x = A^-1 b for a 3x3 A (Cramer's rule; A = J J^T + lambda^2 I is
// symmetric positive definite).
void solve3(const double A[3][3], const double* b, double* x) {
  auto det = [](const double M[3][3]) {
    return M[0][0] * (M[1][1] * M[2][2] - M[1][2] * M[2][1]) -
           M[0][1] * (M[1][0] * M[2][2] - M[1][2] * M[2][0]) +
           M[0][2] * (M[1][0] * M[2][1] - M[1][1] * M[2][0]);
  };
  const double d = det(A);
  for (int k = 0; k < 3; ++k) {
    double M[3][3];
    for (int r = 0; r < 3; ++r)
      for (int c = 0; c < 3; ++c)
        M[r][c] = c == k ? b[r] : A[r][c];
    x[k] = det(M) / d;
  }
}

} // namespace

int main() {
  double q[kLinks] = {0.3, 0.4, -0.2};
  const double target[3] = {1.2, 1.1, 1.9}; // x, y, heading
  const double lambda = 0.05;
  std::printf("three-link arm, target x=%.2f y=%.2f heading=%.2f\n", target[0], target[1],
              target[2]);
  for (int step = 0; step < 50; ++step) {
    double tip[3], J[3][kLinks];
    jacobian(q, tip, J);
    if (step == 0) {
      double H[3][kLinks], worst = 0;
      jacobian_by_hand(q, H);
      for (int r = 0; r < 3; ++r)
        for (int c = 0; c < kLinks; ++c)
          worst = std::fmax(worst, std::fabs(J[r][c] - H[r][c]));
      std::printf("Jacobian from arm_pose_vjp_multi<3> vs by hand: max |difference| %.1e (%s)\n",
                  worst, worst <= 1e-12 ? "ok" : "MISMATCH");
    }
    double e[3], norm = 0;
    for (int r = 0; r < 3; ++r) {
      e[r] = target[r] - tip[r];
      norm += e[r] * e[r];
    }
    norm = std::sqrt(norm);
    std::printf("step %2d: q = [%+.4f %+.4f %+.4f]  |error| %.3e\n", step, q[0], q[1], q[2], norm);
    if (norm < 1e-10) {
      std::printf("reached the target in %d steps\n", step);
      return 0;
    }
    // Damped least squares: dq = J^T (J J^T + lambda^2 I)^-1 e.
    double A[3][3], w[3];
    for (int r = 0; r < 3; ++r)
      for (int c = 0; c < 3; ++c) {
        A[r][c] = r == c ? lambda * lambda : 0;
        for (int k = 0; k < kLinks; ++k)
          A[r][c] += J[r][k] * J[c][k];
      }
    solve3(A, e, w);
    for (int k = 0; k < kLinks; ++k)
      for (int r = 0; r < 3; ++r)
        q[k] += J[r][k] * w[r];
  }
  std::printf("did not reach the target\n");
  return 1;
}
