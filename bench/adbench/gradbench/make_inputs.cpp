// Writes small GradBench-format inputs for the six evals, for tests:
//
//   make_inputs <outdir> [min_runs]
//
// writes <outdir>/{gmm,ba,lstm,ode,lse,det}.json, each the `input` object of
// a GradBench `evaluate` message (what cpp.py hands a C++ tool, and what
// gradbench_main.h reads), with "min_runs" (default 3: repeated evaluations
// catch a gradient that is not reset between runs) and "min_seconds": 0.
// Values come from our deterministic generators (common/adbench_io.h and
// the make_*_input functions), so the files are the same on every run:
//   gmm  d=3 k=4 n=10, m=2, gamma=1.5 (not GradBench's defaults m=0,
//        gamma=1, so that both Wishart terms and constants are exercised);
//   ba   n=3 m=5 p=12 (p >= 10: GradBench's jacobian output needs 30 row
//        pointers; GradBench's format holds one camera/point/weight/feature);
//   lstm l=2 c=5 b=4;  ode n=8 s=4;  lse n=16 (values spread over [0, 10));
//   det  ell=5.
//
// Build: g++ -std=c++17 -O2 -Iruntime/include -Ibench/adbench
//            bench/adbench/gradbench/make_inputs.cpp -o make_inputs
#include "common/adbench_io.h"
#include "common/json.h"
#include "det/det.h"
#include "lse/lse.h"
#include "ode/ode.h"

#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <string>
#include <vector>

namespace {

using adb::json::write_number;
using adb::json::write_numbers;

// Builds one JSON object, member after member.
class Object {
public:
  Object& number(const char* key, double v) {
    write_key(key);
    write_number(out_, v);
    return *this;
  }
  Object& integer(const char* key, long long v) {
    write_key(key);
    out_ += std::to_string(v);
    return *this;
  }
  Object& array(const char* key, const double* v, size_t n) {
    write_key(key);
    write_numbers(out_, v, n);
    return *this;
  }
  Object& array(const char* key, const std::vector<double>& v) { return array(key, v.data(), v.size()); }
  // rows arrays of cols numbers, row i starting at v[i * stride + offset].
  Object& matrix(const char* key, const std::vector<double>& v, size_t rows, size_t cols,
                 size_t stride, size_t offset = 0) {
    write_key(key);
    out_ += '[';
    for (size_t i = 0; i < rows; ++i) {
      if (i > 0)
        out_ += ',';
      write_numbers(out_, v.data() + i * stride + offset, cols);
    }
    out_ += ']';
    return *this;
  }
  std::string str() const { return out_ + "}\n"; }

private:
  void write_key(const char* key) {
    out_ += out_.size() == 1 ? "\"" : ",\"";
    out_ += key;
    out_ += "\":";
  }
  std::string out_ = "{";
};

bool write_file(const std::string& path, const std::string& text) {
  std::ofstream f(path, std::ios::binary);
  f << text;
  f.close();
  if (!f) {
    std::fprintf(stderr, "make_inputs: cannot write %s\n", path.c_str());
    return false;
  }
  return true;
}

} // namespace

int main(int argc, char** argv) {
  if (argc != 2 && argc != 3) {
    std::fprintf(stderr, "Usage: %s OUTDIR [MIN_RUNS]\n", argv[0]);
    return 1;
  }
  const std::string dir = argv[1];
  const long long min_runs = argc == 3 ? std::atoll(argv[2]) : 3;
  if (min_runs < 1) {
    std::fprintf(stderr, "make_inputs: MIN_RUNS must be at least 1\n");
    return 1;
  }
  auto runs = [&](Object& o) { o.integer("min_runs", min_runs).integer("min_seconds", 0); };
  bool ok = true;

  { // gmm: ADBench's flat layout (icf = per cluster q then l) to GradBench's rows.
    adb::GmmInput in = adb::generate_gmm(3, 4, 10);
    in.wishart_m = 2;
    in.wishart_gamma = 1.5;
    const size_t d = in.d, k = in.k, icf_sz = d * (d + 1) / 2;
    Object o;
    o.integer("d", in.d).integer("k", in.k).integer("n", in.n);
    o.matrix("x", in.x, in.n, d, d);
    o.integer("m", in.wishart_m).number("gamma", in.wishart_gamma);
    o.array("alpha", in.alphas);
    o.matrix("mu", in.means, k, d, d);
    o.matrix("q", in.icf, k, d, icf_sz);
    o.matrix("l", in.icf, k, d * (d - 1) / 2, icf_sz, d);
    runs(o);
    ok &= write_file(dir + "/gmm.json", o.str());
  }
  { // ba: one camera, point, weight and feature (GradBench replicates them).
    const adb::BaInput in = adb::generate_ba(3, 5, 12);
    Object o;
    o.integer("n", in.n).integer("m", in.m).integer("p", in.p);
    o.array("cam", in.cams.data(), 11).array("x", in.X.data(), 3);
    o.number("w", in.w[0]).array("feat", in.feats.data(), 2);
    runs(o);
    ok &= write_file(dir + "/ba.json", o.str());
  }
  { // lstm: no size fields, the shapes carry l, b and c.
    const adb::LstmInput in = adb::generate_lstm(2, 5, 4);
    const size_t l = in.l, b = in.b, c = in.c;
    Object o;
    o.matrix("main_params", in.main_params, 2 * l, 4 * b, 4 * b);
    o.matrix("extra_params", in.extra_params, 3, b, b);
    o.matrix("state", in.state, 2 * l, b, b);
    o.matrix("sequence", in.sequence, c, b, b);
    runs(o);
    ok &= write_file(dir + "/lstm.json", o.str());
  }
  {
    const adb::OdeInput in = adb::make_ode_input(8, 4);
    Object o;
    o.array("x", in.x).integer("s", in.steps);
    runs(o);
    ok &= write_file(dir + "/ode.json", o.str());
  }
  {
    Object o;
    o.array("x", adb::make_lse_input(16, 10.0));
    runs(o);
    ok &= write_file(dir + "/lse.json", o.str());
  }
  {
    const int ell = 5;
    Object o;
    o.array("A", adb::make_det_input(ell)).integer("ell", ell);
    runs(o);
    ok &= write_file(dir + "/det.json", o.str());
  }
  return ok ? 0 : 1;
}
