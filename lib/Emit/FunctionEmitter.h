//===- FunctionEmitter.h - printing one function (internal) ---------------===//
//
// FunctionEmitter prints f_grad or f_vjp of one function from its gradient
// DAG. Emitter.cpp holds naming, ownership and straight-line layout;
// Regions.cpp the layout of branches and loops. Only Emit includes this.
//
//===----------------------------------------------------------------------===//
#ifndef ADGEN_EMIT_FUNCTIONEMITTER_H
#define ADGEN_EMIT_FUNCTIONEMITTER_H

#include "IR/IR.h"
#include "IR/Printer.h"
#include "Transform/Reverse.h"

#include <fmt/format.h>

#include <functional>
#include <map>
#include <set>
#include <string>
#include <vector>

namespace adgen::emit::detail {

using namespace adgen::ir;
using xform::Gradient;

/// f_grad, f_vjp, f_vjp_multi<K> (K seeds at once, each adjoint an
/// adgen::Lanes<T, K>), and Split: f_fwd and f_rev of a recursive function,
/// f_vjp's forward and reverse sweeps as two functions (see runSplit).
enum class Entry { Grad, Vjp, Multi, Split };

constexpr int Unowned = -1, Everywhere = -2;

class FunctionEmitter {
public:
  /// `split`: the recursive functions that have f_fwd and f_rev; calls to
  /// them here record (f_fwd) and read back (f_rev) instead of computing
  /// again in the reverse sweep (f, then f_vjp). `changing`: for the Split
  /// entry, f's entry in split->changing.
  FunctionEmitter(const Function &f, Entry entry, const xform::SplitPlan *split = nullptr,
                  const std::vector<bool> *changing = nullptr)
      : splitFns_(split), changing_(changing), f_(f), entry_(entry),
        gr_(xform::reverse(f,
                           entry == Entry::Grad ? xform::SeedKind::One : xform::SeedKind::Parameter,
                           split, entry == Entry::Split ? changing : nullptr)),
        G_(gr_.graph) {}

  std::string run();

private:
  /// The Split entry: f_fwd (f_vjp's forward sweep, recording, returning
  /// the value) and f_rev (its reverse sweep) from the body printed with a
  /// marker between the sweeps; "" when the two sweeps do not separate.
  std::string runSplit(std::string body);
  const xform::SplitPlan *splitFns_;
  const std::vector<bool> *changing_; // Split: f's SplitPlan::changing
  /// Per node: a recursive call made through f_fwd (a Custom), or the
  /// f_rev that reads it back (its CustomVjp).
  std::vector<bool> splitCalls_;
  std::vector<NodeId> splitPair_; // per split CustomVjp: its Custom
  void planSplitCalls();
  /// Whether printed code reverses the recursive calls it makes through
  /// f_fwd in the opposite order, per callee (a stack, in text order: the
  /// reverse of loops and branches keeps it at run time), which the tapes
  /// per depth of the recursion need; and `code` without the markers the
  /// check reads (/*@call:id@*/ after each f_fwd and f_rev call).
  bool mirrored(std::string &code) const;
  bool exclusive(NodeId a, NodeId b) const;
  bool unmirrored_ = false;

public:
  bool unmirrored() const { return unmirrored_; }

private:
  bool fromParameters(NodeId id, std::vector<bool> &nodes) const;
  bool splitMarked_ = false, splitFailed_ = false;
  std::vector<bool> rootDefined_; // Split: the nodes the top level defines
  static constexpr const char *kSplitMark = "  //@adgen-split@\n";
  bool multi() const { return entry_ == Entry::Multi; }
  /// f_grad and f_vjp_multi return the value and write the output
  /// parameters, as the primal does; f_vjp does neither.
  bool returnsValue() const { return entry_ != Entry::Vjp; }
  bool split() const { return entry_ == Entry::Split; }
  /// f_vjp_multi: per node, whether it holds K adjoints (it depends on the
  /// seeds). Empty for the other entry points.
  std::vector<bool> lanes_;
  void planLanes();
  bool lanes(NodeId id) const { return id < lanes_.size() && lanes_[id]; }
  static std::string lanesType(Type t) {
    return fmt::format("adgen::Lanes<{}, K>", cxxName(t));
  }
  /// What an adjoint parameter of f_vjp_multi points to: K lanes per element.
  static std::string multiAdjointType(const Param &p) {
    if (p.form != ParamForm::Container)
      return lanesType(p.type);
    // std::vector<double> -> std::vector<adgen::Lanes<double, K>>
    std::string c = p.container, element = cxxName(p.type);
    size_t at = c.find('<');
    if (at != std::string::npos && c.compare(at + 1, element.size(), element) == 0)
      c.replace(at + 1, element.size(), lanesType(p.type));
    return c;
  }
  /// The type of node id's variable: varType, or its Lanes type.
  std::string typeOf(NodeId id) const {
    return lanes(id) ? lanesType(G_.type(id)) : varType(id);
  }
  /// The type of the adjoint of a loop's carried variable, or of an
  /// accumulator for a value from outside it.
  std::string adjointVarType(NodeId primal) const {
    return multi() ? lanesType(G_.type(primal)) : varType(primal);
  }
  bool isEffect(NodeId id) const {
    Op op = G_.node(id).op;
    return op == Op::Store || op == Op::OutputSeed || isReverseEffect(op);
  }
  /// The reverse sweep's side effects: they run in the reverse instance of
  /// their region, in id order.
  static bool isReverseEffect(Op op) {
    return op == Op::OutputSeed || op == Op::AdjArray || op == Op::AdjAcc || op == Op::AdjTake ||
           op == Op::AdjRead || op == Op::AdjDiscard || op == Op::CustomVjp;
  }
  /// Primal nodes printed as statements of their own (a local array's
  /// declaration and writes), where their region's code reaches them.
  bool isStatement(NodeId id) const {
    Op op = G_.node(id).op;
    return op == Op::ArrayNew || op == Op::ArrayStore || op == Op::ArrayResize ||
           op == Op::CustomVjp;
  }
  bool recordedLoop(unsigned l) const {
    return gr_.recordedLoops[l] && gr_.loopGradient(l) != nullptr;
  }
  /// A recorded loop whose forward and reverse run in different scopes (it
  /// is inside a branch or another loop): its tapes live at the top of the
  /// function, and each run pushes its iteration count.
  bool hoisted(unsigned l) const { return recordedLoop(l) && !forwardWithReverse(l); }
  /// Whether a loop's forward and reverse are printed in the same scope: at
  /// the top level, or in the body of a fused loop that records.
  bool forwardWithReverse(unsigned l) const {
    RegionId parent = G_.region(G_.loop(l).body).parent;
    int outer = G_.region(parent).loop;
    return parent == RootRegion || (outer >= 0 && fusedRecorded(static_cast<unsigned>(outer)));
  }
  bool fusedRecorded(unsigned l) const { return l < fusedRecorded_.size() && fusedRecorded_[l]; }
  /// Loops whose reverse runs inside the forward loop (Fusion.cpp).
  bool fusedInputs(unsigned l, std::vector<NodeId> *later) const;
  void planFusion();
  /// Where loop l's forward and reverse are both printed in one scope: one
  /// fused loop, or the forward loop then the reverse loop.
  bool fusedHere(unsigned l) const { return recordedLoop(l) ? fusedRecorded(l) : fusable_[l]; }
  std::string emitFusedLoop(unsigned l, const std::vector<const xform::AdjointOutput *> &effects,
                            const std::vector<const xform::AdjointOutput *> &reverse,
                            const std::vector<bool> &need, const std::string &indent,
                            std::vector<bool> &defined);
  std::string reverseGuard(unsigned l, const std::vector<const xform::AdjointOutput *> &outputs) const;
  struct LoopRecord {
    std::vector<bool> stored;       // per carried variable: on a tape
    std::vector<NodeId> recorded;   // Recorded nodes the reverse reads
    std::vector<NodeId> taped;      // costly values of the body (see planTapes)
  };
  void planTapes();
  /// While a reverse loop is printed: its body's values popped from a tape,
  /// not recomputed.
  mutable std::vector<bool> popped_;
  bool popped(NodeId id) const { return id < popped_.size() && popped_[id]; }
  /// needed(), stopping at `stops` as at values popped from a tape.
  std::vector<bool> neededPast(RegionId r, std::vector<NodeId> roots,
                               const std::vector<NodeId> &stops) const;
  std::vector<bool> taped_; // per node, see planTapes
  void planReloads();
  bool stepsWithLoop(unsigned l, NodeId index) const;
  /// Per node: the ArrayStore whose element the reverse of its loop reads
  /// instead of computing the value again, or NoNode (see planReloads).
  std::vector<NodeId> reloads_;
  /// The loop whose reverse is being planned or printed: its reloads apply.
  mutable int reloading_ = -1;
  bool reloaded(NodeId id) const {
    return reloading_ >= 0 && id < reloads_.size() && reloads_[id] != NoNode &&
           G_.loopOf(G_.node(id).region) == reloading_;
  }
  /// Sets reloading_ for a scope.
  struct Reloading {
    const FunctionEmitter &e;
    int saved;
    Reloading(const FunctionEmitter &e, unsigned l) : e(e), saved(e.reloading_) {
      e.reloading_ = static_cast<int>(l);
    }
    ~Reloading() { e.reloading_ = saved; }
  };
  LoopRecord loopRecord(unsigned l) const;
  /// The condition the if of branch region b tests: in reverse code, its
  /// frozen copy (Gradient::reverseConds; the condition itself when it needs
  /// no freezing).
  NodeId condition(RegionId b, bool reverse) const {
    RegionId thenRegion = G_.region(b).isThen ? b : b - 1;
    auto frozen = gr_.reverseConds.find(thenRegion);
    return reverse && frozen != gr_.reverseConds.end() ? frozen->second
                                                       : G_.region(thenRegion).cond;
  }
  std::vector<NodeId> reverseRoots(unsigned l) const;
  /// What an accumulation or side effect reads: its value, its offset, and
  /// the conditions of the branches it runs in, up to region `upTo` (a
  /// reverse one tests the frozen conditions, see Gradient::reverseConds).
  void addOutputRoots(const xform::AdjointOutput &o, RegionId upTo, std::vector<NodeId> &roots,
                      bool loopsRun = false) const;
  void addRecordedLoops(RegionId r, std::vector<NodeId> &roots) const;
  std::string prologue();
  std::string storageType(NodeId id) const;
  void collectEffects();
  void own(NodeId id, int block);
  void assignOwners();
  void assignNames();
  std::string define(NodeId id, const std::string &indent);
  std::string accumulate(const xform::AdjointOutput &o);
  std::string callVjp(NodeId id, const std::string &indent);
  /// A value computed from local arrays, named where it is computed (the
  /// arrays may change later): a read, a recursive call given one, a copy.
  bool readsArrays(NodeId id) const {
    const Node &n = G_.node(id);
    return n.op == Op::ArrayLoad || n.op == Op::Snapshot ||
           (n.op == Op::Custom && f_.customs[n.param].hasPointers());
  }
  std::string blockBody(bool checkSeed, const std::vector<bool> &hasOutputs);
  std::vector<bool> needed(RegionId r, std::vector<NodeId> roots) const;
  std::string emitScope(RegionId r, const std::vector<NodeId> &demands,
                        const std::vector<const xform::AdjointOutput *> &outputs,
                        const std::string &indent, bool checkSeed,
                        std::vector<bool> *defined = nullptr);
  std::pair<NodeId, int> induction(unsigned l, size_t j) const;
  std::string varType(NodeId id) const;
  std::string valueFor(NodeId variable, NodeId value);
  std::string countName(unsigned l) const { return loopNames_[l]; }
  std::string tapeName(unsigned l, size_t j) const {
    return "tape_" + names_[G_.loop(l).vars[j]];
  }
  std::string emitLoopForward(unsigned l, bool record,
                              const std::vector<const xform::AdjointOutput *> &effects,
                              const std::vector<bool> &need, const std::string &indent);
  /// A carried variable that is printed: something reads it, and it is not
  /// an array (carried in place).
  std::vector<NodeId> runningExits(unsigned l) const;
  bool runsWithin(unsigned k, RegionId body) const;
  const std::vector<NodeId> &recordedBy(unsigned l) const;
  mutable std::vector<std::vector<NodeId>> recordedBy_; // see recordedBy
  std::pair<NodeId, NodeId> countedBounds(unsigned l) const;
  void addCountedBounds(unsigned l, std::vector<NodeId> &roots) const;
  std::string countedTrips(unsigned l);
  mutable std::vector<bool> varRead_; // see runningExits
  bool carriedScalar(unsigned l, size_t j, const std::vector<bool> &need) const {
    return carriedLive(l, j, need) && G_.type(G_.loop(l).vars[j]) != Type::Mem;
  }
  /// Something reads carried variable j in the loop or after it.
  bool carriedLive(unsigned l, size_t j, const std::vector<bool> &need) const {
    const LoopInfo &info = G_.loop(l);
    return need[info.vars[j]] || need[info.exits[j]];
  }
  std::string carriedDeclarations(unsigned l, const std::vector<bool> &need,
                                  const std::string &indent);
  std::string loopStatement(unsigned l, bool record,
                            const std::vector<const xform::AdjointOutput *> &effects,
                            const std::vector<const xform::AdjointOutput *> *reverse,
                            const std::vector<bool> &need, const std::string &indent);
  std::string zeroLike(ir::NodeId v);
  // Elementwise tensor chains printed as one loop (TensorFusion.cpp).
  void planTensorFusion();
  bool fusionRoot(NodeId id) const;
  /// The chain ending in `root` as one runtime call; with `slot`, added
  /// into that gradient (adgen::accumulate_map, accumulate_map_like); with
  /// `total`, summed into it as well (adgen::map_and_sum, map_and_mean).
  std::string fusedExpr(NodeId root, const std::string &slot = "",
                        const std::string &total = "");
  /// The tensors a chain reads element by element, and those it reads
  /// for their shape only (expand_as), in the order its body reads them.
  void chainOperands(NodeId root, std::vector<NodeId> &inputs, std::vector<NodeId> &shapes) const;
  /// The lambda's parameters for those ("double x, double mu"; a shape read
  /// only: unnamed), and in *args the operands passed (", x, mu").
  std::string chainParameters(const std::vector<NodeId> &inputs, const std::vector<NodeId> &shapes,
                              Type element, std::string *args);
  // f_grad of sum(chain) or mean(chain) whose gradients are chains of its
  // values: the sum and the gradients in one pass (OnePass.cpp).
  void planOnePass();
  std::string onePassStatement(const std::string &indent);
  NodeId onePassAt_ = NoNode;       // printed where this node's statement was
  NodeId onePassTotal_ = NoNode;    // the sum or mean
  std::vector<bool> onePassHoisted_; // scalars printed before it, not where they were
  bool printingOnePass_ = false;
  std::vector<NodeId> onePassRoots_;   // per parameter: its chain in the pass, or NoNode
  bool onePassReadsSeed_ = false;      // a chain reads the seed (printed as 1 before)
  std::vector<bool> fused_; // printed inside its user's adgen::map
  // A parameter's gradient computed into its slot by the runtime's
  // accumulate_<op> form (the weight gradient of a linear layer: gemm adds
  // into the slot) or, for a chain, by adgen::accumulate_map(_like), printed
  // by accumulate() instead of as a temporary.
  std::vector<bool> intoSlot_;
  std::vector<bool> intoSlice_; // a select/narrow gradient added into a loop accumulator's slice
  /// A map whose full sum or mean is made in its own pass: that reduction's
  /// node (NoNode: none), and the reductions so made.
  std::vector<NodeId> keepsSum_;
  std::vector<bool> summedInMap_;
  /// Accumulations summed in a local variable over a reverse loop and added
  /// once after it (planLocalSums): the output -> its variable's name.
  std::map<const xform::AdjointOutput *, std::string> localSums_;
  void planLocalSums(const std::function<std::string(const std::string &)> &fresh);
  bool sinkOnly(int param) const;
  int innermostLoop(RegionId r) const;
  /// Storage of a loop body declared once at the top of the function and
  /// emptied where the body declared it (a vector's assign, a tape's clear):
  /// no allocation per iteration. Declarations in the order first printed.
  std::vector<std::string> hoistedDecls_;
  std::string hoistDeclaration(RegionId r, const std::string &declaration,
                               const std::string &reset, const std::string &indent);
  static const char *accumulateForm(Op op);
  std::string adjointDeclarations(unsigned l, bool fused, const std::string &indent);
  std::string accumulateStatement(NodeId acc, NodeId value, const std::string &indent);
  std::string runningAdjointsTest(unsigned l, const char *compare, const char *join) const;
  bool orderFree(unsigned l) const;
  std::string emitLoopReverse(unsigned l, const std::vector<const xform::AdjointOutput *> &outputs,
                              const std::string &indent);
  std::string emitIf(RegionId thenRegion, const std::vector<NodeId> &phis,
                     const std::vector<const xform::AdjointOutput *> &outputs,
                     const std::string &indent, bool reverse);
  std::string expr(NodeId id) { return printer().print(id); }
  /// An undefined tensor handle, adgen::Tensor() (a branch's tensor kept for
  /// the reverse, on the path that did not compute it).
  bool undefinedTensor(NodeId id) const {
    const Node &n = G_.node(id);
    return n.op == Op::Opaque && n.args.empty() && isTensor(n.type) && n.cxxType == cxxName(n.type);
  }
  ExprPrinter printer() {
    ExprPrinter p(
        f_, G_, [this](NodeId id) { return G_.node(id).op == Op::Seed ? seedName_ : names_[id]; },
        &arrayNames_);
    if (multi())
      p.setLanes(&lanes_);
    p.setSplitCalls(&splitCalls_);
    return p;
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
  std::vector<std::string> arrayNames_, adjArrayNames_; // per local array: a, d_a
  bool regional_ = false; // laid out by region (branches, loops, arrays)
  // > 0 while printing code where loops that record must not run forward:
  // reverse ifs and loops (which read their records), a loop's condition.
  int noRecording_ = 0;
  std::set<unsigned> countInScope_; // hoisted loops counted in a local (emitScope)
  // While emitScope asks what its forward code needs: a loop that runs runs
  // the recording loops in its body too (see needed).
  mutable bool runRecording_ = false;
  std::vector<xform::AdjointOutput> effects_; // stores (f_grad) and output seeds
  std::vector<bool> fusable_, fusedRecorded_;  // per loop, see planFusion
  std::vector<bool> paramUsed_;
  std::string declareArray(const LocalArray &a, NodeId size, const std::string &name,
                           const std::string &t, bool zeros, const std::string &fill,
                           const std::string &indent);
  bool arrayRead(int array) const;
  /// a[i] of a local array, y[i] of an output parameter read in place (out
  /// for a reference).
  std::string arrayElement(int array, NodeId index) {
    if (f_.arrays[array].isParameter())
      return elementString(f_.params[f_.arrays[array].param], false, arrayNames_[array],
                           expr(index), 0);
    return fmt::format("{}[{}]", arrayNames_[array], expr(index));
  }
  /// d_a[i] of a local array's adjoint (grown on demand for a vector that grows).
  std::string adjArrayElement(int array, NodeId index) {
    if (f_.arrays[array].isParameter())
      return adjointElement(f_.params[f_.arrays[array].param], index, 0);
    if (f_.arrays[array].grows)
      return fmt::format("adgen::detail::grown({}, {})", adjArrayNames_[array], expr(index));
    return fmt::format("{}[{}]", adjArrayNames_[array], expr(index));
  }
  static bool isAdjointArrayOp(Op op) {
    return op == Op::AdjAcc || op == Op::AdjRead || op == Op::AdjTake || op == Op::AdjDiscard;
  }
  std::string adjointName(const Param &p) const { return adjointNames_[&p - f_.params.data()]; }
  /// d_p[k], *d_x, (*d_v)[k], d_p->x, d_p[k].x (see ir::elementString).
  std::string adjointElement(const Param &p, NodeId offset, int member) {
    return elementString(p, true, adjointName(p), offset == NoNode ? "" : expr(offset), member);
  }
};

} // namespace adgen::emit::detail

#endif
