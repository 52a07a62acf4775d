//===- Regions.cpp - printing branches and loops --------------------------===//
//
// Functions with branches and loops are printed region by region (see the
// comment on emitScope); straight-line ones by FunctionEmitter::blockBody.
//
//===----------------------------------------------------------------------===//
#include "Emit/DeadValues.h"
#include "Emit/FunctionEmitter.h"

#include <fmt/format.h>

#include <algorithm>
#include <functional>
#include <map>
#include <optional>
#include <set>
#include <tuple>

namespace adgen::emit::detail {

// Functions with branches and loops: the code of each region is printed in
// order of node ids, which is topological. An if/else is printed where its
// first phi is needed, once for the primal values it produces (forward) and,
// if the gradient needs them, once more for its adjoint phis and
// accumulations (reverse), recomputing inside that branch the primal values
// it uses. A loop likewise: the forward loop where its exits are needed
// (recording, when its reverse is printed in the same scope, the iteration
// count and the carried values the reverse reads), the reverse loop where
// its adjoints are needed.
std::vector<bool> FunctionEmitter::needed(RegionId r, std::vector<NodeId> stack) const {
  std::vector<bool> need(G_.size(), false);
  while (!stack.empty()) {
    NodeId id = stack.back();
    stack.pop_back();
    if (id == NoNode || need[id] || !G_.within(G_.node(id).region, r))
      continue;
    need[id] = true;
    const Node &n = G_.node(id);
    if ((n.op == Op::Recorded && !fusedRecorded(n.param)) || popped(id))
      continue; // popped from its tape, not computed
    if (reloaded(id)) { // read back from the array element it was stored in
      stack.push_back(G_.node(reloads_[id]).args[1]);
      continue;
    }
    // An adjoint phi's if tests the frozen condition, if there is one.
    bool adjointPhi = n.op == Op::Phi && id >= f_.graph.size() && !gr_.isFrozenPhi(id);
    for (size_t k = 0; k < n.args.size(); ++k)
      stack.push_back(adjointPhi && k == 0 ? condition(static_cast<RegionId>(n.param), true)
                                           : n.args[k]);
    // The conditions of the ifs around it decide whether it runs (frozen
    // ones where they cannot be recomputed).
    for (RegionId b = n.region; b != RootRegion && G_.region(b).loop < 0; b = G_.region(b).parent)
      stack.push_back(condition(b, true));
    // A loop nested in r runs as a whole (the loop whose body r is, does not).
    bool nested = (n.op == Op::LoopVar || n.op == Op::LoopExit || n.op == Op::LoopAdjOut ||
                   n.op == Op::LoopGrad || n.op == Op::LoopAdj) &&
                  G_.loop(n.param).body != r && G_.within(G_.loop(n.param).body, r);
    if (!nested)
      continue;
    if (n.op == Op::LoopVar || n.op == Op::LoopExit) { // the forward loop runs
      const LoopInfo &l = G_.loop(n.param);
      size_t j = static_cast<size_t>(n.value);
      stack.push_back(l.cond);
      stack.push_back(l.nexts[j]); // the value of the variable in later iterations
      stack.push_back(l.vars[j]);
      // So do the recording loops in its body (emitScope adds them there),
      // and what they read from outside it.
      if (runRecording_) {
        for (unsigned k = 0; k < G_.loopCount(); ++k)
          if (recordedLoop(k) && runsWithin(k, l.body)) {
            std::vector<NodeId> exits = runningExits(k);
            stack.insert(stack.end(), exits.begin(), exits.end());
          }
        // What it records is computed in it: from values before it, too.
        if (recordedLoop(n.param))
          for (NodeId r : recordedBy(n.param))
            stack.push_back(G_.node(r).args[0]);
      }
    }
    if (n.op == Op::LoopAdjOut || n.op == Op::LoopGrad || n.op == Op::LoopAdj) {
      const xform::LoopGradient *lg = gr_.loopGradient(n.param);
      stack.insert(stack.end(), lg->exitAdjoint.begin(), lg->exitAdjoint.end());
      stack.insert(stack.end(), lg->varAdjoint.begin(), lg->varAdjoint.end());
      stack.insert(stack.end(), lg->accValues.begin(), lg->accValues.end());
      stack.insert(stack.end(), lg->seeds.begin(), lg->seeds.end());
      stack.insert(stack.end(), lg->outs.begin(), lg->outs.end());
      stack.insert(stack.end(), lg->accNodes.begin(), lg->accNodes.end());
      if (!recordedLoop(n.param))
        stack.push_back(G_.loop(n.param).cond); // the forward loop runs (and records)
      else if (hoisted(n.param)) { // its trip count is computed again
        auto [from, to] = countedBounds(static_cast<unsigned>(n.param));
        stack.push_back(from);
        stack.push_back(to);
      }
    }
  }
  return need;
}

/// The Recorded values of loop l.
const std::vector<NodeId> &FunctionEmitter::recordedBy(unsigned l) const {
  if (recordedBy_.empty()) {
    recordedBy_.resize(G_.loopCount());
    for (NodeId id = 0; id < G_.size(); ++id)
      if (G_.node(id).op == Op::Recorded)
        recordedBy_[static_cast<size_t>(G_.node(id).param)].push_back(id);
  }
  return recordedBy_[l];
}

/// Whether loop k is in `body` and not inside another loop there: it runs
/// whenever body does (and its ifs let it).
bool FunctionEmitter::runsWithin(unsigned k, RegionId body) const {
  RegionId b = G_.region(G_.loop(k).body).parent;
  while (b != body && b != RootRegion && G_.region(b).loop < 0)
    b = G_.region(b).parent;
  return b == body;
}

/// `keys` in their order, but each after those of reads[key] among them
/// (where a cycle would stop all, the first one left goes on).
template <class Key>
static std::vector<Key> readersLast(const std::vector<Key> &keys,
                                    std::map<Key, std::set<Key>> &reads) {
  auto has = [](const std::vector<Key> &list, const Key &k) {
    return std::find(list.begin(), list.end(), k) != list.end();
  };
  std::vector<Key> sorted;
  while (sorted.size() < keys.size()) {
    const Key *next = nullptr;
    for (const Key &k : keys) {
      if (has(sorted, k))
        continue;
      bool ready = true;
      for (const Key &dep : reads[k])
        ready = ready && (!has(keys, dep) || has(sorted, dep));
      if (!next || ready)
        next = &k;
      if (ready)
        break;
    }
    sorted.push_back(*next);
  }
  return sorted;
}

std::string FunctionEmitter::emitScope(RegionId r, const std::vector<NodeId> &demands,
                                       const std::vector<const xform::AdjointOutput *> &outputs,
                                       const std::string &indent, bool checkSeed,
                                       std::vector<bool> *defined) {
  const NodeId forwardSize = static_cast<NodeId>(f_.graph.size());
  const bool splitting = split() && r == RootRegion; // see sweep below
  std::vector<NodeId> roots(demands);
  for (const xform::AdjointOutput *o : outputs)
    addOutputRoots(*o, r, roots, noRecording_ == 0);
  // Ifs of r with a loop inside that records: their forward instance runs
  // (and records) even when the gradient needs none of their values.
  std::vector<RegionId> recordingIfs;
  std::map<RegionId, std::vector<NodeId>> recordingExits; // what they run, by then region
  if (noRecording_ == 0) {
    addRecordedLoops(r, roots);
    for (unsigned l = 0; l < G_.loopCount(); ++l) {
      RegionId b = G_.region(G_.loop(l).body).parent;
      if (!recordedLoop(l) || b == r)
        continue;
      while (b != RootRegion && G_.region(b).loop < 0 && G_.region(b).parent != r)
        b = G_.region(b).parent;
      if (b == RootRegion || G_.region(b).loop >= 0 || G_.region(b).parent != r)
        continue;
      recordingIfs.push_back(G_.region(b).isThen ? b : b - 1);
      roots.push_back(condition(recordingIfs.back(), false));
      // (What the loop reads from r, an array declared before the if, too.)
      const std::vector<NodeId> exits = runningExits(l);
      roots.insert(roots.end(), exits.begin(), exits.end());
      std::vector<NodeId> &list = recordingExits[recordingIfs.back()];
      list.insert(list.end(), exits.begin(), exits.end());
    }
  }
  runRecording_ = noRecording_ == 0;
  std::vector<bool> need = needed(r, roots);
  runRecording_ = false;
  std::vector<bool> localDefined(G_.size(), false);
  if (!defined)
    defined = &localDefined;

  // What runs directly inside r: ifs keyed by (then region, reverse?), loops
  // by (loop, reverse?), with the accumulations that run inside them.
  using Key = std::tuple<bool, unsigned, bool>; // (loop?, then region or loop, reverse?)
  std::map<Key, std::vector<NodeId>> phis;
  std::map<Key, std::vector<const xform::AdjointOutput *>> inner;
  std::vector<const xform::AdjointOutput *> here;
  for (NodeId id = 0; id < G_.size(); ++id)
    if (need[id] && G_.node(id).op == Op::Phi && G_.node(id).region == r)
      phis[{false, static_cast<unsigned>(G_.node(id).param),
            id >= forwardSize && !gr_.isFrozenPhi(id)}].push_back(id);
  for (const xform::AdjointOutput *o : outputs) {
    if (o->region == r) {
      if (o->effect == NoNode)
        here.push_back(o); // effects print among the nodes, in id order
      continue;
    }
    RegionId child = o->region;
    while (G_.region(child).parent != r)
      child = G_.region(child).parent;
    const Region &c = G_.region(child);
    bool reverse = o->effect == NoNode || isReverseEffect(G_.node(o->effect).op);
    Key key = c.loop >= 0 ? Key{true, static_cast<unsigned>(c.loop), reverse}
                          : Key{false, c.isThen ? child : child - 1, reverse};
    inner[key].push_back(o);
  }
  for (const auto &[key, list] : inner)
    phis[key]; // it may exist only for its accumulations
  for (RegionId thenRegion : recordingIfs)
    phis[{false, thenRegion, false}]; // or for its records

  std::string out;
  std::set<Key> done;
  std::function<void(const Key &)> emitOnce = [&](const Key &key) {
    if (!done.insert(key).second)
      return;
    auto [isLoop, which, reverse] = key;
    if (!isLoop) {
      out += emitIf(which, phis[key], inner[key], indent, reverse);
    } else if (!reverse) {
      // Recorded when the reverse loop follows in this scope (a loop that
      // touches arrays: whenever it has a reverse).
      bool reverseHere = phis.count({true, which, true}) || inner.count({true, which, true});
      for (NodeId id = forwardSize; id < G_.size() && !reverseHere; ++id)
        reverseHere = need[id] && G_.node(id).param == static_cast<int>(which) &&
                      (G_.node(id).op == Op::LoopAdjOut || G_.node(id).op == Op::LoopGrad);
      if (reverseHere && fusedHere(which)) {
        splitFailed_ = splitFailed_ || splitting; // (both sweeps in one loop)
        done.insert({true, which, true});
        out += emitFusedLoop(which, inner[key], inner[{true, which, true}], need, indent, *defined);
      } else {
        bool record = !fusedHere(which) && (reverseHere || recordedLoop(which));
        // A hoisted loop whose reverse follows in this scope (a branch's
        // forward run again in its reverse) keeps its count in a local, not
        // on its tape: the reverse loop reads it there.
        if (record && reverseHere && hoisted(which))
          countInScope_.insert(which);
        out += emitLoopForward(which, record, inner[key], need, indent);
      }
    } else {
      if (fusedHere(which) && !done.count({true, which, false})) {
        splitFailed_ = splitFailed_ || splitting;
        done.insert({true, which, false});
        out += emitFusedLoop(which, inner[{true, which, false}], inner[key], need, indent, *defined);
        return;
      }
      if (!recordedLoop(which))
        emitOnce({true, which, false}); // the forward loop it reads back
      out += emitLoopReverse(which, inner[key], indent);
    }
  };
  // Where each if and loop is printed: after every node of r it reads, and
  // after its own phis, exits, loop adjoints and side effects (so stores and
  // adjoint reads keep program order, and the reverse sweep's adjoints exist).
  std::map<Key, NodeId> position;
  for (NodeId id = 0; id < G_.size(); ++id) {
    const Node &n = G_.node(id);
    if (!need[id] || n.region != r)
      continue;
    if (n.op == Op::Phi && gr_.isFrozenPhi(id)) // assigned where the forward branch runs
      position.try_emplace(Key{false, static_cast<unsigned>(n.param), false}, 0);
    else if (n.op == Op::Phi)
      position[{false, static_cast<unsigned>(n.param), id >= forwardSize}] = id;
    else if (n.op == Op::LoopExit)
      position[{true, static_cast<unsigned>(n.param), false}] = id;
    else if (n.op == Op::LoopAdjOut || n.op == Op::LoopGrad)
      position[{true, static_cast<unsigned>(n.param), true}] = id;
  }
  for (RegionId thenRegion : recordingIfs)
    position.try_emplace(Key{false, thenRegion, false}, 0);
  for (auto &[key, list] : inner) {
    NodeId &at = position[key];
    for (const xform::AdjointOutput *o : list)
      at = std::max({at, o->effect == NoNode ? 0 : o->effect, o->value});
  }
  // Forward instances first: a reverse one that reads a frozen phi comes
  // after the forward if that assigns it.
  std::vector<std::pair<const Key, NodeId> *> order;
  for (auto &entry : position)
    if (!std::get<2>(entry.first))
      order.push_back(&entry);
  for (auto &entry : position)
    if (std::get<2>(entry.first))
      order.push_back(&entry);
  // Which instance's variables each instance reads: at a tied position,
  // the one that assigns a variable is printed first.
  std::map<Key, std::set<Key>> reads;
  auto ownerOf = [&](NodeId id) -> std::optional<Key> {
    const Node &n = G_.node(id);
    unsigned which = static_cast<unsigned>(n.param);
    if (n.op == Op::Phi)
      return Key{false, which, id >= forwardSize && !gr_.isFrozenPhi(id)};
    if (n.op == Op::LoopExit)
      return Key{true, which, false};
    if (n.op == Op::LoopAdjOut || n.op == Op::LoopGrad)
      return Key{true, which, true};
    return std::nullopt;
  };
  for (auto *entry : order) {
    const Key &key = entry->first;
    NodeId &at = entry->second;
    auto [isLoop, which, reverse] = key;
    // Recursive calls made through f_fwd run forward in program order (their
    // ids) and are reversed by f_rev in the opposite order (their vjps' ids),
    // so an instance holding one comes after it (checked: mirrored()).
    for (NodeId id = 0; id < G_.size() && splitFns_; ++id) {
      const Node &n = G_.node(id);
      if (!splitCalls_[id] || (n.op == Op::CustomVjp) != reverse)
        continue;
      RegionId in = isLoop ? G_.loop(which).body : static_cast<RegionId>(which);
      if (G_.within(n.region, in) || (!isLoop && G_.within(n.region, in + 1)))
        at = std::max(at, id);
    }
    std::vector<NodeId> roots;
    if (!isLoop) {
      for (NodeId phi : phis[key])
        roots.insert(roots.end(), {G_.node(phi).args[1], G_.node(phi).args[2]});
      roots.push_back(condition(which, reverse));
      if (!reverse && recordingExits.count(which))
        roots.insert(roots.end(), recordingExits[which].begin(), recordingExits[which].end());
    } else if (!reverse) {
      const LoopInfo &l = G_.loop(which);
      roots.insert(roots.end(), l.nexts.begin(), l.nexts.end());
      roots.push_back(l.cond);
    } else if (const xform::LoopGradient *lg = gr_.loopGradient(which)) {
      roots.insert(roots.end(), lg->varAdjoint.begin(), lg->varAdjoint.end());
      roots.insert(roots.end(), lg->accValues.begin(), lg->accValues.end());
      roots.insert(roots.end(), lg->exitAdjoint.begin(), lg->exitAdjoint.end());
    }
    for (const xform::AdjointOutput *o : inner[key])
      roots.insert(roots.end(), {o->value, o->offset});
    // The nodes of r that the instance reads (through nodes inside it).
    std::vector<bool> seen(G_.size(), false);
    while (!roots.empty()) {
      NodeId id = roots.back();
      roots.pop_back();
      if (id == NoNode || seen[id])
        continue;
      seen[id] = true;
      RegionId nr = G_.node(id).region;
      Op op = G_.node(id).op;
      if (op == Op::Recorded) { // popped at the start of the reverse iteration,
        if (fusedRecorded(G_.node(id).param)) // or, fused, read where it is computed
          roots.push_back(G_.node(id).args[0]);
        continue;
      }
      if (op == Op::Const || op == Op::Param || op == Op::Seed)
        continue; // (printed where used: a constant the reverse sweep made has a late id)
      if (nr == r && gr_.isFrozenPhi(id)) {
        at = std::max(at, position[Key{false, static_cast<unsigned>(G_.node(id).param), false}]);
        continue;
      }
      if (nr == r) {
        at = std::max(at, id);
        if (std::optional<Key> owner = ownerOf(id); owner && *owner != key)
          reads[key].insert(*owner);
        // (A loop's exit exists once the whole loop has run: after all its exits.)
        if (G_.node(id).op == Op::LoopExit)
          for (NodeId e : G_.loop(G_.node(id).param).exits)
            at = std::max(at, e);
        continue;
      }
      if (G_.within(nr, r))
        roots.insert(roots.end(), G_.node(id).args.begin(), G_.node(id).args.end());
    }
  }
  // An instance that reads another's variable (a reverse loop's accumulated
  // adjoint, an if's phi) comes after all of it, not just after that node.
  for (bool moved = true; moved;) {
    moved = false;
    for (auto &[key, owners] : reads)
      for (const Key &owner : owners)
        if (position.count(owner) && position.count(key) && position[owner] > position[key]) {
          position[key] = position[owner];
          moved = true;
        }
  }
  std::map<NodeId, std::vector<Key>> printAfter;
  for (const auto &[key, at] : position)
    printAfter[at].push_back(key);
  // At one position, forward loops first, then forward ifs, then reverse
  // instances: what else is printed there may read a forward loop's exits or
  // an if's phis (their position), never the other way round.
  auto rank = [](const Key &k) { return std::get<2>(k) ? 2 : std::get<0>(k) ? 0 : 1; };
  for (auto &[at, keys] : printAfter) {
    std::stable_sort(keys.begin(), keys.end(),
                     [&](const Key &a, const Key &b) { return rank(a) < rank(b); });
    // Then each after the instances whose variables it reads (two reverse
    // ifs at one position: a ?: whose value's adjoint the other assigns).
    keys = readersLast(keys, reads);
  }

  // The seed is checked once the result exists: at once, or, for a variable
  // that an instance assigns (a loop's exit), before the seed is first used.
  bool seedPending = false;
  auto checkSeedNow = [&] {
    if (seedPending)
      out += fmt::format("{}adgen::check_seed({}, {});\n", indent, seedName_, expr(gr_.result));
    seedPending = false;
  };
  // The Split entry: the top level's forward sweep, a marker, its reverse
  // sweep (runSplit cuts there); forward code after reverse code fails it.
  auto sweep = [&](bool reverse) {
    if (!splitting)
      return;
    if (reverse && !splitMarked_)
      out += kSplitMark;
    splitMarked_ = splitMarked_ || reverse;
    splitFailed_ = splitFailed_ || (splitMarked_ && !reverse);
  };
  for (NodeId id = 0; id < G_.size(); ++id) {
    const Node &n = G_.node(id);
    if (need[id] && n.region == r && !(*defined)[id]) {
      (*defined)[id] = true;
      bool variable = n.op == Op::Phi || n.op == Op::LoopExit || n.op == Op::LoopAdjOut ||
                      n.op == Op::LoopGrad || n.op == Op::LoopVar || n.op == Op::LoopAdj ||
                      n.op == Op::Recorded || n.op == Op::CustomPart;
      if (std::find(n.args.begin(), n.args.end(), gr_.seed) != n.args.end())
        checkSeedNow();
      if (!variable && !popped(id) && (!names_[id].empty() || isEffect(id) || isStatement(id))) {
        std::string code = define(id, indent);
        if (!code.empty())
          sweep(id >= forwardSize);
        out += code;
      }
      if (checkSeed && id == gr_.result) {
        seedPending = true;
        if (!variable)
          checkSeedNow();
      }
    }
    auto it = printAfter.find(id);
    if (it != printAfter.end())
      for (const Key &key : it->second) {
        if (std::get<2>(key))
          checkSeedNow();
        if (!done.count(key))
          sweep(std::get<2>(key));
        emitOnce(key);
      }
  }
  checkSeedNow();
  if (!here.empty())
    sweep(true);
  if (splitting && !splitMarked_)
    sweep(true); // (no reverse: f_rev only pops)
  for (const xform::AdjointOutput *o : here) {
    auto sum = localSums_.find(o);
    if (sum != localSums_.end())
      out += fmt::format("{}{} += {};\n", indent, sum->second, expr(o->value));
    else
      out += fmt::format("{}if ({}) {}\n", indent, adjointName(f_.params[o->param]), accumulate(*o));
  }
  return out;
}

/// A carried integer that steps by a loop-invariant amount (i = i + s, i - s,
/// s + i): the reverse loop recomputes it from the iteration number instead of
/// storing it. Returns its step node and sign, or NoNode.
std::pair<NodeId, int> FunctionEmitter::induction(unsigned l, size_t j) const {
  const LoopInfo &info = G_.loop(l);
  NodeId var = info.vars[j];
  if (G_.type(var) != Type::Int)
    return {NoNode, 0};
  const Node &next = G_.node(info.nexts[j]);
  // (Its start and step must be recomputable: not read from an array.)
  auto invariant = [&](NodeId id) {
    return !G_.within(G_.node(id).region, info.body) && !gr_.memoryDependent[id];
  };
  if (gr_.memoryDependent[info.inits[j]])
    return {NoNode, 0};
  if (next.op == Op::Add && next.args[0] == var && invariant(next.args[1]))
    return {next.args[1], 1};
  if (next.op == Op::Add && next.args[1] == var && invariant(next.args[0]))
    return {next.args[0], 1};
  if (next.op == Op::Sub && next.args[0] == var && invariant(next.args[1]))
    return {next.args[1], -1};
  return {NoNode, 0};
}

/// The value assigned to a typed integral variable (a phi or a carried
/// variable): a constant is converted to the variable's type, which may be an
/// enum (enum constants are numbers in the IR).
std::string FunctionEmitter::valueFor(NodeId variable, NodeId value) {
  const Node &v = G_.node(variable);
  static const std::set<std::string> builtin = {
      "int", "long", "long long", "short", "char", "signed char", "unsigned char",
      "unsigned int", "unsigned long", "unsigned long long", "unsigned short", "long"};
  if (v.type == Type::Int && !v.cxxType.empty() && !builtin.count(v.cxxType) &&
      G_.node(value).op == Op::Const)
    return fmt::format("static_cast<{}>({})", v.cxxType, expr(value));
  return expr(value);
}

std::string FunctionEmitter::varType(NodeId id) const {
  const Node &n = G_.node(id);
  bool spelled = n.type == Type::Int || n.type == Type::Buffer;
  return spelled && !n.cxxType.empty() ? n.cxxType : cxxName(n.type);
}

/// A loop that touches arrays and has a reverse runs forward (recording)
/// where the program runs it, whether or not its results are used.
void FunctionEmitter::addRecordedLoops(RegionId r, std::vector<NodeId> &roots) const {
  for (unsigned l = 0; l < G_.loopCount(); ++l)
    if (recordedLoop(l) && G_.region(G_.loop(l).body).parent == r) {
      std::vector<NodeId> exits = runningExits(l);
      roots.insert(roots.end(), exits.begin(), exits.end());
    }
}

/// The exits that make loop l run where none of its results may be needed:
/// all but those of variables the loop never reads (a pointer reassigned
/// in each iteration, a value only the primal returns), which would be
/// printed and never read (-Wunused-but-set-variable). Printed code that
/// reads such an exit still asks for it.
std::vector<NodeId> FunctionEmitter::runningExits(unsigned l) const {
  if (varRead_.empty()) {
    varRead_.assign(G_.size(), false);
    for (NodeId id = 0; id < G_.size(); ++id)
      if (G_.node(id).op != Op::LoopExit) // (its own exit is not a read)
        for (NodeId a : G_.node(id).args)
          varRead_[a] = true;
    for (unsigned k = 0; k < G_.loopCount(); ++k)
      for (NodeId a : G_.loop(k).nexts)
        varRead_[a] = true;
  }
  const LoopInfo &info = G_.loop(l);
  std::vector<NodeId> exits;
  for (size_t j = 0; j < info.exits.size(); ++j)
    if (G_.type(info.vars[j]) == Type::Mem || varRead_[info.vars[j]])
      exits.push_back(info.exits[j]);
  return exits.empty() ? info.exits : exits;
}

/// What the reverse of loop l reads of each forward iteration: its adjoints,
/// accumulations and side effects.
std::vector<NodeId> FunctionEmitter::reverseRoots(unsigned l) const {
  const LoopInfo &info = G_.loop(l);
  const xform::LoopGradient *lg = gr_.loopGradient(l);
  std::vector<NodeId> roots(lg->varAdjoint);
  roots.insert(roots.end(), lg->accValues.begin(), lg->accValues.end());
  for (const std::vector<xform::AdjointOutput> *list : {&gr_.outputs, &effects_})
    for (const xform::AdjointOutput &o : *list)
      if (G_.within(o.region, info.body) &&
          (o.effect == NoNode || isReverseEffect(G_.node(o.effect).op)))
        addOutputRoots(o, info.body, roots);
  addCountedBounds(l, roots);
  return roots;
}

/// The bounds of the counted loops nested in loop l's body, whose reverse
/// computes their trip counts again (the names of the forward's variables
/// are in scope there too, holding their values after the loop: the reverse
/// iteration must define them anew).
void FunctionEmitter::addCountedBounds(unsigned l, std::vector<NodeId> &roots) const {
  for (unsigned k = 0; k < G_.loopCount(); ++k)
    if (k != l && hoisted(k) && runsWithin(k, G_.loop(l).body)) {
      auto [from, to] = countedBounds(k);
      roots.push_back(from);
      roots.push_back(to);
    }
}

void FunctionEmitter::addOutputRoots(const xform::AdjointOutput &o, RegionId upTo,
                                     std::vector<NodeId> &roots, bool loopsRun) const {
  roots.push_back(o.value);
  roots.push_back(o.offset);
  bool reverse = o.effect == NoNode || isReverseEffect(G_.node(o.effect).op);
  // The conditions of the ifs around it and of the loops that run forward
  // here: a loop whose reverse runs must run forward to count its
  // iterations, even when nothing reads its variables (a void function that
  // only writes outputs). A loop that is not recorded runs forward again
  // wherever its reverse runs; a recorded one only where loops run (loopsRun).
  for (RegionId b = o.region; b != upTo && b != RootRegion; b = G_.region(b).parent) {
    int loop = G_.region(b).loop;
    if (loop < 0)
      roots.push_back(condition(b, reverse));
    else if (loopsRun || !recordedLoop(static_cast<unsigned>(loop)))
      roots.push_back(G_.loop(static_cast<unsigned>(loop)).cond);
  }
}

/// The tapes of loop l: the carried values its reverse reads and cannot
/// recompute, and its Recorded values.
FunctionEmitter::LoopRecord FunctionEmitter::loopRecord(unsigned l) const {
  const LoopInfo &info = G_.loop(l);
  LoopRecord r;
  for (NodeId id = 0; id < G_.size(); ++id)
    if (taped_[id] && G_.node(id).region == info.body)
      r.taped.push_back(id);
  // (What the reverse recomputes: not the taped or reloaded values, nor
  // what only they read.)
  Reloading reloading(*this, l);
  std::vector<bool> need = neededPast(info.body, reverseRoots(l), r.taped);
  r.stored.assign(info.vars.size(), false);
  for (size_t j = 0; j < info.vars.size(); ++j)
    r.stored[j] = need[info.vars[j]] && G_.type(info.vars[j]) != Type::Mem &&
                  induction(l, j).first == NoNode;
  for (NodeId id = 0; id < G_.size(); ++id)
    if (need[id] && G_.node(id).op == Op::Recorded && G_.node(id).param == static_cast<int>(l))
      r.recorded.push_back(id);
  return r;
}

std::vector<bool> FunctionEmitter::neededPast(RegionId r, std::vector<NodeId> roots,
                                              const std::vector<NodeId> &stops) const {
  for (NodeId id : stops)
    popped_[id] = true;
  std::vector<bool> need = needed(r, std::move(roots));
  for (NodeId id : stops)
    popped_[id] = false;
  return need;
}

/// The C++ type a value is stored as on a tape.
std::string FunctionEmitter::storageType(NodeId id) const {
  const Node &n = G_.node(id);
  if (n.type == Type::Int)
    return n.cxxType.empty() ? "long long" : n.cxxType;
  return varType(id);
}

/// The tapes of recorded loops nested in branches or other loops, declared
/// once at the top of the function.
std::string FunctionEmitter::prologue() {
  std::string out;
  for (unsigned l = 0; l < G_.loopCount(); ++l) {
    if (!hoisted(l))
      continue;
    LoopRecord rec = loopRecord(l);
    if (countedTrips(l).empty())
      out += fmt::format("  adgen::Tape<std::size_t> tape_{};\n", countName(l));
    for (size_t j = 0; j < rec.stored.size(); ++j)
      if (rec.stored[j])
        out += fmt::format("  adgen::Tape<{}> {};\n", varType(G_.loop(l).vars[j]), tapeName(l, j));
    for (NodeId r : rec.recorded)
      out += fmt::format("  adgen::Tape<{}> tape_{};\n", storageType(r), names_[r]);
  }
  return out;
}

std::string FunctionEmitter::emitLoopForward(unsigned l, bool record,
                                             const std::vector<const xform::AdjointOutput *> &effects,
                                             const std::vector<bool> &need,
                                             const std::string &indent) {
  const LoopInfo &info = G_.loop(l);
  std::string out = carriedDeclarations(l, need, indent);
  // (A nested loop whose trip count the reverse computes counts nothing.)
  const bool counts = record && !(hoisted(l) && !countedTrips(l).empty());
  if (record) {
    if (counts)
      out += fmt::format("{}std::size_t {} = 0;\n", indent, countName(l));
    if (!hoisted(l)) {
      LoopRecord rec = loopRecord(l);
      std::vector<std::string> tapes;
      const RegionId at = G_.region(info.body).parent;
      auto declare = [&](const std::string &type, const std::string &name) {
        out += hoistDeclaration(at, fmt::format("adgen::Tape<{}> {};", type, name),
                                name + ".clear();", indent);
        tapes.push_back(name);
      };
      for (size_t j = 0; j < info.vars.size(); ++j)
        if (rec.stored[j])
          declare(varType(info.vars[j]), tapeName(l, j));
      for (NodeId r : rec.recorded)
        declare(storageType(r), "tape_" + names_[r]);
      for (NodeId t : rec.taped)
        declare(storageType(t), "tape_" + names_[t]);
      // A trip count known before the loop sizes each tape once: growing
      // a tape of 10^6 values by doubling moves it 17 times, and the
      // allocator hands the big ones back to the system after each call.
      std::string trips = countedTrips(l);
      if (!trips.empty())
        for (const std::string &t : tapes)
          out += fmt::format("{}{}.reserve({});\n", indent, t, trips);
    }
  }
  return out + loopStatement(l, record, effects, nullptr, need, indent);
}

/// The loop's carried variables, declared with their initial values. Those
/// nothing reads (not after the loop, not in the loop's condition or other
/// variables, not in its reverse) are left out; an array is carried in place.
std::string FunctionEmitter::carriedDeclarations(unsigned l, const std::vector<bool> &need,
                                                 const std::string &indent) {
  const LoopInfo &info = G_.loop(l);
  std::string out;
  for (size_t j = 0; j < info.vars.size(); ++j)
    if (carriedScalar(l, j, need))
      out += fmt::format("{}{} {} = {};\n", indent, varType(info.vars[j]), names_[info.vars[j]],
                         valueFor(info.vars[j], info.inits[j]));
  return out;
}

/// The forward loop statement. When it records, it pushes what the reverse
/// loop reads of each iteration: the carried values at its start that the
/// reverse cannot recompute, and the Recorded values. With `reverse` (a
/// fused loop), each iteration runs its reverse after its forward body.
std::string FunctionEmitter::loopStatement(unsigned l, bool record,
                                           const std::vector<const xform::AdjointOutput *> &effects,
                                           const std::vector<const xform::AdjointOutput *> *reverse,
                                           const std::vector<bool> &need, const std::string &indent) {
  const LoopInfo &info = G_.loop(l);
  const std::string in = indent + "  ";
  const bool counts = record && !(hoisted(l) && !countedTrips(l).empty()); // see emitLoopForward
  LoopRecord rec;
  rec.stored.assign(info.vars.size(), false);
  if (record)
    rec = loopRecord(l);
  std::string out = fmt::format("{}for (;;) {{\n", indent);
  std::vector<bool> defined(G_.size(), false);
  if (info.testAtTop) {
    ++noRecording_;
    out += emitScope(info.body, {info.cond}, {}, in, false, &defined);
    --noRecording_;
    if (!G_.isConst(info.cond, 1))
      out += fmt::format("{}if (!({})) break;\n", in, expr(info.cond));
  }
  for (size_t j = 0; j < info.vars.size(); ++j)
    if (rec.stored[j])
      out += fmt::format("{}{}.push({});\n", in, tapeName(l, j), names_[info.vars[j]]);
  std::vector<NodeId> demands;
  for (size_t j = 0; j < info.vars.size(); ++j)
    if (carriedLive(l, j, need))
      demands.push_back(info.nexts[j]);
  if (!info.testAtTop)
    demands.push_back(info.cond);
  for (NodeId r : rec.recorded)
    demands.push_back(G_.node(r).args[0]);
  demands.insert(demands.end(), rec.taped.begin(), rec.taped.end());
  std::vector<const xform::AdjointOutput *> outputs(effects);
  const xform::LoopGradient *lg = reverse ? gr_.loopGradient(l) : nullptr;
  if (lg) {
    demands.insert(demands.end(), lg->accValues.begin(), lg->accValues.end());
    outputs.insert(outputs.end(), reverse->begin(), reverse->end());
  }
  out += emitScope(info.body, demands, outputs, in, false, &defined);
  for (NodeId r : rec.recorded)
    out += fmt::format("{}tape_{}.push({});\n", in, names_[r], expr(G_.node(r).args[0]));
  for (NodeId t : rec.taped)
    out += fmt::format("{0}tape_{1}.push({1});\n", in, names_[t]);
  for (size_t k = 0; lg && k < lg->accNodes.size(); ++k)
    out += accumulateStatement(lg->accNodes[k], lg->accValues[k], in);
  // Assign the carried variables together: a next that is another carried
  // variable is copied first.
  std::string copies, assigns;
  for (size_t j = 0; j < info.vars.size(); ++j) {
    NodeId next = info.nexts[j];
    if (next == info.vars[j] || !carriedScalar(l, j, need))
      continue;
    std::string value = expr(next);
    if (G_.node(next).op == Op::LoopVar) {
      std::string tmp = names_[info.vars[j]] + "_next";
      copies += fmt::format("{}const {} {} = {};\n", in, varType(next), tmp, value);
      value = tmp;
    }
    assigns += fmt::format("{}{} = {};\n", in, names_[info.vars[j]],
                           G_.node(next).op == Op::LoopVar ? value : valueFor(info.vars[j], next));
  }
  out += copies + assigns;
  if (counts)
    out += fmt::format("{}++{};\n", in, countName(l));
  if (!info.testAtTop)
    out += fmt::format("{}if (!({})) break;\n", in, expr(info.cond));
  out += fmt::format("{}}}\n", indent);
  if (counts && hoisted(l) && !countInScope_.count(l))
    out += fmt::format("{0}tape_{1}.push({1});\n", indent, countName(l));
  return out;
}

/// `e` as an operand of a larger expression: a name or number as it is,
/// anything else in parentheses.
static std::string grouped(const std::string &e) {
  bool name = e.find_first_not_of("abcdefghijklmnopqrstuvwxyz"
                                  "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_") == std::string::npos;
  return name ? e : "(" + e + ")";
}

/// The bounds (a, b) of a counted loop, `for (j = a; j < b; ++j)` with a
/// and b integers computed before the loop from parameters, constants and
/// outer loop variables (no array reads, which later stores could change):
/// its reverse can compute them again. (NoNode, NoNode) otherwise.
std::pair<NodeId, NodeId> FunctionEmitter::countedBounds(unsigned l) const {
  const LoopInfo &info = G_.loop(l);
  const Node &c = G_.node(info.cond);
  if (!info.testAtTop || c.op != Op::Lt)
    return {NoNode, NoNode};
  auto var = std::find(info.vars.begin(), info.vars.end(), c.args[0]);
  if (var == info.vars.end())
    return {NoNode, NoNode};
  size_t j = static_cast<size_t>(var - info.vars.begin());
  auto [step, sign] = induction(l, j);
  NodeId from = info.inits[j], to = c.args[1];
  auto fixed = [&](NodeId id) {
    return G_.type(id) == Type::Int && !G_.within(G_.node(id).region, info.body) &&
           !gr_.memoryDependent[id];
  };
  if (step == NoNode || !G_.isConst(step, 1) || sign < 0 || !fixed(from) || !fixed(to))
    return {NoNode, NoNode};
  return {from, to};
}

/// The trip count of a counted loop (countedBounds) as an expression
/// (b > a ? b - a : 0): a nested loop's reverse computes it again instead
/// of storing it per outer iteration. Empty otherwise.
std::string FunctionEmitter::countedTrips(unsigned l) {
  auto [from, to] = countedBounds(l);
  if (from == NoNode)
    return "";
  if (G_.node(from).op == Op::Const && G_.node(to).op == Op::Const)
    return std::to_string(static_cast<long long>(
        std::max(0.0, G_.node(to).value - G_.node(from).value)));
  // (An operand printed inline, as `i + 1`, is put in parentheses.)
  auto operand = [&](NodeId id) { return grouped(expr(id)); };
  if (G_.isConst(from, 0))
    return fmt::format("{0} > 0 ? static_cast<std::size_t>({0}) : 0", operand(to));
  return fmt::format("{0} > {1} ? static_cast<std::size_t>({0} - {1}) : 0", operand(to),
                     operand(from));
}

/// A fused loop (Fusion.cpp): the reverse's inputs from after the loop's
/// start, the running adjoints and accumulators, the carried variables,
/// then one loop. Its reverse is never skipped (see reverseGuard): its
/// running adjoints come from values, not from a path not taken, so a zero
/// adjoint is a product with zero, which define-by-run computes too.
std::string FunctionEmitter::emitFusedLoop(unsigned l,
                                           const std::vector<const xform::AdjointOutput *> &effects,
                                           const std::vector<const xform::AdjointOutput *> &reverse,
                                           const std::vector<bool> &need, const std::string &indent,
                                           std::vector<bool> &defined) {
  std::string out;
  // Its reverse reads a Recorded value where the forward computes it (a
  // named value, see assignNames, or a parameter's element p[i]): no tape.
  for (NodeId id = 0; id < G_.size(); ++id)
    if (G_.node(id).op == Op::Recorded && G_.node(id).param == static_cast<int>(l)) {
      NodeId value = G_.node(id).args[0];
      names_[id] = names_[value].empty() ? expr(value) : names_[value];
    }
  std::vector<NodeId> later;
  fusedInputs(l, &later);
  for (NodeId id : later)
    if (!defined[id] && !popped_[id] && (!names_[id].empty() || isEffect(id))) {
      defined[id] = true;
      out += define(id, indent);
    }
  out += adjointDeclarations(l, true, indent);
  out += carriedDeclarations(l, need, indent);
  return out + loopStatement(l, false, effects, &reverse, need, indent);
}

/// The running adjoints of loop l's reverse, seeded with the adjoints of
/// its exits (constant in a fused loop), and its accumulators.
std::string FunctionEmitter::adjointDeclarations(unsigned l, bool fused, const std::string &indent) {
  const LoopInfo &info = G_.loop(l);
  const xform::LoopGradient &lg = *gr_.loopGradient(l);
  std::string out;
  for (size_t j = 0; j < info.vars.size(); ++j)
    if (lg.seeds[j] != NoNode)
      out += fmt::format("{}{}{} {} = {};\n", indent, fused ? "const " : "", adjointVarType(info.vars[j]),
                         names_[lg.seeds[j]],
                         lg.exitAdjoint[j] == NoNode ? zeroLike(info.exits[j])
                                                     : expr(lg.exitAdjoint[j]));
  for (size_t k = 0; k < lg.accNodes.size(); ++k)
    out += fmt::format("{}{} {} = {};\n", indent, adjointVarType(lg.accTargets[k]), names_[lg.accNodes[k]],
                       zeroLike(lg.accTargets[k]));
  return out;
}

/// acc += value, in a loop's reverse (a select's or narrow's gradient into
/// acc's slice, see intoSlice_). A tensor contribution made on one
/// path of an if only is undefined on the other (Reverse's accumulation of
/// a branch): nothing is added there, rather than a tensor of zeros.
std::string FunctionEmitter::accumulateStatement(NodeId acc, NodeId value, const std::string &indent) {
  const Node &n = G_.node(value);
  if (intoSlice_[value]) { // (g, x, dim, index) or (g, x, dim, start, length)
    std::string slice = n.op == Op::SelectGrad
                            ? fmt::format("select({}, {})", expr(n.args[2]), expr(n.args[3]))
                            : fmt::format("narrow({}, {}, {})", expr(n.args[2]), expr(n.args[3]),
                                          expr(n.args[4]));
    return fmt::format("{}{}.{} += {};\n", indent, names_[acc], slice, expr(n.args[0]));
  }
  bool onePath = n.op == Op::Phi && (undefinedTensor(n.args[1]) || undefinedTensor(n.args[2]));
  std::string v = expr(value);
  return onePath ? fmt::format("{}if ({}.defined()) {} += {};\n", indent, v, names_[acc], v)
                 : fmt::format("{}{} += {};\n", indent, names_[acc], v);
}

/// 0 of v's type; for a tensor, zeros of v's shape (known only at run time).
std::string FunctionEmitter::zeroLike(NodeId v) {
  if (!isTensor(G_.type(v)))
    return literal(0, G_.type(v));
  return fmt::format("adgen::zeros_like({})", expr(v));
}

/// With every running adjoint 0 the reverse loop adds only zeros, or NaN
/// where a primal value overflowed (0 * inf): it is skipped, as define-by-run
/// would skip a loop whose result was not used on the path taken. The
/// condition for that, or "" when the reverse always runs: when the loop
/// writes outputs (their seeds come in whatever the adjoints are), when it
/// touches arrays (their adjoints are elsewhere, and its tapes must be
/// popped), or when a running adjoint starts at a nonzero constant.
std::string FunctionEmitter::reverseGuard(unsigned l,
                                          const std::vector<const xform::AdjointOutput *> &outputs) const {
  const LoopInfo &info = G_.loop(l);
  const xform::LoopGradient &lg = *gr_.loopGradient(l);
  if (recordedLoop(l))
    return "";
  for (const xform::AdjointOutput *o : outputs)
    if (o->effect != NoNode && G_.node(o->effect).op == Op::OutputSeed)
      return "";
  for (size_t j = 0; j < info.vars.size(); ++j)
    if (lg.seeds[j] != NoNode && lg.exitAdjoint[j] != NoNode &&
        G_.node(lg.exitAdjoint[j]).op == Op::Const && G_.node(lg.exitAdjoint[j]).value != 0)
      return "";
  for (size_t j = 0; j < info.vars.size(); ++j)
    if (lg.seeds[j] != NoNode && isTensor(G_.type(info.vars[j])))
      return ""; // (a tensor adjoint is not tested for zero)
  return runningAdjointsTest(l, "!=", " || ");
}

/// "d_a != 0.0 || d_b != 0.0" (compare "!=", join " || ") over loop l's
/// running adjoints.
std::string FunctionEmitter::runningAdjointsTest(unsigned l, const char *compare,
                                                 const char *join) const {
  const LoopInfo &info = G_.loop(l);
  const xform::LoopGradient &lg = *gr_.loopGradient(l);
  std::string test;
  for (size_t j = 0; j < info.vars.size(); ++j)
    if (lg.seeds[j] != NoNode)
      test += fmt::format("{}{} {} {}", test.empty() ? "" : join, names_[lg.seeds[j]], compare,
                          literal(0, G_.type(info.vars[j])));
  return test;
}

/// `indent declaration` where region r is outside every loop; inside a
/// loop, the declaration goes to the top of the function (once) and the
/// body prints `indent reset`.
std::string FunctionEmitter::hoistDeclaration(RegionId r, const std::string &declaration,
                                              const std::string &reset,
                                              const std::string &indent) {
  if (innermostLoop(r) < 0)
    return indent + declaration + "\n";
  if (std::find(hoistedDecls_.begin(), hoistedDecls_.end(), declaration) == hoistedDecls_.end())
    hoistedDecls_.push_back(declaration);
  return indent + reset + "\n";
}

/// The loop whose body holds region r, or the branches that hold it; -1 at
/// the top level.
int FunctionEmitter::innermostLoop(RegionId r) const {
  while (r != RootRegion && G_.region(r).loop < 0)
    r = G_.region(r).parent;
  return G_.region(r).loop;
}

/// Whether parameter p's adjoint is only ever added to: an input that the
/// primal does not write, read in place or pass to a recursive call. Those
/// additions commute, so they may be regrouped (planLocalSums).
bool FunctionEmitter::sinkOnly(int p) const {
  if (isTensor(f_.params[p].type))
    return false;
  for (NodeId id = 0; id < G_.size(); ++id) {
    const Node &n = G_.node(id);
    if ((n.op == Op::Store || n.op == Op::OutputSeed) && n.param == p)
      return false;
    bool arrayOp = n.op == Op::ArrayNew || n.op == Op::ArrayLoad || n.op == Op::ArrayStore ||
                   n.op == Op::ArrayResize || isAdjointArrayOp(n.op);
    if (arrayOp && f_.arrays[n.param].isParameter() && f_.arrays[n.param].param == p)
      return false;
    if (n.op == Op::Custom || n.op == Op::CustomVjp)
      for (const CallArg &a : f_.customs[n.param].args)
        if (a.form == ArgForm::ParamPointer && a.index == p)
          return false;
  }
  return true;
}

/// An accumulation d_p[k] += v in a reverse loop whose element k is the same
/// in every iteration (k computed before the loop) is summed in a local
/// variable and added to d_p[k] once after the loop, as a hand-written
/// adjoint does: no load and store of d_p[k] per iteration (which the C++
/// compiler must keep, since d_p may alias the other adjoints) and no null
/// test of d_p in the loop.
void FunctionEmitter::planLocalSums(const std::function<std::string(const std::string &)> &fresh) {
  std::vector<int> sink(f_.params.size(), -1); // -1 unknown, 0 no, 1 yes
  for (const xform::AdjointOutput &o : gr_.outputs) {
    if (o.effect != NoNode || o.offset == NoNode || !isFloating(G_.type(o.value)) ||
        isTensor(G_.type(o.value)))
      continue;
    if (innermostLoop(o.region) < 0)
      continue;
    unsigned l = static_cast<unsigned>(innermostLoop(o.region));
    if (!gr_.loopGradient(l) || fusedHere(l) ||
        G_.within(G_.node(o.offset).region, G_.loop(l).body))
      continue;
    if (sink[o.param] < 0)
      sink[o.param] = sinkOnly(o.param);
    if (sink[o.param])
      localSums_[&o] = fresh("sum_" + adjointName(f_.params[o.param]));
  }
}

/// Whether loop l's reverse may run its iterations in the forward's order
/// (k = 0, 1, ...), which walks memory the way the forward did. It may
/// when no reverse iteration hands anything to another: no running
/// adjoints of carried variables, no read-and-clear of an output's seed, no
/// recursive call's vjp, and adjoint array elements that iterations only
/// add to, only read, or each touch their own (an index that steps with the
/// loop). (Taped values are popped last first: emitLoopReverse also checks
/// that the body pops nothing.) The sums of the reverse (adjoints added into
/// arrays, parameters and accumulators) then come out the same up to the
/// order of the additions.
bool FunctionEmitter::orderFree(unsigned l) const {
  const LoopInfo &info = G_.loop(l);
  const xform::LoopGradient &lg = *gr_.loopGradient(l);
  for (NodeId seed : lg.seeds)
    if (seed != NoNode)
      return false;
  auto inBody = [&](NodeId id) { return G_.within(G_.node(id).region, info.body); };
  // An index that takes a different value in each iteration of l: an
  // induction variable of l with a constant step, plus or minus invariants.
  std::function<bool(NodeId)> invariant = [&](NodeId id) {
    return !inBody(id) || G_.node(id).op == Op::Const;
  };
  std::function<bool(NodeId)> stepping = [&](NodeId id) {
    const Node &n = G_.node(id);
    if (n.op == Op::Cast && G_.type(n.args[0]) == Type::Int)
      return stepping(n.args[0]);
    if (n.op == Op::Add)
      return (stepping(n.args[0]) && invariant(n.args[1])) ||
             (invariant(n.args[0]) && stepping(n.args[1]));
    if (n.op == Op::Sub)
      return stepping(n.args[0]) && invariant(n.args[1]);
    for (size_t j = 0; j < info.vars.size(); ++j)
      if (info.vars[j] == id) {
        NodeId step = induction(l, j).first;
        return step != NoNode && G_.node(step).op == Op::Const && G_.node(step).value != 0;
      }
    return false;
  };
  std::map<int, std::vector<NodeId>> touched; // adjoint array -> its operations in the body
  std::set<int> private_;                     // adjoint arrays declared in the body
  for (NodeId id = 0; id < G_.size(); ++id) {
    const Node &n = G_.node(id);
    if (!inBody(id))
      continue;
    if (n.op == Op::OutputSeed || n.op == Op::CustomVjp || n.op == Op::AdjDiscard)
      return false;
    if (n.op == Op::AdjArray)
      private_.insert(n.param);
    if (n.op == Op::AdjAcc || n.op == Op::AdjRead || n.op == Op::AdjTake)
      touched[n.param].push_back(id);
  }
  for (const auto &[array, ops] : touched) {
    if (private_.count(array))
      continue;
    bool adds = true, reads = true, own = stepping(G_.node(ops[0]).args[1]);
    for (NodeId id : ops) {
      adds = adds && G_.node(id).op == Op::AdjAcc;
      reads = reads && G_.node(id).op == Op::AdjRead;
      own = own && G_.node(id).args[1] == G_.node(ops[0]).args[1];
    }
    if (!adds && !reads && !own)
      return false;
  }
  return true;
}

std::string FunctionEmitter::emitLoopReverse(unsigned l,
                                             const std::vector<const xform::AdjointOutput *> &outputs,
                                             const std::string &indent) {
  const LoopInfo &info = G_.loop(l);
  const xform::LoopGradient &lg = *gr_.loopGradient(l);
  const bool recorded = recordedLoop(l);
  std::string out;
  if (hoisted(l) && !countedTrips(l).empty())
    out += fmt::format("{}const std::size_t {} = {};\n", indent, countName(l), countedTrips(l));
  else if (countInScope_.erase(l)) // (emitScope: counted just before, in this scope)
    ;
  else if (hoisted(l))
    out += fmt::format("{}const std::size_t {} = tape_{}.pop();\n", indent, countName(l),
                       countName(l));
  out += adjointDeclarations(l, false, indent);
  std::string guard = reverseGuard(l, outputs);
  if (!guard.empty())
    out += fmt::format("{}if ({}) {{\n", indent, guard);
  const std::string at = guard.empty() ? indent : indent + "  "; // the reverse loop
  const std::string in = at + "  ";                               // its body
  std::string sums, flush; // planLocalSums
  for (const xform::AdjointOutput *o : outputs) {
    auto sum = localSums_.find(o);
    if (sum == localSums_.end() || innermostLoop(o->region) != static_cast<int>(l))
      continue;
    const Param &p = f_.params[o->param];
    sums += fmt::format("{}{} {} = {};\n", at, adjointVarType(o->value), sum->second,
                        literal(0, G_.type(o->value)));
    flush += fmt::format("{}if ({}) {} += {};\n", at, adjointName(p),
                         adjointElement(p, o->offset, static_cast<int>(G_.node(o->source).value)),
                         sum->second);
  }
  out += sums;
  std::string iter = countName(l) + "_k";
  const size_t headerAt = out.size(); // the for statement, once the body is known
  std::string body;
  std::vector<std::pair<std::string, std::string>> inductions; // (name, declaration)
  // The start of iteration k: carried values from the tape or recomputed.
  std::vector<NodeId> roots;
  for (size_t j = 0; j < info.vars.size(); ++j)
    if (lg.varAdjoint[j] != NoNode)
      roots.push_back(lg.varAdjoint[j]);
  roots.insert(roots.end(), lg.accValues.begin(), lg.accValues.end());
  for (const xform::AdjointOutput *o : outputs)
    addOutputRoots(*o, info.body, roots);
  addCountedBounds(l, roots);
  LoopRecord rec = loopRecord(l);
  for (NodeId t : rec.taped)
    popped_[t] = true;
  Reloading reloading(*this, l);
  std::vector<bool> need = needed(info.body, roots);
  for (size_t j = 0; j < info.vars.size(); ++j) {
    if (!need[info.vars[j]] || G_.type(info.vars[j]) == Type::Mem)
      continue;
    auto [step, sign] = induction(l, j);
    std::string type = varType(info.vars[j]);
    if (step != NoNode) {
      // init + k * step, without the + 0 and * 1 of the common for loop.
      std::string k = fmt::format("static_cast<{}>({})", type, iter);
      if (!G_.isConst(step, 1))
        k += " * " + expr(step);
      std::string value = G_.isConst(info.inits[j], 0) && sign > 0
                              ? k
                              : fmt::format("{} {} {}", expr(info.inits[j]), sign > 0 ? "+" : "-", k);
      inductions.emplace_back(names_[info.vars[j]], fmt::format("{}const {} {} = {};\n", in, type,
                                                                names_[info.vars[j]], value));
    }
    else
      body += fmt::format("{}const {} {} = {}.pop();\n", in, type, names_[info.vars[j]],
                          tapeName(l, j));
  }
  if (recorded)
    for (NodeId r : rec.recorded)
      body += fmt::format("{}const {} {} = tape_{}.pop();\n", in, storageType(r), names_[r],
                          names_[r]);
  for (NodeId t : rec.taped)
    body += fmt::format("{}const {} {} = tape_{}.pop();\n", in, storageType(t), names_[t], names_[t]);
  std::vector<bool> defined(G_.size(), false);
  ++noRecording_;
  body += emitScope(info.body, roots, outputs, in, false, &defined);
  --noRecording_;
  for (NodeId t : rec.taped)
    popped_[t] = false;
  for (size_t k = 0; k < lg.accNodes.size(); ++k)
    body += accumulateStatement(lg.accNodes[k], lg.accValues[k], in);
  // The adjoints for the previous iteration, assigned together.
  std::string values, assigns;
  for (size_t j = 0; j < info.vars.size(); ++j) {
    if (lg.seeds[j] == NoNode)
      continue;
    NodeId a = lg.varAdjoint[j];
    std::string value = a == NoNode ? literal(0, G_.type(info.vars[j])) : expr(a);
    if (a != NoNode && G_.node(a).op == Op::LoopAdj && a != lg.seeds[j]) {
      std::string tmp = names_[lg.seeds[j]] + "_prev";
      values += fmt::format("{}const {} {} = {};\n", in, adjointVarType(info.vars[j]), tmp, value);
      value = tmp;
    }
    if (a != lg.seeds[j])
      assigns += fmt::format("{}{} = {};\n", in, names_[lg.seeds[j]], value);
  }
  body += values + assigns;
  const bool forwardOrder = orderFree(l) && body.find(".pop()") == std::string::npos;
  // Once every running adjoint is 0, the iterations left add only zeros
  // (the guard's reasoning, per iteration). Checked where a path of the
  // body sets one to 0: a running max's adjoint dies at the maximum's
  // iteration. (Elsewhere the test would cost a compare per iteration.)
  std::function<bool(NodeId)> killed = [&](NodeId a) {
    const Node &n = G_.node(a);
    if (n.op == Op::Const)
      return n.value == 0;
    return n.op == Op::Phi && (killed(n.args[1]) || killed(n.args[2]));
  };
  bool dies = false;
  for (size_t j = 0; j < info.vars.size(); ++j)
    dies = dies || (lg.seeds[j] != NoNode && lg.varAdjoint[j] != NoNode && killed(lg.varAdjoint[j]));
  if (!guard.empty() && !forwardOrder && dies)
    body += fmt::format("{}if ({}) break;\n", in, runningAdjointsTest(l, "==", " && "));
  out.insert(headerAt, forwardOrder ? fmt::format("{}for (std::size_t {} = 0; {} < {}; ++{}) {{\n",
                                                  at, iter, iter, countName(l), iter)
                                    : fmt::format("{}for (std::size_t {} = {}; {}-- > 0;) {{\n",
                                                  at, iter, countName(l), iter));
  // An index the body turned out not to read (what read it cancelled out,
  // as in a self-copy y[i] = y[i]) is left out (-Wunused-variable).
  for (const auto &[name, declaration] : inductions)
    if (mentions(body, name))
      out += declaration;
  out += body;
  out += fmt::format("{}}}\n", at);
  out += flush;
  if (!guard.empty())
    out += fmt::format("{}}}\n", indent);
  return out;
}

std::string FunctionEmitter::emitIf(RegionId thenRegion, const std::vector<NodeId> &phis,
                                    const std::vector<const xform::AdjointOutput *> &outputs,
                                    const std::string &indent, bool reverse) {
  std::string out;
  // A phi with a constant on one side (an adjoint that only one branch adds
  // to) starts with that constant and is assigned in the other branch only.
  auto constant = [&](NodeId v) { return G_.node(v).op == Op::Const || undefinedTensor(v); };
  auto constantSide = [&](NodeId phi) -> int {
    const Node &n = G_.node(phi);
    return constant(n.args[2]) ? 2 : constant(n.args[1]) ? 1 : 0;
  };
  // An array's contents after the if are the array itself: nothing to assign.
  auto array = [&](NodeId phi) { return G_.type(phi) == Type::Mem; };
  for (NodeId phi : phis) {
    const Node &n = G_.node(phi);
    if (array(phi))
      continue;
    std::string type = typeOf(phi);
    int side = constantSide(phi);
    out += side && !undefinedTensor(n.args[side])
               ? fmt::format("{}{} {} = {};\n", indent, type, names_[phi], valueFor(phi, n.args[side]))
               : fmt::format("{}{} {};\n", indent, type, names_[phi]);
  }
  std::string branches[2];
  for (int b = 0; b < 2; ++b) {
    RegionId region = thenRegion + b;
    std::vector<NodeId> demands;
    for (NodeId phi : phis)
      if (constantSide(phi) != b + 1 || array(phi))
        demands.push_back(G_.node(phi).args[b + 1]);
    std::vector<const xform::AdjointOutput *> mine;
    for (const xform::AdjointOutput *o : outputs)
      if (G_.within(o->region, region))
        mine.push_back(o);
    std::string inner = indent + "  ";
    noRecording_ += reverse;
    branches[b] = emitScope(region, demands, mine, inner, false);
    noRecording_ -= reverse;
    for (NodeId phi : phis)
      if (constantSide(phi) != b + 1 && !array(phi))
        branches[b] += fmt::format("{}{} = {};\n", inner, names_[phi],
                                   valueFor(phi, G_.node(phi).args[b + 1]));
  }
  std::string cond = expr(condition(thenRegion, reverse));
  if (branches[0].empty() && !branches[1].empty()) { // only the else branch has work
    cond = "!" + grouped(cond);
    std::swap(branches[0], branches[1]);
  }
  if (branches[0].empty() && branches[1].empty())
    return out; // (arrays the branches did not write)
  out += fmt::format("{}if ({}) {{\n{}{}}}", indent, cond, branches[0], indent);
  out += branches[1].empty() ? "\n" : fmt::format(" else {{\n{}{}}}\n", branches[1], indent);
  return out;
}

} // namespace adgen::emit::detail
