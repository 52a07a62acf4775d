// Code outside the supported subset is refused with a diagnostic at the
// construct, saying what to do instead; adgen exits 1 and writes nothing.
//
// RUN: rm -f %t.h
// RUN: not %adgen %s -o %t.h -- -std=c++17 2> %t.err
// RUN: FileCheck %s < %t.err
// RUN: test ! -e %t.h
// An existing output is left as it was.
// RUN: echo "// previous output" > %t.h
// RUN: not %adgen %s -o %t.h -- -std=c++17 2> /dev/null
// RUN: FileCheck %s --check-prefix=KEPT < %t.h
// KEPT: // previous output

#include <adgen/adgen.h>
#include <cmath>
#include <vector>

double helper(double x);
double global_scale = 2.0;
const double kHalf = 0.5;  // a constant is fine

ADGEN_DIFFERENTIABLE double growing(double x) {
  // CHECK: unsupported.cpp:[[@LINE+1]]:3: error: std::vector 'v' must be declared empty or with its size ('std::vector<double> v(n)' or '(n, value)'); copies and initializer lists are not supported yet
  std::vector<double> v = {x, x};
  return v[0];
}

ADGEN_DIFFERENTIABLE double choose(double x, int k) {
  switch (k) {
  case 0:
    x = 2 * x;
  // CHECK: unsupported.cpp:[[@LINE+1]]:3: error: falling through from one case into the next is not supported
  case 1:
    return x;
  default:
    return 2 * x;
  }
}

ADGEN_DIFFERENTIABLE double calls(double x) {
  // CHECK: unsupported.cpp:[[@LINE+1]]:10: error: 'helper' has no body adgen can see; define it in a header the file includes, or mark it ADGEN_NO_GRAD if it needs no derivative
  return helper(x) * 2;
}

// Recursion: a recursive function returns its result (no output parameters).
void halve(double x, int n, double *out) {
  if (n == 0) {
    out[0] = x;
    return;
  }
  // CHECK: unsupported.cpp:[[@LINE+1]]:3: error: 'halve' calls itself, and it returns 'void'; a recursive function adgen differentiates is a free function that returns float or double and takes float, double or integers by value and pointers to const float, double or integers (arrays it only reads)
  halve(x / 2, n - 1, out);
}
ADGEN_DIFFERENTIABLE double recursion(double x) {
  double y[1];
  halve(x, 3, y);
  return y[0];
}

void fill(double x, double *out) { out[0] = x; }
double take(double *out) { return out[0]; }
ADGEN_DIFFERENTIABLE double outputs(double x, const double *p) {
  // CHECK: unsupported.cpp:[[@LINE+1]]:11: error: this pointer expression is not supported; use a pointer parameter or local array, p + k, &p[k], v.data(), or a local pointer into one of them
  fill(x, nullptr);
  return x * p[0];
}

ADGEN_DIFFERENTIABLE double output_arg(double x, const double *p) {
  // CHECK: unsupported.cpp:[[@LINE+1]]:19: error: this argument points into an input parameter, which 'take' may write; pass a local array or an output parameter, or make the parameter a pointer to const
  return x * take(const_cast<double *>(p));
}

ADGEN_DIFFERENTIABLE double jumps(double x) {
  // CHECK: unsupported.cpp:[[@LINE+1]]:3: error: 'goto' and labels cannot be differentiated
  goto done;
done:
  return x;
}

ADGEN_DIFFERENTIABLE double catches(double x) {
  // CHECK: unsupported.cpp:[[@LINE+1]]:3: error: exceptions ('try', 'catch', 'throw') cannot be differentiated
  try { x = x * 2; } catch (...) {}
  return x;
}

ADGEN_DIFFERENTIABLE double throws(double x) {
  // CHECK: unsupported.cpp:[[@LINE+1]]:3: error: exceptions ('try', 'catch', 'throw') cannot be differentiated
  throw 1;
  return x;
}

ADGEN_DIFFERENTIABLE double reads_global(double x) {
  // CHECK: unsupported.cpp:[[@LINE+1]]:14: error: reading the global variable 'global_scale' is not supported
  return x * global_scale + kHalf;
}

ADGEN_DIFFERENTIABLE double writes_global(double x) {
  // CHECK: unsupported.cpp:[[@LINE+1]]:3: error: writes to the global variable 'global_scale' cannot be differentiated
  global_scale = x;
  return x;
}

// (Output pointers, arrays, containers and references may be read:
// test/Gradient/output-reads.cpp, test/Gradient/references.cpp.)

inline void square_first(std::vector<double> &y) { y[0] *= y[0]; }
ADGEN_DIFFERENTIABLE void reads_output_in_helper(std::vector<double> &y) {
  // CHECK: unsupported.cpp:[[@LINE-2]]:52: error: reading the output parameter 'y' through a helper's reference is not supported yet; pass y.data() or a pointer
  square_first(y);
}

// A number passed by reference is a copy written back when the helper
// returns: it may not be reachable through another argument too.
inline void add_to(double &acc, const double *y) { acc += y[0]; }
inline void swap_refs(double &a, double &b) { double t = a; a = b; b = t; }
ADGEN_DIFFERENTIABLE double ref_aliases(const double *x) {
  double t[3] = {x[0], x[1], x[2]};
  // CHECK: unsupported.cpp:[[@LINE+1]]:16: error: this argument reaches what an earlier argument of 'add_to' reaches, and one of them is passed by reference: adgen cannot tell which the callee sees; pass a copy in a local variable
  add_to(t[0], t);
  return t[0];
}
ADGEN_DIFFERENTIABLE double ref_may_alias(const double *x, int i, int j) {
  double t[3] = {x[0], x[1], x[2]};
  // CHECK: unsupported.cpp:[[@LINE+1]]:19: error: this argument reaches what an earlier argument of 'swap_refs' reaches
  swap_refs(t[i], t[j]);
  return t[0];
}

// A const reference sees what the by-reference argument changes, and so does
// a struct passed with one of its members.
inline void plus3(const double &a, double &r) { r = 3; r += a; }
ADGEN_DIFFERENTIABLE double const_alias(double x) {
  double s = x;
  // CHECK: unsupported.cpp:[[@LINE+1]]:12: error: this argument reaches what an earlier argument of 'plus3' reaches
  plus3(s, s);
  return s * x;
}
struct Pair { double a, b; };
inline void from_pair(const Pair &p, double &r) { r = 3; r += p.a; }
ADGEN_DIFFERENTIABLE double member_alias(double x) {
  Pair p{x, 1};
  // CHECK: unsupported.cpp:[[@LINE+1]]:16: error: this argument reaches what an earlier argument of 'from_pair' reaches
  from_pair(p, p.a);
  return p.a * x;
}

// A function returning a reference, and std::swap.
inline double &at(double *t, int i) { return t[i]; }
ADGEN_DIFFERENTIABLE double through_call(const double *x) {
  double t[2] = {x[0], x[1]};
  // CHECK: unsupported.cpp:[[@LINE+1]]:3: error: writing through the reference that 'at' returns is not supported; index the array or name the variable directly
  at(t, 1) += x[0];
  return t[1];
}
ADGEN_DIFFERENTIABLE double std_swap(const double *x) {
  double t[2] = {x[0], x[1]};
  // CHECK: unsupported.cpp:[[@LINE+1]]:3: error: a call whose result is not used ('swap') is not supported here: {{.*}} (for std::swap, write a helper: 'void swap2(double &a, double &b) { double t = a; a = b; b = t; }')
  std::swap(t[0], t[1]);
  return t[0] * x[0];
}

// A variable without a value that the helper assigns on some paths only.
inline void set_if(double v, double &out) {
  if (v > 0)
    out = v;
}
ADGEN_DIFFERENTIABLE double partial_ref(double x) {
  double m;
  // CHECK: unsupported.cpp:[[@LINE+1]]:13: error: 'set_if' assigns 'out' on some paths only, and its value before the call is unknown; give it a value before the call
  set_if(x, m);
  return m;
}

ADGEN_DIFFERENTIABLE double keeps_state(double x) {
  // CHECK: unsupported.cpp:[[@LINE+1]]:17: error: static local variable 'calls' keeps state between calls
  static double calls = 0;
  return x + calls;
}

double first(std::vector<double> v) { return v[0]; }
ADGEN_DIFFERENTIABLE double local_array(double x, int n) {
  std::vector<double> a(n);
  // CHECK: unsupported.cpp:[[@LINE+1]]:3: error: 'insert' on the array 'a' is not supported; supported: [i], size(), empty(), front(), back() and data(), and on a local std::vector push_back, emplace_back, resize, assign(n, value), clear and reserve
  a.insert(a.begin(), x);
  return a[0];
}

ADGEN_DIFFERENTIABLE double array_by_value(double x, int n) {
  std::vector<double> a(n, 1.0);
  // CHECK: unsupported.cpp:[[@LINE+1]]:16: error: pass a local array by reference here ('const std::vector<double>&' or 'std::vector<double>&')
  return first(a) * x;
}

ADGEN_DIFFERENTIABLE double assigns_inside(double x) {
  double y = 0;
  // CHECK: unsupported.cpp:[[@LINE+1]]:15: error: assignment inside an expression is not supported
  return x * (y = x);
}

ADGEN_DIFFERENTIABLE double one_sided(double x) {
  double y;
  if (x > 0)
    y = x;
  // CHECK: unsupported.cpp:[[@LINE+1]]:10: error: variable 'y' is read before it is assigned
  return y;
}

ADGEN_DIFFERENTIABLE double no_return_on_a_path(double x) {
  if (x > 0)
    return x;
  x = 2 * x;
  // CHECK: unsupported.cpp:[[@LINE+1]]:1: error: a differentiable function must return a value on every path
}

ADGEN_DIFFERENTIABLE double uninitialised(double x) {
  double y;
  // CHECK: unsupported.cpp:[[@LINE+1]]:14: error: variable 'y' is read before it is assigned
  return x * y;
}

ADGEN_DIFFERENTIABLE double matrix_param(const double m[3][3]) {
  // CHECK: unsupported.cpp:[[@LINE-1]]:42: error: parameter 'm' has type 'const double (*)[3]', which adgen cannot differentiate yet; {{.*}}; for a matrix, pass a flat pointer and index it as m[i * columns + j] (local arrays of arrays are supported)
  return m[0][1];
}

ADGEN_DIFFERENTIABLE double indirect(double x, double (*fn)(double)) {
  // CHECK: unsupported.cpp:[[@LINE-1]]:48: error: parameter 'fn' has type 'double (*)(double)', which adgen cannot differentiate yet
  return fn(x);
}

ADGEN_DIFFERENTIABLE double assembly(double x) {
  // CHECK: unsupported.cpp:[[@LINE+1]]:3: error: inline assembly cannot be differentiated
  asm("nop");
  return x;
}

ADGEN_DIFFERENTIABLE double lambdas(double x) {
  // CHECK: unsupported.cpp:[[@LINE+1]]:13: error: lambdas are not supported in differentiable functions
  auto sq = [](double v) { return v * v; };
  return x;
}

ADGEN_DIFFERENTIABLE double not_math(double x) {
  // CHECK: unsupported.cpp:[[@LINE+1]]:10: error: 'erf' is not a differentiable function adgen knows
  return std::erf(x);
}

ADGEN_DIFFERENTIABLE double float_mod(double x) {
  // CHECK: unsupported.cpp:[[@LINE+1]]:10: error: 'fmod' is not a differentiable function adgen knows
  return std::fmod(x, 2.0);
}

// CHECK: unsupported.cpp:[[@LINE+1]]:22: error: cannot differentiate a function returning 'int'
ADGEN_DIFFERENTIABLE int integer(double x) { return static_cast<int>(x); }


// CHECK: unsupported.cpp:[[@LINE+1]]:38: error: parameter 'x' has type 'long double'
ADGEN_DIFFERENTIABLE double extended(long double x) { return 2.0; }

struct Polyline { const double *xs; int n; };
// CHECK: unsupported.cpp:[[@LINE+1]]:35: error: member 'Polyline::xs' has type 'const double *', which adgen cannot differentiate through; the members of a struct must be float, double, integral types or such structs (pass arrays and vectors as parameters of their own)
ADGEN_DIFFERENTIABLE double first(Polyline p) { return p.xs[0]; }

struct Shape { virtual double area() const { return 1; } virtual ~Shape() = default; };
// CHECK: unsupported.cpp:[[@LINE+1]]:36: error: class 'Shape' has virtual functions, which adgen cannot differentiate; use a struct without virtual functions
ADGEN_DIFFERENTIABLE double scaled(const Shape &s, double k) { return k * s.area(); }

struct Base { double m = 1; };
struct Derived : Base { double k; };
// CHECK: unsupported.cpp:[[@LINE+1]]:38: error: class 'Derived' has base classes, which adgen does not support yet; make the base a member instead
ADGEN_DIFFERENTIABLE double weighted(const Derived &d, double x) { return d.k * x; }

union Bits { double d; float f[2]; };
// CHECK: unsupported.cpp:[[@LINE+1]]:40: error: unions cannot be differentiated; use a struct
ADGEN_DIFFERENTIABLE double from_union(Bits b, double x) { return b.d * x; }

struct Vec2 { double x, y; };
// CHECK: unsupported.cpp:[[@LINE+1]]:22: error: cannot differentiate a function returning 'Vec2'; a differentiable function returns float, double or adgen::Tensor (or void, with results in output parameters)
ADGEN_DIFFERENTIABLE Vec2 doubled(const Vec2 &v) { return {2 * v.x, 2 * v.y}; }

template <class T>
// CHECK: unsupported.cpp:[[@LINE+1]]:24: error: function templates cannot be marked differentiable yet
ADGEN_DIFFERENTIABLE T twice(T x) { return 2 * x; }
double use_twice(double x) { return twice(x); }

struct Model {
  // CHECK: unsupported.cpp:[[@LINE+1]]:31: error: member functions cannot be marked differentiable yet
  ADGEN_DIFFERENTIABLE double energy(double x) const { return x * k; }
  double k = 1;
};

// A supported function next to the refused ones is not enough to write output.
ADGEN_DIFFERENTIABLE double fine(double x) { return x * kHalf; }

// CHECK-NOT: error:
