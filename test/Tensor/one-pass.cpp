// f_grad of sum(chain) or mean(chain) whose gradients are chains of the
// forward's values and operands: the sum and every gradient in one pass
// (adgen::map_sum_and_accumulate / map_mean_and_accumulate), nothing of the
// map stored. Each layout the runtime takes: operands of the whole shape or
// of one element (one dense pass), broadcast along a dimension (expanded
// first), a gradient summed to one element or back to a broadcast shape,
// an empty tensor; and functions that must keep their separate passes.
//
// RUN: rm -rf %t && mkdir -p %t
// RUN: %adgen %s -o %t/one-pass.grad.h -- -std=c++17
// RUN: FileCheck %s < %t/one-pass.grad.h
// RUN: %cxx -I%t %s -o %t/gcc && %t/gcc | FileCheck %s --check-prefix=EXEC
// RUN: %clangxx -I%t %s -o %t/clang && %t/clang | FileCheck %s --check-prefix=EXEC

#include <adgen/adgen.h>
#include <adgen/tensor.h>

#define FUNCTIONS(TT, T, MARK)                                                  \
  /* The map is not kept: the gradients read the operands only. */            \
  MARK TT squared_distance(const TT &x, const TT &y) {                          \
    TT d = x - y;                                                               \
    return (d * d).sum();                                                       \
  }                                                                             \
  MARK TT mean_squared(const TT &x, const TT &y) {                              \
    TT d = x - y;                                                               \
    return (d * d).mean();                                                      \
  }                                                                             \
  /* The map is kept: its values are the gradient's. */                       \
  MARK TT exp_sum(const TT &x, const TT &w) { return adgen::exp(x * w).sum(); } \
  /* Not in one pass: w's gradient goes through a matrix product. */         \
  MARK TT tanh_mean(const TT &x, const TT &w) {                                 \
    return adgen::tanh(adgen::matmul(x, w)).mean();                             \
  }                                                                             \
  /* Not in one pass: the result is not the sum itself. */                   \
  MARK TT scaled_sum(const TT &x) { return adgen::exp(x).sum() * 2; }

FUNCTIONS(adgen::Tensor, float, ADGEN_DIFFERENTIABLE)
FUNCTIONS(adgen::DoubleTensor, double, ADGEN_DIFFERENTIABLE)

// CHECK-LABEL: inline adgen::Tensor squared_distance_grad(
// CHECK-NEXT:    const float t0 = 1.0f; // d out / d out
// CHECK-NEXT:    adgen::Tensor out;
// CHECK-NEXT:    adgen::map_sum_and_accumulate(out, {{[{][{]}}d_x, x}, {d_y, y{{[}][}]}}, [&](float x, float y, float& d_x, float& d_y) {
// CHECK-NEXT:      d_x = {{.*}}(x - y){{.*}};
// CHECK-NEXT:      d_y = {{.*}}(x - y){{.*}};
// CHECK-NEXT:      return (x - y) * (x - y);
// CHECK-NEXT:    }, x, y);
// CHECK-NEXT:    return out;

// CHECK-LABEL: inline adgen::Tensor mean_squared_grad(
// CHECK:         const float [[N:t[0-9]+]] = static_cast<float>(adgen::numel(d));
// CHECK-NEXT:    adgen::Tensor out;
// CHECK-NEXT:    adgen::map_mean_and_accumulate(out, {{[{][{]}}d_x, x}, {d_y, y{{[}][}]}}, [&](float d, float& d_x, float& d_y) {
// CHECK-NEXT:      d_x = {{.*}}[[N]]{{.*}};

// CHECK-LABEL: inline adgen::Tensor exp_sum_grad(
// CHECK:         adgen::map_sum_and_accumulate(out, {{[{][{]}}d_x, x}, {d_w, w{{[}][}]}}, [&](float x, float w, float& d_x, float& d_w) {
// CHECK-NEXT:      const float [[E:t[0-9]+]] = adgen::exp(x * w);
// CHECK-NEXT:      d_x = {{.*}}[[E]]{{.*}};
// CHECK-NEXT:      d_w = {{.*}}[[E]]{{.*}};
// CHECK-NEXT:      return [[E]];

// CHECK-LABEL: inline adgen::Tensor tanh_mean_grad(
// CHECK-NOT:     _and_accumulate
// CHECK:         return out;
// CHECK-LABEL: inline adgen::Tensor scaled_sum_grad(
// CHECK-NOT:     _and_accumulate
// CHECK:         return out;

// f_vjp checks the caller's seed before it uses it: never one pass.
// CHECK-LABEL: inline void squared_distance_vjp(
// CHECK-NOT:     _and_accumulate
// CHECK:         adgen::check_seed(d_ret, out);

#ifndef ADGEN_TOOL
#include "one-pass.grad.h"

#include <tensor_oracle.h>

#include <cmath>

using oracle::check_grad;
using oracle::randn;

int main() {
  // One dense pass: operands of the same shape; more than one block of
  // 256 elements.
  check_grad("squared_distance", "x y", ORACLE_PRIMAL(squared_distance), ORACLE_GRAD(squared_distance),
             randn({3, 200}, 1), randn({3, 200}, 2));
  // y of one element, read at every index: its gradient is one total.
  check_grad("squared_distance(y scalar)", "x y", ORACLE_PRIMAL(squared_distance),
             ORACLE_GRAD(squared_distance), randn({700}, 3), randn({1}, 4));
  // y broadcast along a dimension: the operands expanded first, y's
  // gradient summed back to [1, 5].
  check_grad("squared_distance(y row)", "x y", ORACLE_PRIMAL(squared_distance),
             ORACLE_GRAD(squared_distance), randn({4, 5}, 5), randn({1, 5}, 6));
  // x broadcast instead: x's gradient summed back to [4, 1].
  check_grad("mean_squared(x column)", "x y", ORACLE_PRIMAL(mean_squared), ORACLE_GRAD(mean_squared),
             randn({4, 1}, 7), randn({4, 6}, 8));
  check_grad("mean_squared", "x y", ORACLE_PRIMAL(mean_squared), ORACLE_GRAD(mean_squared),
             randn({300}, 9), randn({300}, 10));
  check_grad("exp_sum", "x w", ORACLE_PRIMAL(exp_sum), ORACLE_GRAD(exp_sum), randn({2, 300}, 11),
             randn({2, 300}, 12) * 0.5);
  check_grad("exp_sum(w scalar)", "x w", ORACLE_PRIMAL(exp_sum), ORACLE_GRAD(exp_sum), randn({5}, 13),
             randn({}, 14));
  check_grad("tanh_mean", "x w", ORACLE_PRIMAL(tanh_mean), ORACLE_GRAD(tanh_mean), randn({3, 4}, 15),
             randn({4, 2}, 16));
  check_grad("scaled_sum", "x", ORACLE_PRIMAL(scaled_sum), ORACLE_GRAD(scaled_sum), randn({6}, 17));

  // An empty tensor: the sum is 0 and the gradient empty; the mean is nan,
  // as PyTorch's.
  adgen::DoubleTensor e = adgen::zeros<double>({0, 3}), f = adgen::zeros<double>({0, 3}), d_e, d_f;
  adgen::DoubleTensor total = squared_distance_grad(e, f, &d_e, &d_f);
  std::printf("empty: sum %g, d_x %s, d_y %s\n", total.item(), adgen::to_string(d_e).c_str(),
              adgen::to_string(d_f).c_str());
  adgen::DoubleTensor d_m;
  std::printf("empty: mean is nan: %s\n", std::isnan(mean_squared_grad(e, f, &d_m, nullptr).item()) ? "yes" : "no");

  // A slot holding a gradient of another shape: the same error as
  // accumulate_grad's, and the slot unchanged.
  adgen::DoubleTensor x = randn({3}, 18), y = randn({3}, 19), wrong = adgen::ones<double>({2});
  try {
    squared_distance_grad(x, y, &wrong, nullptr);
    std::printf("wrong slot: no error\n");
  } catch (const std::invalid_argument &error) {
    std::printf("wrong slot: %s; slot %s\n", error.what(), adgen::to_string(wrong).c_str());
  }
}
#endif

// EXEC: squared_distance: value: ok
// EXEC-NEXT: squared_distance d/dx: ok
// EXEC-NEXT: squared_distance d/dy: ok
// EXEC: squared_distance(y scalar): value: ok
// EXEC-NEXT: squared_distance(y scalar) d/dx: ok
// EXEC-NEXT: squared_distance(y scalar) d/dy: ok
// EXEC: squared_distance(y row): value: ok
// EXEC-NEXT: squared_distance(y row) d/dx: ok
// EXEC-NEXT: squared_distance(y row) d/dy: ok
// EXEC: mean_squared(x column): value: ok
// EXEC-NEXT: mean_squared(x column) d/dx: ok
// EXEC-NEXT: mean_squared(x column) d/dy: ok
// EXEC: mean_squared: value: ok
// EXEC: exp_sum: value: ok
// EXEC-NEXT: exp_sum d/dx: ok
// EXEC-NEXT: exp_sum d/dw: ok
// EXEC: exp_sum(w scalar): value: ok
// EXEC-NEXT: exp_sum(w scalar) d/dx: ok
// EXEC-NEXT: exp_sum(w scalar) d/dw: ok
// EXEC: tanh_mean: value: ok
// EXEC: scaled_sum: value: ok
// EXEC-NEXT: scaled_sum d/dx: ok
// EXEC: empty: sum 0, d_x tensor([], size=(0, 3), dtype=torch.float64), d_y tensor([], size=(0, 3), dtype=torch.float64)
// EXEC-NEXT: empty: mean is nan: yes
// EXEC-NEXT: wrong slot: accumulate_grad: gradient of shape torch.Size([3]) does not match the existing grad of shape torch.Size([2]); slot tensor([1., 1.], dtype=torch.float64)
// EXEC-NOT: MISMATCH
