//===- Statements.cpp - statements, control flow, loops, assignments ----------===//
//
// Branches open regions and merge variables through phis; a branch that
// jumps (return, break, continue) takes the rest of the code with it. Loops
// carry the variables they assign (LoopVar / next / LoopExit).
//
//===----------------------------------------------------------------------===//
#include "Frontend/Lowering.h"

#include <clang/AST/ParentMapContext.h>

namespace adgen::frontend::detail {

enum Jump : unsigned { Return = 1, Break = 2, Continue = 4 };

/// Whether s contains one of the jumps in `kinds`: a return, or a break or
/// continue of the loop around s (not of a loop or switch nested in s).
static bool contains(const Stmt *s, unsigned kinds, bool nested = false) {
  if (!s)
    return false;
  if (isa<ReturnStmt>(s))
    return kinds & Return;
  if (isa<BreakStmt>(s))
    return (kinds & Break) && !nested;
  if (isa<ContinueStmt>(s))
    return (kinds & Continue) && !nested;
  bool inner = nested || isa<ForStmt>(s) || isa<WhileStmt>(s) || isa<DoStmt>(s) ||
               isa<SwitchStmt>(s) || isa<CXXForRangeStmt>(s);
  for (const Stmt *c : s->children())
    if (contains(c, kinds, inner))
      return true;
  return false;
}

/// The C++ type of an integral variable's value: its declared type, or, for
/// a pointer into a parameter, the type of its offset.
std::string FunctionLowering::variableType(const ValueDecl *decl) const {
  return pointerBase_.count(decl) ? "long" : spell(decl->getType());
}

/// A variable adgen adds (a loop's done flag, a returned value): a VarDecl
/// of its own, so that it is carried and merged like the user's variables.
const ValueDecl *FunctionLowering::synthetic(const std::string &name, QualType t, SourceLocation at) {
  const ValueDecl *d = VarDecl::Create(ctx_, const_cast<FunctionDecl *>(fd_), at, at,
                                       &ctx_.Idents.get(name), t, nullptr, SC_None);
  syntheticOrder_[d] = static_cast<unsigned>(syntheticOrder_.size() + 1);
  return d;
}

/// After a loop that may have returned: `if (returned) return result;`
/// followed by the rest. Inside an enclosing loop, the return goes on
/// outwards: that loop stops too.
NodeId FunctionLowering::afterReturningLoop(const std::vector<const Stmt *> &rest) {
  ir::Graph &g = f_.graph;
  RegionIdT outer = g.current(), thenR = g.openIf(env_[returned_]);
  Env before = env_;
  g.enter(thenR);
  NodeId thenResult = ir::NoNode;
  if (loopDepth_ > 0)
    env_[loops_.back()] = g.constant(1, Type::Bool);
  else
    thenResult = env_[retval_];
  Env thenEnv = env_;
  env_ = before;
  g.enter(thenR + 1);
  NodeId elseResult = lowerSeq(rest);
  Env elseEnv = env_;
  g.enter(outer);
  if (thenResult != ir::NoNode && elseResult != ir::NoNode) {
    mergeReturnSlots(thenR, thenEnv, elseEnv);
    return g.phi(thenR, thenResult, elseResult);
  }
  mergeBranches(thenR, thenEnv, elseEnv);
  return ir::NoNode;
}

/// switch (v) { case a: case b: S1; break; default: S2; } as
/// if (v == a || v == b) { S1 } else { S2 }: each group of labels with the
/// statements up to its break (or return). Falling through from one group's
/// statements into the next, and a break nested inside a group, are refused.
const Stmt *FunctionLowering::switchAsIfs(const SwitchStmt *sw) {
  if (sw->getInit() || sw->getConditionVariable())
    refuse(sw, "a 'switch' with an initializer or a declared variable is not supported; "
               "declare the variable before");
  auto *body = dyn_cast<CompoundStmt>(const_cast<Stmt *>(sw->getBody()));
  if (!body)
    refuse(sw, "a 'switch' without braces is not supported");
  struct Group {
    std::vector<const Expr *> values;
    bool isDefault = false;
    std::vector<Stmt *> stmts;
    bool closed = false; // ended by break or return
  };
  std::vector<Group> groups;
  for (Stmt *child : body->body()) {
    Stmt *st = child;
    bool label = false;
    while (isa<SwitchCase>(st)) { // case 1: case 2: stmt
      if (!label && (groups.empty() || groups.back().closed || !groups.back().stmts.empty())) {
        if (!groups.empty() && !groups.back().closed && !groups.back().stmts.empty())
          refuse(st, "falling through from one case into the next is not supported; end the "
                     "case with 'break' or 'return'");
        groups.emplace_back();
      }
      label = true;
      if (auto *cs = dyn_cast<CaseStmt>(st)) {
        if (cs->getRHS())
          refuse(cs, "case ranges are not supported");
        groups.back().values.push_back(cs->getLHS());
        st = cs->getSubStmt();
      } else {
        groups.back().isDefault = true;
        st = cast<DefaultStmt>(st)->getSubStmt();
      }
    }
    if (groups.empty())
      refuse(st, "statements before the first case label are not supported");
    Group &g = groups.back();
    if (g.closed)
      continue; // unreachable code after a break or return
    if (isa<BreakStmt>(st)) {
      g.closed = true;
      continue;
    }
    if (contains(st, Break))
      refuse(st, "a 'break' nested inside a case is not supported; restructure the case as "
                 "an if/else");
    g.stmts.push_back(st);
    g.closed = isa<ReturnStmt>(st);
  }
  // The chain, built from the last group: default last, whatever its place.
  std::stable_partition(groups.begin(), groups.end(), [](const Group &g) { return !g.isDefault; });
  SourceLocation at = sw->getBeginLoc();
  auto block = [&](const std::vector<Stmt *> &stmts) {
    return CompoundStmt::Create(ctx_, stmts, FPOptionsOverride(), at, at);
  };
  Stmt *chain = nullptr;
  for (auto g = groups.rbegin(); g != groups.rend(); ++g) {
    if (g->isDefault) {
      chain = block(g->stmts);
      continue;
    }
    Expr *cond = nullptr;
    for (const Expr *value : g->values) {
      auto *eq = BinaryOperator::Create(ctx_, const_cast<Expr *>(sw->getCond()),
                                        const_cast<Expr *>(value), BO_EQ, ctx_.BoolTy,
                                        VK_PRValue, OK_Ordinary, value->getBeginLoc(),
                                        FPOptionsOverride());
      cond = cond ? BinaryOperator::Create(ctx_, cond, eq, BO_LOr, ctx_.BoolTy, VK_PRValue,
                                           OK_Ordinary, value->getBeginLoc(), FPOptionsOverride())
                  : eq;
    }
    chain = IfStmt::Create(ctx_, at, IfStatementKind::Ordinary, nullptr, nullptr, cond, at, at,
                           block(g->stmts), at, chain);
  }
  return chain ? chain : block({});
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
    if (const auto *attributed = dyn_cast<AttributedStmt>(s)) {
      work[i--] = attributed->getSubStmt(); // [[likely]] and the like change nothing
      continue;
    }
    if (const auto *block = dyn_cast<CompoundStmt>(s)) {
      noteNoGradScopes(block);
      work.insert(work.begin() + i + 1, block->body_begin(), block->body_end());
      continue;
    }
    if (const auto *ret = dyn_cast<ReturnStmt>(s)) {
      NodeId value;
      bool isVoid = inlined_.empty() ? f_.returnsVoid
                                     : inlined_.back()->getReturnType()->isVoidType();
      if (!ret->getRetValue() && isVoid) {
        value = f_.graph.constant(0, Type::Double);
      } else if (!ret->getRetValue()) {
        refuse(s, "'return' without a value");
      } else if (!returnSlots_.empty()) { // an inlined call's struct result
        std::vector<NodeId> values = lowerRecord(ret->getRetValue());
        for (size_t k = 0; k < values.size(); ++k)
          assignLeaf(returnSlots_[k], values[k], s, false);
        value = f_.graph.constant(0, Type::Double); // (stands for "returned")
      } else {
        value = noGrad(f_.graph.cast(lower(ret->getRetValue()), returnType_), s);
      }
      if (loopDepth_ == 0)
        return value;
      // Inside a loop: remember the value, leave the loop (as a break).
      env_[retval_] = value;
      env_[returned_] = f_.graph.constant(1, Type::Bool);
      env_[loops_.back()] = f_.graph.constant(1, Type::Bool);
      return ir::NoNode;
    }
    if ((isa<ForStmt>(s) || isa<WhileStmt>(s) || isa<DoStmt>(s)) && contains(s, Return)) {
      // A loop with a return inside: run it, then `if (returned) return result;`.
      lowerStmt(s);
      return afterReturningLoop(std::vector<const Stmt *>(work.begin() + i + 1, work.end()));
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
    if (const auto *sw = dyn_cast<SwitchStmt>(s)) {
      work[i--] = switchAsIfs(sw); // then lowered as the if/else chain it is
      continue;
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
  RegionIdT outer = g.current(), thenR = g.openIf(cond), elseR = thenR + 1;
  Env before = env_;
  // A branch that jumps (return, break, continue), at any depth: each branch
  // goes on with its own copy of the continuation, so that every path is
  // complete when they merge. (A return nested in an inner if would otherwise
  // lose the code after the outer if.)
  bool jumps = contains(s->getThen(), Return | Break | Continue) ||
               contains(s->getElse(), Return | Break | Continue);
  auto branch = [&](const Stmt *stmt) {
    std::vector<const Stmt *> work;
    if (stmt)
      work.push_back(stmt);
    if (jumps)
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
  flow.consumed = jumps;
  g.enter(outer);
  if (thenResult != ir::NoNode && elseResult != ir::NoNode) {
    flow.result = located(g.phi(thenR, thenResult, elseResult), s);
    mergeReturnSlots(thenR, thenEnv, elseEnv);
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
std::vector<const ValueDecl *> FunctionLowering::inSourceOrder(const Env &env) const {
  std::vector<const ValueDecl *> decls;
  for (const auto &entry : env)
    decls.push_back(entry.first);
  // Synthetic variables share their locations (a struct's members, a
  // loop's flags): their creation order breaks the tie.
  auto key = [this](const ValueDecl *d) {
    auto it = syntheticOrder_.find(d);
    return std::make_pair(d->getLocation().getRawEncoding(),
                          it == syntheticOrder_.end() ? 0u : it->second);
  };
  std::sort(decls.begin(), decls.end(),
            [&](const ValueDecl *a, const ValueDecl *b) { return key(a) < key(b); });
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
        f_.graph.setCxxType(merged, variableType(decl));
    }
    env_[decl] = merged;
  }
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
    if (lowerSeq({s}) != ir::NoNode)
      refuse(s, "a 'return' in this 'switch' is not supported here");
    return;
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

/// for (init; cond; inc) body, while (cond) body and do body while (cond).
/// The body is lowered once, in the loop's region, with each carried variable
/// bound to its LoopVar; its values at the end of the body are the nexts.
/// Whether evaluating e may change a variable or an array: an assignment,
/// ++ or --, or a call that may write through a pointer or reference.
static bool changesState(const Expr *e) {
  AssignmentTargets targets;
  targets.TraverseStmt(const_cast<Expr *>(e));
  if (!targets.targets.empty())
    return true;
  struct Writes : RecursiveASTVisitor<Writes> {
    bool found = false;
    bool VisitCallExpr(CallExpr *c) {
      found = found || (c->getDirectCallee() && mayWriteArguments(c->getDirectCallee()));
      return true;
    }
  } writes;
  writes.TraverseStmt(const_cast<Expr *>(e));
  return writes.found;
}

void FunctionLowering::lowerLoop(const Stmt *init, const Expr *cond, const Expr *inc,
                                 const Stmt *body, bool testAtTop, const Stmt *at) {
  ir::Graph &g = f_.graph;
  if (init)
    lowerStmt(init);
  if (testAtTop && cond && changesState(cond)) {
    // A condition that changes variables (while (add(b, s) < 3)): the loop
    // leaves with what it changed, which a test before the body (whose
    // exits are the values at the top of the iteration) would lose. As
    // `for (;;) { if (!cond) break; body }`.
    SourceLocation loc = cond->getBeginLoc();
    Expr *negated = UnaryOperator::Create(ctx_, const_cast<Expr *>(cond), UO_LNot, ctx_.BoolTy,
                                          VK_PRValue, OK_Ordinary, loc, false,
                                          FPOptionsOverride());
    Stmt *leave = IfStmt::Create(ctx_, loc, IfStatementKind::Ordinary, nullptr, nullptr, negated,
                                 loc, loc, new (ctx_) BreakStmt(loc));
    Stmt *parts[] = {leave, const_cast<Stmt *>(body)};
    body = CompoundStmt::Create(ctx_, parts, FPOptionsOverride(), loc, loc);
    cond = nullptr;
  }
  // The variables the loop assigns are carried from one iteration to the
  // next; variables declared inside the loop are new in each iteration.
  AssignmentTargets targets;
  for (const Stmt *part : {static_cast<const Stmt *>(body), static_cast<const Stmt *>(inc),
                           static_cast<const Stmt *>(cond)})
    if (part)
      targets.TraverseStmt(const_cast<Stmt *>(part));
  std::set<const ValueDecl *> assigned;
  for (const Expr *lhs : targets.targets)
    if (const auto *ref = dyn_cast<DeclRefExpr>(lhs->IgnoreParenImpCasts()))
      assigned.insert(ref->getDecl());
  for (const Stmt *part : {static_cast<const Stmt *>(body), static_cast<const Stmt *>(inc),
                           static_cast<const Stmt *>(cond)}) {
    carriedArrays(part, assigned);
    carriedRecords(part, assigned);
  }

  // A loop with a break carries a flag: the iteration that breaks sets it,
  // and the next test of the condition stops the loop.
  const ValueDecl *done = nullptr;
  bool returns = contains(body, Return);
  if (contains(body, Break) || returns) {
    done = synthetic("done", ctx_.BoolTy, at->getBeginLoc());
    env_[done] = g.constant(0, Type::Bool);
    assigned.insert(done);
  }
  if (returns) {
    if (!returned_) { // the first loop of this function body with a return
      returned_ = synthetic("returned", ctx_.BoolTy, at->getBeginLoc());
      retval_ = synthetic("result", ctx_.DoubleTy, at->getBeginLoc());
    }
    // (Not yet on this path: the first such loop may have been lowered in
    // another branch, with its own copy of the code after an if.)
    if (!env_.count(returned_)) {
      env_[returned_] = g.constant(0, Type::Bool);
      // (A tensor result has no value until a return sets it: a 0-dim zero,
      // whose zeros the reverse can make on the paths that did not return.)
      ir::Type element = ir::elementType(returnType_);
      env_[retval_] = ir::isTensor(returnType_)
                          ? g.opaque(std::string("adgen::tensor<") + ir::cxxName(element) + ">",
                                     returnType_, {g.constant(0, element)})
                          : g.constant(0, returnType_);
    }
    assigned.insert(returned_);
    assigned.insert(retval_);
    assigned.insert(returnSlots_.begin(), returnSlots_.end());
  }

  RegionIdT outer = g.current();
  unsigned l = g.openLoop();
  std::vector<const ValueDecl *> carried;
  for (const ValueDecl *decl : inSourceOrder(env_)) {
    if (!assigned.count(decl))
      continue;
    NodeId v = g.loopVar(l, env_[decl]);
    g.setHint(v, decl->getNameAsString(), 0, 0);
    if (g.type(v) == Type::Int)
      g.setCxxType(v, variableType(decl));
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
    if (isa<DecompositionDecl>(vd))
      refuse(vd->getSourceRange(), "structured bindings are not supported yet; name the "
                                   "members (p.x) or elements (a[0]) instead");
    if (vd->getType()->isVariableArrayType())
      refuse(vd->getSourceRange(), "variable-length arrays are not supported; use "
                                   "'std::vector<double> " + vd->getNameAsString() + "(n)'");
    if (vd->getType()->isFunctionPointerType())
      refuse(vd->getSourceRange(), "pointers to functions are not supported: an indirect call "
                                   "cannot be differentiated; call the function directly");
    if (isNoGradGuard(vd->getType()))
      continue; // (its scope was noted with the block: see noteNoGradScopes)
    if (lowerRecordDecl(vd))
      continue;
    if (vd->getType()->isReferenceType())
      refuse(vd->getSourceRange(), "local reference '" + vd->getNameAsString() +
                                       "' is not supported yet; copy the value instead");
    if (vd->getType()->isPointerType() && vd->getInit()) {
      // A pointer into a parameter: its offset is the variable's value.
      PointerValue pv = lowerPointer(vd->getInit());
      pointerBase_[vd] = pv.param;
      if (pv.array)
        pointerArray_[vd] = pv.array;
      env_[vd] = pv.offset;
      continue;
    }
    if (lowerArrayDecl(vd))
      continue;
    if (vd->getType()->isArrayType() || vd->getType()->isPointerType())
      refuse(vd->getSourceRange(), "this local array or pointer is not supported: arrays of "
                                   "float, double or integers (T a[N], std::array, "
                                   "std::vector) and pointers into arrays are");
    if (const CXXRecordDecl *rd = vd->getType()->getAsCXXRecordDecl(); rd && rd->isLambda())
      refuse(vd->getInit() ? vd->getInit()->getSourceRange() : vd->getSourceRange(),
             "lambdas are not supported in differentiable functions");
    if (!classify(vd->getType()))
      refuse(vd->getSourceRange(), "local variable '" + vd->getNameAsString() + "' has type '" +
                                       vd->getType().getAsString(ctx_.getPrintingPolicy()) +
                                       "', which adgen cannot differentiate; use float, "
                                       "double, an integral type or adgen::Tensor");
    const Expr *init = vd->getInit();
    if (const auto *ce = dyn_cast_or_null<CXXConstructExpr>(init);
        ce && ce->getNumArgs() == 0 && tensorType(vd->getType()))
      init = nullptr; // `Tensor s;`: undefined until assigned, like a double without a value
    if (init) {
      NodeId v = noGrad(f_.graph.cast(lower(init), *classify(vd->getType())), ds);
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
    if (pd && refArray_.count(pd)) {
      NodeId v = lower(rhs);
      storeElement(*elementOf(e), v, at);
      return true;
    }
    if (!pd || !outputRefs_.count(pd))
      return false;
    int index = paramIndex_.at(pd);
    NodeId v = f_.graph.cast(lower(rhs), f_.params[index].type);
    f_.stores.push_back(located(f_.graph.store(index, f_.graph.constant(0, Type::Int), v), at));
    return true;
  }
  if (isa<MemberExpr>(e)) { // out->x = v (a local struct's member is a variable)
    std::optional<Place> p = place(e);
    if (!p || !p->address)
      return false;
    writePlace(*p, {lower(rhs)}, at);
    return true;
  }
  // p[i] = v, *p = v, v[i] = v: the right side first, as C++17 sequences it
  // (a helper it calls may change i).
  const auto *uo = dyn_cast<UnaryOperator>(e);
  const auto *oc = dyn_cast<CXXOperatorCallExpr>(e);
  if (!isa<ArraySubscriptExpr>(e) && !(uo && uo->getOpcode() == UO_Deref) &&
      !(oc && oc->getOperator() == OO_Subscript && subscriptable(oc->getArg(0))))
    return false;
  // (Otherwise the index first: see the compound assignments in lowerEffect.)
  NodeId v = changesState(rhs) || changesState(lhs) ? lower(rhs) : ir::NoNode;
  std::optional<PointerValue> pv = elementOf(e);
  storeElement(*pv, v != ir::NoNode ? v : lower(rhs), at);
  return true;
}

/// Whether lhs names an output parameter or one of its elements.
bool FunctionLowering::isOutputElement(const Expr *lhs) {
  const ParmVarDecl *pd = writtenParam(lhs);
  return pd && paramIndex_.count(pd) && f_.params[paramIndex_.at(pd)].output;
}

const VarDecl *FunctionLowering::assignable(const Expr *lhs, const Stmt *at) {
  if (std::vector<const ValueDecl *> leaves = localLeaves(lhs); leaves.size() == 1)
    return cast<VarDecl>(leaves[0]); // q.x of a local struct
  const auto *ref = dyn_cast<DeclRefExpr>(lhs->IgnoreParenImpCasts());
  const auto *vd = ref ? dyn_cast<VarDecl>(ref->getDecl()) : nullptr;
  if (vd && vd->hasLocalStorage() && (!vd->getType()->isReferenceType() || refCopies_.count(vd)))
    return vd;
  if (vd && !vd->hasLocalStorage())
    refuse(at, "writes to the global variable '" + vd->getNameAsString() +
                   "' cannot be differentiated; return the value instead");
  if (const auto *call = dyn_cast<CallExpr>(lhs->IgnoreParenImpCasts()))
    refuse(at, "writing through the reference that '" +
                   (call->getDirectCallee() ? call->getDirectCallee()->getNameAsString()
                                            : std::string("this call")) +
                   "' returns is not supported; index the array or name the variable directly");
  refuse(at, "writes through pointers or references (output parameters) are not supported "
             "yet; return the value instead");
}

void FunctionLowering::assign(const Expr *lhs, NodeId value, const Stmt *at) {
  const VarDecl *vd = assignable(lhs, at);
  if (pointerBase_.count(vd)) { // value is the new offset
    env_[vd] = value;
    return;
  }
  value = noGrad(f_.graph.cast(value, *classify(vd->getType())), at);
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
    // The right side first, as C++17 sequences it, where a helper it calls
    // may change the left side (s += add(x, s)); otherwise the index first
    // (the reverse can then read a stored value back, see planReloads).
    NodeId right = changesState(ca->getRHS()) || changesState(ca->getLHS()) ? lower(ca->getRHS())
                                                                            : ir::NoNode;
    auto rightValue = [&] { return right != ir::NoNode ? right : lower(ca->getRHS()); };
    if (std::optional<PointerValue> pv = elementOf(ca->getLHS()); pv && pv->array) {
      Type compute = *classify(ca->getComputationResultType());
      NodeId lhs = f_.graph.cast(loadElement(*pv, ca->getLHS()), compute);
      NodeId rhs = f_.graph.cast(rightValue(), compute);
      BinaryOperatorKind k = BinaryOperator::getOpForCompoundAssignment(ca->getOpcode());
      return storeElement(*pv, binary(k, lhs, rhs, compute, ca), e);
    }
    if (std::optional<PointerValue> pv = elementOf(ca->getLHS());
        pv && !pv->array && pv->param >= 0 && f_.params[pv->param].output &&
        !f_.params[pv->param].isRecord())
      loadElement(*pv, ca->getLHS()); // starts again, with the parameter as an array
    if (isOutputElement(ca->getLHS()))
      refuse(e, "'" + BinaryOperator::getOpcodeStr(ca->getOpcode()).str() +
                    "' on an output parameter reads it, which is not supported yet; compute the "
                    "value in a local and assign it once");
    const VarDecl *vd = assignable(ca->getLHS(), e);
    if (pointerBase_.count(vd)) { // p += k, p -= k
      if (ca->getOpcode() != BO_AddAssign && ca->getOpcode() != BO_SubAssign)
        refuse(e, "only += and -= are supported on pointers");
      NodeId k = scaled(rightValue(), ca->getLHS());
      NodeId offset = ca->getOpcode() == BO_AddAssign ? f_.graph.add(env_[vd], k)
                                                      : f_.graph.sub(env_[vd], k);
      return assign(ca->getLHS(), offset, e);
    }
    Type compute = *classify(ca->getComputationResultType());
    if (!env_.count(vd))
      refuse(ca->getLHS(), "variable '" + vd->getNameAsString() + "' is read before it is assigned");
    NodeId lhs = f_.graph.cast(env_[vd], compute);
    NodeId rhs = f_.graph.cast(rightValue(), compute);
    BinaryOperatorKind k = BinaryOperator::getOpForCompoundAssignment(ca->getOpcode());
    return assign(ca->getLHS(), binary(k, lhs, rhs, compute, ca), e);
  }
  if (const auto *bo = dyn_cast<BinaryOperator>(e); bo && bo->getOpcode() == BO_Comma) {
    lowerEffect(bo->getLHS()); // a, b: a's effects, then b's (++i, k += 2)
    return lowerEffect(bo->getRHS());
  }
  if (const auto *bo = dyn_cast<BinaryOperator>(e)) {
    if (bo->getOpcode() == BO_Assign) {
      if (lowerStore(bo->getLHS(), bo->getRHS(), e))
        return;
      const VarDecl *vd = assignable(bo->getLHS(), e);
      if (pointerBase_.count(vd)) {
        PointerValue pv = lowerPointer(bo->getRHS());
        auto array = pointerArray_.find(vd);
        if (pv.param != pointerBase_[vd] ||
            pv.array != (array == pointerArray_.end() ? nullptr : array->second))
          refuse(e, "a pointer variable must keep pointing into the same parameter");
        return assign(bo->getLHS(), pv.offset, e);
      }
      return assign(bo->getLHS(), lower(bo->getRHS()), e);
    }
  }
  if (const auto *uo = dyn_cast<UnaryOperator>(e)) {
    if (uo->isIncrementDecrementOp()) {
      // (An output parameter's element is read: loadElement starts again.)
      if (std::optional<PointerValue> pv = elementOf(uo->getSubExpr());
          pv && (pv->array || (pv->param >= 0 && f_.params[pv->param].output))) {
        NodeId v = loadElement(*pv, uo->getSubExpr());
        NodeId one = f_.graph.constant(1, f_.graph.type(v));
        return storeElement(*pv, binary(uo->isIncrementOp() ? BO_Add : BO_Sub, v, one,
                                        f_.graph.type(v), uo), e);
      }
      const VarDecl *vd = assignable(uo->getSubExpr(), e);
      if (!env_.count(vd))
        refuse(uo->getSubExpr(), "variable '" + vd->getNameAsString() + "' is read before it is assigned");
      Type t = pointerBase_.count(vd) ? Type::Int : *classify(vd->getType());
      NodeId one = f_.graph.constant(1, t);
      if (pointerBase_.count(vd)) // (a pointer to rows steps a row)
        one = scaled(one, uo->getSubExpr());
      return assign(uo->getSubExpr(),
                    binary(uo->isIncrementOp() ? BO_Add : BO_Sub, env_[vd], one, t, uo), e);
    }
  }
  if (lowerRecordEffect(e))
    return;
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
  if (const auto *mc = dyn_cast<CXXMemberCallExpr>(e))
    if (const ValueDecl *array = localArray(mc->getImplicitObjectArgument())) {
      lowerArrayMember(mc, array); // (refuses what changes the array)
      return;
    }
  if (const auto *call = dyn_cast<CallExpr>(e)) {
    // A helper called for its effects (output pointers into arrays or
    // output parameters): inlined, its result if any unused.
    const FunctionDecl *def = nullptr;
    const FunctionDecl *callee = call->getDirectCallee();
    if (callee && !isa<CXXMemberCallExpr>(call) && !isa<CXXOperatorCallExpr>(call) &&
        callee->hasBody(def) && def &&
        !ctx_.getSourceManager().isInSystemHeader(callee->getLocation()) &&
        !hasAnnotation(callee, NoGradAnnotation) &&
        (callee->getReturnType()->isVoidType() || classify(callee->getReturnType()))) {
      inlineCall(call, def);
      return;
    }
    std::string name = call->getDirectCallee() ? call->getDirectCallee()->getNameAsString() : "?";
    refuse(e, "a call whose result is not used ('" + name +
                  "') is not supported here: only helper functions with a visible body can be "
                  "called for their effects; use the value it returns" +
                  (name == "swap" ? std::string(" (for std::swap, write a helper: "
                                                "'void swap2(double &a, double &b) { double t = "
                                                "a; a = b; b = t; }')")
                                  : std::string()));
  }
  refuse(e, "this expression statement has no effect adgen can differentiate; remove it");
}

// --- Expressions ---------------------------------------------------------------

} // namespace adgen::frontend::detail

namespace adgen::frontend::detail {

bool FunctionLowering::isNoGradGuard(QualType t) const {
  const CXXRecordDecl *rd = t->getAsCXXRecordDecl();
  return rd && rd->getQualifiedNameAsString() == "adgen::NoGradGuard";
}

/// `adgen::NoGradGuard guard;` in `block`: the statements after it in the
/// block compute constants (PyTorch's torch.no_grad()).
void FunctionLowering::noteNoGradScopes(const CompoundStmt *block) {
  bool guarded = false;
  for (const Stmt *s : block->body()) {
    if (guarded)
      noGradStmts_.insert(s);
    if (const auto *ds = dyn_cast<DeclStmt>(s))
      for (const Decl *d : ds->decls())
        if (const auto *vd = dyn_cast<VarDecl>(d); vd && isNoGradGuard(vd->getType()))
          guarded = true;
  }
}

/// `value`, detached when statement `at` is inside a no-grad scope (is, or
/// is inside, a statement that follows a guard).
NodeId FunctionLowering::noGrad(NodeId value, const Stmt *at) {
  if (noGradStmts_.empty() || !ir::isFloating(f_.graph.type(value)))
    return value;
  for (clang::DynTypedNode n = clang::DynTypedNode::create(*at);;) {
    const Stmt *s = n.get<Stmt>();
    if (!s)
      return value;
    if (noGradStmts_.count(s))
      return f_.graph.make(Op::Detach, f_.graph.type(value), {value});
    clang::DynTypedNodeList parents = ctx_.getParents(n);
    if (parents.empty())
      return value;
    n = parents[0];
  }
}

} // namespace adgen::frontend::detail
