// tensor_oracle.h - the oracle for execution tests of functions over tensors.
//
// Tests write each function once, in a macro instantiated for
// (adgen::Tensor, float) and (adgen::DoubleTensor, double); the double
// primal is the oracle. For a function f(p0, p1, ...) whose parameters are
// DoubleTensor or double (anything else is bound in the lambda), and
//
//   auto f = ORACLE_PRIMAL(f);       // [](auto&&... a) { return f(a...); }
//   auto g = ORACLE_GRAD(f);         // calls f_grad(a...)
//   auto v = ORACLE_VJP(f);          // calls f_vjp(a...)
//
// check_grad("f", "a b", f, g, a, b) prints one line per check:
//
//   f: value ok                 the value _grad returns is the primal's
//   f d/da: ok                  double adjoint vs central differences
//   f<float> d/da: ok           float adjoint (float copies of the
//                               arguments) vs the double adjoint
//   f accumulates: ok           calling _grad again doubles every adjoint
//   f null d/da: ok             only d_a non-null: d_a right, nothing crashes
//
// and check_vjp(name, names, f, v, seed, args...) the same for the VJP of a
// non-scalar result with a seed (central differences of sum(f * seed)).
// A wrong line says MISMATCH and prints both gradients.
#ifndef ADGEN_TEST_TENSOR_ORACLE_H
#define ADGEN_TEST_TENSOR_ORACLE_H

#include <adgen/tensor.h>

#include <cmath>
#include <cstdio>
#include <sstream>
#include <string>
#include <tuple>
#include <type_traits>
#include <utility>
#include <vector>

#define ORACLE_PRIMAL(f) [](auto&&... a) { return f(a...); }
#define ORACLE_GRAD(f) [](auto&&... a) { return f##_grad(a...); }
#define ORACLE_VJP(f) [](auto&&... a) { return f##_vjp(a...); }

namespace oracle {

using adgen::DoubleTensor;
using adgen::Tensor;

inline DoubleTensor to_double(const Tensor& t) {
  Tensor c = adgen::contiguous(t);
  std::vector<double> v(c.data(), c.data() + c.numel());
  return DoubleTensor(c.shape(), v);
}
inline DoubleTensor to_double(const DoubleTensor& t) { return adgen::contiguous(t); }
inline double to_double(double v) { return v; }
inline double to_double(float v) { return v; }

inline Tensor to_float(const DoubleTensor& t) {
  DoubleTensor c = adgen::contiguous(t);
  std::vector<float> v(c.data(), c.data() + c.numel());
  return Tensor(c.shape(), v);
}
inline float to_float(double v) { return static_cast<float>(v); }

/// Every element of got within tol (relative above 1) of want, same shape.
template <class TT>
bool close(const TT& got, const DoubleTensor& want, double tol) {
  if (!got.defined() || !want.defined() || got.shape() != want.shape()) return false;
  DoubleTensor g = to_double(got), w = to_double(want);
  for (int64_t i = 0; i < g.numel(); ++i) {
    double a = g.data()[i], b = w.data()[i];
    if (std::isnan(a) || std::isnan(b) || std::fabs(a - b) > tol * std::fmax(1.0, std::fabs(b))) return false;
  }
  return true;
}
inline bool close(double got, double want, double tol) {
  return std::fabs(got - want) <= tol * std::fmax(1.0, std::fabs(want));
}

inline std::string str(const DoubleTensor& t) { return t.defined() ? adgen::to_string(t) : "undefined"; }
inline std::string str(const Tensor& t) { return t.defined() ? adgen::to_string(t) : "undefined"; }
inline std::string str(double v) {
  std::ostringstream s;
  s << v;
  return s.str();
}

inline void report(const std::string& what, bool ok) { std::printf("%s: %s\n", what.c_str(), ok ? "ok" : "MISMATCH"); }

inline void report(const std::string& what, bool ok, const std::string& got, const std::string& want) {
  report(what, ok);
  if (!ok) std::printf("  got  %s\n  want %s\n", got.c_str(), want.c_str());
}

/// A scalar (double) from a one-element result.
inline double value(const DoubleTensor& t) { return t.item(); }
inline double value(double v) { return v; }

// The adjoint type of a parameter: the parameter's type, zero-initialised.
template <class A> struct Adjoint { using type = A; };
template <class A> using adjoint_t = typename Adjoint<std::decay_t<A>>::type;

template <class A> adjoint_t<A> zero_adjoint() { return adjoint_t<A>(); }

/// The adjoint of a double to compare: 0 when never written.
inline DoubleTensor normalize(const DoubleTensor& t, const DoubleTensor& like) {
  return t.defined() ? t : adgen::zeros_like(adgen::contiguous(like));
}
inline double normalize(double v, double) { return v; }
inline Tensor normalize(const Tensor& t, const Tensor& like) {
  return t.defined() ? t : adgen::zeros_like(adgen::contiguous(like));
}
inline float normalize(float v, float) { return v; }

inline DoubleTensor twice(const DoubleTensor& t) { return t * 2.0; }
inline double twice(double v) { return 2 * v; }

/// Central differences of s(args) (a scalar) with respect to parameter I.
template <size_t I, class S, class Tuple>
DoubleTensor fd_one(S s, Tuple args, const DoubleTensor& x) {
  DoubleTensor base = adgen::contiguous(x).clone();
  DoubleTensor g = adgen::zeros_like(base);
  for (int64_t i = 0; i < base.numel(); ++i) {
    DoubleTensor up = base.clone(), down = base.clone();
    double h = 1e-6 * std::fmax(1.0, std::fabs(base.data()[i]));
    up.data()[i] += h;
    down.data()[i] -= h;
    std::get<I>(args) = up;
    double fu = std::apply(s, args);
    std::get<I>(args) = down;
    double fd = std::apply(s, args);
    g.data()[i] = (fu - fd) / (up.data()[i] - down.data()[i]);
  }
  return g;
}
template <size_t I, class S, class Tuple>
double fd_one(S s, Tuple args, double x) {
  double h = 1e-6 * std::fmax(1.0, std::fabs(x));
  std::get<I>(args) = x + h;
  double fu = std::apply(s, args);
  std::get<I>(args) = x - h;
  double fd = std::apply(s, args);
  return (fu - fd) / (2 * h);
}

/// Central differences of the scalar function f with respect to its I-th
/// argument (a DoubleTensor or a double), at args.
template <size_t I, class F, class... A>
auto fd_grad(F f, const A&... args) {
  auto s = [&](const auto&... a) { return value(f(a...)); };
  std::tuple<std::decay_t<A>...> t(args...);
  return fd_one<I>(s, t, std::get<I>(t));
}

/// Central differences of sum(f(args) * seed) with respect to the I-th argument.
template <size_t I, class F, class... A>
auto fd_vjp(F f, const DoubleTensor& seed, const A&... args) {
  auto s = [&](const auto&... a) { return adgen::sum(f(a...) * seed).item(); };
  std::tuple<std::decay_t<A>...> t(args...);
  return fd_one<I>(s, t, std::get<I>(t));
}

inline std::vector<std::string> split(const std::string& names) {
  std::vector<std::string> out;
  std::istringstream s(names);
  std::string w;
  while (s >> w) out.push_back(w);
  return out;
}

constexpr double kDoubleTol = 1e-6;
constexpr double kFloatTol = 2e-4;

template <class Tuple, size_t... I>
auto pointers(Tuple& t, std::index_sequence<I...>) {
  return std::make_tuple(&std::get<I>(t)...);
}

// Calls call(args..., pointers...) where pointer J is null unless keep[J].
template <class G, class ArgTuple, class AdjTuple, size_t... I>
auto call_with(G g, const ArgTuple& args, AdjTuple& adj, const std::vector<bool>& keep, std::index_sequence<I...>) {
  return std::apply(
      [&](const auto&... a) { return g(a..., (keep[I] ? &std::get<I>(adj) : nullptr)...); }, args);
}
template <class G, class ArgTuple, class Seed, class AdjTuple, size_t... I>
auto call_vjp_with(G g, const ArgTuple& args, const Seed& seed, AdjTuple& adj, const std::vector<bool>& keep,
                   std::index_sequence<I...>) {
  return std::apply(
      [&](const auto&... a) { return g(a..., seed, (keep[I] ? &std::get<I>(adj) : nullptr)...); }, args);
}

template <class A> auto float_arg(const A& a) { return to_float(a); }

template <class Fn, size_t... I>
void for_each_index(Fn fn, std::index_sequence<I...>) {
  (fn(std::integral_constant<size_t, I>{}), ...);
}

/// The gradient of a scalar-valued function: see the top of the file.
template <class F, class G, class... A>
void check_grad(const std::string& name, const std::string& param_names, F f, G g, const A&... args) {
  constexpr size_t N = sizeof...(A);
  using Seq = std::make_index_sequence<N>;
  std::vector<std::string> names = split(param_names);
  while (names.size() < N) names.push_back("p" + std::to_string(names.size()));
  std::tuple<std::decay_t<A>...> targs(args...);
  const std::vector<bool> all(N, true);

  // Double adjoints vs central differences, and the returned value.
  std::tuple<adjoint_t<A>...> adj{};
  DoubleTensor out = call_with(g, targs, adj, all, Seq{});
  DoubleTensor primal = f(args...);
  report(name + ": value", close(out, primal, 1e-12), str(out), str(primal));
  std::tuple<adjoint_t<A>...> want{};
  for_each_index(
      [&](auto J) {
        constexpr size_t j = decltype(J)::value;
        std::get<j>(want) = fd_grad<j>(f, args...);
        std::get<j>(adj) = normalize(std::get<j>(adj), std::get<j>(targs));
        report(name + " d/d" + names[j], close(std::get<j>(adj), std::get<j>(want), kDoubleTol),
               str(std::get<j>(adj)), str(std::get<j>(want)));
      },
      Seq{});

  // Float vs double.
  auto fargs = std::make_tuple(float_arg(args)...);
  std::tuple<adjoint_t<decltype(float_arg(args))>...> fadj{};
  call_with(g, fargs, fadj, all, Seq{});
  for_each_index(
      [&](auto J) {
        constexpr size_t j = decltype(J)::value;
        auto got = normalize(std::get<j>(fadj), std::get<j>(fargs));
        report(name + "<float> d/d" + names[j], close(to_double(got), std::get<j>(adj), kFloatTol), str(got),
               str(std::get<j>(adj)));
      },
      Seq{});

  // A second call accumulates.
  call_with(g, targs, adj, all, Seq{});
  bool doubled = true;
  for_each_index(
      [&](auto J) {
        constexpr size_t j = decltype(J)::value;
        doubled = doubled && close(std::get<j>(adj), twice(std::get<j>(want)), kDoubleTol);
      },
      Seq{});
  report(name + " accumulates", doubled);

  // One adjoint pointer at a time; the others null.
  for_each_index(
      [&](auto J) {
        constexpr size_t j = decltype(J)::value;
        std::tuple<adjoint_t<A>...> part{};
        std::vector<bool> keep(N, false);
        keep[j] = true;
        call_with(g, targs, part, keep, Seq{});
        auto got = normalize(std::get<j>(part), std::get<j>(targs));
        report(name + " null d/d" + names[j], close(got, std::get<j>(want), kDoubleTol), str(got),
               str(std::get<j>(want)));
      },
      Seq{});
  // All null: nothing to do, nothing crashes, the value is still returned.
  std::tuple<adjoint_t<A>...> none{};
  DoubleTensor out2 = call_with(g, targs, none, std::vector<bool>(N, false), Seq{});
  report(name + " all null", close(out2, primal, 1e-12));
}

/// The VJP of a function with a non-scalar result, with the given seed.
template <class F, class V, class... A>
void check_vjp(const std::string& name, const std::string& param_names, F f, V v, const DoubleTensor& seed,
               const A&... args) {
  constexpr size_t N = sizeof...(A);
  using Seq = std::make_index_sequence<N>;
  std::vector<std::string> names = split(param_names);
  while (names.size() < N) names.push_back("p" + std::to_string(names.size()));
  std::tuple<std::decay_t<A>...> targs(args...);
  const std::vector<bool> all(N, true);

  std::tuple<adjoint_t<A>...> adj{};
  call_vjp_with(v, targs, seed, adj, all, Seq{});
  for_each_index(
      [&](auto J) {
        constexpr size_t j = decltype(J)::value;
        std::get<j>(adj) = normalize(std::get<j>(adj), std::get<j>(targs));
        auto want = fd_vjp<j>(f, seed, args...);
        report(name + " vjp d/d" + names[j], close(std::get<j>(adj), want, kDoubleTol), str(std::get<j>(adj)),
               str(want));
      },
      Seq{});

  auto fargs = std::make_tuple(float_arg(args)...);
  std::tuple<adjoint_t<decltype(float_arg(args))>...> fadj{};
  call_vjp_with(v, fargs, to_float(seed), fadj, all, Seq{});
  for_each_index(
      [&](auto J) {
        constexpr size_t j = decltype(J)::value;
        auto got = normalize(std::get<j>(fadj), std::get<j>(fargs));
        report(name + "<float> vjp d/d" + names[j], close(to_double(got), std::get<j>(adj), kFloatTol), str(got),
               str(std::get<j>(adj)));
      },
      Seq{});
}

/// A random double tensor (N(0, 1)), reproducible.
inline DoubleTensor randn(adgen::Shape shape, uint64_t seed) { return adgen::randn<double>(std::move(shape), seed); }

}  // namespace oracle

#endif
