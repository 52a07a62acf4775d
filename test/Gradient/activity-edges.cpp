// Activity analysis and reloads at their edges (adversarial tests by a
// helper).
//
// Activity (derivativeFlows in lib/Transform/Reverse.cpp): a value no
// derivative can flow to from the result gets no adjoint code, so that 0
// times a local derivative that overflows (exp(1000 x) at x ~ 0.9) does not
// put NaN into the gradient. A local array element's writes are live when a
// read may read them. Here: writes that ARE read and must keep their
// gradient, through inlined helpers with pointer parameters, in a later
// iteration (t[i - 1] after t[i]), after a branch merge, after push_back,
// resize and assign, through std::array and std::vector references, in a
// second loop, at indices equal by value but computed differently, in nested
// loops, around break, continue, early returns and do-while, read by a
// recursive function, and beside struct members; next to them, values that
// are dead (overwritten on every path, never read) and overflow.
//
// Reloads (planReloads in lib/Emit/Fusion.cpp): the reverse of a top-level
// loop reads a costly value back from the local array element the forward
// stored it in (e[i] = exp(x[i])) only where the element certainly still
// holds it. Here: arrays written again after the loop (directly, through a
// pointer, a helper's output pointer or std::vector reference, in a branch,
// in another loop), grown by push_back/emplace_back, strides, decreasing
// loops and size_t indices, two arrays, one value in two arrays, the store
// or the loop in a branch, break and continue, an index bumped on some
// iterations, conversions on the way into the array, arrays in two scopes
// with one name, a helper with a local array inlined twice.
//
// Each gradient is checked against long-double central differences (_grad,
// and _vjp with a seed of 0.5) for double and float.
//
// RUN: rm -rf %t && mkdir -p %t
// RUN: %adgen %s -o %t/activity-edges.grad.h -- -std=c++17
// RUN: FileCheck %s --check-prefix=GEN < %t/activity-edges.grad.h
// RUN: %cxx -I%t %s -o %t/gcc && %t/gcc | FileCheck %s
// RUN: %clangxx -I%t %s -o %t/clang && %t/clang | FileCheck %s

#include <adgen/adgen.h>
#include <array>
#include <cmath>
#include <cstddef>
#include <vector>

// Writes that are read (and dead writes beside them).
#define ACTIVITY(T, MARK)                                                       \
  inline T read_at(const T *p, int k) { return p[k]; }                          \
  inline void write_at(T *p, int k, T v) { p[k] = v; }                          \
  /* Helpers read t[0] and t[2] (through &t[1]); t[1] is never read. */         \
  MARK T helper_read(const T *x, T w, int n) {                                  \
    T t[4];                                                                     \
    t[0] = x[0] * w;                                                            \
    t[1] = std::exp(1000 * x[1]);                                               \
    t[2] = std::sin(x[2]);                                                      \
    (void)n;                                                                    \
    return read_at(t, 0) + read_at(&t[1], 1) * w;                               \
  }                                                                             \
  /* A helper writes, another reads at a computed index. */                     \
  MARK T helper_write_read(const T *x, T w, int n) {                            \
    T t[4] = {};                                                                \
    for (int i = 0; i < n; ++i)                                                 \
      write_at(t, i, x[i] * w);                                                 \
    T s = 0;                                                                    \
    for (int i = 0; i < n; ++i)                                                 \
      s += read_at(t, n - 1 - i) * x[i];                                        \
    return s;                                                                   \
  }                                                                             \
  /* t[i - 1] is read in the iteration after t[i] is written. */                \
  MARK T previous_iteration(const T *x, T w, int n) {                           \
    T t[8];                                                                     \
    T s = 0;                                                                    \
    for (int i = 0; i < n; ++i) {                                               \
      if (i > 0)                                                                \
        s += t[i - 1] * x[i];                                                   \
      t[i] = std::sin(x[i] * w);                                                \
    }                                                                           \
    return s;                                                                   \
  }                                                                             \
  /* The read comes before the write in the body, at an index computed         \
     before the loop: it reads the previous iteration's write. */              \
  MARK T read_before_write(const T *x, T w, int n) {                            \
    T t[2] = {w, w};                                                            \
    int k = n % 2;                                                              \
    T s = 0;                                                                    \
    for (int i = 0; i < n; ++i) {                                               \
      s += t[k] * x[i];                                                         \
      t[k] = std::cos(x[i] * w);                                                \
    }                                                                           \
    return s;                                                                   \
  }                                                                             \
  /* Written in a branch (t[n] may be t[1]), read after the merge; t[2] is     \
     overwritten before any read. */                                            \
  MARK T after_merge(const T *x, T w, int n) {                                  \
    T t[3] = {w, w, w};                                                         \
    if (x[0] > 0)                                                               \
      t[n] = std::exp(x[1] * w);                                                \
    else                                                                        \
      t[1] = x[2] * x[2];                                                       \
    t[2] = std::exp(1000 * x[0]);                                               \
    t[2] = w;                                                                   \
    return t[1] * t[2];                                                         \
  }                                                                             \
  /* Written in one loop, read in the next; one element rewritten between. */  \
  MARK T two_loops(const T *x, T w, int n) {                                    \
    std::vector<T> t(n);                                                        \
    for (int i = 0; i < n; ++i)                                                 \
      t[i] = std::exp(x[i] * w);                                                \
    t[0] = w * w;                                                               \
    T s = 0;                                                                    \
    for (int i = n - 1; i >= 0; --i)                                            \
      s += t[i] * t[(i + 1) % n];                                               \
    return s;                                                                   \
  }                                                                             \
  /* k = 2, and j = n - n + k: the same element by value, not by node. */     \
  MARK T int_indices(const T *x, T w, int n) {                                  \
    T t[4];                                                                     \
    int k = 2;                                                                  \
    t[k] = x[0] * w;                                                            \
    int j = n - n + k;                                                          \
    t[3] = x[1];                                                                \
    return t[j] * t[k + 1];                                                     \
  }                                                                             \
  /* t[j] overwrites t[k] only when j == k. */                                  \
  MARK T maybe_same(const T *x, T w, int k, int j) {                            \
    T t[4] = {};                                                                \
    t[k] = std::sin(x[0] * w);                                                  \
    t[j] = x[1] * w;                                                            \
    return t[k] * x[2] + t[j];                                                  \
  }                                                                             \
  /* Written in an inner loop, read in the outer loop and after both. */       \
  MARK T nested_writes(const T *x, T w, int n) {                                \
    T t[9];                                                                     \
    T s = 0;                                                                    \
    for (int i = 0; i < n; ++i) {                                               \
      for (int j = 0; j < n; ++j)                                               \
        t[i * 3 + j] = std::sin(x[i] * x[j] * w);                               \
      s += t[i * 3 + (i + 1) % n];                                              \
    }                                                                           \
    return s + t[(n - 1) * 3] * t[n - 1];                                       \
  }                                                                             \
  /* An inner loop writes t[j >= i]; the next outer iteration reads t[i]. */   \
  MARK T nested_next_outer(const T *x, T w, int n) {                            \
    T t[4] = {};                                                                \
    T s = 0;                                                                    \
    for (int i = 0; i < n; ++i) {                                               \
      s += t[i] * w;                                                            \
      for (int j = i; j < n; ++j)                                               \
        t[j] = std::sin(x[j] * s + x[i]);                                       \
    }                                                                           \
    return s;                                                                   \
  }                                                                             \
  /* push_back, then a shrink and a regrow: the kept elements are read. */      \
  MARK T push_resize(const T *x, T w, int n) {                                  \
    std::vector<T> v;                                                           \
    for (int i = 0; i < n; ++i)                                                 \
      v.push_back(std::sin(x[i] * w));                                          \
    v.push_back(w * w);                                                         \
    v.resize(n - 1);                                                            \
    v.resize(n + 1, 2);                                                         \
    T s = 0;                                                                    \
    for (std::size_t i = 0; i < v.size(); ++i)                                  \
      s += v[i] * x[i % n];                                                     \
    return s;                                                                   \
  }                                                                             \
  /* assign(n, c) after reads, then a write. */                                 \
  MARK T assigned(const T *x, T w, int n) {                                     \
    std::vector<T> v(n);                                                        \
    for (int i = 0; i < n; ++i)                                                 \
      v[i] = x[i] * w;                                                          \
    T a = v[0] * v[n - 1];                                                      \
    v.assign(n, T(0.5));                                                        \
    v[1] = a * w;                                                               \
    return v[0] + v[1] * v[1] + a;                                              \
  }                                                                             \
  /* back() and front() of a growing vector. */                                 \
  MARK T back_front(const T *x, T w, int n) {                                   \
    std::vector<T> v;                                                           \
    for (int i = 0; i < n; ++i) {                                               \
      v.push_back(std::exp(x[i] * w));                                          \
      if (v.size() > 1)                                                         \
        v[v.size() - 1] = v.back() * v.front();                                 \
    }                                                                           \
    return v.back() + v.front();                                                \
  }                                                                             \
  /* std::array through helpers by reference; the first fill's a[2] and the    \
     second's are never read. */                                                \
  inline void fill3(std::array<T, 3> &a, T v) {                                 \
    a[0] = v;                                                                   \
    a[1] = v * v;                                                               \
    a[2] = std::exp(1000 * v);                                                  \
  }                                                                             \
  inline T first2(const std::array<T, 3> &a) { return a[0] + a[1]; }            \
  MARK T std_array_helpers(const T *x, T w, int n) {                            \
    std::array<T, 3> a;                                                         \
    fill3(a, x[0]);                                                             \
    T s = first2(a) * w;                                                        \
    fill3(a, x[1] * w);                                                         \
    (void)n;                                                                    \
    return s + a[1];                                                            \
  }                                                                             \
  /* The element written in the breaking iteration is read after the loop. */  \
  MARK T break_read(const T *x, T w, int n) {                                   \
    T t[8] = {};                                                                \
    int last = 0;                                                               \
    for (int i = 0; i < n; ++i) {                                               \
      t[i] = std::sin(x[i] * w);                                                \
      last = i;                                                                 \
      if (x[i] > 1)                                                             \
        break;                                                                  \
      t[i + 1] = x[i];                                                          \
    }                                                                           \
    return t[last] + t[0] * w + t[last + 1];                                    \
  }                                                                             \
  /* continue skips the overwrite: t[0] keeps an older iteration's value. */   \
  MARK T continue_keeps(const T *x, T w, int n) {                               \
    T t[1] = {w};                                                               \
    T s = 0;                                                                    \
    for (int i = 0; i < n; ++i) {                                               \
      s += t[0] * x[i];                                                         \
      if (x[i] < 0)                                                             \
        continue;                                                               \
      t[0] = std::tanh(x[i] * w);                                               \
    }                                                                           \
    return s + t[0];                                                            \
  }                                                                             \
  /* An early return in the loop reads what it wrote so far. */                \
  MARK T early_return_read(const T *x, T w, int n) {                            \
    T t[8];                                                                     \
    for (int i = 0; i < n; ++i) {                                               \
      t[i] = std::exp(x[i] * w);                                                \
      if (t[i] > 2)                                                             \
        return t[i] * t[0];                                                     \
    }                                                                           \
    return t[n - 1] * w;                                                        \
  }                                                                             \
  /* The only read of the stored values is an early return. */                  \
  MARK T early_exit_only(const T *x, T w, int n) {                              \
    T t[4];                                                                     \
    for (int i = 0; i < n; ++i) {                                               \
      t[i] = std::sin(x[i]) * w;                                                \
      if (x[i] > 1)                                                             \
        return t[i];                                                            \
    }                                                                           \
    return w;                                                                   \
  }                                                                             \
  /* The overwrite is in a loop that may run zero times. */                     \
  MARK T zero_trip_overwrite(const T *x, T w, int n, int m) {                   \
    T t[2];                                                                     \
    t[0] = std::exp(x[0] * w);                                                  \
    for (int j = 0; j < m; ++j)                                                 \
      t[0] = x[1] * j;                                                          \
    (void)n;                                                                    \
    return t[0] * w;                                                            \
  }                                                                             \
  /* A do-while reads in the next iteration what it writes after the read. */   \
  MARK T do_while_carry(const T *x, T w, int n) {                               \
    T t[1] = {w};                                                               \
    T s = 0;                                                                    \
    int i = 0;                                                                  \
    do {                                                                        \
      s += t[0] * x[i];                                                         \
      t[0] = std::sin(x[i] + s);                                                \
      ++i;                                                                      \
    } while (i < n);                                                            \
    return s;                                                                   \
  }                                                                             \
  /* A recursive function reads the array; t[0] is rewritten after. */         \
  MARK T rec_sum(const T *a, int k) {                                           \
    if (k <= 0)                                                                 \
      return 0;                                                                 \
    return a[k - 1] * a[k - 1] + rec_sum(a, k - 1);                             \
  }                                                                             \
  MARK T recursive_reader(const T *x, T w, int n) {                             \
    T t[4];                                                                     \
    for (int i = 0; i < n; ++i)                                                 \
      t[i] = std::sin(x[i] * w);                                                \
    T r = rec_sum(t, n);                                                        \
    t[0] = w;                                                                   \
    return r + t[0] * t[1];                                                     \
  }                                                                             \
  /* Struct members beside an array; p.b's first value is overwritten. */       \
  struct Pair##T {                                                              \
    T a, b;                                                                     \
  };                                                                            \
  MARK T struct_members(const T *x, T w, int n) {                               \
    Pair##T p{x[0] * w, std::exp(1000 * x[1])};                                 \
    T t[2] = {p.a, x[2]};                                                       \
    p.b = t[0] * x[1];                                                          \
    (void)n;                                                                    \
    return p.a * p.b + t[1];                                                    \
  }                                                                             \
  /* A pointer walks the array; p[-1] reads the previous element. */            \
  MARK T pointer_walk(const T *x, T w, int n) {                                 \
    T t[8];                                                                     \
    T *p = t;                                                                   \
    T s = 0;                                                                    \
    for (int i = 0; i < n; ++i) {                                               \
      p[0] = std::sin(x[i] * w);                                                \
      if (i > 0)                                                                \
        s += p[-1] * p[0];                                                      \
      p = p + 1;                                                                \
    }                                                                           \
    return s + *(p - 1);                                                        \
  }                                                                             \
  /* A private array in a fused reduction: buf[0] is never read, buf[2]'s     \
     first value is overwritten. */                                             \
  MARK T fused_scratch(const T *x, T w, int n) {                                \
    T s = 0;                                                                    \
    for (int i = 0; i < n; ++i) {                                               \
      T buf[3];                                                                 \
      buf[0] = std::exp(1000 * x[i]);                                           \
      buf[1] = x[i] * w;                                                        \
      buf[2] = std::exp(1000 * x[i]);                                           \
      buf[2] = buf[1] * buf[1];                                                 \
      s += buf[1] * buf[2];                                                     \
    }                                                                           \
    return s;                                                                   \
  }                                                                             \
  /* Written in a branch of one iteration, read in a later one. */              \
  MARK T branch_then_later(const T *x, T w, int n) {                            \
    T t[2] = {w, w};                                                            \
    T s = 0;                                                                    \
    for (int i = 0; i < n; ++i) {                                               \
      s += t[i % 2] * x[i];                                                     \
      if (x[i] > 0)                                                             \
        t[(i + 1) % 2] = std::exp(x[i] * w);                                    \
      else                                                                      \
        t[0] = x[i] * x[i];                                                     \
    }                                                                           \
    return s;                                                                   \
  }                                                                             \
  /* Two accumulators in an array; acc[1] is never read. */                     \
  MARK T array_accumulators(const T *x, T w, int n) {                           \
    T acc[2] = {0, 0};                                                          \
    for (int i = 0; i < n; ++i) {                                               \
      acc[0] += x[i] * w;                                                       \
      acc[1] += std::exp(1000 * x[i]);                                          \
    }                                                                           \
    return acc[0] * acc[0];                                                     \
  }                                                                             \
  /* The element read is chosen by the data. */                                 \
  MARK T data_index(const T *x, T w, int n) {                                   \
    T t[2];                                                                     \
    t[0] = std::sin(x[0] * w);                                                  \
    t[1] = std::cos(x[1] * w);                                                  \
    int k = x[2] > 0 ? 1 : 0;                                                   \
    (void)n;                                                                    \
    return t[k] * x[2];                                                         \
  }                                                                             \
  /* Overwritten on both paths before the read. */                             \
  MARK T overwritten_both_branches(const T *x, T w, int n) {                    \
    T t[2];                                                                     \
    t[1] = std::exp(1000 * x[0]);                                               \
    if (w > 0)                                                                  \
      t[1] = x[1] * w;                                                          \
    else                                                                        \
      t[1] = x[1] - w;                                                          \
    (void)n;                                                                    \
    return t[1] * x[0];                                                         \
  }                                                                             \
  /* A std::array written whole in a loop and read; another never read. */      \
  MARK T std_array_loop(const T *x, T w, int n) {                               \
    std::array<T, 4> a{};                                                       \
    std::array<T, 4> unread{};                                                  \
    for (int i = 0; i < n; ++i) {                                               \
      a[i] = std::tanh(x[i] * w);                                               \
      unread[i] = std::exp(1000 * x[i]);                                        \
    }                                                                           \
    return a[0] * a[n - 1] + a[1];                                              \
  }                                                                             \
  /* An accumulator read only by a function without derivative. */            \
  ADGEN_NO_GRAD inline T positive(T v) { return v > 0 ? T(1) : T(0); }          \
  MARK T no_grad_reader(const T *x, T w, int n) {                               \
    T a = 0, b = 0;                                                             \
    for (int i = 0; i < n; ++i) {                                               \
      a += x[i] * w;                                                            \
      b += std::exp(1000 * x[i]);                                               \
    }                                                                           \
    return a * positive(b);                                                     \
  }

// p = p * e[i] + ...: a recurrence, whose reverse runs as a loop of its own.
// Costly values stored in arrays, read back or computed again.
#define RELOADS(T, MARK)                                                        \
  /* Written after the loop through a helper's output pointer. */              \
  inline void zero_first(T *p) { p[0] = 0; }                                    \
  MARK T helper_rewrites(const T *x, T w, int n) {                              \
    std::vector<T> e(n);                                                        \
    T p = 1;                                                                    \
    for (int i = 0; i < n; ++i) {                                               \
      e[i] = std::exp(x[i] * w);                                                \
      p = p * e[i] + w;                                                         \
    }                                                                           \
    zero_first(e.data());                                                       \
    return p + e[0] * e[1];                                                     \
  }                                                                             \
  /* Rewritten by a later loop. */                                              \
  MARK T later_loop_rewrites(const T *x, T w, int n) {                          \
    T e[4] = {};                                                                \
    T p = 1;                                                                    \
    for (int i = 0; i < n; ++i) {                                               \
      e[i] = std::sin(x[i] * w);                                                \
      p = p * e[i] + w;                                                         \
    }                                                                           \
    for (int i = 0; i < n; ++i)                                                 \
      e[i] = e[i] * p;                                                          \
    return e[0] + e[n - 1];                                                     \
  }                                                                             \
  /* Grown by push_back in a later loop. */                                     \
  MARK T pushed_later(const T *x, T w, int n) {                                 \
    std::vector<T> e(n);                                                        \
    T p = 1;                                                                    \
    for (int i = 0; i < n; ++i) {                                               \
      e[i] = std::log(x[i] * x[i] + w);                                         \
      p = p * e[i] + w;                                                         \
    }                                                                           \
    for (int i = 0; i < n; ++i)                                                 \
      e.push_back(e[i] * p);                                                    \
    return e[n] + e[2 * n - 1];                                                 \
  }                                                                             \
  /* Grown by emplace_back after the loop. */                                   \
  MARK T emplaced_after(const T *x, T w, int n) {                               \
    std::vector<T> e(n);                                                        \
    T p = 1;                                                                    \
    for (int i = 0; i < n; ++i) {                                               \
      e[i] = std::exp(x[i] * w);                                                \
      p = p * e[i] + w;                                                         \
    }                                                                           \
    e.emplace_back(w);                                                          \
    return p + e[0] * e[n];                                                     \
  }                                                                             \
  /* Written through a pointer taken before the loop. */                        \
  MARK T pointer_rewrites(const T *x, T w, int n) {                             \
    T e[4] = {};                                                                \
    T *q = &e[1];                                                               \
    T p = 1;                                                                    \
    for (int i = 0; i < n; ++i) {                                               \
      e[i] = std::tanh(x[i] * w);                                               \
      p = p * e[i] + w;                                                         \
    }                                                                           \
    q[0] = p;                                                                   \
    return p * e[1] + e[0];                                                     \
  }                                                                             \
  /* Written through data() after the loop. */                                  \
  MARK T data_rewrites(const T *x, T w, int n) {                                \
    std::vector<T> e(n);                                                        \
    T p = 1;                                                                    \
    for (int i = 0; i < n; ++i) {                                               \
      e[i] = std::exp(x[i] * w);                                                \
      p = p * e[i] + w;                                                         \
    }                                                                           \
    T *q = e.data();                                                            \
    *q = w;                                                                     \
    return p + e[0] * e[1];                                                     \
  }                                                                             \
  /* Scaled in place by an inlined helper's loop. */                            \
  inline void scale_all(T *a, int n, T c) {                                     \
    for (int i = 0; i < n; ++i)                                                 \
      a[i] = a[i] * c;                                                          \
  }                                                                             \
  MARK T helper_loop_rewrites(const T *x, T w, int n) {                         \
    T e[4] = {};                                                                \
    T p = 1;                                                                    \
    for (int i = 0; i < n; ++i) {                                               \
      e[i] = std::exp(x[i] * w);                                                \
      p = p * e[i] + w;                                                         \
    }                                                                           \
    scale_all(e, n, w);                                                         \
    return p + e[0] * e[1];                                                     \
  }                                                                             \
  /* Written through a helper's std::vector reference. */                       \
  inline void set_element(std::vector<T> &v, int k, T c) { v[k] = c; }          \
  MARK T reference_rewrites(const T *x, T w, int n) {                           \
    std::vector<T> e(n);                                                        \
    T p = 1;                                                                    \
    for (int i = 0; i < n; ++i) {                                               \
      e[i] = std::exp(x[i] * w);                                                \
      p = p * e[i] + w;                                                         \
    }                                                                           \
    set_element(e, 0, w);                                                       \
    return p + e[0] * e[1];                                                     \
  }                                                                             \
  /* Written after the loop on one path only. */                                \
  MARK T branch_rewrites(const T *x, T w, int n) {                              \
    T e[4] = {};                                                                \
    T p = 1;                                                                    \
    for (int i = 0; i < n; ++i) {                                               \
      e[i] = std::exp(x[i] * w);                                                \
      p = p * e[i] + w;                                                         \
    }                                                                           \
    if (p > 2)                                                                  \
      e[0] = w;                                                                 \
    return p + e[0] * e[1];                                                     \
  }                                                                             \
  /* k steps by 2: each iteration its own element, read back. */               \
  MARK T strided(const T *x, T w, int n) {                                      \
    T e[8] = {};                                                                \
    T p = 1;                                                                    \
    int k = 1;                                                                  \
    for (int i = 0; i < n; ++i) {                                               \
      e[k] = std::exp(x[i] * w);                                                \
      p = p * e[k] + w;                                                         \
      k += 2;                                                                   \
    }                                                                           \
    return p + e[1] * e[0];                                                     \
  }                                                                             \
  /* i * 2 and 2 * i + 1 are not induction variables. */                        \
  MARK T doubled_index(const T *x, T w, int n) {                                \
    T e[8] = {};                                                                \
    T p = 1;                                                                    \
    for (int i = 0; i < n; ++i) {                                               \
      e[i * 2] = std::exp(x[i] * w);                                            \
      e[i * 2 + 1] = std::sin(x[i]);                                            \
      p = p * e[i * 2] + e[2 * i + 1];                                          \
    }                                                                           \
    return p + e[1] * e[0];                                                     \
  }                                                                             \
  /* A decreasing loop, the index cast to std::size_t, pow. */                  \
  MARK T size_t_down(const T *x, T w, int n) {                                  \
    std::vector<T> e(n);                                                        \
    T p = 1;                                                                    \
    for (int i = n - 1; i >= 0; --i) {                                          \
      e[static_cast<std::size_t>(i)] = std::pow(x[i] * x[i] + 1, w);            \
      p = p * e[static_cast<std::size_t>(i)] + w;                               \
    }                                                                           \
    return p + e[0] * e[n - 1];                                                 \
  }                                                                             \
  /* Two arrays, two costly values; f[0] is rewritten after the loop. */       \
  MARK T two_arrays(const T *x, T w, int n) {                                   \
    std::vector<T> e(n), f(n);                                                  \
    T p = 1;                                                                    \
    for (int i = 0; i < n; ++i) {                                               \
      e[i] = std::exp(x[i] * w);                                                \
      f[i] = std::cos(x[i] + w);                                                \
      p = p * e[i] + f[i];                                                      \
    }                                                                           \
    f[0] = w;                                                                   \
    return p + f[0] * e[0];                                                     \
  }                                                                             \
  /* One costly value in two arrays; e[1] is rewritten after the loop. */      \
  MARK T one_value_two_arrays(const T *x, T w, int n) {                         \
    std::vector<T> e(n), f(n);                                                  \
    T p = 1;                                                                    \
    for (int i = 0; i < n; ++i) {                                               \
      T v = std::sinh(x[i] * w);                                                \
      e[i] = v;                                                                 \
      f[i] = v;                                                                 \
      p = p * v + w;                                                            \
    }                                                                           \
    e[1] = p;                                                                   \
    return p + e[1] * f[1];                                                     \
  }                                                                             \
  /* The value stored on one path only. */                                      \
  MARK T stored_in_branch(const T *x, T w, int n) {                             \
    T e[4] = {};                                                                \
    T p = 1;                                                                    \
    for (int i = 0; i < n; ++i) {                                               \
      T v = std::exp(x[i] * w);                                                 \
      if (x[i] > 0)                                                             \
        e[i] = v;                                                               \
      p = p * v + e[i];                                                         \
    }                                                                           \
    return p;                                                                   \
  }                                                                             \
  /* The loop in a branch. */                                                   \
  MARK T loop_in_branch(const T *x, T w, int n) {                               \
    T e[4] = {};                                                                \
    T p = 1;                                                                    \
    if (w > 0) {                                                                \
      for (int i = 0; i < n; ++i) {                                             \
        e[i] = std::atan(x[i] * w);                                             \
        p = p * e[i] + w;                                                       \
      }                                                                         \
    }                                                                           \
    return p + e[0];                                                            \
  }                                                                             \
  /* break after the store. */                                                  \
  MARK T break_after_store(const T *x, T w, int n) {                            \
    T e[8] = {};                                                                \
    T p = 1;                                                                    \
    for (int i = 0; i < n; ++i) {                                               \
      e[i] = std::exp(x[i] * w);                                                \
      p = p * e[i] + w;                                                         \
      if (p > 4)                                                                \
        break;                                                                  \
    }                                                                           \
    return p + e[0] * e[1];                                                     \
  }                                                                             \
  /* break and continue before the store: some elements keep 0. */             \
  MARK T jumps_before_store(const T *x, T w, int n) {                           \
    T e[8] = {};                                                                \
    T p = 1;                                                                    \
    for (int i = 0; i < n; ++i) {                                               \
      T v = std::exp(x[i] * w);                                                 \
      p = p * v + w;                                                            \
      if (x[i] < 0)                                                             \
        continue;                                                               \
      if (p > 6)                                                                \
        break;                                                                  \
      e[i] = v;                                                                 \
    }                                                                           \
    return p + e[0] * e[1] + e[2];                                              \
  }                                                                             \
  /* The index is bumped back on some iterations: elements are rewritten. */   \
  MARK T index_bumped(const T *x, T w, int n) {                                 \
    T e[8] = {};                                                                \
    T p = 1;                                                                    \
    int k = 0;                                                                  \
    for (int i = 0; i < n; ++i) {                                               \
      e[k] = std::exp(x[i] * w);                                                \
      p = p * e[k] + w;                                                         \
      if (x[i] > 0)                                                             \
        k = k - 1;                                                              \
      k = k + 1;                                                                \
    }                                                                           \
    return p + e[0] * e[1];                                                     \
  }                                                                             \
  /* std::array, pow and log1p. */                                              \
  MARK T std_array_reload(const T *x, T w, int n) {                             \
    std::array<T, 4> e;                                                         \
    std::array<T, 4> g;                                                         \
    T p = 1;                                                                    \
    for (int i = 0; i < n; ++i) {                                               \
      e[i] = std::pow(w, x[i]);                                                 \
      g[i] = std::log1p(x[i] * x[i]);                                           \
      p = p * e[i] + g[i] * w;                                                  \
    }                                                                           \
    return p * g[0];                                                            \
  }                                                                             \
  /* A later iteration reads an element an earlier one stored. */               \
  MARK T read_earlier(const T *x, T w, int n) {                                 \
    T e[8];                                                                     \
    T p = 1;                                                                    \
    for (int i = 0; i < n; ++i) {                                               \
      e[i] = std::exp(x[i] * w);                                                \
      p = p * e[i] + (i > 0 ? e[i - 1] : w);                                    \
    }                                                                           \
    return p;                                                                   \
  }                                                                             \
  /* The stored value is converted on the way in: the array holds a float;     \
     the comparison keeps e read in _vjp. */                                    \
  MARK T float_array(const T *x, int n) {                                       \
    float e[8];                                                                 \
    T total = 0;                                                                \
    for (int i = 0; i < n; ++i) {                                               \
      T v = std::exp(x[i]);                                                     \
      e[i] = v;                                                                 \
      total = total * T(0.5) + v;                                               \
    }                                                                           \
    return e[0] > 1 ? total : -total;                                           \
  }                                                                             \
  /* ... an int. */                                                             \
  MARK T int_array(const T *x, int n) {                                         \
    int e[8];                                                                   \
    T total = 0;                                                                \
    for (int i = 0; i < n; ++i) {                                               \
      T v = std::exp(x[i]);                                                     \
      e[i] = v;                                                                 \
      total = total * T(0.5) + v * v;                                           \
    }                                                                           \
    return total * e[0];                                                        \
  }                                                                             \
  /* ... a double (float to double is exact; in double nothing converts). */   \
  MARK T double_array(const T *x, int n) {                                      \
    double e[8];                                                                \
    T total = 0;                                                                \
    for (int i = 0; i < n; ++i) {                                               \
      e[i] = std::exp(x[i]);                                                    \
      total = total * T(0.5) + std::exp(x[i]) * 3;                              \
    }                                                                           \
    return total + T(e[1]) * T(e[1]);                                           \
  }                                                                             \
  /* Two arrays named e in two scopes, each with its own loop. */              \
  MARK T scoped_twice(const T *x, T w, int n) {                                 \
    T p = 1;                                                                    \
    {                                                                           \
      T e[4] = {};                                                              \
      for (int i = 0; i < n; ++i) {                                             \
        e[i] = std::exp(x[i] * w);                                              \
        p = p * e[i] + w;                                                       \
      }                                                                         \
      p = p + e[0];                                                             \
    }                                                                           \
    {                                                                           \
      T e[4] = {};                                                              \
      for (int i = 0; i < n; ++i) {                                             \
        e[i] = std::sin(x[i] + p);                                              \
        p = p * e[i] + w;                                                       \
      }                                                                         \
      p = p * e[1];                                                             \
    }                                                                           \
    return p;                                                                   \
  }                                                                             \
  /* Arrays named like generated temporaries and adjoints. */                   \
  MARK T odd_names(const T *x, T w, int n) {                                    \
    T t0[4] = {}, t1[4] = {}, d_t0[4] = {};                                     \
    T p = 1;                                                                    \
    for (int i = 0; i < n; ++i) {                                               \
      t0[i] = std::exp(x[i] * w);                                               \
      t1[i] = std::cos(x[i] * w);                                               \
      d_t0[i] = std::log(x[i] * x[i] + 1);                                      \
      p = p * t0[i] + t1[i] * d_t0[i];                                          \
    }                                                                           \
    return p * t1[0] + d_t0[n - 1];                                             \
  }                                                                             \
  /* A helper with a local array and its loop, inlined twice. */               \
  inline T softmax_term(const T *x, T w, int n, int k) {                        \
    std::vector<T> e(n);                                                        \
    T total = 0;                                                                \
    for (int i = 0; i < n; ++i) {                                               \
      e[i] = std::exp(x[i] * w);                                                \
      total = total * T(0.5) + e[i];                                            \
    }                                                                           \
    return e[k] / total;                                                        \
  }                                                                             \
  MARK T helper_twice(const T *x, T w, int n) {                                 \
    return softmax_term(x, w, n, 0) * softmax_term(x, -w, n, n - 1);            \
  }

#define FUNCTIONS(T, MARK)                                                      \
  ACTIVITY(T, MARK)                                                             \
  RELOADS(T, MARK)

FUNCTIONS(double, ADGEN_DIFFERENTIABLE)
FUNCTIONS(float, ADGEN_DIFFERENTIABLE)

// Neither fill's a[2] (exp(1000 v)) gets an adjoint.
// GEN-LABEL: inline double std_array_helpers_grad(
// GEN-NOT:   d_a[2]
// GEN:       return
// Nor does the array accumulator nothing reads.
// GEN-LABEL: inline double array_accumulators_grad(
// GEN:       double d_acc[2] = {};
// GEN-NOT:   d_acc[1]
// GEN-NOT:   std::exp
// GEN:       return
// e[1] is written again after the loop: tanh again in the reverse.
// GEN-LABEL: inline double pointer_rewrites_grad(
// GEN:       for (std::size_t iterations_k = iterations; iterations_k-- > 0;) {
// GEN:         std::tanh(x[i] * w)
// GEN:       return
// k steps by 2: the reverse reads e[k] back.
// GEN-LABEL: inline double strided_grad(
// GEN:       for (std::size_t iterations_k = iterations; iterations_k-- > 0;) {
// GEN-NOT:     std::exp
// GEN:         = e[k];
// GEN-NOT:     std::exp
// GEN:       return
// The value stored on one path only is computed again.
// GEN-LABEL: inline double stored_in_branch_grad(
// GEN:       for (std::size_t iterations_k = iterations; iterations_k-- > 0;) {
// GEN:         std::exp(x[i] * w)
// GEN:       return
// The array holds a float: the reverse calls exp again.
// GEN-LABEL: inline double float_array_grad(
// GEN:       for (std::size_t iterations_k = iterations; iterations_k-- > 0;) {
// GEN:         std::exp(x[i])
// GEN:       return

#ifndef ADGEN_TOOL
#include "activity-edges.grad.h"
#include "oracle.h"

using LongDouble = long double;
FUNCTIONS(LongDouble, )

template <class T, class... A> std::array<T, sizeof...(A)> at(A... a) { return {T(a)...}; }

// f(const T *x, T w, int n): x = v[0..n), w = v[n].
#define CHECK_XWN(T, f, n, ...)                                                 \
  oracle::check<T>(#f, [](auto v) { return f(v.data(), v[n], n); },             \
                   [](const T *x, T *d) { return f##_grad(x, x[n], n, d, d + n); }, \
                   [](const T *x, T s, T *d) { f##_vjp(x, x[n], n, s, d, d + n); }, \
                   at<T>(__VA_ARGS__))
// f(const T *x, int n)
#define CHECK_XN(T, f, n, ...)                                                  \
  oracle::check<T>(#f, [](auto v) { return f(v.data(), n); },                   \
                   [](const T *x, T *d) { return f##_grad(x, n, d); },          \
                   [](const T *x, T s, T *d) { f##_vjp(x, n, s, d); }, at<T>(__VA_ARGS__))

// exp(1000 * 0.9) overflows in float and double, not in long double: inputs
// of 0.9 make a dead value's adjoint code show as NaN.
template <class T> void checks() {
  // ACTIVITY
  CHECK_XWN(T, helper_read, 3, 0.5, 0.9, 0.3, 0.4);
  CHECK_XWN(T, helper_write_read, 3, 0.9, -1, 0.3, 0.4);
  CHECK_XWN(T, previous_iteration, 4, 0.9, -1, 0.3, 0.2, 0.4);
  CHECK_XWN(T, read_before_write, 4, 0.9, -1, 0.3, 0.2, 0.4);
  CHECK_XWN(T, read_before_write, 3, 0.9, -1, 0.3, 0.4);
  CHECK_XWN(T, after_merge, 1, 0.9, -1, 0.3, 0.4);
  CHECK_XWN(T, after_merge, 1, -0.9, -1, 0.3, 0.4);
  CHECK_XWN(T, after_merge, 2, 0.9, -1, 0.3, 0.4);
  CHECK_XWN(T, two_loops, 3, 0.5, -1, 0.3, 0.4);
  CHECK_XWN(T, int_indices, 3, 0.5, 0.9, 0.3, 0.4);
  for (int k = 0; k < 2; ++k)
    for (int j = 0; j < 2; ++j)
      oracle::check<T>(
          "maybe_same", [k, j](auto v) { return maybe_same(v.data(), v[3], k, j); },
          [k, j](const T *x, T *d) { return maybe_same_grad(x, x[3], k, j, d, d + 3); },
          [k, j](const T *x, T s, T *d) { maybe_same_vjp(x, x[3], k, j, s, d, d + 3); },
          at<T>(0.5, -1, 0.3, 0.4));
  CHECK_XWN(T, nested_writes, 3, 0.5, -1, 0.3, 0.4);
  CHECK_XWN(T, nested_next_outer, 3, 0.5, -1, 0.9, 0.4);
  CHECK_XWN(T, push_resize, 3, 0.5, -1, 0.9, 0.4);
  CHECK_XWN(T, assigned, 3, 0.5, -1, 0.9, 0.4);
  CHECK_XWN(T, back_front, 3, 0.5, -1, 0.9, 0.4);
  CHECK_XWN(T, std_array_helpers, 2, 0.9, 0.8, 0.4);
  CHECK_XWN(T, break_read, 4, 0.9, -1, 1.3, 0.2, 1.4);
  CHECK_XWN(T, break_read, 4, 0.9, -1, 0.3, 0.2, 1.4);
  CHECK_XWN(T, continue_keeps, 4, 0.9, -1, 0.3, -0.2, 1.4);
  CHECK_XWN(T, continue_keeps, 4, 0.9, -1, 0.3, 0.2, 1.4);
  CHECK_XWN(T, early_return_read, 4, 0.9, -1, 0.3, 0.2, 1.4);
  CHECK_XWN(T, early_return_read, 4, 0.9, -1, 0.3, 0.2, 0.4);
  CHECK_XWN(T, early_exit_only, 3, 0.5, 1.5, 0.9, 0.4);
  CHECK_XWN(T, early_exit_only, 3, 0.5, -1, 0.9, 0.4);
  for (int m = 0; m < 3; ++m)
    oracle::check<T>(
        "zero_trip_overwrite", [m](auto v) { return zero_trip_overwrite(v.data(), v[2], 2, m); },
        [m](const T *x, T *d) { return zero_trip_overwrite_grad(x, x[2], 2, m, d, d + 2); },
        [m](const T *x, T s, T *d) { zero_trip_overwrite_vjp(x, x[2], 2, m, s, d, d + 2); },
        at<T>(0.5, -1, 0.3));
  CHECK_XWN(T, do_while_carry, 3, 0.5, -1, 0.9, 0.4);
  CHECK_XWN(T, do_while_carry, 1, 0.5, 0.4);
  CHECK_XWN(T, recursive_reader, 3, 0.5, -1, 0.9, 0.4);
  CHECK_XWN(T, struct_members, 3, 0.5, 0.9, 0.3, 0.4);
  CHECK_XWN(T, pointer_walk, 3, 0.5, -1, 0.9, 0.4);
  CHECK_XWN(T, fused_scratch, 3, 0.5, -1, 0.9, 0.4);
  CHECK_XWN(T, branch_then_later, 4, 0.5, -1, 0.9, -0.3, 0.4);
  CHECK_XWN(T, array_accumulators, 3, 0.5, -1, 0.9, 0.4);
  CHECK_XWN(T, data_index, 3, 0.9, -1, 0.3, 0.4);
  CHECK_XWN(T, data_index, 3, 0.9, -1, -0.3, 0.4);
  CHECK_XWN(T, overwritten_both_branches, 2, 0.9, -1, 0.4);
  CHECK_XWN(T, overwritten_both_branches, 2, 0.9, -1, -0.4);
  CHECK_XWN(T, std_array_loop, 3, 0.5, -1, 0.9, 0.4);
  CHECK_XWN(T, no_grad_reader, 3, 0.5, -1, 0.9, 0.4);
  // RELOADS
  CHECK_XWN(T, helper_rewrites, 3, 0.5, -1, 0.3, 0.4);
  CHECK_XWN(T, later_loop_rewrites, 3, 0.5, -1, 0.3, 0.4);
  CHECK_XWN(T, pushed_later, 3, 0.5, -1, 0.3, 0.4);
  CHECK_XWN(T, emplaced_after, 3, 0.5, -1, 0.3, 0.4);
  CHECK_XWN(T, pointer_rewrites, 3, 0.5, -1, 0.3, 0.4);
  CHECK_XWN(T, data_rewrites, 3, 0.5, -1, 0.3, 0.4);
  CHECK_XWN(T, helper_loop_rewrites, 3, 0.5, -1, 0.3, 0.4);
  CHECK_XWN(T, reference_rewrites, 3, 0.5, -1, 0.3, 0.4);
  CHECK_XWN(T, branch_rewrites, 3, 0.5, -1, 0.3, 0.4);
  CHECK_XWN(T, branch_rewrites, 3, 0.5, -1, 0.3, 1.4);
  CHECK_XWN(T, strided, 3, 0.5, -1, 0.3, 0.4);
  CHECK_XWN(T, doubled_index, 3, 0.5, -1, 0.3, 0.4);
  CHECK_XWN(T, size_t_down, 3, 0.5, -1, 0.3, 0.4);
  CHECK_XWN(T, two_arrays, 3, 0.5, -1, 0.3, 0.4);
  CHECK_XWN(T, one_value_two_arrays, 3, 0.5, -1, 0.3, 0.4);
  CHECK_XWN(T, stored_in_branch, 3, 0.5, -1, 0.3, 0.4);
  CHECK_XWN(T, loop_in_branch, 3, 0.5, -1, 0.3, 0.4);
  CHECK_XWN(T, loop_in_branch, 3, 0.5, -1, 0.3, -0.4);
  CHECK_XWN(T, break_after_store, 4, 0.5, 1, 2.3, 0.2, 0.9);
  CHECK_XWN(T, break_after_store, 4, 0.5, -1, 0.3, 0.2, 0.4);
  CHECK_XWN(T, jumps_before_store, 4, 0.5, -1, 0.3, 0.2, 0.4);
  CHECK_XWN(T, jumps_before_store, 4, 0.5, -1, 2.3, 0.2, 0.9);
  CHECK_XWN(T, index_bumped, 4, 0.5, -1, 0.3, 0.2, 0.4);
  CHECK_XWN(T, std_array_reload, 3, 0.5, -1, 0.3, 0.4);
  CHECK_XWN(T, read_earlier, 3, 0.5, -1, 0.3, 0.4);
  CHECK_XN(T, float_array, 4, 0.5, -1, 0.3, 1.2);
  CHECK_XN(T, int_array, 4, 0.5, -1, 0.3, 1.2);
  CHECK_XN(T, double_array, 4, 0.5, -1, 0.3, 1.2);
  CHECK_XWN(T, scoped_twice, 3, 0.5, -1, 0.3, 0.4);
  CHECK_XWN(T, odd_names, 3, 0.5, -1, 0.3, 0.4);
  CHECK_XWN(T, helper_twice, 3, 0.5, -1, 0.3, 0.4);
}

int main() {
  checks<double>();
  checks<float>();
}
#endif

// CHECK-COUNT-152: ok
// CHECK-NOT: MISMATCH
