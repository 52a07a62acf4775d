//===- Rules.h - the derivative rule table --------------------------------===//
//
// One entry per differentiable operation: given a node y = op(a, b, ...) and
// the adjoint g of y, the rule builds the vector-Jacobian product for one
// operand as new IR nodes. Rules only build IR; they never print C++.
//
//===----------------------------------------------------------------------===//
#ifndef ADGEN_DERIVATIVES_RULES_H
#define ADGEN_DERIVATIVES_RULES_H

#include "IR/IR.h"

namespace adgen::deriv {

/// What a rule sees: the graph, the node, its adjoint.
struct VjpContext {
  ir::Graph &G;
  ir::NodeId y; // the node being differentiated (its value is the primal result)
  ir::NodeId g; // the adjoint of y
  /// Maps a primal value to the one the reverse sweep may read (see
  /// Gradient::frozenPhis); nullptr: the value itself.
  ir::NodeId (*freeze)(void *, ir::NodeId) = nullptr;
  void *freezer = nullptr;
  ir::NodeId keep(ir::NodeId v) const { return freeze ? freeze(freezer, v) : v; }
  ir::NodeId arg(unsigned i) const { return keep(G.node(y).args[i]); }
  ir::NodeId value() const { return keep(y); }
  ir::NodeId c(double v) const { return G.constant(v, ir::elementType(G.type(y))); }
};

/// The contribution of node `c.y` to the adjoint of its operand `i`, or
/// NoNode when the operand receives none (e.g. d/db of pow(a, 0)).
/// The result may be a tensor where the operand is a scalar; the caller sums.
using VjpFn = ir::NodeId (*)(const VjpContext &c, unsigned i);

/// The rule for `op`, or nullptr when the operation has no derivative here.
VjpFn vjpRule(ir::Op op);

} // namespace adgen::deriv

#endif
