// The libtorch competitors of bench_tensor, behind a plain interface so that
// only torch_competitors.cpp includes libtorch's headers (compiled only when
// CMake finds Torch; bench_tensor.cpp then defines ADGEN_BENCH_HAVE_TORCH).
#pragma once
#include <cstdint>
#include <memory>

namespace torchb {

// torch::set_num_threads(1); returns torch::get_num_threads() afterwards.
int init_single_thread();

// Workload 1: the same MLP with autograd. step(): zero the grads, forward,
// loss.backward(); returns the loss. grads() copies W1, b1, W2, b2's .grad.
class Mlp {
public:
  Mlp(const float *X, const float *W1, const float *b1, const float *W2, const float *b2,
      const float *Y);
  ~Mlp();
  float step();
  void grads(float *dW1, float *db1, float *dW2, float *db2) const;

private:
  struct Impl;
  std::unique_ptr<Impl> p_;
};

// Workload 2: sum(exp(-(x - mu)^2)), x [n] and mu [1] double, autograd.
class Gauss {
public:
  Gauss(const double *x, int64_t n, double mu);
  ~Gauss();
  double step();
  void grads(double *dx, double *dmu) const;

private:
  struct Impl;
  std::unique_ptr<Impl> p_;
};

// Workload 3: the autograd tutorial on a 2 x 2 float tensor.
class Seed {
public:
  explicit Seed(const float *x);
  ~Seed();
  float step();
  void grads(float *dx) const;

private:
  struct Impl;
  std::unique_ptr<Impl> p_;
};

} // namespace torchb
