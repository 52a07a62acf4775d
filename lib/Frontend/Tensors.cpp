//===- Tensors.cpp - calls of the tensor runtime (adgen/tensor.h) ----------===//
//
// A call of adgen's tensor API, as a free function (adgen::sum(x, 1)) or a
// member (x.sum(1)), becomes one IR operation. The table below lists, per
// function name, the operand kinds of each overload it accepts and the
// operation it lowers to; docs/tensor-api.md is the runtime's side.
//
//===----------------------------------------------------------------------===//
#include "Frontend/Lowering.h"

namespace adgen::frontend::detail {

namespace {

/// Operand kinds: T a tensor, S a floating scalar, I an integer, B a bool,
/// L a braced list of integers (a shape or dimensions), C class indices (a
/// std::vector<int64_t> parameter), V a braced list of tensors.
struct Overload {
  const char *kinds;
  Op op;
};

const std::map<std::string, std::vector<Overload>> &tensorFunctions() {
  static const std::map<std::string, std::vector<Overload>> table = {
      {"exp", {{"T", Op::Exp}}},           {"log", {{"T", Op::Log}}},
      {"sin", {{"T", Op::Sin}}},           {"cos", {{"T", Op::Cos}}},
      {"tanh", {{"T", Op::Tanh}}},         {"sqrt", {{"T", Op::Sqrt}}},
      {"abs", {{"T", Op::Fabs}}},          {"neg", {{"T", Op::Neg}}},
      {"sigmoid", {{"T", Op::Sigmoid}}},   {"relu", {{"T", Op::Relu}}},
      {"clamp", {{"TSS", Op::Clamp}}},     {"clamp_min", {{"TS", Op::ClampMin}}},
      {"clamp_max", {{"TS", Op::ClampMax}}},
      {"pow", {{"TS", Op::Pow}, {"TT", Op::Pow}}},
      {"maximum", {{"TT", Op::Maximum}}},  {"minimum", {{"TT", Op::Minimum}}},
      {"where", {{"TTT", Op::Where}}},
      {"lt", {{"TT", Op::Lt}, {"TS", Op::Lt}}}, {"le", {{"TT", Op::Le}, {"TS", Op::Le}}},
      {"gt", {{"TT", Op::Gt}, {"TS", Op::Gt}}}, {"ge", {{"TT", Op::Ge}, {"TS", Op::Ge}}},
      {"eq", {{"TT", Op::Eq}, {"TS", Op::Eq}}}, {"ne", {{"TT", Op::Ne}, {"TS", Op::Ne}}},
      {"sum", {{"T", Op::Sum}, {"TIB", Op::SumDim}, {"TLB", Op::SumDim}}},
      {"mean", {{"T", Op::Mean}, {"TIB", Op::MeanDim}, {"TLB", Op::MeanDim}}},
      {"prod", {{"T", Op::Prod}, {"TIB", Op::ProdDim}}},
      {"max", {{"T", Op::Max}, {"TIB", Op::MaxDim}}},
      {"min", {{"T", Op::Min}, {"TIB", Op::MinDim}}},
      {"matmul", {{"TT", Op::Matmul}}},    {"mm", {{"TT", Op::Matmul}}},
      {"linear", {{"TT", Op::LinearNoBias}, {"TTT", Op::Linear}}},
      {"transpose", {{"TII", Op::Transpose}}}, {"t", {{"T", Op::Transpose}}},
      {"permute", {{"TL", Op::Permute}}},  {"reshape", {{"TL", Op::Reshape}}},
      {"view", {{"TL", Op::View}}},        {"flatten", {{"TII", Op::Flatten}}},
      {"squeeze", {{"T", Op::Squeeze}, {"TI", Op::SqueezeDim}}},
      {"unsqueeze", {{"TI", Op::Unsqueeze}}}, {"expand", {{"TL", Op::Expand}}},
      {"select", {{"TII", Op::Select}}},   {"narrow", {{"TIII", Op::Narrow}}},
      {"slice", {{"TIIII", Op::Slice}}},
      {"cat", {{"VI", Op::Cat}}},          {"stack", {{"VI", Op::Stack}}},
      {"softmax", {{"TI", Op::Softmax}}},  {"log_softmax", {{"TI", Op::LogSoftmax}}},
      {"logsumexp", {{"TIB", Op::LogSumExp}}},
      {"mse_loss", {{"TT", Op::MseLoss}}}, {"cross_entropy", {{"TC", Op::CrossEntropy}}},
      {"nll_loss", {{"TC", Op::NllLoss}}},
      {"detach", {{"T", Op::Detach}}},     {"contiguous", {{"T", Op::Contiguous}}},
      {"clone", {{"T", Op::Contiguous}}}, // (the same values; generated code never writes them)
  };
  return table;
}

/// The braced list inside a std::vector argument ({2, 3}), or nullptr.
const InitListExpr *bracedList(const Expr *e) {
  while (true) {
    e = e->IgnoreParenImpCasts();
    if (const auto *m = dyn_cast<MaterializeTemporaryExpr>(e))
      e = m->getSubExpr();
    else if (const auto *b = dyn_cast<CXXBindTemporaryExpr>(e))
      e = b->getSubExpr();
    else if (const auto *d = dyn_cast<CXXDefaultArgExpr>(e))
      e = d->getExpr();
    else if (const auto *c = dyn_cast<CXXFunctionalCastExpr>(e))
      e = c->getSubExpr();
    else if (const auto *s = dyn_cast<CXXStdInitializerListExpr>(e))
      e = s->getSubExpr();
    else if (const auto *c = dyn_cast<CXXConstructExpr>(e);
             c && c->getNumArgs() >= 1 &&
             (c->getNumArgs() == 1 || isa<CXXDefaultArgExpr>(c->getArg(1))))
      e = c->getArg(0); // (the allocator, a default argument)
    else
      break;
  }
  return dyn_cast<InitListExpr>(e);
}

/// std::vector<E> or std::initializer_list<E>.
bool isStdList(QualType t) {
  const auto *rd = t.getNonReferenceType()->getAsCXXRecordDecl();
  return rd && (rd->getQualifiedNameAsString() == "std::vector" ||
                rd->getQualifiedNameAsString() == "std::initializer_list");
}
} // namespace

/// The kind of one operand as its C++ type says (see Overload).
char FunctionLowering::operandKind(const Expr *e) const {
  QualType t = e->getType();
  if (tensorType(t))
    return 'T';
  if (t->isBooleanType())
    return 'B';
  if (t->isIntegralOrEnumerationType())
    return 'I';
  if (t->isRealFloatingType())
    return 'S';
  if (isStdList(t)) {
    const auto *spec = dyn_cast<ClassTemplateSpecializationDecl>(
        t.getNonReferenceType()->getAsCXXRecordDecl());
    if (spec && spec->getTemplateArgs().size() > 0) {
      QualType elem = spec->getTemplateArgs()[0].getAsType();
      if (tensorType(elem))
        return 'V';
      if (elem->isIntegralOrEnumerationType())
        return 'L'; // or C: the overload decides
    }
  }
  return '?';
}

/// True when `id` depends on an active parameter (a value with a derivative).
bool FunctionLowering::dependsOnActive(NodeId id) const {
  std::vector<NodeId> work{id};
  std::set<NodeId> seen;
  while (!work.empty()) {
    NodeId n = work.back();
    work.pop_back();
    if (!seen.insert(n).second)
      continue;
    const ir::Node &node = f_.graph.node(n);
    if ((node.op == Op::Param || node.op == Op::Load) && f_.params[node.param].active)
      return true;
    if (node.op == Op::LoopVar || node.op == Op::ArrayNew)
      return true; // (conservative)
    for (NodeId a : node.args)
      work.push_back(a);
  }
  return false;
}

NodeId FunctionLowering::lowerTensorCall(const CallExpr *e) {
  const FunctionDecl *callee = e->getDirectCallee();
  std::string qualified = callee->getQualifiedNameAsString();
  std::optional<Type> t = classify(e->getType());
  if (!llvm::StringRef(qualified).startswith("adgen::"))
    refuse(e, "'" + qualified + "' is not part of adgen's tensor API; adgen differentiates "
                  "tensor code written with adgen::Tensor's operations (docs/tensor-api.md)");
  // Operators: + - * / and comparisons, between tensors and with scalars.
  if (const auto *oc = dyn_cast<CXXOperatorCallExpr>(e)) {
    unsigned n = oc->getNumArgs();
    OverloadedOperatorKind k = oc->getOperator();
    if (k == OO_Minus && n == 1)
      return f_.graph.neg(lower(oc->getArg(0)));
    std::optional<BinaryOperatorKind> bk;
    if (n == 2 && k == OO_Plus) bk = BO_Add;
    if (n == 2 && k == OO_Minus) bk = BO_Sub;
    if (n == 2 && k == OO_Star) bk = BO_Mul;
    if (n == 2 && k == OO_Slash) bk = BO_Div;
    if (bk && t)
      return binary(*bk, lower(oc->getArg(0)), lower(oc->getArg(1)), *t, e);
    std::optional<Op> cmp;
    if (n == 2 && k == OO_Less) cmp = Op::Lt;
    if (n == 2 && k == OO_LessEqual) cmp = Op::Le;
    if (n == 2 && k == OO_Greater) cmp = Op::Gt;
    if (n == 2 && k == OO_GreaterEqual) cmp = Op::Ge;
    if (n == 2 && k == OO_EqualEqual) cmp = Op::Eq;
    if (n == 2 && k == OO_ExclaimEqual) cmp = Op::Ne;
    if (cmp && t && ir::isTensor(*t))
      return located(f_.graph.make(*cmp, *t, {lower(oc->getArg(0)),
                                             scalarOperand(oc->getArg(1), *t)}),
                     e);
    refuse(e, "this tensor operator is not supported; supported: + - * / and comparisons");
  }
  // The operands: the object of a member call first.
  std::vector<const Expr *> operands;
  if (const auto *mc = dyn_cast<CXXMemberCallExpr>(e))
    operands.push_back(mc->getImplicitObjectArgument());
  for (const Expr *a : e->arguments())
    operands.push_back(a);
  std::string kinds;
  for (const Expr *a : operands)
    kinds += operandKind(a);

  std::string name = callee->getNameAsString();
  if (NodeId v = constantTensorCall(e, name, operands, kinds); v != ir::NoNode)
    return v;
  const auto &table = tensorFunctions();
  auto it = table.find(name);
  const Overload *match = nullptr;
  if (it != table.end())
    for (const Overload &o : it->second) {
      std::string want = o.kinds;
      if (want.size() != kinds.size())
        continue;
      bool ok = true;
      for (size_t i = 0; i < want.size(); ++i)
        ok = ok && (want[i] == kinds[i] || (want[i] == 'C' && kinds[i] == 'L'));
      if (ok)
        match = &o;
    }
  if (!match || !t)
    refuse(e, "'" + qualified + "' is not supported in differentiable code; supported "
                  "tensor operations are listed in docs/tensor-api.md" +
                  (name == "item" ? std::string("; keep the result a tensor (a 0-dim tensor "
                                                "is a scalar)")
                                  : std::string()));

  std::vector<NodeId> args;
  for (size_t i = 0; i < operands.size(); ++i) {
    const Expr *a = operands[i];
    switch (match->kinds[i]) {
    case 'T': {
      NodeId v = lower(a);
      if (!ir::isTensor(f_.graph.type(v)))
        refuse(a, "expected a tensor here");
      args.push_back(v);
      break;
    }
    case 'S':
      args.push_back(scalarOperand(a, *t));
      break;
    case 'I':
    case 'B':
      args.push_back(lower(a));
      break;
    case 'L':
      args.push_back(intList(a));
      break;
    case 'C':
      args.push_back(classIndices(a));
      break;
    case 'V': {
      const InitListExpr *list = bracedList(a);
      if (!list)
        refuse(a, "pass the tensors to '" + name + "' as a braced list: " + name +
                      "({a, b}, dim)");
      std::vector<NodeId> tensors;
      for (const Expr *x : list->inits())
        tensors.push_back(lower(x));
      args.insert(args.end(), tensors.begin(), tensors.end());
      break;
    }
    }
  }
  Op op = match->op;
  if (op == Op::Cat || op == Op::Stack) // (dim, x0, x1, ...)
    std::rotate(args.begin(), args.end() - 1, args.end());
  if (op == Op::Transpose && args.size() == 1) { // t(x): transpose(x, 0, -1)
    args.push_back(f_.graph.constant(0, Type::Int));
    args.push_back(f_.graph.make(Op::Neg, Type::Int, {f_.graph.constant(1, Type::Int)}));
  }
  if (op == Op::Clamp || op == Op::ClampMin || op == Op::ClampMax)
    for (size_t i = 1; i < args.size(); ++i)
      if (dependsOnActive(args[i]))
        refuse(operands[i], "the bounds of '" + name + "' must not depend on differentiable "
                            "values; use adgen::maximum / adgen::minimum with tensors instead");
  return located(f_.graph.make(op, *t, std::move(args)), e);
}

/// Calls whose results carry no derivative, made as the primal makes them:
/// factories (zeros_like(h), randn({2, 3}, seed)) and sizes (x.size(0)),
/// spelled as the runtime's free functions. NoNode for other calls.
NodeId FunctionLowering::constantTensorCall(const CallExpr *e, const std::string &name,
                                            const std::vector<const Expr *> &operands,
                                            const std::string &kinds) {
  static const std::set<std::string> factories = {"zeros", "ones", "full", "arange", "linspace",
                                                  "rand", "randn"};
  static const std::set<std::string> likes = {"zeros_like", "ones_like", "full_like"};
  static const std::set<std::string> sizes = {"size", "dim", "numel"};
  std::optional<Type> t = classify(e->getType());
  bool factory = factories.count(name) && t && ir::isTensor(*t);
  if (!t || (!factory && !likes.count(name) && !sizes.count(name)))
    return ir::NoNode;
  if (kinds.find_first_not_of("TSIL") != std::string::npos)
    refuse(e, "this call of '" + name + "' is not supported in differentiable code; pass "
              "shapes as braced lists and seeds as integers");
  std::vector<NodeId> args;
  for (size_t i = 0; i < operands.size(); ++i) {
    const Expr *a = operands[i];
    if (kinds[i] == 'L')
      args.push_back(intList(a));
    else if (kinds[i] == 'S' && ir::isTensor(*t))
      args.push_back(scalarOperand(a, *t));
    else
      args.push_back(lower(a));
  }
  // adgen::zeros<double>(...): the element type is not deduced from a shape.
  std::string spelled = "adgen::" + name;
  if (factory)
    spelled += ir::elementType(*t) == Type::Float ? "<float>" : "<double>";
  return located(f_.graph.opaque(spelled, *t, std::move(args)), e);
}

/// A scalar operand of a tensor operation, converted to the tensor's
/// element type (pow(x, 2) is pow(x, 2.0f) for a float tensor).
NodeId FunctionLowering::scalarOperand(const Expr *e, Type tensor) {
  NodeId v = lower(e);
  if (ir::isTensor(f_.graph.type(v)))
    return v;
  return f_.graph.cast(v, ir::elementType(tensor));
}

/// A shape or list of dimensions written as a braced list: {2, -1}.
NodeId FunctionLowering::intList(const Expr *e) {
  const InitListExpr *list = bracedList(e);
  if (!list)
    refuse(e, "write the shape or dimensions as a braced list of integers, e.g. {2, -1}");
  std::vector<NodeId> items;
  for (const Expr *x : list->inits()) {
    NodeId v = lower(x);
    if (f_.graph.type(v) != Type::Int)
      refuse(x, "expected an integer");
    items.push_back(v);
  }
  return f_.graph.make(Op::IntList, Type::Int, std::move(items));
}

/// The class indices of a loss: a std::vector<int64_t> parameter.
NodeId FunctionLowering::classIndices(const Expr *e) {
  const Expr *inner = e->IgnoreParenImpCasts();
  if (const auto *ref = dyn_cast<DeclRefExpr>(inner))
    if (const auto *pd = dyn_cast<ParmVarDecl>(ref->getDecl()); pd && paramIndex_.count(pd))
      return f_.graph.param(paramIndex_.at(pd), Type::Int);
  refuse(e, "pass the class indices as a parameter of the differentiable function (const "
            "std::vector<int64_t>&)");
}

} // namespace adgen::frontend::detail
