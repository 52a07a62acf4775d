//===- Emitter.cpp - IR to C++ --------------------------------------------===//
//
// Layout of a generated function:
//   1. values needed by the result or by several gradients, as `const` locals;
//   2. for each active parameter p, `if (d_p) { ...; *d_p += ...; }`, holding
//      the values only that gradient needs, so a null adjoint skips its work;
//   3. `return` of the primal value (f_grad).
// A value gets a name when it is used twice, is a tensor, or carries the name
// of the user's variable; everything else is printed inline.
//
//===----------------------------------------------------------------------===//
#include "Emit/Emitter.h"

#include "IR/Printer.h"
#include "Transform/Reverse.h"

#include <fmt/format.h>

#include <cctype>
#include <functional>
#include <map>
#include <set>

namespace adgen::emit {

using namespace adgen::ir;
using xform::Gradient;

namespace {

std::string paramDecl(const Param &p, bool used) {
  return typeString(p) + " " + (used ? p.name : "/*" + p.name + "*/");
}

enum class Entry { Grad, Vjp };

constexpr int Unowned = -1, Everywhere = -2;

class FunctionEmitter {
public:
  FunctionEmitter(const Function &f, Entry entry)
      : f_(f), entry_(entry),
        gr_(xform::reverse(f, entry == Entry::Grad ? xform::SeedKind::One
                                                  : xform::SeedKind::Parameter)),
        G_(gr_.graph) {}

  std::string run();

private:
  bool isEffect(NodeId id) const {
    Op op = G_.node(id).op;
    return op == Op::Store || op == Op::OutputSeed;
  }
  void collectEffects();
  void own(NodeId id, int block);
  void assignOwners();
  void assignNames();
  std::string define(NodeId id, const std::string &indent);
  std::string accumulate(const xform::AdjointOutput &o);
  std::string blockBody(bool checkSeed, const std::vector<bool> &hasOutputs);
  std::vector<bool> needed(RegionId r, std::vector<NodeId> roots) const;
  std::string emitScope(RegionId r, const std::vector<NodeId> &demands,
                        const std::vector<const xform::AdjointOutput *> &outputs,
                        const std::string &indent, bool checkSeed,
                        std::vector<bool> *defined = nullptr);
  std::pair<NodeId, int> induction(unsigned l, size_t j) const;
  std::string varType(NodeId id) const;
  std::string countName(unsigned l) const { return loopNames_[l]; }
  std::string tapeName(unsigned l, size_t j) const {
    return "tape_" + names_[G_.loop(l).vars[j]];
  }
  std::string emitLoopForward(unsigned l, bool record,
                              const std::vector<const xform::AdjointOutput *> &effects,
                              const std::string &indent);
  std::string emitLoopReverse(unsigned l, const std::vector<const xform::AdjointOutput *> &outputs,
                              const std::string &indent);
  std::string emitIf(RegionId thenRegion, const std::vector<NodeId> &phis,
                     const std::vector<const xform::AdjointOutput *> &outputs,
                     const std::string &indent);
  std::string expr(NodeId id) { return printer().print(id); }
  ExprPrinter printer() {
    return ExprPrinter(f_, G_, [this](NodeId id) {
      return G_.node(id).op == Op::Seed ? seedName_ : names_[id];
    });
  }

  const Function &f_;
  Entry entry_;
  Gradient gr_;
  const Graph &G_;
  std::vector<int> owner_;          // Everywhere (top level) or a parameter index
  std::vector<int> uses_;
  std::vector<int> phiUses_;        // uses as a branch's value or a loop's initial value
  std::vector<bool> forced_;        // must be named (carried values, see assignOwners)
  std::vector<std::string> names_;  // "" = printed inline
  std::set<std::string> taken_;
  std::string seedName_;
  std::vector<std::string> adjointNames_;
  std::vector<std::string> loopNames_; // iteration counters, n0, n1, ...
  std::vector<xform::AdjointOutput> effects_; // stores (f_grad) and output seeds
  std::vector<bool> paramUsed_;
  std::string adjointName(const Param &p) const { return adjointNames_[&p - f_.params.data()]; }
};

void FunctionEmitter::own(NodeId id, int block) {
  int &o = owner_[id];
  o = (o == Unowned || o == block) ? block : Everywhere;
}

// Each node belongs to the one gradient block that needs it, or to the top
// level when the result or several blocks need it. Ids are topological, so
// one pass from the highest id propagates ownership to all operands.
void FunctionEmitter::assignOwners() {
  owner_.assign(G_.size(), Unowned);
  uses_.assign(G_.size(), 0);
  bool tensorResult = isTensor(f_.returnType);
  if (entry_ == Entry::Grad || (tensorResult && !gr_.outputs.empty())) {
    own(gr_.result, Everywhere); // returned, or checked against the seed
    ++uses_[gr_.result];
  }
  if (G_.node(gr_.seed).op == Op::ImplicitSeed && !gr_.outputs.empty())
    own(gr_.seed, Everywhere); // PyTorch checks the output's shape on every backward
  collectEffects();
  for (const xform::AdjointOutput &e : effects_)
    own(e.effect, Everywhere); // side effects happen whatever adjoints are asked for
  // With branches, gradient code is laid out by region (see emitScope); the
  // per-parameter blocks are for straight-line functions.
  bool blocks = !G_.hasBranches();
  for (const xform::AdjointOutput &o : gr_.outputs) {
    own(o.value, blocks ? o.param : Everywhere);
    ++uses_[o.value];
    if (o.offset != NoNode) {
      own(o.offset, blocks ? o.param : Everywhere);
      ++uses_[o.offset];
    }
  }
  phiUses_.assign(G_.size(), 0);
  forced_.assign(G_.size(), false);
  if (G_.loopCount() > 0) {
    // Loops reach back (next -> var): take the closure emitScope will print.
    std::vector<NodeId> roots;
    for (NodeId id = 0; id < G_.size(); ++id)
      if (owner_[id] != Unowned)
        roots.push_back(id);
    std::vector<bool> need = needed(RootRegion, roots);
    for (NodeId id = 0; id < G_.size(); ++id)
      if (need[id])
        owner_[id] = Everywhere;
    // Carried values are assigned together at the end of an iteration (and
    // adjoints at the end of a reverse one): computed ones get names first.
    for (unsigned l = 0; l < G_.loopCount(); ++l) {
      const LoopInfo &info = G_.loop(l);
      for (NodeId next : info.nexts)
        forced_[next] = G_.within(G_.node(next).region, info.body) && G_.node(next).op != Op::LoopVar;
      if (const xform::LoopGradient *lg = gr_.loopGradient(l))
        for (NodeId a : lg->varAdjoint)
          if (a != NoNode)
            forced_[a] = G_.within(G_.node(a).region, info.body) && G_.node(a).op != Op::LoopAdj;
    }
  }
  for (NodeId id = G_.size(); id-- > 0;) {
    if (owner_[id] == Unowned)
      continue;
    for (NodeId a : G_.node(id).args) {
      own(a, owner_[id]);
      ++uses_[a];
      if (G_.node(id).op == Op::Phi || G_.node(id).op == Op::LoopVar)
        ++phiUses_[a];
    }
  }
}

void FunctionEmitter::assignNames() {
  names_.assign(G_.size(), "");
  paramUsed_.assign(f_.params.size(), false);
  for (const Param &p : f_.params)
    taken_.insert(p.name);
  auto fresh = [this](const std::string &base) {
    std::string name = base;
    for (int k = 1; taken_.count(name); ++k)
      name = fmt::format("{}_{}", base, k);
    taken_.insert(name);
    return name;
  };
  // d_x, unless the user already has a parameter of that name.
  for (const Param &p : f_.params)
    adjointNames_.push_back(p.active ? fresh("d_" + p.name) : "");
  seedName_ = fresh("d_ret");
  for (NodeId id = 0; id < G_.size(); ++id) {
    const Node &n = G_.node(id);
    if (owner_[id] == Unowned)
      continue;
    if (n.op == Op::Param || n.op == Op::Load || n.op == Op::Store)
      paramUsed_[n.param] = true;
    if (n.op == Op::Param || n.op == Op::Load || n.op == Op::Const || n.op == Op::Seed ||
        n.op == Op::LoopExit || n.op == Op::LoopAdjOut || n.op == Op::Store ||
        (n.op == Op::OutputSeed && uses_[id] == 0))
      continue;
    // A branch's value for a variable is assigned straight to the phi, a
    // loop's initial value straight to the carried variable.
    bool branchValue = uses_[id] == 1 && phiUses_[id] == 1;
    bool name = uses_[id] > 1 || isTensor(n.type) || (!n.hint.empty() && !branchValue) ||
                n.op == Op::Phi || forced_[id];
    if (!name)
      continue;
    std::string base = n.hint;
    if (base.empty() && id == gr_.result)
      base = "out";
    names_[id] = base.empty() ? "" : fresh(base);
  }
  // Numbered temporaries after the user's names, so that these stay as
  // written, and numbered in the order they are printed: the top level first,
  // then each gradient block.
  int counter = 0;
  auto number = [&](int block) {
    for (NodeId id = 0; id < G_.size(); ++id) {
      const Node &n = G_.node(id);
      if (owner_[id] != block || !names_[id].empty() || n.op == Op::Param ||
          n.op == Op::Load || n.op == Op::Const || n.op == Op::Seed)
        continue;
      bool loopValue = n.op == Op::LoopVar || n.op == Op::LoopAdj || n.op == Op::LoopGrad ||
                       n.op == Op::OutputSeed;
      if (uses_[id] > 1 || isTensor(n.type) || n.op == Op::Phi || forced_[id] || loopValue) {
        std::string name;
        do
          name = fmt::format("t{}", counter++);
        while (taken_.count(name));
        taken_.insert(name);
        names_[id] = name;
      }
    }
  };
  number(Everywhere);
  for (size_t i = 0; i < f_.params.size(); ++i)
    number(static_cast<int>(i));
  // A loop's exits are its carried variables after the loop; the adjoints
  // that flow out of a reverse loop are its running adjoints.
  for (unsigned l = 0; l < G_.loopCount(); ++l) {
    const LoopInfo &info = G_.loop(l);
    loopNames_.push_back(fresh("iterations"));
    for (size_t j = 0; j < info.vars.size(); ++j) {
      if (names_[info.vars[j]].empty())
        names_[info.vars[j]] = fresh(G_.node(info.vars[j]).hint.empty() ? "v" : G_.node(info.vars[j]).hint);
      names_[info.exits[j]] = names_[info.vars[j]];
    }
    if (const xform::LoopGradient *lg = gr_.loopGradient(l))
      for (size_t j = 0; j < info.vars.size(); ++j)
        if (lg->seeds[j] != NoNode) {
          if (names_[lg->seeds[j]].empty())
            names_[lg->seeds[j]] = fresh("d_" + names_[info.vars[j]]);
          names_[lg->outs[j]] = names_[lg->seeds[j]];
        }
  }
}

/// The side effects the function performs: the primal's stores into output
/// parameters (f_grad only: f_vjp computes no primal outputs), and the
/// reverse sweep's read-and-clear of their adjoints.
void FunctionEmitter::collectEffects() {
  for (NodeId id = 0; id < G_.size(); ++id) {
    const Node &n = G_.node(id);
    if ((n.op == Op::Store && entry_ == Entry::Grad) || n.op == Op::OutputSeed)
      effects_.push_back({n.param, NoNode, id, id, n.region, id});
  }
}

std::string FunctionEmitter::define(NodeId id, const std::string &indent) {
  const Node &n = G_.node(id);
  const Param &p = n.param >= 0 ? f_.params[n.param] : f_.params.front();
  if (n.op == Op::Store) { // the primal's write
    std::string target = p.form == ParamForm::Ref ? p.name
                                                   : fmt::format("{}[{}]", p.name, expr(n.args[0]));
    return fmt::format("{}{} = {};\n", indent, target, expr(n.args[1]));
  }
  if (n.op == Op::OutputSeed) { // read the caller's adjoint of the element, then clear it
    std::string d = adjointName(p);
    std::string element = p.form == ParamForm::Ref ? "*" + d : fmt::format("{}[{}]", d, expr(n.args[0]));
    std::string out;
    if (!names_[id].empty())
      out += fmt::format("{}const {} {} = {} ? {} : {};\n", indent, cxxName(n.type), names_[id], d,
                         element, literal(0, n.type));
    return out + fmt::format("{}if ({}) {} = {};\n", indent, d, element, literal(0, n.type));
  }
  // Print the operation itself, not the name being defined.
  std::string name = names_[id];
  names_[id] = "";
  std::string value = expr(id);
  names_[id] = name;
  return fmt::format("{}const {} {} = {};\n", indent, cxxName(G_.type(id)), name, value);
}

std::string FunctionEmitter::accumulate(const xform::AdjointOutput &o) {
  const Param &p = f_.params[o.param];
  std::string target = o.offset == NoNode ? "*" + adjointName(p)
                                          : fmt::format("{}[{}]", adjointName(p), expr(o.offset));
  if (isTensor(p.type))
    return fmt::format("adgen::accumulate_grad({}, {});", target, expr(o.value));
  return fmt::format("{} += {};", target, expr(o.value));
}

std::string FunctionEmitter::run() {
  assignOwners();
  assignNames();
  bool grad = entry_ == Entry::Grad;
  bool seedUsed = !grad && owner_[gr_.seed] != Unowned;
  std::vector<bool> hasOutputs(f_.params.size(), false), adjointUsed(f_.params.size(), false);
  for (const xform::AdjointOutput &o : gr_.outputs)
    hasOutputs[o.param] = adjointUsed[o.param] = true;
  for (const xform::AdjointOutput &e : effects_)
    if (G_.node(e.effect).op == Op::OutputSeed)
      adjointUsed[e.param] = true; // read and cleared

  // Signature.
  std::vector<std::string> decls;
  for (size_t i = 0; i < f_.params.size(); ++i)
    decls.push_back(paramDecl(f_.params[i], paramUsed_[i]));
  if (!grad && !f_.returnsVoid)
    decls.push_back(fmt::format("{} {}", cxxName(f_.returnType),
                                seedUsed ? seedName_ : "/*" + seedName_ + "*/"));
  for (size_t i = 0; i < f_.params.size(); ++i) {
    const Param &p = f_.params[i];
    if (p.active)
      decls.push_back(fmt::format("{}* {}", cxxName(p.type),
                                  adjointUsed[i] ? adjointName(p) : "/*" + adjointName(p) + "*/"));
  }
  std::string out = fmt::format("// adgen: {} of {} ({}:{}:{}). Generated, do not edit.\n",
                                grad ? "gradient" : "vector-Jacobian product", f_.name,
                                f_.loc.file, f_.loc.line, f_.loc.col);
  out += fmt::format("inline {} {}_{}(", grad ? cxxName(f_.returnType) : "void", f_.name,
                     grad ? "grad" : "vjp");
  for (size_t i = 0; i < decls.size(); ++i)
    out += (i ? ", " : "") + decls[i];
  out += ") {\n";

  // A tensor seed is checked against the output as soon as the output exists,
  // before anything uses it (PyTorch's "Mismatch in shape" error).
  bool checkSeed = seedUsed && isTensor(f_.returnType);
  if (G_.hasBranches()) {
    std::vector<NodeId> demands;
    if (owner_[gr_.result] != Unowned)
      demands.push_back(gr_.result);
    std::vector<const xform::AdjointOutput *> outputs;
    for (const xform::AdjointOutput &o : gr_.outputs)
      outputs.push_back(&o);
    for (const xform::AdjointOutput &e : effects_)
      outputs.push_back(&e);
    out += emitScope(RootRegion, demands, outputs, "  ", checkSeed);
  } else {
    out += blockBody(checkSeed, hasOutputs);
  }
  if (grad)
    out += fmt::format("  return {};\n", expr(gr_.result));
  out += "}\n";
  return out;
}

// Straight-line functions: shared values at the top, then one block per
// gradient holding what only that gradient needs.
std::string FunctionEmitter::blockBody(bool checkSeed, const std::vector<bool> &hasOutputs) {
  std::string out;
  for (NodeId id = 0; id < G_.size(); ++id) {
    bool effect = isEffect(id) && (G_.node(id).op == Op::OutputSeed || entry_ == Entry::Grad);
    if (owner_[id] == Everywhere && (!names_[id].empty() || effect))
      out += define(id, "  ");
    if (checkSeed && id == gr_.result)
      out += fmt::format("  adgen::check_seed({}, {});\n", seedName_, expr(gr_.result));
  }

  for (size_t i = 0; i < f_.params.size(); ++i) {
    if (!hasOutputs[i])
      continue;
    std::string body;
    for (NodeId id = 0; id < G_.size(); ++id)
      if (owner_[id] == static_cast<int>(i) && !names_[id].empty())
        body += define(id, "    ");
    std::vector<std::string> stmts;
    for (const xform::AdjointOutput &o : gr_.outputs)
      if (o.param == static_cast<int>(i))
        stmts.push_back(accumulate(o));
    const std::string d = adjointName(f_.params[i]);
    if (body.empty() && stmts.size() == 1 && stmts[0].size() + d.size() < 90) {
      out += fmt::format("  if ({}) {}\n", d, stmts[0]);
      continue;
    }
    out += fmt::format("  if ({}) {{\n{}", d, body);
    for (const std::string &s : stmts)
      out += "    " + s + "\n";
    out += "  }\n";
  }
  return out;
}

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
    for (NodeId a : n.args)
      stack.push_back(a);
    // A loop nested in r runs as a whole (the loop whose body r is, does not).
    bool nested = (n.op == Op::LoopVar || n.op == Op::LoopExit || n.op == Op::LoopAdjOut ||
                   n.op == Op::LoopGrad || n.op == Op::LoopAdj) &&
                  G_.loop(n.param).body != r && G_.within(G_.loop(n.param).body, r);
    if (!nested)
      continue;
    if (n.op == Op::LoopVar || n.op == Op::LoopExit) { // the whole forward loop runs
      const LoopInfo &l = G_.loop(n.param);
      stack.push_back(l.cond);
      stack.insert(stack.end(), l.nexts.begin(), l.nexts.end());
      stack.insert(stack.end(), l.exits.begin(), l.exits.end());
    }
    if (n.op == Op::LoopAdjOut || n.op == Op::LoopGrad || n.op == Op::LoopAdj) {
      const xform::LoopGradient *lg = gr_.loopGradient(n.param);
      stack.insert(stack.end(), lg->exitAdjoint.begin(), lg->exitAdjoint.end());
      stack.insert(stack.end(), lg->varAdjoint.begin(), lg->varAdjoint.end());
      stack.insert(stack.end(), lg->accValues.begin(), lg->accValues.end());
      stack.insert(stack.end(), lg->seeds.begin(), lg->seeds.end());
      stack.insert(stack.end(), lg->outs.begin(), lg->outs.end());
      stack.insert(stack.end(), lg->accNodes.begin(), lg->accNodes.end());
      const LoopInfo &l = G_.loop(n.param);
      stack.insert(stack.end(), l.exits.begin(), l.exits.end()); // the forward loop records
    }
  }
  return need;
}

std::string FunctionEmitter::emitScope(RegionId r, const std::vector<NodeId> &demands,
                                       const std::vector<const xform::AdjointOutput *> &outputs,
                                       const std::string &indent, bool checkSeed,
                                       std::vector<bool> *defined) {
  const NodeId forwardSize = static_cast<NodeId>(f_.graph.size());
  std::vector<NodeId> roots(demands);
  for (const xform::AdjointOutput *o : outputs) {
    roots.push_back(o->value);
    roots.push_back(o->offset);
  }
  std::vector<bool> need = needed(r, roots);
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
      phis[{false, static_cast<unsigned>(G_.node(id).param), id >= forwardSize}].push_back(id);
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
    bool reverse = o->effect == NoNode || G_.node(o->effect).op == Op::OutputSeed;
    Key key = c.loop >= 0 ? Key{true, static_cast<unsigned>(c.loop), reverse}
                          : Key{false, c.isThen ? child : child - 1, reverse};
    inner[key].push_back(o);
  }
  for (const auto &[key, list] : inner)
    phis[key]; // it may exist only for its accumulations

  std::string out;
  std::set<Key> done;
  std::function<void(const Key &)> emitOnce = [&](const Key &key) {
    if (!done.insert(key).second)
      return;
    auto [isLoop, which, reverse] = key;
    if (!isLoop) {
      out += emitIf(which, phis[key], inner[key], indent);
    } else if (!reverse) {
      // Recorded when the reverse loop follows in this scope.
      bool record = phis.count({true, which, true}) || inner.count({true, which, true});
      for (NodeId id = forwardSize; id < G_.size() && !record; ++id)
        record = need[id] && G_.node(id).param == static_cast<int>(which) &&
                 (G_.node(id).op == Op::LoopAdjOut || G_.node(id).op == Op::LoopGrad);
      out += emitLoopForward(which, record, inner[key], indent);
    } else {
      emitOnce({true, which, false}); // the forward loop it reads back
      out += emitLoopReverse(which, inner[key], indent);
    }
  };
  for (NodeId id = 0; id < G_.size(); ++id) {
    const Node &n = G_.node(id);
    if (!need[id] || n.region != r || (*defined)[id])
      continue;
    (*defined)[id] = true;
    // A reverse if is printed at its last adjoint phi: the reverse sweep makes
    // them as it reaches the if's phis and branches, and the last one comes
    // after every adjoint the branches read (their uses come later still).
    Key ifKey{false, static_cast<unsigned>(n.param), id >= forwardSize};
    if (n.op == Op::Phi && (!std::get<2>(ifKey) || phis[ifKey].back() == id))
      emitOnce(ifKey);
    else if (n.op == Op::Phi)
      continue;
    else if (n.op == Op::LoopExit)
      emitOnce({true, static_cast<unsigned>(n.param), false});
    else if (n.op == Op::LoopAdjOut || n.op == Op::LoopGrad)
      emitOnce({true, static_cast<unsigned>(n.param), true});
    else if (n.op == Op::LoopVar || n.op == Op::LoopAdj)
      continue; // variables of an enclosing loop
    else if (!names_[id].empty() || isEffect(id))
      out += define(id, indent);
    if (checkSeed && id == gr_.result)
      out += fmt::format("{}adgen::check_seed({}, {});\n", indent, seedName_, expr(gr_.result));
  }
  for (const auto &[key, list] : inner)
    emitOnce(key);
  for (const xform::AdjointOutput *o : here)
    out += fmt::format("{}if ({}) {}\n", indent, adjointName(f_.params[o->param]), accumulate(*o));
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
  auto invariant = [&](NodeId id) { return !G_.within(G_.node(id).region, info.body); };
  if (next.op == Op::Add && next.args[0] == var && invariant(next.args[1]))
    return {next.args[1], 1};
  if (next.op == Op::Add && next.args[1] == var && invariant(next.args[0]))
    return {next.args[0], 1};
  if (next.op == Op::Sub && next.args[0] == var && invariant(next.args[1]))
    return {next.args[1], -1};
  return {NoNode, 0};
}

std::string FunctionEmitter::varType(NodeId id) const {
  const Node &n = G_.node(id);
  return n.type == Type::Int && !n.cxxType.empty() ? n.cxxType : cxxName(n.type);
}

std::string FunctionEmitter::emitLoopForward(unsigned l, bool record,
                                             const std::vector<const xform::AdjointOutput *> &effects,
                                             const std::string &indent) {
  const LoopInfo &info = G_.loop(l);
  const std::string in = indent + "  ";
  std::string out;
  for (size_t j = 0; j < info.vars.size(); ++j)
    out += fmt::format("{}{} {} = {};\n", indent, varType(info.vars[j]), names_[info.vars[j]],
                       expr(info.inits[j]));
  // What the reverse loop reads of each iteration's start: the carried values
  // it cannot recompute.
  std::vector<bool> stored(info.vars.size(), false);
  if (record) {
    const xform::LoopGradient *lg = gr_.loopGradient(l);
    std::vector<NodeId> roots(lg->varAdjoint);
    roots.insert(roots.end(), lg->accValues.begin(), lg->accValues.end());
    for (const xform::AdjointOutput &o : gr_.outputs)
      if (G_.within(o.region, info.body)) {
        roots.push_back(o.value);
        roots.push_back(o.offset);
      }
    std::vector<bool> need = needed(info.body, roots);
    out += fmt::format("{}std::size_t {} = 0;\n", indent, countName(l));
    for (size_t j = 0; j < info.vars.size(); ++j) {
      stored[j] = need[info.vars[j]] && induction(l, j).first == NoNode;
      if (stored[j])
        out += fmt::format("{}adgen::Tape<{}> {};\n", indent, varType(info.vars[j]),
                           tapeName(l, j));
    }
  }
  out += fmt::format("{}for (;;) {{\n", indent);
  std::vector<bool> defined(G_.size(), false);
  if (info.testAtTop) {
    out += emitScope(info.body, {info.cond}, {}, in, false, &defined);
    if (!G_.isConst(info.cond, 1))
      out += fmt::format("{}if (!({})) break;\n", in, expr(info.cond));
  }
  for (size_t j = 0; j < info.vars.size(); ++j)
    if (stored[j])
      out += fmt::format("{}{}.push({});\n", in, tapeName(l, j), names_[info.vars[j]]);
  std::vector<NodeId> nexts(info.nexts);
  if (!info.testAtTop)
    nexts.push_back(info.cond);
  out += emitScope(info.body, nexts, effects, in, false, &defined);
  // Assign the carried variables together: a next that is another carried
  // variable is copied first.
  std::string copies, assigns;
  for (size_t j = 0; j < info.vars.size(); ++j) {
    NodeId next = info.nexts[j];
    if (next == info.vars[j])
      continue;
    std::string value = expr(next);
    if (G_.node(next).op == Op::LoopVar) {
      std::string tmp = names_[info.vars[j]] + "_next";
      copies += fmt::format("{}const {} {} = {};\n", in, varType(next), tmp, value);
      value = tmp;
    }
    assigns += fmt::format("{}{} = {};\n", in, names_[info.vars[j]], value);
  }
  out += copies + assigns;
  if (record)
    out += fmt::format("{}++{};\n", in, countName(l));
  if (!info.testAtTop)
    out += fmt::format("{}if (!({})) break;\n", in, expr(info.cond));
  out += fmt::format("{}}}\n", indent);
  return out;
}

std::string FunctionEmitter::emitLoopReverse(unsigned l,
                                             const std::vector<const xform::AdjointOutput *> &outputs,
                                             const std::string &indent) {
  const LoopInfo &info = G_.loop(l);
  const xform::LoopGradient &lg = *gr_.loopGradient(l);
  const std::string in = indent + "  ";
  std::string out;
  for (size_t j = 0; j < info.vars.size(); ++j)
    if (lg.seeds[j] != NoNode)
      out += fmt::format("{}{} {} = {};\n", indent, varType(info.vars[j]), names_[lg.seeds[j]],
                         lg.exitAdjoint[j] == NoNode ? literal(0, G_.type(info.vars[j]))
                                                     : expr(lg.exitAdjoint[j]));
  for (size_t k = 0; k < lg.accNodes.size(); ++k)
    out += fmt::format("{}{} {} = {};\n", indent, varType(lg.accTargets[k]), names_[lg.accNodes[k]],
                       literal(0, G_.type(lg.accTargets[k])));
  std::string iter = countName(l) + "_k";
  out += fmt::format("{}for (std::size_t {} = {}; {}-- > 0;) {{\n", indent, iter, countName(l), iter);
  // The start of iteration k: carried values from the tape or recomputed.
  std::vector<NodeId> roots;
  for (size_t j = 0; j < info.vars.size(); ++j)
    if (lg.varAdjoint[j] != NoNode)
      roots.push_back(lg.varAdjoint[j]);
  roots.insert(roots.end(), lg.accValues.begin(), lg.accValues.end());
  for (const xform::AdjointOutput *o : outputs) {
    roots.push_back(o->value);
    roots.push_back(o->offset);
  }
  std::vector<bool> need = needed(info.body, roots);
  for (size_t j = 0; j < info.vars.size(); ++j) {
    if (!need[info.vars[j]])
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
      out += fmt::format("{}const {} {} = {};\n", in, type, names_[info.vars[j]], value);
    }
    else
      out += fmt::format("{}const {} {} = {}.pop();\n", in, type, names_[info.vars[j]],
                         tapeName(l, j));
  }
  std::vector<bool> defined(G_.size(), false);
  out += emitScope(info.body, roots, outputs, in, false, &defined);
  for (size_t k = 0; k < lg.accNodes.size(); ++k)
    out += fmt::format("{}{} += {};\n", in, names_[lg.accNodes[k]], expr(lg.accValues[k]));
  // The adjoints for the previous iteration, assigned together.
  std::string values, assigns;
  for (size_t j = 0; j < info.vars.size(); ++j) {
    if (lg.seeds[j] == NoNode)
      continue;
    NodeId a = lg.varAdjoint[j];
    std::string value = a == NoNode ? literal(0, G_.type(info.vars[j])) : expr(a);
    if (a != NoNode && G_.node(a).op == Op::LoopAdj && a != lg.seeds[j]) {
      std::string tmp = names_[lg.seeds[j]] + "_prev";
      values += fmt::format("{}const {} {} = {};\n", in, varType(info.vars[j]), tmp, value);
      value = tmp;
    }
    if (a != lg.seeds[j])
      assigns += fmt::format("{}{} = {};\n", in, names_[lg.seeds[j]], value);
  }
  out += values + assigns;
  out += fmt::format("{}}}\n", indent);
  return out;
}

std::string FunctionEmitter::emitIf(RegionId thenRegion, const std::vector<NodeId> &phis,
                                    const std::vector<const xform::AdjointOutput *> &outputs,
                                    const std::string &indent) {
  std::string out;
  // A phi with a constant on one side (an adjoint that only one branch adds
  // to) starts with that constant and is assigned in the other branch only.
  auto constantSide = [&](NodeId phi) -> int {
    const Node &n = G_.node(phi);
    return G_.node(n.args[2]).op == Op::Const ? 2 : G_.node(n.args[1]).op == Op::Const ? 1 : 0;
  };
  for (NodeId phi : phis) {
    const Node &n = G_.node(phi);
    std::string type = n.type == Type::Int && !n.cxxType.empty() ? n.cxxType : cxxName(n.type);
    int side = constantSide(phi);
    out += side ? fmt::format("{}{} {} = {};\n", indent, type, names_[phi], expr(n.args[side]))
                : fmt::format("{}{} {};\n", indent, type, names_[phi]);
  }
  std::string branches[2];
  for (int b = 0; b < 2; ++b) {
    RegionId region = thenRegion + b;
    std::vector<NodeId> demands;
    for (NodeId phi : phis)
      if (constantSide(phi) != b + 1)
        demands.push_back(G_.node(phi).args[b + 1]);
    std::vector<const xform::AdjointOutput *> mine;
    for (const xform::AdjointOutput *o : outputs)
      if (G_.within(o->region, region))
        mine.push_back(o);
    std::string inner = indent + "  ";
    branches[b] = emitScope(region, demands, mine, inner, false);
    for (NodeId phi : phis)
      if (constantSide(phi) != b + 1)
        branches[b] += fmt::format("{}{} = {};\n", inner, names_[phi], expr(G_.node(phi).args[b + 1]));
  }
  std::string cond = expr(G_.region(thenRegion).cond);
  if (branches[0].empty() && !branches[1].empty()) { // only the else branch has work
    bool simple = cond.find_first_not_of("abcdefghijklmnopqrstuvwxyz"
                                         "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_") == std::string::npos;
    cond = simple ? "!" + cond : "!(" + cond + ")";
    std::swap(branches[0], branches[1]);
  }
  out += fmt::format("{}if ({}) {{\n{}{}}}", indent, cond, branches[0], indent);
  out += branches[1].empty() ? "\n" : fmt::format(" else {{\n{}{}}}\n", branches[1], indent);
  return out;
}

std::string namespaceOpen(const std::vector<std::string> &ns) {
  std::string s;
  for (const std::string &n : ns)
    s += n.empty() ? "namespace { " : "namespace " + n + " { ";
  return s.empty() ? s : s.substr(0, s.size() - 1) + "\n\n";
}

std::string namespaceClose(const std::vector<std::string> &ns) {
  if (ns.empty())
    return "";
  std::string s(ns.size() * 2 - 1, ' ');
  for (size_t i = 0; i < ns.size(); ++i)
    s[i * 2] = '}';
  std::string path;
  for (const std::string &n : ns)
    path += (path.empty() ? "" : "::") + (n.empty() ? std::string("(anonymous)") : n);
  return s + "  // namespace " + path + "\n\n";
}

} // namespace

std::string emitFunction(const Function &f) {
  std::string out;
  if (!f.returnsVoid)
    out += FunctionEmitter(f, Entry::Grad).run() + "\n";
  out += FunctionEmitter(f, Entry::Vjp).run();
  return out;
}

std::string emitHeader(const Module &m, const std::vector<std::string> &sources,
                       const std::string &version) {
  std::string out = fmt::format("// Generated by adgen {} from", version);
  for (const std::string &s : sources)
    out += " " + s;
  out += ". Do not edit.\n#pragma once\n\n#include <cmath>\n#include <limits>\n\n"
         "#include <adgen/runtime.h>\n";
  if (m.usesTensors())
    out += "#include <adgen/tensor.h>\n";
  out += "\n";
  const std::vector<std::string> *open = nullptr;
  for (const Function &f : m.functions) {
    if (!open || *open != f.namespaces) {
      if (open)
        out += namespaceClose(*open);
      out += namespaceOpen(f.namespaces);
      open = &f.namespaces;
    }
    // A marked function in a shared header reaches several generated headers;
    // one translation unit may include them all.
    std::string guard = "ADGEN_GRADIENT_OF_" + f.qualifiedName();
    for (const Param &p : f.params)
      guard += "_" + typeString(p);
    for (char &c : guard)
      if (!std::isalnum(static_cast<unsigned char>(c)))
        c = '_';
    out += fmt::format("#ifndef {0}\n#define {0}\n{1}#endif\n\n", guard, emitFunction(f));
  }
  if (open)
    out += namespaceClose(*open);
  while (out.size() > 1 && out[out.size() - 1] == '\n' && out[out.size() - 2] == '\n')
    out.pop_back();
  return out;
}

} // namespace adgen::emit
