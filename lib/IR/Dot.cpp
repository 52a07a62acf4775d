//===- Dot.cpp - the --emit=dot view: backward graphs for Graphviz ---------===//
//
// The rows come from backwardGraph (Printer.cpp), the same ones --emit=dag
// prints as text. Each function is a cluster; edges go from a node to its
// inputs, so the output is at the top and the parameters at the bottom, as
// in PyTorch's torchviz. Render with `dot -Tsvg graph.dot -o graph.svg`.
//
//===----------------------------------------------------------------------===//
#include "IR/Printer.h"

#include <fmt/format.h>

namespace adgen::ir {

namespace {
/// The text of a double-quoted DOT string.
std::string quote(const std::string &s) {
  std::string q;
  for (char c : s) {
    if (c == '"' || c == '\\')
      q += '\\';
    q += c == '\n' ? ' ' : c;
  }
  return q;
}
} // namespace

std::string printDot(const Module &m) {
  std::string out = "// The backward graphs written by adgen --emit=dot. Render: dot -Tsvg <this file>\n"
                    "digraph adgen {\n"
                    "  graph [fontname=\"Helvetica\", fontsize=11, labeljust=l, nodesep=0.3, ranksep=0.35];\n"
                    "  node [shape=box, style=\"rounded,filled\", fillcolor=lightgrey, "
                    "fontname=\"Courier\", fontsize=10];\n"
                    "  edge [arrowsize=0.6];\n";
  for (size_t i = 0; i < m.functions.size(); ++i) {
    const Function &f = m.functions[i];
    Dag dag = backwardGraph(f);
    out += fmt::format("  subgraph cluster_{} {{\n", i);
    out += fmt::format("    label=\"{}  [{}:{}:{}]\";\n    color=grey70;\n", quote(dag.signature),
                       quote(f.loc.file), f.loc.line, f.loc.col);
    auto id = [&](NodeId n) { return fmt::format("f{}_n{}", i, n); };
    if (dag.rows.empty())
      out += fmt::format("    f{}_none [shape=plaintext, style=\"\", label=\"no backward graph: the result "
                         "does not depend on an active parameter\"];\n",
                         i);
    for (size_t r = 0; r < dag.rows.size(); ++r) {
      const DagRow &row = dag.rows[r];
      std::string label = row.input ? row.backward + "\\n" + quote(row.name)
                                    : row.backward + "\\n" + quote(row.name + " = " + row.expression);
      std::string attrs = fmt::format("label=\"{}\"", label);
      if (row.line)
        attrs += fmt::format(", tooltip=\"{}:{}\"", quote(f.loc.file), row.line);
      if (r == 0)
        attrs += ", fillcolor=darkolivegreen1"; // the output
      else if (row.input)
        attrs += ", fillcolor=lightblue";
      out += fmt::format("    {} [{}];\n", id(row.id), attrs);
    }
    for (const DagRow &row : dag.rows)
      for (NodeId in : row.inputIds)
        out += fmt::format("    {} -> {};\n", id(row.id), id(in));
    out += "  }\n";
  }
  out += "}\n";
  return out;
}

} // namespace adgen::ir
