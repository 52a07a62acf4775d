// Found by the random-program tester (test/fuzz/fuzz.py, program 2422 of the
// generator of the day) and not reduced (the crash needs its node count). It failed with:
//   adgen-error: adgen crashed (segmentation fault) now and then: the reverse sweep read one past its per-node vectors, which ends a heap block when the function has a multiple of 64 nodes (valgrind: invalid read in Sweep::sweep)
//
// RUN: rm -rf %t && mkdir -p %t
// RUN: %adgen %s -o %t/fuzz-2422.grad.h -- -std=c++17
// RUN: %cxx -I%t -I%S/../fuzz %s -o %t/gcc && %t/gcc | FileCheck %s
// RUN: %clangxx -I%t -I%S/../fuzz %s -o %t/clang && %t/clang | FileCheck %s
// RUN: %if valgrind %{ valgrind -q --error-exitcode=99 %adgen %s -o %t/valgrind.grad.h -- -std=c++17 %}
// CHECK: f2422: ok

#include <adgen/adgen.h>
#include <cmath>

#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wunused-variable"
#pragma GCC diagnostic ignored "-Wunused-parameter"
#pragma GCC diagnostic ignored "-Wunused-but-set-variable"
#ifdef __clang__
#pragma clang diagnostic ignored "-Wself-assign"
#endif

namespace gen {

struct P {
  double u;
  double v;
};

double f2422_h0(double a, double b) {
  if ((std::fabs(a) * (a - a)) <= (b - b)) {
    return (((b / (1.5 + std::fabs(b))) >= b) && ((-(1.5) <= a) || (std::hypot(b, b) < b)) ? (std::log1p((b * b)) - (b / (1.5 + std::fabs(a)))) : std::sqrt((0.25 + (std::pow(1.5, std::tanh(a)) * std::pow(1.5, std::tanh(a))))));
  }
  return (((a / (1.5 + std::fabs(a))) * std::log((0.5 + (b * b)))) + b);
}

double f2422_h1(double a, double b) {
  if (((a - b) / (1.5 + std::fabs(b))) >= a) {
    double t1 = b;
  }
  if (((2.0 * a) > 1.25) && ((a / (1.5 + std::fabs(3.0))) <= 1.25)) {
    if ((f2422_h0(a, b) > a) || (std::sqrt((0.25 + (1.5 * 1.5))) > a)) {
      return (std::acosh((1.5 + (b * b))) > (a + b) ? b : -(b));
    }
    if ((std::log1p((b * b)) - static_cast<double>(static_cast<int>(b))) >= (a / (1.5 + std::fabs(b)))) {
      return (b / (1.5 + std::fabs(2.0)));
    }
  } else {
    if (b >= a) {
      return std::expm1(std::tanh(f2422_h0(std::asin((0.9 * std::tanh(b))), std::cosh(std::tanh(0.75)))));
    }
    P q2{b, std::pow(1.5, std::tanh(f2422_h0(b, b)))};
  }
  return (f2422_h0((b / (1.5 + std::fabs(b))), (a + a)) / (1.5 + std::fabs(std::fabs(a))));
}

double f2422_h2(double a, double b) {
  return b;
}

double f2422_h3(double a, int d) {
  if (d <= 0) {
    return std::sqrt((0.25 + (std::pow((0.5 + (a * a)), 0.75) * std::pow((0.5 + (a * a)), 0.75))));
  }
  return ((a - a) * f2422_h3(std::sin((std::acosh((1.5 + (1.25 * 1.25))) <= a ? 0.5 : 0.25)), d - 1));
}

ADGEN_DIFFERENTIABLE double f2422(const double* x, double a, int n, double* z) {
  a = ((std::atan(a) / (1.5 + std::fabs((z[1] + a)))) + 1.5);
  if ((std::log1p((1.25 * 1.25)) - (z[1] - x[1])) >= x[3]) {
    if (std::exp(-(((x[2] - 3.0) * (x[2] - 3.0)))) <= a) {
      return (std::pow(std::tanh(x[2]), 3) + x[2]);
    }
    z[1] += (std::hypot((z[2] * a), (x[3] * z[0])) * std::pow((0.5 + (std::pow((0.5 + (a * a)), 1.5) * std::pow((0.5 + (a * a)), 1.5))), -0.5));
    a -= ((-(x[1]) * std::asinh(a)) - -(std::expm1(std::tanh(a))));
  } else {
    z[3] = (f2422_h0((a / (1.5 + std::fabs(a))), (0.75 + 1.25)) - (f2422_h3(a, 0) + std::atan(3.0)));
    a = (a * std::cos((((a + 0.75) >= a ? a : x[1]) / (1.5 + std::fabs((x[0] / (1.5 + std::fabs(a))))))));
  }
  double t3 = 1.5;
  for (int j4 = n - 1; j4 >= 0; --j4) {
    const double* p5 = &x[2];
    if (std::pow((0.5 + (std::exp(-((a * a))) * std::exp(-((a * a))))), std::tanh(std::cos(0.75))) > std::exp(-(((static_cast<double>(j4 + 1) * 0.5) * (static_cast<double>(j4 + 1) * 0.5))))) {
      z[n - 1 - j4] = z[j4];
      a *= (0.5 + std::sin(std::fmax(std::sin(3.0), ((static_cast<double>(j4 + 1) * 0.5) + t3))));
      z[(j4 + 1) % n] -= (p5[1] * std::acosh((1.5 + ((p5[0] / (1.5 + std::fabs(t3))) * (p5[0] / (1.5 + std::fabs(t3)))))));
    } else {
      z[j4] += std::tanh(static_cast<double>(static_cast<int>((p5[0] + (static_cast<double>(j4 + 1) * 0.5)))));
    }
    a *= (0.5 + std::sin(std::atanh((0.9 * std::tanh(std::log2((0.5 + std::fabs(a))))))));
  }
  a = (a + std::tanh(f2422_h2((z[1] / (1.5 + std::fabs(1.25))), z[0])));
  if (((f2422_h0(x[2], 0.5) >= x[2]) || ((std::log1p((x[3] * x[3])) <= 0.5) && ((std::cosh(std::tanh(z[1])) > a) || (std::hypot(x[1], t3) <= t3)))) || ((x[1] / (1.5 + std::fabs(x[3]))) > z[0])) {
    double t6 = std::fmax(std::tanh((x[1] - z[0])), z[2]);
  }
  if ((z[3] <= a) && (((t3 / (1.5 + std::fabs(x[2]))) <= 0.25) && (std::pow((0.5 + (x[3] * x[3])), 1.5) >= z[3]))) {
    t3 = (std::fabs(std::pow((0.5 + (t3 * t3)), std::tanh(z[2]))) > (t3 / (1.5 + std::fabs(z[0]))) ? ((t3 * z[2]) <= t3 ? (a / (1.5 + std::fabs(t3))) : a) : (std::exp2(std::tanh(z[0])) / (1.5 + std::fabs(t3))));
  } else {
    z[1] = a;
    t3 += f2422_h2((std::acos((0.9 * std::tanh(x[3]))) + (z[2] + z[0])), std::sinh(std::tanh((x[3] * a))));
    if ((std::exp(std::tanh(z[1])) + x[1]) < (t3 - a)) {
      z[3] *= (0.5 + std::tanh(((a - (x[3] * a)) / (1.5 + std::fabs(-(std::pow(x[2], 2.0)))))));
      z[3] = x[2];
      double t7 = std::exp(std::tanh((x[1] - (x[2] + z[0]))));
    } else {
      double t8 = f2422_h1(t3, std::acosh((1.5 + ((t3 / (1.5 + std::fabs(a))) * (t3 / (1.5 + std::fabs(a)))))));
      z[0] = (-(std::cosh(std::tanh(t3))) * std::cosh(std::tanh(x[0])));
      a *= (0.5 + std::sin(-(std::tanh(t8))));
    }
  }
  return f2422_h3((a - a), 1);
}

} // namespace gen

#if defined(__GNUC__) && !defined(__clang__)
#pragma GCC push_options
#pragma GCC optimize("O0")
#endif
namespace ref {

struct P {
  long double u;
  long double v;
};

long double f2422_h0(long double a, long double b) {
  if ((std::fabs(a) * (a - a)) <= (b - b)) {
    return (((b / (1.5 + std::fabs(b))) >= b) && ((-(1.5) <= a) || (std::hypot(b, b) < b)) ? (std::log1p((b * b)) - (b / (1.5 + std::fabs(a)))) : std::sqrt((0.25 + (std::pow(1.5, std::tanh(a)) * std::pow(1.5, std::tanh(a))))));
  }
  return (((a / (1.5 + std::fabs(a))) * std::log((0.5 + (b * b)))) + b);
}

long double f2422_h1(long double a, long double b) {
  if (((a - b) / (1.5 + std::fabs(b))) >= a) {
    long double t1 = b;
  }
  if (((2.0 * a) > 1.25) && ((a / (1.5 + std::fabs(3.0))) <= 1.25)) {
    if ((f2422_h0(a, b) > a) || (std::sqrt((0.25 + (1.5 * 1.5))) > a)) {
      return (std::acosh((1.5 + (b * b))) > (a + b) ? b : -(b));
    }
    if ((std::log1p((b * b)) - static_cast<long double>(static_cast<int>(b))) >= (a / (1.5 + std::fabs(b)))) {
      return (b / (1.5 + std::fabs(2.0)));
    }
  } else {
    if (b >= a) {
      return std::expm1(std::tanh(f2422_h0(std::asin((0.9 * std::tanh(b))), std::cosh(std::tanh(0.75)))));
    }
    P q2{b, std::pow(1.5, std::tanh(f2422_h0(b, b)))};
  }
  return (f2422_h0((b / (1.5 + std::fabs(b))), (a + a)) / (1.5 + std::fabs(std::fabs(a))));
}

long double f2422_h2(long double a, long double b) {
  return b;
}

long double f2422_h3(long double a, int d) {
  if (d <= 0) {
    return std::sqrt((0.25 + (std::pow((0.5 + (a * a)), 0.75) * std::pow((0.5 + (a * a)), 0.75))));
  }
  return ((a - a) * f2422_h3(std::sin((std::acosh((1.5 + (1.25 * 1.25))) <= a ? 0.5 : 0.25)), d - 1));
}

long double f2422(const long double* x, long double a, int n, long double* z) {
  a = ((std::atan(a) / (1.5 + std::fabs((z[1] + a)))) + 1.5);
  if ((std::log1p((1.25 * 1.25)) - (z[1] - x[1])) >= x[3]) {
    if (std::exp(-(((x[2] - 3.0) * (x[2] - 3.0)))) <= a) {
      return (std::pow(std::tanh(x[2]), 3) + x[2]);
    }
    z[1] += (std::hypot((z[2] * a), (x[3] * z[0])) * std::pow((0.5 + (std::pow((0.5 + (a * a)), 1.5) * std::pow((0.5 + (a * a)), 1.5))), -0.5));
    a -= ((-(x[1]) * std::asinh(a)) - -(std::expm1(std::tanh(a))));
  } else {
    z[3] = (f2422_h0((a / (1.5 + std::fabs(a))), (0.75 + 1.25)) - (f2422_h3(a, 0) + std::atan(3.0)));
    a = (a * std::cos((((a + 0.75) >= a ? a : x[1]) / (1.5 + std::fabs((x[0] / (1.5 + std::fabs(a))))))));
  }
  long double t3 = 1.5;
  for (int j4 = n - 1; j4 >= 0; --j4) {
    const long double* p5 = &x[2];
    if (std::pow((0.5 + (std::exp(-((a * a))) * std::exp(-((a * a))))), std::tanh(std::cos(0.75))) > std::exp(-(((static_cast<long double>(j4 + 1) * 0.5) * (static_cast<long double>(j4 + 1) * 0.5))))) {
      z[n - 1 - j4] = z[j4];
      a *= (0.5 + std::sin(std::fmax(std::sin(3.0), ((static_cast<long double>(j4 + 1) * 0.5) + t3))));
      z[(j4 + 1) % n] -= (p5[1] * std::acosh((1.5 + ((p5[0] / (1.5 + std::fabs(t3))) * (p5[0] / (1.5 + std::fabs(t3)))))));
    } else {
      z[j4] += std::tanh(static_cast<long double>(static_cast<int>((p5[0] + (static_cast<long double>(j4 + 1) * 0.5)))));
    }
    a *= (0.5 + std::sin(std::atanh((0.9 * std::tanh(std::log2((0.5 + std::fabs(a))))))));
  }
  a = (a + std::tanh(f2422_h2((z[1] / (1.5 + std::fabs(1.25))), z[0])));
  if (((f2422_h0(x[2], 0.5) >= x[2]) || ((std::log1p((x[3] * x[3])) <= 0.5) && ((std::cosh(std::tanh(z[1])) > a) || (std::hypot(x[1], t3) <= t3)))) || ((x[1] / (1.5 + std::fabs(x[3]))) > z[0])) {
    long double t6 = std::fmax(std::tanh((x[1] - z[0])), z[2]);
  }
  if ((z[3] <= a) && (((t3 / (1.5 + std::fabs(x[2]))) <= 0.25) && (std::pow((0.5 + (x[3] * x[3])), 1.5) >= z[3]))) {
    t3 = (std::fabs(std::pow((0.5 + (t3 * t3)), std::tanh(z[2]))) > (t3 / (1.5 + std::fabs(z[0]))) ? ((t3 * z[2]) <= t3 ? (a / (1.5 + std::fabs(t3))) : a) : (std::exp2(std::tanh(z[0])) / (1.5 + std::fabs(t3))));
  } else {
    z[1] = a;
    t3 += f2422_h2((std::acos((0.9 * std::tanh(x[3]))) + (z[2] + z[0])), std::sinh(std::tanh((x[3] * a))));
    if ((std::exp(std::tanh(z[1])) + x[1]) < (t3 - a)) {
      z[3] *= (0.5 + std::tanh(((a - (x[3] * a)) / (1.5 + std::fabs(-(std::pow(x[2], 2.0)))))));
      z[3] = x[2];
      long double t7 = std::exp(std::tanh((x[1] - (x[2] + z[0]))));
    } else {
      long double t8 = f2422_h1(t3, std::acosh((1.5 + ((t3 / (1.5 + std::fabs(a))) * (t3 / (1.5 + std::fabs(a)))))));
      z[0] = (-(std::cosh(std::tanh(t3))) * std::cosh(std::tanh(x[0])));
      a *= (0.5 + std::sin(-(std::tanh(t8))));
    }
  }
  return f2422_h3((a - a), 1);
}

} // namespace ref
#if defined(__GNUC__) && !defined(__clang__)
#pragma GCC pop_options
#endif
#pragma GCC diagnostic pop

#ifndef ADGEN_TOOL
#include "fuzz-2422.grad.h"
#include "harness.h"

static bool check_f2422() {
  const double at[9] = {-0.703, 0.573, 0.519, 1.334, -0.986, -0.375, 0.914, 0.593, 0.562};
  const double w[5] = {1.0, -0.458, -0.957, -0.432, 1.276};
  const double w2[5] = {-0.813, -0.368, 1.128, -1.153, 0.385};
  auto primal = [](const long double *v, long double *o) {
    long double x[4] = {v[0], v[1], v[2], v[3]};
    long double a = v[4];
    long double z[4] = {v[5], v[6], v[7], v[8]};
    o[0] = ref::f2422(x, a, 4, z);
    o[1] = z[0];
    o[2] = z[1];
    o[3] = z[2];
    o[4] = z[3];
  };
  auto primal_double = [](const double *v, double *o) {
    double x[4] = {v[0], v[1], v[2], v[3]};
    double a = v[4];
    double z[4] = {v[5], v[6], v[7], v[8]};
    o[0] = gen::f2422(x, a, 4, z);
    o[1] = z[0];
    o[2] = z[1];
    o[3] = z[2];
    o[4] = z[3];
  };
  auto grad = [](const double *v, const double *s, double *o, double *g) {
    (void)s;
    double x[4] = {v[0], v[1], v[2], v[3]};
    double a = v[4];
    double z[4] = {v[5], v[6], v[7], v[8]};
    double d_x[4] = {};
    double d_a = 0;
    double d_z[4] = {s[1], s[2], s[3], s[4]};
    o[0] = gen::f2422_grad(x, a, 4, z, d_x, &d_a, d_z);
    o[1] = z[0];
    o[2] = z[1];
    o[3] = z[2];
    o[4] = z[3];
    g[0] = d_x[0];
    g[1] = d_x[1];
    g[2] = d_x[2];
    g[3] = d_x[3];
    g[4] = d_a;
    g[5] = d_z[0];
    g[6] = d_z[1];
    g[7] = d_z[2];
    g[8] = d_z[3];
  };
  auto vjp = [](const double *v, const double *s, double *g) {
    (void)s;
    double x[4] = {v[0], v[1], v[2], v[3]};
    double a = v[4];
    double z[4] = {v[5], v[6], v[7], v[8]};
    double d_x[4] = {};
    double d_a = 0;
    double d_z[4] = {s[1], s[2], s[3], s[4]};
    gen::f2422_vjp(x, a, 4, z, s[0], d_x, &d_a, d_z);
    g[0] = d_x[0];
    g[1] = d_x[1];
    g[2] = d_x[2];
    g[3] = d_x[3];
    g[4] = d_a;
    g[5] = d_z[0];
    g[6] = d_z[1];
    g[7] = d_z[2];
    g[8] = d_z[3];
  };
  return fuzz::check("f2422", true, at, w, w2, primal, primal_double, grad, vjp);
}

int main() {
  bool ok = true;
  ok = check_f2422() && ok;
  return ok ? 0 : 1;
}
#endif
