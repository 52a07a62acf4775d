// The model of examples/mlp (linear -> tanh -> linear -> cross_entropy), in
// float and in double. The double gradient of every argument is checked
// element by element against central differences on the double primal
// (relative 1e-6), the float gradient against the double one (relative 1e-4).
// Also: gradients accumulate, a null pointer skips a gradient.
//
// RUN: rm -rf %t && mkdir -p %t
// RUN: %adgen %s -o %t/mlp-gradient.grad.h -- -std=c++17
// RUN: FileCheck %s < %t/mlp-gradient.grad.h
// RUN: %cxx -I%t %s -o %t/gcc && %t/gcc | FileCheck %s --check-prefix=EXEC
// RUN: %clangxx -I%t %s -o %t/clang && %t/clang | FileCheck %s --check-prefix=EXEC

#include <adgen/adgen.h>
#include <adgen/tensor.h>

#include <cstdint>
#include <vector>

#define FUNCTIONS(TT, MARK)                                                     \
  MARK TT forward(const TT &x, const TT &W1, const TT &b1, const TT &W2,        \
                  const TT &b2) {                                               \
    TT h = adgen::tanh(adgen::linear(x, W1, b1));                               \
    return adgen::linear(h, W2, b2);                                            \
  }                                                                             \
  MARK TT loss(const TT &x, const TT &W1, const TT &b1, const TT &W2,           \
               const TT &b2, const std::vector<int64_t> &y) {                   \
    TT logits = forward(x, W1, b1, W2, b2);                                     \
    return adgen::cross_entropy(logits, y);                                     \
  }

FUNCTIONS(adgen::Tensor, ADGEN_DIFFERENTIABLE)
FUNCTIONS(adgen::DoubleTensor, ADGEN_DIFFERENTIABLE)

// forward() is inlined into loss(); one backward pass serves every argument,
// each gradient computed only when its pointer is not null. A weight's
// gradient is added straight into its slot (the gemm accumulates).
// CHECK-LABEL: inline adgen::Tensor loss_grad(const adgen::Tensor& x, const adgen::Tensor& W1, const adgen::Tensor& b1, const adgen::Tensor& W2, const adgen::Tensor& b2, const std::vector<{{.*}}>& y, adgen::Tensor* d_x, adgen::Tensor* d_W1, adgen::Tensor* d_b1, adgen::Tensor* d_W2, adgen::Tensor* d_b2) {
// CHECK-NEXT:    const adgen::Tensor [[PRE:t[0-9]+]] = adgen::linear(x, W1, b1);
// CHECK-NEXT:    const adgen::Tensor h = adgen::tanh([[PRE]]);
// CHECK-NEXT:    const adgen::Tensor logits = adgen::linear(h, W2, b2);
// CHECK-NEXT:    const adgen::Tensor out = adgen::cross_entropy(logits, y);
// CHECK-NEXT:    const adgen::Tensor [[SEED:t[0-9]+]] = adgen::implicit_seed(out);
// CHECK-NEXT:    const adgen::Tensor d_logits = adgen::cross_entropy_backward([[SEED]], logits, y);
// CHECK-NEXT:    const adgen::Tensor d_h = adgen::linear_backward_input(d_logits, W2);
// CHECK-NEXT:    const adgen::Tensor [[DPRE:t[0-9]+]] = adgen::tanh_backward(d_h, h);
// CHECK-NEXT:    if (d_x) {
// CHECK-NEXT:      const adgen::Tensor [[T:t[0-9]+]] = adgen::linear_backward_input([[DPRE]], W1);
// CHECK-NEXT:      adgen::accumulate_grad(*d_x, [[T]]);
// CHECK-NEXT:    }
// CHECK-NEXT:    if (d_W1) adgen::accumulate_linear_backward_weight(*d_W1, [[DPRE]], x);
// CHECK-NEXT:    if (d_b1) {
// CHECK-NEXT:      const adgen::Tensor [[T:t[0-9]+]] = adgen::linear_backward_bias([[DPRE]], b1);
// CHECK-NEXT:      adgen::accumulate_grad(*d_b1, [[T]]);
// CHECK-NEXT:    }
// CHECK-NEXT:    if (d_W2) adgen::accumulate_linear_backward_weight(*d_W2, d_logits, h);
// CHECK-NEXT:    if (d_b2) {
// CHECK-NEXT:      const adgen::Tensor [[T:t[0-9]+]] = adgen::linear_backward_bias(d_logits, b2);
// CHECK-NEXT:      adgen::accumulate_grad(*d_b2, [[T]]);
// CHECK-NEXT:    }
// CHECK-NEXT:    return out;
// CHECK-NEXT:  }

// CHECK-LABEL: inline void loss_vjp(const adgen::Tensor& x,
// CHECK:         adgen::check_seed(d_ret, out);
// CHECK-NEXT:    const adgen::Tensor d_logits = adgen::cross_entropy_backward(d_ret, logits, y);

// CHECK-LABEL: inline adgen::DoubleTensor loss_grad(const adgen::DoubleTensor& x,
// CHECK:         const adgen::DoubleTensor h = adgen::tanh(
// CHECK:         const adgen::DoubleTensor d_logits = adgen::cross_entropy_backward(
// CHECK:         return out;

#ifndef ADGEN_TOOL
#include "mlp-gradient.grad.h"

#include <cmath>
#include <cstdio>
#include <string>

using adgen::DoubleTensor;
using adgen::Tensor;

// The arguments of loss(), in one element type.
template <class TT> struct Args {
  TT x, W1, b1, W2, b2;
  TT *at(int k) { return k == 0 ? &x : k == 1 ? &W1 : k == 2 ? &b1 : k == 3 ? &W2 : &b2; }
};
const char *const kNames[] = {"x", "W1", "b1", "W2", "b2"};

DoubleTensor to_double(const Tensor &t) {
  std::vector<double> v(t.data(), t.data() + t.numel());
  return DoubleTensor(t.shape(), v);
}

// Central differences of loss() with respect to argument k, on the double
// primal: (f(v + h) - f(v - h)) / 2h with h = 1e-5 max(1, |v|), about the cube
// root of double's epsilon, where the truncation error (h^2) and the rounding
// error (eps / h) balance: about 1e-11 here, well inside the tolerance.
DoubleTensor fd_grad(const Args<DoubleTensor> &a, int k, const std::vector<int64_t> &y) {
  Args<DoubleTensor> b = a;
  DoubleTensor &v = *b.at(k);
  v = v.clone(); // perturb a private copy
  DoubleTensor g = adgen::zeros_like(v);
  for (int64_t i = 0; i < v.numel(); ++i) {
    const double saved = v.data()[i];
    const double h = 1e-5 * std::fmax(1.0, std::fabs(saved));
    v.data()[i] = saved + h;
    const double up = loss(b.x, b.W1, b.b1, b.W2, b.b2, y).item();
    v.data()[i] = saved - h;
    const double down = loss(b.x, b.W1, b.b1, b.W2, b.b2, y).item();
    v.data()[i] = saved;
    g.data()[i] = (up - down) / (2 * h);
  }
  return g;
}

// Relative error, element by element: |got - want| <= tol max(|want|, floor),
// where floor = 1e-3 max |want| keeps elements near zero from asking for
// more than the oracle's own rounding.
template <class TT> bool close(const TT &got, const DoubleTensor &want, double tol) {
  if (!got.defined() || got.shape() != want.shape())
    return false;
  double largest = 0;
  for (int64_t i = 0; i < want.numel(); ++i)
    largest = std::fmax(largest, std::fabs(want.data()[i]));
  const double floor = 1e-3 * largest;
  for (int64_t i = 0; i < want.numel(); ++i) {
    const double w = want.data()[i], g = static_cast<double>(got.data()[i]);
    if (!(std::fabs(g - w) <= tol * std::fmax(std::fabs(w), floor)))
      return false;
  }
  return true;
}

void report(const std::string &what, bool ok) { std::printf("%s: %s\n", what.c_str(), ok ? "ok" : "MISMATCH"); }

int main() {
  // A small problem: 16 points, 8 hidden units, 2 classes. The float
  // arguments are drawn, the double ones are the same values.
  const int64_t n = 16, hidden = 8;
  Args<Tensor> f;
  f.x = adgen::randn<float>({n, 2}, 11);
  f.W1 = adgen::randn<float>({hidden, 2}, 12) * 2.0f;
  f.b1 = adgen::randn<float>({hidden}, 13);
  f.W2 = adgen::randn<float>({2, hidden}, 14) * 0.5f;
  f.b2 = adgen::randn<float>({2}, 15) * 0.1f;
  std::vector<int64_t> y(static_cast<size_t>(n));
  for (int64_t i = 0; i < n; ++i)
    y[static_cast<size_t>(i)] = (i * 7 + 3) % 5 < 2 ? 1 : 0;
  Args<DoubleTensor> d;
  for (int k = 0; k < 5; ++k)
    *d.at(k) = to_double(*f.at(k));

  // Every gradient at once, in double and in float.
  Args<DoubleTensor> gd;
  const DoubleTensor ld = loss_grad(d.x, d.W1, d.b1, d.W2, d.b2, y, &gd.x, &gd.W1, &gd.b1, &gd.W2, &gd.b2);
  Args<Tensor> gf;
  const Tensor lf = loss_grad(f.x, f.W1, f.b1, f.W2, f.b2, y, &gf.x, &gf.W1, &gf.b1, &gf.W2, &gf.b2);
  report("loss<double> value = primal", ld.item() == loss(d.x, d.W1, d.b1, d.W2, d.b2, y).item());
  report("loss<float> vs loss<double>", std::fabs(lf.item() - ld.item()) <= 1e-5 * std::fabs(ld.item()));

  for (int k = 0; k < 5; ++k)
    report(std::string("loss<double> d/d") + kNames[k] + " vs finite differences",
           close(*gd.at(k), fd_grad(d, k, y), 1e-6));
  for (int k = 0; k < 5; ++k)
    report(std::string("loss<float> d/d") + kNames[k] + " vs loss<double>", close(*gf.at(k), *gd.at(k), 1e-4));

  // A null pointer skips a gradient; a second call accumulates into the same
  // tensors (twice the gradient).
  Args<DoubleTensor> only;
  loss_grad(d.x, d.W1, d.b1, d.W2, d.b2, y, nullptr, nullptr, nullptr, &only.W2, nullptr);
  report("null pointers skip", !only.x.defined() && !only.W1.defined() && !only.b1.defined() &&
                                   !only.b2.defined() && close(only.W2, gd.W2, 1e-12));
  loss_grad(d.x, d.W1, d.b1, d.W2, d.b2, y, nullptr, nullptr, nullptr, &only.W2, nullptr);
  report("gradients accumulate", close(only.W2, gd.W2 * 2.0, 1e-12));
  return 0;
}
#endif

// EXEC:      loss<double> value = primal: ok
// EXEC-NEXT: loss<float> vs loss<double>: ok
// EXEC-NEXT: loss<double> d/dx vs finite differences: ok
// EXEC-NEXT: loss<double> d/dW1 vs finite differences: ok
// EXEC-NEXT: loss<double> d/db1 vs finite differences: ok
// EXEC-NEXT: loss<double> d/dW2 vs finite differences: ok
// EXEC-NEXT: loss<double> d/db2 vs finite differences: ok
// EXEC-NEXT: loss<float> d/dx vs loss<double>: ok
// EXEC-NEXT: loss<float> d/dW1 vs loss<double>: ok
// EXEC-NEXT: loss<float> d/db1 vs loss<double>: ok
// EXEC-NEXT: loss<float> d/dW2 vs loss<double>: ok
// EXEC-NEXT: loss<float> d/db2 vs loss<double>: ok
// EXEC-NEXT: null pointers skip: ok
// EXEC-NEXT: gradients accumulate: ok
// EXEC-NOT:  MISMATCH
