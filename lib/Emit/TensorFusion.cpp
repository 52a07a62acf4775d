//===- TensorFusion.cpp - elementwise tensor chains as one loop -----------===//
//
// A chain of elementwise tensor operations, forward or backward, is printed
// as one lambda over elements that the runtime runs once over its inputs
// broadcast together (adgen::map, adgen/tensor_fusion.h), instead of one
// temporary tensor per operation:
//
//   const adgen::DoubleTensor t3 = adgen::map(
//       [&](double x, double mu) { return std::exp(-std::pow(x - mu, 2.0)); }, x, mu);
//
// A full sum or mean of such a chain becomes adgen::map_sum / map_mean and
// stores nothing. A value joins its user's chain when it is that user's only
// operand use, in the same block and region; values used twice, stored for
// a loop's reverse or returned stay tensors of their own.
//
//===----------------------------------------------------------------------===//
#include "Emit/FunctionEmitter.h"

#include <fmt/format.h>

#include <functional>

namespace adgen::emit::detail {

using namespace adgen::ir;

namespace {
bool elementwise(const Node &n) { return isTensor(n.type) && isElementwise(n.op); }

bool fullReduction(const Node &n) {
  return isTensor(n.type) && (n.op == Op::Sum || n.op == Op::Mean);
}

/// A node a chain can end in: an elementwise operation, a full sum or mean,
/// or a gradient summed back to an operand's shape (reduce_like(g, like):
/// the chain computes g; like is read for its shape only).
bool chainEnd(const Node &n) {
  return elementwise(n) || fullReduction(n) || (isTensor(n.type) && n.op == Op::ReduceLike);
}

/// Arithmetic that a chain may compute again rather than store.
bool arithmetic(Op op) {
  return op == Op::Add || op == Op::Sub || op == Op::Mul || op == Op::Div || op == Op::Neg ||
         op == Op::ExpandAs;
}
} // namespace

void FunctionEmitter::planTensorFusion() {
  fused_.assign(G_.size(), false);
  // The one printed user of each value (NoNode: none or several).
  std::vector<NodeId> user(G_.size(), NoNode);
  std::vector<int> users(G_.size(), 0);
  for (NodeId id = 0; id < G_.size(); ++id)
    if (owner_[id] != Unowned)
      for (NodeId a : G_.node(id).args) {
        user[a] = id;
        ++users[a];
      }
  // Whether `u` can compute operand `id` element by element.
  auto joins = [&](NodeId id, NodeId u) {
    const Node &un = G_.node(u);
    if (!chainEnd(un) || (un.op == Op::ReduceLike && un.args[0] != id))
      return false;
    // (expand_as(g, like) reads only like's shape, which the map gets from
    // like's own inputs when like joins the chain: see fusedExpr.)
    return un.region == G_.node(id).region;
  };
  // The number of arithmetic operations of each fused value's chain (0: the
  // chain holds something else, or the value is not fused).
  std::vector<int> arithmeticOps(G_.size(), 0);
  constexpr int kRecomputed = 8; // at most, per element and user
  for (NodeId id = 0; id < G_.size(); ++id) {
    const Node &n = G_.node(id);
    if (!elementwise(n) || owner_[id] == Unowned || taped_[id] || forced_[id] ||
        id == gr_.result || reloaded(id))
      continue;
    int ops = arithmetic(n.op) ? 1 : 0;
    for (NodeId a : n.args)
      if (fused_[a])
        ops = ops && arithmeticOps[a] ? ops + arithmeticOps[a] : 0;
    if (uses_[id] == 1 && users[id] == 1) {
      fused_[id] = joins(id, user[id]) && owner_[user[id]] == owner_[id];
      arithmeticOps[id] = fused_[id] ? ops : 0;
      continue;
    }
    // Cheap arithmetic of tensors that exist anyway (y = x + 3 read by two
    // chains, a sum's seed spread by expand_as, a gradient that goes to
    // two operands) is computed again in each of its users' chains rather
    // than stored: a few flops cost less than a pass over memory.
    bool cheap = ops > 0 && ops <= kRecomputed;
    if (!cheap || uses_[id] != users[id])
      continue; // (a use that is not an operand: an output, a loop's list)
    bool all = true;
    for (NodeId u = id + 1; u < G_.size() && all; ++u)
      if (owner_[u] != Unowned &&
          std::find(G_.node(u).args.begin(), G_.node(u).args.end(), id) != G_.node(u).args.end())
        all = joins(id, u);
    fused_[id] = all;
    arithmeticOps[id] = all ? ops : 0;
  }
  // A gradient that only goes into a parameter's slot, from an operation
  // with an accumulating form or from a chain (summed back to the
  // parameter's shape or not), is computed into the slot.
  intoSlot_.assign(G_.size(), false);
  for (const xform::AdjointOutput &o : gr_.outputs) {
    const Node &n = G_.node(o.value);
    if (isTensor(f_.params[o.param].type) &&
        (accumulateForm(n.op) || elementwise(n) || (!fullReduction(n) && fusionRoot(o.value))) &&
        uses_[o.value] == 1 && users[o.value] == 0 && owner_[o.value] != Unowned &&
        !taped_[o.value] && !forced_[o.value])
      intoSlot_[o.value] = true;
  }
  // A loop's accumulation of a select's or narrow's gradient (a time step's
  // slice of a sequence's gradient) adds g into the accumulator's slice in
  // place, acc.select(0, t) += g, rather than a zero tensor of the whole
  // shape per iteration (quadratic in the number of steps).
  intoSlice_.assign(G_.size(), false);
  for (const xform::LoopGradient &lg : gr_.loops)
    for (NodeId v : lg.accValues) {
      Op op = G_.node(v).op;
      if ((op == Op::SelectGrad || op == Op::NarrowGrad) && uses_[v] == 1 && users[v] == 0 &&
          owner_[v] != Unowned && !taped_[v] && !forced_[v])
        intoSlice_[v] = true;
    }
  // A full sum or mean of a chain whose values are kept (read again later,
  // by the backward) is made in the map's own pass: adgen::map_and_sum.
  // (Top level of a straight-line function only, where the two statements
  // are printed in one place.)
  keepsSum_.assign(G_.size(), NoNode);
  summedInMap_.assign(G_.size(), false);
  if (!regional_)
    for (NodeId id = 0; id < G_.size(); ++id) {
      const Node &s = G_.node(id);
      if (!fullReduction(s) || owner_[id] != Everywhere)
        continue;
      NodeId a = s.args[0];
      if (!elementwise(G_.node(a)) || fused_[a] || !fusionRoot(a) || owner_[a] != Everywhere ||
          keepsSum_[a] != NoNode || taped_[a] || taped_[id])
        continue;
      keepsSum_[a] = id;
      summedInMap_[id] = true;
    }
  // A scalar operand of a chain is computed before the map and captured by
  // name: inside the lambda the tensors' names are the elements' (a scalar
  // expression such as x.size(0) must not be printed there).
  for (NodeId id = 0; id < G_.size(); ++id)
    if (fused_[id] || fusionRoot(id))
      for (NodeId a : G_.node(id).args) {
        const Node &an = G_.node(a);
        if (!isTensor(an.type) && an.op != Op::Const && an.op != Op::Param && an.op != Op::Seed)
          forced_[a] = true;
      }
}

const char *FunctionEmitter::accumulateForm(Op op) {
  return op == Op::LinearGradWeight ? "adgen::accumulate_linear_backward_weight" : nullptr;
}

bool FunctionEmitter::fusionRoot(NodeId id) const {
  const Node &n = G_.node(id);
  if (fused_.empty() || fused_[id] || !chainEnd(n))
    return false;
  if (n.op == Op::ReduceLike)
    return fused_[n.args[0]];
  for (NodeId a : n.args)
    if (fused_[a])
      return true;
  return false;
}

void FunctionEmitter::chainOperands(NodeId root, std::vector<NodeId> &inputs,
                                    std::vector<NodeId> &shapes) const {
  const Node &r = G_.node(root);
  const bool reduceLike = r.op == Op::ReduceLike;
  auto add = [](std::vector<NodeId> &list, NodeId v) {
    if (std::find(list.begin(), list.end(), v) == list.end())
      list.push_back(v);
  };
  // (Depth first, left to right: the parameters in the order the body reads them.)
  // A shape read of a value computed in the chain is the broadcast of that
  // value's own inputs.
  std::function<void(NodeId)> shapeOf = [&](NodeId v) {
    if (!fused_[v])
      return add(shapes, v);
    const Node &n = G_.node(v);
    if (n.op == Op::ExpandAs)
      return shapeOf(n.args[1]);
    for (NodeId a : n.args)
      if (isTensor(G_.type(a)))
        shapeOf(a);
  };
  std::function<void(NodeId)> visit = [&](NodeId id) {
    const Node &n = G_.node(id);
    // (reduce_like's like is read for its shape, by the runtime.)
    for (size_t k = 0; k < (id == root && reduceLike ? 1 : n.args.size()); ++k) {
      NodeId a = n.args[k];
      if (n.op == Op::ExpandAs && k == 1)
        shapeOf(a);
      else if (fused_[a])
        visit(a);
      else if (isTensor(G_.type(a)))
        add(inputs, a);
    }
  };
  visit(root);
}

std::string FunctionEmitter::chainParameters(const std::vector<NodeId> &inputs,
                                             const std::vector<NodeId> &shapes, Type element,
                                             std::string *args) {
  const char *scalar = element == Type::Float ? "float" : "double";
  std::string params;
  for (NodeId in : inputs) {
    params += fmt::format("{}{} {}", params.empty() ? "" : ", ", scalar, expr(in));
    *args += ", " + expr(in);
  }
  for (NodeId in : shapes)
    if (std::find(inputs.begin(), inputs.end(), in) == inputs.end()) {
      params += fmt::format("{}{}", params.empty() ? "" : ", ", scalar);
      *args += ", " + expr(in);
    }
  return params;
}

std::string FunctionEmitter::fusedExpr(NodeId root, const std::string &slot,
                                       const std::string &total) {
  const Node &r = G_.node(root);
  const bool reduceLike = r.op == Op::ReduceLike;
  // The chain's tensor inputs, in the order the chain reads them; a shape
  // that expand_as reads joins them as an unnamed parameter.
  std::vector<NodeId> inputs, shapes; // read as values; read for their shape
  chainOperands(root, inputs, shapes);
  // Parameters named as the tensors they stand for (a shape read only: unnamed).
  std::string args;
  std::string params = chainParameters(inputs, shapes, elementType(r.type), &args);
  // The body: the chain as scalar code over the inputs' elements.
  NodeId body = fullReduction(r) || reduceLike ? r.args[0] : root;
  ExprPrinter print(
      f_, G_,
      [&](NodeId id) -> std::string {
        if (id == body || fused_[id])
          return "";
        return G_.node(id).op == Op::Seed ? seedName_ : names_[id];
      },
      &arrayNames_);
  print.setScalarMode(true);
  std::string lambda = fmt::format("[&]({}) {{ return {}; }}", params, print.print(body));
  // (With a slot: added into that gradient, see accumulate().)
  if (reduceLike)
    return slot.empty() ? fmt::format("adgen::map_reduce_like({}, {}{})", expr(r.args[1]),
                                      lambda, args)
                        : fmt::format("adgen::accumulate_map_like({}, {}, {}{})", slot,
                                      expr(r.args[1]), lambda, args);
  if (!slot.empty())
    return fmt::format("adgen::accumulate_map({}, {}{})", slot, lambda, args);
  if (!total.empty()) // (keepsSum_: the reduction's node says which)
    return fmt::format("{}({}, {}{})",
                       G_.node(keepsSum_[root]).op == Op::Mean ? "adgen::map_and_mean"
                                                               : "adgen::map_and_sum",
                       total, lambda, args);
  const char *call = r.op == Op::Sum ? "adgen::map_sum" : r.op == Op::Mean ? "adgen::map_mean"
                                                                            : "adgen::map";
  return fmt::format("{}({}{})", call, lambda, args);
}

} // namespace adgen::emit::detail
