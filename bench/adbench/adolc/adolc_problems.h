// ADOL-C (operator overloading, taping) as a competitor on the six ADBench /
// GradBench problems: gmm, ba, lstm, ode, lse, det.
//
// Each objective is the very same code as the double one: its `.inc` file is
// instantiated below with `Real = adouble` in `adb::<p>_adouble`. Each class
// records an ADOL-C tape ONCE, in its constructor (GradBench's "prepare"),
// and its gradient()/jacobian() only replays it (zos_forward with keep = 1,
// then a reverse sweep), as GradBench's ADOL-C tool does.
//
// Data-dependent branches. A tape holds one path through the program: the
// path taken at the taping point. The max in the log-sum-exps (gmm, lse:
// `if (v[i] > mx)`) and BA's `theta_sq != 0.0` are such branches, so a tape is
// only valid at points where every comparison goes the same way. GradBench
// uses it that way (prepare at the input, evaluate at the same input), and so
// should the benchmark driver. ADOL-C records the outcome of each adouble
// comparison on the tape and zos_forward returns -1 when a replay goes
// another way; then gradient() re-records the tape at the new point (inside
// that call, so its time shows) and replays it: results are right at any
// point, and fast at the taping point. BA picks, per observation, between
// two reprojection tapes (rotation branch, and the r == 0 first-order branch,
// recorded on first use) by the same double test the objective makes.
//
// Big tapes. ADOL-C keeps a tape in memory buffers of OBUFSIZE/LBUFSIZE/
// VBUFSIZE entries (524288 in Debian's 2.7.2) and spills anything beyond to
// files ADOLC-*.tap in the working directory; the Taylor stack written by
// every zos_forward(keep = 1) spills likewise beyond TBUFSIZE, i.e. each
// replay would write and re-read a file. So record_tape() tapes once with the
// defaults, reads the tape's size (tapestats), and if anything spilled,
// removes the tape (files included) and records it again with per-tape buffers
// that hold it all (trace_on's buffer-size overload). Limit: each count must
// fit in ADOL-C's `uint` (< 2^32 operations / locations / values): beyond
// that the constructor throws std::runtime_error. Memory per tape entry is
// about 1 byte (operation) + 4 bytes per location + 8 bytes per value, plus 8
// bytes per Taylor entry and 8 bytes per live variable for the adjoints.
//
// Not thread-safe (neither is ADOL-C without OpenMP): tags come from a plain
// static counter. Objects are neither copyable nor movable; the destructor
// removes the tape.
#ifndef ADB_ADOLC_ADOLC_PROBLEMS_H
#define ADB_ADOLC_ADOLC_PROBLEMS_H

#include <adolc/adouble.h>
#include <adolc/drivers/drivers.h>
#include <adolc/interfaces.h>
#include <adolc/taping.h>

#include <adgen/adgen.h>

#include <climits>
#include <cmath>
#include <cstddef>
#include <stdexcept>
#include <string>
#include <vector>

#include "common/adbench_io.h"
#include "ode/ode.h" // make_ode_input

// ------------------------------------------------ adouble instantiations

namespace adb {

namespace gmm_adouble {
using Real = adouble;
#define ADGEN_BENCH_MARK
#include "gmm/gmm_objective.inc"
#undef ADGEN_BENCH_MARK
} // namespace gmm_adouble

namespace ba_adouble {
using Real = adouble;
#define ADGEN_BENCH_MARK
#include "ba/ba_objective.inc"
#undef ADGEN_BENCH_MARK
} // namespace ba_adouble

namespace lstm_adouble {
using Real = adouble;
#define ADGEN_BENCH_MARK
#include "lstm/lstm_objective.inc"
#undef ADGEN_BENCH_MARK
} // namespace lstm_adouble

namespace ode_adouble {
using Real = adouble;
#define ADGEN_BENCH_MARK
#include "ode/ode_objective.inc"
#undef ADGEN_BENCH_MARK
} // namespace ode_adouble

namespace lse_adouble {
using Real = adouble;
using std::exp; // as lse.h does; ADOL-C's exp/log(adouble) come by ADL
using std::log;
#define ADGEN_BENCH_MARK
#include "lse/lse_objective.inc"
#undef ADGEN_BENCH_MARK
} // namespace lse_adouble

namespace det_adouble {
using Real = adouble;
#define ADGEN_BENCH_MARK
#include "det/det_objective.inc"
#undef ADGEN_BENCH_MARK
} // namespace det_adouble

// ------------------------------------------------ tape helpers

namespace adolc {
namespace detail {

// A fresh tape tag per object (ADOL-C tags are `short`).
inline short next_tag() {
  static int counter = 0;
  if (counter >= SHRT_MAX)
    throw std::runtime_error("adb::adolc: out of ADOL-C tape tags");
  return static_cast<short>(++counter);
}

// Records body() (which declares independents with <<= and dependents with
// >>=) on tape `tag`, then makes sure the tape and the Taylor stack of a
// zos_forward(keep = 1) replay fit in memory buffers (see the header comment).
template <class Body> void record_tape(short tag, Body&& body) {
  trace_on(tag);
  body();
  trace_off();
  std::size_t st[STAT_SIZE];
  tapestats(tag, st);
  const bool spilled = st[OP_FILE_ACCESS] || st[LOC_FILE_ACCESS] || st[VAL_FILE_ACCESS] ||
                       st[TAY_STACK_SIZE] > st[TAY_BUFFER_SIZE];
  const std::size_t ops = st[NUM_OPERATIONS] + 64, locs = st[NUM_LOCATIONS] + 64,
                    vals = st[NUM_VALUES] + 64, tays = st[TAY_STACK_SIZE] + 64;
  // Every zos_forward(keep = 1) allocates a Taylor buffer of TAY_BUFFER_SIZE
  // doubles (4 MiB by default) and the reverse frees it: for a small tape
  // (BA's ~100 operations) that malloc/page-fault cost dominates the replay.
  // So a tape whose buffers are much larger than it is re-recorded too.
  const bool oversized = 2 * tays < st[TAY_BUFFER_SIZE];
  if (!spilled && !oversized)
    return;
  const std::size_t most = UINT_MAX;
  if (ops > most || locs > most || vals > most || tays > most)
    throw std::runtime_error("adb::adolc: tape " + std::to_string(tag) +
                             " too large for ADOL-C's in-core buffers (" +
                             std::to_string(st[NUM_OPERATIONS]) + " operations, " +
                             std::to_string(st[NUM_LOCATIONS]) + " locations)");
  removeTape(tag, ADOLC_REMOVE_COMPLETELY);
  trace_on(tag, 0, static_cast<uint>(ops), static_cast<uint>(locs), static_cast<uint>(vals),
           static_cast<uint>(tays));
  body();
  trace_off();
  tapestats(tag, st);
  if (st[OP_FILE_ACCESS] || st[LOC_FILE_ACCESS] || st[VAL_FILE_ACCESS])
    throw std::runtime_error("adb::adolc: tape " + std::to_string(tag) +
                             " still spilled to file after resizing its buffers");
}

// Owns a tag; removes the tape on destruction.
class TapeOwner {
public:
  TapeOwner() : tag_(next_tag()) {}
  ~TapeOwner() { removeTape(tag_, ADOLC_REMOVE_COMPLETELY); }
  TapeOwner(const TapeOwner&) = delete;
  TapeOwner& operator=(const TapeOwner&) = delete;
  short tag() const { return tag_; }

private:
  short tag_;
};

// Value and gradient of a scalar tape (one dependent) at x: zos_forward
// keeping the Taylor stack, then fos_reverse (what ADOL-C's gradient() driver
// does, which however does not return the value). Returns zos_forward's code
// (-1: a comparison went another way than when taping: the tape is invalid here).
inline int scalar_gradient(short tag, int n, const double* x, double* value, double* grad) {
  const int rc = zos_forward(tag, 1, n, 1, x, value);
  if (rc < 0)
    return rc;
  double one = 1.0;
  fos_reverse(tag, 1, n, &one, grad);
  return rc;
}

} // namespace detail

// ------------------------------------------------ GMM

// Independents: alphas (k) | means (k*d) | icf (k*d(d+1)/2). x, gamma, m are
// data (taped as constants). Branches: the max in both log-sum-exps.
class GmmTape {
public:
  explicit GmmTape(const adb::GmmInput& in) : in_(in), n_(in.num_params()) {
    std::vector<double> p(n_);
    pack(in_.alphas.data(), in_.means.data(), in_.icf.data(), p.data());
    record(p.data());
  }

  // Returns the objective and WRITES its gradient into grad (num_params()).
  double gradient(const double* params, double* grad) {
    double y = 0;
    if (detail::scalar_gradient(tape_.tag(), n_, params, &y, grad) < 0) {
      record(params); // the max went another way: retape here
      if (detail::scalar_gradient(tape_.tag(), n_, params, &y, grad) < 0)
        throw std::runtime_error("adb::adolc::GmmTape: replay failed after retaping");
    }
    return y;
  }
  int num_params() const { return n_; }
  short tag() const { return tape_.tag(); }

private:
  void pack(const double* alphas, const double* means, const double* icf, double* p) const {
    const int k = in_.k, d = in_.d;
    std::size_t o = 0;
    for (int i = 0; i < k; ++i) p[o++] = alphas[i];
    for (int i = 0; i < k * d; ++i) p[o++] = means[i];
    for (int i = 0; i < k * d * (d + 1) / 2; ++i) p[o++] = icf[i];
  }
  void record(const double* p) {
    const int k = in_.k, d = in_.d;
    detail::record_tape(tape_.tag(), [&] {
      std::vector<adouble> a(n_);
      for (int i = 0; i < n_; ++i)
        a[i] <<= p[i];
      adouble f = gmm_adouble::gmm_objective(d, k, in_.n, &a[0], &a[k], &a[k + k * d],
                                             in_.x.data(), in_.wishart_gamma, in_.wishart_m);
      double y;
      f >>= y;
    });
  }
  adb::GmmInput in_; // a copy: the data x is read when retaping
  int n_;
  detail::TapeOwner tape_;
};

// ------------------------------------------------ LSTM

// Independents: main_params (8lb) | extra_params (3b). No adouble branches.
class LstmTape {
public:
  explicit LstmTape(const adb::LstmInput& in) : n_(in.num_params()) {
    const int l = in.l, c = in.c, b = in.b;
    detail::record_tape(tape_.tag(), [&] {
      std::vector<adouble> a(n_);
      for (int i = 0; i < 8 * l * b; ++i)
        a[i] <<= in.main_params[i];
      for (int i = 0; i < 3 * b; ++i)
        a[8 * l * b + i] <<= in.extra_params[i];
      adouble f = lstm_adouble::lstm_objective(l, c, b, &a[0], &a[8 * l * b], in.state.data(),
                                               in.sequence.data());
      double y;
      f >>= y;
    });
  }
  // Returns the loss and WRITES its gradient into grad (num_params()).
  double gradient(const double* params, double* grad) {
    double y = 0;
    if (detail::scalar_gradient(tape_.tag(), n_, params, &y, grad) < 0)
      throw std::runtime_error("adb::adolc::LstmTape: invalid replay");
    return y;
  }
  int num_params() const { return n_; }
  short tag() const { return tape_.tag(); }

private:
  int n_;
  detail::TapeOwner tape_;
};

// ------------------------------------------------ BA

// One tape of the reprojection residual of one observation (independents
// cam 11 | X 3 | w 1, dependents err 2) and one of the weight residual
// (w -> 1 - w^2), replayed for every observation.
//
// feat is data (`const double*` in ba_project), hence a constant on the tape,
// but it differs between observations. It is taped as 0 and put back exactly:
// ba_project computes err_k = w * (t_k - feat_k) with
// t_k = f u_k L + x0_k, and w enters nowhere else, so the taped function
// (feat = 0) is w * t_k and its w column is exactly t_k (the reverse of a
// product hands the other factor over unchanged; t_k - 0.0 == t_k). Then
// J[w] = t_k - feat_k and err_k = w * J[w] are the objective's own operations
// on the same doubles: bit-identical to it. The other 14 columns never see
// feat (the adjoint of `a - feat` is the identity).
class BaTape {
public:
  BaTape() {
    // A generic point with r != 0 (values of ADBench's test instance scale).
    const double cam[11] = {0.1, -0.2, 0.05, 0.3, -0.1, 0.2, 400.0, 5.0, -3.0, 0.01, -0.02};
    const double X[3] = {0.5, -0.4, 7.0};
    record_reproj(rot_.tag(), cam, X, 0.7);
    detail::record_tape(weight_.tag(), [&] {
      adouble aw, err;
      aw <<= 0.5;
      ba_adouble::ba_weight(aw, &err);
      double y;
      err >>= y;
    });
    U_[0] = u0_, U_[1] = u1_;
    u0_[0] = 1, u0_[1] = 0, u1_[0] = 0, u1_[1] = 1;
    Z_[0] = z0_, Z_[1] = z1_;
  }

  // Observation i's inputs (camera 11 | point 3 | weight) into x, and the
  // tape for its branch: the objective's own test, in the same double
  // arithmetic (the r = 0 tape recorded on first use).
  short observation(const adb::BaInput& in, int i, double* x) {
    const double* cam = &in.cams[11 * std::size_t(in.obs[2 * i])];
    const double* X = &in.X[3 * std::size_t(in.obs[2 * i + 1])];
    for (int j = 0; j < 11; ++j) x[j] = cam[j];
    for (int j = 0; j < 3; ++j) x[11 + j] = X[j];
    x[14] = in.w[i];
    if (cam[0] * cam[0] + cam[1] * cam[1] + cam[2] * cam[2] != 0.0)
      return rot_.tag();
    if (!have_zero_) {
      record_reproj(zero_.tag(), cam, X, in.w[i]);
      have_zero_ = true;
    }
    return zero_.tag();
  }

  // Fills the same layout as ba_hand_jacobian (ba_hand.h): reproj_err (2p),
  // weight_err (p), J_reproj (30 per observation, column-major 2x15,
  // J[2*col + row]), J_weight (p).
  void jacobian(const adb::BaInput& in, double* reproj_err, double* weight_err, double* J_reproj,
                double* J_weight) {
    double x[15];
    for (int i = 0; i < in.p; ++i) {
      const double w = in.w[i];
      const short tag = observation(in, i, x);
      double* err = &reproj_err[2 * std::size_t(i)];
      double* J = &J_reproj[30 * std::size_t(i)];
      if (zos_forward(tag, 2, 15, 1, x, err) < 0)
        throw std::runtime_error("adb::adolc::BaTape: branch differs from the tape");
      fov_reverse(tag, 2, 15, 2, U_, Z_);
      const double* feat = &in.feats[2 * std::size_t(i)];
      for (int col = 0; col < 15; ++col) {
        J[2 * col] = z0_[col];
        J[2 * col + 1] = z1_[col];
      }
      fix_feat(w, feat, err, J);

      double wd = 1.0;
      fos_forward(weight_.tag(), 1, 1, 0, &in.w[i], &wd, &weight_err[i], &J_weight[i]);
    }
  }

  // The same through ADOL-C's jacobian() driver (allocates per call); kept to
  // compare speed (see NOTES-adolc.md).
  void jacobian_driver(const adb::BaInput& in, double* reproj_err, double* weight_err,
                       double* J_reproj, double* J_weight) {
    double x[15], j0[15], j1[15];
    double* Jrows[2] = {j0, j1};
    for (int i = 0; i < in.p; ++i) {
      const double w = in.w[i];
      const short tag = observation(in, i, x);
      double* err = &reproj_err[2 * std::size_t(i)];
      double* J = &J_reproj[30 * std::size_t(i)];
      if (::jacobian(tag, 2, 15, x, Jrows) < 0)
        throw std::runtime_error("adb::adolc::BaTape: branch differs from the tape");
      const double* feat = &in.feats[2 * std::size_t(i)];
      for (int col = 0; col < 15; ++col) {
        J[2 * col] = j0[col];
        J[2 * col + 1] = j1[col];
      }
      fix_feat(w, feat, err, J);
    }
    for (int i = 0; i < in.p; ++i) {
      double g;
      ::gradient(weight_.tag(), 1, &in.w[i], &g);
      weight_err[i] = 1.0 - in.w[i] * in.w[i];
      J_weight[i] = g;
    }
  }

private:
  // Puts feat back (see the class comment); J[28], J[29] hold t_0, t_1.
  static void fix_feat(double w, const double* feat, double* err, double* J) {
    J[28] = J[28] - feat[0];
    J[29] = J[29] - feat[1];
    err[0] = w * J[28];
    err[1] = w * J[29];
  }
  static void record_reproj(short tag, const double* cam, const double* X, double w) {
    detail::record_tape(tag, [&] {
      adouble acam[11], aX[3], aw, err[2];
      for (int j = 0; j < 11; ++j) acam[j] <<= cam[j];
      for (int j = 0; j < 3; ++j) aX[j] <<= X[j];
      aw <<= w;
      const double zero_feat[2] = {0.0, 0.0};
      ba_adouble::ba_project(acam, aX, aw, zero_feat, err);
      double y[2];
      err[0] >>= y[0];
      err[1] >>= y[1];
    });
  }
  detail::TapeOwner rot_, zero_, weight_;
  bool have_zero_ = false;
  double u0_[2], u1_[2], z0_[15], z1_[15];
  double* U_[2];
  double* Z_[2];
};

// ------------------------------------------------ ODE

// Independents x (n); the only dependent y[n-1] (GradBench's `gradient`:
// d y_{n-1}(2) / d x). No adouble branches, so the taping point does not
// matter: GradBench's input make_ode_input(n, steps).
class OdeTape {
public:
  OdeTape(int n, int steps) : n_(n) {
    const adb::OdeInput in = adb::make_ode_input(n, steps);
    detail::record_tape(tape_.tag(), [&] {
      std::vector<adouble> ax(n), ay(n);
      for (int i = 0; i < n; ++i)
        ax[i] <<= in.x[i];
      ode_adouble::ode_solve(ax.data(), n, steps, ay.data());
      double y;
      ay[n - 1] >>= y;
    });
  }
  // WRITES d y[n-1] / d x into grad (n).
  void gradient(const double* x, double* grad) {
    double y;
    if (detail::scalar_gradient(tape_.tag(), n_, x, &y, grad) < 0)
      throw std::runtime_error("adb::adolc::OdeTape: invalid replay");
  }
  short tag() const { return tape_.tag(); }

private:
  int n_;
  detail::TapeOwner tape_;
};

// ------------------------------------------------ LSE

// Independents x (n). Branch: the max (`if (x[i] > a)`), see the header
// comment: taped at x, valid where the same element is the (first) maximum.
class LseTape {
public:
  LseTape(int n, const double* x) : n_(n) { record(x); }
  // Returns lse(x) and WRITES its gradient into grad (n).
  double gradient(const double* x, double* grad) {
    double y = 0;
    if (detail::scalar_gradient(tape_.tag(), n_, x, &y, grad) < 0) {
      record(x);
      if (detail::scalar_gradient(tape_.tag(), n_, x, &y, grad) < 0)
        throw std::runtime_error("adb::adolc::LseTape: replay failed after retaping");
    }
    return y;
  }
  short tag() const { return tape_.tag(); }

private:
  void record(const double* x) {
    detail::record_tape(tape_.tag(), [&] {
      std::vector<adouble> ax(n_);
      for (int i = 0; i < n_; ++i)
        ax[i] <<= x[i];
      adouble f = lse_adouble::logsumexp(ax.data(), n_);
      double y;
      f >>= y;
    });
  }
  int n_;
  detail::TapeOwner tape_;
};

// ------------------------------------------------ det

// Independents a (ell*ell, row-major). No adouble branches (the expansion's
// structure depends on ell only). The tape has ~e*ell! operations.
class DetTape {
public:
  DetTape(int ell, const double* a) : n_(ell * ell) {
    detail::record_tape(tape_.tag(), [&] {
      std::vector<adouble> aa(n_);
      for (int i = 0; i < n_; ++i)
        aa[i] <<= a[i];
      adouble f = det_adouble::det_by_minors(aa.data(), ell);
      double y;
      f >>= y;
    });
  }
  // Returns det(a) and WRITES its gradient into grad (ell*ell).
  double gradient(const double* a, double* grad) {
    double y = 0;
    if (detail::scalar_gradient(tape_.tag(), n_, a, &y, grad) < 0)
      throw std::runtime_error("adb::adolc::DetTape: invalid replay");
    return y;
  }
  short tag() const { return tape_.tag(); }

private:
  int n_;
  detail::TapeOwner tape_;
};

} // namespace adolc
} // namespace adb

#endif
