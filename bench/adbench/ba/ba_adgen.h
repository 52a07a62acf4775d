// adgen's Jacobian of the BA residuals, one observation at a time: the 2x15
// block from one call of ba_project_vjp_multi<2> (ba_project is marked
// ADGEN_MULTI_SEED), whose two lanes carry the seeds (1, 0) and (0, 1) of
// the two residuals through a single forward sweep. Needs ba.grad.h,
// generated from ba/ba.cpp.
#ifndef ADGEN_BENCH_ADBENCH_BA_ADGEN_H
#define ADGEN_BENCH_ADBENCH_BA_ADGEN_H

#include "ba/ba.h"
#include "ba.grad.h"

namespace adb {

// err = ba_project(cam, X, w, feat) and its block J, column-major as
// ADBench stores it: J[2 * col + row], columns cam[0..10], X[0..2], w.
inline void ba_adgen_reproj_jacobian(const double* cam, const double* X, double w,
                                     const double* feat, double* err, double* J) {
  using Rows = adgen::Lanes<double, 2>; // lane r: the derivative of err[r]
  Rows d_cam[11], d_X[3], d_w, d_err[2];  // zeros
  d_err[0][0] = 1;
  d_err[1][1] = 1;
  ba_double::ba_project_vjp_multi<2>(cam, X, w, feat, err, d_cam, d_X, &d_w, d_err);
  for (int c = 0; c < 11; ++c)
    for (int r = 0; r < 2; ++r)
      J[2 * c + r] = d_cam[c][r];
  for (int c = 0; c < 3; ++c)
    for (int r = 0; r < 2; ++r)
      J[2 * (11 + c) + r] = d_X[c][r];
  for (int r = 0; r < 2; ++r)
    J[2 * 14 + r] = d_w[r];
}

} // namespace adb

#endif
