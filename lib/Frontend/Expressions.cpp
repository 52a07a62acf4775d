//===- Expressions.cpp - expressions, conversions, pointers -------------------===//
//
// Every expression becomes a node of the DAG; a pointer is a (parameter,
// offset) pair. && || and ?: evaluate their right side in a branch region.
//
//===----------------------------------------------------------------------===//
#include "Frontend/Lowering.h"

namespace adgen::frontend::detail {

/// The expression a wrapper stands for (parentheses, temporaries, default
/// arguments and member initializers), or nullptr when e is no wrapper.
const Expr *wrapped(const Expr *e) {
  switch (e->getStmtClass()) {
  case Stmt::ParenExprClass:
    return cast<ParenExpr>(e)->getSubExpr();
  case Stmt::ExprWithCleanupsClass:
  case Stmt::ConstantExprClass:
    return cast<FullExpr>(e)->getSubExpr();
  case Stmt::MaterializeTemporaryExprClass:
    return cast<MaterializeTemporaryExpr>(e)->getSubExpr();
  case Stmt::CXXBindTemporaryExprClass:
    return cast<CXXBindTemporaryExpr>(e)->getSubExpr();
  case Stmt::CXXDefaultArgExprClass:
    return cast<CXXDefaultArgExpr>(e)->getExpr();
  case Stmt::CXXDefaultInitExprClass:
    return cast<CXXDefaultInitExpr>(e)->getExpr();
  default:
    return nullptr;
  }
}

NodeId FunctionLowering::lower(const Expr *e) {
  if (const Expr *inner = wrapped(e))
    return lower(inner);
  switch (e->getStmtClass()) {
  case Stmt::MemberExprClass:
    return lowerMember(cast<MemberExpr>(e));
  case Stmt::FloatingLiteralClass: {
    const auto *lit = cast<FloatingLiteral>(e);
    Type t = *classify(e->getType());
    llvm::APFloat v = lit->getValue();
    bool lost = false;
    v.convert(llvm::APFloat::IEEEdouble(), llvm::APFloat::rmNearestTiesToEven, &lost);
    if (t != Type::Float && t != Type::Double)
      refuse(e, "long double is not supported; use double");
    return located(f_.graph.constant(v.convertToDouble(), t), e);
  }
  case Stmt::IntegerLiteralClass: {
    llvm::APInt v = cast<IntegerLiteral>(e)->getValue();
    if (v.getActiveBits() > 53)
      refuse(e, "integer literal too large for adgen's IR (more than 53 bits)");
    return f_.graph.constant(static_cast<double>(v.getZExtValue()), Type::Int);
  }
  case Stmt::CXXBoolLiteralExprClass:
    return f_.graph.constant(cast<CXXBoolLiteralExpr>(e)->getValue() ? 1 : 0, Type::Bool);
  case Stmt::CharacterLiteralClass:
    return f_.graph.constant(cast<CharacterLiteral>(e)->getValue(), Type::Int);
  case Stmt::DeclRefExprClass:
    return lowerDeclRef(cast<DeclRefExpr>(e));
  case Stmt::ImplicitCastExprClass:
  case Stmt::CStyleCastExprClass:
  case Stmt::CXXStaticCastExprClass:
  case Stmt::CXXFunctionalCastExprClass:
    return lowerCast(cast<CastExpr>(e));
  case Stmt::BinaryOperatorClass:
    return lowerBinary(cast<BinaryOperator>(e));
  case Stmt::CompoundAssignOperatorClass:
    refuse(e, "assignment inside an expression is not supported; make it a statement of "
              "its own");
  case Stmt::UnaryOperatorClass:
    return lowerUnary(cast<UnaryOperator>(e));
  case Stmt::ArraySubscriptExprClass: {
    const auto *as = cast<ArraySubscriptExpr>(e);
    return lowerElement(as->getBase(), as->getIdx(), e);
  }
  case Stmt::CallExprClass:
  case Stmt::CXXOperatorCallExprClass:
  case Stmt::CXXMemberCallExprClass:
    return located(lowerCall(cast<CallExpr>(e)), e);
  case Stmt::CXXConstructExprClass: {
    const auto *ce = cast<CXXConstructExpr>(e);
    if (ce->getNumArgs() == 1 && ce->getConstructor()->isCopyOrMoveConstructor())
      return lower(ce->getArg(0));
    refuse(e, "constructing this object is not supported in a differentiable function");
  }
  case Stmt::ConditionalOperatorClass: {
    const auto *co = cast<ConditionalOperator>(e);
    return lowerConditional(co->getCond(), co->getTrueExpr(), co->getFalseExpr(), e);
  }
  case Stmt::BinaryConditionalOperatorClass:
    refuse(e, "the GNU '?:' extension is not supported; write 'a ? a : b'");
  case Stmt::CXXThrowExprClass:
    refuse(e, "exceptions ('throw') cannot be differentiated; handle errors outside the "
              "differentiable function");
  case Stmt::LambdaExprClass:
    refuse(e, "lambdas are not supported in differentiable functions");
  case Stmt::StmtExprClass:
    refuse(e, "GNU statement expressions ('({ ... })') are not supported; use a helper "
              "function");
  case Stmt::UnaryExprOrTypeTraitExprClass: { // sizeof(A) / sizeof(A[0]): a constant
    Expr::EvalResult r;
    if (e->EvaluateAsInt(r, ctx_))
      return f_.graph.constant(static_cast<double>(r.Val.getInt().getExtValue()), Type::Int);
    refuse(e, "this 'sizeof' or 'alignof' is not a constant adgen can evaluate");
  }
  default:
    break;
  }
  refuse(e, std::string("expression '") + e->getStmtClassName() +
                "' is not supported in a differentiable function");
}

NodeId FunctionLowering::lowerCast(const CastExpr *e) {
  const Expr *sub = e->getSubExpr();
  switch (e->getCastKind()) {
  case CK_LValueToRValue:
  case CK_NoOp:
  case CK_ConstructorConversion:
  case CK_UncheckedDerivedToBase:
  case CK_DerivedToBase:
    return lower(sub);
  case CK_IntegralToFloating:
  case CK_FloatingCast: {
    std::optional<Type> t = classify(e->getType());
    if (!t || *t == Type::Int)
      refuse(e, "long double is not supported; use double");
    return located(f_.graph.cast(lower(sub), *t), e);
  }
  case CK_FloatingToIntegral:
  case CK_IntegralCast:
    if (e->getType()->isBooleanType())
      break;
    return located(f_.graph.castToInt(lower(sub), spell(e->getType())), e);
  case CK_FloatingToBoolean:
  case CK_IntegralToBoolean: {
    // x used as a condition: x != 0.
    NodeId v = lower(sub);
    NodeId zero = f_.graph.constant(0, f_.graph.type(v));
    return located(f_.graph.make(Op::Ne, Type::Bool, {v, zero}), e);
  }
  case CK_ToVoid:
    refuse(e, "casts to void are not supported here");
  default:
    break;
  }
  refuse(e, std::string("conversion '") + e->getCastKindName() +
                "' is not supported in a differentiable function (bool and pointer "
                "values are not supported yet)");
}

NodeId FunctionLowering::lowerDeclRef(const DeclRefExpr *e) {
  const ValueDecl *d = e->getDecl();
  if (const auto *ec = dyn_cast<EnumConstantDecl>(d))
    return f_.graph.constant(static_cast<double>(ec->getInitVal().getExtValue()), Type::Int);
  if (const auto *pd = dyn_cast<ParmVarDecl>(d); pd && (outputRefs_.count(pd) || refArray_.count(pd)))
    return loadElement(*elementOf(e), e); // (the first read starts again, see ReadsOutput)
  if (arrayOf(d))
    refuse(e, "the local array '" + d->getNameAsString() +
                  "' can only be used element by element ('" + d->getNameAsString() +
                  "[i]') or passed to a helper function");
  if (pointerBase_.count(d))
    refuse(e, "pointer '" + d->getNameAsString() +
                  "' can only be read element by element ('" + d->getNameAsString() +
                  "[i]', '*(p + k)') or offset here");
  auto it = env_.find(d);
  if (it != env_.end())
    return it->second;
  if (const auto *vd = dyn_cast<VarDecl>(d)) {
    if (vd->hasLocalStorage())
      refuse(e, "variable '" + vd->getNameAsString() + "' is read before it is assigned");
    // A global or static constant (constexpr double kPi = ...): its value.
    if (vd->getType().isConstQualified() && !vd->getType()->isReferenceType()) {
      if (const APValue *v = vd->evaluateValue()) {
        std::optional<Type> t = classify(vd->getType());
        if (t && v->isFloat())
          return f_.graph.constant(v->getFloat().convertToDouble(), *t);
        if (t && v->isInt())
          return f_.graph.constant(static_cast<double>(v->getInt().getExtValue()), *t);
      }
    }
    refuse(e, "reading the global variable '" + vd->getNameAsString() +
                  "' is not supported: adgen cannot see changes to it; pass it as a parameter "
                  "(marked ADGEN_NO_GRAD if it needs no gradient)");
  }
  refuse(e, "'" + d->getNameAsString() + "' cannot be used in a differentiable function");
}

NodeId FunctionLowering::binary(BinaryOperatorKind k, NodeId a, NodeId b, Type t, const Expr *at) {
  Op op;
  switch (k) {
  case BO_Add: op = Op::Add; break;
  case BO_Sub: op = Op::Sub; break;
  case BO_Mul: op = Op::Mul; break;
  case BO_Div: op = Op::Div; break;
  case BO_Rem:
    if (t != Type::Int)
      refuse(at, "'%' is only supported on integers");
    op = Op::Rem;
    break;
  case BO_LT: op = Op::Lt; t = Type::Bool; break;
  case BO_GT: op = Op::Gt; t = Type::Bool; break;
  case BO_LE: op = Op::Le; t = Type::Bool; break;
  case BO_GE: op = Op::Ge; t = Type::Bool; break;
  case BO_EQ: op = Op::Eq; t = Type::Bool; break;
  case BO_NE: op = Op::Ne; t = Type::Bool; break;
  case BO_Comma:
    refuse(at, "the comma operator is not supported; use separate statements");
  default:
    refuse(at, std::string("operator '") + BinaryOperator::getOpcodeStr(k).str() +
                   "' is not supported in a differentiable function");
  }
  return located(f_.graph.make(op, t, {a, b}), at);
}

NodeId FunctionLowering::lowerBinary(const BinaryOperator *e) {
  if (e->isAssignmentOp())
    refuse(e, "assignment inside an expression is not supported; make it a statement of "
              "its own");
  if (e->isLogicalOp())
    return lowerLogical(e);
  std::optional<Type> t = classify(e->getType());
  if (!t)
    refuse(e, "operation on type '" + e->getType().getAsString(ctx_.getPrintingPolicy()) +
                  "' is not supported");
  // Enum constants are numbers in the IR; a scoped enum only compares with
  // its own kind in C++, so the generated comparison converts it.
  auto operand = [&](const Expr *x) {
    NodeId v = lower(x);
    return x->getType()->isScopedEnumeralType() ? f_.graph.castToInt(v, "long long") : v;
  };
  NodeId a = operand(e->getLHS()), b = operand(e->getRHS());
  return binary(e->getOpcode(), a, b, *t, e);
}

NodeId FunctionLowering::lowerUnary(const UnaryOperator *e) {
  switch (e->getOpcode()) {
  case UO_Minus:
    return located(f_.graph.neg(lower(e->getSubExpr())), e);
  case UO_Plus:
    return lower(e->getSubExpr());
  case UO_Deref:
    return lowerElement(e->getSubExpr(), nullptr, e);
  case UO_LNot:
    return located(f_.graph.make(Op::Not, Type::Bool, {lowerCondition(e->getSubExpr())}), e);
  case UO_PreInc: case UO_PreDec: case UO_PostInc: case UO_PostDec: {
    // x[k++], s + ++n: the variable changes, and the value is the old one
    // (postfix) or the new one (prefix).
    const Expr *sub = e->getSubExpr();
    BinaryOperatorKind k = e->isIncrementOp() ? BO_Add : BO_Sub;
    if (std::optional<PointerValue> pv = elementOf(sub);
        pv && (pv->array || (pv->param >= 0 && f_.params[pv->param].output))) {
      NodeId old = loadElement(*pv, sub);
      NodeId updated = binary(k, old, f_.graph.constant(1, f_.graph.type(old)),
                              f_.graph.type(old), e);
      storeElement(*pv, updated, e);
      return e->isPostfix() ? old : updated;
    }
    const VarDecl *vd = assignable(sub, e);
    if (pointerBase_.count(vd))
      refuse(e, "a pointer stepped inside an expression is only supported where it is "
                "read through ('*p++', 'p++[k]')");
    if (!env_.count(vd))
      refuse(sub, "variable '" + vd->getNameAsString() + "' is read before it is assigned");
    Type t = *classify(vd->getType());
    NodeId old = env_[vd];
    assign(sub, binary(k, old, f_.graph.constant(1, t), t, e), e);
    return e->isPostfix() ? old : env_[vd];
  }
  default:
    refuse(e, std::string("operator '") + UnaryOperator::getOpcodeStr(e->getOpcode()).str() +
                  "' is not supported in a differentiable function");
  }
}

NodeId FunctionLowering::lowerCondition(const Expr *e) {
  NodeId c = lower(e);
  if (f_.graph.type(c) != Type::Bool)
    refuse(e, "this condition is not a bool adgen understands");
  return c;
}

/// c ? a : b, with a and b evaluated only on their own path.
NodeId FunctionLowering::lowerConditional(const Expr *cond, const Expr *then, const Expr *other,
                                          const Expr *at) {
  ir::Graph &g = f_.graph;
  NodeId c = lowerCondition(cond);
  std::optional<Type> t = classify(at->getType());
  if (!t)
    refuse(at, "'?:' on type '" + at->getType().getAsString(ctx_.getPrintingPolicy()) +
                   "' is not supported");
  RegionIdT outer = g.current(), thenR = g.openIf(c);
  // (An operand may assign variables, through a helper's reference: each
  // branch starts from the same variables, which are merged after.)
  Env before = env_;
  g.enter(thenR);
  NodeId a = g.cast(lower(then), *t);
  Env thenEnv = env_;
  env_ = before;
  g.enter(thenR + 1);
  NodeId b = g.cast(lower(other), *t);
  g.enter(outer);
  Env elseEnv = env_; // (mergeBranches rebuilds env_)
  mergeBranches(thenR, thenEnv, elseEnv);
  NodeId r = g.phi(thenR, a, b);
  if (*t == Type::Int)
    g.setCxxType(r, spell(at->getType()));
  return located(r, at);
}

/// a && b and a || b evaluate b only when needed, as in C++ (b may read
/// p[i] that is only valid when a holds).
NodeId FunctionLowering::lowerLogical(const BinaryOperator *e) {
  ir::Graph &g = f_.graph;
  NodeId a = lowerCondition(e->getLHS());
  RegionIdT outer = g.current(), thenR = g.openIf(a);
  NodeId t = g.constant(1, Type::Bool), f = g.constant(0, Type::Bool);
  // (b may assign variables, through a helper's reference: merged after.)
  Env before = env_;
  bool isAnd = e->getOpcode() == BO_LAnd;
  g.enter(isAnd ? thenR : thenR + 1);
  NodeId b = lowerCondition(e->getRHS());
  g.enter(outer);
  Env evaluated = env_;
  mergeBranches(thenR, isAnd ? evaluated : before, isAnd ? before : evaluated);
  return located(isAnd ? g.phi(thenR, b, f) : g.phi(thenR, t, b), e);
}

NodeId FunctionLowering::lowerElement(const Expr *base, const Expr *index, const Expr *whole) {
  return loadElement(indexed(base, index), whole);
}

/// A pointer-valued expression: a pointer parameter or local, p + k, k + p,
/// p - k, &p[k]. Every pointer adgen follows points into a parameter.
FunctionLowering::PointerValue FunctionLowering::lowerPointer(const Expr *e) {
  e = e->IgnoreParens();
  if (const auto *c = dyn_cast<CastExpr>(e)) {
    CastKind k = c->getCastKind();
    if (k == CK_LValueToRValue || k == CK_NoOp || k == CK_ArrayToPointerDecay)
      return lowerPointer(c->getSubExpr());
  }
  if (const auto *ref = dyn_cast<DeclRefExpr>(e)) {
    if (const ValueDecl *array = arrayOf(ref->getDecl()))
      return {-1, f_.graph.constant(0, Type::Int), array};
    auto it = pointerBase_.find(ref->getDecl());
    if (it != pointerBase_.end()) {
      if (!env_.count(ref->getDecl()))
        refuse(e, "pointer '" + ref->getDecl()->getNameAsString() + "' is read before it is assigned");
      auto array = pointerArray_.find(ref->getDecl());
      return {it->second, env_[ref->getDecl()],
              array == pointerArray_.end() ? nullptr : array->second};
    }
  }
  if (const auto *mc = dyn_cast<CXXMemberCallExpr>(e); // v.data()
      mc && mc->getMethodDecl()->getNameAsString() == "data") {
    if (const ValueDecl *array = localArray(mc->getImplicitObjectArgument()))
      return {-1, f_.graph.constant(0, Type::Int), array};
    if (const ValueDecl *param = containerParam(mc->getImplicitObjectArgument()))
      return lowerPointer(mc->getImplicitObjectArgument());
  }
  if (const auto *bo = dyn_cast<BinaryOperator>(e)) {
    bool lhsPointer = bo->getLHS()->getType()->isPointerType();
    if (bo->getOpcode() == BO_Add || (bo->getOpcode() == BO_Sub && lhsPointer)) {
      PointerValue pv = lowerPointer(lhsPointer ? bo->getLHS() : bo->getRHS());
      NodeId k = scaled(lower(lhsPointer ? bo->getRHS() : bo->getLHS()),
                        lhsPointer ? bo->getLHS() : bo->getRHS());
      pv.offset = bo->getOpcode() == BO_Add ? f_.graph.add(pv.offset, k) : f_.graph.sub(pv.offset, k);
      return pv;
    }
  }
  if (const auto *uo = dyn_cast<UnaryOperator>(e); uo && uo->isIncrementDecrementOp()) {
    // *p++: the pointer steps, and points where it did (postfix) or where it
    // does now (prefix).
    PointerValue old = lowerPointer(uo->getSubExpr());
    PointerValue updated = old;
    NodeId one = scaled(f_.graph.constant(1, Type::Int), uo->getSubExpr());
    updated.offset = uo->isIncrementOp() ? f_.graph.add(old.offset, one)
                                         : f_.graph.sub(old.offset, one);
    assign(uo->getSubExpr(), updated.offset, e);
    return uo->isPostfix() ? old : updated;
  }
  if (const auto *as = dyn_cast<ArraySubscriptExpr>(e); as && e->getType()->isArrayType()) {
    // A row of a nested array (m[i] of double m[3][4]): i rows in.
    PointerValue pv = lowerPointer(as->getBase());
    NodeId i = lower(as->getIdx());
    NodeId stride = f_.graph.constant(static_cast<double>(scalarCount(e->getType())), Type::Int);
    pv.offset = f_.graph.add(pv.offset, f_.graph.mul(i, stride));
    return pv;
  }
  if (const auto *uo = dyn_cast<UnaryOperator>(e); uo && uo->getOpcode() == UO_AddrOf) {
    const Expr *sub = uo->getSubExpr()->IgnoreParens();
    const Expr *base = nullptr, *index = nullptr;
    if (const auto *as = dyn_cast<ArraySubscriptExpr>(sub)) {
      base = as->getBase();
      index = as->getIdx();
    } else if (const auto *oc = dyn_cast<CXXOperatorCallExpr>(sub);
               oc && oc->getOperator() == OO_Subscript && subscriptable(oc->getArg(0))) {
      base = oc->getArg(0);
      index = oc->getArg(1);
    }
    if (base)
      return indexed(base, index);
  }
  refuse(e, "this pointer expression is not supported; use a pointer parameter or local "
            "array, p + k, &p[k], v.data(), or a local pointer into one of them");
}

} // namespace adgen::frontend::detail
