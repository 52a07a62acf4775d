// The tensor runtime against PyTorch 1.13: every forward operation of the
// contract (docs/tensor-api.md) and the backward helpers that generated code
// calls, on the inputs recorded in data/tensor_grad_reference.txt by
// gen_tensor_grad_reference.py.
//
// For each case the forward result is compared with PyTorch's, then the
// gradient of every input is computed from the seed v (the case's gradient
// of the output) the way generated code does it, and compared with
// torch.autograd.grad(out, inputs, v). For elementwise ops the gradient of
// an operand is the op's rule on the broadcast shape brought back with
// reduce_like (for a * b: reduce_like(g * b, a)); for the rest it is the
// contract's helper (tanh_backward(g, y), sum_backward(g, x, dim, keepdim),
// ...).
//
// One TEST per family of operations. A case that does not check its result
// and every gradient recorded for it fails, so does an operation of the file
// that no TEST knows and a family without cases.
#include "adgen/tensor.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <exception>
#include <fstream>
#include <map>
#include <set>
#include <sstream>
#include <string>
#include <type_traits>
#include <utility>
#include <vector>

// CMake passes the absolute path; this one works from the repository root.
#ifndef ADGEN_TEST_DATA_DIR
#define ADGEN_TEST_DATA_DIR "test/unit/data"
#endif

namespace {

using adgen::Shape;

const char* const kDataFile = ADGEN_TEST_DATA_DIR "/tensor_grad_reference.txt";

// ---- The data file ----------------------------------------------------------

struct RefTensor {
  Shape shape;
  std::vector<double> values;  // row-major
};

struct RefCase {
  std::string name;
  std::string op;
  std::string dtype;
  std::map<std::string, std::vector<int64_t>> ints;
  std::map<std::string, double> reals;
  std::vector<std::pair<std::string, RefTensor>> inputs;  // argument order
  std::map<std::string, RefTensor> consts;
  bool noncontig = false;
  bool has_out = false;
  RefTensor out;
  bool has_outint = false;
  std::vector<int64_t> outint;
  bool has_seed = false;
  RefTensor seed;
  std::vector<std::pair<std::string, RefTensor>> grads;
};

// "shape 3 4 values 1.5 2.5 ..." (the rest of an in/const/out/seed/grad line).
bool ParseTensor(std::istringstream& fields, RefTensor& t) {
  std::string word;
  if (!(fields >> word) || word != "shape") return false;
  while (fields >> word && word != "values") {
    t.shape.push_back(std::strtoll(word.c_str(), nullptr, 10));
  }
  if (word != "values") return false;
  while (fields >> word) t.values.push_back(std::strtod(word.c_str(), nullptr));
  int64_t n = 1;
  for (int64_t d : t.shape) n *= d;
  return static_cast<int64_t>(t.values.size()) == n;
}

std::vector<RefCase> LoadCases(std::vector<std::string>& errors) {
  std::ifstream in(kDataFile);
  std::vector<RefCase> cases;
  std::string line;
  const std::string marker = "### case ";
  int line_no = 0;
  while (std::getline(in, line)) {
    ++line_no;
    if (line.compare(0, marker.size(), marker) == 0) {
      cases.emplace_back();
      cases.back().name = line.substr(marker.size());
      continue;
    }
    if (line.empty()) continue;
    if (cases.empty()) {
      errors.push_back("line " + std::to_string(line_no) + ": before a case");
      continue;
    }
    RefCase& c = cases.back();
    std::istringstream fields(line);
    std::string key;
    fields >> key;
    bool ok = true;
    if (key == "op") {
      ok = static_cast<bool>(fields >> c.op);
    } else if (key == "dtype") {
      ok = static_cast<bool>(fields >> c.dtype);
    } else if (key == "int") {
      std::string name;
      ok = static_cast<bool>(fields >> name);
      std::vector<int64_t>& v = c.ints[name];
      for (int64_t x; fields >> x;) v.push_back(x);
    } else if (key == "real") {
      std::string name, value;
      ok = static_cast<bool>(fields >> name >> value);
      c.reals[name] = std::strtod(value.c_str(), nullptr);
    } else if (key == "noncontig") {
      int on = 0;
      ok = static_cast<bool>(fields >> on);
      c.noncontig = on != 0;
    } else if (key == "in" || key == "const" || key == "grad") {
      std::string name;
      RefTensor t;
      ok = (fields >> name) && ParseTensor(fields, t);
      if (key == "in") c.inputs.emplace_back(name, t);
      if (key == "const") c.consts[name] = t;
      if (key == "grad") c.grads.emplace_back(name, t);
    } else if (key == "out") {
      ok = ParseTensor(fields, c.out);
      c.has_out = true;
    } else if (key == "outint") {
      for (int64_t x; fields >> x;) c.outint.push_back(x);
      c.has_outint = true;
    } else if (key == "seed") {
      ok = ParseTensor(fields, c.seed);
      c.has_seed = true;
    } else {
      ok = false;
    }
    if (!ok) {
      errors.push_back("line " + std::to_string(line_no) + " (" + c.name +
                       "): cannot parse '" + line.substr(0, 60) + "'");
    }
  }
  return cases;
}

struct Data {
  std::vector<RefCase> cases;
  std::vector<std::string> errors;
};

const Data& TheData() {
  static const Data data = [] {
    Data d;
    d.cases = LoadCases(d.errors);
    return d;
  }();
  return data;
}

// ---- Comparing --------------------------------------------------------------

std::string ShapeStr(const Shape& s) {
  std::string out = "[";
  for (size_t i = 0; i < s.size(); ++i) {
    out += (i ? ", " : "") + std::to_string(s[i]);
  }
  return out + "]";
}

// Element `flat` (row-major) of t, read through at() so that the strides of
// a view are honoured.
template <class T>
double ValueAt(const adgen::BasicTensor<T>& t, int64_t flat) {
  const Shape& s = t.shape();
  int64_t i[6] = {0, 0, 0, 0, 0, 0};
  for (size_t d = s.size(); d-- > 0;) {
    i[d] = flat % s[d];
    flat /= s[d];
  }
  switch (s.size()) {
    case 0: return t.at();
    case 1: return t.at(i[0]);
    case 2: return t.at(i[0], i[1]);
    case 3: return t.at(i[0], i[1], i[2]);
    case 4: return t.at(i[0], i[1], i[2], i[3]);
    case 5: return t.at(i[0], i[1], i[2], i[3], i[4]);
    case 6: return t.at(i[0], i[1], i[2], i[3], i[4], i[5]);
  }
  ADD_FAILURE() << "ValueAt: " << s.size() << " dimensions";
  return 0.0;
}

std::map<std::string, double>& WorstError() {
  static std::map<std::string, double> worst;
  return worst;
}

// The operations whose float32 results PyTorch and adgen may accumulate in
// different orders (or precisions).
bool IsAccumulating(const std::string& op) {
  static const std::set<std::string> ops = {
      "sum", "sum_dim", "sum_dims", "mean", "mean_dim", "mean_dims",
      "prod", "prod_dim", "logsumexp", "matmul", "mm", "softmax",
      "log_softmax", "mse_loss", "cross_entropy", "nll_loss", "linear",
      "linear_bias", "pow", "pow_scalar"};
  return ops.count(op) > 0;
}

// The checks of one case: builds its inputs, compares what the test hands
// it, and remembers what was compared.
template <class T>
class Check {
 public:
  using Tn = adgen::BasicTensor<T>;

  explicit Check(const RefCase& c) : c_(c) {
    const bool f32 = std::is_same<T, float>::value;
    rtol_ = f32 ? (IsAccumulating(c.op) ? 3e-5 : 1e-5) : 1e-12;
  }

  const std::string& op() const { return c_.op; }

  // Input `name` as a tensor; with noncontig, one of 2 or more dimensions is
  // a transposed view of a contiguous tensor holding its transpose.
  Tn in(const std::string& name) const { return Build(Ref(name, false)); }
  Tn cst(const std::string& name) const { return Build(Ref(name, true)); }
  // A 0-dim input that stands for a scalar operand.
  T scalar(const std::string& name) const {
    const RefTensor& r = Ref(name, false);
    EXPECT_TRUE(r.shape.empty()) << name << " is not 0-dim";
    return r.values.empty() ? T(0) : static_cast<T>(r.values[0]);
  }
  // x0, x1, ... for cat and stack.
  std::vector<Tn> list() const {
    std::vector<Tn> xs;
    for (size_t i = 0;; ++i) {
      const std::string name = "x" + std::to_string(i);
      bool found = false;
      for (const auto& p : c_.inputs) found = found || p.first == name;
      if (!found) break;
      xs.push_back(in(name));
    }
    EXPECT_FALSE(xs.empty()) << "no inputs x0, x1, ...";
    return xs;
  }
  Tn seed() const {
    EXPECT_TRUE(c_.has_seed) << "no seed";
    return Build(c_.seed);
  }
  const std::vector<int64_t>& ints(const std::string& key) const {
    static const std::vector<int64_t> none;
    auto it = c_.ints.find(key);
    if (it == c_.ints.end()) {
      ADD_FAILURE() << "no int parameter " << key;
      return none;
    }
    return it->second;
  }
  int64_t i(const std::string& key) const {
    const std::vector<int64_t>& v = ints(key);
    EXPECT_EQ(v.size(), 1u) << key;
    return v.empty() ? 0 : v[0];
  }
  bool keepdim() const { return i("keepdim") != 0; }
  T real(const std::string& key) const {
    return static_cast<T>(real_double(key));
  }
  double real_double(const std::string& key) const {
    auto it = c_.reals.find(key);
    if (it == c_.reals.end()) {
      ADD_FAILURE() << "no real parameter " << key;
      return 0.0;
    }
    return it->second;
  }

  void out(const Tn& got) {
    EXPECT_TRUE(c_.has_out) << "the case has no out";
    Compare("forward result", c_.out, got);
    checked_.insert("out");
  }
  void outint(const std::vector<int64_t>& got) {
    EXPECT_TRUE(c_.has_outint) << "the case has no outint";
    ++assertions_;
    EXPECT_EQ(got, c_.outint) << "forward result (indices)";
    checked_.insert("out");
  }
  void grad(const std::string& name, const Tn& got) {
    Compare("gradient of " + name, Grad(name), got);
    checked_.insert("grad " + name);
  }
  void grad_scalar(const std::string& name, T got) {
    grad(name, Tn(Shape{}, std::vector<T>{got}));
  }
  // f(x) must be a view of x, as in PyTorch: on a fresh copy of x, a write
  // to the copy shows through f's result.
  template <class F>
  void view(const Tn& x, F f) {
    ++assertions_;
    Tn base = x.clone();
    const Tn v = f(base);
    std::vector<T> before(static_cast<size_t>(v.numel()));
    for (size_t i = 0; i < before.size(); ++i) {
      before[i] = static_cast<T>(ValueAt(v, static_cast<int64_t>(i)));
    }
    T* p = base.data();
    for (int64_t i = 0; i < base.numel(); ++i) p[i] = p[i] + T(1);
    int stale = 0;
    for (size_t i = 0; i < before.size(); ++i) {
      if (static_cast<T>(ValueAt(v, static_cast<int64_t>(i))) !=
          static_cast<T>(before[i] + T(1))) {
        ++stale;
      }
    }
    EXPECT_EQ(stale, 0) << c_.op << " is not a view of its input: " << stale
                        << " of " << before.size()
                        << " elements do not see a write to the input";
  }
  void unknown() { ADD_FAILURE() << "no check for op " << c_.op; }

  // Everything the case records must have been compared.
  void Finish() const {
    if ((c_.has_out || c_.has_outint) && !checked_.count("out")) {
      ADD_FAILURE() << "the forward result was not checked";
    }
    for (const auto& g : c_.grads) {
      if (!checked_.count("grad " + g.first)) {
        ADD_FAILURE() << "the gradient of " << g.first << " was not checked";
      }
    }
    EXPECT_GT(assertions_, 0) << "the case checked nothing";
  }
  int assertions() const { return assertions_; }

 private:
  const RefTensor& Ref(const std::string& name, bool is_const) const {
    if (is_const) {
      auto it = c_.consts.find(name);
      if (it != c_.consts.end()) return it->second;
    } else {
      for (const auto& p : c_.inputs) {
        if (p.first == name) return p.second;
      }
    }
    ADD_FAILURE() << "no input " << name;
    static const RefTensor empty{Shape{}, {0.0}};
    return empty;
  }

  const RefTensor& Grad(const std::string& name) const {
    for (const auto& p : c_.grads) {
      if (p.first == name) return p.second;
    }
    ADD_FAILURE() << "no recorded gradient for " << name;
    static const RefTensor empty;
    return empty;
  }

  static Tn Make(const RefTensor& r) {
    std::vector<T> v(r.values.begin(), r.values.end());
    return Tn(r.shape, std::move(v));
  }

  Tn Build(const RefTensor& r) const {
    if (!c_.noncontig || r.shape.size() < 2) return Make(r);
    // Store the transpose of the last two dimensions contiguously, then
    // transpose back: same values, strided.
    const size_t n = r.shape.size();
    const int64_t rows = r.shape[n - 2], cols = r.shape[n - 1];
    Shape ts = r.shape;
    std::swap(ts[n - 2], ts[n - 1]);
    std::vector<T> v(r.values.size());
    const int64_t batch = static_cast<int64_t>(r.values.size()) /
                          std::max<int64_t>(1, rows * cols);
    for (int64_t b = 0; b < batch; ++b) {
      for (int64_t i = 0; i < rows; ++i) {
        for (int64_t j = 0; j < cols; ++j) {
          v[b * rows * cols + j * rows + i] =
              static_cast<T>(r.values[b * rows * cols + i * cols + j]);
        }
      }
    }
    Tn view = adgen::transpose(Tn(ts, std::move(v)), -1, -2);
    EXPECT_EQ(view.shape(), r.shape) << "transpose of the noncontig input";
    if (rows > 1 && cols > 1) {
      EXPECT_FALSE(view.is_contiguous()) << "the noncontig input is dense";
    }
    return view;
  }

  void Compare(const std::string& what, const RefTensor& want, const Tn& got) {
    ++assertions_;
    if (!got.defined()) {
      ADD_FAILURE() << what << ": undefined tensor";
      return;
    }
    if (got.shape() != want.shape) {
      ADD_FAILURE() << what << ": shape " << ShapeStr(got.shape())
                    << ", PyTorch " << ShapeStr(want.shape);
      return;
    }
    // Absolute: rtol times the largest expected magnitude (errors of float
    // arithmetic scale with the operands, not with the one result).
    double scale = 0.0;
    for (double w : want.values) scale = std::max(scale, std::fabs(w));
    const double atol = rtol_ * scale;
    int bad = 0;
    std::ostringstream report;
    report.precision(17);
    for (size_t k = 0; k < want.values.size(); ++k) {
      const double w = want.values[k];
      const double v = ValueAt(got, static_cast<int64_t>(k));
      if (std::getenv("ADGEN_REF_STATS")) {
        double& worst = WorstError()[c_.op + " " + c_.dtype];
        worst = std::max(worst, std::fabs(v - w) / (std::fabs(w) + scale + 1e-300));
      }
      if (!(std::fabs(v - w) <= atol + rtol_ * std::fabs(w))) {
        if (++bad <= 6) {
          report << "\n  [" << k << "] got " << v << ", PyTorch " << w;
        }
      }
    }
    if (bad > 0) {
      ADD_FAILURE() << what << ": " << bad << " of " << want.values.size()
                    << " elements differ (rtol " << rtol_ << ", atol " << atol
                    << ")" << report.str();
    }
  }

  const RefCase& c_;
  double rtol_;
  std::set<std::string> checked_;
  int assertions_ = 0;
};

// ---- The families -------------------------------------------------------------

template <class T>
using Tn = adgen::BasicTensor<T>;

template <class T>
void RunBinary(Check<T>& k) {
  const Tn<T> a = k.in("a"), b = k.in("b"), g = k.seed();
  const std::string& op = k.op();
  if (op == "add") {
    k.out(a + b);
    k.grad("a", adgen::reduce_like(g, a));
    k.grad("b", adgen::reduce_like(g, b));
  } else if (op == "sub") {
    k.out(a - b);
    k.grad("a", adgen::reduce_like(g, a));
    k.grad("b", adgen::reduce_like(-g, b));
  } else if (op == "mul") {
    k.out(a * b);
    k.grad("a", adgen::reduce_like(g * b, a));
    k.grad("b", adgen::reduce_like(g * a, b));
  } else if (op == "div") {
    k.out(a / b);
    k.grad("a", adgen::reduce_like(g / b, a));
    k.grad("b", adgen::reduce_like(-g * a / (b * b), b));
  } else {
    k.unknown();
  }
}

// op_ts: tensor a op scalar s; op_st: scalar s op tensor b. The scalar's
// gradient is what generated code accumulates for a T operand.
template <class T>
void RunScalar(Check<T>& k) {
  const std::string& op = k.op();
  const T s = k.scalar("s");
  const Tn<T> g = k.seed();
  if (op.size() > 3 && op.compare(op.size() - 3, 3, "_ts") == 0) {
    const Tn<T> a = k.in("a");
    if (op == "add_ts") {
      k.out(a + s);
      k.grad("a", g);
      k.grad_scalar("s", adgen::sum_to_scalar(g));
    } else if (op == "sub_ts") {
      k.out(a - s);
      k.grad("a", g);
      k.grad_scalar("s", -adgen::sum_to_scalar(g));
    } else if (op == "mul_ts") {
      k.out(a * s);
      k.grad("a", g * s);
      k.grad_scalar("s", adgen::sum_to_scalar(g * a));
    } else if (op == "div_ts") {
      k.out(a / s);
      k.grad("a", g / s);
      k.grad_scalar("s", adgen::sum_to_scalar(-g * a / (s * s)));
    } else {
      k.unknown();
    }
    return;
  }
  const Tn<T> b = k.in("b");
  if (op == "add_st") {
    k.out(s + b);
    k.grad_scalar("s", adgen::sum_to_scalar(g));
    k.grad("b", g);
  } else if (op == "sub_st") {
    k.out(s - b);
    k.grad_scalar("s", adgen::sum_to_scalar(g));
    k.grad("b", -g);
  } else if (op == "mul_st") {
    k.out(s * b);
    k.grad_scalar("s", adgen::sum_to_scalar(g * b));
    k.grad("b", s * g);
  } else if (op == "div_st") {
    k.out(s / b);
    k.grad_scalar("s", adgen::sum_to_scalar(g / b));
    k.grad("b", -g * s / (b * b));
  } else {
    k.unknown();
  }
}

template <class T>
void RunPow(Check<T>& k) {
  const Tn<T> x = k.in("x"), g = k.seed();
  if (k.op() == "pow_scalar") {
    const T e = k.real("e");
    k.out(adgen::pow(x, e));
    k.out(x.pow(e));
    k.grad("x", adgen::pow_backward(g, x, e));
  } else if (k.op() == "pow") {
    const Tn<T> y = k.in("y");
    const Tn<T> out = adgen::pow(x, y);
    k.out(out);
    k.grad("x", adgen::reduce_like(adgen::pow_backward_base(g, x, y), x));
    k.grad("y",
           adgen::reduce_like(adgen::pow_backward_exponent(g, x, y, out), y));
  } else {
    k.unknown();
  }
}

template <class T>
void RunMaximumMinimum(Check<T>& k) {
  const Tn<T> a = k.in("a"), b = k.in("b"), g = k.seed();
  if (k.op() == "maximum") {
    k.out(adgen::maximum(a, b));
    k.grad("a", adgen::reduce_like(adgen::maximum_backward_a(g, a, b), a));
    k.grad("b", adgen::reduce_like(adgen::maximum_backward_b(g, a, b), b));
  } else if (k.op() == "minimum") {
    k.out(adgen::minimum(a, b));
    k.grad("a", adgen::reduce_like(adgen::minimum_backward_a(g, a, b), a));
    k.grad("b", adgen::reduce_like(adgen::minimum_backward_b(g, a, b), b));
  } else {
    k.unknown();
  }
}

template <class T>
void RunWhere(Check<T>& k) {
  if (k.op() != "where") return k.unknown();
  const Tn<T> c = k.cst("c"), a = k.in("a"), b = k.in("b"), g = k.seed();
  k.out(adgen::where(c, a, b));
  k.grad("a", adgen::reduce_like(adgen::where_backward_a(g, c), a));
  k.grad("b", adgen::reduce_like(adgen::where_backward_b(g, c), b));
}

template <class T>
void RunUnary(Check<T>& k) {
  const Tn<T> x = k.in("x"), g = k.seed();
  const std::string& op = k.op();
  if (op == "neg") {
    k.out(adgen::neg(x));
    k.out(-x);
    k.grad("x", -g);
  } else if (op == "exp") {
    const Tn<T> y = adgen::exp(x);
    k.out(y);
    k.out(x.exp());
    k.grad("x", g * y);
  } else if (op == "log") {
    k.out(adgen::log(x));
    k.out(x.log());
    k.grad("x", g / x);
  } else if (op == "sin") {
    k.out(adgen::sin(x));
    k.out(x.sin());
    k.grad("x", g * adgen::cos(x));
  } else if (op == "cos") {
    k.out(adgen::cos(x));
    k.out(x.cos());
    k.grad("x", -(g * adgen::sin(x)));
  } else if (op == "tanh") {
    const Tn<T> y = adgen::tanh(x);
    k.out(y);
    k.out(x.tanh());
    k.grad("x", adgen::tanh_backward(g, y));
  } else if (op == "sigmoid") {
    const Tn<T> y = adgen::sigmoid(x);
    k.out(y);
    k.out(x.sigmoid());
    k.grad("x", adgen::sigmoid_backward(g, y));
  } else if (op == "relu") {
    const Tn<T> y = adgen::relu(x);
    k.out(y);
    k.out(x.relu());
    k.grad("x", adgen::relu_backward(g, y));
  } else if (op == "sqrt") {
    const Tn<T> y = adgen::sqrt(x);
    k.out(y);
    k.out(x.sqrt());
    k.grad("x", g / (y * T(2)));
  } else if (op == "abs") {
    k.out(adgen::abs(x));
    k.out(x.abs());
    k.grad("x", adgen::abs_backward(g, x));
  } else if (op == "clamp") {
    const T lo = k.real("lo"), hi = k.real("hi");
    k.out(adgen::clamp(x, lo, hi));
    k.out(x.clamp(lo, hi));
    k.grad("x", adgen::clamp_backward(g, x, lo, hi));
  } else if (op == "clamp_min") {
    const T lo = k.real("lo");
    k.out(adgen::clamp_min(x, lo));
    k.out(x.clamp_min(lo));
    k.grad("x", adgen::clamp_min_backward(g, x, lo));
  } else if (op == "clamp_max") {
    const T hi = k.real("hi");
    k.out(adgen::clamp_max(x, hi));
    k.out(x.clamp_max(hi));
    k.grad("x", adgen::clamp_max_backward(g, x, hi));
  } else {
    k.unknown();
  }
}

// Forward only; the function and the operator agree. op_ts: tensor a
// against scalar s.
template <class T>
void RunCompare(Check<T>& k) {
  const std::string& op = k.op();
  if (op.size() > 3 && op.compare(op.size() - 3, 3, "_ts") == 0) {
    const Tn<T> a = k.in("a");
    const T s = k.scalar("s");
    if (op == "lt_ts") {
      k.out(adgen::lt(a, s));
      k.out(a < s);
    } else if (op == "le_ts") {
      k.out(adgen::le(a, s));
      k.out(a <= s);
    } else if (op == "gt_ts") {
      k.out(adgen::gt(a, s));
      k.out(a > s);
    } else if (op == "ge_ts") {
      k.out(adgen::ge(a, s));
      k.out(a >= s);
    } else if (op == "eq_ts") {
      k.out(adgen::eq(a, s));
      k.out(a == s);
    } else if (op == "ne_ts") {
      k.out(adgen::ne(a, s));
      k.out(a != s);
    } else {
      k.unknown();
    }
    return;
  }
  const Tn<T> a = k.in("a"), b = k.in("b");
  if (op == "lt") {
    k.out(adgen::lt(a, b));
    k.out(a < b);
  } else if (op == "le") {
    k.out(adgen::le(a, b));
    k.out(a <= b);
  } else if (op == "gt") {
    k.out(adgen::gt(a, b));
    k.out(a > b);
  } else if (op == "ge") {
    k.out(adgen::ge(a, b));
    k.out(a >= b);
  } else if (op == "eq") {
    k.out(adgen::eq(a, b));
    k.out(a == b);
  } else if (op == "ne") {
    k.out(adgen::ne(a, b));
    k.out(a != b);
  } else {
    k.unknown();
  }
}

// Forward only, no inputs; start, end and step are doubles.
template <class T>
void RunCreation(Check<T>& k) {
  const std::string& op = k.op();
  if (op == "arange_end") {
    k.out(adgen::arange<T>(k.real_double("end")));
  } else if (op == "arange") {
    k.out(adgen::arange<T>(k.real_double("start"), k.real_double("end"),
                           k.real_double("step")));
  } else if (op == "linspace") {
    k.out(adgen::linspace<T>(k.real_double("start"), k.real_double("end"),
                             k.i("steps")));
  } else {
    k.unknown();
  }
}

template <class T>
void RunSumMean(Check<T>& k) {
  const Tn<T> x = k.in("x"), g = k.seed();
  const std::string& op = k.op();
  if (op == "sum") {
    k.out(adgen::sum(x));
    k.out(x.sum());
    k.grad("x", adgen::sum_backward(g, x));
  } else if (op == "mean") {
    k.out(adgen::mean(x));
    k.out(x.mean());
    k.grad("x", adgen::mean_backward(g, x));
  } else if (op == "sum_dim") {
    const int64_t dim = k.i("dim");
    k.out(adgen::sum(x, dim, k.keepdim()));
    k.out(x.sum(dim, k.keepdim()));
    k.grad("x", adgen::sum_backward(g, x, dim, k.keepdim()));
  } else if (op == "mean_dim") {
    const int64_t dim = k.i("dim");
    k.out(adgen::mean(x, dim, k.keepdim()));
    k.out(x.mean(dim, k.keepdim()));
    k.grad("x", adgen::mean_backward(g, x, dim, k.keepdim()));
  } else if (op == "sum_dims") {
    const Shape dims = k.ints("dims");
    k.out(adgen::sum(x, dims, k.keepdim()));
    k.out(x.sum(dims, k.keepdim()));
    k.grad("x", adgen::sum_backward(g, x, dims, k.keepdim()));
  } else if (op == "mean_dims") {
    const Shape dims = k.ints("dims");
    k.out(adgen::mean(x, dims, k.keepdim()));
    k.out(x.mean(dims, k.keepdim()));
    k.grad("x", adgen::mean_backward(g, x, dims, k.keepdim()));
  } else {
    k.unknown();
  }
}

template <class T>
void RunProd(Check<T>& k) {
  const Tn<T> x = k.in("x"), g = k.seed();
  if (k.op() == "prod") {
    const Tn<T> y = adgen::prod(x);
    k.out(y);
    k.out(x.prod());
    k.grad("x", adgen::prod_backward(g, x, y));
  } else if (k.op() == "prod_dim") {
    const int64_t dim = k.i("dim");
    const Tn<T> y = adgen::prod(x, dim, k.keepdim());
    k.out(y);
    k.out(x.prod(dim, k.keepdim()));
    k.grad("x", adgen::prod_backward(g, x, y, dim, k.keepdim()));
  } else {
    k.unknown();
  }
}

template <class T>
void RunMaxMin(Check<T>& k) {
  const Tn<T> x = k.in("x"), g = k.seed();
  const std::string& op = k.op();
  if (op == "max") {
    const Tn<T> y = adgen::max(x);
    k.out(y);
    k.out(x.max());
    k.grad("x", adgen::max_backward(g, x, y));
  } else if (op == "min") {
    const Tn<T> y = adgen::min(x);
    k.out(y);
    k.out(x.min());
    k.grad("x", adgen::min_backward(g, x, y));
  } else if (op == "max_dim") {
    const int64_t dim = k.i("dim");
    k.out(adgen::max(x, dim, k.keepdim()));
    k.out(x.max(dim, k.keepdim()));
    k.grad("x", adgen::max_backward(g, x, dim, k.keepdim()));
  } else if (op == "min_dim") {
    const int64_t dim = k.i("dim");
    k.out(adgen::min(x, dim, k.keepdim()));
    k.out(x.min(dim, k.keepdim()));
    k.grad("x", adgen::min_backward(g, x, dim, k.keepdim()));
  } else {
    k.unknown();
  }
}

template <class T>
void RunArgMaxMin(Check<T>& k) {
  const Tn<T> x = k.in("x");
  if (k.op() == "argmax") {
    k.outint(adgen::argmax(x, k.i("dim"), k.keepdim()));
  } else if (k.op() == "argmin") {
    k.outint(adgen::argmin(x, k.i("dim"), k.keepdim()));
  } else {
    k.unknown();
  }
}

template <class T>
void RunLogSumExp(Check<T>& k) {
  if (k.op() != "logsumexp") return k.unknown();
  const Tn<T> x = k.in("x"), g = k.seed();
  const int64_t dim = k.i("dim");
  const Tn<T> y = adgen::logsumexp(x, dim, k.keepdim());
  k.out(y);
  k.out(x.logsumexp(dim, k.keepdim()));
  k.grad("x", adgen::logsumexp_backward(g, x, y, dim, k.keepdim()));
}

template <class T>
void RunMatmul(Check<T>& k) {
  const Tn<T> a = k.in("a"), b = k.in("b"), g = k.seed();
  if (k.op() == "matmul") {
    k.out(adgen::matmul(a, b));
    k.out(a.matmul(b));
  } else if (k.op() == "mm") {
    k.out(adgen::mm(a, b));
  } else {
    return k.unknown();
  }
  k.grad("a", adgen::matmul_backward_a(g, a, b));
  k.grad("b", adgen::matmul_backward_b(g, a, b));
}

template <class T>
void RunShape(Check<T>& k) {
  const Tn<T> x = k.in("x"), g = k.seed();
  const std::string& op = k.op();
  if (op == "transpose") {
    const int64_t d0 = k.i("d0"), d1 = k.i("d1");
    k.out(adgen::transpose(x, d0, d1));
    k.view(x, [&](const Tn<T>& v) { return adgen::transpose(v, d0, d1); });
    k.out(x.transpose(d0, d1));
    k.grad("x", adgen::transpose(g, d0, d1));
  } else if (op == "t") {
    k.out(adgen::t(x));
    k.view(x, [&](const Tn<T>& v) { return adgen::t(v); });
    k.out(x.t());
    k.grad("x", adgen::t(g));
  } else if (op == "permute") {
    const Shape dims = k.ints("dims");
    k.out(adgen::permute(x, dims));
    k.view(x, [&](const Tn<T>& v) { return adgen::permute(v, dims); });
    k.out(x.permute(dims));
    k.grad("x", adgen::permute_backward(g, dims));
  } else if (op == "reshape") {
    const Shape shape = k.ints("shape");
    k.out(adgen::reshape(x, shape));
    k.view(x, [&](const Tn<T>& v) { return adgen::reshape(v, shape); });
    k.out(x.reshape(shape));
    k.grad("x", adgen::reshape_as(g, x));
  } else if (op == "view") {
    const Shape shape = k.ints("shape");
    k.out(adgen::view(x, shape));
    k.view(x, [&](const Tn<T>& v) { return adgen::view(v, shape); });
    k.out(x.view(shape));
    k.grad("x", adgen::reshape_as(g, x));
  } else if (op == "flatten") {
    const int64_t start = k.i("start"), end = k.i("end");
    k.out(adgen::flatten(x, start, end));
    k.view(x, [&](const Tn<T>& v) { return adgen::flatten(v, start, end); });
    k.out(x.flatten(start, end));
    k.grad("x", adgen::reshape_as(g, x));
  } else if (op == "squeeze") {
    k.out(adgen::squeeze(x));
    k.view(x, [&](const Tn<T>& v) { return adgen::squeeze(v); });
    k.out(x.squeeze());
    k.grad("x", adgen::reshape_as(g, x));
  } else if (op == "squeeze_dim") {
    const int64_t dim = k.i("dim");
    k.out(adgen::squeeze(x, dim));
    k.view(x, [&](const Tn<T>& v) { return adgen::squeeze(v, dim); });
    k.out(x.squeeze(dim));
    k.grad("x", adgen::reshape_as(g, x));
  } else if (op == "unsqueeze") {
    const int64_t dim = k.i("dim");
    k.out(adgen::unsqueeze(x, dim));
    k.view(x, [&](const Tn<T>& v) { return adgen::unsqueeze(v, dim); });
    k.out(x.unsqueeze(dim));
    k.grad("x", adgen::reshape_as(g, x));
  } else if (op == "expand") {
    const Shape shape = k.ints("shape");
    k.out(adgen::expand(x, shape));
    k.view(x, [&](const Tn<T>& v) { return adgen::expand(v, shape); });
    k.out(x.expand(shape));
    k.grad("x", adgen::reduce_like(g, x));
  } else if (op == "select") {
    const int64_t dim = k.i("dim"), index = k.i("index");
    k.out(adgen::select(x, dim, index));
    k.view(x, [&](const Tn<T>& v) { return adgen::select(v, dim, index); });
    k.out(x.select(dim, index));
    k.grad("x", adgen::select_backward(g, x, dim, index));
  } else if (op == "narrow") {
    const int64_t dim = k.i("dim"), start = k.i("start"), len = k.i("length");
    k.out(adgen::narrow(x, dim, start, len));
    k.view(x,
           [&](const Tn<T>& v) { return adgen::narrow(v, dim, start, len); });
    k.out(x.narrow(dim, start, len));
    k.grad("x", adgen::narrow_backward(g, x, dim, start, len));
  } else if (op == "slice") {
    const int64_t dim = k.i("dim"), start = k.i("start"), end = k.i("end"),
                  step = k.i("step");
    k.out(adgen::slice(x, dim, start, end, step));
    k.view(x, [&](const Tn<T>& v) {
      return adgen::slice(v, dim, start, end, step);
    });
    k.out(x.slice(dim, start, end, step));
    k.grad("x", adgen::slice_backward(g, x, dim, start, end, step));
  } else if (op == "contiguous") {
    const Tn<T> y = adgen::contiguous(x);
    k.out(y);
    k.out(x.contiguous());
    EXPECT_TRUE(y.is_contiguous());
    k.grad("x", g);
  } else {
    k.unknown();
  }
}

template <class T>
void RunCatStack(Check<T>& k) {
  const std::vector<Tn<T>> xs = k.list();
  const Tn<T> g = k.seed();
  const int64_t dim = k.i("dim");
  if (k.op() == "cat") {
    k.out(adgen::cat(xs, dim));
    for (size_t i = 0; i < xs.size(); ++i) {
      k.grad("x" + std::to_string(i),
             adgen::cat_backward(g, xs, dim, static_cast<int64_t>(i)));
    }
  } else if (k.op() == "stack") {
    k.out(adgen::stack(xs, dim));
    for (size_t i = 0; i < xs.size(); ++i) {
      k.grad("x" + std::to_string(i),
             adgen::stack_backward(g, dim, static_cast<int64_t>(i)));
    }
  } else {
    k.unknown();
  }
}

template <class T>
void RunSoftmax(Check<T>& k) {
  const Tn<T> x = k.in("x"), g = k.seed();
  const int64_t dim = k.i("dim");
  if (k.op() == "softmax") {
    const Tn<T> y = adgen::softmax(x, dim);
    k.out(y);
    k.out(x.softmax(dim));
    k.grad("x", adgen::softmax_backward(g, y, dim));
  } else if (k.op() == "log_softmax") {
    const Tn<T> y = adgen::log_softmax(x, dim);
    k.out(y);
    k.out(x.log_softmax(dim));
    k.grad("x", adgen::log_softmax_backward(g, y, dim));
  } else {
    k.unknown();
  }
}

template <class T>
void RunLosses(Check<T>& k) {
  const Tn<T> g = k.seed();
  const std::string& op = k.op();
  if (op == "mse_loss") {
    const Tn<T> a = k.in("a"), b = k.in("b");
    k.out(adgen::mse_loss(a, b));
    const Tn<T> ga = adgen::mse_loss_backward(g, a, b);
    k.grad("a", ga);
    k.grad("b", -ga);
  } else if (op == "cross_entropy") {
    const Tn<T> x = k.in("x");
    const std::vector<int64_t>& target = k.ints("target");
    k.out(adgen::cross_entropy(x, target));
    k.grad("x", adgen::cross_entropy_backward(g, x, target));
  } else if (op == "nll_loss") {
    const Tn<T> x = k.in("x");
    const std::vector<int64_t>& target = k.ints("target");
    k.out(adgen::nll_loss(x, target));
    k.grad("x", adgen::nll_loss_backward(g, x, target));
  } else {
    k.unknown();
  }
}

template <class T>
void RunLinear(Check<T>& k) {
  const Tn<T> x = k.in("x"), W = k.in("W"), g = k.seed();
  if (k.op() == "linear") {
    k.out(adgen::linear(x, W));
  } else if (k.op() == "linear_bias") {
    const Tn<T> b = k.in("b");
    k.out(adgen::linear(x, W, b));
    k.grad("b", adgen::linear_backward_bias(g, b));
  } else {
    return k.unknown();
  }
  k.grad("x", adgen::linear_backward_input(g, W));
  k.grad("W", adgen::linear_backward_weight(g, x));
}

// ---- Running a family ------------------------------------------------------

using RunF = void (*)(Check<float>&);
using RunD = void (*)(Check<double>&);

struct Family {
  const char* name;
  std::vector<std::string> ops;
  RunF run_float;
  RunD run_double;
};

#define ADGEN_FAMILY(name, fn, ...) \
  Family { name, {__VA_ARGS__}, &fn<float>, &fn<double> }

const std::vector<Family>& Families() {
  static const std::vector<Family> families = {
      ADGEN_FAMILY("ElementwiseBinary", RunBinary, "add", "sub", "mul", "div"),
      ADGEN_FAMILY("ElementwiseScalar", RunScalar, "add_ts", "sub_ts",
                   "mul_ts", "div_ts", "add_st", "sub_st", "mul_st", "div_st"),
      ADGEN_FAMILY("Pow", RunPow, "pow_scalar", "pow"),
      ADGEN_FAMILY("MaximumMinimum", RunMaximumMinimum, "maximum", "minimum"),
      ADGEN_FAMILY("Where", RunWhere, "where"),
      ADGEN_FAMILY("Unary", RunUnary, "neg", "exp", "log", "sin", "cos",
                   "tanh", "sigmoid", "relu", "sqrt", "abs", "clamp",
                   "clamp_min", "clamp_max"),
      ADGEN_FAMILY("Comparisons", RunCompare, "lt", "le", "gt", "ge", "eq",
                   "ne", "lt_ts", "le_ts", "gt_ts", "ge_ts", "eq_ts", "ne_ts"),
      ADGEN_FAMILY("Creation", RunCreation, "arange_end", "arange", "linspace"),
      ADGEN_FAMILY("SumMean", RunSumMean, "sum", "sum_dim", "sum_dims",
                   "mean", "mean_dim", "mean_dims"),
      ADGEN_FAMILY("Prod", RunProd, "prod", "prod_dim"),
      ADGEN_FAMILY("MaxMin", RunMaxMin, "max", "min", "max_dim", "min_dim"),
      ADGEN_FAMILY("ArgMaxMin", RunArgMaxMin, "argmax", "argmin"),
      ADGEN_FAMILY("LogSumExp", RunLogSumExp, "logsumexp"),
      ADGEN_FAMILY("Matmul", RunMatmul, "matmul", "mm"),
      ADGEN_FAMILY("Shape", RunShape, "transpose", "t", "permute", "reshape",
                   "view", "flatten", "squeeze", "squeeze_dim", "unsqueeze",
                   "expand", "select", "narrow", "slice", "contiguous"),
      ADGEN_FAMILY("CatStack", RunCatStack, "cat", "stack"),
      ADGEN_FAMILY("Softmax", RunSoftmax, "softmax", "log_softmax"),
      ADGEN_FAMILY("Losses", RunLosses, "mse_loss", "cross_entropy",
                   "nll_loss"),
      ADGEN_FAMILY("Linear", RunLinear, "linear", "linear_bias"),
  };
  return families;
}

const Family& FamilyNamed(const std::string& name) {
  for (const Family& f : Families()) {
    if (name == f.name) return f;
  }
  throw std::logic_error("no family " + name);
}

template <class T, class Run>
int RunCase(const RefCase& c, Run run) {
  Check<T> k(c);
  try {
    run(k);
  } catch (const std::exception& e) {
    ADD_FAILURE() << "threw: " << e.what();
    return k.assertions();
  }
  k.Finish();
  return k.assertions();
}

// Runs every case of the family's operations in both element types.
void RunFamily(const std::string& name) {
  const Family& family = FamilyNamed(name);
  const Data& data = TheData();
  ASSERT_GT(data.cases.size(), 0u) << "cannot read " << kDataFile;
  std::map<std::string, int> cases_per_op;
  int cases = 0, assertions = 0;
  for (const RefCase& c : data.cases) {
    if (std::find(family.ops.begin(), family.ops.end(), c.op) ==
        family.ops.end()) {
      continue;
    }
    SCOPED_TRACE("case " + c.name);
    ++cases;
    ++cases_per_op[c.op + " " + c.dtype];
    if (c.dtype == "float32") {
      assertions += RunCase<float>(c, family.run_float);
    } else if (c.dtype == "float64") {
      assertions += RunCase<double>(c, family.run_double);
    } else {
      ADD_FAILURE() << "dtype " << c.dtype;
    }
  }
  for (const std::string& op : family.ops) {
    EXPECT_GT(cases_per_op[op + " float32"], 0) << op << " has no float32 case";
    EXPECT_GT(cases_per_op[op + " float64"], 0) << op << " has no float64 case";
  }
  EXPECT_GE(assertions, cases) << "fewer checks than cases";
  ::testing::Test::RecordProperty("cases", cases);
  ::testing::Test::RecordProperty("checks", assertions);
  std::printf("[ reference] %s: %d cases, %d tensor comparisons\n",
              name.c_str(), cases, assertions);
}

// ---- The tests ----------------------------------------------------------------

TEST(TensorReference, DataFileIsComplete) {
  const Data& data = TheData();
  ASSERT_GE(data.cases.size(), 500u) << "cannot read " << kDataFile;
  for (const std::string& e : data.errors) ADD_FAILURE() << e;
  std::set<std::string> names;
  for (const RefCase& c : data.cases) {
    EXPECT_TRUE(names.insert(c.name).second) << "duplicate case " << c.name;
    EXPECT_TRUE(c.has_out || c.has_outint) << c.name << ": no forward result";
    const bool creation =
        c.op == "arange" || c.op == "arange_end" || c.op == "linspace";
    EXPECT_EQ(c.inputs.empty(), creation) << c.name << ": inputs";
    EXPECT_EQ(c.has_seed, !c.grads.empty()) << c.name;
    int owners = 0;
    for (const Family& f : Families()) {
      owners += static_cast<int>(
          std::count(f.ops.begin(), f.ops.end(), c.op));
    }
    EXPECT_EQ(owners, 1) << c.name << ": op '" << c.op
                         << "' is checked by no TEST (or several)";
  }
}

TEST(TensorReference, ElementwiseBinary) { RunFamily("ElementwiseBinary"); }
TEST(TensorReference, ElementwiseScalar) { RunFamily("ElementwiseScalar"); }
TEST(TensorReference, Pow) { RunFamily("Pow"); }
TEST(TensorReference, MaximumMinimum) { RunFamily("MaximumMinimum"); }
TEST(TensorReference, Where) { RunFamily("Where"); }
TEST(TensorReference, Unary) { RunFamily("Unary"); }
TEST(TensorReference, Comparisons) { RunFamily("Comparisons"); }
TEST(TensorReference, Creation) { RunFamily("Creation"); }
TEST(TensorReference, SumMean) { RunFamily("SumMean"); }
TEST(TensorReference, Prod) { RunFamily("Prod"); }
TEST(TensorReference, MaxMin) { RunFamily("MaxMin"); }
TEST(TensorReference, ArgMaxMin) { RunFamily("ArgMaxMin"); }
TEST(TensorReference, LogSumExp) { RunFamily("LogSumExp"); }
TEST(TensorReference, Matmul) { RunFamily("Matmul"); }
TEST(TensorReference, Shape) { RunFamily("Shape"); }
TEST(TensorReference, CatStack) { RunFamily("CatStack"); }
TEST(TensorReference, Softmax) { RunFamily("Softmax"); }
TEST(TensorReference, Losses) { RunFamily("Losses"); }
TEST(TensorReference, Linear) { RunFamily("Linear"); }
// With ADGEN_REF_STATS=1 in the environment: the largest error seen per op
// and dtype, |got - want| / (|want| + largest |want| of the tensor), to size
// the tolerances. Runs last.
TEST(TensorReference, WorstErrors) {
  for (const auto& p : WorstError()) {
    std::printf("[ reference] %-24s %.3g\n", p.first.c_str(), p.second);
  }
}

}  // namespace
