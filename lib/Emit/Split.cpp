//===- Split.cpp - f_fwd and f_rev: a recursive function's reverse, split --===//
//
// f_vjp of a recursive function runs its forward sweep, calling the primal f
// for its recursive calls, then its reverse sweep, calling f_vjp for them:
// each level of the recursion computes again everything below it, so the
// reverse of a recursion of depth d costs about d times the primal (det by
// minors, ell = 9: 12x). Split reversal (Tapenade's "split mode") records
// instead: f_fwd is the forward sweep, pushing what the reverse reads;
// f_rev is the reverse sweep, reading it back. A recursive call records
// through f_fwd and is reversed by f_rev, so the whole recursion runs forward
// once and backward once.
//
// Both are cut from one printing of the Split entry (f_vjp's sweeps, with
// the value returned): the top-level scope prints the forward sweep, a
// marker, then the reverse sweep. What the reverse reads from the forward's
// top level (values, the tapes) crosses over: the tapes live in a generated
// struct, one set per depth of the recursion (adgen::detail::SplitLevel);
// the values go onto its `frames` tape at the end of f_fwd.
//
//===----------------------------------------------------------------------===//
#include "Emit/DeadValues.h"
#include "Emit/FunctionEmitter.h"

#include <cassert>
#include <algorithm>
#include <map>
#include <regex>
#include <set>
#include <sstream>

namespace adgen::emit::detail {

/// A recursive call whose reverse is printed goes through f_fwd and f_rev
/// when its callee has them.
void FunctionEmitter::planSplitCalls() {
  splitCalls_.assign(G_.size(), false);
  splitPair_.assign(G_.size(), NoNode);
  if (!splitFns_)
    return;
  for (const auto &[call, vjp] : gr_.callVjps) {
    const CustomFunction &c = f_.customs[G_.node(call).param];
    if (!c.generated || !splitFns_->functions.count(c.vjp) || owner_[vjp] == Unowned)
      continue;
    // (A reverse reads its call's value: the call is printed too. The
    // reverse of an unprinted call, with f_vjp, would get arrays that
    // SplitPlan left uncopied.)
    assert(owner_[call] != Unowned);
    splitCalls_[call] = true;
    splitCalls_[vjp] = true;
    splitPair_[vjp] = call;
  }
}

/// Whether node id is computed by cheap operations from scalar parameters
/// and constants only; if so, marks it and the named values it reads in
/// `nodes` (to print again, in id order).
bool FunctionEmitter::fromParameters(NodeId id, std::vector<bool> &nodes) const {
  const Node &n = G_.node(id);
  if (n.op == Op::Const || (n.op == Op::Param && f_.params[n.param].form == ParamForm::Value))
    return true;
  const NodeId forwardSize = static_cast<NodeId>(f_.graph.size());
  if (id >= forwardSize || gr_.memoryDependent[id] || n.region != RootRegion ||
      info(n.op).form == OpForm::Leaf || isTensor(n.type) || n.type == Type::Mem ||
      n.type == Type::Buffer || isCostly(n.op) || n.op == Op::Sqrt || n.op == Op::Div)
    return false;
  for (NodeId a : n.args)
    if (!fromParameters(a, nodes))
      return false;
  nodes[id] = true;
  return true;
}

/// Whether nodes a and b are in the two branches of one if: never both run.
bool FunctionEmitter::exclusive(NodeId a, NodeId b) const {
  for (RegionId x = G_.node(a).region; x != RootRegion; x = G_.region(x).parent)
    for (RegionId y = G_.node(b).region; y != RootRegion; y = G_.region(y).parent)
      if (G_.region(x).parent == G_.region(y).parent && G_.region(x).loop < 0 &&
          G_.region(y).loop < 0 && G_.region(x).isThen != G_.region(y).isThen &&
          (G_.region(x).isThen ? y == x + 1 : x == y + 1)) // (then, then + 1 = else)
        return true;
  return false;
}

bool FunctionEmitter::mirrored(std::string &code) const {
  static const std::regex marker(R"(/\*@call:([0-9]+)@\*/)");
  std::map<std::string, std::vector<NodeId>> open; // per callee: calls not reversed yet
  std::set<NodeId> seen;
  bool ok = true;
  for (auto it = std::sregex_iterator(code.begin(), code.end(), marker);
       it != std::sregex_iterator(); ++it) {
    NodeId call = static_cast<NodeId>(std::stoul((*it)[1]));
    std::vector<NodeId> &calls = open[f_.customs[G_.node(call).param].function];
    if (seen.insert(call).second) { // f_fwd
      calls.push_back(call);
      continue;
    }
    // f_rev: the last call not reversed yet, or one that only calls in the
    // other branch of an if (which never ran with it) follow.
    auto last = std::find(calls.rbegin(), calls.rend(), call);
    ok = ok && last != calls.rend() &&
         std::all_of(calls.rbegin(), last, [&](NodeId c) { return exclusive(c, call); });
    if (last != calls.rend())
      calls.erase(std::next(last).base());
  }
  for (const auto &[callee, calls] : open)
    ok = ok && calls.empty();
  code = std::regex_replace(code, marker, "");
  return ok;
}

std::string FunctionEmitter::runSplit(std::string body) {
  size_t mark = body.find(kSplitMark);
  if (splitFailed_ || mark == std::string::npos || !mirrored(body))
    return "";
  mark = body.find(kSplitMark);
  std::string forward = body.substr(0, mark);
  std::string reverse = body.substr(mark + std::char_traits<char>::length(kSplitMark));
  // The value, returned by f_fwd: the last line.
  size_t last = reverse.rfind("  return ");
  if (last == std::string::npos)
    return "";
  std::string value = reverse.substr(last);
  reverse = dropDeadValues(reverse.substr(0, last));

  // The tapes, declared at the top level of the forward sweep: members of
  // the struct of one depth. A tape emptied by clear() (reused by each
  // iteration of an enclosing loop) would empty the records of earlier
  // calls at the same depth too: such a function keeps f_vjp.
  static const std::regex tapeDecl(R"(^  adgen::Tape<(.+)> (\w+);$)");
  struct Tape {
    std::string type, name;
  };
  std::vector<Tape> tapes;
  std::string fwd;
  {
    std::istringstream lines(forward);
    for (std::string line; std::getline(lines, line);) {
      std::smatch m;
      if (std::regex_match(line, m, tapeDecl)) {
        tapes.push_back({m[1], m[2]});
        continue;
      }
      fwd += line + "\n";
    }
  }
  for (const Tape &t : tapes)
    if (mentions(fwd, t.name) && fwd.find(t.name + ".clear()") != std::string::npos)
      return "";
  // A local array or hoisted storage both sweeps name would have to cross
  // over whole: f_vjp keeps it.
  for (size_t a = 0; a < f_.arrays.size(); ++a)
    if (!f_.arrays[a].isParameter() && mentions(fwd, arrayNames_[a]) &&
        mentions(reverse, arrayNames_[a]))
      return "";
  // f_rev reads no pointer whose pointee may have changed since f_fwd.
  for (size_t i = 0; i < f_.params.size(); ++i)
    if (changing_ && (*changing_)[i] && mentions(reverse, f_.params[i].name))
      return "";
  // The top level's values the reverse reads.
  // (A frozen copy, made for the reverse, has a late id and a forward home.)
  // One computed from the parameters alone (n == 1, n - m) is computed
  // again by f_rev instead: every invocation pushes a frame, and the leaves
  // of a recursion are most of them.
  std::vector<NodeId> crossing;
  std::vector<bool> again(G_.size(), false);
  for (NodeId id = 0; id < G_.size(); ++id)
    if (rootDefined_[id] && !names_[id].empty() && mentions(reverse, names_[id]) &&
        mentions(fwd, names_[id])) {
      if (fromParameters(id, again))
        continue;
      crossing.push_back(id);
    }
  std::string computed;
  for (NodeId id = 0; id < G_.size(); ++id)
    if (again[id] && !names_[id].empty())
      computed += define(id, "  ");
  reverse = computed + reverse;
  std::string frameMembers, frameNames;
  for (NodeId id : crossing) {
    frameMembers += fmt::format(" {} {};", storageType(id), names_[id]);
    frameNames += (frameNames.empty() ? "" : ", ") + names_[id];
  }

  const std::string tapesType = f_.name + "_split_tapes";
  std::string out = fmt::format("// adgen: the tapes of {}_fwd and {}_rev, per depth of the "
                                "recursion. Generated, do not edit.\nstruct {} {{\n",
                                f_.name, f_.name, tapesType);
  for (const Tape &t : tapes)
    out += fmt::format("  adgen::Tape<{}> {};\n", t.type, t.name);
  // (A plain struct, not a std::tuple: a tape of trivially copyable values
  // keeps its buffer in the pool and grows by memcpy.)
  out += fmt::format("  struct Frame {{{} }}; // what {}_rev reads of {}_fwd's top level\n"
                     "  adgen::Tape<Frame> frames;\n",
                     frameMembers, f_.name, f_.name);
  out += "  void trim(std::size_t bytes) {\n";
  for (const Tape &t : tapes)
    out += fmt::format("    {}.trim(bytes);\n", t.name);
  out += "    frames.trim(bytes);\n  }\n};\n\n";

  auto bindings = [&](const std::string &code) {
    std::string b = fmt::format("  adgen::detail::SplitLevel<{}> level;\n", tapesType);
    for (const Tape &t : tapes)
      if (mentions(code, t.name))
        b += fmt::format("  adgen::Tape<{}> &{} = level.tapes->{};\n", t.type, t.name, t.name);
    return b;
  };
  auto signature = [&](const std::string &code, bool reverseSweep) {
    std::vector<std::string> decls;
    for (size_t i = 0; i < f_.params.size(); ++i)
      decls.push_back(typeString(f_.params[i]) + " " +
                      (mentions(code, f_.params[i].name) ? f_.params[i].name
                                                         : "/*" + f_.params[i].name + "*/"));
    if (reverseSweep) {
      decls.push_back(fmt::format("{} {}", cxxName(f_.returnType),
                                  mentions(code, seedName_) ? seedName_ : "/*" + seedName_ + "*/"));
      for (const Param &p : f_.params)
        if (p.active)
          decls.push_back(fmt::format("{}* {}", adjointType(p),
                                      mentions(code, adjointName(p)) ? adjointName(p)
                                                                     : "/*" + adjointName(p) + "*/"));
    }
    std::string list;
    for (size_t i = 0; i < decls.size(); ++i)
      list += (i ? ", " : "") + decls[i];
    return list;
  };

  fwd = dropDeadValues(fwd + fmt::format("  level.tapes->frames.push({{{}}});\n", frameNames) +
                       value);
  out += fmt::format("// adgen: the forward sweep of {} ({}:{}:{}), recording for {}_rev. "
                     "Generated, do not edit.\n",
                     f_.name, f_.loc.file, f_.loc.line, f_.loc.col, f_.name);
  out += fmt::format("inline {} {}_fwd({}) {{\n{}{}}}\n\n", cxxName(f_.returnType), f_.name,
                     signature(fwd, false), bindings(fwd), fwd);

  std::string rev = crossing.empty()
                        ? "  level.tapes->frames.pop();\n"
                        : fmt::format("  const auto [{}] = level.tapes->frames.pop();\n", frameNames);
  rev += reverse;
  out += fmt::format("// adgen: the reverse sweep of {} ({}:{}:{}), reading back what {}_fwd "
                     "recorded. Generated, do not edit.\n",
                     f_.name, f_.loc.file, f_.loc.line, f_.loc.col, f_.name);
  out += fmt::format("inline void {}_rev({}) {{\n{}{}}}\n", f_.name, signature(rev, true),
                     bindings(rev), rev);
  return out;
}

} // namespace adgen::emit::detail
