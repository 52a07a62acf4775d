// bench_adbench: adgen against hand-written derivatives, central finite
// differences and ADOL-C on ADBench's GMM, BA and LSTM and GradBench's ode,
// lse and det, side by side in one run (bench/README.md, "bench_adbench").
//
//   bench_adbench [--quick] [--data DIR] [--out DIR] [--fd-budget SECONDS]
//                 [--adolc-budget SECONDS] [--problems gmm,ba,lstm,ode,lse,det]
//                 [Google Benchmark flags, e.g. --benchmark_filter=adgen]
//
// --fd-budget (default 5): finite differences run where their 2n objective
// calls take less; --adolc-budget (default 0.25): ADOL-C tapes objectives
// that take less (a tape of a longer one would not fit in memory).
//
// Each instance (inputs generated from a seed, plus the ADBench files found
// in DIR) runs in a process of its own, which
// 1. builds it and records ADOL-C's tapes;
// 2. runs each derivative once and compares it with the hand-written one:
//    a disagreement (relative error above 1e-6, 1e-4 for finite
//    differences) fails the whole run (exit status 1, no report), and
//    that instance is not timed;
// 3. times every competitor with Google Benchmark, then measures the
//    resident memory one call adds at its peak.
// Then OUT/results.md, OUT/results.json and OUT/ratio-<problem>.png.
#include "report.h"
#include "suite.h"

#include <benchmark/benchmark.h>
#include <malloc.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <ctime>
#include <fstream>
#include <map>
#include <sstream>
#include <string>
#include <sys/stat.h>
#include <sys/utsname.h>
#include <sys/wait.h>
#include <unistd.h>

namespace {

// max |got - want| / max |want| (0 when both are all zeros).
double max_rel_error(const std::vector<double>& got, const std::vector<double>& want) {
  if (got.size() != want.size()) return INFINITY;
  double diff = 0, scale = 0;
  for (size_t i = 0; i < want.size(); ++i) {
    if (std::isnan(got[i]) != std::isnan(want[i])) return INFINITY;
    diff = std::max(diff, std::fabs(got[i] - want[i]));
    scale = std::max(scale, std::fabs(want[i]));
  }
  return scale > 0 ? diff / scale : diff;
}

// A field of /proc/self/status in bytes ("VmRSS", "VmHWM").
double proc_status_bytes(const char* field) {
  std::ifstream in("/proc/self/status");
  std::string line;
  const size_t len = std::strlen(field);
  while (std::getline(in, line))
    if (line.compare(0, len, field) == 0 && line.size() > len && line[len] == ':')
      return 1024.0 * std::atof(line.c_str() + len + 1);
  return -1;
}

// Resident memory a call adds at its peak: freed memory handed back to the
// system first (malloc_trim), the high-water mark reset (clear_refs 5,
// Linux >= 4.0), then VmHWM after the call minus VmRSS before it.
double peak_bytes_of(const std::function<void()>& run) {
  malloc_trim(0);
  {
    std::ofstream reset("/proc/self/clear_refs");
    if (!(reset << "5")) return -1;
  }
  const double before = proc_status_bytes("VmRSS");
  run();
  const double peak = proc_status_bytes("VmHWM");
  return before < 0 || peak < 0 ? -1 : std::max(0.0, peak - before);
}

// Google Benchmark's console output, and each run's time per iteration.
class Collector : public benchmark::ConsoleReporter {
 public:
  std::map<std::string, std::vector<double>> ms;  // per benchmark name
  void ReportRuns(const std::vector<Run>& runs) override {
    // Every benchmark is registered in milliseconds; with
    // report_aggregates_only only the aggregates arrive here.
    for (const Run& r : runs) {
      const bool single = r.run_type == Run::RT_Iteration;
      const bool median = r.run_type == Run::RT_Aggregate && r.aggregate_name == "median";
      if ((single || median) && !r.error_occurred)
        ms[r.run_name.function_name].push_back(r.GetAdjustedRealTime());
    }
    ConsoleReporter::ReportRuns(runs);
  }
};

double median(std::vector<double> v) {
  if (v.empty()) return -1;
  std::sort(v.begin(), v.end());
  return v.size() % 2 ? v[v.size() / 2] : 0.5 * (v[v.size() / 2 - 1] + v[v.size() / 2]);
}

std::string name_of(const adb::Instance& inst, const adb::Competitor& c) {
  std::string name = inst.problem + "/" + inst.size + "/" +
                     (inst.source.rfind("generated", 0) == 0 ? "generated" : "file") + "/" + c.tool;
  std::replace(name.begin(), name.end(), ' ', '_');
  return name;
}

std::string machine_name() {
  std::ifstream in("/proc/cpuinfo");
  std::string line;
  while (std::getline(in, line))
    if (line.rfind("model name", 0) == 0) return line.substr(line.find(':') + 2);
  utsname u{};
  uname(&u);
  return u.machine;
}

constexpr int kDisagreement = 3;  // a child's exit status

// Rows through the pipe from an instance's process: one per line, fields
// separated by the ASCII unit separator.
std::string serialize(const adb::Row& r) {
  char nums[160];
  std::snprintf(nums, sizeof nums, "%.17g\x1f%.17g\x1f%.17g\x1f%.17g", r.params, r.time_ms,
                r.peak_bytes, r.max_rel_error);
  return r.problem + "\x1f" + r.size + "\x1f" + r.source + "\x1f" + r.tool + "\x1f" + nums +
         "\x1f" + r.skipped + "\n";
}

std::vector<adb::Row> parse_rows(const std::string& text) {
  std::vector<adb::Row> rows;
  std::istringstream lines(text);
  std::string line;
  while (std::getline(lines, line)) {
    std::vector<std::string> f;
    size_t at = 0;
    for (size_t sep; (sep = line.find('\x1f', at)) != std::string::npos; at = sep + 1)
      f.push_back(line.substr(at, sep - at));
    f.push_back(line.substr(at));
    if (f.size() != 9) continue;
    adb::Row r{f[0], f[1], f[2], f[3], std::atof(f[4].c_str())};
    r.time_ms = std::atof(f[5].c_str());
    r.peak_bytes = std::atof(f[6].c_str());
    r.max_rel_error = std::atof(f[7].c_str());
    r.skipped = f[8];
    rows.push_back(r);
  }
  return rows;
}

// In the instance's own process: build it, check every derivative against
// the hand-written one (a disagreement: status kDisagreement, no timing),
// time every competitor, then measure its memory. Returns the rows.
std::string measure(const adb::InstanceMaker& maker, int& status) {
  adb::Instance inst = maker.make();
  std::vector<adb::Row> rows;
  adb::Competitor& hand = inst.competitors[1];
  hand.run();
  const std::vector<double> reference = hand.result();
  for (adb::Competitor& c : inst.competitors) {
    adb::Row row{inst.problem, inst.size, inst.source, c.tool, inst.params};
    row.skipped = c.skipped;
    if (c.skipped.empty() && c.tool != "objective") {
      c.run();
      row.max_rel_error = max_rel_error(c.result(), reference);
      const double tolerance = c.tool == "finite differences" ? 1e-4 : 1e-6;
      if (!(row.max_rel_error <= tolerance)) {
        std::fprintf(stderr, "bench_adbench: %s %s: %s disagrees with the hand-written "
                             "derivative: max relative error %.3g (tolerance %.0e)\n",
                     inst.problem.c_str(), inst.size.c_str(), c.tool.c_str(), row.max_rel_error,
                     tolerance);
        status = kDisagreement;
      }
    }
    rows.push_back(row);
  }
  if (status != 0) return "";
  std::vector<std::string> names(inst.competitors.size());
  for (size_t i = 0; i < inst.competitors.size(); ++i) {
    adb::Competitor* cp = &inst.competitors[i];
    if (!cp->skipped.empty()) continue;
    names[i] = name_of(inst, *cp);
    benchmark::RegisterBenchmark(names[i].c_str(),
                                 [cp](benchmark::State& state) {
                                   for (auto _ : state) cp->run();
                                 })
        ->Unit(benchmark::kMillisecond)
        ->MinTime(0.2)
        ->UseRealTime();
  }
  Collector collector;
  benchmark::RunSpecifiedBenchmarks(&collector);
  std::string out;
  for (size_t i = 0; i < rows.size(); ++i) {
    if (!names[i].empty()) {
      rows[i].time_ms = median(collector.ms[names[i]]);
      if (rows[i].time_ms >= 0) rows[i].peak_bytes = peak_bytes_of(inst.competitors[i].run);
    }
    out += serialize(rows[i]);
  }
  return out;
}

int usage(const char* argv0) {
  std::fprintf(stderr,
               "usage: %s [--quick] [--data DIR] [--out DIR] [--fd-budget SECONDS] "
               "[--adolc-budget SECONDS] [--problems LIST] [--benchmark_... flags]\n",
               argv0);
  return 2;
}

}  // namespace

int main(int argc, char** argv) {
  adb::SuiteOptions options;
#ifdef ADB_DEFAULT_DATA_DIR
  options.data_dir = ADB_DEFAULT_DATA_DIR;
#endif
  std::string out_dir = "adbench-results", command = argv[0];
  std::string problems;  // ",gmm,lse,": only these (empty: all)
  std::vector<char*> gb_args{argv[0]};
  bool repetitions_given = false, interleaving_given = false;
  for (int i = 1; i < argc; ++i) {
    const std::string a = argv[i];
    command += " " + a;
    auto value = [&]() -> const char* { return i + 1 < argc ? argv[++i] : nullptr; };
    if (a == "--quick") {
      options.quick = true;
    } else if (a == "--data" || a == "--out" || a == "--fd-budget" || a == "--adolc-budget" ||
               a == "--problems") {
      const char* v = value();
      if (!v) return usage(argv[0]);
      command += std::string(" ") + v;
      if (a == "--data") options.data_dir = v;
      if (a == "--out") out_dir = v;
      if (a == "--fd-budget") options.fd_budget_s = std::atof(v);
      if (a == "--adolc-budget") options.adolc_budget_s = std::atof(v);
      if (a == "--problems") problems = "," + std::string(v) + ",";
    } else if (a.rfind("--benchmark_", 0) == 0) {
      repetitions_given = repetitions_given || a.rfind("--benchmark_repetitions", 0) == 0;
      interleaving_given =
          interleaving_given || a.rfind("--benchmark_enable_random_interleaving", 0) == 0;
      gb_args.push_back(argv[i]);
    } else {
      return usage(argv[0]);
    }
  }
  // Five repetitions of each competitor, interleaved in random order with
  // the other competitors' (Google Benchmark shortens each accordingly): on
  // a shared machine a slow spell then spreads over all competitors of an
  // instance instead of falling on one of them and skewing its ratios.
  std::string repetitions = "--benchmark_repetitions=5";
  if (!repetitions_given) gb_args.push_back(repetitions.data());
  std::string interleave = "--benchmark_enable_random_interleaving=true";
  if (!interleaving_given) gb_args.push_back(interleave.data());
  std::string quiet = "--benchmark_report_aggregates_only=true";
  gb_args.push_back(quiet.data());
  int gb_argc = int(gb_args.size());
  benchmark::Initialize(&gb_argc, gb_args.data());

  std::vector<adb::InstanceMaker> makers;
  for (adb::InstanceMaker& m : adb::build_suite(options))
    if (problems.empty() || problems.find("," + m.problem + ",") != std::string::npos)
      makers.push_back(std::move(m));
  std::printf("bench_adbench: %zu instances%s (data: %s), each in a process of its own\n",
              makers.size(), options.quick ? " (quick)" : "",
              options.data_dir.empty() ? "none" : options.data_dir.c_str());
  adb::Report report;
  int disagreements = 0, failures = 0;
  for (const adb::InstanceMaker& maker : makers) {
    std::fflush(stdout);
    std::fflush(stderr);
    int fd[2];
    if (pipe(fd) != 0) {
      std::perror("bench_adbench: pipe");
      return 1;
    }
    const pid_t child = fork();
    if (child < 0) {
      std::perror("bench_adbench: fork");
      return 1;
    }
    if (child == 0) {
      close(fd[0]);
      int status = 0;
      const std::string rows = measure(maker, status);
      for (size_t at = 0; at < rows.size();) {
        const ssize_t n = write(fd[1], rows.data() + at, rows.size() - at);
        if (n <= 0) _exit(1);
        at += size_t(n);
      }
      close(fd[1]);
      std::fflush(stdout);
      std::fflush(stderr);
      _exit(status);
    }
    close(fd[1]);
    std::string rows;
    char buf[4096];
    for (ssize_t n; (n = read(fd[0], buf, sizeof buf)) > 0;) rows.append(buf, size_t(n));
    close(fd[0]);
    int status = 0;
    waitpid(child, &status, 0);
    if (WIFEXITED(status) && WEXITSTATUS(status) == kDisagreement) {
      ++disagreements;
    } else if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
      std::fprintf(stderr, "bench_adbench: the %s instance's process failed\n",
                   maker.problem.c_str());
      ++failures;
    }
    for (adb::Row& r : parse_rows(rows)) report.rows.push_back(std::move(r));
  }
  if (disagreements || failures) {
    std::fprintf(stderr, "bench_adbench: %d instance(s) with derivatives that disagree, %d "
                         "failed: no report\n", disagreements, failures);
    return 1;
  }

  // 4. The report.
  std::time_t now = std::time(nullptr);
  char date[32];
  std::strftime(date, sizeof date, "%Y-%m-%d %H:%M UTC", std::gmtime(&now));
  report.date = date;
  report.machine = machine_name();
#if defined(__clang__)
  report.compiler = std::string("clang ") + __clang_version__;
#elif defined(__GNUC__)
  report.compiler = std::string("g++ ") + __VERSION__;
#endif
#ifdef ADB_CXX_FLAGS
  report.flags = ADB_CXX_FLAGS;
#endif
  report.command = command;
  // Rows without a time for a filter that left them out: drop them.
  std::vector<adb::Row> kept;
  for (const adb::Row& r : report.rows)
    if (r.time_ms >= 0 || !r.skipped.empty()) kept.push_back(r);
  report.rows = kept;
  report.finish();
  mkdir(out_dir.c_str(), 0755);
  std::ofstream(out_dir + "/results.md") << report.markdown();
  std::ofstream(out_dir + "/results.json") << report.json();
  const std::vector<std::string> plots = report.write_plots(out_dir);
  std::printf("\n");
  for (const std::string& g : report.goals()) std::printf("%s\n", g.c_str());
  std::printf("\nwrote %s/results.md, %s/results.json", out_dir.c_str(), out_dir.c_str());
  for (const std::string& p : plots) std::printf(", %s", p.c_str());
  std::printf("\n");
  return 0;
}
