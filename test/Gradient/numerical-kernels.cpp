// Numerical kernels written the way people write them, on the newest
// features: loops (for, while, do-while, nested, counting down, two index
// variables, data-dependent trip counts, floating loop variables), branches
// inside loops and loops inside branches, pointer rows and pointer
// arithmetic, and inlined helpers with loops and early returns. ODE
// integrators (RK4, Euler), k-means, Newton on a Horner polynomial,
// logsumexp and softmax cross-entropy, hinge/Huber/smooth-L1/logistic losses,
// piecewise-linear interpolation, arm kinematics, a Lennard-Jones energy with
// a cutoff, GRU and LSTM cells over a sequence, quadrature, SGD with momentum
// and Adam. Every floating parameter is active and checked (points and data
// too), at points away from the kinks and on every branch path, against the
// long-double oracle, for double and float; f_grad's value is also checked
// bit for bit against f.
//
// Some of these broke adgen before e8b33f6 and 3cbc88a: a local pointer
// advanced in a loop (kmeans_if, matvec_norm), a loop-carried variable
// overwritten before it is read (newton_tol, gauss_seidel), else-if chains of
// early returns (early_loops, smoothstep), enum class locals (phases), values
// only read by the conditions of the reverse pass (gated_l2).
//
// RUN: rm -rf %t && mkdir -p %t
// RUN: %adgen %s -o %t/numerical-kernels.grad.h -- -std=c++17
// RUN: FileCheck %s < %t/numerical-kernels.grad.h
// RUN: %cxx -I%t %s -o %t/gcc && %t/gcc | FileCheck %s --check-prefix=EXEC
// RUN: %clangxx -I%t %s -o %t/clang && %t/clang | FileCheck %s --check-prefix=EXEC

#include <adgen/adgen.h>
#include <cmath>
#include <cstddef>

enum class Phase { Accelerate, Cruise };

#define FUNCTIONS(T, MARK)                                                      \
  /* --- ODE integrators ------------------------------------------------- */   \
  inline T ode_rhs(T y, T k) { return -k * y + std::sin(y); }                   \
  /* y' = -k y + sin(y), classic fixed-step RK4 */                              \
  MARK T rk4_scalar(T y0, T k, int steps) {                                     \
    T y = y0;                                                                   \
    const T h = T(0.1);                                                         \
    for (int s = 0; s < steps; ++s) {                                           \
      T k1 = ode_rhs(y, k);                                                     \
      T k2 = ode_rhs(y + T(0.5) * h * k1, k);                                   \
      T k3 = ode_rhs(y + T(0.5) * h * k2, k);                                   \
      T k4 = ode_rhs(y + h * k3, k);                                            \
      y += h / 6 * (k1 + 2 * k2 + 2 * k3 + k4);                                 \
    }                                                                           \
    return y;                                                                   \
  }                                                                             \
  /* damped pendulum th'' = -w^2 sin(th) - c th', RK4, two carried states */    \
  MARK T rk4_pendulum(T th0, T om0, T w, T c, T h, int steps) {                 \
    T th = th0, om = om0;                                                       \
    for (int s = 0; s < steps; ++s) {                                           \
      T a1 = om;                                                                \
      T b1 = -w * w * std::sin(th) - c * om;                                    \
      T a2 = om + T(0.5) * h * b1;                                              \
      T b2 = -w * w * std::sin(th + T(0.5) * h * a1) - c * a2;                  \
      T a3 = om + T(0.5) * h * b2;                                              \
      T b3 = -w * w * std::sin(th + T(0.5) * h * a2) - c * a3;                  \
      T a4 = om + h * b3;                                                       \
      T b4 = -w * w * std::sin(th + h * a3) - c * a4;                           \
      th += h / 6 * (a1 + 2 * a2 + 2 * a3 + a4);                                \
      om += h / 6 * (b1 + 2 * b2 + 2 * b3 + b4);                                \
    }                                                                           \
    return th * th + T(0.5) * om;                                               \
  }                                                                             \
  /* explicit Euler of x'' = -x - c x', position and velocity carried */        \
  MARK T euler_oscillator(T x0, T v0, T c, int steps) {                         \
    T x = x0, v = v0;                                                           \
    T h = T(0.05);                                                              \
    int s = 0;                                                                  \
    while (s < steps) {                                                         \
      T a = -x - c * v;                                                         \
      x = x + h * v;                                                            \
      v = v + h * a;                                                            \
      s++;                                                                      \
    }                                                                           \
    return x * v + x;                                                           \
  }                                                                             \
  /* y' = -a y integrated up to t_end, the last step shortened */               \
  MARK T integrate_until(T y0, T a, T t_end) {                                  \
    T t = 0, y = y0;                                                            \
    T h = T(0.1);                                                               \
    while (t < t_end) {                                                         \
      T step = std::fmin(h, t_end - t);                                         \
      y = y + step * (-a * y);                                                  \
      t += step;                                                                \
    }                                                                           \
    return y;                                                                   \
  }                                                                             \
  /* --- clustering, pointer rows ----------------------------------------- */  \
  inline T sqdist2(const T *a, const T *b) {                                    \
    T dx = a[0] - b[0];                                                         \
    T dy = a[1] - b[1];                                                         \
    return dx * dx + dy * dy;                                                   \
  }                                                                             \
  MARK T kmeans_fmin(const T *pts, const T *cent, int n, int k) {               \
    T total = 0;                                                                \
    for (int i = 0; i < n; ++i) {                                               \
      const T *p = pts + 2 * i;                                                 \
      T best = sqdist2(p, cent);                                                \
      for (int c = 1; c < k; ++c)                                               \
        best = std::fmin(best, sqdist2(p, &cent[2 * c]));                       \
      total += best;                                                            \
    }                                                                           \
    return total / n;                                                           \
  }                                                                             \
  /* if-based argmin over centroids in d dimensions, a local row pointer */     \
  MARK T kmeans_if(const T *pts, const T *cent, int n, int k, int d) {          \
    T total = 0;                                                                \
    const T *p = pts;                                                           \
    for (int i = 0; i < n; ++i) {                                               \
      T best = 0;                                                               \
      int which = -1;                                                           \
      for (int c = 0; c < k; ++c) {                                             \
        T dist = 0;                                                             \
        for (int j = 0; j < d; ++j) {                                           \
          T diff = p[j] - cent[c * d + j];                                      \
          dist += diff * diff;                                                  \
        }                                                                       \
        if (which < 0 || dist < best) {                                         \
          best = dist;                                                          \
          which = c;                                                            \
        }                                                                       \
      }                                                                         \
      total += best;                                                            \
      p += d;                                                                   \
    }                                                                           \
    return total;                                                               \
  }                                                                             \
  /* --- polynomials and root finding -------------------------------------- */ \
  inline T poly(const T *c, int n, T x) {                                       \
    T r = c[n - 1];                                                             \
    for (int i = n - 2; i >= 0; --i)                                            \
      r = r * x + c[i];                                                         \
    return r;                                                                   \
  }                                                                             \
  inline T dpoly(const T *c, int n, T x) {                                      \
    T r = (n - 1) * c[n - 1];                                                   \
    for (int i = n - 2; i >= 1; --i)                                            \
      r = r * x + i * c[i];                                                     \
    return r;                                                                   \
  }                                                                             \
  MARK T newton_root(const T *c, int n, T x0) {                                 \
    T x = x0;                                                                   \
    int it = 0;                                                                 \
    do {                                                                        \
      x = x - poly(c, n, x) / dpoly(c, n, x);                                   \
      ++it;                                                                     \
    } while (it < 8);                                                           \
    return x;                                                                   \
  }                                                                             \
  /* Newton until the step is small: a data-dependent trip count */            \
  MARK T newton_tol(const T *c, int n, T x0, T tol) {                           \
    T x = x0;                                                                   \
    T dx = 0;                                                                   \
    int it = 0;                                                                 \
    do {                                                                        \
      dx = poly(c, n, x) / dpoly(c, n, x);                                      \
      x -= dx;                                                                  \
      it++;                                                                     \
    } while (std::fabs(dx) > tol && it < 30);                                   \
    return x * x;                                                               \
  }                                                                             \
  /* least squares fit of a polynomial: helper loop inside a loop */            \
  MARK T poly_fit(const T *c, int deg, const T *xs, const T *ys, int n) {       \
    T s = 0;                                                                    \
    for (int i = 0; i < n; ++i) {                                               \
      T e = poly(c, deg + 1, xs[i]) - ys[i];                                    \
      s += e * e;                                                               \
    }                                                                           \
    return T(0.5) * s;                                                          \
  }                                                                             \
  /* --- classification losses -------------------------------------------- */  \
  MARK T logsumexp_if(const T *x, int n) {                                      \
    T m = x[0];                                                                 \
    for (int i = 1; i < n; ++i)                                                 \
      if (x[i] > m)                                                             \
        m = x[i];                                                               \
    T s = 0;                                                                    \
    for (int i = 0; i < n; ++i)                                                 \
      s += std::exp(x[i] - m);                                                  \
    return m + std::log(s);                                                     \
  }                                                                             \
  MARK T softmax_xent(const T *z, int n, int label) {                           \
    T m = z[0];                                                                 \
    for (int i = 1; i < n; ++i)                                                 \
      m = std::fmax(m, z[i]);                                                   \
    T s = 0, zl = 0;                                                            \
    for (int i = 0; i < n; ++i) {                                               \
      s += std::exp(z[i] - m);                                                  \
      if (i == label)                                                           \
        zl = z[i];                                                              \
    }                                                                           \
    return std::log(s) + m - zl;                                                \
  }                                                                             \
  /* a linear layer (W is k x d) then softmax cross-entropy */                  \
  MARK T linear_xent(const T *W, const T *x, int k, int d, int label) {         \
    T m = 0, s = 0, zl = 0;                                                     \
    for (int c = 0; c < k; ++c) {                                               \
      T z = 0;                                                                  \
      const T *row = W + c * d;                                                 \
      for (int j = 0; j < d; ++j)                                               \
        z += row[j] * x[j];                                                     \
      if (c == 0) {                                                             \
        m = z;                                                                  \
        s = 1;                                                                  \
      } else if (z > m) {                                                       \
        s = s * std::exp(m - z) + 1;                                            \
        m = z;                                                                  \
      } else {                                                                  \
        s += std::exp(z - m);                                                   \
      }                                                                         \
      if (c == label)                                                           \
        zl = z;                                                                 \
    }                                                                           \
    return m + std::log(s) - zl;                                                \
  }                                                                             \
  MARK T hinge(const T *w, T b, const T *X, const T *y, int n, int d, T lam) {  \
    T loss = 0;                                                                 \
    for (int i = 0; i < n; ++i) {                                               \
      T score = b;                                                              \
      for (int j = 0; j < d; ++j)                                               \
        score += w[j] * X[i * d + j];                                           \
      T margin = y[i] * score;                                                  \
      if (margin < 1)                                                           \
        loss += 1 - margin;                                                     \
    }                                                                           \
    T reg = 0;                                                                  \
    for (int j = 0; j < d; ++j)                                                 \
      reg += w[j] * w[j];                                                       \
    return loss / n + lam * reg;                                                \
  }                                                                             \
  inline T sigmoid(T z) {                                                       \
    if (z >= 0) {                                                               \
      T e = std::exp(-z);                                                       \
      return 1 / (1 + e);                                                       \
    }                                                                           \
    T e = std::exp(z);                                                          \
    return e / (1 + e);                                                         \
  }                                                                             \
  inline T softplus(T z) {                                                      \
    if (z > 20)                                                                 \
      return z;                                                                 \
    return std::log1p(std::exp(z));                                             \
  }                                                                             \
  MARK T logistic_nll(const T *w, const T *X, const T *y, int n, int d) {       \
    T nll = 0;                                                                  \
    for (int i = 0; i < n; ++i) {                                               \
      T z = 0;                                                                  \
      const T *xi = X + i * d;                                                  \
      for (int j = 0; j < d; ++j)                                               \
        z += w[j] * xi[j];                                                      \
      nll += softplus(z) - y[i] * z;                                            \
    }                                                                           \
    return nll;                                                                 \
  }                                                                             \
  /* --- regression losses ------------------------------------------------ */  \
  MARK T huber_sum(const T *r, int n, T delta) {                                \
    T s = 0;                                                                    \
    for (int i = 0; i < n; ++i) {                                               \
      T a = std::fabs(r[i]);                                                    \
      if (a <= delta)                                                           \
        s += T(0.5) * r[i] * r[i];                                              \
      else                                                                      \
        s += delta * (a - T(0.5) * delta);                                      \
    }                                                                           \
    return s;                                                                   \
  }                                                                             \
  MARK T smooth_l1(const T *pred, const T *target, int n, T beta) {             \
    T s = 0;                                                                    \
    for (int i = 0; i < n; ++i) {                                               \
      T d = pred[i] - target[i];                                                \
      T a = d < 0 ? -d : d;                                                     \
      s += a < beta ? T(0.5) * d * d / beta : a - T(0.5) * beta;                \
    }                                                                           \
    return s / n;                                                               \
  }                                                                             \
  MARK T ar1_nll(const T *x, int n, T phi, T log_sigma) {                       \
    T sigma2 = std::exp(2 * log_sigma);                                         \
    T s = 0;                                                                    \
    for (int t = 1; t < n; ++t) {                                               \
      T e = x[t] - phi * x[t - 1];                                              \
      s += e * e;                                                               \
    }                                                                           \
    return T(0.5) * s / sigma2 + (n - 1) * log_sigma;                           \
  }                                                                             \
  /* --- interpolation ---------------------------------------------------- */  \
  MARK T interp(const T *xs, const T *ys, int n, T x) {                         \
    int i = 0;                                                                  \
    while (i < n - 2 && x > xs[i + 1])                                          \
      ++i;                                                                      \
    T t = (x - xs[i]) / (xs[i + 1] - xs[i]);                                    \
    return ys[i] + t * (ys[i + 1] - ys[i]);                                     \
  }                                                                             \
  /* --- kinematics and physics ------------------------------------------- */  \
  MARK T arm_reach(const T *q, const T *len, int links, T tx, T ty) {           \
    T x = 0, y = 0, th = 0;                                                     \
    for (int i = 0; i < links; ++i) {                                           \
      th += q[i];                                                               \
      x += len[i] * std::cos(th);                                               \
      y += len[i] * std::sin(th);                                               \
    }                                                                           \
    T dx = x - tx, dy = y - ty;                                                 \
    return std::sqrt(dx * dx + dy * dy);                                        \
  }                                                                             \
  MARK T lj_energy(const T *pos, int n, T eps, T sigma, T rc) {                 \
    T e = 0;                                                                    \
    for (int i = 0; i < n; ++i)                                                 \
      for (int j = i + 1; j < n; ++j) {                                         \
        T dx = pos[2 * i] - pos[2 * j];                                         \
        T dy = pos[2 * i + 1] - pos[2 * j + 1];                                 \
        T r2 = dx * dx + dy * dy;                                               \
        if (r2 < rc * rc) {                                                     \
          T s2 = sigma * sigma / r2;                                            \
          T s6 = s2 * s2 * s2;                                                  \
          e += 4 * eps * (s6 * s6 - s6);                                        \
        }                                                                       \
      }                                                                         \
    return e;                                                                   \
  }                                                                             \
  /* --- linear algebra ---------------------------------------------------- */ \
  MARK T matvec_norm(const T *A, const T *x, int m, int n) {                    \
    T s = 0;                                                                    \
    const T *row = A;                                                           \
    for (int i = 0; i < m; ++i) {                                               \
      T yi = 0;                                                                 \
      for (int j = 0; j < n; ++j)                                               \
        yi += row[j] * x[j];                                                    \
      s += yi * yi;                                                             \
      row += n;                                                                 \
    }                                                                           \
    return std::sqrt(s);                                                        \
  }                                                                             \
  /* Gauss-Seidel on a 2x2 system, x and y carried */                           \
  MARK T gauss_seidel(const T *A, const T *b, int iters) {                      \
    T x = 0, y = 0;                                                             \
    for (int k = 0; k < iters; ++k) {                                           \
      x = (b[0] - A[1] * y) / A[0];                                             \
      y = (b[1] - A[2] * x) / A[3];                                             \
    }                                                                           \
    return x + 2 * y;                                                           \
  }                                                                             \
  inline T norm2(const T *v, int d) {                                           \
    T s = 0;                                                                    \
    for (int j = 0; j < d; ++j)                                                 \
      s += v[j] * v[j];                                                         \
    return std::sqrt(s);                                                        \
  }                                                                             \
  MARK T sum_of_norms(const T *m, int r, int c) {                               \
    T s = 0;                                                                    \
    for (int i = 0; i < r; ++i)                                                 \
      s += norm2(m + i * c, c) * (i + 1);                                       \
    return s;                                                                   \
  }                                                                             \
  /* triangular double loop with a branch on the diagonal */                    \
  MARK T rbf_sum(const T *x, int n, T ls) {                                     \
    T s = 0;                                                                    \
    for (int i = 0; i < n; ++i)                                                 \
      for (int j = 0; j <= i; ++j) {                                            \
        T d = (x[i] - x[j]) / ls;                                               \
        T w = i == j ? T(0.5) : T(1);                                           \
        s += w * std::exp(-T(0.5) * d * d);                                     \
      }                                                                         \
    return s;                                                                   \
  }                                                                             \
  /* --- recurrent cells --------------------------------------------------- */ \
  /* W: wz uz bz wr ur br wh uh bh */                                           \
  MARK T gru(const T *xs, int len, const T *W, T h0) {                          \
    T h = h0;                                                                   \
    for (int t = 0; t < len; ++t) {                                             \
      T x = xs[t];                                                              \
      T z = sigmoid(W[0] * x + W[1] * h + W[2]);                                \
      T r = sigmoid(W[3] * x + W[4] * h + W[5]);                                \
      T hc = std::tanh(W[6] * x + W[7] * (r * h) + W[8]);                       \
      h = (1 - z) * h + z * hc;                                                 \
    }                                                                           \
    return h;                                                                   \
  }                                                                             \
  MARK T lstm(const T *xs, int len, T wi, T wf, T wo, T wg, T u) {              \
    T h = 0, c = 0;                                                             \
    for (int t = 0; t < len; ++t) {                                             \
      T x = xs[t];                                                              \
      T i = sigmoid(wi * x + u * h);                                            \
      T f = sigmoid(wf * x + u * h + 1);                                        \
      T o = sigmoid(wo * x + u * h);                                            \
      T g = std::tanh(wg * x + u * h);                                          \
      c = f * c + i * g;                                                        \
      h = o * std::tanh(c);                                                     \
    }                                                                           \
    return h + c;                                                               \
  }                                                                             \
  /* --- series, quadrature, recurrences ---------------------------------- */  \
  MARK T exp_series(T x, int terms) {                                           \
    T term = 1, s = 1;                                                          \
    for (int k = 1; k < terms; ++k) {                                           \
      term *= x / k;                                                            \
      s += term;                                                                \
    }                                                                           \
    return s;                                                                   \
  }                                                                             \
  /* tanh by its continued fraction, evaluated from the tail (counting down) */ \
  MARK T cf_tanh(T x, int depth) {                                              \
    T x2 = x * x;                                                               \
    T t = 2 * depth + 1;                                                        \
    for (int k = depth - 1; k >= 0; k--)                                        \
      t = (2 * k + 1) + x2 / t;                                                 \
    return x / t;                                                               \
  }                                                                             \
  MARK T discounted_return(const T *r, int n, T gamma) {                        \
    T g = 0;                                                                    \
    for (int t = n - 1; t >= 0; --t)                                            \
      g = r[t] + gamma * g;                                                     \
    return g;                                                                   \
  }                                                                             \
  inline T simpson_f(T x, T a) { return std::exp(-a * x * x) * std::cos(x); }   \
  MARK T simpson(T lo, T hi, T a, int n) {                                      \
    T h = (hi - lo) / n;                                                        \
    T s = simpson_f(lo, a) + simpson_f(hi, a);                                  \
    for (int i = 1; i < n; ++i) {                                               \
      T x = lo + i * h;                                                         \
      if (i % 2 == 1)                                                           \
        s += 4 * simpson_f(x, a);                                               \
      else                                                                      \
        s += 2 * simpson_f(x, a);                                               \
    }                                                                           \
    return s * h / 3;                                                           \
  }                                                                             \
  /* two indices walking towards each other */                                  \
  MARK T mirror(const T *x, int n) {                                            \
    T s = 0;                                                                    \
    int j = n - 1;                                                              \
    for (int i = 0; i < j; ++i) {                                               \
      s += x[i] * std::exp(-x[j]);                                              \
      j--;                                                                      \
    }                                                                           \
    return s;                                                                   \
  }                                                                             \
  MARK T two_index(const T *x, const T *y, int n) {                             \
    T s = 0;                                                                    \
    for (int i = 0, j = n - 1; i < n; ++i) {                                    \
      s += x[i] * y[j] - T(0.25) * x[j] * x[j] * y[i];                          \
      j -= 1;                                                                   \
    }                                                                           \
    return s;                                                                   \
  }                                                                             \
  /* --- helpers with early returns, loops in branches --------------------- */ \
  inline T soft_clip(T v, T lo, T hi) {                                         \
    if (v < lo)                                                                 \
      return lo + T(0.1) * (v - lo);                                            \
    if (v > hi)                                                                 \
      return hi + T(0.1) * (v - hi);                                            \
    return v;                                                                   \
  }                                                                             \
  MARK T clipped_sum(const T *x, int n, T lo, T hi) {                           \
    T s = 0;                                                                    \
    for (int i = 0; i < n; ++i)                                                 \
      s += soft_clip(x[i] * x[i] - 1, lo, hi) * x[i];                           \
    return s;                                                                   \
  }                                                                             \
  MARK T branch_loops(T x, T a, int n) {                                        \
    T r;                                                                        \
    if (x > a) {                                                                \
      r = x;                                                                    \
      for (int i = 0; i < n; ++i)                                               \
        r = std::sqrt(r + a * a);                                               \
    } else {                                                                    \
      r = a;                                                                    \
      int k = n;                                                                \
      while (k > 0) {                                                           \
        r = r * T(0.5) + x * std::cos(r);                                       \
        k--;                                                                    \
      }                                                                         \
    }                                                                           \
    return r * x;                                                               \
  }                                                                             \
  /* halve until below 1: an inner while whose trip count depends on data */    \
  MARK T range_reduce(const T *x, int n) {                                      \
    T s = 0;                                                                    \
    for (int i = 0; i < n; ++i) {                                               \
      T v = x[i];                                                               \
      int k = 0;                                                                \
      while (v > 1) {                                                           \
        v *= T(0.5);                                                            \
        k++;                                                                    \
      }                                                                         \
      s += std::log1p(v) * (k + 1);                                             \
    }                                                                           \
    return s;                                                                   \
  }                                                                             \
  MARK T leaky_product(const T *x, int n, T alpha) {                            \
    T p = 1;                                                                    \
    for (int i = 0; i < n; ++i) {                                               \
      bool neg = x[i] < 0;                                                      \
      T f = neg ? alpha * x[i] : x[i];                                          \
      p *= 1 + f;                                                               \
      p /= 1 + T(0.1) * f * f;                                                  \
    }                                                                           \
    return p;                                                                   \
  }                                                                             \
  /* backtracking line search on f(x) = x^4 / 4 - x + cosh(x) */                \
  inline T ls_f(T x) { return T(0.25) * x * x * x * x - x + std::cosh(x); }     \
  MARK T line_search(T x, T t0) {                                               \
    T g = x * x * x - 1 + std::sinh(x);                                         \
    T fx = ls_f(x);                                                             \
    T t = t0;                                                                   \
    while (ls_f(x - t * g) > fx - T(0.5) * t * g * g)                           \
      t *= T(0.5);                                                              \
    return ls_f(x - t * g);                                                     \
  }                                                                             \
  /* a do-while inside a branch inside a loop, pointer arithmetic *(p + k) */   \
  MARK T loop_branch_do(const T *x, int n, T a) {                               \
    T s = 0;                                                                    \
    for (int i = 0; i < n; ++i) {                                               \
      T v = *(x + i);                                                           \
      if (v > 0) {                                                              \
        int k = 0;                                                              \
        do {                                                                    \
          v = v - T(0.3) * (v * v - a);                                         \
          k++;                                                                  \
        } while (k < i + 1);                                                    \
        s += v;                                                                 \
      } else {                                                                  \
        s -= a * v * v;                                                         \
      }                                                                         \
    }                                                                           \
    return s;                                                                   \
  }                                                                             \
  /* early returns around loops, an else-if chain of returns */                 \
  MARK T early_loops(const T *x, int n, T a) {                                  \
    if (n <= 0)                                                                 \
      return a;                                                                 \
    T s = 0;                                                                    \
    for (int i = 0; i < n; ++i)                                                 \
      s += x[i] * a;                                                            \
    if (s > 1) {                                                                \
      T t = s;                                                                  \
      for (int i = 0; i < n; ++i)                                               \
        t = t * T(0.5) + x[i];                                                  \
      return t;                                                                 \
    } else if (s < -1) {                                                        \
      return -s * s;                                                            \
    }                                                                           \
    T u = 1;                                                                    \
    int k = n;                                                                  \
    do {                                                                        \
      u = u * (1 + x[k - 1] * s);                                               \
      k--;                                                                      \
    } while (k > 0);                                                            \
    return u;                                                                   \
  }                                                                             \
  inline T smoothstep(T e0, T e1, T v) {                                        \
    T t = (v - e0) / (e1 - e0);                                                 \
    if (t < 0)                                                                  \
      return 0;                                                                 \
    else if (t > 1)                                                             \
      return 1;                                                                 \
    return t * t * (3 - 2 * t);                                                 \
  }                                                                             \
  MARK T smoothstep_sum(const T *x, int n, T e0, T e1) {                        \
    T s = 0;                                                                    \
    for (int i = 0; i < n; ++i)                                                 \
      s += smoothstep(e0, e1, x[i]) * x[i];                                     \
    return s;                                                                   \
  }                                                                             \
  /* a state machine in a loop: an enum class local */                          \
  MARK T phases(T v0, T a, T vmax, int steps) {                                 \
    Phase phase = Phase::Accelerate;                                            \
    T v = v0, x = 0;                                                            \
    for (int i = 0; i < steps; ++i) {                                           \
      if (phase == Phase::Accelerate && v > vmax)                               \
        phase = Phase::Cruise;                                                  \
      if (phase == Phase::Accelerate)                                           \
        v = v + T(0.1) * a;                                                     \
      x = x + T(0.1) * v;                                                       \
    }                                                                           \
    return x;                                                                   \
  }                                                                             \
  /* a penalty switched on by a gate and a warm-up count */                     \
  MARK T gated_l2(const T *w, int n, T gate, int warmup) {                      \
    T s = 0;                                                                    \
    if (gate > 0) {                                                             \
      int k = warmup / 2;                                                       \
      if (k > 1) {                                                              \
        for (int i = 0; i < n; ++i)                                             \
          s += w[i] * w[i];                                                     \
      }                                                                         \
    }                                                                           \
    return s + gate;                                                            \
  }                                                                             \
  /* --- index bookkeeping, search, helpers, optimizers ---------------- */     \
  /* flattened index counter across nested loops */                             \
  MARK T flat_counter(const T *x, const T *w, int r, int c) {                   \
    T s = 0;                                                                    \
    int k = 0;                                                                  \
    for (int i = 0; i < r; ++i) {                                               \
      T row = 0;                                                                \
      for (int j = 0; j < c; ++j) {                                             \
        row += w[j] * x[k] * x[k];                                              \
        k++;                                                                    \
      }                                                                         \
      s += std::sin(row) * (i + 1);                                             \
    }                                                                           \
    return s;                                                                   \
  }                                                                             \
  /* triangular: inner trip count from the outer index, counter carried */      \
  MARK T tri_counter(const T *x, int n) {                                       \
    T s = 0;                                                                    \
    int k = 0;                                                                  \
    for (int i = 0; i < n; ++i)                                                 \
      for (int j = 0; j < i; ++j) {                                             \
        s += x[k] * x[j] * x[i];                                                \
        k += 1;                                                                 \
      }                                                                         \
    return s;                                                                   \
  }                                                                             \
  /* conditional extra increment of the loop index */                           \
  MARK T skip_next(const T *x, int n) {                                         \
    T s = 0;                                                                    \
    for (int i = 0; i < n; ++i) {                                               \
      s += x[i] * x[i] * (i + 1);                                               \
      if (x[i] < 0)                                                             \
        i++;                                                                    \
    }                                                                           \
    return s;                                                                   \
  }                                                                             \
  /* counter incremented only on positive entries, used as an index */          \
  MARK T compress(const T *x, const T *w, int n) {                              \
    T s = 0;                                                                    \
    int k = 0;                                                                  \
    for (int i = 0; i < n; ++i) {                                               \
      if (x[i] > 0) {                                                           \
        s += w[k] * x[i] * x[i];                                                \
        k++;                                                                    \
      }                                                                         \
    }                                                                           \
    return s + w[k];                                                            \
  }                                                                             \
  /* a floating loop variable: t += h with h differentiable */                  \
  MARK T riemann(T a, T h, int n) {                                             \
    T s = 0;                                                                    \
    T t = a;                                                                    \
    for (int i = 0; i < n; ++i) {                                               \
      s += std::exp(-t * t) * h;                                                \
      t += h;                                                                   \
    }                                                                           \
    return s;                                                                   \
  }                                                                             \
  /* floating for-variable with a floating condition */                         \
  MARK T riemann_for(T a, T b, T h) {                                           \
    T s = 0;                                                                    \
    for (T t = a; t < b; t += h)                                                \
      s += std::cos(t) * t * h;                                                 \
    return s;                                                                   \
  }                                                                             \
  /* parameters modified in the loop */                                         \
  MARK T param_loop(T x, T a, int n) {                                          \
    while (n > 0) {                                                             \
      x = std::sin(x) + a * x;                                                  \
      n--;                                                                      \
    }                                                                           \
    return x * a;                                                               \
  }                                                                             \
  /* halving an integer parameter: n /= 2 */                                    \
  MARK T halving(const T *x, int n) {                                           \
    T s = 0;                                                                    \
    while (n > 0) {                                                             \
      s = s * x[0] + x[n];                                                      \
      n /= 2;                                                                   \
    }                                                                           \
    return s;                                                                   \
  }                                                                             \
  /* argmax tracked as an int, used as an index after the loop */               \
  MARK T argmax_pick(const T *x, const T *w, int n) {                           \
    int bi = 0;                                                                 \
    T best = x[0];                                                              \
    for (int i = 1; i < n; ++i) {                                               \
      if (x[i] > best) {                                                        \
        best = x[i];                                                            \
        bi = i;                                                                 \
      }                                                                         \
    }                                                                           \
    return w[bi] * best + x[bi];                                                \
  }                                                                             \
  /* a stride parameter, a start parameter */                                   \
  MARK T strided(const T *x, int start, int n, int stride) {                    \
    T s = 0;                                                                    \
    for (int i = start; i < n; i += stride)                                     \
      s += x[i] * x[i - start];                                                 \
    return s;                                                                   \
  }                                                                             \
  /* counting down by 2 */                                                      \
  MARK T down2(const T *x, int n) {                                             \
    T s = 1;                                                                    \
    for (int i = n - 1; i >= 0; i -= 2)                                         \
      s = s * x[i] + T(0.5);                                                    \
    return s;                                                                   \
  }                                                                             \
  /* unsigned counter and long counter */                                       \
  MARK T unsigned_loop(const T *x, unsigned n) {                                \
    T s = 0;                                                                    \
    for (unsigned i = n; i > 0; --i)                                            \
      s = s * T(0.5) + x[i - 1];                                                \
    long k = 0;                                                                 \
    while (k < static_cast<long>(n)) {                                          \
      s += x[k] * x[k];                                                         \
      k++;                                                                      \
    }                                                                           \
    return s;                                                                   \
  }                                                                             \
  /* a bool carried through a loop, flipped with ! */                           \
  MARK T parity(const T *x, int n) {                                            \
    bool odd = false;                                                           \
    T s = 0;                                                                    \
    for (int i = 0; i < n; ++i) {                                               \
      if (x[i] < 0)                                                             \
        odd = !odd;                                                             \
      s += odd ? x[i] * x[i] : x[i];                                            \
    }                                                                           \
    return s;                                                                   \
  }                                                                             \
  /* an empty-body search loop, index used after */                             \
  MARK T first_above(const T *x, int n, T thr) {                                \
    int i = 0;                                                                  \
    for (; i < n - 1 && x[i] < thr; ++i) {                                      \
    }                                                                           \
    return x[i] * thr;                                                          \
  }                                                                             \
  /* mixed precision: double constants in T arithmetic */                       \
  MARK T mixed(const T *x, int n) {                                             \
    T s = 0;                                                                    \
    double acc = 0.5;                                                           \
    for (int i = 0; i < n; ++i) {                                               \
      s += x[i] * 0.1;                                                          \
      acc = acc * x[i] + 1.0;                                                   \
    }                                                                           \
    return s + static_cast<T>(acc);                                             \
  }                                                                             \
  inline T lse2(T a, T b) {                                                     \
    T m = a > b ? a : b;                                                        \
    return m + std::log(std::exp(a - m) + std::exp(b - m));                     \
  }                                                                             \
  inline T sumexp_tail(const T *x, int n) {                                     \
    if (n <= 0)                                                                 \
      return 0;                                                                 \
    T s = 0;                                                                    \
    for (int i = 0; i < n; ++i)                                                 \
      s = lse2(s, x[i]);                                                        \
    return s;                                                                   \
  }                                                                             \
  /* helper with early return before its loop, called in a loop (n may be 0) */ \
  MARK T prefix_lse(const T *x, int n) {                                        \
    T s = 0;                                                                    \
    for (int i = 0; i < n; ++i)                                                 \
      s += sumexp_tail(x, i) * x[i];                                            \
    return s;                                                                   \
  }                                                                             \
  inline T geom(T r, int n) {                                                   \
    T s = 0, p = 1;                                                             \
    for (int i = 0; i < n; ++i) {                                               \
      s += p;                                                                   \
      p *= r;                                                                   \
    }                                                                           \
    return s;                                                                   \
  }                                                                             \
  /* a helper with a loop in a while condition */                               \
  MARK T grow(T r, T target) {                                                  \
    int n = 1;                                                                  \
    while (geom(r, n) < target)                                                 \
      n++;                                                                      \
    return geom(r, n) - target + n;                                             \
  }                                                                             \
  /* pointer forms: k + p, p - k, &p[i], end pointer */                         \
  inline T at_back(const T *end, int k) { return end[-k]; }                     \
  MARK T ptr_forms(const T *x, int n) {                                         \
    const T *end = x + n;                                                       \
    T s = 0;                                                                    \
    for (int i = 1; i <= n; ++i)                                                \
      s += at_back(end, i) * *(1 + x) + *(end - i) * T(i);                      \
    const T *mid = &x[n / 2];                                                   \
    return s + mid[0] * mid[-1];                                                \
  }                                                                             \
  /* last value assigned in a branch in the loop, used after */                 \
  MARK T last_positive(const T *x, int n) {                                     \
    T last = 0;                                                                 \
    T count = 0;                                                                \
    for (int i = 0; i < n; ++i) {                                               \
      if (x[i] > 0) {                                                           \
        last = x[i] * x[i];                                                     \
        count += 1;                                                             \
      }                                                                         \
    }                                                                           \
    return last * count;                                                        \
  }                                                                             \
  /* user names that the generated loop code also uses */                       \
  MARK T names(const T *x, int n) {                                             \
    T s = 0, s_1 = 1, d_s = 0.5;                                                \
    int iterations = 0;                                                         \
    for (int i = 0; i < n; ++i) {                                               \
      T tape_s = s * x[i];                                                      \
      T iterations_k = x[i] * d_s;                                              \
      s = s + tape_s + iterations_k + s_1;                                      \
      s_1 = s_1 * T(0.9);                                                       \
      iterations++;                                                             \
    }                                                                           \
    T i_1 = s * iterations;                                                     \
    return i_1 + s_1;                                                           \
  }                                                                             \
  /* loop condition on an index and a carried float */                          \
  MARK T until_big(const T *x, int n, T cap) {                                  \
    T s = 0;                                                                    \
    int i = 0;                                                                  \
    for (; i < n && s < cap; ++i)                                               \
      s += x[i] * x[i];                                                         \
    return s * x[i - 1];                                                        \
  }                                                                             \
  /* loops in both branches of an if inside a loop, tapes in both */            \
  MARK T branchy_inner(const T *x, int n, T a) {                                \
    T s = 0;                                                                    \
    for (int i = 0; i < n; ++i) {                                               \
      T v = x[i];                                                               \
      if (v > 0) {                                                              \
        for (int k = 0; k < i + 1; ++k)                                         \
          v = std::sin(v) * a + T(0.5);                                         \
      } else {                                                                  \
        int k = 0;                                                              \
        while (k < 2) {                                                         \
          v = v * v - a;                                                        \
          k++;                                                                  \
        }                                                                       \
      }                                                                         \
      s = s * T(0.5) + v;                                                       \
    }                                                                           \
    return s;                                                                   \
  }                                                                             \
  /* while with a data-dependent exit inside a loop, a helper in the test */    \
  inline T energy(T v, T a) {                                                   \
    if (v < 0)                                                                  \
      return -v * a;                                                            \
    return v * v * a;                                                           \
  }                                                                             \
  MARK T relax(const T *x, int n, T a) {                                        \
    T s = 0;                                                                    \
    for (int i = 0; i < n; ++i) {                                               \
      T v = x[i];                                                               \
      int guard = 0;                                                            \
      while (energy(v, a) > T(0.1) && guard < 50) {                             \
        v = v * T(0.7) - T(0.01);                                               \
        guard++;                                                                \
      }                                                                         \
      s += v * x[i] + guard;                                                    \
    }                                                                           \
    return s;                                                                   \
  }                                                                             \
  /* an int-valued helper (not inlined) and a no-grad constant in a loop */     \
  inline int bucket(T v) {                                                      \
    int b = 0;                                                                  \
    while (v > 1 && b < 3) {                                                    \
      v = v - 1;                                                                \
      b++;                                                                      \
    }                                                                           \
    return b;                                                                   \
  }                                                                             \
  MARK T bucketed(const T *x, const T *w, int n) {                              \
    T s = 0;                                                                    \
    for (int i = 0; i < n; ++i) {                                               \
      int b = bucket(x[i]);                                                     \
      s += w[b] * x[i] * x[i];                                                  \
    }                                                                           \
    return s;                                                                   \
  }                                                                             \
  /* a variable assigned in a branch before a loop, then in the loop */         \
  MARK T late_init(T x, int n) {                                                \
    T r;                                                                        \
    if (x > 1)                                                                  \
      r = std::log(x);                                                          \
    else                                                                        \
      r = x - 1;                                                                \
    for (int i = 0; i < n; ++i)                                                 \
      r = r * r + x;                                                            \
    return r;                                                                   \
  }                                                                             \
  /* two sequential loops with the same index name, s carried across */         \
  MARK T two_loops(const T *x, int n) {                                         \
    T s = 1;                                                                    \
    for (int i = 0; i < n; ++i)                                                 \
      s = s * (1 + x[i]);                                                       \
    for (int i = n - 1; i >= 0; --i)                                            \
      s = s / (1 + s * x[i] * x[i]);                                            \
    return s;                                                                   \
  }                                                                             \
  /* the same inlined helper twice per iteration, a loop inside it */           \
  inline T powi(T b, int e) {                                                   \
    T r = 1;                                                                    \
    for (int k = 0; k < e; ++k)                                                 \
      r *= b;                                                                   \
    return r;                                                                   \
  }                                                                             \
  MARK T chebyshev_like(const T *c, int n, T x) {                               \
    T s = 0;                                                                    \
    for (int i = 0; i < n; ++i)                                                 \
      s += c[i] * (powi(x, i) - powi(x, i) * T(0.5) + powi(1 - x, n - i));      \
    return s;                                                                   \
  }                                                                             \
  /* do-while running exactly once; a do-while with a float condition */        \
  MARK T do_once(T x, T y) {                                                    \
    T s = x;                                                                    \
    do {                                                                        \
      s = s * y + 1;                                                            \
    } while (s < -100);                                                         \
    T t = y;                                                                    \
    do {                                                                        \
      t = t * T(1.5) + x * x;                                                   \
    } while (t < 10);                                                           \
    return s * t;                                                               \
  }                                                                             \
  /* the index variable read after the loop */                                  \
  MARK T index_after(const T *x, int n, T thr) {                                \
    int i = 0;                                                                  \
    T s = 0;                                                                    \
    while (i < n) {                                                             \
      s += x[i];                                                                \
      i += 2;                                                                   \
    }                                                                           \
    return s * x[i - 2] + thr * i;                                              \
  }                                                                             \
  /* a loop whose body only has a branch, carried var updated on one path */    \
  MARK T clamp_walk(T x, T lo, T hi, int n) {                                   \
    T p = x;                                                                    \
    for (int i = 0; i < n; ++i) {                                               \
      if (p > hi)                                                               \
        p = hi - T(0.5) * (p - hi);                                             \
      else if (p < lo)                                                          \
        p = lo + T(0.5) * (lo - p);                                             \
      else                                                                      \
        p = p * T(1.8);                                                         \
    }                                                                           \
    return p;                                                                   \
  }                                                                             \
  /* a helper that reassigns its by-value parameters */                         \
  inline T shrink(T v, int n) {                                                 \
    while (n > 0) {                                                             \
      v = v * T(0.5) + T(0.1);                                                  \
      n--;                                                                      \
    }                                                                           \
    return v;                                                                   \
  }                                                                             \
  MARK T no_leak(T s, int k) {                                                  \
    T acc = 0;                                                                  \
    for (int i = 0; i < 3; ++i) {                                               \
      acc += shrink(s, k) * s + k;                                              \
      s = s + T(0.25);                                                          \
    }                                                                           \
    return acc + s * k;                                                         \
  }                                                                             \
  /* argument names swapped against the helper's parameter names */             \
  inline T mix(T s, T t) { return s * s * T(0.5) + std::sin(t) * s; }           \
  MARK T swapped(T t, T s, int n) {                                             \
    for (int i = 0; i < n; ++i) {                                               \
      T u = mix(t, s);                                                          \
      s = mix(s, t);                                                            \
      t = u * T(0.3);                                                           \
    }                                                                           \
    return s + t;                                                               \
  }                                                                             \
  /* a helper returning from a branch that holds a loop */                      \
  inline T mean_or(const T *x, int n, T fallback) {                             \
    if (n > 0) {                                                                \
      T s = 0;                                                                  \
      for (int i = 0; i < n; ++i)                                               \
        s += x[i];                                                              \
      return s / n;                                                             \
    }                                                                           \
    return fallback;                                                            \
  }                                                                             \
  MARK T running_means(const T *x, int n, T f) {                                \
    T s = 0;                                                                    \
    for (int i = 0; i <= n; ++i)                                                \
      s += mean_or(x, i, f) * mean_or(x + i, n - i, f * f);                     \
    return s;                                                                   \
  }                                                                             \
  /* a const-reference helper parameter bound to a carried variable */          \
  inline T step_ref(const T &y, const T &h) { return y + h * std::cos(y); }     \
  MARK T by_ref(T y, T h, int n) {                                              \
    for (int i = 0; i < n; ++i)                                                 \
      y = step_ref(y, h);                                                       \
    return y;                                                                   \
  }                                                                             \
  /* a float-derived start index, a counting-down loop with a variable step */  \
  MARK T float_start(const T *x, T pos, int step) {                             \
    int start = static_cast<int>(pos);                                          \
    T s = 0;                                                                    \
    for (int i = start; i >= 0; i -= step)                                      \
      s = s * pos + x[i];                                                       \
    return s;                                                                   \
  }                                                                             \
  /* an integer chosen by branches, then used as a loop bound */                \
  MARK T branch_bound(const T *x, T a) {                                        \
    int m = 2;                                                                  \
    if (a > 1)                                                                  \
      m = 4;                                                                    \
    else if (a < -1)                                                            \
      m = 0;                                                                    \
    T s = a;                                                                    \
    for (int i = 0; i < m; ++i)                                                 \
      s = s * x[i] + a;                                                         \
    return s;                                                                   \
  }                                                                             \
  /* short-circuit guard on the next element inside a loop */                   \
  MARK T rising(const T *x, int n) {                                            \
    T s = 0;                                                                    \
    for (int i = 0; i < n; ++i) {                                               \
      if (i + 1 < n && x[i + 1] > x[i])                                         \
        s += x[i + 1] - x[i] * x[i];                                            \
      else                                                                      \
        s -= x[i];                                                              \
    }                                                                           \
    return s;                                                                   \
  }                                                                             \
  /* a nested loop whose inner trip count comes from a data-dependent count */  \
  MARK T nested_dynamic(const T *x, int n) {                                    \
    T s = 0;                                                                    \
    int m = 0;                                                                  \
    for (int i = 0; i < n; ++i) {                                               \
      if (x[i] > 0)                                                             \
        m++;                                                                    \
      T t = x[i];                                                               \
      for (int j = 0; j < m; ++j)                                               \
        t = t * T(0.9) + x[j] * s;                                              \
      s += t;                                                                   \
    }                                                                           \
    return s;                                                                   \
  }                                                                             \
  /* an int helper in a while condition */                                      \
  inline int sign_changes(T a, T b) { return (a < 0) != (b < 0); }              \
  MARK T bisect_like(T lo, T hi, T c) {                                         \
    int it = 0;                                                                 \
    T mid = T(0.5) * (lo + hi);                                                 \
    while (it < 12) {                                                           \
      mid = T(0.5) * (lo + hi);                                                 \
      T fm = mid * mid * mid - c;                                               \
      T flo = lo * lo * lo - c;                                                 \
      if (sign_changes(flo, fm))                                                \
        hi = mid;                                                               \
      else                                                                      \
        lo = mid;                                                               \
      it++;                                                                     \
    }                                                                           \
    return mid * c + lo * hi;                                                   \
  }                                                                             \
  /* a carried value stored only in one branch of a nested if in a loop */      \
  MARK T momentum(const T *g, int n, T lr, T beta) {                            \
    T w = 1, v = 0;                                                             \
    for (int t = 0; t < n; ++t) {                                               \
      T grad = g[t] * w;                                                        \
      if (grad > 0) {                                                           \
        if (v > 0)                                                              \
          v = beta * v + grad;                                                  \
        else                                                                    \
          v = grad;                                                             \
      } else {                                                                  \
        v = beta * v - T(0.5) * grad * grad;                                    \
      }                                                                         \
      w -= lr * v;                                                              \
    }                                                                           \
    return w;                                                                   \
  }                                                                             \
  /* Adam-like optimizer state: three carried scalars and a power counter */    \
  MARK T adam(T w0, T lr, T b1, T b2, int steps) {                              \
    T w = w0, m = 0, v = 0, p1 = 1, p2 = 1;                                     \
    for (int t = 0; t < steps; ++t) {                                           \
      T g = 2 * (w - 3) + std::sin(w);                                          \
      m = b1 * m + (1 - b1) * g;                                                \
      v = b2 * v + (1 - b2) * g * g;                                            \
      p1 *= b1;                                                                 \
      p2 *= b2;                                                                 \
      T mh = m / (1 - p1);                                                      \
      T vh = v / (1 - p2);                                                      \
      w -= lr * mh / (std::sqrt(vh) + T(1e-3));                                 \
    }                                                                           \
    return (w - 3) * (w - 3);                                                   \
  }

FUNCTIONS(double, ADGEN_DIFFERENTIABLE)
FUNCTIONS(float, ADGEN_DIFFERENTIABLE)

// Independent iterations with a branch inside: nothing stored, the index
// recomputed from the iteration number.
// CHECK-LABEL: inline double huber_sum_grad(const double* r, int n, double delta, double* d_r, double* d_delta) {
// CHECK-NOT:     Tape
// CHECK:         return s;

// The sigmoid helper (branches, early return) is inlined into the GRU loop.
// CHECK-LABEL: inline double gru_grad(const double* xs, int len, const double* W, double h0, double* d_xs, double* d_W, double* d_h0) {
// CHECK:         adgen::Tape<double> tape_h;
// CHECK-NOT:     sigmoid(
// CHECK:         return h;

// A counting-down recurrence: the carried value is stored, the index is not.
// CHECK-LABEL: inline double discounted_return_grad(const double* r, int n, double gamma, double* d_r, double* d_gamma) {
// CHECK:         adgen::Tape<double> tape_g;
// CHECK-NOT:     Tape<int>
// CHECK:         const int t = n - 1 - static_cast<int>(iterations_k);

// Two index variables walking towards each other in a reduction: fused,
// each iteration's reverse reads i and j where the forward has them.
// CHECK-LABEL: inline double mirror_grad(const double* x, int n, double* d_x) {
// CHECK-NOT:     Tape
// CHECK:           const double t0 = std::exp(-x[j]);
// CHECK:           if (d_x) d_x[i] += d_s * t0;
// CHECK-NEXT:      if (d_x) d_x[j] += -(d_s * x[i] * t0);
// CHECK-NEXT:      s = s_1;
// CHECK-NEXT:      j = j_1;
// CHECK-NEXT:      i = i_1;
// CHECK-NEXT:    }

// A helper with an integer result is called as the primal calls it.
// CHECK-LABEL: inline double bucketed_grad(const double* x, const double* w, int n, double* d_x, double* d_w) {
// CHECK:         ::bucket(x[i])

#ifndef ADGEN_TOOL
#include "numerical-kernels.grad.h"
#include "oracle.h"

#include <cstdio>

using LongDouble = long double;
FUNCTIONS(LongDouble, )

// Every check first compares the value f_grad returns with the value f
// computes in T, bit for bit (docs/generated-api.md), then goes through the
// oracle (central differences in long double on the same body, for f_grad
// and f_vjp). A check prints one line, ending in "ok" when both pass.
template <class T, size_t N, class F, class G, class V>
bool check(const char *name, F f, G g, V v, std::array<T, N> at) {
  std::array<T, N> d{};
  const T primal = f(at);
  const T value = g(at.data(), d.data());
  if (!(primal == value)) {
    std::printf("%s: VALUE DIFFERS f %.17g f_grad %.17g\n", name, double(primal), double(value));
    return false;
  }
  return oracle::check<T, N>(name, f, g, v, at);
}

// All floating parameters are active, and all are checked: the data (points,
// grid, samples) too. Each point is listed with the path it takes.
template <class T> void checks() {
  // rk4_scalar, 10 steps and 0 steps.
  for (int steps : {10, 0}) {
    check<T, 2>(
        "rk4_scalar", [steps](auto v) { return rk4_scalar(v[0], v[1], steps); },
        [steps](const T *x, T *d) { return rk4_scalar_grad(x[0], x[1], steps, &d[0], &d[1]); },
        [steps](const T *x, T s, T *d) { rk4_scalar_vjp(x[0], x[1], steps, s, &d[0], &d[1]); },
        {T(1.2), T(0.7)});
  }
  check<T, 2>(
      "rk4_scalar", [](auto v) { return rk4_scalar(v[0], v[1], 7); },
      [](const T *x, T *d) { return rk4_scalar_grad(x[0], x[1], 7, &d[0], &d[1]); },
      [](const T *x, T s, T *d) { rk4_scalar_vjp(x[0], x[1], 7, s, &d[0], &d[1]); },
      {T(-0.5), T(1.5)});
  check<T, 5>(
      "rk4_pendulum", [](auto v) { return rk4_pendulum(v[0], v[1], v[2], v[3], v[4], 15); },
      [](const T *x, T *d) {
        return rk4_pendulum_grad(x[0], x[1], x[2], x[3], x[4], 15, &d[0], &d[1], &d[2], &d[3],
                                 &d[4]);
      },
      [](const T *x, T s, T *d) {
        rk4_pendulum_vjp(x[0], x[1], x[2], x[3], x[4], 15, s, &d[0], &d[1], &d[2], &d[3], &d[4]);
      },
      {T(0.8), T(-0.3), T(1.5), T(0.2), T(0.05)});
  check<T, 3>(
      "euler_oscillator", [](auto v) { return euler_oscillator(v[0], v[1], v[2], 30); },
      [](const T *x, T *d) { return euler_oscillator_grad(x[0], x[1], x[2], 30, &d[0], &d[1], &d[2]); },
      [](const T *x, T s, T *d) { euler_oscillator_vjp(x[0], x[1], x[2], 30, s, &d[0], &d[1], &d[2]); },
      {T(1), T(0.5), T(0.3)});
  // Six steps, the last one shortened; one short step; no step at all.
  check<T, 3>(
      "integrate_until", [](auto v) { return integrate_until(v[0], v[1], v[2]); },
      [](const T *x, T *d) { return integrate_until_grad(x[0], x[1], x[2], &d[0], &d[1], &d[2]); },
      [](const T *x, T s, T *d) { integrate_until_vjp(x[0], x[1], x[2], s, &d[0], &d[1], &d[2]); },
      {T(2.0), T(0.8), T(0.55)});
  check<T, 3>(
      "integrate_until", [](auto v) { return integrate_until(v[0], v[1], v[2]); },
      [](const T *x, T *d) { return integrate_until_grad(x[0], x[1], x[2], &d[0], &d[1], &d[2]); },
      [](const T *x, T s, T *d) { integrate_until_vjp(x[0], x[1], x[2], s, &d[0], &d[1], &d[2]); },
      {T(2.0), T(0.8), T(0.05)});
  check<T, 3>(
      "integrate_until", [](auto v) { return integrate_until(v[0], v[1], v[2]); },
      [](const T *x, T *d) { return integrate_until_grad(x[0], x[1], x[2], &d[0], &d[1], &d[2]); },
      [](const T *x, T s, T *d) { integrate_until_vjp(x[0], x[1], x[2], s, &d[0], &d[1], &d[2]); },
      {T(1.5), T(0.8), T(-0.2)});

  // 4 points and 3 centroids in 2-D: each centroid nearest to some point.
  check<T, 14>(
      "kmeans_fmin", [](auto v) { return kmeans_fmin(&v[0], &v[8], 4, 3); },
      [](const T *x, T *d) { return kmeans_fmin_grad(&x[0], &x[8], 4, 3, &d[0], &d[8]); },
      [](const T *x, T s, T *d) { kmeans_fmin_vjp(&x[0], &x[8], 4, 3, s, &d[0], &d[8]); },
      {T(0.1), T(0.2), T(1.9), T(0.1), T(0.3), T(2.2), T(2.1), T(1.8),
       T(0), T(0), T(2), T(0.3), T(0.5), T(2)});

  // 3 points, 3 centroids in 3-D.
  check<T, 18>(
      "kmeans_if", [](auto v) { return kmeans_if(&v[0], &v[9], 3, 3, 3); },
      [](const T *x, T *d) { return kmeans_if_grad(&x[0], &x[9], 3, 3, 3, &d[0], &d[9]); },
      [](const T *x, T s, T *d) { kmeans_if_vjp(&x[0], &x[9], 3, 3, 3, s, &d[0], &d[9]); },
      {T(0.1), T(0.2), T(-0.3), T(1.9), T(0.1), T(0.4), T(0.3), T(2.2), T(-1.1),
       T(2), T(0.3), T(0.2), T(0), T(0), T(0), T(0.5), T(2), T(-1)});
  // x^3 - 0.2 x^2 + 0.5 x - 1: one real root near 0.93.
  check<T, 5>(
      "newton_root", [](auto v) { return newton_root(&v[0], 4, v[4]); },
      [](const T *x, T *d) { return newton_root_grad(&x[0], 4, x[4], &d[0], &d[4]); },
      [](const T *x, T s, T *d) { newton_root_vjp(&x[0], 4, x[4], s, &d[0], &d[4]); },
      {T(-1), T(0.5), T(-0.2), T(1), T(1.5)});
  check<T, 6>(
      "newton_tol", [](auto v) { return newton_tol(&v[0], 4, v[4], v[5]); },
      [](const T *x, T *d) { return newton_tol_grad(&x[0], 4, x[4], x[5], &d[0], &d[4], &d[5]); },
      [](const T *x, T s, T *d) { newton_tol_vjp(&x[0], 4, x[4], x[5], s, &d[0], &d[4], &d[5]); },
      {T(-1), T(0.5), T(-0.2), T(1), T(1.5), T(1e-5)});
  // A quadratic fitted to 4 samples.
  check<T, 11>(
      "poly_fit", [](auto v) { return poly_fit(&v[0], 2, &v[3], &v[7], 4); },
      [](const T *x, T *d) { return poly_fit_grad(&x[0], 2, &x[3], &x[7], 4, &d[0], &d[3], &d[7]); },
      [](const T *x, T s, T *d) { poly_fit_vjp(&x[0], 2, &x[3], &x[7], 4, s, &d[0], &d[3], &d[7]); },
      {T(0.5), T(-1), T(0.3), T(-1), T(0), T(0.5), T(2), T(1.7), T(0.4), T(0.1), T(-0.2)});

  // The maximum in the middle, then first.
  check<T, 5>(
      "logsumexp_if", [](auto v) { return logsumexp_if(v.data(), 5); },
      [](const T *x, T *d) { return logsumexp_if_grad(x, 5, d); },
      [](const T *x, T s, T *d) { logsumexp_if_vjp(x, 5, s, d); },
      {T(0.5), T(-1), T(3), T(0.25), T(2.5)});
  check<T, 5>(
      "logsumexp_if", [](auto v) { return logsumexp_if(v.data(), 5); },
      [](const T *x, T *d) { return logsumexp_if_grad(x, 5, d); },
      [](const T *x, T s, T *d) { logsumexp_if_vjp(x, 5, s, d); },
      {T(4), T(-1), T(3), T(0.25), T(2.5)});
  for (int label : {0, 2, 3}) {
    check<T, 4>(
        "softmax_xent", [label](auto v) { return softmax_xent(v.data(), 4, label); },
        [label](const T *x, T *d) { return softmax_xent_grad(x, 4, label, d); },
        [label](const T *x, T s, T *d) { softmax_xent_vjp(x, 4, label, s, d); },
        {T(0.5), T(-1.2), T(2), T(1.1)});
  }
  // Logits 0.3, 1.2, -0.5, 2.0: the running max moves up twice, stays once.
  for (int label : {0, 1, 3}) {
    check<T, 10>(
        "linear_xent", [label](auto v) { return linear_xent(&v[0], &v[8], 4, 2, label); },
        [label](const T *x, T *d) { return linear_xent_grad(&x[0], &x[8], 4, 2, label, &d[0], &d[8]); },
        [label](const T *x, T s, T *d) { linear_xent_vjp(&x[0], &x[8], 4, 2, label, s, &d[0], &d[8]); },
        {T(0.3), T(0), T(1), T(0.2), T(-0.5), T(0), T(1.5), T(0.5), T(1), T(1)});
  }
  // Margins 1.15, 0.45, 0.4, -0.15 (y = +-1): one sample outside the hinge.
  check<T, 16>(
      "hinge", [](auto v) { return hinge(&v[0], v[2], &v[3], &v[11], 4, 2, v[15]); },
      [](const T *x, T *d) {
        return hinge_grad(&x[0], x[2], &x[3], &x[11], 4, 2, x[15], &d[0], &d[2], &d[3], &d[11], &d[15]);
      },
      [](const T *x, T s, T *d) {
        hinge_vjp(&x[0], x[2], &x[3], &x[11], 4, 2, x[15], s, &d[0], &d[2], &d[3], &d[11], &d[15]);
      },
      {T(0.5), T(-0.25), T(0.1), T(2), T(-0.2), T(1), T(0.2), T(-0.5), T(0), T(1), T(1.6),
       T(1), T(1), T(-1), T(1), T(0.01)});
  // Scores 0.1, -1.3, 25.5: the last through softplus' z > 20 branch.
  check<T, 11>(
      "logistic_nll", [](auto v) { return logistic_nll(&v[0], &v[2], &v[8], 3, 2); },
      [](const T *x, T *d) { return logistic_nll_grad(&x[0], &x[2], &x[8], 3, 2, &d[0], &d[2], &d[8]); },
      [](const T *x, T s, T *d) { logistic_nll_vjp(&x[0], &x[2], &x[8], 3, 2, s, &d[0], &d[2], &d[8]); },
      {T(1.5), T(-0.5), T(0.2), T(0.4), T(-1), T(-0.4), T(17), T(0), T(1), T(0), T(1)});

  check<T, 5>(
      "huber_sum", [](auto v) { return huber_sum(v.data(), 4, v[4]); },
      [](const T *x, T *d) { return huber_sum_grad(x, 4, x[4], d, &d[4]); },
      [](const T *x, T s, T *d) { huber_sum_vjp(x, 4, x[4], s, d, &d[4]); },
      {T(0.3), T(-2.5), T(1.7), T(-0.4), T(1)});
  check<T, 9>(
      "smooth_l1", [](auto v) { return smooth_l1(&v[0], &v[4], 4, v[8]); },
      [](const T *x, T *d) { return smooth_l1_grad(&x[0], &x[4], 4, x[8], &d[0], &d[4], &d[8]); },
      [](const T *x, T s, T *d) { smooth_l1_vjp(&x[0], &x[4], 4, x[8], s, &d[0], &d[4], &d[8]); },
      {T(0.3), T(-2.5), T(1.7), T(-0.4), T(0.1), T(-0.5), T(0.2), T(0.2), T(0.8)});
  check<T, 7>(
      "ar1_nll", [](auto v) { return ar1_nll(&v[0], 5, v[5], v[6]); },
      [](const T *x, T *d) { return ar1_nll_grad(&x[0], 5, x[5], x[6], &d[0], &d[5], &d[6]); },
      [](const T *x, T s, T *d) { ar1_nll_vjp(&x[0], 5, x[5], x[6], s, &d[0], &d[5], &d[6]); },
      {T(0.3), T(0.5), T(0.1), T(-0.4), T(-0.2), T(0.7), T(-0.3)});

  // Left of the grid, each of the 3 intervals, right of the grid.
  for (T x : {T(-0.5), T(0.4), T(1.3), T(2.6), T(3.5)}) {
    check<T, 9>(
        "interp", [](auto v) { return interp(&v[0], &v[4], 4, v[8]); },
        [](const T *v, T *d) { return interp_grad(&v[0], &v[4], 4, v[8], &d[0], &d[4], &d[8]); },
        [](const T *v, T s, T *d) { interp_vjp(&v[0], &v[4], 4, v[8], s, &d[0], &d[4], &d[8]); },
        {T(0), T(1), T(2), T(3), T(1), T(2.5), T(-0.5), T(0.25), x});
  }

  for (int links : {2, 3}) {
    check<T, 8>(
        "arm_reach", [links](auto v) { return arm_reach(&v[0], &v[3], links, v[6], v[7]); },
        [links](const T *x, T *d) {
          return arm_reach_grad(&x[0], &x[3], links, x[6], x[7], &d[0], &d[3], &d[6], &d[7]);
        },
        [links](const T *x, T s, T *d) {
          arm_reach_vjp(&x[0], &x[3], links, x[6], x[7], s, &d[0], &d[3], &d[6], &d[7]);
        },
        {T(0.3), T(0.8), T(-0.6), T(1), T(0.7), T(0.4), T(0.5), T(1.2)});
  }
  // 4 particles, cutoff 1.5: pairs (0,1) (0,2) (1,3) (2,3) inside, (0,3) (1,2) out.
  check<T, 11>(
      "lj_energy", [](auto v) { return lj_energy(&v[0], 4, v[8], v[9], v[10]); },
      [](const T *x, T *d) {
        return lj_energy_grad(&x[0], 4, x[8], x[9], x[10], &d[0], &d[8], &d[9], &d[10]);
      },
      [](const T *x, T s, T *d) {
        lj_energy_vjp(&x[0], 4, x[8], x[9], x[10], s, &d[0], &d[8], &d[9], &d[10]);
      },
      {T(0), T(0), T(1.1), T(0), T(0), T(1.2), T(1.2), T(1.3), T(1), T(1), T(1.5)});

  check<T, 9>(
      "matvec_norm", [](auto v) { return matvec_norm(&v[0], &v[6], 2, 3); },
      [](const T *x, T *d) { return matvec_norm_grad(&x[0], &x[6], 2, 3, &d[0], &d[6]); },
      [](const T *x, T s, T *d) { matvec_norm_vjp(&x[0], &x[6], 2, 3, s, &d[0], &d[6]); },
      {T(1), T(-0.5), T(0.25), T(0.3), T(2), T(-1), T(0.7), T(-1.2), T(0.4)});
  check<T, 6>(
      "gauss_seidel", [](auto v) { return gauss_seidel(&v[0], &v[4], 6); },
      [](const T *x, T *d) { return gauss_seidel_grad(&x[0], &x[4], 6, &d[0], &d[4]); },
      [](const T *x, T s, T *d) { gauss_seidel_vjp(&x[0], &x[4], 6, s, &d[0], &d[4]); },
      {T(4), T(1), T(-0.5), T(3), T(1), T(2)});
  check<T, 6>(
      "sum_of_norms", [](auto v) { return sum_of_norms(v.data(), 3, 2); },
      [](const T *x, T *d) { return sum_of_norms_grad(x, 3, 2, d); },
      [](const T *x, T s, T *d) { sum_of_norms_vjp(x, 3, 2, s, d); },
      {T(1), T(-0.5), T(0.25), T(0.3), T(2), T(-1)});
  check<T, 5>(
      "rbf_sum", [](auto v) { return rbf_sum(v.data(), 4, v[4]); },
      [](const T *x, T *d) { return rbf_sum_grad(x, 4, x[4], d, &d[4]); },
      [](const T *x, T s, T *d) { rbf_sum_vjp(x, 4, x[4], s, d, &d[4]); },
      {T(0.1), T(-0.7), T(1.3), T(0.5), T(0.8)});

  // Gate pre-activations of both signs: sigmoid's two branches.
  check<T, 14>(
      "gru", [](auto v) { return gru(&v[0], 4, &v[4], v[13]); },
      [](const T *x, T *d) { return gru_grad(&x[0], 4, &x[4], x[13], &d[0], &d[4], &d[13]); },
      [](const T *x, T s, T *d) { gru_vjp(&x[0], 4, &x[4], x[13], s, &d[0], &d[4], &d[13]); },
      {T(0.5), T(-1.5), T(2), T(0.3), T(1.2), T(-0.4), T(0.1), T(-0.8), T(0.6), T(-0.2), T(0.9),
       T(1.1), T(0.05), T(0.2)});
  check<T, 9>(
      "lstm", [](auto v) { return lstm(&v[0], 4, v[4], v[5], v[6], v[7], v[8]); },
      [](const T *x, T *d) {
        return lstm_grad(&x[0], 4, x[4], x[5], x[6], x[7], x[8], &d[0], &d[4], &d[5], &d[6], &d[7], &d[8]);
      },
      [](const T *x, T s, T *d) {
        lstm_vjp(&x[0], 4, x[4], x[5], x[6], x[7], x[8], s, &d[0], &d[4], &d[5], &d[6], &d[7], &d[8]);
      },
      {T(0.5), T(-1.5), T(2), T(0.3), T(0.9), T(-0.7), T(1.3), T(0.6), T(0.4)});

  for (int terms : {12, 1}) {
    check<T, 1>(
        "exp_series", [terms](auto v) { return exp_series(v[0], terms); },
        [terms](const T *x, T *d) { return exp_series_grad(x[0], terms, d); },
        [terms](const T *x, T s, T *d) { exp_series_vjp(x[0], terms, s, d); }, {T(0.8)});
  }
  for (T x : {T(0.7), T(-1.4)}) {
    check<T, 1>(
        "cf_tanh", [](auto v) { return cf_tanh(v[0], 6); },
        [](const T *v, T *d) { return cf_tanh_grad(v[0], 6, d); },
        [](const T *v, T s, T *d) { cf_tanh_vjp(v[0], 6, s, d); }, {x});
  }
  check<T, 6>(
      "discounted_return", [](auto v) { return discounted_return(v.data(), 5, v[5]); },
      [](const T *x, T *d) { return discounted_return_grad(x, 5, x[5], d, &d[5]); },
      [](const T *x, T s, T *d) { discounted_return_vjp(x, 5, x[5], s, d, &d[5]); },
      {T(1), T(0), T(-0.5), T(2), T(0.25), T(0.9)});
  check<T, 3>(
      "simpson", [](auto v) { return simpson(v[0], v[1], v[2], 8); },
      [](const T *x, T *d) { return simpson_grad(x[0], x[1], x[2], 8, &d[0], &d[1], &d[2]); },
      [](const T *x, T s, T *d) { simpson_vjp(x[0], x[1], x[2], 8, s, &d[0], &d[1], &d[2]); },
      {T(-0.5), T(1.5), T(0.7)});
  // An odd and an even length.
  check<T, 5>(
      "mirror", [](auto v) { return mirror(v.data(), 5); },
      [](const T *x, T *d) { return mirror_grad(x, 5, d); },
      [](const T *x, T s, T *d) { mirror_vjp(x, 5, s, d); },
      {T(1), T(-0.5), T(0.3), T(2), T(0.25)});
  check<T, 4>(
      "mirror", [](auto v) { return mirror(v.data(), 4); },
      [](const T *x, T *d) { return mirror_grad(x, 4, d); },
      [](const T *x, T s, T *d) { mirror_vjp(x, 4, s, d); },
      {T(1), T(-0.5), T(0.3), T(2)});
  check<T, 8>(
      "two_index", [](auto v) { return two_index(&v[0], &v[4], 4); },
      [](const T *x, T *d) { return two_index_grad(&x[0], &x[4], 4, &d[0], &d[4]); },
      [](const T *x, T s, T *d) { two_index_vjp(&x[0], &x[4], 4, s, &d[0], &d[4]); },
      {T(1), T(-0.5), T(0.3), T(2), T(0.7), T(-1.1), T(0.4), T(1.6)});

  // x^2 - 1 below lo, between, above hi.
  check<T, 6>(
      "clipped_sum", [](auto v) { return clipped_sum(v.data(), 4, v[4], v[5]); },
      [](const T *x, T *d) { return clipped_sum_grad(x, 4, x[4], x[5], d, &d[4], &d[5]); },
      [](const T *x, T s, T *d) { clipped_sum_vjp(x, 4, x[4], x[5], s, d, &d[4], &d[5]); },
      {T(0.2), T(-1.1), T(2.5), T(-1.9), T(-0.5), T(1.5)});
  // x > a (a sqrt recurrence) and x < a (a while loop counting down).
  for (T x : {T(2), T(0.3)}) {
    check<T, 2>(
        "branch_loops", [](auto v) { return branch_loops(v[0], v[1], 5); },
        [](const T *v, T *d) { return branch_loops_grad(v[0], v[1], 5, &d[0], &d[1]); },
        [](const T *v, T s, T *d) { branch_loops_vjp(v[0], v[1], 5, s, &d[0], &d[1]); },
        {x, T(0.9)});
  }
  // 0, 2 and 4 halvings, and a negative value.
  check<T, 4>(
      "range_reduce", [](auto v) { return range_reduce(v.data(), 4); },
      [](const T *x, T *d) { return range_reduce_grad(x, 4, d); },
      [](const T *x, T s, T *d) { range_reduce_vjp(x, 4, s, d); },
      {T(0.5), T(3), T(9.7), T(-0.3)});
  check<T, 5>(
      "leaky_product", [](auto v) { return leaky_product(v.data(), 4, v[4]); },
      [](const T *x, T *d) { return leaky_product_grad(x, 4, x[4], d, &d[4]); },
      [](const T *x, T s, T *d) { leaky_product_vjp(x, 4, x[4], s, d, &d[4]); },
      {T(0.5), T(-0.3), T(1.2), T(-0.8), T(0.2)});
  check<T, 2>(
      "line_search", [](auto v) { return line_search(v[0], v[1]); },
      [](const T *x, T *d) { return line_search_grad(x[0], x[1], &d[0], &d[1]); },
      [](const T *x, T s, T *d) { line_search_vjp(x[0], x[1], s, &d[0], &d[1]); },
      {T(1.5), T(1.0)});
  check<T, 2>(
      "line_search", [](auto v) { return line_search(v[0], v[1]); },
      [](const T *x, T *d) { return line_search_grad(x[0], x[1], &d[0], &d[1]); },
      [](const T *x, T s, T *d) { line_search_vjp(x[0], x[1], s, &d[0], &d[1]); },
      {T(0.2), T(0.7)});
  check<T, 5>(
      "loop_branch_do", [](auto v) { return loop_branch_do(v.data(), 4, v[4]); },
      [](const T *x, T *d) { return loop_branch_do_grad(x, 4, x[4], d, &d[4]); },
      [](const T *x, T s, T *d) { loop_branch_do_vjp(x, 4, x[4], s, d, &d[4]); },
      {T(0.5), T(-0.3), T(1.2), T(0.8), T(0.6)});

  // Early return before the loops (n = 0), after them (s > 1), from an
  // else-if (s < -1), and the fall-through do-while.
  for (int n : {0, 3}) {
    for (T a : {T(2), T(-2), T(0.3)}) {
      check<T, 4>(
          "early_loops", [n](auto v) { return early_loops(&v[0], n, v[3]); },
          [n](const T *x, T *d) { return early_loops_grad(&x[0], n, x[3], &d[0], &d[3]); },
          [n](const T *x, T s, T *d) { early_loops_vjp(&x[0], n, x[3], s, &d[0], &d[3]); },
          {T(0.5), T(0.4), T(0.3), a});
    }
  }
  // Below e0, inside, above e1.
  check<T, 6>(
      "smoothstep_sum", [](auto v) { return smoothstep_sum(v.data(), 4, v[4], v[5]); },
      [](const T *x, T *d) { return smoothstep_sum_grad(x, 4, x[4], x[5], d, &d[4], &d[5]); },
      [](const T *x, T s, T *d) { smoothstep_sum_vjp(x, 4, x[4], x[5], s, d, &d[4], &d[5]); },
      {T(-0.8), T(0.3), T(0.7), T(1.9), T(-0.5), T(1.5)});
  // Cruise reached after 3 steps, and never (vmax above the final speed).
  for (T vmax : {T(1.5), T(5)}) {
    check<T, 3>(
        "phases", [](auto v) { return phases(v[0], v[1], v[2], 10); },
        [](const T *x, T *d) { return phases_grad(x[0], x[1], x[2], 10, &d[0], &d[1], &d[2]); },
        [](const T *x, T s, T *d) { phases_vjp(x[0], x[1], x[2], 10, s, &d[0], &d[1], &d[2]); },
        {T(1), T(2), vmax});
  }
  for (T gate : {T(0.5), T(-0.5)}) {
    for (int warmup : {6, 2}) {
      check<T, 4>(
          "gated_l2", [warmup](auto v) { return gated_l2(v.data(), 3, v[3], warmup); },
          [warmup](const T *x, T *d) { return gated_l2_grad(x, 3, x[3], warmup, d, &d[3]); },
          [warmup](const T *x, T s, T *d) { gated_l2_vjp(x, 3, x[3], warmup, s, d, &d[3]); },
          {T(0.5), T(-1.5), T(2), gate});
    }
  }

  // Index bookkeeping, search loops, helpers, optimizers.
  check<T, 8>("flat_counter", [](auto v) { return flat_counter(&v[0], &v[6], 3, 2); },
    [](const T *x, T *d) { return flat_counter_grad(&x[0], &x[6], 3, 2, &d[0], &d[6]); },
    [](const T *x, T s, T *d) { flat_counter_vjp(&x[0], &x[6], 3, 2, s, &d[0], &d[6]); },
    {T(0.5), T(-1), T(0.3), T(0.8), T(-0.2), T(1.1), T(0.7), T(-0.4)});
  check<T, 6>("tri_counter", [](auto v) { return tri_counter(&v[0], 4); },
    [](const T *x, T *d) { return tri_counter_grad(&x[0], 4, &d[0]); },
    [](const T *x, T s, T *d) { tri_counter_vjp(&x[0], 4, s, &d[0]); },
    {T(0.5), T(-1), T(0.3), T(0.8), T(-0.2), T(1.1)});
  check<T, 6>("skip_next", [](auto v) { return skip_next(&v[0], 6); },
    [](const T *x, T *d) { return skip_next_grad(&x[0], 6, &d[0]); },
    [](const T *x, T s, T *d) { skip_next_vjp(&x[0], 6, s, &d[0]); },
    {T(0.5), T(-1), T(0.3), T(0.8), T(-0.2), T(1.1)});
  check<T, 10>("compress", [](auto v) { return compress(&v[0], &v[5], 5); },
    [](const T *x, T *d) { return compress_grad(&x[0], &x[5], 5, &d[0], &d[5]); },
    [](const T *x, T s, T *d) { compress_vjp(&x[0], &x[5], 5, s, &d[0], &d[5]); },
    {T(0.5), T(-1), T(0.3), T(0.8), T(-0.2), T(1.1), T(0.7), T(-0.4), T(0.9), T(2)});
  check<T, 2>("riemann", [](auto v) { return riemann(v[0], v[1], 10); },
    [](const T *x, T *d) { return riemann_grad(x[0], x[1], 10, &d[0], &d[1]); },
    [](const T *x, T s, T *d) { riemann_vjp(x[0], x[1], 10, s, &d[0], &d[1]); },
    {T(-0.5), T(0.13)});
  check<T, 3>("riemann_for", [](auto v) { return riemann_for(v[0], v[1], v[2]); },
    [](const T *x, T *d) { return riemann_for_grad(x[0], x[1], x[2], &d[0], &d[1], &d[2]); },
    [](const T *x, T s, T *d) { riemann_for_vjp(x[0], x[1], x[2], s, &d[0], &d[1], &d[2]); },
    {T(-0.5), T(1.05), T(0.13)});
  check<T, 2>("param_loop", [](auto v) { return param_loop(v[0], v[1], 5); },
    [](const T *x, T *d) { return param_loop_grad(x[0], x[1], 5, &d[0], &d[1]); },
    [](const T *x, T s, T *d) { param_loop_vjp(x[0], x[1], 5, s, &d[0], &d[1]); },
    {T(0.7), T(0.4)});
  check<T, 7>("halving", [](auto v) { return halving(&v[0], 6); },
    [](const T *x, T *d) { return halving_grad(&x[0], 6, &d[0]); },
    [](const T *x, T s, T *d) { halving_vjp(&x[0], 6, s, &d[0]); },
    {T(0.5), T(-1), T(0.3), T(0.8), T(-0.2), T(1.1), T(0.6)});
  check<T, 10>("argmax_pick", [](auto v) { return argmax_pick(&v[0], &v[5], 5); },
    [](const T *x, T *d) { return argmax_pick_grad(&x[0], &x[5], 5, &d[0], &d[5]); },
    [](const T *x, T s, T *d) { argmax_pick_vjp(&x[0], &x[5], 5, s, &d[0], &d[5]); },
    {T(0.5), T(-1), T(1.3), T(0.8), T(-0.2), T(1.1), T(0.7), T(-0.4), T(0.9), T(2)});
  check<T, 8>("strided", [](auto v) { return strided(&v[0], 2, 8, 3); },
    [](const T *x, T *d) { return strided_grad(&x[0], 2, 8, 3, &d[0]); },
    [](const T *x, T s, T *d) { strided_vjp(&x[0], 2, 8, 3, s, &d[0]); },
    {T(0.5), T(-1), T(1.3), T(0.8), T(-0.2), T(1.1), T(0.7), T(-0.4)});
  check<T, 5>("down2", [](auto v) { return down2(&v[0], 5); },
    [](const T *x, T *d) { return down2_grad(&x[0], 5, &d[0]); },
    [](const T *x, T s, T *d) { down2_vjp(&x[0], 5, s, &d[0]); },
    {T(0.5), T(-1), T(1.3), T(0.8), T(-0.2)});
  check<T, 4>("unsigned_loop", [](auto v) { return unsigned_loop(&v[0], 4u); },
    [](const T *x, T *d) { return unsigned_loop_grad(&x[0], 4u, &d[0]); },
    [](const T *x, T s, T *d) { unsigned_loop_vjp(&x[0], 4u, s, &d[0]); },
    {T(0.5), T(-1), T(1.3), T(0.8)});
  check<T, 5>("parity", [](auto v) { return parity(&v[0], 5); },
    [](const T *x, T *d) { return parity_grad(&x[0], 5, &d[0]); },
    [](const T *x, T s, T *d) { parity_vjp(&x[0], 5, s, &d[0]); },
    {T(0.5), T(-1), T(1.3), T(-0.8), T(-0.2)});
  for (T thr : {T(0.6), T(5)})
  check<T, 5>("first_above", [](auto v) { return first_above(&v[0], 4, v[4]); },
    [](const T *x, T *d) { return first_above_grad(&x[0], 4, x[4], &d[0], &d[4]); },
    [](const T *x, T s, T *d) { first_above_vjp(&x[0], 4, x[4], s, &d[0], &d[4]); },
    {T(0.5), T(-1), T(1.3), T(0.8), thr});
  check<T, 4>("mixed", [](auto v) { return mixed(&v[0], 4); },
    [](const T *x, T *d) { return mixed_grad(&x[0], 4, &d[0]); },
    [](const T *x, T s, T *d) { mixed_vjp(&x[0], 4, s, &d[0]); },
    {T(0.5), T(-1), T(1.3), T(0.8)});
  check<T, 4>("prefix_lse", [](auto v) { return prefix_lse(&v[0], 4); },
    [](const T *x, T *d) { return prefix_lse_grad(&x[0], 4, &d[0]); },
    [](const T *x, T s, T *d) { prefix_lse_vjp(&x[0], 4, s, &d[0]); },
    {T(0.5), T(-1), T(1.3), T(0.8)});
  check<T, 2>("grow", [](auto v) { return grow(v[0], v[1]); },
    [](const T *x, T *d) { return grow_grad(x[0], x[1], &d[0], &d[1]); },
    [](const T *x, T s, T *d) { grow_vjp(x[0], x[1], s, &d[0], &d[1]); },
    {T(0.8), T(3.1)});
  check<T, 5>("ptr_forms", [](auto v) { return ptr_forms(&v[0], 5); },
    [](const T *x, T *d) { return ptr_forms_grad(&x[0], 5, &d[0]); },
    [](const T *x, T s, T *d) { ptr_forms_vjp(&x[0], 5, s, &d[0]); },
    {T(0.5), T(-1), T(1.3), T(0.8), T(0.3)});
  check<T, 5>("last_positive", [](auto v) { return last_positive(&v[0], 5); },
    [](const T *x, T *d) { return last_positive_grad(&x[0], 5, &d[0]); },
    [](const T *x, T s, T *d) { last_positive_vjp(&x[0], 5, s, &d[0]); },
    {T(0.5), T(-1), T(1.3), T(0.8), T(-0.3)});
  check<T, 4>("names", [](auto v) { return names(&v[0], 4); },
    [](const T *x, T *d) { return names_grad(&x[0], 4, &d[0]); },
    [](const T *x, T s, T *d) { names_vjp(&x[0], 4, s, &d[0]); },
    {T(0.5), T(-1), T(0.3), T(0.8)});
  for (T cap : {T(1.0), T(100)})
  check<T, 5>("until_big", [](auto v) { return until_big(&v[0], 4, v[4]); },
    [](const T *x, T *d) { return until_big_grad(&x[0], 4, x[4], &d[0], &d[4]); },
    [](const T *x, T s, T *d) { until_big_vjp(&x[0], 4, x[4], s, &d[0], &d[4]); },
    {T(0.5), T(-1), T(0.3), T(0.8), cap});
  check<T, 5>("branchy_inner", [](auto v) { return branchy_inner(&v[0], 4, v[4]); },
    [](const T *x, T *d) { return branchy_inner_grad(&x[0], 4, x[4], &d[0], &d[4]); },
    [](const T *x, T s, T *d) { branchy_inner_vjp(&x[0], 4, x[4], s, &d[0], &d[4]); },
    {T(0.5), T(-1), T(0.3), T(-0.8), T(0.7)});
  check<T, 5>("relax", [](auto v) { return relax(&v[0], 4, v[4]); },
    [](const T *x, T *d) { return relax_grad(&x[0], 4, x[4], &d[0], &d[4]); },
    [](const T *x, T s, T *d) { relax_vjp(&x[0], 4, x[4], s, &d[0], &d[4]); },
    {T(0.5), T(-1), T(2.3), T(0.05), T(0.7)});
  check<T, 8>("bucketed", [](auto v) { return bucketed(&v[0], &v[4], 4); },
    [](const T *x, T *d) { return bucketed_grad(&x[0], &x[4], 4, &d[0], &d[4]); },
    [](const T *x, T s, T *d) { bucketed_vjp(&x[0], &x[4], 4, s, &d[0], &d[4]); },
    {T(0.5), T(1.5), T(2.3), T(7.05), T(0.7), T(-0.3), T(1.2), T(2)});
  for (T x : {T(1.3), T(0.4)})
  check<T, 1>("late_init", [](auto v) { return late_init(v[0], 3); },
    [](const T *x, T *d) { return late_init_grad(x[0], 3, &d[0]); },
    [](const T *x, T s, T *d) { late_init_vjp(x[0], 3, s, &d[0]); }, {x});
  check<T, 4>("two_loops", [](auto v) { return two_loops(&v[0], 4); },
    [](const T *x, T *d) { return two_loops_grad(&x[0], 4, &d[0]); },
    [](const T *x, T s, T *d) { two_loops_vjp(&x[0], 4, s, &d[0]); },
    {T(0.5), T(-0.3), T(0.3), T(0.8)});
  check<T, 5>("chebyshev_like", [](auto v) { return chebyshev_like(&v[0], 4, v[4]); },
    [](const T *x, T *d) { return chebyshev_like_grad(&x[0], 4, x[4], &d[0], &d[4]); },
    [](const T *x, T s, T *d) { chebyshev_like_vjp(&x[0], 4, x[4], s, &d[0], &d[4]); },
    {T(0.5), T(-0.3), T(0.3), T(0.8), T(0.35)});
  check<T, 2>("do_once", [](auto v) { return do_once(v[0], v[1]); },
    [](const T *x, T *d) { return do_once_grad(x[0], x[1], &d[0], &d[1]); },
    [](const T *x, T s, T *d) { do_once_vjp(x[0], x[1], s, &d[0], &d[1]); },
    {T(0.7), T(1.3)});
  check<T, 6>("index_after", [](auto v) { return index_after(&v[0], 5, v[5]); },
    [](const T *x, T *d) { return index_after_grad(&x[0], 5, x[5], &d[0], &d[5]); },
    [](const T *x, T s, T *d) { index_after_vjp(&x[0], 5, x[5], s, &d[0], &d[5]); },
    {T(0.5), T(-0.3), T(0.3), T(0.8), T(0.35), T(2)});
  for (T x : {T(0.3), T(1.9), T(-0.7)})
  check<T, 3>("clamp_walk", [](auto v) { return clamp_walk(v[0], v[1], v[2], 6); },
    [](const T *x, T *d) { return clamp_walk_grad(x[0], x[1], x[2], 6, &d[0], &d[1], &d[2]); },
    [](const T *x, T s, T *d) { clamp_walk_vjp(x[0], x[1], x[2], 6, s, &d[0], &d[1], &d[2]); },
    {x, T(-0.5), T(1.0)});
  for (int k : {0, 3})
  check<T, 1>("no_leak", [k](auto v) { return no_leak(v[0], k); },
    [k](const T *x, T *d) { return no_leak_grad(x[0], k, &d[0]); },
    [k](const T *x, T s, T *d) { no_leak_vjp(x[0], k, s, &d[0]); }, {T(0.7)});
  check<T, 2>("swapped", [](auto v) { return swapped(v[0], v[1], 3); },
    [](const T *x, T *d) { return swapped_grad(x[0], x[1], 3, &d[0], &d[1]); },
    [](const T *x, T s, T *d) { swapped_vjp(x[0], x[1], 3, s, &d[0], &d[1]); }, {T(0.7), T(-0.4)});
  check<T, 5>("running_means", [](auto v) { return running_means(&v[0], 4, v[4]); },
    [](const T *x, T *d) { return running_means_grad(&x[0], 4, x[4], &d[0], &d[4]); },
    [](const T *x, T s, T *d) { running_means_vjp(&x[0], 4, x[4], s, &d[0], &d[4]); },
    {T(0.5), T(-1), T(0.3), T(0.8), T(1.3)});
  check<T, 2>("by_ref", [](auto v) { return by_ref(v[0], v[1], 5); },
    [](const T *x, T *d) { return by_ref_grad(x[0], x[1], 5, &d[0], &d[1]); },
    [](const T *x, T s, T *d) { by_ref_vjp(x[0], x[1], 5, s, &d[0], &d[1]); }, {T(0.7), T(0.2)});
  check<T, 6>("float_start", [](auto v) { return float_start(&v[0], v[5], 2); },
    [](const T *x, T *d) { return float_start_grad(&x[0], x[5], 2, &d[0], &d[5]); },
    [](const T *x, T s, T *d) { float_start_vjp(&x[0], x[5], 2, s, &d[0], &d[5]); },
    {T(0.5), T(-1), T(0.3), T(0.8), T(1.3), T(4.4)});
  for (T a : {T(1.5), T(0.3), T(-1.5)})
  check<T, 5>("branch_bound", [](auto v) { return branch_bound(&v[0], v[4]); },
    [](const T *x, T *d) { return branch_bound_grad(&x[0], x[4], &d[0], &d[4]); },
    [](const T *x, T s, T *d) { branch_bound_vjp(&x[0], x[4], s, &d[0], &d[4]); },
    {T(0.5), T(-1), T(0.3), T(0.8), a});
  check<T, 5>("rising", [](auto v) { return rising(&v[0], 5); },
    [](const T *x, T *d) { return rising_grad(&x[0], 5, &d[0]); },
    [](const T *x, T s, T *d) { rising_vjp(&x[0], 5, s, &d[0]); },
    {T(0.5), T(-1), T(0.3), T(0.8), T(1.3)});
  check<T, 5>("nested_dynamic", [](auto v) { return nested_dynamic(&v[0], 5); },
    [](const T *x, T *d) { return nested_dynamic_grad(&x[0], 5, &d[0]); },
    [](const T *x, T s, T *d) { nested_dynamic_vjp(&x[0], 5, s, &d[0]); },
    {T(0.5), T(-1), T(0.3), T(0.8), T(-1.3)});
  check<T, 3>("bisect_like", [](auto v) { return bisect_like(v[0], v[1], v[2]); },
    [](const T *x, T *d) { return bisect_like_grad(x[0], x[1], x[2], &d[0], &d[1], &d[2]); },
    [](const T *x, T s, T *d) { bisect_like_vjp(x[0], x[1], x[2], s, &d[0], &d[1], &d[2]); },
    {T(0.1), T(2.1), T(2.5)});
  check<T, 7>("momentum", [](auto v) { return momentum(&v[0], 5, v[5], v[6]); },
    [](const T *x, T *d) { return momentum_grad(&x[0], 5, x[5], x[6], &d[0], &d[5], &d[6]); },
    [](const T *x, T s, T *d) { momentum_vjp(&x[0], 5, x[5], x[6], s, &d[0], &d[5], &d[6]); },
    {T(0.5), T(-1), T(0.3), T(0.8), T(-1.3), T(0.1), T(0.9)});
  check<T, 4>("adam", [](auto v) { return adam(v[0], v[1], v[2], v[3], 8); },
    [](const T *x, T *d) { return adam_grad(x[0], x[1], x[2], x[3], 8, &d[0], &d[1], &d[2], &d[3]); },
    [](const T *x, T s, T *d) { adam_vjp(x[0], x[1], x[2], x[3], 8, s, &d[0], &d[1], &d[2], &d[3]); },
    {T(0.5), T(0.1), T(0.9), T(0.99)});
}

int main() {
  std::printf("double\n");
  checks<double>();
  std::printf("float\n");
  checks<float>();
}
#endif

// EXEC-COUNT-238: {{ ok$}}
// EXEC-NOT: MISMATCH
// EXEC-NOT: VALUE DIFFERS
