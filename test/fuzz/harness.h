// harness.h - the checks the random-program tester runs on each program.
//
// A generated program f has NI active inputs (scalars, array elements, struct
// members, and the entry values of its pointer and reference outputs) and NO
// results (its return value, then every output element). The tester checks,
// at one point, with J = sum_k w[k] * result_k:
//
//   value   f_grad's return value and outputs equal f's, computed in long
//           double (a program where f in double disagrees with f in long
//           double is skipped: overflow or rounding in double only);
//   grad    f_grad's gradient (seed 1 for the value, w for the outputs)
//           equals central differences of J in long double;
//   vjp     f_vjp with the same seed equals f_grad (or, for a void f, the
//           central differences);
//   linear  f_vjp is linear in its seed: vjp(w + w2) = vjp(w) + vjp(w2)
//           and vjp(-1.5 w2) = -1.5 vjp(w2).
//
// It prints one line per program, "name: ok" or "name: MISMATCH <check> ...",
// or "name: skip (...)" when f is not finite (or huge) at the point, where
// no oracle is reliable.
#ifndef ADGEN_FUZZ_HARNESS_H
#define ADGEN_FUZZ_HARNESS_H

#include <cmath>
#include <cstdio>
#include <string>
#include <type_traits>

#include <adgen/lanes.h>

namespace fuzz {

inline adgen::Lanes<double, 2> lanes(double a, double b) {
  adgen::Lanes<double, 2> l;
  l[0] = a;
  l[1] = b;
  return l;
}

inline double scaleOf(const long double *v, int n) {
  double s = 1;
  for (int i = 0; i < n; ++i)
    s = std::fmax(s, std::fabs(static_cast<double>(v[i])));
  return s;
}

inline bool near(long double want, double got, double tol) {
  if (!std::isfinite(got))
    return false;
  return std::fabs(static_cast<double>(want) - got) <= tol;
}

inline std::string show(const double *v, int n) {
  std::string s = "[";
  char buf[40];
  for (int i = 0; i < n; ++i) {
    std::snprintf(buf, sizeof buf, "%s%.10g", i ? ", " : "", v[i]);
    s += buf;
  }
  return s + "]";
}

inline std::string show(const long double *v, int n) {
  double d[64];
  for (int i = 0; i < n && i < 64; ++i)
    d[i] = static_cast<double>(v[i]);
  return show(d, n < 64 ? n : 64);
}

/// Central differences of J = sum w * primal(v) with step factor h.
template <int NI, int NO, class Primal>
void differences(Primal primal, const long double *v, const double *w, long double h0,
                 long double *fd) {
  for (int i = 0; i < NI; ++i) {
    long double up[NI], down[NI], o[NO];
    for (int k = 0; k < NI; ++k)
      up[k] = down[k] = v[k];
    long double h = h0 * std::fmax(1.0L, std::fabs(v[i]));
    up[i] += h;
    down[i] -= h;
    long double ju = 0, jd = 0;
    primal(up, o);
    for (int k = 0; k < NO; ++k)
      ju += w[k] * o[k];
    primal(down, o);
    for (int k = 0; k < NO; ++k)
      jd += w[k] * o[k];
    fd[i] = (ju - jd) / (up[i] - down[i]);
  }
}

/// Checks one program; prints its line and returns whether it passed.
///   primal(const long double* v, long double* o)        f in long double
///   grad(const double* v, const double* s, double* o, double* g)
///   vjp(const double* v, const double* s, double* g)
///   multi(const double* v, const double* s, const double* s2, double* o,
///         double* g, double* g2)   f_vjp_multi<2> (ADGEN_MULTI_SEED) with
///         seeds s and s2 in its two lanes: it must give f_vjp's adjoints
///         lane by lane and write f's results (nullptr: not marked)
template <int NI, int NO, class Primal, class PrimalDouble, class Grad, class Vjp,
          class Multi = std::nullptr_t>
bool check(const char *name, bool hasGrad, const double (&at)[NI], const double (&w)[NO],
           const double (&w2)[NO], Primal primal, PrimalDouble primalDouble, Grad grad,
           Vjp vjp, Multi multi = nullptr) {
  long double v[NI], o[NO];
  for (int i = 0; i < NI; ++i)
    v[i] = at[i];
  primal(v, o);
  for (int k = 0; k < NO; ++k)
    if (!std::isfinite(o[k]) || std::fabs(o[k]) > 1e8L) {
      std::printf("%s: skip (result %d is %g)\n", name, k, static_cast<double>(o[k]));
      return true;
    }
  // f itself in double must agree with long double, or the long double
  // oracle says nothing about double code (an intermediate overflows in
  // double only; a comparison falls the other way after rounding).
  if constexpr (!std::is_same_v<PrimalDouble, std::nullptr_t>) {
    double od[NO];
    primalDouble(at, od);
    for (int k = 0; k < NO; ++k)
      if (!near(o[k], od[k], 1e-8 * std::fmax(1.0, std::fabs(static_cast<double>(o[k]))))) {
        std::printf("%s: skip (f in double gives %g for result %d, in long double %g)\n", name,
                    od[k], k, static_cast<double>(o[k]));
        return true;
      }
  }
  long double fd[NI];
  differences<NI, NO>(primal, v, w, 1e-6L, fd);
  for (int i = 0; i < NI; ++i)
    if (!std::isfinite(fd[i]) || std::fabs(fd[i]) > 1e8L) {
      std::printf("%s: skip (derivative %d is %g)\n", name, i, static_cast<double>(fd[i]));
      return true;
    }
  const double gradTol = 1e-6 * scaleOf(fd, NI);
  auto gradientMatches = [&](const double *g) {
    bool ok = true;
    for (int i = 0; i < NI; ++i)
      ok = ok && near(fd[i], g[i], gradTol);
    if (ok)
      return true;
    // Near a kink the differences themselves may be off: a mismatch must
    // persist with two other steps.
    for (long double h : {1e-4L, 1e-8L}) {
      long double other[NI];
      differences<NI, NO>(primal, v, w, h, other);
      bool agree = true;
      for (int i = 0; i < NI; ++i)
        agree = agree && near(other[i], g[i], 1e-5 * scaleOf(other, NI));
      if (agree)
        return true;
    }
    return false;
  };

  double g[NI] = {}, out[NO] = {};
  if (hasGrad) {
    grad(at, w, out, g);
    for (int k = 0; k < NO; ++k)
      if (!near(o[k], out[k], 1e-8 * std::fmax(1.0, std::fabs(static_cast<double>(o[k]))))) {
        std::printf("%s: MISMATCH value: f_grad gives %s, f in long double %s\n", name,
                    show(out, NO).c_str(), show(o, NO).c_str());
        return false;
      }
    if (!gradientMatches(g)) {
      std::printf("%s: MISMATCH grad: f_grad gives %s, central differences %s\n", name,
                  show(g, NI).c_str(), show(fd, NI).c_str());
      return false;
    }
  }
  double gv[NI] = {};
  vjp(at, w, gv);
  if (hasGrad) {
    for (int i = 0; i < NI; ++i)
      if (!near(g[i], gv[i], 1e-9 * scaleOf(fd, NI))) {
        std::printf("%s: MISMATCH vjp: f_vjp gives %s, f_grad %s\n", name, show(gv, NI).c_str(),
                    show(g, NI).c_str());
        return false;
      }
  } else if (!gradientMatches(gv)) {
    std::printf("%s: MISMATCH vjp: f_vjp gives %s, central differences %s\n", name,
                show(gv, NI).c_str(), show(fd, NI).c_str());
    return false;
  }

  // Linearity in the seed.
  double sum[NO], scaled[NO];
  for (int k = 0; k < NO; ++k) {
    sum[k] = w[k] + w2[k];
    scaled[k] = -1.5 * w2[k];
  }
  double a[NI] = {}, b[NI] = {}, c[NI] = {};
  vjp(at, w2, a);
  vjp(at, sum, b);
  vjp(at, scaled, c);
  double scale = 1;
  for (int i = 0; i < NI; ++i)
    scale = std::fmax(scale, std::fmax(std::fabs(a[i]), std::fabs(gv[i])));
  for (int i = 0; i < NI; ++i)
    if (!near(gv[i] + a[i], b[i], 1e-9 * scale) || !near(-1.5 * a[i], c[i], 1e-9 * scale)) {
      std::printf("%s: MISMATCH linear: vjp(w) %s, vjp(w2) %s, vjp(w + w2) %s, vjp(-1.5 w2) %s\n",
                  name, show(gv, NI).c_str(), show(a, NI).c_str(), show(b, NI).c_str(),
                  show(c, NI).c_str());
      return false;
    }
  if constexpr (!std::is_same_v<Multi, std::nullptr_t>) {
    double m[NI] = {}, m2[NI] = {}, mo[NO] = {};
    multi(at, w, w2, mo, m, m2);
    for (int i = 0; i < NI; ++i)
      if (!near(gv[i], m[i], 1e-9 * scale) || !near(a[i], m2[i], 1e-9 * scale)) {
        std::printf("%s: MISMATCH multi: f_vjp_multi<2> gives %s and %s, f_vjp %s and %s\n", name,
                    show(m, NI).c_str(), show(m2, NI).c_str(), show(gv, NI).c_str(),
                    show(a, NI).c_str());
        return false;
      }
    for (int k = 0; k < NO; ++k)
      if (!near(o[k], mo[k], 1e-8 * std::fmax(1.0, std::fabs(static_cast<double>(o[k]))))) {
        std::printf("%s: MISMATCH multi value: f_vjp_multi<2> gives %s, f in long double %s\n",
                    name, show(mo, NO).c_str(), show(o, NO).c_str());
        return false;
      }
  }
  std::printf("%s: ok\n", name);
  return true;
}

/// The same without f in double (regression tests written before it).
template <int NI, int NO, class Primal, class Grad, class Vjp>
bool check(const char *name, bool hasGrad, const double (&at)[NI], const double (&w)[NO],
           const double (&w2)[NO], Primal primal, Grad grad, Vjp vjp) {
  return check(name, hasGrad, at, w, w2, primal, nullptr, grad, vjp);
}

} // namespace fuzz

#endif // ADGEN_FUZZ_HARNESS_H
