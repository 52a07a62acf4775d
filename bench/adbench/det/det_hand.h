// Hand-written gradient of GradBench's `det` (the "Manual" baseline).
//
// The gradient of det(A) is the cofactor matrix (adj(A)^T). Three ways to get it:
//  - LU with pivoting, grad = det(A) A^{-T}: O(ell^3), but a different
//    algorithm (not the expansion in minors the eval is about) and undefined
//    for singular A, where the cofactors still exist;
//  - each of the ell^2 cofactors by expansion in minors (GradBench's
//    tools/manual/det.cpp): ell^2 determinants of size ell-1, about ell times
//    the primal;
//  - the reverse of the expansion itself, chosen here. The determinant is
//    linear in each row, so the adjoint of a sub-minor S (seed * sign *
//    A[r][c]) is known *before* S is computed: one recursion computes det(S)
//    and pushes S's adjoint down at the same time, and then adds
//    seed * sign * det(S) to A[r][c]. No tape, no second pass: about twice
//    the primal's work, with the same products as differentiating the
//    objective, so it agrees with AD to rounding.
#ifndef ADB_DET_DET_HAND_H
#define ADB_DET_DET_HAND_H

#include "det/det.h"

namespace adb::det_hand {

using adb::det_double::kMaxDetEll;

// Determinant of the minor of the n x n matrix a with rows n-m .. n-1 and
// columns cols[0..m) (as det_of_minor in det_objective.inc); adds
// seed * d det / d a into grad.
inline double det_of_minor_grad(const double* a, int n, const int* cols, int m,
                                double seed, double* grad) {
  const int row = n - m;
  if (m == 1) {
    grad[row * n + cols[0]] += seed;
    return a[row * n + cols[0]];
  }
  int sub[kMaxDetEll];
  for (int k = 1; k < m; ++k)
    sub[k - 1] = cols[k];
  double det = 0;
  for (int j = 0; j < m; ++j) {
    if (j > 0)
      sub[j - 1] = cols[j - 1];
    const int at = row * n + cols[j];
    // The term is sign * a[at] * det(S); its adjoint is seed * sign.
    const double term_seed = j % 2 == 0 ? seed : -seed;
    const double minor = det_of_minor_grad(a, n, sub, m - 1, term_seed * a[at], grad);
    grad[at] += term_seed * minor;
    const double term = a[at] * minor;
    det = j % 2 == 0 ? det + term : det - term;
  }
  return det;
}

// Returns det(a) for the ell x ell row-major a and adds d det / d a into d_a
// (the convention of adgen's _grad functions).
inline double det_by_minors_grad(const double* a, int ell, double* d_a) {
  int cols[kMaxDetEll];
  for (int k = 0; k < ell; ++k)
    cols[k] = k;
  return det_of_minor_grad(a, ell, cols, ell, 1.0, d_a);
}

} // namespace adb::det_hand

#endif
