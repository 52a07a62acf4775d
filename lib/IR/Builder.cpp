//===- Builder.cpp - building the DAG: hash-consing and simplification ----===//
//
// Simplifications here must be exact in IEEE arithmetic, so that the primal
// value computed by generated code is bit-for-bit what the user's code
// computes: x*1 -> x, x/1 -> x, -(-x) -> x, x+x -> 2*x, a+(-b) -> a-b, ...
// Never x*0 -> 0 (inf*0 is NaN) or x+0 -> x (-0+0 is +0).
//
//===----------------------------------------------------------------------===//
#include "IR/IR.h"

#include <cassert>
#include <cmath>
#include <stdexcept>

namespace adgen::ir {

bool Graph::isConst(NodeId id, double v) const {
  return nodes_[id].op == Op::Const && nodes_[id].value == v;
}

NodeId Graph::intern(Node n) {
  // Commutative operations share one key for both operand orders; the node
  // keeps the order in which the user first wrote it.
  std::vector<NodeId> keyArgs = n.args;
  if ((n.op == Op::Add || n.op == Op::Mul) && keyArgs[0] > keyArgs[1])
    std::swap(keyArgs[0], keyArgs[1]);
  Key key{n.op, n.type, keyArgs, n.value, n.param, n.cxxType};
  // Constants, parameters and the seed are valid everywhere; anything else is
  // computed in the current region, unless an enclosing region (which runs
  // whenever this one does) already computes it.
  bool everywhere = n.op == Op::Const || n.op == Op::Param || n.op == Op::Seed;
  n.region = everywhere ? RootRegion : current_;
  for (RegionId r = n.region;; r = regions_[r].parent) {
    auto it = interned_.find({key, r});
    if (it != interned_.end())
      return it->second;
    if (r == RootRegion)
      break;
  }
  NodeId id = static_cast<NodeId>(nodes_.size());
  interned_.emplace(std::make_pair(std::move(key), n.region), id);
  nodes_.push_back(std::move(n));
  return id;
}

NodeId Graph::param(int index, Type t) {
  Node n{Op::Param, t, {}};
  n.param = index;
  return intern(std::move(n));
}

NodeId Graph::load(int index, Type t, NodeId offset, int member) {
  Node n{Op::Load, t, {offset}};
  n.param = index;
  n.value = member;
  return intern(std::move(n));
}

NodeId Graph::constant(double v, Type t) {
  if (t == Type::Float)
    v = static_cast<float>(v);
  else if (t == Type::Int)
    v = std::trunc(v);
  Node n{Op::Const, t, {}};
  n.value = v;
  return intern(std::move(n));
}

NodeId Graph::store(int param, NodeId offset, NodeId value, int member) {
  Node n{Op::Store, type(value), {offset, value}};
  n.param = param;
  n.value = member;
  n.region = current_;
  nodes_.push_back(std::move(n)); // never shared: stores happen in order
  return static_cast<NodeId>(nodes_.size() - 1);
}

NodeId Graph::outputSeed(int param, NodeId offset, Type t, int member) {
  Node n{Op::OutputSeed, t, {offset}};
  n.param = param;
  n.value = member;
  n.region = current_;
  nodes_.push_back(std::move(n));
  return static_cast<NodeId>(nodes_.size() - 1);
}

NodeId Graph::arrayNew(int array, NodeId size, double fill) {
  Node n{Op::ArrayNew, Type::Mem, {size}};
  n.param = array;
  n.value = fill;
  n.region = current_;
  nodes_.push_back(std::move(n)); // each declaration is a new array
  return static_cast<NodeId>(nodes_.size() - 1);
}

NodeId Graph::arrayLoad(int array, Type t, NodeId mem, NodeId index) {
  Node n{Op::ArrayLoad, t, {mem, index}};
  n.param = array;
  return intern(std::move(n)); // reads of the same contents are one value
}

NodeId Graph::arrayStore(int array, NodeId mem, NodeId index, NodeId value) {
  Node n{Op::ArrayStore, Type::Mem, {mem, index, value}};
  n.param = array;
  n.region = current_;
  nodes_.push_back(std::move(n));
  return static_cast<NodeId>(nodes_.size() - 1);
}

NodeId Graph::arrayResize(int array, NodeId mem, NodeId size, NodeId oldSize, double fill) {
  Node n{Op::ArrayResize, Type::Mem, {mem, size, oldSize}};
  n.param = array;
  n.value = fill;
  n.region = current_;
  nodes_.push_back(std::move(n));
  return static_cast<NodeId>(nodes_.size() - 1);
}

NodeId Graph::adjoint(Op op, int array, Type t, std::vector<NodeId> args) {
  Node n{op, t, std::move(args)};
  n.param = array;
  n.region = current_;
  nodes_.push_back(std::move(n));
  return static_cast<NodeId>(nodes_.size() - 1);
}

NodeId Graph::custom(int index, Type t, std::vector<NodeId> args) {
  Node n{Op::Custom, t, std::move(args)};
  n.param = index;
  return intern(std::move(n));
}

NodeId Graph::snapshot(int array, NodeId mem, NodeId call, const std::string &cxxType) {
  Node n{Op::Snapshot, Type::Buffer, {mem}};
  n.param = array;
  n.value = call;
  n.cxxType = cxxType;
  return intern(std::move(n));
}

NodeId Graph::customPart(NodeId call, unsigned k, Type t) {
  Node n{Op::CustomPart, t, {call}};
  n.param = nodes_[call].param;
  n.value = k;
  n.region = current_;
  nodes_.push_back(std::move(n));
  return static_cast<NodeId>(nodes_.size() - 1);
}

NodeId Graph::recorded(unsigned l, NodeId value, RegionId body) {
  RegionId saved = current_;
  current_ = body;
  Node n{Op::Recorded, type(value), {value}};
  n.param = static_cast<int>(l);
  n.hint = nodes_[value].hint;
  NodeId id = intern(std::move(n));
  current_ = saved;
  return id;
}

NodeId Graph::opaque(const std::string &name, Type t, std::vector<NodeId> args) {
  Node n{Op::Opaque, t, std::move(args)};
  n.cxxType = name;
  n.region = current_;
  nodes_.push_back(std::move(n)); // never shared: the function may not be pure
  return static_cast<NodeId>(nodes_.size() - 1);
}

NodeId Graph::castToInt(NodeId a, const std::string &cxxType) {
  if (nodes_[a].op == Op::Const && std::fabs(nodes_[a].value) < 2147483648.0)
    return constant(std::trunc(nodes_[a].value), Type::Int);
  Node n{Op::Cast, Type::Int, {a}};
  n.cxxType = cxxType;
  return intern(std::move(n));
}

RegionId Graph::openIf(NodeId cond) {
  RegionId parent = current_;
  unsigned depth = regions_[parent].depth + 1;
  regions_.push_back(Region{parent, cond, true, depth});
  regions_.push_back(Region{parent, cond, false, depth});
  return static_cast<RegionId>(regions_.size() - 2);
}

unsigned Graph::openLoop() {
  RegionId parent = current_;
  Region body{parent, 0, false, regions_[parent].depth + 1, static_cast<int>(loops_.size())};
  regions_.push_back(body);
  LoopInfo info;
  info.body = static_cast<RegionId>(regions_.size() - 1);
  loops_.push_back(info);
  return static_cast<unsigned>(loops_.size() - 1);
}

NodeId Graph::loopVar(unsigned l, NodeId init) {
  LoopInfo &info = loops_[l];
  Node n{Op::LoopVar, type(init), {init}};
  n.param = static_cast<int>(l);
  n.value = static_cast<double>(info.vars.size());
  n.cxxType = nodes_[init].cxxType;
  n.region = info.body;
  NodeId id = static_cast<NodeId>(nodes_.size());
  nodes_.push_back(std::move(n)); // never shared: one per variable
  info.vars.push_back(id);
  info.inits.push_back(init);
  return id;
}

void Graph::closeLoop(unsigned l, NodeId cond, bool testAtTop, const std::vector<NodeId> &nexts) {
  LoopInfo &info = loops_[l];
  info.cond = cond;
  info.testAtTop = testAtTop;
  info.nexts = nexts;
  for (size_t j = 0; j < info.vars.size(); ++j) {
    Node n{Op::LoopExit, type(info.vars[j]), {info.vars[j], nexts[j]}};
    n.param = static_cast<int>(l);
    n.value = static_cast<double>(j);
    n.cxxType = nodes_[info.vars[j]].cxxType;
    n.region = regions_[info.body].parent;
    info.exits.push_back(static_cast<NodeId>(nodes_.size()));
    nodes_.push_back(std::move(n));
  }
}

NodeId Graph::loopLeaf(Op op, unsigned l, unsigned index, Type t, RegionId r) {
  Node n{op, t, {}};
  n.param = static_cast<int>(l);
  n.value = index;
  n.region = r;
  nodes_.push_back(std::move(n));
  return static_cast<NodeId>(nodes_.size() - 1);
}

int Graph::loopOf(RegionId r) const {
  for (;; r = regions_[r].parent) {
    if (regions_[r].loop >= 0)
      return regions_[r].loop;
    if (r == RootRegion)
      return -1;
  }
}

bool Graph::within(RegionId inner, RegionId outer) const {
  for (RegionId r = inner;; r = regions_[r].parent) {
    if (r == outer)
      return true;
    if (r == RootRegion)
      return false;
  }
}

NodeId Graph::phi(RegionId thenRegion, NodeId then, NodeId other) {
  if (then == other)
    return then; // the variable was not changed by the if
  RegionId saved = current_;
  current_ = regions_[thenRegion].parent;
  Node n{Op::Phi, type(then), {regions_[thenRegion].cond, then, other}};
  n.cxxType = nodes_[then].cxxType.empty() ? nodes_[other].cxxType : nodes_[then].cxxType;
  // Each if has its own phis: the then region is part of the key.
  n.param = static_cast<int>(thenRegion);
  NodeId id = intern(std::move(n));
  current_ = saved;
  return id;
}

NodeId Graph::seed(Type t) { return intern(Node{Op::Seed, t, {}}); }

Type Graph::joinType(NodeId a, NodeId b) const {
  Type ta = type(a), tb = type(b);
  if (isTensor(ta))
    return ta;
  if (isTensor(tb))
    return tb;
  return ta;
}

NodeId Graph::call(Op op, std::vector<NodeId> args) {
  Type t = type(args[0]);
  return make(op, t, std::move(args));
}

void Graph::setHint(NodeId id, const std::string &name, unsigned line, unsigned col) {
  Node &n = nodes_[id];
  if (n.op == Op::Param || n.op == Op::Const || n.op == Op::Load || !n.hint.empty())
    return;
  n.hint = name;
  setLocation(id, line, col);
}

void Graph::setLocation(NodeId id, unsigned line, unsigned col) {
  Node &n = nodes_[id];
  if (n.line == 0) {
    n.line = line;
    n.col = col;
  }
}

// Folds operations on constants that the C++ compiler would fold the same
// way: + - * / and negation, rounded to the result type.
static bool foldable(Op op) {
  return op == Op::Add || op == Op::Sub || op == Op::Mul || op == Op::Div || op == Op::Neg ||
         op == Op::Cast;
}

NodeId Graph::simplify(Op op, Type t, const std::vector<NodeId> &args) {
  auto isC = [&](NodeId id) { return nodes_[id].op == Op::Const; };
  auto val = [&](NodeId id) { return nodes_[id].value; };
  auto isNeg = [&](NodeId id) { return nodes_[id].op == Op::Neg; };
  auto inner = [&](NodeId id) { return nodes_[id].args[0]; };

  bool allConst = !args.empty();
  for (NodeId a : args)
    allConst = allConst && isC(a);
  if (allConst && foldable(op) && !isTensor(t)) {
    double a = val(args[0]), b = args.size() > 1 ? val(args[1]) : 0, r = 0;
    bool isFloat = t == Type::Float, isInt = t == Type::Int;
    switch (op) {
    case Op::Add: r = isFloat ? double(float(a) + float(b)) : a + b; break;
    case Op::Sub: r = isFloat ? double(float(a) - float(b)) : a - b; break;
    case Op::Mul: r = isFloat ? double(float(a) * float(b)) : a * b; break;
    case Op::Div:
      if (isInt) {
        if (b == 0)
          return NoNode;
        r = std::trunc(a / b);
      } else {
        r = isFloat ? double(float(a) / float(b)) : a / b;
      }
      break;
    case Op::Neg: r = -a; break;
    case Op::Cast: r = a; break;
    default: return NoNode;
    }
    return constant(r, t);
  }

  switch (op) {
  case Op::Mul:
    if (isC(args[1]) && val(args[1]) == 1 && t == type(args[0])) return args[0];
    if (isC(args[0]) && val(args[0]) == 1 && t == type(args[1])) return args[1];
    if (isC(args[1]) && val(args[1]) == -1 && t == type(args[0])) return neg(args[0]);
    if (isC(args[0]) && val(args[0]) == -1 && t == type(args[1])) return neg(args[1]);
    if (isNeg(args[0])) return neg(mul(inner(args[0]), args[1]));
    if (isNeg(args[1])) return neg(mul(args[0], inner(args[1])));
    break;
  case Op::Div:
    if (isC(args[1]) && val(args[1]) == 1 && t == type(args[0])) return args[0];
    if (isNeg(args[0]) && t != Type::Int) return neg(div(inner(args[0]), args[1]));
    // 1 / (1 + exp(-x)) is the logistic sigmoid: one node, printed as
    // written, whose derivative y (1 - y) needs only its value (the written
    // form's, y * y * exp(-x), needs exp(-x) as well: one more value to keep).
    if (isFloating(t) && !isTensor(t) && isC(args[0]) && val(args[0]) == 1 &&
        nodes_[args[1]].op == Op::Add)
      for (int k = 0; k < 2; ++k) {
        NodeId one = nodes_[args[1]].args[k], e = nodes_[args[1]].args[1 - k];
        if (isC(one) && val(one) == 1 && nodes_[e].op == Op::Exp && type(e) == t &&
            isNeg(inner(e)))
          return make(Op::Sigmoid, t, {inner(inner(e))});
      }
    break;
  case Op::Neg:
    if (isNeg(args[0])) return inner(args[0]);
    break;
  case Op::Add:
    // i + 0 = i for integers (offsets: p + 0, row 0 of an array).
    if (t == Type::Int && isC(args[1]) && val(args[1]) == 0 && type(args[0]) == t) return args[0];
    if (t == Type::Int && isC(args[0]) && val(args[0]) == 0 && type(args[1]) == t) return args[1];
    if (isC(args[1]) && val(args[1]) < 0 && isFloating(t) && !isTensor(t))
      return sub(args[0], constant(-val(args[1]), t));
    if (isNeg(args[1])) return sub(args[0], inner(args[1]));
    if (isNeg(args[0])) return sub(args[1], inner(args[0]));
    if (args[0] == args[1] && t != Type::Int)
      return mul(constant(2, elementType(t)), args[0]);
    break;
  case Op::Sub:
    if (t == Type::Int && isC(args[1]) && val(args[1]) == 0 && type(args[0]) == t) return args[0];
    if (isC(args[1]) && val(args[1]) < 0 && isFloating(t) && !isTensor(t))
      return add(args[0], constant(-val(args[1]), t));
    if (isNeg(args[1])) return add(args[0], inner(args[1]));
    break;
  case Op::Cast:
    // float -> double -> float is the identity (double holds every float).
    if (nodes_[args[0]].op == Op::Cast && type(nodes_[args[0]].args[0]) == t &&
        t == Type::Float && type(args[0]) == Type::Double)
      return nodes_[args[0]].args[0];
    break;
  case Op::Pow:
    // x^1 = x exactly (C11 F.10.4.4).
    if (isC(args[1]) && val(args[1]) == 1) return args[0];
    // x^0 = 1 for every x, NaN included (C11 F.10.4.4).
    if (isC(args[1]) && val(args[1]) == 0 && !isTensor(t)) return constant(1, t);
    break;
  default:
    break;
  }
  return NoNode;
}

NodeId Graph::make(Op op, Type t, std::vector<NodeId> args) {
  assert((op == Op::Opaque || info(op).arity < 0 || static_cast<int>(args.size()) == info(op).arity) &&
         "wrong operand count");
  for (NodeId a : args) {
    assert(a < nodes_.size() && "operand does not exist");
    (void)a;
  }
  NodeId s = simplify(op, t, args);
  if (s != NoNode)
    return s;
  return intern(Node{op, t, std::move(args)});
}

} // namespace adgen::ir
