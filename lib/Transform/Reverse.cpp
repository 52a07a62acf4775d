//===- Reverse.cpp - reverse mode -----------------------------------------===//
//
// Node ids are topological, so visiting the forward nodes from the result
// down to 0 visits every user of a node before the node: when a node is
// reached, all contributions to its adjoint are known and are summed once
// ("pull" form), which gives single-assignment adjoints that read like
// hand-written code.
//
//===----------------------------------------------------------------------===//
#include "Transform/Reverse.h"

#include "Derivatives/Rules.h"

#include <algorithm>
#include <map>
#include <set>
#include <cassert>
#include <stdexcept>
#include <tuple>

namespace adgen::xform {

using namespace adgen::ir;

/// The contribution c brought to the type of the operand it is for: a tensor
/// contribution to a scalar operand is summed (broadcast becomes reduction).
/// (`keep` gives the operand whose shape a broadcast sums back to as the
/// reverse reads it: Sweep::freeze.)
template <class Keep>
static NodeId toOperandType(Graph &G, NodeId c, NodeId operand, const Node &user, Keep keep) {
  Type want = G.type(operand), have = G.type(c);
  if (isTensor(have) && !isTensor(want))
    c = G.make(Op::SumToScalar, elementType(have), {c});
  // An elementwise operation on two or more tensors broadcasts them: each
  // operand's contribution is summed back to its shape.
  bool broadcasts = user.op == Op::Add || user.op == Op::Sub || user.op == Op::Mul ||
                    user.op == Op::Div || user.op == Op::Pow || user.op == Op::Maximum ||
                    user.op == Op::Minimum || user.op == Op::Where || user.op == Op::MseLoss;
  std::set<NodeId> tensorOperands;
  for (NodeId a : user.args)
    if (isTensor(G.type(a)))
      tensorOperands.insert(a);
  if (isTensor(have) && isTensor(want) && broadcasts && tensorOperands.size() > 1)
    c = G.make(Op::ReduceLike, want, {c, keep(shapeSource(G, operand))});
  return G.cast(c, G.type(operand));
}

/// The sum of a node's contributions in the order they arrived; a term that
/// arrives k times (x * x) is added once, times k.
static NodeId sum(Graph &G, const std::vector<NodeId> &terms) {
  std::vector<std::pair<NodeId, int>> unique;
  for (NodeId t : terms) {
    auto it = std::find_if(unique.begin(), unique.end(), [&](auto &u) { return u.first == t; });
    if (it == unique.end())
      unique.push_back({t, 1});
    else
      ++it->second;
  }
  NodeId total = NoNode;
  for (auto [term, count] : unique) {
    if (count > 1)
      term = G.mul(G.constant(count, elementType(G.type(term))), term);
    total = total == NoNode ? term : G.add(total, term);
  }
  return total;
}

/// A tensor's zero adjoint: zeros shaped like `like` (the contribution to
/// its adjoint of a branch that did not run), computed in region r.
static NodeId zerosLike(Graph &G, NodeId like, RegionId r) {
  RegionId saved = G.current();
  G.enter(r);
  NodeId zero = G.opaque("adgen::zeros_like", G.type(like), {like});
  G.enter(saved);
  return zero;
}

/// A contribution that only exists when control reaches region `from`, made
/// usable in the enclosing region `to`: c on the path through `from`, 0 on
/// the other (a phi per branch level). Never crosses a loop body: loops
/// accumulate instead (see Sweep::contribute).
static NodeId lift(Graph &G, NodeId c, NodeId target, RegionId from, RegionId to) {
  while (from != to) {
    const Region &r = G.region(from);
    if (r.loop >= 0)
      throw std::logic_error("lift across a loop body");
    // (A tensor's zeros are made on the other path only, when it runs.)
    RegionId other = r.isThen ? from + 1 : from - 1;
    NodeId zero = isTensor(G.type(c)) ? zerosLike(G, target, other) : G.constant(0, G.type(c));
    RegionId thenRegion = r.isThen ? from : from - 1;
    c = r.isThen ? G.phi(thenRegion, c, zero) : G.phi(thenRegion, zero, c);
    from = r.parent;
  }
  return c;
}

/// The writes that a read of local array contents `mem` at `index` (NoNode:
/// any element, as a call that gets the array reads it) may read: walks the
/// contents back through writes, resizes, branch merges and loops. A write
/// certainly overwrote an element when its index is the same constant, or
/// the same index value with no loop back edge crossed in between (an index
/// computed in a loop body differs between iterations); the walk stops at
/// one for the element read, and skips earlier writes of elements that a
/// later write on the path overwrote. A resize whose old or new size is a
/// known constant c makes the elements from c on new.
static std::vector<NodeId> writesRead(const Graph &G, NodeId mem, NodeId index) {
  auto constant = [&](NodeId k) { return k != NoNode && G.node(k).op == Op::Const; };
  auto same = [&](NodeId a, NodeId b, bool crossed) {
    if (a == NoNode || b == NoNode)
      return false;
    if (constant(a) && constant(b))
      return G.node(a).value == G.node(b).value;
    return a == b && !crossed;
  };
  auto mayAlias = [&](NodeId a, NodeId b) {
    return !(constant(a) && constant(b) && G.node(a).value != G.node(b).value);
  };
  struct Path {
    NodeId mem;
    bool crossed = false;
    std::vector<NodeId> overwritten;      // indices written later on the path
    double newFrom = 1e300;               // elements from here on are new
    auto key() const { return std::tie(mem, crossed, overwritten, newFrom); }
    bool operator<(const Path &o) const { return key() < o.key(); }
  };
  std::vector<NodeId> writes;
  std::set<Path> seen;
  std::vector<Path> work{Path{mem}};
  while (!work.empty()) {
    Path p = work.back();
    work.pop_back();
    if (!seen.insert(p).second)
      continue;
    const Node &n = G.node(p.mem);
    auto go = [&](NodeId next, bool crossing) {
      Path q = p;
      q.mem = next;
      if (crossing) { // only constant indices mean the same element in another iteration
        q.crossed = true;
        q.overwritten.erase(std::remove_if(q.overwritten.begin(), q.overwritten.end(),
                                           [&](NodeId k) { return !constant(k); }),
                            q.overwritten.end());
      }
      work.push_back(std::move(q));
    };
    switch (n.op) {
    case Op::ArrayStore: {
      NodeId k = n.args[1];
      bool dead = constant(k) && G.node(k).value >= p.newFrom;
      for (NodeId later : p.overwritten)
        dead = dead || same(k, later, false);
      if (!dead && mayAlias(k, index))
        writes.push_back(p.mem);
      if (same(k, index, p.crossed))
        break;
      if (std::find(p.overwritten.begin(), p.overwritten.end(), k) == p.overwritten.end()) {
        p.overwritten.push_back(k);
        std::sort(p.overwritten.begin(), p.overwritten.end());
      }
      go(n.args[0], false);
      break;
    }
    case Op::ArrayResize: {
      for (NodeId size : {n.args[1], n.args[2]})
        if (constant(size))
          p.newFrom = std::min(p.newFrom, G.node(size).value);
      if (constant(index) && G.node(index).value >= p.newFrom)
        break;
      go(n.args[0], false);
      break;
    }
    case Op::Phi:
    case Op::LoopExit:
      for (NodeId a : n.args)
        if (G.type(a) == Type::Mem)
          go(a, false);
      break;
    case Op::LoopVar:
      go(n.args[0], false);
      go(G.loop(n.param).nexts[static_cast<size_t>(n.value)], true);
      break;
    default: // ArrayNew: the declaration
      break;
    }
  }
  std::sort(writes.begin(), writes.end());
  writes.erase(std::unique(writes.begin(), writes.end()), writes.end());
  return writes;
}

/// Whether two writes certainly name the same element: the same index
/// node, or equal constants.
static bool sameElement(const Graph &G, NodeId i, NodeId j) {
  return i == j || (G.node(i).op == Op::Const && G.node(j).op == Op::Const &&
                    G.node(i).value == G.node(j).value);
}

/// Stores into output parameters that a later store in the same region (so
/// on every path through it) certainly overwrites: the caller never sees
/// their values.
static std::vector<bool> overwrittenStores(const Function &f) {
  const Graph &G = f.graph;
  std::vector<bool> dead(G.size(), false);
  for (size_t a = 0; a < f.stores.size(); ++a)
    for (size_t b = a + 1; b < f.stores.size() && !dead[f.stores[a]]; ++b) {
      const Node &x = G.node(f.stores[a]), &y = G.node(f.stores[b]);
      dead[f.stores[a]] = x.param == y.param && x.value == y.value && x.region == y.region &&
                          f.stores[b] > f.stores[a] && sameElement(G, x.args[0], y.args[0]);
    }
  return dead;
}

/// The writes into output parameters that the function also reads (they
/// are arrays, see ir::LocalArray::param) and that have adjoints: what the
/// caller gets back, like the Stores into other output parameters. Not
/// those a later write in the same region (so on every path through it)
/// overwrites: a read in between finds them anyway (writesRead).
static std::vector<NodeId> parameterArrayWrites(const Function &f) {
  const Graph &G = f.graph;
  std::vector<NodeId> writes;
  for (NodeId id = 0; id < G.size(); ++id) {
    const Node &n = G.node(id);
    if (n.op != Op::ArrayStore || !f.arrays[n.param].isParameter() ||
        !f.params[f.arrays[n.param].param].active)
      continue;
    bool overwritten = false;
    for (NodeId later = id + 1; later < G.size() && !overwritten; ++later) {
      const Node &m = G.node(later);
      overwritten = m.op == Op::ArrayStore && m.param == n.param && m.region == n.region &&
                    sameElement(G, m.args[1], n.args[1]);
    }
    if (!overwritten)
      writes.push_back(id);
  }
  return writes;
}

/// The forward nodes whose adjoint can be nonzero: those a derivative flows
/// back to from the result or an output parameter, following the operands
/// that carry one (not conditions, indices or array orderings), a loop's
/// back edges, and from a read of a local array to the writes it may read
/// (those writes are marked too). Anything else has adjoint 0 whatever the
/// inputs and gets no adjoint code: 0 times a local derivative that is
/// infinite would be NaN (an unused accumulator of exp(1000 * x[i]), a
/// stored value nothing reads).
static std::vector<bool> derivativeFlows(const Function &f, const std::vector<bool> &varied,
                                         const std::vector<NodeId> &parameterWrites) {
  const Graph &G = f.graph;
  std::vector<bool> live(G.size(), false);
  std::vector<NodeId> work;
  auto mark = [&](NodeId id) {
    if (!live[id] && varied[id] && isFloating(G.type(id))) {
      live[id] = true;
      work.push_back(id);
    }
  };
  auto markWrite = [&](NodeId store) {
    if (!live[store]) {
      live[store] = true;
      mark(G.node(store).args[2]);
    }
  };
  if (!f.returnsVoid)
    mark(f.result);
  std::vector<bool> overwritten = overwrittenStores(f);
  for (NodeId st : f.stores)
    if (f.params[G.node(st).param].active && !overwritten[st]) {
      live[st] = true;
      mark(G.node(st).args[1]);
    }
  for (NodeId st : parameterWrites)
    markWrite(st);
  while (!work.empty()) {
    const Node n = G.node(work.back());
    work.pop_back();
    if (n.op == Op::ArrayLoad)
      for (NodeId w : writesRead(G, n.args[0], n.args[1]))
        markWrite(w);
    if (n.op == Op::Custom) { // a recursive call reads the arrays passed to it
      const CustomFunction &c = f.customs[n.param];
      for (size_t k = 0; k < c.args.size(); ++k)
        if (c.args[k].form == ArgForm::ArrayPointer)
          for (NodeId w : writesRead(G, n.args[c.operandOf(k)], NoNode))
            markWrite(w);
    }
    if (n.op == Op::LoopVar)
      mark(G.loop(n.param).nexts[static_cast<size_t>(n.value)]);
    for (NodeId a : n.args)
      mark(a);
  }
  return live;
}

namespace {

/// The reverse sweep. Node ids are topological (but for a loop's back edges,
/// which live in LoopInfo), so visiting nodes from the result down visits all
/// users of a node first. A loop is handled as a whole when its exits are
/// reached: its body is swept once, symbolically, in terms of the adjoints of
/// the carried variables at the start of a reverse iteration.
class Sweep {
public:
  Sweep(const Function &f, Gradient &out, const SplitPlan *plan, const std::vector<bool> *changing)
      : f_(f), out_(out), plan_(plan), changing_(changing), G_(out.graph), varied_(variedNodes(f)),
        parameterWrites_(parameterArrayWrites(f)),
        flows_(derivativeFlows(f, varied_, parameterWrites_)), reaches_(f.graph.size(), false),
        contributions_(f.graph.size()), handled_(f.graph.size(), false) {}

  void run(NodeId seed) {
    // The roots: the result, and the stores into output parameters. The
    // sweep starts from the last node: a loop's exits come after the stores
    // in its body, and a void function's result is a shared constant 0 that
    // may come first.
    // (The last node of f's graph: the seed's node comes after it, and the
    // per-node vectors end there. Reading one past their end crashed adgen
    // now and then, when f had a multiple of 64 nodes.)
    NodeId top = static_cast<NodeId>(f_.graph.size() - 1);
    markReaching(f_.result);
    for (NodeId st : f_.stores)
      markReaching(st);
    for (NodeId st : parameterWrites_)
      markReaching(st);
    analyseMemory();
    if (varied_[f_.result] && !f_.returnsVoid)
      contributions_[f_.result].push_back(seed);
    firstNode_.assign(G_.regionCount(), NoNode);
    for (NodeId id = 0; id < f_.graph.size(); ++id)
      for (RegionId r = G_.node(id).region; r != RootRegion; r = G_.region(r).parent)
        firstNode_[r] = std::min(firstNode_[r], id);
    sweep(top, -1);
    flushIfs(NoNode, RootRegion);
    auto sortPhis = [&] {
      std::vector<NodeId> &v = out_.frozenPhis;
      std::sort(v.begin(), v.end());
      v.erase(std::unique(v.begin(), v.end()), v.end());
    };
    sortPhis();
    freezeReverseConditions();
    sortPhis();
    G_.enter(RootRegion);
  }

private:
  void markReaching(NodeId root);
  void sweep(NodeId from, int loop);
  void visit(NodeId id, int loop);
  void sweepLoop(unsigned l, int enclosing);
  void contribute(NodeId to, NodeId c, RegionId where, int loop);
  void analyseMemory();
  NodeId freeze(NodeId x);
  static NodeId freezeThunk(void *self, NodeId x) { return static_cast<Sweep *>(self)->freeze(x); }
  void freezeReverseConditions();
  NodeId adjointArray(int array);
  NodeId arrayArgument(NodeId call, int array, NodeId mem);
  bool writesOutputs(unsigned l) const {
    for (const std::vector<NodeId> *writes : {&f_.stores, &parameterWrites_})
      for (NodeId st : *writes)
        if (G_.within(G_.node(st).region, G_.loop(l).body))
          return true;
    return false;
  }

  const Function &f_;
  Gradient &out_;
  const SplitPlan *plan_;             // see SplitPlan
  const std::vector<bool> *changing_; // f_fwd, f_rev: SplitPlan::changing of f
  Graph &G_;
  std::vector<bool> varied_;
  std::vector<NodeId> parameterWrites_; // see parameterArrayWrites
  std::vector<bool> flows_, reaches_;
  std::vector<std::vector<NodeId>> contributions_;
  // Tensor contributions made in branches, by if (then region) and tensor:
  // (then path's, else path's); see pend.
  std::map<RegionId, std::map<NodeId, std::pair<std::vector<NodeId>, std::vector<NodeId>>>>
      pendingIfs_;
  std::map<NodeId, NodeId> onePath_; // a branch's accumulated phi -> the same, undefined where 0
  std::vector<NodeId> firstNode_; // per region: its lowest node id (and its regions')
  void pend(NodeId to, NodeId c, RegionId where);
  void flushIfs(NodeId below, RegionId scope);
  std::vector<bool> handled_;
  // Per loop being swept: contributions to values from outside it.
  std::map<unsigned, std::map<NodeId, std::vector<NodeId>>> accumulated_;
  std::map<NodeId, NodeId> frozen_;      // see freeze
  std::map<NodeId, bool> callsCostly_;   // see callsCostly
  bool callsCostly(NodeId x);
  std::map<int, NodeId> adjointArrays_;  // per local array: its AdjArray
  std::map<int, NodeId> lastAdjointOp_;  // per local array: the latest AdjTake/AdjAcc
};

/// Which loops touch local arrays, which arrays get adjoints, and which
/// primal values depend on what an array held when it was read.
void Sweep::analyseMemory() {
  const Graph &F = f_.graph;
  std::vector<bool> &recorded = out_.recordedLoops;
  recorded.assign(F.loopCount(), false);
  out_.activeArrays.assign(f_.arrays.size(), false);
  auto markWithEnclosing = [&](RegionId r) {
    for (int l = F.loopOf(r); l >= 0; l = F.loopOf(F.region(F.loop(l).body).parent))
      recorded[l] = true;
  };
  for (NodeId id = 0; id < F.size(); ++id) {
    const Node &n = F.node(id);
    if (n.op != Op::ArrayNew && n.op != Op::ArrayLoad && n.op != Op::ArrayStore &&
        n.op != Op::ArrayResize)
      continue;
    markWithEnclosing(n.region);
    if (n.op == Op::ArrayLoad && varied_[id] && reaches_[id])
      out_.activeArrays[n.param] = true;
  }
  // An output parameter read in place: its adjoint is the caller's d_y.
  for (size_t a = 0; a < f_.arrays.size(); ++a)
    if (f_.arrays[a].isParameter() && f_.params[f_.arrays[a].param].active)
      out_.activeArrays[a] = true;
  // A recursive call reads the arrays passed to it: they need adjoints.
  for (NodeId id = 0; id < F.size(); ++id) {
    const Node &n = F.node(id);
    if (n.op != Op::Custom || !varied_[id] || !reaches_[id])
      continue;
    for (const CallArg &a : f_.customs[n.param].args)
      if (a.form == ArgForm::ArrayPointer && a.active)
        out_.activeArrays[a.index] = true;
  }
  // A loop that computes anything from an array read is recorded too (its
  // forward cannot be rerun), and so is every loop inside a recorded one:
  // iterate, since the exits of recorded loops count as array reads.
  std::vector<bool> &md = out_.memoryDependent;
  for (bool grew = true; grew;) {
    md.assign(F.size(), false);
    for (bool changed = true; changed;) {
      changed = false;
      for (NodeId id = 0; id < F.size(); ++id) {
        const Node &n = F.node(id);
        if (md[id])
          continue;
        // (A recursive call is never recomputed: it costs as much as the
        // function, and may read arrays; so is its copy of them.)
        bool v = n.op == Op::ArrayLoad || n.op == Op::Snapshot ||
                 (n.op == Op::Load && changing_ && (*changing_)[n.param]) ||
                 (n.op == Op::Custom && f_.customs[n.param].generated) ||
                 (n.op == Op::LoopExit && recorded[n.param]);
        for (NodeId a : n.args)
          v = v || md[a];
        if (n.op == Op::LoopVar)
          v = v || md[F.loop(n.param).nexts[static_cast<size_t>(n.value)]];
        if (v) {
          md[id] = true;
          changed = F.loopCount() > 0;
        }
      }
    }
    std::vector<bool> before = recorded;
    for (NodeId id = 0; id < F.size(); ++id)
      if (md[id])
        markWithEnclosing(F.node(id).region);
    for (unsigned l = 0; l < F.loopCount(); ++l)
      for (int outer = F.loopOf(F.region(F.loop(l).body).parent); outer >= 0;
           outer = F.loopOf(F.region(F.loop(outer).body).parent))
        if (recorded[outer])
          recorded[l] = true;
    grew = recorded != before;
  }
}

/// The value of primal node x as the reverse sweep may read it. A value
/// that depends on an array read and is computed inside a branch or a loop
/// body cannot be recomputed where the reverse code runs (the array may have
/// changed): it is carried out of its branches by phis that the forward
/// branch assigns, and recorded on a tape by the loop around it.
/// Whether computing primal value x again, in its branch, would call a
/// costly function: x is one, or an operand computed in a branch is. Here
/// (a branch outside loops, where keeping a value costs a variable, not a
/// tape) a square root and a division count as costly too: tens of cycles
/// each, where BA's rotation recomputed theta = sqrt(...) and r / theta.
bool Sweep::callsCostly(NodeId x) {
  auto it = callsCostly_.find(x);
  if (it != callsCostly_.end())
    return it->second;
  const Node &n = G_.node(x);
  // A tensor is costly whatever its operation (an allocation and a pass
  // over its elements, or a matrix product) and cheap to keep (a handle).
  bool costly = n.region != RootRegion && (isCostly(n.op) || n.op == Op::Sqrt || n.op == Op::Div ||
                                           isTensor(n.type));
  for (NodeId a : n.args)
    costly = costly || (a < out_.memoryDependent.size() && G_.node(a).region != RootRegion &&
                        callsCostly(a));
  callsCostly_[x] = costly;
  return costly;
}

NodeId Sweep::freeze(NodeId x) {
  if (x >= out_.memoryDependent.size())
    return x; // made by the reverse sweep
  RegionId r = G_.node(x).region;
  if (r == RootRegion)
    return x;
  // A branch's value whose recomputation would call a costly function
  // (sin, exp, ...; 1 - cos(t)) is kept too, outside loops: the reverse
  // reads a variable rather than calling the function again.
  if (!out_.memoryDependent[x] && !(G_.loopOf(r) < 0 && callsCostly(x)))
    return x;
  auto it = frozen_.find(x);
  if (it != frozen_.end())
    return it->second;
  // p[i] of a pointer that nothing changes, at a kept index: keep the index
  // and read p[i] again (one value kept, not two).
  const Node &n = G_.node(x);
  if (n.op == Op::Load && !f_.params[n.param].output && !(changing_ && (*changing_)[n.param])) {
    NodeId offset = freeze(n.args[0]);
    NodeId v = G_.load(n.param, n.type, offset, static_cast<int>(n.value));
    frozen_[x] = v;
    return v;
  }
  RegionId saved = G_.current();
  NodeId v = x;
  while (r != RootRegion && G_.region(r).loop < 0) {
    const Region reg = G_.region(r);
    RegionId thenRegion = reg.isThen ? r : r - 1;
    // (A tensor read only where its branch ran: an undefined handle on the
    // other path.)
    G_.enter(reg.isThen ? r + 1 : r - 1); // (the path that did not compute it)
    NodeId zero = isTensor(G_.type(v)) ? G_.opaque(cxxName(G_.type(v)), G_.type(v), {})
                                       : G_.constant(0, G_.type(v));
    NodeId phi = reg.isThen ? G_.phi(thenRegion, v, zero) : G_.phi(thenRegion, zero, v);
    if (G_.type(phi) == Type::Int && G_.node(phi).cxxType.empty())
      G_.setCxxType(phi, "long long");
    if (G_.type(phi) == Type::Buffer)
      G_.setCxxType(phi, G_.node(v).cxxType);
    out_.frozenPhis.push_back(phi);
    v = phi;
    r = reg.parent;
  }
  if (r != RootRegion) {
    NodeId value = v;
    v = G_.recorded(static_cast<unsigned>(G_.region(r).loop), value, r);
    if (G_.type(v) == Type::Buffer)
      G_.setCxxType(v, G_.node(value).cxxType);
  }
  G_.enter(saved);
  frozen_[x] = v;
  return v;
}

/// Local array `array` as Custom `call` read it (contents `mem`), for the
/// call's vjp: the array itself, unless the program changes it after the
/// call (a later write, or the next iteration of a loop around the call);
/// then the copy taken right after the call (Snapshot), kept like any value
/// the reverse cannot recompute.
NodeId Sweep::arrayArgument(NodeId call, int array, NodeId mem) {
  const Graph &F = f_.graph;
  RegionId at = F.node(call).region;
  bool changed = false;
  NodeId copy = NoNode;
  for (NodeId id = 0; id < F.size(); ++id) {
    const Node &n = F.node(id);
    if (n.param != array)
      continue;
    if (n.op == Op::Snapshot && static_cast<NodeId>(n.value) == call)
      copy = id;
    if (n.op != Op::ArrayStore && n.op != Op::ArrayResize && n.op != Op::ArrayNew)
      continue;
    // (An array declared in a branch or loop body is gone where the
    // reverse of that branch or loop runs: the reverse reads the copy.)
    if (id > call || (n.op == Op::ArrayNew && n.region != RootRegion))
      changed = true;
    for (int l = F.loopOf(n.region); l >= 0 && !changed;
         l = F.loopOf(F.region(F.loop(l).body).parent))
      changed = F.within(at, F.loop(l).body);
  }
  if (!changed || copy == NoNode)
    return mem;
  return freeze(copy);
}

/// A reverse if tests its forward condition again; one that cannot be
/// recomputed is frozen like any other value.
void Sweep::freezeReverseConditions() {
  // Every if around a reverse node, also those around the loops it is in:
  // the reverse of an if holding a loop tests the condition again, and an
  // array it was computed from may have changed since (a pivot row swapped).
  auto freezeAround = [&](RegionId start) {
    for (RegionId b = start; b != RootRegion; b = G_.region(b).parent) {
      if (G_.region(b).loop >= 0)
        continue;
      RegionId thenRegion = G_.region(b).isThen ? b : b - 1;
      if (!out_.reverseConds.count(thenRegion))
        out_.reverseConds[thenRegion] = freeze(G_.region(b).cond);
    }
  };
  const NodeId forwardSize = static_cast<NodeId>(f_.graph.size());
  for (NodeId id = forwardSize; id < G_.size(); ++id) {
    const Node &n = G_.node(id);
    if (n.op == Op::Recorded || std::find(out_.frozenPhis.begin(), out_.frozenPhis.end(), id) !=
                                    out_.frozenPhis.end())
      continue;
    // (An adjoint phi belongs to the reverse if of its then region.)
    freezeAround(n.op == Op::Phi ? static_cast<RegionId>(n.param) : n.region);
  }
  // And every if around an accumulation into a parameter's adjoint, whose
  // value may come from outside the if (d_x[4] += d_t6 in the reverse of
  // t6 = c ? x[4] : 2, where c read an array the code after changed).
  for (size_t k = 0; k < out_.outputs.size(); ++k)
    freezeAround(out_.outputs[k].region);
}

/// d_a, declared (zeros) where the array is declared, the first time the
/// reverse sweep (which runs from the end) meets the array.
NodeId Sweep::adjointArray(int array) {
  auto it = adjointArrays_.find(array);
  if (it != adjointArrays_.end())
    return it->second;
  NodeId decl = NoNode;
  for (NodeId id = 0; id < f_.graph.size() && decl == NoNode; ++id)
    if (G_.node(id).op == Op::ArrayNew && G_.node(id).param == array)
      decl = id;
  RegionId saved = G_.current();
  G_.enter(G_.node(decl).region);
  NodeId d = G_.adjoint(Op::AdjArray, array, Type::Mem, {freeze(G_.node(decl).args[0])});
  G_.enter(saved);
  return adjointArrays_[array] = d;
}

void Sweep::markReaching(NodeId root) {
  std::vector<NodeId> work{root};
  while (!work.empty()) {
    NodeId id = work.back();
    work.pop_back();
    if (reaches_[id])
      continue;
    reaches_[id] = true;
    const Node &n = G_.node(id);
    for (NodeId a : n.args)
      work.push_back(a);
    if (n.op == Op::LoopVar) { // the back edge: the previous iteration's value
      const LoopInfo &l = G_.loop(n.param);
      work.push_back(l.nexts[static_cast<size_t>(n.value)]);
      work.push_back(l.cond);
    }
  }
}

/// Routes a contribution made in region `where` to node `to`: summed into
/// its adjoint when `to` is inside the loop being swept (or no loop is), or
/// accumulated over the iterations when it comes from outside.
void Sweep::contribute(NodeId to, NodeId c, RegionId where, int loop) {
  bool inside = loop < 0 || G_.within(G_.node(to).region, G_.loop(loop).body);
  RegionId dest = inside ? G_.node(to).region : G_.loop(loop).body;
  if (isTensor(G_.type(c)) && where != dest) {
    pend(to, c, where); // summed per branch first (flushIfs)
    return;
  }
  NodeId lifted = lift(G_, c, to, where, dest);
  if (inside)
    contributions_[to].push_back(lifted);
  else
    accumulated_[loop][to].push_back(lifted);
}

/// A tensor contribution made in a branch, kept until the sweep has left
/// that if: then the contributions of each path to each tensor are summed
/// there, and one phi per tensor and if carries them out (zeros of the
/// tensor's shape only on a path that made none), rather than a phi and a
/// zero-filled tensor per contribution.
void Sweep::pend(NodeId to, NodeId c, RegionId where) {
  const Region &r = G_.region(where);
  if (r.loop >= 0)
    throw std::logic_error("a branch's contribution pended at a loop body");
  RegionId thenRegion = r.isThen ? where : where - 1;
  auto &sides = pendingIfs_[thenRegion][to];
  (r.isThen ? sides.first : sides.second).push_back(c);
}

/// Carries out the pending contributions of every if inside region `scope`
/// whose nodes all have ids above `below` (the sweep has visited them),
/// innermost first. (A loop's sweep flushes the ifs of its body only: an if
/// around the loop still has nodes before it to visit.)
void Sweep::flushIfs(NodeId below, RegionId scope) {
  while (!pendingIfs_.empty()) {
    auto last = std::prev(pendingIfs_.end()); // (an inner if has a higher id)
    RegionId thenRegion = last->first;
    if (!G_.within(thenRegion, scope))
      return;
    if (std::min(firstNode_[thenRegion], firstNode_[thenRegion + 1]) <= below &&
        below != NoNode)
      return;
    auto targets = std::move(last->second);
    pendingIfs_.erase(last);
    RegionId saved = G_.current();
    for (auto &[to, sides] : targets) {
      NodeId arms[2];
      for (int b = 0; b < 2; ++b) {
        const std::vector<NodeId> &terms = b == 0 ? sides.first : sides.second;
        G_.enter(thenRegion + b);
        arms[b] = terms.empty() ? zerosLike(G_, to, thenRegion + b) : sum(G_, terms);
      }
      NodeId phi = G_.phi(thenRegion, arms[0], arms[1]);
      RegionId parent = G_.region(thenRegion).parent;
      int loop = G_.loopOf(parent);
      if ((sides.first.empty() || sides.second.empty()) && loop >= 0 &&
          parent == G_.loop(loop).body && !G_.within(G_.node(to).region, parent)) {
        // Accumulated over a loop from one path only: if nothing else adds
        // to `to`, the loop adds nothing on the other path (an undefined
        // handle there, see FunctionEmitter::accumulateStatement).
        int empty = sides.first.empty() ? 0 : 1;
        G_.enter(thenRegion + empty);
        NodeId none = G_.opaque(cxxName(G_.type(to)), G_.type(to), {});
        onePath_[phi] = empty == 0 ? G_.phi(thenRegion, none, arms[1]) : G_.phi(thenRegion, arms[0], none);
      }
      contribute(to, phi, parent, loop);
    }
    G_.enter(saved);
  }
}

/// Visits the nodes of the current loop's body (or of the whole function)
/// from `from` down; nodes of inner loops are left to their own sweep.
void Sweep::sweep(NodeId from, int loop) {
  for (NodeId id = from + 1; id-- > 0;) {
    flushIfs(id, loop < 0 ? RootRegion : G_.loop(loop).body);
    RegionId r = G_.node(id).region;
    // A store reads and clears its element's adjoint even if it stores a constant.
    bool store = G_.node(id).op == Op::Store ||
                 ((G_.node(id).op == Op::ArrayStore || G_.node(id).op == Op::ArrayResize) &&
                  reaches_[id] && out_.activeArrays[G_.node(id).param]);
    bool exit = G_.node(id).op == Op::LoopExit;
    if (handled_[id] || (!store && !exit && (!reaches_[id] || !varied_[id])))
      continue;
    if (loop >= 0 && !G_.within(r, G_.loop(loop).body))
      continue;
    int inner = G_.loopOf(r);
    if (inner != loop) // a node of an inner loop's body: swept with that loop
      continue;
    if (!reaches_[id] || !varied_[id]) {
      // A store of a constant still clears its element's adjoint, and a
      // loop that writes output parameters is swept for its stores.
      const Node &n = G_.node(id);
      bool loopWrites = n.op == Op::LoopExit && writesOutputs(static_cast<unsigned>(n.param));
      if (n.op != Op::Store && !loopWrites)
        continue;
    }
    visit(id, loop);
  }
}

void Sweep::visit(NodeId id, int loop) {
  handled_[id] = true;
  const Node n = G_.node(id); // a copy: rules append nodes
  if (n.op == Op::LoopExit) {
    sweepLoop(static_cast<unsigned>(n.param), loop);
    return;
  }
  if (n.op == Op::Store) {
    // p[k] = v: v's adjoint is the caller's d_p[k] (which the function's
    // write leaves at 0: p's old value no longer matters).
    if (!f_.params[n.param].active || !flows_[id]) // (overwritten later: its seed is 0)
      return;
    G_.enter(n.region);
    NodeId seed = G_.outputSeed(n.param, freeze(n.args[0]), n.type, static_cast<int>(n.value));
    if (varied_[n.args[1]])
      contribute(n.args[1], seed, n.region, loop);
    return;
  }
  if (n.op == Op::ArrayStore) {
    // a[k] = v: v's adjoint is d_a[k], which the write leaves at 0 (the
    // element's earlier value no longer matters). A write that no read
    // reaching the result may read has d_a[k] = 0 and is left out.
    if (!flows_[id])
      return;
    G_.enter(n.region);
    NodeId taken = G_.adjoint(Op::AdjTake, n.param, G_.type(n.args[2]),
                              {adjointArray(n.param), freeze(n.args[1])});
    lastAdjointOp_[n.param] = taken;
    if (varied_[n.args[2]])
      contribute(n.args[2], taken, n.region, loop);
    return;
  }
  if (n.op == Op::ArrayResize) {
    G_.enter(n.region);
    lastAdjointOp_[n.param] = G_.adjoint(Op::AdjDiscard, n.param, Type::Mem,
                                         {adjointArray(n.param), freeze(n.args[2]), freeze(n.args[1])});
    return;
  }
  if (contributions_[id].empty())
    return;
  // Adjoint code runs where its primal runs.
  G_.enter(n.region);
  NodeId adj = sum(G_, contributions_[id]);
  if (adj >= f_.graph.size() && !n.hint.empty()) // name new adjoint nodes after their primal
    G_.setHint(adj, "d_" + n.hint, 0, 0);
  if (n.op == Op::Param || n.op == Op::Load) {
    out_.outputs.push_back(
        {n.param, n.op == Op::Load ? freeze(n.args[0]) : NoNode, adj, id, n.region});
    return;
  }
  if (n.op == Op::ArrayLoad) {
    // a[i] = a[i] + v: the read gets back, whole, the adjoint the write just
    // took from d_a[i]; leave it there instead (no clear, no add).
    NodeId index = freeze(n.args[1]);
    auto last = lastAdjointOp_.find(n.param);
    if (last != lastAdjointOp_.end() && last->second == adj &&
        G_.node(adj).op == Op::AdjTake && G_.node(adj).args[1] == index &&
        G_.node(adj).region == n.region) {
      G_.keepAdjoint(adj);
      return;
    }
    lastAdjointOp_[n.param] =
        G_.adjoint(Op::AdjAcc, n.param, Type::Mem, {adjointArray(n.param), index, adj});
    return;
  }
  if (n.op == Op::Custom) {
    // The vjp, called once, gives every floating operand's adjoint (into a
    // variable per value, into the adjoint of the array a pointer points to).
    const CustomFunction &c = f_.customs[n.param];
    std::vector<NodeId> args{adj};
    for (size_t k = 0; k < c.args.size(); ++k) {
      size_t at = c.operandOf(k);
      // f_rev gets nullptr for a pointer it does not read: no copy of the
      // array (the offset still places the adjoint).
      if (c.args[k].form == ArgForm::ArrayPointer && plan_ && plan_->unread(c, k))
        args.push_back(G_.constant(0, Type::Int)), ++at;
      else if (c.args[k].form == ArgForm::ArrayPointer)
        args.push_back(arrayArgument(id, c.args[k].index, n.args[at++]));
      args.push_back(freeze(n.args[at]));
    }
    std::vector<int> adjointArrays;
    for (const CallArg &a : c.args)
      if (a.form == ArgForm::ArrayPointer && a.active && out_.activeArrays[a.index]) {
        args.push_back(adjointArray(a.index));
        adjointArrays.push_back(a.index);
      }
    // f_rev reads back what the call's f_fwd recorded: the call runs forward
    // wherever its reverse runs, even when no one needs its value.
    if (plan_ && c.generated && plan_->functions.count(c.vjp))
      args.push_back(freeze(id));
    NodeId call = G_.adjoint(Op::CustomVjp, n.param, Type::Mem, args);
    out_.callVjps[id] = call;
    for (int a : adjointArrays)
      lastAdjointOp_[a] = call;
    for (size_t k = 0; k < c.args.size(); ++k) {
      NodeId operand = n.args[c.operandOf(k)];
      if (c.args[k].form != ArgForm::Value || !c.args[k].active)
        continue;
      NodeId part = G_.customPart(call, static_cast<unsigned>(k), G_.type(operand));
      if (varied_[operand])
        contribute(operand, part, n.region, loop);
    }
    return;
  }
  if (n.op == Op::LoopVar) {
    // Its adjoint within one iteration; sweepLoop picks it up.
    LoopGradient &lg = out_.loops.back();
    for (LoopGradient &g : out_.loops)
      if (g.loop == static_cast<unsigned>(n.param))
        g.varAdjoint[static_cast<size_t>(n.value)] = adj;
    (void)lg;
    return;
  }
  if (n.op == Op::Phi) {
    // The gradient goes to the value of the branch that ran.
    RegionId thenRegion = static_cast<RegionId>(n.param);
    for (unsigned i = 1; i <= 2; ++i)
      if (varied_[n.args[i]])
        contribute(n.args[i], adj, i == 1 ? thenRegion : thenRegion + 1, loop);
    return;
  }
  deriv::VjpFn rule = deriv::vjpRule(n.op);
  if (!rule)
    throw std::logic_error(std::string("no derivative rule for ") + info(n.op).name);
  for (unsigned i = 0; i < n.args.size(); ++i) {
    if (!varied_[n.args[i]])
      continue;
    G_.enter(n.region);
    deriv::VjpContext context{G_, id, adj};
    context.freeze = &Sweep::freezeThunk;
    context.freezer = this;
    NodeId c = rule(context, i);
    if (c != NoNode)
      contribute(n.args[i],
                 toOperandType(G_, c, n.args[i], n, [&](NodeId x) { return freeze(x); }),
                 n.region, loop);
  }
}

/// The reverse of loop l, reached at its exits: all their users are done.
void Sweep::sweepLoop(unsigned l, int enclosing) {
  const LoopInfo info = G_.loop(l);
  RegionId outer = G_.region(info.body).parent;
  for (NodeId e : info.exits)
    handled_[e] = true;
  out_.loops.push_back(LoopGradient{});
  size_t at = out_.loops.size() - 1;
  {
    LoopGradient &lg = out_.loops[at];
    lg.loop = l;
    size_t n = info.vars.size();
    lg.seeds.assign(n, NoNode);
    lg.exitAdjoint.assign(n, NoNode);
    lg.varAdjoint.assign(n, NoNode);
    lg.outs.assign(n, NoNode);
    for (size_t j = 0; j < n; ++j) {
      if (!varied_[info.vars[j]] || G_.type(info.vars[j]) == Type::Mem)
        continue; // an array's adjoint is updated in place
      if (!flows_[info.vars[j]])
        continue; // its adjoint is 0: nothing carried from it reaches the result
      G_.enter(outer);
      if (!contributions_[info.exits[j]].empty())
        lg.exitAdjoint[j] = sum(G_, contributions_[info.exits[j]]);
      // In one reverse iteration, next_j's adjoint is the running adjoint of var j.
      lg.seeds[j] = G_.loopLeaf(Op::LoopAdj, l, static_cast<unsigned>(j), G_.type(info.vars[j]),
                                info.body);
      const std::string &hint = G_.node(info.vars[j]).hint;
      if (!hint.empty())
        G_.setHint(lg.seeds[j], "d_" + hint, 0, 0);
      // (next_j may be a value from outside the body, e.g. a loop-invariant
      // expression computed before the loop: then it is accumulated.)
      // (A constant next, `a = 1.5;` in the body, takes nothing.)
      if (varied_[info.nexts[j]])
        contribute(info.nexts[j], lg.seeds[j], info.body, static_cast<int>(l));
      markReaching(info.nexts[j]);
    }
  }
  // The body, once, from its last node down.
  NodeId last = info.exits.empty() ? 0 : info.exits.front();
  sweep(last, static_cast<int>(l));
  flushIfs(NoNode, info.body);
  for (size_t j = 0; j < info.vars.size(); ++j)
    handled_[info.vars[j]] = true;

  LoopGradient &lg = out_.loops[at];
  for (auto &[target, terms] : accumulated_[l]) {
    G_.enter(info.body);
    lg.accTargets.push_back(target);
    auto alone = terms.size() == 1 ? onePath_.find(terms[0]) : onePath_.end();
    lg.accValues.push_back(alone != onePath_.end() ? alone->second : sum(G_, terms));
    NodeId acc = G_.loopLeaf(Op::LoopGrad, l, static_cast<unsigned>(lg.accNodes.size()),
                             G_.type(target), outer);
    lg.accNodes.push_back(acc);
  }
  accumulated_.erase(l);
  // What flows out: the adjoints of the initial values, and the accumulators.
  for (size_t j = 0; j < info.vars.size(); ++j) {
    if (lg.seeds[j] == NoNode)
      continue;
    lg.outs[j] = G_.loopLeaf(Op::LoopAdjOut, l, static_cast<unsigned>(j),
                             G_.type(info.vars[j]), outer);
    G_.setHint(lg.outs[j], G_.node(lg.seeds[j]).hint, 0, 0);
    if (varied_[info.inits[j]])
      contribute(info.inits[j], lg.outs[j], outer, enclosing);
  }
  for (size_t k = 0; k < lg.accNodes.size(); ++k)
    contribute(lg.accTargets[k], lg.accNodes[k], outer, enclosing);
}

} // namespace

Gradient reverse(const Function &f, SeedKind seedKind, const SplitPlan *plan,
                 const std::vector<bool> *changing) {
  Gradient out;
  out.graph = f.graph;
  out.result = f.result;
  Graph &G = out.graph;
  Type rt = f.returnType;
  if (seedKind == SeedKind::Parameter)
    out.seed = G.seed(rt);
  else
    out.seed = isTensor(rt) ? G.make(Op::ImplicitSeed, rt, {f.result}) : G.constant(1, rt);
  Sweep(f, out, plan, changing).run(out.seed);
  // Parameter order, then the order in which the user first read each element.
  std::stable_sort(out.outputs.begin(), out.outputs.end(),
                   [](const AdjointOutput &x, const AdjointOutput &y) {
                     return std::tie(x.param, x.source) < std::tie(y.param, y.source);
                   });
  return out;
}

} // namespace adgen::xform
