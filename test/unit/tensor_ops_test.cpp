// Unit tests for the forward operations of the tensor runtime
// (runtime/include/adgen/tensor_ops.h, tensor_kernels.h; docs/tensor-api.md,
// "Forward operations"): views sharing storage, broadcasting, creation,
// elementwise ops, reductions, matrix products, shape ops, softmax, losses.
//
// Expected values are worked out by hand or computed in the test with plain
// loops and <cmath> (never by the operation under test). Every operation is
// also run on non-contiguous inputs (transposed, strided or expanded views).
#include "adgen/tensor.h"

#include <gtest/gtest.h>

#include "expect_throw_msg.h"

#include <cmath>
#include <cstdint>
#include <limits>
#include <stdexcept>
#include <string>
#include <vector>

namespace {

using adgen::DoubleTensor;
using adgen::Shape;
using adgen::Tensor;

// The values in row-major order, read through at() so that any layout works.
template <class T>
std::vector<double> vals(const adgen::BasicTensor<T>& t) {
  std::vector<double> out;
  const Shape& s = t.shape();
  std::vector<int64_t> idx(s.size(), 0);
  const int64_t n = t.numel();
  for (int64_t k = 0; k < n; ++k) {
    int64_t off = 0;
    for (size_t d = 0; d < s.size(); ++d) off += idx[d] * t.strides()[d];
    out.push_back(static_cast<double>(t.data()[off]));
    for (size_t d = s.size(); d-- > 0;) {
      if (++idx[d] < s[d]) break;
      idx[d] = 0;
    }
  }
  return out;
}

// The same values in a non-contiguous layout: every element of the last
// dimension is followed by a gap in the storage.
template <class T>
adgen::BasicTensor<T> gappy(const adgen::BasicTensor<T>& x) {
  if (x.dim() == 0) return x;
  Shape wide = x.shape();
  wide.back() *= 2;
  adgen::BasicTensor<T> storage = adgen::full<T>(wide, T(-777));
  adgen::BasicTensor<T> view = storage.slice(-1, 0, wide.back(), 2);
  view *= T(0);  // the gaps keep -777
  view += x;
  EXPECT_FALSE(x.numel() > 1 && view.is_contiguous());
  return view;
}

void expect_near_all(const std::vector<double>& got,
                     const std::vector<double>& want, double tol = 1e-6) {
  ASSERT_EQ(got.size(), want.size());
  for (size_t i = 0; i < got.size(); ++i) {
    if (std::isnan(want[i])) {
      EXPECT_TRUE(std::isnan(got[i])) << "at " << i;
    } else if (std::isinf(want[i])) {
      EXPECT_EQ(got[i], want[i]) << "at " << i;
    } else {
      EXPECT_NEAR(got[i], want[i], tol * std::max(1.0, std::abs(want[i])))
          << "at " << i;
    }
  }
}

const double kNan = std::numeric_limits<double>::quiet_NaN();
const double kInf = std::numeric_limits<double>::infinity();

template <class T>
class OpsTyped : public ::testing::Test {};
using ElementTypes = ::testing::Types<float, double>;
TYPED_TEST_SUITE(OpsTyped, ElementTypes);

// ---- Views --------------------------------------------------------------------

TEST(TensorViews, TransposeSharesStorage) {
  Tensor x = adgen::tensor({{0, 1, 2}, {3, 4, 5}});
  Tensor y = x.t();
  EXPECT_EQ(y.shape(), Shape({3, 2}));
  EXPECT_EQ(y.strides(), std::vector<int64_t>({1, 3}));
  EXPECT_FALSE(y.is_contiguous());
  EXPECT_TRUE(y.shares_storage(x));
  EXPECT_EQ(vals(y), std::vector<double>({0, 3, 1, 4, 2, 5}));
  y.at(2, 1) = 100;  // write through the view, read through the base
  EXPECT_EQ(x.at(1, 2), 100.0f);
  EXPECT_EQ(vals(adgen::t(x)), vals(y));
  EXPECT_EQ(vals(adgen::transpose(x, -1, -2)), vals(y));
  EXPECT_EQ(adgen::transpose(x, 0, 0).shape(), Shape({2, 3}));
  // 1-D and 0-dim: t() is the tensor itself (a view).
  Tensor v = adgen::tensor({1, 2});
  EXPECT_EQ(v.t().shape(), Shape({2}));
  EXPECT_TRUE(v.t().shares_storage(v));
  EXPECT_EQ(adgen::tensor(3).t().shape(), Shape({}));
}

TEST(TensorViews, TransposeErrors) {
  Tensor x = adgen::zeros({2, 3, 4});
  EXPECT_THROW_MSG(x.t(), std::invalid_argument,
                   "t() expects a tensor with <= 2 dimensions, but self is 3D");
  EXPECT_THROW_MSG(x.transpose(0, 3), std::out_of_range,
                   "Dimension out of range (expected to be in range of [-3, 2], "
                   "but got 3)");
  EXPECT_EQ(x.transpose(0, -1).shape(), Shape({4, 3, 2}));
}

TEST(TensorViews, Permute) {
  Tensor x = adgen::arange(24).reshape({2, 3, 4});
  Tensor p = adgen::permute(x, {2, 0, 1});
  EXPECT_EQ(p.shape(), Shape({4, 2, 3}));
  EXPECT_TRUE(p.shares_storage(x));
  for (int64_t i = 0; i < 4; ++i)
    for (int64_t j = 0; j < 2; ++j)
      for (int64_t k = 0; k < 3; ++k)
        EXPECT_EQ(p.at(i, j, k), static_cast<float>(j * 12 + k * 4 + i));
  EXPECT_EQ(x.permute({-1, 1, 0}).shape(), Shape({4, 3, 2}));
  EXPECT_THROW_MSG(x.permute({0, 1}), std::invalid_argument,
                   "number of dims don't match in permute");
  EXPECT_THROW_MSG(x.permute({0, 1, 1}), std::invalid_argument,
                   "repeated dim in permute");
}

TEST(TensorViews, Select) {
  Tensor x = adgen::tensor({{0, 1, 2}, {3, 4, 5}});
  EXPECT_EQ(vals(x.select(0, 1)), std::vector<double>({3, 4, 5}));
  EXPECT_EQ(vals(adgen::select(x, 1, -1)), std::vector<double>({2, 5}));
  EXPECT_EQ(x.select(1, 0).shape(), Shape({2}));
  Tensor col = x.select(1, 1);
  col.at(1) = 40;
  EXPECT_EQ(x.at(1, 1), 40.0f);
  EXPECT_EQ(x.select(0, 0).select(0, 2).shape(), Shape({}));
  EXPECT_EQ(x.select(0, 0).select(0, 2).item(), 2.0f);
  EXPECT_THROW_MSG(x.select(0, 2), std::out_of_range,
                   "select(): index 2 out of range for tensor of size [2, 3] "
                   "at dimension 0");
  EXPECT_THROW_MSG(x.select(1, -4), std::out_of_range,
                   "select(): index -4 out of range for tensor of size [2, 3] "
                   "at dimension 1");
  EXPECT_THROW_MSG(adgen::tensor(1).select(0, 0), std::out_of_range,
                   "select() cannot be applied to a 0-dim tensor.");
}

TEST(TensorViews, Narrow) {
  Tensor x = adgen::tensor({{0, 1, 2}, {3, 4, 5}});
  Tensor n = adgen::narrow(x, 1, 1, 2);
  EXPECT_EQ(n.shape(), Shape({2, 2}));
  EXPECT_EQ(vals(n), std::vector<double>({1, 2, 4, 5}));
  EXPECT_TRUE(n.shares_storage(x));
  EXPECT_EQ(vals(x.narrow(-1, -1, 1)), std::vector<double>({2, 5}));
  EXPECT_EQ(x.narrow(0, 2, 0).shape(), Shape({0, 3}));
  n.at(0, 0) = 10;
  EXPECT_EQ(x.at(0, 1), 10.0f);
  EXPECT_THROW_MSG(x.narrow(1, 2, 2), std::invalid_argument,
                   "start (2) + length (2) exceeds dimension size (3).");
  EXPECT_THROW_MSG(adgen::tensor(1).narrow(0, 0, 1), std::invalid_argument,
                   "narrow() cannot be applied to a 0-dim tensor.");
}

TEST(TensorViews, Slice) {
  Tensor x = adgen::arange(10);
  EXPECT_EQ(vals(adgen::slice(x, 0, 1, 8, 3)), std::vector<double>({1, 4, 7}));
  EXPECT_EQ(vals(x.slice(0, -3, 100)), std::vector<double>({7, 8, 9}));
  EXPECT_EQ(vals(x.slice(0, 2, -6)), std::vector<double>({2, 3}));
  EXPECT_EQ(x.slice(0, 6, 2).shape(), Shape({0}));
  EXPECT_EQ(x.slice(0, -100, 2).numel(), 2);
  Tensor m = adgen::arange(12).reshape({3, 4});
  Tensor s = m.slice(1, 1, 3);  // m[:, 1:3]
  EXPECT_EQ(s.shape(), Shape({3, 2}));
  EXPECT_EQ(vals(s), std::vector<double>({1, 2, 5, 6, 9, 10}));
  Tensor s2 = m.slice(0, 0, 3, 2).slice(1, 3, 4);  // m[::2, 3:4]
  EXPECT_EQ(vals(s2), std::vector<double>({3, 11}));
  s2 *= 0;
  EXPECT_EQ(m.at(2, 3), 0.0f);
  EXPECT_EQ(m.at(1, 3), 7.0f);
  EXPECT_THROW_MSG(x.slice(0, 0, 5, 0), std::invalid_argument,
                   "slice step must be positive");
  EXPECT_THROW_MSG(x.slice(0, 0, 5, -1), std::invalid_argument,
                   "slice step must be positive");
}

TEST(TensorViews, Expand) {
  Tensor r = adgen::tensor({1, 2, 3});
  Tensor e = adgen::expand(r, {2, 3});
  EXPECT_EQ(e.shape(), Shape({2, 3}));
  EXPECT_EQ(e.strides(), std::vector<int64_t>({0, 1}));
  EXPECT_EQ(vals(e), std::vector<double>({1, 2, 3, 1, 2, 3}));
  EXPECT_TRUE(e.shares_storage(r));
  r.at(0) = 9;
  EXPECT_EQ(e.at(1, 0), 9.0f);
  Tensor c = adgen::tensor({{1}, {2}});
  EXPECT_EQ(vals(c.expand({-1, 3})), std::vector<double>({1, 1, 1, 2, 2, 2}));
  EXPECT_EQ(c.expand({4, 2, 2}).shape(), Shape({4, 2, 2}));
  EXPECT_EQ(adgen::tensor(5).expand({2}).strides(), std::vector<int64_t>({0}));
  EXPECT_THROW_MSG(r.expand({2, 4}), std::invalid_argument,
                   "The expanded size of the tensor (4) must match the existing "
                   "size (3) at non-singleton dimension 1.  Target sizes: [2, "
                   "4].  Tensor sizes: [3]");
  EXPECT_THROW_MSG(c.expand({2}), std::invalid_argument,
                   "expand(torch.FloatTensor{[2, 1]}, size=[2]): the number of "
                   "sizes provided (1) must be greater or equal to the number "
                   "of dimensions in the tensor (2)");
  EXPECT_THROW_MSG(r.expand({-1, 3}), std::invalid_argument,
                   "The expanded size of the tensor (-1) isn't allowed in a "
                   "leading, non-existing dimension 0");
  // Writing into an expanded tensor would write one element several times.
  EXPECT_THROW_MSG(e += 1.0f, std::invalid_argument,
                   "unsupported operation: more than one element of the "
                   "written-to tensor refers to a single memory location. "
                   "Please clone() the tensor before performing the operation.");
}

TEST(TensorViews, SqueezeUnsqueeze) {
  Tensor x = adgen::arange(6).reshape({1, 2, 1, 3});
  EXPECT_EQ(adgen::squeeze(x).shape(), Shape({2, 3}));
  EXPECT_EQ(x.squeeze(0).shape(), Shape({2, 1, 3}));
  EXPECT_EQ(x.squeeze(-2).shape(), Shape({1, 2, 3}));
  EXPECT_EQ(adgen::squeeze(x, 1).shape(), Shape({1, 2, 1, 3}));  // size 2: kept
  EXPECT_TRUE(x.squeeze().shares_storage(x));
  EXPECT_EQ(vals(x.squeeze()), std::vector<double>({0, 1, 2, 3, 4, 5}));
  Tensor v = adgen::tensor({1, 2, 3});
  EXPECT_EQ(adgen::unsqueeze(v, 0).shape(), Shape({1, 3}));
  EXPECT_EQ(v.unsqueeze(1).shape(), Shape({3, 1}));
  EXPECT_EQ(v.unsqueeze(-1).shape(), Shape({3, 1}));
  EXPECT_EQ(adgen::tensor(2).unsqueeze(0).shape(), Shape({1}));
  EXPECT_EQ(adgen::tensor(2).squeeze().shape(), Shape({}));
  EXPECT_EQ(adgen::tensor(2).squeeze(0).shape(), Shape({}));
  Tensor u = v.unsqueeze(0);
  u.at(0, 2) = 30;
  EXPECT_EQ(v.at(2), 30.0f);
  EXPECT_THROW_MSG(v.unsqueeze(2), std::out_of_range,
                   "Dimension out of range (expected to be in range of [-2, 1], "
                   "but got 2)");
  // On a transposed tensor.
  EXPECT_EQ(vals(x.squeeze().t().unsqueeze(1)),
            std::vector<double>({0, 3, 1, 4, 2, 5}));
}

TEST(TensorViews, ViewAndReshape) {
  Tensor x = adgen::arange(6);
  Tensor v = x.view({2, 3});
  EXPECT_TRUE(v.shares_storage(x));
  EXPECT_EQ(v.shape(), Shape({2, 3}));
  EXPECT_EQ(adgen::view(x, {-1, 2}).shape(), Shape({3, 2}));
  EXPECT_EQ(x.view({-1}).shape(), Shape({6}));
  EXPECT_EQ(adgen::tensor(4).view({1, 1}).shape(), Shape({1, 1}));
  v.at(1, 0) = 30;
  EXPECT_EQ(x.at(3), 30.0f);
  // A transposed matrix cannot be viewed flat; reshape copies.
  Tensor t = v.t();
  EXPECT_THROW_MSG(t.view({6}), std::invalid_argument,
                   "view size is not compatible with input tensor's size and "
                   "stride (at least one dimension spans across two contiguous "
                   "subspaces). Use .reshape(...) instead.");
  Tensor r = adgen::reshape(t, {6});
  EXPECT_FALSE(r.shares_storage(x));
  EXPECT_EQ(vals(r), std::vector<double>({0, 30, 1, 4, 2, 5}));
  // ...but splitting or merging dimensions that stay contiguous is a view.
  EXPECT_TRUE(t.reshape({3, 1, 2}).shares_storage(x));
  EXPECT_EQ(t.view({3, 1, 2}).strides(), std::vector<int64_t>({1, 6, 3}));
  Tensor rows = adgen::arange(12).reshape({3, 4}).slice(0, 0, 3, 2);  // gaps
  EXPECT_TRUE(rows.reshape({2, 2, 2}).shares_storage(rows));
  EXPECT_EQ(vals(rows.reshape({2, 2, 2})),
            std::vector<double>({0, 1, 2, 3, 8, 9, 10, 11}));
  EXPECT_THROW_MSG(x.view({4, -1}), std::invalid_argument,
                   "shape '[4, -1]' is invalid for input of size 6");
  EXPECT_THROW_MSG(x.reshape({5}), std::invalid_argument,
                   "shape '[5]' is invalid for input of size 6");
  EXPECT_THROW_MSG(x.reshape({-1, -1}), std::invalid_argument,
                   "only one dimension can be inferred");
  EXPECT_THROW_MSG(x.reshape({-2, 3}), std::invalid_argument,
                   "invalid shape dimension -2");
  EXPECT_EQ(adgen::zeros({0, 3}).reshape({3, 0}).shape(), Shape({3, 0}));
}

TEST(TensorViews, Flatten) {
  Tensor x = adgen::arange(24).reshape({2, 3, 4});
  EXPECT_EQ(adgen::flatten(x).shape(), Shape({24}));
  EXPECT_EQ(x.flatten(1).shape(), Shape({2, 12}));
  EXPECT_EQ(x.flatten(0, 1).shape(), Shape({6, 4}));
  EXPECT_EQ(x.flatten(-2, -1).shape(), Shape({2, 12}));
  EXPECT_EQ(x.flatten(1, 1).shape(), Shape({2, 3, 4}));
  EXPECT_EQ(adgen::tensor(3).flatten().shape(), Shape({1}));
  EXPECT_EQ(vals(x.transpose(0, 2).flatten()).at(1), 12.0);
  EXPECT_THROW_MSG(x.flatten(2, 1), std::invalid_argument,
                   "flatten() has invalid args: start_dim cannot come after "
                   "end_dim");
}

TEST(TensorViews, ContiguousDetachAsStrided) {
  Tensor x = adgen::tensor({{1, 2}, {3, 4}});
  EXPECT_TRUE(x.is_contiguous());
  EXPECT_TRUE(x.contiguous().shares_storage(x));
  Tensor c = adgen::contiguous(x.t());
  EXPECT_TRUE(c.is_contiguous());
  EXPECT_FALSE(c.shares_storage(x));
  EXPECT_EQ(std::vector<float>(c.data(), c.data() + 4),
            std::vector<float>({1, 3, 2, 4}));
  Tensor d = x.t().detach();
  EXPECT_TRUE(d.shares_storage(x));
  EXPECT_EQ(vals(d), std::vector<double>({1, 3, 2, 4}));
  EXPECT_FALSE(d.requires_grad());
  EXPECT_EQ(vals(adgen::detach(x)), vals(x));
  Tensor diag = x.as_strided({2}, {3}, 0);
  EXPECT_EQ(vals(diag), std::vector<double>({1, 4}));
  EXPECT_THROW(x.as_strided({3}, {2}, 0), std::out_of_range);
  // A size-1 dimension's stride does not matter for contiguity.
  EXPECT_TRUE(x.as_strided({1, 2}, {7, 1}, 0).is_contiguous());
  EXPECT_TRUE(adgen::zeros({0, 3}).t().is_contiguous());
  EXPECT_EQ(x.t().stride(0), 1);
  EXPECT_EQ(x.select(0, 1).storage_offset(), 2);
}

TEST(TensorViews, PrintingNonContiguous) {
  Tensor x = adgen::tensor({{1.5, 2}, {3, 4}});
  EXPECT_EQ(adgen::to_string(x.t()), adgen::to_string(adgen::tensor(
                                         {{1.5, 3}, {2, 4}})));
  EXPECT_EQ(adgen::to_string(x.t()),
            "tensor([[1.5000, 3.0000],\n        [2.0000, 4.0000]])");
  EXPECT_EQ(adgen::to_string(adgen::tensor({1, 2}).expand({2, 2})),
            "tensor([[1., 2.],\n        [1., 2.]])");
  EXPECT_EQ(adgen::to_string(adgen::arange(10).slice(0, 1, 10, 4)),
            "tensor([1., 5., 9.])");
}

// ---- Broadcasting and in-place ops -----------------------------------------------

TYPED_TEST(OpsTyped, BinaryOpsBroadcast) {
  using T = TypeParam;
  auto col = adgen::tensor<T>({{10}, {20}});
  auto row = adgen::tensor<T>({1, 2, 3});
  EXPECT_EQ((col + row).shape(), Shape({2, 3}));
  EXPECT_EQ(vals(col + row), std::vector<double>({11, 12, 13, 21, 22, 23}));
  EXPECT_EQ(vals(col - row), std::vector<double>({9, 8, 7, 19, 18, 17}));
  EXPECT_EQ(vals(row * col), std::vector<double>({10, 20, 30, 20, 40, 60}));
  expect_near_all(vals(col / row), {10, 5, 10.0 / 3, 20, 10, 20.0 / 3});
  // Rank 3 against rank 1 and a 0-dim operand.
  auto a = adgen::arange<T>(6).reshape({2, 3, 1});
  auto b = adgen::tensor<T>({1, 10});
  auto p = a * b;
  EXPECT_EQ(p.shape(), Shape({2, 3, 2}));
  EXPECT_EQ(vals(p), std::vector<double>({0, 0, 1, 10, 2, 20, 3, 30, 4, 40, 5, 50}));
  EXPECT_EQ((adgen::tensor<T>(2) + a).shape(), Shape({2, 3, 1}));
  EXPECT_EQ((adgen::ones<T>({1, 1}) + adgen::tensor<T>(2)).shape(), Shape({1, 1}));
  EXPECT_EQ((adgen::ones<T>({0, 3}) + row).shape(), Shape({0, 3}));
  // Scalars on either side.
  EXPECT_EQ(vals(T(1) - row), std::vector<double>({0, -1, -2}));
  EXPECT_EQ(vals(T(6) / row), std::vector<double>({6, 3, 2}));
  EXPECT_EQ(vals(row * 2), std::vector<double>({2, 4, 6}));
  EXPECT_THROW_MSG(adgen::zeros<T>({2, 3}) + adgen::zeros<T>({3, 2}),
                   std::invalid_argument,
                   "The size of tensor a (3) must match the size of tensor b "
                   "(2) at non-singleton dimension 1");
  EXPECT_THROW_MSG(adgen::zeros<T>({4, 2, 3}) + adgen::zeros<T>({5, 1, 3}),
                   std::invalid_argument,
                   "The size of tensor a (4) must match the size of tensor b "
                   "(5) at non-singleton dimension 0");
}

TYPED_TEST(OpsTyped, BinaryOpsOnViews) {
  using T = TypeParam;
  auto m = adgen::tensor<T>({{1, 2, 3}, {4, 5, 6}});
  auto n = adgen::tensor<T>({{1, 10}, {100, 1000}, {0, 0}});
  // Transposed + contiguous, gappy + transposed, expanded operands.
  EXPECT_EQ(vals(m.t() + n), std::vector<double>({2, 14, 102, 1005, 3, 6}));
  EXPECT_EQ(vals(gappy(n) + m.t()), std::vector<double>({2, 14, 102, 1005, 3, 6}));
  auto e = adgen::tensor<T>({1, 2}).expand({3, 2});
  EXPECT_EQ(vals(e * n), std::vector<double>({1, 20, 100, 2000, 0, 0}));
  EXPECT_EQ(vals(m.t() * T(2)), std::vector<double>({2, 8, 4, 10, 6, 12}));
  EXPECT_EQ(vals(-m.t()), std::vector<double>({-1, -4, -2, -5, -3, -6}));
  EXPECT_EQ(vals(m.select(1, 2) - gappy(adgen::tensor<T>({1, 1}))),
            std::vector<double>({2, 5}));
  // The result is a fresh contiguous tensor.
  auto r = m.t() + n;
  EXPECT_TRUE(r.is_contiguous());
  EXPECT_FALSE(r.shares_storage(m));
}

TYPED_TEST(OpsTyped, InPlaceBroadcastAndViews) {
  using T = TypeParam;
  auto x = adgen::tensor<T>({{1, 2, 3}, {4, 5, 6}});
  auto alias = x;
  x += adgen::tensor<T>({10, 20, 30});
  EXPECT_EQ(vals(alias), std::vector<double>({11, 22, 33, 14, 25, 36}));
  x -= adgen::tensor<T>({{1}, {4}});
  EXPECT_EQ(vals(x), std::vector<double>({10, 21, 32, 10, 21, 32}));
  x *= adgen::tensor<T>(2);
  x /= adgen::tensor<T>({{2, 2, 2}, {1, 1, 1}});
  EXPECT_EQ(vals(x), std::vector<double>({10, 21, 32, 20, 42, 64}));
  auto v = adgen::tensor<T>({1, 2, 3});
  EXPECT_THROW_MSG(v += adgen::zeros<T>({2, 3}), std::invalid_argument,
                   "output with shape [3] doesn't match the broadcast shape "
                   "[2, 3]");
  EXPECT_THROW_MSG(v += adgen::zeros<T>({2}), std::invalid_argument,
                   "The size of tensor a (3) must match the size of tensor b "
                   "(2) at non-singleton dimension 0");
  // Through views: a column, a transposed matrix, a strided slice.
  auto m = adgen::tensor<T>({{1, 2}, {3, 4}});
  auto c = m.select(1, 0);
  c += T(100);
  EXPECT_EQ(vals(m), std::vector<double>({101, 2, 103, 4}));
  auto mt = m.t();
  mt *= adgen::tensor<T>({{1}, {-1}});  // rows of m.t() = columns of m
  EXPECT_EQ(vals(m), std::vector<double>({101, -2, 103, -4}));
  auto s = adgen::arange<T>(6);
  auto every_other = s.slice(0, 0, 6, 2);
  every_other -= T(1);
  every_other /= T(2);
  EXPECT_EQ(vals(s), std::vector<double>({-0.5, 1, 0.5, 3, 1.5, 5}));
  // x += x.t(): the right side is read before anything is written.
  auto sq = adgen::tensor<T>({{1, 2}, {3, 4}});
  sq += sq.t();
  EXPECT_EQ(vals(sq), std::vector<double>({2, 5, 5, 8}));
  auto sq2 = adgen::tensor<T>({{1, 2}, {3, 4}});
  sq2 *= sq2;  // the same layout: fine in place
  EXPECT_EQ(vals(sq2), std::vector<double>({1, 4, 9, 16}));
}

// ---- Creation ------------------------------------------------------------------------

TEST(TensorCreation, Arange) {
  EXPECT_EQ(vals(adgen::arange(5)), std::vector<double>({0, 1, 2, 3, 4}));
  EXPECT_EQ(adgen::arange(5).shape(), Shape({5}));
  EXPECT_EQ(vals(adgen::arange<double>(1, 2, 0.25)),
            std::vector<double>({1, 1.25, 1.5, 1.75}));
  EXPECT_EQ(vals(adgen::arange(5, 0, -2)), std::vector<double>({5, 3, 1}));
  EXPECT_EQ(adgen::arange(0.0, 1.0, 0.1).numel(), 10);
  EXPECT_EQ(adgen::arange(2, 2).numel(), 0);
  EXPECT_EQ(vals(adgen::arange<double>(0, 1, 0.1)).at(3), 0.1 * 3);
  EXPECT_THROW_MSG(adgen::arange(0, 5, 0), std::invalid_argument,
                   "step must be nonzero");
  EXPECT_THROW_MSG(adgen::arange(5, 0, 1), std::invalid_argument,
                   "upper bound and larger bound inconsistent with step sign");
}

TEST(TensorCreation, Linspace) {
  EXPECT_EQ(vals(adgen::linspace(0, 1, 5)),
            std::vector<double>({0, 0.25, 0.5, 0.75, 1}));
  EXPECT_EQ(vals(adgen::linspace<double>(-1, 1, 3)), std::vector<double>({-1, 0, 1}));
  EXPECT_EQ(vals(adgen::linspace(2, 7, 1)), std::vector<double>({2}));
  EXPECT_EQ(adgen::linspace(2, 7, 0).shape(), Shape({0}));
  // Both ends exact even when the step is not.
  auto l = adgen::linspace<float>(0.1, 0.7, 7);
  EXPECT_EQ(l.at(0), 0.1f);
  EXPECT_EQ(l.at(6), 0.7f);
  EXPECT_THROW_MSG(adgen::linspace(0, 1, -1), std::invalid_argument,
                   "number of steps must be non-negative");
}

// xoshiro256** seeded by splitmix64, written out independently of the
// runtime from the reference code of Blackman and Vigna.
struct ReferenceXoshiro {
  uint64_t s[4];
  explicit ReferenceXoshiro(uint64_t seed) {
    for (int i = 0; i < 4; ++i) {
      seed += 0x9e3779b97f4a7c15ULL;
      uint64_t z = seed;
      z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
      z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
      s[i] = z ^ (z >> 31);
    }
  }
  static uint64_t rotl(uint64_t x, int k) { return (x << k) | (x >> (64 - k)); }
  uint64_t next() {
    const uint64_t result = rotl(s[1] * 5, 7) * 9;
    const uint64_t t = s[1] << 17;
    s[2] ^= s[0];
    s[3] ^= s[1];
    s[1] ^= s[2];
    s[0] ^= s[3];
    s[2] ^= t;
    s[3] = rotl(s[3], 45);
    return result;
  }
};

TEST(TensorCreation, GeneratorIsXoshiro256StarStar) {
  // splitmix64's first output for seed 0 is the published 0xe220a8397b1dcdaf.
  EXPECT_EQ(ReferenceXoshiro(0).s[0], 0xe220a8397b1dcdafULL);
  for (uint64_t seed : {0ULL, 1ULL, 42ULL, 0xffffffffffffffffULL}) {
    adgen::Generator gen(seed);
    ReferenceXoshiro ref(seed);
    for (int i = 0; i < 100; ++i) ASSERT_EQ(gen.next(), ref.next());
  }
}

TEST(TensorCreation, Rand) {
  ReferenceXoshiro ref(7);
  auto d = adgen::rand<double>({2, 3}, 7);
  EXPECT_EQ(d.shape(), Shape({2, 3}));
  for (double v : vals(d)) {
    EXPECT_EQ(v, static_cast<double>(ref.next() >> 11) * std::ldexp(1.0, -53));
  }
  ReferenceXoshiro ref_f(7);
  for (double v : vals(adgen::rand({4}, 7))) {
    EXPECT_EQ(v, static_cast<double>(ref_f.next() >> 40) * std::ldexp(1.0, -24));
  }
  // Deterministic, different seeds differ, a Generator continues.
  EXPECT_EQ(vals(adgen::rand({5}, 3)), vals(adgen::rand({5}, 3)));
  EXPECT_NE(vals(adgen::rand({5}, 3)), vals(adgen::rand({5}, 4)));
  adgen::Generator gen(3);
  auto first = adgen::rand({5}, gen);
  auto second = adgen::rand({5}, gen);
  EXPECT_EQ(vals(first), vals(adgen::rand({5}, 3)));
  EXPECT_NE(vals(first), vals(second));
  // U[0, 1): bounds and mean.
  auto big = adgen::rand<double>({20000}, 11);
  double total = 0;
  for (double v : vals(big)) {
    EXPECT_GE(v, 0.0);
    EXPECT_LT(v, 1.0);
    total += v;
  }
  EXPECT_NEAR(total / 20000, 0.5, 0.01);
}

TEST(TensorCreation, Randn) {
  // The documented Box-Muller transform of the generator's uniforms.
  adgen::Generator gen(5);
  auto x = adgen::randn<double>({3}, 5);
  const double pi = std::acos(-1.0);
  double u1 = gen.uniform<double>();
  double u2 = gen.uniform<double>();
  double r = std::sqrt(-2 * std::log(1 - u1));
  EXPECT_NEAR(x.at(0), r * std::cos(2 * pi * u2), 1e-12);
  EXPECT_NEAR(x.at(1), r * std::sin(2 * pi * u2), 1e-12);
  u1 = gen.uniform<double>();
  u2 = gen.uniform<double>();
  r = std::sqrt(-2 * std::log(1 - u1));
  EXPECT_NEAR(x.at(2), r * std::cos(2 * pi * u2), 1e-12);
  // N(0, 1): mean and variance.
  auto big = adgen::randn({40000}, 13);
  double s1 = 0;
  double s2 = 0;
  for (double v : vals(big)) {
    s1 += v;
    s2 += v * v;
  }
  EXPECT_NEAR(s1 / 40000, 0.0, 0.02);
  EXPECT_NEAR(s2 / 40000, 1.0, 0.03);
  EXPECT_EQ(vals(adgen::randn({7}, 1)), vals(adgen::randn({7}, 1)));
  adgen::Generator g2(1);
  EXPECT_EQ(vals(adgen::randn({7}, g2)), vals(adgen::randn({7}, 1)));
}

// ---- Elementwise unary ---------------------------------------------------------------

TYPED_TEST(OpsTyped, UnaryMatchesCmath) {
  using T = TypeParam;
  const std::vector<double> in = {0.5, 1.0, 2.0, 3.0, 0.25, 4.0};
  auto x = adgen::tensor<T>({{0.5, 1.0, 2.0}, {3.0, 0.25, 4.0}});
  const double tol = std::is_same<T, float>::value ? 1e-6 : 1e-14;
  // Contiguous, transposed (compared in its own order) and gappy inputs.
  for (int layout = 0; layout < 3; ++layout) {
    auto xi = layout == 0 ? x : layout == 1 ? x.t() : gappy(x);
    std::vector<double> src = vals(xi);
    auto check = [&](const adgen::BasicTensor<T>& got, double (*f)(double)) {
      EXPECT_EQ(got.shape(), xi.shape());
      std::vector<double> want;
      for (double v : src) want.push_back(f(static_cast<double>(static_cast<T>(v))));
      expect_near_all(vals(got), want, tol);
    };
    check(adgen::exp(xi), [](double v) { return std::exp(v); });
    check(adgen::log(xi), [](double v) { return std::log(v); });
    check(adgen::sin(xi), [](double v) { return std::sin(v); });
    check(adgen::cos(xi), [](double v) { return std::cos(v); });
    check(adgen::tanh(xi), [](double v) { return std::tanh(v); });
    check(adgen::sqrt(xi), [](double v) { return std::sqrt(v); });
    check(adgen::neg(xi), [](double v) { return -v; });
    check(adgen::sigmoid(xi), [](double v) { return 1 / (1 + std::exp(-v)); });
    check(xi.exp(), [](double v) { return std::exp(v); });
    check(xi.log(), [](double v) { return std::log(v); });
    check(xi.sin(), [](double v) { return std::sin(v); });
    check(xi.cos(), [](double v) { return std::cos(v); });
    check(xi.tanh(), [](double v) { return std::tanh(v); });
    check(xi.sqrt(), [](double v) { return std::sqrt(v); });
    check(xi.neg(), [](double v) { return -v; });
    check(xi.sigmoid(), [](double v) { return 1 / (1 + std::exp(-v)); });
  }
  (void)in;
}

TYPED_TEST(OpsTyped, AbsReluSigmoidEdges) {
  using T = TypeParam;
  auto x = adgen::tensor<T>({-2, -0.5, 0, 3});
  EXPECT_EQ(vals(adgen::abs(x)), std::vector<double>({2, 0.5, 0, 3}));
  EXPECT_EQ(vals(x.abs()), std::vector<double>({2, 0.5, 0, 3}));
  EXPECT_EQ(vals(adgen::relu(x)), std::vector<double>({0, 0, 0, 3}));
  EXPECT_EQ(vals(x.relu()), std::vector<double>({0, 0, 0, 3}));
  EXPECT_EQ(vals(adgen::relu(gappy(x))), std::vector<double>({0, 0, 0, 3}));
  EXPECT_TRUE(std::isnan(adgen::relu(adgen::tensor<T>(kNan)).item()));
  auto s = adgen::sigmoid(adgen::tensor<T>({0, -200, 200}));
  EXPECT_EQ(s.at(0), T(0.5));
  EXPECT_GE(s.at(1), T(0));
  EXPECT_LT(s.at(1), T(1e-30));
  EXPECT_EQ(s.at(2), T(1));
  EXPECT_EQ(vals(adgen::exp(adgen::zeros<T>({2, 0}))).size(), 0u);
}

TYPED_TEST(OpsTyped, Clamp) {
  using T = TypeParam;
  auto x = adgen::tensor<T>({-3, -1, 0, 2, 5});
  EXPECT_EQ(vals(adgen::clamp(x, -1, 2)), std::vector<double>({-1, -1, 0, 2, 2}));
  EXPECT_EQ(vals(x.clamp(-1, 2)), std::vector<double>({-1, -1, 0, 2, 2}));
  EXPECT_EQ(vals(adgen::clamp_min(x, 0)), std::vector<double>({0, 0, 0, 2, 5}));
  EXPECT_EQ(vals(x.clamp_min(0)), std::vector<double>({0, 0, 0, 2, 5}));
  EXPECT_EQ(vals(adgen::clamp_max(x, 0)), std::vector<double>({-3, -1, 0, 0, 0}));
  EXPECT_EQ(vals(x.clamp_max(0)), std::vector<double>({-3, -1, 0, 0, 0}));
  // lo > hi: everything becomes hi, as in PyTorch.
  EXPECT_EQ(vals(adgen::clamp(x, 3, 1)), std::vector<double>({1, 1, 1, 1, 1}));
  EXPECT_TRUE(std::isnan(adgen::clamp(adgen::tensor<T>(kNan), 0, 1).item()));
  EXPECT_TRUE(std::isnan(adgen::clamp_min(adgen::tensor<T>(kNan), 0).item()));
  EXPECT_EQ(vals(adgen::clamp(x.unsqueeze(0).expand({2, 5}).t(), 0, 1)),
            std::vector<double>({0, 0, 0, 0, 0, 0, 1, 1, 1, 1}));
}

TYPED_TEST(OpsTyped, Pow) {
  using T = TypeParam;
  auto x = adgen::tensor<T>({1, 2, 4});
  EXPECT_EQ(vals(adgen::pow(x, 2)), std::vector<double>({1, 4, 16}));
  EXPECT_EQ(vals(x.pow(3)), std::vector<double>({1, 8, 64}));
  EXPECT_EQ(vals(adgen::pow(x, 0.5)), std::vector<double>({1, std::sqrt(T(2)), 2}));
  EXPECT_EQ(vals(adgen::pow(x, -1)), std::vector<double>({1, 0.5, 0.25}));
  EXPECT_EQ(vals(adgen::pow(x, -2)), std::vector<double>({1, 0.25, 0.0625}));
  EXPECT_EQ(vals(adgen::pow(x, 0)), std::vector<double>({1, 1, 1}));
  EXPECT_EQ(vals(adgen::pow(x, 1)), std::vector<double>({1, 2, 4}));
  expect_near_all(vals(adgen::pow(x, 1.5)), {1, std::pow(2.0, 1.5), 8}, 1e-6);
  EXPECT_EQ(vals(adgen::pow(x.t(), 2)), std::vector<double>({1, 4, 16}));
  EXPECT_EQ(vals(adgen::pow(gappy(x), 2)), std::vector<double>({1, 4, 16}));
  // Tensor exponents broadcast.
  auto e = adgen::tensor<T>({{0}, {1}, {2}});
  auto p = adgen::pow(x, e);
  EXPECT_EQ(p.shape(), Shape({3, 3}));
  EXPECT_EQ(vals(p), std::vector<double>({1, 1, 1, 1, 2, 4, 1, 4, 16}));
  EXPECT_EQ(vals(x.pow(e.t())), std::vector<double>({1, 2, 16}));
  EXPECT_EQ(adgen::pow(adgen::tensor<T>(0), 0).item(), T(1));
}

TYPED_TEST(OpsTyped, MaximumMinimum) {
  using T = TypeParam;
  auto a = adgen::tensor<T>({{1, 5}, {7, -2}});
  auto b = adgen::tensor<T>({3, 0});
  EXPECT_EQ(vals(adgen::maximum(a, b)), std::vector<double>({3, 5, 7, 0}));
  EXPECT_EQ(vals(adgen::minimum(a, b)), std::vector<double>({1, 0, 3, -2}));
  EXPECT_EQ(vals(adgen::maximum(a.t(), b)), std::vector<double>({3, 7, 5, 0}));
  auto n = adgen::tensor<T>({kNan, 1});
  auto m = adgen::tensor<T>({0, kNan});
  for (double v : vals(adgen::maximum(n, m))) EXPECT_TRUE(std::isnan(v));
  for (double v : vals(adgen::minimum(n, m))) EXPECT_TRUE(std::isnan(v));
}

// ---- Comparisons and where -------------------------------------------------------------

TYPED_TEST(OpsTyped, Comparisons) {
  using T = TypeParam;
  auto a = adgen::tensor<T>({{1, 2, 3}});
  auto b = adgen::tensor<T>({{2}, {3}});
  // a against b broadcast to [2, 3]: rows compare with 2, then 3.
  EXPECT_EQ(vals(adgen::lt(a, b)), std::vector<double>({1, 0, 0, 1, 1, 0}));
  EXPECT_EQ(vals(adgen::le(a, b)), std::vector<double>({1, 1, 0, 1, 1, 1}));
  EXPECT_EQ(vals(adgen::gt(a, b)), std::vector<double>({0, 0, 1, 0, 0, 0}));
  EXPECT_EQ(vals(adgen::ge(a, b)), std::vector<double>({0, 1, 1, 0, 0, 1}));
  EXPECT_EQ(vals(adgen::eq(a, b)), std::vector<double>({0, 1, 0, 0, 0, 1}));
  EXPECT_EQ(vals(adgen::ne(a, b)), std::vector<double>({1, 0, 1, 1, 1, 0}));
  EXPECT_EQ(vals(a < b), vals(adgen::lt(a, b)));
  EXPECT_EQ(vals(a <= b), vals(adgen::le(a, b)));
  EXPECT_EQ(vals(a > b), vals(adgen::gt(a, b)));
  EXPECT_EQ(vals(a >= b), vals(adgen::ge(a, b)));
  EXPECT_EQ(vals(a == b), vals(adgen::eq(a, b)));
  EXPECT_EQ(vals(a != b), vals(adgen::ne(a, b)));
  EXPECT_EQ(vals(a > 1), std::vector<double>({0, 1, 1}));
  EXPECT_EQ(vals(2 >= a), std::vector<double>({1, 1, 0}));
  EXPECT_EQ(vals(adgen::eq(a, 2)), std::vector<double>({0, 1, 0}));
  EXPECT_EQ(vals(adgen::lt(b.t(), adgen::tensor<T>({2.5}))),
            std::vector<double>({1, 0}));
  EXPECT_EQ((a == b).shape(), Shape({2, 3}));
  // nan compares unequal to everything.
  auto n = adgen::tensor<T>({kNan});
  EXPECT_EQ(vals(n == n), std::vector<double>({0}));
  EXPECT_EQ(vals(n != n), std::vector<double>({1}));
}

TYPED_TEST(OpsTyped, Where) {
  using T = TypeParam;
  auto cond = adgen::tensor<T>({{1}, {0}});
  auto a = adgen::tensor<T>({1, 2, 3});
  auto b = adgen::tensor<T>(-1);
  auto w = adgen::where(cond, a, b);
  EXPECT_EQ(w.shape(), Shape({2, 3}));
  EXPECT_EQ(vals(w), std::vector<double>({1, 2, 3, -1, -1, -1}));
  auto c2 = adgen::tensor<T>({0, 2, -1});  // any nonzero is true
  EXPECT_EQ(vals(adgen::where(c2, a, T(0))), std::vector<double>({0, 2, 3}));
  EXPECT_EQ(vals(adgen::where(c2, T(9), a)), std::vector<double>({1, 9, 9}));
  auto m = adgen::tensor<T>({{1, 2}, {3, 4}});
  EXPECT_EQ(vals(adgen::where(m > 2, m.t(), gappy(m))),
            std::vector<double>({1, 2, 2, 4}));
  EXPECT_THROW(adgen::where(adgen::zeros<T>({2}), a, b), std::invalid_argument);
}

// ---- Reductions -------------------------------------------------------------------------

TYPED_TEST(OpsTyped, SumAndMeanAlongDims) {
  using T = TypeParam;
  auto x = adgen::tensor<T>({{1, 2, 3}, {4, 5, 6}});
  EXPECT_EQ(vals(adgen::sum(x, 0)), std::vector<double>({5, 7, 9}));
  EXPECT_EQ(adgen::sum(x, 0).shape(), Shape({3}));
  EXPECT_EQ(vals(x.sum(1)), std::vector<double>({6, 15}));
  EXPECT_EQ(x.sum(-1, true).shape(), Shape({2, 1}));
  EXPECT_EQ(vals(x.sum(-1, true)), std::vector<double>({6, 15}));
  EXPECT_EQ(vals(adgen::sum(x, Shape{0, 1})), std::vector<double>({21}));
  EXPECT_EQ(adgen::sum(x, Shape{0, 1}).shape(), Shape({}));
  EXPECT_EQ(x.sum(Shape{1, 0}, true).shape(), Shape({1, 1}));
  EXPECT_EQ(adgen::sum(x, Shape{}).shape(), Shape({}));  // [] means all
  EXPECT_EQ(adgen::sum(x, Shape{}).item(), T(21));
  EXPECT_EQ(vals(adgen::mean(x, 0)), std::vector<double>({2.5, 3.5, 4.5}));
  EXPECT_EQ(vals(x.mean(1, true)), std::vector<double>({2, 5}));
  EXPECT_EQ(x.mean(Shape{0, 1}).item(), T(3.5));
  EXPECT_EQ(x.mean(Shape{-1, -2}, true).shape(), Shape({1, 1}));
  // 3-D over two dims: [2, 3, 4] of 0..23 summed over dims 0 and 2.
  auto y = adgen::arange<T>(24).reshape({2, 3, 4});
  std::vector<double> want(3, 0.0);
  for (int i = 0; i < 2; ++i)
    for (int j = 0; j < 3; ++j)
      for (int k = 0; k < 4; ++k) want[j] += i * 12 + j * 4 + k;
  EXPECT_EQ(vals(adgen::sum(y, Shape{0, 2})), want);
  EXPECT_EQ(adgen::sum(y, Shape{0, 2}, true).shape(), Shape({1, 3, 1}));
  EXPECT_EQ(vals(adgen::sum(y.permute({2, 0, 1}), Shape{0, 1})), want);
  EXPECT_EQ(vals(adgen::mean(gappy(y), Shape{2, 0})),
            std::vector<double>({want[0] / 8, want[1] / 8, want[2] / 8}));
  // Non-contiguous input: columns of the transpose are rows of x.
  EXPECT_EQ(vals(adgen::sum(x.t(), 0)), std::vector<double>({6, 15}));
  EXPECT_EQ(vals(adgen::sum(x.t(), 1)), std::vector<double>({5, 7, 9}));
  EXPECT_EQ(x.t().sum().item(), T(21));
  EXPECT_EQ(gappy(x).mean().item(), T(3.5));
  EXPECT_EQ(vals(adgen::sum(adgen::tensor<T>({1, 2}).expand({3, 2}), 0)),
            std::vector<double>({3, 6}));
  // 0-dim: dim 0 and -1 are accepted.
  EXPECT_EQ(adgen::sum(adgen::tensor<T>(4), 0).item(), T(4));
  EXPECT_EQ(adgen::sum(adgen::tensor<T>(4), -1, true).shape(), Shape({}));
  // Empty reductions: sum 0, mean nan.
  EXPECT_EQ(vals(adgen::sum(adgen::zeros<T>({0, 2}), 0)), std::vector<double>({0, 0}));
  EXPECT_TRUE(std::isnan(adgen::mean(adgen::zeros<T>({0, 2}), 0).at(0)));
  EXPECT_THROW_MSG(adgen::sum(x, 2), std::out_of_range,
                   "Dimension out of range (expected to be in range of [-2, 1], "
                   "but got 2)");
  EXPECT_THROW_MSG(adgen::sum(x, Shape{1, -1}), std::invalid_argument,
                   "dim 1 appears multiple times in the list of dims");
}

TYPED_TEST(OpsTyped, Prod) {
  using T = TypeParam;
  auto x = adgen::tensor<T>({{1, 2, 3}, {4, 5, 6}});
  EXPECT_EQ(adgen::prod(x).item(), T(720));
  EXPECT_EQ(x.prod().shape(), Shape({}));
  EXPECT_EQ(vals(adgen::prod(x, 0)), std::vector<double>({4, 10, 18}));
  EXPECT_EQ(vals(x.prod(1, true)), std::vector<double>({6, 120}));
  EXPECT_EQ(x.prod(1, true).shape(), Shape({2, 1}));
  EXPECT_EQ(vals(adgen::prod(x.t(), 0)), std::vector<double>({6, 120}));
  EXPECT_EQ(adgen::prod(gappy(x)).item(), T(720));
  EXPECT_EQ(vals(adgen::prod(adgen::tensor<T>({{0, 2}, {3, 4}}), -1)),
            std::vector<double>({0, 12}));
  EXPECT_EQ(adgen::prod(adgen::zeros<T>({0})).item(), T(1));
}

TYPED_TEST(OpsTyped, MaxMin) {
  using T = TypeParam;
  auto x = adgen::tensor<T>({{3, 9, 1}, {4, -5, 9}});
  EXPECT_EQ(adgen::max(x).item(), T(9));
  EXPECT_EQ(adgen::min(x).item(), T(-5));
  EXPECT_EQ(x.max().shape(), Shape({}));
  EXPECT_EQ(x.t().min().item(), T(-5));
  EXPECT_EQ(vals(adgen::max(x, 0)), std::vector<double>({4, 9, 9}));
  EXPECT_EQ(vals(adgen::min(x, 0)), std::vector<double>({3, -5, 1}));
  EXPECT_EQ(vals(x.max(1)), std::vector<double>({9, 9}));
  EXPECT_EQ(x.max(1, true).shape(), Shape({2, 1}));
  EXPECT_EQ(vals(x.min(-1, true)), std::vector<double>({1, -5}));
  EXPECT_EQ(vals(adgen::max(x.t(), 1)), std::vector<double>({4, 9, 9}));
  EXPECT_EQ(vals(adgen::min(gappy(x), 1)), std::vector<double>({1, -5}));
  EXPECT_EQ(adgen::max(adgen::tensor<T>(2), 0).item(), T(2));
  // nan wins.
  auto n = adgen::tensor<T>({{1, kNan}, {2, 3}});
  EXPECT_TRUE(std::isnan(adgen::max(n).item()));
  EXPECT_TRUE(std::isnan(adgen::min(n).item()));
  auto nm = vals(adgen::max(n, 1));
  EXPECT_TRUE(std::isnan(nm[0]));
  EXPECT_EQ(nm[1], 3.0);
  EXPECT_EQ(adgen::max(adgen::tensor<T>({-kInf, -kInf})).item(), T(-kInf));
  EXPECT_THROW_MSG(adgen::max(adgen::zeros<T>({0, 2})), std::invalid_argument,
                   "max(): Expected reduction dim to be specified for "
                   "input.numel() == 0. Specify the reduction dim with the "
                   "'dim' argument.");
  EXPECT_THROW_MSG(adgen::min(adgen::zeros<T>({0, 2}), 0), std::invalid_argument,
                   "min(): Expected reduction dim 0 to have non-zero size.");
  EXPECT_EQ(adgen::max(adgen::zeros<T>({0, 2}), 1).shape(), Shape({0}));
}

TYPED_TEST(OpsTyped, ArgmaxArgmin) {
  using T = TypeParam;
  auto x = adgen::tensor<T>({{3, 9, 9}, {4, -5, 4}});
  EXPECT_EQ(adgen::argmax(x, 1), std::vector<int64_t>({1, 0}));  // first tie
  EXPECT_EQ(adgen::argmin(x, 1), std::vector<int64_t>({0, 1}));
  EXPECT_EQ(adgen::argmax(x, 0), std::vector<int64_t>({1, 0, 0}));
  EXPECT_EQ(adgen::argmin(x, -2, true), std::vector<int64_t>({0, 1, 1}));
  EXPECT_EQ(x.argmax(-1), std::vector<int64_t>({1, 0}));
  EXPECT_EQ(x.argmin(0), std::vector<int64_t>({0, 1, 1}));
  EXPECT_EQ(adgen::argmax(x.t(), 0), std::vector<int64_t>({1, 0}));
  EXPECT_EQ(adgen::argmax(gappy(x), 1), std::vector<int64_t>({1, 0}));
  auto y = adgen::arange<T>(24).reshape({2, 3, 4});
  EXPECT_EQ(adgen::argmax(y, 1), std::vector<int64_t>(8, 2));
  EXPECT_EQ(adgen::argmin(adgen::neg(y), 2), std::vector<int64_t>(6, 3));
  EXPECT_EQ(adgen::argmax(adgen::tensor<T>({1, kNan, 5, kNan}), 0),
            std::vector<int64_t>({1}));
  EXPECT_EQ(adgen::argmax(adgen::tensor<T>(7), 0), std::vector<int64_t>({0}));
  EXPECT_THROW_MSG(adgen::argmax(adgen::zeros<T>({2, 0}), 1), std::invalid_argument,
                   "argmax(): Expected reduction dim 1 to have non-zero size.");
}

// ---- Matrix products ----------------------------------------------------------------------

// C = A B by the definition, in double, on any layout.
template <class T>
std::vector<double> naive_mm(const adgen::BasicTensor<T>& a,
                             const adgen::BasicTensor<T>& b) {
  const int64_t M = a.size(0);
  const int64_t K = a.size(1);
  const int64_t N = b.size(1);
  std::vector<double> c(static_cast<size_t>(M * N), 0.0);
  for (int64_t i = 0; i < M; ++i)
    for (int64_t j = 0; j < N; ++j)
      for (int64_t k = 0; k < K; ++k)
        c[i * N + j] += static_cast<double>(a.at(i, k)) * b.at(k, j);
  return c;
}

TYPED_TEST(OpsTyped, MatmulVectorAndMatrixCases) {
  using T = TypeParam;
  auto u = adgen::tensor<T>({1, 2, 3});
  auto v = adgen::tensor<T>({4, 5, 6});
  auto d = adgen::matmul(u, v);
  EXPECT_EQ(d.shape(), Shape({}));
  EXPECT_EQ(d.item(), T(32));
  auto a = adgen::tensor<T>({{1, 2, 3}, {4, 5, 6}});
  auto b = adgen::tensor<T>({{1, 0}, {0, 1}, {1, 1}});
  auto c = adgen::matmul(a, b);
  EXPECT_EQ(c.shape(), Shape({2, 2}));
  EXPECT_EQ(vals(c), std::vector<double>({4, 5, 10, 11}));
  EXPECT_EQ(vals(adgen::mm(a, b)), std::vector<double>({4, 5, 10, 11}));
  EXPECT_EQ(vals(a.matmul(b)), std::vector<double>({4, 5, 10, 11}));
  EXPECT_EQ(vals(a.mm(b)), std::vector<double>({4, 5, 10, 11}));
  // 1-D @ 2-D and 2-D @ 1-D drop the added dimension.
  auto ub = adgen::matmul(u, b);
  EXPECT_EQ(ub.shape(), Shape({2}));
  EXPECT_EQ(vals(ub), std::vector<double>({4, 5}));
  auto av = adgen::matmul(a, v);
  EXPECT_EQ(av.shape(), Shape({2}));
  EXPECT_EQ(vals(av), std::vector<double>({32, 77}));
  // Transposed, gappy and expanded operands.
  EXPECT_EQ(vals(adgen::matmul(b.t(), a.t())), std::vector<double>({4, 10, 5, 11}));
  EXPECT_EQ(vals(adgen::matmul(gappy(a), gappy(b))), std::vector<double>({4, 5, 10, 11}));
  EXPECT_EQ(vals(adgen::matmul(a.t(), a)), naive_mm(a.t(), a));
  auto e = adgen::tensor<T>({1, 2, 3}).expand({2, 3});
  EXPECT_EQ(vals(adgen::matmul(e, b)), std::vector<double>({4, 5, 4, 5}));
  EXPECT_EQ(vals(adgen::matmul(b, adgen::tensor<T>({{1}, {1}}).expand({2, 3}))),
            std::vector<double>({1, 1, 1, 1, 1, 1, 2, 2, 2}));
  EXPECT_EQ(adgen::matmul(gappy(u), v.t()).item(), T(32));
  EXPECT_EQ(vals(adgen::matmul(a.slice(1, 0, 3, 2), adgen::tensor<T>({1, 1}))),
            std::vector<double>({4, 10}));
  // Empty products.
  EXPECT_EQ(vals(adgen::matmul(adgen::ones<T>({2, 0}), adgen::ones<T>({0, 3}))),
            std::vector<double>(6, 0.0));
  EXPECT_EQ(adgen::matmul(adgen::ones<T>({0, 2}), adgen::ones<T>({2, 3})).shape(),
            Shape({0, 3}));
}

TYPED_TEST(OpsTyped, MatmulLargerAgainstDefinition) {
  using T = TypeParam;
  auto a = adgen::randn<T>({37, 53}, 1);
  auto b = adgen::randn<T>({53, 29}, 2);
  const double tol = std::is_same<T, float>::value ? 1e-4 : 1e-12;
  expect_near_all(vals(adgen::matmul(a, b)), naive_mm(a, b), tol);
  auto at = adgen::randn<T>({53, 37}, 3).t();  // column-major a
  expect_near_all(vals(adgen::matmul(at, b)), naive_mm(at, b), tol);
  auto bt = adgen::randn<T>({29, 53}, 4).t();
  expect_near_all(vals(adgen::matmul(at, bt)), naive_mm(at, bt), tol);
  expect_near_all(vals(adgen::matmul(gappy(a), bt)), naive_mm(a, bt), tol);
}

TYPED_TEST(OpsTyped, MatmulBatched) {
  using T = TypeParam;
  // [2, 1, 2, 2] @ [3, 2, 2] -> [2, 3, 2, 2]: batches broadcast.
  auto a = adgen::arange<T>(8).reshape({2, 1, 2, 2});
  auto b = adgen::arange<T>(12).reshape({3, 2, 2}) - T(5);
  auto c = adgen::matmul(a, b);
  EXPECT_EQ(c.shape(), Shape({2, 3, 2, 2}));
  for (int64_t i = 0; i < 2; ++i) {
    for (int64_t j = 0; j < 3; ++j) {
      auto want = naive_mm(a.select(0, i).select(0, 0), b.select(0, j));
      EXPECT_EQ(vals(c.select(0, i).select(0, j)), want) << i << ", " << j;
    }
  }
  // Batched @ matrix (folded into one product), also on views.
  auto x = adgen::arange<T>(12).reshape({2, 3, 2});
  auto w = adgen::tensor<T>({{1, 2}, {3, 4}});
  auto xw = adgen::matmul(x, w);
  EXPECT_EQ(xw.shape(), Shape({2, 3, 2}));
  for (int64_t i = 0; i < 2; ++i) {
    EXPECT_EQ(vals(xw.select(0, i)), naive_mm(x.select(0, i), w));
  }
  auto xt = x.transpose(0, 1);  // [3, 2, 2], not foldable
  auto xtw = adgen::matmul(xt, w);
  for (int64_t i = 0; i < 3; ++i) {
    EXPECT_EQ(vals(xtw.select(0, i)), naive_mm(xt.select(0, i), w));
  }
  // Batched @ vector, vector @ batched, matrix @ batched.
  auto xv = adgen::matmul(x, adgen::tensor<T>({1, -1}));
  EXPECT_EQ(xv.shape(), Shape({2, 3}));
  EXPECT_EQ(vals(xv), std::vector<double>(6, -1.0));
  auto vx = adgen::matmul(adgen::tensor<T>({1, 1, 1}), x);
  EXPECT_EQ(vx.shape(), Shape({2, 2}));
  EXPECT_EQ(vals(vx), std::vector<double>({6, 9, 24, 27}));
  auto wx = adgen::matmul(w, x.transpose(1, 2));  // [2,2] @ [2,2,3]
  EXPECT_EQ(wx.shape(), Shape({2, 2, 3}));
  EXPECT_EQ(vals(wx.select(0, 1)), naive_mm(w, x.select(0, 1).t()));
  // A batch dimension of an expanded operand.
  auto we = w.unsqueeze(0).expand({4, 2, 2});
  auto xe = adgen::matmul(adgen::ones<T>({4, 1, 2}), we);
  EXPECT_EQ(xe.shape(), Shape({4, 1, 2}));
  EXPECT_EQ(vals(xe), std::vector<double>({4, 6, 4, 6, 4, 6, 4, 6}));
}

TYPED_TEST(OpsTyped, MatmulErrors) {
  using T = TypeParam;
  auto v3 = adgen::zeros<T>({3});
  auto v4 = adgen::zeros<T>({4});
  auto m23 = adgen::zeros<T>({2, 3});
  auto m45 = adgen::zeros<T>({4, 5});
  EXPECT_THROW_MSG(adgen::matmul(v3, v4), std::invalid_argument,
                   "inconsistent tensor size, expected tensor [3] and src [4] "
                   "to have the same number of elements, but got 3 and 4 "
                   "elements respectively");
  EXPECT_THROW_MSG(adgen::matmul(m23, m45), std::invalid_argument,
                   "mat1 and mat2 shapes cannot be multiplied (2x3 and 4x5)");
  EXPECT_THROW_MSG(adgen::matmul(v3, m45), std::invalid_argument,
                   "mat1 and mat2 shapes cannot be multiplied (1x3 and 4x5)");
  EXPECT_THROW_MSG(adgen::matmul(m23, v4), std::invalid_argument,
                   "size mismatch, got 2, 2x3,4");
  EXPECT_THROW_MSG(adgen::matmul(adgen::zeros<T>({2, 2, 3}), m45),
                   std::invalid_argument,
                   "mat1 and mat2 shapes cannot be multiplied (4x3 and 4x5)");
  EXPECT_THROW_MSG(adgen::matmul(adgen::zeros<T>({2, 2, 3}),
                                 adgen::zeros<T>({2, 4, 5})),
                   std::invalid_argument,
                   "Expected size for first two dimensions of batch2 tensor to "
                   "be: [2, 3] but got: [2, 4].");
  EXPECT_THROW_MSG(adgen::matmul(adgen::zeros<T>({2, 2, 3}),
                                 adgen::zeros<T>({3, 3, 5})),
                   std::invalid_argument,
                   "The size of tensor a (2) must match the size of tensor b "
                   "(3) at non-singleton dimension 0");
  EXPECT_THROW_MSG(adgen::matmul(adgen::tensor<T>(1), v3), std::invalid_argument,
                   "both arguments to matmul need to be at least 1D, but they "
                   "are 0D and 1D");
  EXPECT_THROW_MSG(adgen::mm(v3, m23), std::invalid_argument,
                   "self must be a matrix");
  EXPECT_THROW_MSG(adgen::mm(m23, v3), std::invalid_argument,
                   "mat2 must be a matrix");
}

TYPED_TEST(OpsTyped, Linear) {
  using T = TypeParam;
  auto x = adgen::tensor<T>({{1, 2}, {3, 4}, {5, 6}});  // [3, in=2]
  auto W = adgen::tensor<T>({{1, 0}, {0, 1}, {1, 1}, {2, -1}});  // [out=4, 2]
  auto b = adgen::tensor<T>({10, 20, 30, 40});
  auto y = adgen::linear(x, W);
  EXPECT_EQ(y.shape(), Shape({3, 4}));
  EXPECT_EQ(vals(y), std::vector<double>({1, 2, 3, 0, 3, 4, 7, 2, 5, 6, 11, 4}));
  EXPECT_EQ(vals(adgen::linear(x, W, b)),
            std::vector<double>({11, 22, 33, 40, 13, 24, 37, 42, 15, 26, 41, 44}));
  // 1-D input, batched input, views.
  EXPECT_EQ(vals(adgen::linear(adgen::tensor<T>({1, 1}), W, b)),
            std::vector<double>({11, 21, 32, 41}));
  auto xb = x.unsqueeze(0).expand({2, 3, 2});
  auto yb = adgen::linear(xb, W, b);
  EXPECT_EQ(yb.shape(), Shape({2, 3, 4}));
  EXPECT_EQ(vals(yb.select(0, 1)), vals(adgen::linear(x, W, b)));
  EXPECT_EQ(vals(adgen::linear(gappy(x), W.t().t(), gappy(b))),
            vals(adgen::linear(x, W, b)));
  // A dense 3-D input (the bias-first path), a transposed weight, no inputs.
  auto x3 = x.unsqueeze(0).expand({2, 3, 2}).contiguous();
  EXPECT_EQ(vals(adgen::linear(x3, W, b).select(0, 0)), vals(adgen::linear(x, W, b)));
  EXPECT_EQ(vals(adgen::linear(x, W.t().contiguous().t(), b)), vals(adgen::linear(x, W, b)));
  auto empty = adgen::linear(adgen::zeros<T>({3, 0}), adgen::zeros<T>({2, 0}),
                             adgen::tensor<T>({7, 8}));
  EXPECT_EQ(empty.shape(), Shape({3, 2}));
  EXPECT_EQ(vals(empty), std::vector<double>({7, 8, 7, 8, 7, 8}));
  EXPECT_THROW_MSG(adgen::linear(adgen::zeros<T>({3, 3}), W, b), std::invalid_argument,
                   "mat1 and mat2 shapes cannot be multiplied (3x3 and 2x4)");
  EXPECT_THROW_MSG(adgen::linear(adgen::zeros<T>({3, 3}), W), std::invalid_argument,
                   "mat1 and mat2 shapes cannot be multiplied (3x3 and 2x4)");
}

// ---- cat and stack ---------------------------------------------------------------------------

TYPED_TEST(OpsTyped, Cat) {
  using T = TypeParam;
  auto a = adgen::tensor<T>({{1, 2}, {3, 4}});
  auto b = adgen::tensor<T>({{5, 6}});
  auto c0 = adgen::cat<T>({a, b});
  EXPECT_EQ(c0.shape(), Shape({3, 2}));
  EXPECT_EQ(vals(c0), std::vector<double>({1, 2, 3, 4, 5, 6}));
  auto c1 = adgen::cat<T>({a, b.t(), a.t()}, 1);
  EXPECT_EQ(c1.shape(), Shape({2, 5}));
  EXPECT_EQ(vals(c1), std::vector<double>({1, 2, 5, 1, 3, 3, 4, 6, 2, 4}));
  EXPECT_EQ(vals(adgen::cat<T>({gappy(a), a}, -1)),
            std::vector<double>({1, 2, 1, 2, 3, 4, 3, 4}));
  EXPECT_FALSE(c0.shares_storage(a));
  // 1-D empty tensors are skipped (PyTorch 1.13's legacy rule).
  EXPECT_EQ(vals(adgen::cat<T>({adgen::zeros<T>({0}), b})),
            std::vector<double>({5, 6}));
  EXPECT_EQ(adgen::cat<T>({adgen::zeros<T>({0, 2}), b}).shape(), Shape({1, 2}));
  EXPECT_THROW_MSG(adgen::cat<T>({}), std::invalid_argument,
                   "torch.cat(): expected a non-empty list of Tensors");
  EXPECT_THROW_MSG(adgen::cat<T>({a, b}, 1), std::invalid_argument,
                   "Sizes of tensors must match except in dimension 1. Expected "
                   "size 2 but got size 1 for tensor number 1 in the list.");
  EXPECT_THROW_MSG(adgen::cat<T>({a, adgen::tensor<T>({1, 2})}),
                   std::invalid_argument,
                   "Tensors must have same number of dimensions: got 2 and 1");
  EXPECT_THROW_MSG(adgen::cat<T>({a, adgen::tensor<T>(1)}), std::invalid_argument,
                   "zero-dimensional tensor (at position 1) cannot be "
                   "concatenated");
  EXPECT_THROW(adgen::cat<T>({a, b}, 2), std::out_of_range);
}

TYPED_TEST(OpsTyped, Stack) {
  using T = TypeParam;
  auto a = adgen::tensor<T>({1, 2, 3});
  auto b = adgen::tensor<T>({4, 5, 6});
  auto s0 = adgen::stack<T>({a, b});
  EXPECT_EQ(s0.shape(), Shape({2, 3}));
  EXPECT_EQ(vals(s0), std::vector<double>({1, 2, 3, 4, 5, 6}));
  auto s1 = adgen::stack<T>({a, b}, 1);
  EXPECT_EQ(s1.shape(), Shape({3, 2}));
  EXPECT_EQ(vals(s1), std::vector<double>({1, 4, 2, 5, 3, 6}));
  EXPECT_EQ(vals(adgen::stack<T>({a, gappy(b)}, -1)), vals(s1));
  auto m = adgen::tensor<T>({{1, 2}, {3, 4}});
  auto s2 = adgen::stack<T>({m, m.t()}, 2);
  EXPECT_EQ(s2.shape(), Shape({2, 2, 2}));
  EXPECT_EQ(vals(s2), std::vector<double>({1, 1, 2, 3, 3, 2, 4, 4}));
  EXPECT_EQ(adgen::stack<T>({adgen::tensor<T>(1), adgen::tensor<T>(2)}).shape(),
            Shape({2}));
  EXPECT_THROW_MSG(adgen::stack<T>({}), std::invalid_argument,
                   "stack expects a non-empty TensorList");
  EXPECT_THROW_MSG(adgen::stack<T>({a, adgen::tensor<T>({1, 2})}),
                   std::invalid_argument,
                   "stack expects each tensor to be equal size, but got [3] at "
                   "entry 0 and [2] at entry 1");
}

// ---- Softmax family ----------------------------------------------------------------------------

TYPED_TEST(OpsTyped, Softmax) {
  using T = TypeParam;
  const double l2 = std::log(2.0);
  auto x = adgen::tensor<T>({{0, l2}, {l2, l2}});
  const double tol = std::is_same<T, float>::value ? 1e-6 : 1e-14;
  expect_near_all(vals(adgen::softmax(x, 1)), {1.0 / 3, 2.0 / 3, 0.5, 0.5}, tol);
  expect_near_all(vals(x.softmax(-1)), {1.0 / 3, 2.0 / 3, 0.5, 0.5}, tol);
  expect_near_all(vals(adgen::softmax(x, 0)), {1.0 / 3, 0.5, 2.0 / 3, 0.5}, tol);
  expect_near_all(vals(adgen::softmax(x.t(), 1)), {1.0 / 3, 2.0 / 3, 0.5, 0.5}, tol);
  expect_near_all(vals(adgen::softmax(gappy(x), 1)), {1.0 / 3, 2.0 / 3, 0.5, 0.5}, tol);
  // Large logits do not overflow (dd: their difference as stored in T);
  // -inf gets probability 0.
  const double dd = static_cast<double>(T(1000 + l2)) - 1000;
  expect_near_all(vals(adgen::softmax(adgen::tensor<T>({1000, 1000 + l2}), 0)),
                  {1 / (1 + std::exp(dd)), 1 / (1 + std::exp(-dd))}, tol);
  expect_near_all(vals(adgen::softmax(adgen::tensor<T>({-kInf, 0}), 0)), {0, 1}, tol);
  // 3-D along the middle dimension: every column sums to 1.
  auto y = adgen::randn<T>({2, 3, 4}, 9);
  auto s = adgen::softmax(y, 1);
  auto col = adgen::sum(s, 1);
  expect_near_all(vals(col), std::vector<double>(8, 1.0), 1e-5);
  expect_near_all({static_cast<double>(s.at(1, 2, 3))},
                  {std::exp(static_cast<double>(y.at(1, 2, 3))) /
                   (std::exp(static_cast<double>(y.at(1, 0, 3))) +
                    std::exp(static_cast<double>(y.at(1, 1, 3))) +
                    std::exp(static_cast<double>(y.at(1, 2, 3))))},
                  1e-5);
  EXPECT_EQ(adgen::softmax(adgen::tensor<T>(5), 0).item(), T(1));
  EXPECT_THROW(adgen::softmax(x, 2), std::out_of_range);
}

TYPED_TEST(OpsTyped, LogSoftmaxAndLogsumexp) {
  using T = TypeParam;
  const double l2 = std::log(2.0);
  auto x = adgen::tensor<T>({{0, l2}, {l2, l2}});
  const double tol = std::is_same<T, float>::value ? 1e-6 : 1e-14;
  expect_near_all(vals(adgen::log_softmax(x, 1)),
                  {std::log(1.0 / 3), std::log(2.0 / 3), -l2, -l2}, tol);
  expect_near_all(vals(x.log_softmax(0)),
                  {std::log(1.0 / 3), -l2, std::log(2.0 / 3), -l2}, tol);
  const double dd = static_cast<double>(T(1000 + l2)) - 1000;
  expect_near_all(vals(adgen::log_softmax(adgen::tensor<T>({1000, 1000 + l2}), 0)),
                  {-std::log1p(std::exp(dd)), -std::log1p(std::exp(-dd))}, tol);
  expect_near_all(vals(adgen::log_softmax(gappy(x).t(), 0)),
                  {std::log(1.0 / 3), -l2, std::log(2.0 / 3), -l2}, tol);
  // logsumexp: log(1 + 2) and log(2 + 2).
  auto l = adgen::logsumexp(x, 1);
  EXPECT_EQ(l.shape(), Shape({2}));
  expect_near_all(vals(l), {std::log(3.0), std::log(4.0)}, tol);
  EXPECT_EQ(x.logsumexp(1, true).shape(), Shape({2, 1}));
  expect_near_all(vals(x.logsumexp(0, true)), {std::log(3.0), std::log(4.0)}, tol);
  expect_near_all(vals(adgen::logsumexp(x.t(), 0)), {std::log(3.0), std::log(4.0)}, tol);
  expect_near_all(vals(adgen::logsumexp(adgen::tensor<T>({1000, 1000}), 0)),
                  {1000 + l2}, tol);
  expect_near_all(vals(adgen::logsumexp(adgen::tensor<T>({-kInf, -kInf}), 0)), {-kInf});
  expect_near_all(vals(adgen::logsumexp(adgen::tensor<T>({kInf, 1}), 0)), {kInf});
  expect_near_all(vals(adgen::logsumexp(adgen::zeros<T>({2, 0}), 1)), {-kInf, -kInf});
  EXPECT_EQ(adgen::logsumexp(adgen::tensor<T>(3), 0).item(), T(3));
}

// ---- Losses ----------------------------------------------------------------------------------------

TYPED_TEST(OpsTyped, MseLoss) {
  using T = TypeParam;
  auto a = adgen::tensor<T>({1, 2, 3});
  auto b = adgen::tensor<T>({1, 1, 1});
  auto l = adgen::mse_loss(a, b);
  EXPECT_EQ(l.shape(), Shape({}));
  EXPECT_NEAR(l.item(), 5.0 / 3, 1e-6);
  // Broadcast target; transposed input.
  auto m = adgen::tensor<T>({{1, 2}, {3, 4}});
  EXPECT_NEAR(adgen::mse_loss(m, adgen::tensor<T>({1, 2})).item(), (4 + 4) / 4.0, 1e-6);
  EXPECT_NEAR(adgen::mse_loss(m.t(), adgen::tensor<T>({{1, 3}, {2, 4}})).item(), 0.0,
              1e-12);
}

TYPED_TEST(OpsTyped, NllLossAndCrossEntropy) {
  using T = TypeParam;
  auto x = adgen::tensor<T>({{-1, -2, -3}, {-4, -5, -6}});
  EXPECT_NEAR(adgen::nll_loss(x, {0, 2}).item(), (1 + 6) / 2.0, 1e-6);
  EXPECT_EQ(adgen::nll_loss(x, {0, 2}).shape(), Shape({}));
  EXPECT_NEAR(adgen::nll_loss(x.t().t(), {1, 1}).item(), (2 + 5) / 2.0, 1e-6);
  EXPECT_NEAR(adgen::nll_loss(gappy(x), {2, 0}).item(), (3 + 4) / 2.0, 1e-6);
  // [C] input with one target; ignore_index -100 is skipped.
  EXPECT_NEAR(adgen::nll_loss(adgen::tensor<T>({-1, -2}), {1}).item(), 2.0, 1e-6);
  EXPECT_NEAR(adgen::nll_loss(x, {-100, 1}).item(), 5.0, 1e-6);
  EXPECT_THROW_MSG(adgen::nll_loss(x, {0, 3}), std::out_of_range,
                   "Target 3 is out of bounds.");
  EXPECT_THROW_MSG(adgen::nll_loss(x, {-1, 0}), std::out_of_range,
                   "Target -1 is out of bounds.");
  EXPECT_THROW_MSG(adgen::nll_loss(x, {0}), std::invalid_argument,
                   "Expected input batch_size (2) to match target batch_size (1).");
  EXPECT_THROW_MSG(adgen::nll_loss(adgen::tensor<T>(1), {0}), std::invalid_argument,
                   "input tensor should be 1D or 2D");
  // cross_entropy: uniform logits give log(C); then a hand case.
  EXPECT_NEAR(adgen::cross_entropy(adgen::zeros<T>({4, 3}), {0, 1, 2, 0}).item(),
              std::log(3.0), 1e-6);
  const double l2 = std::log(2.0);
  auto z = adgen::tensor<T>({{0, l2}, {l2, 0}});
  // Row 0 target 1: -log(2/3); row 1 target 1: -log(1/3).
  EXPECT_NEAR(adgen::cross_entropy(z, {1, 1}).item(),
              (-std::log(2.0 / 3) - std::log(1.0 / 3)) / 2, 1e-6);
  EXPECT_NEAR(adgen::cross_entropy(z.t(), {1, 1}).item(),
              (-std::log(1.0 / 3) - std::log(2.0 / 3)) / 2, 1e-6);
  EXPECT_NEAR(adgen::cross_entropy(adgen::tensor<T>({0, l2}), {0}).item(),
              -std::log(1.0 / 3), 1e-6);
  EXPECT_NEAR(adgen::cross_entropy(adgen::tensor<T>({{1000, 0}}), {1}).item(), 1000.0,
              1e-3);
  EXPECT_THROW_MSG(adgen::cross_entropy(z, {2, 0}), std::out_of_range,
                   "Target 2 is out of bounds.");
}

// ---- Autograd ----------------------------------------------------------------------------------------

TEST(TensorAutograd, NoGradGuardIsInert) {
  Tensor x = adgen::ones({2});
  x.requires_grad_();
  {
    adgen::NoGradGuard guard;
    Tensor y = x * 2;
    EXPECT_EQ(vals(y), std::vector<double>({2, 2}));
  }
  EXPECT_TRUE(x.requires_grad());
  Tensor d = x.detach();
  EXPECT_FALSE(d.requires_grad());
  EXPECT_TRUE(d.shares_storage(x));
}

}  // namespace

// ---- Fused chains (tensor_fusion.h) -----------------------------------------
// adgen::map / map_sum / map_mean take a short path when every operand is
// dense with the result's shape or holds one element; every other layout
// goes through the strided one. Both must give the broadcast result.

namespace fused {

double f3(double a, double b, double c) { return a * 2.0 - b * c; }

// Expected: f3 over the operands broadcast to `shape`, by index arithmetic.
std::vector<double> expected(const Shape& shape, const DoubleTensor& a,
                             const DoubleTensor& b, const DoubleTensor& c) {
  const DoubleTensor ea = a.expand(shape), eb = b.expand(shape), ec = c.expand(shape);
  const std::vector<double> va = vals(ea), vb = vals(eb), vc = vals(ec);
  std::vector<double> out;
  for (size_t i = 0; i < va.size(); ++i) out.push_back(f3(va[i], vb[i], vc[i]));
  return out;
}

void check(const DoubleTensor& a, const DoubleTensor& b, const DoubleTensor& c,
           const Shape& shape) {
  const DoubleTensor m = adgen::map([](double x, double y, double z) { return f3(x, y, z); }, a, b, c);
  EXPECT_EQ(m.shape(), shape);
  const std::vector<double> want = expected(shape, a, b, c);
  EXPECT_EQ(vals(m), want);
  double total = 0;
  for (double v : want) total += v;
  const DoubleTensor s = adgen::map_sum([](double x, double y, double z) { return f3(x, y, z); }, a, b, c);
  EXPECT_EQ(s.dim(), 0);
  EXPECT_NEAR(*s.data(), total, 1e-12);
  const DoubleTensor mean = adgen::map_mean([](double x, double y, double z) { return f3(x, y, z); }, a, b, c);
  if (want.empty()) {
    EXPECT_TRUE(std::isnan(*mean.data()));
  } else {
    EXPECT_NEAR(*mean.data(), total / static_cast<double>(want.size()), 1e-12);
  }
}

DoubleTensor seq(const Shape& shape, double start) {
  return adgen::arange<double>(start, start + static_cast<double>(adgen::detail::numel_of(shape))).reshape(shape);
}

}  // namespace fused

TEST(TensorFusion, MapLayouts) {
  using fused::check;
  using fused::seq;
  const DoubleTensor a = seq({2, 3}, 1), b = seq({2, 3}, 10), c = seq({2, 3}, -4);
  check(a, b, c, {2, 3});                                  // all dense, same shape
  check(a, seq({}, 5), c, {2, 3});                         // a 0-dim operand
  check(seq({1}, 7), b, seq({1, 1}, 2), {2, 3});           // one-element operands
  check(seq({1, 1, 1}, 7), b, c, {1, 2, 3});               // one element, more dims
  check(seq({}, 1), seq({1}, 2), seq({1, 1}, 3), {1, 1});  // all one element
  check(a.t().contiguous(), b.t(), c.t(), {3, 2});         // a transposed operand
  check(a, seq({3}, 0), c, {2, 3});                        // a row broadcast
  check(seq({2, 1}, 0), seq({1, 3}, 1), seq({}, 2), {2, 3});
  check(seq({0, 3}, 0), seq({}, 1), seq({0, 3}, 0), {0, 3});  // empty
}

// The fused forms that generated code calls give what the unfused
// operations give: map_and_sum's sum is sum() of its values to the bit (both
// add block by block), and accumulate_map / accumulate_map_like add into a
// gradient slot what accumulate_grad adds (in place when the slot is dense
// and of the operands' shape, through a temporary otherwise, and into an
// empty slot).
TEST(TensorFusion, FusedFormsMatchTheOperations) {
  std::vector<double> v(1000);
  for (int i = 0; i < 1000; ++i) v[i] = std::sin(0.37 * i) * 3.0;
  const adgen::DoubleTensor x({1000}, v), mu = adgen::tensor<double>({0.25});
  auto f = [](double a, double m) { return adgen::exp(-((a - m) * (a - m))); };
  adgen::DoubleTensor total, mean;
  const adgen::DoubleTensor values = adgen::map_and_sum(total, f, x, mu);
  const adgen::DoubleTensor same = adgen::map_and_mean(mean, f, x, mu);
  const adgen::DoubleTensor sum = adgen::sum(values);
  EXPECT_EQ(total.item(), sum.item());
  EXPECT_EQ(mean.item(), adgen::mean(same).item());
  EXPECT_EQ(total.dim(), 0);

  auto g = [](double a, double m) { return 2.0 * (a - m); };
  const adgen::DoubleTensor want = adgen::map(g, x, mu);
  adgen::DoubleTensor empty, dense = adgen::ones<double>({1000}), one = adgen::ones<double>({1});
  adgen::accumulate_map(empty, g, x, mu);
  adgen::accumulate_map_like(dense, x, g, x, mu);
  adgen::accumulate_map_like(one, mu, g, x, mu);
  for (int i = 0; i < 1000; ++i) {
    EXPECT_EQ(empty.data()[i], want.data()[i]);
    EXPECT_EQ(dense.data()[i], 1.0 + want.data()[i]);
  }
  EXPECT_NEAR(one.item(), 1.0 + adgen::sum(want).item(), 1e-9);
  // A slot of another shape: accumulate_grad's error.
  adgen::DoubleTensor wrong = adgen::ones<double>({3});
  EXPECT_THROW(adgen::accumulate_map_like(wrong, x, g, x, mu), std::invalid_argument);
  // A strided operand (every other element): through the temporary.
  const adgen::DoubleTensor every_other = adgen::narrow(x, 0, 0, 1000).reshape({500, 2}).select(1, 0);
  adgen::DoubleTensor slot = adgen::zeros<double>({500});
  adgen::accumulate_map(slot, g, every_other, mu);
  for (int i = 0; i < 500; ++i) EXPECT_EQ(slot.data()[i], 2.0 * (v[2 * i] - 0.25));
}
