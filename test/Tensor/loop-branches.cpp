// Tensor operations in branches inside loops, and loops inside branches:
// a layer chosen per iteration, an update made on some iterations only
// (from a flag array), a loop inside an if, break, continue, an early
// return from a loop, a ?: of tensors, a while loop with nested ifs and a
// condition that changes a variable, a carried tensor whose shape changes
// on one path, and the VJP of a non-scalar result. The reverse runs, in
// each iteration, the path that ran forward; what a path contributes to a
// tensor's adjoint is summed there and carried out by one variable per
// tensor and if. A weight used on one path only is accumulated on that
// path only (no zero tensor is made and added on the other). Gradients
// against central differences of the double primal, float against double
// (test/support/tensor_oracle.h), over inputs that take every path.
//
// RUN: rm -rf %t && mkdir -p %t
// RUN: %adgen %s -o %t/loop-branches.grad.h -- -std=c++17
// RUN: FileCheck %s < %t/loop-branches.grad.h
// RUN: %cxx -I%t %s -o %t/gcc && %t/gcc | FileCheck %s --check-prefix=EXEC
// RUN: %clangxx -I%t %s -o %t/clang && %t/clang | FileCheck %s --check-prefix=EXEC

#include <adgen/adgen.h>
#include <adgen/tensor.h>

#define FUNCTIONS(TT, T, MARK)                                                  \
  /* A different layer on even and odd iterations. */                          \
  MARK TT alternate(const TT &x, const TT &W, int layers) {                     \
    TT h = x;                                                                   \
    for (int l = 0; l < layers; ++l) {                                          \
      if (l % 2 == 0)                                                           \
        h = adgen::tanh(adgen::matmul(h, W));                                   \
      else                                                                      \
        h = adgen::relu(h) * 2.0;                                               \
    }                                                                           \
    return h.sum();                                                             \
  }                                                                             \
  /* A broadcast bias [D] applied where a flag says so. */                      \
  MARK TT gated(const TT &x, const TT &b, const int *use, int n) {              \
    TT h = x;                                                                   \
    for (int i = 0; i < n; ++i)                                                 \
      if (use[i])                                                               \
        h = adgen::sigmoid(h + b);                                              \
    return (h * h).sum();                                                       \
  }                                                                             \
  /* A loop inside a branch; the scalar s is differentiated too. */             \
  MARK TT deep_or_shallow(const TT &x, const TT &W, T s, int layers) {          \
    TT h = x;                                                                   \
    if (s > 0) {                                                                \
      for (int l = 0; l < layers; ++l)                                          \
        h = adgen::tanh(adgen::matmul(h, W) * s);                               \
    } else {                                                                    \
      h = h * W.sum();                                                          \
    }                                                                           \
    return (h * h).mean();                                                      \
  }                                                                             \
  /* break and continue. */                                                     \
  MARK TT until(const TT &x, const TT &W, const int *skip, int stop) {          \
    TT h = x;                                                                   \
    for (int l = 0; l < 6; ++l) {                                               \
      if (l >= stop)                                                            \
        break;                                                                  \
      if (skip[l])                                                              \
        continue;                                                               \
      h = adgen::tanh(adgen::matmul(h, W));                                     \
    }                                                                           \
    return h.pow(2).sum();                                                      \
  }                                                                             \
  /* A return from inside the loop. */                                          \
  MARK TT early(const TT &x, const TT &W, int k) {                              \
    TT h = x;                                                                   \
    for (int l = 0; l < 4; ++l) {                                               \
      h = adgen::sigmoid(adgen::matmul(h, W));                                  \
      if (l == k)                                                               \
        return (h * x).sum();                                                   \
    }                                                                           \
    return (h * h).sum();                                                       \
  }                                                                             \
  /* ?: of tensors; W on both paths. */                                         \
  MARK TT pick(const TT &x, const TT &W, int n) {                               \
    TT h = x;                                                                   \
    for (int l = 0; l < n; ++l)                                                 \
      h = l % 3 == 0 ? adgen::tanh(adgen::matmul(h, W))                         \
                     : adgen::matmul(h, W.transpose(0, 1)) * 0.5;               \
    return h.sum();                                                             \
  }                                                                             \
  /* A while loop over time steps, nested ifs, a step counted down. */          \
  MARK TT steps(const TT &xs, const TT &w) {                                    \
    TT h = adgen::zeros_like(w);                                                \
    int t = 0;                                                                  \
    while (t < xs.size(0)) {                                                    \
      TT x = xs.select(0, t);                                                   \
      if (t % 2 == 0) {                                                         \
        h = adgen::tanh(h + x * w);                                             \
        if (t == 2)                                                             \
          h = h * w;                                                            \
      } else if (t == 3) {                                                      \
        h = h - x;                                                              \
      }                                                                         \
      ++t;                                                                      \
    }                                                                           \
    int n = 3;                                                                  \
    while (n-- > 0)                                                             \
      h = h * 0.5 + w;                                                          \
    return (h * h).sum();                                                       \
  }                                                                             \
  /* The carried tensor grows on odd iterations only. */                        \
  MARK TT grow(const TT &x, int n) {                                            \
    TT h = x;                                                                   \
    for (int l = 0; l < n; ++l) {                                               \
      if (l % 2 == 1)                                                           \
        h = adgen::cat({h, adgen::sin(x)}, 0);                                  \
      else                                                                      \
        h = h * 2.0;                                                            \
    }                                                                           \
    return (h * h).sum();                                                       \
  }                                                                             \
  /* A non-scalar result (its VJP), rows skipped by index. */                   \
  MARK TT rows(const TT &x, const TT &w) {                                      \
    TT out = x * 0;                                                             \
    for (int i = 0; i < x.size(0); ++i)                                         \
      if (i != 1)                                                               \
        out = out + adgen::exp(x * w) * i;                                      \
    return out;                                                                 \
  }

FUNCTIONS(adgen::Tensor, float, ADGEN_DIFFERENTIABLE)
FUNCTIONS(adgen::DoubleTensor, double, ADGEN_DIFFERENTIABLE)

// Each iteration's reverse runs its path; h's adjoint is assigned on both
// paths, without zeros; W's contribution is added only where it was made.
// CHECK-LABEL: inline adgen::Tensor alternate_grad(
// CHECK:         for (std::size_t iterations_k = iterations; iterations_k-- > 0;) {
// CHECK:           if (t0) {
// CHECK-NOT:         zeros_like
// CHECK:             const adgen::Tensor [[B:t[0-9]+]] = adgen::matmul_backward_b(
// CHECK:             [[W:t[0-9]+]] = [[B]];
// CHECK-NEXT:        d_h_1 = t{{[0-9]+}};
// CHECK-NEXT:      } else {
// CHECK-NOT:         zeros_like
// CHECK:             d_h_1 = t{{[0-9]+}};
// CHECK-NEXT:      }
// CHECK-NEXT:      if ([[W]].defined()) [[ACC:t[0-9]+]] += [[W]];
// CHECK-NEXT:      d_h = d_h_1;
// CHECK:         if (d_W) adgen::accumulate_grad(*d_W, [[ACC]]);

// b, broadcast, is reduced to its shape on the path that used it.
// CHECK-LABEL: inline adgen::Tensor gated_grad(
// CHECK:         if (t0) {
// CHECK:           adgen::reduce_like({{.*}}, b)
// CHECK:         } else {
// CHECK-NEXT:        d_h_1 = d_h;
// CHECK-NEXT:      }

// A tensor result returned from the loop starts as a 0-dim zero.
// CHECK-LABEL: inline adgen::Tensor early_grad(
// CHECK:         const adgen::Tensor [[NONE:t[0-9]+]] = adgen::tensor<float>(0.0f);
// CHECK:         adgen::Tensor result = [[NONE]];

#ifndef ADGEN_TOOL
#include "loop-branches.grad.h"

#include <tensor_oracle.h>

using oracle::check_grad;
using oracle::check_vjp;
using oracle::randn;

const int use[] = {1, 0, 1, 1};       // gated's flags
const int skip[] = {0, 1, 1, 0, 0, 1}; // until's

int main() {
  adgen::DoubleTensor x = randn({2, 3}, 1), W = randn({3, 3}, 2) * 0.5;
  for (int n : {0, 1, 4}) {
    std::string name = "alternate(" + std::to_string(n) + ")";
    check_grad(name, "x W", [n](auto &&x, auto &&W) { return alternate(x, W, n); },
               [n](auto &&x, auto &&W, auto dx, auto dW) { return alternate_grad(x, W, n, dx, dW); }, x, W);
  }
  check_grad("gated", "x b", [](auto &&x, auto &&b) { return gated(x, b, use, 4); },
             [](auto &&x, auto &&b, auto dx, auto db) { return gated_grad(x, b, use, 4, dx, db); }, x,
             randn({3}, 3));
  for (double s : {0.7, -0.5})
    check_grad(s > 0 ? "deep_or_shallow(deep)" : "deep_or_shallow(shallow)", "x W s",
               [](auto &&x, auto &&W, auto s) { return deep_or_shallow(x, W, s, 3); },
               [](auto &&x, auto &&W, auto s, auto dx, auto dW, auto ds) {
                 return deep_or_shallow_grad(x, W, s, 3, dx, dW, ds);
               },
               x, W, s);
  for (int stop : {0, 4, 9}) {
    std::string name = "until(" + std::to_string(stop) + ")";
    check_grad(name, "x W", [stop](auto &&x, auto &&W) { return until(x, W, skip, stop); },
               [stop](auto &&x, auto &&W, auto dx, auto dW) { return until_grad(x, W, skip, stop, dx, dW); },
               x, W);
  }
  for (int k : {0, 2, 9}) {
    std::string name = "early(" + std::to_string(k) + ")";
    check_grad(name, "x W", [k](auto &&x, auto &&W) { return early(x, W, k); },
               [k](auto &&x, auto &&W, auto dx, auto dW) { return early_grad(x, W, k, dx, dW); }, x, W);
  }
  check_grad("pick", "x W", [](auto &&x, auto &&W) { return pick(x, W, 4); },
             [](auto &&x, auto &&W, auto dx, auto dW) { return pick_grad(x, W, 4, dx, dW); }, x, W);
  check_grad("steps", "xs w", ORACLE_PRIMAL(steps), ORACLE_GRAD(steps), randn({5, 3}, 4), randn({3}, 5));
  check_grad("grow", "x", [](auto &&x) { return grow(x, 4); },
             [](auto &&x, auto dx) { return grow_grad(x, 4, dx); }, x);
  check_vjp("rows", "x w", ORACLE_PRIMAL(rows), ORACLE_VJP(rows), randn({3, 3}, 6), randn({3, 3}, 7),
            randn({3}, 8));
}
#endif

// EXEC:      alternate(0): value: ok
// EXEC:      alternate(4) d/dW: ok
// EXEC:      alternate(4)<float> d/dW: ok
// EXEC:      gated d/db: ok
// EXEC:      gated<float> d/db: ok
// EXEC:      deep_or_shallow(deep) d/ds: ok
// EXEC:      deep_or_shallow(shallow) d/dW: ok
// EXEC:      until(0) d/dx: ok
// EXEC:      until(4) d/dW: ok
// EXEC:      until(9) d/dW: ok
// EXEC:      early(0) d/dW: ok
// EXEC:      early(2) d/dx: ok
// EXEC:      early(9) d/dW: ok
// EXEC:      early(9)<float> d/dW: ok
// EXEC:      pick d/dW: ok
// EXEC:      steps d/dxs: ok
// EXEC:      steps d/dw: ok
// EXEC:      steps<float> d/dw: ok
// EXEC:      grow d/dx: ok
// EXEC:      rows vjp d/dx: ok
// EXEC:      rows vjp d/dw: ok
// EXEC:      rows<float> vjp d/dw: ok
// EXEC-NOT:  MISMATCH
