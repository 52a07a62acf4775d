// Recursion adgen refuses: a recursive function is called as a whole and
// its reverse calls the vjp adgen generates for it, so it must be a free
// function returning float or double, taking float, double or integers by
// value (or const reference) and pointers to const float, double or
// integers. Each error is at the recursive call (inside the helper, whose
// first level is inlined into the marked function), adgen exits 1 and
// writes nothing.
//
// RUN: rm -f %t.h
// RUN: not %adgen %s -o %t.h -- -std=c++17 2> %t.err
// RUN: FileCheck %s < %t.err
// RUN: test ! -e %t.h

#include <adgen/adgen.h>
#include <cmath>
#include <vector>

// A cycle through a void helper with an output pointer, entered at the
// helper (entered at `down`, which returns the value, it is differentiated:
// Gradient/recursion-edges.cpp, via_down).
double down(double x, int n);
void step(double x, int n, double *out) { out[0] = n == 0 ? x : down(x, n - 1) * x; }
double down(double x, int n) {
  double o[1];
  // CHECK: recursion.cpp:[[@LINE+1]]:3: error: 'step' calls itself, and it returns 'void'; a recursive function adgen differentiates is a free function that returns float or double and takes float, double or integers by value and pointers to const float, double or integers (arrays it only reads)
  step(x, n, o);
  return o[0];
}
ADGEN_DIFFERENTIABLE double via_step(double x) {
  double o[1];
  step(x, 3, o);
  return o[0];
}

// Member functions, also static ones.
struct Poly {
  double c;
  // CHECK: recursion.cpp:[[@LINE+1]]:68: error: 'Poly::eval' calls itself, and it is a member function; a recursive function adgen differentiates is a free function
  double eval(double x, int n) const { return n == 0 ? c : c + x * eval(x, n - 1); }
  // CHECK: recursion.cpp:[[@LINE+1]]:68: error: 'Poly::seval' calls itself, and it is not at namespace scope; a recursive function adgen differentiates is a free function
  static double seval(double x, int n) { return n == 0 ? 1.0 : x * seval(x, n - 1); }
};
ADGEN_DIFFERENTIABLE double member(double x) {
  Poly p{0.5};
  return p.eval(x, 3);
}
ADGEN_DIFFERENTIABLE double static_member(double x) { return Poly::seval(x, 3); }

// A pointer to non-const, even if the function only reads through it.
// CHECK: recursion.cpp:[[@LINE+1]]:64: error: 'nc' calls itself, and parameter 'x' has type 'double *'; a recursive function
double nc(double *x, int n) { return n == 0 ? x[0] : x[0] * nc(x + 1, n - 1); }
ADGEN_DIFFERENTIABLE double nonconst(double x) {
  double b[2] = {x, x};
  return nc(b, 1);
}

// A std::vector parameter (pass v.data() as a pointer to const).
// CHECK: recursion.cpp:[[@LINE+1]]:83: error: 'vr' calls itself, and parameter 'v' has type 'const std::vector<double> &'; a recursive function
double vr(const std::vector<double> &v, int n) { return n == 0 ? v[0] : v[n] * vr(v, n - 1); }
ADGEN_DIFFERENTIABLE double vecparam(double x) {
  std::vector<double> v(3);
  v[0] = x;
  v[1] = x;
  v[2] = x;
  return vr(v, 2);
}

// Structs, as a parameter and as the result.
struct P {
  double a, b;
};
// CHECK: recursion.cpp:[[@LINE+1]]:50: error: 'sr' calls itself, and parameter 'p' has type 'P'; a recursive function
double sr(P p, int n) { return n == 0 ? p.a : sr(P{p.b, p.a}, n - 1) * p.a; }
ADGEN_DIFFERENTIABLE double structparam(double x) { return sr(P{x, 2 * x}, 3); }
// CHECK: recursion.cpp:[[@LINE+1]]:51: error: 'ps' calls itself and returns a struct; a recursive function adgen differentiates returns float or double
P ps(double x, int n) { return n == 0 ? P{x, x} : ps(x * 2, n - 1); }
ADGEN_DIFFERENTIABLE double structret(double x) { return ps(x, 2).a; }

// The marked function's output parameter passed down.
// CHECK: recursion.cpp:[[@LINE+1]]:69: error: the output parameter 'out' cannot be passed to 'gz', which calls itself; copy what it needs into a local array
inline double gz(const double *x, int n) { return n == 0 ? 1.0 : gz(x, n - 1) * 2.0; }
ADGEN_DIFFERENTIABLE void outpass(double x, double *out) {
  out[0] = x;
  out[1] = gz(out, 2) * x;
}

// A non-const reference.
// CHECK: recursion.cpp:[[@LINE+1]]:68: error: 'rr' calls itself, and parameter 'acc' has type 'double &'
double rr(double &acc, double x, int n) { return n == 0 ? acc : rr(acc, x * x, n - 1) + x; }
ADGEN_DIFFERENTIABLE double refparam(double x) {
  double a = x;
  return rr(a, x, 2);
}

// long double.
double lr(long double x, int n) { return n == 0 ? double(x) : lr(x * 2, n - 1); }
// CHECK: recursion.cpp:[[@LINE+1]]:59: error: an argument of type 'long double' is not supported
ADGEN_DIFFERENTIABLE double ldparam(double x) { return lr(x, 2); }

// Function templates whose arguments are not deduced from the call's.
// CHECK: recursion.cpp:[[@LINE+1]]:80: error: 'cast_rec' calls itself with explicit template arguments; recursive function templates are supported where the arguments deduce them
template <class R> R cast_rec(double x, int n) { return n == 0 ? R(x) : R(x) * cast_rec<R>(x * 0.5, n - 1); }
ADGEN_DIFFERENTIABLE double nondeduced(double x) { return cast_rec<double>(x, 3); }

// A supported recursive function next to the refused ones.
inline double fine_rec(double x, int n) { return n == 0 ? x : std::sin(fine_rec(x, n - 1)); }
ADGEN_DIFFERENTIABLE double fine(double x) { return fine_rec(x, 3); }

// CHECK-NOT: error:
