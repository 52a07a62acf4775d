//===- Printer.h - printing IR values as C++ expressions ------------------===//
#ifndef ADGEN_IR_PRINTER_H
#define ADGEN_IR_PRINTER_H

#include "IR/IR.h"

#include <functional>
#include <string>

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
  ExprPrinter(const Function &f, const Graph &g, NameFn nameOf)
      : f_(f), g_(g), nameOf_(std::move(nameOf)) {}
  std::string print(NodeId id) const { return emit(id).text; }

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
};

/// `--emit=dag`: the backward graph of each function, one line per node from
/// the output back to the inputs, each named by its PyTorch backward function.
std::string printDag(const Function &f);

} // namespace adgen::ir

#endif
