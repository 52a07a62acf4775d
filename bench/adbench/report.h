// What bench_adbench measured, and the files it writes from it: a Markdown
// table, a JSON file and one plot per problem (report.cpp).
#ifndef ADB_REPORT_H
#define ADB_REPORT_H

#include <string>
#include <vector>

namespace adb {

struct Row {
  std::string problem, size, source, tool;
  double params = 0;
  double time_ms = -1;         // per call; < 0: not run
  double peak_bytes = -1;      // resident memory one call adds at its peak
  double max_rel_error = -1;   // against the hand-written derivative
  std::string skipped;         // why it was not run
  // Filled by finish(): time / the objective's, time / adgen's.
  double ratio_objective = -1, ratio_adgen = -1;
};

struct Report {
  std::string date, compiler, flags, machine, command;
  std::vector<Row> rows;
  void finish();  // the ratios
  std::string markdown() const;
  std::string json() const;
  // The goals of the benchmark issue, met or not: one line each.
  std::vector<std::string> goals() const;
  // gradient / objective against the number of parameters, one line per
  // tool, for each problem with several generated sizes: <dir>/ratio-<p>.png.
  std::vector<std::string> write_plots(const std::string& dir) const;
};

}  // namespace adb

#endif
