// The loop benchmark's baselines are only fair if they are right: the
// hand-written adjoints of bench/loops/hand.h, and adgen's gradients of the
// same functions, agree with central finite differences, component by
// component (small sizes, including 0 and 1 iteration), and with each other
// at the benchmark's sizes. adgen's gradients must also give the same values
// when only some adjoints are requested (null pointers for the others), and
// its VJPs must scale with the seed.
//
// RUN: rm -rf %t && mkdir -p %t
// RUN: %adgen %S/../../bench/loops/functions.cpp -o %t/functions.grad.h -- -std=c++17 -I%S/../../bench/loops
// RUN: %cxx -I%t -I%S/../../bench/loops %s -o %t/gcc && %t/gcc | FileCheck %s

#include "functions.grad.h"
#include "functions.h"
#include "hand.h"

#include <cmath>
#include <cstdio>
#include <functional>
#include <vector>

using Vec = std::vector<double>;
// f(v), and a gradient that adds d f / d v into d (sized like v).
using Fn = std::function<double(const Vec &)>;
using Grad = std::function<void(const Vec &, Vec &)>;

Vec inputs(size_t n, double phase) {
  Vec v(n);
  for (size_t i = 0; i < n; ++i)
    v[i] = 0.8 * std::sin(0.37 * i + phase) + 0.05 * (i % 3) - 0.05;
  return v;
}

Vec concat(Vec a, const Vec &b) {
  a.insert(a.end(), b.begin(), b.end());
  return a;
}

bool close(double a, double b, double rel) { return std::fabs(a - b) <= rel * std::fmax(1.0, std::fabs(b)); }

// Every component of hand and adgen against central differences.
bool check_fd(const Vec &v, const Fn &f, const Grad &hand_grad, const Grad &adgen_grad) {
  Vec h(v.size()), a(v.size());
  hand_grad(v, h);
  adgen_grad(v, a);
  bool ok = true;
  for (size_t i = 0; i < v.size(); ++i) {
    Vec up = v, down = v;
    double step = 1e-6 * std::fmax(1.0, std::fabs(v[i]));
    up[i] += step;
    down[i] -= step;
    double fd = (f(up) - f(down)) / (up[i] - down[i]);
    if (!close(h[i], fd, 1e-6) || !close(a[i], fd, 1e-6)) {
      std::printf("  component %zu: fd %.12g hand %.12g adgen %.12g\n", i, fd, h[i], a[i]);
      ok = false;
    }
  }
  return ok;
}

// hand and adgen against each other (large inputs, where finite differences
// of every component would be slow), and the value each returns.
bool check_same(const Vec &v, const Grad &hand_grad, const Grad &adgen_grad) {
  Vec h(v.size()), a(v.size());
  hand_grad(v, h);
  adgen_grad(v, a);
  bool ok = true;
  for (size_t i = 0; i < v.size(); ++i)
    if (!close(a[i], h[i], 1e-10)) {
      std::printf("  component %zu: hand %.17g adgen %.17g\n", i, h[i], a[i]);
      ok = false;
    }
  return ok;
}

void report(const char *name, bool ok) { std::printf("%s: %s\n", name, ok ? "ok" : "MISMATCH"); }

// ---- gauss_sum(x[n], mu, w): v = x..., mu, w
struct Gauss {
  int n;
  double f(const Vec &v) const { return bench::gauss_sum(v.data(), n, v[n], v[n + 1]); }
  void hand(const Vec &v, Vec &d) const {
    double r = hand::gauss_sum(v.data(), n, v[n], v[n + 1], d.data(), &d[n], &d[n + 1]);
    if (r != f(v)) std::printf("  gauss hand returns %.17g, f %.17g\n", r, f(v));
  }
  void adgen(const Vec &v, Vec &d) const {
    double r = bench::gauss_sum_grad(v.data(), n, v[n], v[n + 1], d.data(), &d[n], &d[n + 1]);
    if (r != f(v)) std::printf("  gauss adgen returns %.17g, f %.17g\n", r, f(v));
  }
  Vec at() const { return concat(inputs(n, 0.1), {0.2, 1.5}); }
};

// ---- leaky(x[n], a, b): v = x..., a, b
struct Leaky {
  int n;
  double f(const Vec &v) const { return bench::leaky(v.data(), n, v[n], v[n + 1]); }
  void hand(const Vec &v, Vec &d) const {
    double r = hand::leaky(v.data(), n, v[n], v[n + 1], d.data(), &d[n], &d[n + 1]);
    if (r != f(v)) std::printf("  leaky hand returns %.17g, f %.17g\n", r, f(v));
  }
  void adgen(const Vec &v, Vec &d) const {
    double r = bench::leaky_grad(v.data(), n, v[n], v[n + 1], d.data(), &d[n], &d[n + 1]);
    if (r != f(v)) std::printf("  leaky adgen returns %.17g, f %.17g\n", r, f(v));
  }
  Vec at() const { return concat(inputs(n, 0.2), {0.9, 0.5}); }
};

// ---- euler(y0, k, dt, n): v = y0, k, dt
struct Euler {
  int n;
  double f(const Vec &v) const { return bench::euler(v[0], v[1], v[2], n); }
  void hand(const Vec &v, Vec &d) const {
    double r = hand::euler(v[0], v[1], v[2], n, &d[0], &d[1], &d[2]);
    if (r != f(v)) std::printf("  euler hand returns %.17g, f %.17g\n", r, f(v));
  }
  void adgen(const Vec &v, Vec &d) const {
    double r = bench::euler_grad(v[0], v[1], v[2], n, &d[0], &d[1], &d[2]);
    if (r != f(v)) std::printf("  euler adgen returns %.17g, f %.17g\n", r, f(v));
  }
  Vec at() const { return {1.0, 0.5, 0.01}; }
};

// ---- dot(x[n], y[n]): v = x..., y...
struct Dot {
  int n;
  double f(const Vec &v) const { return bench::dot(v.data(), v.data() + n, n); }
  void hand(const Vec &v, Vec &d) const {
    double r = hand::dot(v.data(), v.data() + n, n, d.data(), d.data() + n);
    if (r != f(v)) std::printf("  dot hand returns %.17g, f %.17g\n", r, f(v));
  }
  void adgen(const Vec &v, Vec &d) const {
    double r = bench::dot_grad(v.data(), v.data() + n, n, d.data(), d.data() + n);
    if (r != f(v)) std::printf("  dot adgen returns %.17g, f %.17g\n", r, f(v));
  }
  Vec at() const { return concat(inputs(n, 0.3), inputs(n, 1.3)); }
};

// ---- quadform(A[n*n], x[n]): v = A..., x...
struct Quadform {
  int n;
  double f(const Vec &v) const { return bench::quadform(v.data(), v.data() + n * n, n); }
  void hand(const Vec &v, Vec &d) const {
    double r = hand::quadform(v.data(), v.data() + n * n, n, d.data(), d.data() + n * n);
    if (r != f(v)) std::printf("  quadform hand returns %.17g, f %.17g\n", r, f(v));
  }
  void adgen(const Vec &v, Vec &d) const {
    double r = bench::quadform_grad(v.data(), v.data() + n * n, n, d.data(), d.data() + n * n);
    if (r != f(v)) std::printf("  quadform adgen returns %.17g, f %.17g\n", r, f(v));
  }
  Vec at() const { return concat(inputs(n * n, 0.4), inputs(n, 2.4)); }
};

// ---- softmax_dot(x[n], w[n]): v = x..., w...
struct Softmax {
  int n;
  double f(const Vec &v) const { return bench::softmax_dot(v.data(), v.data() + n, n); }
  void hand(const Vec &v, Vec &d) const {
    hand::softmax_dot(v.data(), v.data() + n, n, d.data(), d.data() + n);
  }
  void adgen(const Vec &v, Vec &d) const {
    double r = bench::softmax_dot_grad(v.data(), v.data() + n, n, d.data(), d.data() + n);
    if (r != f(v)) std::printf("  softmax adgen returns %.17g, f %.17g\n", r, f(v));
  }
  Vec at() const { return concat(inputs(n, 0.5), inputs(n, 1.5)); }
};

// ---- layer(W[n x n], x[n]): v = W..., x...
struct Layer {
  int n;
  double f(const Vec &v) const { return bench::layer(v.data(), v.data() + n * n, n, n); }
  void hand(const Vec &v, Vec &d) const {
    double r = hand::layer(v.data(), v.data() + n * n, n, n, d.data(), d.data() + n * n);
    if (r != f(v)) std::printf("  layer hand returns %.17g, f %.17g\n", r, f(v));
  }
  void adgen(const Vec &v, Vec &d) const {
    double r = bench::layer_grad(v.data(), v.data() + n * n, n, n, d.data(), d.data() + n * n);
    if (r != f(v)) std::printf("  layer adgen returns %.17g, f %.17g\n", r, f(v));
  }
  Vec at() const { return concat(inputs(n * n, 0.6), inputs(n, 2.6)); }
};

template <class K> bool fd_sizes(std::initializer_list<int> sizes) {
  bool ok = true;
  for (int n : sizes) {
    K k{n};
    bool this_ok = check_fd(
        k.at(), [&](const Vec &v) { return k.f(v); }, [&](const Vec &v, Vec &d) { k.hand(v, d); },
        [&](const Vec &v, Vec &d) { k.adgen(v, d); });
    if (!this_ok)
      std::printf("  (n = %d)\n", n);
    ok = ok && this_ok;
  }
  return ok;
}

template <class K> bool same_at(int n) {
  K k{n};
  return check_same(k.at(), [&](const Vec &v, Vec &d) { k.hand(v, d); },
                    [&](const Vec &v, Vec &d) { k.adgen(v, d); });
}

int main() {
  // Finite differences, every component, small sizes (0 and 1 iteration too).
  report("gauss fd", fd_sizes<Gauss>({0, 1, 2, 17}));
  report("leaky fd", fd_sizes<Leaky>({0, 1, 2, 17}));
  report("euler fd", fd_sizes<Euler>({0, 1, 2, 17, 1000}));
  report("dot fd", fd_sizes<Dot>({0, 1, 2, 17}));
  report("quadform fd", fd_sizes<Quadform>({0, 1, 2, 5}));
  report("softmax fd", fd_sizes<Softmax>({1, 2, 17}));
  report("layer fd", fd_sizes<Layer>({0, 1, 2, 5}));

  // The benchmark's sizes: hand and adgen agree.
  report("gauss 1000", same_at<Gauss>(1000));
  report("leaky 1000", same_at<Leaky>(1000));
  report("dot 1000", same_at<Dot>(1000));
  report("quadform 64", same_at<Quadform>(64));
  report("softmax 1000", same_at<Softmax>(1000));
  report("layer 64", same_at<Layer>(64));
  // Spot checks of the benchmark's sizes against finite differences: the
  // scalar parameters, which every iteration touches.
  {
    Gauss g{1000};
    Leaky l{1000};
    Vec gv = g.at(), lv = l.at();
    bool ok = true;
    for (auto [v, f, grad, idx] :
         {std::tuple<Vec *, Fn, Grad, int>{&gv, [&](const Vec &u) { return g.f(u); },
                                            [&](const Vec &u, Vec &d) { g.adgen(u, d); }, 1000},
          std::tuple<Vec *, Fn, Grad, int>{&gv, [&](const Vec &u) { return g.f(u); },
                                            [&](const Vec &u, Vec &d) { g.adgen(u, d); }, 1001},
          std::tuple<Vec *, Fn, Grad, int>{&lv, [&](const Vec &u) { return l.f(u); },
                                            [&](const Vec &u, Vec &d) { l.adgen(u, d); }, 1000},
          std::tuple<Vec *, Fn, Grad, int>{&lv, [&](const Vec &u) { return l.f(u); },
                                            [&](const Vec &u, Vec &d) { l.adgen(u, d); }, 1001}}) {
      Vec d(v->size());
      grad(*v, d);
      Vec up = *v, down = *v;
      double step = 1e-6 * std::fmax(1.0, std::fabs((*v)[idx]));
      up[idx] += step;
      down[idx] -= step;
      double fd = (f(up) - f(down)) / (up[idx] - down[idx]);
      if (!close(d[idx], fd, 1e-6)) {
        std::printf("  component %d: fd %.12g adgen %.12g\n", idx, fd, d[idx]);
        ok = false;
      }
    }
    report("parameters at 1000 fd", ok);
  }

  // Null adjoints: each one alone gives the same value as all together.
  {
    const int n = 17;
    Leaky l{n};
    Vec v = l.at(), all(v.size());
    l.adgen(v, all);
    Vec dx(n);
    double da = 0, db = 0;
    bench::leaky_grad(v.data(), n, v[n], v[n + 1], dx.data(), nullptr, nullptr);
    bench::leaky_grad(v.data(), n, v[n], v[n + 1], nullptr, &da, nullptr);
    bench::leaky_grad(v.data(), n, v[n], v[n + 1], nullptr, nullptr, &db);
    bool ok = da == all[n] && db == all[n + 1];
    for (int i = 0; i < n; ++i)
      ok = ok && dx[i] == all[i];
    Quadform q{5};
    Vec qv = q.at(), qall(qv.size()), dA(25), qdx(5);
    q.adgen(qv, qall);
    bench::quadform_grad(qv.data(), qv.data() + 25, 5, dA.data(), nullptr);
    bench::quadform_grad(qv.data(), qv.data() + 25, 5, nullptr, qdx.data());
    for (int i = 0; i < 25; ++i)
      ok = ok && dA[i] == qall[i];
    for (int i = 0; i < 5; ++i)
      ok = ok && qdx[i] == qall[25 + i];
    report("null adjoints", ok);
  }

  // VJPs scale with the seed.
  {
    Euler e{100};
    Vec v = e.at(), g(3), s(3);
    e.adgen(v, g);
    bench::euler_vjp(v[0], v[1], v[2], e.n, 2.5, &s[0], &s[1], &s[2]);
    bool ok = true;
    for (int i = 0; i < 3; ++i)
      ok = ok && close(s[i], 2.5 * g[i], 1e-14);
    Gauss gs{17};
    Vec gv = gs.at(), gg(gv.size()), gsd(gv.size());
    gs.adgen(gv, gg);
    bench::gauss_sum_vjp(gv.data(), 17, gv[17], gv[18], -3.0, gsd.data(), &gsd[17], &gsd[18]);
    for (size_t i = 0; i < gv.size(); ++i)
      ok = ok && close(gsd[i], -3.0 * gg[i], 1e-14);
    report("vjp seed", ok);
  }
}

// CHECK: gauss fd: ok
// CHECK-NEXT: leaky fd: ok
// CHECK-NEXT: euler fd: ok
// CHECK-NEXT: dot fd: ok
// CHECK-NEXT: quadform fd: ok
// CHECK-NEXT: softmax fd: ok
// CHECK-NEXT: layer fd: ok
// CHECK-NEXT: gauss 1000: ok
// CHECK-NEXT: leaky 1000: ok
// CHECK-NEXT: dot 1000: ok
// CHECK-NEXT: quadform 64: ok
// CHECK-NEXT: softmax 1000: ok
// CHECK-NEXT: layer 64: ok
// CHECK-NEXT: parameters at 1000 fd: ok
// CHECK-NEXT: null adjoints: ok
// CHECK-NEXT: vjp seed: ok
