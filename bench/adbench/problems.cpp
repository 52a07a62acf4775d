// The suite's instances: GMM, BA and LSTM from ADBench, ode, lse and det
// from GradBench, each objective written once (<p>/<p>_objective.inc) and
// its derivative computed by every competitor: adgen (the headers generated
// at build time from <p>/<p>.cpp), the hand-written one (<p>/<p>_hand.h),
// central finite differences and, when found at configure time, ADOL-C.
#include "suite.h"

#include "common/adbench_io.h"
#include "ba/ba.h"
#include "ba/ba_adgen.h"
#include "ba/ba_hand.h"
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

#include "ba.grad.h"
#include "det.grad.h"
#include "gmm.grad.h"
#include "lse.grad.h"
#include "lstm.grad.h"
#include "ode.grad.h"

#ifdef ADGEN_BENCH_HAVE_TORCH
#include "torch/lstm_torch.h"
#endif
#ifdef ADGEN_BENCH_HAVE_ADOLC
#include "adolc/adolc_problems.h"
#endif

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <fstream>
#include <limits>

namespace adb {

void central_differences(const std::function<void(const double*, double*)>& f, int n, int m,
                         const double* x, double* J) {
  std::vector<double> xs(x, x + n), up(m), down(m);
  const double scale = std::cbrt(std::numeric_limits<double>::epsilon());
  for (int j = 0; j < n; ++j) {
    const double h = scale * std::max(1.0, std::fabs(x[j]));
    xs[j] = x[j] + h;
    const double hi = xs[j];
    f(xs.data(), up.data());
    xs[j] = x[j] - h;
    const double lo = xs[j];
    f(xs.data(), down.data());
    xs[j] = x[j];
    for (int i = 0; i < m; ++i) J[size_t(j) * m + i] = (up[i] - down[i]) / (hi - lo);
  }
}

namespace {

double seconds_of(const std::function<void()>& run) {
  const auto start = std::chrono::steady_clock::now();
  run();
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

bool readable(const std::string& path) { return !path.empty() && std::ifstream(path).good(); }

// Finite differences of an objective with `n` inputs: 2n objective calls,
// run only when they fit the budget.
Competitor finite_differences(const SuiteOptions& opt, double objective_s, int n,
                              std::function<void()> run, std::function<std::vector<double>()> result) {
  Competitor c{"finite differences", std::move(run), std::move(result), ""};
  const double estimate = 2.0 * n * objective_s;
  if (estimate > opt.fd_budget_s) {
    char why[96];
    std::snprintf(why, sizeof why, "2n = %d objective calls, about %.0f s", 2 * n, estimate);
    c.skipped = why;
  }
  return c;
}

#ifdef ADGEN_BENCH_HAVE_ADOLC
// ADOL-C's competitor, its tape recorded by `record` (which returns the
// replay) where it fits: a tape holds every operation of one objective call,
// some 20 bytes each, so an objective of more than adolc_budget_s (about
// 10^8 operations) is not taped; a tape ADOL-C refuses is reported too.
Competitor adolc_competitor(const SuiteOptions& opt, double objective_s,
                            const std::function<std::function<void()>()>& record,
                            std::function<std::vector<double>()> result) {
  Competitor c{"adol-c", nullptr, std::move(result), ""};
  if (objective_s > opt.adolc_budget_s) {
    char why[128];
    std::snprintf(why, sizeof why, "a tape of the whole objective (%.2f s a call) would not fit "
                                   "in memory", objective_s);
    c.skipped = why;
    return c;
  }
  try {
    c.run = record();
  } catch (const std::exception& e) {
    c.skipped = std::string("taping failed: ") + e.what();
  }
  return c;
}
#endif

// ---- BA -------------------------------------------------------------------

// Results in ba_hand_jacobian's layout: p blocks of 30 (2 x 15, column by
// column: camera 11, point 3, weight 1), then the p weight derivatives.
struct Ba {
  BaInput in;
  std::vector<double> reproj, werr;  // residuals
  std::vector<double> hand, adgen, fd, adolc;
#ifdef ADGEN_BENCH_HAVE_ADOLC
  std::unique_ptr<adolc::BaTape> tape;
#endif
  const double* cam(int i) const { return &in.cams[11 * size_t(in.obs[2 * i])]; }
  const double* X(int i) const { return &in.X[3 * size_t(in.obs[2 * i + 1])]; }
};

Instance ba_instance(const SuiteOptions& opt, BaInput input, const std::string& source) {
  (void)opt;
  auto s = std::make_shared<Ba>();
  s->in = std::move(input);
  const int p = s->in.p;
  s->reproj.resize(2 * size_t(p));
  s->werr.resize(size_t(p));
  Instance inst{"ba",
                "n=" + std::to_string(s->in.n) + " m=" + std::to_string(s->in.m) +
                    " p=" + std::to_string(p),
                source, double(11 * s->in.n + 3 * s->in.m + p), {}, s};
  Ba* b = s.get();
  const size_t out = 31 * size_t(p);
  inst.competitors.push_back({"objective",
                              [b, p] {
                                for (int i = 0; i < p; ++i) {
                                  ba_double::ba_project(b->cam(i), b->X(i), b->in.w[i],
                                                        &b->in.feats[2 * size_t(i)],
                                                        &b->reproj[2 * size_t(i)]);
                                  ba_double::ba_weight(b->in.w[i], &b->werr[i]);
                                }
                              },
                              [] { return std::vector<double>(); }, ""});
  inst.competitors.push_back({"hand-written",
                              [b, p, out] {
                                b->hand.resize(out);
                                ba_hand_jacobian(p, b->in.cams.data(), b->in.X.data(),
                                                 b->in.w.data(), b->in.obs.data(),
                                                 b->in.feats.data(), b->reproj.data(),
                                                 b->werr.data(), b->hand.data(),
                                                 b->hand.data() + 30 * size_t(p));
                              },
                              [b] { return b->hand; }, ""});
  // Each observation's 2 x 15 block from one forward sweep and two reverse
  // sweeps carried side by side (ba_project_vjp_multi<2>, ba/ba_adgen.h).
  inst.competitors.push_back(
      {"adgen",
       [b, p, out] {
         b->adgen.resize(out);
         for (int i = 0; i < p; ++i) {
           double err[2];
           ba_adgen_reproj_jacobian(b->cam(i), b->X(i), b->in.w[i], &b->in.feats[2 * size_t(i)],
                                    err, &b->adgen[30 * size_t(i)]);
           double d_w = 0, e, seed = 1;
           ba_double::ba_weight_vjp(b->in.w[i], &e, &d_w, &seed);
           b->adgen[30 * size_t(p) + i] = d_w;
         }
       },
       [b] { return b->adgen; }, ""});
  // Per observation: 15 inputs, 2 outputs, 30 calls of the projection.
  inst.competitors.push_back(
      {"finite differences",
       [b, p, out] {
         b->fd.resize(out);
         for (int i = 0; i < p; ++i) {
           double v[15];
           std::copy(b->cam(i), b->cam(i) + 11, v);
           std::copy(b->X(i), b->X(i) + 3, v + 11);
           v[14] = b->in.w[i];
           const double* feat = &b->in.feats[2 * size_t(i)];
           central_differences(
               [feat](const double* q, double* e) { ba_double::ba_project(q, q + 11, q[14], feat, e); },
               15, 2, v, &b->fd[30 * size_t(i)]);
           const double w = b->in.w[i];
           central_differences([](const double* q, double* e) { ba_double::ba_weight(q[0], e); }, 1,
                               1, &w, &b->fd[30 * size_t(p) + i]);
         }
       },
       [b] { return b->fd; }, ""});
#ifdef ADGEN_BENCH_HAVE_ADOLC
  b->tape = std::make_unique<adolc::BaTape>();
  inst.competitors.push_back({"adol-c",
                              [b, p, out] {
                                b->adolc.resize(out);
                                b->tape->jacobian(b->in, b->reproj.data(), b->werr.data(),
                                                  b->adolc.data(), b->adolc.data() + 30 * size_t(p));
                              },
                              [b] { return b->adolc; }, ""});
#endif
  return inst;
}

// ---- A scalar objective of n parameters: GMM, LSTM, ode, lse, det --------

// x (n values: a problem's parameters one block after another), f(x) and
// its gradient. `objective(x)`, and `hand` and `adgen`, which compute the
// gradient at x into v.hand / v.adgen (zeroed before each call), are the
// problem's own.
struct Vector {
  std::vector<double> x, hand, adgen, fd, adolc, scratch;
  double value = 0;
  std::function<double(const double*)> objective;
#ifdef ADGEN_BENCH_HAVE_ADOLC
  // Records the tape at x, returns its replay (gradient at x into g).
  std::function<std::function<void(const double*, double*)>()> adolc_tape;
#endif
};

const char* const kGradBenchSeed = "generated (seed 31337)";

Instance vector_instance(const SuiteOptions& opt, const std::string& problem,
                         const std::string& size, const std::string& source,
                         std::shared_ptr<Vector> s, std::function<void(Vector&)> hand,
                         std::function<void(Vector&)> adgen) {
  Vector* v = s.get();
  const int n = int(v->x.size());
  Instance inst{problem, size, source, double(n), {}, s};
  auto objective = [v] { v->value = v->objective(v->x.data()); };
  const double objective_s = seconds_of(objective);
  inst.competitors.push_back({"objective", objective, [] { return std::vector<double>(); }, ""});
  inst.competitors.push_back({"hand-written",
                              [v, hand] {
                                v->hand.assign(v->x.size(), 0.0);
                                hand(*v);
                              },
                              [v] { return v->hand; }, ""});
  inst.competitors.push_back({"adgen",
                              [v, adgen] {
                                v->adgen.assign(v->x.size(), 0.0);
                                adgen(*v);
                              },
                              [v] { return v->adgen; }, ""});
  inst.competitors.push_back(finite_differences(
      opt, objective_s, n,
      [v, n] {
        v->fd.resize(v->x.size());
        central_differences([v](const double* p, double* out) { out[0] = v->objective(p); }, n, 1,
                            v->x.data(), v->fd.data());
      },
      [v] { return v->fd; }));
#ifdef ADGEN_BENCH_HAVE_ADOLC
  inst.competitors.push_back(adolc_competitor(
      opt, objective_s,
      [v]() -> std::function<void()> {
        auto gradient = v->adolc_tape();
        return [v, gradient] {
          v->adolc.resize(v->x.size());
          gradient(v->x.data(), v->adolc.data());
        };
      },
      [v] { return v->adolc; }));
#endif
  return inst;
}

Instance ode_instance(const SuiteOptions& opt, int n, int steps) {
  auto s = std::make_shared<Vector>();
  s->x = make_ode_input(n, steps).x;
  s->scratch.resize(size_t(n));
  Vector* v = s.get();
  // GradBench's primal is the whole solution; its gradient that of y[n-1].
  v->objective = [v, n, steps](const double* x) {
    ode_double::ode_solve(x, n, steps, v->scratch.data());
    return v->scratch[size_t(n) - 1];
  };
#ifdef ADGEN_BENCH_HAVE_ADOLC
  v->adolc_tape = [n, steps]() -> std::function<void(const double*, double*)> {
    auto tape = std::make_shared<adolc::OdeTape>(n, steps);
    return [tape](const double* x, double* g) { tape->gradient(x, g); };
  };
#endif
  auto seed = std::make_shared<std::vector<double>>(size_t(n));
  return vector_instance(
      opt, "ode", "n=" + std::to_string(n) + " s=" + std::to_string(steps), kGradBenchSeed, s,
      [n, steps](Vector& v) {
        ode_hand::ode_gradient_last(v.x.data(), n, steps, v.scratch.data(), v.hand.data());
      },
      [n, steps, seed](Vector& v) {
        // The vjp reads y's seed from d_y and clears it: set it each call.
        std::fill(seed->begin(), seed->end(), 0.0);
        (*seed)[size_t(n) - 1] = 1;
        ode_double::ode_solve_vjp(v.x.data(), n, steps, v.scratch.data(), v.adgen.data(),
                                  seed->data());
      });
}

Instance lse_instance(const SuiteOptions& opt, int n) {
  auto s = std::make_shared<Vector>();
  s->x = make_lse_input(n);
  s->objective = [n](const double* x) { return lse_double::logsumexp(x, n); };
#ifdef ADGEN_BENCH_HAVE_ADOLC
  s->adolc_tape = [n, v = s.get()]() -> std::function<void(const double*, double*)> {
    auto tape = std::make_shared<adolc::LseTape>(n, v->x.data());
    return [tape](const double* x, double* g) { tape->gradient(x, g); };
  };
#endif
  return vector_instance(
      opt, "lse", "n=" + std::to_string(n), kGradBenchSeed, s,
      [n](Vector& v) { v.value = lse_hand::logsumexp_grad(v.x.data(), n, v.hand.data()); },
      [n](Vector& v) { v.value = lse_double::logsumexp_grad(v.x.data(), n, v.adgen.data()); });
}

Instance det_instance(const SuiteOptions& opt, int ell) {
  auto s = std::make_shared<Vector>();
  s->x = make_det_input(ell);
  s->objective = [ell](const double* a) { return det_double::det_by_minors(a, ell); };
#ifdef ADGEN_BENCH_HAVE_ADOLC
  s->adolc_tape = [ell, v = s.get()]() -> std::function<void(const double*, double*)> {
    auto tape = std::make_shared<adolc::DetTape>(ell, v->x.data());
    return [tape](const double* a, double* g) { tape->gradient(a, g); };
  };
#endif
  return vector_instance(
      opt, "det", "ell=" + std::to_string(ell), kGradBenchSeed, s,
      [ell](Vector& v) { v.value = det_hand::det_by_minors_grad(v.x.data(), ell, v.hand.data()); },
      [ell](Vector& v) {
        v.value = det_double::det_by_minors_grad(v.x.data(), ell, v.adgen.data());
      });
}


// GMM: x = alphas (k) | means (k d) | icf (k d(d+1)/2). The hand-written
// gradient writes its three blocks, adgen's adds into them.
Instance gmm_instance(const SuiteOptions& opt, GmmInput input, const std::string& source) {
  auto in = std::make_shared<GmmInput>(std::move(input));
  auto ws = std::make_shared<GmmHandWorkspace>();
  auto s = std::make_shared<Vector>();
  s->x = in->alphas;
  s->x.insert(s->x.end(), in->means.begin(), in->means.end());
  s->x.insert(s->x.end(), in->icf.begin(), in->icf.end());
  const size_t na = size_t(in->k), nm = size_t(in->k) * in->d;
  s->objective = [in, na, nm](const double* p) {
    return gmm_double::gmm_objective(in->d, in->k, in->n, p, p + na, p + na + nm, in->x.data(),
                                     in->wishart_gamma, in->wishart_m);
  };
#ifdef ADGEN_BENCH_HAVE_ADOLC
  s->adolc_tape = [in]() -> std::function<void(const double*, double*)> {
    auto tape = std::make_shared<adolc::GmmTape>(*in);
    return [tape](const double* p, double* g) { tape->gradient(p, g); };
  };
#endif
  return vector_instance(
      opt, "gmm",
      "d=" + std::to_string(in->d) + " k=" + std::to_string(in->k) + " n=" + std::to_string(in->n),
      source, s,
      [in, ws, na, nm](Vector& v) {
        v.value = gmm_hand_gradient(in->d, in->k, in->n, v.x.data(), v.x.data() + na,
                                    v.x.data() + na + nm, in->x.data(), in->wishart_gamma,
                                    in->wishart_m, v.hand.data(), v.hand.data() + na,
                                    v.hand.data() + na + nm, *ws);
      },
      [in, na, nm](Vector& v) {
        v.value = gmm_double::gmm_objective_grad(
            in->d, in->k, in->n, v.x.data(), v.x.data() + na, v.x.data() + na + nm,
            in->x.data(), in->wishart_gamma, in->wishart_m, v.adgen.data(), v.adgen.data() + na,
            v.adgen.data() + na + nm);
      });
}

// LSTM: x = main_params (8 l b) | extra_params (3 b).
Instance lstm_instance(const SuiteOptions& opt, LstmInput input, const std::string& source) {
  auto in = std::make_shared<LstmInput>(std::move(input));
  auto ws = std::make_shared<LstmHandWorkspace>();
  auto s = std::make_shared<Vector>();
  s->x = in->main_params;
  s->x.insert(s->x.end(), in->extra_params.begin(), in->extra_params.end());
  const size_t nm = in->main_params.size();
  s->objective = [in, nm](const double* p) {
    return lstm_double::lstm_objective(in->l, in->c, in->b, p, p + nm, in->state.data(),
                                       in->sequence.data());
  };
#ifdef ADGEN_BENCH_HAVE_ADOLC
  s->adolc_tape = [in]() -> std::function<void(const double*, double*)> {
    auto tape = std::make_shared<adolc::LstmTape>(*in);
    return [tape](const double* p, double* g) { tape->gradient(p, g); };
  };
#endif
  Instance inst = vector_instance(
      opt, "lstm",
      "l=" + std::to_string(in->l) + " c=" + std::to_string(in->c) + " b=" + std::to_string(in->b),
      source, s,
      [in, ws, nm](Vector& v) {
        v.value = lstm_hand_gradient(in->l, in->c, in->b, v.x.data(), v.x.data() + nm,
                                     in->state.data(), in->sequence.data(), v.hand.data(),
                                     v.hand.data() + nm, *ws);
      },
      [in, nm](Vector& v) {
        v.value = lstm_double::lstm_objective_grad(in->l, in->c, in->b, v.x.data(),
                                                   v.x.data() + nm, in->state.data(),
                                                   in->sequence.data(), v.adgen.data(),
                                                   v.adgen.data() + nm);
      });
#ifdef ADGEN_BENCH_HAVE_TORCH
  // libtorch autograd, the loss scored over all steps at once (the faster
  // of lstm_torch.h's two forms; the recurrence is one op per gate and step).
  struct Torch {
    explicit Torch(const LstmInput& input) : model(input, adb::torch_lstm::LossForm::Batched) {}
    adb::torch_lstm::LstmTorch model;
    std::vector<double> g;
  };
  auto torch = std::make_shared<Torch>(*in);
  inst.competitors.push_back({"libtorch",
                              [torch, v = s.get(), nm] {
                                torch->g.resize(v->x.size());
                                torch->model.gradient(v->x.data(), v->x.data() + nm,
                                                      torch->g.data(), torch->g.data() + nm);
                              },
                              [torch] { return torch->g; }, ""});
#endif
  return inst;
}
}  // namespace

std::vector<InstanceMaker> build_suite(const SuiteOptions& opt) {
  std::vector<InstanceMaker> suite;
  const std::string seeded = "generated (seed 20180706)";
  const std::string data = opt.data_dir.empty() ? "" : opt.data_dir + "/";
  auto add = [&](std::string problem, std::function<Instance()> make) {
    suite.push_back({std::move(problem), std::move(make)});
  };

  // GMM: the (d, k) at n = 1 000 and 10 000; ADBench's files too.
  const std::vector<std::pair<int, int>> dk =
      opt.quick ? std::vector<std::pair<int, int>>{{2, 5}, {10, 25}}
                : std::vector<std::pair<int, int>>{{2, 5}, {10, 25}, {20, 50}, {64, 200}};
  for (int n : opt.quick ? std::vector<int>{1000} : std::vector<int>{1000, 10000})
    for (auto [d, k] : dk)
      add("gmm", [=, &opt] { return gmm_instance(opt, generate_gmm(d, k, n), seeded); });
  if (!opt.quick && !data.empty()) {
    for (const char* dir : {"1k", "10k"})
      for (auto [d, k] : std::vector<std::pair<int, int>>{{2, 5}, {10, 25}, {64, 25}, {64, 100}}) {
        const std::string path = data + "gmm/" + dir + "/gmm_d" + std::to_string(d) + "_K" +
                                 std::to_string(k) + ".txt";
        if (readable(path)) add("gmm", [=, &opt] { return gmm_instance(opt, read_gmm(path), path); });
      }
  }

  // BA: ba1 (49 cameras, 7 776 points, 31 843 observations), from the file
  // when there is one, else generated with its sizes.
  const std::string ba1 = data + "ba/ba1_n49_m7776_p31843.txt";
  if (opt.quick)
    add("ba", [=, &opt] { return ba_instance(opt, generate_ba(21, 1000, 4000), seeded); });
  else if (readable(ba1))
    add("ba", [=, &opt] { return ba_instance(opt, read_ba(ba1), ba1); });
  else
    add("ba", [=, &opt] { return ba_instance(opt, generate_ba(49, 7776, 31843), seeded); });

  // LSTM: l = 2 and 4, c = 1 024, b = 14.
  for (int l : opt.quick ? std::vector<int>{2} : std::vector<int>{2, 4}) {
    const std::string path = data + "lstm/lstm_l" + std::to_string(l) + "_c1024.txt";
    if (!opt.quick && readable(path))
      add("lstm", [=, &opt] { return lstm_instance(opt, read_lstm(path), path); });
    else
      add("lstm", [=, &opt] {
        return lstm_instance(opt, generate_lstm(l, opt.quick ? 128 : 1024, 14), seeded);
      });
  }

  // GradBench's ode, lse and det at sizes from their run.py ranges.
  for (auto [n, steps] : opt.quick ? std::vector<std::pair<int, int>>{{1000, 10}}
                                   : std::vector<std::pair<int, int>>{{1000, 10}, {10000, 10}, {100000, 1}})
    add("ode", [=, &opt] { return ode_instance(opt, n, steps); });
  for (int n : opt.quick ? std::vector<int>{2500} : std::vector<int>{2500, 40000, 1280000})
    add("lse", [=, &opt] { return lse_instance(opt, n); });
  for (int ell : opt.quick ? std::vector<int>{5} : std::vector<int>{5, 7, 9})
    add("det", [=, &opt] { return det_instance(opt, ell); });
  return suite;
}

}  // namespace adb
