// libtorch (1.13) competitors: the same three workloads with torch autograd,
// one thread. Each step() zeroes the .grad tensors (as optimizer.zero_grad()
// in 1.13), runs the forward pass and loss.backward().
#include "torch_competitors.h"

#include <torch/torch.h>

#include <cstring>

namespace torchb {
namespace {

template <class T> torch::Tensor copy_of(const T *data, std::vector<int64_t> shape) {
  auto dtype = std::is_same<T, float>::value ? torch::kFloat32 : torch::kFloat64;
  return torch::from_blob(const_cast<T *>(data), shape, torch::TensorOptions().dtype(dtype)).clone();
}

void zero_grad(torch::Tensor &t) {
  if (t.grad().defined()) t.mutable_grad().zero_();
}

template <class T> void copy_out(const torch::Tensor &t, T *out) {
  torch::Tensor c = t.contiguous();
  std::memcpy(out, c.data_ptr<T>(), sizeof(T) * c.numel());
}

} // namespace

int init_single_thread() {
  torch::set_num_threads(1);
  return torch::get_num_threads();
}

struct Mlp::Impl {
  torch::Tensor X, W1, b1, W2, b2, Y;
};

Mlp::Mlp(const float *X, const float *W1, const float *b1, const float *W2, const float *b2,
         const float *Y)
    : p_(new Impl) {
  p_->X = copy_of(X, {64, 784});
  p_->W1 = copy_of(W1, {128, 784}).requires_grad_();
  p_->b1 = copy_of(b1, {128}).requires_grad_();
  p_->W2 = copy_of(W2, {10, 128}).requires_grad_();
  p_->b2 = copy_of(b2, {10}).requires_grad_();
  p_->Y = copy_of(Y, {64, 10});
}
Mlp::~Mlp() = default;

float Mlp::step() {
  Impl &m = *p_;
  zero_grad(m.W1), zero_grad(m.b1), zero_grad(m.W2), zero_grad(m.b2);
  torch::Tensor h = torch::tanh(torch::linear(m.X, m.W1, m.b1));
  torch::Tensor z = torch::linear(h, m.W2, m.b2);
  torch::Tensor loss = torch::mse_loss(z, m.Y);
  loss.backward();
  return loss.item<float>();
}

void Mlp::grads(float *dW1, float *db1, float *dW2, float *db2) const {
  copy_out(p_->W1.grad(), dW1), copy_out(p_->b1.grad(), db1);
  copy_out(p_->W2.grad(), dW2), copy_out(p_->b2.grad(), db2);
}

struct Gauss::Impl {
  torch::Tensor x, mu;
};

Gauss::Gauss(const double *x, int64_t n, double mu) : p_(new Impl) {
  p_->x = copy_of(x, {n}).requires_grad_();
  p_->mu = copy_of(&mu, {1}).requires_grad_();
}
Gauss::~Gauss() = default;

double Gauss::step() {
  Impl &g = *p_;
  zero_grad(g.x), zero_grad(g.mu);
  torch::Tensor d = g.x - g.mu;
  torch::Tensor out = torch::exp(-(d * d)).sum();
  out.backward();
  return out.item<double>();
}

void Gauss::grads(double *dx, double *dmu) const {
  copy_out(p_->x.grad(), dx), copy_out(p_->mu.grad(), dmu);
}

struct Seed::Impl {
  torch::Tensor x;
};

Seed::Seed(const float *x) : p_(new Impl) { p_->x = copy_of(x, {2, 2}).requires_grad_(); }
Seed::~Seed() = default;

float Seed::step() {
  torch::Tensor &x = p_->x;
  zero_grad(x);
  torch::Tensor y = x + 3;
  torch::Tensor z = y * y * 3;
  torch::Tensor out = z.mean();
  out.backward();
  return out.item<float>();
}

void Seed::grads(float *dx) const { copy_out(p_->x.grad(), dx); }

} // namespace torchb
