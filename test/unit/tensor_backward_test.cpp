// Unit tests for runtime/include/adgen/tensor_backward.h, the backward
// helpers that generated gradient code calls (docs/tensor-api.md).
//
// Oracles are independent of the runtime: every helper is checked against
// central finite differences, in long double, of a small reference forward
// written here with plain loops over dense arrays, on random shapes
// (broadcasting, negative dims, keepdim both ways) and on inputs and
// gradients that are strided views (dimensions stored in another order, with
// gaps, stride 0); edge cases (ties, zeros, bounds) have hand-computed
// values.
#include "adgen/tensor.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <functional>
#include <limits>
#include <numeric>
#include <random>
#include <stdexcept>
#include <string>
#include <vector>

namespace {

using adgen::BasicTensor;
using adgen::Shape;
using LD = long double;
using Vec = std::vector<LD>;

// ---- Dense reference arrays ------------------------------------------------

int64_t numel(const Shape& s) {
  int64_t n = 1;
  for (int64_t d : s) n *= d;
  return n;
}

std::vector<int64_t> unravel(int64_t i, const Shape& s) {
  std::vector<int64_t> idx(s.size());
  for (size_t d = s.size(); d-- > 0;) {
    idx[d] = i % s[d];
    i /= s[d];
  }
  return idx;
}

int64_t ravel(const std::vector<int64_t>& idx, const Shape& s) {
  int64_t i = 0;
  for (size_t d = 0; d < s.size(); ++d) i = i * s[d] + idx[d];
  return i;
}

// The flat index into `in` that broadcasting reads at index `out_idx` of
// shape `out`.
int64_t bcast_at(const std::vector<int64_t>& out_idx, const Shape& out,
                 const Shape& in) {
  const size_t lead = out.size() - in.size();
  int64_t i = 0;
  for (size_t d = 0; d < in.size(); ++d) {
    i = i * in[d] + (in[d] == 1 ? 0 : out_idx[lead + d]);
  }
  return i;
}

Shape bshape(const Shape& a, const Shape& b) {
  const size_t n = std::max(a.size(), b.size());
  Shape out(n);
  for (size_t i = 0; i < n; ++i) {
    const int64_t x = i < n - a.size() ? 1 : a[i - (n - a.size())];
    const int64_t y = i < n - b.size() ? 1 : b[i - (n - b.size())];
    out[i] = x == 1 ? y : x;
  }
  return out;
}

Vec expand(const Vec& x, const Shape& xs, const Shape& out) {
  Vec r(static_cast<size_t>(numel(out)));
  for (int64_t i = 0; i < numel(out); ++i) {
    r[i] = x[bcast_at(unravel(i, out), out, xs)];
  }
  return r;
}

int64_t wrap(int64_t d, int64_t n) { return d < 0 ? d + std::max<int64_t>(n, 1) : d; }

// Reduction of x (shape xs) over the dims in mask: the groups of flat
// indices that each output element covers, and the output shape.
struct Groups {
  Shape out;
  std::vector<std::vector<int64_t>> members;
};
Groups groups(const Shape& xs, const std::vector<bool>& mask, bool keepdim) {
  Groups gr;
  Shape kept;  // out shape without the kept size-1 dims
  for (size_t d = 0; d < xs.size(); ++d) {
    if (!mask[d]) {
      gr.out.push_back(xs[d]);
      kept.push_back(xs[d]);
    } else if (keepdim) {
      gr.out.push_back(1);
    }
  }
  gr.members.resize(static_cast<size_t>(numel(kept)));
  for (int64_t i = 0; i < numel(xs); ++i) {
    const auto idx = unravel(i, xs);
    std::vector<int64_t> k;
    for (size_t d = 0; d < xs.size(); ++d) {
      if (!mask[d]) k.push_back(idx[d]);
    }
    gr.members[ravel(k, kept)].push_back(i);
  }
  return gr;
}

std::vector<bool> mask_of(const Shape& dims, int64_t ndim) {
  std::vector<bool> m(static_cast<size_t>(ndim), dims.empty());
  for (int64_t d : dims) {
    if (ndim > 0) m[wrap(d, ndim)] = true;
  }
  return m;
}

template <class F>
Vec reduce(const Vec& x, const Groups& gr, F f) {
  Vec r;
  for (const auto& mem : gr.members) {
    Vec v;
    for (int64_t i : mem) v.push_back(x[i]);
    r.push_back(f(v));
  }
  return r;
}

LD lsum(const Vec& v) { return std::accumulate(v.begin(), v.end(), LD(0)); }

// d/d in[which] of sum_j g_j f(in)_j, central differences in long double.
using Fwd = std::function<Vec(const std::vector<Vec>&)>;
Vec fd(const Fwd& f, std::vector<Vec> in, size_t which, const Vec& g) {
  const LD h = 1e-7L;
  Vec out(in[which].size());
  for (size_t i = 0; i < out.size(); ++i) {
    const LD x = in[which][i];
    in[which][i] = x + h;
    const Vec fp = f(in);
    in[which][i] = x - h;
    const Vec fm = f(in);
    in[which][i] = x;
    LD s = 0;
    for (size_t j = 0; j < g.size(); ++j) s += g[j] * (fp[j] - fm[j]);
    out[i] = s / (2 * h);
  }
  return out;
}

// ---- Random inputs and tensors -----------------------------------------------

struct Rng {
  std::mt19937_64 gen;
  explicit Rng(uint64_t seed) : gen(seed) {}
  LD uniform(LD lo, LD hi) {
    return lo + (hi - lo) * std::uniform_real_distribution<double>(0, 1)(gen);
  }
  int64_t integer(int64_t lo, int64_t hi) {  // inclusive
    return std::uniform_int_distribution<int64_t>(lo, hi)(gen);
  }
  bool coin() { return integer(0, 1) == 1; }
  Shape shape(int64_t max_dims, int64_t max_size = 4) {
    Shape s(static_cast<size_t>(integer(0, max_dims)));
    for (auto& d : s) d = integer(1, max_size);
    return s;
  }
};

// Random values representable in T, in [lo, hi].
template <class T>
Vec values(Rng& r, int64_t n, LD lo = -2, LD hi = 2) {
  Vec v(static_cast<size_t>(n));
  for (auto& x : v) x = static_cast<T>(r.uniform(lo, hi));
  return v;
}

// Distinct values (no ties), representable in T, in random order.
template <class T>
Vec distinct(Rng& r, int64_t n) {
  Vec v(static_cast<size_t>(n));
  for (int64_t i = 0; i < n; ++i) {
    v[i] = static_cast<T>(-2 + 4.0L * (i + r.uniform(0.2L, 0.8L)) / n);
  }
  std::shuffle(v.begin(), v.end(), r.gen);
  return v;
}

// A tensor with values v (row-major over s): contiguous, or a strided view
// whose dimensions lie in storage in a random order, with random gaps and
// an offset; the storage around the elements holds NaN, which would show.
template <class T>
BasicTensor<T> make(const Shape& s, const Vec& v, bool strided, Rng& r) {
  std::vector<T> dense(v.size());
  for (size_t i = 0; i < v.size(); ++i) dense[i] = static_cast<T>(v[i]);
  if (!strided || dense.empty()) return BasicTensor<T>(s, dense);
  std::vector<size_t> order(s.size());
  std::iota(order.begin(), order.end(), 0);
  if (order.size() >= 2 && r.coin()) {
    std::reverse(order.begin(), order.end());
  } else {
    std::shuffle(order.begin(), order.end(), r.gen);
  }
  std::vector<int64_t> st(s.size());
  int64_t running = 1;
  for (size_t j = order.size(); j-- > 0;) {  // order[last] innermost
    st[order[j]] = running;
    running *= s[order[j]] + r.integer(0, 1);
  }
  const int64_t offset = r.integer(0, 3);
  int64_t span = offset + 1;
  for (size_t d = 0; d < s.size(); ++d) span += (s[d] - 1) * st[d];
  std::vector<T> storage(static_cast<size_t>(span + 2),
                         std::numeric_limits<T>::quiet_NaN());
  for (int64_t i = 0; i < numel(s); ++i) {
    const auto idx = unravel(i, s);
    int64_t at = offset;
    for (size_t d = 0; d < s.size(); ++d) at += idx[d] * st[d];
    storage[at] = dense[i];
  }
  BasicTensor<T> base(Shape{static_cast<int64_t>(storage.size())}, storage);
  return base.as_strided(s, st, offset);
}

// The values of any tensor, read through its strides.
template <class T>
Vec read(const BasicTensor<T>& t) {
  Vec v(static_cast<size_t>(t.numel()));
  for (int64_t i = 0; i < t.numel(); ++i) {
    const auto idx = unravel(i, t.shape());
    int64_t at = 0;
    for (size_t d = 0; d < idx.size(); ++d) at += idx[d] * t.strides()[d];
    v[i] = t.data()[at];
  }
  return v;
}

template <class T>
LD tol() {
  return std::is_same<T, float>::value ? 2e-4L : 1e-8L;
}

template <class T>
void expect_close(const BasicTensor<T>& got, const Shape& shape, const Vec& want,
                  const std::string& what) {
  ASSERT_TRUE(got.defined()) << what;
  ASSERT_EQ(got.shape(), shape) << what;
  ASSERT_EQ(static_cast<size_t>(got.numel()), want.size()) << what;
  LD scale = 1;
  for (LD w : want) scale = std::max(scale, std::fabs(w));
  const Vec v = read(got);
  for (size_t i = 0; i < want.size(); ++i) {
    EXPECT_NEAR(static_cast<double>(v[i]), static_cast<double>(want[i]),
                static_cast<double>(tol<T>() * scale))
        << what << " at flat index " << i;
  }
}

// Exact comparison (hand-computed edge cases).
template <class T>
void expect_exact(const BasicTensor<T>& got, const Shape& shape,
                  const std::vector<double>& want, const std::string& what) {
  ASSERT_EQ(got.shape(), shape) << what;
  const Vec v = read(got);
  ASSERT_EQ(v.size(), want.size()) << what;
  for (size_t i = 0; i < want.size(); ++i) {
    if (std::isnan(want[i])) {
      EXPECT_TRUE(std::isnan(static_cast<double>(v[i]))) << what << " at " << i;
    } else {
      EXPECT_EQ(static_cast<T>(v[i]), static_cast<T>(want[i])) << what << " at " << i;
    }
  }
}

std::string str(const Shape& s) {
  std::string r = "[";
  for (size_t i = 0; i < s.size(); ++i) r += (i ? "," : "") + std::to_string(s[i]);
  return r + "]";
}

// Random dims of an n-dim shape, some spelled negative.
Shape random_dims(Rng& r, int64_t n) {
  Shape dims;
  for (int64_t d = 0; d < n; ++d) {
    if (r.coin()) dims.push_back(r.coin() ? d : d - n);
  }
  std::shuffle(dims.begin(), dims.end(), r.gen);
  return dims;
}

template <class T>
class TensorBackward : public ::testing::Test {};
using ElementTypes = ::testing::Types<float, double>;
TYPED_TEST_SUITE(TensorBackward, ElementTypes);

constexpr int kTrials = 40;

// ---- reduce_like, sum, mean ------------------------------------------------------

TYPED_TEST(TensorBackward, ReduceLikeMatchesFiniteDifferences) {
  using T = TypeParam;
  Rng r(1);
  for (int trial = 0; trial < kTrials; ++trial) {
    const Shape gs = r.shape(4);
    Shape ls(gs.begin() + r.integer(0, static_cast<int64_t>(gs.size())), gs.end());
    for (auto& d : ls) {
      if (r.integer(0, 2) == 0) d = 1;
    }
    const Vec x = values<T>(r, numel(ls));
    const Vec g = values<T>(r, numel(gs));
    const Fwd f = [&](const std::vector<Vec>& in) { return expand(in[0], ls, gs); };
    const auto gt = make<T>(gs, g, r.coin(), r);
    const auto lt = make<T>(ls, x, r.coin(), r);
    expect_close(adgen::reduce_like(gt, lt), ls, fd(f, {x}, 0, g),
                 "reduce_like " + str(gs) + " -> " + str(ls));
    // expand(x, shape)'s backward is the same helper.
  }
}

TYPED_TEST(TensorBackward, ReduceLikeEdgeCases) {
  using T = TypeParam;
  const auto g = adgen::tensor<T>({{1, 2, 3}, {4, 5, 6}});
  // Same shape: g itself (documented as a shared result).
  const auto same = adgen::reduce_like(g, adgen::zeros<T>({2, 3}));
  EXPECT_EQ(same.data(), g.data());
  expect_exact(adgen::reduce_like(g, adgen::zeros<T>({})), {}, {21}, "to 0-dim");
  expect_exact(adgen::reduce_like(g, adgen::zeros<T>({1, 1})), {1, 1}, {21}, "to [1,1]");
  expect_exact(adgen::reduce_like(g, adgen::zeros<T>({3})), {3}, {5, 7, 9}, "to [3]");
  expect_exact(adgen::reduce_like(g, adgen::zeros<T>({2, 1})), {2, 1}, {6, 15}, "to [2,1]");
  // A gradient that is itself expanded (stride 0 along dim 0).
  const auto row = adgen::tensor<T>({1, 2, 3});
  const auto ge = row.as_strided({4, 3}, {0, 1}, 0);
  expect_exact(adgen::reduce_like(ge, adgen::zeros<T>({3})), {3}, {4, 8, 12}, "expanded g");
  expect_exact(adgen::reduce_like(ge, adgen::zeros<T>({4, 1})), {4, 1}, {6, 6, 6, 6},
               "expanded g, inner");
  // Empty.
  expect_exact(adgen::reduce_like(adgen::zeros<T>({0, 3}), adgen::zeros<T>({3})), {3},
               {0, 0, 0}, "empty g");
  try {
    adgen::reduce_like(g, adgen::zeros<T>({2}));
    ADD_FAILURE() << "no throw";
  } catch (const std::invalid_argument& e) {
    EXPECT_EQ(std::string(e.what()), "size [2] is not expandable to size [2, 3].");
  }
  EXPECT_THROW(adgen::reduce_like(g, adgen::zeros<T>({1, 2, 3, 1})), std::invalid_argument);
}

TYPED_TEST(TensorBackward, SumAndMeanMatchFiniteDifferences) {
  using T = TypeParam;
  Rng r(2);
  for (int trial = 0; trial < kTrials; ++trial) {
    const Shape xs = r.shape(4);
    const int64_t n = static_cast<int64_t>(xs.size());
    const Shape dims = random_dims(r, n);
    const bool keepdim = r.coin();
    const Groups gr = groups(xs, mask_of(dims, n), keepdim);
    const Vec x = values<T>(r, numel(xs));
    const Vec g = values<T>(r, numel(gr.out));
    const auto xt = make<T>(xs, x, r.coin(), r);
    const auto gt = make<T>(gr.out, g, r.coin(), r);
    const std::string what = str(xs) + " dims " + str(dims) + (keepdim ? " keepdim" : "");
    const Fwd fsum = [&](const std::vector<Vec>& in) { return reduce(in[0], gr, lsum); };
    const Fwd fmean = [&](const std::vector<Vec>& in) {
      return reduce(in[0], gr, [](const Vec& v) { return lsum(v) / v.size(); });
    };
    expect_close(adgen::sum_backward(gt, xt, dims, keepdim), xs, fd(fsum, {x}, 0, g),
                 "sum " + what);
    expect_close(adgen::mean_backward(gt, xt, dims, keepdim), xs, fd(fmean, {x}, 0, g),
                 "mean " + what);
    if (dims.size() == 1) {
      expect_close(adgen::sum_backward(gt, xt, dims[0], keepdim), xs, fd(fsum, {x}, 0, g),
                   "sum (int dim) " + what);
      expect_close(adgen::mean_backward(gt, xt, dims[0], keepdim), xs,
                   fd(fmean, {x}, 0, g), "mean (int dim) " + what);
    }
  }
}

TYPED_TEST(TensorBackward, SumAndMeanOverAllElements) {
  using T = TypeParam;
  const auto x = adgen::zeros<T>({2, 3});
  expect_exact(adgen::sum_backward(adgen::tensor<T>(1.5), x), {2, 3},
               {1.5, 1.5, 1.5, 1.5, 1.5, 1.5}, "sum");
  expect_exact(adgen::mean_backward(adgen::tensor<T>(3), x), {2, 3},
               {0.5, 0.5, 0.5, 0.5, 0.5, 0.5}, "mean");
  // Divided in T, as PyTorch: 1 / 3 rounded once.
  const T third = T(1) / T(3);
  expect_exact(adgen::mean_backward(adgen::tensor<T>(1), adgen::zeros<T>({3})), {3},
               {third, third, third}, "mean thirds");
  // The 2-argument forms generated code calls today.
  expect_exact(adgen::mean_backward(adgen::tensor<T>({2}), adgen::zeros<T>({})), {}, {2},
               "mean 0-dim");
  expect_exact(adgen::expand_as(adgen::tensor<T>(2), x), {2, 3}, {2, 2, 2, 2, 2, 2},
               "expand_as");
  // An empty dims list reduces every dimension (PyTorch 1.13).
  expect_exact(adgen::sum_backward(adgen::tensor<T>(2), x, Shape{}), {2, 3},
               {2, 2, 2, 2, 2, 2}, "sum dim=[]");
  expect_exact(adgen::sum_backward(adgen::tensor<T>({{2}}), x, Shape{}, true), {2, 3},
               {2, 2, 2, 2, 2, 2}, "sum dim=[] keepdim");
  // 0-dim x, dim 0 or -1.
  expect_exact(adgen::sum_backward(adgen::tensor<T>(4), adgen::tensor<T>(1), -1), {}, {4},
               "sum 0-dim");
  expect_exact(adgen::mean_backward(adgen::tensor<T>(4), adgen::tensor<T>(1), 0, true), {},
               {4}, "mean 0-dim");
  // Errors.
  EXPECT_THROW(adgen::sum_backward(adgen::tensor<T>({1, 2}), x), std::invalid_argument);
  EXPECT_THROW(adgen::sum_backward(adgen::tensor<T>({1, 2}), x, 0), std::invalid_argument);
  EXPECT_THROW(adgen::sum_backward(adgen::tensor<T>({1, 2, 3}), x, 2), std::out_of_range);
  EXPECT_THROW(adgen::sum_backward(adgen::tensor<T>(1), x, Shape{0, -2}),
               std::invalid_argument);
}

// ---- prod, max, min ----------------------------------------------------------

// Nonzero values away from 0 (prod's g y / x path).
template <class T>
Vec nonzero_values(Rng& r, int64_t n) {
  Vec v = values<T>(r, n, 0.5, 1.5);
  for (auto& x : v) {
    if (r.coin()) x = -x;
  }
  return v;
}

LD lprod(const Vec& v) {
  LD p = 1;
  for (LD x : v) p *= x;
  return p;
}

TYPED_TEST(TensorBackward, ProdMatchesFiniteDifferences) {
  using T = TypeParam;
  Rng r(3);
  for (int trial = 0; trial < kTrials; ++trial) {
    const Shape xs = r.shape(3);
    const int64_t n = static_cast<int64_t>(xs.size());
    Vec x = nonzero_values<T>(r, numel(xs));
    // Sometimes zeros: the exact path (FD is exact there too: prod is
    // multilinear).
    const int zeros = static_cast<int>(r.integer(0, 2));
    for (int z = 0; z < zeros && !x.empty(); ++z) x[r.integer(0, numel(xs) - 1)] = 0;
    const auto xt = make<T>(xs, x, r.coin(), r);
    // All elements.
    {
      const Groups gr = groups(xs, mask_of({}, n), false);
      const Vec g = values<T>(r, 1);
      const Fwd f = [&](const std::vector<Vec>& in) { return reduce(in[0], gr, lprod); };
      const auto y = adgen::tensor<T>(static_cast<T>(reduce(x, gr, lprod)[0]));
      expect_close(adgen::prod_backward(make<T>({}, g, false, r), xt, y), xs,
                   fd(f, {x}, 0, g), "prod " + str(xs));
    }
    if (n == 0) continue;
    const int64_t dim = r.integer(-n, n - 1);
    const bool keepdim = r.coin();
    const Groups gr = groups(xs, mask_of({dim}, n), keepdim);
    const Vec g = values<T>(r, numel(gr.out));
    const Fwd f = [&](const std::vector<Vec>& in) { return reduce(in[0], gr, lprod); };
    const auto y = make<T>(gr.out, reduce(x, gr, lprod), r.coin(), r);
    expect_close(adgen::prod_backward(make<T>(gr.out, g, r.coin(), r), xt, y, dim, keepdim),
                 xs, fd(f, {x}, 0, g),
                 "prod " + str(xs) + " dim " + std::to_string(dim) + (keepdim ? " keepdim" : ""));
  }
}

TYPED_TEST(TensorBackward, ProdWithZerosIsExact) {
  using T = TypeParam;
  const auto g = adgen::tensor<T>(2);
  // No zero: g y / x.
  expect_exact(adgen::prod_backward(g, adgen::tensor<T>({2, 4}), adgen::tensor<T>(8)), {2},
               {8, 4}, "no zero");
  // One zero: only it gets g times the product of the others.
  expect_exact(adgen::prod_backward(g, adgen::tensor<T>({3, 0, 5}), adgen::tensor<T>(0)),
               {3}, {0, 30, 0}, "one zero");
  // Two zeros: nothing.
  expect_exact(adgen::prod_backward(g, adgen::tensor<T>({0, 2, 0}), adgen::tensor<T>(0)),
               {3}, {0, 0, 0}, "two zeros");
  // 0-dim: g.
  expect_exact(adgen::prod_backward(g, adgen::tensor<T>(0), adgen::tensor<T>(0)), {}, {2},
               "0-dim");
  // Along a dim, rows with 0, 1 and 2 zeros.
  const auto x = adgen::tensor<T>({{2, 3, 4}, {0, 3, 4}, {0, 3, 0}});
  const auto y = adgen::tensor<T>({24, 0, 0});
  const auto gd = adgen::tensor<T>({1, 2, 3});
  expect_exact(adgen::prod_backward(gd, x, y, 1), {3, 3},
               {12, 8, 6, 24, 0, 0, 0, 0, 0}, "dim 1");
  expect_exact(adgen::prod_backward(adgen::tensor<T>({{1}, {2}, {3}}), x, adgen::tensor<T>({{24}, {0}, {0}}),
                                    -1, true),
               {3, 3}, {12, 8, 6, 24, 0, 0, 0, 0, 0}, "dim -1 keepdim");
  expect_exact(adgen::prod_backward(adgen::tensor<T>({1, 1, 1}), x, adgen::tensor<T>({0, 27, 0}), 0),
               {3, 3}, {0, 9, 0, 0, 9, 0, 0, 9, 16}, "dim 0");
}

TYPED_TEST(TensorBackward, MaxMinMatchFiniteDifferences) {
  using T = TypeParam;
  Rng r(4);
  for (int trial = 0; trial < kTrials; ++trial) {
    const Shape xs = r.shape(3);
    const int64_t n = static_cast<int64_t>(xs.size());
    const Vec x = distinct<T>(r, numel(xs));
    const auto xt = make<T>(xs, x, r.coin(), r);
    const auto vmax = [](const Vec& v) { return *std::max_element(v.begin(), v.end()); };
    const auto vmin = [](const Vec& v) { return *std::min_element(v.begin(), v.end()); };
    {
      const Groups gr = groups(xs, mask_of({}, n), false);
      const Vec g = values<T>(r, 1);
      const auto gt = make<T>({}, g, false, r);
      const Fwd fmax = [&](const std::vector<Vec>& in) { return reduce(in[0], gr, vmax); };
      const Fwd fmin = [&](const std::vector<Vec>& in) { return reduce(in[0], gr, vmin); };
      expect_close(adgen::max_backward(gt, xt, adgen::tensor<T>(static_cast<T>(vmax(x)))), xs,
                   fd(fmax, {x}, 0, g), "max " + str(xs));
      expect_close(adgen::min_backward(gt, xt, adgen::tensor<T>(static_cast<T>(vmin(x)))), xs,
                   fd(fmin, {x}, 0, g), "min " + str(xs));
    }
    const int64_t dim = r.integer(-std::max<int64_t>(n, 1), std::max<int64_t>(n, 1) - 1);
    const bool keepdim = r.coin();
    const Groups gr = groups(xs, mask_of({dim}, n), keepdim);
    const Vec g = values<T>(r, numel(gr.out));
    const auto gt = make<T>(gr.out, g, r.coin(), r);
    const Fwd fmax = [&](const std::vector<Vec>& in) { return reduce(in[0], gr, vmax); };
    const Fwd fmin = [&](const std::vector<Vec>& in) { return reduce(in[0], gr, vmin); };
    const std::string what = str(xs) + " dim " + std::to_string(dim) + (keepdim ? " keepdim" : "");
    expect_close(adgen::max_backward(gt, xt, dim, keepdim), xs, fd(fmax, {x}, 0, g),
                 "max " + what);
    expect_close(adgen::min_backward(gt, xt, dim, keepdim), xs, fd(fmin, {x}, 0, g),
                 "min " + what);
  }
}

TYPED_TEST(TensorBackward, MaxMinTies) {
  using T = TypeParam;
  const T nan = std::numeric_limits<T>::quiet_NaN();
  const auto x = adgen::tensor<T>({{1, 3, 3}, {3, 0, 0}});
  // All elements: shared evenly among the ties.
  expect_exact(adgen::max_backward(adgen::tensor<T>(3), x, adgen::tensor<T>(3)), {2, 3},
               {0, 1, 1, 1, 0, 0}, "max all, 3 ties");
  expect_exact(adgen::min_backward(adgen::tensor<T>(1), x, adgen::tensor<T>(0)), {2, 3},
               {0, 0, 0, 0, 0.5, 0.5}, "min all, 2 ties");
  // NaN: the NaNs share.
  const auto xn = adgen::tensor<T>({1, nan, 2, nan});
  expect_exact(adgen::max_backward(adgen::tensor<T>(1), xn, adgen::tensor<T>(nan)), {4},
               {0, 0.5, 0, 0.5}, "max nan");
  // Along a dim: all to the first extremum.
  expect_exact(adgen::max_backward(adgen::tensor<T>({5, 7}), x, 1), {2, 3},
               {0, 5, 0, 7, 0, 0}, "max dim 1");
  expect_exact(adgen::min_backward(adgen::tensor<T>({{5}, {7}}), x, -1, true), {2, 3},
               {5, 0, 0, 0, 7, 0}, "min dim -1 keepdim");
  expect_exact(adgen::max_backward(adgen::tensor<T>({1, 2, 3}), x, 0), {2, 3},
               {0, 2, 3, 1, 0, 0}, "max dim 0");
  // NaN wins (the first one).
  expect_exact(adgen::max_backward(adgen::tensor<T>(4), adgen::tensor<T>({1, nan, 9, nan}), 0),
               {4}, {0, 4, 0, 0}, "max dim nan");
  expect_exact(adgen::min_backward(adgen::tensor<T>(4), adgen::tensor<T>({nan, -1, nan}), 0),
               {3}, {4, 0, 0}, "min dim nan first");
  // 0-dim.
  expect_exact(adgen::max_backward(adgen::tensor<T>(4), adgen::tensor<T>(1), 0), {}, {4},
               "max 0-dim");
}

// ---- Elementwise unary ---------------------------------------------------------

template <class T>
void check_unary(Rng& r, const char* name, const std::function<LD(LD)>& f,
                 const std::function<BasicTensor<T>(const BasicTensor<T>&, const BasicTensor<T>&,
                                                    const BasicTensor<T>&)>& helper,
                 LD lo = -2, LD hi = 2) {
  for (int trial = 0; trial < kTrials; ++trial) {
    const Shape xs = r.shape(4);
    const Vec x = values<T>(r, numel(xs), lo, hi);
    const Vec g = values<T>(r, numel(xs));
    const Fwd fw = [&](const std::vector<Vec>& in) {
      Vec o(in[0].size());
      for (size_t i = 0; i < o.size(); ++i) o[i] = f(in[0][i]);
      return o;
    };
    Vec y = fw({x});
    for (auto& v : y) v = static_cast<T>(v);
    const auto xt = make<T>(xs, x, r.coin(), r);
    const auto yt = make<T>(xs, y, r.coin(), r);
    const auto gt = make<T>(xs, g, r.coin(), r);
    expect_close(helper(gt, xt, yt), xs, fd(fw, {x}, 0, g), std::string(name) + " " + str(xs));
  }
}

TYPED_TEST(TensorBackward, UnaryMatchFiniteDifferences) {
  using T = TypeParam;
  using Tn = BasicTensor<T>;
  Rng r(5);
  check_unary<T>(r, "relu", [](LD v) { return v > 0 ? v : LD(0); },
                 [](const Tn& g, const Tn&, const Tn& y) { return adgen::relu_backward(g, y); });
  check_unary<T>(r, "sigmoid", [](LD v) { return 1 / (1 + std::exp(-v)); },
                 [](const Tn& g, const Tn&, const Tn& y) { return adgen::sigmoid_backward(g, y); });
  check_unary<T>(r, "tanh", [](LD v) { return std::tanh(v); },
                 [](const Tn& g, const Tn&, const Tn& y) { return adgen::tanh_backward(g, y); });
  check_unary<T>(r, "abs", [](LD v) { return std::fabs(v); },
                 [](const Tn& g, const Tn& x, const Tn&) { return adgen::abs_backward(g, x); });
  check_unary<T>(r, "clamp", [](LD v) { return std::min<LD>(std::max<LD>(v, -0.5), 1.25); },
                 [](const Tn& g, const Tn& x, const Tn&) {
                   return adgen::clamp_backward(g, x, -0.5, 1.25);
                 });
  check_unary<T>(r, "clamp_min", [](LD v) { return std::max<LD>(v, 0.25); },
                 [](const Tn& g, const Tn& x, const Tn&) {
                   return adgen::clamp_min_backward(g, x, 0.25);
                 });
  check_unary<T>(r, "clamp_max", [](LD v) { return std::min<LD>(v, -0.25); },
                 [](const Tn& g, const Tn& x, const Tn&) {
                   return adgen::clamp_max_backward(g, x, -0.25);
                 });
  for (const double e : {2.0, 3.0, 0.5, -0.5, -1.0, -2.0, 1.0, 1.5, -1.75, 4.0}) {
    check_unary<T>(
        r, "pow", [e](LD v) { return std::pow(v, LD(e)); },
        [e](const Tn& g, const Tn& x, const Tn&) { return adgen::pow_backward(g, x, T(e)); },
        0.25, 2);
  }
  for (const int e : {2, 3}) {  // integer powers of negative bases
    check_unary<T>(
        r, "pow int", [e](LD v) { return std::pow(v, LD(e)); },
        [e](const Tn& g, const Tn& x, const Tn&) { return adgen::pow_backward(g, x, e); });
  }
}

TYPED_TEST(TensorBackward, UnaryEdgeCases) {
  using T = TypeParam;
  const auto g = adgen::tensor<T>({1, 2, 3, 4, 5});
  const auto x = adgen::tensor<T>({-1, 0, 0.5, 1, 2});
  expect_exact(adgen::abs_backward(g, x), {5}, {-1, 0, 3, 4, 5}, "abs'(0) = 0");
  expect_exact(adgen::relu_backward(g, adgen::tensor<T>({0, 0, 0.5, 1, 0})), {5},
               {0, 0, 3, 4, 0}, "relu at 0");
  // clamp: g where lo <= x <= hi, bounds included.
  expect_exact(adgen::clamp_backward(g, x, 0, 1), {5}, {0, 2, 3, 4, 0}, "clamp bounds");
  expect_exact(adgen::clamp_min_backward(g, x, 0.5), {5}, {0, 0, 3, 4, 5}, "clamp_min bound");
  expect_exact(adgen::clamp_max_backward(g, x, 0), {5}, {1, 2, 0, 0, 0}, "clamp_max bound");
  const T nan = std::numeric_limits<T>::quiet_NaN();
  expect_exact(adgen::clamp_backward(adgen::tensor<T>({1}), adgen::tensor<T>({nan}), 0, 1), {1},
               {0}, "clamp nan");
  // pow(x, 0): zeros, even where x^-1 is infinite.
  expect_exact(adgen::pow_backward(g, x, 0), {5}, {0, 0, 0, 0, 0}, "pow e = 0");
  // pow(x, 1): g. pow(0, 2): 0. pow(0, 0.5): inf, as PyTorch.
  expect_exact(adgen::pow_backward(g, x, 1), {5}, {1, 2, 3, 4, 5}, "pow e = 1");
  expect_exact(adgen::pow_backward(g, x, 2), {5}, {-2, 0, 3, 8, 20}, "pow e = 2");
  EXPECT_TRUE(std::isinf(adgen::pow_backward(g, x, 0.5).at(1)));
  expect_exact(adgen::sigmoid_backward(g, adgen::tensor<T>({0.5, 0, 1, 0.25, 0.75})), {5},
               {0.25, 0, 0, 0.75, 0.9375}, "sigmoid");
  expect_exact(adgen::tanh_backward(g, adgen::tensor<T>({0, 1, -1, 0.5, -0.5})), {5},
               {1, 0, 0, 3, 3.75}, "tanh");
  // Mismatched shapes broadcast (unreduced), like the forward ops.
  expect_exact(adgen::relu_backward(adgen::tensor<T>(2), adgen::tensor<T>({1, -1})), {2}, {2, 0},
               "relu broadcast g");
}

// ---- Elementwise binary (unreduced: the broadcast shape) -------------------------

// Checks helper(g, a, b[, out]) against FD of f with respect to the broadcast
// (expanded) operand `which`.
template <class T>
void check_binary(Rng& r, const char* name, const std::function<LD(LD, LD)>& f,
                  const std::function<BasicTensor<T>(const BasicTensor<T>&, const BasicTensor<T>&,
                                                     const BasicTensor<T>&, const BasicTensor<T>&)>& helper,
                  size_t which, const std::function<Vec(Rng&, int64_t)>& gen_a,
                  const std::function<Vec(Rng&, int64_t)>& gen_b) {
  for (int trial = 0; trial < kTrials; ++trial) {
    Shape os = r.shape(4);
    Shape as(os.begin() + r.integer(0, static_cast<int64_t>(os.size())), os.end());
    Shape bs(os.begin() + r.integer(0, static_cast<int64_t>(os.size())), os.end());
    for (auto& d : as) {
      if (r.integer(0, 3) == 0) d = 1;
    }
    for (auto& d : bs) {
      if (r.integer(0, 3) == 0) d = 1;
    }
    os = bshape(as, bs);
    const Vec a = gen_a(r, numel(as));
    const Vec b = gen_b(r, numel(bs));
    const Vec g = values<T>(r, numel(os));
    const Fwd fw = [&](const std::vector<Vec>& in) {
      Vec o(in[0].size());
      for (size_t i = 0; i < o.size(); ++i) o[i] = f(in[0][i], in[1][i]);
      return o;
    };
    const Vec ae = expand(a, as, os), be = expand(b, bs, os);
    Vec out = fw({ae, be});
    for (auto& v : out) v = static_cast<T>(v);
    const auto at = make<T>(as, a, r.coin(), r);
    const auto bt = make<T>(bs, b, r.coin(), r);
    const auto gt = make<T>(os, g, r.coin(), r);
    const auto ot = make<T>(os, out, r.coin(), r);
    expect_close(helper(gt, at, bt, ot), os, fd(fw, {ae, be}, which, g),
                 std::string(name) + " " + str(as) + " " + str(bs));
  }
}

TYPED_TEST(TensorBackward, BinaryMatchFiniteDifferences) {
  using T = TypeParam;
  using Tn = BasicTensor<T>;
  Rng r(6);
  const auto pos = [](Rng& rr, int64_t n) { return values<T>(rr, n, 0.25, 2); };
  const auto any = [](Rng& rr, int64_t n) { return values<T>(rr, n, -2, 2); };
  const auto powf = [](LD x, LD y) { return std::pow(x, y); };
  check_binary<T>(r, "pow base", powf,
                  [](const Tn& g, const Tn& a, const Tn& b, const Tn&) {
                    return adgen::pow_backward_base(g, a, b);
                  },
                  0, pos, any);
  check_binary<T>(r, "pow exponent", powf,
                  [](const Tn& g, const Tn& a, const Tn& b, const Tn& o) {
                    return adgen::pow_backward_exponent(g, a, b, o);
                  },
                  1, pos, any);
  // Distinct values: no ties between a and b (a in [-2, 2] on a grid offset
  // from b's).
  const auto va = [](Rng& rr, int64_t n) {
    Vec v(static_cast<size_t>(n));
    for (auto& x : v) x = static_cast<T>(rr.integer(-8, 8) * 0.25L);
    return v;
  };
  const auto vb = [](Rng& rr, int64_t n) {
    Vec v(static_cast<size_t>(n));
    for (auto& x : v) x = static_cast<T>(rr.integer(-8, 7) * 0.25L + 0.125L);
    return v;
  };
  const auto fmax = [](LD x, LD y) { return std::max(x, y); };
  const auto fmin = [](LD x, LD y) { return std::min(x, y); };
  check_binary<T>(r, "maximum a", fmax,
                  [](const Tn& g, const Tn& a, const Tn& b, const Tn&) {
                    return adgen::maximum_backward_a(g, a, b);
                  },
                  0, va, vb);
  check_binary<T>(r, "maximum b", fmax,
                  [](const Tn& g, const Tn& a, const Tn& b, const Tn&) {
                    return adgen::maximum_backward_b(g, a, b);
                  },
                  1, va, vb);
  check_binary<T>(r, "minimum a", fmin,
                  [](const Tn& g, const Tn& a, const Tn& b, const Tn&) {
                    return adgen::minimum_backward_a(g, a, b);
                  },
                  0, va, vb);
  check_binary<T>(r, "minimum b", fmin,
                  [](const Tn& g, const Tn& a, const Tn& b, const Tn&) {
                    return adgen::minimum_backward_b(g, a, b);
                  },
                  1, va, vb);
}

TYPED_TEST(TensorBackward, WhereMatchesFiniteDifferences) {
  using T = TypeParam;
  Rng r(7);
  for (int trial = 0; trial < kTrials; ++trial) {
    Shape os = r.shape(4);
    Shape cs(os.begin() + r.integer(0, static_cast<int64_t>(os.size())), os.end());
    for (auto& d : cs) {
      if (r.integer(0, 3) == 0) d = 1;
    }
    Vec c(static_cast<size_t>(numel(cs)));
    for (auto& v : c) v = r.integer(0, 2) == 0 ? 0 : (r.coin() ? 1 : -0.5);
    const Vec g = values<T>(r, numel(os));
    const Vec ce = expand(c, cs, os);
    const Fwd fw = [&](const std::vector<Vec>& in) {
      Vec o(ce.size());
      for (size_t i = 0; i < o.size(); ++i) o[i] = ce[i] != 0 ? in[0][i] : in[1][i];
      return o;
    };
    const Vec a = values<T>(r, numel(os)), b = values<T>(r, numel(os));
    const auto gt = make<T>(os, g, r.coin(), r);
    const auto ct = make<T>(cs, c, r.coin(), r);
    expect_close(adgen::where_backward_a(gt, ct), os, fd(fw, {a, b}, 0, g), "where a " + str(cs));
    expect_close(adgen::where_backward_b(gt, ct), os, fd(fw, {a, b}, 1, g), "where b " + str(cs));
  }
}

TYPED_TEST(TensorBackward, BinaryEdgeCases) {
  using T = TypeParam;
  const T inf = std::numeric_limits<T>::infinity();
  const T nan = std::numeric_limits<T>::quiet_NaN();
  const auto g = adgen::tensor<T>({4, 4, 4, 4});
  const auto a = adgen::tensor<T>({1, 2, 3, nan});
  const auto b = adgen::tensor<T>({1, 3, 2, 0});
  // Ties: half each. NaN: g to both (PyTorch's masks are all false).
  expect_exact(adgen::maximum_backward_a(g, a, b), {4}, {2, 0, 4, 4}, "maximum a");
  expect_exact(adgen::maximum_backward_b(g, a, b), {4}, {2, 4, 0, 4}, "maximum b");
  expect_exact(adgen::minimum_backward_a(g, a, b), {4}, {2, 4, 0, 4}, "minimum a");
  expect_exact(adgen::minimum_backward_b(g, a, b), {4}, {2, 0, 4, 4}, "minimum b");
  // Broadcast: a [2, 1], b [3] -> [2, 3], unreduced.
  expect_exact(adgen::maximum_backward_a(adgen::ones<T>({2, 3}), adgen::tensor<T>({{1}, {2}}),
                                         adgen::tensor<T>({0, 1, 2})),
               {2, 3}, {1, 0.5, 0, 1, 1, 0.5}, "maximum broadcast");
  // pow(x, y): base gradient 0 where y == 0 (even at x == 0); exponent
  // gradient 0 where x == 0 and y >= 0.
  const auto x = adgen::tensor<T>({0, 0, 0, 2});
  const auto y = adgen::tensor<T>({0, 2, -1, 0});
  const auto o = adgen::tensor<T>({1, 0, inf, 1});
  expect_exact(adgen::pow_backward_base(g, x, y), {4}, {0, 0, -inf, 0}, "pow base");
  const auto ge = adgen::pow_backward_exponent(g, x, y, o);
  EXPECT_EQ(ge.at(0), T(0));
  EXPECT_EQ(ge.at(1), T(0));
  EXPECT_EQ(ge.at(2), -inf);  // 4 * inf * log(0)
  EXPECT_EQ(ge.at(3), static_cast<T>(T(4) * std::log(T(2))));
  // where: condition broadcast.
  expect_exact(adgen::where_backward_a(adgen::tensor<T>({{1, 2}, {3, 4}}), adgen::tensor<T>({1, 0})),
               {2, 2}, {1, 0, 3, 0}, "where a");
  expect_exact(adgen::where_backward_b(adgen::tensor<T>({{1, 2}, {3, 4}}), adgen::tensor<T>({1, 0})),
               {2, 2}, {0, 2, 0, 4}, "where b");
}

// ---- Matrix products -----------------------------------------------------------

// torch.matmul in long double.
Vec ref_matmul(const Vec& a, const Shape& as, const Vec& b, const Shape& bs, Shape* out_shape) {
  const int64_t m = as.size() >= 2 ? as[as.size() - 2] : 1;
  const int64_t k = as.back();
  const int64_t n = bs.size() >= 2 ? bs.back() : 1;
  const Shape ab(as.begin(), as.end() - std::min<size_t>(as.size(), 2));
  const Shape bb(bs.begin(), bs.end() - std::min<size_t>(bs.size(), 2));
  const Shape batch = bshape(ab, bb);
  Shape out = batch;
  if (as.size() >= 2) out.push_back(m);
  if (bs.size() >= 2) out.push_back(n);
  *out_shape = out;
  Vec r(static_cast<size_t>(numel(batch) * m * n), 0);
  for (int64_t p = 0; p < numel(batch); ++p) {
    const auto idx = unravel(p, batch);
    const int64_t ia = bcast_at(idx, batch, ab), ib = bcast_at(idx, batch, bb);
    for (int64_t i = 0; i < m; ++i) {
      for (int64_t j = 0; j < n; ++j) {
        LD s = 0;
        for (int64_t q = 0; q < k; ++q) s += a[(ia * m + i) * k + q] * b[(ib * k + q) * n + j];
        r[(p * m + i) * n + j] = s;
      }
    }
  }
  return r;
}

TYPED_TEST(TensorBackward, MatmulMatchesFiniteDifferences) {
  using T = TypeParam;
  Rng r(8);
  for (int trial = 0; trial < 4 * kTrials; ++trial) {
    // Small sizes, and larger ones for the blocked loops (blocks of four
    // rows and columns, with remainders).
    const int64_t top = trial % 4 == 0 ? 9 : 4;
    const int64_t m = r.integer(1, top), k = r.integer(1, top), n = r.integer(1, top);
    const int64_t adim = r.integer(1, 4), bdim = r.integer(1, 4);
    Shape batch = r.shape(2, 3);
    auto batch_of = [&](int64_t nd) {
      Shape bt(batch.end() - std::min<int64_t>(nd, static_cast<int64_t>(batch.size())), batch.end());
      for (auto& d : bt) {
        if (r.integer(0, 2) == 0) d = 1;
      }
      return bt;
    };
    Shape as = adim == 1 ? Shape{k} : batch_of(adim - 2);
    if (adim >= 2) {
      as.push_back(m);
      as.push_back(k);
    }
    Shape bs = bdim == 1 ? Shape{k} : batch_of(bdim - 2);
    if (bdim >= 2) {
      bs.push_back(k);
      bs.push_back(n);
    }
    const Vec a = values<T>(r, numel(as)), b = values<T>(r, numel(bs));
    Shape os;
    ref_matmul(a, as, b, bs, &os);
    const Vec g = values<T>(r, numel(os));
    const Fwd fw = [&](const std::vector<Vec>& in) {
      Shape s;
      return ref_matmul(in[0], as, in[1], bs, &s);
    };
    const auto at = make<T>(as, a, r.coin(), r);
    const auto bt = make<T>(bs, b, r.coin(), r);
    const auto gt = make<T>(os, g, r.coin(), r);
    const std::string what = str(as) + " @ " + str(bs);
    expect_close(adgen::matmul_backward_a(gt, at, bt), as, fd(fw, {a, b}, 0, g), "a: " + what);
    expect_close(adgen::matmul_backward_b(gt, at, bt), bs, fd(fw, {a, b}, 1, g), "b: " + what);
  }
}

TYPED_TEST(TensorBackward, MatmulExactCases) {
  using T = TypeParam;
  // 1-D . 1-D
  const auto u = adgen::tensor<T>({1, 2, 3});
  const auto v = adgen::tensor<T>({4, 5, 6});
  expect_exact(adgen::matmul_backward_a(adgen::tensor<T>(2), u, v), {3}, {8, 10, 12}, "dot a");
  expect_exact(adgen::matmul_backward_b(adgen::tensor<T>(2), u, v), {3}, {2, 4, 6}, "dot b");
  // 2-D: [2, 3] @ [3, 2].
  const auto A = adgen::tensor<T>({{1, 2, 3}, {4, 5, 6}});
  const auto B = adgen::tensor<T>({{1, 0}, {0, 1}, {1, 1}});
  const auto G = adgen::tensor<T>({{1, 2}, {3, 4}});
  expect_exact(adgen::matmul_backward_a(G, A, B), {2, 3}, {1, 2, 3, 3, 4, 7}, "mm a");
  expect_exact(adgen::matmul_backward_b(G, A, B), {3, 2}, {13, 18, 17, 24, 21, 30}, "mm b");
  // Transposed views (read by BLAS with transposition flags).
  const auto At = adgen::tensor<T>({{1, 4}, {2, 5}, {3, 6}}).as_strided({2, 3}, {1, 2}, 0);
  expect_exact(adgen::matmul_backward_b(G, At, B), {3, 2}, {13, 18, 17, 24, 21, 30}, "mm b, At");
  // Batched, b broadcast over the batch: its gradient sums the batch.
  const auto A2 = adgen::tensor<T>({{{1, 2, 3}, {4, 5, 6}}, {{1, 2, 3}, {4, 5, 6}}});
  const auto G2 = adgen::tensor<T>({{{1, 2}, {3, 4}}, {{1, 2}, {3, 4}}});
  expect_exact(adgen::matmul_backward_b(G2, A2, B), {3, 2}, {26, 36, 34, 48, 42, 60}, "bmm b");
  expect_exact(adgen::matmul_backward_a(G2, A2, B), {2, 2, 3},
               {1, 2, 3, 3, 4, 7, 1, 2, 3, 3, 4, 7}, "bmm a");
  // Empty inner dimension: zero gradients; empty batch: empty.
  expect_exact(adgen::matmul_backward_a(adgen::ones<T>({2, 2}), adgen::zeros<T>({2, 0}),
                                        adgen::zeros<T>({0, 2})),
               {2, 0}, {}, "k = 0");
  expect_exact(adgen::matmul_backward_b(adgen::zeros<T>({0, 2}), adgen::zeros<T>({0, 3}), B), {3, 2},
               {0, 0, 0, 0, 0, 0}, "m = 0");
  EXPECT_THROW(adgen::matmul_backward_a(G, A, A), std::invalid_argument);
  EXPECT_THROW(adgen::matmul_backward_a(adgen::zeros<T>({2, 3}), A, B), std::invalid_argument);
}

// linear(x, W, b) = x Wᵀ + b in long double.
Vec ref_linear(const Vec& x, const Shape& xs, const Vec& W, int64_t out_f, const Vec& b) {
  const int64_t in_f = xs.back();
  const int64_t rows = numel(xs) / in_f;
  Vec r(static_cast<size_t>(rows * out_f));
  for (int64_t i = 0; i < rows; ++i) {
    for (int64_t o = 0; o < out_f; ++o) {
      LD s = b[o];
      for (int64_t q = 0; q < in_f; ++q) s += x[i * in_f + q] * W[o * in_f + q];
      r[i * out_f + o] = s;
    }
  }
  return r;
}

TYPED_TEST(TensorBackward, LinearMatchesFiniteDifferences) {
  using T = TypeParam;
  Rng r(9);
  for (int trial = 0; trial < kTrials; ++trial) {
    const int64_t in_f = r.integer(1, 4), out_f = r.integer(1, 4);
    Shape xs = r.shape(3);
    xs.push_back(in_f);
    Shape gs(xs.begin(), xs.end() - 1);
    gs.push_back(out_f);
    const Vec x = values<T>(r, numel(xs)), W = values<T>(r, out_f * in_f),
              b = values<T>(r, out_f), g = values<T>(r, numel(gs));
    const Fwd fw = [&](const std::vector<Vec>& in) {
      return ref_linear(in[0], xs, in[1], out_f, in[2]);
    };
    const auto gt = make<T>(gs, g, r.coin(), r);
    const auto xt = make<T>(xs, x, r.coin(), r);
    const auto Wt = make<T>({out_f, in_f}, W, r.coin(), r);
    const auto bt = make<T>({out_f}, b, r.coin(), r);
    const std::string what = str(xs) + " W [" + std::to_string(out_f) + "," + std::to_string(in_f) + "]";
    expect_close(adgen::linear_backward_input(gt, Wt), xs, fd(fw, {x, W, b}, 0, g), "x: " + what);
    expect_close(adgen::linear_backward_weight(gt, xt), {out_f, in_f}, fd(fw, {x, W, b}, 1, g),
                 "W: " + what);
    expect_close(adgen::linear_backward_bias(gt, bt), {out_f}, fd(fw, {x, W, b}, 2, g),
                 "b: " + what);
    // The accumulating form: into an undefined slot, into a dense one (the
    // gemm adds to it) and into a view (the general path).
    Vec want = fd(fw, {x, W, b}, 1, g);
    BasicTensor<T> fresh;
    adgen::accumulate_linear_backward_weight(fresh, gt, xt);
    expect_close(fresh, {out_f, in_f}, want, "W accumulated into nothing: " + what);
    const Vec start = values<T>(r, out_f * in_f);
    for (size_t i = 0; i < want.size(); ++i) want[i] += start[i];
    for (bool dense : {true, false}) {
      BasicTensor<T> slot = make<T>({out_f, in_f}, start, !dense, r);
      adgen::accumulate_linear_backward_weight(slot, gt, xt);
      expect_close(slot, {out_f, in_f}, want,
                   std::string("W accumulated into a ") + (dense ? "dense" : "strided") +
                       " slot: " + what);
    }
  }
}

// ---- Shape ops ------------------------------------------------------------------

// A linear shape op given as an index map: out[i] = x[src[i]].
Fwd gather_fwd(const std::vector<int64_t>& src) {
  return [src](const std::vector<Vec>& in) {
    Vec o(src.size());
    for (size_t i = 0; i < src.size(); ++i) o[i] = in[0][src[i]];
    return o;
  };
}

TYPED_TEST(TensorBackward, ShapeOpsMatchFiniteDifferences) {
  using T = TypeParam;
  Rng r(10);
  for (int trial = 0; trial < kTrials; ++trial) {
    const Shape xs = r.shape(4);
    const int64_t nd = static_cast<int64_t>(xs.size());
    const Vec x = values<T>(r, numel(xs));
    const auto xt = make<T>(xs, x, r.coin(), r);
    // permute
    {
      Shape dims(xs.size());
      std::iota(dims.begin(), dims.end(), 0);
      std::shuffle(dims.begin(), dims.end(), r.gen);
      for (auto& d : dims) {
        if (r.coin()) d -= nd;
      }
      Shape os;
      for (int64_t d : dims) os.push_back(xs[wrap(d, nd)]);
      std::vector<int64_t> src;
      for (int64_t i = 0; i < numel(os); ++i) {
        const auto oi = unravel(i, os);
        std::vector<int64_t> xi(xs.size());
        for (size_t j = 0; j < dims.size(); ++j) xi[wrap(dims[j], nd)] = oi[j];
        src.push_back(ravel(xi, xs));
      }
      const Vec g = values<T>(r, numel(os));
      expect_close(adgen::permute_backward(make<T>(os, g, r.coin(), r), dims), xs,
                   fd(gather_fwd(src), {x}, 0, g), "permute " + str(xs) + " " + str(dims));
    }
    // reshape: any shape with the same number of elements
    {
      Shape os = {numel(xs)};
      if (numel(xs) % 2 == 0 && r.coin()) os = {2, 1, numel(xs) / 2};
      std::vector<int64_t> src(static_cast<size_t>(numel(xs)));
      std::iota(src.begin(), src.end(), 0);
      const Vec g = values<T>(r, numel(os));
      expect_close(adgen::reshape_as(make<T>(os, g, r.coin(), r), xt), xs,
                   fd(gather_fwd(src), {x}, 0, g), "reshape " + str(xs));
    }
    if (nd == 0) continue;
    const int64_t dim = r.integer(-nd, nd - 1);
    const int64_t w = wrap(dim, nd);
    const int64_t size = xs[w];
    // select
    {
      const int64_t index = r.integer(-size, size - 1);
      Shape os = xs;
      os.erase(os.begin() + w);
      std::vector<int64_t> src;
      for (int64_t i = 0; i < numel(os); ++i) {
        auto oi = unravel(i, os);
        oi.insert(oi.begin() + w, index < 0 ? index + size : index);
        src.push_back(ravel(oi, xs));
      }
      const Vec g = values<T>(r, numel(os));
      expect_close(adgen::select_backward(make<T>(os, g, r.coin(), r), xt, dim, index), xs,
                   fd(gather_fwd(src), {x}, 0, g), "select " + str(xs));
    }
    // narrow
    {
      const int64_t start = r.integer(0, size - 1);
      const int64_t length = r.integer(0, size - start);
      Shape os = xs;
      os[w] = length;
      std::vector<int64_t> src;
      for (int64_t i = 0; i < numel(os); ++i) {
        auto oi = unravel(i, os);
        oi[w] += start;
        src.push_back(ravel(oi, xs));
      }
      const Vec g = values<T>(r, numel(os));
      const int64_t spelled = r.coin() ? start : start - size;
      expect_close(adgen::narrow_backward(make<T>(os, g, r.coin(), r), xt, dim, spelled, length),
                   xs, fd(gather_fwd(src), {x}, 0, g), "narrow " + str(xs));
    }
    // slice with Python's clamping
    {
      const int64_t start = r.integer(-size - 2, size + 2);
      const int64_t end = r.integer(-size - 2, size + 2);
      const int64_t step = r.integer(1, 3);
      std::vector<int64_t> picked;  // Python's range(*slice(start, end, step).indices(size))
      {
        int64_t s = start < 0 ? std::max<int64_t>(start + size, 0) : std::min(start, size);
        int64_t e = end < 0 ? std::max<int64_t>(end + size, 0) : std::min(end, size);
        for (int64_t i = s; i < e; i += step) picked.push_back(i);
      }
      Shape os = xs;
      os[w] = static_cast<int64_t>(picked.size());
      std::vector<int64_t> src;
      for (int64_t i = 0; i < numel(os); ++i) {
        auto oi = unravel(i, os);
        oi[w] = picked[oi[w]];
        src.push_back(ravel(oi, xs));
      }
      const Vec g = values<T>(r, numel(os));
      expect_close(adgen::slice_backward(make<T>(os, g, r.coin(), r), xt, dim, start, end, step),
                   xs, fd(gather_fwd(src), {x}, 0, g),
                   "slice " + str(xs) + " " + std::to_string(start) + ":" + std::to_string(end) +
                       ":" + std::to_string(step));
    }
    // cat of three pieces along dim; stack of three along a new dim
    {
      std::vector<Shape> shapes(3, xs);
      std::vector<BasicTensor<T>> parts;
      std::vector<Vec> vals;
      int64_t total = 0;
      for (auto& s : shapes) {
        s[w] = r.integer(0, 3);
        total += s[w];
        vals.push_back(values<T>(r, numel(s)));
        parts.push_back(make<T>(s, vals.back(), r.coin(), r));
      }
      Shape os = xs;
      os[w] = total;
      const Vec g = values<T>(r, numel(os));
      const auto gt = make<T>(os, g, r.coin(), r);
      for (size_t p = 0; p < 3; ++p) {
        // cat as a function of part p: out index -> (part, index in part)
        const Fwd fw = [&](const std::vector<Vec>& in) {
          Vec o(static_cast<size_t>(numel(os)));
          for (int64_t i = 0; i < numel(os); ++i) {
            auto oi = unravel(i, os);
            size_t q = 0;
            while (oi[w] >= shapes[q][w]) oi[w] -= shapes[q++][w];
            o[i] = q == p ? in[0][ravel(oi, shapes[q])] : vals[q][ravel(oi, shapes[q])];
          }
          return o;
        };
        expect_close(adgen::cat_backward(gt, parts, dim, p), shapes[p], fd(fw, {vals[p]}, 0, g),
                     "cat part " + std::to_string(p) + " " + str(os));
      }
      const int64_t sdim = r.integer(-nd - 1, nd);
      const int64_t sw = sdim < 0 ? sdim + nd + 1 : sdim;
      Shape ss = xs;
      ss.insert(ss.begin() + sw, 3);
      const Vec gs = values<T>(r, numel(ss));
      const auto gst = make<T>(ss, gs, r.coin(), r);
      for (int64_t p = 0; p < 3; ++p) {
        std::vector<int64_t> src;  // stack's slice p as a gather from g's index space
        Vec want(static_cast<size_t>(numel(xs)));
        for (int64_t i = 0; i < numel(xs); ++i) {
          auto xi = unravel(i, xs);
          xi.insert(xi.begin() + sw, p);
          want[i] = gs[ravel(xi, ss)];
        }
        expect_close(adgen::stack_backward(gst, sdim, p), xs, want, "stack " + str(ss));
      }
    }
  }
}

TYPED_TEST(TensorBackward, ShapeOpsEdgeCases) {
  using T = TypeParam;
  const auto x = adgen::zeros<T>({2, 3});
  expect_exact(adgen::select_backward(adgen::tensor<T>({1, 2}), x, 1, -1), {2, 3},
               {0, 0, 1, 0, 0, 2}, "select");
  expect_exact(adgen::narrow_backward(adgen::tensor<T>({{1, 2}, {3, 4}}), x, -1, 1, 2), {2, 3},
               {0, 1, 2, 0, 3, 4}, "narrow");
  expect_exact(adgen::slice_backward(adgen::tensor<T>({{1, 2}, {3, 4}}), x, 1, 0, 100, 2), {2, 3},
               {1, 0, 2, 3, 0, 4}, "slice ::2");
  expect_exact(adgen::slice_backward(adgen::zeros<T>({2, 0}), x, 1, 2, 1), {2, 3},
               {0, 0, 0, 0, 0, 0}, "empty slice");
  expect_exact(adgen::permute_backward(adgen::tensor<T>({{1, 2}, {3, 4}, {5, 6}}), {1, 0}), {2, 3},
               {1, 3, 5, 2, 4, 6}, "permute");
  expect_exact(adgen::reshape_as(adgen::tensor<T>({1, 2, 3, 4, 5, 6}), x), {2, 3},
               {1, 2, 3, 4, 5, 6}, "reshape");
  // cat skips 1-D empty tensors; their gradient is empty.
  const std::vector<BasicTensor<T>> xs{adgen::zeros<T>({0}), adgen::zeros<T>({1, 2}),
                                       adgen::zeros<T>({2, 2})};
  const auto g = adgen::tensor<T>({{1, 2}, {3, 4}, {5, 6}});
  expect_exact(adgen::cat_backward(g, xs, 0, 0), {0}, {}, "cat empty");
  expect_exact(adgen::cat_backward(g, xs, 0, 1), {1, 2}, {1, 2}, "cat 1");
  expect_exact(adgen::cat_backward(g, xs, -2, 2), {2, 2}, {3, 4, 5, 6}, "cat 2");
  expect_exact(adgen::stack_backward(g, -1, 1), {3}, {2, 4, 6}, "stack");
  EXPECT_THROW(adgen::select_backward(adgen::tensor<T>({1, 2}), x, 1, 3), std::out_of_range);
  EXPECT_THROW(adgen::select_backward(adgen::tensor<T>({1, 2}), x, 2, 0), std::out_of_range);
  EXPECT_THROW(adgen::select_backward(adgen::tensor<T>({1, 2, 3}), x, 1, 0), std::invalid_argument);
  EXPECT_THROW(adgen::narrow_backward(adgen::tensor<T>({1}), x, 1, 2, 2), std::out_of_range);
  EXPECT_THROW(adgen::permute_backward(g, {0, 0}), std::invalid_argument);
  EXPECT_THROW(adgen::permute_backward(g, {0}), std::invalid_argument);
  EXPECT_THROW(adgen::reshape_as(g, x.as_strided({5}, {1}, 0)), std::invalid_argument);
  EXPECT_THROW(adgen::cat_backward(g, xs, 0, 3), std::out_of_range);
}

// ---- Softmax family -------------------------------------------------------------

// f along dimension d of shape s, applied to each line.
Vec along(const Vec& x, const Shape& s, int64_t d, const std::function<Vec(const Vec&)>& f) {
  Vec o(x.size());
  if (s.empty()) return f(x);
  int64_t inner = 1;
  for (size_t i = static_cast<size_t>(d) + 1; i < s.size(); ++i) inner *= s[i];
  const int64_t n = s[d];
  const int64_t outer = numel(s) / std::max<int64_t>(1, n * inner);
  for (int64_t a = 0; a < outer; ++a) {
    for (int64_t c = 0; c < inner; ++c) {
      Vec line;
      for (int64_t i = 0; i < n; ++i) line.push_back(x[(a * n + i) * inner + c]);
      const Vec r = f(line);
      for (int64_t i = 0; i < n; ++i) o[(a * n + i) * inner + c] = r[i];
    }
  }
  return o;
}

Vec lsoftmax(const Vec& v) {
  LD z = 0;
  for (LD x : v) z += std::exp(x);
  Vec o;
  for (LD x : v) o.push_back(std::exp(x) / z);
  return o;
}

Vec llog_softmax(const Vec& v) {
  LD z = 0;
  for (LD x : v) z += std::exp(x);
  Vec o;
  for (LD x : v) o.push_back(x - std::log(z));
  return o;
}

TYPED_TEST(TensorBackward, SoftmaxFamilyMatchesFiniteDifferences) {
  using T = TypeParam;
  Rng r(11);
  for (int trial = 0; trial < kTrials; ++trial) {
    const Shape xs = r.shape(4);
    const int64_t nd = static_cast<int64_t>(xs.size());
    const int64_t dim = r.integer(-std::max<int64_t>(nd, 1), std::max<int64_t>(nd, 1) - 1);
    const int64_t w = wrap(dim, nd);
    const Vec x = values<T>(r, numel(xs), -3, 3);
    const Vec g = values<T>(r, numel(xs));
    const auto xt = make<T>(xs, x, r.coin(), r);
    const auto gt = make<T>(xs, g, r.coin(), r);
    const std::string what = str(xs) + " dim " + std::to_string(dim);
    for (int which = 0; which < 2; ++which) {
      const auto line = which == 0 ? lsoftmax : llog_softmax;
      const Fwd fw = [&](const std::vector<Vec>& in) { return along(in[0], xs, w, line); };
      Vec y = fw({x});
      for (auto& v : y) v = static_cast<T>(v);
      const auto yt = make<T>(xs, y, r.coin(), r);
      if (which == 0) {
        expect_close(adgen::softmax_backward(gt, yt, dim), xs, fd(fw, {x}, 0, g), "softmax " + what);
      } else {
        expect_close(adgen::log_softmax_backward(gt, yt, dim), xs, fd(fw, {x}, 0, g),
                     "log_softmax " + what);
      }
    }
    // logsumexp over one dim or several.
    const bool keepdim = r.coin();
    Shape dims = r.coin() ? Shape{dim} : random_dims(r, nd);
    if (dims.empty() && nd > 0) dims = {dim};
    const Groups gr = groups(xs, mask_of(dims, nd), keepdim);
    const auto lse = [](const Vec& v) {
      LD z = 0;
      for (LD e : v) z += std::exp(e);
      return std::log(z);
    };
    const Fwd fw = [&](const std::vector<Vec>& in) { return reduce(in[0], gr, lse); };
    Vec y = fw({x});
    for (auto& v : y) v = static_cast<T>(v);
    const Vec gl = values<T>(r, numel(gr.out));
    const auto glt = make<T>(gr.out, gl, r.coin(), r);
    const auto yt = make<T>(gr.out, y, r.coin(), r);
    const std::string lwhat = str(xs) + " dims " + str(dims) + (keepdim ? " keepdim" : "");
    expect_close(adgen::logsumexp_backward(glt, xt, yt, dims, keepdim), xs, fd(fw, {x}, 0, gl),
                 "logsumexp " + lwhat);
    if (dims.size() == 1) {
      expect_close(adgen::logsumexp_backward(glt, xt, yt, dims[0], keepdim), xs,
                   fd(fw, {x}, 0, gl), "logsumexp (int dim) " + lwhat);
    }
  }
}

TYPED_TEST(TensorBackward, SoftmaxExactCases) {
  using T = TypeParam;
  // Uniform softmax over 2: y = 0.5; y (g - sum(g y)).
  expect_exact(adgen::softmax_backward(adgen::tensor<T>({1, 3}), adgen::tensor<T>({0.5, 0.5}), 0),
               {2}, {-0.5, 0.5}, "softmax");
  expect_exact(adgen::log_softmax_backward(adgen::tensor<T>({1, 3}),
                                           adgen::tensor<T>({std::log(T(0.5)), std::log(T(0.5))}), -1),
               {2}, {-1, 1}, "log_softmax");
  expect_exact(adgen::softmax_backward(adgen::tensor<T>(2), adgen::tensor<T>(1), 0), {}, {0},
               "softmax 0-dim");
  EXPECT_THROW(adgen::softmax_backward(adgen::tensor<T>({1, 2}), adgen::tensor<T>({1, 2}), 1),
               std::out_of_range);
}

// ---- Losses ---------------------------------------------------------------------

TYPED_TEST(TensorBackward, LossesMatchFiniteDifferences) {
  using T = TypeParam;
  Rng r(12);
  for (int trial = 0; trial < kTrials; ++trial) {
    // mse_loss, with broadcasting now and then (the broadcast shape comes back).
    {
      const Shape as = r.shape(3);
      Shape bs = as;
      if (r.coin()) {
        for (auto& d : bs) {
          if (r.coin()) d = 1;
        }
      }
      const Shape os = bshape(as, bs);
      const Vec a = values<T>(r, numel(as)), b = values<T>(r, numel(bs));
      const Vec ae = expand(a, as, os), be = expand(b, bs, os);
      const Vec g = values<T>(r, 1);
      const Fwd fw = [&](const std::vector<Vec>& in) {
        LD s = 0;
        for (size_t i = 0; i < in[0].size(); ++i) s += (in[0][i] - in[1][i]) * (in[0][i] - in[1][i]);
        return Vec{s / in[0].size()};
      };
      const auto res = adgen::mse_loss_backward(make<T>({}, g, false, r), make<T>(as, a, r.coin(), r),
                                                make<T>(bs, b, r.coin(), r));
      expect_close(res, os, fd(fw, {ae, be}, 0, g), "mse a " + str(as) + " " + str(bs));
      Vec neg = fd(fw, {ae, be}, 1, g);
      for (auto& v : neg) v = -v;
      expect_close(res, os, neg, "mse b (negated) " + str(as));
    }
    // cross_entropy and nll_loss on [N, C] or [C].
    {
      const int64_t C = r.integer(1, 5);
      const bool batched = r.integer(0, 3) != 0;
      const int64_t N = batched ? r.integer(1, 4) : 1;
      const Shape xs = batched ? Shape{N, C} : Shape{C};
      std::vector<int64_t> t(static_cast<size_t>(N));
      int64_t kept = 0;
      for (auto& c : t) {
        c = r.integer(0, 4) == 0 ? -100 : r.integer(0, C - 1);
        kept += c != -100;
      }
      if (kept == 0) {
        t[0] = 0;
        kept = 1;
      }
      const Vec x = values<T>(r, numel(xs), -3, 3);
      const Vec g = values<T>(r, 1);
      const Fwd fce = [&](const std::vector<Vec>& in) {
        const Vec ls = along(in[0], xs, static_cast<int64_t>(xs.size()) - 1, llog_softmax);
        LD s = 0;
        for (int64_t i = 0; i < N; ++i) {
          if (t[i] != -100) s -= ls[i * C + t[i]];
        }
        return Vec{s / kept};
      };
      const Fwd fnll = [&](const std::vector<Vec>& in) {
        LD s = 0;
        for (int64_t i = 0; i < N; ++i) {
          if (t[i] != -100) s -= in[0][i * C + t[i]];
        }
        return Vec{s / kept};
      };
      const auto xt = make<T>(xs, x, r.coin(), r);
      const auto gt = make<T>({}, g, false, r);
      expect_close(adgen::cross_entropy_backward(gt, xt, t), xs, fd(fce, {x}, 0, g),
                   "cross_entropy " + str(xs));
      expect_close(adgen::nll_loss_backward(gt, xt, t), xs, fd(fnll, {x}, 0, g),
                   "nll_loss " + str(xs));
    }
  }
}

TYPED_TEST(TensorBackward, LossEdgeCases) {
  using T = TypeParam;
  // mse: (2 / numel) (a - b) g.
  expect_exact(adgen::mse_loss_backward(adgen::tensor<T>(1), adgen::tensor<T>({1, 2}),
                                        adgen::tensor<T>({0, 4})),
               {2}, {1, -2}, "mse");
  // cross_entropy with equal logits: (softmax - onehot) / N.
  const auto x = adgen::zeros<T>({2, 2});
  expect_exact(adgen::cross_entropy_backward(adgen::tensor<T>(1), x, {0, 1}), {2, 2},
               {-0.25, 0.25, 0.25, -0.25}, "cross_entropy");
  expect_exact(adgen::cross_entropy_backward(adgen::tensor<T>(2), adgen::zeros<T>({2}), {1}), {2},
               {1, -1}, "cross_entropy [C]");
  // ignore_index = -100: the row gets nothing, N counts the others.
  expect_exact(adgen::nll_loss_backward(adgen::tensor<T>(1), x, {-100, 1}), {2, 2}, {0, 0, 0, -1},
               "nll ignore");
  expect_exact(adgen::cross_entropy_backward(adgen::tensor<T>(1), x, {-100, 1}), {2, 2},
               {0, 0, 0.5, -0.5}, "cross_entropy ignore");
  // Large logits do not overflow.
  const auto big = adgen::tensor<T>({{1000, 0}});
  expect_exact(adgen::cross_entropy_backward(adgen::tensor<T>(1), big, {0}), {1, 2}, {0, 0},
               "cross_entropy large");
  try {
    adgen::nll_loss_backward(adgen::tensor<T>(1), x, {0, 2});
    ADD_FAILURE() << "no throw";
  } catch (const std::out_of_range& e) {
    EXPECT_EQ(std::string(e.what()), "Target 2 is out of bounds.");
  }
  try {
    adgen::cross_entropy_backward(adgen::tensor<T>(1), x, {0});
    ADD_FAILURE() << "no throw";
  } catch (const std::invalid_argument& e) {
    EXPECT_EQ(std::string(e.what()), "Expected input batch_size (2) to match target batch_size (1).");
  }
}

// Expanded (stride 0) arguments and empty tensors.
TYPED_TEST(TensorBackward, ExpandedAndEmptyArguments) {
  using T = TypeParam;
  const auto c_row = adgen::tensor<T>({1, 0, 2});
  const auto c = c_row.as_strided({2, 3}, {0, 1}, 0);  // expand to [2, 3]
  const auto g = adgen::tensor<T>({{1, 2, 3}, {4, 5, 6}});
  expect_exact(adgen::where_backward_a(g, c), {2, 3}, {1, 0, 3, 4, 0, 6}, "where, expanded c");
  const auto g0 = adgen::tensor<T>(7).as_strided({2, 3}, {0, 0}, 0);  // expanded scalar
  expect_exact(adgen::relu_backward(g0, g), {2, 3}, {7, 7, 7, 7, 7, 7}, "relu, expanded g");
  expect_exact(adgen::tanh_backward(g0, adgen::zeros<T>({2, 3})), {2, 3}, {7, 7, 7, 7, 7, 7},
               "tanh, expanded g");
  expect_exact(adgen::sum_backward(adgen::tensor<T>({1, 2, 3}), c, 0), {2, 3}, {1, 2, 3, 1, 2, 3},
               "sum_backward, expanded x");
  expect_exact(adgen::softmax_backward(g0, adgen::tensor<T>({{0.5, 0.25, 0.25}, {1, 0, 0}}), 1),
               {2, 3}, {0, 0, 0, 0, 0, 0}, "softmax, expanded g");
  expect_exact(adgen::matmul_backward_a(g0, adgen::ones<T>({2, 2}), c_row.as_strided({2, 3}, {0, 1}, 0)),
               {2, 2}, {21, 21, 21, 21}, "matmul, expanded g and b");
  // Empty.
  const auto e = adgen::zeros<T>({0, 3});
  expect_exact(adgen::relu_backward(e, e), {0, 3}, {}, "relu empty");
  expect_exact(adgen::sum_backward(adgen::zeros<T>({3}), e, 0), {0, 3}, {}, "sum empty");
  expect_exact(adgen::mean_backward(adgen::zeros<T>({0}), e, 1), {0, 3}, {}, "mean empty");
  expect_exact(adgen::softmax_backward(e, e, -1), {0, 3}, {}, "softmax empty");
  expect_exact(adgen::matmul_backward_b(adgen::zeros<T>({0, 2}), e, adgen::ones<T>({3, 2})), {3, 2},
               {0, 0, 0, 0, 0, 0}, "matmul empty");
  expect_exact(adgen::permute_backward(e, {1, 0}), {3, 0}, {}, "permute empty");
  expect_exact(adgen::linear_backward_weight(adgen::zeros<T>({0, 2}), e), {2, 3},
               {0, 0, 0, 0, 0, 0}, "linear weight empty");
}

// Results are new contiguous tensors that do not share the inputs' storage.
TYPED_TEST(TensorBackward, ResultsAreFreshAndContiguous) {
  using T = TypeParam;
  const auto g = adgen::tensor<T>({{1, 2}, {3, 4}});
  const auto gt = g.as_strided({2, 2}, {1, 2}, 0);  // transposed view
  const auto x = adgen::tensor<T>({{1, 2}, {3, 4}});
  const std::vector<BasicTensor<T>> results{
      adgen::reshape_as(g, x), adgen::permute_backward(gt, {1, 0}), adgen::relu_backward(gt, x),
      adgen::sum_backward(adgen::tensor<T>(1), x), adgen::mean_backward(adgen::tensor<T>({{1, 2}}), x, Shape{0}, true),
      adgen::cat_backward(gt, {x}, 0, 0), adgen::stack_backward(adgen::tensor<T>({{{1}}}), 0, 0),
      adgen::linear_backward_bias(gt, adgen::zeros<T>({2}))};
  for (const auto& t : results) {
    EXPECT_TRUE(t.is_contiguous());
    EXPECT_FALSE(t.shares_storage(g));
  }
  expect_exact(adgen::permute_backward(gt, {1, 0}), {2, 2}, {1, 2, 3, 4}, "permute of a view");
}

}  // namespace
