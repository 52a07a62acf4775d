//===- IR.cpp - operation table and type helpers --------------------------===//
#include "IR/IR.h"

#include <cassert>

namespace adgen::ir {

static const OpInfo OpTable[] = {
#define ADGEN_OP(Name, Arity, Form, Spelling, Backward)                        \
  {#Name, Arity, OpForm::Form, Spelling, Backward},
#include "IR/Ops.def"
};

const OpInfo &info(Op op) { return OpTable[static_cast<size_t>(op)]; }

bool isTensor(Type t) { return t == Type::FloatTensor || t == Type::DoubleTensor; }
bool isFloating(Type t) {
  return t != Type::Int && t != Type::Bool && t != Type::Mem && t != Type::Buffer;
}

Type elementType(Type t) {
  switch (t) {
  case Type::FloatTensor: return Type::Float;
  case Type::DoubleTensor: return Type::Double;
  default: return t;
  }
}

Type tensorOf(Type scalar) {
  return elementType(scalar) == Type::Float ? Type::FloatTensor : Type::DoubleTensor;
}

const char *cxxName(Type t) {
  switch (t) {
  case Type::Bool: return "bool";
  case Type::Int: return "auto";
  case Type::Float: return "float";
  case Type::Double: return "double";
  case Type::FloatTensor: return "adgen::Tensor";
  case Type::DoubleTensor: return "adgen::DoubleTensor";
  case Type::Mem: return "void";
  case Type::Buffer: return "std::vector<double>"; // the node's cxxType says which
  }
  return "?";
}

std::string typeString(const Param &p) {
  if (!isFloating(p.type) || (p.isRecord() && p.form != ParamForm::Value &&
                              p.form != ParamForm::ConstRef && p.form != ParamForm::Ref))
    return p.cxxType;
  if (p.isRecord())
    return p.form == ParamForm::Value      ? p.record
           : p.form == ParamForm::ConstRef ? "const " + p.record + "&"
                                           : p.record + "&";
  std::string t = cxxName(p.type);
  switch (p.form) {
  case ParamForm::Value: return t;
  case ParamForm::ConstRef: return "const " + t + "&";
  case ParamForm::Ref: return t + "&";
  case ParamForm::Pointer:
  case ParamForm::Array:
  case ParamForm::Container: return p.cxxType;
  }
  return t;
}

std::string adjointType(const Param &p) {
  if (p.isRecord())
    return p.record;
  return p.form == ParamForm::Container ? p.container : cxxName(p.type);
}

std::string elementString(const Param &p, bool adjoint, const std::string &name,
                          const std::string &offset, int member) {
  bool single = p.form == ParamForm::Value || p.form == ParamForm::ConstRef ||
                p.form == ParamForm::Ref;
  if (p.isRecord()) {
    const std::string &path = p.members[static_cast<size_t>(member)].path;
    if (single)
      return name + (adjoint ? "->" : ".") + path;
    if (offset == "0")
      return name + "->" + path;
    return name + "[" + offset + "]." + path;
  }
  if (single)
    return adjoint ? "*" + name : name;
  if (adjoint && p.form == ParamForm::Container)
    return "(*" + name + ")[" + offset + "]";
  return name + "[" + offset + "]";
}

std::string Function::qualifiedName() const {
  std::string q;
  for (const std::string &ns : namespaces)
    q += (ns.empty() ? "(anonymous namespace)" : ns) + "::";
  return q + name;
}

bool isCostly(Op op) {
  switch (op) {
  case Op::Sin: case Op::Cos: case Op::Tan: case Op::Asin: case Op::Acos: case Op::Atan:
  case Op::Atan2: case Op::Sinh: case Op::Cosh: case Op::Tanh: case Op::Asinh: case Op::Acosh:
  case Op::Atanh: case Op::Exp: case Op::Exp2: case Op::Expm1: case Op::Log: case Op::Log2:
  case Op::Log10: case Op::Log1p: case Op::Cbrt: case Op::Pow: case Op::Hypot: case Op::Sigmoid:
  case Op::PowGradBase: case Op::PowGradExp: case Op::HypotGrad:
    return true;
  default:
    return false;
  }
}

bool isElementwise(Op op) {
  switch (op) {
  case Op::Add: case Op::Sub: case Op::Mul: case Op::Div: case Op::Neg:
  case Op::Exp: case Op::Log: case Op::Sin: case Op::Cos: case Op::Tanh: case Op::Sqrt:
  case Op::Fabs: case Op::Pow: case Op::Sigmoid: case Op::Relu:
  case Op::Clamp: case Op::ClampMin: case Op::ClampMax: case Op::Maximum: case Op::Minimum:
  case Op::Where: case Op::Lt: case Op::Le: case Op::Gt: case Op::Ge: case Op::Eq: case Op::Ne:
  case Op::TanhGrad: case Op::SigmoidGrad: case Op::ReluGrad: case Op::AbsGrad:
  case Op::ClampGrad: case Op::ClampMinGrad: case Op::ClampMaxGrad: case Op::PowGrad:
  case Op::PowGradBaseT: case Op::PowGradExpT: case Op::MaximumGradA: case Op::MaximumGradB:
  case Op::MinimumGradA: case Op::MinimumGradB: case Op::WhereGradA: case Op::WhereGradB:
  case Op::ExpandAs:
    return true;
  default:
    return false;
  }
}

NodeId shapeSource(const Graph &g, NodeId v) {
  while (isTensor(g.type(v))) {
    const Node &n = g.node(v);
    if (n.op == Op::ExpandAs) {
      v = n.args[1];
      continue;
    }
    if (!isElementwise(n.op))
      break;
    NodeId only = NoNode;
    bool one = true;
    for (NodeId a : n.args)
      if (isTensor(g.type(a))) {
        one = one && (only == NoNode || only == a);
        only = a;
      }
    if (!one || only == NoNode)
      break;
    v = only;
  }
  return v;
}

std::vector<bool> variedNodes(const Function &f) {
  const Graph &g = f.graph;
  std::vector<bool> varied(g.size(), false);
  // One pass in id order, again while a loop's back edge (next -> var)
  // makes a carried variable varied that was not.
  for (bool changed = true; changed;) {
    changed = false;
    for (NodeId id = 0; id < g.size(); ++id) {
      const Node &n = g.node(id);
      // An Opaque call, a detached value and a comparison of tensors (0/1
      // values) are constants for the derivative.
      bool constant = n.op == Op::Opaque || n.op == Op::Detach || n.op == Op::Lt ||
                      n.op == Op::Le || n.op == Op::Gt || n.op == Op::Ge || n.op == Op::Eq ||
                      n.op == Op::Ne;
      if ((!isFloating(n.type) && n.type != Type::Mem) || varied[id] || constant)
        continue;
      bool v = false;
      if (n.op == Op::Param || n.op == Op::Load)
        v = f.params[n.param].active;
      else if (n.op == Op::ArrayNew && f.arrays[n.param].isParameter())
        v = f.params[f.arrays[n.param].param].active; // the caller's values on entry
      else
        for (NodeId a : n.args)
          v = v || varied[a];
      if (n.op == Op::Custom) // a pointer to an active parameter's elements
        for (const CallArg &a : f.customs[n.param].args)
          v = v || (a.form == ArgForm::ParamPointer && f.params[a.index].active);
      if (n.op == Op::LoopVar)
        v = v || varied[g.loop(n.param).nexts[static_cast<size_t>(n.value)]];
      if (v) {
        varied[id] = true;
        changed = g.loopCount() > 0; // a back edge may carry it to an earlier node
      }
    }
  }
  return varied;
}

bool Module::usesTensors() const {
  for (const Function &f : functions) {
    if (isTensor(f.returnType))
      return true;
    for (const Param &p : f.params)
      if (isTensor(p.type))
        return true;
  }
  return false;
}

} // namespace adgen::ir
