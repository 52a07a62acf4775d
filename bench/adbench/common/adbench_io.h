// Instances of the ADBench problems GMM, BA and LSTM: readers for ADBench's
// text files (/work/shared/data/adbench, formats in its README.md) and
// seeded generators for any size. Header-only, standard library only.
//
// Readers throw std::runtime_error when a file cannot be opened or ends early.
// Generators use std::mt19937_64 with a fixed default seed and
// std::uniform_real_distribution, so an instance is the same on every run
// (and on every platform with the same standard library).
#ifndef ADGEN_BENCH_ADBENCH_IO_H
#define ADGEN_BENCH_ADBENCH_IO_H

#include <cstdint>
#include <fstream>
#include <random>
#include <stdexcept>
#include <string>
#include <vector>

namespace adb {

// ---------------------------------------------------------------- GMM

struct GmmInput {
  int d = 0, k = 0, n = 0;
  std::vector<double> alphas; // k
  std::vector<double> means;  // k*d, cluster after cluster
  std::vector<double> icf;    // k*d(d+1)/2: per cluster d values q, then d(d-1)/2 values l
  std::vector<double> x;      // n*d
  double wishart_gamma = 1;
  int wishart_m = 0;
  // Length of the gradient (alphas, means, icf), ADBench's order.
  int num_params() const { return k + k * d + k * d * (d + 1) / 2; }
};

namespace detail {
class Reader {
public:
  explicit Reader(const std::string& path) : in_(path), path_(path) {
    if (!in_)
      throw std::runtime_error("cannot open " + path);
  }
  template <class T> T next() {
    T v;
    if (!(in_ >> v))
      throw std::runtime_error(path_ + ": unexpected end or bad number");
    return v;
  }
  // Throws if anything but whitespace is left: catches a misread layout.
  void expect_end() {
    std::string rest;
    if (in_ >> rest)
      throw std::runtime_error(path_ + ": unexpected data after the instance: " + rest);
  }
  void fill(std::vector<double>& v, std::size_t count) {
    v.resize(count);
    for (double& e : v)
      e = next<double>();
  }

private:
  std::ifstream in_;
  std::string path_;
};
} // namespace detail

// Reads an ADBench GMM file. replicate_point: the file holds a single x line
// that stands for all n points (the files under gmm/2.5M/).
inline GmmInput read_gmm(const std::string& path, bool replicate_point = false) {
  detail::Reader r(path);
  GmmInput in;
  in.d = r.next<int>();
  in.k = r.next<int>();
  in.n = r.next<int>();
  const int d = in.d, k = in.k, n = in.n;
  r.fill(in.alphas, k);
  r.fill(in.means, std::size_t(k) * d);
  r.fill(in.icf, std::size_t(k) * d * (d + 1) / 2);
  if (replicate_point) {
    std::vector<double> point;
    r.fill(point, d);
    in.x.resize(std::size_t(n) * d);
    for (std::size_t i = 0; i < in.x.size(); ++i)
      in.x[i] = point[i % d];
  } else {
    r.fill(in.x, std::size_t(n) * d);
  }
  in.wishart_gamma = r.next<double>();
  in.wishart_m = r.next<int>();
  r.expect_end();
  return in;
}

// A random GMM instance: alphas, means and x uniform in [-1, 1), icf in
// [-0.5, 0.5) (Q's diagonal between 0.6 and 1.6), gamma = 1 and m = 0 as in
// ADBench's files.
inline GmmInput generate_gmm(int d, int k, int n, std::uint64_t seed = 20180706) {
  std::mt19937_64 rng(seed);
  std::uniform_real_distribution<double> unit(-1.0, 1.0), half(-0.5, 0.5);
  GmmInput in;
  in.d = d, in.k = k, in.n = n;
  auto fill = [&](std::vector<double>& v, std::size_t count, auto& dist) {
    v.resize(count);
    for (double& e : v)
      e = dist(rng);
  };
  fill(in.alphas, k, unit);
  fill(in.means, std::size_t(k) * d, unit);
  fill(in.icf, std::size_t(k) * d * (d + 1) / 2, half);
  fill(in.x, std::size_t(n) * d, unit);
  in.wishart_gamma = 1;
  in.wishart_m = 0;
  return in;
}

// ---------------------------------------------------------------- BA

struct BaInput {
  int n = 0, m = 0, p = 0;   // cameras, points, observations
  std::vector<double> cams;  // n*11
  std::vector<double> X;     // m*3
  std::vector<double> w;     // p
  std::vector<double> feats; // p*2
  std::vector<int> obs;      // p*2: camera index, point index
};

// Observation i sees camera i mod n and point i mod m, as ADBench builds it.
inline void ba_assign_observations(BaInput& in) {
  in.obs.resize(std::size_t(in.p) * 2);
  for (int i = 0; i < in.p; ++i) {
    in.obs[2 * i] = i % in.n;
    in.obs[2 * i + 1] = i % in.m;
  }
}

// Reads an ADBench BA file: n m p, then one camera, point, weight and
// feature, replicated n, m, p, p times.
inline BaInput read_ba(const std::string& path) {
  detail::Reader r(path);
  BaInput in;
  in.n = r.next<int>();
  in.m = r.next<int>();
  in.p = r.next<int>();
  std::vector<double> cam, X, w, feat;
  r.fill(cam, 11);
  r.fill(X, 3);
  r.fill(w, 1);
  r.fill(feat, 2);
  auto replicate = [](const std::vector<double>& one, int times, std::vector<double>& all) {
    all.resize(one.size() * times);
    for (std::size_t i = 0; i < all.size(); ++i)
      all[i] = one[i % one.size()];
  };
  replicate(cam, in.n, in.cams);
  replicate(X, in.m, in.X);
  replicate(w, in.p, in.w);
  replicate(feat, in.p, in.feats);
  r.expect_end();
  ba_assign_observations(in);
  return in;
}

// A random BA instance with ADBench's structure. replicate = true draws one
// camera, point, weight and feature and copies them, as ADBench's files do
// (every observation then has the same value and Jacobian); false draws each
// one independently (for checks). Magnitudes follow ADBench's test file:
// small rotations, the point 5-10 units in front of the camera, f ~ 400.
inline BaInput generate_ba(int n, int m, int p, bool replicate = true,
                           std::uint64_t seed = 20180706) {
  std::mt19937_64 rng(seed);
  auto uniform = [&](double lo, double hi) {
    return std::uniform_real_distribution<double>(lo, hi)(rng);
  };
  BaInput in;
  in.n = n, in.m = m, in.p = p;
  const int cams = replicate ? 1 : n, points = replicate ? 1 : m, obs = replicate ? 1 : p;
  for (int i = 0; i < cams; ++i) {
    for (int j = 0; j < 3; ++j) in.cams.push_back(uniform(-0.3, 0.3)); // rotation
    for (int j = 0; j < 3; ++j) in.cams.push_back(uniform(-1, 1));     // centre
    in.cams.push_back(uniform(300, 500));                               // focal length
    for (int j = 0; j < 2; ++j) in.cams.push_back(uniform(-10, 10));   // principal point
    for (int j = 0; j < 2; ++j) in.cams.push_back(uniform(-0.1, 0.1)); // distortion
  }
  for (int i = 0; i < points; ++i) {
    in.X.push_back(uniform(-1, 1));
    in.X.push_back(uniform(-1, 1));
    in.X.push_back(uniform(5, 10));
  }
  for (int i = 0; i < obs; ++i) {
    in.w.push_back(uniform(0, 1));
    in.feats.push_back(uniform(-200, 200));
    in.feats.push_back(uniform(-200, 200));
  }
  auto replicate_to = [](std::vector<double>& v, std::size_t size) {
    const std::size_t one = v.size();
    v.resize(size);
    for (std::size_t i = one; i < size; ++i)
      v[i] = v[i % one];
  };
  replicate_to(in.cams, std::size_t(n) * 11);
  replicate_to(in.X, std::size_t(m) * 3);
  replicate_to(in.w, p);
  replicate_to(in.feats, std::size_t(p) * 2);
  ba_assign_observations(in);
  return in;
}

// ---------------------------------------------------------------- LSTM

struct LstmInput {
  int l = 0, c = 0, b = 0;               // layers, sequence length, width
  std::vector<double> main_params;       // 2l x 4b
  std::vector<double> extra_params;      // 3 x b
  std::vector<double> state;             // 2l x b
  std::vector<double> sequence;          // c x b
  int num_params() const { return 8 * l * b + 3 * b; }
};

inline LstmInput read_lstm(const std::string& path) {
  detail::Reader r(path);
  LstmInput in;
  in.l = r.next<int>();
  in.c = r.next<int>();
  in.b = r.next<int>();
  r.fill(in.main_params, std::size_t(8) * in.l * in.b);
  r.fill(in.extra_params, std::size_t(3) * in.b);
  r.fill(in.state, std::size_t(2) * in.l * in.b);
  r.fill(in.sequence, std::size_t(in.c) * in.b);
  r.expect_end();
  return in;
}

// A random LSTM instance: every value uniform in [0, 1), as in ADBench's files.
inline LstmInput generate_lstm(int l, int c, int b, std::uint64_t seed = 20180706) {
  std::mt19937_64 rng(seed);
  std::uniform_real_distribution<double> unit(0.0, 1.0);
  LstmInput in;
  in.l = l, in.c = c, in.b = b;
  auto fill = [&](std::vector<double>& v, std::size_t count) {
    v.resize(count);
    for (double& e : v)
      e = unit(rng);
  };
  fill(in.main_params, std::size_t(8) * l * b);
  fill(in.extra_params, std::size_t(3) * b);
  fill(in.state, std::size_t(2) * l * b);
  fill(in.sequence, std::size_t(c) * b);
  return in;
}

} // namespace adb

#endif
