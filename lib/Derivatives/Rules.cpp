//===- Rules.cpp - the derivative rule table ------------------------------===//
//
// Conventions at non-differentiable points follow PyTorch 1.13 unless noted
// (docs/supported.md lists them): |x|' = sign(x) (0 at 0); fmin/fmax send the
// whole gradient to the first argument on ties and to the non-NaN argument;
// sqrt'(0) = inf; d/db pow(a, b) = 0 where a == 0 and b >= 0; d/da pow(a, 0)
// = 0; hypot at (0, 0) has gradient 0 (PyTorch gives NaN).
//
//===----------------------------------------------------------------------===//
#include "Derivatives/Rules.h"

#include <array>
#include <cmath>

namespace adgen::deriv {

using namespace adgen::ir;

namespace {

constexpr double Ln2 = 0.693147180559945309417232121458176568;
constexpr double Ln10 = 2.302585092994045684017991454684364208;

// Small vocabulary so that each rule reads like its formula.
struct R {
  const VjpContext &c;
  Graph &G;
  explicit R(const VjpContext &c) : c(c), G(c.G) {}
  NodeId g() const { return c.g; }
  NodeId a() const { return c.arg(0); }
  NodeId b() const { return c.arg(1); }
  NodeId y() const { return c.value(); }
  NodeId k(double v) const { return c.c(v); }
  NodeId add(NodeId x, NodeId z) const { return G.add(x, z); }
  NodeId sub(NodeId x, NodeId z) const { return G.sub(x, z); }
  NodeId mul(NodeId x, NodeId z) const { return G.mul(x, z); }
  NodeId div(NodeId x, NodeId z) const { return G.div(x, z); }
  NodeId neg(NodeId x) const { return G.neg(x); }
  // op(x). When x is an operand of y as the reverse reads it and the primal
  // computed op of that operand too (cos(t) beside sin(t)), that primal
  // value as the reverse reads it: a branch keeps its costly values, so the
  // reverse calls neither again.
  NodeId fn(Op op, NodeId x) const {
    for (size_t k = 0; k < G.node(c.y).args.size(); ++k) {
      NodeId operand = G.node(c.y).args[k];
      if (x != c.arg(static_cast<unsigned>(k)))
        continue;
      size_t before = G.size();
      NodeId primal = G.unary(op, operand);
      if (primal < before)
        return c.keep(primal);
    }
    return G.unary(op, x);
  }
  NodeId helper(Op op, std::vector<NodeId> args) const { return G.call(op, std::move(args)); }
  // Tensors: operand k (dimensions, keepdim, ...) as it is, and a helper
  // whose result is shaped like operand `like`.
  NodeId arg(unsigned k) const { return c.arg(k); }
  NodeId shapedLike(NodeId like, Op op, std::vector<NodeId> args) const {
    return G.make(op, G.type(like), std::move(args));
  }
  bool tensor() const { return isTensor(G.type(c.y)); }
  /// Operand k where only its shape is read (see ir::shapeSource).
  NodeId shapeOf(unsigned k) const { return shapeSource(G, c.arg(k)); }
  /// (g, shape of x, the other operands): the helpers that read only x's shape.
  std::vector<NodeId> gShapeAndArgs() const {
    std::vector<NodeId> v = gAndArgs();
    v[1] = shapeOf(0);
    return v;
  }
  /// g, then every operand: (g, x0, x1, ...).
  std::vector<NodeId> gAndArgs(size_t from = 0) const {
    std::vector<NodeId> v{g()};
    for (size_t k = from; k < G.node(c.y).args.size(); ++k)
      v.push_back(c.arg(static_cast<unsigned>(k)));
    return v;
  }
};

#define RULE(...) [](const VjpContext &c, unsigned i) -> NodeId { R r(c); (void)i; __VA_ARGS__ }

struct Entry {
  Op op;
  VjpFn vjp;
};

const Entry Table[] = {
  {Op::Add,   RULE(return r.g();)},
  {Op::Sub,   RULE(return i == 0 ? r.g() : r.neg(r.g());)},
  {Op::Mul,   RULE(return i == 0 ? r.mul(r.g(), r.b()) : r.mul(r.g(), r.a());)},
  // c / b with c a nonzero constant (a reciprocal, a sigmoid's
  // 1 / (1 + e)): -g c / b^2 = -g y y / c, a product instead of a division,
  // and the reverse needs y only, not b too. (For c = 0 that would be 0 / 0.)
  {Op::Div,   RULE(if (i == 0) return r.div(r.g(), r.b());
                   if (r.G.node(r.a()).op == Op::Const && r.G.node(r.a()).value != 0) {
                     NodeId gyy = r.mul(r.mul(r.g(), r.y()), r.y());
                     return r.neg(r.G.isConst(r.a(), 1) ? gyy : r.div(gyy, r.a()));
                   }
                   // -(g / b) * y: g / b is a's adjoint too, one division for both.
                   return r.neg(r.mul(r.div(r.g(), r.b()), r.y()));)},
  {Op::Neg,   RULE(return r.neg(r.g());)},
  {Op::Cast,  RULE(return r.G.cast(r.g(), r.G.type(r.a()));)},

  {Op::Sin,   RULE(return r.mul(r.g(), r.fn(Op::Cos, r.a()));)},
  {Op::Cos,   RULE(return r.neg(r.mul(r.g(), r.fn(Op::Sin, r.a())));)},
  {Op::Tan,   RULE(return r.mul(r.g(), r.add(r.k(1), r.mul(r.y(), r.y())));)},
  {Op::Asin,  RULE(return r.div(r.g(), r.fn(Op::Sqrt, r.sub(r.k(1), r.mul(r.a(), r.a()))));)},
  {Op::Acos,  RULE(return r.neg(r.div(r.g(), r.fn(Op::Sqrt, r.sub(r.k(1), r.mul(r.a(), r.a())))));)},
  {Op::Atan,  RULE(return r.div(r.g(), r.add(r.k(1), r.mul(r.a(), r.a())));)},
  {Op::Atan2, RULE(  // atan2(a, b): d/da = b / (a² + b²), d/db = -a / (a² + b²)
     NodeId denom = r.add(r.mul(r.a(), r.a()), r.mul(r.b(), r.b()));
     return i == 0 ? r.div(r.mul(r.g(), r.b()), denom)
                   : r.neg(r.div(r.mul(r.g(), r.a()), denom));)},
  {Op::Sinh,  RULE(return r.mul(r.g(), r.fn(Op::Cosh, r.a()));)},
  {Op::Cosh,  RULE(return r.mul(r.g(), r.fn(Op::Sinh, r.a()));)},
  {Op::Tanh,  RULE(if (r.tensor()) return r.helper(Op::TanhGrad, {r.g(), r.y()});
                   return r.mul(r.g(), r.sub(r.k(1), r.mul(r.y(), r.y())));)},
  {Op::Asinh, RULE(return r.div(r.g(), r.fn(Op::Sqrt, r.add(r.mul(r.a(), r.a()), r.k(1))));)},
  {Op::Acosh, RULE(return r.div(r.g(), r.fn(Op::Sqrt, r.sub(r.mul(r.a(), r.a()), r.k(1))));)},
  {Op::Atanh, RULE(return r.div(r.g(), r.sub(r.k(1), r.mul(r.a(), r.a())));)},

  {Op::Exp,   RULE(return r.mul(r.g(), r.y());)},
  {Op::Exp2,  RULE(return r.mul(r.g(), r.mul(r.y(), r.k(Ln2)));)},
  {Op::Expm1, RULE(return r.mul(r.g(), r.add(r.y(), r.k(1)));)},
  {Op::Log,   RULE(return r.div(r.g(), r.a());)},
  {Op::Log2,  RULE(return r.div(r.g(), r.mul(r.a(), r.k(Ln2)));)},
  {Op::Log10, RULE(return r.div(r.g(), r.mul(r.a(), r.k(Ln10)));)},
  {Op::Log1p, RULE(return r.div(r.g(), r.add(r.a(), r.k(1)));)},
  {Op::Sqrt,  RULE(return r.div(r.g(), r.mul(r.k(2), r.y()));)},
  {Op::Cbrt,  RULE(return r.div(r.g(), r.mul(r.k(3), r.mul(r.y(), r.y())));)},

  {Op::Pow, RULE(
     if (r.tensor()) {  // pow(x, e) with a tensor x, or pow(x, y) of two tensors
       if (i == 1)
         return r.helper(Op::PowGradExpT, {r.g(), r.a(), r.b(), r.y()});
       if (isTensor(r.G.type(r.b())))
         return r.helper(Op::PowGradBaseT, {r.g(), r.a(), r.b()});
       return r.helper(Op::PowGrad, {r.g(), r.a(), r.b()});
     }
     if (i == 1) {
       const Node &a = r.G.node(r.a());
       if (a.op == Op::Const && a.value > 0)  // c^b: d/db = c^b log(c), no special case
         return r.mul(r.g(), r.mul(r.y(), r.k(std::log(a.value))));
       return r.helper(Op::PowGradExp, {r.g(), r.a(), r.b(), r.y()});
     }
     const Node &b = r.G.node(r.b());
     if (b.op == Op::Const) {  // the common x^n: resolve the b == 0 case here
       if (b.value == 0)
         return NoNode;
       return r.mul(r.g(), r.mul(r.b(), r.G.make(Op::Pow, r.G.type(r.a()),
                                                 {r.a(), r.k(b.value - 1)})));
     }
     return r.helper(Op::PowGradBase, {r.g(), r.a(), r.b()});)},
  {Op::Hypot, RULE(return r.helper(Op::HypotGrad, {r.g(), c.arg(i), r.y()});)},
  {Op::Fabs,  RULE(if (r.tensor()) return r.helper(Op::AbsGrad, {r.g(), r.a()});
                   return r.mul(r.g(), r.fn(Op::Sign, r.a()));)},
  {Op::Fmin,  RULE(return r.helper(i == 0 ? Op::FminGradFirst : Op::FminGradSecond,
                                   {r.g(), r.a(), r.b()});)},
  {Op::Fmax,  RULE(return r.helper(i == 0 ? Op::FmaxGradFirst : Op::FmaxGradSecond,
                                   {r.g(), r.a(), r.b()});)},

  // Tensors (docs/tensor-api.md): each VJP is one runtime helper. A helper
  // marked "broadcast shape" there is brought to its operand's shape by the
  // reverse sweep (ReduceLike).
  {Op::Sum,     RULE(return r.shapedLike(r.a(), Op::ExpandAs, {r.g(), r.shapeOf(0)});)},
  // g spread over x and divided by its size, as PyTorch's mean_backward:
  // elementwise, so it joins the chain that reads it.
  {Op::Mean,    RULE(
     NodeId x = r.shapeOf(0);
     NodeId n = r.G.cast(r.G.opaque("adgen::numel", Type::Int, {x}), elementType(r.G.type(x)));
     return r.div(r.shapedLike(x, Op::ExpandAs, {r.g(), x}), n);)},
  {Op::SumDim,  RULE(return r.shapedLike(r.a(), Op::SumGrad, r.gShapeAndArgs());)},
  {Op::MeanDim, RULE(return r.shapedLike(r.a(), Op::MeanDimGrad, r.gShapeAndArgs());)},
  {Op::Prod,    RULE(return r.shapedLike(r.a(), Op::ProdGrad, {r.g(), r.a(), r.y()});)},
  {Op::ProdDim, RULE(return r.shapedLike(r.a(), Op::ProdGrad,
                                         {r.g(), r.a(), r.y(), r.arg(1), r.arg(2)});)},
  {Op::Max,     RULE(return r.shapedLike(r.a(), Op::MaxGrad, {r.g(), r.a(), r.y()});)},
  {Op::Min,     RULE(return r.shapedLike(r.a(), Op::MinGrad, {r.g(), r.a(), r.y()});)},
  {Op::MaxDim,  RULE(return r.shapedLike(r.a(), Op::MaxGrad, r.gAndArgs());)},
  {Op::MinDim,  RULE(return r.shapedLike(r.a(), Op::MinGrad, r.gAndArgs());)},
  {Op::Sigmoid, RULE(if (r.tensor()) return r.helper(Op::SigmoidGrad, {r.g(), r.y()});
                     return r.mul(r.g(), r.mul(r.y(), r.sub(r.k(1), r.y())));)},
  {Op::Relu,    RULE(return r.helper(Op::ReluGrad, {r.g(), r.y()});)},
  // The bounds of clamp are constants (the frontend refuses others).
  {Op::Clamp,    RULE(return i == 0 ? r.helper(Op::ClampGrad, r.gAndArgs()) : NoNode;)},
  {Op::ClampMin, RULE(return i == 0 ? r.helper(Op::ClampMinGrad, r.gAndArgs()) : NoNode;)},
  {Op::ClampMax, RULE(return i == 0 ? r.helper(Op::ClampMaxGrad, r.gAndArgs()) : NoNode;)},
  {Op::Maximum, RULE(return r.helper(i == 0 ? Op::MaximumGradA : Op::MaximumGradB, r.gAndArgs());)},
  {Op::Minimum, RULE(return r.helper(i == 0 ? Op::MinimumGradA : Op::MinimumGradB, r.gAndArgs());)},
  // The condition is piecewise constant: no derivative flows to it.
  {Op::Where,   RULE(if (i == 0) return NoNode;
                     return r.helper(i == 1 ? Op::WhereGradA : Op::WhereGradB, {r.g(), r.arg(0)});)},
  {Op::Matmul,  RULE(return r.shapedLike(c.arg(i), i == 0 ? Op::MatmulGradA : Op::MatmulGradB,
                                         {r.g(), r.a(), r.b()});)},
  {Op::Linear,  RULE(
     if (i == 0) return r.shapedLike(r.a(), Op::LinearGradInput, {r.g(), r.b()});
     if (i == 1) return r.shapedLike(r.b(), Op::LinearGradWeight, {r.g(), r.a()});
     return r.shapedLike(r.arg(2), Op::LinearGradBias, {r.g(), r.arg(2)});)},
  {Op::LinearNoBias, RULE(
     if (i == 0) return r.shapedLike(r.a(), Op::LinearGradInput, {r.g(), r.b()});
     return r.shapedLike(r.b(), Op::LinearGradWeight, {r.g(), r.a()});)},
  {Op::Contiguous, RULE(return r.g();)},
  {Op::Transpose,  RULE(return r.shapedLike(r.a(), Op::Transpose, {r.g(), r.arg(1), r.arg(2)});)},
  {Op::Permute,    RULE(return r.shapedLike(r.a(), Op::PermuteGrad, {r.g(), r.arg(1)});)},
  {Op::Reshape,    RULE(return r.shapedLike(r.a(), Op::ReshapeAs, {r.g(), r.shapeOf(0)});)},
  {Op::View,       RULE(return r.shapedLike(r.a(), Op::ReshapeAs, {r.g(), r.shapeOf(0)});)},
  {Op::Flatten,    RULE(return r.shapedLike(r.a(), Op::ReshapeAs, {r.g(), r.shapeOf(0)});)},
  {Op::Squeeze,    RULE(return r.shapedLike(r.a(), Op::ReshapeAs, {r.g(), r.shapeOf(0)});)},
  {Op::SqueezeDim, RULE(return r.shapedLike(r.a(), Op::ReshapeAs, {r.g(), r.shapeOf(0)});)},
  {Op::Unsqueeze,  RULE(return r.shapedLike(r.a(), Op::ReshapeAs, {r.g(), r.shapeOf(0)});)},
  {Op::Expand,     RULE(return r.shapedLike(r.a(), Op::ReduceLike, {r.g(), r.shapeOf(0)});)},
  {Op::Select,     RULE(return r.shapedLike(r.a(), Op::SelectGrad, r.gShapeAndArgs());)},
  {Op::Narrow,     RULE(return r.shapedLike(r.a(), Op::NarrowGrad, r.gShapeAndArgs());)},
  {Op::Slice,      RULE(return r.shapedLike(r.a(), Op::SliceGrad, r.gShapeAndArgs());)},
  // Operand 0 is the dimension; tensor k sits at operand k + 1.
  {Op::Cat, RULE(
     std::vector<NodeId> args{r.g(), r.arg(0), r.G.constant(i - 1, Type::Int)};
     for (unsigned k = 1; k < r.G.node(c.y).args.size(); ++k) args.push_back(r.shapeOf(k));
     return r.shapedLike(r.arg(i), Op::CatGrad, std::move(args));)},
  {Op::Stack, RULE(return r.shapedLike(r.arg(i), Op::StackGrad,
                                       {r.g(), r.arg(0), r.G.constant(i - 1, Type::Int)});)},
  {Op::Softmax,    RULE(return r.helper(Op::SoftmaxGrad, {r.g(), r.y(), r.arg(1)});)},
  {Op::LogSoftmax, RULE(return r.helper(Op::LogSoftmaxGrad, {r.g(), r.y(), r.arg(1)});)},
  {Op::LogSumExp,  RULE(return r.shapedLike(r.a(), Op::LogSumExpGrad,
                                            {r.g(), r.a(), r.y(), r.arg(1), r.arg(2)});)},
  {Op::MseLoss, RULE(
     NodeId d = r.shapedLike(r.a(), Op::MseLossGrad, {r.g(), r.a(), r.b()});
     return i == 0 ? d : r.neg(d);)},
  {Op::CrossEntropy, RULE(return r.shapedLike(r.a(), Op::CrossEntropyGrad, r.gAndArgs());)},
  {Op::NllLoss,      RULE(return r.shapedLike(r.a(), Op::NllLossGrad, r.gAndArgs());)},
};

#undef RULE

constexpr size_t NumOps = 0
#define ADGEN_OP(Name, Arity, Form, Spelling, Backward) +1
#include "IR/Ops.def"
    ;

std::array<VjpFn, NumOps> buildIndex() {
  std::array<VjpFn, NumOps> index{};
  for (const Entry &e : Table)
    index[static_cast<size_t>(e.op)] = e.vjp;
  return index;
}

} // namespace

VjpFn vjpRule(Op op) {
  static const std::array<VjpFn, NumOps> index = buildIndex();
  return index[static_cast<size_t>(op)];
}

} // namespace adgen::deriv
