// Unit tests for runtime/include/adgen/tensor.h, the header-only tensor.
//
// Printing is checked byte for byte against PyTorch 1.13's print(t), recorded
// in data/tensor_print_reference.txt by gen_tensor_print_reference.py.
#include "adgen/tensor.h"

#include <gtest/gtest.h>

#include "expect_throw_msg.h"

#include <cmath>
#include <cstdlib>
#include <fstream>
#include <limits>
#include <sstream>
#include <stdexcept>
#include <string>
#include <type_traits>
#include <vector>

// CMake passes the absolute path; this one works from the repository root.
#ifndef ADGEN_TEST_DATA_DIR
#define ADGEN_TEST_DATA_DIR "test/unit/data"
#endif

namespace {

using adgen::DoubleTensor;
using adgen::Shape;
using adgen::Tensor;

template <class T>
std::vector<T> values_of(const adgen::BasicTensor<T>& t) {
  return std::vector<T>(t.data(), t.data() + t.numel());
}

// ---- Tests run for both element types -------------------------------------

template <class T>
class TensorTyped : public ::testing::Test {
 protected:
  using Tn = adgen::BasicTensor<T>;
};
using ElementTypes = ::testing::Types<float, double>;
TYPED_TEST_SUITE(TensorTyped, ElementTypes);

TYPED_TEST(TensorTyped, FactoriesFillShapeAndValues) {
  using T = TypeParam;
  auto z = adgen::zeros<T>({2, 3});
  auto o = adgen::ones<T>({4});
  auto f = adgen::full<T>({3, 1}, 3);  // an int literal is converted to T
  auto s = adgen::full<T>({}, 0.5);
  static_assert(std::is_same<decltype(z), adgen::BasicTensor<T>>::value, "");
  EXPECT_EQ(z.shape(), (Shape{2, 3}));
  EXPECT_EQ(values_of(z), std::vector<T>(6, T(0)));
  EXPECT_EQ(values_of(o), std::vector<T>(4, T(1)));
  EXPECT_EQ(f.shape(), (Shape{3, 1}));
  EXPECT_EQ(values_of(f), std::vector<T>(3, T(3)));
  EXPECT_EQ(s.dim(), 0);
  EXPECT_EQ(s.numel(), 1);
  EXPECT_EQ(s.item(), T(0.5));
  for (const auto& t : {z, o, f, s}) EXPECT_FALSE(t.requires_grad());
}

TYPED_TEST(TensorTyped, LikeFactoriesKeepShapeButNotRequiresGrad) {
  using T = TypeParam;
  auto x = adgen::full<T>({2, 2}, 7).requires_grad_();
  auto z = adgen::zeros_like(x);
  auto o = adgen::ones_like(x);
  auto f = adgen::full_like(x, 2.5);
  EXPECT_EQ(z.shape(), x.shape());
  EXPECT_EQ(values_of(z), std::vector<T>(4, T(0)));
  EXPECT_EQ(values_of(o), std::vector<T>(4, T(1)));
  EXPECT_EQ(values_of(f), std::vector<T>(4, T(2.5)));
  EXPECT_FALSE(z.requires_grad());
  EXPECT_FALSE(f.requires_grad());
  EXPECT_NE(z.data(), x.data());
}

TYPED_TEST(TensorTyped, TensorFromNestedLists) {
  using T = TypeParam;
  auto t0 = adgen::tensor<T>(2.5);
  auto t1 = adgen::tensor<T>({1, 2, 3});
  auto t2 = adgen::tensor<T>({{1, 2}, {3, 4}, {5, 6}});
  auto t3 = adgen::tensor<T>({{{1, 2}}, {{3, 4}}});
  auto t4 = adgen::tensor<T>({{{{1}, {2}}, {{3}, {4}}}});
  auto column = adgen::tensor<T>({{1}, {2}});
  auto one = adgen::tensor<T>({7});
  EXPECT_EQ(t0.shape(), Shape{});
  EXPECT_EQ(t0.item(), T(2.5));
  EXPECT_EQ(t1.shape(), (Shape{3}));
  EXPECT_EQ(t2.shape(), (Shape{3, 2}));
  EXPECT_EQ(t3.shape(), (Shape{2, 1, 2}));
  EXPECT_EQ(t4.shape(), (Shape{1, 2, 2, 1}));
  EXPECT_EQ(column.shape(), (Shape{2, 1}));
  EXPECT_EQ(one.shape(), (Shape{1}));
  EXPECT_EQ(values_of(t2), (std::vector<T>{1, 2, 3, 4, 5, 6}));
  EXPECT_EQ(values_of(t3), (std::vector<T>{1, 2, 3, 4}));
  EXPECT_EQ(values_of(t4), (std::vector<T>{1, 2, 3, 4}));
}

TYPED_TEST(TensorTyped, TensorFromVariablesAndMixedLiterals) {
  using T = TypeParam;
  const double a = 0.5;
  const int b = 3;
  auto t = adgen::tensor<T>({a, static_cast<double>(b), 1.25});
  auto u = adgen::tensor<T>({b, 1});  // ints become T
  EXPECT_EQ(values_of(t), (std::vector<T>{T(0.5), T(3), T(1.25)}));
  EXPECT_EQ(values_of(u), (std::vector<T>{T(3), T(1)}));
}

TYPED_TEST(TensorTyped, RaggedListsThrow) {
  using T = TypeParam;
  EXPECT_THROW_MSG(adgen::tensor<T>({{1, 2}, {3}}), std::invalid_argument,
                   "expected sequence of length 2 at dim 1 (got 1)");
  EXPECT_THROW_MSG(adgen::tensor<T>({{1, 2}, 3}), std::invalid_argument,
                   "expected sequence of length 2 at dim 1 (got a number)");
  EXPECT_THROW_MSG(adgen::tensor<T>({1, {2, 3}}), std::invalid_argument,
                   "expected a number at dim 1 (got a list)");
  EXPECT_THROW(adgen::tensor<T>({{{1}}, {{2, 3}}}), std::invalid_argument);
}

TYPED_TEST(TensorTyped, ArithmeticWithTensors) {
  using T = TypeParam;
  auto a = adgen::tensor<T>({{1, 2}, {3, 4}}).requires_grad_();
  auto b = adgen::tensor<T>({{4, 3}, {2, 1}});
  EXPECT_EQ(values_of(a + b), (std::vector<T>{5, 5, 5, 5}));
  EXPECT_EQ(values_of(a - b), (std::vector<T>{-3, -1, 1, 3}));
  EXPECT_EQ(values_of(a * b), (std::vector<T>{4, 6, 6, 4}));
  EXPECT_EQ(values_of(b / a),
            (std::vector<T>{4, T(1.5), T(2) / T(3), T(0.25)}));
  EXPECT_EQ(values_of(-a), (std::vector<T>{-1, -2, -3, -4}));
  auto c = a * b;
  EXPECT_EQ(c.shape(), (Shape{2, 2}));
  EXPECT_FALSE(c.requires_grad());  // no autograd graph in the runtime
  EXPECT_FALSE((-a).requires_grad());
  EXPECT_EQ(values_of(a), (std::vector<T>{1, 2, 3, 4}));  // inputs untouched
}

TYPED_TEST(TensorTyped, ArithmeticWithIntAndFloatingScalars) {
  using T = TypeParam;
  auto x = adgen::tensor<T>({1, 2, 4});
  EXPECT_EQ(values_of(x + 3), (std::vector<T>{4, 5, 7}));
  EXPECT_EQ(values_of(3 + x), (std::vector<T>{4, 5, 7}));
  EXPECT_EQ(values_of(x - 1), (std::vector<T>{0, 1, 3}));
  EXPECT_EQ(values_of(1 - x), (std::vector<T>{0, -1, -3}));
  EXPECT_EQ(values_of(x * 2), (std::vector<T>{2, 4, 8}));
  EXPECT_EQ(values_of(0.5 * x), (std::vector<T>{T(0.5), 1, 2}));
  EXPECT_EQ(values_of(x / 2), (std::vector<T>{T(0.5), 1, 2}));
  EXPECT_EQ(values_of(4 / x), (std::vector<T>{4, 2, 1}));
  EXPECT_EQ(values_of(x + 0.25f), (std::vector<T>{T(1.25), T(2.25), T(4.25)}));
}

TYPED_TEST(TensorTyped, OneElementTensorsBroadcastLikeScalars) {
  using T = TypeParam;
  auto x = adgen::tensor<T>({{1, 2}, {3, 4}});
  auto s = adgen::tensor<T>(10);
  auto one = adgen::tensor<T>({2});
  EXPECT_EQ((x + s).shape(), (Shape{2, 2}));
  EXPECT_EQ(values_of(x + s), (std::vector<T>{11, 12, 13, 14}));
  EXPECT_EQ(values_of(s - x), (std::vector<T>{9, 8, 7, 6}));
  EXPECT_EQ(values_of(x * one), (std::vector<T>{2, 4, 6, 8}));
  EXPECT_EQ(values_of(one / x), (std::vector<T>{2, 1, T(2) / T(3), T(0.5)}));
  // Both one-element: the result takes the broadcast (larger) rank.
  auto r = s + adgen::ones<T>({1, 1});
  EXPECT_EQ(r.shape(), (Shape{1, 1}));
  EXPECT_EQ(r.item(), T(11));
  EXPECT_EQ((s * s).shape(), Shape{});
  // A one-element tensor of higher rank broadcasts to the broadcast shape.
  auto v = adgen::ones<T>({1, 1}) + adgen::tensor<T>({1, 2, 3});
  EXPECT_EQ(v.shape(), (Shape{1, 3}));
}

TYPED_TEST(TensorTyped, ShapeMismatchUsesPyTorchMessage) {
  using T = TypeParam;
  auto a = adgen::zeros<T>({2, 2});
  auto b = adgen::zeros<T>({2, 3});
  EXPECT_THROW_MSG(a + b, std::invalid_argument,
                   "The size of tensor a (2) must match the size of tensor b "
                   "(3) at non-singleton dimension 1");
  EXPECT_THROW_MSG(adgen::zeros<T>({3}) * adgen::zeros<T>({2}),
                   std::invalid_argument,
                   "The size of tensor a (3) must match the size of tensor b "
                   "(2) at non-singleton dimension 0");
  EXPECT_THROW_MSG(adgen::zeros<T>({4, 3}) - adgen::zeros<T>({2, 3}),
                   std::invalid_argument,
                   "The size of tensor a (4) must match the size of tensor b "
                   "(2) at non-singleton dimension 0");
  // Broadcastable: full broadcasting (tensor_ops_test.cpp has the values).
  EXPECT_EQ((adgen::zeros<T>({3}) / adgen::ones<T>({2, 3})).shape(),
            adgen::Shape({2, 3}));
  EXPECT_EQ((adgen::zeros<T>({2, 1}) + adgen::zeros<T>({2, 3})).shape(),
            adgen::Shape({2, 3}));
}

TYPED_TEST(TensorTyped, CompoundAssignmentIsInPlace) {
  using T = TypeParam;
  auto x = adgen::tensor<T>({1, 2, 3});
  auto alias = x;
  T* storage = x.data();
  x += adgen::tensor<T>({1, 1, 1});
  x *= 2;
  x -= adgen::tensor<T>(1);  // one element: like a scalar
  x /= 0.5;
  EXPECT_EQ(x.data(), storage);
  EXPECT_EQ(values_of(alias), (std::vector<T>{6, 10, 14}));
  x -= 4;
  x *= adgen::tensor<T>({1, 0, 2});
  x /= adgen::tensor<T>({2});
  EXPECT_EQ(values_of(alias), (std::vector<T>{1, 0, 10}));
}

TYPED_TEST(TensorTyped, CompoundAssignmentKeepsOwnShape) {
  using T = TypeParam;
  auto s = adgen::tensor<T>(1);
  EXPECT_THROW_MSG(
      s += adgen::tensor<T>({1, 2}), std::invalid_argument,
      "output with shape [] doesn't match the broadcast shape [2]");
  EXPECT_THROW_MSG(adgen::zeros<T>({2}) += adgen::zeros<T>({3}),
                   std::invalid_argument,
                   "The size of tensor a (2) must match the size of tensor b "
                   "(3) at non-singleton dimension 0");
  EXPECT_THROW_MSG(
      adgen::zeros<T>({3}) /= adgen::tensor<T>({{2}}), std::invalid_argument,
      "output with shape [3] doesn't match the broadcast shape [1, 3]");
  EXPECT_EQ(s.item(), T(1));
}

TYPED_TEST(TensorTyped, SumAndMean) {
  using T = TypeParam;
  auto x = adgen::tensor<T>({{1, 2}, {3, 4}});
  EXPECT_EQ(x.sum().shape(), Shape{});
  EXPECT_EQ(x.sum().item(), T(10));
  EXPECT_EQ(x.mean().shape(), Shape{});
  EXPECT_EQ(x.mean().item(), T(2.5));
  EXPECT_EQ(adgen::sum(x).item(), T(10));
  EXPECT_EQ(adgen::mean(x).item(), T(2.5));
  EXPECT_EQ(adgen::sum(adgen::zeros<T>({0})).item(), T(0));
  EXPECT_TRUE(std::isnan(adgen::mean(adgen::zeros<T>({0, 2})).item()));
  EXPECT_FALSE(x.requires_grad_().sum().requires_grad());
}

TYPED_TEST(TensorTyped, AccumulateGradCopiesThenAdds) {
  using T = TypeParam;
  typename TestFixture::Tn slot;
  auto g = adgen::tensor<T>({1, 2});
  adgen::accumulate_grad(slot, g);
  ASSERT_TRUE(slot.defined());
  EXPECT_NE(slot.data(), g.data());  // never aliases g
  EXPECT_FALSE(slot.requires_grad());
  g.at(0) = 100;  // the caller may reuse g
  EXPECT_EQ(values_of(slot), (std::vector<T>{1, 2}));
  adgen::accumulate_grad(slot, adgen::tensor<T>({10, 20}));
  adgen::accumulate_grad(slot, adgen::tensor<T>({0.5, 0.25}));
  EXPECT_EQ(values_of(slot), (std::vector<T>{T(11.5), T(22.25)}));
  adgen::accumulate_grad(slot, typename TestFixture::Tn());  // no-op
  EXPECT_EQ(values_of(slot), (std::vector<T>{T(11.5), T(22.25)}));
  EXPECT_THROW(adgen::accumulate_grad(slot, adgen::tensor<T>({1, 2, 3})),
               std::invalid_argument);
  EXPECT_THROW(adgen::accumulate_grad(slot, adgen::tensor<T>(1)),
               std::invalid_argument);
}

TYPED_TEST(TensorTyped, GradSlotAndGradAccumulation) {
  using T = TypeParam;
  auto w = adgen::tensor<T>({1, 2}).requires_grad_();
  auto c = adgen::tensor<T>({3, 4});
  EXPECT_EQ(adgen::grad_slot(c), nullptr);
  EXPECT_EQ(adgen::grad_slot(w), &w.mutable_grad());
  typename TestFixture::Tn undefined;
  EXPECT_EQ(adgen::grad_slot(undefined), nullptr);
  auto g = adgen::tensor<T>({0.5, 0.5});
  for (int step = 0; step < 2; ++step) {
    if (auto* slot = adgen::grad_slot(w)) adgen::accumulate_grad(*slot, g);
  }
  EXPECT_EQ(values_of(w.grad()), (std::vector<T>{1, 1}));
  auto alias = w;  // a copied handle sees the same .grad
  EXPECT_EQ(alias.grad().data(), w.grad().data());
  w.zero_grad();
  EXPECT_FALSE(alias.grad().defined());
}

TYPED_TEST(TensorTyped, ImplicitSeed) {
  using T = TypeParam;
  auto seed = adgen::implicit_seed(adgen::tensor<T>(3));
  EXPECT_EQ(seed.shape(), Shape{});
  EXPECT_EQ(seed.item(), T(1));
  EXPECT_EQ(adgen::implicit_seed(adgen::tensor<T>({{5}})).shape(),
            (Shape{1, 1}));
  EXPECT_THROW_MSG(adgen::implicit_seed(adgen::zeros<T>({2, 2})),
                   std::runtime_error,
                   "grad can be implicitly created only for scalar outputs");
  EXPECT_THROW(adgen::implicit_seed(adgen::zeros<T>({0})), std::runtime_error);
}

TYPED_TEST(TensorTyped, CheckSeed) {
  using T = TypeParam;
  EXPECT_NO_THROW(
      adgen::check_seed(adgen::ones<T>({2, 2}), adgen::zeros<T>({2, 2})));
  EXPECT_THROW_MSG(
      adgen::check_seed(adgen::ones<T>({2}), adgen::zeros<T>({2, 2})),
      std::runtime_error,
      "Mismatch in shape: grad_output[0] has a shape of "
      "torch.Size([2]) and output[0] has a shape of "
      "torch.Size([2, 2]).");
  EXPECT_THROW_MSG(adgen::check_seed(adgen::ones<T>({1}), adgen::zeros<T>({})),
                   std::runtime_error,
                   "Mismatch in shape: grad_output[0] has a shape of "
                   "torch.Size([1]) and output[0] has a shape of "
                   "torch.Size([]).");
}

TYPED_TEST(TensorTyped, ExpandAsAndMeanBackward) {
  using T = TypeParam;
  auto like = adgen::zeros<T>({2, 3});
  auto e = adgen::expand_as(adgen::tensor<T>(1.5), like);
  EXPECT_EQ(e.shape(), (Shape{2, 3}));
  EXPECT_EQ(values_of(e), std::vector<T>(6, T(1.5)));
  EXPECT_EQ(values_of(adgen::expand_as(adgen::tensor<T>({2}), like)),
            std::vector<T>(6, T(2)));
  EXPECT_THROW(adgen::expand_as(adgen::tensor<T>({1, 2}), like),
               std::invalid_argument);
  auto m = adgen::mean_backward(adgen::tensor<T>(1), adgen::zeros<T>({2, 2}));
  EXPECT_EQ(m.shape(), (Shape{2, 2}));
  EXPECT_EQ(values_of(m), std::vector<T>(4, T(0.25)));
  auto m3 = adgen::mean_backward(adgen::tensor<T>(2), adgen::zeros<T>({3}));
  EXPECT_EQ(values_of(m3), std::vector<T>(3, T(2) / T(3)));
}

TYPED_TEST(TensorTyped, SumToScalar) {
  using T = TypeParam;
  EXPECT_EQ(adgen::sum_to_scalar(adgen::tensor<T>({{1, 2}, {3, 4.5}})),
            T(10.5));
  EXPECT_EQ(adgen::sum_to_scalar(adgen::tensor<T>(-2)), T(-2));
  EXPECT_EQ(adgen::sum_to_scalar(adgen::zeros<T>({0})), T(0));
  static_assert(
      std::is_same<decltype(adgen::sum_to_scalar(adgen::zeros<T>({1}))),
                   T>::value,
      "");
}

// ---- Float-specific and handle tests --------------------------------------

TEST(Tensor, DefaultElementTypeIsFloat32) {
  static_assert(std::is_same<decltype(adgen::zeros({2})), Tensor>::value, "");
  static_assert(std::is_same<decltype(adgen::full({2}, 3)), Tensor>::value, "");
  static_assert(std::is_same<decltype(adgen::tensor({1, 2})), Tensor>::value,
                "");
  static_assert(std::is_same<decltype(adgen::tensor(1)), Tensor>::value, "");
  static_assert(
      std::is_same<decltype(adgen::ones<double>({2})), DoubleTensor>::value,
      "");
  static_assert(std::is_same<Tensor::value_type, float>::value, "");
  EXPECT_EQ(adgen::tensor(0.1).item(), 0.1f);
}

TEST(Tensor, ConstructorFromShapeAndData) {
  Tensor t({2, 2}, {1, 2, 3, 4});
  EXPECT_EQ(t.shape(), (Shape{2, 2}));
  EXPECT_EQ(t.at(1, 0), 3.0f);
  EXPECT_THROW_MSG(Tensor({2, 2}, {1, 2, 3}), std::invalid_argument,
                   "shape [2, 2] needs 4 values, got 3");
  EXPECT_THROW_MSG(
      adgen::zeros({-1, 2}), std::invalid_argument,
      "Trying to create tensor with negative dimension -1: [-1, 2]");
}

TEST(Tensor, ShapeQueries) {
  auto t = adgen::zeros({2, 3, 4});
  EXPECT_EQ(t.dim(), 3);
  EXPECT_EQ(t.numel(), 24);
  EXPECT_EQ(t.size(0), 2);
  EXPECT_EQ(t.size(2), 4);
  EXPECT_EQ(t.size(-1), 4);
  EXPECT_EQ(t.size(-3), 2);
  EXPECT_THROW_MSG(
      t.size(3), std::out_of_range,
      "Dimension out of range (expected to be in range of [-3, 2], "
      "but got 3)");
  EXPECT_THROW(t.size(-4), std::out_of_range);
  EXPECT_THROW_MSG(adgen::tensor(1).size(0), std::out_of_range,
                   "dimension specified as 0 but tensor has no dimensions");
  EXPECT_EQ(adgen::tensor(1).numel(), 1);
  EXPECT_EQ(adgen::tensor(1).dim(), 0);
  EXPECT_EQ(adgen::zeros({2, 0}).numel(), 0);
  EXPECT_EQ(adgen::tensor({}).shape(), (Shape{0}));
}

TEST(Tensor, ElementAccess) {
  auto t = adgen::tensor({{1, 2, 3}, {4, 5, 6}});
  EXPECT_EQ(t.at(0, 2), 3.0f);
  EXPECT_EQ(t.at({1, 0}), 4.0f);
  EXPECT_EQ(t.at(-1, -1), 6.0f);
  t.at(1, 1) = 50;
  EXPECT_EQ(t.data()[4], 50.0f);
  const Tensor& c = t;
  EXPECT_EQ(c.at(1, 1), 50.0f);
  EXPECT_EQ(adgen::tensor(7).at(), 7.0f);
  EXPECT_THROW_MSG(t.at(2, 0), std::out_of_range,
                   "index 2 is out of bounds for dimension 0 with size 2");
  EXPECT_THROW(t.at(0, -4), std::out_of_range);
  EXPECT_THROW(t.at(0), std::out_of_range);
}

TEST(Tensor, ItemNeedsExactlyOneElement) {
  EXPECT_EQ(adgen::tensor(2.5).item(), 2.5f);
  EXPECT_EQ(adgen::tensor({{4}}).item(), 4.0f);
  EXPECT_THROW_MSG(adgen::zeros({2, 2}).item(), std::runtime_error,
                   "a Tensor with 4 elements cannot be converted to Scalar");
  EXPECT_THROW_MSG(adgen::zeros({0}).item(), std::runtime_error,
                   "a Tensor with 0 elements cannot be converted to Scalar");
}

TEST(Tensor, UndefinedTensor) {
  Tensor t;
  EXPECT_FALSE(t.defined());
  EXPECT_FALSE(t.requires_grad());
  EXPECT_EQ(adgen::to_string(t), "None");
  std::ostringstream os;
  os << t;
  EXPECT_EQ(os.str(), "None");
  EXPECT_THROW(t.dim(), std::runtime_error);
  EXPECT_THROW(t.requires_grad_(), std::runtime_error);
  EXPECT_FALSE(t.clone().defined());
  EXPECT_FALSE(t.detach().defined());
  EXPECT_TRUE(adgen::zeros({}).defined());
}

TEST(Tensor, CopyingSharesTheTensor) {
  auto x = adgen::tensor({1, 2, 3});
  Tensor y = x;  // like `y = x` in Python
  y.at(0) = 10;
  EXPECT_EQ(x.at(0), 10.0f);
  EXPECT_EQ(y.data(), x.data());
  y.requires_grad_();
  EXPECT_TRUE(x.requires_grad());
  y.mutable_grad() = adgen::ones({3});
  EXPECT_TRUE(x.grad().defined());
  // Assigning a new tensor to a handle rebinds it, like Python assignment.
  y = adgen::zeros({3});
  EXPECT_EQ(x.at(0), 10.0f);
}

TEST(Tensor, CloneCopiesData) {
  auto x = adgen::tensor({1, 2, 3}).requires_grad_();
  adgen::accumulate_grad(x.mutable_grad(), adgen::ones({3}));
  auto c = x.clone();
  EXPECT_NE(c.data(), x.data());
  EXPECT_EQ(values_of(c), values_of(x));
  EXPECT_FALSE(c.requires_grad());
  EXPECT_FALSE(c.grad().defined());
  c.at(0) = 5;
  EXPECT_EQ(x.at(0), 1.0f);
}

TEST(Tensor, DetachSharesStorageOnly) {
  auto x = adgen::tensor({1, 2}).requires_grad_();
  auto d = x.detach();
  EXPECT_FALSE(d.requires_grad());
  EXPECT_TRUE(x.requires_grad());
  EXPECT_EQ(d.data(), x.data());
  d.at(1) = 20;
  EXPECT_EQ(x.at(1), 20.0f);
  d.mutable_grad() = adgen::ones({2});
  EXPECT_FALSE(x.grad().defined());  // its own grad slot
}

TEST(Tensor, RequiresGradSetter) {
  auto x = adgen::zeros({2});
  EXPECT_FALSE(x.requires_grad());
  Tensor& same = x.requires_grad_();
  EXPECT_EQ(&same, &x);
  EXPECT_TRUE(x.requires_grad());
  x.requires_grad_(false);
  EXPECT_FALSE(x.requires_grad());
  EXPECT_FALSE(x.grad().defined());
  x.mutable_grad() = adgen::ones({2});
  EXPECT_TRUE(x.grad().defined());
  x.zero_grad();
  EXPECT_FALSE(x.grad().defined());
}

TEST(Tensor, FloatSumAccumulatesInDouble) {
  // float arithmetic would drop each 1 next to 2^24.
  auto x = adgen::tensor({16777216.0f, 1.0f, 1.0f});
  EXPECT_EQ(x.sum().item(), 16777218.0f);
  EXPECT_EQ(adgen::sum_to_scalar(x), 16777218.0f);
  EXPECT_FLOAT_EQ(adgen::tensor({0.1f, 0.2f, 0.3f}).mean().item(), 0.2f);
}

// ---- Printing ---------------------------------------------------------------

TEST(TensorPrint, ExamplesFromTheBrief) {
  EXPECT_EQ(adgen::to_string(adgen::ones({2, 2}).requires_grad_()),
            "tensor([[1., 1.],\n"
            "        [1., 1.]], requires_grad=True)");
  EXPECT_EQ(adgen::to_string(adgen::full({2, 2}, 0.25)),
            "tensor([[0.2500, 0.2500],\n"
            "        [0.2500, 0.2500]])");
  EXPECT_EQ(adgen::to_string(adgen::ones({2, 2}) * 6),
            "tensor([[6., 6.],\n"
            "        [6., 6.]])");
  EXPECT_EQ(adgen::to_string(adgen::tensor({{0.1, 1.0}, {1e-4, 0.5}})),
            "tensor([[1.0000e-01, 1.0000e+00],\n"
            "        [1.0000e-04, 5.0000e-01]])");
}

TEST(TensorPrint, StreamMatchesToString) {
  auto t = adgen::tensor<double>({0.5, -1}).requires_grad_();
  std::ostringstream os;
  os << t;
  EXPECT_EQ(os.str(), adgen::to_string(t));
  EXPECT_EQ(
      os.str(),
      "tensor([ 0.5000, -1.0000], dtype=torch.float64, requires_grad=True)");
  std::ostringstream grad;
  grad << t.grad();
  EXPECT_EQ(grad.str(), "None");
}

TEST(TensorPrint, SmallCases) {
  EXPECT_EQ(adgen::to_string(adgen::tensor(0.25)), "tensor(0.2500)");
  EXPECT_EQ(adgen::to_string(adgen::tensor({})), "tensor([])");
  EXPECT_EQ(adgen::to_string(adgen::zeros<double>({})),
            "tensor(0., dtype=torch.float64)");
  EXPECT_EQ(adgen::to_string(adgen::tensor(
                {std::nan(""), -std::numeric_limits<double>::infinity(), 2})),
            "tensor([nan, -inf, 2.])");
  EXPECT_EQ(adgen::to_string(-adgen::tensor({std::nan("")})), "tensor([nan])");
}

// One case of data/tensor_print_reference.txt.
struct PrintCase {
  std::string name;
  std::string dtype;
  bool requires_grad = false;
  Shape shape;
  std::vector<double> values;
  std::string expected;
};

// gtest names a failing case by this instead of dumping its bytes.
void PrintTo(const PrintCase& c, std::ostream* os) { *os << c.name; }

std::vector<PrintCase> LoadPrintCases() {
  std::ifstream in(ADGEN_TEST_DATA_DIR "/tensor_print_reference.txt");
  std::vector<PrintCase> cases;
  std::string line;
  const std::string marker = "### case ";
  bool in_expected = false;
  while (std::getline(in, line)) {
    if (line.compare(0, marker.size(), marker) == 0) {
      cases.emplace_back();
      cases.back().name = line.substr(marker.size());
      in_expected = false;
      continue;
    }
    if (cases.empty()) continue;
    PrintCase& c = cases.back();
    if (in_expected) {
      c.expected += (c.expected.empty() ? "" : "\n") + line;
      continue;
    }
    std::istringstream fields(line);
    std::string key;
    fields >> key;
    if (key == "dtype") {
      fields >> c.dtype;
    } else if (key == "requires_grad") {
      int on = 0;
      fields >> on;
      c.requires_grad = on != 0;
    } else if (key == "shape") {
      for (int64_t d; fields >> d;) c.shape.push_back(d);
    } else if (key == "values") {
      // strtod, not >>, because the file has nan, inf and -inf.
      for (std::string v; fields >> v;)
        c.values.push_back(std::strtod(v.c_str(), nullptr));
    } else if (key == "expected") {
      in_expected = true;
    }
  }
  return cases;
}

const std::vector<PrintCase>& PrintCases() {
  static const std::vector<PrintCase> cases = LoadPrintCases();
  return cases;
}

template <class T>
std::string PrintAs(const PrintCase& c) {
  std::vector<T> data;
  for (double v : c.values) data.push_back(static_cast<T>(v));
  adgen::BasicTensor<T> t(c.shape, data);
  t.requires_grad_(c.requires_grad);
  return adgen::to_string(t);
}

class TensorPrintReference : public ::testing::TestWithParam<PrintCase> {};

TEST_P(TensorPrintReference, MatchesPyTorch) {
  const PrintCase& c = GetParam();
  ASSERT_TRUE(c.dtype == "float32" || c.dtype == "float64") << c.dtype;
  const std::string got =
      c.dtype == "float32" ? PrintAs<float>(c) : PrintAs<double>(c);
  EXPECT_EQ(got, c.expected);
}

INSTANTIATE_TEST_SUITE_P(PyTorch113, TensorPrintReference,
                         ::testing::ValuesIn(PrintCases()),
                         [](const ::testing::TestParamInfo<PrintCase>& info) {
                           return info.param.name;
                         });

TEST(TensorPrint, ReferenceFileIsComplete) {
  ASSERT_GE(PrintCases().size(), 50u)
      << "cannot read " ADGEN_TEST_DATA_DIR "/tensor_print_reference.txt";
  for (const PrintCase& c : PrintCases()) {
    int64_t numel = 1;
    for (int64_t d : c.shape) numel *= d;
    EXPECT_EQ(static_cast<int64_t>(c.values.size()), numel) << c.name;
    EXPECT_EQ(c.expected.compare(0, 7, "tensor("), 0) << c.name;
  }
}

}  // namespace
