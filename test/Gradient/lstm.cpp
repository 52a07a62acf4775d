// The multi-layer "diagonal" LSTM objective of ADBench
// (../shared/data/adbench), written as its C++ reference is: sigmoid and
// logsumexp helpers (ADBench's, with its +2 in the sum), lstm_model updating
// hidden and cell in place through output pointers with a gates vector
// allocated per call, lstm_predict stepping through the layers with pointer
// arithmetic into the weights (&w[i * 4]) and the state (&s[i]), and
// lstm_objective looping over the sequence with scratch vectors allocated
// once and overwritten at every step, writing the loss through `T* loss`.
//
// Two departures from the reference, both for adgen's current subset:
// - the reference updates `T* state` in place; here state is `const T*` and
//   copied into a local vector s once (reading an output parameter is not
//   supported), which also gives the gradient with respect to the initial
//   state;
// - lstm_predict's `T* xp = x2; ... xp = &s[i];` switches one pointer from x2
//   to s (a pointer variable must keep pointing into the same array), so
//   the first layer, which reads x2, is called before the loop over the
//   others, which read the previous layer's hidden state &s[i - 2b].
//
// Sizes: l = 2 layers, b = 3, c = 4 steps. The gradient of the loss with
// respect to main_params (2l x 4b = 48), extra_params (3 x b = 9), state
// (2l x b = 12) and the sequence itself (c x b = 12) is checked against the
// long-double oracle, for float and double.
//
// RUN: rm -rf %t && mkdir -p %t
// RUN: %adgen %s -o %t/lstm.grad.h -- -std=c++17
// RUN: FileCheck %s < %t/lstm.grad.h
// RUN: %cxx -I%t %s -o %t/gcc && %t/gcc | FileCheck %s --check-prefix=EXEC
// RUN: %clangxx -I%t %s -o %t/clang && %t/clang | FileCheck %s --check-prefix=EXEC

#include <adgen/adgen.h>
#include <cmath>
#include <vector>

#define FUNCTIONS(T, MARK)                                                       \
  inline T sigmoid(T x) { return 1 / (1 + std::exp(-x)); }                       \
  inline T logsumexp(const T *vect, int sz) {                                    \
    T sum = 0.0;                                                                 \
    for (int i = 0; i < sz; i++)                                                 \
      sum += std::exp(vect[i]);                                                  \
    sum += 2;                                                                    \
    return std::log(sum);                                                        \
  }                                                                              \
  inline void lstm_model(int hsize, const T *weight, const T *bias, T *hidden, T *cell, \
                         const T *input) {                                       \
    std::vector<T> gates(4 * hsize);                                             \
    T *forget = &(gates[0]);                                                     \
    T *ingate = &(gates[hsize]);                                                 \
    T *outgate = &(gates[2 * hsize]);                                            \
    T *change = &(gates[3 * hsize]);                                             \
    for (int i = 0; i < hsize; i++) {                                            \
      forget[i] = sigmoid(input[i] * weight[i] + bias[i]);                       \
      ingate[i] = sigmoid(hidden[i] * weight[hsize + i] + bias[hsize + i]);      \
      outgate[i] = sigmoid(input[i] * weight[2 * hsize + i] + bias[2 * hsize + i]); \
      change[i] = std::tanh(hidden[i] * weight[3 * hsize + i] + bias[3 * hsize + i]); \
    }                                                                            \
    for (int i = 0; i < hsize; i++)                                              \
      cell[i] = cell[i] * forget[i] + ingate[i] * change[i];                     \
    for (int i = 0; i < hsize; i++)                                              \
      hidden[i] = outgate[i] * std::tanh(cell[i]);                               \
  }                                                                              \
  inline void lstm_predict(int l, int b, const T *w, const T *w2, T *s, const T *x, T *x2) { \
    for (int i = 0; i < b; i++)                                                  \
      x2[i] = x[i] * w2[i];                                                      \
    lstm_model(b, &(w[0]), &(w[b * 4]), &(s[0]), &(s[b]), x2);                   \
    for (int i = 2 * b; i <= 2 * l * b - 1; i += 2 * b)                          \
      lstm_model(b, &(w[i * 4]), &(w[(i + b) * 4]), &(s[i]), &(s[i + b]), &(s[i - 2 * b])); \
    const T *xp = &(s[2 * (l - 1) * b]);                                         \
    for (int i = 0; i < b; i++)                                                  \
      x2[i] = xp[i] * w2[b + i] + w2[2 * b + i];                                 \
  }                                                                              \
  MARK void lstm_objective(int l, int c, int b, const T *main_params, const T *extra_params, \
                           const T *state, const T *sequence, T *loss) {         \
    T total = 0.0;                                                               \
    int count = 0;                                                               \
    const T *input = &(sequence[0]);                                             \
    std::vector<T> ypred(b), ynorm(b), s(2 * l * b);                             \
    for (int i = 0; i < 2 * l * b; i++)                                          \
      s[i] = state[i];                                                           \
    T lse;                                                                       \
    for (int t = 0; t <= (c - 1) * b - 1; t += b) {                              \
      lstm_predict(l, b, main_params, extra_params, s.data(), input, ypred.data()); \
      lse = logsumexp(ypred.data(), b);                                          \
      for (int i = 0; i < b; i++)                                                \
        ynorm[i] = ypred[i] - lse;                                               \
      const T *ygold = &(sequence[t + b]);                                       \
      for (int i = 0; i < b; i++)                                                \
        total += ygold[i] * ynorm[i];                                            \
      count += b;                                                                \
      input = ygold;                                                             \
    }                                                                            \
    *loss = -total / count;                                                      \
  }

FUNCTIONS(double, ADGEN_DIFFERENTIABLE)
FUNCTIONS(float, ADGEN_DIFFERENTIABLE)

// CHECK-LABEL: inline void lstm_objective_vjp(int l, int c, int b, const double* main_params, const double* extra_params, const double* state, const double* sequence, double* /*loss*/, double* d_main_params, double* d_extra_params, double* d_state, double* d_sequence, double* d_loss) {
// The gates of a step and their adjoints are declared once, not per step:
// CHECK-NEXT:    std::vector<double> gates;
// CHECK:         std::vector<double> d_gates;
// CHECK:         std::vector<double> ypred(
// CHECK:         std::vector<double> s(
// CHECK:         gates.assign(
// CHECK:         std::tanh(
// CHECK:         std::log(
// CHECK:         const double [[SEED:t[0-9]+]] = d_loss ? d_loss[0] : 0.0;
// CHECK-NEXT:    if (d_loss) d_loss[0] = 0.0;
// CHECK:         d_gates{{(_1)?}}.assign(
// CHECK:         if (d_state) d_state[{{.*}}] +=
// CHECK-LABEL: inline void lstm_objective_vjp(int l, int c, int b, const float* main_params,
// CHECK-NOT:   _grad(

#ifndef ADGEN_TOOL
#include "lstm.grad.h"
#include "oracle.h"

#include <cstdio>

using LongDouble = long double;
FUNCTIONS(LongDouble, )

constexpr int L = 2, B = 3, C = 4;
constexpr size_t Main = 2 * L * 4 * B, Extra = 3 * B, State = 2 * L * B, Seq = C * B;
constexpr size_t Params = Main + Extra + State + Seq;

// The first 4b values of the main_params rows, b of the extra_params and
// state rows of ADBench's lstm/lstm_l2_c1024.txt; a 0/1 sequence as there.
constexpr double MainParams[Main] = {
    0.747762, 0.267627, 0.603529, 0.898133, 0.566393, 0.700115, 0.838628, 0.273292, 0.210158, 0.239797, 0.756634, 0.095941,
    0.258943, 0.097604, 0.169870, 0.509091, 0.302412, 0.873415, 0.365770, 0.335124, 0.655031, 0.310451, 0.685776, 0.791927,
    0.930456, 0.619522, 0.548840, 0.673269, 0.230477, 0.272069, 0.861198, 0.591028, 0.574850, 0.264216, 0.651051, 0.427738,
    0.216841, 0.099514, 0.447340, 0.212494, 0.805721, 0.354560, 0.628255, 0.841014, 0.406226, 0.632890, 0.989001, 0.783493};
constexpr double ExtraParams[Extra] = {0.584847, 0.410800, 0.190486, 0.585775, 0.404267,
                                       0.708938, 0.743816, 0.633251, 0.074205};
constexpr double InitialState[State] = {0.936821, 0.485780, 0.140646, 0.257048, 0.776166, 0.865934,
                                        0.188663, 0.364450, 0.183492, 0.560797, 0.992773, 0.206239};
constexpr double Sequence[Seq] = {1, 0, 1, 0, 1, 1, 1, 1, 0, 0, 0, 1};

template <class T> void checks() {
  auto split = [](auto *v) {
    struct {
      decltype(v) main, extra, state, sequence;
    } s{v, v + Main, v + Main + Extra, v + Main + Extra + State};
    return s;
  };
  std::array<T, Params> at{};
  for (size_t i = 0; i < Main; ++i)
    at[i] = T(MainParams[i]);
  for (size_t i = 0; i < Extra; ++i)
    at[Main + i] = T(ExtraParams[i]);
  for (size_t i = 0; i < State; ++i)
    at[Main + Extra + i] = T(InitialState[i]);
  for (size_t i = 0; i < Seq; ++i)
    at[Main + Extra + State + i] = T(Sequence[i]);
  oracle::check<T, Params>(
      sizeof(T) == sizeof(float) ? "lstm_objective<float>" : "lstm_objective<double>",
      [&](auto v) {
        auto p = split(v.data());
        LongDouble loss;
        lstm_objective(L, C, B, p.main, p.extra, p.state, p.sequence, &loss);
        return loss;
      },
      // A void function has only a VJP: its gradient is the VJP with the
      // seed 1 in d_loss; the value is the primal's (for T).
      [&](const T *v, T *d) {
        auto p = split(v);
        auto g = split(d);
        T loss, seed = 1;
        lstm_objective(L, C, B, p.main, p.extra, p.state, p.sequence, &loss);
        T out;
        lstm_objective_vjp(L, C, B, p.main, p.extra, p.state, p.sequence, &out, g.main, g.extra,
                           g.state, g.sequence, &seed);
        return seed == 0 ? loss : T(NAN); // the seed is read, then cleared
      },
      [&](const T *v, T s, T *d) {
        auto p = split(v);
        auto g = split(d);
        T out;
        lstm_objective_vjp(L, C, B, p.main, p.extra, p.state, p.sequence, &out, g.main, g.extra,
                           g.state, g.sequence, &s);
      },
      at);

  // oracle::check's tolerance is relative to max(1, |g_i|). Every component
  // of this gradient is below 1 (from 6e-6 to 0.2), so in float it is an
  // absolute 2e-4, larger than most components. Each component is therefore
  // also checked against its own size, |g_i - fd_i| <= tol (|fd_i| + 0.01 *
  // max_j |fd_j|), with tol 1e-4 in float and 1e-8 in double (the largest
  // relative errors seen are 3.4e-6 and 1.6e-9).
  std::array<LongDouble, Params> x{};
  for (size_t i = 0; i < Params; ++i)
    x[i] = at[i];
  std::array<LongDouble, Params> fd = oracle::central_differences(
      [&](std::array<LongDouble, Params> v) {
        auto p = split(v.data());
        LongDouble loss;
        lstm_objective(L, C, B, p.main, p.extra, p.state, p.sequence, &loss);
        return loss;
      },
      x);
  std::array<T, Params> d{};
  auto p = split(at.data());
  auto g = split(d.data());
  T out, seed = 1;
  lstm_objective_vjp(L, C, B, p.main, p.extra, p.state, p.sequence, &out, g.main, g.extra, g.state,
                     g.sequence, &seed);
  long double largest = 0;
  for (size_t i = 0; i < Params; ++i)
    largest = std::fmax(largest, std::fabs(fd[i]));
  const long double tol = sizeof(T) == sizeof(float) ? 1e-4L : 1e-8L;
  size_t bad = 0;
  for (size_t i = 0; i < Params; ++i)
    if (!(std::fabs(fd[i] - d[i]) <= tol * (std::fabs(fd[i]) + 0.01L * largest)))
      ++bad;
  std::printf("lstm_objective<%s> componentwise: %s\n", sizeof(T) == sizeof(float) ? "float" : "double",
              bad ? "MISMATCH" : "ok");
}

int main() {
  checks<double>();
  checks<float>();
}
#endif
// EXEC-NOT: MISMATCH
// EXEC: lstm_objective<double>{{.*}} ok
// EXEC-NEXT: lstm_objective<double> componentwise: ok
// EXEC-NEXT: lstm_objective<float>{{.*}} ok
// EXEC-NEXT: lstm_objective<float> componentwise: ok
