// Checks the GradBench problems ode, lse and det on small inputs:
//  1. the hand-written gradient against central finite differences of the
//     objective instantiated in long double (relative tolerance 1e-6);
//  2. adgen's gradient against the hand-written one (relative 1e-10);
//  3. the value adgen's gradient returns (or writes) against the primal;
//  4. the objective instantiated with a class number type that, like ADOL-C's
//     adouble, has no conversion to double, against the double primal.
// Prints one line per check; exit status 1 if any fails.
//
// Build (after generating ode.grad.h, lse.grad.h, det.grad.h into <dir> with
// adgen, see gradbench/*_main.cpp):
//   g++ -std=c++17 -O2 -I<dir> -Iruntime/include -Ibench/adbench
//       bench/adbench/check/check_gradbench.cpp -o check_gradbench
#include "det/det.h"
#include "det/det_hand.h"
#include "lse/lse.h"
#include "lse/lse_hand.h"
#include "ode/ode.h"
#include "ode/ode_hand.h"

#include "det.grad.h"
#include "lse.grad.h"
#include "ode.grad.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <functional>
#include <string>
#include <vector>

namespace {

int failures = 0;

// Largest relative difference of a from the reference b, each element
// relative to its own size but never to less than 1e-3 of b's largest element
// (so an entry that cancels to nearly zero does not demand digits that the
// other entries' rounding does not have).
double relative_error(const std::vector<double>& a, const std::vector<double>& b) {
  double scale = 0;
  for (double v : b)
    scale = std::max(scale, std::fabs(v));
  double worst = 0;
  for (size_t i = 0; i < a.size(); ++i) {
    const double denom = std::max({std::fabs(b[i]), 1e-3 * scale, 1e-300});
    worst = std::max(worst, std::fabs(a[i] - b[i]) / denom);
  }
  return std::isnan(worst) ? INFINITY : worst;
}

void report(const std::string& what, double error, double tolerance) {
  const bool ok = error <= tolerance;
  if (!ok)
    ++failures;
  std::printf("%-4s %-52s rel. error %.2e (tol %.0e)\n", ok ? "ok" : "FAIL", what.c_str(), error,
              tolerance);
}

// Central differences of a long double function of n variables at x, with an
// absolute step: in long double (64-bit mantissa) a step of 1e-5 leaves
// rounding errors near 1e-14 even at |x| ~ 700 and truncation errors near
// 1e-10 relative for these smooth objectives (det is linear in each entry).
std::vector<double> finite_differences(const std::function<long double(const std::vector<long double>&)>& f,
                                       const std::vector<double>& x) {
  std::vector<long double> p(x.begin(), x.end());
  std::vector<double> g(x.size());
  for (size_t i = 0; i < x.size(); ++i) {
    const long double h = 1e-5L;
    const long double saved = p[i];
    p[i] = saved + h;
    const long double up = f(p);
    p[i] = saved - h;
    const long double down = f(p);
    p[i] = saved;
    g[i] = static_cast<double>((up - down) / (2 * h));
  }
  return g;
}

// A number type that, like ADOL-C's adouble, is a class with arithmetic,
// comparisons and exp/log found by argument-dependent lookup, constructible
// from double but not convertible back. Instantiating the objectives with it
// shows that they are written for such types.
struct Strict {
  double v;
  Strict(double d = 0) : v(d) {} // adouble converts implicitly from double too
};
Strict operator+(Strict a, Strict b) { return a.v + b.v; }
Strict operator-(Strict a, Strict b) { return a.v - b.v; }
Strict operator*(Strict a, Strict b) { return a.v * b.v; }
Strict operator/(Strict a, Strict b) { return a.v / b.v; }
Strict& operator+=(Strict& a, Strict b) { return a = a + b; }
bool operator>(Strict a, Strict b) { return a.v > b.v; }
Strict exp(Strict a) { return std::exp(a.v); }
Strict log(Strict a) { return std::log(a.v); }

} // namespace

namespace strict_ode {
using Real = Strict;
#define ADGEN_BENCH_MARK
#include "ode/ode_objective.inc"
#undef ADGEN_BENCH_MARK
} // namespace strict_ode
namespace strict_lse {
using Real = Strict;
using std::exp;
using std::log;
#define ADGEN_BENCH_MARK
#include "lse/lse_objective.inc"
#undef ADGEN_BENCH_MARK
} // namespace strict_lse
namespace strict_det {
using Real = Strict;
#define ADGEN_BENCH_MARK
#include "det/det_objective.inc"
#undef ADGEN_BENCH_MARK
} // namespace strict_det

namespace {

void check_ode(int n, int steps) {
  const std::string name = "ode n=" + std::to_string(n) + " s=" + std::to_string(steps);
  const std::vector<double> x = adb::make_ode_input(n, steps, 7 + n).x;

  std::vector<double> y(n), hand(n), y_hand(n);
  adb::ode_double::ode_solve(x.data(), n, steps, y.data());
  adb::ode_hand::ode_gradient_last(x.data(), n, steps, y_hand.data(), hand.data());

  const std::vector<double> fd = finite_differences(
      [&](const std::vector<long double>& p) {
        std::vector<long double> out(n);
        adb::ode_long_double::ode_solve(p.data(), n, steps, out.data());
        return out[n - 1];
      },
      x);
  report(name + ": hand vs FD", relative_error(hand, fd), 1e-6);

  // GradBench's gradient (seed e_{n-1}) and a general seed, which exercises
  // every row of the Jacobian.
  for (int general = 0; general < 2; ++general) {
    std::vector<double> seed(n, 0.0);
    seed[n - 1] = 1;
    if (general)
      for (int i = 0; i < n; ++i)
        seed[i] = 0.5 + 0.25 * i;
    std::vector<double> d_x_hand(n), d_x(n), d_y = seed, y_ad(n);
    adb::ode_hand::ode_solve_vjp(x.data(), n, steps, y_hand.data(), seed.data(), d_x_hand.data());
    adb::ode_double::ode_solve_vjp(x.data(), n, steps, y_ad.data(), d_x.data(), d_y.data());
    report(name + (general ? ": adgen vjp vs hand (seed 1/2+i/4)" : ": adgen vs hand"),
           relative_error(d_x, d_x_hand), 1e-10);
    if (!general) {
      report(name + ": y written by adgen vjp vs primal", relative_error(y_ad, y), 0);
      report(name + ": y written by hand vs primal", relative_error(y_hand, y), 0);
    }
  }

  std::vector<Strict> xs(x.begin(), x.end()), ys(n);
  strict_ode::ode_solve(xs.data(), n, steps, ys.data());
  std::vector<double> yv(n);
  for (int i = 0; i < n; ++i)
    yv[i] = ys[i].v;
  report(name + ": class-type instantiation vs double", relative_error(yv, y), 0);
}

void check_lse(const std::string& label, const std::vector<double>& x) {
  const int n = int(x.size());
  const std::string name = "lse n=" + std::to_string(n) + " " + label;
  const double value = adb::lse_double::logsumexp(x.data(), n);

  std::vector<double> hand(n), ad(n);
  const double hand_value = adb::lse_hand::logsumexp_grad(x.data(), n, hand.data());
  const double ad_value = adb::lse_double::logsumexp_grad(x.data(), n, ad.data());
  const std::vector<double> fd = finite_differences(
      [&](const std::vector<long double>& p) { return adb::lse_long_double::logsumexp(p.data(), n); }, x);

  report(name + ": hand vs FD", relative_error(hand, fd), 1e-6);
  report(name + ": adgen vs hand", relative_error(ad, hand), 1e-10);
  report(name + ": values (adgen, hand) vs primal",
         relative_error({ad_value, hand_value}, {value, value}), 0);

  std::vector<Strict> xs(x.begin(), x.end());
  report(name + ": class-type instantiation vs double",
         relative_error({strict_lse::logsumexp(xs.data(), n).v}, {value}), 0);
}

void check_det(int ell, std::vector<double> a) {
  const std::string name = "det ell=" + std::to_string(ell);
  const double value = adb::det_double::det_by_minors(a.data(), ell);

  std::vector<double> hand(a.size()), ad(a.size());
  const double hand_value = adb::det_hand::det_by_minors_grad(a.data(), ell, hand.data());
  const double ad_value = adb::det_double::det_by_minors_grad(a.data(), ell, ad.data());
  const std::vector<double> fd = finite_differences(
      [&](const std::vector<long double>& p) { return adb::det_long_double::det_by_minors(p.data(), ell); },
      a);

  report(name + ": hand vs FD", relative_error(hand, fd), 1e-6);
  report(name + ": adgen vs hand", relative_error(ad, hand), 1e-10);
  report(name + ": values (adgen, hand) vs primal",
         relative_error({ad_value, hand_value}, {value, value}), 0);

  std::vector<Strict> as(a.begin(), a.end());
  report(name + ": class-type instantiation vs double",
         relative_error({strict_det::det_by_minors(as.data(), ell).v}, {value}), 0);
}

} // namespace

int main() {
  for (const auto& [n, steps] : std::vector<std::pair<int, int>>{{1, 1}, {2, 3}, {5, 1}, {6, 4}, {10, 10}, {12, 3}})
    check_ode(n, steps);

  check_lse("uniform [0,1)", adb::make_lse_input(1));
  check_lse("uniform [0,1)", adb::make_lse_input(7));
  check_lse("uniform [0,1)", adb::make_lse_input(200));
  check_lse("uniform [0,80)", adb::make_lse_input(50, 80.0, 5));
  check_lse("tied maxima", {0.25, 1.5, -3.0, 1.5, 0.75, 1.5});
  check_lse("large values", {700.0, 712.5, 690.0, 705.0}); // exp(712) overflows unshifted

  for (int ell = 1; ell <= 6; ++ell)
    check_det(ell, adb::make_det_input(ell, 11 + ell));
  // A singular matrix: the gradient (cofactors) still exists.
  check_det(3, {1, 2, 3, 2, 4, 6, 0.5, -1, 2});

  if (failures)
    std::printf("%d check(s) FAILED\n", failures);
  else
    std::printf("all checks passed\n");
  return failures ? 1 : 0;
}
