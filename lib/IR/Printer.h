//===- Printer.h - printing IR values as C++ expressions ------------------===//
#ifndef ADGEN_IR_PRINTER_H
#define ADGEN_IR_PRINTER_H

#include "IR/IR.h"

#include <functional>
#include <string>
#include <vector>

namespace adgen::ir {

/// The C++ literal for a constant of type t: shortest round-trip spelling
/// ("0.1", "3.0f"), numeric_limits for infinities and NaN.
std::string literal(double v, Type t);

/// Prints a node as a C++ expression. `nameOf` gives the variable that holds
/// a node ("" when the node is to be printed inline); leaves (parameters,
/// constants, loads) are always printed inline. Parenthesises by C++
/// precedence, never relying on associativity (floating point has none).
class ExprPrinter {
public:
  using NameFn = std::function<std::string(NodeId)>;
  /// `arrayNames`: the names of the local arrays (nullptr: as declared).
  ExprPrinter(const Function &f, const Graph &g, NameFn nameOf,
              const std::vector<std::string> *arrayNames = nullptr)
      : f_(f), g_(g), nameOf_(std::move(nameOf)), arrayNames_(arrayNames) {}
  std::string print(NodeId id) const { return emit(id).text; }
  /// Tensor operations printed as their scalar forms (the body of a fused
  /// chain: std::log, not adgen::log; adgen::exp and adgen::tanh, the
  /// runtime's vectorizable ones; expand_as(g, like) is g's element).
  void setScalarMode(bool on) { scalarMode_ = on; }
  /// f_vjp_multi: the nodes that hold K adjoints (adgen::Lanes); their casts
  /// are adgen::detail::lanes_cast.
  void setLanes(const std::vector<bool> *lanes) { lanes_ = lanes; }
  /// The recursive calls (Custom nodes) made through f_fwd, which records
  /// for f_rev.
  void setSplitCalls(const std::vector<bool> *calls) { splitCalls_ = calls; }
  /// Parameter k of Custom call `n` as the call passes it: a value, or a
  /// pointer `p + offset` (`array` names the local array's contents, a
  /// copy of them, when given).
  std::string argument(const Node &n, size_t k, const std::string &array = "") const;
  /// `base + offset` (just `base` for offset 0).
  std::string offsetBy(const std::string &base, NodeId offset) const;
  std::string arrayName(int index) const {
    return arrayNames_ ? (*arrayNames_)[static_cast<size_t>(index)] : f_.arrays[index].name;
  }

private:
  struct Expr {
    std::string text;
    int level; // higher binds tighter
  };
  Expr emit(NodeId id) const;
  Expr emitOp(NodeId id) const;
  std::string operand(NodeId id, int minLevel) const;
  const Function &f_;
  const Graph &g_;
  NameFn nameOf_;
  const std::vector<std::string> *arrayNames_;
  bool scalarMode_ = false;
  const std::vector<bool> *lanes_ = nullptr;
  const std::vector<bool> *splitCalls_ = nullptr;
};

/// One node of a function's backward graph: a value that depends on an active
/// parameter and reaches the result. The node named `out` (or the user's
/// name of the result) comes first, the inputs (AccumulateGrad) last.
struct DagRow {
  NodeId id;
  std::string name;       // "z", "t0"; for an input its C++ spelling ("x", "p[2]")
  std::string expression; // the operation on its operands by name, "(input)" for an input
  std::string backward;   // PyTorch's backward function: "MulBackward0", "AccumulateGrad"
  std::vector<std::string> inputs; // the operands that carry a gradient, by name,
  std::vector<NodeId> inputIds;    // in operand order (y * y lists y twice)
  unsigned line = 0;      // where the user wrote it; 0 = nowhere
  bool input = false;     // a parameter or an element of one (a leaf)
};

/// The backward graph of f, from the output back to the inputs (empty when
/// the result does not depend on an active parameter). Computed once, shown
/// by both printDag and printDot.
struct Dag {
  std::string signature; // "f(double x, double y) -> double"
  std::vector<DagRow> rows;
};
Dag backwardGraph(const Function &f);

/// `--emit=dag`: the backward graph of each function, one line per node from
/// the output back to the inputs, each named by its PyTorch backward function.
std::string printDag(const Function &f);

/// `--emit=dot`: the backward graphs of all functions of `m` as one Graphviz
/// digraph, one cluster per function, edges from each node to its inputs.
/// Nodes are labelled like PyTorch's torchviz: "MulBackward0\nz = t0 * 3.0f",
/// inputs "AccumulateGrad\nx". (In Dot.cpp.)
std::string printDot(const Module &m);

} // namespace adgen::ir

#endif
