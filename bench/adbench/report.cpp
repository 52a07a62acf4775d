// bench_adbench's outputs. The plot uses the PNG writer of examples/mlp
// (png.h: an RGB image, lines, a small lower-case font).
#include "report.h"

#include "png.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <map>
#include <set>

namespace adb {
namespace {

std::string fixed(double v, int decimals) {
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.*f", decimals, v);
  return buf;
}

// Three significant digits, for times and ratios of any size.
std::string sig3(double v) {
  if (v < 0) return "—";
  const int digits = v == 0 ? 0 : int(std::floor(std::log10(v)));
  return fixed(v, std::max(0, 2 - digits));
}

std::string json_string(const std::string& s) {
  std::string out = "\"";
  for (char c : s) {
    if (c == '"' || c == '\\') out += '\\';
    if (static_cast<unsigned char>(c) < 0x20) {
      char buf[8];
      std::snprintf(buf, sizeof buf, "\\u%04x", c);
      out += buf;
      continue;
    }
    out += c;
  }
  return out + "\"";
}

std::string json_number(double v) {
  if (!std::isfinite(v) || v < 0) return "null";
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.6g", v);
  return buf;
}

const Row* find(const std::vector<Row>& rows, const Row& like, const std::string& tool) {
  for (const Row& r : rows)
    if (r.problem == like.problem && r.size == like.size && r.source == like.source &&
        r.tool == tool)
      return &r;
  return nullptr;
}

}  // namespace

void Report::finish() {
  for (Row& r : rows) {
    const Row* objective = find(rows, r, "objective");
    const Row* adgen = find(rows, r, "adgen");
    if (r.time_ms >= 0 && objective && objective->time_ms > 0)
      r.ratio_objective = r.time_ms / objective->time_ms;
    if (r.time_ms >= 0 && adgen && adgen->time_ms > 0) r.ratio_adgen = r.time_ms / adgen->time_ms;
  }
}

std::string Report::markdown() const {
  std::string md = "# adgen on ADBench and GradBench problems\n\n";
  md += "Measured " + date + " on " + machine + "; " + compiler + " " + flags +
        ", one thread.\n`" + command + "`\n\n";
  md += "Times per call (median of Google Benchmark's repetitions). \"÷ objective\" is the "
        "derivative's time over the objective's (ADBench's measure), \"÷ adgen\" the time over "
        "adgen's. \"peak MiB\": resident memory one call adds at its peak. \"max rel. error\": "
        "largest |difference| from the hand-written derivative, over its largest |entry|.\n\n";
  md += "## Goals\n\n";
  for (const std::string& g : goals()) md += "- " + g + "\n";
  std::string problem;
  for (const Row& r : rows) {
    if (r.problem != problem) {
      problem = r.problem;
      md += "\n## " + problem + "\n\n";
      md += "| size | input | tool | time (ms) | ÷ objective | ÷ adgen | peak MiB | max rel. error |\n";
      md += "|---|---|---|---:|---:|---:|---:|---:|\n";
    }
    const std::string err = r.max_rel_error < 0 ? "" : [&] {
      char buf[32];
      std::snprintf(buf, sizeof buf, "%.1e", r.max_rel_error);
      return std::string(buf);
    }();
    const std::string input = r.source.rfind("generated", 0) == 0 ? r.source
                              : r.source.substr(r.source.find_last_of('/') + 1);
    if (!r.skipped.empty()) {
      md += "| " + r.size + " | " + input + " | " + r.tool + " | skipped: " + r.skipped +
            " | | | | |\n";
      continue;
    }
    md += "| " + r.size + " | " + input + " | " + r.tool + " | " + sig3(r.time_ms) + " | " +
          (r.tool == "objective" ? "1" : sig3(r.ratio_objective)) + " | " +
          sig3(r.ratio_adgen) + " | " +
          (r.peak_bytes < 0 ? "—" : fixed(r.peak_bytes / 1048576.0, 1)) + " | " + err + " |\n";
  }
  return md;
}

std::string Report::json() const {
  std::string js = "{\n  \"date\": " + json_string(date) + ",\n  \"machine\": " +
                   json_string(machine) + ",\n  \"compiler\": " + json_string(compiler) +
                   ",\n  \"flags\": " + json_string(flags) + ",\n  \"command\": " +
                   json_string(command) + ",\n  \"goals\": [";
  const std::vector<std::string> g = goals();
  for (size_t i = 0; i < g.size(); ++i) js += (i ? ", " : "") + json_string(g[i]);
  js += "],\n  \"results\": [\n";
  for (size_t i = 0; i < rows.size(); ++i) {
    const Row& r = rows[i];
    js += "    {\"problem\": " + json_string(r.problem) + ", \"size\": " + json_string(r.size) +
          ", \"input\": " + json_string(r.source) + ", \"params\": " + json_number(r.params) +
          ", \"tool\": " + json_string(r.tool) + ", \"time_ms\": " + json_number(r.time_ms) +
          ", \"ratio_objective\": " + json_number(r.ratio_objective) +
          ", \"ratio_adgen\": " + json_number(r.ratio_adgen) +
          ", \"peak_bytes\": " + json_number(r.peak_bytes) +
          ", \"max_rel_error\": " + json_number(r.max_rel_error) +
          (r.skipped.empty() ? "" : ", \"skipped\": " + json_string(r.skipped)) + "}" +
          (i + 1 < rows.size() ? "," : "") + "\n";
  }
  return js + "  ]\n}\n";
}

std::vector<std::string> Report::goals() const {
  std::vector<std::string> out;
  auto ratio = [&](const std::string& problem, const std::string& size, const std::string& tool) {
    for (const Row& r : rows)
      if (r.problem == problem && r.size == size && r.tool == tool &&
          r.source.rfind("generated", 0) == 0)
        return r.ratio_objective;
    return -1.0;
  };
  auto verdict = [](double v, double limit, bool at_most) {
    if (v < 0) return std::string("not measured");
    return sig3(v) + ((at_most ? v <= limit : v >= limit) ? " (met)" : " (MISSED)");
  };
  for (const char* n : {"1000", "10000"}) {
    const std::string small = std::string("d=2 k=5 n=") + n, big = std::string("d=64 k=200 n=") + n;
    out.push_back("GMM gradient ÷ objective ≤ 2 at " + small + ": " +
                  verdict(ratio("gmm", small, "adgen"), 2, true));
    out.push_back("GMM gradient ÷ objective ≤ 5 at " + big + ": " +
                  verdict(ratio("gmm", big, "adgen"), 5, true));
  }
  for (const Row& r : rows)
    if (r.problem == "ba" && r.tool == "adgen")
      out.push_back("BA Jacobian ÷ objective ≤ 6 (" + r.size + "): " +
                    verdict(r.ratio_objective, 6, true));
  // adgen <= 1.1 x hand and >= 10 x faster than ADOL-C, on every instance.
  int hand_total = 0, hand_met = 0, adolc_total = 0, adolc_met = 0;
  std::string hand_worst, adolc_worst;
  double worst_hand = 0, worst_adolc = 1e300;
  for (const Row& r : rows) {
    if (r.time_ms < 0) continue;
    if (r.tool == "hand-written" && r.ratio_adgen > 0) {
      const double adgen_over_hand = 1 / r.ratio_adgen;
      ++hand_total;
      hand_met += adgen_over_hand <= 1.1;
      if (adgen_over_hand > worst_hand) {
        worst_hand = adgen_over_hand;
        hand_worst = r.problem + " " + r.size;
      }
    }
    if (r.tool == "adol-c" && r.ratio_adgen > 0) {
      ++adolc_total;
      adolc_met += r.ratio_adgen >= 10;
      if (r.ratio_adgen < worst_adolc) {
        worst_adolc = r.ratio_adgen;
        adolc_worst = r.problem + " " + r.size;
      }
    }
  }
  out.push_back("adgen ≤ 1.1 × hand-written: " + std::to_string(hand_met) + " of " +
                std::to_string(hand_total) + " instances" +
                (hand_total ? "; worst " + sig3(worst_hand) + "× (" + hand_worst + ")" : ""));
  out.push_back("adgen ≥ 10 × faster than ADOL-C: " + std::to_string(adolc_met) + " of " +
                std::to_string(adolc_total) + " instances" +
                (adolc_total ? "; worst " + sig3(worst_adolc) + "× (" + adolc_worst + ")"
                             : " (ADOL-C not built)"));
  return out;
}

std::vector<std::string> Report::write_plots(const std::string& dir) const {
  std::vector<std::string> written;
  std::set<std::string> problems;
  for (const Row& r : rows) problems.insert(r.problem);
  const std::vector<std::pair<std::string, mlp::Rgb>> tools = {
      {"adgen", {214, 39, 40}},
      {"hand-written", {31, 119, 180}},
      {"adol-c", {44, 160, 44}},
      {"libtorch", {255, 127, 14}},
      {"finite differences", {148, 103, 189}}};
  for (const std::string& problem : problems) {
    // tool -> (params, ratio), generated inputs only (one point per size).
    std::map<std::string, std::vector<std::pair<double, double>>> series;
    double xmin = 1e300, xmax = 0, ymin = 1e300, ymax = 0;
    for (const Row& r : rows) {
      if (r.problem != problem || r.tool == "objective" || r.ratio_objective <= 0 ||
          r.source.rfind("generated", 0) != 0)
        continue;
      // One point per size: GMM's n does not change the parameter count,
      // so its first n (1 000) is plotted.
      auto& pts = series[r.tool];
      if (std::any_of(pts.begin(), pts.end(), [&](const auto& p) { return p.first == r.params; }))
        continue;
      pts.push_back({r.params, r.ratio_objective});
      xmin = std::min(xmin, r.params);
      xmax = std::max(xmax, r.params);
      ymin = std::min(ymin, r.ratio_objective);
      ymax = std::max(ymax, r.ratio_objective);
    }
    if (series.empty() || xmax <= xmin) continue;
    const int width = 640, height = 400, left = 70, right = width - 20, top = 40,
              bottom = height - 90;
    mlp::Image img(width, height);
    const mlp::Rgb black{0, 0, 0}, grid{225, 225, 225};
    // Log axes over whole decades.
    const double lx0 = std::floor(std::log10(xmin)), lx1 = std::ceil(std::log10(xmax));
    const double ly0 = std::floor(std::log10(ymin)), ly1 = std::max(ly0 + 1, std::ceil(std::log10(ymax)));
    auto px = [&](double x) { return left + int(std::lround((std::log10(x) - lx0) / (lx1 - lx0) * (right - left))); };
    auto py = [&](double y) { return bottom - int(std::lround((std::log10(y) - ly0) / (ly1 - ly0) * (bottom - top))); };
    for (double e = ly0; e <= ly1 + 1e-9; ++e) {
      const int y = py(std::pow(10, e));
      img.line(left + 1, y, right, y, grid);
      const std::string label = e >= 0 ? fixed(std::pow(10, e), 0) : fixed(std::pow(10, e), int(-e));
      img.text(left - 8 - mlp::Image::text_width(label), y - 4, label, black);
    }
    for (double e = lx0; e <= lx1 + 1e-9; ++e) {
      const int x = px(std::pow(10, e));
      img.line(x, top, x, bottom - 1, grid);
      const std::string label = "1e" + fixed(e, 0);
      img.text(x - mlp::Image::text_width(label) / 2, bottom + 8, label, black);
    }
    img.line(left, top, left, bottom, black);
    img.line(left, bottom, right, bottom, black);
    img.text(left, 12, problem + ": derivative time / objective time", black);
    img.text((left + right - mlp::Image::text_width("parameters")) / 2, bottom + 24, "parameters",
             black);
    int legend_y = bottom + 46, legend_x = left;
    for (const auto& [tool, colour] : tools) {
      auto it = series.find(tool);
      if (it == series.end()) continue;
      std::vector<std::pair<double, double>> pts = it->second;
      std::sort(pts.begin(), pts.end());
      for (size_t i = 0; i < pts.size(); ++i) {
        const int x = px(pts[i].first), y = py(pts[i].second);
        img.fill_rect(x - 2, y - 2, x + 2, y + 2, colour);
        if (i > 0) img.line(px(pts[i - 1].first), py(pts[i - 1].second), x, y, colour, 2);
      }
      img.fill_rect(legend_x, legend_y + 2, legend_x + 14, legend_y + 6, colour);
      img.text(legend_x + 20, legend_y, tool, black);
      legend_x += 40 + mlp::Image::text_width(tool);
      if (legend_x > right - 120) {
        legend_x = left;
        legend_y += 16;
      }
    }
    const std::string path = dir + "/ratio-" + problem + ".png";
    if (mlp::write_png(path, img)) written.push_back(path);
  }
  return written;
}

}  // namespace adb
