//===- Frontend.cpp - Clang AST to adgen IR -------------------------------===//
//
// A marked function's body is lowered statement by statement. Straight-line
// code becomes a DAG by tracking the current value of every variable (an
// SSA-style environment): reassigning a local or a by-value parameter just
// rebinds it. Anything outside the supported subset stops the function with
// a diagnostic at the construct, saying what to do instead.
//
//===----------------------------------------------------------------------===//
#include "Frontend/Frontend.h"

#include "clang/AST/ASTConsumer.h"
#include "clang/AST/ASTContext.h"
#include "clang/AST/Attr.h"
#include "clang/AST/Decl.h"
#include "clang/AST/DeclCXX.h"
#include "clang/AST/DeclTemplate.h"
#include "clang/AST/Expr.h"
#include "clang/AST/ExprCXX.h"
#include "clang/AST/RecursiveASTVisitor.h"
#include "clang/AST/Stmt.h"
#include "clang/Basic/Diagnostic.h"
#include "clang/Basic/SourceManager.h"
#include "llvm/ADT/StringMap.h"
#include "llvm/Support/Path.h"

#include <algorithm>
#include <map>
#include <set>

namespace adgen::frontend {

using namespace clang;
using ir::NodeId;
using ir::Op;
using ir::Type;

namespace {

constexpr const char *DifferentiableAnnotation = "adgen.differentiable";
constexpr const char *NoGradAnnotation = "adgen.no_grad";

bool hasAnnotation(const Decl *d, llvm::StringRef what) {
  for (const auto *a : d->specific_attrs<AnnotateAttr>())
    if (a->getAnnotation() == what)
      return true;
  return false;
}

/// Thrown to stop lowering a function after its diagnostic was reported.
struct Refused {};

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

/// The parameter an assignment's left side writes through (p[i], *p,
/// *(p + k), or the parameter itself), or nullptr.
const ParmVarDecl *writtenParam(const Expr *lhs) {
  const Expr *e = lhs->IgnoreParenImpCasts();
  for (;;) {
    if (const auto *as = dyn_cast<ArraySubscriptExpr>(e))
      e = as->getBase()->IgnoreParenImpCasts();
    else if (const auto *uo = dyn_cast<UnaryOperator>(e); uo && uo->getOpcode() == UO_Deref)
      e = uo->getSubExpr()->IgnoreParenImpCasts();
    else if (const auto *bo = dyn_cast<BinaryOperator>(e); bo && bo->isAdditiveOp())
      e = (bo->getLHS()->getType()->isPointerType() ? bo->getLHS() : bo->getRHS())
              ->IgnoreParenImpCasts();
    else
      break;
  }
  const auto *ref = dyn_cast<DeclRefExpr>(e);
  return ref ? dyn_cast<ParmVarDecl>(ref->getDecl()) : nullptr;
}

/// The parameters a function writes through: its output parameters.
class WrittenParams : public RecursiveASTVisitor<WrittenParams> {
public:
  std::set<const ParmVarDecl *> params;
  bool VisitBinaryOperator(BinaryOperator *e) {
    if (e->isAssignmentOp())
      note(e->getLHS());
    return true;
  }
  bool VisitUnaryOperator(UnaryOperator *e) {
    if (e->isIncrementDecrementOp())
      note(e->getSubExpr());
    return true;
  }

private:
  void note(const Expr *lhs) {
    if (const ParmVarDecl *pd = writtenParam(lhs))
      params.insert(pd);
  }
};

using Env = std::map<const ValueDecl *, NodeId>;
using RegionIdT = ir::RegionId;

class FunctionLowering {
public:
  /// `requested`: for ADGEN_GRADIENT, the names of the active parameters
  /// (nullptr: every floating parameter not marked ADGEN_NO_GRAD).
  FunctionLowering(ASTContext &ctx, const FunctionDecl *fd,
                   const std::set<std::string> *requested = nullptr)
      : ctx_(ctx), fd_(fd), requested_(requested) {}

  /// Lowers fd into f; throws Refused after reporting a diagnostic.
  ir::Function run();

private:
  [[noreturn]] void refuse(SourceRange where, const std::string &msg);
  [[noreturn]] void refuse(const Stmt *s, const std::string &msg) {
    refuse(s->getSourceRange(), msg);
  }

  // Types.
  std::optional<Type> classify(QualType t) const; // value types adgen understands
  std::optional<Type> tensorType(QualType t) const;
  std::string spell(QualType t) const;
  void lowerSignature();

  // Statements.
  NodeId lowerSeq(std::vector<const Stmt *> work);
  struct Flow {
    NodeId result = ir::NoNode; // the returned value when every path returned
    bool consumed = false;      // the continuation was lowered inside the branches
  };
  Flow lowerIf(const IfStmt *s, const std::vector<const Stmt *> &rest);
  void mergeBranches(RegionIdT thenRegion, const Env &thenEnv, const Env &elseEnv);
  void refuseTensorsIn(RegionIdT thenRegion, NodeId firstNew, const Stmt *at);
  void lowerStmt(const Stmt *s);
  void lowerLoop(const Stmt *init, const Expr *cond, const Expr *inc, const Stmt *body,
                 bool testAtTop, const Stmt *at);
  void lowerDecl(const DeclStmt *ds);
  void lowerEffect(const Expr *e);
  void assign(const Expr *lhs, NodeId value, const Stmt *at);
  const VarDecl *assignable(const Expr *lhs, const Stmt *at);
  bool lowerStore(const Expr *lhs, const Expr *rhs, const Stmt *at);
  bool isOutputElement(const Expr *lhs);

  // Expressions.
  NodeId lower(const Expr *e);
  NodeId lowerCast(const CastExpr *e);
  NodeId lowerDeclRef(const DeclRefExpr *e);
  NodeId lowerBinary(const BinaryOperator *e);
  NodeId lowerUnary(const UnaryOperator *e);
  NodeId lowerConditional(const Expr *cond, const Expr *then, const Expr *other, const Expr *at);
  NodeId lowerLogical(const BinaryOperator *e);
  NodeId lowerCondition(const Expr *e);
  NodeId lowerCall(const CallExpr *e);
  NodeId lowerMathCall(const CallExpr *e, Op op, Type t);
  NodeId lowerTensorCall(const CallExpr *e);
  NodeId lowerElement(const Expr *base, const Expr *index, const Expr *whole);
  struct PointerValue {
    int param;
    NodeId offset;
  };
  PointerValue lowerPointer(const Expr *e);
  NodeId inlineCall(const CallExpr *e, const FunctionDecl *def);
  NodeId opaqueCall(const CallExpr *e, const FunctionDecl *callee, Type t);
  NodeId binary(BinaryOperatorKind k, NodeId a, NodeId b, Type t, const Expr *at);
  NodeId located(NodeId id, const Stmt *s);

  ASTContext &ctx_;
  const FunctionDecl *fd_;
  const std::set<std::string> *requested_;
  ir::Function f_;
  Env env_;                                        // current value of each variable
  int loopDepth_ = 0;                              // loops around the current statement
  // A pointer (parameter, local, or a callee's parameter) points into one of
  // the function's pointer parameters; its offset is its value in env_.
  std::map<const ValueDecl *, int> pointerBase_;
  std::vector<const FunctionDecl *> inlined_;      // calls being inlined (recursion check)
  std::vector<const ValueDecl *> loops_;           // per enclosing loop: its done flag (break)
  std::set<const ParmVarDecl *> outputRefs_;       // T& parameters the function writes
  Type returnType_ = Type::Double;                 // of the function whose body is lowered
  std::map<const ParmVarDecl *, int> paramIndex_;
};

void FunctionLowering::refuse(SourceRange where, const std::string &msg) {
  DiagnosticsEngine &d = ctx_.getDiagnostics();
  unsigned id = d.getCustomDiagID(DiagnosticsEngine::Error, "%0");
  d.Report(where.getBegin(), id) << msg << where;
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
  WrittenParams written;
  if (fd->getBody())
    written.TraverseStmt(fd->getBody());

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
                 "reference), and integral types (never differentiated)");
    };
    if (t->isPointerType() || orig->isArrayType()) {
      QualType elem = t->getPointeeType();
      std::optional<Type> e = classify(elem);
      if (!e || *e == Type::Int || ir::isTensor(*e))
        bad();
      p.type = *e;
      p.form = orig->isArrayType() ? ir::ParamForm::Array : ir::ParamForm::Pointer;
      p.cxxType = (elem.isConstQualified() ? "const " : "") + std::string(ir::cxxName(*e)) + "*";
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
    p.active = ir::isFloating(p.type) && !hasAnnotation(pd, NoGradAnnotation);
    bool mutableTarget = (t->isPointerType() && !t->getPointeeType().isConstQualified()) ||
                         (t->isReferenceType() && !t.getNonReferenceType().isConstQualified());
    p.output = mutableTarget && written.params.count(pd) && ir::isFloating(p.type) &&
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
    if (p.output && p.form == ir::ParamForm::Ref) {
      outputRefs_.insert(pd); // written with out = value, never read
    } else if (p.form == ir::ParamForm::Value || p.form == ir::ParamForm::ConstRef ||
               p.form == ir::ParamForm::Ref) {
      env_[pd] = f_.graph.param(paramIndex_[pd], p.type);
    } else {
      pointerBase_[pd] = paramIndex_[pd];
      env_[pd] = f_.graph.constant(0, Type::Int);
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
  return std::move(f_);
}

/// Whether s contains a return, or a break or continue of the loop around it
/// (not of a loop nested in s).
static bool containsJump(const Stmt *s, bool inLoop = false) {
  if (!s)
    return false;
  if (isa<ReturnStmt>(s))
    return true;
  if ((isa<BreakStmt>(s) || isa<ContinueStmt>(s)) && !inLoop)
    return true;
  bool loop = inLoop || isa<ForStmt>(s) || isa<WhileStmt>(s) || isa<DoStmt>(s) ||
              isa<SwitchStmt>(s) || isa<CXXForRangeStmt>(s);
  for (const Stmt *c : s->children())
    if (containsJump(c, loop))
      return true;
  return false;
}

/// Whether s contains a break of the loop around it.
static bool containsBreak(const Stmt *s, bool nested = false) {
  if (!s)
    return false;
  if (isa<BreakStmt>(s))
    return !nested;
  bool inner = nested || isa<ForStmt>(s) || isa<WhileStmt>(s) || isa<DoStmt>(s) ||
               isa<SwitchStmt>(s) || isa<CXXForRangeStmt>(s);
  for (const Stmt *c : s->children())
    if (containsBreak(c, inner))
      return true;
  return false;
}

/// Lowers statements in order in the current region, the first of `work`
/// first. Returns the returned value when every path through them returns,
/// NoNode when they fall through. Blocks are spliced into the work list, so
/// that after an `if` whose branch jumps (return, break, continue), the rest
/// (the continuation) is lowered inside the branches that go on. In a loop
/// body the work list ends with a nullptr marker followed by the increment:
/// `continue` skips to the marker, `break` sets the loop's done flag and
/// stops.
NodeId FunctionLowering::lowerSeq(std::vector<const Stmt *> work) {
  for (size_t i = 0; i < work.size(); ++i) {
    const Stmt *s = work[i];
    if (!s)
      continue; // the end of a loop body
    if (const auto *block = dyn_cast<CompoundStmt>(s)) {
      work.insert(work.begin() + i + 1, block->body_begin(), block->body_end());
      continue;
    }
    if (const auto *ret = dyn_cast<ReturnStmt>(s)) {
      if (loopDepth_ > 0)
        refuse(s, "'return' inside a loop is not supported yet; store the value and leave the "
                  "loop with 'break'");
      if (!ret->getRetValue() && f_.returnsVoid && inlined_.empty())
        return f_.graph.constant(0, Type::Double);
      if (!ret->getRetValue())
        refuse(s, "'return' without a value");
      return f_.graph.cast(lower(ret->getRetValue()), returnType_);
    }
    if (isa<ContinueStmt>(s)) {
      if (loops_.empty())
        refuse(s, "'continue' outside a loop");
      while (i < work.size() && work[i])
        ++i; // on to the marker, then the increment
      continue;
    }
    if (isa<BreakStmt>(s)) {
      if (loops_.empty() || !loops_.back())
        refuse(s, "'break' outside a loop (or in a 'switch') is not supported");
      env_[loops_.back()] = f_.graph.constant(1, Type::Bool);
      return ir::NoNode; // the rest of the iteration, increment included, is skipped
    }
    if (const auto *is = dyn_cast<IfStmt>(s)) {
      Flow flow = lowerIf(is, std::vector<const Stmt *>(work.begin() + i + 1, work.end()));
      if (flow.consumed)
        return flow.result; // the continuation was lowered inside the branches
      continue;
    }
    lowerStmt(s);
  }
  return ir::NoNode;
}

FunctionLowering::Flow FunctionLowering::lowerIf(const IfStmt *s,
                                                 const std::vector<const Stmt *> &rest) {
  if (s->getConditionVariable())
    refuse(s->getConditionVariable()->getSourceRange(),
           "a variable declared in an 'if' condition is not supported; declare it before");
  if (s->getInit())
    lowerStmt(s->getInit());
  ir::Graph &g = f_.graph;
  NodeId cond = lowerCondition(s->getCond());
  NodeId firstNew = static_cast<NodeId>(g.size());
  RegionIdT outer = g.current(), thenR = g.openIf(cond), elseR = thenR + 1;
  Env before = env_;
  // A branch with a break or continue: each branch goes on with its own copy
  // of the continuation, so that every path is complete when they merge.
  bool jumps = containsJump(s->getThen()) || containsJump(s->getElse());
  auto branch = [&](const Stmt *stmt) {
    std::vector<const Stmt *> work;
    if (stmt)
      work.push_back(stmt);
    if (jumps && loopDepth_ > 0)
      work.insert(work.end(), rest.begin(), rest.end());
    return lowerSeq(work);
  };
  g.enter(thenR);
  NodeId thenResult = branch(s->getThen());
  Env thenEnv = env_;
  env_ = before;
  g.enter(elseR);
  NodeId elseResult = branch(s->getElse());
  Env elseEnv = env_;
  Flow flow;
  flow.consumed = jumps && loopDepth_ > 0;
  if (!flow.consumed && (thenResult != ir::NoNode || elseResult != ir::NoNode)) {
    // A branch returned: the rest of the function runs only on the other path.
    flow.consumed = true;
    if (thenResult == ir::NoNode) {
      g.enter(thenR);
      env_ = thenEnv;
      thenResult = lowerSeq(rest);
      thenEnv = env_;
    } else if (elseResult == ir::NoNode) {
      g.enter(elseR);
      env_ = elseEnv;
      elseResult = lowerSeq(rest);
      elseEnv = env_;
    }
  }
  g.enter(outer);
  refuseTensorsIn(thenR, firstNew, s);
  if (thenResult != ir::NoNode && elseResult != ir::NoNode) {
    flow.result = located(g.phi(thenR, thenResult, elseResult), s);
    return flow;
  }
  // Both fall through (or, at function level, some path falls off the end,
  // which run() reports): the variables merge.
  mergeBranches(thenR, thenEnv, elseEnv);
  return flow;
}

/// After an if/else that both fall through: each variable the branches left
/// with different values gets a phi. Variables assigned on one side only are
/// unknown afterwards (reading them is reported).
/// The variables of an environment in source order (the map's pointer order
/// would make the output depend on the allocator).
static std::vector<const ValueDecl *> inSourceOrder(const Env &env) {
  std::vector<const ValueDecl *> decls;
  for (const auto &entry : env)
    decls.push_back(entry.first);
  std::sort(decls.begin(), decls.end(), [](const ValueDecl *a, const ValueDecl *b) {
    return a->getLocation().getRawEncoding() < b->getLocation().getRawEncoding();
  });
  return decls;
}

void FunctionLowering::mergeBranches(RegionIdT thenRegion, const Env &thenEnv, const Env &elseEnv) {
  env_.clear();
  for (const ValueDecl *decl : inSourceOrder(thenEnv)) {
    NodeId thenValue = thenEnv.at(decl);
    auto other = elseEnv.find(decl);
    if (other == elseEnv.end())
      continue;
    NodeId merged = f_.graph.phi(thenRegion, thenValue, other->second);
    if (merged != thenValue) {
      f_.graph.setHint(merged, decl->getNameAsString(), 0, 0);
      if (f_.graph.type(merged) == Type::Int)
        f_.graph.setCxxType(merged, spell(decl->getType()));
    }
    env_[decl] = merged;
  }
}

/// Tensor values inside branches are not supported yet (their adjoints would
/// need zero tensors of unknown shape on the other path).
void FunctionLowering::refuseTensorsIn(RegionIdT thenRegion, NodeId firstNew, const Stmt *at) {
  const ir::Graph &g = f_.graph;
  for (NodeId id = firstNew; id < g.size(); ++id)
    if (ir::isTensor(g.type(id)) && (g.within(g.node(id).region, thenRegion) ||
                                     g.within(g.node(id).region, thenRegion + 1)))
      refuse(at, "tensor operations inside branches are not supported yet; compute both "
                 "tensors before the branch, or branch on scalars only");
}

void FunctionLowering::lowerStmt(const Stmt *s) {
  switch (s->getStmtClass()) {
  case Stmt::CompoundStmtClass:
  case Stmt::ReturnStmtClass:
  case Stmt::IfStmtClass:
    if (lowerSeq({s}) != ir::NoNode)
      refuse(s, "a 'return' here is not supported (e.g. in an 'if' initializer)");
    return;
  case Stmt::DeclStmtClass:
    return lowerDecl(cast<DeclStmt>(s));
  case Stmt::NullStmtClass:
    return;
  case Stmt::SwitchStmtClass:
    refuse(s, "'switch' is not supported yet; write it as an if/else chain");
  case Stmt::ForStmtClass: {
    const auto *fs = cast<ForStmt>(s);
    if (fs->getConditionVariable())
      refuse(s, "a variable declared in a loop condition is not supported; declare it before");
    return lowerLoop(fs->getInit(), fs->getCond(), fs->getInc(), fs->getBody(), true, s);
  }
  case Stmt::WhileStmtClass: {
    const auto *ws = cast<WhileStmt>(s);
    if (ws->getConditionVariable())
      refuse(s, "a variable declared in a loop condition is not supported; declare it before");
    return lowerLoop(nullptr, ws->getCond(), nullptr, ws->getBody(), true, s);
  }
  case Stmt::DoStmtClass: {
    const auto *ds = cast<DoStmt>(s);
    return lowerLoop(nullptr, ds->getCond(), nullptr, ds->getBody(), false, s);
  }
  case Stmt::CXXForRangeStmtClass:
    refuse(s, "range-based for loops are not supported yet; write an index loop");
  case Stmt::BreakStmtClass:
  case Stmt::ContinueStmtClass:
    refuse(s, "'break' and 'continue' are only supported as statements of a loop body");
  case Stmt::GotoStmtClass:
  case Stmt::IndirectGotoStmtClass:
  case Stmt::LabelStmtClass:
    refuse(s, "'goto' and labels cannot be differentiated; use structured code");
  case Stmt::CXXTryStmtClass:
  case Stmt::CXXThrowExprClass:
    refuse(s, "exceptions ('try', 'catch', 'throw') cannot be differentiated; handle errors "
              "outside the differentiable function");
  case Stmt::GCCAsmStmtClass:
  case Stmt::MSAsmStmtClass:
    refuse(s, "inline assembly cannot be differentiated");
  default:
    break;
  }
  if (const auto *e = dyn_cast<Expr>(s))
    return lowerEffect(e);
  refuse(s, std::string("statement '") + s->getStmtClassName() + "' is not supported");
}

/// The variables a loop assigns (they are carried from one iteration to the
/// next); variables declared inside the loop are new in each iteration.
class AssignedIn : public RecursiveASTVisitor<AssignedIn> {
public:
  std::set<const ValueDecl *> decls;
  bool VisitBinaryOperator(BinaryOperator *e) {
    if (e->isAssignmentOp())
      note(e->getLHS());
    return true;
  }
  bool VisitUnaryOperator(UnaryOperator *e) {
    if (e->isIncrementDecrementOp())
      note(e->getSubExpr());
    return true;
  }
  bool VisitCXXOperatorCallExpr(CXXOperatorCallExpr *e) {
    if (e->isAssignmentOp() && e->getNumArgs() > 0)
      note(e->getArg(0));
    return true;
  }

private:
  void note(const Expr *lhs) {
    if (const auto *ref = dyn_cast<DeclRefExpr>(lhs->IgnoreParenImpCasts()))
      decls.insert(ref->getDecl());
  }
};

/// for (init; cond; inc) body, while (cond) body and do body while (cond).
/// The body is lowered once, in the loop's region, with each carried variable
/// bound to its LoopVar; its values at the end of the body are the nexts.
void FunctionLowering::lowerLoop(const Stmt *init, const Expr *cond, const Expr *inc,
                                 const Stmt *body, bool testAtTop, const Stmt *at) {
  ir::Graph &g = f_.graph;
  if (init)
    lowerStmt(init);
  AssignedIn assigned;
  assigned.TraverseStmt(const_cast<Stmt *>(body));
  if (inc)
    assigned.TraverseStmt(const_cast<Expr *>(inc));
  if (cond)
    assigned.TraverseStmt(const_cast<Expr *>(cond));

  // A loop with a break carries a flag: the iteration that breaks sets it,
  // and the next test of the condition stops the loop.
  const ValueDecl *done = nullptr;
  if (containsBreak(body)) {
    done = VarDecl::Create(ctx_, const_cast<FunctionDecl *>(fd_), at->getBeginLoc(),
                           at->getBeginLoc(), &ctx_.Idents.get("done"), ctx_.BoolTy, nullptr,
                           SC_None);
    env_[done] = g.constant(0, Type::Bool);
    assigned.decls.insert(done);
  }

  NodeId firstNew = static_cast<NodeId>(g.size());
  RegionIdT outer = g.current();
  unsigned l = g.openLoop();
  std::vector<const ValueDecl *> carried;
  for (const ValueDecl *decl : inSourceOrder(env_)) {
    if (!assigned.decls.count(decl))
      continue;
    NodeId v = g.loopVar(l, env_[decl]);
    g.setHint(v, decl->getNameAsString(), 0, 0);
    if (g.type(v) == Type::Int)
      g.setCxxType(v, spell(decl->getType()));
    env_[decl] = v;
    carried.push_back(decl);
  }
  Env atStart = env_;
  g.enter(g.loop(l).body);
  // The condition, evaluated only while the loop has not broken.
  auto condition = [&]() -> NodeId {
    if (!done)
      return cond ? lowerCondition(cond) : g.constant(1, Type::Bool);
    NodeId going = g.make(Op::Not, Type::Bool, {env_[done]});
    RegionIdT here = g.current(), thenR = g.openIf(going);
    g.enter(thenR);
    NodeId c = cond ? lowerCondition(cond) : g.constant(1, Type::Bool);
    g.enter(here);
    return g.phi(thenR, c, g.constant(0, Type::Bool));
  };
  NodeId c = ir::NoNode;
  if (testAtTop)
    c = condition();
  // The body, then (after the marker that `continue` jumps to) the increment.
  std::vector<const Stmt *> work{body, nullptr};
  if (inc)
    work.push_back(inc);
  ++loopDepth_;
  loops_.push_back(done);
  lowerSeq(work);
  loops_.pop_back();
  --loopDepth_;
  if (!testAtTop)
    c = condition();
  std::vector<NodeId> nexts;
  for (const ValueDecl *decl : carried) {
    if (!env_.count(decl))
      refuse(at, "variable '" + decl->getNameAsString() + "' is not assigned on every path "
                 "through the loop body");
    nexts.push_back(g.cast(env_[decl], g.type(atStart[decl])));
  }
  g.closeLoop(l, c, testAtTop, nexts);
  g.enter(outer);
  for (NodeId id = firstNew; id < g.size(); ++id)
    if (ir::isTensor(g.type(id)))
      refuse(at, "tensor operations inside loops are not supported yet");
  // After the loop: the variables of before the loop, carried ones at their
  // exit values; the body's own variables are out of scope.
  Env after;
  for (const auto &[decl, value] : atStart)
    after[decl] = value;
  for (size_t j = 0; j < carried.size(); ++j) {
    NodeId exit = g.loop(l).exits[j];
    g.setHint(exit, carried[j]->getNameAsString(), 0, 0);
    after[carried[j]] = exit;
  }
  env_ = after;
}

void FunctionLowering::lowerDecl(const DeclStmt *ds) {
  for (const Decl *d : ds->decls()) {
    const auto *vd = dyn_cast<VarDecl>(d);
    if (!vd) {
      if (isa<TypedefNameDecl>(d) || isa<UsingDecl>(d) || isa<UsingDirectiveDecl>(d) ||
          isa<StaticAssertDecl>(d))
        continue;
      refuse(ds, "this declaration is not supported in a differentiable function");
    }
    if (!vd->hasLocalStorage())
      refuse(SourceRange(vd->getLocation()),
             "static local variable '" + vd->getNameAsString() +
                 "' keeps state between calls and cannot be differentiated; make it a "
                 "parameter or a constant");
    if (vd->getType()->isReferenceType())
      refuse(vd->getSourceRange(), "local reference '" + vd->getNameAsString() +
                                       "' is not supported yet; copy the value instead");
    if (vd->getType()->isPointerType() && vd->getInit()) {
      // A pointer into a parameter: its offset is the variable's value.
      PointerValue pv = lowerPointer(vd->getInit());
      pointerBase_[vd] = pv.param;
      env_[vd] = pv.offset;
      continue;
    }
    if (vd->getType()->isArrayType() || vd->getType()->isPointerType())
      refuse(vd->getSourceRange(), "local arrays and pointers are not supported yet; use "
                                   "separate scalar variables");
    if (const CXXRecordDecl *rd = vd->getType()->getAsCXXRecordDecl(); rd && rd->isLambda())
      refuse(vd->getInit() ? vd->getInit()->getSourceRange() : vd->getSourceRange(),
             "lambdas are not supported in differentiable functions");
    if (!classify(vd->getType()))
      refuse(vd->getSourceRange(), "local variable '" + vd->getNameAsString() + "' has type '" +
                                       vd->getType().getAsString(ctx_.getPrintingPolicy()) +
                                       "', which adgen cannot differentiate; use float, "
                                       "double, an integral type or adgen::Tensor");
    if (const Expr *init = vd->getInit()) {
      NodeId v = f_.graph.cast(lower(init), *classify(vd->getType()));
      const SourceManager &sm = ctx_.getSourceManager();
      PresumedLoc p = sm.getPresumedLoc(sm.getExpansionLoc(vd->getLocation()));
      f_.graph.setHint(v, vd->getNameAsString(), p.isValid() ? p.getLine() : 0,
                       p.isValid() ? p.getColumn() : 0);
      env_[vd] = v;
    }
  }
}

/// lhs = value where lhs is an element of an output parameter (or the
/// parameter itself, for a reference): a Store. Returns false for other lhs.
bool FunctionLowering::lowerStore(const Expr *lhs, const Expr *rhs, const Stmt *at) {
  const Expr *e = lhs->IgnoreParenImpCasts();
  if (const auto *ref = dyn_cast<DeclRefExpr>(e)) {
    const auto *pd = dyn_cast<ParmVarDecl>(ref->getDecl());
    if (!pd || !outputRefs_.count(pd))
      return false;
    int index = paramIndex_.at(pd);
    NodeId v = f_.graph.cast(lower(rhs), f_.params[index].type);
    f_.stores.push_back(located(f_.graph.store(index, f_.graph.constant(0, Type::Int), v), at));
    return true;
  }
  const Expr *base = nullptr, *index = nullptr;
  if (const auto *as = dyn_cast<ArraySubscriptExpr>(e)) {
    base = as->getBase();
    index = as->getIdx();
  } else if (const auto *uo = dyn_cast<UnaryOperator>(e); uo && uo->getOpcode() == UO_Deref) {
    base = uo->getSubExpr();
  } else {
    return false;
  }
  PointerValue pv = lowerPointer(base);
  if (!f_.params[pv.param].output)
    refuse(at, "writes through pointers are only supported into the function's own output "
               "parameters (written as p[i] = value); write through the parameter directly");
  NodeId offset = pv.offset;
  if (index)
    offset = f_.graph.isConst(offset, 0) ? lower(index) : f_.graph.add(offset, lower(index));
  NodeId v = f_.graph.cast(lower(rhs), f_.params[pv.param].type);
  f_.stores.push_back(located(f_.graph.store(pv.param, offset, v), at));
  return true;
}

/// Whether lhs names an output parameter or one of its elements.
bool FunctionLowering::isOutputElement(const Expr *lhs) {
  const ParmVarDecl *pd = writtenParam(lhs);
  return pd && paramIndex_.count(pd) && f_.params[paramIndex_.at(pd)].output;
}

const VarDecl *FunctionLowering::assignable(const Expr *lhs, const Stmt *at) {
  const auto *ref = dyn_cast<DeclRefExpr>(lhs->IgnoreParenImpCasts());
  const auto *vd = ref ? dyn_cast<VarDecl>(ref->getDecl()) : nullptr;
  if (vd && vd->hasLocalStorage() && !vd->getType()->isReferenceType())
    return vd;
  if (vd && !vd->hasLocalStorage())
    refuse(at, "writes to the global variable '" + vd->getNameAsString() +
                   "' cannot be differentiated; return the value instead");
  refuse(at, "writes through pointers or references (output parameters) are not supported "
             "yet; return the value instead");
}

void FunctionLowering::assign(const Expr *lhs, NodeId value, const Stmt *at) {
  const VarDecl *vd = assignable(lhs, at);
  if (pointerBase_.count(vd)) { // value is the new offset
    env_[vd] = value;
    return;
  }
  value = f_.graph.cast(value, *classify(vd->getType()));
  const SourceManager &sm = ctx_.getSourceManager();
  PresumedLoc p = sm.getPresumedLoc(sm.getExpansionLoc(at->getBeginLoc()));
  f_.graph.setHint(value, vd->getNameAsString(), p.isValid() ? p.getLine() : 0,
                   p.isValid() ? p.getColumn() : 0);
  env_[vd] = value;
}

void FunctionLowering::lowerEffect(const Expr *e) {
  e = e->IgnoreParens();
  if (const auto *cleanups = dyn_cast<ExprWithCleanups>(e))
    e = cleanups->getSubExpr()->IgnoreParens();
  if (const auto *ca = dyn_cast<CompoundAssignOperator>(e)) {
    if (isOutputElement(ca->getLHS()))
      refuse(e, "'" + BinaryOperator::getOpcodeStr(ca->getOpcode()).str() +
                    "' on an output parameter reads it, which is not supported yet; compute the "
                    "value in a local and assign it once");
    const VarDecl *vd = assignable(ca->getLHS(), e);
    if (pointerBase_.count(vd)) { // p += k, p -= k
      if (ca->getOpcode() != BO_AddAssign && ca->getOpcode() != BO_SubAssign)
        refuse(e, "only += and -= are supported on pointers");
      NodeId k = lower(ca->getRHS());
      NodeId offset = ca->getOpcode() == BO_AddAssign ? f_.graph.add(env_[vd], k)
                                                      : f_.graph.sub(env_[vd], k);
      return assign(ca->getLHS(), offset, e);
    }
    Type compute = *classify(ca->getComputationResultType());
    if (!env_.count(vd))
      refuse(ca->getLHS(), "variable '" + vd->getNameAsString() + "' is read before it is assigned");
    NodeId lhs = f_.graph.cast(env_[vd], compute);
    NodeId rhs = f_.graph.cast(lower(ca->getRHS()), compute);
    BinaryOperatorKind k = BinaryOperator::getOpForCompoundAssignment(ca->getOpcode());
    return assign(ca->getLHS(), binary(k, lhs, rhs, compute, ca), e);
  }
  if (const auto *bo = dyn_cast<BinaryOperator>(e)) {
    if (bo->getOpcode() == BO_Assign) {
      if (lowerStore(bo->getLHS(), bo->getRHS(), e))
        return;
      const VarDecl *vd = assignable(bo->getLHS(), e);
      if (pointerBase_.count(vd)) {
        PointerValue pv = lowerPointer(bo->getRHS());
        if (pv.param != pointerBase_[vd])
          refuse(e, "a pointer variable must keep pointing into the same parameter");
        return assign(bo->getLHS(), pv.offset, e);
      }
      return assign(bo->getLHS(), lower(bo->getRHS()), e);
    }
  }
  if (const auto *uo = dyn_cast<UnaryOperator>(e)) {
    if (uo->isIncrementDecrementOp()) {
      const VarDecl *vd = assignable(uo->getSubExpr(), e);
      if (!env_.count(vd))
        refuse(uo->getSubExpr(), "variable '" + vd->getNameAsString() + "' is read before it is assigned");
      Type t = pointerBase_.count(vd) ? Type::Int : *classify(vd->getType());
      NodeId one = f_.graph.constant(1, t);
      return assign(uo->getSubExpr(),
                    binary(uo->isIncrementOp() ? BO_Add : BO_Sub, env_[vd], one, t, uo), e);
    }
  }
  if (const auto *oc = dyn_cast<CXXOperatorCallExpr>(e)) {
    if (oc->getOperator() == OO_Equal && oc->getNumArgs() == 2)
      return assign(oc->getArg(0), lower(oc->getArg(1)), e);
    if (oc->isAssignmentOp())
      refuse(e, "in-place tensor operations are not supported; write 'y = y + z' instead of "
                "'y += z'");
  }
  if (const auto *cast = dyn_cast<CStyleCastExpr>(e))
    if (cast->getCastKind() == CK_ToVoid)
      return; // (void)x;
  if (const auto *call = dyn_cast<CallExpr>(e))
    refuse(e, "a call whose result is not used ('" +
                  (call->getDirectCallee() ? call->getDirectCallee()->getNameAsString()
                                           : std::string("?")) +
                  "', output parameters or side effects) is not supported yet; use the value "
                  "it returns");
  refuse(e, "this expression statement has no effect adgen can differentiate; remove it");
}

// --- Expressions ---------------------------------------------------------------

NodeId FunctionLowering::lower(const Expr *e) {
  switch (e->getStmtClass()) {
  case Stmt::ParenExprClass:
    return lower(cast<ParenExpr>(e)->getSubExpr());
  case Stmt::ExprWithCleanupsClass:
  case Stmt::ConstantExprClass:
    return lower(cast<FullExpr>(e)->getSubExpr());
  case Stmt::MaterializeTemporaryExprClass:
    return lower(cast<MaterializeTemporaryExpr>(e)->getSubExpr());
  case Stmt::CXXBindTemporaryExprClass:
    return lower(cast<CXXBindTemporaryExpr>(e)->getSubExpr());
  case Stmt::CXXDefaultArgExprClass:
    return lower(cast<CXXDefaultArgExpr>(e)->getExpr());
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
  if (const auto *pd = dyn_cast<ParmVarDecl>(d); pd && outputRefs_.count(pd))
    refuse(e, "reading the output parameter '" + pd->getNameAsString() +
                  "' is not supported yet; keep the value in a local variable");
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
  NodeId a = lower(e->getLHS()), b = lower(e->getRHS());
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
  case UO_PreInc: case UO_PreDec: case UO_PostInc: case UO_PostDec:
    refuse(e, "increment and decrement inside an expression are not supported; make them "
              "statements of their own");
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
  NodeId firstNew = static_cast<NodeId>(g.size());
  std::optional<Type> t = classify(at->getType());
  if (!t)
    refuse(at, "'?:' on type '" + at->getType().getAsString(ctx_.getPrintingPolicy()) +
                   "' is not supported");
  RegionIdT outer = g.current(), thenR = g.openIf(c);
  g.enter(thenR);
  NodeId a = g.cast(lower(then), *t);
  g.enter(thenR + 1);
  NodeId b = g.cast(lower(other), *t);
  g.enter(outer);
  refuseTensorsIn(thenR, firstNew, at);
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
  if (e->getOpcode() == BO_LAnd) {
    g.enter(thenR);
    NodeId b = lowerCondition(e->getRHS());
    g.enter(outer);
    return located(g.phi(thenR, b, f), e);
  }
  g.enter(thenR + 1);
  NodeId b = lowerCondition(e->getRHS());
  g.enter(outer);
  return located(g.phi(thenR, t, b), e);
}

NodeId FunctionLowering::lowerElement(const Expr *base, const Expr *index, const Expr *whole) {
  PointerValue pv = lowerPointer(base);
  if (f_.params[pv.param].output)
    refuse(whole, "reading the output parameter '" + f_.params[pv.param].name +
                      "' is not supported yet; keep the value in a local variable");
  NodeId offset = pv.offset;
  if (index) {
    NodeId i = lower(index);
    if (f_.graph.type(i) != Type::Int)
      refuse(index, "array index must be an integer");
    offset = f_.graph.isConst(offset, 0) ? i : f_.graph.add(offset, i);
  }
  const ir::Param &p = f_.params[pv.param];
  return located(f_.graph.load(pv.param, p.type, offset), whole);
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
    auto it = pointerBase_.find(ref->getDecl());
    if (it != pointerBase_.end()) {
      if (!env_.count(ref->getDecl()))
        refuse(e, "pointer '" + ref->getDecl()->getNameAsString() + "' is read before it is assigned");
      return {it->second, env_[ref->getDecl()]};
    }
  }
  if (const auto *bo = dyn_cast<BinaryOperator>(e)) {
    bool lhsPointer = bo->getLHS()->getType()->isPointerType();
    if (bo->getOpcode() == BO_Add || (bo->getOpcode() == BO_Sub && lhsPointer)) {
      PointerValue pv = lowerPointer(lhsPointer ? bo->getLHS() : bo->getRHS());
      NodeId k = lower(lhsPointer ? bo->getRHS() : bo->getLHS());
      pv.offset = bo->getOpcode() == BO_Add ? f_.graph.add(pv.offset, k) : f_.graph.sub(pv.offset, k);
      return pv;
    }
  }
  if (const auto *uo = dyn_cast<UnaryOperator>(e); uo && uo->getOpcode() == UO_AddrOf) {
    if (const auto *as = dyn_cast<ArraySubscriptExpr>(uo->getSubExpr()->IgnoreParens())) {
      PointerValue pv = lowerPointer(as->getBase());
      NodeId k = lower(as->getIdx());
      pv.offset = f_.graph.isConst(pv.offset, 0) ? k : f_.graph.add(pv.offset, k);
      return pv;
    }
  }
  refuse(e, "this pointer expression is not supported; use a pointer parameter, p + k, "
            "&p[k], or a local pointer into a parameter");
}

NodeId FunctionLowering::lowerCall(const CallExpr *e) {
  const FunctionDecl *callee = e->getDirectCallee();
  if (!callee)
    refuse(e, "indirect calls (through function pointers) cannot be differentiated; call "
              "the function directly");
  if (tensorType(e->getType()) || (e->getNumArgs() > 0 && tensorType(e->getArg(0)->getType())) ||
      isa<CXXMemberCallExpr>(e))
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
  if (t && (*t == Type::Int || *t == Type::Bool || hasAnnotation(callee, NoGradAnnotation)))
    return opaqueCall(e, callee, *t);
  if (library)
    refuse(e, "'" + what + "' is not a differentiable function adgen knows; see "
              "docs/supported.md for the list of <cmath> functions");
  const FunctionDecl *def = nullptr;
  if (!callee->hasBody(def) || !def)
    refuse(e, "'" + what + "' has no body adgen can see; define it in a header the file "
              "includes, or mark it ADGEN_NO_GRAD if it needs no derivative");
  if (isa<CXXMethodDecl>(def) && !cast<CXXMethodDecl>(def)->isStatic())
    refuse(e, "calls to member functions are not supported yet; call a free function");
  if (!t)
    refuse(e, "calls to '" + what + "', which returns '" +
                  callee->getReturnType().getAsString(ctx_.getPrintingPolicy()) +
                  "', are not supported yet (output parameters arrive later); return the value");
  return inlineCall(e, def);
}

/// A call to a user function with a visible body is inlined: its parameters
/// are bound to the arguments and its body is lowered in place, so the
/// gradient sees through it (no call overhead, common subexpressions shared).
NodeId FunctionLowering::inlineCall(const CallExpr *e, const FunctionDecl *def) {
  if (std::find(inlined_.begin(), inlined_.end(), def) != inlined_.end())
    refuse(e, "recursive calls are not supported yet ('" + def->getNameAsString() +
                  "' calls itself); write the recursion as a loop");
  ir::Graph &g = f_.graph;
  for (unsigned i = 0; i < def->getNumParams(); ++i) {
    const ParmVarDecl *pd = def->getParamDecl(i);
    QualType t = pd->getType();
    const Expr *arg = e->getArg(i);
    if (t->isPointerType()) {
      if (!t->getPointeeType().isConstQualified())
        refuse(arg, "passing a pointer to non-const (an output parameter) is not supported "
                    "yet; make the parameter 'const'");
      PointerValue pv = lowerPointer(arg);
      pointerBase_[pd] = pv.param;
      env_[pd] = pv.offset;
      continue;
    }
    if (t->isReferenceType() && !t.getNonReferenceType().isConstQualified())
      refuse(arg, "passing a non-const reference (an output parameter) is not supported yet; "
                  "pass by value or const reference");
    std::optional<Type> pt = classify(t);
    if (!pt)
      refuse(arg, "an argument of type '" + t.getAsString(ctx_.getPrintingPolicy()) +
                      "' is not supported");
    env_[pd] = g.cast(lower(arg), *pt);
  }
  inlined_.push_back(def);
  Type savedReturn = returnType_;
  int savedDepth = loopDepth_;
  returnType_ = *classify(def->getReturnType());
  loopDepth_ = 0;
  NodeId r = lowerSeq({def->getBody()});
  if (r == ir::NoNode)
    refuse(def->getSourceRange(), "'" + def->getNameAsString() +
                                      "' must return a value on every path");
  loopDepth_ = savedDepth;
  returnType_ = savedReturn;
  inlined_.pop_back();
  return r;
}

/// A call evaluated as in the primal, with no derivative (its result is an
/// integer, or the user marked the function ADGEN_NO_GRAD).
NodeId FunctionLowering::opaqueCall(const CallExpr *e, const FunctionDecl *callee, Type t) {
  std::vector<NodeId> args;
  for (const Expr *a : e->arguments()) {
    if (a->getType()->isPointerType() || a->getType()->isReferenceType())
      refuse(a, "only values can be passed to a function called without derivative");
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

NodeId FunctionLowering::lowerTensorCall(const CallExpr *e) {
  const FunctionDecl *callee = e->getDirectCallee();
  std::string qualified = callee->getQualifiedNameAsString();
  if (llvm::StringRef(qualified).startswith("adgen::")) {
    std::optional<Type> t = classify(e->getType());
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
    }
    std::string name = callee->getNameAsString();
    const Expr *object = nullptr;
    if (const auto *mc = dyn_cast<CXXMemberCallExpr>(e); mc && mc->getNumArgs() == 0)
      object = mc->getImplicitObjectArgument();
    else if (!isa<CXXMemberCallExpr>(e) && !isa<CXXOperatorCallExpr>(e) && e->getNumArgs() == 1)
      object = e->getArg(0);
    if (object && t && (name == "sum" || name == "mean"))
      return f_.graph.make(name == "sum" ? Op::Sum : Op::Mean, *t, {lower(object)});
  }
  refuse(e, "'" + qualified + "' is not supported on tensors yet; supported: + - * / with "
                "tensors and scalars, unary -, sum() and mean()");
}

// --- Finding marked functions ----------------------------------------------

class Finder : public RecursiveASTVisitor<Finder> {
public:
  Finder(ASTContext &ctx, Collection &out) : ctx_(ctx), out_(out) {}

  bool shouldVisitTemplateInstantiations() const { return false; }

  bool VisitFunctionDecl(FunctionDecl *fd) {
    if (!hasAnnotation(fd, DifferentiableAnnotation) || !fd->doesThisDeclarationHaveABody())
      return true;
    if (ctx_.getSourceManager().isInSystemHeader(fd->getLocation()))
      return true;
    DiagnosticsEngine &d = ctx_.getDiagnostics();
    unsigned id = d.getCustomDiagID(DiagnosticsEngine::Error, "%0");
    if (fd->getTemplateInstantiationPattern())
      return true; // reported at the template itself
    if (fd->isTemplated()) {
      d.Report(fd->getLocation(), id)
          << "function templates cannot be marked differentiable yet; mark a non-template "
             "function with the concrete types";
      out_.failed = true;
      return true;
    }
    if (const auto *md = dyn_cast<CXXMethodDecl>(fd); md && !md->isStatic()) {
      d.Report(fd->getLocation(), id)
          << "member functions cannot be marked differentiable yet; make it a free function "
             "that takes the object's values as parameters";
      out_.failed = true;
      return true;
    }
    lowerOnce(fd, nullptr);
    return true;
  }

  /// ADGEN_GRADIENT(function, params...): a variable initialised with
  /// adgen::detail::gradient_request(&function, "params...").
  bool VisitVarDecl(VarDecl *vd) {
    const auto *spec = dyn_cast_or_null<ClassTemplateSpecializationDecl>(
        vd->getType().getCanonicalType()->getAsCXXRecordDecl());
    if (!spec || spec->getQualifiedNameAsString() != "adgen::detail::GradientRequest" ||
        !vd->getInit() || ctx_.getSourceManager().isInSystemHeader(vd->getLocation()))
      return true;
    DiagnosticsEngine &d = ctx_.getDiagnostics();
    unsigned id = d.getCustomDiagID(DiagnosticsEngine::Error, "%0");
    const FunctionDecl *fn = nullptr;
    const StringLiteral *names = nullptr;
    if (const auto *call = dyn_cast<CallExpr>(vd->getInit()->IgnoreImplicit());
        call && call->getNumArgs() == 2) {
      if (const auto *ref = dyn_cast<DeclRefExpr>(call->getArg(0)->IgnoreParenImpCasts()))
        fn = dyn_cast<FunctionDecl>(ref->getDecl());
      else if (const auto *addr = dyn_cast<UnaryOperator>(call->getArg(0)->IgnoreParenImpCasts()))
        if (const auto *r = dyn_cast<DeclRefExpr>(addr->getSubExpr()->IgnoreParenImpCasts()))
          fn = dyn_cast<FunctionDecl>(r->getDecl());
      names = dyn_cast<StringLiteral>(call->getArg(1)->IgnoreParenImpCasts());
    }
    if (!fn || !names) {
      d.Report(vd->getLocation(), id) << "ADGEN_GRADIENT must name a function: "
                                         "ADGEN_GRADIENT(ns::f, x, y)";
      out_.failed = true;
      return true;
    }
    const FunctionDecl *def = nullptr;
    if (!fn->hasBody(def) || !def) {
      d.Report(vd->getLocation(), id)
          << "ADGEN_GRADIENT names '" + fn->getQualifiedNameAsString() +
                 "', whose body adgen cannot see; include the header that defines it";
      out_.failed = true;
      return true;
    }
    std::set<std::string> requested;
    std::string list = names->getString().str();
    for (size_t at = 0; at <= list.size();) {
      size_t comma = list.find(',', at);
      if (comma == std::string::npos)
        comma = list.size();
      std::string name = list.substr(at, comma - at);
      name.erase(0, name.find_first_not_of(" \t\n"));
      name.erase(name.find_last_not_of(" \t\n") + 1);
      if (!name.empty())
        requested.insert(name);
      at = comma + 1;
    }
    if (requested.empty()) {
      d.Report(vd->getLocation(), id) << "ADGEN_GRADIENT needs the names of the parameters "
                                         "to differentiate with respect to";
      out_.failed = true;
      return true;
    }
    bool ok = true;
    for (const std::string &name : requested) {
      bool found = false;
      for (const ParmVarDecl *pd : def->parameters())
        found = found || pd->getName() == name;
      if (!found) {
        d.Report(vd->getLocation(), id)
            << "'" + def->getQualifiedNameAsString() + "' has no parameter named '" + name + "'";
        out_.failed = true;
        ok = false;
      }
    }
    if (ok)
      lowerOnce(def, &requested);
    return true;
  }

private:
  void lowerOnce(const FunctionDecl *fd, const std::set<std::string> *requested) {
    DiagnosticsEngine &d = ctx_.getDiagnostics();
    unsigned id = d.getCustomDiagID(DiagnosticsEngine::Error, "%0");
    // A function seen again (a header included by several sources) is lowered
    // once. Two different functions with internal linkage may share a name in
    // two sources, but not in one generated header.
    const SourceManager &sm = ctx_.getSourceManager();
    PresumedLoc p = sm.getPresumedLoc(sm.getExpansionLoc(fd->getLocation()));
    std::string where = p.isValid() ? std::string(p.getFilename()) + ":" + std::to_string(p.getLine()) : "";
    std::string key = fd->getQualifiedNameAsString() + " " + fd->getType().getAsString();
    auto [it, inserted] = out_.seen.emplace(key, where);
    if (!inserted) {
      if (it->second != where && !fd->isExternallyVisible()) {
        d.Report(fd->getLocation(), id)
            << "another function '" + fd->getQualifiedNameAsString() +
                   "' with internal linkage and the same type was already differentiated (" +
                   it->second + "); rename one of them or run adgen on each source separately";
        out_.failed = true;
      }
      return;
    }
    try {
      out_.module.functions.push_back(FunctionLowering(ctx_, fd, requested).run());
    } catch (const Refused &) {
      out_.failed = true;
    }
  }

  ASTContext &ctx_;
  Collection &out_;
};

class Consumer : public ASTConsumer {
public:
  explicit Consumer(Collection &out) : out_(out) {}
  void HandleTranslationUnit(ASTContext &ctx) override {
    if (ctx.getDiagnostics().hasErrorOccurred()) {
      out_.failed = true; // the code does not compile: nothing to differentiate
      return;
    }
    Finder(ctx, out_).TraverseDecl(ctx.getTranslationUnitDecl());
  }

private:
  Collection &out_;
};

} // namespace

std::unique_ptr<ASTConsumer> makeConsumer(Collection &out) {
  return std::make_unique<Consumer>(out);
}

} // namespace adgen::frontend
