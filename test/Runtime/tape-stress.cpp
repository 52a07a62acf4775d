// The tape under load: loops of 10^7 iterations whose reverse reads back a
// value stored by every iteration (adgen::Tape grows to 10^7 values, 80 MB,
// then drains), and the same gradients called again and again with other trip
// counts and inputs (each call has its own tapes and leaves nothing behind for
// the next; two calls add twice).
//
// Oracles: at 10^7 iterations, derivatives written by hand and evaluated in
// long double (a step of 1e-6 is far too coarse for x^(10^7), and crosses
// seesaw's branches); at 100 and 200 iterations, also the central
// differences of oracle.h.
// Results of 10^7 double roundings are compared with a relative tolerance
// of 1e-8: their errors, measured, stay below 1e-9 (10^7 roundings of
// 1.1e-16), while a single value of the 10^7 lost (read back as 0) moves a
// gradient by 1e-7 or more.
//
// RUN: rm -rf %t && mkdir -p %t
// RUN: %adgen %s -o %t/tape-stress.grad.h -- -std=c++17
// RUN: FileCheck %s < %t/tape-stress.grad.h
// RUN: %cxx -I%t %s -o %t/gcc && %t/gcc | FileCheck %s --check-prefix=EXEC
// RUN: %clangxx -I%t %s -o %t/clang && %t/clang | FileCheck %s --check-prefix=EXEC

#include <adgen/adgen.h>

#define FUNCTIONS(T, MARK)                                                      \
  /* x^n by repeated multiplication: the reverse reads back every p */         \
  MARK T power(T x, int n) {                                                    \
    T p = 1;                                                                    \
    for (int i = 0; i < n; ++i)                                                 \
      p = p * x;                                                                \
    return p;                                                                   \
  }                                                                             \
  /* a branch on the data in the loop: p is pushed down by x < 1 while */      \
  /* above 1, up by y > 1 otherwise, so it stays near 1 */                     \
  MARK T seesaw(T x, T y, int n) {                                              \
    T p = 1;                                                                    \
    for (int i = 0; i < n; ++i) {                                               \
      if (p > 1)                                                                \
        p = p * x;                                                              \
      else                                                                      \
        p = p * y;                                                              \
    }                                                                           \
    return p;                                                                   \
  }                                                                             \
  /* a recurrence over array elements read cyclically: Horner's scheme */      \
  /* for sum_i c[i % m] x^(n-1-i) */                                            \
  MARK T cyclic(const T *c, int m, T x, int n) {                                \
    T s = 0;                                                                    \
    for (int i = 0; i < n; ++i)                                                 \
      s = s * x + c[i % m];                                                     \
    return s;                                                                   \
  }

FUNCTIONS(double, ADGEN_DIFFERENTIABLE)

// Each loop stores its carried value, one push an iteration, and reads it
// back in the reverse loop.
// CHECK-LABEL: inline double power_grad(double x, int n, double* d_x) {
// CHECK:         adgen::Tape<double> tape_p;
// CHECK:         tape_p.push(p);
// CHECK:         tape_p.pop();
// CHECK-LABEL: inline double seesaw_grad(double x, double y, int n, double* d_x, double* d_y) {
// CHECK:         adgen::Tape<double> tape_p;
// CHECK:         tape_p.push(p);
// CHECK:         tape_p.pop();
// CHECK-LABEL: inline double cyclic_grad(const double* c, int m, double x, int n, double* d_c, double* d_x) {
// CHECK:         adgen::Tape<double> tape_s;
// CHECK:         tape_s.push(s);
// CHECK:         tape_s.pop();

#ifndef ADGEN_TOOL
#include "tape-stress.grad.h"
#include "oracle.h"

#include <cmath>
#include <cstdio>
#include <string>
#include <vector>

using LongDouble = long double;
FUNCTIONS(LongDouble, )

namespace {

constexpr int kLong = 10'000'000;

// One line per check: "name: value V grad [..] ok", or MISMATCH with both.
bool report(const std::string &name, const std::vector<long double> &want,
            const std::vector<double> &got, double tol = 1e-8) {
  bool ok = want.size() == got.size();
  for (size_t i = 0; ok && i < want.size(); ++i)
    ok = oracle::close(want[i], got[i], tol);
  std::string line = name + ":";
  for (size_t i = 0; i < got.size(); ++i)
    line += " " + oracle::format(got[i]);
  if (!ok) {
    line += " MISMATCH, want";
    for (long double w : want)
      line += " " + oracle::format(static_cast<double>(w));
  } else {
    line += " ok";
  }
  std::printf("%s\n", line.c_str());
  return ok;
}

std::string format(double x) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.10g", x);
  return buf;
}
std::string args(double x, int n) { return "(" + format(x) + ", " + std::to_string(n) + ")"; }

// d/dx x^n = n x^(n-1).
void check_power(double x, int n) {
  const long double X = x;
  const long double want_value = std::pow(X, n);
  const long double want_grad = n == 0 ? 0.0L : n * std::pow(X, n - 1);
  double d = 0, dv = 0;
  const double value = power_grad(x, n, &d);
  power_vjp(x, n, 0.5, &dv);
  report("power" + args(x, n), {want_value, want_grad, 0.5L * want_grad}, {value, d, dv});
}

// p = x^a y^b, where a and b count the iterations that took each branch:
// d/dx = a p / x, d/dy = b p / y. The counts come from the primal in double,
// which takes the branches the generated forward loop takes.
void check_seesaw(double x, double y, int n) {
  double p = 1;
  long a = 0, b = 0;
  for (int i = 0; i < n; ++i) {
    if (p > 1) {
      p = p * x;
      ++a;
    } else {
      p = p * y;
      ++b;
    }
  }
  // (x^a and y^b alone under- and overflow: p = exp(a log x + b log y).)
  const long double X = x, Y = y;
  const long double want = std::exp(a * std::log(X) + b * std::log(Y));
  double dx = 0, dy = 0, vx = 0, vy = 0;
  const double value = seesaw_grad(x, y, n, &dx, &dy);
  seesaw_vjp(x, y, n, 0.5, &vx, &vy);
  report("seesaw(" + format(x) + ", " + format(y) + ", " + std::to_string(n) + ")",
         {want, a * want / X, b * want / Y, 0.5L * a * want / X, 0.5L * b * want / Y},
         {value, dx, dy, vx, vy});
}

// s = sum_k c[(n-1-k) % m] x^k: d/dx = sum_k c[..] k x^(k-1), d/dc[j] = the
// sum of x^k over the k with (n-1-k) % m == j.
void check_cyclic(const std::vector<double> &c, double x, int n) {
  const int m = static_cast<int>(c.size());
  long double value = 0, dx = 0, xk = 1, xk1 = 0; // x^k, x^(k-1)
  std::vector<long double> dc(m, 0.0L);
  for (int k = 0; k < n; ++k) {
    const int j = (n - 1 - k) % m;
    value += c[j] * xk;
    dx += c[j] * k * xk1;
    dc[j] += xk;
    xk1 = xk;
    xk *= x;
  }
  std::vector<double> d(m + 1, 0.0), v(m + 1, 0.0);
  const double got = cyclic_grad(c.data(), m, x, n, d.data(), &d[m]);
  cyclic_vjp(c.data(), m, x, n, 0.5, v.data(), &v[m]);
  std::vector<long double> want{value, dx, 0.5L * dx};
  std::vector<double> have{got, d[m], v[m]};
  for (int j = 0; j < m; ++j) {
    want.push_back(dc[j]);
    want.push_back(0.5L * dc[j]);
    have.push_back(d[j]);
    have.push_back(v[j]);
  }
  report("cyclic" + args(x, n), want, have);
}

} // namespace

int main() {
  // Ten million iterations, then calls of every size in a row: the tapes of
  // one call leave nothing behind for the next.
  check_power(1 + 1e-7, kLong);
  check_power(0.5, 3);
  check_power(3.0, 0);
  check_power(1 - 2e-7, kLong / 2);
  check_power(-1.25, 7);
  check_power(1 + 1e-7, kLong);

  check_seesaw(0.9, 1.2, kLong);
  check_seesaw(0.75, 1.5, 1);
  check_seesaw(0.97, 1.01, 1000);
  check_seesaw(0.9, 1.2, 0);
  check_seesaw(0.99, 1.3, kLong / 4);

  const std::vector<double> c{0.5, -1.0, 2.0, 0.25, 1.5};
  check_cyclic(c, 1 - 1e-7, kLong);
  check_cyclic(c, 0.5, 7);
  check_cyclic({1.0, 2.0}, 1 + 1e-6, 1'000'000);
  check_cyclic(c, -0.8, 3);
  check_cyclic({-0.5, 0.75, 1.0}, 1 + 2e-7, kLong / 2);

  // Two calls in a row add twice (gradients are accumulated, not assigned).
  {
    const double x = 1 + 3e-7;
    const int n = 1'000'000;
    double d = 0, dv = 0;
    power_grad(x, n, &d);
    power_grad(x, n, &d);
    power_vjp(x, n, 0.25, &dv);
    power_vjp(x, n, 0.25, &dv);
    const long double g = n * std::pow(static_cast<long double>(x), n - 1);
    report("power twice", {2 * g, 0.5L * g}, {d, dv});
    double dx = 0, dy = 0;
    seesaw_grad(0.9, 1.2, n, &dx, &dy);
    double ex = dx, ey = dy;
    seesaw_grad(0.9, 1.2, n, &dx, &dy);
    report("seesaw twice", {2.0L * ex, 2.0L * ey}, {dx, dy}, 1e-12);
  }

  // The oracle of the other execution tests, at 100 and 200 iterations.
  oracle::check<double, 1>(
      "power(x, 100)", [](auto v) { return power(v[0], 100); },
      [](const double *x, double *d) { return power_grad(x[0], 100, d); },
      [](const double *x, double s, double *d) { power_vjp(x[0], 100, s, d); }, {1.001});
  oracle::check<double, 3>(
      "cyclic(c, x, 200)", [](auto v) { return cyclic(v.data(), 2, v[2], 200); },
      [](const double *x, double *d) { return cyclic_grad(x, 2, x[2], 200, d, &d[2]); },
      [](const double *x, double s, double *d) { cyclic_vjp(x, 2, x[2], 200, s, d, &d[2]); },
      {0.5, -1.5, 0.99});
}
#endif

// EXEC:      power(1.0000001, 10000000): 2.71828 2.71828e+07 1.35914e+07 ok
// EXEC-NEXT: power(0.5, 3): 0.125 0.75 0.375 ok
// EXEC-NEXT: power(3, 0): 1 0 0 ok
// EXEC-NEXT: power(0.9999998, 5000000): 0.367879 1.8394e+06 919699 ok
// EXEC-NEXT: power(-1.25, 7): -4.76837 26.7029 13.3514 ok
// EXEC-NEXT: power(1.0000001, 10000000): 2.71828 2.71828e+07 1.35914e+07 ok
// EXEC-NEXT: seesaw(0.9, 1.2, 10000000): 0.941272 {{.*}} ok
// EXEC-NEXT: seesaw(0.75, 1.5, 1): 1.5 0 1 0 0.5 ok
// EXEC-NEXT: seesaw(0.97, 1.01, 1000): 1.00963 {{.*}} ok
// EXEC-NEXT: seesaw(0.9, 1.2, 0): 1 0 0 0 0 ok
// EXEC-NEXT: seesaw(0.99, 1.3, 2500000): 1.04981 {{.*}} ok
// EXEC-NEXT: cyclic(0.9999999, 10000000): 4.10878e+06 1.71757e+13 {{.*}} ok
// EXEC-NEXT: cyclic(0.5, 7): -0.242188 2.96875 {{.*}} ok
// EXEC-NEXT: cyclic(1.000001, 1000000): 2.57742e+06 1.5e+12 {{.*}} ok
// EXEC-NEXT: cyclic(-0.8, 3): 3.12 -1.8 -0.9 0.64 0.32 -0.8 -0.4 1 0.5 0 0 0 0 ok
// EXEC-NEXT: cyclic(1.0000002, 5000000): {{.*}} ok
// EXEC-NEXT: power twice: {{.*}} ok
// EXEC-NEXT: seesaw twice: {{.*}} ok
// EXEC-NEXT: power(x, 100)(1.001): value 1.10512 grad [110.401] ok
// EXEC-NEXT: cyclic(c, x, 200)(0.5, -1.5, 0.99): value -43.7362 grad [43.0834, 43.5186, -2962.95] ok
// EXEC-NOT:  {{.}}
