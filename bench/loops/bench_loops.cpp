// Loops: the primal f, adgen's f_grad, and a hand-written adjoint, measured
// side by side in one run. adgen's gradient is called once before its timed
// loop to count the bytes it pushes on its tapes (built with
// ADGEN_TAPE_STATS). After the benchmarks, prints the times, the ratios and
// the tape bytes per call.
//
// Goals (issue "Loops"): f_grad <= 1.2 x hand-written for every kernel;
// independent iterations (Gauss): f_grad <= 3 x f and no tape;
// recurrences (Leaky, Euler): f_grad <= 4 x f.
//
//   cmake --build build --target bench_loops && ./build/bench/bench_loops
// On a shared or noisy machine, add --benchmark_repetitions=9
// --benchmark_enable_random_interleaving=true: the table then uses medians.
#include "functions.grad.h"
#include "functions.h"
#include "hand.h"

#include <adgen/tape.h>
#include <benchmark/benchmark.h>

#include <cmath>
#include <cstdio>
#include <map>
#include <string>
#include <vector>

namespace {

constexpr int kN = 1000;    // elements or steps of the 1-D kernels
constexpr int kQuadN = 64;  // quadform: A is kQuadN x kQuadN

// Deterministic inputs in about [-1, 1].
std::vector<double> inputs(int n, double phase) {
  std::vector<double> v(n);
  for (int i = 0; i < n; ++i)
    v[i] = 0.8 * std::sin(0.37 * i + phase) + 0.05 * (i % 3) - 0.05;
  return v;
}

// Each kernel holds its inputs and adjoints and calls f, adgen's gradient and
// the hand-written one.
struct Gauss {
  static constexpr const char *name = "Gauss";
  int n = kN;
  std::vector<double> x = inputs(kN, 0.1), dx = std::vector<double>(kN);
  double mu = 0.2, w = 1.5, dmu = 0, dw = 0;
  double f() { return bench::gauss_sum(x.data(), n, mu, w); }
  double grad() { return bench::gauss_sum_grad(x.data(), n, mu, w, dx.data(), &dmu, &dw); }
  double hand() { return hand::gauss_sum(x.data(), n, mu, w, dx.data(), &dmu, &dw); }
};

struct Leaky {
  static constexpr const char *name = "Leaky";
  int n = kN;
  std::vector<double> x = inputs(kN, 0.2), dx = std::vector<double>(kN);
  double a = 0.9, b = 0.5, da = 0, db = 0;
  double f() { return bench::leaky(x.data(), n, a, b); }
  double grad() { return bench::leaky_grad(x.data(), n, a, b, dx.data(), &da, &db); }
  double hand() { return hand::leaky(x.data(), n, a, b, dx.data(), &da, &db); }
};

struct Euler {
  static constexpr const char *name = "Euler";
  int n = kN;
  double y0 = 1.0, k = 0.5, dt = 0.01, dy0 = 0, dk = 0, ddt = 0;
  double f() { return bench::euler(y0, k, dt, n); }
  double grad() { return bench::euler_grad(y0, k, dt, n, &dy0, &dk, &ddt); }
  double hand() { return hand::euler(y0, k, dt, n, &dy0, &dk, &ddt); }
};

struct Dot {
  static constexpr const char *name = "Dot";
  int n = kN;
  std::vector<double> x = inputs(kN, 0.3), y = inputs(kN, 1.3);
  std::vector<double> dx = std::vector<double>(kN), dy = std::vector<double>(kN);
  double f() { return bench::dot(x.data(), y.data(), n); }
  double grad() { return bench::dot_grad(x.data(), y.data(), n, dx.data(), dy.data()); }
  double hand() { return hand::dot(x.data(), y.data(), n, dx.data(), dy.data()); }
};

struct Quadform {
  static constexpr const char *name = "Quadform";
  int n = kQuadN;
  std::vector<double> A = inputs(kQuadN * kQuadN, 0.4), x = inputs(kQuadN, 2.4);
  std::vector<double> dA = std::vector<double>(kQuadN * kQuadN), dx = std::vector<double>(kQuadN);
  double f() { return bench::quadform(A.data(), x.data(), n); }
  double grad() { return bench::quadform_grad(A.data(), x.data(), n, dA.data(), dx.data()); }
  double hand() { return hand::quadform(A.data(), x.data(), n, dA.data(), dx.data()); }
};

struct Softmax {
  static constexpr const char *name = "Softmax";
  int n = kN;
  std::vector<double> x = inputs(kN, 0.5), w = inputs(kN, 1.5);
  std::vector<double> dx = std::vector<double>(kN), dw = std::vector<double>(kN);
  double f() { return bench::softmax_dot(x.data(), w.data(), n); }
  double grad() { return bench::softmax_dot_grad(x.data(), w.data(), n, dx.data(), dw.data()); }
  double hand() { return hand::softmax_dot(x.data(), w.data(), n, dx.data(), dw.data()); }
};

struct Layer {
  static constexpr const char *name = "Layer";
  int n = kQuadN;
  std::vector<double> W = inputs(kQuadN * kQuadN, 0.6), x = inputs(kQuadN, 2.6);
  std::vector<double> dW = std::vector<double>(kQuadN * kQuadN), dx = std::vector<double>(kQuadN);
  double f() { return bench::layer(W.data(), x.data(), n, n); }
  double grad() { return bench::layer_grad(W.data(), x.data(), n, n, dW.data(), dx.data()); }
  double hand() { return hand::layer(W.data(), x.data(), n, n, dW.data(), dx.data()); }
};

// Tape bytes pushed by one call of adgen's gradient, by kernel name.
std::map<std::string, double> tape_bytes;

// Before each call, DoNotOptimize(&k) lets k escape into an asm that may read
// and write all memory: every input is loaded again (nothing is hoisted out of
// the timed loop or constant-folded), and the adjoints the gradients write
// (members of k, or arrays it owns) are live, so that no reverse sweep is
// dropped. Not DoNotOptimize(k.mu): with Google Benchmark 1.7 and g++ 12,
// DoNotOptimize on a double lvalue ("+m,r") can overwrite it (with 0 here).
template <class K> void F(benchmark::State &s) {
  K k;
  for (auto _ : s) {
    benchmark::DoNotOptimize(&k);
    benchmark::DoNotOptimize(k.f());
    benchmark::ClobberMemory();
  }
}
template <class K> void Adgen(benchmark::State &s) {
  K k;
  benchmark::DoNotOptimize(&k);
#ifdef ADGEN_TAPE_STATS
  adgen::tape_bytes_pushed() = 0;
  benchmark::DoNotOptimize(k.grad());
  double bytes = static_cast<double>(adgen::tape_bytes_pushed());
#else
  double bytes = -1; // not counted: build with -DADGEN_TAPE_STATS
#endif
  tape_bytes[K::name] = bytes;
  for (auto _ : s) {
    benchmark::DoNotOptimize(&k);
    benchmark::DoNotOptimize(k.grad());
    benchmark::ClobberMemory();
  }
  s.counters["tape_bytes"] = bytes;
}
template <class K> void Hand(benchmark::State &s) {
  K k;
  for (auto _ : s) {
    benchmark::DoNotOptimize(&k);
    benchmark::DoNotOptimize(k.hand());
    benchmark::ClobberMemory();
  }
}

// Collects the CPU time per iteration of every benchmark, by name (the
// median with --benchmark_repetitions, which comes after the repetitions).
class RatioReporter : public benchmark::ConsoleReporter {
public:
  std::map<std::string, double> ns;
  void ReportRuns(const std::vector<Run> &runs) override {
    for (const Run &r : runs)
      if (r.run_type == Run::RT_Iteration || r.aggregate_name == "median")
        ns[r.run_name.str()] = r.GetAdjustedCPUTime(); // with repetitions: the median
    ConsoleReporter::ReportRuns(runs);
  }
};

} // namespace

#define ADGEN_BENCH_KERNEL(K)                                                   \
  BENCHMARK(F<K>)->Name(#K "_f");                                               \
  BENCHMARK(Adgen<K>)->Name(#K "_adgen");                                       \
  BENCHMARK(Hand<K>)->Name(#K "_hand");

ADGEN_BENCH_KERNEL(Gauss)
ADGEN_BENCH_KERNEL(Leaky)
ADGEN_BENCH_KERNEL(Euler)
ADGEN_BENCH_KERNEL(Dot)
ADGEN_BENCH_KERNEL(Quadform)
ADGEN_BENCH_KERNEL(Softmax)
ADGEN_BENCH_KERNEL(Layer)

int main(int argc, char **argv) {
  benchmark::Initialize(&argc, argv);
  RatioReporter reporter;
  benchmark::RunSpecifiedBenchmarks(&reporter);
  std::printf("\n%-10s %10s %10s %10s %9s %12s %9s %12s\n", "function", "f (ns)", "grad (ns)",
              "hand (ns)", "grad / f", "grad / hand", "hand / f", "tape B/call");
  for (const char *name : {"Gauss", "Leaky", "Euler", "Dot", "Quadform", "Softmax", "Layer"}) {
    std::string n = name;
    if (!reporter.ns.count(n + "_f") || !reporter.ns.count(n + "_adgen") || !reporter.ns.count(n + "_hand"))
      continue;
    double f = reporter.ns[n + "_f"], g = reporter.ns[n + "_adgen"], h = reporter.ns[n + "_hand"];
    std::printf("%-10s %10.1f %10.1f %10.1f %9.2f %12.2f %9.2f %12.0f\n", name, f, g, h, g / f, g / h,
                h / f, tape_bytes[n]);
  }
  benchmark::Shutdown();
}
