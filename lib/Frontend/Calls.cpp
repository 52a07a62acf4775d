//===- Calls.cpp - <cmath>, inlining, calls without derivative ---------------===//
//
// <cmath> functions map to operations of the rule table; calls to the
// user's functions are inlined; integral results and ADGEN_NO_GRAD functions
// are called as in the primal.
//
//===----------------------------------------------------------------------===//
#include "Frontend/Lowering.h"

namespace adgen::frontend::detail {

namespace {
/// How a callee uses its parameter `pd`, a number by reference: read
/// (anything but the left side of a plain `=`), written (assigned, updated,
/// or passed on to a call that may write it).
struct RefUses {
  bool reads = false, writes = false;
};
struct RefUseFinder : RecursiveASTVisitor<RefUseFinder> {
  const ParmVarDecl *pd;
  RefUses uses;
  std::set<const Expr *> assigned; // left sides of a plain `=`
  bool names(const Expr *e) const {
    const auto *ref = dyn_cast<DeclRefExpr>(e->IgnoreParenImpCasts());
    return ref && ref->getDecl() == pd;
  }
  bool VisitBinaryOperator(BinaryOperator *b) {
    if (b->isAssignmentOp() && names(b->getLHS())) {
      uses.writes = true;
      if (b->getOpcode() == BO_Assign)
        assigned.insert(b->getLHS()->IgnoreParenImpCasts());
    }
    return true;
  }
  bool VisitUnaryOperator(UnaryOperator *u) {
    if (u->isIncrementDecrementOp() && names(u->getSubExpr()))
      uses.writes = true;
    return true;
  }
  bool VisitCallExpr(CallExpr *c) {
    for (const Expr *a : c->arguments())
      if (names(a))
        uses.writes = true; // (conservative: the callee may write it)
    return true;
  }
  bool VisitDeclRefExpr(DeclRefExpr *r) {
    if (r->getDecl() == pd && !assigned.count(r))
      uses.reads = true;
    return true;
  }
};
RefUses refUses(const FunctionDecl *def, const ParmVarDecl *pd) {
  RefUseFinder f;
  f.pd = pd;
  f.TraverseStmt(def->getBody());
  return f.uses;
}
} // namespace

/// The <cmath> functions adgen knows, by their double-precision name.
const llvm::StringMap<Op> &mathFunctions() {
  static const llvm::StringMap<Op> table = {
      {"sin", Op::Sin},     {"cos", Op::Cos},     {"tan", Op::Tan},     {"asin", Op::Asin},
      {"acos", Op::Acos},   {"atan", Op::Atan},   {"atan2", Op::Atan2}, {"sinh", Op::Sinh},
      {"cosh", Op::Cosh},   {"tanh", Op::Tanh},   {"asinh", Op::Asinh}, {"acosh", Op::Acosh},
      {"atanh", Op::Atanh}, {"exp", Op::Exp},     {"exp2", Op::Exp2},   {"expm1", Op::Expm1},
      {"log", Op::Log},     {"log2", Op::Log2},   {"log10", Op::Log10}, {"log1p", Op::Log1p},
      {"sqrt", Op::Sqrt},   {"cbrt", Op::Cbrt},   {"pow", Op::Pow},     {"hypot", Op::Hypot},
      {"fabs", Op::Fabs},   {"abs", Op::Fabs},    {"fmin", Op::Fmin},   {"fmax", Op::Fmax},
  };
  return table;
}

NodeId FunctionLowering::lowerCall(const CallExpr *e) {
  const FunctionDecl *callee = e->getDirectCallee();
  if (!callee)
    refuse(e, "indirect calls (through function pointers) cannot be differentiated; call "
              "the function directly");
  // A constant (std::numeric_limits<double>::infinity(), HUGE_VAL): its value.
  if ((callee->isConstexpr() || callee->getBuiltinID() != 0) && e->getNumArgs() == 0 &&
      classify(e->getType()) &&
      !ir::isTensor(*classify(e->getType()))) {
    Expr::EvalResult r;
    if (e->EvaluateAsRValue(r, ctx_) && !r.HasSideEffects) {
      Type t = *classify(e->getType());
      if (r.Val.isFloat())
        return f_.graph.constant(r.Val.getFloat().convertToDouble(), t);
      if (r.Val.isInt())
        return f_.graph.constant(static_cast<double>(r.Val.getInt().getExtValue()), t);
    }
  }
  // v[i] and v.size() of a local std::vector or std::array.
  if (const auto *oc = dyn_cast<CXXOperatorCallExpr>(e);
      oc && oc->getOperator() == OO_Subscript && subscriptable(oc->getArg(0)))
    return lowerElement(oc->getArg(0), oc->getArg(1), e);
  if (const auto *mc = dyn_cast<CXXMemberCallExpr>(e)) {
    if (const ValueDecl *array = localArray(mc->getImplicitObjectArgument()))
      return lowerArrayMember(e, array);
    if (const ValueDecl *param = containerParam(mc->getImplicitObjectArgument()))
      return lowerArrayMember(e, param);
  }
  if (customs_)
    if (auto it = customs_->find(callee->getCanonicalDecl()); it != customs_->end())
      return customCall(e, callee, it->second);
  // Member functions and operators of the user's structs: inlined.
  if (const auto *m = dyn_cast<CXXMethodDecl>(callee); m && !m->isStatic() && m->getParent() &&
                                                        isRecord(ctx_.getRecordType(m->getParent()))) {
    if (m->isVirtual())
      refuse(e, "virtual calls cannot be differentiated; call a non-virtual function");
    const FunctionDecl *def = nullptr;
    if (!m->hasBody(def) || !def)
      refuse(e, "'" + m->getQualifiedNameAsString() + "' has no body adgen can see; define it "
                "in a header the file includes");
    if (!classify(e->getType()) || ir::isTensor(*classify(e->getType())))
      refuse(e, "calls to '" + m->getQualifiedNameAsString() + "', which returns '" +
                    m->getReturnType().getAsString(ctx_.getPrintingPolicy()) +
                    "', cannot be used as a value here");
    return inlineCall(e, def);
  }
  // adgen's tensor API (a tensor's members and adgen:: functions); the
  // user's own tensor functions are inlined below like any other.
  bool tensorApi = llvm::StringRef(callee->getQualifiedNameAsString()).startswith("adgen::");
  if (isa<CXXMemberCallExpr>(e) ||
      (tensorApi && (tensorType(e->getType()) ||
                     (e->getNumArgs() > 0 && tensorType(e->getArg(0)->getType())))))
    return lowerTensorCall(e);
  // <cmath>: recognised by name in the global or std namespace (under
  // libstdc++, std::sin(double) is ::sin), float variants by their f suffix.
  const DeclContext *dc = callee->getDeclContext()->getRedeclContext();
  bool library = (dc->isTranslationUnit() || dc->isStdNamespace()) &&
                 (callee->getBuiltinID() != 0 ||
                  ctx_.getSourceManager().isInSystemHeader(callee->getLocation()));
  std::string name = callee->getIdentifier() ? callee->getName().str() : "";
  std::optional<Type> t = classify(e->getType());
  if (library && !name.empty()) {
    const auto &fns = mathFunctions();
    auto it = fns.find(name);
    std::string base = name.substr(0, name.size() - 1);
    if (it == fns.end() && name.size() > 1 && fns.count(base)) {
      if (name.back() == 'l')
        refuse(e, "long double is not supported; use '" + base + "' on double");
      if (name.back() == 'f')
        it = fns.find(base);
    }
    if (it != fns.end()) {
      if (!t || *t == Type::Int || ir::isTensor(*t))
        refuse(e, "'" + name + "' on this type is not differentiable; call it on float or "
                  "double");
      return lowerMathCall(e, it->second, *t);
    }
  }
  std::string what = library ? callee->getNameAsString() : callee->getQualifiedNameAsString();
  // No derivative needed: an integral result, or a function the user marked
  // ADGEN_NO_GRAD. The generated code calls it as the primal does.
  // (An integral helper that writes through a reference or pointer is
  // inlined for its effects: int next(int &j) { return j++; }.)
  const FunctionDecl *body = nullptr;
  if (t && (*t == Type::Int || *t == Type::Bool) && mayWriteArguments(callee) && !library &&
      !hasAnnotation(callee, NoGradAnnotation) && callee->hasBody(body) && body &&
      !ctx_.getSourceManager().isInSystemHeader(callee->getLocation()))
    return inlineCall(e, body);
  if (t && (*t == Type::Int || *t == Type::Bool || hasAnnotation(callee, NoGradAnnotation)))
    return opaqueCall(e, callee, *t);
  if (library)
    refuse(e, "'" + what + "' is not a differentiable function adgen knows; see "
              "docs/supported.md for the list of <cmath> functions");
  const FunctionDecl *def = nullptr;
  if (!callee->hasBody(def) || !def)
    refuse(e, "'" + what + "' has no body adgen can see; define it in a header the file "
              "includes, or mark it ADGEN_NO_GRAD if it needs no derivative");
  if (!t)
    refuse(e, "calls to '" + what + "', which returns '" +
                  callee->getReturnType().getAsString(ctx_.getPrintingPolicy()) +
                  "', cannot be used as a value; call a void helper as a statement of its own");
  return inlineCall(e, def);
}

/// A call to a user function with a visible body is inlined: its parameters
/// are bound to the arguments and its body is lowered in place, so the
/// gradient sees through it (no call overhead, common subexpressions shared).
/// A member function's object is bound to `this`; structs passed by
/// non-const reference or pointer (and a non-const member function's object)
/// are copied in and written back after the body.
NodeId FunctionLowering::inlineCall(const CallExpr *e, const FunctionDecl *def,
                                    std::vector<NodeId> *record) {
  const FunctionDecl *canonical = def->getCanonicalDecl();
  bool recursive = canonical == fd_->getCanonicalDecl();
  for (const FunctionDecl *open : inlined_)
    recursive = recursive || open->getCanonicalDecl() == canonical;
  if (recursive) {
    if (record)
      refuse(e, "'" + def->getQualifiedNameAsString() + "' calls itself and returns a struct; "
                "a recursive function adgen differentiates returns float or double");
    return recursiveCall(e, def);
  }
  ir::Graph &g = f_.graph;
  // A member function's object, and where the arguments for the parameters
  // start (an operator that is a member takes its object as argument 0).
  const Expr *object = nullptr;
  unsigned shift = 0;
  const auto *method = dyn_cast<CXXMethodDecl>(def);
  if (method && method->isStatic())
    method = nullptr;
  if (const auto *mc = dyn_cast<CXXMemberCallExpr>(e); mc && method)
    object = mc->getImplicitObjectArgument();
  else if (isa<CXXOperatorCallExpr>(e) && method)
    object = e->getArg(0), shift = 1;
  struct WriteBack {
    Place to;
    const ValueDecl *from;
  };
  std::vector<WriteBack> writeBacks;
  struct RefWriteBack {
    Place to;
    const ParmVarDecl *from;
    const Expr *arg;
  };
  std::vector<RefWriteBack> refWriteBacks; // numbers passed by reference
  // What each argument lets the callee reach (a variable, or an output
  // parameter's or a local array's elements): a number passed by reference
  // is a copy, so it may not also be reachable through another argument.
  struct Target {
    const ValueDecl *var;
    int param;
    const ValueDecl *array;
    bool byReference;
    const Expr *arg;
    NodeId element = ir::NoNode; // a number by reference: its index in the array
  };
  std::vector<Target> targets;
  // A struct argument: a copy of its members in the callee's own variables.
  auto bindRecord = [&](const ValueDecl *decl, const std::string &name, QualType t,
                        const Expr *arg, bool isObject, bool writes) {
    std::optional<Place> at;
    std::vector<NodeId> values;
    if (isObject && object->getType()->isPointerType())
      at = pointee(object);
    else if (!isObject && t->isPointerType()) {
      const auto *uo = dyn_cast<UnaryOperator>(arg->IgnoreParenImpCasts());
      if (uo && uo->getOpcode() == UO_AddrOf)
        at = place(uo->getSubExpr());
      else
        at = pointee(arg);
    } else {
      at = place(arg);
    }
    values = at ? readPlace(*at, arg) : lowerRecord(arg);
    if (at && at->address)
      targets.push_back({nullptr, at->address->array ? -1 : at->address->param,
                         at->address->array, false, isObject ? object : arg});
    else if (at)
      for (unsigned k = at->first; k < at->first + at->count; ++k)
        targets.push_back({at->vars[k], -1, nullptr, false, isObject ? object : arg});
    const ValueDecl *copy = newRecord(name, isObject ? object->getType()->isPointerType()
                                                           ? object->getType()->getPointeeType()
                                                           : object->getType()
                                                     : t->isPointerType() ? t->getPointeeType() : t,
                                      decl ? decl->getLocation() : e->getBeginLoc());
    for (size_t k = 0; k < values.size(); ++k)
      assignLeaf(records_.at(copy)[k], values[k], e, false);
    if (writes) {
      if (!at)
        refuse(arg, "a temporary is passed where '" + def->getNameAsString() +
                        "' writes its argument; pass a variable");
      writeBacks.push_back({*at, copy});
    }
    return copy;
  };
  std::vector<std::function<void()>> binds;
  const ValueDecl *self = nullptr;
  if (object) {
    // The object's members keep its name (q.scale(2) updates q_x, q_y).
    std::string name = "self";
    const Expr *o = object->IgnoreParenImpCasts();
    if (const auto *uo = dyn_cast<UnaryOperator>(o); uo && uo->getOpcode() == UO_AddrOf)
      o = uo->getSubExpr()->IgnoreParenImpCasts();
    if (const auto *ref = dyn_cast<DeclRefExpr>(o))
      name = ref->getDecl()->getNameAsString();
    else if (const auto *me = dyn_cast<MemberExpr>(o))
      name = me->getMemberDecl()->getNameAsString();
    self = bindRecord(nullptr, name, QualType(), object, true, !method->isConst());
  }
  for (unsigned i = 0; i < def->getNumParams(); ++i) {
    const ParmVarDecl *pd = def->getParamDecl(i);
    QualType t = pd->getType();
    const Expr *arg = e->getArg(i + shift);
    bool recordPointer = t->isPointerType() && isRecord(t->getPointeeType());
    if (isRecord(t) || recordPointer) {
      QualType target = recordPointer ? t->getPointeeType() : t.getNonReferenceType();
      bool writes = (t->isReferenceType() || recordPointer) && !target.isConstQualified();
      const auto *uo = dyn_cast<UnaryOperator>(arg->IgnoreParenImpCasts());
      bool local = !recordPointer || (uo && uo->getOpcode() == UO_AddrOf) ||
                   isa<CXXThisExpr>(arg->IgnoreParenImpCasts()) ||
                   (isa<DeclRefExpr>(arg->IgnoreParenImpCasts()) &&
                    records_.count(cast<DeclRefExpr>(arg->IgnoreParenImpCasts())->getDecl()));
      if (local) { // a struct value, or a pointer to a local struct
        const ValueDecl *copy = bindRecord(pd, pd->getNameAsString(), t, arg, false, writes);
        binds.push_back([this, pd, copy] { records_[pd] = records_.at(copy); });
        continue;
      }
      // Otherwise a pointer into a parameter (an array of structs): below.
    }
    if (t->isPointerType()) {
      PointerValue pv = lowerPointer(arg);
      targets.push_back({nullptr, pv.array ? -1 : pv.param, pv.array, false, arg});
      if (!t->getPointeeType().isConstQualified() && !pv.array && !f_.params[pv.param].output)
        refuse(arg, "this argument points into an input parameter, which '" +
                        def->getNameAsString() + "' may write; pass a local array or an "
                        "output parameter, or make the parameter a pointer to const");
      binds.push_back([this, pd, pv] {
        pointerBase_[pd] = pv.param;
        if (pv.array)
          pointerArray_[pd] = pv.array;
        else
          pointerArray_.erase(pd);
        env_[pd] = pv.offset;
      });
      continue;
    }
    if (arrayShape(t) && containerParam(arg) && t->isReferenceType()) {
      // A std::vector / std::array parameter passed on: the same elements.
      const ValueDecl *outer = containerParam(arg);
      auto inPlace = pointerArray_.find(outer);
      targets.push_back({nullptr, pointerBase_.at(outer),
                         inPlace == pointerArray_.end() ? nullptr : inPlace->second, false, arg});
      binds.push_back([this, pd, outer] {
        pointerBase_[pd] = pointerBase_.at(outer);
        pointerArray_.erase(pd);
        env_[pd] = f_.graph.constant(0, Type::Int);
        containerSize_[pd] = containerSize_.at(outer);
      });
      continue;
    }
    if (arrayShape(t)) { // std::vector / std::array by reference: the caller's array
      const ValueDecl *array = localArray(arg);
      if (!array || !t->isReferenceType())
        refuse(arg, "pass a local array by reference here ('const std::vector<double>&' or "
                    "'std::vector<double>&')");
      targets.push_back({nullptr, -1, array, false, arg});
      binds.push_back([this, pd, array] { arrayAlias_[pd] = array; });
      continue;
    }
    if (t->isReferenceType() && !t.getNonReferenceType().isConstQualified()) {
      // A number by reference (double &acc): the callee works on a copy,
      // written back when it returns. The copy is taken only if the callee
      // may read it, so that a plain output (out[i]) stays one.
      std::optional<Place> at = scalarPlace(arg);
      if (!at || !classify(t.getNonReferenceType()))
        refuse(arg, "'" + def->getNameAsString() + "' takes '" + pd->getNameAsString() +
                        "' by reference; pass a variable, a member of a local struct, an "
                        "element of a local array or of an output parameter, or the function's "
                        "own output reference, of float, double or integer type");
      RefUses uses = refUses(def, pd);
      bool plainOutput = at->address && !at->address->array && at->address->param >= 0;
      NodeId value = uses.reads || !plainOutput ? readPlace(*at, arg).front() : ir::NoNode;
      if (at->address)
        targets.push_back({nullptr, at->address->array ? -1 : at->address->param,
                           at->address->array, true, arg, at->address->offset});
      else
        targets.push_back({at->vars[at->first], -1, nullptr, true, arg});
      if (uses.writes)
        refWriteBacks.push_back({*at, pd, arg});
      binds.push_back([this, pd, value] {
        refCopies_.insert(pd);
        if (value != ir::NoNode)
          env_[pd] = value;
        else
          env_.erase(pd);
      });
      continue;
    }
    std::optional<Type> pt = classify(t);
    if (!pt)
      refuse(arg, "an argument of type '" + t.getAsString(ctx_.getPrintingPolicy()) +
                      "' is not supported");
    if (t->isReferenceType()) // const T&: it sees what a by-reference argument changes
      if (std::optional<Place> at = scalarPlace(arg)) {
        if (at->address)
          targets.push_back({nullptr, at->address->array ? -1 : at->address->param,
                             at->address->array, false, arg, at->address->offset});
        else
          targets.push_back({at->vars[at->first], -1, nullptr, false, arg});
      }
    NodeId value = g.cast(lower(arg), *pt);
    binds.push_back([this, pd, value] { env_[pd] = value; });
  }
  // An index as base + constant (i + 1: (i, 1); 2: (none, 2)).
  auto split = [&](NodeId n) -> std::pair<NodeId, double> {
    const ir::Node &k = g.node(n);
    if (k.op == ir::Op::Const)
      return {ir::NoNode, k.value};
    if ((k.op == ir::Op::Add || k.op == ir::Op::Sub) && g.node(k.args[1]).op == ir::Op::Const)
      return {k.args[0], k.op == ir::Op::Add ? g.node(k.args[1]).value : -g.node(k.args[1]).value};
    if (k.op == ir::Op::Add && g.node(k.args[0]).op == ir::Op::Const)
      return {k.args[1], g.node(k.args[0]).value};
    return {n, 0};
  };
  for (size_t a = 0; a < targets.size(); ++a)
    for (size_t b = 0; b < a; ++b) {
      const Target &x = targets[a], &y = targets[b];
      bool same = x.var ? x.var == y.var
                        : (x.array ? x.array == y.array : !y.var && !y.array && x.param == y.param);
      // (Two elements whose indices differ by a constant are apart:
      // swap(t[0], t[2]), swap(t[i], t[i + 1]).)
      bool apart = false;
      if (x.element != ir::NoNode && y.element != ir::NoNode) {
        auto [xb, xc] = split(x.element);
        auto [yb, yc] = split(y.element);
        apart = xb == yb && xc != yc;
      }
      if (same && !apart && (x.byReference || y.byReference))
        refuse(x.arg, "this argument reaches what an earlier argument of '" +
                          def->getNameAsString() + "' reaches, and one of them is passed by "
                          "reference: adgen cannot tell which the callee sees; pass a copy "
                          "in a local variable");
    }
  // Bound only once every argument is evaluated: an argument may inline the
  // same function again (mul(a, mul(b, c))), which binds its parameters too.
  for (const auto &bind : binds)
    bind();
  inlined_.push_back(def);
  callSites_.push_back(e);
  Type savedReturn = returnType_;
  const ValueDecl *savedReturned = returned_, *savedRetval = retval_, *savedThis = this_;
  std::vector<const ValueDecl *> savedSlots = returnSlots_;
  returned_ = retval_ = nullptr;
  this_ = self;
  returnSlots_.clear();
  int savedDepth = loopDepth_;
  QualType rt = def->getReturnType();
  bool isVoid = rt->isVoidType();
  if (isRecord(rt)) {
    if (!record)
      refuse(e, "the struct '" + def->getNameAsString() + "' returns is not used; use it or "
                "call a function that returns nothing");
    returnSlots_ = records_.at(newRecord(def->getNameAsString(), rt, e->getBeginLoc()));
    for (const ValueDecl *slot : returnSlots_) // (each path that returns sets them)
      env_[slot] = g.constant(0, *classify(slot->getType()));
    returnType_ = Type::Double;
  } else {
    returnType_ = isVoid ? Type::Double : *classify(rt);
  }
  loopDepth_ = 0;
  NodeId r = lowerSeq({def->getBody()});
  if (isVoid)
    r = g.constant(0, Type::Double); // (nothing uses it)
  else if (r == ir::NoNode)
    refuse(def->getSourceRange(), "'" + def->getNameAsString() +
                                      "' must return a value on every path");
  if (record) {
    record->clear();
    for (const ValueDecl *slot : returnSlots_)
      record->push_back(env_.count(slot) ? env_.at(slot) : ir::NoNode);
  }
  for (const RefWriteBack &w : refWriteBacks) {
    // Assigned on some paths only, to an output not read so far: the other
    // paths keep its value, so it is read (lowered again, in and out).
    if (!env_.count(w.from) && w.to.address && !w.to.address->array &&
        w.to.address->param >= 0)
      throw ReadsOutput{w.to.address->param};
    if (!env_.count(w.from))
      refuse(w.arg, "'" + def->getNameAsString() + "' assigns '" + w.from->getNameAsString() +
                        "' on some paths only, and its value before the call is unknown; "
                        "give it a value before the call");
    writePlace(w.to, {env_.at(w.from)}, e);
  }
  for (const WriteBack &w : writeBacks) {
    std::vector<NodeId> values;
    for (const ValueDecl *leaf : records_.at(w.from))
      values.push_back(env_.count(leaf) ? env_.at(leaf) : ir::NoNode);
    writePlace(w.to, values, e);
  }
  loopDepth_ = savedDepth;
  returnType_ = savedReturn;
  returned_ = savedReturned;
  retval_ = savedRetval;
  this_ = savedThis;
  returnSlots_ = savedSlots;
  inlined_.pop_back();
  callSites_.pop_back();
  return r;
}

/// `::ns::name` for a function at namespace scope. An anonymous namespace is
/// left out: qualified lookup finds its members in the enclosing namespace.
static std::string qualified(const FunctionDecl *f, const std::string &name) {
  std::string q = name;
  for (const DeclContext *dc = f->getDeclContext(); dc; dc = dc->getParent())
    if (const auto *ns = dyn_cast<NamespaceDecl>(dc); ns && !ns->isAnonymousNamespace())
      q = ns->getNameAsString() + "::" + q;
  return "::" + q;
}

/// A call of a function to itself, directly or through others (recursion):
/// it cannot be inlined, so it is made as a whole (Custom) and its reverse
/// calls the function's vjp, which adgen generates once (Frontend.cpp).
/// Arrays passed to it are read as the call saw them: the reverse sweep
/// passes a copy taken after the call (Snapshot) if later code changes one.
NodeId FunctionLowering::recursiveCall(const CallExpr *e, const FunctionDecl *def) {
  std::string name = def->getQualifiedNameAsString();
  auto unsupported = [&](const Expr *at, const std::string &what) {
    refuse(at, "'" + name + "' calls itself, and " + what + "; a recursive function adgen "
               "differentiates is a free function that returns float or double and takes "
               "float, double or integers by value and pointers to const float, double or "
               "integers (arrays it only reads)");
  };
  if (const auto *m = dyn_cast<CXXMethodDecl>(def); m && !m->isStatic())
    unsupported(e, "it is a member function");
  for (const DeclContext *dc = def->getDeclContext(); dc; dc = dc->getParent())
    if (!isa<NamespaceDecl>(dc) && !isa<TranslationUnitDecl>(dc) && !isa<LinkageSpecDecl>(dc))
      unsupported(e, "it is not at namespace scope");
  QualType rt = def->getReturnType();
  std::optional<Type> t = classify(rt);
  if (!t || !ir::isFloating(*t) || ir::isTensor(*t))
    unsupported(e, "it returns '" + rt.getAsString(ctx_.getPrintingPolicy()) + "'");
  // (Its vjp is a plain function named after it: two instantiations that
  // differ only in template arguments the call spells would share it.)
  if (const auto *ref = dyn_cast<DeclRefExpr>(e->getCallee()->IgnoreParenImpCasts());
      ref && ref->hasExplicitTemplateArgs())
    refuse(e, "'" + name + "' calls itself with explicit template arguments; recursive "
              "function templates are supported where the arguments deduce them");
  ir::CustomFunction c;
  c.function = qualified(def, def->getNameAsString());
  c.vjp = qualified(def, def->getNameAsString() + "_vjp");
  c.generated = true;
  std::vector<NodeId> operands;
  std::vector<std::pair<int, NodeId>> arrays; // (local array, its contents) passed
  for (unsigned i = 0; i < def->getNumParams(); ++i) {
    const ParmVarDecl *pd = def->getParamDecl(i);
    QualType pt = pd->getType();
    const Expr *arg = e->getArg(i);
    std::string spelled = "parameter '" + pd->getNameAsString() + "' has type '" +
                          pt.getAsString(ctx_.getPrintingPolicy()) + "'";
    ir::CallArg a;
    if (pt->isPointerType()) {
      QualType elem = pt->getPointeeType();
      std::optional<Type> et = classify(elem);
      if (!elem.isConstQualified() || !et || *et == Type::Bool || ir::isTensor(*et) ||
          isRecord(elem))
        unsupported(arg, spelled);
      PointerValue pv = lowerPointer(arg);
      if (pv.array) {
        a.form = ir::ArgForm::ArrayPointer;
        a.index = arrayIndex_.at(pv.array);
        if (f_.arrays[a.index].grows)
          refuse(arg, "a std::vector that changes size (push_back, resize) cannot be passed to "
                      "'" + name + "', which calls itself; declare it with its final size");
        operands.push_back(env_.at(pv.array));
        arrays.push_back({a.index, env_.at(pv.array)});
      } else {
        const ir::Param &p = f_.params[pv.param];
        if (p.isRecord())
          unsupported(arg, "its argument points into a struct");
        if (p.output)
          refuse(arg, "the output parameter '" + p.name + "' cannot be passed to '" + name +
                          "', which calls itself; copy what it needs into a local array");
        a.form = ir::ArgForm::ParamPointer;
        a.index = pv.param;
      }
      operands.push_back(pv.offset);
      a.active = ir::isFloating(*et);
    } else {
      std::optional<Type> vt = classify(pt);
      if (!vt || ir::isTensor(*vt) || isRecord(pt.getNonReferenceType()) ||
          (pt->isReferenceType() && !pt.getNonReferenceType().isConstQualified()))
        unsupported(arg, spelled);
      operands.push_back(f_.graph.cast(lower(arg), *vt));
      // (ADGEN_NO_GRAD on a parameter is the caller's wish for no adjoint;
      // inside the recursion the argument may depend on active values.)
      a.active = ir::isFloating(*vt);
      if (pt.getNonReferenceType()->isEnumeralType()) // an enumerator prints as a number
        a.cast = spell(pt.getNonReferenceType().getUnqualifiedType());
    }
    c.args.push_back(a);
  }
  int index = 0;
  while (index < static_cast<int>(f_.customs.size()) && !(f_.customs[index] == c))
    ++index;
  if (index == static_cast<int>(f_.customs.size()))
    f_.customs.push_back(c);
  NodeId call = located(f_.graph.custom(index, *t, std::move(operands)), e);
  for (auto [array, mem] : arrays) {
    const ir::LocalArray &a = f_.arrays[array];
    std::string element = a.elementCxx.empty() ? ir::cxxName(a.element) : a.elementCxx;
    // A fixed-size array's copy is a std::array (no allocation, also on a
    // tape), a vector's a vector.
    std::string type = a.kind == ir::ArrayKind::Vector
                           ? "std::vector<" + element + ">"
                           : "std::array<" + element + ", " + std::to_string(a.size) + ">";
    NodeId copy = f_.graph.snapshot(array, mem, call, type);
    f_.graph.setHint(copy, a.name + "_copy", 0, 0);
    if (a.isParameter()) // (its size is unknown: it cannot be copied; see run())
      parameterCalls_.push_back({e, call, array, callSites_});
  }
  if (std::find(recursive_.begin(), recursive_.end(), def) == recursive_.end())
    recursive_.push_back(def);
  return call;
}

/// A call to a function with a user-provided vjp (ADGEN_CUSTOM_VJP): made
/// as in the primal; the reverse sweep calls the vjp (the signatures were
/// checked where the macro is).
NodeId FunctionLowering::customCall(const CallExpr *e, const FunctionDecl *callee,
                                    const FunctionDecl *vjp) {
  std::vector<NodeId> args;
  ir::CustomFunction c{"::" + callee->getQualifiedNameAsString(),
                       "::" + vjp->getQualifiedNameAsString()};
  for (unsigned i = 0; i < e->getNumArgs(); ++i) {
    Type t = *classify(callee->getParamDecl(i)->getType());
    args.push_back(f_.graph.cast(lower(e->getArg(i)), t));
    c.args.push_back({ir::ArgForm::Value, -1, ir::isFloating(t)});
  }
  int index = 0;
  while (index < static_cast<int>(f_.customs.size()) && !(f_.customs[index] == c))
    ++index;
  if (index == static_cast<int>(f_.customs.size()))
    f_.customs.push_back(c);
  return f_.graph.custom(index, *classify(callee->getReturnType()), std::move(args));
}

/// A call evaluated as in the primal, with no derivative (its result is an
/// integer, or the user marked the function ADGEN_NO_GRAD).
NodeId FunctionLowering::opaqueCall(const CallExpr *e, const FunctionDecl *callee, Type t) {
  std::vector<NodeId> args;
  for (unsigned i = 0; i < e->getNumArgs(); ++i) {
    const Expr *a = e->getArg(i);
    QualType pt = i < callee->getNumParams() ? callee->getParamDecl(i)->getType() : a->getType();
    if (a->getType()->isPointerType() || pt->isPointerType() ||
        (pt->isReferenceType() && !pt.getNonReferenceType().isConstQualified()))
      refuse(a, "only values can be passed to a function called without derivative ('" +
                    callee->getNameAsString() + "'): it could change what a pointer or "
                    "reference reaches, which adgen cannot see");
    if (!classify(a->getType()))
      refuse(a, "an argument of type '" + a->getType().getAsString(ctx_.getPrintingPolicy()) +
                    "' is not supported");
    args.push_back(lower(a));
  }
  std::string name = "::" + callee->getQualifiedNameAsString();
  return f_.graph.opaque(name, t, std::move(args));
}

NodeId FunctionLowering::lowerMathCall(const CallExpr *e, Op op, Type t) {
  int arity = ir::info(op).arity;
  if (static_cast<int>(e->getNumArgs()) != arity)
    refuse(e, "'" + e->getDirectCallee()->getNameAsString() + "' expects " +
                  std::to_string(arity) + " argument(s)");
  std::vector<NodeId> args;
  for (const Expr *a : e->arguments())
    args.push_back(f_.graph.cast(lower(a), t)); // std::pow(x, 2) promotes 2 to double
  return f_.graph.make(op, t, std::move(args));
}

} // namespace adgen::frontend::detail
