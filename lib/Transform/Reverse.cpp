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
#include <cassert>
#include <stdexcept>
#include <tuple>

namespace adgen::xform {

using namespace adgen::ir;

/// The contribution c brought to the type of the operand it is for: a tensor
/// contribution to a scalar operand is summed (broadcast becomes reduction).
static NodeId toOperandType(Graph &G, NodeId c, NodeId operand, const Node &user) {
  Type want = G.type(operand), have = G.type(c);
  if (isTensor(have) && !isTensor(want))
    c = G.make(Op::SumToScalar, elementType(have), {c});
  // Tensor (op) tensor: a one-element operand may have been broadcast.
  bool elementwise = user.op == Op::Add || user.op == Op::Sub || user.op == Op::Mul ||
                     user.op == Op::Div;
  bool bothTensors = user.args.size() == 2 && isTensor(G.type(user.args[0])) &&
                     isTensor(G.type(user.args[1]));
  if (isTensor(have) && isTensor(want) && elementwise && bothTensors &&
      user.args[0] != user.args[1])
    c = G.make(Op::ReduceLike, want, {c, operand});
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

/// A contribution that only exists when control reaches region `from`, made
/// usable in the enclosing region `to`: c on the path through `from`, 0 on
/// the other (a phi per branch level).
static NodeId lift(Graph &G, NodeId c, RegionId from, RegionId to) {
  while (from != to) {
    const Region &r = G.region(from);
    NodeId zero = G.constant(0, G.type(c));
    RegionId thenRegion = r.isThen ? from : from - 1;
    c = r.isThen ? G.phi(thenRegion, c, zero) : G.phi(thenRegion, zero, c);
    from = r.parent;
  }
  return c;
}

static const std::string &hintOf(const Graph &G, NodeId id) { return G.node(id).hint; }

Gradient reverse(const Function &f, SeedKind seedKind) {
  Gradient out;
  out.graph = f.graph;
  out.result = f.result;
  Graph &G = out.graph;
  const NodeId last = f.result;
  std::vector<bool> varied = variedNodes(f);

  std::vector<bool> reaches(last + 1, false);
  reaches[last] = true;
  for (NodeId id = last + 1; id-- > 0;)
    if (reaches[id])
      for (NodeId a : G.node(id).args)
        reaches[a] = true;

  Type rt = f.returnType;
  if (seedKind == SeedKind::Parameter)
    out.seed = G.seed(rt);
  else
    out.seed = isTensor(rt) ? G.make(Op::ImplicitSeed, rt, {f.result}) : G.constant(1, rt);
  if (!varied[last])
    return out;

  std::vector<std::vector<NodeId>> contributions(last + 1);
  contributions[last].push_back(out.seed);
  for (NodeId id = last + 1; id-- > 0;) {
    if (!reaches[id] || !varied[id] || contributions[id].empty())
      continue;
    // Adjoint code runs where its primal runs.
    G.enter(G.node(id).region);
    NodeId adj = sum(G, contributions[id]);
    if (adj >= f.graph.size() && !hintOf(G, id).empty()) // name new adjoint nodes after their primal
      G.setHint(adj, "d_" + hintOf(G, id), 0, 0);
    // Copy: the rules below append nodes and may reallocate G's storage.
    const Node n = G.node(id);
    if (n.op == Op::Param || n.op == Op::Load) {
      out.outputs.push_back({n.param, n.op == Op::Load ? n.args[0] : NoNode, adj, id, n.region});
      continue;
    }
    if (n.op == Op::Phi) {
      // The gradient goes to the value of the branch that ran.
      RegionId thenRegion = static_cast<RegionId>(n.param);
      for (unsigned i = 1; i <= 2; ++i) {
        NodeId arg = n.args[i];
        if (varied[arg])
          contributions[arg].push_back(
              lift(G, adj, i == 1 ? thenRegion : thenRegion + 1, G.node(arg).region));
      }
      continue;
    }
    deriv::VjpFn rule = deriv::vjpRule(n.op);
    if (!rule)
      throw std::logic_error(std::string("no derivative rule for ") + info(n.op).name);
    for (unsigned i = 0; i < n.args.size(); ++i) {
      if (!varied[n.args[i]])
        continue;
      G.enter(n.region);
      NodeId c = rule(deriv::VjpContext{G, id, adj}, i);
      if (c == NoNode)
        continue;
      c = toOperandType(G, c, n.args[i], n);
      contributions[n.args[i]].push_back(lift(G, c, n.region, G.node(n.args[i]).region));
    }
  }
  G.enter(RootRegion);
  // Parameter order, then the order in which the user first read each element.
  std::sort(out.outputs.begin(), out.outputs.end(),
            [](const AdjointOutput &x, const AdjointOutput &y) {
              return std::tie(x.param, x.source) < std::tie(y.param, y.source);
            });
  return out;
}

} // namespace adgen::xform
