// The Gaussian-mixture log-likelihood of ADBench (../shared/data/adbench),
// written as its C++ reference is: helper functions with output pointers
// (subtract, Qtimesx, preprocess_qs), scratch std::vectors allocated once
// and overwritten for every (point, cluster) pair, a log-sum-exp helper with
// its running maximum, and pointer arithmetic into the parameters
// (&icf[ik * icf_sz + d]). We follow ADBench's formulation but for two
// points: the Wishart prior enters with a minus sign (it is the log of the
// prior density, as the adbench README says), and its normalising constant
// (lgamma, which does not depend on the parameters) is left out.
//
// RUN: rm -rf %t && mkdir -p %t
// RUN: %adgen %s -o %t/gmm.grad.h -- -std=c++17
// RUN: FileCheck %s < %t/gmm.grad.h
// RUN: %cxx -I%t %s -o %t/gcc && %t/gcc | FileCheck %s --check-prefix=EXEC
// RUN: %clangxx -I%t %s -o %t/clang && %t/clang | FileCheck %s --check-prefix=EXEC

#include <adgen/adgen.h>
#include <cmath>
#include <vector>

#define FUNCTIONS(T, MARK)                                                       \
  inline T arr_max(int n, const T *x) {                                          \
    T m = x[0];                                                                  \
    for (int i = 1; i < n; i++)                                                  \
      if (m < x[i])                                                              \
        m = x[i];                                                                \
    return m;                                                                    \
  }                                                                              \
  inline T sqnorm(int n, const T *x) {                                           \
    T res = x[0] * x[0];                                                         \
    for (int i = 1; i < n; i++)                                                  \
      res = res + x[i] * x[i];                                                   \
    return res;                                                                  \
  }                                                                              \
  inline void subtract(int d, const T *x, const T *y, T *out) {                  \
    for (int id = 0; id < d; id++)                                               \
      out[id] = x[id] - y[id];                                                   \
  }                                                                              \
  inline T log_sum_exp(int n, const T *x) {                                      \
    T mx = arr_max(n, x);                                                        \
    T semx = 0;                                                                  \
    for (int i = 0; i < n; i++)                                                  \
      semx = semx + std::exp(x[i] - mx);                                         \
    return std::log(semx) + mx;                                                  \
  }                                                                              \
  inline void preprocess_qs(int d, int k, const T *icf, T *sum_qs, T *Qdiags) {  \
    int icf_sz = d * (d + 1) / 2;                                                \
    for (int ik = 0; ik < k; ik++) {                                             \
      sum_qs[ik] = 0;                                                            \
      for (int id = 0; id < d; id++) {                                           \
        T q = icf[ik * icf_sz + id];                                             \
        sum_qs[ik] += q;                                                         \
        Qdiags[ik * d + id] = std::exp(q);                                       \
      }                                                                          \
    }                                                                            \
  }                                                                              \
  inline void Qtimesx(int d, const T *Qdiag, const T *ltri, const T *x, T *out) { \
    for (int id = 0; id < d; id++)                                               \
      out[id] = Qdiag[id] * x[id];                                               \
    int Lparamsidx = 0;                                                          \
    for (int i = 0; i < d; i++)                                                  \
      for (int j = i + 1; j < d; j++) {                                          \
        out[j] = out[j] + ltri[Lparamsidx] * x[i];                               \
        Lparamsidx++;                                                            \
      }                                                                          \
  }                                                                              \
  inline T log_wishart_prior(int p, int k, T wishart_gamma, int wishart_m,       \
                             const T *sum_qs, const T *Qdiags, const T *icf) {   \
    int icf_sz = p * (p + 1) / 2;                                                \
    T out = 0;                                                                   \
    for (int ik = 0; ik < k; ik++) {                                             \
      T frobenius = sqnorm(p, &Qdiags[ik * p]) + sqnorm(icf_sz - p, &icf[ik * icf_sz + p]); \
      out = out + T(0.5) * wishart_gamma * wishart_gamma * frobenius -           \
            wishart_m * sum_qs[ik];                                              \
    }                                                                            \
    return -out;                                                                 \
  }                                                                              \
  MARK T gmm_objective(int d, int k, int n, const T *alphas, const T *means,     \
                       const T *icf, const T *x, T wishart_gamma, int wishart_m) { \
    const T CONSTANT = -n * d * T(0.5) * std::log(T(2 * 3.14159265358979323846)); \
    int icf_sz = d * (d + 1) / 2;                                                \
    std::vector<T> Qdiags(d * k), sum_qs(k), xcentered(d), Qxcentered(d), main_term(k); \
    preprocess_qs(d, k, icf, sum_qs.data(), Qdiags.data());                      \
    T slse = 0;                                                                  \
    for (int ix = 0; ix < n; ix++) {                                             \
      for (int ik = 0; ik < k; ik++) {                                           \
        subtract(d, &x[ix * d], &means[ik * d], xcentered.data());               \
        Qtimesx(d, &Qdiags[ik * d], &icf[ik * icf_sz + d], xcentered.data(),     \
                Qxcentered.data());                                              \
        main_term[ik] = alphas[ik] + sum_qs[ik] - T(0.5) * sqnorm(d, Qxcentered.data()); \
      }                                                                          \
      slse = slse + log_sum_exp(k, main_term.data());                            \
    }                                                                            \
    T lse_alphas = log_sum_exp(k, alphas);                                       \
    return CONSTANT + slse - n * lse_alphas +                                    \
           log_wishart_prior(d, k, wishart_gamma, wishart_m, sum_qs.data(), Qdiags.data(), icf); \
  }

FUNCTIONS(double, ADGEN_DIFFERENTIABLE)
FUNCTIONS(float, ADGEN_DIFFERENTIABLE)

// The scratch vectors are allocated once per call, with their adjoints.
// CHECK-LABEL: inline double gmm_objective_grad(
// CHECK:         std::vector<double> xcentered(
// CHECK:         std::vector<double> d_xcentered(
// CHECK-LABEL: inline void gmm_objective_vjp(

#ifndef ADGEN_TOOL
#include "gmm.grad.h"
#include "oracle.h"

#include <cstdio>

using LongDouble = long double;
FUNCTIONS(LongDouble, )

// d = 3, k = 2, n = 2: alphas (2), means (6), icf (12), x (6), gamma.
constexpr int D = 3, K = 2, N = 2;
constexpr size_t Params = K + K * D + K * D * (D + 1) / 2 + N * D + 1;

template <class T> void check_at(std::array<T, Params> at) {
  auto split = [](auto *v) {
    struct {
      decltype(v) alphas, means, icf, x, gamma;
    } s{v, v + K, v + K + K * D, v + K + K * D + K * D * (D + 1) / 2,
        v + K + K * D + K * D * (D + 1) / 2 + N * D};
    return s;
  };
  oracle::check<T, Params>(
      "gmm_objective",
      [&](auto v) {
        auto p = split(v.data());
        return gmm_objective(D, K, N, p.alphas, p.means, p.icf, p.x, *p.gamma, 2);
      },
      [&](const T *v, T *d) {
        auto p = split(v);
        auto g = split(d);
        return gmm_objective_grad(D, K, N, p.alphas, p.means, p.icf, p.x, *p.gamma, 2, g.alphas,
                                  g.means, g.icf, g.x, g.gamma);
      },
      [&](const T *v, T s, T *d) {
        auto p = split(v);
        auto g = split(d);
        gmm_objective_vjp(D, K, N, p.alphas, p.means, p.icf, p.x, *p.gamma, 2, s, g.alphas,
                          g.means, g.icf, g.x, g.gamma);
      },
      at);
}

template <class T> void checks() {
  std::array<T, Params> at{};
  for (size_t i = 0; i < Params; ++i)
    at[i] = T(0.1) * T((i * 7) % 11) - T(0.45);
  at[Params - 1] = T(1.5); // gamma
  check_at<T>(at);
}

int main() {
  checks<double>();
  checks<float>();
}
#endif
// EXEC-NOT: MISMATCH
// EXEC: gmm_objective{{.*}} ok
// EXEC: gmm_objective{{.*}} ok
