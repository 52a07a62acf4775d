// Tensor workloads: adgen's generated gradients against the bare matrix
// products, hand-written gradients and libtorch 1.13, side by side in one
// run, one thread (OpenBLAS and libtorch are set to one thread in main).
//
//  1. MLP 64 x 784 -> 128 tanh -> 10, MSE loss (mean), float: gradients of
//     W1, b1, W2, b2. Competitors: adgen's mlp_loss_grad; the five
//     cblas_sgemm products alone (lower bound); libtorch autograd; a fused
//     hand-written gradient (cblas + one loop per elementwise stage).
//     Goals: adgen / products <= 1.1, libtorch / adgen >= 1.4.
//  2. sum(exp(-(x - mu)^2)) over 10^6 doubles, gradients of x and mu:
//     adgen's gradient, adgen's forward (the plain function), libtorch, a
//     hand-written single loop. Goals: adgen grad / forward <= 2,
//     libtorch / adgen >= 3.
//  3. The seed (PyTorch's autograd tutorial: y = x + 3; z = y * y * 3;
//     out = z.mean()) on a 2 x 2 float tensor: adgen's gradient against
//     libtorch's forward + backward. Goal: libtorch / adgen >= 100.
//
// Before timing, the competitors' gradients are compared (max |a - b| over
// max |b|, the reference being adgen's: 1e-4 in float, 1e-10 in double); a
// mismatch aborts. Times are process CPU times (every thread counted), so
// a library that used more threads could only look slower; the table also
// shows CPU / wall, about 1 for one thread (less on a loaded machine).
//
//   scripts/bench.sh   or
//   cmake --build build --target bench_tensor && ./build/bench/tensor/bench_tensor
// On a shared machine add --benchmark_repetitions=5
// --benchmark_report_aggregates_only=true: the table then uses medians
// (and shows the minimum too).
#include "functions.grad.h"
#include "functions.h"
#include "hand.h"
#ifdef ADGEN_BENCH_HAVE_TORCH
#include "torch_competitors.h"
#endif

#include <benchmark/benchmark.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <ctime>
#include <map>
#include <string>
#include <vector>

// OpenBLAS's thread controls (declared in Debian's cblas.h); weak, so that
// another BLAS links too (then OPENBLAS_NUM_THREADS=1 in scripts/bench.sh
// is what remains).
extern "C" void openblas_set_num_threads(int) __attribute__((weak));
extern "C" int openblas_get_num_threads(void) __attribute__((weak));

namespace {

using adgen::DoubleTensor;
using adgen::Tensor;

// ---- Checks ------------------------------------------------------------------

template <class T> double max_abs(const T *a, int64_t n) {
  double m = 0;
  for (int64_t i = 0; i < n; ++i) m = std::max(m, std::fabs(static_cast<double>(a[i])));
  return m;
}

// max |got - ref| / max |ref| <= tol, else abort with a message.
template <class T>
void check(const char *what, const char *who, const T *got, const T *ref, int64_t n, double tol) {
  double err = 0;
  for (int64_t i = 0; i < n; ++i)
    err = std::max(err, std::fabs(static_cast<double>(got[i]) - static_cast<double>(ref[i])));
  double scale = max_abs(ref, n);
  double rel = scale > 0 ? err / scale : err;
  if (!(rel <= tol)) {
    std::fprintf(stderr, "bench_tensor: %s: %s disagrees with adgen: max|diff| / max|ref| = %.3g > %.0e\n",
                 what, who, rel, tol);
    std::abort();
  }
  std::printf("check %-12s %-10s vs adgen: relative %.2e (<= %.0e)\n", what, who, rel, tol);
}

// ---- Workload 1: MLP -----------------------------------------------------------

using hand::kBatch;
using hand::kHidden;
using hand::kIn;
using hand::kOut;

struct Mlp {
  Tensor X = adgen::randn<float>({kBatch, kIn}, 1);
  Tensor W1 = adgen::randn<float>({kHidden, kIn}, 2) * (1.0f / 28.0f);
  Tensor b1 = adgen::randn<float>({kHidden}, 3) * 0.1f;
  Tensor W2 = adgen::randn<float>({kOut, kHidden}, 4) * (1.0f / 11.3f);
  Tensor b2 = adgen::randn<float>({kOut}, 5) * 0.1f;
  Tensor Y = adgen::randn<float>({kBatch, kOut}, 6);
  // Gradients, accumulated across calls (f_grad's contract).
  Tensor dW1 = adgen::zeros<float>({kHidden, kIn}), db1 = adgen::zeros<float>({kHidden});
  Tensor dW2 = adgen::zeros<float>({kOut, kHidden}), db2 = adgen::zeros<float>({kOut});
  hand::Mlp h;

  void zero() {
    for (Tensor *t : {&dW1, &db1, &dW2, &db2}) std::fill_n(t->data(), t->numel(), 0.0f);
  }
  float adgen_grad() {
    return tb::mlp_loss_grad(X, W1, b1, W2, b2, Y, nullptr, &dW1, &db1, &dW2, &db2, nullptr).item();
  }
  float hand_grad() {
    return h.grad(X.data(), W1.data(), b1.data(), W2.data(), b2.data(), Y.data(), dW1.data(),
                  db1.data(), dW2.data(), db2.data());
  }
  void products() { h.products(X.data(), W1.data(), W2.data(), dW1.data(), dW2.data()); }
};

// ---- Workload 2: Gaussian sum ----------------------------------------------------

constexpr int64_t kGaussN = 1000000;

struct Gauss {
  DoubleTensor x = [] {
    std::vector<double> v(kGaussN);
    for (int64_t i = 0; i < kGaussN; ++i) v[i] = 1.5 * std::sin(0.001 * i) + 0.3 * std::sin(0.37 * i);
    return DoubleTensor({kGaussN}, std::move(v));
  }();
  DoubleTensor mu = DoubleTensor({1}, std::vector<double>{0.4});
  DoubleTensor dx = adgen::zeros<double>({kGaussN}), dmu = adgen::zeros<double>({1});

  void zero() {
    std::fill_n(dx.data(), kGaussN, 0.0);
    *dmu.data() = 0;
  }
  double f() { return tb::gauss_sum(x, mu).item(); }
  double adgen_grad() { return tb::gauss_sum_grad(x, mu, &dx, &dmu).item(); }
  double hand_grad() { return hand::gauss_sum(x.data(), kGaussN, *mu.data(), dx.data(), dmu.data()); }
};

// ---- Workload 3: the seed ----------------------------------------------------------

struct Seed {
  Tensor x = adgen::tensor({{1.0f, 2.0f}, {-0.5f, 0.25f}});
  Tensor dx = adgen::zeros<float>({2, 2});
  float adgen_grad() { return tb::tutorial_grad(x, &dx).item(); }
  float f() { return tb::tutorial(x).item(); }
};

// The share of the process's CPU time spent outside the calling thread while
// f runs reps times: about 0.5 with two busy threads, 0 with one, whatever
// the machine's load. Checks that OpenBLAS and libtorch run on one thread.
template <class F> double other_threads_share(F &&f, int reps) {
  auto now = [](clockid_t id) {
    timespec ts;
    clock_gettime(id, &ts);
    return ts.tv_sec + 1e-9 * ts.tv_nsec;
  };
  f();
  double p0 = now(CLOCK_PROCESS_CPUTIME_ID), t0 = now(CLOCK_THREAD_CPUTIME_ID);
  for (int r = 0; r < reps; ++r) f();
  double process = now(CLOCK_PROCESS_CPUTIME_ID) - p0, thread = now(CLOCK_THREAD_CPUTIME_ID) - t0;
  return (process - thread) / process;
}

// Ten 512^3 sgemm.
double sgemm_other_threads_share() {
  const int n = 512;
  std::vector<float> a(n * n, 1.0f), b(n * n, 0.5f), c(n * n);
  return other_threads_share([&] {
    cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasNoTrans, n, n, n, 1.0f, a.data(), n, b.data(), n,
                0.0f, c.data(), n);
  }, 10);
}

// ---- Agreement of the competitors, before any timing --------------------------

void check_all() {
  {
    Mlp m;
    m.adgen_grad();
    std::vector<float> a1(m.dW1.data(), m.dW1.data() + m.dW1.numel()),
        ab1(m.db1.data(), m.db1.data() + kHidden), a2(m.dW2.data(), m.dW2.data() + m.dW2.numel()),
        ab2(m.db2.data(), m.db2.data() + kOut);
    m.zero();
    m.hand_grad();
    check("MLP dW1", "hand", m.dW1.data(), a1.data(), a1.size(), 1e-4);
    check("MLP db1", "hand", m.db1.data(), ab1.data(), ab1.size(), 1e-4);
    check("MLP dW2", "hand", m.dW2.data(), a2.data(), a2.size(), 1e-4);
    check("MLP db2", "hand", m.db2.data(), ab2.data(), ab2.size(), 1e-4);
#ifdef ADGEN_BENCH_HAVE_TORCH
    torchb::Mlp t(m.X.data(), m.W1.data(), m.b1.data(), m.W2.data(), m.b2.data(), m.Y.data());
    t.step();
    t.step(); // grads zeroed at each step: the second equals the first
    std::vector<float> t1(a1.size()), tb1(kHidden), t2(a2.size()), tb2(kOut);
    t.grads(t1.data(), tb1.data(), t2.data(), tb2.data());
    check("MLP dW1", "libtorch", t1.data(), a1.data(), a1.size(), 1e-4);
    check("MLP db1", "libtorch", tb1.data(), ab1.data(), ab1.size(), 1e-4);
    check("MLP dW2", "libtorch", t2.data(), a2.data(), a2.size(), 1e-4);
    check("MLP db2", "libtorch", tb2.data(), ab2.data(), ab2.size(), 1e-4);
    double other = other_threads_share([&] { t.step(); }, 200);
    std::printf("libtorch MLP step: %.0f%% of CPU time in other threads\n", 100 * other);
    if (other > 0.05) {
      std::fprintf(stderr, "bench_tensor: libtorch uses more than one thread\n");
      std::abort();
    }
#endif
  }
  {
    Gauss g;
    double fa = g.adgen_grad();
    std::vector<double> ax(g.dx.data(), g.dx.data() + kGaussN);
    double amu = *g.dmu.data();
    g.zero();
    double fh = g.hand_grad();
    check("Gauss f", "hand", &fh, &fa, 1, 1e-10);
    check("Gauss dx", "hand", g.dx.data(), ax.data(), kGaussN, 1e-10);
    check("Gauss dmu", "hand", g.dmu.data(), &amu, 1, 1e-10);
#ifdef ADGEN_BENCH_HAVE_TORCH
    torchb::Gauss t(g.x.data(), kGaussN, *g.mu.data());
    t.step();
    double ft = t.step();
    std::vector<double> tx(kGaussN);
    double tmu = 0;
    t.grads(tx.data(), &tmu);
    check("Gauss f", "libtorch", &ft, &fa, 1, 1e-10);
    check("Gauss dx", "libtorch", tx.data(), ax.data(), kGaussN, 1e-10);
    check("Gauss dmu", "libtorch", &tmu, &amu, 1, 1e-10);
#endif
  }
  {
    Seed s;
    float fa = s.adgen_grad();
    // By hand: out = mean(3 (x + 3)^2), d out / dx = 6 (x + 3) / 4.
    float ref[4];
    for (int i = 0; i < 4; ++i) ref[i] = 1.5f * (s.x.data()[i] + 3.0f);
    check("Seed dx", "formula", ref, s.dx.data(), 4, 1e-6);
#ifdef ADGEN_BENCH_HAVE_TORCH
    torchb::Seed t(s.x.data());
    t.step();
    float ft = t.step();
    float tx[4];
    t.grads(tx);
    check("Seed f", "libtorch", &ft, &fa, 1, 1e-6);
    check("Seed dx", "libtorch", tx, s.dx.data(), 4, 1e-4);
#endif
  }
}

// ---- Benchmarks ------------------------------------------------------------------

template <class F> void loop(benchmark::State &s, F &&f) {
  for (auto _ : s) {
    benchmark::DoNotOptimize(f());
    benchmark::ClobberMemory();
  }
}

void MLP_adgen(benchmark::State &s) {
  Mlp m;
  loop(s, [&] { return m.adgen_grad(); });
}
void MLP_products(benchmark::State &s) {
  Mlp m;
  loop(s, [&] { return m.products(), 0; });
}
void MLP_hand(benchmark::State &s) {
  Mlp m;
  loop(s, [&] { return m.hand_grad(); });
}
void Gauss_adgen_f(benchmark::State &s) {
  Gauss g;
  loop(s, [&] { return g.f(); });
}
void Gauss_adgen(benchmark::State &s) {
  Gauss g;
  loop(s, [&] { return g.adgen_grad(); });
}
void Gauss_hand(benchmark::State &s) {
  Gauss g;
  loop(s, [&] { return g.hand_grad(); });
}
void Seed_adgen(benchmark::State &s) {
  Seed g;
  loop(s, [&] { return g.adgen_grad(); });
}
void Seed_adgen_f(benchmark::State &s) {
  Seed g;
  loop(s, [&] { return g.f(); });
}
#ifdef ADGEN_BENCH_HAVE_TORCH
void MLP_libtorch(benchmark::State &s) {
  Mlp m;
  torchb::Mlp t(m.X.data(), m.W1.data(), m.b1.data(), m.W2.data(), m.b2.data(), m.Y.data());
  loop(s, [&] { return t.step(); });
}
void Gauss_libtorch(benchmark::State &s) {
  Gauss g;
  torchb::Gauss t(g.x.data(), kGaussN, *g.mu.data());
  loop(s, [&] { return t.step(); });
}
void Seed_libtorch(benchmark::State &s) {
  Seed g;
  torchb::Seed t(g.x.data());
  loop(s, [&] { return t.step(); });
}
#endif

// Per benchmark: process CPU time and wall time per iteration, in ns (with
// repetitions: the median, and the minimum of the CPU times).
struct Times {
  double cpu = 0, wall = 0, min_cpu = 0;
};

class RatioReporter : public benchmark::ConsoleReporter {
public:
  std::map<std::string, Times> t;
  void ReportRuns(const std::vector<Run> &runs) override {
    for (const Run &r : runs) {
      std::string name = r.run_name.function_name;
      Times &x = t[name];
      if (r.run_type == Run::RT_Iteration) {
        x.cpu = r.GetAdjustedCPUTime() * mult(r), x.wall = r.GetAdjustedRealTime() * mult(r);
        x.min_cpu = x.cpu;
      } else if (r.aggregate_name == "median") {
        x.cpu = r.GetAdjustedCPUTime() * mult(r), x.wall = r.GetAdjustedRealTime() * mult(r);
      } else if (r.aggregate_name == "min") {
        x.min_cpu = r.GetAdjustedCPUTime() * mult(r);
      }
    }
    ConsoleReporter::ReportRuns(runs);
  }
  static double mult(const Run &r) { // to ns
    return r.time_unit == benchmark::kMicrosecond ? 1e3 : r.time_unit == benchmark::kMillisecond ? 1e6 : 1;
  }
};

void reg(const char *name, void (*fn)(benchmark::State &)) {
  benchmark::RegisterBenchmark(name, fn)
      ->Unit(benchmark::kMicrosecond)
      ->MeasureProcessCPUTime()
      ->ComputeStatistics("min", [](const std::vector<double> &v) {
        return *std::min_element(v.begin(), v.end());
      });
}

double ratio(RatioReporter &r, const std::string &a, const std::string &b, bool use_min) {
  if (!r.t.count(a) || !r.t.count(b)) return NAN;
  return use_min ? r.t[a].min_cpu / r.t[b].min_cpu : r.t[a].cpu / r.t[b].cpu;
}

} // namespace

int main(int argc, char **argv) {
  // One thread everywhere, checked.
  if (openblas_set_num_threads && openblas_get_num_threads) {
    std::printf("OpenBLAS: %d threads by default (sgemm: %.0f%% of CPU time in other threads)",
                openblas_get_num_threads(), 100 * sgemm_other_threads_share());
    openblas_set_num_threads(1);
    double other = sgemm_other_threads_share();
    std::printf(", now %d (%.0f%%)\n", openblas_get_num_threads(), 100 * other);
    if (other > 0.05) {
      std::fprintf(stderr, "bench_tensor: OpenBLAS still uses other threads; set OPENBLAS_NUM_THREADS=1\n");
      return 1;
    }
  } else {
    std::printf("BLAS is not OpenBLAS: set its thread count in the environment (sgemm: %.0f%% of CPU "
                "time in other threads)\n", 100 * sgemm_other_threads_share());
  }
#ifdef ADGEN_BENCH_HAVE_TORCH
  std::printf("libtorch: %d intra-op thread(s)\n", torchb::init_single_thread());
#else
  std::printf("libtorch was not found at configure time: its competitors are skipped "
              "(scripts/bench.sh installs libtorch-dev)\n");
#endif
  check_all();

  benchmark::Initialize(&argc, argv);
  reg("MLP_adgen", MLP_adgen);
  reg("MLP_products", MLP_products);
  reg("MLP_hand", MLP_hand);
  reg("Gauss_adgen", Gauss_adgen);
  reg("Gauss_adgen_f", Gauss_adgen_f);
  reg("Gauss_hand", Gauss_hand);
  reg("Seed_adgen", Seed_adgen);
  reg("Seed_adgen_f", Seed_adgen_f);
#ifdef ADGEN_BENCH_HAVE_TORCH
  reg("MLP_libtorch", MLP_libtorch);
  reg("Gauss_libtorch", Gauss_libtorch);
  reg("Seed_libtorch", Seed_libtorch);
#endif
  RatioReporter rep;
  benchmark::RunSpecifiedBenchmarks(&rep);

  std::printf("\nTimes: process CPU time per call (median over repetitions; min in brackets)\n");
  std::printf("%-16s %12s %12s %9s\n", "benchmark", "us", "(min us)", "cpu/wall");
  for (const char *n : {"MLP_adgen", "MLP_products", "MLP_hand", "MLP_libtorch", "Gauss_adgen",
                        "Gauss_adgen_f", "Gauss_hand", "Gauss_libtorch", "Seed_adgen", "Seed_adgen_f",
                        "Seed_libtorch"}) {
    if (!rep.t.count(n)) {
      std::printf("%-16s %12s\n", n, "(not run)");
      continue;
    }
    const Times &x = rep.t[n];
    std::printf("%-16s %12.3f %12.3f %9.2f\n", n, x.cpu / 1e3, x.min_cpu / 1e3, x.cpu / x.wall);
  }
  struct R {
    const char *label, *a, *b, *goal;
    bool le;
    double g;
  };
  const R rs[] = {
      {"MLP adgen / products", "MLP_adgen", "MLP_products", "<= 1.1", true, 1.1},
      {"MLP adgen / hand", "MLP_adgen", "MLP_hand", "", true, 0},
      {"MLP libtorch / adgen", "MLP_libtorch", "MLP_adgen", ">= 1.4", false, 1.4},
      {"Gauss grad / forward", "Gauss_adgen", "Gauss_adgen_f", "<= 2", true, 2},
      {"Gauss adgen / hand", "Gauss_adgen", "Gauss_hand", "", true, 0},
      {"Gauss libtorch / adgen", "Gauss_libtorch", "Gauss_adgen", ">= 3", false, 3},
      {"Seed libtorch / adgen", "Seed_libtorch", "Seed_adgen", ">= 100", false, 100},
  };
  std::printf("\n%-24s %8s %10s %8s %6s\n", "ratio", "median", "(min)", "goal", "met");
  for (const R &r : rs) {
    double m = ratio(rep, r.a, r.b, false), mn = ratio(rep, r.a, r.b, true);
    const char *met = !*r.goal || std::isnan(m) ? "" : (r.le ? m <= r.g : m >= r.g) ? "yes" : "NO";
    std::printf("%-24s %8.2f %10.2f %8s %6s\n", r.label, m, mn, r.goal, met);
  }
  benchmark::Shutdown();
}
