// Standalone check of the libtorch LSTM competitor (lstm_torch.h) against the
// objective (lstm/lstm.h) and the hand-written gradient (lstm/lstm_hand.h):
// value to 1e-12 relative, gradient to 1e-9 relative to its largest entry, on
// small generated instances, both loss forms. Returns non-zero when a
// tolerance is exceeded. (bench_adbench times it.)
#include "common/adbench_io.h"
#include "lstm/lstm.h"
#include "lstm/lstm_hand.h"
#include "torch/lstm_torch.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <string>
#include <vector>

namespace {

using adb::LstmInput;
using adb::torch_lstm::LossForm;
using adb::torch_lstm::LstmTorch;

const char* name(LossForm f) { return f == LossForm::PerStep ? "per-step" : "batched"; }

struct Errors {
  double value = 0, grad = 0;
};

Errors compare(const LstmInput& in, LossForm form) {
  const int nm = 8 * in.l * in.b, ne = 3 * in.b;
  const double f = adb::lstm_double::lstm_objective(in.l, in.c, in.b, in.main_params.data(),
                                                    in.extra_params.data(), in.state.data(),
                                                    in.sequence.data());
  std::vector<double> gh(nm + ne), gt(nm + ne);
  adb::LstmHandWorkspace ws;
  const double fh = adb::lstm_hand_gradient(in.l, in.c, in.b, in.main_params.data(),
                                            in.extra_params.data(), in.state.data(),
                                            in.sequence.data(), gh.data(), gh.data() + nm, ws);
  LstmTorch torch(in, form);
  double ft = 0;
  for (int rep = 0; rep < 2; ++rep) // twice: the second call must not accumulate
    ft = torch.gradient(in.main_params.data(), in.extra_params.data(), gt.data(), gt.data() + nm);
  const double fo = torch.objective(in.main_params.data(), in.extra_params.data());
  double gmax = 0, gdiff = 0;
  for (int i = 0; i < nm + ne; ++i) {
    gmax = std::max(gmax, std::abs(gh[i]));
    gdiff = std::max(gdiff, std::abs(gh[i] - gt[i]));
  }
  Errors e;
  e.value = std::max({std::abs(ft - f), std::abs(fo - f), std::abs(fh - f)}) / std::abs(f);
  e.grad = gdiff / gmax;
  std::printf("  l=%d c=%4d b=%d %-8s  loss %.17g  value rel err %.2e  grad rel err %.2e\n", in.l,
              in.c, in.b, name(form), f, e.value, e.grad);
  return e;
}

} // namespace

int main() {
  std::printf("torch threads: %d\n", [] {
    LstmTorch probe(adb::generate_lstm(1, 3, 2)); // sets one thread
    return adb::torch_lstm::torch_num_threads();
  }());
  // Small generated instances (bench_adbench checks the suite's sizes
  // before it times them).
  std::vector<LstmInput> inputs = {adb::generate_lstm(1, 3, 2, 7), adb::generate_lstm(2, 20, 14),
                                   adb::generate_lstm(4, 50, 14, 42)};
  double worst_value = 0, worst_grad = 0;
  std::printf("accuracy (vs lstm_objective and lstm_hand_gradient):\n");
  for (const LstmInput& in : inputs)
    for (LossForm form : {LossForm::PerStep, LossForm::Batched}) {
      const Errors e = compare(in, form);
      worst_value = std::max(worst_value, e.value);
      worst_grad = std::max(worst_grad, e.grad);
    }
  std::printf("max value rel err %.2e (tol 1e-12), max grad rel err %.2e (tol 1e-9)\n",
              worst_value, worst_grad);

  const bool ok = worst_value <= 1e-12 && worst_grad <= 1e-9;
  std::printf("%s\n", ok ? "OK" : "FAIL");
  return ok ? 0 : 1;
}
