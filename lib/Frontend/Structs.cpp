//===- Structs.cpp - structs and classes, member by member --------------------===//
//
// A struct is lowered as its scalar members ("leaves", nested structs
// flattened in declaration order): a local struct `Vec3 q` is one variable
// per leaf (q_x, q_y, q_z), so that branches merge and loops carry each
// member like any variable and the generated code holds plain scalars; a
// struct parameter is read and written member by member (Load / Store of
// member k). Constructors, member functions and operators with visible
// bodies are inlined with `this` bound to the object's leaves; a non-const
// one writes them back (copy in, copy out).
//
//===----------------------------------------------------------------------===//
#include "Frontend/Lowering.h"

namespace adgen::frontend::detail {

/// Whether generated code may name every member of a struct (parameters
/// are read and written member by member).
static bool publicMembers(const CXXRecordDecl *rd) {
  for (const FieldDecl *f : rd->fields()) {
    if (f->getAccess() != AS_public)
      return false;
    if (const CXXRecordDecl *inner = f->getType()->getAsCXXRecordDecl())
      if (!publicMembers(inner))
        return false;
  }
  return true;
}

void FunctionLowering::requirePublicMembers(QualType t, SourceRange where) {
  const CXXRecordDecl *rd = t.getNonReferenceType()->getAsCXXRecordDecl();
  if (rd && !publicMembers(rd))
    refuse(where, "class '" + rd->getNameAsString() + "' has private or protected members, "
                  "which generated code cannot read or write in a parameter; make them public, "
                  "or pass the values as parameters (such a class works as a local variable)");
}

bool FunctionLowering::isRecord(QualType t) const {
  QualType c = t.getNonReferenceType().getCanonicalType();
  const CXXRecordDecl *rd = c->getAsCXXRecordDecl();
  return rd && !rd->isLambda() && !tensorType(c) && !arrayShape(c);
}

const FunctionLowering::RecordShape &FunctionLowering::recordShape(QualType t, SourceRange where) {
  QualType c = t.getNonReferenceType().getCanonicalType().getUnqualifiedType();
  auto it = shapes_.find(c.getTypePtr());
  if (it != shapes_.end())
    return it->second;
  const CXXRecordDecl *rd = c->getAsCXXRecordDecl();
  std::string name = rd->getNameAsString();
  if (!rd->hasDefinition())
    refuse(where, "struct '" + name + "' is not defined here; include its definition");
  if (rd->isUnion())
    refuse(where, "unions cannot be differentiated; use a struct");
  if (rd->isPolymorphic())
    refuse(where, "class '" + name + "' has virtual functions, which adgen cannot "
                  "differentiate; use a struct without virtual functions");
  if (rd->getNumBases() > 0)
    refuse(where, "class '" + name + "' has base classes, which adgen does not support yet; "
                  "make the base a member instead");
  // (A std::array or std::vector of anything but numbers is not an array
  // adgen knows, and its members are the library's.)
  std::string qualified = rd->getQualifiedNameAsString();
  if (qualified == "std::array" || qualified == "std::vector")
    refuse(where, "'" + t.getNonReferenceType().getUnqualifiedType().getAsString(
                            ctx_.getPrintingPolicy()) +
                      "' is not supported: the elements of a std::array or std::vector must "
                      "be float, double or integral; for a matrix use a C array ('double "
                      "m[3][3]') or a flat std::array of rows * columns elements");
  RecordShape shape;
  for (const FieldDecl *field : rd->fields()) {
    if (field->isUnnamedBitfield())
      continue;
    QualType ft = field->getType();
    std::string path = field->getNameAsString();
    if (isRecord(ft) && !ft->isReferenceType()) {
      const RecordShape &inner = recordShape(ft, where);
      for (size_t k = 0; k < inner.leaves.size(); ++k) {
        shape.leaves.push_back({path + "." + inner.leaves[k].path, inner.leaves[k].type});
        shape.leafTypes.push_back(inner.leafTypes[k]);
      }
      continue;
    }
    std::optional<Type> lt = classify(ft);
    if (!lt || ir::isTensor(*lt) || ft->isReferenceType())
      refuse(where, "member '" + name + "::" + path + "' has type '" +
                        ft.getAsString(ctx_.getPrintingPolicy()) +
                        "', which adgen cannot differentiate through; the members of a struct "
                        "must be float, double, integral types or such structs (pass arrays "
                        "and vectors as parameters of their own)");
    shape.leaves.push_back({path, *lt});
    shape.leafTypes.push_back(ft.getUnqualifiedType());
  }
  return shapes_.emplace(c.getTypePtr(), std::move(shape)).first->second;
}

unsigned FunctionLowering::leafCount(QualType t, SourceRange where) {
  return isRecord(t) ? static_cast<unsigned>(recordShape(t, where).leaves.size()) : 1;
}

/// The index of field's first leaf in its struct.
unsigned FunctionLowering::fieldOffset(const FieldDecl *field, SourceRange where) {
  unsigned offset = 0;
  for (const FieldDecl *f : field->getParent()->fields()) {
    if (f == field)
      return offset;
    if (!f->isUnnamedBitfield())
      offset += leafCount(f->getType(), where);
  }
  return offset;
}

const ValueDecl *FunctionLowering::newRecord(const std::string &name, QualType t, SourceLocation at) {
  const RecordShape &shape = recordShape(t, SourceRange(at));
  const ValueDecl *object = synthetic(name, t.getNonReferenceType(), at);
  std::vector<const ValueDecl *> leaves;
  for (size_t k = 0; k < shape.leaves.size(); ++k) {
    std::string leaf = shape.leaves[k].path;
    std::replace(leaf.begin(), leaf.end(), '.', '_');
    leaves.push_back(synthetic(name + "_" + leaf, shape.leafTypes[k], at));
  }
  records_[object] = leaves;
  return object;
}

void FunctionLowering::assignLeaf(const ValueDecl *leaf, NodeId value, const Stmt *at, bool hint) {
  if (value == ir::NoNode) { // an unset member stays unset
    env_.erase(leaf);
    return;
  }
  value = f_.graph.cast(value, *classify(leaf->getType()));
  if (hint) {
    const SourceManager &sm = ctx_.getSourceManager();
    PresumedLoc p = sm.getPresumedLoc(sm.getExpansionLoc(at->getBeginLoc()));
    f_.graph.setHint(value, leaf->getNameAsString(), p.isValid() ? p.getLine() : 0,
                     p.isValid() ? p.getColumn() : 0);
  }
  if (f_.graph.type(value) == Type::Int)
    f_.graph.setCxxType(value, spell(leaf->getType()));
  env_[leaf] = value;
}

// --- Places --------------------------------------------------------------------

std::optional<FunctionLowering::Place> FunctionLowering::pointee(const Expr *pointer) {
  const Expr *p = pointer->IgnoreParenImpCasts();
  const ValueDecl *object = nullptr;
  if (isa<CXXThisExpr>(p))
    object = this_;
  else if (const auto *ref = dyn_cast<DeclRefExpr>(p); ref && records_.count(ref->getDecl()))
    object = ref->getDecl(); // a helper's pointer parameter bound to a local struct
  if (object) {
    const auto &vars = records_.at(object);
    return Place{vars, std::nullopt, 0, static_cast<unsigned>(vars.size())};
  }
  PointerValue pv = lowerPointer(pointer);
  if (pv.array)
    refuse(pointer, "arrays of structs are only supported as parameters");
  const ir::Param &param = f_.params[pv.param];
  return Place{{}, pv, 0, static_cast<unsigned>(param.members.size())};
}

/// The place a struct-typed lvalue, or a member of one, names; nothing for
/// values that live nowhere (a call's result, a constructed temporary).
std::optional<FunctionLowering::Place> FunctionLowering::place(const Expr *e) {
  e = e->IgnoreParens();
  if (const auto *c = dyn_cast<ImplicitCastExpr>(e);
      c && (c->getCastKind() == CK_NoOp || c->getCastKind() == CK_LValueToRValue))
    return place(c->getSubExpr());
  if (const auto *ref = dyn_cast<DeclRefExpr>(e)) {
    const ValueDecl *d = ref->getDecl();
    if (auto it = records_.find(d); it != records_.end() && !d->getType()->isPointerType())
      return Place{it->second, std::nullopt, 0, static_cast<unsigned>(it->second.size())};
    if (auto it = recordParams_.find(d); it != recordParams_.end())
      return Place{{}, PointerValue{it->second, f_.graph.constant(0, Type::Int)}, 0,
                   static_cast<unsigned>(f_.params[it->second].members.size())};
    return std::nullopt;
  }
  if (const auto *uo = dyn_cast<UnaryOperator>(e); uo && uo->getOpcode() == UO_Deref &&
                                                   isRecord(e->getType()))
    return pointee(uo->getSubExpr());
  if (const auto *as = dyn_cast<ArraySubscriptExpr>(e); as && isRecord(e->getType())) {
    PointerValue pv = indexed(as->getBase(), as->getIdx());
    if (pv.array)
      refuse(e, "arrays of structs are only supported as parameters");
    return Place{{}, pv, 0, static_cast<unsigned>(f_.params[pv.param].members.size())};
  }
  if (const auto *me = dyn_cast<MemberExpr>(e)) {
    const auto *field = dyn_cast<FieldDecl>(me->getMemberDecl());
    if (!field)
      return std::nullopt;
    std::optional<Place> base = me->isArrow() ? pointee(me->getBase()) : place(me->getBase());
    if (!base)
      return std::nullopt;
    base->first += fieldOffset(field, me->getSourceRange());
    base->count = leafCount(field->getType(), me->getSourceRange());
    return base;
  }
  return std::nullopt;
}

/// Where a number passed by reference lives: a local variable (or a
/// caller's copy of one, see refCopies_), a local struct's member, an
/// element of a local array or of an output parameter, or the function's own
/// T& output parameter.
std::optional<FunctionLowering::Place> FunctionLowering::scalarPlace(const Expr *arg) {
  const Expr *e = arg->IgnoreParenImpCasts();
  if (const auto *ref = dyn_cast<DeclRefExpr>(e)) {
    const auto *vd = dyn_cast<VarDecl>(ref->getDecl());
    if (vd && vd->hasLocalStorage() && !pointerBase_.count(vd) && !arrayOf(vd) &&
        !records_.count(vd) && (!vd->getType()->isReferenceType() || refCopies_.count(vd)))
      return Place{{vd}, std::nullopt, 0, 1};
  }
  if (isa<MemberExpr>(e))
    if (std::optional<Place> p = place(e); p && p->count == 1)
      return p;
  if (std::optional<PointerValue> pv = elementOf(e))
    return Place{{}, *pv, 0, 1};
  return std::nullopt;
}

std::vector<NodeId> FunctionLowering::readPlace(const Place &p, const Expr *at) {
  std::vector<NodeId> out;
  for (unsigned k = p.first; k < p.first + p.count; ++k) {
    if (!p.address) {
      auto it = env_.find(p.vars[k]);
      out.push_back(it == env_.end() ? ir::NoNode : it->second);
      continue;
    }
    PointerValue pv = *p.address;
    pv.member = static_cast<int>(k);
    out.push_back(loadElement(pv, at));
  }
  return out;
}

void FunctionLowering::writePlace(const Place &p, const std::vector<NodeId> &values, const Stmt *at) {
  for (unsigned k = 0; k < p.count; ++k) {
    if (!p.address) {
      assignLeaf(p.vars[p.first + k], values[k], at);
      continue;
    }
    if (values[k] == ir::NoNode)
      refuse(at, "this struct has members that were never assigned; assign every member "
                 "before copying it into an output parameter");
    PointerValue pv = *p.address;
    pv.member = static_cast<int>(p.first + k);
    storeElement(pv, values[k], at);
  }
}

/// The syntactic local struct leaves an lvalue names (for the variables a
/// loop carries); empty when it names none.
std::vector<const ValueDecl *> FunctionLowering::localLeaves(const Expr *e) const {
  e = e->IgnoreParenImpCasts();
  auto whole = [this](const ValueDecl *d) -> std::vector<const ValueDecl *> {
    auto it = d ? records_.find(d) : records_.end();
    return it == records_.end() ? std::vector<const ValueDecl *>{} : it->second;
  };
  auto object = [&](const Expr *pointer) -> std::vector<const ValueDecl *> {
    pointer = pointer->IgnoreParenImpCasts();
    if (isa<CXXThisExpr>(pointer))
      return whole(this_);
    if (const auto *ref = dyn_cast<DeclRefExpr>(pointer))
      return whole(ref->getDecl());
    if (const auto *uo = dyn_cast<UnaryOperator>(pointer); uo && uo->getOpcode() == UO_AddrOf)
      return localLeaves(uo->getSubExpr());
    return {};
  };
  if (const auto *ref = dyn_cast<DeclRefExpr>(e))
    return ref->getType()->isPointerType() ? std::vector<const ValueDecl *>{}
                                           : whole(ref->getDecl());
  if (const auto *uo = dyn_cast<UnaryOperator>(e); uo && uo->getOpcode() == UO_Deref)
    return object(uo->getSubExpr());
  if (const auto *me = dyn_cast<MemberExpr>(e)) {
    const auto *field = dyn_cast<FieldDecl>(me->getMemberDecl());
    std::vector<const ValueDecl *> base =
        me->isArrow() ? object(me->getBase()) : localLeaves(me->getBase());
    if (!field || base.empty())
      return {};
    auto *self = const_cast<FunctionLowering *>(this); // shapes are cached
    unsigned first = self->fieldOffset(field, me->getSourceRange());
    unsigned count = self->leafCount(field->getType(), me->getSourceRange());
    return std::vector<const ValueDecl *>(base.begin() + first, base.begin() + first + count);
  }
  return {};
}

namespace {
/// What a statement may change in local structs: assignment targets, the
/// objects of non-const member functions and operators, and arguments bound
/// to non-const references or pointers.
class RecordMutations : public RecursiveASTVisitor<RecordMutations> {
public:
  std::vector<const Expr *> targets;
  bool VisitCXXMemberCallExpr(CXXMemberCallExpr *e) {
    if (const CXXMethodDecl *m = e->getMethodDecl(); m && !m->isConst() && !m->isStatic())
      if (const Expr *object = e->getImplicitObjectArgument())
        targets.push_back(object->getType()->isPointerType() ? derefOf(object) : object);
    return true;
  }
  bool VisitCallExpr(CallExpr *e) {
    const FunctionDecl *callee = e->getDirectCallee();
    if (!callee)
      return true;
    unsigned shift = 0;
    if (const auto *m = dyn_cast<CXXMethodDecl>(callee); m && isa<CXXOperatorCallExpr>(e) &&
                                                          !m->isStatic()) {
      if (!m->isConst() && e->getNumArgs() > 0)
        targets.push_back(e->getArg(0));
      shift = 1;
    }
    for (unsigned i = 0; i + shift < e->getNumArgs() && i < callee->getNumParams(); ++i) {
      QualType t = callee->getParamDecl(i)->getType();
      if (t->isReferenceType() && !t.getNonReferenceType().isConstQualified())
        targets.push_back(e->getArg(i + shift));
      else if (t->isPointerType() && !t->getPointeeType().isConstQualified())
        targets.push_back(derefOf(e->getArg(i + shift)));
    }
    return true;
  }
  // `&q` passed as a pointer names q; other pointers name nothing local.
  const Expr *derefOf(const Expr *pointer) {
    const auto *uo = dyn_cast<UnaryOperator>(pointer->IgnoreParenImpCasts());
    return uo && uo->getOpcode() == UO_AddrOf ? uo->getSubExpr() : pointer;
  }
};
} // namespace

void FunctionLowering::carriedRecords(const Stmt *s, std::set<const ValueDecl *> &out) const {
  if (!s)
    return;
  AssignmentTargets assignments;
  assignments.TraverseStmt(const_cast<Stmt *>(s));
  RecordMutations mutations;
  mutations.TraverseStmt(const_cast<Stmt *>(s));
  std::vector<const Expr *> all = assignments.targets;
  all.insert(all.end(), mutations.targets.begin(), mutations.targets.end());
  for (const Expr *target : all)
    for (const ValueDecl *leaf : localLeaves(target))
      out.insert(leaf);
}

// --- Values ----------------------------------------------------------------------

/// The leaves of a struct-typed expression.
std::vector<NodeId> FunctionLowering::lowerRecord(const Expr *e) {
  if (const Expr *inner = wrapped(e))
    return lowerRecord(inner);
  switch (e->getStmtClass()) {
  case Stmt::ImplicitCastExprClass:
  case Stmt::CXXFunctionalCastExprClass:
  case Stmt::CStyleCastExprClass:
  case Stmt::CXXStaticCastExprClass: {
    const auto *c = cast<CastExpr>(e);
    CastKind k = c->getCastKind();
    if (k == CK_NoOp || k == CK_LValueToRValue || k == CK_ConstructorConversion ||
        k == CK_UserDefinedConversion)
      return lowerRecord(c->getSubExpr());
    refuse(e, std::string("conversion '") + c->getCastKindName() + "' of a struct is not supported");
  }
  case Stmt::ImplicitValueInitExprClass: {
    const RecordShape &shape = recordShape(e->getType(), e->getSourceRange());
    std::vector<NodeId> zeros;
    for (const ir::Member &m : shape.leaves)
      zeros.push_back(f_.graph.constant(0, m.type));
    return zeros;
  }
  case Stmt::InitListExprClass:
    return lowerInitList(cast<InitListExpr>(e));
  case Stmt::CXXConstructExprClass:
  case Stmt::CXXTemporaryObjectExprClass:
    return lowerConstruct(cast<CXXConstructExpr>(e));
  case Stmt::CallExprClass:
  case Stmt::CXXOperatorCallExprClass:
  case Stmt::CXXMemberCallExprClass: {
    const auto *call = cast<CallExpr>(e);
    const FunctionDecl *callee = call->getDirectCallee();
    const FunctionDecl *def = nullptr;
    if (!callee)
      refuse(e, "indirect calls (through function pointers) cannot be differentiated; call "
                "the function directly");
    if (const auto *m = dyn_cast<CXXMethodDecl>(callee); m && m->isVirtual())
      refuse(e, "virtual calls cannot be differentiated; call a non-virtual function");
    if (!callee->hasBody(def) || !def ||
        ctx_.getSourceManager().isInSystemHeader(callee->getLocation()))
      refuse(e, "'" + callee->getQualifiedNameAsString() + "' returns a struct and has no body "
                "adgen can see; define it in a header the file includes");
    std::vector<NodeId> result;
    inlineCall(call, def, &result);
    return result;
  }
  case Stmt::ConditionalOperatorClass: {
    const auto *co = cast<ConditionalOperator>(e);
    ir::Graph &g = f_.graph;
    NodeId cond = lowerCondition(co->getCond());
    RegionIdT outer = g.current(), thenR = g.openIf(cond);
    g.enter(thenR);
    std::vector<NodeId> a = lowerRecord(co->getTrueExpr());
    g.enter(thenR + 1);
    std::vector<NodeId> b = lowerRecord(co->getFalseExpr());
    g.enter(outer);
    std::vector<NodeId> out;
    for (size_t k = 0; k < a.size(); ++k)
      out.push_back(a[k] == ir::NoNode || b[k] == ir::NoNode ? ir::NoNode
                                                             : g.phi(thenR, a[k], b[k]));
    return out;
  }
  default:
    break;
  }
  if (std::optional<Place> p = place(e))
    return readPlace(*p, e);
  refuse(e, std::string("this expression of struct type ('") + e->getStmtClassName() +
                "') is not supported in a differentiable function");
}

std::vector<NodeId> FunctionLowering::lowerInitList(const InitListExpr *e) {
  if (e->getNumInits() == 1 && isRecord(e->getInit(0)->getType()) &&
      ctx_.hasSameUnqualifiedType(e->getInit(0)->getType(), e->getType()))
    return lowerRecord(e->getInit(0)); // Vec3 q{p}: a copy
  const CXXRecordDecl *rd = e->getType()->getAsCXXRecordDecl();
  recordShape(e->getType(), e->getSourceRange()); // refuses what is not a plain struct
  std::vector<NodeId> out;
  unsigned i = 0;
  for (const FieldDecl *field : rd->fields()) {
    if (field->isUnnamedBitfield())
      continue;
    const Expr *init = i < e->getNumInits() ? e->getInit(i) : nullptr;
    ++i;
    if (!init)
      init = field->getInClassInitializer();
    if (isRecord(field->getType())) {
      std::vector<NodeId> inner;
      if (init)
        inner = lowerRecord(init);
      else
        for (const ir::Member &m : recordShape(field->getType(), e->getSourceRange()).leaves)
          inner.push_back(f_.graph.constant(0, m.type));
      out.insert(out.end(), inner.begin(), inner.end());
      continue;
    }
    Type t = *classify(field->getType());
    out.push_back(init && !isa<ImplicitValueInitExpr>(init) ? f_.graph.cast(lower(init), t)
                                                            : f_.graph.constant(0, t));
  }
  return out;
}

/// A constructor call: trivial copies copy, `T{}` zeroes, a trivial default
/// constructor leaves the members unset; others are inlined: the member
/// initializers (in-class ones included), then the body, on a new object.
std::vector<NodeId> FunctionLowering::lowerConstruct(const CXXConstructExpr *e) {
  const CXXConstructorDecl *ctor = e->getConstructor();
  const RecordShape &shape = recordShape(e->getType(), e->getSourceRange());
  if (ctor->isCopyOrMoveConstructor() && ctor->isTrivial())
    return lowerRecord(e->getArg(0));
  std::vector<NodeId> out;
  if (ctor->isTrivial() || (e->requiresZeroInitialization() && ctor->isDefaulted())) {
    for (const ir::Member &m : shape.leaves)
      out.push_back(e->requiresZeroInitialization() ? f_.graph.constant(0, m.type) : ir::NoNode);
    if (ctor->isTrivial())
      return out;
  }
  const FunctionDecl *def = nullptr;
  if (!ctor->hasBody(def) || !def)
    refuse(e, "the constructor of '" + ctor->getParent()->getNameAsString() +
                  "' has no body adgen can see; define it in a header the file includes");
  if (std::find(inlined_.begin(), inlined_.end(), def) != inlined_.end())
    refuse(e, "recursive constructors are not supported");
  const auto *body = cast<CXXConstructorDecl>(def);
  const ValueDecl *object = newRecord(ctor->getParent()->getNameAsString(), e->getType(),
                                      e->getBeginLoc());
  const std::vector<const ValueDecl *> &leaves = records_.at(object);
  for (size_t k = 0; k < out.size(); ++k) // zero-initialized first (T{} with a default ctor)
    assignLeaf(leaves[k], out[k], e, false);
  // The arguments, as for any call.
  for (unsigned i = 0; i < body->getNumParams(); ++i) {
    const ParmVarDecl *pd = body->getParamDecl(i);
    const Expr *arg = e->getArg(i);
    QualType t = pd->getType();
    if (isRecord(t)) {
      if (t->isReferenceType() && !t.getNonReferenceType().isConstQualified())
        refuse(arg, "constructors taking non-const references are not supported");
      std::vector<NodeId> values = lowerRecord(arg);
      const ValueDecl *copy = newRecord(pd->getNameAsString(), t, pd->getLocation());
      records_[pd] = records_.at(copy);
      for (size_t k = 0; k < values.size(); ++k)
        assignLeaf(records_[pd][k], values[k], e, false);
      continue;
    }
    std::optional<Type> pt = classify(t);
    if (!pt || t->isPointerType())
      refuse(arg, "a constructor argument of type '" + t.getAsString(ctx_.getPrintingPolicy()) +
                      "' is not supported");
    env_[pd] = f_.graph.cast(lower(arg), *pt);
  }
  const ValueDecl *savedThis = this_;
  this_ = object;
  inlined_.push_back(def);
  for (const CXXCtorInitializer *init : body->inits()) {
    if (!init->isMemberInitializer())
      refuse(e, "this constructor initializer is not supported (base classes and delegating "
                "constructors are not)");
    const FieldDecl *field = init->getMember();
    unsigned first = fieldOffset(field, e->getSourceRange());
    std::vector<NodeId> values = isRecord(field->getType())
                                     ? lowerRecord(init->getInit())
                                     : std::vector<NodeId>{lower(init->getInit())};
    for (size_t k = 0; k < values.size(); ++k)
      assignLeaf(leaves[first + k], values[k], e, false);
  }
  if (def->getBody())
    lowerSeq({def->getBody()});
  inlined_.pop_back();
  this_ = savedThis;
  out.clear();
  for (const ValueDecl *leaf : leaves) {
    auto it = env_.find(leaf);
    out.push_back(it == env_.end() ? ir::NoNode : it->second);
  }
  return out;
}

/// A scalar member: q.x, p->x, pts[i].x, x inside a member function, f().x.
NodeId FunctionLowering::lowerMember(const MemberExpr *e) {
  const auto *field = dyn_cast<FieldDecl>(e->getMemberDecl());
  if (!field)
    refuse(e, "'" + e->getMemberDecl()->getNameAsString() + "' cannot be used here");
  if (isRecord(e->getType()))
    refuse(e, "a struct member is used as a value here; use its members");
  std::vector<NodeId> values;
  if (std::optional<Place> p = place(e)) {
    values = readPlace(*p, e);
  } else { // a member of a struct value
    std::vector<NodeId> whole = lowerRecord(e->getBase());
    values = {whole[fieldOffset(field, e->getSourceRange())]};
  }
  if (values[0] == ir::NoNode)
    refuse(e, "member '" + field->getNameAsString() + "' is read before it is assigned");
  return values[0];
}

// --- Declarations, assignments, returns -----------------------------------------------

/// Declares a local struct; false when vd is not one. `const S& r = ...`
/// of a parameter's struct (never written) reads the same members.
bool FunctionLowering::lowerRecordDecl(const VarDecl *vd) {
  if (!isRecord(vd->getType()))
    return false;
  if (vd->getType()->isReferenceType()) {
    std::optional<Place> p = vd->getInit() ? place(vd->getInit()) : std::nullopt;
    bool input = p && p->address && !f_.params[p->address->param].output;
    // ... or (a member of) a struct parameter passed by const reference.
    const Expr *root = vd->getInit();
    while (root) {
      root = root->IgnoreParenImpCasts();
      const auto *me = dyn_cast<MemberExpr>(root);
      if (!me || me->isArrow())
        break;
      root = me->getBase();
    }
    const auto *ref = root ? dyn_cast<DeclRefExpr>(root) : nullptr;
    const auto *pd = ref ? dyn_cast<ParmVarDecl>(ref->getDecl()) : nullptr;
    input = input || (p && pd && pd->getType()->isReferenceType() &&
                      pd->getType().getNonReferenceType().isConstQualified());
    if (!vd->getType().getNonReferenceType().isConstQualified() || !input)
      refuse(vd->getSourceRange(), "local reference '" + vd->getNameAsString() +
                                       "' is only supported as a const reference to (a member of) "
                                       "a struct parameter passed by const reference or pointer; copy the value instead");
  }
  std::vector<NodeId> values;
  if (const Expr *init = vd->getInit())
    values = lowerRecord(init);
  const ValueDecl *object = newRecord(vd->getNameAsString(), vd->getType(), vd->getLocation());
  records_[vd] = records_.at(object);
  for (size_t k = 0; k < values.size(); ++k)
    assignLeaf(records_[vd][k], values[k], vd->getInit());
  return true;
}

/// Statements on structs: q = expr, *out = expr, q.f() / q += r (inlined,
/// written back). False for anything else.
bool FunctionLowering::lowerRecordEffect(const Expr *e) {
  const auto *call = dyn_cast<CallExpr>(e);
  if (!call)
    return false;
  const auto *oc = dyn_cast<CXXOperatorCallExpr>(e);
  if (oc && oc->getOperator() == OO_Equal && oc->getNumArgs() == 2 &&
      isRecord(oc->getArg(0)->getType())) {
    const auto *assignment = dyn_cast_or_null<CXXMethodDecl>(oc->getDirectCallee());
    if (assignment && assignment->isTrivial()) {
      std::optional<Place> target = place(oc->getArg(0));
      if (!target)
        refuse(oc->getArg(0), "this assignment target is not supported");
      writePlace(*target, lowerRecord(oc->getArg(1)), e);
      return true;
    }
  }
  const Expr *object = nullptr;
  if (const auto *mc = dyn_cast<CXXMemberCallExpr>(e))
    object = mc->getImplicitObjectArgument();
  else if (oc && isa_and_nonnull<CXXMethodDecl>(oc->getDirectCallee()) && oc->getNumArgs() > 0)
    object = oc->getArg(0);
  bool onRecord = object && isRecord(object->getType()->isPointerType()
                                         ? object->getType()->getPointeeType()
                                         : object->getType());
  bool recordArgs = false;
  for (const Expr *arg : call->arguments())
    recordArgs = recordArgs || isRecord(arg->getType()) ||
                 (arg->getType()->isPointerType() && isRecord(arg->getType()->getPointeeType()));
  if (!onRecord && !(oc && recordArgs))
    return false;
  const FunctionDecl *callee = call->getDirectCallee();
  const FunctionDecl *def = nullptr;
  if (!callee)
    refuse(e, "indirect calls cannot be differentiated; call the function directly");
  if (const auto *m = dyn_cast<CXXMethodDecl>(callee); m && m->isVirtual())
    refuse(e, "virtual calls cannot be differentiated; call a non-virtual function");
  if (!callee->hasBody(def) || !def)
    refuse(e, "'" + callee->getQualifiedNameAsString() + "' has no body adgen can see; define "
              "it in a header the file includes");
  std::vector<NodeId> ignored;
  inlineCall(call, def, isRecord(callee->getReturnType()) ? &ignored : nullptr);
  return true;
}

/// After an if/else whose branches both returned: an inlined call's struct
/// result is what each branch returned.
void FunctionLowering::mergeReturnSlots(RegionIdT thenRegion, const Env &thenEnv,
                                        const Env &elseEnv) {
  for (const ValueDecl *slot : returnSlots_) {
    auto a = thenEnv.find(slot), b = elseEnv.find(slot);
    if (a == thenEnv.end() || b == elseEnv.end())
      env_.erase(slot);
    else
      env_[slot] = f_.graph.phi(thenRegion, a->second, b->second);
  }
}

} // namespace adgen::frontend::detail
