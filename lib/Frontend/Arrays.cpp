//===- Arrays.cpp - local arrays: T a[N], std::array, std::vector -------------===//
//
// A local array is a variable whose value is its contents (a Mem node): a
// write makes new contents (ArrayStore), a read names the contents it reads
// (ArrayLoad), so that branches merge arrays and loops carry them like any
// variable, and the DAG keeps reads and writes in program order. Pointers
// into a local array (a, v.data(), &a[k], a + k) are (array, offset) pairs, so
// a helper's output pointer can write into the caller's scratch space.
//
//===----------------------------------------------------------------------===//
#include "Frontend/Lowering.h"

namespace adgen::frontend::detail {

/// T a[N], std::array<T, N> or std::vector<T> of a floating or integral T.
std::optional<FunctionLowering::ArrayShape> FunctionLowering::arrayShape(QualType t) const {
  t = t.getNonReferenceType().getCanonicalType();
  if (const ConstantArrayType *ca = ctx_.getAsConstantArrayType(t)) {
    // T a[N][M]: one array of N * M elements, row after row (see scalarCount).
    QualType element = ca->getElementType();
    while (const ConstantArrayType *inner = ctx_.getAsConstantArrayType(element))
      element = inner->getElementType();
    std::optional<Type> e = classify(element);
    if (!e || ir::isTensor(*e) || element->isArrayType())
      return std::nullopt;
    return ArrayShape{ir::ArrayKind::CArray, *e, scalarCount(t), spell(element.getUnqualifiedType())};
  }
  const auto *spec = dyn_cast_or_null<ClassTemplateSpecializationDecl>(t->getAsCXXRecordDecl());
  if (!spec || !spec->getDeclContext()->getRedeclContext()->isStdNamespace())
    return std::nullopt;
  const TemplateArgumentList &args = spec->getTemplateArgs();
  std::string name = spec->getName().str();
  if ((name != "array" && name != "vector") || args.size() < 1 ||
      args[0].getKind() != TemplateArgument::Type)
    return std::nullopt;
  std::optional<Type> e = classify(args[0].getAsType());
  if (!e || ir::isTensor(*e))
    return std::nullopt;
  std::string cxx = spell(args[0].getAsType());
  if (name == "vector")
    return ArrayShape{ir::ArrayKind::Vector, *e, 0, cxx};
  if (args.size() < 2 || args[1].getKind() != TemplateArgument::Integral)
    return std::nullopt;
  return ArrayShape{ir::ArrayKind::StdArray, *e, args[1].getAsIntegral().getExtValue(), cxx};
}

const ValueDecl *FunctionLowering::arrayOf(const ValueDecl *d) const {
  for (auto it = arrayAlias_.find(d); it != arrayAlias_.end(); it = arrayAlias_.find(d))
    d = it->second;
  return arrayIndex_.count(d) ? d : nullptr;
}

const ValueDecl *FunctionLowering::containerParam(const Expr *e) const {
  const auto *ref = dyn_cast<DeclRefExpr>(e->IgnoreParenImpCasts());
  return ref && containerSize_.count(ref->getDecl()) ? ref->getDecl() : nullptr;
}

const ValueDecl *FunctionLowering::localArray(const Expr *e) const {
  const auto *ref = dyn_cast<DeclRefExpr>(e->IgnoreParenImpCasts());
  return ref ? arrayOf(ref->getDecl()) : nullptr;
}

/// How many numbers a value of type t holds: 1, or the product of the sizes
/// of nested C arrays (T[N][M]: N * M).
long long FunctionLowering::scalarCount(QualType t) const {
  long long n = 1;
  for (t = t.getCanonicalType(); const ConstantArrayType *ca = ctx_.getAsConstantArrayType(t);
       t = ca->getElementType().getCanonicalType())
    n *= static_cast<long long>(ca->getSize().getZExtValue());
  return n;
}

/// The elements of a nested C array's initializer (`{{1, 0}, {0, 1}}`), by
/// position in the flattened array; nullptr where none is given (zeros).
void FunctionLowering::flatInit(const Expr *init, QualType t, long long at,
                                std::vector<const Expr *> &out) const {
  const ConstantArrayType *ca = ctx_.getAsConstantArrayType(t.getCanonicalType());
  const auto *list = dyn_cast<InitListExpr>(init->IgnoreImplicit());
  if (!ca || !list) {
    out[static_cast<size_t>(at)] = init;
    return;
  }
  long long stride = scalarCount(ca->getElementType());
  for (unsigned i = 0; i < list->getNumInits(); ++i)
    flatInit(list->getInit(i), ca->getElementType(), at + i * stride, out);
}

/// The elements an initializer list gives, in order (std::array's braces
/// around its member array are looked through).
static std::vector<const Expr *> initElements(const Expr *init) {
  const auto *list = dyn_cast<InitListExpr>(init->IgnoreImplicit());
  if (!list)
    return {};
  if (list->getNumInits() == 1)
    if (const auto *inner = dyn_cast<InitListExpr>(list->getInit(0)->IgnoreImplicit()))
      list = inner;
  std::vector<const Expr *> out;
  for (unsigned i = 0; i < list->getNumInits(); ++i)
    out.push_back(list->getInit(i));
  return out;
}

/// Declares a local array; false when vd is not one.
bool FunctionLowering::lowerArrayDecl(const VarDecl *vd) {
  std::optional<ArrayShape> shape = arrayShape(vd->getType());
  if (!shape)
    return false;
  ir::Graph &g = f_.graph;
  ir::LocalArray a{vd->getNameAsString(), shape->element, shape->kind, shape->size, false,
                   shape->element == Type::Int ? shape->elementCxx : ""};
  const Expr *init = vd->getInit();
  NodeId size;
  double fill = 0;
  std::vector<const Expr *> elements;
  const Expr *copyOf = nullptr;
  if (shape->kind == ir::ArrayKind::Vector) {
    const auto *ce = init ? dyn_cast<CXXConstructExpr>(init->IgnoreImplicit()) : nullptr;
    std::vector<const Expr *> args;
    bool listOrCopy = ce && ce->isListInitialization(); // {x, y}: an initializer_list
    if (ce)
      for (const Expr *arg : ce->arguments()) {
        if (isa<CXXDefaultArgExpr>(arg))
          continue;
        if (arg->getType()->isRecordType()) // another vector, an initializer_list
          listOrCopy = true;
        args.push_back(arg);
      }
    if (!ce || listOrCopy || ce->getConstructor()->isCopyOrMoveConstructor() ||
        (!args.empty() && !args[0]->getType()->isIntegerType()))
      refuse(vd->getSourceRange(),
             "std::vector '" + a.name + "' must be declared empty or with its size "
             "('std::vector<double> " + a.name + "(n)' or '(n, value)'); copies and initializer "
             "lists are not supported yet");
    size = args.empty() ? g.constant(0, Type::Int) : lower(args[0]);
    a.filled = true; // std::vector<T>(n) value-initializes: zeros
    if (args.size() > 1) {
      NodeId v = lower(args[1]);
      if (g.node(v).op != Op::Const)
        refuse(args[1], "a std::vector filled with a computed value is not supported yet; "
                        "declare it with its size and assign the elements in a loop");
      fill = g.node(v).value;
    }
  } else {
    size = g.constant(static_cast<double>(shape->size), Type::Int);
    if (init && isa<InitListExpr>(init->IgnoreImplicit())) {
      a.filled = true; // the elements not listed are zeros
      if (vd->getType()->getAsArrayTypeUnsafe() &&
          vd->getType()->getAsArrayTypeUnsafe()->getElementType()->isArrayType()) {
        elements.assign(static_cast<size_t>(shape->size), nullptr);
        flatInit(init, vd->getType(), 0, elements);
      } else {
        elements = initElements(init);
      }
    } else if (const auto *ce = init ? dyn_cast<CXXConstructExpr>(init->IgnoreImplicit())
                                     : nullptr;
               ce && ce->getNumArgs() > 0) {
      // std::array<double, 3> b = a: a copy, element by element, of a local
      // std::array or a std::array parameter.
      const Expr *from = ce->getArg(0)->IgnoreImplicit();
      if (const auto *list = dyn_cast<InitListExpr>(from); list && list->getNumInits() == 1)
        from = list->getInit(0)->IgnoreImplicit(); // b{a}
      if (ce->getNumArgs() != 1 || !ce->getConstructor()->isCopyOrMoveConstructor() ||
          (!localArray(from) && !containerParam(from)))
        refuse(init, "this initializer of a local array is not supported; copy a local "
                     "std::array or a std::array parameter, use '= {}' or a list of values");
      copyOf = from;
    } else if (init && !isa<CXXConstructExpr>(init->IgnoreImplicit())) {
      refuse(init, "this initializer of a local array is not supported; use '= {}' or a list "
                   "of values");
    }
  }
  int index = static_cast<int>(f_.arrays.size());
  f_.arrays.push_back(a);
  arrayIndex_[vd] = index;
  arraySize_[vd] = size;
  if (shape->kind == ir::ArrayKind::Vector) { // its size may change: a variable
    const ValueDecl *n = synthetic(a.name + "_size", ctx_.getSizeType(), vd->getLocation());
    sizeVars_[vd] = n;
    env_[n] = g.castToInt(size, "std::size_t");
  }
  NodeId mem = g.arrayNew(index, size, fill);
  if (copyOf) { // (the source is read before this array exists: not itself)
    env_[vd] = mem;
    PointerValue source = lowerPointer(copyOf);
    for (long long k = 0; k < shape->size; ++k) {
      PointerValue at = source;
      at.offset = g.add(source.offset, g.constant(static_cast<double>(k), Type::Int));
      NodeId v = g.cast(loadElement(at, copyOf), shape->element);
      mem = g.arrayStore(index, mem, g.constant(static_cast<double>(k), Type::Int), v);
    }
  }
  for (size_t k = 0; k < elements.size(); ++k) {
    if (!elements[k] || isa<ImplicitValueInitExpr>(elements[k]))
      continue;
    NodeId v = g.cast(lower(elements[k]), shape->element);
    mem = g.arrayStore(index, mem, g.constant(static_cast<double>(k), Type::Int), v);
  }
  g.setHint(mem, a.name, 0, 0);
  env_[vd] = mem;
  return true;
}

NodeId FunctionLowering::loadElement(const PointerValue &pv, const Expr *whole) {
  if (pv.array) {
    int index = arrayIndex_.at(pv.array);
    return located(f_.graph.arrayLoad(index, f_.arrays[index].element, env_.at(pv.array), pv.offset),
                   whole);
  }
  if (f_.params[pv.param].output) {
    if (readOutputs_.count(pv.param)) // (reached another way: a helper's reference to it)
      refuse(whole, "reading the output parameter '" + f_.params[pv.param].name +
                        "' through a helper's reference is not supported yet; pass " +
                        f_.params[pv.param].name + ".data() or a pointer");
    if (!f_.params[pv.param].isRecord())
      throw ReadsOutput{pv.param}; // lowered again, with the parameter as an array
    refuse(whole, "reading the output parameter '" + f_.params[pv.param].name +
                      "' (a struct) is not supported yet; keep the value in a local variable");
  }
  const ir::Param &p = f_.params[pv.param];
  if (p.isRecord())
    return located(f_.graph.load(pv.param, p.members[pv.member].type, pv.offset, pv.member), whole);
  return located(f_.graph.load(pv.param, p.type, pv.offset), whole);
}

void FunctionLowering::storeElement(const PointerValue &pv, NodeId value, const Stmt *at) {
  if (pv.array) {
    int index = arrayIndex_.at(pv.array);
    value = f_.graph.cast(value, f_.arrays[index].element);
    env_[pv.array] = located(f_.graph.arrayStore(index, env_.at(pv.array), pv.offset, value), at);
    return;
  }
  if (!f_.params[pv.param].output)
    refuse(at, "writes through pointers are only supported into the function's own output "
               "parameters and local arrays (written as p[i] = value)");
  const ir::Param &p = f_.params[pv.param];
  value = f_.graph.cast(value, p.isRecord() ? p.members[pv.member].type : p.type);
  f_.stores.push_back(located(f_.graph.store(pv.param, pv.offset, value, pv.member), at));
}

/// The element an assignment's left side names (p[i], *p, *(p + k), v[i]),
/// or nothing.
std::optional<FunctionLowering::PointerValue> FunctionLowering::elementOf(const Expr *lhs) {
  const Expr *e = lhs->IgnoreParenImpCasts();
  const Expr *base = nullptr, *index = nullptr;
  if (const auto *ref = dyn_cast<DeclRefExpr>(e)) { // out, a T& output parameter
    const auto *pd = dyn_cast<ParmVarDecl>(ref->getDecl());
    NodeId zero = f_.graph.constant(0, Type::Int);
    if (pd && refArray_.count(pd))
      return PointerValue{-1, zero, refArray_.at(pd)};
    if (pd && outputRefs_.count(pd))
      return PointerValue{paramIndex_.at(pd), zero};
    return std::nullopt;
  }
  if (const auto *as = dyn_cast<ArraySubscriptExpr>(e)) {
    base = as->getBase();
    index = as->getIdx();
  } else if (const auto *uo = dyn_cast<UnaryOperator>(e); uo && uo->getOpcode() == UO_Deref) {
    base = uo->getSubExpr();
  } else if (const auto *oc = dyn_cast<CXXOperatorCallExpr>(e);
             oc && oc->getOperator() == OO_Subscript && subscriptable(oc->getArg(0))) {
    base = oc->getArg(0);
    index = oc->getArg(1);
  } else {
    return std::nullopt;
  }
  return indexed(base, index);
}

/// The element base[index] (base itself without an index) as a pointer.
FunctionLowering::PointerValue FunctionLowering::indexed(const Expr *base, const Expr *index) {
  PointerValue pv = lowerPointer(base);
  if (index) {
    NodeId i = lower(index);
    if (f_.graph.type(i) != Type::Int)
      refuse(index, "array index must be an integer");
    i = scaled(i, base);
    pv.offset = f_.graph.isConst(pv.offset, 0) ? i : f_.graph.add(pv.offset, i);
  }
  return pv;
}

/// k steps of `pointer`, in numbers: k, or k * 3 for a pointer to rows of
/// three (`A + 1` of `double A[2][3]`).
NodeId FunctionLowering::scaled(NodeId k, const Expr *pointer) {
  QualType t = pointer->getType();
  QualType pointee = t->isPointerType()  ? t->getPointeeType()
                     : t->isArrayType() ? QualType(t->getAsArrayTypeUnsafe()->getElementType())
                                        : QualType();
  long long n = pointee.isNull() ? 1 : scalarCount(pointee);
  return n == 1 ? k : f_.graph.mul(k, f_.graph.constant(static_cast<double>(n), Type::Int));
}

/// v.size(), v.empty(), v.back() and v.front() of a local array; a local
/// std::vector's push_back, emplace_back, resize, assign, clear and reserve
/// (as statements). The other members are refused.
NodeId FunctionLowering::lowerArrayMember(const CallExpr *e, const ValueDecl *array) {
  const auto *mc = cast<CXXMemberCallExpr>(e);
  ir::Graph &g = f_.graph;
  std::string name = mc->getMethodDecl()->getNameAsString();
  auto size = [&]() {
    if (containerSize_.count(array))
      return containerSize_.at(array);
    if (sizeVars_.count(array))
      return env_.at(sizeVars_.at(array));
    return g.castToInt(arraySize_.at(array), "std::size_t");
  };
  if (name == "size" && mc->getNumArgs() == 0)
    return size();
  if (name == "empty" && mc->getNumArgs() == 0)
    return g.make(Op::Eq, Type::Bool, {size(), g.constant(0, Type::Int)});
  if ((name == "back" || name == "front") && mc->getNumArgs() == 0) {
    NodeId index = name == "front" ? g.constant(0, Type::Int)
                                   : g.sub(size(), g.constant(1, Type::Int));
    PointerValue pv = containerSize_.count(array)
                          ? PointerValue{pointerBase_.at(array), g.constant(0, Type::Int)}
                          : PointerValue{-1, g.constant(0, Type::Int), array};
    pv.offset = index;
    return loadElement(pv, e);
  }
  if (sizeVars_.count(array) && arrayIndex_.count(array)) {
    // A local std::vector that changes size: v.resize(n) is an ArrayResize;
    // push_back(x) a resize by one, then a store.
    int index = arrayIndex_.at(array);
    const ir::LocalArray &a = f_.arrays[index];
    const ValueDecl *sizeVar = sizeVars_.at(array);
    auto resize = [&](NodeId n, double fill) {
      NodeId old = env_.at(sizeVar);
      f_.arrays[index].grows = true;
      env_[array] = located(g.arrayResize(index, env_.at(array), n, old, fill), e);
      env_[sizeVar] = n;
      return old;
    };
    auto constantFill = [&](const Expr *v) {
      NodeId c = lower(v);
      if (g.node(c).op != Op::Const)
        refuse(v, "filling a std::vector with a computed value is not supported yet; resize "
                  "it and assign the elements in a loop");
      return g.node(c).value;
    };
    if ((name == "push_back" || name == "emplace_back") && mc->getNumArgs() == 1) {
      NodeId value = g.cast(lower(mc->getArg(0)), a.element);
      NodeId old = resize(g.add(env_.at(sizeVar), g.constant(1, Type::Int)), 0);
      env_[array] = located(g.arrayStore(index, env_.at(array), old, value), e);
      return g.constant(0, Type::Int);
    }
    if (name == "resize" && (mc->getNumArgs() == 1 || mc->getNumArgs() == 2)) {
      resize(lower(mc->getArg(0)), mc->getNumArgs() == 2 ? constantFill(mc->getArg(1)) : 0);
      return g.constant(0, Type::Int);
    }
    if (name == "assign" && mc->getNumArgs() == 2 && mc->getArg(0)->getType()->isIntegerType()) {
      double fill = constantFill(mc->getArg(1));
      resize(g.constant(0, Type::Int), 0);
      resize(lower(mc->getArg(0)), fill);
      return g.constant(0, Type::Int);
    }
    if (name == "clear" && mc->getNumArgs() == 0) {
      resize(g.constant(0, Type::Int), 0);
      return g.constant(0, Type::Int);
    }
    if (name == "reserve" && mc->getNumArgs() == 1)
      return g.constant(0, Type::Int); // capacity only
  }
  refuse(e, "'" + name + "' on the array '" + array->getNameAsString() +
                "' is not supported; supported: [i], size(), empty(), front(), back() and "
                "data(), and on a local std::vector push_back, emplace_back, resize, assign(n, "
                "value), clear and reserve");
}

namespace {
/// The local arrays a statement mentions (directly or through pointers).
class ArrayMentions : public RecursiveASTVisitor<ArrayMentions> {
public:
  std::function<const ValueDecl *(const ValueDecl *)> resolve;
  std::set<const ValueDecl *> *out = nullptr;
  bool VisitDeclRefExpr(DeclRefExpr *e) {
    if (const ValueDecl *a = resolve(e->getDecl()))
      out->insert(a);
    return true;
  }
};
} // namespace

/// The arrays a loop body may write: every local array it mentions (a
/// helper's output pointer may write into one), carried like variables.
void FunctionLowering::carriedArrays(const Stmt *s, std::set<const ValueDecl *> &out) const {
  if (!s)
    return;
  ArrayMentions v;
  v.out = &out;
  v.resolve = [this](const ValueDecl *d) -> const ValueDecl * {
    if (const ValueDecl *a = arrayOf(d))
      return a;
    auto it = pointerArray_.find(d);
    if (it != pointerArray_.end())
      return it->second;
    const auto *pd = dyn_cast<ParmVarDecl>(d); // an in-out double& (one element)
    auto ref = pd ? refArray_.find(pd) : refArray_.end();
    return ref != refArray_.end() ? ref->second : nullptr;
  };
  v.TraverseStmt(const_cast<Stmt *>(s));
  // ... and the sizes of the vectors it resizes, or passes whole to a
  // helper (by reference: the helper may grow it).
  struct Resizes : RecursiveASTVisitor<Resizes> {
    const FunctionLowering *self;
    std::set<const ValueDecl *> *out;
    bool VisitCXXMemberCallExpr(CXXMemberCallExpr *e) {
      static const std::set<std::string> changes = {"push_back", "emplace_back", "resize",
                                                    "assign", "clear"};
      const ValueDecl *a = e->getMethodDecl() && changes.count(e->getMethodDecl()->getNameAsString())
                               ? self->localArray(e->getImplicitObjectArgument())
                               : nullptr;
      if (a && self->sizeVars_.count(a))
        out->insert(self->sizeVars_.at(a));
      return true;
    }
    bool VisitCallExpr(CallExpr *e) {
      if (isa<CXXOperatorCallExpr>(e) || isa<CXXMemberCallExpr>(e)) // v[i], v.size()
        return true;
      for (const Expr *arg : e->arguments())
        if (const auto *ref = dyn_cast<DeclRefExpr>(arg->IgnoreParenImpCasts()))
          if (self->sizeVars_.count(ref->getDecl()))
            out->insert(self->sizeVars_.at(ref->getDecl()));
      return true;
    }
  } resizes;
  resizes.self = this;
  resizes.out = &out;
  resizes.TraverseStmt(const_cast<Stmt *>(s));
}

} // namespace adgen::frontend::detail
