//===- Lowering.cpp - types, signature, the whole function --------------------===//
//
// A marked function's body is lowered statement by statement. Straight-line
// code becomes a DAG by tracking the current value of every variable (an
// SSA-style environment): reassigning a local or a by-value parameter just
// rebinds it. Anything outside the supported subset stops the function with
// a diagnostic at the construct, saying what to do instead.
//
//===----------------------------------------------------------------------===//
#include "Frontend/Lowering.h"

#include "llvm/Support/Path.h"

#include <functional>

namespace adgen::frontend::detail {

/// The variable an assignment's left side writes through (p[i], *p,
/// *(p + k), or the variable itself), or nullptr.
static const ValueDecl *writtenBase(const Expr *lhs) {
  const Expr *e = lhs->IgnoreParenImpCasts();
  for (;;) {
    if (const auto *as = dyn_cast<ArraySubscriptExpr>(e))
      e = as->getBase()->IgnoreParenImpCasts();
    else if (const auto *uo = dyn_cast<UnaryOperator>(e); uo && uo->getOpcode() == UO_Deref)
      e = uo->getSubExpr()->IgnoreParenImpCasts();
    else if (const auto *oc = dyn_cast<CXXOperatorCallExpr>(e);
             oc && oc->getOperator() == OO_Subscript)
      e = oc->getArg(0)->IgnoreParenImpCasts();
    else if (const auto *uo = dyn_cast<UnaryOperator>(e); uo && uo->getOpcode() == UO_AddrOf)
      e = uo->getSubExpr()->IgnoreParenImpCasts();
    else if (const auto *mc = dyn_cast<CXXMemberCallExpr>(e)) // v.data()
      e = mc->getImplicitObjectArgument()->IgnoreParenImpCasts();
    else if (const auto *me = dyn_cast<MemberExpr>(e)) // out->x, out.x, p[i].x
      e = me->getBase()->IgnoreParenImpCasts();
    else if (const auto *bo = dyn_cast<BinaryOperator>(e); bo && bo->isAdditiveOp())
      e = (bo->getLHS()->getType()->isPointerType() ? bo->getLHS() : bo->getRHS())
              ->IgnoreParenImpCasts();
    else
      break;
  }
  const auto *ref = dyn_cast<DeclRefExpr>(e);
  return ref ? ref->getDecl() : nullptr;
}

const ParmVarDecl *writtenParam(const Expr *lhs) {
  return dyn_cast_or_null<ParmVarDecl>(writtenBase(lhs));
}

void FunctionLowering::refuse(SourceRange where, const std::string &msg) {
  DiagnosticsEngine &d = ctx_.getDiagnostics();
  unsigned id = d.getCustomDiagID(DiagnosticsEngine::Error, "%0");
  d.Report(where.getBegin(), id) << msg << where;
  // Inside an inlined helper: where it was called from, innermost first.
  unsigned note = d.getCustomDiagID(DiagnosticsEngine::Note, "%0");
  for (auto call = callSites_.rbegin(); call != callSites_.rend(); ++call) {
    const FunctionDecl *callee = (*call)->getDirectCallee();
    d.Report((*call)->getBeginLoc(), note)
        << "in this call to '" + (callee ? callee->getNameAsString() : std::string("?")) + "'"
        << (*call)->getSourceRange();
  }
  if (requestedAt_.isValid())
    d.Report(ctx_.getSourceManager().getExpansionLoc(requestedAt_), note) << "'" + fd_->getQualifiedNameAsString() +
                                        "' is differentiated for this ADGEN_GRADIENT";
  throw Refused{};
}

std::optional<Type> FunctionLowering::tensorType(QualType t) const {
  const auto *spec = dyn_cast_or_null<ClassTemplateSpecializationDecl>(
      t.getNonReferenceType().getCanonicalType()->getAsCXXRecordDecl());
  if (!spec || spec->getName() != "BasicTensor" || spec->getQualifiedNameAsString() != "adgen::BasicTensor")
    return std::nullopt;
  QualType elem = spec->getTemplateArgs()[0].getAsType().getCanonicalType();
  if (elem->isSpecificBuiltinType(BuiltinType::Float))
    return Type::FloatTensor;
  if (elem->isSpecificBuiltinType(BuiltinType::Double))
    return Type::DoubleTensor;
  return std::nullopt;
}

std::optional<Type> FunctionLowering::classify(QualType t) const {
  QualType c = t.getNonReferenceType().getCanonicalType();
  if (c->isSpecificBuiltinType(BuiltinType::Float))
    return Type::Float;
  if (c->isSpecificBuiltinType(BuiltinType::Double))
    return Type::Double;
  if (c->isBooleanType())
    return Type::Bool;
  if (c->isIntegralOrEnumerationType())
    return Type::Int;
  return tensorType(c);
}

std::string FunctionLowering::spell(QualType t) const {
  PrintingPolicy pp(ctx_.getLangOpts());
  pp.FullyQualifiedName = true;
  pp.SuppressScope = false;
  pp.PrintCanonicalTypes = true;
  return t.getCanonicalType().getAsString(pp);
}

NodeId FunctionLowering::located(NodeId id, const Stmt *s) {
  PresumedLoc p = ctx_.getSourceManager().getPresumedLoc(
      ctx_.getSourceManager().getExpansionLoc(s->getBeginLoc()));
  if (p.isValid())
    f_.graph.setLocation(id, p.getLine(), p.getColumn());
  return id;
}

// --- Signature ---------------------------------------------------------------

void FunctionLowering::lowerSignature() {
  const FunctionDecl *fd = fd_;
  f_.name = fd->getNameAsString();
  for (const DeclContext *dc = fd->getDeclContext(); dc; dc = dc->getParent()) {
    if (const auto *ns = dyn_cast<NamespaceDecl>(dc))
      f_.namespaces.insert(f_.namespaces.begin(), ns->isAnonymousNamespace() ? "" : ns->getNameAsString());
    else if (!isa<TranslationUnitDecl>(dc) && !isa<LinkageSpecDecl>(dc))
      refuse(fd->getSourceRange(), "only functions at namespace scope can be marked differentiable; "
                                   "make it a free function");
  }
  QualType rt = fd->getReturnType();
  std::optional<Type> r = classify(rt);
  if (rt->isVoidType()) { // results through output parameters only
    f_.returnsVoid = true;
    r = Type::Double;
  }
  if (!r || !ir::isFloating(*r))
    refuse(fd->getReturnTypeSourceRange().isValid() ? fd->getReturnTypeSourceRange()
                                                    : fd->getSourceRange(),
           "cannot differentiate a function returning '" + rt.getAsString(ctx_.getPrintingPolicy()) +
               "'; a differentiable function returns float, double or adgen::Tensor (or "
               "void, with results in output parameters)");
  f_.returnType = *r;
  returnType_ = *r;
  f_.returnCxx = f_.returnsVoid ? "void" : ir::cxxName(*r);
  // Output parameters: the ones the body writes through.
  AssignmentTargets assignments;
  if (fd->getBody())
    assignments.TraverseStmt(fd->getBody());
  // Local pointers into parameters (T *p = y + 1; p = y): writing through
  // them writes the parameter.
  struct LocalPointers : RecursiveASTVisitor<LocalPointers> {
    std::map<const ValueDecl *, std::set<const ValueDecl *>> into;
    bool VisitVarDecl(VarDecl *v) {
      if (v->getType()->isPointerType() && v->getInit())
        if (const ValueDecl *b = writtenBase(v->getInit()))
          into[v].insert(b);
      return true;
    }
    bool VisitBinaryOperator(BinaryOperator *b) {
      if (b->getOpcode() == BO_Assign && b->getLHS()->getType()->isPointerType())
        if (const auto *ref = dyn_cast<DeclRefExpr>(b->getLHS()->IgnoreParenImpCasts()))
          if (const ValueDecl *base = writtenBase(b->getRHS()))
            into[ref->getDecl()].insert(base);
      return true;
    }
  } pointers;
  if (fd->getBody())
    pointers.TraverseStmt(fd->getBody());
  std::set<const ParmVarDecl *> written;
  std::function<void(const ValueDecl *, std::set<const ValueDecl *> &)> markWritten =
      [&](const ValueDecl *d, std::set<const ValueDecl *> &seen) {
        if (!d || !seen.insert(d).second)
          return;
        if (const auto *pd = dyn_cast<ParmVarDecl>(d))
          written.insert(pd);
        if (auto it = pointers.into.find(d); it != pointers.into.end())
          for (const ValueDecl *b : it->second)
            markWritten(b, seen);
      };
  for (const Expr *lhs : assignments.targets) {
    std::set<const ValueDecl *> seen;
    markWritten(writtenBase(lhs), seen);
  }
  // ... and the ones passed to a helper's output pointer or reference.
  struct OutputArguments : RecursiveASTVisitor<OutputArguments> {
    std::function<void(const Expr *)> write;
    bool VisitCallExpr(CallExpr *call) {
      const FunctionDecl *callee = call->getDirectCallee();
      for (unsigned i = 0; callee && i < call->getNumArgs() && i < callee->getNumParams(); ++i) {
        QualType t = callee->getParamDecl(i)->getType();
        bool out = (t->isPointerType() && !t->getPointeeType().isConstQualified()) ||
                   (t->isReferenceType() && !t.getNonReferenceType().isConstQualified());
        if (out)
          write(call->getArg(i));
      }
      return true;
    }
  } outputArguments;
  outputArguments.write = [&](const Expr *arg) {
    std::set<const ValueDecl *> seen;
    markWritten(writtenBase(arg), seen);
  };
  if (fd->getBody())
    outputArguments.TraverseStmt(fd->getBody());

  for (unsigned i = 0; i < fd->getNumParams(); ++i) {
    const ParmVarDecl *pd = fd->getParamDecl(i);
    ir::Param p;
    p.name = pd->getName().empty() ? "p" + std::to_string(i) : pd->getNameAsString();
    QualType t = pd->getType(), orig = pd->getOriginalType();
    p.cxxType = spell(t);
    auto bad = [&]() {
      refuse(pd->getSourceRange(),
             "parameter '" + p.name + "' has type '" + t.getAsString(ctx_.getPrintingPolicy()) +
                 "', which adgen cannot differentiate yet; supported: float and double "
                 "(by value, reference, pointer or array), adgen::Tensor (by value or "
                 "reference), structs of these, and integral types and pointers to const "
                 "integers (never differentiated)" +
                 (t->isPointerType() && t->getPointeeType()->isArrayType()
                      ? std::string("; for a matrix, pass a flat pointer and index it as "
                                    "m[i * columns + j] (local arrays of arrays are supported)")
                      : std::string()));
    };
    QualType pointee = t->isPointerType() ? t->getPointeeType() : QualType();
    if (isRecord(t) || (!pointee.isNull() && isRecord(pointee))) {
      // A struct, or a pointer to structs: read and written member by member.
      QualType record = pointee.isNull() ? t.getNonReferenceType() : pointee;
      const RecordShape &shape = recordShape(record, pd->getSourceRange());
      requirePublicMembers(record, pd->getSourceRange());
      p.members = shape.leaves;
      p.record = spell(record.getUnqualifiedType());
      p.type = Type::Int; // the widest floating member's type decides activity
      for (const ir::Member &m : shape.leaves)
        if (m.type == Type::Double || (m.type == Type::Float && p.type != Type::Double))
          p.type = m.type;
      bool isConst = record.isConstQualified();
      if (!pointee.isNull()) {
        p.form = orig->isArrayType() ? ir::ParamForm::Array : ir::ParamForm::Pointer;
        p.cxxType = (isConst ? "const " : "") + p.record + "*";
      } else {
        p.form = !t->isReferenceType() ? ir::ParamForm::Value
                 : isConst             ? ir::ParamForm::ConstRef
                                       : ir::ParamForm::Ref;
        p.cxxType = (isConst ? "const " : "") + p.record + (t->isReferenceType() ? "&" : "");
      }
    } else if (std::optional<ArrayShape> shape = arrayShape(t);
        shape && shape->kind != ir::ArrayKind::CArray) {
      // std::vector<T> / std::array<T, N>: read and written like a pointer.
      p.type = shape->element;
      p.form = ir::ParamForm::Container;
      const std::string &e = shape->elementCxx;
      p.container = shape->kind == ir::ArrayKind::Vector
                        ? "std::vector<" + e + ">"
                        : "std::array<" + e + ", " + std::to_string(shape->size) + ">";
      bool isConst = t.getNonReferenceType().isConstQualified();
      p.cxxType = (isConst ? "const " : "") + p.container + (t->isReferenceType() ? "&" : "");
    } else if (t->isPointerType() || orig->isArrayType()) {
      QualType elem = t->getPointeeType();
      std::optional<Type> e = classify(elem);
      if (!e || *e == Type::Bool || ir::isTensor(*e) ||
          (*e == Type::Int && !elem.isConstQualified()))
        bad(); // (integers are read only: indices, counts)
      p.type = *e;
      p.form = orig->isArrayType() ? ir::ParamForm::Array : ir::ParamForm::Pointer;
      p.cxxType = (elem.isConstQualified() ? "const " : "") +
                  (*e == Type::Int ? spell(elem.getUnqualifiedType()) : std::string(ir::cxxName(*e))) +
                  "*";
    } else if (t->isReferenceType()) {
      std::optional<Type> e = classify(t);
      if (!e)
        bad();
      p.type = *e;
      p.form = t.getNonReferenceType().isConstQualified() ? ir::ParamForm::ConstRef
                                                           : ir::ParamForm::Ref;
    } else {
      std::optional<Type> e = classify(t);
      if (!e)
        bad();
      p.type = *e;
      p.form = ir::ParamForm::Value;
    }
    p.active = ir::isFloating(p.type) && (allActive_ || !hasAnnotation(pd, NoGradAnnotation));
    bool mutableTarget = (t->isPointerType() && !t->getPointeeType().isConstQualified()) ||
                         (t->isReferenceType() && !t.getNonReferenceType().isConstQualified());
    if (p.form == ir::ParamForm::Container && !t->isReferenceType())
      mutableTarget = false; // a copy: writes to it are local (refused)
    p.output = mutableTarget && written.count(pd) && ir::isFloating(p.type) &&
               !ir::isTensor(p.type);
    if (requested_) {
      p.active = requested_->count(p.name) > 0;
      if (p.active && !ir::isFloating(p.type))
        refuse(pd->getSourceRange(), "parameter '" + p.name + "' was requested by "
                                     "ADGEN_GRADIENT but is not floating point; only float, "
                                     "double and tensor parameters have gradients");
    }
    paramIndex_[pd] = static_cast<int>(f_.params.size());
    f_.params.push_back(p);
    if (p.isRecord() && (p.form == ir::ParamForm::Value || p.form == ir::ParamForm::ConstRef)) {
      // Read only (a copy, or const): local variables holding its members.
      const ValueDecl *object = newRecord(p.name, t, pd->getLocation());
      records_[pd] = records_.at(object);
      for (size_t k = 0; k < p.members.size(); ++k)
        env_[records_[pd][k]] = f_.graph.load(paramIndex_[pd], p.members[k].type,
                                              f_.graph.constant(0, Type::Int), static_cast<int>(k));
    } else if (p.isRecord() && p.form == ir::ParamForm::Ref) {
      recordParams_[pd] = paramIndex_[pd];
    } else if (p.form == ir::ParamForm::Container) {
      pointerBase_[pd] = paramIndex_[pd];
      env_[pd] = f_.graph.constant(0, Type::Int);
      std::optional<ArrayShape> shape = arrayShape(t);
      containerSize_[pd] =
          shape->kind == ir::ArrayKind::StdArray
              ? f_.graph.constant(static_cast<double>(shape->size), Type::Int)
              : f_.graph.opaque(p.name + ".size", Type::Int, {});
    } else if (p.output && p.form == ir::ParamForm::Ref && !readOutputs_.count(paramIndex_[pd])) {
      outputRefs_.insert(pd); // written with out = value, never read (so far)
    } else if (p.output && p.form == ir::ParamForm::Ref) {
      // (below: an array of one element)
    } else if (p.form == ir::ParamForm::Value || p.form == ir::ParamForm::ConstRef ||
               p.form == ir::ParamForm::Ref) {
      env_[pd] = f_.graph.param(paramIndex_[pd], p.type);
    } else {
      pointerBase_[pd] = paramIndex_[pd];
      env_[pd] = f_.graph.constant(0, Type::Int);
    }
    if (readOutputs_.count(paramIndex_[pd])) {
      // Read and written in place: an array whose elements are the caller's,
      // reached through the pointer (a synthetic variable holds its contents).
      ir::LocalArray a;
      a.name = p.name;
      a.element = p.type;
      a.param = paramIndex_[pd];
      if (std::optional<ArrayShape> shape = arrayShape(t))
        a.kind = shape->kind;
      if (p.form == ir::ParamForm::Ref)
        a.size = 1; // out: out[0]
      int index = static_cast<int>(f_.arrays.size());
      f_.arrays.push_back(a);
      const ValueDecl *contents = synthetic(p.name + "_contents", t, pd->getLocation());
      arrayIndex_[contents] = index;
      NodeId mem = f_.graph.arrayNew(index, f_.graph.constant(0, Type::Int), 0);
      f_.graph.setHint(mem, p.name, 0, 0);
      env_[contents] = mem;
      (p.form == ir::ParamForm::Ref ? refArray_ : pointerArray_)[pd] = contents;
    }
  }
  if (fd->isVariadic())
    refuse(fd->getSourceRange(), "variadic functions cannot be differentiated");
}

// --- Statements ----------------------------------------------------------------

ir::Function FunctionLowering::run() {
  const SourceManager &sm = ctx_.getSourceManager();
  PresumedLoc p = sm.getPresumedLoc(sm.getExpansionLoc(fd_->getLocation()));
  f_.loc = {p.isValid() ? llvm::sys::path::filename(p.getFilename()).str() : "<unknown>",
            p.isValid() ? p.getLine() : 0, p.isValid() ? p.getColumn() : 0};
  lowerSignature();
  const auto *body = dyn_cast_or_null<CompoundStmt>(fd_->getBody());
  if (!body)
    refuse(fd_->getSourceRange(), "function-try-blocks cannot be differentiated; move the "
                                  "try/catch out of the differentiable function");
  f_.result = lowerSeq({body});
  if (f_.returnsVoid)
    f_.result = f_.graph.constant(0, Type::Double); // no value: nothing flows back from it
  if (f_.result == ir::NoNode)
    refuse(SourceRange(body->getRBracLoc()),
           "a differentiable function must return a value on every path");
  // A recursive call's reverse reads the array as the call saw it; an
  // output parameter written after the call (or in a later iteration of a
  // loop around it) would have to be copied, and its size is unknown.
  const ir::Graph &g = f_.graph;
  for (const ParameterCall &pc : parameterCalls_)
    for (NodeId id = 0; id < g.size(); ++id) {
      const ir::Node &n = g.node(id);
      if (n.param != pc.array || (n.op != Op::ArrayStore && n.op != Op::ArrayResize))
        continue;
      bool changed = id > pc.call;
      for (int l = g.loopOf(n.region); l >= 0 && !changed;
           l = g.loopOf(g.region(g.loop(l).body).parent))
        changed = g.within(g.node(pc.call).region, g.loop(l).body);
      if (changed)
        callSites_ = pc.callSites; // (noted with the error)
      if (changed)
        refuse(pc.e, "the output parameter '" + f_.arrays[pc.array].name + "' is passed to a "
                     "function that calls itself and written after the call; copy what the "
                     "call needs into a local array first");
    }
  return std::move(f_);
}

} // namespace adgen::frontend::detail
