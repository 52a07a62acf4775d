// Fused loops at their edges. A reduction whose running adjoints are the
// same in every iteration (s += f(x[i])) and whose results' adjoints are
// known before the loop (return s, return c * s) runs each iteration's
// reverse inside the forward loop (lib/Emit/Fusion.cpp). Here: results whose
// adjoints depend on the loop, or on values computed after it; integer
// accumulators beside floating ones; local arrays written before, inside or
// after the loop, read through pointers, grown, or declared in the body;
// inlined helpers with output pointers, loops and early returns; nested
// reductions, reductions in branches and in outer recurrences; break,
// continue, early returns, do and while; several accumulators; float and
// double; output parameters. Each gradient is checked against long-double
// finite differences (_grad, and _vjp with a seed of 0.5), and _vjp with a
// seed of 0 must add nothing, and _grad must add into adjoints that hold
// values already.
//
// RUN: rm -rf %t && mkdir -p %t
// RUN: %adgen %s -o %t/fusion-edges.grad.h -- -std=c++17
// RUN: FileCheck %s < %t/fusion-edges.grad.h
// RUN: %cxx -I%t %s -o %t/gcc && %t/gcc | FileCheck %s --check-prefix=EXEC
// RUN: %clangxx -I%t %s -o %t/clang && %t/clang | FileCheck %s --check-prefix=EXEC

#include <adgen/adgen.h>
#include <array>
#include <cmath>
#include <vector>

// The adjoints of the loop results: known before the loop (fused), or
// depending on what the loop computes (not fused).
#define EXIT_ADJOINTS(T, MARK)                                                 \
  /* return c * s: d_s = c, fused. */                                          \
  MARK T scaled(const T *x, T c, int n) {                                      \
    T s = 0;                                                                   \
    for (int i = 0; i < n; ++i)                                                \
      s += std::sin(x[i] * c);                                                 \
    return c * s;                                                              \
  }                                                                            \
  /* return s * s: d_s = 2 s needs the loop's result, not fused. */            \
  MARK T squared(const T *x, T w, int n) {                                     \
    T s = 0;                                                                   \
    for (int i = 0; i < n; ++i)                                                \
      s += x[i] * w;                                                           \
    return s * s;                                                              \
  }                                                                            \
  /* k and k2, computed after the loop (k also names a body local), are        \
     defined before the fused loop for d_s. */                                 \
  MARK T computed_after(const T *x, T w, int n) {                              \
    T s = 0;                                                                   \
    for (int i = 0; i < n; ++i) {                                              \
      T k = x[i] * w;                                                          \
      s += k * k;                                                              \
    }                                                                          \
    T k = std::exp(w) + x[0];                                                  \
    T k2 = k * k - w;                                                          \
    return s * k2 + k;                                                         \
  }                                                                            \
  /* An index computed after the loop and reads of x at it, in d_s. */         \
  MARK T index_after(const T *x, T w, int n) {                                 \
    T s = 0;                                                                   \
    for (int i = 0; i < n; ++i)                                                \
      s += x[i] * w;                                                           \
    int m = n / 2;                                                             \
    return s * x[m] + x[n - 1];                                                \
  }                                                                            \
  /* d_s = k comes from a second loop after it: not fused; the second          \
     loop (d_k = s, known before it) is. */                                    \
  MARK T after_value_from_loop(const T *x, T w, int n) {                       \
    T s = 0;                                                                   \
    for (int i = 0; i < n; ++i)                                                \
      s += x[i] * x[i];                                                        \
    T k = 0;                                                                   \
    for (int i = 0; i < 3; ++i)                                                \
      k += w * i;                                                              \
    return s * k;                                                              \
  }                                                                            \
  /* d_s = k, a phi after the loop: not fused. */                              \
  MARK T after_branch_value(const T *x, T w, int n) {                          \
    T s = 0;                                                                   \
    for (int i = 0; i < n; ++i)                                                \
      s += x[i] * x[i];                                                        \
    T k = w;                                                                   \
    if (w < 0)                                                                 \
      k = -w;                                                                  \
    return s * k;                                                              \
  }                                                                            \
  /* w > 0 ? s : w * w: the exit adjoint is a phi. */                          \
  MARK T chosen_result(const T *x, T w, int n) {                               \
    T s = 0;                                                                   \
    for (int i = 0; i < n; ++i)                                                \
      s += x[i] * w;                                                           \
    return w > 0 ? s : w * w;                                                  \
  }                                                                            \
  /* The result tests s: the exit adjoint depends on s. */                     \
  MARK T compared_result(const T *x, T w, int n) {                             \
    T s = 0;                                                                   \
    for (int i = 0; i < n; ++i)                                                \
      s += x[i] * w;                                                           \
    if (s > 1)                                                                 \
      return s;                                                                \
    return s * T(2);                                                           \
  }                                                                            \
  /* a * b: the first loop's d_a = b comes after it; the second is fused. */   \
  MARK T product_of_sums(const T *x, T w, int n) {                             \
    T a = 0;                                                                   \
    for (int i = 0; i < n; ++i)                                                \
      a += x[i] * w;                                                           \
    T b = 0;                                                                   \
    for (int i = 0; i < n; ++i)                                                \
      b += std::exp(x[i]);                                                     \
    return a * b;                                                              \
  }                                                                            \
  /* The second loop is fused, and its reverse adds into d_m, which the        \
     first loop's reverse reads: that one runs after it. */                    \
  MARK T variance(const T *x, int n) {                                         \
    T m = 0;                                                                   \
    for (int i = 0; i < n; ++i)                                                \
      m += x[i];                                                               \
    m = m / n;                                                                 \
    T v = 0;                                                                   \
    for (int i = 0; i < n; ++i)                                                \
      v += (x[i] - m) * (x[i] - m);                                            \
    return v;                                                                  \
  }                                                                            \
  /* One accumulator carried through two loops. */                             \
  MARK T chained(const T *x, const T *y, T w, int n) {                         \
    T s = 0;                                                                   \
    for (int i = 0; i < n; ++i)                                                \
      s += x[i] * x[i];                                                        \
    for (int i = 0; i < n; ++i)                                                \
      s += y[i] * w;                                                           \
    return s;                                                                  \
  }                                                                            \
  /* A loop in a branch, fused where the reverse branch runs it again, with    \
     k, computed after it in the branch, defined before it. */                 \
  MARK T branch_later(const T *x, T w, int n) {                                \
    T r = w;                                                                   \
    if (w > 0) {                                                               \
      T s = 0;                                                                 \
      for (int i = 0; i < n; ++i)                                              \
        s += x[i] * w;                                                         \
      T k = std::exp(w) * x[0];                                                \
      r = s * k;                                                               \
    }                                                                          \
    return r * w;                                                              \
  }                                                                            \
  /* The same in the body of a fused outer loop. */                            \
  MARK T later_in_outer(const T *x, T w, int n) {                              \
    T total = 0;                                                               \
    for (int t = 0; t < 2; ++t) {                                              \
      T s = 0;                                                                 \
      for (int i = 0; i < n; ++i)                                              \
        s += x[i] * w;                                                         \
      T k = std::exp(w * t) * x[t];                                            \
      total += s * k;                                                          \
    }                                                                          \
    return total;                                                              \
  }                                                                            \
  /* A loop in the else branch of an early return, d_s = |w|. */               \
  MARK T guarded_start(const T *x, T w, int n) {                               \
    if (n <= 1)                                                                \
      return w;                                                                \
    T c = w > 0 ? w : -w;                                                      \
    T s = 0;                                                                   \
    for (int i = 0; i < n; ++i)                                                \
      s += x[i] * x[i] * w;                                                    \
    return c * s;                                                              \
  }                                                                            \
  /* d_s = (mode == 1): a zero adjoint multiplies. */                          \
  MARK T mask_times_sum(const T *x, T w, int n, int mode) {                    \
    T s = 0;                                                                   \
    for (int i = 0; i < n; ++i)                                                \
      s += std::exp(x[i] * w);                                                 \
    return s * (mode == 1) + w;                                                \
  }                                                                            \
  /* d_s = w - w. */                                                           \
  MARK T zero_factor(const T *x, T w, int n) {                                 \
    T s = 0;                                                                   \
    for (int i = 0; i < n; ++i)                                                \
      s += std::sqrt(x[i] * w);                                                \
    return s * (w - w);                                                        \
  }                                                                            \
  /* The initial value's adjoint is the (constant) running adjoint. */         \
  MARK T nonzero_init(const T *x, T w, int n) {                                \
    T s = w * w;                                                               \
    for (int i = 0; i < n; ++i)                                                \
      s += x[i] * w;                                                           \
    return s * T(0.5);                                                         \
  }                                                                            \
  /* An initial value read from a local array. */                              \
  MARK T init_from_array(const T *x, T w, int n) {                             \
    T c[2] = {x[0] * w, w};                                                    \
    T s = c[0];                                                                \
    for (int i = 0; i < n; ++i)                                                \
      s += x[i] * c[1];                                                        \
    return s;                                                                  \
  }

// Integer accumulators beside the floating ones.
#define INTEGERS(T, MARK)                                                      \
  /* d_s = 1 / (cnt + 1) reads an integer result of the loop: not fused. */    \
  MARK T counted(const T *x, int n) {                                          \
    T s = 0;                                                                   \
    int cnt = 0;                                                               \
    for (int i = 0; i < n; ++i) {                                              \
      s += x[i] * x[i];                                                        \
      if (x[i] > 0)                                                            \
        cnt++;                                                                 \
    }                                                                          \
    return s / (cnt + 1);                                                      \
  }                                                                            \
  /* An integer recurrence the reverse reads: known in the fused loop. */      \
  MARK T int_weights(const T *x, int n) {                                      \
    T s = 0;                                                                   \
    int k = 0;                                                                 \
    for (int i = 0; i < n; ++i) {                                              \
      s += x[i] * x[i] * k;                                                    \
      k += (x[i] > 0) ? 1 : 2;                                                 \
    }                                                                          \
    return s;                                                                  \
  }                                                                            \
  /* Truncations, an integer sum and a product with it. */                     \
  MARK T float_int_mix(const T *x, T w, int n) {                               \
    T s = 0;                                                                   \
    int cnt = 0;                                                               \
    for (int i = 0; i < n; ++i) {                                              \
      T z = x[i] * w;                                                          \
      int bucket = static_cast<int>(z * 3);                                    \
      cnt += bucket;                                                           \
      s += z * bucket + cnt * w;                                               \
    }                                                                          \
    return s;                                                                  \
  }                                                                            \
  /* int and long sums; b * d with d an integer result: not fused. */          \
  MARK T four_sums(const T *x, const T *y, int n, int m) {                     \
    T a = 0, b = 0;                                                            \
    int c = 0;                                                                 \
    long d = 0;                                                                \
    for (int i = 0; i < n; ++i) {                                              \
      a += x[i] * y[i];                                                        \
      c += i;                                                                  \
      b -= std::cos(x[i]) * c;                                                 \
      d += c * m;                                                              \
    }                                                                          \
    return a * y[n] - b * d;                                                   \
  }                                                                            \
  /* A cut derivative in the body, and one after the loop. */                  \
  MARK T cast_cut(const T *x, T w, int n) {                                    \
    T s = 0;                                                                   \
    for (int i = 0; i < n; ++i)                                                \
      s += x[i] * static_cast<int>(x[i] * 4) + w;                              \
    T k = static_cast<int>(w * 10);                                            \
    return s * (k + w);                                                        \
  }

// Local arrays written before, inside or after a reduction that reads them.
#define ARRAYS(T, MARK)                                                        \
  /* Fused: adds into d_v, which the first loop's reverse then takes. */       \
  MARK T array_written_before(const T *x, T w, int n) {                        \
    std::vector<T> v(n);                                                       \
    for (int i = 0; i < n; ++i)                                                \
      v[i] = std::sin(x[i]);                                                   \
    T s = 0;                                                                   \
    for (int i = 0; i < n; ++i)                                                \
      s += v[i] * v[i] * w;                                                    \
    return s;                                                                  \
  }                                                                            \
  /* v is written after the loop: the write would take the fused loop's        \
     adjoints of v[0], so the loop is not fused. */                            \
  MARK T array_written_after(const T *x, T w, int n) {                         \
    std::vector<T> v(n);                                                       \
    for (int i = 0; i < n; ++i)                                                \
      v[i] = std::sin(x[i]);                                                   \
    T s = 0;                                                                   \
    for (int i = 0; i < n; ++i)                                                \
      s += v[i] * v[i] * w;                                                    \
    v[0] = w * w;                                                              \
    return s + v[0] * v[1];                                                    \
  }                                                                            \
  /* a is read after the loop: not fused either. */                            \
  MARK T array_read_after(const T *x, T w, int n) {                            \
    T a[4];                                                                    \
    for (int i = 0; i < 4; ++i)                                                \
      a[i] = x[i] * w;                                                         \
    T s = 0;                                                                   \
    for (int i = 0; i < n; ++i)                                                \
      s += std::cos(a[i % 4]);                                                 \
    return s + a[0] * a[3];                                                    \
  }                                                                            \
  /* A reduction that writes a shared array: not fused. */                     \
  MARK T array_written_inside(const T *x, T w, int n) {                        \
    std::vector<T> v(n, T(1));                                                 \
    T s = 0;                                                                   \
    for (int i = 0; i < n; ++i) {                                              \
      v[i] = x[i] * w + v[(i + 1) % n];                                        \
      s += v[i] * v[i];                                                        \
    }                                                                          \
    return s;                                                                  \
  }                                                                            \
  /* The loop reads v through a pointer taken before it; v is written          \
     after: not fused. */                                                      \
  MARK T aliased_pointer(const T *x, T w, int n) {                             \
    std::vector<T> v(n);                                                       \
    for (int i = 0; i < n; ++i)                                                \
      v[i] = x[i] * w;                                                         \
    const T *p = v.data();                                                     \
    T s = 0;                                                                   \
    for (int i = 0; i < n; ++i)                                                \
      s += p[i] * p[i];                                                        \
    v[0] = w;                                                                  \
    return s + v[0] * x[0];                                                    \
  }                                                                            \
  /* The same with p = &a[1], and a[2] += w after the loop. */                 \
  MARK T aliased_offset(const T *x, T w, int n) {                              \
    T a[4];                                                                    \
    for (int i = 0; i < 4; ++i)                                                \
      a[i] = x[i] * w;                                                         \
    const T *p = &a[1];                                                        \
    T s = 0;                                                                   \
    for (int i = 0; i < n; ++i)                                                \
      s += std::sin(p[i]);                                                     \
    a[1] = T(2) * w;                                                           \
    a[2] += w;                                                                 \
    return s + a[1] * a[2];                                                    \
  }                                                                            \
  /* A vector grown by push_back: the fused loop grows d_v. */                 \
  MARK T pushed_then_reduced(const T *x, T w, int n) {                         \
    std::vector<T> v;                                                          \
    for (int i = 0; i < n; ++i)                                                \
      v.push_back(x[i] * w);                                                   \
    T s = 0;                                                                   \
    for (std::size_t i = 0; i < v.size(); ++i)                                 \
      s += v[i] * v[i];                                                        \
    return s;                                                                  \
  }                                                                            \
  /* resize before the loop. */                                                \
  MARK T resized_then_reduced(const T *x, T w, int n) {                        \
    std::vector<T> v(2, T(1));                                                 \
    v[1] = w;                                                                  \
    v.resize(n + 2);                                                           \
    for (int i = 0; i < n; ++i)                                                \
      v[i + 2] = x[i] * w;                                                     \
    T s = 0;                                                                   \
    for (int i = 0; i < n + 2; ++i)                                            \
      s += std::sin(v[i]) * x[0];                                              \
    return s;                                                                  \
  }                                                                            \
  /* The result is stored in an array after the loop. */                       \
  MARK T stored_after(const T *x, T w, int n) {                                \
    std::vector<T> v(2);                                                       \
    T s = 0;                                                                   \
    for (int i = 0; i < n; ++i)                                                \
      s += x[i] * w;                                                           \
    v[0] = s;                                                                  \
    v[1] = w;                                                                  \
    v[1] += s;                                                                 \
    return v[0] * v[1];                                                        \
  }                                                                            \
  /* d_s read from an array after the loop: not fused. */                      \
  MARK T constant_array_after(const T *x, T w, int n) {                        \
    T c[2] = {w, T(2) * w};                                                    \
    T s = 0;                                                                   \
    for (int i = 0; i < n; ++i)                                                \
      s += x[i] * x[i];                                                        \
    return s * c[1];                                                           \
  }                                                                            \
  /* Two reductions over one array; the second is fused. */                    \
  MARK T two_fused_same_array(const T *x, T w, int n) {                        \
    std::vector<T> v(n);                                                       \
    for (int i = 0; i < n; ++i)                                                \
      v[i] = x[i] + w;                                                         \
    T a = 0;                                                                   \
    for (int i = 0; i < n; ++i)                                                \
      a += v[i] * v[i];                                                        \
    T b = 0;                                                                   \
    for (int i = 0; i < n; ++i)                                                \
      b += std::exp(v[i]);                                                     \
    return a + w * b;                                                          \
  }                                                                            \
  /* A sum, a loop that rewrites the array with it, a second sum. */           \
  MARK T sum_then_scale_array(const T *x, T w, int n) {                        \
    std::vector<T> v(n);                                                       \
    for (int i = 0; i < n; ++i)                                                \
      v[i] = x[i] * x[i];                                                      \
    T a = 0;                                                                   \
    for (int i = 0; i < n; ++i)                                                \
      a += v[i];                                                               \
    for (int i = 0; i < n; ++i)                                                \
      v[i] = v[i] * w + a;                                                     \
    T b = 0;                                                                   \
    for (int i = 0; i < n; ++i)                                                \
      b += v[i] * v[i];                                                        \
    return b;                                                                  \
  }                                                                            \
  /* Elements read, overwritten and read again before the loop. */             \
  MARK T pre_read_array(const T *x, T w, int n) {                              \
    T v[2];                                                                    \
    v[0] = x[0] * w;                                                           \
    T first = v[0];                                                            \
    v[0] = std::sin(w);                                                        \
    v[1] = x[1] * first;                                                       \
    T s = 0;                                                                   \
    for (int i = 0; i < n; ++i)                                                \
      s += v[i % 2] * x[i];                                                    \
    return s + first;                                                          \
  }                                                                            \
  /* The accumulators are array elements: not fused. */                        \
  MARK T array_accumulator(const T *x, T w, int n) {                           \
    T acc[2] = {};                                                             \
    for (int i = 0; i < n; ++i)                                                \
      acc[i % 2] += x[i] * w;                                                  \
    return acc[0] + acc[1] * w;                                                \
  }                                                                            \
  MARK T std_array_sum(const T *x, T w) {                                      \
    std::array<T, 4> a{};                                                      \
    for (std::size_t i = 0; i < a.size(); ++i)                                 \
      a[i] = x[i] * w;                                                         \
    T s = 0;                                                                   \
    for (std::size_t i = 0; i < a.size(); ++i)                                 \
      s += a[i] * a[i] * x[i];                                                 \
    return s;                                                                  \
  }                                                                            \
  /* fabs and fmax of array reads in a fused loop. */                          \
  MARK T abs_max_terms(const T *x, T w, int n) {                               \
    std::vector<T> v(n);                                                       \
    for (int i = 0; i < n; ++i)                                                \
      v[i] = x[i] * w;                                                         \
    T s = 0;                                                                   \
    for (int i = 0; i < n; ++i)                                                \
      s += std::fabs(v[i]) + std::fmax(v[i], w) * T(0.5);                      \
    return s;                                                                  \
  }                                                                            \
  /* An array read in a branch of the body. */                                 \
  MARK T frozen_in_branch(const T *x, T w, int n) {                            \
    std::vector<T> v(n);                                                       \
    for (int i = 0; i < n; ++i)                                                \
      v[i] = x[i] * w;                                                         \
    T s = 0;                                                                   \
    for (int i = 0; i < n; ++i) {                                              \
      if (x[i] > 0) {                                                          \
        T r = v[i];                                                            \
        s += std::exp(r) * r;                                                  \
      }                                                                        \
    }                                                                          \
    return s;                                                                  \
  }                                                                            \
  /* A value from an array read, computed in a branch, which the reverse       \
     branch needs. */                                                          \
  MARK T frozen_phi(const T *x, T w, int n) {                                  \
    std::vector<T> v(n);                                                       \
    for (int i = 0; i < n; ++i)                                                \
      v[i] = x[i] * w;                                                         \
    T s = 0;                                                                   \
    for (int i = 0; i < n; ++i) {                                              \
      T b = w;                                                                 \
      if (x[i] > 0) {                                                          \
        T r = v[i];                                                            \
        b = std::exp(r) * r;                                                   \
      }                                                                        \
      s += b;                                                                  \
    }                                                                          \
    return s;                                                                  \
  }                                                                            \
  /* Nested ifs on parameters around array reads. */                           \
  MARK T nested_on_param(const T *x, T w, int n) {                             \
    std::vector<T> v(n);                                                       \
    for (int i = 0; i < n; ++i)                                                \
      v[i] = x[i] * w;                                                         \
    T s = 0;                                                                   \
    for (int i = 0; i < n; ++i) {                                              \
      T b = v[i];                                                              \
      if (x[i] > 0) {                                                          \
        if (w > 0)                                                             \
          b = b * v[i];                                                        \
      }                                                                        \
      s += b;                                                                  \
    }                                                                          \
    return s;                                                                  \
  }

// Arrays declared in the loop body: private to an iteration, so the fused
// body may take their adjoints.
#define SCRATCH(T, MARK)                                                       \
  MARK T scratch_in_body(const T *x, T w, int n) {                             \
    T s = 0;                                                                   \
    for (int i = 0; i < n; ++i) {                                              \
      T tmp[3];                                                                \
      tmp[0] = x[i] * w;                                                       \
      tmp[1] = tmp[0] * tmp[0];                                                \
      tmp[2] = std::sin(tmp[1]) + tmp[0];                                      \
      tmp[1] = tmp[2] * w;                                                     \
      s += tmp[1] * tmp[0];                                                    \
    }                                                                          \
    return s;                                                                  \
  }                                                                            \
  /* A vector grown in the body, under a branch too. */                        \
  MARK T vector_in_body(const T *x, T w, int n) {                              \
    T s = 0;                                                                   \
    for (int i = 0; i < n; ++i) {                                              \
      std::vector<T> tmp;                                                      \
      tmp.push_back(x[i] * w);                                                 \
      tmp.push_back(tmp[0] * x[i]);                                            \
      if (x[i] > 0)                                                            \
        tmp.push_back(std::exp(tmp[1]));                                       \
      s += tmp.back() * tmp[0];                                                \
    }                                                                          \
    return s;                                                                  \
  }                                                                            \
  MARK T branchy_private(const T *x, T w, int n) {                             \
    T s = 0;                                                                   \
    for (int i = 0; i < n; ++i) {                                              \
      T tmp[2];                                                                \
      tmp[0] = x[i] * w;                                                       \
      T a = w;                                                                 \
      if (x[i] > 0) {                                                          \
        a = std::sin(tmp[0]);                                                  \
        tmp[1] = a * a;                                                        \
      } else {                                                                 \
        tmp[1] = tmp[0];                                                       \
      }                                                                        \
      tmp[0] = w * a;                                                          \
      s += a * tmp[0] + tmp[1] * x[i];                                         \
    }                                                                          \
    return s;                                                                  \
  }                                                                            \
  MARK T frozen_phi_private(const T *x, T w, int n) {                          \
    T s = 0;                                                                   \
    for (int i = 0; i < n; ++i) {                                              \
      T v[1];                                                                  \
      v[0] = x[i] * w;                                                         \
      T b = w;                                                                 \
      if (x[i] > 0) {                                                          \
        T r = v[0];                                                            \
        b = std::exp(r) * r;                                                   \
      }                                                                        \
      v[0] = b;                                                                \
      s += v[0] * x[i];                                                        \
    }                                                                          \
    return s;                                                                  \
  }                                                                            \
  MARK T vector_resized_in_body(const T *x, T w, int n) {                      \
    T s = 0;                                                                   \
    std::vector<T> acc;                                                        \
    for (int i = 0; i < n; ++i) {                                              \
      std::vector<T> part(i + 1);                                              \
      for (int j = 0; j <= i; ++j)                                             \
        part[j] = x[j] * w;                                                    \
      part.push_back(w);                                                       \
      T r = 0;                                                                 \
      for (std::size_t j = 0; j < part.size(); ++j)                            \
        r += part[j] * part[j];                                                \
      s += r;                                                                  \
    }                                                                          \
    return s;                                                                  \
  }                                                                            \
  /* One array per outer iteration, one per inner iteration. */                \
  MARK T two_level_private(const T *x, T w, int n) {                           \
    T s = 0;                                                                   \
    for (int i = 0; i < n; ++i) {                                              \
      T outer[2] = {x[i], w};                                                  \
      for (int j = 0; j < n; ++j) {                                            \
        T inner[2];                                                            \
        inner[0] = outer[0] * x[j];                                            \
        inner[1] = outer[1] + inner[0];                                        \
        s += inner[0] * inner[1];                                              \
      }                                                                        \
    }                                                                          \
    return s;                                                                  \
  }                                                                            \
  /* An inner sum over the outer body's array, which is written after          \
     it. */                                                                    \
  MARK T outer_private_rewritten(const T *x, T w, int n) {                     \
    T s = 0;                                                                   \
    for (int i = 0; i < n; ++i) {                                              \
      T buf[2] = {x[i], w};                                                    \
      T r = 0;                                                                 \
      for (int j = 0; j < 2; ++j)                                              \
        r += buf[j] * buf[j];                                                  \
      buf[0] = r;                                                              \
      s += buf[0] * buf[1];                                                    \
    }                                                                          \
    return s;                                                                  \
  }                                                                            \
  MARK T outer_private_read(const T *x, T w, int n) {                          \
    T s = 0;                                                                   \
    for (int i = 0; i < n; ++i) {                                              \
      std::vector<T> buf(n);                                                   \
      for (int j = 0; j < n; ++j)                                              \
        buf[j] = x[j] * x[i] + w;                                              \
      T r = 0;                                                                 \
      for (int j = 0; j < n; ++j)                                              \
        r += buf[j] * w;                                                       \
      s += r + buf[i];                                                         \
    }                                                                          \
    return s;                                                                  \
  }                                                                            \
  MARK T fused_outer_private_inner(const T *x, T w, int n) {                   \
    T s = 0;                                                                   \
    for (int i = 0; i < n; ++i) {                                              \
      std::vector<T> row(n);                                                   \
      for (int j = 0; j < n; ++j)                                              \
        row[j] = x[i] * x[j] * w;                                              \
      T r = 0;                                                                 \
      for (int j = 0; j < n; ++j)                                              \
        r += std::sin(row[j]);                                                 \
      s += r;                                                                  \
    }                                                                          \
    return s;                                                                  \
  }                                                                            \
  /* The inner sum is squared: the outer loop fuses, the inner does not. */    \
  MARK T private_row_squared(const T *x, T w, int n) {                         \
    T s = 0;                                                                   \
    for (int i = 0; i < n; ++i) {                                              \
      std::vector<T> row(n);                                                   \
      for (int j = 0; j < n; ++j)                                              \
        row[j] = x[i] * x[j] * w;                                              \
      T r = 0;                                                                 \
      for (int j = 0; j < n; ++j)                                              \
        r += row[j];                                                           \
      s += r * r;                                                              \
    }                                                                          \
    return s;                                                                  \
  }

// Inlined helpers: output pointers, loops and early returns of their own.
#define HELPERS(T, MARK)                                                       \
  inline void polar(T a, T w, T *out) {                                        \
    out[0] = a * std::cos(w);                                                  \
    out[1] = a * std::sin(w);                                                  \
  }                                                                            \
  /* The helper writes into an array declared in the body: fused. */           \
  MARK T helper_private(const T *x, T w, int n) {                              \
    T s = 0;                                                                   \
    for (int i = 0; i < n; ++i) {                                              \
      T p[2];                                                                  \
      polar(x[i], w * i, p);                                                   \
      s += p[0] * p[1] + p[1];                                                 \
    }                                                                          \
    return s;                                                                  \
  }                                                                            \
  /* The same array declared before the loop: not fused. */                    \
  MARK T helper_shared(const T *x, T w, int n) {                               \
    T p[2];                                                                    \
    T s = 0;                                                                   \
    for (int i = 0; i < n; ++i) {                                              \
      polar(x[i], w * i, p);                                                   \
      s += p[0] * p[1] + p[1];                                                 \
    }                                                                          \
    return s;                                                                  \
  }                                                                            \
  inline T dot_n(const T *a, const T *b, int d) {                              \
    T r = 0;                                                                   \
    for (int j = 0; j < d; ++j)                                                \
      r += a[j] * b[j];                                                        \
    return r;                                                                  \
  }                                                                            \
  /* A reduction in a helper, in a reduction: both fused. */                   \
  MARK T helper_dots(const T *X, const T *w, int m, int d) {                   \
    T s = 0;                                                                   \
    for (int i = 0; i < m; ++i)                                                \
      s += T(0.5) * dot_n(&X[i * d], w, d);                                    \
    return s;                                                                  \
  }                                                                            \
  MARK T helper_dots_sq(const T *X, const T *w, int m, int d) {                \
    T s = 0;                                                                   \
    for (int i = 0; i < m; ++i) {                                              \
      T z = dot_n(&X[i * d], w, d);                                            \
      s += z * z;                                                              \
    }                                                                          \
    return s;                                                                  \
  }                                                                            \
  inline T norm_n(const T *a, int d) {                                         \
    T r = 0;                                                                   \
    for (int j = 0; j < d; ++j)                                                \
      r += a[j] * a[j];                                                        \
    return std::sqrt(r);                                                       \
  }                                                                            \
  MARK T helper_norms(const T *X, const T *w, int m, int d) {                  \
    T s = 0;                                                                   \
    for (int i = 0; i < m; ++i)                                                \
      s += w[i] * norm_n(&X[i * d], d);                                        \
    return s;                                                                  \
  }                                                                            \
  inline T clamp_sum(const T *a, int d, T cap) {                               \
    T r = 0;                                                                   \
    for (int j = 0; j < d; ++j) {                                              \
      if (a[j] > cap)                                                          \
        return r + cap;                                                        \
      r += a[j] * a[j];                                                        \
    }                                                                          \
    return r;                                                                  \
  }                                                                            \
  MARK T helper_early_return(const T *X, T cap, int m, int d) {                \
    T s = 0;                                                                   \
    for (int i = 0; i < m; ++i)                                                \
      s += clamp_sum(&X[i * d], d, cap);                                       \
    return s;                                                                  \
  }                                                                            \
  inline T scratch_helper(T a, T w) {                                          \
    T tmp[2];                                                                  \
    tmp[0] = a * w;                                                            \
    tmp[1] = std::sin(tmp[0]);                                                 \
    return tmp[0] * tmp[1];                                                    \
  }                                                                            \
  /* A helper with a scratch array, called before, in and after the            \
     loop. */                                                                  \
  MARK T helper_scratch_around(const T *x, T w, int n) {                       \
    T s = scratch_helper(w, x[0]);                                             \
    for (int i = 0; i < n; ++i)                                                \
      s += scratch_helper(x[i], w) * scratch_helper(w, x[i]);                  \
    return s + scratch_helper(w, w);                                           \
  }                                                                            \
  inline T sq(T a) { return a * a; }                                           \
  inline void accumulate_into(T a, T *acc) { acc[0] += a; }                    \
  /* A helper adds into acc[0]: an array accumulator. */                       \
  MARK T helper_accumulates(const T *x, T w, int n) {                          \
    T acc[1] = {0};                                                            \
    for (int i = 0; i < n; ++i)                                                \
      accumulate_into(sq(x[i] * w), acc);                                      \
    return acc[0];                                                             \
  }                                                                            \
  MARK T rec_pow(T x, int k) {                                                 \
    if (k <= 0)                                                                \
      return T(1);                                                             \
    return x * rec_pow(x, k - 1);                                              \
  }                                                                            \
  /* A recursive call in a fused loop (its vjp adds through no pointer). */    \
  MARK T with_recursion(const T *x, T w, int n) {                              \
    T s = 0;                                                                   \
    for (int i = 0; i < n; ++i)                                                \
      s += rec_pow(x[i] * w, 3);                                               \
    return s;                                                                  \
  }

// Nested reductions.
#define NESTED(T, MARK)                                                        \
  MARK T nested_sum(const T *A, const T *x, int n) {                           \
    T s = 0;                                                                   \
    for (int i = 0; i < n; ++i)                                                \
      for (int j = 0; j < n; ++j)                                              \
        s += A[i * n + j] * x[i] * x[j];                                       \
    return s;                                                                  \
  }                                                                            \
  /* sqrt(row * row + 1): the inner exit adjoint needs row. */                 \
  MARK T nested_norms(const T *A, const T *x, int n) {                         \
    T q = 0;                                                                   \
    for (int i = 0; i < n; ++i) {                                              \
      T row = 0;                                                               \
      for (int j = 0; j < n; ++j)                                              \
        row += A[i * n + j] * x[j];                                            \
      q += std::sqrt(row * row + 1);                                           \
    }                                                                          \
    return q;                                                                  \
  }                                                                            \
  MARK T nested_in_private(const T *x, T w, int n) {                           \
    T s = 0;                                                                   \
    for (int i = 0; i < n; ++i) {                                              \
      T buf[3] = {x[i], x[i] * w, w};                                          \
      T t = 0;                                                                 \
      for (int j = 0; j < 3; ++j)                                              \
        t += buf[j] * buf[(j + 1) % 3];                                        \
      s += t;                                                                  \
    }                                                                          \
    return s;                                                                  \
  }                                                                            \
  /* The inner exit adjoint reads g, computed after the inner loop. */         \
  MARK T nested_later(const T *A, const T *x, T w, int n) {                    \
    T s = 0;                                                                   \
    for (int i = 0; i < n; ++i) {                                              \
      T r = 0;                                                                 \
      for (int j = 0; j < n; ++j)                                              \
        r += A[i * n + j] * x[j];                                              \
      T g = std::exp(x[i] * w);                                                \
      s += r * g;                                                              \
    }                                                                          \
    return s;                                                                  \
  }                                                                            \
  MARK T three_levels(const T *x, T w, int n) {                                \
    T s = 0;                                                                   \
    for (int i = 0; i < n; ++i)                                                \
      for (int j = 0; j < n; ++j)                                              \
        for (int k = 0; k < n; ++k)                                            \
          s += x[i] * x[j] * std::sin(x[k] * w);                               \
    return s;                                                                  \
  }                                                                            \
  MARK T three_levels_split(const T *x, T w, int n) {                          \
    T s = 0;                                                                   \
    for (int i = 0; i < n; ++i) {                                              \
      T a = 0;                                                                 \
      for (int j = 0; j < n; ++j) {                                            \
        T b = 0;                                                               \
        for (int k = 0; k < n; ++k)                                            \
          b += std::sin(x[k] * w);                                             \
        a += x[j] * b;                                                         \
      }                                                                        \
      s += x[i] * a;                                                           \
    }                                                                          \
    return s;                                                                  \
  }                                                                            \
  /* An inner product (a recurrence) in an outer sum. */                       \
  MARK T sum_of_products(const T *x, T w, int n) {                             \
    T s = 0;                                                                   \
    for (int i = 0; i < n; ++i) {                                              \
      T p = 1;                                                                 \
      for (int j = 0; j <= i; ++j)                                             \
        p *= x[j] * w;                                                         \
      s += p;                                                                  \
    }                                                                          \
    return s;                                                                  \
  }                                                                            \
  MARK T fused_outer_recorded_inner(const T *x, T w, int n) {                  \
    std::vector<T> v(n);                                                       \
    for (int i = 0; i < n; ++i)                                                \
      v[i] = x[i] * w;                                                         \
    T s = 0;                                                                   \
    for (int i = 0; i < n; ++i) {                                              \
      T r = 0;                                                                 \
      for (int j = 0; j < n; ++j)                                              \
        r += v[i] * v[j];                                                      \
      s += r * x[i];                                                           \
    }                                                                          \
    return s;                                                                  \
  }                                                                            \
  MARK T inner_recurrence(const T *x, T w, int n) {                            \
    std::vector<T> v(n);                                                       \
    for (int i = 0; i < n; ++i)                                                \
      v[i] = x[i] + w;                                                         \
    T s = 0;                                                                   \
    for (int i = 0; i < n; ++i) {                                              \
      T y = v[i];                                                              \
      for (int k = 0; k < 3; ++k)                                              \
        y = std::sin(y) * w + v[i];                                            \
      s += y;                                                                  \
    }                                                                          \
    return s;                                                                  \
  }                                                                            \
  MARK T inner_cond_recurrence(const T *x, T w, int n) {                       \
    std::vector<T> v(n);                                                       \
    for (int i = 0; i < n; ++i)                                                \
      v[i] = x[i] + w;                                                         \
    T s = 0;                                                                   \
    for (int i = 0; i < n; ++i) {                                              \
      T y = v[i];                                                              \
      for (int k = 0; k < 3; ++k) {                                            \
        if (x[i] > T(0.2))                                                     \
          y = std::sin(y) * w;                                                 \
        else                                                                   \
          y = y * y + w;                                                       \
      }                                                                        \
      s += y;                                                                  \
    }                                                                          \
    return s;                                                                  \
  }                                                                            \
  /* A recorded inner loop in a branch of a fused body, whose array is         \
     written after the branch. */                                              \
  MARK T branch_inner(const T *x, T w, int n) {                                \
    T s = 0;                                                                   \
    for (int i = 0; i < n; ++i) {                                              \
      T buf[2];                                                                \
      buf[0] = x[i] * w;                                                       \
      buf[1] = w;                                                              \
      T r = 0;                                                                 \
      if (x[i] > 0) {                                                          \
        for (int j = 0; j < 2; ++j)                                            \
          r += buf[j] * buf[j];                                                \
      }                                                                        \
      buf[0] = r;                                                              \
      s += buf[0] * x[i] + buf[1];                                             \
    }                                                                          \
    return s;                                                                  \
  }                                                                            \
  MARK T branch_inner_param(const T *x, T w, int n) {                          \
    T s = 0;                                                                   \
    for (int i = 0; i < n; ++i) {                                              \
      T r = 0;                                                                 \
      if (x[i] > 0) {                                                          \
        for (int j = 0; j < n; ++j)                                            \
          r += x[j] * w;                                                       \
      }                                                                        \
      s += r * x[i];                                                           \
    }                                                                          \
    return s;                                                                  \
  }

// Reductions in branches, branches in reductions.
#define BRANCHES(T, MARK)                                                      \
  MARK T branch_loops(const T *x, T w, int n) {                                \
    T s = 0;                                                                   \
    if (w > 0) {                                                               \
      for (int i = 0; i < n; ++i)                                              \
        s += x[i] * w;                                                         \
    } else {                                                                   \
      for (int i = 0; i < n; ++i)                                              \
        s += x[i] * x[i] * w;                                                  \
    }                                                                          \
    return s * w;                                                              \
  }                                                                            \
  MARK T branch_in_body(const T *x, T w, int n) {                              \
    T s = 0;                                                                   \
    for (int i = 0; i < n; ++i) {                                              \
      if (x[i] > 0)                                                            \
        s += x[i] * w;                                                         \
      else if (x[i] > -1)                                                      \
        s -= x[i] * x[i];                                                      \
      else                                                                     \
        s += w > 0 ? std::exp(x[i]) : x[i] * w;                                \
    }                                                                          \
    return s * T(3);                                                           \
  }                                                                            \
  MARK T ternary_terms(const T *x, T w, int n) {                               \
    T s = 0;                                                                   \
    for (int i = 0; i < n; ++i)                                                \
      s += x[i] > 0 ? x[i] * w : -x[i] * x[i];                                 \
    return s;                                                                  \
  }                                                                            \
  /* The branch tests s itself. */                                             \
  MARK T threshold_switch(const T *x, T w, int n) {                            \
    T s = 0;                                                                   \
    for (int i = 0; i < n; ++i) {                                              \
      if (s > 1)                                                               \
        s += x[i] * w;                                                         \
      else                                                                     \
        s += T(2) * x[i] * x[i];                                               \
    }                                                                          \
    return s;                                                                  \
  }

// A reduction inside an outer recurrence: fused where the outer reverse
// body runs it again.
#define RECURRENCES(T, MARK)                                                   \
  MARK T recurrence_outer(const T *x, T y, int n, int steps) {                 \
    for (int t = 0; t < steps; ++t) {                                          \
      T s = 0;                                                                 \
      for (int i = 0; i < n; ++i)                                              \
        s += std::sin(y * x[i]);                                               \
      y = T(0.5) * y + T(0.1) * s;                                             \
    }                                                                          \
    return y;                                                                  \
  }                                                                            \
  /* d_s = 0.3 y d_y, y the outer loop's variable. */                          \
  MARK T recurrence_product(const T *x, T y, T w, int n, int steps) {          \
    for (int t = 0; t < steps; ++t) {                                          \
      T s = 0;                                                                 \
      for (int i = 0; i < n; ++i)                                              \
        s += x[i] * w;                                                         \
      y = std::sin(y) + T(0.3) * s * y;                                        \
    }                                                                          \
    return y;                                                                  \
  }                                                                            \
  MARK T recurrence_array(const T *x, T y, int n, int steps) {                 \
    std::vector<T> v(n);                                                       \
    for (int i = 0; i < n; ++i)                                                \
      v[i] = x[i] * x[i];                                                      \
    for (int t = 0; t < steps; ++t) {                                          \
      T s = 0;                                                                 \
      for (int i = 0; i < n; ++i)                                              \
        s += v[i] * y;                                                         \
      y = std::sin(s);                                                         \
    }                                                                          \
    return y;                                                                  \
  }                                                                            \
  /* g = cos(y), before the inner loop. */                                     \
  MARK T recurrence_before(const T *x, T y, int n, int steps) {                \
    for (int t = 0; t < steps; ++t) {                                          \
      T g = std::cos(y);                                                       \
      T s = 0;                                                                 \
      for (int i = 0; i < n; ++i)                                              \
        s += x[i] * g * x[i];                                                  \
      y = T(0.5) * y + T(0.2) * s;                                             \
    }                                                                          \
    return y;                                                                  \
  }                                                                            \
  MARK T enclosing_factor(const T *x, T y, int n, int steps) {                 \
    for (int t = 0; t < steps; ++t) {                                          \
      T s = 0;                                                                 \
      for (int i = 0; i < n; ++i)                                              \
        s += x[i] * x[i];                                                      \
      y = y * s * T(0.3) + x[0];                                               \
    }                                                                          \
    return y;                                                                  \
  }                                                                            \
  MARK T private_in_recurrence(const T *x, T y, int n, int steps) {            \
    for (int t = 0; t < steps; ++t) {                                          \
      T s = 0;                                                                 \
      for (int i = 0; i < n; ++i) {                                            \
        T tmp[2];                                                              \
        tmp[0] = x[i] * y;                                                     \
        tmp[1] = std::sin(tmp[0]);                                             \
        s += tmp[1] * tmp[0];                                                  \
      }                                                                        \
      y = T(0.5) * y + T(0.1) * s;                                             \
    }                                                                          \
    return y;                                                                  \
  }

// break, continue, early returns, do and while loops.
#define JUMPS(T, MARK)                                                         \
  MARK T breaking(const T *x, T w, int n) {                                    \
    T s = 0;                                                                   \
    for (int i = 0; i < n; ++i) {                                              \
      if (x[i] > 1)                                                            \
        break;                                                                 \
      s += x[i] * x[i] * w;                                                    \
    }                                                                          \
    return s;                                                                  \
  }                                                                            \
  /* The break comes after the update: fused. */                               \
  MARK T breaking_after(const T *x, T w, int n) {                              \
    T s = 0;                                                                   \
    for (int i = 0; i < n; ++i) {                                              \
      s += x[i] * w;                                                           \
      if (x[i] > 1)                                                            \
        break;                                                                 \
    }                                                                          \
    return s;                                                                  \
  }                                                                            \
  MARK T continuing(const T *x, T w, int n) {                                  \
    T s = 0;                                                                   \
    for (int i = 0; i < n; ++i) {                                              \
      T z = x[i] * w;                                                          \
      if (z < 0)                                                               \
        continue;                                                              \
      s += std::sqrt(z);                                                       \
    }                                                                          \
    return -s;                                                                 \
  }                                                                            \
  MARK T continue_after(const T *x, T w, int n) {                              \
    T s = 0;                                                                   \
    int k = 0;                                                                 \
    for (int i = 0; i < n; ++i) {                                              \
      s += x[i] * w;                                                           \
      if (x[i] > 0)                                                            \
        continue;                                                              \
      k++;                                                                     \
    }                                                                          \
    return s * k;                                                              \
  }                                                                            \
  MARK T early_return(const T *x, T w, int n) {                                \
    T s = 0;                                                                   \
    for (int i = 0; i < n; ++i) {                                              \
      if (s > 2)                                                               \
        return s * w;                                                          \
      s += x[i] * x[i];                                                        \
    }                                                                          \
    return s;                                                                  \
  }                                                                            \
  MARK T early_return_const(const T *x, T w, int n) {                          \
    T s = 0;                                                                   \
    for (int i = 0; i < n; ++i) {                                              \
      if (x[i] < -1)                                                           \
        return w;                                                              \
      s += x[i] * w;                                                           \
    }                                                                          \
    return s;                                                                  \
  }                                                                            \
  MARK T do_while(const T *x, T w, int n) {                                    \
    T s = 0;                                                                   \
    int k = 0;                                                                 \
    do {                                                                       \
      s += x[k] * std::exp(w * x[k]);                                          \
      k += 2;                                                                  \
    } while (k < n);                                                           \
    return s / w;                                                              \
  }                                                                            \
  MARK T do_continue_tail(const T *x, T w, int n) {                            \
    T s = 0;                                                                   \
    int k = 0;                                                                 \
    do {                                                                       \
      s += x[k] * w;                                                           \
      k++;                                                                     \
      if (k % 2 == 1)                                                          \
        continue;                                                              \
      s += std::sin(w);                                                        \
    } while (k < n);                                                           \
    return s;                                                                  \
  }                                                                            \
  MARK T while_down(const T *x, T w, int n) {                                  \
    T s = 0;                                                                   \
    int k = n - 1;                                                             \
    while (k >= 0) {                                                           \
      s -= std::tanh(x[k] * w);                                                \
      k -= 2;                                                                  \
    }                                                                          \
    return s + w;                                                              \
  }                                                                            \
  MARK T forever_break(const T *x, T w, int n) {                               \
    T s = 0;                                                                   \
    int k = 0;                                                                 \
    for (;;) {                                                                 \
      s += x[k] * x[k] * w;                                                    \
      k++;                                                                     \
      if (k >= n)                                                              \
        break;                                                                 \
    }                                                                          \
    return s;                                                                  \
  }                                                                            \
  /* The condition reads s. */                                                 \
  MARK T until_large(const T *x, T w, int n) {                                 \
    T s = 0;                                                                   \
    int k = 0;                                                                 \
    while (s < T(2) && k < n) {                                                \
      s += x[k] * x[k] * w;                                                    \
      k++;                                                                     \
    }                                                                          \
    return s * w;                                                              \
  }

// Several accumulators; running adjoints that do or do not change from one
// iteration to the next.
#define ACCUMULATORS(T, MARK)                                                  \
  MARK T several(const T *x, T p, T q, int n) {                                \
    T a = 0, b = 0, c = 0;                                                     \
    for (int i = 0; i < n; ++i) {                                              \
      a += x[i];                                                               \
      b += x[i] * x[i];                                                        \
      c += std::sin(x[i] * p);                                                 \
    }                                                                          \
    return p * a + b - c * q;                                                  \
  }                                                                            \
  /* a + b * b: not fused. */                                                  \
  MARK T several_mixed(const T *x, T p, int n) {                               \
    T a = 0, b = 0;                                                            \
    for (int i = 0; i < n; ++i) {                                              \
      a += x[i] * p;                                                           \
      b += x[i] * x[i];                                                        \
    }                                                                          \
    return a + b * b;                                                          \
  }                                                                            \
  /* b is never used. */                                                       \
  MARK T several_unused(const T *x, T p, int n) {                              \
    T a = 0, b = 0;                                                            \
    for (int i = 0; i < n; ++i) {                                              \
      a += x[i] * p;                                                           \
      b += std::exp(x[i] * 2);                                                 \
    }                                                                          \
    (void)b;                                                                   \
    return a;                                                                  \
  }                                                                            \
  /* s = s / 2 + ...: d_s halves each iteration, not fused. */                 \
  MARK T decaying(const T *x, int n) {                                         \
    T s = 0;                                                                   \
    for (int i = 0; i < n; ++i)                                                \
      s = T(0.5) * s + x[i] * x[i];                                            \
    return s;                                                                  \
  }                                                                            \
  MARK T twice_in_body(const T *x, T w, int n) {                               \
    T s = 0;                                                                   \
    for (int i = 0; i < n; ++i) {                                              \
      s -= x[i] * w;                                                           \
      s += T(0.5) * x[i] * x[i];                                               \
      s = s + w;                                                               \
    }                                                                          \
    return s + s * w;                                                          \
  }                                                                            \
  /* last is overwritten: only the last iteration gets its adjoint. */         \
  MARK T last_value(const T *x, T w, int n) {                                  \
    T s = 0, last = 0;                                                         \
    for (int i = 0; i < n; ++i) {                                              \
      s += x[i] * w;                                                           \
      last = x[i] * x[i];                                                      \
    }                                                                          \
    return s + last;                                                           \
  }                                                                            \
  /* a and b swap: each running adjoint is the other's. */                     \
  MARK T crossed(const T *x, T w, int n) {                                     \
    T a = 0, b = 0;                                                            \
    for (int i = 0; i < n; ++i) {                                              \
      T a2 = b + x[i] * w;                                                     \
      b = a + x[i] * x[i];                                                     \
      a = a2;                                                                  \
    }                                                                          \
    return a + T(2) * b;                                                       \
  }                                                                            \
  MARK T prefix_sums(const T *x, T w, int n) {                                 \
    T s = 0, t = 0;                                                            \
    for (int i = 0; i < n; ++i) {                                              \
      s += x[i];                                                               \
      t += s * w;                                                              \
    }                                                                          \
    return t;                                                                  \
  }                                                                            \
  MARK T reset_inside(const T *x, T w, int n) {                                \
    T s = 0;                                                                   \
    for (int i = 0; i < n; ++i) {                                              \
      if (i % 2 == 0)                                                          \
        s = w;                                                                 \
      s += x[i] * x[i];                                                        \
    }                                                                          \
    return s;                                                                  \
  }                                                                            \
  /* An inactive recurrence p the fused reverse reads. */                      \
  MARK T geometric_weights(const T *x, int n) {                                \
    T s = 0, p = 1;                                                            \
    for (int i = 0; i < n; ++i) {                                              \
      s += x[i] * x[i] * p;                                                    \
      p = p * T(0.5);                                                          \
    }                                                                          \
    return s;                                                                  \
  }                                                                            \
  /* An active one: not fused. */                                              \
  MARK T active_geometric(const T *x, T w, int n) {                            \
    T s = 0, p = w;                                                            \
    for (int i = 0; i < n; ++i) {                                              \
      s += x[i] * p;                                                           \
      p = p * T(0.5);                                                          \
    }                                                                          \
    return s;                                                                  \
  }                                                                            \
  MARK T active_unused_chain(const T *x, T w, int n) {                         \
    T s = 0, p = w;                                                            \
    for (int i = 0; i < n; ++i) {                                              \
      p = std::sin(p) + x[i];                                                  \
      s += p;                                                                  \
    }                                                                          \
    return s;                                                                  \
  }                                                                            \
  struct Pair##T {                                                             \
    T a, b;                                                                    \
  };                                                                           \
  MARK T struct_accumulator(const T *x, T w, int n) {                          \
    Pair##T acc{0, 0};                                                         \
    for (int i = 0; i < n; ++i) {                                              \
      acc.a += x[i] * w;                                                       \
      acc.b += x[i] * x[i];                                                    \
    }                                                                          \
    return acc.a * w + acc.b;                                                  \
  }

// Types, parameters and NO_GRAD.
#define TYPES(T, MARK)                                                         \
  /* A double accumulator in the float version. */                             \
  MARK T wide_accumulator(const T *x, T w, int n) {                            \
    double acc = 0;                                                            \
    for (int i = 0; i < n; ++i)                                                \
      acc += static_cast<double>(x[i] * w) * x[i];                             \
    return static_cast<T>(acc) * w;                                            \
  }                                                                            \
  /* x * 0.5 computes in double in the float version. */                       \
  MARK T promoted(const T *x, T w, int n) {                                    \
    T s = 0, t = 0;                                                            \
    for (int i = 0; i < n; ++i) {                                              \
      s += x[i] * 0.5;                                                         \
      t += x[i] * w;                                                           \
    }                                                                          \
    return s * 0.1 + t * 0.3;                                                  \
  }                                                                            \
  MARK T vector_param(const std::vector<T> &v, T w) {                          \
    T s = 0;                                                                   \
    for (std::size_t i = 0; i < v.size(); ++i)                                 \
      s += v[i] * v[i] * w;                                                    \
    return s;                                                                  \
  }                                                                            \
  MARK T std_array_param(const std::array<T, 3> &a, T w) {                     \
    T s = 0;                                                                   \
    for (int i = 0; i < 3; ++i)                                                \
      s += std::pow(a[i], 2) * w;                                              \
    return s;                                                                  \
  }                                                                            \
  MARK T unsigned_index(const T *x, T w, unsigned n) {                         \
    T s = 0;                                                                   \
    for (unsigned i = n; i > 0; --i)                                           \
      s += x[i - 1] * std::exp(-w * i);                                        \
    return s;                                                                  \
  }                                                                            \
  MARK T long_step(const T *x, T w, long n) {                                  \
    T s = 0;                                                                   \
    for (long i = 1; i < n; i += 2)                                            \
      s += x[i] * x[i - 1] * w;                                                \
    return s;                                                                  \
  }                                                                            \
  MARK T pointer_walk(const T *x, T w, int n) {                                \
    const T *p = x;                                                            \
    T s = 0;                                                                   \
    for (int i = 0; i < n; ++i) {                                              \
      s += *p * w;                                                             \
      p += 1;                                                                  \
    }                                                                          \
    return s;                                                                  \
  }                                                                            \
  struct Particle##T {                                                         \
    T m;                                                                       \
    T vx, vy;                                                                  \
    int id;                                                                    \
  };                                                                           \
  /* An array of structs with an int member. */                                \
  MARK T kinetic(const Particle##T *p, T g, int n) {                           \
    T e = 0;                                                                   \
    for (int i = 0; i < n; ++i)                                                \
      e += T(0.5) * p[i].m * (p[i].vx * p[i].vx + p[i].vy * p[i].vy) +         \
           p[i].m * g * p[i].id;                                               \
    return e;                                                                  \
  }                                                                            \
  MARK T no_grad_data(ADGEN_NO_GRAD const T *x, T w, int n) {                  \
    T s = w;                                                                   \
    for (int i = 0; i < n; ++i)                                                \
      s += x[i] * x[i];                                                        \
    return s * T(3);                                                           \
  }                                                                            \
  MARK T no_grad_scale(const T *x, ADGEN_NO_GRAD T c, int n) {                 \
    T s = 0;                                                                   \
    for (int i = 0; i < n; ++i)                                                \
      s += std::exp(x[i] * c);                                                 \
    return s * c;                                                              \
  }                                                                            \
  ADGEN_NO_GRAD inline T quarter(T v) { return std::floor(v * 4) / 4; }        \
  /* A NO_GRAD function in the body, and after the loop, where d_s reads       \
     it: not fused. */                                                         \
  MARK T rounded_weights(const T *x, T w, int n) {                             \
    T s = 0;                                                                   \
    for (int i = 0; i < n; ++i)                                                \
      s += x[i] * quarter(x[i] * w);                                           \
    return s * quarter(w);                                                     \
  }

// Output parameters: a loop that writes one is not fused.
#define OUTPUTS(T, MARK)                                                       \
  MARK T with_output(const T *x, T w, int n, T *out) {                         \
    T s = 0;                                                                   \
    for (int i = 0; i < n; ++i) {                                              \
      out[i] = x[i] * w;                                                       \
      s += x[i] * x[i];                                                        \
    }                                                                          \
    return s;                                                                  \
  }                                                                            \
  /* Outputs written before and after a fused loop. */                         \
  MARK T reads_output_init(const T *x, T w, int n, T *out) {                   \
    out[0] = w * w;                                                            \
    T s = 0;                                                                   \
    for (int i = 0; i < n; ++i)                                                \
      s += x[i] * w;                                                           \
    out[1] = w;                                                                \
    return s;                                                                  \
  }                                                                            \
  MARK T prefix_out(const T *x, T w, int n, T *out) {                          \
    T s = 0;                                                                   \
    for (int i = 0; i < n; ++i) {                                              \
      s += x[i] * w;                                                           \
      out[i] = s;                                                              \
    }                                                                          \
    return s;                                                                  \
  }                                                                            \
  /* The result goes into an output, after the loop. */                        \
  MARK void into_output(const T *x, T w, int n, T *out) {                      \
    T s = 0;                                                                   \
    for (int i = 0; i < n; ++i)                                                \
      s += x[i] * x[i] * w;                                                    \
    out[0] = s;                                                                \
    out[1] = s * w;                                                            \
  }

#define FUNCTIONS(T, MARK) \
  EXIT_ADJOINTS(T, MARK) \
  INTEGERS(T, MARK) \
  ARRAYS(T, MARK) \
  SCRATCH(T, MARK) \
  HELPERS(T, MARK) \
  NESTED(T, MARK) \
  BRANCHES(T, MARK) \
  RECURRENCES(T, MARK) \
  JUMPS(T, MARK) \
  ACCUMULATORS(T, MARK) \
  TYPES(T, MARK) \
  OUTPUTS(T, MARK)

FUNCTIONS(double, ADGEN_DIFFERENTIABLE)
FUNCTIONS(float, ADGEN_DIFFERENTIABLE)

// Which loops fuse. A fused loop has no reverse loop of its own (no
// `iterations_k`) and no tape; its running adjoints are constants defined
// before it.
// CHECK-LABEL: inline double scaled_grad(
// CHECK-NEXT:    const double d_s = c;
// CHECK-NOT:     iterations_k
// CHECK:         return c * s;
// CHECK-LABEL: inline double squared_grad(
// CHECK:         for (std::size_t iterations_k = iterations; iterations_k-- > 0;) {
// Values computed after the loop that d_s reads are defined before it.
// CHECK-LABEL: inline double computed_after_grad(
// CHECK-NEXT:    const double [[E:t[0-9]+]] = std::exp(w);
// CHECK-NEXT:    const double [[K:k_[0-9]+]] = [[E]] + x[0];
// CHECK-NEXT:    const double k2 = [[K]] * [[K]] - w;
// CHECK-NEXT:    const double d_s = k2;
// CHECK-NOT:     iterations_k
// CHECK:         return s * k2 + [[K]];
// CHECK-LABEL: inline double counted_grad(
// CHECK:         for (std::size_t iterations_k
// CHECK-LABEL: inline double int_weights_grad(
// CHECK-NOT:     iterations_k
// CHECK:         return s;
// The reduction adds into d_v in the forward loop; the loop that wrote v
// is reversed after it.
// CHECK-LABEL: inline double array_written_before_grad(
// CHECK:         std::vector<double> d_v(
// CHECK-NEXT:    const double d_s = 1.0;
// CHECK-NOT:     iterations_k
// CHECK:         d_v[{{t[0-9]+}}] += 2.0 * (d_s * w * {{t[0-9]+}});
// CHECK-NOT:     iterations_k
// CHECK:         }
// CHECK-NEXT:    for (std::size_t iterations_k = 0; iterations_k < iterations; ++iterations_k) {
// CHECK-LABEL: inline double array_written_after_grad(
// CHECK:         for (std::size_t iterations_1_k = iterations_1; iterations_1_k-- > 0;) {
// CHECK-LABEL: inline double array_written_inside_grad(
// CHECK:         for (std::size_t iterations_k
// CHECK-LABEL: inline double scratch_in_body_grad(
// CHECK-NOT:     iterations_k
// CHECK:         double tmp[3];
// CHECK:         double d_tmp[3] = {};
// CHECK-NOT:     iterations_k
// CHECK:         return s;
// CHECK-LABEL: inline double helper_private_grad(
// CHECK-NOT:     iterations_k
// CHECK:         return s;
// CHECK-LABEL: inline double helper_shared_grad(
// CHECK:         for (std::size_t iterations_k
// CHECK-LABEL: inline double helper_dots_grad(
// CHECK-NOT:     iterations_k
// CHECK:         return s;
// CHECK-LABEL: inline double nested_in_private_grad(
// CHECK-NOT:     iterations_k
// CHECK:         return s;
// CHECK-LABEL: inline double breaking_grad(
// CHECK:         for (std::size_t iterations_k
// CHECK-LABEL: inline double breaking_after_grad(
// CHECK-NOT:     iterations_k
// CHECK:         return s;
// CHECK-LABEL: inline double do_while_grad(
// CHECK-NEXT:    const double [[INV:t[0-9]+]] = 1.0 / w;
// CHECK-NEXT:    const double d_s = [[INV]];
// CHECK-NOT:     iterations_k
// CHECK:         return
// CHECK-LABEL: inline double several_grad(
// CHECK-NOT:     iterations_k
// CHECK:         return
// CHECK-LABEL: inline double several_mixed_grad(
// CHECK:         for (std::size_t iterations_k
// CHECK-LABEL: inline double decaying_grad(
// CHECK:         for (std::size_t iterations_k
// CHECK-LABEL: inline double last_value_grad(
// CHECK:         for (std::size_t iterations_k
// CHECK-LABEL: inline double crossed_grad(
// CHECK:         for (std::size_t iterations_k
// CHECK-LABEL: inline double geometric_weights_grad(
// CHECK-NOT:     iterations_k
// CHECK:         return s;
// CHECK-LABEL: inline double active_geometric_grad(
// CHECK:         for (std::size_t iterations_k
// CHECK-LABEL: inline double struct_accumulator_grad(
// CHECK-NOT:     iterations_k
// CHECK:         return
// CHECK-LABEL: inline double kinetic_grad(
// CHECK-NOT:     iterations_k
// CHECK:         return e;
// CHECK-LABEL: inline double with_output_grad(
// CHECK:         for (std::size_t iterations_k
// CHECK-LABEL: inline double reads_output_init_grad(
// CHECK-NOT:     iterations_k
// CHECK:         return s;

#ifndef ADGEN_TOOL
#include "fusion-edges.grad.h"
#include "oracle.h"

#include <cstdio>
#include <string>

using LongDouble = long double;
FUNCTIONS(LongDouble, )

static int failures = 0, checked = 0;

template <class T, class... A> std::array<T, sizeof...(A)> at(A... a) {
  return {static_cast<T>(a)...};
}

template <class T> std::string named(const char *name) {
  return std::string(name) + (sizeof(T) == sizeof(float) ? "<float>" : "<double>");
}

// The oracle's checks (value, gradient, vjp with a seed of 0.5), then: a
// second _grad call into adjoints that hold 0.25 already adds the same
// gradient and returns the same value, and _vjp with a seed of 0 adds nothing.
// (Function pointers: one instantiation per type and size.)
template <class X> struct Same { using type = X; };
template <class T, size_t N>
void check(const char *base,
           typename Same<LongDouble (*)(std::array<LongDouble, N>)>::type f,
           typename Same<T (*)(const T *, T *)>::type g,
           typename Same<void (*)(const T *, T, T *)>::type v, std::array<T, N> x) {
  std::string name = named<T>(base);
  ++checked;
  if (!oracle::check<T, N>(name.c_str(), f, g, v, x))
    ++failures;
  std::array<T, N> fresh{}, held, zero;
  held.fill(T(0.25));
  zero.fill(T(0.25));
  T first = g(x.data(), fresh.data());
  T second = g(x.data(), held.data());
  v(x.data(), T(0), zero.data());
  bool ok = first == second;
  for (size_t i = 0; i < N; ++i)
    ok = ok && zero[i] == T(0.25) &&
         oracle::close(fresh[i] + 0.25L, held[i], oracle::tolerance<T>());
  std::printf("%s: seed 0 and accumulation %s\n", name.c_str(), ok ? "ok" : "MISMATCH");
  failures += !ok;
}

// A void function's vjp against the oracle's gradient of sum_k c_k out[k]
// (the seeds given in d_out, which the vjp clears).
template <class T, size_t N, size_t M, class F, class V>
void check_void(const char *base, F f, V v, std::array<T, N> x, std::array<T, M> c) {
  std::string name = named<T>(base);
  ++checked;
  std::array<long double, N> xl{};
  for (size_t i = 0; i < N; ++i)
    xl[i] = x[i];
  auto objective = [&](std::array<long double, N> a) {
    std::array<long double, M> out{};
    f(a, out.data());
    long double r = 0;
    for (size_t k = 0; k < M; ++k)
      r += c[k] * out[k];
    return r;
  };
  std::array<long double, N> want = oracle::central_differences(objective, xl);
  std::array<T, N> d{};
  std::array<T, M> seeds = c;
  v(x.data(), seeds.data(), d.data());
  bool ok = true;
  for (size_t i = 0; i < N; ++i)
    ok = ok && oracle::close(want[i], d[i], oracle::tolerance<T>());
  for (size_t k = 0; k < M; ++k)
    ok = ok && seeds[k] == 0;
  std::printf("%s: vjp %s\n", name.c_str(), ok ? "ok" : "MISMATCH");
  failures += !ok;
}

// f(const T* x, T w, int n): x = v[0..n), w = v[n].
#define CHECK_XWN(T, f, n, ...)                                                 \
  check<T>(#f, [](auto v) { return f(v.data(), v[n], n); },                     \
           [](const T *x, T *d) { return f##_grad(x, x[n], n, d, d + n); },     \
           [](const T *x, T s, T *d) { f##_vjp(x, x[n], n, s, d, d + n); },     \
           at<T>(__VA_ARGS__))
// f(const T* x, int n)
#define CHECK_XN(T, f, n, ...)                                                  \
  check<T>(#f, [](auto v) { return f(v.data(), n); },                           \
           [](const T *x, T *d) { return f##_grad(x, n, d); },                  \
           [](const T *x, T s, T *d) { f##_vjp(x, n, s, d); }, at<T>(__VA_ARGS__))
// f(const T* a, const T* b, int n, int m): a = v[0..k), b = v[k..)
#define CHECK_AB(T, f, k, n, m, ...)                                            \
  check<T>(#f, [](auto v) { return f(v.data(), v.data() + k, n, m); },          \
           [](const T *x, T *d) { return f##_grad(x, x + k, n, m, d, d + k); }, \
           [](const T *x, T s, T *d) { f##_vjp(x, x + k, n, m, s, d, d + k); }, \
           at<T>(__VA_ARGS__))
// f(const T* x, T y, int n, int steps): y = v[n]
#define CHECK_XYNS(T, f, n, steps, ...)                                         \
  check<T>(#f, [](auto v) { return f(v.data(), v[n], n, steps); },              \
           [](const T *x, T *d) { return f##_grad(x, x[n], n, steps, d, d + n); }, \
           [](const T *x, T s, T *d) { f##_vjp(x, x[n], n, steps, s, d, d + n); }, \
           at<T>(__VA_ARGS__))

// kinetic(const Particle* p, T g, int n): (m, vx, vy) of two particles, g.
template <class T, class P> void check_kinetic() {
  check<T>(
      "kinetic",
      [](auto a) {
        ParticleLongDouble p[2] = {{a[0], a[1], a[2], 1}, {a[3], a[4], a[5], 2}};
        return kinetic(p, a[6], 2);
      },
      [](const T *a, T *d) {
        P p[2] = {{a[0], a[1], a[2], 1}, {a[3], a[4], a[5], 2}};
        P dp[2] = {{0, 0, 0, 0}, {0, 0, 0, 0}};
        T r = kinetic_grad(p, a[6], 2, dp, d + 6);
        for (int i = 0; i < 2; ++i) {
          d[3 * i] += dp[i].m;
          d[3 * i + 1] += dp[i].vx;
          d[3 * i + 2] += dp[i].vy;
        }
        return r;
      },
      [](const T *a, T s, T *d) {
        P p[2] = {{a[0], a[1], a[2], 1}, {a[3], a[4], a[5], 2}};
        P dp[2] = {{0, 0, 0, 0}, {0, 0, 0, 0}};
        kinetic_vjp(p, a[6], 2, s, dp, d + 6);
        for (int i = 0; i < 2; ++i) {
          d[3 * i] += dp[i].m;
          d[3 * i + 1] += dp[i].vx;
          d[3 * i + 2] += dp[i].vy;
        }
      },
      at<T>(1.5, -1, 0.3, 0.7, 0.8, -0.2, 9.8));
}

template <class T> void checks() {
  // EXIT_ADJOINTS
  CHECK_XWN(T, scaled, 3, 0.5, -1, 2, 0.7);
  CHECK_XWN(T, scaled, 0, 0.7);
  CHECK_XWN(T, squared, 3, 0.5, -1, 2, 0.7);
  CHECK_XWN(T, computed_after, 3, 0.5, -1, 0.3, 0.4);
  CHECK_XWN(T, index_after, 3, 0.5, -1, 0.3, 0.4);
  CHECK_XWN(T, after_value_from_loop, 3, 0.5, -1, 0.3, 0.4);
  CHECK_XWN(T, after_branch_value, 3, 0.5, -1, 0.3, 0.4);
  CHECK_XWN(T, after_branch_value, 3, 0.5, -1, 0.3, -0.4);
  CHECK_XWN(T, chosen_result, 3, 0.5, -1, 0.3, 0.4);
  CHECK_XWN(T, chosen_result, 3, 0.5, -1, 0.3, -0.4);
  CHECK_XWN(T, compared_result, 3, 0.5, -1, 0.3, 0.4);
  CHECK_XWN(T, compared_result, 3, 0.5, 1, 2.3, 0.9);
  CHECK_XWN(T, product_of_sums, 3, 0.5, -1, 0.3, 0.4);
  CHECK_XN(T, variance, 4, 0.5, -1, 2, 0.3);
  check<T>(
      "chained", [](auto v) { return chained(v.data(), v.data() + 2, v[4], 2); },
      [](const T *x, T *d) { return chained_grad(x, x + 2, x[4], 2, d, d + 2, d + 4); },
      [](const T *x, T s, T *d) { chained_vjp(x, x + 2, x[4], 2, s, d, d + 2, d + 4); },
      at<T>(0.5, -1, 0.3, 1.2, 0.8));
  CHECK_XWN(T, branch_later, 3, 0.5, -1, 0.3, 0.4);
  CHECK_XWN(T, branch_later, 3, 0.5, -1, 0.3, -0.4);
  CHECK_XWN(T, later_in_outer, 3, 0.5, -1, 0.3, 0.4);
  CHECK_XWN(T, guarded_start, 3, 0.5, -1, 0.3, 0.4);
  CHECK_XWN(T, guarded_start, 3, 0.5, -1, 0.3, -0.4);
  CHECK_XWN(T, guarded_start, 1, 0.5, 0.4);
  check<T>(
      "mask_times_sum(1)", [](auto v) { return mask_times_sum(v.data(), v[3], 3, 1); },
      [](const T *x, T *d) { return mask_times_sum_grad(x, x[3], 3, 1, d, d + 3); },
      [](const T *x, T s, T *d) { mask_times_sum_vjp(x, x[3], 3, 1, s, d, d + 3); },
      at<T>(0.5, -1, 0.3, 0.4));
  check<T>(
      "mask_times_sum(0)", [](auto v) { return mask_times_sum(v.data(), v[3], 3, 0); },
      [](const T *x, T *d) { return mask_times_sum_grad(x, x[3], 3, 0, d, d + 3); },
      [](const T *x, T s, T *d) { mask_times_sum_vjp(x, x[3], 3, 0, s, d, d + 3); },
      at<T>(0.5, -1, 0.3, 0.4));
  CHECK_XWN(T, zero_factor, 3, 0.5, 1, 0.3, 0.4);
  CHECK_XWN(T, nonzero_init, 3, 0.5, -1, 0.3, 0.4);
  CHECK_XWN(T, init_from_array, 3, 0.5, -1, 0.3, 0.4);
  // INTEGERS
  CHECK_XN(T, counted, 4, 0.5, -1, 2, 0.3);
  CHECK_XN(T, int_weights, 4, 0.5, -1, 2, 0.3);
  CHECK_XWN(T, float_int_mix, 3, 0.5, -1, 0.8, 0.9);
  CHECK_AB(T, four_sums, 3, 3, 2, 0.5, -1, 0.3, 1.2, 0.8, -0.2, 0.7);
  CHECK_XWN(T, cast_cut, 3, 0.55, -1.1, 0.3, 0.43);
  // ARRAYS
  CHECK_XWN(T, array_written_before, 3, 0.5, -1, 0.3, 0.4);
  CHECK_XWN(T, array_written_before, 0, 0.4);
  CHECK_XWN(T, array_written_after, 3, 0.5, -1, 0.3, 0.4);
  check<T>(
      "array_read_after", [](auto v) { return array_read_after(v.data(), v[4], 6); },
      [](const T *x, T *d) { return array_read_after_grad(x, x[4], 6, d, d + 4); },
      [](const T *x, T s, T *d) { array_read_after_vjp(x, x[4], 6, s, d, d + 4); },
      at<T>(0.5, -1, 0.3, 1.2, 0.8));
  CHECK_XWN(T, array_written_inside, 3, 0.5, -1, 0.3, 0.4);
  CHECK_XWN(T, aliased_pointer, 3, 0.5, -1, 0.3, 0.4);
  CHECK_XWN(T, aliased_offset, 3, 0.5, -1, 0.3, 0.8, 0.4);
  CHECK_XWN(T, pushed_then_reduced, 3, 0.5, -1, 0.3, 0.4);
  CHECK_XWN(T, pushed_then_reduced, 0, 0.4);
  CHECK_XWN(T, resized_then_reduced, 3, 0.5, -1, 0.3, 0.4);
  CHECK_XWN(T, stored_after, 3, 0.5, -1, 0.3, 0.4);
  CHECK_XWN(T, constant_array_after, 3, 0.5, -1, 0.3, 0.4);
  CHECK_XWN(T, two_fused_same_array, 3, 0.5, -1, 0.3, 0.4);
  CHECK_XWN(T, sum_then_scale_array, 3, 0.5, -1, 0.3, 0.4);
  CHECK_XWN(T, pre_read_array, 3, 0.5, -1, 0.3, 0.4);
  CHECK_XWN(T, array_accumulator, 3, 0.5, -1, 0.3, 0.4);
  check<T>(
      "std_array_sum", [](auto v) { return std_array_sum(v.data(), v[4]); },
      [](const T *x, T *d) { return std_array_sum_grad(x, x[4], d, d + 4); },
      [](const T *x, T s, T *d) { std_array_sum_vjp(x, x[4], s, d, d + 4); },
      at<T>(0.5, -1, 0.3, 1.2, 0.8));
  CHECK_XWN(T, abs_max_terms, 3, 0.5, -1, 0.3, 0.4);
  CHECK_XWN(T, frozen_in_branch, 3, 0.5, -1, 0.3, 0.4);
  CHECK_XWN(T, frozen_phi, 3, 0.5, -1, 0.3, 0.4);
  CHECK_XWN(T, nested_on_param, 3, 0.5, -1, 0.3, 0.4);
  CHECK_XWN(T, nested_on_param, 3, 0.5, -1, 0.3, -0.4);
  // SCRATCH
  CHECK_XWN(T, scratch_in_body, 3, 0.5, -1, 0.3, 0.4);
  CHECK_XWN(T, vector_in_body, 3, 0.5, -1, 0.3, 0.4);
  CHECK_XWN(T, branchy_private, 3, 0.5, -1, 0.3, 0.4);
  CHECK_XWN(T, frozen_phi_private, 3, 0.5, -1, 0.3, 0.4);
  CHECK_XWN(T, vector_resized_in_body, 3, 0.5, -1, 0.3, 0.4);
  CHECK_XWN(T, two_level_private, 3, 0.5, -1, 0.3, 0.4);
  CHECK_XWN(T, outer_private_rewritten, 3, 0.5, -1, 0.3, 0.4);
  CHECK_XWN(T, outer_private_read, 3, 0.5, -1, 0.3, 0.4);
  CHECK_XWN(T, fused_outer_private_inner, 3, 0.5, -1, 0.3, 0.4);
  CHECK_XWN(T, private_row_squared, 3, 0.5, -1, 0.3, 0.4);
  // HELPERS
  CHECK_XWN(T, helper_private, 3, 0.5, -1, 0.3, 0.4);
  CHECK_XWN(T, helper_shared, 3, 0.5, -1, 0.3, 0.4);
  CHECK_AB(T, helper_dots, 6, 2, 3, 0.5, -1, 0.3, 1.2, 0.8, -0.2, 0.7, 0.1, -0.4);
  CHECK_AB(T, helper_dots, 0, 0, 3, 0.7, 0.1, -0.4);
  CHECK_AB(T, helper_dots_sq, 6, 2, 3, 0.5, -1, 0.3, 1.2, 0.8, -0.2, 0.7, 0.1, -0.4);
  CHECK_AB(T, helper_norms, 6, 2, 3, 0.5, -1, 0.3, 1.2, 0.8, -0.2, 0.7, 0.1);
  check<T>(
      "helper_early_return", [](auto v) { return helper_early_return(v.data(), v[6], 2, 3); },
      [](const T *x, T *d) { return helper_early_return_grad(x, x[6], 2, 3, d, d + 6); },
      [](const T *x, T s, T *d) { helper_early_return_vjp(x, x[6], 2, 3, s, d, d + 6); },
      at<T>(0.5, -1, 0.3, 1.2, 0.8, -0.2, 0.9));
  CHECK_XWN(T, helper_scratch_around, 3, 0.5, -1, 0.3, 0.4);
  CHECK_XWN(T, helper_accumulates, 3, 0.5, -1, 0.3, 0.4);
  check<T>(
      "rec_pow", [](auto v) { return rec_pow(v[0], 3); },
      [](const T *x, T *d) { return rec_pow_grad(x[0], 3, d); },
      [](const T *x, T s, T *d) { rec_pow_vjp(x[0], 3, s, d); }, at<T>(0.7));
  CHECK_XWN(T, with_recursion, 3, 0.5, -1, 0.3, 0.4);
  // NESTED
  check<T>(
      "nested_sum", [](auto v) { return nested_sum(v.data(), v.data() + 4, 2); },
      [](const T *x, T *d) { return nested_sum_grad(x, x + 4, 2, d, d + 4); },
      [](const T *x, T s, T *d) { nested_sum_vjp(x, x + 4, 2, s, d, d + 4); },
      at<T>(0.5, -1, 0.3, 1.2, 0.8, -0.6));
  check<T>(
      "nested_norms", [](auto v) { return nested_norms(v.data(), v.data() + 4, 2); },
      [](const T *x, T *d) { return nested_norms_grad(x, x + 4, 2, d, d + 4); },
      [](const T *x, T s, T *d) { nested_norms_vjp(x, x + 4, 2, s, d, d + 4); },
      at<T>(0.5, -1, 0.3, 1.2, 0.8, -0.6));
  CHECK_XWN(T, nested_in_private, 3, 0.5, -1, 0.3, 0.4);
  CHECK_XWN(T, nested_in_private, 0, 0.4);
  check<T>(
      "nested_later", [](auto v) { return nested_later(v.data(), v.data() + 4, v[6], 2); },
      [](const T *x, T *d) { return nested_later_grad(x, x + 4, x[6], 2, d, d + 4, d + 6); },
      [](const T *x, T s, T *d) { nested_later_vjp(x, x + 4, x[6], 2, s, d, d + 4, d + 6); },
      at<T>(0.5, -1, 0.3, 1.2, 0.8, -0.2, 0.7));
  CHECK_XWN(T, three_levels, 3, 0.5, -1, 0.3, 0.4);
  CHECK_XWN(T, three_levels_split, 3, 0.5, -1, 0.3, 0.4);
  CHECK_XWN(T, sum_of_products, 3, 0.5, -1, 0.3, 0.4);
  CHECK_XWN(T, fused_outer_recorded_inner, 3, 0.5, -1, 0.3, 0.4);
  CHECK_XWN(T, inner_recurrence, 3, 0.5, -1, 0.3, 0.4);
  CHECK_XWN(T, inner_cond_recurrence, 3, 0.5, -1, 0.3, 0.4);
  CHECK_XWN(T, branch_inner, 3, 0.5, -1, 0.3, 0.4);
  CHECK_XWN(T, branch_inner_param, 3, 0.5, -1, 0.3, 0.4);
  // BRANCHES
  CHECK_XWN(T, branch_loops, 3, 0.5, -1, 0.3, 0.4);
  CHECK_XWN(T, branch_loops, 3, 0.5, -1, 0.3, -0.4);
  CHECK_XWN(T, branch_in_body, 4, 0.5, -0.5, -2, 0.3, 0.4);
  CHECK_XWN(T, branch_in_body, 4, 0.5, -0.5, -2, 0.3, -0.4);
  CHECK_XWN(T, ternary_terms, 3, 0.5, -1, 0.3, 0.4);
  CHECK_XWN(T, threshold_switch, 4, 0.5, -1, 0.3, 0.2, 0.4);
  // RECURRENCES
  CHECK_XYNS(T, recurrence_outer, 3, 3, 0.5, -1, 0.3, 0.9);
  check<T>(
      "recurrence_product",
      [](auto v) { return recurrence_product(v.data(), v[2], v[3], 2, 3); },
      [](const T *x, T *d) {
        return recurrence_product_grad(x, x[2], x[3], 2, 3, d, d + 2, d + 3);
      },
      [](const T *x, T s, T *d) {
        recurrence_product_vjp(x, x[2], x[3], 2, 3, s, d, d + 2, d + 3);
      },
      at<T>(0.5, -1, 0.8, 0.6));
  CHECK_XYNS(T, recurrence_array, 3, 3, 0.5, -1, 0.3, 0.9);
  CHECK_XYNS(T, recurrence_before, 3, 3, 0.5, -1, 0.3, 0.9);
  CHECK_XYNS(T, enclosing_factor, 2, 3, 0.5, -1, 0.9);
  CHECK_XYNS(T, private_in_recurrence, 3, 3, 0.5, -1, 0.3, 0.9);
  // JUMPS
  CHECK_XWN(T, breaking, 4, 0.5, -1, 1.5, 0.3, 0.4);
  CHECK_XWN(T, breaking, 4, 0.5, -1, 0.5, 0.3, 0.4);
  CHECK_XWN(T, breaking_after, 4, 0.5, -1, 1.5, 0.3, 0.4);
  CHECK_XWN(T, breaking_after, 4, 0.5, -1, 0.5, 0.3, 0.4);
  CHECK_XWN(T, continuing, 4, 0.5, -1, 1.5, 0.3, 0.4);
  CHECK_XWN(T, continue_after, 4, 0.5, -1, 1.5, -0.3, 0.4);
  CHECK_XWN(T, early_return, 4, 0.5, -1, 1.5, 0.3, 0.4);
  CHECK_XWN(T, early_return, 4, 0.5, -1, 0.5, 0.3, 0.4);
  CHECK_XWN(T, early_return_const, 3, 0.5, -1.5, 0.3, 0.4);
  CHECK_XWN(T, early_return_const, 3, 0.5, -0.5, 0.3, 0.4);
  CHECK_XWN(T, do_while, 5, 0.5, -1, 0.3, 1.2, -0.7, 0.4);
  CHECK_XWN(T, do_while, 1, 0.5, 0.4);
  CHECK_XWN(T, do_continue_tail, 4, 0.5, -1, 0.3, 0.2, 0.4);
  CHECK_XWN(T, while_down, 5, 0.5, -1, 0.3, 1.2, -0.7, 0.4);
  CHECK_XWN(T, forever_break, 3, 0.5, -1, 0.3, 0.4);
  CHECK_XWN(T, forever_break, 1, 0.5, 0.4);
  CHECK_XWN(T, until_large, 5, 0.5, -1, 2, 0.3, 0.2, 0.9);
  // ACCUMULATORS
  check<T>(
      "several", [](auto v) { return several(v.data(), v[3], v[4], 3); },
      [](const T *x, T *d) { return several_grad(x, x[3], x[4], 3, d, d + 3, d + 4); },
      [](const T *x, T s, T *d) { several_vjp(x, x[3], x[4], 3, s, d, d + 3, d + 4); },
      at<T>(0.5, -1, 0.3, 1.2, 0.8));
  CHECK_XWN(T, several_mixed, 3, 0.5, -1, 0.3, 0.4);
  CHECK_XWN(T, several_unused, 3, 0.5, -1, 0.3, 0.4);
  CHECK_XN(T, decaying, 4, 0.5, -1, 2, 0.3);
  CHECK_XWN(T, twice_in_body, 3, 0.5, -1, 0.3, 0.4);
  CHECK_XWN(T, last_value, 3, 0.5, -1, 0.3, 0.4);
  CHECK_XWN(T, crossed, 3, 0.5, -1, 0.3, 0.4);
  CHECK_XWN(T, crossed, 4, 0.5, -1, 0.3, 0.2, 0.4);
  CHECK_XWN(T, prefix_sums, 3, 0.5, -1, 0.3, 0.4);
  CHECK_XWN(T, reset_inside, 3, 0.5, -1, 0.3, 0.4);
  CHECK_XN(T, geometric_weights, 4, 0.5, -1, 2, 0.3);
  CHECK_XWN(T, active_geometric, 3, 0.5, -1, 0.3, 0.4);
  CHECK_XWN(T, active_unused_chain, 3, 0.5, -1, 0.3, 0.4);
  CHECK_XWN(T, struct_accumulator, 3, 0.5, -1, 0.3, 0.4);
  // TYPES
  CHECK_XWN(T, wide_accumulator, 3, 0.5, -1, 0.3, 0.4);
  CHECK_XWN(T, promoted, 3, 0.5, -1, 0.3, 0.4);
  check<T>(
      "vector_param",
      [](auto v) {
        std::vector<LongDouble> u(v.begin(), v.begin() + 3);
        return vector_param(u, v[3]);
      },
      [](const T *x, T *d) {
        std::vector<T> u(x, x + 3), du(3);
        T r = vector_param_grad(u, x[3], &du, d + 3);
        for (int i = 0; i < 3; ++i)
          d[i] += du[i];
        return r;
      },
      [](const T *x, T s, T *d) {
        std::vector<T> u(x, x + 3), du(3);
        vector_param_vjp(u, x[3], s, &du, d + 3);
        for (int i = 0; i < 3; ++i)
          d[i] += du[i];
      },
      at<T>(0.5, -1, 0.3, 0.4));
  check<T>(
      "std_array_param",
      [](auto v) { return std_array_param(std::array<LongDouble, 3>{v[0], v[1], v[2]}, v[3]); },
      [](const T *x, T *d) {
        std::array<T, 3> a{x[0], x[1], x[2]}, da{};
        T r = std_array_param_grad(a, x[3], &da, d + 3);
        for (int i = 0; i < 3; ++i)
          d[i] += da[i];
        return r;
      },
      [](const T *x, T s, T *d) {
        std::array<T, 3> a{x[0], x[1], x[2]}, da{};
        std_array_param_vjp(a, x[3], s, &da, d + 3);
        for (int i = 0; i < 3; ++i)
          d[i] += da[i];
      },
      at<T>(0.5, -1, 0.3, 0.4));
  CHECK_XWN(T, unsigned_index, 3u, 0.5, -1, 0.3, 0.4);
  CHECK_XWN(T, long_step, 4l, 0.5, -1, 0.3, 0.2, 0.4);
  CHECK_XWN(T, pointer_walk, 3, 0.5, -1, 0.3, 0.4);
  check<T>(
      "no_grad_data",
      [](auto v) {
        const LongDouble x[3] = {0.5, -1, 0.3};
        return no_grad_data(x, v[0], 3);
      },
      [](const T *w, T *d) {
        const T x[3] = {T(0.5), T(-1), T(0.3)};
        return no_grad_data_grad(x, w[0], 3, d);
      },
      [](const T *w, T s, T *d) {
        const T x[3] = {T(0.5), T(-1), T(0.3)};
        no_grad_data_vjp(x, w[0], 3, s, d);
      },
      at<T>(0.4));
  check<T>(
      "no_grad_scale", [](auto v) { return no_grad_scale(v.data(), 0.7L, 3); },
      [](const T *x, T *d) { return no_grad_scale_grad(x, T(0.7), 3, d); },
      [](const T *x, T s, T *d) { no_grad_scale_vjp(x, T(0.7), 3, s, d); },
      at<T>(0.5, -1, 0.3));
  CHECK_XWN(T, rounded_weights, 3, 0.5, -1, 0.3, 0.4);
  // OUTPUTS
  // Objectives: the result plus a weighted sum of the outputs, whose weights
  // are the seeds given in d_out.
  check<T>(
      "with_output",
      [](auto v) {
        LongDouble out[3];
        LongDouble r = with_output(v.data(), v[3], 3, out);
        for (int i = 0; i < 3; ++i)
          r += (i + 1) * out[i] / 4;
        return r;
      },
      [](const T *x, T *d) {
        T out[3], d_out[3];
        for (int i = 0; i < 3; ++i)
          d_out[i] = T(i + 1) / 4;
        T r = with_output_grad(x, x[3], 3, out, d, d + 3, d_out);
        return r + out[0] / 4 + out[1] / 2 + 3 * out[2] / 4;
      },
      [](const T *x, T s, T *d) {
        T out[3], d_out[3];
        for (int i = 0; i < 3; ++i)
          d_out[i] = s * T(i + 1) / 4;
        with_output_vjp(x, x[3], 3, out, s, d, d + 3, d_out);
      },
      at<T>(0.5, -1, 0.3, 0.4));
  check<T>(
      "reads_output_init",
      [](auto v) {
        LongDouble out[2];
        LongDouble r = reads_output_init(v.data(), v[3], 3, out);
        return r + out[0] / 4 + out[1] / 2;
      },
      [](const T *x, T *d) {
        T out[2], d_out[2] = {T(0.25), T(0.5)};
        T r = reads_output_init_grad(x, x[3], 3, out, d, d + 3, d_out);
        return r + out[0] / 4 + out[1] / 2;
      },
      [](const T *x, T s, T *d) {
        T out[2], d_out[2] = {s / 4, s / 2};
        reads_output_init_vjp(x, x[3], 3, out, s, d, d + 3, d_out);
      },
      at<T>(0.5, -1, 0.3, 0.4));
  check<T>(
      "prefix_out",
      [](auto v) {
        LongDouble out[3];
        LongDouble r = prefix_out(v.data(), v[3], 3, out);
        return r + out[0] / 4 + out[1] / 2 + out[2];
      },
      [](const T *x, T *d) {
        T out[3], d_out[3] = {T(0.25), T(0.5), T(1)};
        T r = prefix_out_grad(x, x[3], 3, out, d, d + 3, d_out);
        return r + out[0] / 4 + out[1] / 2 + out[2];
      },
      [](const T *x, T s, T *d) {
        T out[3], d_out[3] = {s / 4, s / 2, s};
        prefix_out_vjp(x, x[3], 3, out, s, d, d + 3, d_out);
      },
      at<T>(0.5, -1, 0.3, 0.4));
  check_void<T>(
      "into_output", [](auto v, LongDouble *out) { into_output(v.data(), v[3], 3, out); },
      [](const T *x, T *seeds, T *d) { into_output_vjp(x, x[3], 3, nullptr, d, d + 3, seeds); },
      at<T>(0.5, -1, 0.3, 0.4), at<T>(0.25, 0.75));
}

int main() {
  checks<double>();
  checks<float>();
  check_kinetic<double, Particledouble>();
  check_kinetic<float, Particlefloat>();
  std::printf("%d checks, %d failures\n", checked, failures);
}
#endif

// EXEC-COUNT-578: ok
// EXEC-NOT: MISMATCH
// EXEC: 290 checks, 0 failures
