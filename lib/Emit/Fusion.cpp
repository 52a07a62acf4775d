//===- Fusion.cpp - how loops and their reverse are laid out --------------===//
//
// Two decisions made before anything is printed: which loops run fused
// (planFusion, below) and which costly values a recurrence stores instead of
// recomputing them (planTapes, at the end).
//
// A reduction `for (...) s += f(x[i], ...)` has a reverse whose running
// adjoint d_s is the same in every iteration and, for `return s`, known
// before the loop (the seed). Its reverse iterations can then run in any
// order, so each one runs right after its forward iteration, in the same
// loop: nothing is stored, nothing is recomputed, the arrays are read once.
// That is how such adjoints are written by hand (bench/loops: dot, gauss_sum,
// quadform), and the alternative, a second loop that recomputes f, costs up
// to twice as much.
//
//===----------------------------------------------------------------------===//
#include "Emit/FunctionEmitter.h"

#include <algorithm>
#include <set>
#include <string>

namespace adgen::emit::detail {

namespace {

/// A value the reverse of a fused loop may read before the forward loop
/// has run: an operation on values, with no order of its own among the
/// region's side effects.
bool plain(const Node &n) {
  switch (n.op) {
  case Op::Phi: case Op::LoopVar: case Op::LoopExit: case Op::LoopAdj: case Op::LoopAdjOut:
  case Op::LoopGrad: case Op::Recorded: case Op::Custom: case Op::CustomPart:
  case Op::CustomVjp: case Op::Snapshot: case Op::ArrayNew: case Op::ArrayStore:
  case Op::ArrayResize: case Op::ArrayLoad: case Op::Store: case Op::OutputSeed:
  case Op::AdjArray: case Op::AdjAcc: case Op::AdjTake: case Op::AdjRead: case Op::AdjDiscard:
  case Op::Opaque:
    return false;
  default:
    return n.type != Type::Mem;
  }
}

} // namespace

/// Whether the reverse of loop l can run inside its forward loop, and if
/// so, in `later`, the values of the enclosing region that the reverse reads
/// and that come after the loop's start (the exit adjoints and what they are
/// computed from): they are defined before the fused loop. The conditions:
/// - every running adjoint is the same in every iteration (s += f: d_s);
/// - the reverse adds into the adjoint of an array that code after the loop
///   uses, or takes from one, only for arrays private to an iteration
///   (declared in the body): otherwise the adjoints of later reads would not
///   be complete yet; it reads no output parameter's adjoint and calls no
///   vjp;
/// - what it reads of the enclosing region does not depend on the loop's
///   results and is plain (see `plain`) or computed before the loop.
bool FunctionEmitter::fusedInputs(unsigned l, std::vector<NodeId> *later) const {
  const LoopInfo &info = G_.loop(l);
  const xform::LoopGradient *lg = gr_.loopGradient(l);
  if (!lg || info.vars.empty())
    return false;
  for (size_t j = 0; j < info.vars.size(); ++j)
    if (lg->seeds[j] != NoNode && lg->varAdjoint[j] != lg->seeds[j])
      return false;

  bool arraysUsedAfter = false;
  for (size_t j = 0; j < info.vars.size(); ++j)
    if (G_.type(info.vars[j]) == Type::Mem)
      for (NodeId id = 0; id < G_.size() && !arraysUsedAfter; ++id)
        arraysUsedAfter = std::count(G_.node(id).args.begin(), G_.node(id).args.end(), info.exits[j]);
  auto privateArray = [&](int array) {
    for (NodeId id = 0; id < f_.graph.size(); ++id)
      if (G_.node(id).op == Op::ArrayNew && G_.node(id).param == array)
        return G_.within(G_.node(id).region, info.body);
    return false;
  };
  for (const std::vector<xform::AdjointOutput> *list : {&gr_.outputs, &effects_})
    for (const xform::AdjointOutput &o : *list) {
      if (o.effect == NoNode || !G_.within(o.region, info.body))
        continue;
      const Node &e = G_.node(o.effect);
      if (!isReverseEffect(e.op) || e.op == Op::AdjArray)
        continue;
      bool arrayEffect = e.op == Op::AdjAcc || e.op == Op::AdjTake || e.op == Op::AdjRead ||
                         e.op == Op::AdjDiscard;
      // (An output parameter read in place is used after the loop: by the caller.)
      bool usedAfter = arraysUsedAfter || (arrayEffect && f_.arrays[e.param].isParameter());
      if (!arrayEffect || (!privateArray(e.param) && (e.op != Op::AdjAcc || usedAfter)))
        return false;
    }

  RegionId r = G_.region(info.body).parent;
  std::vector<NodeId> roots = reverseRoots(l);
  for (NodeId a : lg->exitAdjoint)
    if (a != NoNode)
      roots.push_back(a);
  std::vector<bool> need = needed(r, roots);
  NodeId start = *std::min_element(info.vars.begin(), info.vars.end());
  std::vector<NodeId> found;
  for (NodeId id = 0; id < G_.size(); ++id) {
    const Node &n = G_.node(id);
    if (!need[id] || n.region != r || id < start)
      continue;
    bool own = n.param == static_cast<int>(l) &&
               (n.op == Op::LoopExit || n.op == Op::LoopAdjOut || n.op == Op::LoopGrad);
    if (own && n.op == Op::LoopExit)
      return false; // the reverse reads the loop's result
    if (own)
      continue;
    // (The start of an iteration of the loop around: known in its body.)
    bool enclosing = (n.op == Op::LoopVar || n.op == Op::LoopAdj) && n.param == G_.region(r).loop;
    if (enclosing)
      continue;
    if (!plain(n) && n.op != Op::AdjArray)
      return false;
    found.push_back(id);
  }
  if (later)
    *later = std::move(found);
  return true;
}

/// Which loops run fused. A loop that records (it touches arrays) must know
/// it before anything is printed, since its tapes would be declared at the
/// top of the function: it runs fused where its forward and reverse are
/// printed in one scope, at the top level or in the body of a fused loop.
/// Other loops run fused wherever both are printed in one scope.
void FunctionEmitter::planFusion() {
  fusable_.assign(G_.loopCount(), false);
  fusedRecorded_.assign(G_.loopCount(), false);
  for (unsigned l = 0; l < G_.loopCount(); ++l)
    fusable_[l] = fusedInputs(l, nullptr);
  // (An outer loop is opened, and numbered, before the loops in its body.)
  for (unsigned l = 0; l < G_.loopCount(); ++l)
    fusedRecorded_[l] = fusable_[l] && recordedLoop(l) && forwardWithReverse(l);
}

namespace {
bool adjointLeaf(Op op) {
  switch (op) {
  case Op::Seed: case Op::LoopAdj: case Op::LoopAdjOut: case Op::LoopGrad: case Op::OutputSeed:
  case Op::AdjArray: case Op::AdjAcc: case Op::AdjTake: case Op::AdjRead: case Op::AdjDiscard:
  case Op::CustomPart: case Op::CustomVjp: case Op::ImplicitSeed: case Op::Recorded:
    return true;
  default:
    return false;
  }
}
} // namespace

/// A loop whose reverse runs apart from its forward loop (a recurrence, or
/// a reduction whose result feeds its own adjoint: log(sum of exp(x_i)))
/// has the costly values its reverse needs (sin(y) and the cos(y) of its
/// derivative, exp(...)) computed by the forward loop and stored, instead of
/// called again in the reverse: a store and a load cost far less than a
/// call (bench/loops, Euler; bench/adbench, lse), for 8 bytes per value and
/// iteration. Fused loops store nothing, and loops that record (they touch
/// arrays) are left as they are.
void FunctionEmitter::planTapes() {
  planReloads();
  taped_.assign(G_.size(), false);
  popped_.assign(G_.size(), false);
  std::vector<bool> fromAdjoints(G_.size(), false);
  for (NodeId id = 0; id < G_.size(); ++id) {
    const Node &n = G_.node(id);
    fromAdjoints[id] = adjointLeaf(n.op);
    for (NodeId a : n.args)
      fromAdjoints[id] = fromAdjoints[id] || fromAdjoints[a];
  }
  for (unsigned l = 0; l < G_.loopCount(); ++l) {
    if (!gr_.loopGradient(l) || fusable_[l] || gr_.recordedLoops[l])
      continue;
    // The forward loop runs anyway when it stores carried values or when
    // printed code reads what it leaves (the sum a log-sum-exp returns).
    // Otherwise (a vjp that needs none of its results) the reverse computes
    // what it needs itself, with no forward loop and no tape.
    LoopRecord rec = loopRecord(l);
    bool exitsRead = false;
    for (size_t j = 0; j < G_.loop(l).exits.size() && !exitsRead; ++j)
      exitsRead = owner_[G_.loop(l).exits[j]] != Unowned && induction(l, j).first == NoNode;
    bool runs = exitsRead || std::find(rec.stored.begin(), rec.stored.end(), true) != rec.stored.end();
    if (!runs)
      continue;
    RegionId body = G_.loop(l).body;
    std::vector<bool> need = needed(body, reverseRoots(l));
    std::vector<NodeId> candidates;
    // A condition on a floating carried variable (x[i] > a, a running max)
    // is stored as a bool rather than the variable as a double, when the
    // forward loop runs anyway for its exits (and not only to store it).
    auto comparesCarried = [&](NodeId id) {
      if (!exitsRead || G_.type(id) != Type::Bool)
        return false;
      for (NodeId a : G_.node(id).args)
        if (G_.node(a).op == Op::LoopVar && G_.node(a).param == static_cast<int>(l) &&
            isFloating(G_.type(a)) && !isTensor(G_.type(a)))
          return true;
      return false;
    };
    for (NodeId id = 0; id < G_.size(); ++id)
      // (A tensor is stored as a handle, and computing one again costs a
      // whole operation: every tensor the reverse needs is stored.)
      if (need[id] && G_.node(id).region == body &&
          (isCostly(G_.node(id).op) ||
           (isTensor(G_.type(id)) && G_.node(id).op != Op::LoopVar) || comparesCarried(id)) &&
          !fromAdjoints[id])
        candidates.push_back(id);
    // Not those that only other stored values read (cos(x) of tanh(cos(x))).
    need = neededPast(body, reverseRoots(l), candidates);
    for (NodeId id : candidates)
      taped_[id] = need[id];
  }
}

/// Whether integer `index` names a different element in each iteration of
/// loop l: the loop's index variable (stepping by a nonzero constant), or a
/// conversion of it.
bool FunctionEmitter::stepsWithLoop(unsigned l, NodeId index) const {
  // (A narrow type wraps around: (unsigned char)i is element 0 again at 256.)
  static const std::set<std::string> wide = {
      "int", "unsigned int", "long", "unsigned long", "long long", "unsigned long long",
      "std::size_t", "size_t", "std::ptrdiff_t", "ptrdiff_t"};
  const Node *n = &G_.node(index);
  if (n->op == Op::Cast && n->type == Type::Int) {
    if (!wide.count(n->cxxType))
      return false;
    n = &G_.node(n->args[0]);
  }
  if (n->op == Op::LoopVar && !wide.count(n->cxxType))
    return false;
  if (n->op != Op::LoopVar || n->param != static_cast<int>(l))
    return false;
  NodeId step = induction(l, static_cast<size_t>(n->value)).first;
  return step != NoNode && G_.node(step).op == Op::Const && G_.node(step).value != 0;
}

/// A costly value that the forward loop stores in a local array
/// (e[i] = exp(x[i])) is read back from it by the reverse loop instead of
/// being computed again, as a hand-written adjoint does (bench/loops,
/// Softmax). Only where the element certainly still holds it when the
/// reverse runs: the loop is at the top level (its reverse runs once,
/// after all the code that follows it), the array is declared at the top
/// level, written nowhere else and never resized, and the index steps with
/// the loop (each iteration writes its own element).
void FunctionEmitter::planReloads() {
  reloads_.assign(G_.size(), NoNode);
  auto arrayOp = [](Op op) {
    return op == Op::ArrayNew || op == Op::ArrayStore || op == Op::ArrayResize;
  };
  for (NodeId s = 0; s < f_.graph.size(); ++s) {
    const Node &store = G_.node(s);
    if (store.op != Op::ArrayStore)
      continue;
    int l = G_.loopOf(store.region);
    if (l < 0 || store.region != G_.loop(l).body ||
        G_.region(store.region).parent != RootRegion || !gr_.loopGradient(l) || fusable_[l])
      continue;
    NodeId index = store.args[1], value = store.args[2];
    // (The index is printed before the value in the reverse body.)
    if (G_.node(value).region != store.region || !isCostly(G_.node(value).op) || index > value ||
        !stepsWithLoop(static_cast<unsigned>(l), index))
      continue;
    bool onlyWrite = true;
    for (NodeId id = 0; id < f_.graph.size() && onlyWrite; ++id) {
      const Node &n = G_.node(id);
      if (arrayOp(n.op) && n.param == store.param)
        onlyWrite = n.op == Op::ArrayNew ? n.region == RootRegion : id == s;
    }
    if (!onlyWrite)
      continue;
    reloads_[value] = s;
    forced_[value] = true;
  }
}

} // namespace adgen::emit::detail
