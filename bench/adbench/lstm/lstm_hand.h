// Hand-written gradient of the LSTM loss (lstm_objective.inc): the "Manual"
// baseline. The forward sweep stores, per time step, layer and unit, the
// four gates and tanh(cell), next to the hidden/cell trajectory; the reverse
// sweep walks time backwards carrying the adjoints of hidden and cell.
// No allocation once the workspace has grown.
#ifndef ADGEN_BENCH_ADBENCH_LSTM_HAND_H
#define ADGEN_BENCH_ADBENCH_LSTM_HAND_H

#include <algorithm>
#include <cmath>
#include <vector>

namespace adb {

struct LstmHandWorkspace {
  std::vector<double> states; // (c-1)+1 snapshots of the 2l x b state
  std::vector<double> gates;  // (c-1) x l x 5b: forget, input, output, change, tanh(cell)
  std::vector<double> yhat_w; // (c-1) x b: softmax-like weights exp(yhat)/(sum+2)
  std::vector<double> d_h, d_c, d_input; // l*b, l*b, b
};

// Returns lstm_objective(...) and WRITES (does not add) its gradient with
// respect to main_params (8lb) and extra_params (3b).
inline double lstm_hand_gradient(int l, int c, int b, const double* main_params,
                                 const double* extra_params, const double* state,
                                 const double* sequence, double* d_main_params,
                                 double* d_extra_params, LstmHandWorkspace& ws) {
  const int steps = c - 1, sz = 2 * l * b;
  ws.states.resize(std::size_t(steps + 1) * sz);
  ws.gates.resize(std::size_t(steps) * l * 5 * b);
  ws.yhat_w.resize(std::size_t(steps) * b);
  ws.d_h.assign(std::size_t(l) * b, 0.0);
  ws.d_c.assign(std::size_t(l) * b, 0.0);
  ws.d_input.resize(b);
  auto sigmoid = [](double v) { return 1 / (1 + std::exp(-v)); };
  const double* w_in = extra_params;
  const double* w_out = extra_params + b;
  const double* b_out = extra_params + 2 * b;

  // Forward.
  std::copy(state, state + sz, ws.states.begin());
  double total = 0;
  for (int t = 0; t < steps; ++t) {
    const double* s_old = &ws.states[std::size_t(t) * sz];
    double* s_new = &ws.states[std::size_t(t + 1) * sz];
    for (int layer = 0; layer < l; ++layer) {
      const double* weight = &main_params[layer * 8 * b];
      const double* bias = weight + 4 * b;
      double* g = &ws.gates[(std::size_t(t) * l + layer) * 5 * b];
      for (int j = 0; j < b; ++j) {
        const double input =
            layer == 0 ? sequence[t * b + j] * w_in[j] : s_new[(layer - 1) * 2 * b + j];
        const double hidden = s_old[layer * 2 * b + j];
        const double forget = sigmoid(input * weight[j] + bias[j]);
        const double ingate = sigmoid(hidden * weight[b + j] + bias[b + j]);
        const double outgate = sigmoid(input * weight[2 * b + j] + bias[2 * b + j]);
        const double change = std::tanh(hidden * weight[3 * b + j] + bias[3 * b + j]);
        const double cell = s_old[layer * 2 * b + b + j] * forget + ingate * change;
        const double tc = std::tanh(cell);
        s_new[layer * 2 * b + b + j] = cell;
        s_new[layer * 2 * b + j] = outgate * tc;
        g[j] = forget, g[b + j] = ingate, g[2 * b + j] = outgate, g[3 * b + j] = change,
        g[4 * b + j] = tc;
      }
    }
    const double* h_last = &s_new[(l - 1) * 2 * b];
    const double* target = &sequence[(t + 1) * b];
    double* yw = &ws.yhat_w[std::size_t(t) * b];
    double sum_exp = 0, score = 0, target_sum = 0;
    for (int j = 0; j < b; ++j) {
      const double yhat = h_last[j] * w_out[j] + b_out[j];
      yw[j] = std::exp(yhat);
      sum_exp += yw[j];
      score += target[j] * yhat;
      target_sum += target[j];
    }
    total += score - target_sum * std::log(sum_exp + 2);
    // d total / d yhat_j = target_j - target_sum * exp(yhat_j) / (sum_exp + 2)
    for (int j = 0; j < b; ++j)
      yw[j] = target[j] - target_sum * yw[j] / (sum_exp + 2);
  }
  const double scale = -1.0 / (double(steps) * b); // d loss / d total

  // Reverse.
  std::fill(d_main_params, d_main_params + 8 * l * b, 0.0);
  std::fill(d_extra_params, d_extra_params + 3 * b, 0.0);
  double* d_w_in = d_extra_params;
  double* d_w_out = d_extra_params + b;
  double* d_b_out = d_extra_params + 2 * b;
  double* d_h = ws.d_h.data(); // adjoint of each layer's hidden after step t
  double* d_c = ws.d_c.data(); // adjoint of each layer's cell after step t
  double* d_input = ws.d_input.data();
  for (int t = steps - 1; t >= 0; --t) {
    const double* s_old = &ws.states[std::size_t(t) * sz];
    const double* s_new = &ws.states[std::size_t(t + 1) * sz];
    const double* h_last = &s_new[(l - 1) * 2 * b];
    const double* yw = &ws.yhat_w[std::size_t(t) * b];
    for (int j = 0; j < b; ++j) {
      const double d_yhat = scale * yw[j];
      d_w_out[j] += d_yhat * h_last[j];
      d_b_out[j] += d_yhat;
      d_h[(l - 1) * b + j] += d_yhat * w_out[j];
    }
    for (int layer = l - 1; layer >= 0; --layer) {
      const double* weight = &main_params[layer * 8 * b];
      double* d_weight = &d_main_params[layer * 8 * b];
      double* d_bias = d_weight + 4 * b;
      const double* g = &ws.gates[(std::size_t(t) * l + layer) * 5 * b];
      for (int j = 0; j < b; ++j) {
        const double forget = g[j], ingate = g[b + j], outgate = g[2 * b + j],
                     change = g[3 * b + j], tc = g[4 * b + j];
        const double input =
            layer == 0 ? sequence[t * b + j] * w_in[j] : s_new[(layer - 1) * 2 * b + j];
        const double hidden = s_old[layer * 2 * b + j];
        const double cell_old = s_old[layer * 2 * b + b + j];
        const double dh = d_h[layer * b + j];
        const double dcell = d_c[layer * b + j] + dh * outgate * (1 - tc * tc);
        const double da_f = dcell * cell_old * forget * (1 - forget);
        const double da_i = dcell * change * ingate * (1 - ingate);
        const double da_o = dh * tc * outgate * (1 - outgate);
        const double da_g = dcell * ingate * (1 - change * change);
        d_weight[j] += da_f * input;
        d_weight[b + j] += da_i * hidden;
        d_weight[2 * b + j] += da_o * input;
        d_weight[3 * b + j] += da_g * hidden;
        d_bias[j] += da_f;
        d_bias[b + j] += da_i;
        d_bias[2 * b + j] += da_o;
        d_bias[3 * b + j] += da_g;
        // Carried to step t-1: this layer's hidden and cell before step t.
        d_h[layer * b + j] = da_i * weight[b + j] + da_g * weight[3 * b + j];
        d_c[layer * b + j] = dcell * forget;
        d_input[j] = da_f * weight[j] + da_o * weight[2 * b + j];
      }
      if (layer > 0)
        for (int j = 0; j < b; ++j)
          d_h[(layer - 1) * b + j] += d_input[j]; // the layer below's output at step t
      else
        for (int j = 0; j < b; ++j)
          d_w_in[j] += d_input[j] * sequence[t * b + j];
    }
  }
  return scale * total;
}

} // namespace adb

#endif
