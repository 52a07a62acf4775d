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
  void own(NodeId id, int block);
  void assignOwners();
  void assignNames();
  std::string define(NodeId id, const std::string &indent);
  std::string accumulate(const xform::AdjointOutput &o);
  std::string blockBody(bool checkSeed, const std::vector<bool> &hasOutputs);
  std::string emitScope(RegionId r, const std::vector<NodeId> &demands,
                        const std::vector<const xform::AdjointOutput *> &outputs,
                        const std::string &indent, bool checkSeed);
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
  std::vector<int> phiUses_;        // uses as the value of a branch
  std::vector<std::string> names_;  // "" = printed inline
  std::set<std::string> taken_;
  std::string seedName_;
  std::vector<std::string> adjointNames_;
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
  for (NodeId id = G_.size(); id-- > 0;) {
    if (owner_[id] == Unowned)
      continue;
    for (NodeId a : G_.node(id).args) {
      own(a, owner_[id]);
      ++uses_[a];
      if (G_.node(id).op == Op::Phi)
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
    if (n.op == Op::Param || n.op == Op::Load)
      paramUsed_[n.param] = true;
    if (n.op == Op::Param || n.op == Op::Load || n.op == Op::Const || n.op == Op::Seed)
      continue;
    // A branch's value for a variable is assigned straight to the phi.
    bool branchValue = uses_[id] == 1 && phiUses_[id] == 1;
    bool name = uses_[id] > 1 || isTensor(n.type) || (!n.hint.empty() && !branchValue) ||
                n.op == Op::Phi;
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
      if (uses_[id] > 1 || isTensor(n.type) || n.op == Op::Phi) {
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
}

std::string FunctionEmitter::define(NodeId id, const std::string &indent) {
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
  std::vector<bool> hasOutputs(f_.params.size(), false);
  for (const xform::AdjointOutput &o : gr_.outputs)
    hasOutputs[o.param] = true;

  // Signature.
  std::vector<std::string> decls;
  for (size_t i = 0; i < f_.params.size(); ++i)
    decls.push_back(paramDecl(f_.params[i], paramUsed_[i]));
  if (!grad && f_.returnType != Type::Int)
    decls.push_back(fmt::format("{} {}", cxxName(f_.returnType),
                                seedUsed ? seedName_ : "/*" + seedName_ + "*/"));
  for (size_t i = 0; i < f_.params.size(); ++i) {
    const Param &p = f_.params[i];
    if (p.active)
      decls.push_back(fmt::format("{}* {}", cxxName(p.type),
                                  hasOutputs[i] ? adjointName(p) : "/*" + adjointName(p) + "*/"));
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
    if (owner_[id] == Everywhere && !names_[id].empty())
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

// Functions with branches: the code of each region is printed in order of
// node ids, which is topological; an if/else is printed where its first phi
// is needed, once for the primal values it produces (forward) and, if the
// gradient needs them, once more for its adjoint phis and accumulations
// (reverse), recomputing inside that branch the primal values it uses.
std::string FunctionEmitter::emitScope(RegionId r, const std::vector<NodeId> &demands,
                                       const std::vector<const xform::AdjointOutput *> &outputs,
                                       const std::string &indent, bool checkSeed) {
  const NodeId forwardSize = static_cast<NodeId>(f_.graph.size());
  // Everything this scope needs: nodes of region r and of regions inside it.
  std::vector<bool> need(G_.size(), false);
  std::vector<NodeId> stack(demands);
  for (const xform::AdjointOutput *o : outputs) {
    stack.push_back(o->value);
    if (o->offset != NoNode)
      stack.push_back(o->offset);
  }
  while (!stack.empty()) {
    NodeId id = stack.back();
    stack.pop_back();
    if (need[id] || !G_.within(G_.node(id).region, r))
      continue;
    need[id] = true;
    for (NodeId a : G_.node(id).args)
      stack.push_back(a);
  }
  // The ifs directly inside r, keyed by (then region, reverse?): their phis
  // and the accumulations that run inside them.
  using Key = std::pair<RegionId, bool>;
  std::map<Key, std::vector<NodeId>> phis;
  std::map<Key, std::vector<const xform::AdjointOutput *>> inner;
  std::vector<const xform::AdjointOutput *> here;
  for (NodeId id = 0; id < G_.size(); ++id)
    if (need[id] && G_.node(id).op == Op::Phi && G_.node(id).region == r)
      phis[{static_cast<RegionId>(G_.node(id).param), id >= forwardSize}].push_back(id);
  for (const xform::AdjointOutput *o : outputs) {
    if (o->region == r) {
      here.push_back(o);
      continue;
    }
    RegionId child = o->region;
    while (G_.region(child).parent != r)
      child = G_.region(child).parent;
    inner[{G_.region(child).isThen ? child : child - 1, true}].push_back(o);
  }
  for (const auto &[key, list] : inner)
    phis[key]; // an if may exist only for its accumulations

  std::string out;
  std::set<Key> done;
  auto emitIfOnce = [&](const Key &key) {
    if (done.insert(key).second)
      out += emitIf(key.first, phis[key], inner[key], indent);
  };
  for (NodeId id = 0; id < G_.size(); ++id) {
    if (!need[id] || G_.node(id).region != r)
      continue;
    if (G_.node(id).op == Op::Phi)
      emitIfOnce({static_cast<RegionId>(G_.node(id).param), id >= forwardSize});
    else if (!names_[id].empty())
      out += define(id, indent);
    if (checkSeed && id == gr_.result)
      out += fmt::format("{}adgen::check_seed({}, {});\n", indent, seedName_, expr(gr_.result));
  }
  for (const auto &[key, list] : phis)
    emitIfOnce(key);
  for (const xform::AdjointOutput *o : here)
    out += fmt::format("{}if ({}) {}\n", indent, adjointName(f_.params[o->param]), accumulate(*o));
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
  if (f.returnType != Type::Int)
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
