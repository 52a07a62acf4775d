//===- Printer.cpp - C++ expressions and the --emit=dag view --------------===//
#include "IR/Printer.h"

#include <fmt/format.h>

#include <cmath>
#include <set>

namespace adgen::ir {

namespace {
enum Level {
  Conditional = 4, Equality = 8, Relational = 9, Additive = 10, Multiplicative = 11, Unary = 12,
  Primary = 13
};

int levelOf(Op op) {
  switch (op) {
  case Op::Eq: case Op::Ne: return Equality;
  case Op::Lt: case Op::Le: case Op::Gt: case Op::Ge: return Relational;
  case Op::Add: case Op::Sub: return Additive;
  case Op::Mul: case Op::Div: case Op::Rem: return Multiplicative;
  default: return Primary;
  }
}
} // namespace

std::string literal(double v, Type t) {
  if (t == Type::Buffer)
    return "{}";
  if (t == Type::Bool)
    return v != 0 ? "true" : "false";
  if (t == Type::Int)
    return fmt::format("{}", static_cast<long long>(v));
  const char *scalar = elementType(t) == Type::Float ? "float" : "double";
  if (std::isnan(v))
    return fmt::format("std::numeric_limits<{}>::quiet_NaN()", scalar);
  if (std::isinf(v))
    return fmt::format("{}std::numeric_limits<{}>::infinity()", v < 0 ? "-" : "", scalar);
  std::string s = elementType(t) == Type::Float ? fmt::format("{}", static_cast<float>(v))
                                                : fmt::format("{}", v);
  if (s.find_first_of(".e") == std::string::npos)
    s += ".0";
  if (elementType(t) == Type::Float)
    s += "f";
  return s;
}

ExprPrinter::Expr ExprPrinter::emit(NodeId id) const {
  const Node &n = g_.node(id);
  switch (n.op) {
  case Op::Param:
    return {f_.params[n.param].name, Primary};
  case Op::Load:
    return {elementString(f_.params[n.param], false, f_.params[n.param].name, print(n.args[0]),
                          static_cast<int>(n.value)),
            Primary};
  case Op::Const:
    return {literal(n.value, n.type), n.value < 0 || std::signbit(n.value) ? Unary : Primary};
  default:
    break;
  }
  std::string name = nameOf_(id);
  // Local arrays: statements in the emitter, except a read printed inline, and
  // --emit=dag. Names through arrayName(): two inlined copies of one helper
  // declare arrays of one name, which the emitter makes unique.
  if (name.empty() && n.op == Op::ArrayLoad)
    return {fmt::format("{}[{}]", arrayName(n.param), print(n.args[1])), Primary};
  if (name.empty() && n.op == Op::ArrayStore)
    return {fmt::format("{}[{}] = {}", arrayName(n.param), print(n.args[1]), print(n.args[2])),
            Conditional};
  if (name.empty() && n.op == Op::ArrayResize)
    return {fmt::format("{}.resize({})", arrayName(n.param), print(n.args[1])), Primary};
  if (name.empty() && n.op == Op::ArrayNew)
    return {arrayName(n.param), Primary};
  if (!name.empty())
    return {name, Primary};
  return emitOp(id);
}

std::string ExprPrinter::operand(NodeId id, int minLevel) const {
  Expr e = emit(id);
  return e.level >= minLevel ? e.text : "(" + e.text + ")";
}

/// A <cmath> operation applied to a tensor is the runtime's: adgen::exp(x).
static std::string tensorSpelling(const Node &n) {
  std::string spelling = info(n.op).spelling;
  if (!isTensor(n.type) || spelling.rfind("std::", 0) != 0)
    return spelling;
  return n.op == Op::Fabs ? "adgen::abs" : "adgen::" + spelling.substr(5);
}

ExprPrinter::Expr ExprPrinter::emitOp(NodeId id) const {
  const Node &n = g_.node(id);
  const OpInfo &oi = info(n.op);
  switch (oi.form) {
  case OpForm::Infix: {
    int level = levelOf(n.op);
    // Left operand may bind as tightly as the operator; the right one must
    // bind tighter: a - (b - c) and a + (b + c) keep their parentheses, and
    // a - (-b) is clearer than a - -b.
    Expr right = emit(n.args[1]);
    bool wrap = right.level <= level || (level == Additive && right.level == Unary);
    return {fmt::format("{} {} {}", operand(n.args[0], level), oi.spelling,
                        wrap ? "(" + right.text + ")" : right.text),
            level};
  }
  case OpForm::Prefix: {
    Expr e = emit(n.args[0]);
    bool wrap = e.level < Primary; // -(-x), -(a * b): keep it obvious
    return {fmt::format("{}{}", oi.spelling, wrap ? "(" + e.text + ")" : e.text), Unary};
  }
  case OpForm::Call: {
    if (n.op == Op::Sigmoid && !isTensor(n.type)) { // as the user wrote it (Graph::simplify)
      Expr x = emit(n.args[0]);
      return {fmt::format("{0} / ({0} + std::exp(-{1}))", literal(1, n.type),
                          x.level < Primary ? "(" + x.text + ")" : x.text),
              Multiplicative};
    }
    std::string args;
    for (size_t i = 0; i < n.args.size(); ++i)
      args += (i ? ", " : "") + print(n.args[i]);
    if (scalarMode_ && n.op == Op::ExpandAs)
      return emit(n.args[0]);
    // (A tensor's pow by a number, element by element, is adgen::pow: ATen's
    // special exponents, as the unfused operation computes it; its tanh and
    // exp are adgen::tanh and adgen::exp, the runtime's vectorizable ones.)
    std::string spelling = !scalarMode_                           ? tensorSpelling(n)
                           : n.op == Op::Pow && isTensor(n.type)  ? "adgen::pow"
                           : n.op == Op::Tanh && isTensor(n.type) ? "adgen::tanh"
                           : n.op == Op::Exp && isTensor(n.type)  ? "adgen::exp"
                                                                  : oi.spelling;
    return {fmt::format("{}({})", spelling, args), Primary};
  }
  case OpForm::Leaf:
    if (n.op == Op::Phi) // only in --emit=dag: generated code assigns it in branches
      return {fmt::format("{} ? {} : {}", operand(n.args[0], Conditional + 1),
                          operand(n.args[1], Conditional + 1), operand(n.args[2], Conditional)),
              Conditional};
    if (n.op == Op::Custom) { // calls made as the primal makes them
      std::string args;
      for (size_t k = 0; k < f_.customs[n.param].args.size(); ++k)
        args += (k ? ", " : "") + argument(n, k);
      // (A split call carries a marker comment, /*@call:id@*/, which the
      // emitter checks and removes: see FunctionEmitter::mirrored.)
      if (splitCalls_ && id < splitCalls_->size() && (*splitCalls_)[id])
        return {fmt::format("{}_fwd({})/*@call:{}@*/", f_.customs[n.param].function, args, id),
                Primary};
      return {fmt::format("{}({})", f_.customs[n.param].function, args), Primary};
    }
    if (n.op == Op::Opaque) {
      std::string args;
      for (size_t i = 0; i < n.args.size(); ++i)
        args += (i ? ", " : "") + print(n.args[i]);
      const std::string &name = n.op == Op::Custom ? f_.customs[n.param].function : n.cxxType;
      return {fmt::format("{}({})", name, args), Primary};
    }
    if (n.op == Op::LoopVar || n.op == Op::LoopExit || n.op == Op::LoopAdj ||
        n.op == Op::LoopAdjOut || n.op == Op::LoopGrad) // variables of a loop
      return {n.hint.empty() ? "loop_value" : n.hint, Primary};
    if (n.op == Op::Detach)
      return emit(n.args[0]);
    if (n.op == Op::IntList) { // a shape or a list of dimensions
      std::string items;
      for (size_t i = 0; i < n.args.size(); ++i)
        items += (i ? ", " : "") + print(n.args[i]);
      return {fmt::format("adgen::Shape{{{}}}", items), Primary};
    }
    if (n.op == Op::Cat || n.op == Op::Stack || n.op == Op::CatGrad) {
      // cat({x0, x1}, dim); cat_backward(g, {x0, x1}, dim, i).
      size_t first = n.op == Op::CatGrad ? 3 : 1;
      std::string list;
      for (size_t i = first; i < n.args.size(); ++i)
        list += (i > first ? ", " : "") + print(n.args[i]);
      if (n.op == Op::CatGrad)
        return {fmt::format("{}({}, {{{}}}, {}, {})", oi.spelling, print(n.args[0]), list,
                            print(n.args[1]), print(n.args[2])),
                Primary};
      return {fmt::format("{}({{{}}}, {})", oi.spelling, list, print(n.args[0])), Primary};
    }
    if (n.op == Op::Cast && lanes_ && (*lanes_)[n.args[0]])
      return {fmt::format("adgen::detail::lanes_cast<{}>({})", cxxName(n.type), print(n.args[0])),
              Primary};
    if (n.op == Op::Cast)
      return {fmt::format("static_cast<{}>({})", n.cxxType.empty() ? cxxName(n.type) : n.cxxType,
                          print(n.args[0])),
              Primary};
    break;
  }
  return {fmt::format("/* unprintable {} */", oi.name), Primary};
}

std::string ExprPrinter::argument(const Node &n, size_t k, const std::string &array) const {
  const CustomFunction &c = f_.customs[n.param];
  const CallArg &a = c.args[k];
  size_t at = c.operandOf(k);
  if (a.form == ArgForm::Value)
    return a.cast.empty() ? print(n.args[at])
                          : fmt::format("static_cast<{}>({})", a.cast, print(n.args[at]));
  NodeId offset = a.form == ArgForm::ArrayPointer ? n.args[at + 1] : n.args[at];
  std::string base;
  if (a.form == ArgForm::ParamPointer) {
    const Param &p = f_.params[a.index];
    base = p.form == ParamForm::Container ? p.name + ".data()" : p.name;
  } else if (!array.empty()) {
    base = array + ".data()";
  } else {
    const LocalArray &l = f_.arrays[a.index];
    base = arrayName(a.index) + (l.kind == ArrayKind::CArray ? "" : ".data()");
  }
  return offsetBy(base, offset);
}

std::string ExprPrinter::offsetBy(const std::string &base, NodeId offset) const {
  return g_.isConst(offset, 0) ? base : base + " + " + operand(offset, Additive + 1);
}

// --- --emit=dag ------------------------------------------------------------

static std::string signature(const Function &f) {
  std::string s = f.qualifiedName() + "(";
  for (size_t i = 0; i < f.params.size(); ++i)
    s += (i ? ", " : "") + typeString(f.params[i]) + " " + f.params[i].name;
  return s + ") -> " + f.returnCxx;
}

Dag backwardGraph(const Function &f) {
  const Graph &g = f.graph;
  // A node has a grad_fn when it depends on an active parameter.
  std::vector<bool> varied = variedNodes(f);
  std::vector<bool> reach(g.size(), false);
  if (f.result != NoNode)
    reach[f.result] = true;
  for (NodeId id = g.size(); id-- > 0;)
    if (reach[id])
      for (NodeId a : g.node(id).args)
        reach[a] = true;

  // Names: the user's variable names where there are some, t0, t1, ... else.
  // A reassigned variable gets y, y_1, y_2, ... as in the generated code.
  std::vector<std::string> names(g.size());
  std::set<std::string> taken;
  for (const Param &p : f.params)
    taken.insert(p.name);
  auto fresh = [&](std::string base) {
    std::string name = base;
    for (int k = 1; taken.count(name); ++k)
      name = fmt::format("{}_{}", base, k);
    taken.insert(name);
    return name;
  };
  auto named = [&](NodeId id) {
    return reach[id] && varied[id] && g.node(id).op != Op::Param && g.node(id).op != Op::Load;
  };
  for (NodeId id = 0; id < g.size(); ++id)
    if (named(id) && !g.node(id).hint.empty())
      names[id] = fresh(g.node(id).hint);
  if (f.result != NoNode && named(f.result) && names[f.result].empty())
    names[f.result] = fresh("out");
  int counter = 0;
  for (NodeId id = 0; id < g.size(); ++id)
    if (named(id) && names[id].empty()) {
      std::string t;
      do
        t = fmt::format("t{}", counter++);
      while (taken.count(t));
      names[id] = fresh(t);
    }
  ExprPrinter printer(f, g, [&](NodeId id) { return names[id]; });

  Dag dag;
  dag.signature = signature(f);
  if (f.result == NoNode || !varied[f.result])
    return dag;
  for (NodeId id = f.result + 1; id-- > 0;) {
    const Node &n = g.node(id);
    if (!reach[id] || !varied[id])
      continue;
    DagRow row;
    row.id = id;
    row.backward = info(n.op).backward;
    if (n.op == Op::Pow && !varied[n.args[1]])
      row.backward = "PowBackward0"; // PyTorch: tensor ** number
    if (n.op == Op::Param || n.op == Op::Load) {
      row.name = printer.print(id);
      row.expression = "(input)";
      row.input = true;
    } else {
      row.name = names[id];
      // Print the operation with its operands by name, one level deep.
      std::vector<std::string> saved(names);
      names[id] = "";
      row.expression = printer.print(id);
      names = saved;
    }
    for (NodeId a : n.args)
      if (varied[a]) {
        row.inputs.push_back(printer.print(a));
        row.inputIds.push_back(a);
      }
    row.line = n.line;
    dag.rows.push_back(std::move(row));
  }
  return dag;
}

std::string printDag(const Function &f) {
  Dag dag = backwardGraph(f);
  std::string out = fmt::format("dag {}  [{}:{}:{}]\n", dag.signature, f.loc.file, f.loc.line,
                                f.loc.col);
  if (dag.rows.empty()) {
    out += "  (the result does not depend on an active parameter: no backward graph)\n";
    return out;
  }
  std::vector<std::string> rows[3];
  for (const DagRow &row : dag.rows) {
    std::string inputs;
    for (const std::string &in : row.inputs)
      inputs += (inputs.empty() ? "" : ", ") + in;
    rows[0].push_back(fmt::format("{} = {}", row.name, row.expression));
    rows[1].push_back(inputs.empty() ? row.backward : fmt::format("{} <- {}", row.backward, inputs));
    rows[2].push_back(row.line ? fmt::format("line {}", row.line) : "");
  }
  size_t w0 = 0, w1 = 0;
  for (size_t i = 0; i < rows[0].size(); ++i) {
    w0 = std::max(w0, rows[0][i].size());
    w1 = std::max(w1, rows[1][i].size());
  }
  for (size_t i = 0; i < rows[0].size(); ++i) {
    std::string line = fmt::format("  {:<{}}  {:<{}}  {}", rows[0][i], w0, rows[1][i], w1, rows[2][i]);
    while (!line.empty() && line.back() == ' ')
      line.pop_back();
    out += line + "\n";
  }
  return out;
}

} // namespace adgen::ir
