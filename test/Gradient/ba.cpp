// The bundle-adjustment residuals of ADBench (../shared/data/adbench), written
// as its C++ reference is: a camera is 11 numbers (Rodrigues rotation 3,
// centre 3, focal length 1, principal point 2, radial distortion 2) read
// through `const T* cam`, helpers write through output pointers (cross,
// rodrigues_rotate_point with its small-angle branch, radial_distort, which
// rescales proj in place, project), and computeReprojError writes the two
// weighted residuals w * (proj - feat) into err. computeZachWeightError is the
// weight residual 1 - w^2.
//
// As ADBench's hand-written and Tapenade Jacobians do, the Jacobian of the
// whole objective (ba_objective, 3p rows) is assembled from the two
// per-observation functions: one VJP per residual row, seeded through d_err;
// and again from ba_objective_vjp, the whole objective marked itself.
// Every row is checked densely, zeros included, against central differences
// of the long-double ba_objective, for float and double, with one camera
// rotated and one with its rotation exactly 0 (the small-angle branch).
//
// RUN: rm -rf %t && mkdir -p %t
// RUN: %adgen %s -o %t/ba.grad.h -- -std=c++17
// RUN: FileCheck %s < %t/ba.grad.h
// RUN: %cxx -I%t %s -o %t/gcc && %t/gcc | FileCheck %s --check-prefix=EXEC
// RUN: %clangxx -I%t %s -o %t/clang && %t/clang | FileCheck %s --check-prefix=EXEC

#include <adgen/adgen.h>
#include <cmath>

#define BA_NCAMPARAMS 11

#define FUNCTIONS(T, MARK)                                                       \
  inline T sqsum(int n, const T *x) {                                            \
    T res = 0;                                                                   \
    for (int i = 0; i < n; i++)                                                  \
      res = res + x[i] * x[i];                                                   \
    return res;                                                                  \
  }                                                                              \
  inline void cross(const T *a, const T *b, T *out) {                            \
    out[0] = a[1] * b[2] - a[2] * b[1];                                          \
    out[1] = a[2] * b[0] - a[0] * b[2];                                          \
    out[2] = a[0] * b[1] - a[1] * b[0];                                          \
  }                                                                              \
  inline void rodrigues_rotate_point(const T *rot, const T *pt, T *rotatedPt) {  \
    T sqtheta = sqsum(3, rot);                                                   \
    if (sqtheta != 0) {                                                          \
      T theta, costheta, sintheta, theta_inverse;                                \
      theta = std::sqrt(sqtheta);                                                \
      costheta = std::cos(theta);                                                \
      sintheta = std::sin(theta);                                                \
      theta_inverse = 1.0 / theta;                                               \
      T w[3];                                                                    \
      for (int i = 0; i < 3; i++)                                                \
        w[i] = rot[i] * theta_inverse;                                           \
      T w_cross_pt[3];                                                           \
      cross(w, pt, w_cross_pt);                                                  \
      T tmp = (w[0] * pt[0] + w[1] * pt[1] + w[2] * pt[2]) * (1. - costheta);    \
      for (int i = 0; i < 3; i++)                                                \
        rotatedPt[i] = pt[i] * costheta + w_cross_pt[i] * sintheta + w[i] * tmp; \
    } else {                                                                     \
      T rot_cross_pt[3];                                                         \
      cross(rot, pt, rot_cross_pt);                                              \
      for (int i = 0; i < 3; i++)                                                \
        rotatedPt[i] = pt[i] + rot_cross_pt[i];                                  \
    }                                                                            \
  }                                                                              \
  inline void radial_distort(const T *rad_params, T *proj) {                     \
    T rsq, L;                                                                    \
    rsq = sqsum(2, proj);                                                        \
    L = 1. + rad_params[0] * rsq + rad_params[1] * rsq * rsq;                    \
    proj[0] = proj[0] * L;                                                       \
    proj[1] = proj[1] * L;                                                       \
  }                                                                              \
  inline void project(const T *cam, const T *X, T *proj) {                       \
    const T *C = &cam[3];                                                        \
    T Xo[3], Xcam[3];                                                            \
    Xo[0] = X[0] - C[0];                                                         \
    Xo[1] = X[1] - C[1];                                                         \
    Xo[2] = X[2] - C[2];                                                         \
    rodrigues_rotate_point(&cam[0], Xo, Xcam);                                   \
    proj[0] = Xcam[0] / Xcam[2];                                                 \
    proj[1] = Xcam[1] / Xcam[2];                                                 \
    radial_distort(&cam[9], proj);                                               \
    proj[0] = proj[0] * cam[6] + cam[7];                                         \
    proj[1] = proj[1] * cam[6] + cam[8];                                         \
  }                                                                              \
  MARK void computeReprojError(const T *cam, const T *X, const T *w, const T *feat, \
                               T *err) {                                         \
    T proj[2];                                                                   \
    project(cam, X, proj);                                                       \
    err[0] = (*w) * (proj[0] - feat[0]);                                         \
    err[1] = (*w) * (proj[1] - feat[1]);                                         \
  }                                                                              \
  MARK void computeZachWeightError(const T *w, T *err) { *err = 1 - (*w) * (*w); } \
  /* The objective, for the oracle: n cameras, m points, p observations. */    \
  MARK void ba_objective(int n, int m, int p, const T *cams, const T *X, const T *w, \
                         const int *obs, const T *feats, T *reproj_err, T *w_err) {   \
    (void)n;                                                                     \
    (void)m;                                                                     \
    for (int i = 0; i < p; i++) {                                                \
      int camIdx = obs[i * 2 + 0];                                               \
      int ptIdx = obs[i * 2 + 1];                                                \
      computeReprojError(&cams[BA_NCAMPARAMS * camIdx], &X[ptIdx * 3], &w[i],    \
                         &feats[i * 2], &reproj_err[2 * i]);                     \
    }                                                                            \
    for (int i = 0; i < p; i++)                                                  \
      computeZachWeightError(&w[i], &w_err[i]);                                  \
  }

FUNCTIONS(double, ADGEN_DIFFERENTIABLE)
FUNCTIONS(float, ADGEN_DIFFERENTIABLE)

// A void function with output pointers gets only a VJP. Both branches of the
// rotation are in it, forward and reverse; the local array w of
// rodrigues_rotate_point is renamed away from the parameter w.
// CHECK-LABEL: inline void computeReprojError_vjp(const double* cam, const double* X, const double* w, const double* feat, double* /*err*/, double* d_cam, double* d_X, double* d_w, double* d_feat, double* d_err) {
// CHECK:         const double theta = std::sqrt(
// CHECK:         double [[W:w_[0-9]+]][3];
// CHECK:         } else {
// CHECK-NEXT:      double rot_cross_pt[3];
// CHECK:         const double [[S1:t[0-9]+]] = d_err ? d_err[1] : 0.0;
// CHECK-NEXT:    if (d_err) d_err[1] = 0.0;
// The reverse branch reads theta as the forward branch kept it (a square
// root is not computed twice):
// CHECK-NOT:     std::sqrt(
// CHECK:         double d_[[W]][3] = {};
// CHECK:         const double d_theta = {{.*}};
// CHECK:         } else {
// CHECK-NEXT:      double d_rot_cross_pt[3] = {};
// CHECK:         if (d_feat) d_feat[1] += -{{t[0-9]+}};
// CHECK-NEXT:  }
// CHECK-LABEL: inline void computeZachWeightError_vjp(const double* w, double* /*err*/, double* d_w, double* d_err) {
// CHECK-NEXT:    const double [[S:t[0-9]+]] = d_err ? d_err[0] : 0.0;
// CHECK-NEXT:    if (d_err) d_err[0] = 0.0;
// CHECK-NEXT:    if (d_w) d_w[0] += -(2.0 * ([[S]] * w[0]));
// CHECK-NEXT:  }
// In float, 1.0 / theta computes in double, as C++ promotes it.
// CHECK-LABEL: inline void computeReprojError_vjp(const float* cam, const float* X, const float* w, const float* feat, float* /*err*/, float* d_cam, float* d_X, float* d_w, float* d_feat, float* d_err) {
// CHECK:         const double [[T:t[0-9]+]] = 1.0 / static_cast<double>(theta);
// CHECK-NEXT:    const float theta_inverse = static_cast<float>([[T]]);
// CHECK-LABEL: inline void computeZachWeightError_vjp(const float* w, float* /*err*/, float* d_w, float* d_err) {
// CHECK-NOT:   _grad(

#ifndef ADGEN_TOOL
#include "ba.grad.h"
#include "oracle.h"

#include <cstdio>
#include <string>

using LongDouble = long double;
FUNCTIONS(LongDouble, )

// Checks each row r < M of a function R^N -> R^M, given as fill(x, out), with
// oracle::check: the oracle differentiates out[r] of the long-double fill;
// the gradient is vjp(x, seed e_r) (and 0.5 e_r for the oracle's VJP check).
template <class T, size_t N, size_t M, class FillLd, class Fill, class Vjp>
void check_rows(const char *name, FillLd fill_ld, Fill fill, Vjp vjp, std::array<T, N> at) {
  for (size_t r = 0; r < M; ++r) {
    std::string label = std::string(name) + (sizeof(T) == sizeof(float) ? "<float>" : "<double>") +
                        " row " + std::to_string(r);
    oracle::check<T, N>(
        label.c_str(),
        [&](auto v) {
          std::array<LongDouble, M> out{};
          fill_ld(v.data(), out.data());
          return out[r];
        },
        [&](const T *x, T *d) {
          std::array<T, M> out{}, dout{};
          fill(x, out.data());
          dout[r] = 1;
          vjp(x, dout.data(), d);
          return out[r];
        },
        [&](const T *x, T s, T *d) {
          std::array<T, M> dout{};
          dout[r] = s;
          vjp(x, dout.data(), d);
        },
        at);
  }
}

// The camera, point, weight and feature of ADBench's ba/test.txt.
constexpr double Camera[11] = {1.797201,  0.590697,   -0.635786,  90.859550, 29.361415, 28.777534,
                               211.628116, -0.284531, -14.762924, 0.058931,  0.069976};
constexpr double Point[3] = {4.173048, 5.586898, 1.403869};

// ba_objective with n = 2 cameras, m = 3 points, p = 3 observations; as in
// ADBench's instances, observation i sees camera i % n and point i % m. The
// variables: cams (22), X (9), w (3), feats (6).
constexpr int NCams = 2, NPts = 3, NObs = 3;
constexpr size_t Vars = NCams * 11 + NPts * 3 + NObs + NObs * 2;
constexpr int Obs[2 * NObs] = {0, 0, 1, 1, 0, 2};

template <class T> void checks() {
  // One observation: cam (11), X (3), w (1), feat (2) -> err (2), at
  // test.txt's values, then again with the rotation exactly 0, where the
  // small-angle branch (X' = Y + r x Y) runs. There the oracle's +-h steps in r land in the
  // Rodrigues branch, R(h e) Y = Y + h e x Y + O(h^2), whose O(h^2) part is
  // even in h and cancels in the central difference: the difference quotient
  // still has an error of O(h^2) ~ 1e-12, and the first-order branch has the
  // exact derivative at 0 (it is the Rodrigues formula's linearisation). So
  // the oracle's usual tolerance (1e-8 relative in double, 2e-4 in float)
  // holds there too; nothing is loosened.
  std::array<T, 17> at{};
  for (int i = 0; i < 11; ++i)
    at[i] = T(Camera[i]);
  for (int i = 0; i < 3; ++i)
    at[11 + i] = T(Point[i]);
  at[14] = T(0.417022);
  at[15] = T(-525.672849);
  at[16] = T(161.811929);
  for (int zero = 0; zero < 2; ++zero) {
    if (zero)
      at[0] = at[1] = at[2] = T(0);
    check_rows<T, 17, 2>(
        "computeReprojError",
        [](const auto *v, auto *err) { computeReprojError(v, v + 11, v + 14, v + 15, err); },
        [](const T *v, T *err) { computeReprojError(v, v + 11, v + 14, v + 15, err); },
        [](const T *v, T *d_err, T *d) {
          T err[2];
          computeReprojError_vjp(v, v + 11, v + 14, v + 15, err, d, d + 11, d + 14, d + 15, d_err);
        },
        at);
  }

  // The whole objective: 3p = 9 rows of 40. Camera 0 is test.txt's, camera 1
  // has rotation 0 and the rest of ba1_n49_m7776_p31843.txt's first camera.
  std::array<T, Vars> v{};
  const double cam1[11] = {0, 0, 0, 34.556073, 39.676747, 53.881673, 419.194514, 5.864426, -8.518870,
                           0.087812, 0.002739};
  const double pts[9] = {Point[0], Point[1], Point[2], 7.203245, 0.001144, 3.023326, -2.5, 1.7, 6.1};
  const double ws[3] = {0.417022, 0.8, 1.3};
  const double feats[6] = {-525.672849, 161.811929, 271.760969, 834.209256, -300.5, 12.25};
  for (int i = 0; i < 11; ++i) {
    v[i] = T(Camera[i]);
    v[11 + i] = T(cam1[i]);
  }
  for (int i = 0; i < 9; ++i)
    v[22 + i] = T(pts[i]);
  for (int i = 0; i < 3; ++i)
    v[31 + i] = T(ws[i]);
  for (int i = 0; i < 6; ++i)
    v[34 + i] = T(feats[i]);
  // The objective in long double (for the oracle) and in T.
  auto objective = [](const auto *x, auto *out) {
    ba_objective(NCams, NPts, NObs, x, x + 22, x + 31, Obs, x + 34, out, out + 2 * NObs);
  };
  check_rows<T, Vars, 3 * NObs>(
      "ba_objective", objective, objective,
      // The sparse Jacobian, one observation at a time: each row's seed goes
      // to the one function that writes it.
      [](const T *x, T *d_out, T *d) {
        for (int i = 0; i < NObs; ++i) {
          int c = Obs[2 * i], pt = Obs[2 * i + 1];
          T err[2], werr;
          computeReprojError_vjp(&x[11 * c], &x[22 + 3 * pt], &x[31 + i], &x[34 + 2 * i], err,
                                 &d[11 * c], &d[22 + 3 * pt], &d[31 + i], &d[34 + 2 * i],
                                 &d_out[2 * i]);
          computeZachWeightError_vjp(&x[31 + i], &werr, &d[31 + i], &d_out[2 * NObs + i]);
        }
      },
      v);
  // The same rows from the VJP of the whole objective, marked itself: its
  // loops over observations gather cameras and points through obs.
  check_rows<T, Vars, 3 * NObs>(
      "ba_objective_vjp", objective, objective,
      [](const T *x, T *d_out, T *d) {
        T out[3 * NObs];
        ba_objective_vjp(NCams, NPts, NObs, x, x + 22, x + 31, Obs, x + 34, out, out + 2 * NObs,
                         d, d + 22, d + 31, d + 34, d_out, d_out + 2 * NObs);
      },
      v);
}

int main() {
  checks<double>();
  checks<float>();
}
#endif
// EXEC-NOT: MISMATCH
// EXEC-COUNT-4: computeReprojError<double> row {{[01]}}{{.*}} ok
// EXEC-COUNT-9: ba_objective<double> row {{[0-8]}}{{.*}} ok
// EXEC-COUNT-9: ba_objective_vjp<double> row {{[0-8]}}{{.*}} ok
// EXEC-COUNT-4: computeReprojError<float> row {{[01]}}{{.*}} ok
// EXEC-COUNT-9: ba_objective<float> row {{[0-8]}}{{.*}} ok
// EXEC-COUNT-9: ba_objective_vjp<float> row {{[0-8]}}{{.*}} ok
// EXEC-NOT: MISMATCH
