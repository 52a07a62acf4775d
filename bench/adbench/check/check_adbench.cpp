// Checks of the GMM, BA and LSTM gradients on small instances:
//   hand-written gradient  vs  central finite differences of the objective
//                              instantiated with long double (rel. err <= 1e-6)
//   adgen's gradient       vs  hand-written gradient (rel. err <= 1e-10)
// and the values returned by both against the objective.
// Relative error: max_i |a_i - b_i| / max_i |b_i| over the whole gradient.
// Prints one line per check; exits 1 if any fails.
//
// Build (the generated headers in /tmp/adb):
//   adgen bench/adbench/{gmm,ba,lstm}/X.cpp -o /tmp/adb/X.grad.h -- -std=c++17
//       -I runtime/include -I bench/adbench
//   g++ -std=c++17 -O2 -I/tmp/adb -Iruntime/include -Ibench/adbench
//       bench/adbench/check/check_adbench.cpp -o /tmp/adb/check
// Optional argument: the ADBench data directory (default
// ../shared/data/adbench beside the checkout, set by CMake); files that
// cannot be read are skipped.
#include "ba/ba.h"
#include "ba/ba_hand.h"
#include "common/adbench_io.h"
#include "gmm/gmm.h"
#include "gmm/gmm_hand.h"
#include "lstm/lstm.h"
#include "lstm/lstm_hand.h"

#include "ba.grad.h"
#include "ba/ba_adgen.h"
#include "gmm.grad.h"
#include "lstm.grad.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <functional>
#include <string>
#include <vector>

namespace {

using LongVec = std::vector<long double>;
constexpr double kFdTolerance = 1e-6;
constexpr double kAdgenTolerance = 1e-10;
int failures = 0;

double relative_error(const std::vector<double>& a, const std::vector<double>& b) {
  double diff = 0, scale = 0;
  for (std::size_t i = 0; i < a.size(); ++i) {
    diff = std::max(diff, std::fabs(a[i] - b[i]));
    scale = std::max(scale, std::fabs(b[i]));
  }
  return scale > 0 ? diff / scale : diff;
}

void report(const std::string& what, double err, double tolerance) {
  const bool ok = err <= tolerance && !std::isnan(err);
  if (!ok)
    ++failures;
  std::printf("%-4s %-62s rel.err %.2e (tol %.0e)\n", ok ? "ok" : "FAIL", what.c_str(), err,
              tolerance);
}

// Central differences of f at p, in long double, step 1e-6 * max(1, |p_i|).
std::vector<double> fd_gradient(const std::function<long double(const LongVec&)>& f,
                                const std::vector<double>& p) {
  LongVec q(p.begin(), p.end());
  std::vector<double> g(p.size());
  for (std::size_t i = 0; i < p.size(); ++i) {
    const long double h = 1e-6L * std::max(1.0L, std::fabs(q[i]));
    const long double saved = q[i];
    q[i] = saved + h;
    const long double up = f(q);
    q[i] = saved - h;
    const long double down = f(q);
    q[i] = saved;
    g[i] = double((up - down) / (2 * h));
  }
  return g;
}

// ---------------------------------------------------------------- GMM

void check_gmm(const std::string& name, const adb::GmmInput& in) {
  const int d = in.d, k = in.k, n = in.n;
  const std::size_t na = k, nm = std::size_t(k) * d;
  std::vector<double> params(in.alphas);
  params.insert(params.end(), in.means.begin(), in.means.end());
  params.insert(params.end(), in.icf.begin(), in.icf.end());

  const double value = adb::gmm_double::gmm_objective(d, k, n, in.alphas.data(), in.means.data(),
                                                      in.icf.data(), in.x.data(),
                                                      in.wishart_gamma, in.wishart_m);
  std::vector<double> hand(params.size());
  adb::GmmHandWorkspace ws;
  const double hand_value = adb::gmm_hand_gradient(
      d, k, n, in.alphas.data(), in.means.data(), in.icf.data(), in.x.data(), in.wishart_gamma,
      in.wishart_m, hand.data(), hand.data() + na, hand.data() + na + nm, ws);
  std::vector<double> gen(params.size(), 0.0);
  const double gen_value = adb::gmm_double::gmm_objective_grad(
      d, k, n, in.alphas.data(), in.means.data(), in.icf.data(), in.x.data(), in.wishart_gamma,
      in.wishart_m, gen.data(), gen.data() + na, gen.data() + na + nm);
  const std::vector<double> fd = fd_gradient(
      [&](const LongVec& p) {
        return adb::gmm_long_double::gmm_objective(d, k, n, p.data(), p.data() + na,
                                                   p.data() + na + nm, in.x.data(),
                                                   in.wishart_gamma, in.wishart_m);
      },
      params);
  report("gmm " + name + " hand value vs objective", std::fabs(hand_value - value) / std::fabs(value),
         1e-12);
  report("gmm " + name + " adgen value vs objective", std::fabs(gen_value - value) / std::fabs(value),
         1e-12);
  report("gmm " + name + " hand gradient vs long-double FD", relative_error(hand, fd),
         kFdTolerance);
  report("gmm " + name + " adgen gradient vs hand", relative_error(gen, hand), kAdgenTolerance);
}

// ---------------------------------------------------------------- BA

// Jacobian block of one observation from adgen's vjp: one call per row.
void adgen_reproj_block(const double* cam, const double* X, double w, const double* feat,
                        double* J) {
  for (int row = 0; row < 2; ++row) {
    double d_cam[11] = {}, d_X[3] = {}, d_w = 0;
    double d_err[2] = {row == 0 ? 1.0 : 0.0, row == 1 ? 1.0 : 0.0};
    double err[2];
    adb::ba_double::ba_project_vjp(cam, X, w, feat, err, d_cam, d_X, &d_w, d_err);
    for (int col = 0; col < 11; ++col)
      J[2 * col + row] = d_cam[col];
    for (int col = 0; col < 3; ++col)
      J[2 * (11 + col) + row] = d_X[col];
    J[2 * 14 + row] = d_w;
  }
}

void check_ba(const std::string& name, const adb::BaInput& in, int max_obs) {
  const int p = std::min(in.p, max_obs);
  std::vector<double> hand_all, gen_all, multi_all, fd_all, hw_all, gw_all, fw_all;
  std::vector<double> err_val, err_ref, multi_err;
  for (int i = 0; i < p; ++i) {
    const double* cam = &in.cams[11 * in.obs[2 * i]];
    const double* X = &in.X[3 * in.obs[2 * i + 1]];
    const double w = in.w[i];
    const double* feat = &in.feats[2 * i];
    double hand[30], gen[30], err[2], ref_err[2];
    adb::ba_hand_reproj_jacobian(cam, X, w, feat, err, hand);
    adgen_reproj_block(cam, X, w, feat, gen);
    double multi[30], merr[2];
    adb::ba_adgen_reproj_jacobian(cam, X, w, feat, merr, multi);
    adb::ba_double::ba_project(cam, X, w, feat, ref_err);
    // Finite differences, one row at a time, over (cam, X, w).
    std::vector<double> at(cam, cam + 11);
    at.insert(at.end(), X, X + 3);
    at.push_back(w);
    double fd[30];
    for (int row = 0; row < 2; ++row) {
      const std::vector<double> g = fd_gradient(
          [&](const LongVec& v) {
            long double e[2];
            adb::ba_long_double::ba_project(v.data(), v.data() + 11, v[14], feat, e);
            return e[row];
          },
          at);
      for (int col = 0; col < 15; ++col)
        fd[2 * col + row] = g[col];
    }
    hand_all.insert(hand_all.end(), hand, hand + 30);
    gen_all.insert(gen_all.end(), gen, gen + 30);
    multi_all.insert(multi_all.end(), multi, multi + 30);
    multi_err.insert(multi_err.end(), merr, merr + 2);
    fd_all.insert(fd_all.end(), fd, fd + 30);
    err_val.insert(err_val.end(), err, err + 2);
    err_ref.insert(err_ref.end(), ref_err, ref_err + 2);

    double hw, werr, gw = 0, fw;
    adb::ba_hand_weight_jacobian(w, &werr, &hw);
    double d_werr = 1, werr2;
    adb::ba_double::ba_weight_vjp(w, &werr2, &gw, &d_werr);
    fw = fd_gradient(
        [&](const LongVec& v) {
          long double e;
          adb::ba_long_double::ba_weight(v[0], &e);
          return e;
        },
        {w})[0];
    hw_all.push_back(hw), gw_all.push_back(gw), fw_all.push_back(fw);
  }
  const std::string obs = " (" + std::to_string(p) + " obs)";
  report("ba " + name + " hand residuals vs objective" + obs, relative_error(err_val, err_ref),
         1e-10); // w * (proj - feat) cancels: looser
  report("ba " + name + " hand reproj. blocks vs long-double FD" + obs,
         relative_error(hand_all, fd_all), kFdTolerance);
  report("ba " + name + " adgen reproj. blocks vs hand" + obs, relative_error(gen_all, hand_all),
         kAdgenTolerance);
  report("ba " + name + " adgen multi-seed blocks vs long-double FD" + obs,
         relative_error(multi_all, fd_all), kFdTolerance);
  report("ba " + name + " adgen multi-seed residuals vs objective" + obs,
         relative_error(multi_err, err_ref), 1e-10);
  report("ba " + name + " hand weight rows vs long-double FD" + obs, relative_error(hw_all, fw_all),
         kFdTolerance);
  report("ba " + name + " adgen weight rows vs hand" + obs, relative_error(gw_all, hw_all),
         kAdgenTolerance);
}

// ---------------------------------------------------------------- LSTM

void check_lstm(const std::string& name, const adb::LstmInput& in) {
  const int l = in.l, c = in.c, b = in.b;
  const std::size_t nm = std::size_t(8) * l * b;
  std::vector<double> params(in.main_params);
  params.insert(params.end(), in.extra_params.begin(), in.extra_params.end());

  const double value = adb::lstm_double::lstm_objective(
      l, c, b, in.main_params.data(), in.extra_params.data(), in.state.data(), in.sequence.data());
  std::vector<double> hand(params.size());
  adb::LstmHandWorkspace ws;
  const double hand_value = adb::lstm_hand_gradient(
      l, c, b, in.main_params.data(), in.extra_params.data(), in.state.data(),
      in.sequence.data(), hand.data(), hand.data() + nm, ws);
  std::vector<double> gen(params.size(), 0.0);
  const double gen_value = adb::lstm_double::lstm_objective_grad(
      l, c, b, in.main_params.data(), in.extra_params.data(), in.state.data(),
      in.sequence.data(), gen.data(), gen.data() + nm);
  const std::vector<double> fd = fd_gradient(
      [&](const LongVec& p) {
        return adb::lstm_long_double::lstm_objective(l, c, b, p.data(), p.data() + nm,
                                                     in.state.data(), in.sequence.data());
      },
      params);
  report("lstm " + name + " hand value vs objective", std::fabs(hand_value - value) / std::fabs(value),
         1e-12);
  report("lstm " + name + " adgen value vs objective", std::fabs(gen_value - value) / std::fabs(value),
         1e-12);
  report("lstm " + name + " hand gradient vs long-double FD", relative_error(hand, fd),
         kFdTolerance);
  report("lstm " + name + " adgen gradient vs hand", relative_error(gen, hand), kAdgenTolerance);
}

// Runs check(read()) unless the file cannot be read.
template <class Read, class Check> void from_file(const std::string& path, Read read, Check check) {
  try {
    check(read(path));
  } catch (const std::exception& e) {
    std::printf("skip %s\n", e.what());
  }
}

} // namespace

int main(int argc, char** argv) {
#ifdef ADB_DATA_DIR
  const std::string data = argc > 1 ? argv[1] : ADB_DATA_DIR;
#else
  const std::string data = argc > 1 ? argv[1] : "../shared/data/adbench";
#endif

  // GMM: generated instances (one with m != 0 and gamma != 1, to reach every
  // prior term) and ADBench's small files.
  check_gmm("generated d=2 k=5 n=10", adb::generate_gmm(2, 5, 10));
  {
    adb::GmmInput in = adb::generate_gmm(5, 3, 20, 7);
    in.wishart_gamma = 1.7;
    in.wishart_m = 3;
    check_gmm("generated d=5 k=3 n=20 gamma=1.7 m=3", in);
  }
  from_file(data + "/gmm/test.txt", [](auto& p) { return adb::read_gmm(p); },
            [](const adb::GmmInput& in) { check_gmm("test.txt", in); });
  from_file(data + "/gmm/1k/gmm_d2_K5.txt", [](auto& p) { return adb::read_gmm(p); },
            [](const adb::GmmInput& in) { check_gmm("1k/gmm_d2_K5.txt", in); });
  from_file(data + "/gmm/2.5M/gmm_d2_K5.txt", [](auto& p) { return adb::read_gmm(p, true); },
            [](adb::GmmInput in) {
              in.n = 1000; // the replicated point, 1000 times rather than 2.5M
              in.x.resize(std::size_t(in.n) * in.d);
              check_gmm("2.5M/gmm_d2_K5.txt (n cut to 1000)", in);
            });

  // BA: independent cameras/points/weights (camera 0 with rotation exactly 0,
  // the small-angle branch) and ADBench's replicated files.
  {
    adb::BaInput in = adb::generate_ba(3, 4, 8, /*replicate=*/false);
    in.cams[0] = in.cams[1] = in.cams[2] = 0;
    check_ba("generated n=3 m=4 p=8", in, 8);
  }
  from_file(data + "/ba/test.txt", [](auto& p) { return adb::read_ba(p); },
            [](const adb::BaInput& in) { check_ba("test.txt", in, 4); });
  from_file(data + "/ba/ba1_n49_m7776_p31843.txt", [](auto& p) { return adb::read_ba(p); },
            [](const adb::BaInput& in) { check_ba("ba1_n49_m7776_p31843.txt", in, 4); });

  // LSTM
  check_lstm("generated l=2 c=4 b=3", adb::generate_lstm(2, 4, 3));
  check_lstm("generated l=3 c=6 b=5", adb::generate_lstm(3, 6, 5, 11));
  from_file(data + "/lstm/lstm_l2_c1024.txt", [](auto& p) { return adb::read_lstm(p); },
            [](const adb::LstmInput& in) { check_lstm("lstm_l2_c1024.txt", in); });

  std::printf("%s: %d failure(s)\n", failures ? "FAILED" : "PASSED", failures);
  return failures ? 1 : 0;
}
