// The ADBench/GradBench suite's shape: problem instances, each with the
// competitors that compute its derivative, run side by side by
// bench_adbench.cpp (see bench/README.md, "bench_adbench").
#ifndef ADB_SUITE_H
#define ADB_SUITE_H

#include <functional>
#include <memory>
#include <string>
#include <vector>

namespace adb {

// One way of computing an instance's result: the objective alone, or a
// derivative (adgen, hand-written, finite differences, ADOL-C). `run` does
// the measured work (inputs are prepared beforehand, tapes recorded);
// `result` reads what the last run computed: the derivative's values in the
// hand-written gradient's layout (empty for the objective).
struct Competitor {
  std::string tool;
  std::function<void()> run;
  std::function<std::vector<double>()> result;
  std::string skipped;  // why it does not run here (empty: it runs)
};

struct Instance {
  std::string problem;      // "gmm", "ba", ...
  std::string size;         // "d=10 k=25 n=1000"
  std::string source;       // "generated (seed 31337)" or the file read
  double params = 0;        // independent variables: the plot's x axis
  // Competitor 0 is the objective, 1 the hand-written derivative (the
  // reference every other derivative is compared with).
  std::vector<Competitor> competitors;
  std::shared_ptr<void> state;  // inputs and buffers the closures share
};

struct SuiteOptions {
  std::string data_dir;   // ADBench files (gmm/, ba/, lstm/); empty: none
  bool quick = false;     // small sizes only (a smoke run)
  double fd_budget_s = 5; // finite differences only where they take less
  double adolc_budget_s = 0.25;  // ADOL-C only for objectives that take less
};

// How to build one instance (its inputs, its tapes): each is built, checked
// and timed in a process of its own, so that what one instance leaves
// behind (ADOL-C's pool of variable slots only grows; freed memory stays
// mapped) cannot slow down the next.
struct InstanceMaker {
  std::string problem;
  std::function<Instance()> make;
};

// Every instance of every problem, in the order of the report.
std::vector<InstanceMaker> build_suite(const SuiteOptions& options);

// Central finite differences of f (n inputs, m outputs) at x: the m x n
// Jacobian, column after column (J[j * m + i] = d f_i / d x_j), with the
// step h_j = cbrt(eps) * max(1, |x_j|).
void central_differences(const std::function<void(const double*, double*)>& f, int n, int m,
                         const double* x, double* J);

}  // namespace adb

#endif
