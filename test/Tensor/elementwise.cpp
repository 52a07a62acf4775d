// Functions over adgen::Tensor: + - * / between tensors and with scalars,
// unary minus, sum and mean; float and double tensors; tensors mixed with
// scalar parameters. Gradients are checked against hand-derived formulas and
// against central differences on the double-precision primal.
//
// RUN: rm -rf %t && mkdir -p %t
// RUN: %adgen %s -o %t/elementwise.grad.h -- -std=c++17
// RUN: FileCheck %s < %t/elementwise.grad.h
// RUN: %cxx -I%t %s -o %t/gcc && %t/gcc | FileCheck %s --check-prefix=EXEC
// RUN: %clangxx -I%t %s -o %t/clang && %t/clang | FileCheck %s --check-prefix=EXEC

#include <adgen/adgen.h>
#include <adgen/tensor.h>

#define FUNCTIONS(TT, T, MARK)                                                  \
  /* The tutorial: mean(3 (x + 3)^2). */                                        \
  MARK TT tutorial(const TT &x) {                                               \
    TT y = x + 3;                                                               \
    TT z = y * y * 3;                                                           \
    return z.mean();                                                            \
  }                                                                             \
  /* Two tensors, all four operators, a reassigned local. */                    \
  MARK TT mix(const TT &a, const TT &b) {                                       \
    TT c = a * b - a / b;                                                       \
    c = c + (-b);                                                               \
    return adgen::sum(c * c);                                                   \
  }                                                                             \
  /* A scalar parameter times a tensor: its gradient is a sum. */               \
  MARK TT scale(const TT &x, T s) { return adgen::mean(x * s + s / x); }        \
  /* A one-element tensor broadcasts; its gradient is summed back. */          \
  MARK TT times(const TT &a, const TT &s) { return adgen::sum(a * s); }         \
  /* A branch on scalars next to tensor code. */                              \
  MARK TT absscale(const TT &x, T s) {                                          \
    T k = s > 0 ? s : -s;                                                       \
    return (x * k).mean();                                                      \
  }                                                                             \
  /* A non-scalar result: only the VJP applies. */                              \
  MARK TT affine(const TT &x, T w) { return 2 * x * w - 1; }                    \
  /* bench_tensor's Gaussian sum; mu broadcasts over x. */                      \
  MARK TT gauss(const TT &x, const TT &mu) {                                    \
    TT d = x - mu;                                                              \
    return adgen::exp(-(d * d)).sum();                                          \
  }

FUNCTIONS(adgen::Tensor, float, ADGEN_DIFFERENTIABLE)
FUNCTIONS(adgen::DoubleTensor, double, ADGEN_DIFFERENTIABLE)

// The forward chain y = x + 3, z = y * y * 3, mean(z) and its gradient are
// one pass over x that stores nothing (adgen::map_mean_and_accumulate: f_grad's
// seed is 1, so the backward need not wait for the mean): each element's
// value and its gradient, mean's backward (the seed over x's size)
// included, added into d_x without a temporary; x + 3 is computed again
// rather than stored.
// CHECK-LABEL: inline adgen::Tensor tutorial_grad(const adgen::Tensor& x, adgen::Tensor* d_x) {
// CHECK-NEXT:    const float t0 = 1.0f; // d out / d out
// CHECK-NEXT:    const float t1 = static_cast<float>(adgen::numel(x));
// CHECK-NEXT:    adgen::Tensor out;
// CHECK-NEXT:    adgen::map_mean_and_accumulate(out, {{[{][{]}}d_x, x{{[}][}]}}, [&](float x, float& d_x) {
// CHECK-NEXT:      d_x = 2.0f * (t0 / t1 * 3.0f * (x + 3.0f));
// CHECK-NEXT:      return (x + 3.0f) * (x + 3.0f) * 3.0f;
// CHECK-NEXT:    }, x);
// CHECK-NEXT:    return out;

// f_vjp checks the caller's seed against the output before it uses it: the
// forward pass first (map_mean), then the gradient's.
// CHECK-LABEL: inline void tutorial_vjp(const adgen::Tensor& x, adgen::Tensor d_ret, adgen::Tensor* d_x) {
// CHECK:         adgen::check_seed(d_ret, out);

// The scalar's adjoint is the sum of the tensor contributions.
// CHECK-LABEL: inline adgen::Tensor scale_grad(const adgen::Tensor& x, float s, adgen::Tensor* d_x, float* d_s) {
// CHECK:         if (d_s) {
// CHECK:           *d_s += adgen::sum_to_scalar(

// The Gaussian sum: exp is the runtime's vectorizable one, and the sum and
// both gradients are made in one pass that stores nothing
// (map_sum_and_accumulate): each element's exponential, added to the sum,
// and its gradient elements, added into d_x (x's shape) and summed for d_mu
// (broadcast: summed back to mu's shape).
// CHECK-LABEL: inline adgen::Tensor gauss_grad(const adgen::Tensor& x, const adgen::Tensor& mu, adgen::Tensor* d_x, adgen::Tensor* d_mu) {
// CHECK-NEXT:    const float t1 = 1.0f; // d out / d out
// CHECK-NEXT:    adgen::Tensor out;
// CHECK-NEXT:    adgen::map_sum_and_accumulate(out, {{[{][{]}}d_x, x}, {d_mu, mu{{[}][}]}}, [&](float x, float mu, float& d_x, float& d_mu) {
// CHECK-NEXT:      const float t0 = adgen::exp(-((x - mu) * (x - mu)));
// CHECK-NEXT:      d_x = -(2.0f * (t1 * t0 * (x - mu)));
// CHECK-NEXT:      d_mu = 2.0f * (t1 * t0 * (x - mu));
// CHECK-NEXT:      return t0;
// CHECK-NEXT:    }, x, mu);
// CHECK-NEXT:    return out;

// f_vjp: the exponentials are stored (map_and_sum) for the pass after the
// seed's check.
// CHECK-LABEL: inline void gauss_vjp(const adgen::Tensor& x, const adgen::Tensor& mu, adgen::Tensor d_ret, adgen::Tensor* d_x, adgen::Tensor* d_mu) {
// CHECK-NEXT:    adgen::Tensor out;
// CHECK-NEXT:    const adgen::Tensor t0 = adgen::map_and_sum(out, [&](float x, float mu) { return adgen::exp(-((x - mu) * (x - mu))); }, x, mu);
// CHECK-NEXT:    adgen::check_seed(d_ret, out);
// CHECK-NEXT:    if (d_x) {
// CHECK-NEXT:      adgen::accumulate_map_like(*d_x, x, [&](float d_ret, float t0, float x, float mu) { return -(2.0f * (d_ret * t0 * (x - mu))); }, d_ret, t0, x, mu);
// CHECK-NEXT:    }

// CHECK-LABEL: inline adgen::DoubleTensor tutorial_grad(const adgen::DoubleTensor& x, adgen::DoubleTensor* d_x) {
// CHECK:         adgen::map_mean_and_accumulate(out, {{[{][{]}}d_x, x{{[}][}]}}, [&](double x, double& d_x) {
// CHECK-NEXT:      d_x = 2.0 * (t0 / t1 * 3.0 * (x + 3.0));
// CHECK-NEXT:      return (x + 3.0) * (x + 3.0) * 3.0;

#ifndef ADGEN_TOOL
#include "elementwise.grad.h"

#include <cmath>
#include <cstdio>
#include <string>

// The double primal above is also the finite-difference oracle.

using adgen::DoubleTensor;
using adgen::Tensor;

// Central differences of a scalar-valued function of one tensor, on the
// double-precision primal.
template <class F> DoubleTensor fd_grad(F f, const DoubleTensor &x) {
  DoubleTensor g = adgen::zeros_like(x);
  for (int64_t i = 0; i < x.numel(); ++i) {
    DoubleTensor up = x.clone(), down = x.clone();
    double h = 1e-6 * std::fmax(1.0, std::fabs(x.data()[i]));
    up.data()[i] += h;
    down.data()[i] -= h;
    g.data()[i] = (f(up).item() - f(down).item()) / (2 * h);
  }
  return g;
}

template <class TT> bool close(const TT &got, const DoubleTensor &want, double tol) {
  if (got.shape() != want.shape())
    return false;
  for (int64_t i = 0; i < got.numel(); ++i)
    if (std::fabs(double(got.data()[i]) - want.data()[i]) > tol * std::fmax(1.0, std::fabs(want.data()[i])))
      return false;
  return true;
}

DoubleTensor to_double(const Tensor &t) {
  std::vector<double> v(t.data(), t.data() + t.numel());
  return DoubleTensor(t.shape(), v);
}

void report(const char *what, bool ok) { std::printf("%s: %s\n", what, ok ? "ok" : "MISMATCH"); }

int main() {
  // tutorial: d/dx mean(3 (x+3)^2) = 6 (x + 3) / n.
  Tensor x = adgen::tensor({{1.0f, 2.0f}, {-1.0f, 0.5f}}).requires_grad_();
  Tensor out = tutorial_grad(x, adgen::grad_slot(x));
  std::printf("tutorial value %s\n", adgen::to_string(out).c_str());
  std::printf("tutorial grad %s\n", adgen::to_string(x.grad()).c_str());
  DoubleTensor xd = to_double(x);
  report("tutorial<float> vs finite differences",
         close(x.grad(), fd_grad([](const DoubleTensor &v) { return tutorial(v); }, xd), 1e-4));
  DoubleTensor gxd;
  tutorial_grad(xd, &gxd);
  report("tutorial<double> vs finite differences",
         close(gxd, fd_grad([](const DoubleTensor &v) { return tutorial(v); }, xd), 1e-7));

  // mix: two tensor gradients, float and double.
  DoubleTensor a = adgen::tensor<double>({0.5, -1.5, 2.0}), b = adgen::tensor<double>({1.25, 0.75, -2.0});
  DoubleTensor ga, gb;
  mix_grad(a, b, &ga, &gb);
  report("mix<double> d/da", close(ga, fd_grad([&](const DoubleTensor &v) { return mix(v, b); }, a), 1e-7));
  report("mix<double> d/db", close(gb, fd_grad([&](const DoubleTensor &v) { return mix(a, v); }, b), 1e-7));
  Tensor af = adgen::tensor({0.5f, -1.5f, 2.0f}), bf = adgen::tensor({1.25f, 0.75f, -2.0f});
  Tensor gaf, gbf;
  mix_grad(af, bf, &gaf, &gbf);
  report("mix<float> d/da", close(gaf, ga, 1e-4));
  report("mix<float> d/db", close(gbf, gb, 1e-4));

  // scale: d/ds mean(x s + s / x) = mean(x + 1/x), by hand.
  double gs = 0;
  DoubleTensor gx;
  scale_grad(a, 2.0, &gx, &gs);
  double want_s = 0;
  for (int i = 0; i < 3; ++i)
    want_s += (a.data()[i] + 1 / a.data()[i]) / 3;
  report("scale<double> d/ds", std::fabs(gs - want_s) < 1e-12);
  report("scale<double> d/dx", close(gx, fd_grad([](const DoubleTensor &v) { return scale(v, 2.0); }, a), 1e-7));

  // affine: a VJP with a seed of the output's shape gives 2 w seed, and
  // d/dw = sum(2 x seed).
  DoubleTensor seed = adgen::tensor<double>({1.0, -2.0, 0.5});
  DoubleTensor vx;
  double vw = 0;
  affine_vjp(a, 3.0, seed, &vx, &vw);
  std::printf("affine vjp d/dx %s d/dw %g\n", adgen::to_string(vx).c_str(), vw);

  // times: a one-element s broadcasts over a: d/ds sum(a s) = sum(a) = 1, d/da = s.
  Tensor ta = adgen::tensor({3.0f, 4.0f}), ts = adgen::tensor({2.0f});
  Tensor gta, gts;
  times_grad(ta, ts, &gta, &gts);
  std::printf("times d/da %s d/ds %s\n", adgen::to_string(gta).c_str(), adgen::to_string(gts).c_str());

  // absscale: d/ds mean(x |s|) = sign(s) mean(x), d/dx = |s| / n.
  for (double sv : {2.0, -2.0}) {
    double gsv = 0;
    DoubleTensor gxv;
    absscale_grad(a, sv, &gxv, &gsv);
    std::printf("absscale(s=%g) d/ds %g d/dx %s\n", sv, gsv, adgen::to_string(gxv).c_str());
  }

  // Gradients accumulate into .grad, as in PyTorch.
  tutorial_grad(x, adgen::grad_slot(x));
  std::printf("tutorial grad twice %s\n", adgen::to_string(x.grad()).c_str());

  // gauss: against central differences, with mu of one element (300
  // elements: more than one block of the runtime's loops) and with mu of
  // shape [4, 1] broadcast over x of shape [4, 3]; called twice, the
  // gradients accumulate; float against double.
  {
    std::vector<double> v(300);
    for (int i = 0; i < 300; ++i) v[i] = 1.5 * std::sin(0.1 * i) + 0.3 * std::cos(0.37 * i);
    DoubleTensor gx = DoubleTensor({300}, v), gmu = adgen::tensor<double>({0.25});
    DoubleTensor dx, dmu;
    gauss_grad(gx, gmu, &dx, &dmu);
    DoubleTensor want_x = fd_grad([&](const DoubleTensor &t) { return gauss(t, gmu); }, gx);
    DoubleTensor want_mu = fd_grad([&](const DoubleTensor &t) { return gauss(gx, t); }, gmu);
    report("gauss<double> d/dx, mu of one element", close(dx, want_x, 1e-7));
    report("gauss<double> d/dmu, mu of one element", close(dmu, want_mu, 1e-7));
    gauss_grad(gx, gmu, &dx, &dmu);
    report("gauss<double> twice accumulates", close(dx, want_x * 2.0, 1e-7) && close(dmu, want_mu * 2.0, 1e-7));
    Tensor fx = Tensor({300}, std::vector<float>(v.begin(), v.end())), fmu = adgen::tensor({0.25f});
    Tensor fdx, fdmu;
    gauss_grad(fx, fmu, &fdx, &fdmu);
    report("gauss<float> vs double", close(fdx, want_x, 1e-4) && close(fdmu, want_mu, 1e-4));

    DoubleTensor bx = adgen::tensor<double>({{0.5, -1.0, 2.0}, {1.5, 0.0, -0.5}, {-2.0, 1.0, 0.25}, {0.75, -0.25, 1.25}});
    DoubleTensor bmu = adgen::tensor<double>({{0.5}, {-0.5}, {1.0}, {0.0}});
    DoubleTensor bdx, bdmu;
    gauss_grad(bx, bmu, &bdx, &bdmu);
    report("gauss<double> d/dx, mu of shape [4, 1]",
           close(bdx, fd_grad([&](const DoubleTensor &t) { return gauss(t, bmu); }, bx), 1e-7));
    report("gauss<double> d/dmu, mu of shape [4, 1]",
           close(bdmu, fd_grad([&](const DoubleTensor &t) { return gauss(bx, t); }, bmu), 1e-7));
  }

  // Errors as in PyTorch: implicit seed for a non-scalar, wrong seed shape.
  try {
    affine_grad(a, 3.0, &vx, &vw);
  } catch (const std::exception &e) {
    std::printf("error: %s\n", e.what());
  }
  try {
    affine_vjp(a, 3.0, adgen::tensor<double>({1.0, 2.0}), &vx, &vw);
  } catch (const std::exception &e) {
    std::printf("error: %s\n", e.what());
  }
}
#endif

// EXEC: tutorial value tensor(42.9375)
// EXEC-NEXT: tutorial grad tensor({{\[\[}}6.0000, 7.5000],
// EXEC-NEXT:         [3.0000, 5.2500]])
// EXEC-NEXT: tutorial<float> vs finite differences: ok
// EXEC-NEXT: tutorial<double> vs finite differences: ok
// EXEC-NEXT: mix<double> d/da: ok
// EXEC-NEXT: mix<double> d/db: ok
// EXEC-NEXT: mix<float> d/da: ok
// EXEC-NEXT: mix<float> d/db: ok
// EXEC-NEXT: scale<double> d/ds: ok
// EXEC-NEXT: scale<double> d/dx: ok
// EXEC-NEXT: affine vjp d/dx tensor([  6., -12.,   3.], dtype=torch.float64) d/dw 9
// EXEC-NEXT: times d/da tensor([2., 2.]) d/ds tensor([7.])
// EXEC-NEXT: absscale(s=2) d/ds 0.333333 d/dx tensor([0.6667, 0.6667, 0.6667], dtype=torch.float64)
// EXEC-NEXT: absscale(s=-2) d/ds -0.333333 d/dx tensor([0.6667, 0.6667, 0.6667], dtype=torch.float64)
// EXEC-NEXT: tutorial grad twice tensor({{\[\[}}12.0000, 15.0000],
// EXEC-NEXT:         [ 6.0000, 10.5000]])
// EXEC-NEXT: gauss<double> d/dx, mu of one element: ok
// EXEC-NEXT: gauss<double> d/dmu, mu of one element: ok
// EXEC-NEXT: gauss<double> twice accumulates: ok
// EXEC-NEXT: gauss<float> vs double: ok
// EXEC-NEXT: gauss<double> d/dx, mu of shape [4, 1]: ok
// EXEC-NEXT: gauss<double> d/dmu, mu of shape [4, 1]: ok
// EXEC-NEXT: error: grad can be implicitly created only for scalar outputs
// EXEC-NEXT: error: Mismatch in shape: grad_output[0] has a shape of torch.Size([2]) and output[0] has a shape of torch.Size([3]).
