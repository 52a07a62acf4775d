//===- OnePass.cpp - a sum and its gradients in one pass ------------------===//
//
// f_grad of a function that returns sum(chain) or mean(chain) of an
// elementwise chain seeds its backward with 1, so when every gradient is a
// chain of the forward's values and operands, nothing needs the forward to
// have finished: one loop can compute each element's value, add it to the
// sum, and add its gradient elements into the slots, as a hand-written loop
// would. Nothing of the map is stored, and the operands are read once:
//
//   const double t1 = 1.0;
//   adgen::DoubleTensor out;
//   adgen::map_sum_and_accumulate(out, {{d_x, x}, {d_mu, mu}},
//       [&](double x, double mu, double& d_x, double& d_mu) {
//         const double t0 = adgen::exp(-((x - mu) * (x - mu)));
//         d_x = -(2.0 * (t1 * t0 * (x - mu)));
//         d_mu = 2.0 * (t1 * t0 * (x - mu));
//         return t0;
//       }, x, mu);
//
// Only where it is plainly the same computation: straight-line f_grad (f_vjp
// must check the caller's seed before using it), every gradient a chain
// added into a tensor parameter's slot, reading nothing but the forward
// chain's operands, its value and the seed, over the forward's whole shape.
//
//===----------------------------------------------------------------------===//
#include "Emit/FunctionEmitter.h"

#include <fmt/format.h>

#include <functional>

namespace adgen::emit::detail {

using namespace adgen::ir;

namespace {
bool contains(const std::vector<NodeId> &list, NodeId v) {
  return std::find(list.begin(), list.end(), v) != list.end();
}
} // namespace

void FunctionEmitter::planOnePass() {
  onePassAt_ = onePassTotal_ = NoNode;
  onePassRoots_.assign(f_.params.size(), NoNode);
  onePassReadsSeed_ = false;
  onePassHoisted_.clear();
  printingOnePass_ = false;
  if (entry_ != Entry::Grad || regional_ || gr_.outputs.empty() || !effects_.empty() ||
      fused_.empty())
    return;
  const NodeId total = gr_.result, seed = gr_.seed;
  const Node &t = G_.node(total);
  if (!isTensor(t.type) || (t.op != Op::Sum && t.op != Op::Mean) || owner_[total] != Everywhere ||
      G_.node(seed).op != Op::ImplicitSeed)
    return;
  // The forward chain: kept (map_and_sum, its values named) or summed
  // without being stored (map_sum).
  const NodeId map = t.args[0];
  const bool kept = !summedInMap_.empty() && summedInMap_[total];
  if (!kept && !fusionRoot(total))
    return;
  std::vector<NodeId> inputs, shapes;
  chainOperands(kept ? map : total, inputs, shapes);
  auto forwardOperand = [&](NodeId v) {
    return contains(inputs, v) || contains(shapes, v) || v == seed || (kept && v == map);
  };
  // Each gradient: a chain into its parameter's slot over the forward's
  // whole shape (it reads the map, or every operand the forward reads).
  std::vector<bool> inPass(G_.size(), false);
  std::function<void(NodeId)> mark = [&](NodeId id) {
    inPass[id] = true;
    for (NodeId a : G_.node(id).args)
      if (fused_[a])
        mark(a);
  };
  std::vector<NodeId> roots(f_.params.size(), NoNode);
  bool readsSeed = false;
  for (const xform::AdjointOutput &o : gr_.outputs) {
    const Node &n = G_.node(o.value);
    if (!intoSlot_[o.value] || accumulateForm(n.op) || roots[o.param] != NoNode)
      return;
    std::vector<NodeId> in, sh;
    chainOperands(o.value, in, sh);
    bool whole = kept && (contains(in, map) || contains(sh, map));
    bool all = true;
    for (NodeId v : inputs)
      all = all && (contains(in, v) || contains(sh, v));
    for (const std::vector<NodeId> *list : {&in, &sh})
      for (NodeId v : *list)
        if (!forwardOperand(v))
          return;
    if (!whole && !all)
      return;
    readsSeed = readsSeed || contains(in, seed);
    mark(o.value);
    roots[o.param] = o.value;
  }
  // Nothing else reads the map's values or the seed.
  for (NodeId u = 0; u < G_.size(); ++u) {
    if (owner_[u] == Unowned || inPass[u] || u == total)
      continue;
    for (NodeId a : G_.node(u).args)
      if (a == seed || (kept && a == map))
        return;
  }
  // The scalars the chains read (a mean's element count, a size) and what
  // else the gradients' blocks compute, which must be scalars too: computed
  // before the pass, where they are not already.
  const NodeId at = kept ? map : total;
  std::vector<bool> hoisted(G_.size(), false);
  std::function<bool(NodeId)> ready = [&](NodeId a) {
    const Node &n = G_.node(a);
    if (n.op == Op::Const || n.op == Op::Param || hoisted[a])
      return true;
    if (a == total || a == map || a == seed || inPass[a] || owner_[a] == Unowned)
      return false;
    if (!names_[a].empty() && owner_[a] == Everywhere && a < at)
      return true; // printed before the pass
    bool inBlock = owner_[a] >= 0 && roots[owner_[a]] != NoNode;
    if (!names_[a].empty() && (isTensor(n.type) || (owner_[a] != Everywhere && !inBlock)))
      return false;
    for (NodeId b : n.args)
      if (!ready(b))
        return false;
    if (!names_[a].empty())
      hoisted[a] = true;
    return true;
  };
  for (NodeId id = 0; id < G_.size(); ++id) {
    if (inPass[id])
      for (NodeId a : G_.node(id).args)
        if (!inPass[a] && !isTensor(G_.type(a)) && !ready(a))
          return;
    if (owner_[id] >= 0 && roots[owner_[id]] != NoNode && !names_[id].empty() && !ready(id))
      return;
  }
  onePassAt_ = at;
  onePassTotal_ = total;
  onePassRoots_ = roots;
  onePassReadsSeed_ = readsSeed;
  onePassHoisted_ = hoisted;
}

std::string FunctionEmitter::onePassStatement(const std::string &indent) {
  const NodeId total = onePassTotal_, map = G_.node(total).args[0], seed = gr_.seed;
  const bool kept = onePassAt_ == map;
  const Type element = elementType(G_.node(total).type);
  const char *scalar = element == Type::Float ? "float" : "double";
  std::vector<NodeId> inputs, shapes;
  chainOperands(kept ? map : total, inputs, shapes);
  std::string args;
  std::string params = chainParameters(inputs, shapes, element, &args);
  // Inside the lambda: the chain's values as scalar code, the map's value
  // by its name (kept) and the seed as the scalar 1 declared before.
  auto chain = [&](NodeId body) {
    ExprPrinter print(
        f_, G_,
        [&](NodeId id) -> std::string {
          if (id == body || fused_[id])
            return "";
          return names_[id];
        },
        &arrayNames_);
    print.setScalarMode(true);
    return print.print(body);
  };
  std::string out, into, lines;
  for (size_t i = 0; i < onePassRoots_.size(); ++i) {
    NodeId root = onePassRoots_[i];
    if (root == NoNode)
      continue;
    const Node &r = G_.node(root);
    const bool reduceLike = r.op == Op::ReduceLike;
    const std::string d = adjointName(f_.params[i]);
    into += fmt::format("{}{{{}, {}}}", into.empty() ? "" : ", ", d,
                        reduceLike ? expr(r.args[1]) : f_.params[i].name);
    params += fmt::format(", {}& {}", scalar, d);
    lines += fmt::format("{}  {} = {};\n", indent, d, chain(reduceLike ? r.args[0] : root));
  }
  if (onePassReadsSeed_)
    out += fmt::format("{}const {} {} = {}; // d {} / d {}\n", indent, scalar, names_[seed],
                       literal(1, element), names_[total], names_[total]);
  printingOnePass_ = true;
  for (NodeId h = 0; h < G_.size(); ++h)
    if (onePassHoisted_[h])
      out += define(h, indent);
  printingOnePass_ = false;
  out += fmt::format("{}{} {};\n", indent, cxxName(G_.type(total)), names_[total]);
  const char *call = G_.node(total).op == Op::Mean ? "adgen::map_mean_and_accumulate"
                                                   : "adgen::map_sum_and_accumulate";
  out += fmt::format("{}{}({}, {{{}}}, [&]({}) {{\n", indent, call, names_[total], into, params);
  if (kept)
    out += fmt::format("{}  const {} {} = {};\n", indent, scalar, names_[map], chain(map));
  out += lines;
  out += fmt::format("{}  return {};\n", indent, kept ? names_[map] : chain(map));
  out += fmt::format("{}}}{});\n", indent, args);
  return out;
}

} // namespace adgen::emit::detail
