//===- Reverse.h - reverse mode: the adjoint DAG of a function ------------===//
#ifndef ADGEN_TRANSFORM_REVERSE_H
#define ADGEN_TRANSFORM_REVERSE_H

#include "IR/IR.h"

#include <vector>

namespace adgen::xform {

/// One accumulation into an adjoint parameter: d_<param> (or d_<param>[offset]
/// for pointers and arrays) += value.
struct AdjointOutput {
  int param;
  ir::NodeId offset; // NoNode for parameters passed by value or reference
  ir::NodeId value;
  ir::NodeId source; // the Param or Load node that receives it
  ir::RegionId region = ir::RootRegion; // where the accumulation runs (a load in a branch)
};

/// The forward DAG extended with adjoint nodes.
struct Gradient {
  ir::Graph graph;
  ir::NodeId result = ir::NoNode;     // the primal value
  ir::NodeId seed = ir::NoNode;       // the adjoint of the result
  std::vector<AdjointOutput> outputs; // by parameter, then by first use
};

enum class SeedKind {
  One,      // f_grad: d(result) = 1 (for a tensor: ones, which must be a scalar)
  Parameter // f_vjp: d(result) = the caller's d_ret
};

/// Builds the reverse sweep of f. Only nodes that depend on an active
/// parameter and reach the result get adjoints (activity analysis); a node's
/// adjoint is the sum of its users' contributions, formed once.
Gradient reverse(const ir::Function &f, SeedKind seed);

} // namespace adgen::xform

#endif
