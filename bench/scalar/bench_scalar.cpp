// Straight-line scalar functions: the primal f, adgen's f_grad, and a
// hand-written gradient, measured side by side in one run. After the
// benchmarks, prints the ratios f_grad / hand-written and f_grad / f.
//
// Goals (issue "Foundation"): f_grad <= 1.1 x hand-written, <= 3 x f.
#include "functions.grad.h"
#include "functions.h"
#include "hand.h"

#include <benchmark/benchmark.h>

#include <array>
#include <cstdio>
#include <map>
#include <string>

namespace {

// Inputs are read through DoNotOptimize so that nothing is constant-folded.
template <size_t N> std::array<double, N> inputs(double start) {
  std::array<double, N> v{};
  for (size_t i = 0; i < N; ++i)
    v[i] = start + 0.37 * i + 0.05 * (i % 3);
  benchmark::DoNotOptimize(v.data());
  return v;
}

void Rosenbrock_f(benchmark::State &s) {
  auto v = inputs<2>(0.3);
  for (auto _ : s) {
    benchmark::DoNotOptimize(v.data());
    benchmark::DoNotOptimize(bench::rosenbrock(v[0], v[1]));
  }
}
void Rosenbrock_adgen(benchmark::State &s) {
  auto v = inputs<2>(0.3);
  std::array<double, 2> d{};
  for (auto _ : s) {
    benchmark::DoNotOptimize(v.data());
    benchmark::DoNotOptimize(bench::rosenbrock_grad(v[0], v[1], &d[0], &d[1]));
    benchmark::ClobberMemory();
  }
}
void Rosenbrock_hand(benchmark::State &s) {
  auto v = inputs<2>(0.3);
  std::array<double, 2> d{};
  for (auto _ : s) {
    benchmark::DoNotOptimize(v.data());
    benchmark::DoNotOptimize(hand::rosenbrock(v[0], v[1], &d[0], &d[1]));
    benchmark::ClobberMemory();
  }
}

void Arm3_f(benchmark::State &s) {
  auto v = inputs<5>(0.2);
  for (auto _ : s) {
    benchmark::DoNotOptimize(v.data());
    benchmark::DoNotOptimize(bench::arm3(v[0], v[1], v[2], v[3], v[4]));
  }
}
void Arm3_adgen(benchmark::State &s) {
  auto v = inputs<5>(0.2);
  std::array<double, 5> d{};
  for (auto _ : s) {
    benchmark::DoNotOptimize(v.data());
    benchmark::DoNotOptimize(
        bench::arm3_grad(v[0], v[1], v[2], v[3], v[4], &d[0], &d[1], &d[2], &d[3], &d[4]));
    benchmark::ClobberMemory();
  }
}
void Arm3_hand(benchmark::State &s) {
  auto v = inputs<5>(0.2);
  std::array<double, 5> d{};
  for (auto _ : s) {
    benchmark::DoNotOptimize(v.data());
    benchmark::DoNotOptimize(
        hand::arm3(v[0], v[1], v[2], v[3], v[4], &d[0], &d[1], &d[2], &d[3], &d[4]));
    benchmark::ClobberMemory();
  }
}

void Logistic_f(benchmark::State &s) {
  auto w = inputs<4>(-0.4);
  auto x = inputs<4>(0.5);
  for (auto _ : s) {
    benchmark::DoNotOptimize(w.data());
    benchmark::DoNotOptimize(bench::logistic(w.data(), 0.1, x.data(), 1.0));
  }
}
void Logistic_adgen(benchmark::State &s) {
  auto w = inputs<4>(-0.4);
  auto x = inputs<4>(0.5);
  std::array<double, 4> dw{};
  double db = 0;
  for (auto _ : s) {
    benchmark::DoNotOptimize(w.data());
    benchmark::DoNotOptimize(bench::logistic_grad(w.data(), 0.1, x.data(), 1.0, dw.data(), &db));
    benchmark::ClobberMemory();
  }
}
void Logistic_hand(benchmark::State &s) {
  auto w = inputs<4>(-0.4);
  auto x = inputs<4>(0.5);
  std::array<double, 4> dw{};
  double db = 0;
  for (auto _ : s) {
    benchmark::DoNotOptimize(w.data());
    benchmark::DoNotOptimize(hand::logistic(w.data(), 0.1, x.data(), 1.0, dw.data(), &db));
    benchmark::ClobberMemory();
  }
}

template <int N, double (*F)(const double *, double)> void Chain_f(benchmark::State &s) {
  auto p = inputs<2 * N>(0.1);
  for (auto _ : s) {
    benchmark::DoNotOptimize(p.data());
    benchmark::DoNotOptimize(F(p.data(), 50.0));
  }
}
template <int N, double (*G)(const double *, double, double *)> void Chain_grad(benchmark::State &s) {
  auto p = inputs<2 * N>(0.1);
  std::array<double, 2 * N> d{};
  for (auto _ : s) {
    benchmark::DoNotOptimize(p.data());
    benchmark::DoNotOptimize(G(p.data(), 50.0, d.data()));
    benchmark::ClobberMemory();
  }
}

// Collects the CPU time per iteration of every benchmark, by name.
class RatioReporter : public benchmark::ConsoleReporter {
public:
  std::map<std::string, double> ns;
  void ReportRuns(const std::vector<Run> &runs) override {
    for (const Run &r : runs)
      if (r.run_type == Run::RT_Iteration || r.aggregate_name == "median")
        ns[r.benchmark_name()] = r.GetAdjustedCPUTime();
    ConsoleReporter::ReportRuns(runs);
  }
};

double chain6_grad(const double *p, double k, double *d) { return bench::chain6_grad(p, k, d); }
double chain17_grad(const double *p, double k, double *d) { return bench::chain17_grad(p, k, d); }

} // namespace

BENCHMARK(Rosenbrock_f);
BENCHMARK(Rosenbrock_adgen);
BENCHMARK(Rosenbrock_hand);
BENCHMARK(Arm3_f);
BENCHMARK(Arm3_adgen);
BENCHMARK(Arm3_hand);
BENCHMARK(Logistic_f);
BENCHMARK(Logistic_adgen);
BENCHMARK(Logistic_hand);
BENCHMARK(Chain_f<6, bench::chain6>)->Name("Chain6_f");
BENCHMARK(Chain_grad<6, chain6_grad>)->Name("Chain6_adgen");
BENCHMARK(Chain_grad<6, hand::chain<6>>)->Name("Chain6_hand");
BENCHMARK(Chain_f<17, bench::chain17>)->Name("Chain17_f");
BENCHMARK(Chain_grad<17, chain17_grad>)->Name("Chain17_adgen");
BENCHMARK(Chain_grad<17, hand::chain<17>>)->Name("Chain17_hand");

int main(int argc, char **argv) {
  benchmark::Initialize(&argc, argv);
  RatioReporter reporter;
  benchmark::RunSpecifiedBenchmarks(&reporter);
  std::printf("\n%-12s %10s %10s %10s %14s %12s\n", "function", "f (ns)", "grad (ns)", "hand (ns)",
              "grad / hand", "grad / f");
  for (const char *name : {"Rosenbrock", "Arm3", "Logistic", "Chain6", "Chain17"}) {
    std::string n = name;
    if (!reporter.ns.count(n + "_f") || !reporter.ns.count(n + "_adgen") || !reporter.ns.count(n + "_hand"))
      continue;
    double f = reporter.ns[n + "_f"], g = reporter.ns[n + "_adgen"], h = reporter.ns[n + "_hand"];
    std::printf("%-12s %10.2f %10.2f %10.2f %14.2f %12.2f\n", name, f, g, h, g / h, g / f);
  }
  benchmark::Shutdown();
}
