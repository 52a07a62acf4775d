// libtorch implementation of lstm_torch.h. See lstm/lstm_objective.inc for the
// loss; the tensor form below is the same computation, per time step and layer
// vectorized over the b units:
//   input  = layer 0: sequence[t] * w_in, else the layer below's new hidden
//   forget = sigmoid(input  * W_f + B_f)    ingate = sigmoid(hidden * W_i + B_i)
//   outgate= sigmoid(input  * W_o + B_o)    change = tanh(hidden * W_c + B_c)
//   cell   = cell * forget + ingate * change,  hidden = outgate * tanh(cell)
//   yhat   = hidden_last * w_out + b_out
//   total += sum(sequence[t+1] * (yhat - log(sum(exp(yhat)) + 2)))
//   loss   = -total / ((c-1) b)
#include "torch/lstm_torch.h"

#include "common/adbench_io.h"

#include <torch/torch.h>

#include <cstring>
#include <vector>

namespace adb {
namespace torch_lstm {
namespace {

const auto kF64 = torch::TensorOptions().dtype(torch::kFloat64);

torch::Tensor copy_of(const double* data, std::vector<int64_t> shape) {
  return torch::from_blob(const_cast<double*>(data), shape, kF64).clone();
}

void copy_out(const torch::Tensor& t, double* out) {
  torch::Tensor c = t.contiguous();
  std::memcpy(out, c.data_ptr<double>(), sizeof(double) * c.numel());
}

} // namespace

int torch_num_threads() { return torch::get_num_threads(); }

struct LstmTorch::Impl {
  int64_t l = 0, c = 0, b = 0;
  LossForm form = LossForm::PerStep;
  torch::Tensor main, extra;          // leaves (requires_grad): 2l x 4b, 3 x b
  std::vector<torch::Tensor> h0, c0;  // initial hidden / cell per layer (constants, b)
  torch::Tensor sequence;             // c x b (constant)
  std::vector<torch::Tensor> seq_row; // its rows
  torch::Tensor seq_head, seq_tail;   // rows 0..c-2 and 1..c-1 (Batched)

  void load(const double* main_params, const double* extra_params) {
    torch::NoGradGuard no_grad;
    main.copy_(torch::from_blob(const_cast<double*>(main_params), {2 * l, 4 * b}, kF64));
    extra.copy_(torch::from_blob(const_cast<double*>(extra_params), {3, b}, kF64));
  }

  torch::Tensor loss() const {
    // Per layer, the four gates' weight and bias rows of b: one unbind of the
    // leaf (a single autograd node), not 8l separate slices.
    const std::vector<torch::Tensor> rows = main.view({8 * l, b}).unbind(0);
    auto weight = [&](int64_t layer, int gate) { return rows[(2 * layer) * 4 + gate]; };
    auto bias = [&](int64_t layer, int gate) { return rows[(2 * layer + 1) * 4 + gate]; };
    const std::vector<torch::Tensor> ex = extra.unbind(0);
    const torch::Tensor &w_in = ex[0], &w_out = ex[1], &b_out = ex[2];

    std::vector<torch::Tensor> hidden = h0, cell = c0;
    std::vector<torch::Tensor> inputs, outs; // Batched: first layer's inputs, last layer's outputs
    if (form == LossForm::Batched) {
      inputs = (seq_head * w_in).unbind(0);
      outs.reserve(c - 1);
    }
    torch::Tensor total;
    for (int64_t t = 0; t < c - 1; ++t) {
      torch::Tensor input = form == LossForm::Batched ? inputs[t] : seq_row[t] * w_in;
      for (int64_t layer = 0; layer < l; ++layer) {
        const torch::Tensor& h = hidden[layer];
        torch::Tensor forget = torch::sigmoid(input * weight(layer, 0) + bias(layer, 0));
        torch::Tensor ingate = torch::sigmoid(h * weight(layer, 1) + bias(layer, 1));
        torch::Tensor outgate = torch::sigmoid(input * weight(layer, 2) + bias(layer, 2));
        torch::Tensor change = torch::tanh(h * weight(layer, 3) + bias(layer, 3));
        cell[layer] = cell[layer] * forget + ingate * change;
        hidden[layer] = outgate * torch::tanh(cell[layer]);
        input = hidden[layer];
      }
      if (form == LossForm::Batched) {
        outs.push_back(input);
      } else {
        torch::Tensor yhat = input * w_out + b_out;
        torch::Tensor lse = torch::log(torch::exp(yhat).sum() + 2.0);
        torch::Tensor term = (seq_row[t + 1] * (yhat - lse)).sum();
        total = t == 0 ? term : total + term;
      }
    }
    if (form == LossForm::Batched) {
      torch::Tensor yhat = torch::stack(outs) * w_out + b_out; // (c-1) x b
      torch::Tensor lse = torch::log(torch::exp(yhat).sum(1, /*keepdim=*/true) + 2.0);
      total = (seq_tail * (yhat - lse)).sum();
    }
    return total * (-1.0 / double((c - 1) * b));
  }
};

LstmTorch::LstmTorch(const LstmInput& in, LossForm form) : impl_(new Impl) {
  torch::set_num_threads(1); // the suite is one thread
  Impl& m = *impl_;
  m.l = in.l, m.c = in.c, m.b = in.b, m.form = form;
  m.main = torch::zeros({2 * m.l, 4 * m.b}, kF64).requires_grad_();
  m.extra = torch::zeros({3, m.b}, kF64).requires_grad_();
  torch::Tensor state = copy_of(in.state.data(), {2 * m.l, m.b});
  for (int64_t layer = 0; layer < m.l; ++layer) {
    m.h0.push_back(state[2 * layer]);
    m.c0.push_back(state[2 * layer + 1]);
  }
  m.sequence = copy_of(in.sequence.data(), {m.c, m.b});
  m.seq_row = m.sequence.unbind(0);
  m.seq_head = m.sequence.narrow(0, 0, m.c - 1);
  m.seq_tail = m.sequence.narrow(0, 1, m.c - 1);
}

LstmTorch::~LstmTorch() = default;

LossForm LstmTorch::form() const { return impl_->form; }

double LstmTorch::gradient(const double* main_params, const double* extra_params, double* g_main,
                           double* g_extra) {
  Impl& m = *impl_;
  m.load(main_params, extra_params);
  // As optimizer.zero_grad() in 1.13: zero the accumulated .grad in place.
  if (m.main.grad().defined()) m.main.mutable_grad().zero_();
  if (m.extra.grad().defined()) m.extra.mutable_grad().zero_();
  torch::Tensor loss = m.loss();
  loss.backward();
  copy_out(m.main.grad(), g_main);
  copy_out(m.extra.grad(), g_extra);
  return loss.item<double>();
}

double LstmTorch::objective(const double* main_params, const double* extra_params) {
  Impl& m = *impl_;
  m.load(main_params, extra_params);
  torch::NoGradGuard no_grad;
  return m.loss().item<double>();
}

} // namespace torch_lstm
} // namespace adb
