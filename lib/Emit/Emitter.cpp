//===- Emitter.cpp - IR to C++ --------------------------------------------===//
//
// Layout of a generated function:
//   1. values needed by the result or by several gradients, as `const` locals;
//   2. for each active parameter p, `if (d_p) { ...; *d_p += ...; }`, holding
//      the values only that gradient needs, so a null adjoint skips its work;
//   3. `return` of the primal value (f_grad).
// A value gets a name when it is used twice, is a tensor, or carries the name
// of the user's variable; everything else is printed inline.
//
//===----------------------------------------------------------------------===//
#include "Emit/Emitter.h"
#include "Emit/DeadValues.h"

#include "Emit/FunctionEmitter.h"

#include <fmt/format.h>

#include <cctype>
#include <functional>
#include <map>
#include <set>

namespace adgen::emit {

namespace detail {

namespace {
std::string paramDecl(const Param &p, bool used) {
  return typeString(p) + " " + (used ? p.name : "/*" + p.name + "*/");
}

} // namespace

void FunctionEmitter::own(NodeId id, int block) {
  int &o = owner_[id];
  o = (o == Unowned || o == block) ? block : Everywhere;
}

// Each node belongs to the one gradient block that needs it, or to the top
// level when the result or several blocks need it. Ids are topological, so
// one pass from the highest id propagates ownership to all operands.
void FunctionEmitter::assignOwners() {
  owner_.assign(G_.size(), Unowned);
  uses_.assign(G_.size(), 0);
  bool tensorResult = isTensor(f_.returnType);
  if ((returnsValue() && !f_.returnsVoid) || (tensorResult && !gr_.outputs.empty())) {
    own(gr_.result, Everywhere); // returned, or checked against the seed
    ++uses_[gr_.result];
  }
  if (G_.node(gr_.seed).op == Op::ImplicitSeed && !gr_.outputs.empty())
    own(gr_.seed, Everywhere); // PyTorch checks the output's shape on every backward
  collectEffects();
  for (const xform::AdjointOutput &e : effects_)
    own(e.effect, Everywhere); // side effects happen whatever adjoints are asked for
  // With branches, gradient code is laid out by region (see emitScope); the
  // per-parameter blocks are for straight-line functions.
  bool blocks = !regional_;
  for (const xform::AdjointOutput &o : gr_.outputs) {
    own(o.value, blocks ? o.param : Everywhere);
    ++uses_[o.value];
    if (o.offset != NoNode) {
      own(o.offset, blocks ? o.param : Everywhere);
      ++uses_[o.offset];
    }
  }
  // A reverse loop prints its seeds, running adjoints and accumulations
  // through expressions of their own: uses, so that values such as an
  // output's adjoint read (OutputSeed) get a variable.
  for (const xform::LoopGradient &lg : gr_.loops)
    for (const std::vector<NodeId> *list : {&lg.exitAdjoint, &lg.varAdjoint, &lg.accValues})
      for (NodeId a : *list)
        if (a != NoNode)
          ++uses_[a];
  phiUses_.assign(G_.size(), 0);
  forced_.assign(G_.size(), false);
  if (regional_) {
    // Branch conditions and loops' back edges (next -> var) are not operands:
    // take the closure emitScope will print.
    std::vector<NodeId> roots;
    for (NodeId id = 0; id < G_.size(); ++id)
      if (owner_[id] != Unowned)
        roots.push_back(id);
    for (unsigned l = 0; l < G_.loopCount(); ++l)
      if (recordedLoop(l))
        for (NodeId exit : runningExits(l))
          roots.push_back(exit);
    // An accumulation or side effect inside a branch needs its conditions.
    for (const std::vector<xform::AdjointOutput> *list : {&gr_.outputs, &effects_})
      for (const xform::AdjointOutput &o : *list)
        addOutputRoots(o, RootRegion, roots, true);
    // (As emitScope computes it at the top level, where loops record: a
    // recording loop runs whole, what it records computed in it.)
    runRecording_ = true;
    std::vector<bool> need = needed(RootRegion, roots);
    runRecording_ = false;
    for (NodeId id = 0; id < G_.size(); ++id)
      if (need[id])
        owner_[id] = Everywhere;
    // Carried values are assigned together at the end of an iteration (and
    // adjoints at the end of a reverse one): computed ones get names first.
    for (unsigned l = 0; l < G_.loopCount(); ++l) {
      const LoopInfo &info = G_.loop(l);
      for (NodeId next : info.nexts)
        forced_[next] = G_.within(G_.node(next).region, info.body) && G_.node(next).op != Op::LoopVar;
      if (const xform::LoopGradient *lg = gr_.loopGradient(l))
        for (NodeId a : lg->varAdjoint)
          if (a != NoNode)
            forced_[a] = G_.within(G_.node(a).region, info.body) && G_.node(a).op != Op::LoopAdj;
    }
  }
  for (NodeId id = G_.size(); id-- > 0;) {
    if (owner_[id] == Unowned)
      continue;
    for (NodeId a : G_.node(id).args) {
      own(a, owner_[id]);
      ++uses_[a];
      if (G_.node(id).op == Op::Phi || G_.node(id).op == Op::LoopVar)
        ++phiUses_[a];
    }
  }
}

void FunctionEmitter::assignNames() {
  names_.assign(G_.size(), "");
  paramUsed_.assign(f_.params.size(), false);
  for (const Param &p : f_.params)
    taken_.insert(p.name);
  if (split())
    taken_.insert("level"); // f_fwd's and f_rev's hold on their tapes
  auto fresh = [this](const std::string &base) {
    std::string name = base;
    for (int k = 1; taken_.count(name); ++k)
      name = fmt::format("{}_{}", base, k);
    taken_.insert(name);
    return name;
  };
  // d_x, unless the user already has a parameter of that name.
  for (const Param &p : f_.params)
    adjointNames_.push_back(p.active ? fresh("d_" + p.name) : "");
  seedName_ = fresh("d_ret");
  // (An output parameter read in place is the parameter, its adjoint d_y.)
  for (const LocalArray &a : f_.arrays)
    arrayNames_.push_back(a.isParameter() ? f_.params[a.param].name : fresh(a.name));
  for (const LocalArray &a : f_.arrays)
    adjArrayNames_.push_back(a.isParameter() ? adjointNames_[a.param] : fresh("d_" + a.name));
  for (NodeId id = 0; id < G_.size(); ++id) // a fused loop reads these in place, by name
    if (G_.node(id).op == Op::Recorded && fusedRecorded(G_.node(id).param))
      forced_[G_.node(id).args[0]] = true;
  for (NodeId id = 0; id < G_.size(); ++id) {
    const Node &n = G_.node(id);
    if (owner_[id] == Unowned)
      continue;
    if (n.op == Op::Param || n.op == Op::Load || n.op == Op::Store)
      paramUsed_[n.param] = true;
    if ((n.op == Op::ArrayLoad || n.op == Op::ArrayStore) && f_.arrays[n.param].isParameter())
      paramUsed_[f_.arrays[n.param].param] = true;
    if (n.op == Op::Custom || n.op == Op::CustomVjp) // p + k passed to a recursive call
      for (const CallArg &a : f_.customs[n.param].args)
        if (a.form == ArgForm::ParamPointer)
          paramUsed_[a.index] = true;
    for (size_t i = 0; n.op == Op::Opaque && i < f_.params.size(); ++i) // v.size()
      if (n.cxxType.rfind(f_.params[i].name + ".", 0) == 0)
        paramUsed_[i] = true;
    if (n.op == Op::Param || n.op == Op::Load || n.op == Op::Const || n.op == Op::Seed ||
        n.op == Op::LoopExit || n.op == Op::LoopAdjOut || n.op == Op::Store ||
        n.type == Type::Mem || ((n.op == Op::OutputSeed || n.op == Op::AdjTake || n.op == Op::AdjRead) && uses_[id] == 0))
      continue;
    if (n.op == Op::CustomPart) { // declared by its CustomVjp, where the vjp is called
      const Node &call = G_.node(n.args[0]);
      size_t k = f_.customs[call.param].operandOf(static_cast<size_t>(n.value));
      const std::string &operand = G_.node(call.args[k + 1]).hint;
      names_[id] = fresh("d_" + (operand.empty() ? std::string("arg") : operand));
      continue;
    }
    // A branch's value for a variable is assigned straight to the phi, a
    // loop's initial value straight to the carried variable.
    bool branchValue = uses_[id] == 1 && phiUses_[id] == 1;
    // An array read is named where it happens: the array may change later.
    if (fused_[id] || intoSlot_[id] || intoSlice_[id] || undefinedTensor(id))
      continue; // printed inside its user's adgen::map, or by accumulate(); adgen::Tensor()
    bool name = uses_[id] > 1 || isTensor(n.type) || (!n.hint.empty() && !branchValue) ||
                n.op == Op::Phi || forced_[id] || readsArrays(id) || n.op == Op::Recorded ||
                taped_[id];
    if (!name)
      continue;
    std::string base = n.hint;
    if (base.empty() && id == gr_.result)
      base = "out";
    names_[id] = base.empty() ? "" : fresh(base);
  }
  // Every operand of a custom vjp gets a variable (the vjp writes through
  // a pointer to each), used or not.
  for (NodeId id = 0; id < G_.size(); ++id)
    if (G_.node(id).op == Op::CustomPart && owner_[id] == Unowned)
      names_[id] = fresh("d_unused");
  // Numbered temporaries after the user's names, so that these stay as
  // written, and numbered in the order they are printed: the top level first,
  // then each gradient block.
  int counter = 0;
  auto number = [&](int block) {
    for (NodeId id = 0; id < G_.size(); ++id) {
      const Node &n = G_.node(id);
      if (owner_[id] != block || !names_[id].empty() || fused_[id] || intoSlot_[id] || intoSlice_[id] ||
          undefinedTensor(id) ||
          n.op == Op::Param ||
          n.op == Op::Load || n.op == Op::Const || n.op == Op::Seed || n.type == Type::Mem ||
          ((n.op == Op::OutputSeed || n.op == Op::AdjTake || n.op == Op::AdjRead) && uses_[id] == 0))
        continue;
      bool loopValue = n.op == Op::LoopVar || n.op == Op::LoopAdj || n.op == Op::LoopGrad ||
                       n.op == Op::OutputSeed || n.op == Op::AdjTake || n.op == Op::AdjRead ||
                       readsArrays(id) || n.op == Op::Recorded || taped_[id];
      if (uses_[id] > 1 || isTensor(n.type) || n.op == Op::Phi || forced_[id] || loopValue) {
        std::string name;
        do
          name = fmt::format("t{}", counter++);
        while (taken_.count(name));
        taken_.insert(name);
        names_[id] = name;
      }
    }
  };
  number(Everywhere);
  for (size_t i = 0; i < f_.params.size(); ++i)
    number(static_cast<int>(i));
  // A loop's exits are its carried variables after the loop; the adjoints
  // that flow out of a reverse loop are its running adjoints.
  for (unsigned l = 0; l < G_.loopCount(); ++l) {
    const LoopInfo &info = G_.loop(l);
    loopNames_.push_back(fresh("iterations"));
    for (size_t j = 0; j < info.vars.size(); ++j) {
      if (G_.type(info.vars[j]) == Type::Mem)
        continue; // the array itself
      if (names_[info.vars[j]].empty())
        names_[info.vars[j]] = fresh(G_.node(info.vars[j]).hint.empty() ? "v" : G_.node(info.vars[j]).hint);
      names_[info.exits[j]] = names_[info.vars[j]];
    }
    if (const xform::LoopGradient *lg = gr_.loopGradient(l))
      for (size_t j = 0; j < info.vars.size(); ++j)
        if (lg->seeds[j] != NoNode) {
          if (names_[lg->seeds[j]].empty())
            names_[lg->seeds[j]] = fresh("d_" + names_[info.vars[j]]);
          names_[lg->outs[j]] = names_[lg->seeds[j]];
        }
  }
  planLocalSums(fresh);
}

/// The side effects the function performs: the primal's stores into output
/// parameters (f_grad only: f_vjp computes no primal outputs), its writes
/// into output parameters it also reads (both: f_vjp reads them in place, so
/// it leaves them as the primal does, not half-written), and the reverse
/// sweep's read-and-clear of their adjoints.
void FunctionEmitter::collectEffects() {
  for (NodeId id = 0; id < G_.size(); ++id) {
    const Node &n = G_.node(id);
    // (A vjp call is one only when it adds into adjoint arrays or parameters.)
    bool reverse = isReverseEffect(n.op) &&
                   (n.op != Op::CustomVjp || f_.customs[n.param].hasPointers());
    bool inOutWrite = id < f_.graph.size() &&
                      (n.op == Op::ArrayStore || n.op == Op::ArrayResize) &&
                      f_.arrays[n.param].isParameter();
    if ((n.op == Op::Store && returnsValue()) || reverse || inOutWrite)
      effects_.push_back({n.param, NoNode, id, id, n.region, id});
  }
}

/// The declaration of local array a (or of its adjoint, `zeros`) as name.
std::string FunctionEmitter::declareArray(const LocalArray &a, NodeId size,
                                          const std::string &name, const std::string &t,
                                          bool zeros, const std::string &fill,
                                          const std::string &indent) {
  switch (a.kind) {
  case ArrayKind::CArray:
    if (!fill.empty())
      return fmt::format("{0}{1} {2}[{3}];\n{0}std::fill_n({2}, {3}, {4});\n", indent, t, name,
                         a.size, fill);
    return fmt::format("{}{} {}[{}]{};\n", indent, t, name, a.size, zeros ? " = {}" : "");
  case ArrayKind::StdArray:
    if (!fill.empty())
      return fmt::format("{0}std::array<{1}, {2}> {3};\n{0}{3}.fill({4});\n", indent, t, a.size,
                         name, fill);
    return fmt::format("{}std::array<{}, {}> {}{};\n", indent, t, a.size, name, zeros ? "{}" : "");
  case ArrayKind::Vector:
    if (G_.isConst(size, 0))
      return fmt::format("{}std::vector<{}> {};\n", indent, t, name);
    return fmt::format("{}std::vector<{}> {}({}{});\n", indent, t, name, expr(size),
                       fill.empty() ? "" : ", " + fill);
  }
  return "";
}

/// Whether the printed code reads local array `array` (an element, a copy,
/// or a recursive call given it).
bool FunctionEmitter::arrayRead(int array) const {
  for (NodeId id = 0; id < G_.size(); ++id) {
    const Node &n = G_.node(id);
    if (owner_[id] == Unowned)
      continue;
    if ((n.op == Op::ArrayLoad || n.op == Op::Snapshot) && n.param == array)
      return true;
    if (n.op == Op::Custom || n.op == Op::CustomVjp)
      for (const CallArg &c : f_.customs[n.param].args)
        if (c.form == ArgForm::ArrayPointer && c.index == array)
          return true;
  }
  return false;
}

std::string FunctionEmitter::define(NodeId id, const std::string &indent) {
  const Node &n = G_.node(id);
  if (onePassAt_ != NoNode) { // the sum and its gradients in one statement
    if (id == onePassAt_)
      return onePassStatement(indent);
    if (id == onePassTotal_ || id == gr_.seed || (onePassHoisted_[id] && !printingOnePass_))
      return "";
  }
  if (reloaded(id)) {
    const Node &store = G_.node(reloads_[id]);
    return fmt::format("{}const {} {} = {};\n", indent, cxxName(n.type), names_[id],
                       arrayElement(store.param, store.args[1]));
  }
  const Param &p = n.param >= 0 ? f_.params[n.param] : f_.params.front();
  if (n.op == Op::Store) { // the primal's write
    std::string target = elementString(p, false, p.name, expr(n.args[0]), static_cast<int>(n.value));
    return fmt::format("{}{} = {};\n", indent, target, expr(n.args[1]));
  }
  if (n.op == Op::OutputSeed) { // read the caller's adjoint of the element, then clear it
    std::string d = adjointName(p);
    std::string element = adjointElement(p, n.args[0], static_cast<int>(n.value));
    std::string out;
    if (!names_[id].empty())
      out += fmt::format("{}const {} {} = {} ? {} : {};\n", indent, typeOf(id), names_[id], d,
                         element, literal(0, n.type));
    return out + fmt::format("{}if ({}) {} = {};\n", indent, d, element, literal(0, n.type));
  }
  if (n.op == Op::ArrayNew || n.op == Op::AdjArray) {
    const LocalArray &a = f_.arrays[n.param];
    if (a.isParameter()) // the caller's
      return "";
    std::string name = n.op == Op::ArrayNew ? arrayNames_[n.param] : adjArrayNames_[n.param];
    std::string t = a.elementCxx.empty() ? cxxName(a.element) : a.elementCxx;
    if (n.op == Op::AdjArray && multi())
      t = lanesType(a.element);
    bool zeros = n.op == Op::AdjArray || (a.filled && n.value == 0);
    std::string fill = a.filled && !zeros ? literal(n.value, a.element) : "";
    // Written by a loop that runs for its reverse but read by nothing printed
    // (a vjp that needs none of its values): a use, for -Wunused-but-set.
    std::string unread = n.op == Op::ArrayNew && !arrayRead(n.param)
                             ? fmt::format("{}(void){};\n", indent, name)
                             : "";
    if (a.kind == ArrayKind::Vector && innermostLoop(n.region) >= 0) {
      std::string reset = G_.isConst(n.args[0], 0)
                              ? name + ".clear();"
                              : fmt::format("{}.assign({}, {});", name, expr(n.args[0]),
                                            fill.empty() ? (a.elementCxx.empty() ? literal(0, a.element)
                                                                                 : t + "{}")
                                                         : fill);
      return hoistDeclaration(n.region, fmt::format("std::vector<{}> {};", t, name), reset,
                              indent) +
             unread;
    }
    return declareArray(a, n.args[0], name, t, zeros, fill, indent) + unread;
  }  if (n.op == Op::CustomVjp)
    return callVjp(id, indent);
  if (n.op == Op::Snapshot) {
    std::string array = arrayNames_[n.param];
    const LocalArray &a = f_.arrays[n.param];
    if (a.kind != ArrayKind::Vector) {
      std::string t = a.elementCxx.empty() ? cxxName(a.element) : a.elementCxx;
      return fmt::format("{}const {} {} = adgen::detail::snapshot<{}, {}>({});\n", indent,
                         varType(id), names_[id], t, a.size, array);
    }
    return fmt::format("{}const {} {}(std::begin({}), std::end({}));\n", indent, varType(id),
                       names_[id], array, array);
  }
  if (n.op == Op::ArrayStore)
    return fmt::format("{}{} = {};\n", indent, arrayElement(n.param, n.args[1]),
                       expr(n.args[2]));
  if (n.op == Op::ArrayLoad)
    return fmt::format("{}const {} {} = {};\n", indent, cxxName(n.type), names_[id],
                       arrayElement(n.param, n.args[1]));
  if (n.op == Op::ArrayResize) {
    const LocalArray &a = f_.arrays[n.param];
    return fmt::format("{}{}.resize({}{});\n", indent, arrayNames_[n.param], expr(n.args[1]),
                       n.value == 0 ? "" : ", " + literal(n.value, a.element));
  }
  if (n.op == Op::AdjDiscard)
    return fmt::format("{}adgen::detail::discard_adjoints({}, {}, {});\n", indent,
                       adjArrayNames_[n.param], expr(n.args[1]), expr(n.args[2]));
  if (n.op == Op::AdjAcc)
    return fmt::format("{}{} += {};\n", indent, adjArrayElement(n.param, n.args[1]),
                       expr(n.args[2]));
  if (n.op == Op::AdjRead || n.op == Op::AdjTake) {
    std::string element = adjArrayElement(n.param, n.args[1]);
    std::string out;
    if (!names_[id].empty())
      out += fmt::format("{}const {} {} = {};\n", indent, typeOf(id), names_[id], element);
    if (n.op == Op::AdjTake) // read the element's adjoint, then clear it
      out += fmt::format("{}{} = {};\n", indent, element, literal(0, n.type));
    return out;
  }
  if (!summedInMap_.empty() && summedInMap_[id])
    return ""; // defined with the map it sums (below)
  if (!keepsSum_.empty() && keepsSum_[id] != NoNode) {
    NodeId total = keepsSum_[id];
    return fmt::format("{}{} {};\n{}const {} {} = {};\n", indent, cxxName(G_.type(total)),
                       names_[total], indent, cxxName(n.type), names_[id],
                       fusedExpr(id, "", names_[total]));
  }
  if (fusionRoot(id))
    return fmt::format("{}const {} {} = {};\n", indent, cxxName(n.type), names_[id], fusedExpr(id));
  // Print the operation itself, not the name being defined.
  std::string name = names_[id];
  names_[id] = "";
  std::string value = expr(id);
  names_[id] = name;
  // (An Opaque call's cxxType is its name: only a Buffer's is its type.)
  std::string type = G_.type(id) == Type::Buffer ? varType(id)
                     : lanes(id)                  ? typeOf(id)
                                                  : cxxName(G_.type(id));
  return fmt::format("{}const {} {} = {};\n", indent, type, name, value);
}

/// vjp(arguments..., seed, adjoints...): a value's adjoint goes to a variable
/// (its CustomPart), a pointer's to the adjoint of what it points into.
std::string FunctionEmitter::callVjp(NodeId id, const std::string &indent) {
  const Node &n = G_.node(id);
  const CustomFunction &c = f_.customs[n.param];
  // The call's operands, as the reverse reads them, follow the seed.
  size_t count = c.operandOf(c.args.size());
  Node call = G_.node(id);
  call.args.assign(n.args.begin() + 1, n.args.begin() + 1 + static_cast<long>(count));
  std::vector<std::string> args;
  ExprPrinter print = printer();
  for (size_t k = 0; k < c.args.size(); ++k) {
    NodeId contents = call.args[c.operandOf(k)];
    bool copy = c.args[k].form == ArgForm::ArrayPointer && G_.type(contents) == Type::Buffer;
    if (splitCalls_[id] && splitFns_->unread(c, k))
      args.push_back("nullptr"); // (f_fwd recorded what f_rev needs of it)
    else
      args.push_back(print.argument(call, k, copy ? expr(contents) : ""));
  }
  args.push_back(expr(n.args[0]));
  std::string out;
  for (size_t k = 0; k < c.args.size(); ++k) {
    const CallArg &a = c.args[k];
    if (!a.active)
      continue;
    NodeId offset = call.args[c.operandOf(k) + (a.form == ArgForm::ArrayPointer ? 1 : 0)];
    if (a.form == ArgForm::Value) {
      for (NodeId part = id + 1; part < G_.size(); ++part) {
        const Node &p = G_.node(part);
        if (p.op != Op::CustomPart || p.args[0] != id || p.value != static_cast<double>(k))
          continue;
        out += fmt::format("{}{} {} = {};\n", indent, cxxName(p.type), names_[part],
                           literal(0, p.type));
        args.push_back("&" + names_[part]);
      }
    } else if (a.form == ArgForm::ParamPointer) {
      const Param &p = f_.params[a.index];
      if (!p.active) {
        args.push_back("nullptr");
        continue;
      }
      std::string d = adjointName(p);
      bool whole = G_.isConst(offset, 0) && p.form != ParamForm::Container; // d_p itself
      std::string at = print.offsetBy(p.form == ParamForm::Container ? d + "->data()" : d, offset);
      args.push_back(whole ? d : fmt::format("{} ? {} : nullptr", d, at));
    } else if (!gr_.activeArrays[a.index]) {
      args.push_back("nullptr");
    } else {
      bool cArray = f_.arrays[a.index].kind == ArrayKind::CArray;
      args.push_back(print.offsetBy(adjArrayNames_[a.index] + (cArray ? "" : ".data()"), offset));
    }
  }
  std::string list;
  for (size_t i = 0; i < args.size(); ++i)
    list += (i ? ", " : "") + args[i];
  std::string vjp = c.vjp;
  if (!splitCalls_[id])
    return out + fmt::format("{}{}({});\n", indent, vjp, list);

  // f_rev: reads back what the call's f_fwd recorded. Its last operand, the
  // call's value, only makes the call run forward (see Reverse.cpp).
  vjp.replace(vjp.size() - 4, 4, "_rev");
  NodeId value = n.args.back();
  std::string use = names_[value].empty() || uses_[value] > 1
                        ? ""
                        : fmt::format("{}(void){};\n", indent, expr(value));
  return out + fmt::format("{}{}({})/*@call:{}@*/;\n", indent, vjp, list, splitPair_[id]) + use;
}

std::string FunctionEmitter::accumulate(const xform::AdjointOutput &o) {
  const Param &p = f_.params[o.param];
  std::string target = adjointElement(p, o.offset, static_cast<int>(G_.node(o.source).value));
  if (isTensor(p.type) && intoSlot_[o.value]) {
    const Node &n = G_.node(o.value);
    if (!accumulateForm(n.op)) // a chain, or one elementwise operation
      return fusedExpr(o.value, target) + ";";
    std::string args;
    for (NodeId a : n.args)
      args += ", " + expr(a);
    return fmt::format("{}({}{});", accumulateForm(n.op), target, args);
  }
  if (isTensor(p.type))
    return fmt::format("adgen::accumulate_grad({}, {});", target, expr(o.value));
  return fmt::format("{} += {};", target, expr(o.value));
}

/// The adjoints: the seeds (the caller's d_ret and d_y of output
/// parameters, a loop's running adjoints, adjoint array elements) and every
/// floating value computed from them. Ids are topological: one pass.
void FunctionEmitter::planLanes() {
  lanes_.assign(G_.size(), false);
  for (NodeId id = 0; id < G_.size(); ++id) {
    const Node &n = G_.node(id);
    if (n.type != Type::Double && n.type != Type::Float)
      continue;
    switch (n.op) {
    case Op::Seed:
    case Op::OutputSeed:
    case Op::LoopAdj:
    case Op::LoopAdjOut:
    case Op::LoopGrad:
    case Op::AdjRead:
    case Op::AdjTake:
    case Op::CustomPart:
      lanes_[id] = true;
      break;
    case Op::Phi: // (the condition is a primal bool)
      lanes_[id] = lanes_[n.args[1]] || lanes_[n.args[2]];
      break;
    default:
      for (NodeId a : n.args)
        lanes_[id] = lanes_[id] || lanes_[a];
    }
  }
}

std::string FunctionEmitter::run() {
  regional_ = G_.hasBranches() || !f_.arrays.empty() || !f_.customs.empty();
  if (multi())
    planLanes();
  assignOwners();
  planFusion();
  planTapes();
  planTensorFusion();
  planSplitCalls();
  assignNames();
  planOnePass();
  bool grad = entry_ == Entry::Grad;
  const char *suffix = grad ? "grad" : multi() ? "vjp_multi" : "vjp";
  bool seedUsed = !grad && owner_[gr_.seed] != Unowned;
  std::vector<bool> hasOutputs(f_.params.size(), false), adjointUsed(f_.params.size(), false);
  for (const xform::AdjointOutput &o : gr_.outputs)
    hasOutputs[o.param] = adjointUsed[o.param] = true;
  for (const xform::AdjointOutput &e : effects_) {
    const Node &n = G_.node(e.effect);
    if (n.op == Op::OutputSeed)
      adjointUsed[e.param] = true; // read and cleared
    if (isAdjointArrayOp(n.op) && f_.arrays[n.param].isParameter() &&
        (n.op != Op::AdjRead || !names_[e.effect].empty()))
      adjointUsed[f_.arrays[n.param].param] = true; // an output read in place
    if (n.op == Op::CustomVjp) // added into by a recursive call's vjp
      for (const CallArg &a : f_.customs[n.param].args)
        if (a.form == ArgForm::ParamPointer && a.active && f_.params[a.index].active)
          adjointUsed[a.index] = true;
  }

  // The body first: the signature names only the parameters it reads.
  // A tensor seed is checked against the output as soon as the output exists,
  // before anything uses it (PyTorch's "Mismatch in shape" error).
  bool checkSeed = seedUsed && isTensor(f_.returnType);
  std::string body;
  // The adjoint of an output parameter read in place holds its elements'
  // adjoints during the reverse sweep: it must exist.
  for (const LocalArray &a : f_.arrays)
    if (a.isParameter() && adjointUsed[a.param]) {
      const std::string d = adjointName(f_.params[a.param]), name = f_.params[a.param].name;
      body += fmt::format("  adgen::detail::require_adjoint({0}, \"{1}_{2}: {0} may not be null: "
                          "{1} reads its output parameter {3}, whose adjoint {0} holds (pass "
                          "zeros for no seed)\");\n",
                          d, f_.name, suffix, name);
    }
  if (regional_) {
    std::vector<NodeId> demands;
    if (owner_[gr_.result] != Unowned)
      demands.push_back(gr_.result);
    std::vector<const xform::AdjointOutput *> outputs;
    for (const xform::AdjointOutput &o : gr_.outputs)
      outputs.push_back(&o);
    for (const xform::AdjointOutput &e : effects_)
      outputs.push_back(&e);
    rootDefined_.assign(G_.size(), false);
    std::string scope = emitScope(RootRegion, demands, outputs, "  ", checkSeed, &rootDefined_);
    body += prologue() + scope;
  } else {
    body += blockBody(checkSeed, hasOutputs);
  }
  // Storage that loop bodies reuse (hoistDeclaration), before everything.
  std::string hoisted;
  for (const std::string &d : hoistedDecls_)
    hoisted += "  " + d + "\n";
  body = hoisted + body;
  bool value = returnsValue() && !f_.returnsVoid;
  if (value)
    body += fmt::format("  return {};\n", expr(gr_.result));
  if (split())
    return runSplit(body);
  unmirrored_ = !mirrored(body);
  body = dropDeadValues(body);

  // Signature.
  std::vector<std::string> decls;
  for (size_t i = 0; i < f_.params.size(); ++i)
    decls.push_back(paramDecl(f_.params[i], paramUsed_[i] && mentions(body, f_.params[i].name)));
  if (!grad && !f_.returnsVoid)
    decls.push_back(fmt::format("{} {}", multi() ? lanesType(f_.returnType) : cxxName(f_.returnType),
                                seedUsed && mentions(body, seedName_) ? seedName_
                                                                      : "/*" + seedName_ + "*/"));
  for (size_t i = 0; i < f_.params.size(); ++i) {
    const Param &p = f_.params[i];
    if (p.active)
      decls.push_back(fmt::format("{}* {}", multi() ? multiAdjointType(p) : adjointType(p),
                                  adjointUsed[i] && mentions(body, adjointName(p))
                                      ? adjointName(p)
                                      : "/*" + adjointName(p) + "*/"));
  }
  std::string out = fmt::format("// adgen: {} of {} ({}:{}:{}). Generated, do not edit.\n",
                                grad      ? "gradient"
                                : multi() ? "K vector-Jacobian products"
                                          : "vector-Jacobian product",
                                f_.name, f_.loc.file, f_.loc.line, f_.loc.col);
  if (multi())
    out += "template <int K>\n";
  out += fmt::format("inline {} {}_{}(", value ? cxxName(f_.returnType) : "void", f_.name, suffix);
  for (size_t i = 0; i < decls.size(); ++i)
    out += (i ? ", " : "") + decls[i];
  out += ") {\n" + body;
  out += "}\n";
  return out;
}

// Straight-line functions: shared values at the top, then one block per
// gradient holding what only that gradient needs.
std::string FunctionEmitter::blockBody(bool checkSeed, const std::vector<bool> &hasOutputs) {
  std::string out;
  for (NodeId id = 0; id < G_.size(); ++id) {
    bool effect = isEffect(id) && (G_.node(id).op == Op::OutputSeed || returnsValue());
    if (owner_[id] == Everywhere && (!names_[id].empty() || effect))
      out += define(id, "  ");
    if (checkSeed && id == gr_.result)
      out += fmt::format("  adgen::check_seed({}, {});\n", seedName_, expr(gr_.result));
  }

  for (size_t i = 0; i < f_.params.size(); ++i) {
    if (!hasOutputs[i] || (i < onePassRoots_.size() && onePassRoots_[i] != NoNode))
      continue; // (made with the sum, see OnePass.cpp)
    std::string body;
    for (NodeId id = 0; id < G_.size(); ++id)
      if (owner_[id] == static_cast<int>(i) && !names_[id].empty())
        body += define(id, "    ");
    std::vector<std::string> stmts;
    for (const xform::AdjointOutput &o : gr_.outputs)
      if (o.param == static_cast<int>(i))
        stmts.push_back(accumulate(o));
    const std::string d = adjointName(f_.params[i]);
    if (body.empty() && stmts.size() == 1 && stmts[0].size() + d.size() < 90) {
      out += fmt::format("  if ({}) {}\n", d, stmts[0]);
      continue;
    }
    out += fmt::format("  if ({}) {{\n{}", d, body);
    for (const std::string &s : stmts)
      out += "    " + s + "\n";
    out += "  }\n";
  }
  return out;
}

} // namespace detail

namespace {
using namespace adgen::ir;
using detail::Entry;
using detail::FunctionEmitter;

std::string namespaceOpen(const std::vector<std::string> &ns) {
  std::string s;
  for (const std::string &n : ns)
    s += n.empty() ? "namespace { " : "namespace " + n + " { ";
  return s.empty() ? s : s.substr(0, s.size() - 1) + "\n\n";
}

std::string namespaceClose(const std::vector<std::string> &ns) {
  if (ns.empty())
    return "";
  std::string s(ns.size() * 2 - 1, ' ');
  for (size_t i = 0; i < ns.size(); ++i)
    s[i * 2] = '}';
  std::string path;
  for (const std::string &n : ns)
    path += (path.empty() ? "" : "::") + (n.empty() ? std::string("(anonymous)") : n);
  return s + "  // namespace " + path + "\n\n";
}

/// The preprocessor guard of one generated entry point: a marked function
/// in a shared header reaches several generated headers, which one
/// translation unit may include; and a vjp that recursive calls use may also
/// be generated for a marked function.
std::string guardOf(const Function &f, const char *entry) {
  std::string guard = std::string("ADGEN_") + entry + "_OF_" + f.qualifiedName();
  for (const Param &p : f.params)
    guard += "_" + typeString(p) + (p.active ? "_d" : "");
  for (char &c : guard)
    if (!std::isalnum(static_cast<unsigned char>(c)))
      c = '_';
  return guard;
}

std::string guarded(const std::string &guard, const std::string &code) {
  return fmt::format("#ifndef {0}\n#define {0}\n{1}#endif\n", guard, code);
}

/// The declaration of f_vjp, for calls that come before its definition
/// (recursive functions that call each other).
std::string vjpDeclaration(const Function &f) {
  // (Types only: a parameter may be named like another's adjoint.)
  std::vector<std::string> decls;
  for (const Param &p : f.params)
    decls.push_back(typeString(p));
  if (!f.returnsVoid)
    decls.push_back(cxxName(f.returnType));
  for (const Param &p : f.params)
    if (p.active)
      decls.push_back(adjointType(p) + "*");
  std::string list;
  for (size_t i = 0; i < decls.size(); ++i)
    list += (i ? ", " : "") + decls[i];
  return fmt::format("inline void {}_vjp({});\n", f.name, list);
}

/// The declarations of f_fwd and f_rev (split reversal of a recursive function).
std::string splitDeclarations(const Function &f) {
  std::string params, adjoints;
  for (const Param &p : f.params)
    params += (params.empty() ? "" : ", ") + typeString(p);
  for (const Param &p : f.params)
    if (p.active)
      adjoints += ", " + adjointType(p) + "*";
  return fmt::format("inline {0} {1}_fwd({2});\ninline void {1}_rev({2}, {0}{3});\n",
                     cxxName(f.returnType), f.name, params, adjoints);
}

/// `::ns::f_vjp`, as a recursive call names the vjp (CustomFunction::vjp).
std::string qualifiedVjp(const Function &f) {
  std::string vjp = "::";
  for (const std::string &ns : f.namespaces)
    vjp += ns.empty() ? "" : ns + "::"; // (an anonymous one is left out)
  return vjp + f.name + "_vjp";
}

/// SplitPlan::changing: the pointer parameters of each split function whose
/// pointee a caller may change before f_rev runs: one that a recursive call
/// passes a local array, or a pointer that is itself changing in a split
/// caller. (A marked function's own parameters do not change during its
/// gradient.)
void planChanging(const Module &m, xform::SplitPlan &plan) {
  plan.changing.clear();
  for (const Function &f : m.functions)
    if (plan.functions.count(qualifiedVjp(f)))
      plan.changing[qualifiedVjp(f)].assign(f.params.size(), false);
  for (bool grew = true; grew;) {
    grew = false;
    for (const Function &f : m.functions) {
      auto caller = plan.changing.find(qualifiedVjp(f));
      for (const CustomFunction &c : f.customs) {
        auto callee = plan.changing.find(c.vjp);
        if (!c.generated || callee == plan.changing.end())
          continue;
        for (size_t k = 0; k < c.args.size(); ++k) {
          const CallArg &a = c.args[k];
          bool changing = a.form == ArgForm::ArrayPointer ||
                          (a.form == ArgForm::ParamPointer && caller != plan.changing.end() &&
                           caller->second[a.index]);
          if (changing && !callee->second[k]) {
            callee->second[k] = true;
            grew = true;
          }
        }
      }
    }
  }
}

std::string emitFunction(const Function &f, const xform::SplitPlan *split,
                         const std::string &splitCode) {
  std::string out;
  if (!f.returnsVoid && !f.vjpOnly)
    out += guarded(guardOf(f, "GRADIENT"), FunctionEmitter(f, Entry::Grad, split).run()) + "\n";
  out += guarded(guardOf(f, "VJP"), FunctionEmitter(f, Entry::Vjp, split).run());
  if (f.multiSeed)
    out += "\n" + guarded(guardOf(f, "VJP_MULTI"), FunctionEmitter(f, Entry::Multi).run());
  if (!splitCode.empty())
    out += "\n" + guarded(guardOf(f, "SPLIT"), splitCode);
  return out;
}

} // namespace

std::string emitFunction(const Function &f) { return emitFunction(f, nullptr, ""); }

std::string emitHeader(const Module &m, const std::vector<std::string> &sources,
                       const std::string &version) {
  std::string out = fmt::format("// Generated by adgen {} from", version);
  for (const std::string &s : sources)
    out += " " + s;
  bool arrays = false;
  for (const Function &f : m.functions)
    arrays = arrays || !f.arrays.empty();
  out += ". Do not edit.\n#pragma once\n\n";
  out += arrays ? "#include <algorithm>\n#include <array>\n#include <cmath>\n#include <limits>\n"
                  "#include <vector>\n\n"
                : "#include <cmath>\n#include <limits>\n\n";
  out += "#include <adgen/runtime.h>\n";
  if (m.usesTensors())
    out += "#include <adgen/tensor.h>\n";

  out += "\n";
  const std::vector<std::string> *open = nullptr;
  auto enter = [&](const Function &f) {
    if (!open || *open != f.namespaces) {
      if (open)
        out += namespaceClose(*open);
      out += namespaceOpen(f.namespaces);
      open = &f.namespaces;
    }
  };
  // The vjps that recursive calls use, declared first: a marked function's
  // gradient may call its own vjp, defined after it.
  std::set<std::string> called;
  for (const Function &f : m.functions)
    for (const CustomFunction &c : f.customs)
      if (c.generated)
        called.insert(c.vjp);
  // Split reversal for the recursive functions whose sweeps separate (see
  // Split.cpp); one that does not keeps f_vjp, and so do its callers' calls
  // (hence the fixpoint). Not for overloads: they would share a tapes struct.
  std::map<std::string, int> named;
  for (const Function &f : m.functions)
    ++named[qualifiedVjp(f)];
  xform::SplitPlan split;
  for (const std::string &vjp : called)
    if (named[vjp] == 1)
      split.functions.insert(vjp);
  std::map<std::string, std::string> splitCode;
  for (bool changed = true; changed;) {
    changed = false;
    splitCode.clear();
    planChanging(m, split);
    for (const Function &f : m.functions) {
      std::string vjp = qualifiedVjp(f);
      if (!split.functions.count(vjp))
        continue;
      std::string code = FunctionEmitter(f, Entry::Split, &split, &split.changing[vjp]).run();
      if (code.empty()) {
        split.functions.erase(vjp);
        changed = true;
        break;
      }
      splitCode[vjp] = code;
    }
    // The callers' f_grad and f_vjp must reverse their calls in the opposite
    // order too; where one does not, its callees keep f_vjp.
    for (const Function &f : m.functions) {
      if (changed)
        break;
      bool calls = false; // (only a function that calls a split one can fail)
      for (const CustomFunction &c : f.customs)
        calls = calls || (c.generated && split.functions.count(c.vjp));
      for (Entry entry : {Entry::Grad, Entry::Vjp}) {
        if (!calls)
          break;
        if (entry == Entry::Grad && (f.returnsVoid || f.vjpOnly))
          continue;
        FunctionEmitter e(f, entry, &split);
        e.run();
        if (!e.unmirrored())
          continue;
        for (const CustomFunction &c : f.customs)
          changed = split.functions.erase(c.vjp) > 0 || changed;
        break;
      }
    }
  }
  for (const Function &f : m.functions) {
    std::string vjp = qualifiedVjp(f);
    if (called.count(vjp)) {
      enter(f);
      out += vjpDeclaration(f) + (split.functions.count(vjp) ? splitDeclarations(f) : "") + "\n";
    }
  }
  for (const Function &f : m.functions) {
    enter(f);
    auto code = splitCode.find(qualifiedVjp(f));
    out += emitFunction(f, &split, code == splitCode.end() ? "" : code->second) + "\n";
  }
  if (open)
    out += namespaceClose(*open);
  while (out.size() > 1 && out[out.size() - 1] == '\n' && out[out.size() - 2] == '\n')
    out.pop_back();
  return out;
}

} // namespace adgen::emit
