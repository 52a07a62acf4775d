// Hand-written gradient of the GMM objective (gmm_objective.inc): the
// "Manual" baseline. One pass over the points; per point and cluster the
// forward values Q(x - mu) are kept in a k*d buffer and the reverse of that
// point runs right after it. No allocation once the workspace has grown.
#ifndef ADGEN_BENCH_ADBENCH_GMM_HAND_H
#define ADGEN_BENCH_ADBENCH_GMM_HAND_H

#include <algorithm>
#include <cmath>
#include <vector>

namespace adb {

// Scratch space, reused from call to call.
struct GmmHandWorkspace {
  std::vector<double> qdiag, sum_q; // exp(q), sum(q) per cluster
  std::vector<double> diff, qdiff;  // x - mu and Q(x - mu), k*d each
  std::vector<double> main_term;    // k
  std::vector<double> d_out;        // d
};

// Returns gmm_objective(...) and WRITES (does not add) its gradient with
// respect to alphas (k), means (k*d) and icf (k*d(d+1)/2).
inline double gmm_hand_gradient(int d, int k, int n, const double* alphas, const double* means,
                                const double* icf, const double* x, double wishart_gamma,
                                int wishart_m, double* d_alphas, double* d_means, double* d_icf,
                                GmmHandWorkspace& ws) {
  const int icf_sz = d * (d + 1) / 2;
  ws.qdiag.resize(std::size_t(k) * d);
  ws.sum_q.resize(k);
  ws.diff.resize(std::size_t(k) * d);
  ws.qdiff.resize(std::size_t(k) * d);
  ws.main_term.resize(k);
  ws.d_out.resize(d);
  double* qdiag = ws.qdiag.data();
  double* diff = ws.diff.data();
  double* qdiff = ws.qdiff.data();
  double* main_term = ws.main_term.data();
  double* d_out = ws.d_out.data();

  for (int ik = 0; ik < k; ++ik) {
    double s = 0;
    for (int j = 0; j < d; ++j) {
      s += icf[ik * icf_sz + j];
      qdiag[ik * d + j] = std::exp(icf[ik * icf_sz + j]);
    }
    ws.sum_q[ik] = s;
  }
  std::fill(d_alphas, d_alphas + k, 0.0);
  std::fill(d_means, d_means + std::size_t(k) * d, 0.0);
  std::fill(d_icf, d_icf + std::size_t(k) * icf_sz, 0.0);

  double slse = 0;
  for (int ix = 0; ix < n; ++ix) {
    const double* xi = &x[std::size_t(ix) * d];
    // Forward: main_term_k = alpha_k + sum(q_k) - |Q_k (x - mu_k)|^2 / 2.
    double mx = -HUGE_VAL;
    for (int ik = 0; ik < k; ++ik) {
      const double* mu = &means[ik * d];
      const double* qd = &qdiag[ik * d];
      const double* l = &icf[ik * icf_sz + d];
      double* df = &diff[ik * d];
      double* out = &qdiff[ik * d];
      for (int j = 0; j < d; ++j) {
        df[j] = xi[j] - mu[j];
        out[j] = qd[j] * df[j];
      }
      int idx = 0; // l is stored column by column: walk it in order
      for (int i = 0; i < d; ++i)
        for (int j = i + 1; j < d; ++j)
          out[j] += l[idx++] * df[i];
      double sq = 0;
      for (int j = 0; j < d; ++j)
        sq += out[j] * out[j];
      main_term[ik] = alphas[ik] + ws.sum_q[ik] - 0.5 * sq;
      mx = std::max(mx, main_term[ik]);
    }
    double se = 0;
    for (int ik = 0; ik < k; ++ik) {
      main_term[ik] = std::exp(main_term[ik] - mx); // now the unnormalised weights
      se += main_term[ik];
    }
    slse += std::log(se) + mx;

    // Reverse: d lse / d main_term_k is the posterior weight w_k.
    const double inv_se = 1 / se;
    for (int ik = 0; ik < k; ++ik) {
      const double wk = main_term[ik] * inv_se;
      const double* qd = &qdiag[ik * d];
      const double* l = &icf[ik * icf_sz + d];
      const double* df = &diff[ik * d];
      const double* out = &qdiff[ik * d];
      double* g_mu = &d_means[ik * d];
      double* g_q = &d_icf[ik * icf_sz];
      double* g_l = g_q + d;
      d_alphas[ik] += wk;
      for (int j = 0; j < d; ++j) {
        d_out[j] = -wk * out[j];                    // adjoint of Q(x - mu)
        g_q[j] += wk + d_out[j] * qd[j] * df[j];    // sum(q) and exp(q) on the diagonal
        g_mu[j] -= d_out[j] * qd[j];                // diagonal part of -Q^T d_out
      }
      int idx = 0;
      for (int i = 0; i < d; ++i) {
        double g_diff_i = 0;
        for (int j = i + 1; j < d; ++j) {
          g_l[idx] += d_out[j] * df[i];
          g_diff_i += l[idx] * d_out[j];
          ++idx;
        }
        g_mu[i] -= g_diff_i;
      }
    }
  }

  // - n * logsumexp(alphas)
  double amax = alphas[0];
  for (int ik = 1; ik < k; ++ik)
    amax = std::max(amax, alphas[ik]);
  double ase = 0;
  for (int ik = 0; ik < k; ++ik)
    ase += std::exp(alphas[ik] - amax);
  const double lse_alphas = std::log(ase) + amax;
  for (int ik = 0; ik < k; ++ik)
    d_alphas[ik] -= n * std::exp(alphas[ik] - lse_alphas);

  // - prior, prior = sum_k 1/2 gamma^2 (|exp(q_k)|^2 + |l_k|^2) - m sum(q_k)
  const double g2 = wishart_gamma * wishart_gamma;
  double prior = 0;
  for (int ik = 0; ik < k; ++ik) {
    for (int j = 0; j < d; ++j) {
      const double e = qdiag[ik * d + j];
      prior += 0.5 * g2 * e * e - wishart_m * icf[ik * icf_sz + j];
      d_icf[ik * icf_sz + j] += wishart_m - g2 * e * e;
    }
    for (int j = d; j < icf_sz; ++j) {
      const double v = icf[ik * icf_sz + j];
      prior += 0.5 * g2 * v * v;
      d_icf[ik * icf_sz + j] -= g2 * v;
    }
  }
  return slse - n * lse_alphas - prior;
}

} // namespace adb

#endif
