// libtorch (1.13) competitor for the suite's LSTM problem: the loss of
// lstm/lstm_objective.inc (ADBench's quirks kept: "+ 2" inside the log and the
// normalisation by (c-1)*b) and its gradient by torch autograd, in double,
// one thread. Written as ADBench's / GradBench's PyTorch LSTM is: the
// recurrence one time step and one layer at a time, each step vectorized over
// the b units with torch ops, then loss.backward().
//
// This header has no torch include, so that the suite can include it without
// libtorch's flags; lstm_torch.cpp is the only file compiled with them.
#ifndef ADGEN_BENCH_ADBENCH_TORCH_LSTM_TORCH_H
#define ADGEN_BENCH_ADBENCH_TORCH_LSTM_TORCH_H

#include <memory>

namespace adb {

struct LstmInput; // common/adbench_io.h

namespace torch_lstm {

// Where the loss is formed.
//   PerStep: as ADBench's PyTorch code, the prediction and its log-softmax-like
//            score are computed inside the time loop, one step at a time.
//   Batched: the last layer's hidden states of all steps are stacked and the
//            prediction and score are computed once, over the (c-1) x b matrix
//            (fewer, larger ops; the recurrence itself is unchanged).
enum class LossForm { PerStep, Batched };

class LstmTorch {
public:
  // Copies the state and the sequence into constant tensors and allocates the
  // parameter leaves; sets libtorch's intra-op threads to one.
  explicit LstmTorch(const LstmInput& in, LossForm form = LossForm::PerStep);
  ~LstmTorch();
  LstmTorch(const LstmTorch&) = delete;
  LstmTorch& operator=(const LstmTorch&) = delete;

  // Gradient at (main_params (8lb), extra_params (3b)) WRITTEN into g_main
  // (8lb, main_params' layout) and g_extra (3b); returns the loss.
  double gradient(const double* main_params, const double* extra_params, double* g_main,
                  double* g_extra);

  // The loss alone (no graph recorded).
  double objective(const double* main_params, const double* extra_params);

  LossForm form() const;

private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

// torch::get_num_threads(), for the report.
int torch_num_threads();

} // namespace torch_lstm
} // namespace adb

#endif
