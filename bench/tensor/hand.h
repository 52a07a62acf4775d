// The hand-written competitors of bench_tensor: the five matrix products of
// the MLP alone (the lower bound), a fused MLP gradient as a careful human
// writes it (cblas for the products, one loop each for bias + tanh, loss,
// and their backward), and a single loop for the Gaussian sum.
#pragma once
#include <cblas.h>

#include <cmath>
#include <cstdint>
#include <vector>

namespace hand {

// Sizes of workload 1.
constexpr int kBatch = 64, kIn = 784, kHidden = 128, kOut = 10;

// Scratch buffers and the five products. All matrices row-major: X [B, In],
// W1 [H, In], W2 [O, H], Y [B, O].
struct Mlp {
  std::vector<float> A = std::vector<float>(kBatch * kHidden);  // X W1^T (+ b1), then H
  std::vector<float> Z = std::vector<float>(kBatch * kOut);     // H W2^T (+ b2), then G
  std::vector<float> dH = std::vector<float>(kBatch * kHidden); // G W2, then dA

  // (b) The five products, nothing else: forward X W1^T and H W2^T, backward
  // dW2 += G^T H, dH = G W2, dW1 += dH^T X (G and dH are whatever the buffers
  // hold: the products' time does not depend on the values).
  void products(const float *X, const float *W1, const float *W2, float *dW1, float *dW2) {
    cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasTrans, kBatch, kHidden, kIn, 1.0f, X, kIn, W1,
                kIn, 0.0f, A.data(), kHidden);
    cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasTrans, kBatch, kOut, kHidden, 1.0f, A.data(),
                kHidden, W2, kHidden, 0.0f, Z.data(), kOut);
    cblas_sgemm(CblasRowMajor, CblasTrans, CblasNoTrans, kOut, kHidden, kBatch, 1.0f, Z.data(), kOut,
                A.data(), kHidden, 1.0f, dW2, kHidden);
    cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasNoTrans, kBatch, kHidden, kOut, 1.0f, Z.data(),
                kOut, W2, kHidden, 0.0f, dH.data(), kHidden);
    cblas_sgemm(CblasRowMajor, CblasTrans, CblasNoTrans, kHidden, kIn, kBatch, 1.0f, dH.data(),
                kHidden, X, kIn, 1.0f, dW1, kIn);
  }

  // (d) The fused gradient: the same five products plus one loop per
  // elementwise stage. Accumulates into dW1, db1, dW2, db2 (like f_grad);
  // returns the loss.
  float grad(const float *X, const float *W1, const float *b1, const float *W2, const float *b2,
             const float *Y, float *dW1, float *db1, float *dW2, float *db2) {
    float *H = A.data(), *G = Z.data(), *dA = dH.data();
    cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasTrans, kBatch, kHidden, kIn, 1.0f, X, kIn, W1,
                kIn, 0.0f, H, kHidden);
    for (int i = 0; i < kBatch; ++i)
      for (int j = 0; j < kHidden; ++j)
        H[i * kHidden + j] = std::tanh(H[i * kHidden + j] + b1[j]);
    cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasTrans, kBatch, kOut, kHidden, 1.0f, H, kHidden, W2,
                kHidden, 0.0f, G, kOut);
    // Loss (accumulated in double, as adgen's and PyTorch's mean) and its
    // gradient G = 2 (Z - Y) / (B O), in place; db2 += column sums of G.
    double loss = 0;
    const float norm = 2.0f / (kBatch * kOut);
    for (int i = 0; i < kBatch; ++i)
      for (int j = 0; j < kOut; ++j) {
        float r = G[i * kOut + j] + b2[j] - Y[i * kOut + j];
        loss += static_cast<double>(r) * r;
        G[i * kOut + j] = norm * r;
        db2[j] += G[i * kOut + j];
      }
    cblas_sgemm(CblasRowMajor, CblasTrans, CblasNoTrans, kOut, kHidden, kBatch, 1.0f, G, kOut, H,
                kHidden, 1.0f, dW2, kHidden);
    cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasNoTrans, kBatch, kHidden, kOut, 1.0f, G, kOut, W2,
                kHidden, 0.0f, dA, kHidden);
    // Through tanh; db1 += column sums.
    for (int i = 0; i < kBatch; ++i)
      for (int j = 0; j < kHidden; ++j) {
        float h = H[i * kHidden + j];
        float g = dA[i * kHidden + j] * (1.0f - h * h);
        dA[i * kHidden + j] = g;
        db1[j] += g;
      }
    cblas_sgemm(CblasRowMajor, CblasTrans, CblasNoTrans, kHidden, kIn, kBatch, 1.0f, dA, kHidden, X,
                kIn, 1.0f, dW1, kIn);
    return static_cast<float>(loss / (kBatch * kOut));
  }
};

// Workload 2 by hand: s = sum exp(-(x_i - mu)^2); dx_i += -2 d_i e_i,
// dmu += sum 2 d_i e_i. One pass, no temporaries. Accumulates like f_grad.
inline double gauss_sum(const double *x, int64_t n, double mu, double *dx, double *dmu) {
  double s = 0, gm = 0;
  for (int64_t i = 0; i < n; ++i) {
    double d = x[i] - mu;
    double e = std::exp(-d * d);
    s += e;
    double g = 2.0 * d * e;
    dx[i] -= g;
    gm += g;
  }
  *dmu += gm;
  return s;
}

} // namespace hand
