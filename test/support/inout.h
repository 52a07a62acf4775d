// inout.h - the oracle for functions with in-out parameters (outputs the
// function also reads): F maps the inputs x (n) and y's values on entry (m)
// to y's final values and a returned value (weighted by seed_ret). run_ld(x,
// y) runs F in long double, updating y and returning the value (0 for void
// functions); vjp(x, y, seed_ret, d_x, d_y) runs the generated vjp with d_y
// holding the seed for y. Compares d_x and d_y after the call with central
// differences of <seed, F> with respect to x and y's entry values, checks
// that the vjp left y as F does (its final values), and prints "name: ok" or
// "name: MISMATCH".
#ifndef ADGEN_TEST_INOUT_H
#define ADGEN_TEST_INOUT_H

#include <cmath>
#include <cstdio>
#include <vector>

namespace inout {

using LongDouble = long double;

/// What y is to the function checked: read and written (the vjp leaves it as
/// F does), or a plain output (the vjp does not write it).
enum Outputs { InOut, WriteOnly };

template <class T, class Run, class Vjp>
void check(const char *name, std::vector<T> x, std::vector<T> y, std::vector<T> seed,
           T seed_ret, Run run_ld, Vjp vjp, Outputs outputs = InOut) {
  const size_t n = x.size(), m = y.size();
  std::vector<T> dx(n, T(0)), dy(seed), ycopy(y);
  vjp(x.data(), ycopy.data(), seed_ret, dx.data(), dy.data());
  auto objective = [&](std::vector<LongDouble> xl, std::vector<LongDouble> yl) {
    LongDouble r = run_ld(xl.data(), yl.data());
    LongDouble s = (LongDouble)seed_ret * r;
    for (size_t k = 0; k < m; ++k)
      s += (LongDouble)seed[k] * yl[k];
    return s;
  };
  std::vector<LongDouble> xl(x.begin(), x.end()), yl(y.begin(), y.end());
  const double tol = sizeof(T) == sizeof(float) ? 2e-4 : 1e-8;
  bool ok = true;
  std::vector<LongDouble> yfinal(yl);
  run_ld(xl.data(), yfinal.data());
  for (size_t k = 0; k < m && outputs == InOut; ++k)
    if (std::fabs((double)yfinal[k] - (double)ycopy[k]) >
        tol * std::fmax(1.0, std::fabs((double)yfinal[k]))) {
      std::printf("  y[%zu] after the vjp: want %.10g got %.10g\n", k, (double)yfinal[k],
                  (double)ycopy[k]);
      ok = false;
    }
  auto compare = [&](std::vector<LongDouble> &v, size_t i, T got) {
    LongDouble keep = v[i], h = 1e-6L * std::fmax(1.0L, std::fabs(keep));
    v[i] = keep + h;
    LongDouble up = objective(xl, yl);
    v[i] = keep - h;
    LongDouble down = objective(xl, yl);
    v[i] = keep;
    double want = (double)((up - down) / (2 * h));
    bool good = std::fabs(want - (double)got) <= tol * std::fmax(1.0, std::fabs(want));
    if (!good)
      std::printf("  %s[%zu]: want %.10g got %.10g\n", &v == &xl ? "d_x" : "d_y", i, want,
                  (double)got);
    ok = ok && good;
  };
  for (size_t i = 0; i < n; ++i)
    compare(xl, i, dx[i]);
  for (size_t k = 0; k < m; ++k)
    compare(yl, k, dy[k]);
  std::printf("%s: %s\n", name, ok ? "ok" : "MISMATCH");
}

} // namespace inout

/// check<T> of a function of the inputs x alone (no y) with a returned value
/// weighted by 0.6: `name args` in long double (x: the inputs) against
/// `name_vjp vjpargs` (x, the seed s, d_x as dx). Needs T, LongDouble and an
/// empty std::vector<T> `none` in scope, and `using inout::check;`.
#define INOUT_SCALAR(name, args, vjpargs, ...)                                  \
  check<T>(#name, __VA_ARGS__, none, none, T(0.6),                              \
           [](const LongDouble *x, LongDouble *) { return name args; },         \
           [](const T *x, T *, T s, T *dx, T *) { name##_vjp vjpargs; })

#endif
