// Hand-written gradient of GradBench's `lse` (the "Manual" baseline): the
// gradient of a + log(sum_i exp(x_i - a)) is softmax(x). The shifted
// exponentials are computed once and kept, so each is one exp call (the
// reverse of the generic code calls exp again).
#ifndef ADB_LSE_LSE_HAND_H
#define ADB_LSE_LSE_HAND_H

#include <cmath>
#include <vector>

namespace adb::lse_hand {

// Returns lse(x) and adds d lse / d x into d_x (the convention of adgen's
// _grad functions, so both can be checked and timed the same way).
inline double logsumexp_grad(const double* x, int n, double* d_x) {
  double a = x[0];
  for (int i = 1; i < n; ++i)
    if (x[i] > a)
      a = x[i];
  std::vector<double> e(n);
  double sum = 0;
  for (int i = 0; i < n; ++i) {
    e[i] = std::exp(x[i] - a);
    sum += e[i];
  }
  const double inv_sum = 1 / sum;
  for (int i = 0; i < n; ++i)
    d_x[i] += e[i] * inv_sum;
  return std::log(sum) + a;
}

} // namespace adb::lse_hand

#endif
