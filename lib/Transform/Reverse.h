//===- Reverse.h - reverse mode: the adjoint DAG of a function ------------===//
#ifndef ADGEN_TRANSFORM_REVERSE_H
#define ADGEN_TRANSFORM_REVERSE_H

#include "IR/IR.h"

#include <algorithm>
#include <map>
#include <set>
#include <string>
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
  /// Set for a side effect instead of an accumulation: a Store (the primal's
  /// write into an output parameter) or an OutputSeed (the read-and-clear of
  /// its adjoint); printed where it stands among the nodes of its region.
  ir::NodeId effect = ir::NoNode;
};

/// The reverse of one loop: a reverse loop over the recorded iterations,
/// with mutable adjoints of the carried variables (seeded with the adjoints of
/// the exit values) and accumulators for values from outside the loop.
struct LoopGradient {
  unsigned loop = 0;
  std::vector<ir::NodeId> seeds;       // per carried var: LoopAdj leaf (NoNode: inactive)
  std::vector<ir::NodeId> exitAdjoint; // per carried var: adjoint of its exit (NoNode: 0)
  std::vector<ir::NodeId> varAdjoint;  // per carried var: its adjoint after one reverse
                                       // iteration, in terms of the seeds (NoNode: 0)
  std::vector<ir::NodeId> outs;        // per carried var: LoopAdjOut (NoNode: inactive)
  std::vector<ir::NodeId> accTargets;  // values from outside the loop that get gradient
  std::vector<ir::NodeId> accValues;   // their contribution in one iteration
  std::vector<ir::NodeId> accNodes;    // LoopGrad: the contribution summed over iterations
};

/// The forward DAG extended with adjoint nodes.
struct Gradient {
  ir::Graph graph;
  ir::NodeId result = ir::NoNode;     // the primal value
  ir::NodeId seed = ir::NoNode;       // the adjoint of the result
  std::vector<AdjointOutput> outputs; // by parameter, then by first use
  std::vector<LoopGradient> loops;    // loops whose reverse is needed
  // Local arrays. Code that reads an array cannot be rerun later (the array
  // may have changed since), so the values the reverse sweep needs from it
  // are kept: a branch's in a variable assigned by the forward branch
  // (frozenPhis), a loop's on a tape (Recorded nodes). A loop that touches
  // arrays (recordedLoops) runs forward once and records everything its
  // reverse reads; it is never rerun to record again.
  std::vector<bool> memoryDependent;  // per forward node: depends on an array read
  std::vector<bool> recordedLoops;    // per loop
  std::vector<bool> activeArrays;     // per local array: has an adjoint
  std::vector<ir::NodeId> frozenPhis; // sorted
  std::map<ir::RegionId, ir::NodeId> reverseConds; // then region -> condition the reverse if tests
  std::map<ir::NodeId, ir::NodeId> callVjps; // Custom call -> the CustomVjp of its reverse
  bool isFrozenPhi(ir::NodeId id) const {
    return std::binary_search(frozenPhis.begin(), frozenPhis.end(), id);
  }
  /// The reverse of loop l, or nullptr.
  const LoopGradient *loopGradient(unsigned l) const {
    for (const LoopGradient &g : loops)
      if (g.loop == l)
        return &g;
    return nullptr;
  }
};

/// Split reversal of recursive functions (Emit/Split.cpp): which have
/// f_fwd (records) and f_rev (reads back), and what their f_rev leaves
/// unread.
struct SplitPlan {
  std::set<std::string> functions; // by qualified vjp name (CustomFunction::vjp)
  /// Per such function, per parameter: a pointer whose pointee a caller may
  /// change between f_fwd and f_rev (it passes a local array, or a pointer
  /// it got that way). f_fwd records what f_rev needs from it; f_rev does
  /// not read it, so a call passes it nullptr and needs no copy.
  std::map<std::string, std::vector<bool>> changing;
  bool unread(const ir::CustomFunction &c, size_t k) const {
    auto it = changing.find(c.vjp);
    return c.generated && functions.count(c.vjp) && it != changing.end() && it->second[k];
  }
};

enum class SeedKind {
  One,      // f_grad: d(result) = 1 (for a tensor: ones, which must be a scalar)
  Parameter // f_vjp: d(result) = the caller's d_ret
};

/// Builds the reverse sweep of f. Only nodes that depend on an active
/// parameter and reach the result get adjoints (activity analysis); a node's
/// adjoint is the sum of its users' contributions, formed once.
/// With `plan`, a recursive call to a function it splits passes no copy of
/// an array f_rev leaves unread; `changing` (f's own parameters, for its
/// f_fwd and f_rev) makes reads through those pointers reads of memory that
/// may change, kept like reads of local arrays.
Gradient reverse(const ir::Function &f, SeedKind seed, const SplitPlan *plan = nullptr,
                 const std::vector<bool> *changing = nullptr);

} // namespace adgen::xform

#endif
