// Unit tests for the compiler's IR, rule table, reverse sweep and emitter,
// on functions built by hand (no Clang involved).
#include "Emit/Emitter.h"
#include "IR/IR.h"
#include "IR/Printer.h"
#include "Transform/Reverse.h"

#include <gtest/gtest.h>

#include <cmath>
#include <limits>

namespace {

using namespace adgen::ir;

/// f(x, y) built by hand: params x and y, both active doubles.
Function twoParams() {
  Function f;
  f.name = "f";
  f.returnType = Type::Double;
  f.returnCxx = "double";
  f.loc = {"test.cpp", 1, 1};
  for (const char *n : {"x", "y"}) {
    Param p;
    p.name = n;
    p.cxxType = "double";
    p.type = Type::Double;
    p.active = true;
    f.params.push_back(p);
  }
  return f;
}

std::string print(const Function &f, NodeId id) {
  return ExprPrinter(f, f.graph, [](NodeId) { return std::string(); }).print(id);
}

TEST(Builder, HashConsingSharesEqualNodesInEitherOperandOrder) {
  Function f = twoParams();
  Graph &g = f.graph;
  NodeId x = g.param(0, Type::Double), y = g.param(1, Type::Double);
  EXPECT_EQ(g.mul(x, y), g.mul(y, x));
  EXPECT_EQ(g.add(x, y), g.add(y, x));
  EXPECT_NE(g.sub(x, y), g.sub(y, x));
  EXPECT_NE(g.div(x, y), g.div(y, x));
  EXPECT_EQ(g.unary(Op::Sin, x), g.unary(Op::Sin, x));
}

TEST(Builder, SimplifiesOnlyWhatIsExactInIEEE) {
  Function f = twoParams();
  Graph &g = f.graph;
  NodeId x = g.param(0, Type::Double), y = g.param(1, Type::Double);
  NodeId one = g.constant(1, Type::Double), zero = g.constant(0, Type::Double);
  EXPECT_EQ(g.mul(x, one), x);
  EXPECT_EQ(g.div(x, one), x);
  EXPECT_EQ(g.neg(g.neg(x)), x);
  EXPECT_EQ(print(f, g.add(x, g.neg(y))), "x - y");
  EXPECT_EQ(print(f, g.add(x, x)), "2.0 * x");
  // inf * 0 is NaN and -0 + 0 is +0: these must stay.
  EXPECT_EQ(print(f, g.mul(x, zero)), "x * 0.0");
  EXPECT_EQ(print(f, g.add(x, zero)), "x + 0.0");
  EXPECT_EQ(print(f, g.sub(x, x)), "x - x");
}

TEST(Builder, FoldsConstantsInTheResultType) {
  Function f = twoParams();
  Graph &g = f.graph;
  NodeId third = g.div(g.constant(1, Type::Float), g.constant(3, Type::Float));
  EXPECT_EQ(g.node(third).op, Op::Const);
  EXPECT_EQ(g.node(third).value, static_cast<double>(1.0f / 3.0f));
  EXPECT_EQ(print(f, third), "0.33333334f");
}

TEST(Printer, Literals) {
  EXPECT_EQ(literal(3, Type::Double), "3.0");
  EXPECT_EQ(literal(0.1, Type::Double), "0.1");
  EXPECT_EQ(literal(0.1, Type::Float), "0.1f");
  EXPECT_EQ(literal(1e300, Type::Double), "1e+300");
  EXPECT_EQ(literal(-2.5, Type::Double), "-2.5");
  EXPECT_EQ(literal(7, Type::Int), "7");
  EXPECT_EQ(literal(std::numeric_limits<double>::infinity(), Type::Double),
            "std::numeric_limits<double>::infinity()");
  EXPECT_EQ(literal(std::nan(""), Type::Float), "std::numeric_limits<float>::quiet_NaN()");
}

TEST(Printer, KeepsParenthesesFloatingPointNeeds) {
  Function f = twoParams();
  Graph &g = f.graph;
  NodeId x = g.param(0, Type::Double), y = g.param(1, Type::Double);
  NodeId z = g.unary(Op::Sin, x);
  EXPECT_EQ(print(f, g.sub(x, g.sub(y, z))), "x - (y - std::sin(x))");
  EXPECT_EQ(print(f, g.add(x, g.add(y, z))), "x + (y + std::sin(x))"); // not associative
  EXPECT_EQ(print(f, g.add(g.add(x, y), z)), "x + y + std::sin(x)");
  EXPECT_EQ(print(f, g.mul(g.add(x, y), z)), "(x + y) * std::sin(x)");
  EXPECT_EQ(print(f, g.neg(g.mul(x, y))), "-(x * y)");
  EXPECT_EQ(print(f, g.sub(x, g.constant(-2, Type::Double))), "x + 2.0"); // exact
  EXPECT_EQ(print(f, g.sub(x, g.unary(Op::Sin, g.neg(x)))), "x - std::sin(-x)");
  EXPECT_EQ(print(f, g.add(x, g.neg(g.mul(x, y)))), "x - x * y");
  EXPECT_EQ(print(f, g.cast(x, Type::Float)), "static_cast<float>(x)");
}

TEST(Reverse, ProductRuleAndActivity) {
  Function f = twoParams();
  f.params[1].active = false; // y is a constant: no adjoint for it
  Graph &g = f.graph;
  NodeId x = g.param(0, Type::Double), y = g.param(1, Type::Double);
  f.result = g.mul(g.mul(x, x), y);
  adgen::xform::Gradient gr = adgen::xform::reverse(f, adgen::xform::SeedKind::One);
  ASSERT_EQ(gr.outputs.size(), 1u);
  EXPECT_EQ(gr.outputs[0].param, 0);
  Function shown = f;
  shown.graph = gr.graph;
  EXPECT_EQ(print(shown, gr.outputs[0].value), "2.0 * (y * x)");
}

TEST(Arrays, ContentsOrderReadsAndWritesAndTheReverseRunsBackwards) {
  // double a[2]; a[0] = x; a[1] = a[0] * y; return a[1];
  Function f = twoParams();
  f.arrays.push_back(LocalArray{"a", Type::Double, ArrayKind::CArray, 2, false});
  Graph &g = f.graph;
  NodeId x = g.param(0, Type::Double), y = g.param(1, Type::Double);
  NodeId zero = g.constant(0, Type::Int), one = g.constant(1, Type::Int);
  NodeId m0 = g.arrayNew(0, g.constant(2, Type::Int), 0);
  NodeId m1 = g.arrayStore(0, m0, zero, x);
  NodeId read = g.arrayLoad(0, Type::Double, m1, zero);
  EXPECT_EQ(read, g.arrayLoad(0, Type::Double, m1, zero)); // one value per contents
  EXPECT_NE(g.arrayLoad(0, Type::Double, m0, zero), read); // other contents: another read
  NodeId m2 = g.arrayStore(0, m1, one, g.mul(read, y));
  f.result = g.arrayLoad(0, Type::Double, m2, one);
  std::string code = adgen::emit::emitFunction(f);
  for (const char *line : {"double a[2];", "a[0] = x;", "a[1] = t0 * y;", "double d_a[2] = {};",
                           "d_a[1] += 1.0;", "if (d_x) *d_x += t2;"})
    EXPECT_NE(code.find(line), std::string::npos) << line << "\n" << code;
  // Reverse program order: a[1]'s adjoint is taken before a[0]'s.
  EXPECT_LT(code.find("= d_a[1];"), code.find("= d_a[0];")) << code;
}

TEST(Reverse, EveryRuleMatchesCentralDifferences) {
  // Each unary rule's derivative, evaluated by hand at a point inside the
  // domain, against a central difference of the C library function.
  struct Case {
    Op op;
    double (*fn)(double);
    double at;
  };
  const Case cases[] = {
      {Op::Sin, std::sin, 0.7},     {Op::Cos, std::cos, 0.7},     {Op::Tan, std::tan, 0.7},
      {Op::Asin, std::asin, 0.3},   {Op::Acos, std::acos, 0.3},   {Op::Atan, std::atan, 0.7},
      {Op::Sinh, std::sinh, 0.7},   {Op::Cosh, std::cosh, 0.7},   {Op::Tanh, std::tanh, 0.7},
      {Op::Asinh, std::asinh, 0.7}, {Op::Acosh, std::acosh, 1.7}, {Op::Atanh, std::atanh, 0.3},
      {Op::Exp, std::exp, 0.7},     {Op::Exp2, std::exp2, 0.7},   {Op::Expm1, std::expm1, 0.7},
      {Op::Log, std::log, 0.7},     {Op::Log2, std::log2, 0.7},   {Op::Log10, std::log10, 0.7},
      {Op::Log1p, std::log1p, 0.7}, {Op::Sqrt, std::sqrt, 0.7},   {Op::Cbrt, std::cbrt, 0.7},
      {Op::Fabs, std::fabs, -0.7},
  };
  for (const Case &c : cases) {
    Function f = twoParams();
    Graph &g = f.graph;
    NodeId x = g.param(0, Type::Double);
    f.result = g.unary(c.op, x);
    adgen::xform::Gradient gr = adgen::xform::reverse(f, adgen::xform::SeedKind::One);
    ASSERT_EQ(gr.outputs.size(), 1u) << info(c.op).name;
    // Evaluate the adjoint expression with a tiny interpreter.
    std::function<double(NodeId)> eval = [&](NodeId id) -> double {
      const Node &n = gr.graph.node(id);
      auto a = [&](int i) { return eval(n.args[i]); };
      switch (n.op) {
      case Op::Param: return c.at;
      case Op::Const: return n.value;
      case Op::Add: return a(0) + a(1);
      case Op::Sub: return a(0) - a(1);
      case Op::Mul: return a(0) * a(1);
      case Op::Div: return a(0) / a(1);
      case Op::Neg: return -a(0);
      case Op::Sqrt: return std::sqrt(a(0));
      case Op::Sign: return a(0) > 0 ? 1 : a(0) < 0 ? -1 : 0;
      default: break;
      }
      for (const Case &k : cases)
        if (k.op == n.op)
          return k.fn(a(0));
      ADD_FAILURE() << "cannot evaluate " << info(n.op).name;
      return 0;
    };
    double h = 1e-6;
    double fd = (c.fn(c.at + h) - c.fn(c.at - h)) / (2 * h);
    EXPECT_NEAR(eval(gr.outputs[0].value), fd, 1e-8) << info(c.op).name;
  }
}

TEST(Emitter, DeterministicAndNamesUnusedParameters) {
  Function f = twoParams();
  Graph &g = f.graph;
  NodeId x = g.param(0, Type::Double);
  f.result = g.unary(Op::Exp, x);
  std::string once = adgen::emit::emitFunction(f), again = adgen::emit::emitFunction(f);
  EXPECT_EQ(once, again);
  EXPECT_NE(once.find("inline double f_grad(double x, double /*y*/, double* d_x, double* /*d_y*/)"),
            std::string::npos)
      << once;
  EXPECT_NE(once.find("if (d_x) *d_x += out;"), std::string::npos) << once;
}

} // namespace
