// Checks of ADOL-C's derivatives (adolc/adolc_problems.h) on small instances
// of gmm, ba, lstm, ode, lse, det against the hand-written ones (rel. err
// <= 1e-10: max_i |a_i - b_i| / max_i |b_i|), and of the values against the
// double objective; then rough timings of ADOL-C's gradient vs the objective
// on a medium instance of each. One line per check; exit status 1 if any fails.
//
// Build (single file):
//   g++ -std=c++17 -O2 -I/work/main/runtime/include -I/work/main/bench/adbench
//       bench/adbench/check/check_adolc.cpp -ladolc -o /tmp/adolc/check
// Arguments: --no-timing (checks only), --big (also tape GMM instances past
// ADBench's ADOL-C crash at ~21k parameters). Each timing runs in a forked
// child (POSIX), before any check has grown ADOL-C's location store.
#include "adolc/adolc_problems.h"

#include "ba/ba.h"
#include "ba/ba_hand.h"
#include "common/adbench_io.h"
#include "det/det.h"
#include "det/det_hand.h"
#include "gmm/gmm.h"
#include "gmm/gmm_hand.h"
#include "lse/lse.h"
#include "lse/lse_hand.h"
#include "lstm/lstm.h"
#include "lstm/lstm_hand.h"
#include "ode/ode.h"
#include "ode/ode_hand.h"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <functional>
#include <string>
#include <vector>

#include <sys/wait.h>
#include <unistd.h>

namespace {

constexpr double kTolerance = 1e-10;
int failures = 0;

double relative_error(const double* a, const double* b, std::size_t n) {
  double diff = 0, scale = 0;
  for (std::size_t i = 0; i < n; ++i) {
    diff = std::max(diff, std::fabs(a[i] - b[i]));
    scale = std::max(scale, std::fabs(b[i]));
  }
  if (std::isnan(diff))
    return diff;
  return scale > 0 ? diff / scale : diff;
}
double relative_error(const std::vector<double>& a, const std::vector<double>& b) {
  return relative_error(a.data(), b.data(), b.size());
}
double value_error(double a, double b) { return std::fabs(a - b) / std::max(1.0, std::fabs(b)); }

void report(const std::string& what, double err) {
  const bool ok = err <= kTolerance && !std::isnan(err);
  if (!ok)
    ++failures;
  std::printf("%-4s %-66s rel.err %.2e\n", ok ? "ok" : "FAIL", what.c_str(), err);
}

// ---------------------------------------------------------------- checks

void check_gmm(const adb::GmmInput& in, const std::string& name) {
  adb::adolc::GmmTape tape(in);
  const int np = in.num_params(), k = in.k, d = in.d;
  std::vector<double> p(np), g(np), h(np);
  std::copy(in.alphas.begin(), in.alphas.end(), p.begin());
  std::copy(in.means.begin(), in.means.end(), p.begin() + k);
  std::copy(in.icf.begin(), in.icf.end(), p.begin() + k + k * d);
  std::fill(g.begin(), g.end(), 123.0); // must be overwritten
  const double v = tape.gradient(p.data(), g.data());
  adb::GmmHandWorkspace ws;
  adb::gmm_hand_gradient(d, k, in.n, in.alphas.data(), in.means.data(), in.icf.data(),
                         in.x.data(), in.wishart_gamma, in.wishart_m, &h[0], &h[k], &h[k + k * d],
                         ws);
  const double f = adb::gmm_double::gmm_objective(d, k, in.n, in.alphas.data(), in.means.data(),
                                                  in.icf.data(), in.x.data(), in.wishart_gamma,
                                                  in.wishart_m);
  report("gmm " + name + " gradient vs hand", relative_error(g, h));
  report("gmm " + name + " value vs objective", value_error(v, f));
}

void check_gmm_other_point(const adb::GmmInput& in, const std::string& name) {
  // Tape at in, replay at another point (alphas permuted, so the max of
  // log-sum-exp(alphas) moves: exercises the retape on a branch switch).
  adb::adolc::GmmTape tape(in);
  adb::GmmInput other = in;
  std::reverse(other.alphas.begin(), other.alphas.end());
  for (double& m : other.means) m *= 0.7;
  const int np = in.num_params(), k = in.k, d = in.d;
  std::vector<double> p(np), g(np), h(np);
  std::copy(other.alphas.begin(), other.alphas.end(), p.begin());
  std::copy(other.means.begin(), other.means.end(), p.begin() + k);
  std::copy(other.icf.begin(), other.icf.end(), p.begin() + k + k * d);
  const double v = tape.gradient(p.data(), g.data());
  adb::GmmHandWorkspace ws;
  const double f = adb::gmm_hand_gradient(d, k, in.n, other.alphas.data(), other.means.data(),
                                          other.icf.data(), other.x.data(), other.wishart_gamma,
                                          other.wishart_m, &h[0], &h[k], &h[k + k * d], ws);
  report("gmm " + name + " at another point (retape) gradient", relative_error(g, h));
  report("gmm " + name + " at another point (retape) value", value_error(v, f));
}

void check_lstm(int l, int c, int b) {
  const adb::LstmInput in = adb::generate_lstm(l, c, b);
  adb::adolc::LstmTape tape(in);
  const int np = in.num_params();
  std::vector<double> p(np), g(np, 123.0), h(np);
  std::copy(in.main_params.begin(), in.main_params.end(), p.begin());
  std::copy(in.extra_params.begin(), in.extra_params.end(), p.begin() + 8 * l * b);
  const double v = tape.gradient(p.data(), g.data());
  adb::LstmHandWorkspace ws;
  adb::lstm_hand_gradient(l, c, b, in.main_params.data(), in.extra_params.data(),
                          in.state.data(), in.sequence.data(), &h[0], &h[8 * l * b], ws);
  const double f = adb::lstm_double::lstm_objective(l, c, b, in.main_params.data(),
                                                    in.extra_params.data(), in.state.data(),
                                                    in.sequence.data());
  const std::string name = "l=" + std::to_string(l) + " c=" + std::to_string(c) +
                           " b=" + std::to_string(b);
  report("lstm " + name + " gradient vs hand", relative_error(g, h));
  report("lstm " + name + " value vs objective", value_error(v, f));
}

void check_ba(const adb::BaInput& in, const std::string& name, bool driver) {
  adb::adolc::BaTape tape;
  const std::size_t p = in.p;
  std::vector<double> re(2 * p), we(p), Jr(30 * p, 123.0), Jw(p, 123.0);
  std::vector<double> hre(2 * p), hwe(p), hJr(30 * p), hJw(p);
  if (driver)
    tape.jacobian_driver(in, re.data(), we.data(), Jr.data(), Jw.data());
  else
    tape.jacobian(in, re.data(), we.data(), Jr.data(), Jw.data());
  adb::ba_hand_jacobian(in.p, in.cams.data(), in.X.data(), in.w.data(), in.obs.data(),
                        in.feats.data(), hre.data(), hwe.data(), hJr.data(), hJw.data());
  // Per block, relative to the block's largest entry.
  double jr = 0, jw = relative_error(Jw, hJw);
  for (std::size_t i = 0; i < p; ++i)
    jr = std::max(jr, relative_error(&Jr[30 * i], &hJr[30 * i], 30));
  // Residuals against the objective itself (bit-identical by construction).
  double ev = 0, wv = 0;
  for (std::size_t i = 0; i < p; ++i) {
    double e[2], w1;
    adb::ba_double::ba_project(&in.cams[11 * in.obs[2 * i]], &in.X[3 * in.obs[2 * i + 1]], in.w[i],
                               &in.feats[2 * i], e);
    adb::ba_double::ba_weight(in.w[i], &w1);
    ev = std::max({ev, std::fabs(e[0] - re[2 * i]), std::fabs(e[1] - re[2 * i + 1])});
    wv = std::max(wv, std::fabs(w1 - we[i]));
  }
  const std::string how = driver ? " [jacobian()]" : "";
  report("ba " + name + how + " reproj blocks vs hand", jr);
  report("ba " + name + how + " weight blocks vs hand", jw);
  report("ba " + name + how + " residuals vs objective (abs)", ev + wv);
}

void check_ode(int n, int steps) {
  adb::adolc::OdeTape tape(n, steps);
  // At the taping point and at another point (no branches: same tape).
  for (int seed : {31337, 7}) {
    const adb::OdeInput in = adb::make_ode_input(n, steps, seed);
    std::vector<double> g(n, 123.0), h(n, 0.0), y(n);
    tape.gradient(in.x.data(), g.data());
    adb::ode_hand::ode_gradient_last(in.x.data(), n, steps, y.data(), h.data());
    report("ode n=" + std::to_string(n) + " s=" + std::to_string(steps) + " seed " +
               std::to_string(seed) + " gradient vs hand",
           relative_error(g, h));
  }
}

void check_lse(const std::vector<double>& x, const std::string& name,
               const std::vector<double>* other = nullptr) {
  const int n = int(x.size());
  adb::adolc::LseTape tape(n, x.data());
  const std::vector<double>& at = other ? *other : x;
  std::vector<double> g(n, 123.0), h(n, 0.0);
  const double v = tape.gradient(at.data(), g.data());
  adb::lse_hand::logsumexp_grad(at.data(), n, h.data());
  const double f = adb::lse_double::logsumexp(at.data(), n);
  report("lse " + name + " gradient vs hand", relative_error(g, h));
  report("lse " + name + " value vs objective", value_error(v, f));
}

void check_det(const std::vector<double>& a, int ell, const std::string& name) {
  adb::adolc::DetTape tape(ell, a.data());
  std::vector<double> g(a.size(), 123.0), h(a.size(), 0.0);
  const double v = tape.gradient(a.data(), g.data());
  adb::det_hand::det_by_minors_grad(a.data(), ell, h.data());
  const double f = adb::det_double::det_by_minors(a.data(), ell);
  report("det " + name + " gradient vs hand", relative_error(g, h));
  report("det " + name + " value vs objective", value_error(v, f));
}

// ---------------------------------------------------------------- timing

using Clock = std::chrono::steady_clock;
template <class F> double seconds(F&& f) {
  const auto t0 = Clock::now();
  f();
  return std::chrono::duration<double>(Clock::now() - t0).count();
}
// Best of several runs (at least 3, until ~1 s is spent), in milliseconds.
template <class F> double best_ms(F&& f) {
  double best = 1e300, total = 0;
  for (int i = 0; i < 3 || (total < 1.0 && i < 200); ++i) {
    const double s = seconds(f);
    best = std::min(best, s);
    total += s;
  }
  return best * 1e3;
}
volatile double sink;

void tape_stats_line(short tag) {
  std::size_t st[STAT_SIZE];
  tapestats(tag, st);
  std::printf("      tape: %zu ops, %zu locations, %zu values, %zu max live, taylor stack %zu\n",
              st[NUM_OPERATIONS], st[NUM_LOCATIONS], st[NUM_VALUES], st[NUM_MAX_LIVES],
              st[TAY_STACK_SIZE]);
}

void line(const char* what, double prepare, double obj, double ad, double hand) {
  std::printf("time %-34s prepare %9.2f ms | objective %9.3f ms | adolc %9.3f ms (%6.1fx) | "
              "hand %9.3f ms (%5.1fx)\n",
              what, prepare, obj, ad, ad / obj, hand, hand / obj);
}

void time_gmm(int d, int k, int n) {
  const adb::GmmInput in = adb::generate_gmm(d, k, n);
  const int np = in.num_params();
  adb::adolc::GmmTape* tape = nullptr;
  const double prep = seconds([&] { tape = new adb::adolc::GmmTape(in); }) * 1e3;
  std::vector<double> p(np), g(np), h(np);
  std::copy(in.alphas.begin(), in.alphas.end(), p.begin());
  std::copy(in.means.begin(), in.means.end(), p.begin() + k);
  std::copy(in.icf.begin(), in.icf.end(), p.begin() + k + k * d);
  const double obj = best_ms([&] {
    sink = adb::gmm_double::gmm_objective(d, k, n, in.alphas.data(), in.means.data(),
                                          in.icf.data(), in.x.data(), in.wishart_gamma,
                                          in.wishart_m);
  });
  const double ad = best_ms([&] { sink = tape->gradient(p.data(), g.data()); });
  adb::GmmHandWorkspace ws;
  const double hand = best_ms([&] {
    sink = adb::gmm_hand_gradient(d, k, n, in.alphas.data(), in.means.data(), in.icf.data(),
                                  in.x.data(), in.wishart_gamma, in.wishart_m, &h[0], &h[k],
                                  &h[k + k * d], ws);
  });
  char what[96];
  std::snprintf(what, sizeof what, "gmm d=%d k=%d n=%d (%d params)", d, k, n, np);
  line(what, prep, obj, ad, hand);
  tape_stats_line(tape->tag());
  report(std::string(what) + " gradient vs hand", relative_error(g, h));
  delete tape;
}

void time_ba(int n, int m, int p) {
  const adb::BaInput in = adb::generate_ba(n, m, p);
  adb::adolc::BaTape* tape = nullptr;
  const double prep = seconds([&] { tape = new adb::adolc::BaTape(); }) * 1e3;
  std::vector<double> re(2 * p), we(p), Jr(30 * std::size_t(p)), Jw(p);
  const double obj = best_ms([&] {
    for (int i = 0; i < p; ++i) {
      adb::ba_double::ba_project(&in.cams[11 * in.obs[2 * i]], &in.X[3 * in.obs[2 * i + 1]],
                                 in.w[i], &in.feats[2 * i], &re[2 * i]);
      adb::ba_double::ba_weight(in.w[i], &we[i]);
    }
  });
  const double ad = best_ms([&] { tape->jacobian(in, re.data(), we.data(), Jr.data(), Jw.data()); });
  const double drv =
      best_ms([&] { tape->jacobian_driver(in, re.data(), we.data(), Jr.data(), Jw.data()); });
  const double hand = best_ms([&] {
    adb::ba_hand_jacobian(in.p, in.cams.data(), in.X.data(), in.w.data(), in.obs.data(),
                          in.feats.data(), re.data(), we.data(), Jr.data(), Jw.data());
  });
  char what[96];
  std::snprintf(what, sizeof what, "ba n=%d m=%d p=%d", n, m, p);
  line(what, prep, obj, ad, hand);
  std::printf("      ba via ADOL-C's jacobian() driver: %.3f ms (%.1fx)\n", drv, drv / obj);
  delete tape;
}

void time_lstm(int l, int c, int b) {
  const adb::LstmInput in = adb::generate_lstm(l, c, b);
  const int np = in.num_params();
  adb::adolc::LstmTape* tape = nullptr;
  const double prep = seconds([&] { tape = new adb::adolc::LstmTape(in); }) * 1e3;
  std::vector<double> p(np), g(np), h(np);
  std::copy(in.main_params.begin(), in.main_params.end(), p.begin());
  std::copy(in.extra_params.begin(), in.extra_params.end(), p.begin() + 8 * l * b);
  const double obj = best_ms([&] {
    sink = adb::lstm_double::lstm_objective(l, c, b, in.main_params.data(), in.extra_params.data(),
                                            in.state.data(), in.sequence.data());
  });
  const double ad = best_ms([&] { sink = tape->gradient(p.data(), g.data()); });
  adb::LstmHandWorkspace ws;
  const double hand = best_ms([&] {
    sink = adb::lstm_hand_gradient(l, c, b, in.main_params.data(), in.extra_params.data(),
                                   in.state.data(), in.sequence.data(), &h[0], &h[8 * l * b], ws);
  });
  char what[96];
  std::snprintf(what, sizeof what, "lstm l=%d c=%d b=%d", l, c, b);
  line(what, prep, obj, ad, hand);
  tape_stats_line(tape->tag());
  delete tape;
}

void time_ode(int n, int s) {
  const adb::OdeInput in = adb::make_ode_input(n, s);
  adb::adolc::OdeTape* tape = nullptr;
  const double prep = seconds([&] { tape = new adb::adolc::OdeTape(n, s); }) * 1e3;
  std::vector<double> y(n), g(n), h(n);
  const double obj = best_ms([&] { adb::ode_double::ode_solve(in.x.data(), n, s, y.data()); });
  const double ad = best_ms([&] { tape->gradient(in.x.data(), g.data()); });
  const double hand = best_ms([&] {
    std::fill(h.begin(), h.end(), 0.0);
    adb::ode_hand::ode_gradient_last(in.x.data(), n, s, y.data(), h.data());
  });
  char what[96];
  std::snprintf(what, sizeof what, "ode n=%d s=%d", n, s);
  line(what, prep, obj, ad, hand);
  tape_stats_line(tape->tag());
  delete tape;
}

void time_lse(int n) {
  const std::vector<double> x = adb::make_lse_input(n);
  adb::adolc::LseTape* tape = nullptr;
  const double prep = seconds([&] { tape = new adb::adolc::LseTape(n, x.data()); }) * 1e3;
  std::vector<double> g(n), h(n);
  const double obj = best_ms([&] { sink = adb::lse_double::logsumexp(x.data(), n); });
  const double ad = best_ms([&] { sink = tape->gradient(x.data(), g.data()); });
  const double hand = best_ms([&] {
    std::fill(h.begin(), h.end(), 0.0);
    sink = adb::lse_hand::logsumexp_grad(x.data(), n, h.data());
  });
  char what[96];
  std::snprintf(what, sizeof what, "lse n=%d", n);
  line(what, prep, obj, ad, hand);
  tape_stats_line(tape->tag());
  delete tape;
}

void time_det(int ell) {
  const std::vector<double> a = adb::make_det_input(ell);
  adb::adolc::DetTape* tape = nullptr;
  const double prep = seconds([&] { tape = new adb::adolc::DetTape(ell, a.data()); }) * 1e3;
  std::vector<double> g(a.size()), h(a.size());
  const double obj = best_ms([&] { sink = adb::det_double::det_by_minors(a.data(), ell); });
  const double ad = best_ms([&] { sink = tape->gradient(a.data(), g.data()); });
  const double hand = best_ms([&] {
    std::fill(h.begin(), h.end(), 0.0);
    sink = adb::det_hand::det_by_minors_grad(a.data(), ell, h.data());
  });
  char what[96];
  std::snprintf(what, sizeof what, "det ell=%d", ell);
  line(what, prep, obj, ad, hand);
  tape_stats_line(tape->tag());
  report(std::string(what) + " gradient vs hand", relative_error(g, h));
  delete tape;
}

} // namespace

int main(int argc, char** argv) {
  bool timing = true, big = false;
  for (int i = 1; i < argc; ++i) {
    if (!std::strcmp(argv[i], "--no-timing")) timing = false;
    else if (!std::strcmp(argv[i], "--big")) big = true;
  }

  // Timings first, each in a fresh child process: ADOL-C's global location
  // store only grows, and every replay touches all of it (see NOTES-adolc.md),
  // so a tape timed after a bigger one would pay for the bigger one's store.
  std::vector<std::function<void()>> timings;
  if (timing) {
    timings.push_back([] { time_gmm(2, 5, 1000); });
    timings.push_back([] { time_gmm(10, 25, 1000); });
    timings.push_back([] { time_ba(20, 200, 20000); });
    timings.push_back([] { time_lstm(2, 1024, 14); });
    timings.push_back([] { time_ode(1000, 10); });
    timings.push_back([] { time_lse(100000); });
    timings.push_back([] { time_lse(1000000); });
    timings.push_back([] { time_det(7); });
    timings.push_back([] { time_det(9); });
  }
  if (big) {
    timings.push_back([] { time_gmm(20, 50, 1000); });
    timings.push_back([] { time_gmm(32, 50, 1000); });
    timings.push_back([] { time_gmm(64, 25, 1000); });
  }
  if (!timings.empty())
    std::printf("Timings (fresh process each; best of >= 3 runs, ~1 s; ratio to the objective):\n");
  for (auto& t : timings) {
    std::fflush(stdout);
    const pid_t pid = fork();
    if (pid == 0) {
      t();
      std::fflush(stdout);
      _exit(failures ? 1 : 0);
    }
    int status = 0;
    if (pid < 0 || waitpid(pid, &status, 0) != pid || !WIFEXITED(status) ||
        WEXITSTATUS(status) != 0) {
      std::printf("FAIL timing child (status %d)\n", status);
      ++failures;
    }
  }
  if (!timings.empty())
    std::printf("\n");

  // GMM
  check_gmm(adb::generate_gmm(2, 5, 10), "d=2 k=5 n=10");
  {
    adb::GmmInput in = adb::generate_gmm(5, 3, 20);
    in.wishart_gamma = 1.7;
    in.wishart_m = 3;
    check_gmm(in, "d=5 k=3 n=20 gamma=1.7 m=3");
  }
  check_gmm(adb::generate_gmm(4, 6, 50, 99), "d=4 k=6 n=50 seed 99");
  check_gmm_other_point(adb::generate_gmm(3, 4, 15), "d=3 k=4 n=15");

  // BA: independent cameras/points (camera 0 with r = 0: the other branch),
  // and ADBench's replicated form.
  {
    adb::BaInput in = adb::generate_ba(3, 4, 8, false);
    in.cams[0] = in.cams[1] = in.cams[2] = 0;
    check_ba(in, "n=3 m=4 p=8 independent, cam 0 r=0", false);
    check_ba(in, "n=3 m=4 p=8 independent, cam 0 r=0", true);
    check_ba(adb::generate_ba(5, 7, 40, false, 11), "n=5 m=7 p=40 independent", false);
    check_ba(adb::generate_ba(2, 3, 6, true), "n=2 m=3 p=6 replicated", false);
  }

  // LSTM
  check_lstm(2, 4, 3);
  check_lstm(3, 6, 5);

  // ODE
  for (auto ns : {std::pair<int, int>{1, 1}, {2, 3}, {5, 1}, {6, 4}, {10, 10}, {12, 3}})
    check_ode(ns.first, ns.second);

  // LSE
  check_lse(adb::make_lse_input(1), "n=1");
  check_lse(adb::make_lse_input(7, 80.0), "n=7 spread 80");
  check_lse(adb::make_lse_input(200, 80.0), "n=200 spread 80");
  check_lse(std::vector<double>{3.0, 700.0, 1.0, 700.0, 699.5}, "tied maxima ~700");
  {
    const std::vector<double> x = adb::make_lse_input(50, 10.0);
    std::vector<double> y = x;
    std::reverse(y.begin(), y.end()); // the max moves: retape inside gradient()
    check_lse(x, "n=50 taped at x, evaluated at reversed x (retape)", &y);
  }

  // det
  for (int ell = 1; ell <= 6; ++ell)
    check_det(adb::make_det_input(ell, 100 + ell), ell, "ell=" + std::to_string(ell));
  check_det({1, 2, 3, 4, 5, 6, 7, 8, 9}, 3, "singular 3x3");

  std::printf("%s: %d failure(s)\n", failures ? "FAILED" : "all passed", failures);
  return failures ? 1 : 0;
}
