// Hand-written Jacobian of the BA residuals (ba_objective.inc): the "Manual"
// baseline. Per reprojection observation the 2x15 block (11 camera, 3 point,
// 1 weight columns), per weight residual its 1x1 block, from the chain rule
// written out with 3x3 matrices; no allocation.
#ifndef ADGEN_BENCH_ADBENCH_BA_HAND_H
#define ADGEN_BENCH_ADBENCH_BA_HAND_H

#include <cmath>

namespace adb {

// Writes err = ba_project(cam, X, w, feat) and the 2x15 block J, column-major
// as ADBench's BASparseMat::insert_reproj_err_block takes it:
// J[2*col + row], columns cam[0..10], X[0..2], w.
inline void ba_hand_reproj_jacobian(const double* cam, const double* X, double w,
                                    const double* feat, double* err, double* J) {
  const double y[3] = {X[0] - cam[3], X[1] - cam[4], X[2] - cam[5]};
  double xr[3];       // rotated point
  double R[3][3];     // d xr / d y (the rotation matrix)
  double dr[3][3];    // d xr / d r, dr[a][j] = d xr_a / d r_j
  const double* r = cam;
  const double theta_sq = r[0] * r[0] + r[1] * r[1] + r[2] * r[2];
  if (theta_sq != 0) {
    const double theta = std::sqrt(theta_sq);
    const double c = std::cos(theta), s = std::sin(theta);
    const double w_[3] = {r[0] / theta, r[1] / theta, r[2] / theta};
    const double wy = w_[0] * y[0] + w_[1] * y[1] + w_[2] * y[2];
    const double wxy[3] = {w_[1] * y[2] - w_[2] * y[1], w_[2] * y[0] - w_[0] * y[2],
                           w_[0] * y[1] - w_[1] * y[0]};
    for (int a = 0; a < 3; ++a)
      xr[a] = y[a] * c + wxy[a] * s + w_[a] * (1 - c) * wy;
    // R = c I + s [w]x + (1 - c) w w^T
    const double wx[3][3] = {{0, -w_[2], w_[1]}, {w_[2], 0, -w_[0]}, {-w_[1], w_[0], 0}};
    for (int a = 0; a < 3; ++a)
      for (int b = 0; b < 3; ++b)
        R[a][b] = (a == b ? c : 0) + s * wx[a][b] + (1 - c) * w_[a] * w_[b];
    // xr(theta, w): d theta / d r = w, d w / d r_j = (e_j - w w_j) / theta.
    // d xr / d theta = -s y + c (w x y) + s (w.y) w
    double dtheta[3];
    for (int a = 0; a < 3; ++a)
      dtheta[a] = -s * y[a] + c * wxy[a] + s * wy * w_[a];
    for (int j = 0; j < 3; ++j) {
      double dw[3];
      for (int a = 0; a < 3; ++a)
        dw[a] = ((a == j ? 1 : 0) - w_[a] * w_[j]) / theta;
      const double dwy = dw[0] * y[0] + dw[1] * y[1] + dw[2] * y[2];
      const double dwxy[3] = {dw[1] * y[2] - dw[2] * y[1], dw[2] * y[0] - dw[0] * y[2],
                              dw[0] * y[1] - dw[1] * y[0]};
      for (int a = 0; a < 3; ++a)
        dr[a][j] = dtheta[a] * w_[j] + s * dwxy[a] + (1 - c) * (dw[a] * wy + w_[a] * dwy);
    }
  } else {
    // xr = y + r x y
    xr[0] = y[0] + (r[1] * y[2] - r[2] * y[1]);
    xr[1] = y[1] + (r[2] * y[0] - r[0] * y[2]);
    xr[2] = y[2] + (r[0] * y[1] - r[1] * y[0]);
    const double rx[3][3] = {{0, -r[2], r[1]}, {r[2], 0, -r[0]}, {-r[1], r[0], 0}};
    const double yx[3][3] = {{0, -y[2], y[1]}, {y[2], 0, -y[0]}, {-y[1], y[0], 0}};
    for (int a = 0; a < 3; ++a)
      for (int b = 0; b < 3; ++b) {
        R[a][b] = (a == b ? 1 : 0) + rx[a][b];
        dr[a][b] = -yx[a][b]; // d (r x y) / d r = -[y]x
      }
  }

  // Perspective division, radial distortion, focal length and principal point.
  const double inv_z = 1 / xr[2];
  const double u[2] = {xr[0] * inv_z, xr[1] * inv_z};
  const double rsq = u[0] * u[0] + u[1] * u[1];
  const double k1 = cam[9], k2 = cam[10], f = cam[6];
  const double L = 1 + k1 * rsq + k2 * rsq * rsq;
  const double dL_drsq = k1 + 2 * k2 * rsq;
  for (int a = 0; a < 2; ++a)
    err[a] = w * (f * u[a] * L + cam[7 + a] - feat[a]);

  // A = d err / d xr (2x3) = w f (L I + 2 dL_drsq u u^T) (d u / d xr)
  double A[2][3];
  for (int a = 0; a < 2; ++a) {
    const double du0 = w * f * ((a == 0 ? L : 0) + 2 * dL_drsq * u[a] * u[0]);
    const double du1 = w * f * ((a == 1 ? L : 0) + 2 * dL_drsq * u[a] * u[1]);
    A[a][0] = du0 * inv_z;
    A[a][1] = du1 * inv_z;
    A[a][2] = -(du0 * u[0] + du1 * u[1]) * inv_z;
  }
  for (int a = 0; a < 2; ++a) {
    for (int j = 0; j < 3; ++j) {
      const double d_rot = A[a][0] * dr[0][j] + A[a][1] * dr[1][j] + A[a][2] * dr[2][j];
      const double d_y = A[a][0] * R[0][j] + A[a][1] * R[1][j] + A[a][2] * R[2][j];
      J[2 * j + a] = d_rot;           // rotation
      J[2 * (3 + j) + a] = -d_y;      // centre
      J[2 * (11 + j) + a] = d_y;      // point
    }
    J[2 * 6 + a] = w * u[a] * L;      // focal length
    J[2 * 7 + a] = a == 0 ? w : 0;    // principal point x
    J[2 * 8 + a] = a == 1 ? w : 0;    // principal point y
    J[2 * 9 + a] = w * f * u[a] * rsq;       // kappa 1
    J[2 * 10 + a] = w * f * u[a] * rsq * rsq; // kappa 2
    J[2 * 14 + a] = f * u[a] * L + cam[7 + a] - feat[a]; // weight
  }
}

// Writes err = 1 - w^2 and its derivative.
inline void ba_hand_weight_jacobian(double w, double* err, double* J) {
  err[0] = 1 - w * w;
  J[0] = -2 * w;
}

// The whole Jacobian in ADBench's block form: J_reproj holds p blocks of 30
// (observation i's 2x15 block at J_reproj[30*i]), J_weight p values;
// reproj_err (2p) and weight_err (p) the residuals. Columns of block i are
// camera obs[2i], point obs[2i+1], weight i.
inline void ba_hand_jacobian(int p, const double* cams, const double* X, const double* w,
                             const int* obs, const double* feats, double* reproj_err,
                             double* weight_err, double* J_reproj, double* J_weight) {
  for (int i = 0; i < p; ++i) {
    ba_hand_reproj_jacobian(&cams[11 * obs[2 * i]], &X[3 * obs[2 * i + 1]], w[i], &feats[2 * i],
                            &reproj_err[2 * i], &J_reproj[30 * i]);
    ba_hand_weight_jacobian(w[i], &weight_err[i], &J_weight[i]);
  }
}

} // namespace adb

#endif
