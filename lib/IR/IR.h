//===- IR.h - adgen's intermediate representation -------------------------===//
//
// A function body is a DAG of values (Graph). Nodes are created through the
// Graph's builder methods, which hash-cons them (a common subexpression is one
// node) and apply a few simplifications that are exact in IEEE arithmetic.
// Node ids are topological: every operand has a smaller id than its user.
//
// Nothing here knows about Clang: the frontend fills this in, the reverse
// transform extends it, and the emitter prints it.
//
//===----------------------------------------------------------------------===//
#ifndef ADGEN_IR_IR_H
#define ADGEN_IR_IR_H

#include <cstdint>
#include <map>
#include <string>
#include <tuple>
#include <vector>

namespace adgen::ir {

enum class Op : uint8_t {
#define ADGEN_OP(Name, Arity, Form, Spelling, Backward) Name,
#include "IR/Ops.def"
};

enum class OpForm : uint8_t { Leaf, Infix, Prefix, Call };

struct OpInfo {
  const char *name;     // "Add"
  int arity;
  OpForm form;
  const char *spelling; // "+", "std::sin"
  const char *backward; // PyTorch's grad_fn name, "" if none
};
const OpInfo &info(Op op);

/// Value types. Int stands for any integral type (its C++ type is kept by the
/// emitter through `auto`); it is never differentiated.
/// Mem is the contents of a local array (see ArrayStore in Ops.def); Buffer
/// a copy of them (Snapshot), a std::vector spelled in the node's cxxType.
enum class Type : uint8_t { Bool, Int, Float, Double, FloatTensor, DoubleTensor, Mem, Buffer };

bool isTensor(Type t);
bool isFloating(Type t); // a value that can carry a derivative
Type elementType(Type t); // Float for FloatTensor, the type itself for scalars
Type tensorOf(Type scalar);
const char *cxxName(Type t); // "double", "adgen::Tensor"

using NodeId = uint32_t;
constexpr NodeId NoNode = ~NodeId(0);

/// Code runs in regions: the function body (region 0) and the two branches of
/// every if/else, nested. A node belongs to the region where it is computed;
/// it may use nodes of its own region and of enclosing regions. Values leave
/// a branch only through Phi nodes in the enclosing region.
using RegionId = uint32_t;
constexpr RegionId RootRegion = 0;

struct Region {
  RegionId parent = RootRegion;
  NodeId cond = 0;       // the if's condition (a Bool node in `parent`)
  bool isThen = false;   // the branch taken when cond is true
  unsigned depth = 0;    // 0 for the root
  int loop = -1;         // a loop body: the loop's index; -1 for a branch or the root
};

/// A loop: `for (;;) { [if (!cond) break;] body; vars = nexts; [if (!cond) break;] }`.
/// The carried variables are the ones the body assigns; everything else the
/// body computes is new in each iteration.
struct LoopInfo {
  RegionId body = RootRegion;
  NodeId cond = 0;             // Bool, in the body region
  bool testAtTop = true;       // for/while; false for do-while (cond on the nexts)
  std::vector<NodeId> vars;    // LoopVar nodes
  std::vector<NodeId> inits;   // their values before the loop
  std::vector<NodeId> nexts;   // their values at the end of an iteration
  std::vector<NodeId> exits;   // LoopExit nodes
};

struct Node {
  Op op;
  Type type;
  std::vector<NodeId> args;
  double value = 0;   // Const; Load, Store, OutputSeed: the struct member's index
  int param = -1;     // Param, Load: index of the parameter
  std::string hint;   // a name from the user's code (a local variable), or ""
  std::string cxxType; // Cast to Int: the integral type spelled in C++ ("int")
  RegionId region = RootRegion;
  unsigned line = 0, col = 0; // where the user wrote it (0 = generated)
};

class Graph {
public:
  const Node &node(NodeId id) const { return nodes_[id]; }
  size_t size() const { return nodes_.size(); }
  Type type(NodeId id) const { return nodes_[id].type; }
  bool isConst(NodeId id, double v) const;

  // Leaves.
  NodeId param(int index, Type t);
  /// p[offset] of a pointer parameter; for a struct parameter, member
  /// `member` (an index in Param::members) of p[offset] (of p itself for one
  /// passed by value or reference, offset 0).
  NodeId load(int index, Type t, NodeId offset, int member = 0);
  NodeId constant(double v, Type t);
  NodeId seed(Type t);

  /// Builds `op(args)` of type `t` in the current region, folding constants
  /// and reusing an equal node when there is one (asserts the operand count).
  NodeId make(Op op, Type t, std::vector<NodeId> args);
  // Shorthands that infer the type from the operands.
  NodeId add(NodeId a, NodeId b) { return make(Op::Add, joinType(a, b), {a, b}); }
  NodeId sub(NodeId a, NodeId b) { return make(Op::Sub, joinType(a, b), {a, b}); }
  NodeId mul(NodeId a, NodeId b) { return make(Op::Mul, joinType(a, b), {a, b}); }
  NodeId div(NodeId a, NodeId b) { return make(Op::Div, joinType(a, b), {a, b}); }
  NodeId neg(NodeId a) { return make(Op::Neg, type(a), {a}); }
  NodeId cast(NodeId a, Type t) { return type(a) == t ? a : make(Op::Cast, t, {a}); }
  /// p[offset] = value for output parameter `param`; never shared.
  NodeId store(int param, NodeId offset, NodeId value, int member = 0);
  /// The reverse sweep's read-and-clear of d_p[offset]; never shared.
  NodeId outputSeed(int param, NodeId offset, Type t, int member = 0);
  /// Local arrays: the declaration, a read, a write (never shared).
  NodeId arrayNew(int array, NodeId size, double fill);
  NodeId arrayLoad(int array, Type t, NodeId mem, NodeId index);
  NodeId arrayStore(int array, NodeId mem, NodeId index, NodeId value);
  NodeId arrayResize(int array, NodeId mem, NodeId size, NodeId oldSize, double fill);
  /// The reverse sweep's adjoint arrays (never shared: they happen in order).
  NodeId adjoint(Op op, int array, Type t, std::vector<NodeId> args);
  /// Turns AdjTake `id` into an AdjRead (see Ops.def).
  void keepAdjoint(NodeId id) { nodes_[id].op = Op::AdjRead; }
  /// `value` recorded in each iteration of loop l for its reverse (in the
  /// loop's body region).
  NodeId recorded(unsigned l, NodeId value, RegionId body);
  /// A call of custom function `index` (Function::customs).
  NodeId custom(int index, Type t, std::vector<NodeId> args);
  /// The adjoint of operand k that CustomVjp `call` computes (never shared).
  NodeId customPart(NodeId call, unsigned k, Type t);
  /// A copy of local array `array` as `mem` holds it, taken right after
  /// Custom `call` for the call's reverse (see Ops.def).
  NodeId snapshot(int array, NodeId mem, NodeId call, const std::string &cxxType);
  /// A call to `name` made as in the primal; never shared or differentiated.
  NodeId opaque(const std::string &name, Type t, std::vector<NodeId> args);
  /// A conversion of a floating value to an integral type (cuts derivatives).
  NodeId castToInt(NodeId a, const std::string &cxxType);
  NodeId unary(Op op, NodeId a) { return make(op, type(a), {a}); }
  NodeId call(Op op, std::vector<NodeId> args); // result typed as args[0]

  /// The type of a binary operation on a and b: a tensor if either is one.
  Type joinType(NodeId a, NodeId b) const;

  // Control flow.
  /// Opens an if/else on `cond` inside the current region; returns the then
  /// region (the else region is the next id). Does not enter it.
  RegionId openIf(NodeId cond);
  void enter(RegionId r) { current_ = r; }
  RegionId current() const { return current_; }
  const Region &region(RegionId r) const { return regions_[r]; }
  size_t regionCount() const { return regions_.size(); }
  bool hasBranches() const { return regions_.size() > 1; }
  // Loops.
  /// Opens a loop inside the current region; returns its index. Enter its body
  /// with enter(loop(i).body).
  unsigned openLoop();
  /// A carried variable of loop `l` (in the body region) starting at `init`.
  NodeId loopVar(unsigned l, NodeId init);
  /// Closes loop `l`: its condition and the carried values at the end of an
  /// iteration (same order as its vars); creates the exits.
  void closeLoop(unsigned l, NodeId cond, bool testAtTop, const std::vector<NodeId> &nexts);
  const LoopInfo &loop(unsigned l) const { return loops_[l]; }
  size_t loopCount() const { return loops_.size(); }
  /// A leaf for the reverse sweep (LoopAdj, LoopAdjOut, LoopGrad) of loop `l`.
  NodeId loopLeaf(Op op, unsigned l, unsigned index, Type t, RegionId r);
  /// The innermost loop whose body contains region r, or -1.
  int loopOf(RegionId r) const;

  /// True when code in region `inner` can use values of region `outer`.
  bool within(RegionId inner, RegionId outer) const;
  /// The value of `then` or `other` after the if whose branches are
  /// `thenRegion` and `thenRegion + 1`; created in the if's enclosing region.
  NodeId phi(RegionId thenRegion, NodeId then, NodeId other);

  /// Remembers a user-visible name for a node (first name wins).
  void setHint(NodeId id, const std::string &name, unsigned line, unsigned col);
  void setLocation(NodeId id, unsigned line, unsigned col);
  void setCxxType(NodeId id, const std::string &cxx) { nodes_[id].cxxType = cxx; }

private:
  NodeId intern(Node n);
  NodeId simplify(Op op, Type t, const std::vector<NodeId> &args);
  using Key = std::tuple<Op, Type, std::vector<NodeId>, double, int, std::string>;
  std::vector<Node> nodes_;
  std::vector<Region> regions_{Region{}};
  std::vector<LoopInfo> loops_;
  RegionId current_ = RootRegion;
  std::map<std::pair<Key, RegionId>, NodeId> interned_;
};

/// How a parameter is passed; decides the adjoint's type and how it is used.
/// Container: a std::vector<T> or std::array<T, N> parameter (read like a pointer;
/// its adjoint is a pointer to the same type).
enum class ParamForm : uint8_t { Value, ConstRef, Ref, Pointer, Array, Container };

/// A scalar member of a struct parameter, flattened: its access path from
/// the struct ("pos.x") and its type.
struct Member {
  std::string path;
  Type type = Type::Double;
};

struct Param {
  std::string name;
  std::string cxxType;   // as the user declared it (fully qualified)
  Type type = Type::Int; // the element type for pointers and arrays
  ParamForm form = ParamForm::Value;
  bool active = false;   // has an adjoint parameter d_<name>
  bool output = false;   // the function writes it (a non-const pointer, array or reference)
  std::string container; // Container: "std::vector<double>"
  // A struct (or pointer to structs): its scalar members, nested structs
  // flattened, and its type as C++ spells it. Elements are read and written
  // member by member (Load, Store with Node::value = the member's index);
  // the adjoint is a pointer to the same struct type.
  std::vector<Member> members;
  std::string record;
  bool isRecord() const { return !record.empty(); }
};

/// The parameter's type as generated code spells it ("const adgen::Tensor&").
std::string typeString(const Param &p);
/// The type its adjoint parameter points to ("double", "std::vector<double>", "Camera").
std::string adjointType(const Param &p);
/// An element of parameter p (adjoint = false) or of its adjoint (true),
/// named `name`: p, p[k], p.x, p[k].x; d_p[k], *d_p, (*d_v)[k], d_p->x, d_p[k].x.
/// `offset` is the printed offset ("" for a parameter passed by value or
/// reference), `member` the struct member's index.
std::string elementString(const Param &p, bool adjoint, const std::string &name,
                          const std::string &offset, int member);

struct SourceLoc {
  std::string file;
  unsigned line = 0, col = 0;
};

/// A local array: `double a[3]`, `std::array<double, 3> a`, `std::vector<double> a(n)`.
enum class ArrayKind : uint8_t { CArray, StdArray, Vector };
struct LocalArray {
  std::string name;
  Type element = Type::Double;
  ArrayKind kind = ArrayKind::CArray;
  long long size = 0; // CArray, StdArray: the constant size
  bool filled = false; // declared with a value for every element (vector(n, v), a[3] = {})
  std::string elementCxx; // the element type as declared ("int"), for integral elements
  bool grows = false;  // a std::vector resized (push_back, resize, assign, clear)
  /// An output parameter that the function also reads (y[i] += ...): its
  /// elements, the caller's, are read and written in place like a local
  /// array's; its adjoint is the parameter's (d_y). -1 for a local array.
  int param = -1;
  bool isParameter() const { return param >= 0; }
};

/// How a Custom call passes one parameter of its callee, and which of the
/// call's operands stand for it: Value, one operand (the value); ParamPointer,
/// `p + offset` of pointer parameter `index`, one operand (the offset);
/// ArrayPointer, `a + offset` of local array `index`, two operands (its
/// contents, Mem, and the offset).
enum class ArgForm : uint8_t { Value, ParamPointer, ArrayPointer };
struct CallArg {
  ArgForm form = ArgForm::Value;
  int index = -1;
  bool active = false; // the vjp takes an adjoint for it
  std::string cast;    // a Value of enum type: the type, to convert the number to
  bool operator==(const CallArg &o) const {
    return form == o.form && index == o.index && active == o.active && cast == o.cast;
  }
};

/// A function called as a whole, whose vjp the reverse sweep calls: one with
/// a user-provided vjp (ADGEN_CUSTOM_VJP; every argument a value), or a
/// function that calls itself, whose vjp adgen generates (`generated`).
/// Names qualified.
struct CustomFunction {
  std::string function, vjp;
  std::vector<CallArg> args; // per parameter of the callee
  bool generated = false;
  bool operator==(const CustomFunction &o) const {
    return function == o.function && vjp == o.vjp && args == o.args && generated == o.generated;
  }
  /// The first operand of parameter k.
  size_t operandOf(size_t k) const {
    size_t at = 0;
    for (size_t i = 0; i < k; ++i)
      at += args[i].form == ArgForm::ArrayPointer ? 2 : 1;
    return at;
  }
  bool hasPointers() const {
    for (const CallArg &a : args)
      if (a.form != ArgForm::Value)
        return true;
    return false;
  }
};

struct Function {
  std::string name;
  std::vector<std::string> namespaces; // outermost first; "" = anonymous
  std::string returnCxx;               // as declared
  Type returnType = Type::Double;
  std::vector<Param> params;
  Graph graph;
  NodeId result = NoNode;              // for a void function: a constant, never used
  bool returnsVoid = false;            // only f_vjp, without d_ret
  std::vector<NodeId> stores;          // Store nodes, in program order
  std::vector<LocalArray> arrays;
  std::vector<CustomFunction> customs;
  SourceLoc loc;
  /// Generated only as the vjp that calls of a recursive function use
  /// (every floating parameter active); no _grad.
  bool vjpOnly = false;
  /// Marked ADGEN_MULTI_SEED: f_vjp_multi<K> is generated too.
  bool multiSeed = false;
  std::string qualifiedName() const;
};

/// Tensor operations computed element by element, their tensor operands
/// broadcast together (expand_as(g, like) too: g over like's shape).
bool isElementwise(Op op);
/// A math function that costs much more than a store and a load (sin, exp,
/// pow, ...; not sqrt, a few cycles): the reverse sweep reads its primal value where it can
/// rather than calling it again (a loop's tape, a branch's kept variable).
bool isCostly(Op op);
/// A value of the same shape as tensor `v` that exists no later than v:
/// down through elementwise operations with one tensor operand (x + 3 has
/// x's shape). For operands read only for their shape (expand_as(g, like),
/// reduce_like(g, like), ...), so that the chain producing v can be fused.
NodeId shapeSource(const Graph &g, NodeId v);

/// Activity: the nodes whose value depends on an active parameter (and so
/// carry a derivative). Integers, bools and float -> int casts never do.
std::vector<bool> variedNodes(const Function &f);

struct Module {
  std::vector<Function> functions;
  bool usesTensors() const;
};

} // namespace adgen::ir

#endif
