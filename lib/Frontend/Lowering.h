//===- Lowering.h - the lowering of one function (internal) -------------------===//
//
// FunctionLowering turns one function's Clang AST into adgen IR. Its methods
// are spread over Lowering.cpp (types, signature), Statements.cpp (statements,
// control flow, loops, assignments), Expressions.cpp and Calls.cpp. Only the
// Frontend component includes this header.
//
//===----------------------------------------------------------------------===//
#ifndef ADGEN_FRONTEND_LOWERING_H
#define ADGEN_FRONTEND_LOWERING_H

#include "IR/IR.h"

#include "clang/AST/ASTConsumer.h"
#include "clang/AST/ASTContext.h"
#include "clang/AST/Attr.h"
#include "clang/AST/Decl.h"
#include "clang/AST/DeclCXX.h"
#include "clang/AST/DeclTemplate.h"
#include "clang/AST/Expr.h"
#include "clang/AST/ExprCXX.h"
#include "clang/AST/RecursiveASTVisitor.h"
#include "clang/AST/Stmt.h"
#include "clang/Basic/Diagnostic.h"
#include "clang/Basic/SourceManager.h"
#include "llvm/ADT/StringMap.h"

#include <algorithm>
#include <functional>
#include <optional>
#include <map>
#include <set>


namespace adgen::frontend::detail {

using namespace clang;
using ir::NodeId;
using ir::Op;
using ir::Type;

constexpr const char *DifferentiableAnnotation = "adgen.differentiable";
constexpr const char *NoGradAnnotation = "adgen.no_grad";
constexpr const char *MultiSeedAnnotation = "adgen.multi_seed";

inline bool hasAnnotation(const Decl *d, llvm::StringRef what) {
  for (const auto *a : d->specific_attrs<AnnotateAttr>())
    if (a->getAnnotation() == what)
      return true;
  return false;
}

/// Whether f takes a parameter it may write the caller's data through: a
/// pointer to non-const or a non-const reference.
inline bool mayWriteArguments(const FunctionDecl *f) {
  for (const ParmVarDecl *p : f->parameters()) {
    QualType t = p->getType();
    if ((t->isPointerType() && !t->getPointeeType().isConstQualified()) ||
        (t->isReferenceType() && !t.getNonReferenceType().isConstQualified()))
      return true;
  }
  return false;
}

/// Thrown to stop lowering a function after its diagnostic was reported.
struct Refused {};

/// Thrown when the body reads output parameter `param` (y[i] += ...):
/// lowering starts again with that parameter read and written in place
/// (FunctionLowering::setReadOutputs).
struct ReadsOutput {
  int param;
};


/// The expression a wrapper (parentheses, temporaries, default arguments)
/// stands for, or nullptr.
const Expr *wrapped(const Expr *e);

/// The parameter an assignment's left side writes through (p[i], *p,
/// *(p + k), or the parameter itself), or nullptr.
const ParmVarDecl *writtenParam(const Expr *lhs);

/// The left sides of every assignment in a statement: `=`, compound
/// assignments, ++ and --, assignment operators of class types, and numbers
/// passed to a callee's non-const reference (which it may assign). Output
/// parameters and a loop's carried variables are read off them.
class AssignmentTargets : public RecursiveASTVisitor<AssignmentTargets> {
public:
  std::vector<const Expr *> targets;
  bool VisitBinaryOperator(BinaryOperator *e) {
    if (e->isAssignmentOp())
      targets.push_back(e->getLHS());
    return true;
  }
  bool VisitUnaryOperator(UnaryOperator *e) {
    if (e->isIncrementDecrementOp())
      targets.push_back(e->getSubExpr());
    return true;
  }
  bool VisitCXXOperatorCallExpr(CXXOperatorCallExpr *e) {
    if (e->isAssignmentOp() && e->getNumArgs() > 0)
      targets.push_back(e->getArg(0));
    return true;
  }
  bool VisitCallExpr(CallExpr *e) {
    const FunctionDecl *callee = e->getDirectCallee();
    if (!callee)
      return true;
    // (A member operator's object is argument 0.)
    unsigned shift = isa<CXXOperatorCallExpr>(e) && isa<CXXMethodDecl>(callee) ? 1 : 0;
    for (unsigned i = 0; i < callee->getNumParams() && i + shift < e->getNumArgs(); ++i) {
      QualType t = callee->getParamDecl(i)->getType();
      if (t->isLValueReferenceType() && !t.getNonReferenceType().isConstQualified() &&
          t.getNonReferenceType()->isArithmeticType())
        targets.push_back(e->getArg(i + shift));
    }
    return true;
  }
};

using Env = std::map<const ValueDecl *, NodeId>;
using RegionIdT = ir::RegionId;

class FunctionLowering {
public:
  /// `requested`: for ADGEN_GRADIENT, the names of the active parameters
  /// (nullptr: every floating parameter not marked ADGEN_NO_GRAD).
  /// Functions with a user-provided vjp (ADGEN_CUSTOM_VJP), by canonical decl.
  using CustomMap = std::map<const FunctionDecl *, const FunctionDecl *>;
  FunctionLowering(ASTContext &ctx, const FunctionDecl *fd,
                   const std::set<std::string> *requested = nullptr,
                   const CustomMap *customs = nullptr)
      : ctx_(ctx), fd_(fd), requested_(requested), customs_(customs) {}

  void setRequestedAt(SourceLocation at) { requestedAt_ = at; }

  /// Lowers fd into f; throws Refused after reporting a diagnostic.
  ir::Function run();
  /// Every floating parameter active, ADGEN_NO_GRAD or not (the vjp that
  /// recursive calls use).
  void setAllActive() { allActive_ = true; }
  /// Output parameters the body also reads: lowered as arrays whose
  /// elements are the caller's (ir::LocalArray::param).
  void setReadOutputs(const std::set<int> &params) { readOutputs_ = params; }
  /// After run(): the functions it calls recursively, whose vjps the
  /// generated code calls.
  const std::vector<const FunctionDecl *> &recursiveCallees() const { return recursive_; }

private:
  [[noreturn]] void refuse(SourceRange where, const std::string &msg);
  [[noreturn]] void refuse(const Stmt *s, const std::string &msg) {
    refuse(s->getSourceRange(), msg);
  }

  // Types.
  std::optional<Type> classify(QualType t) const; // value types adgen understands
  std::optional<Type> tensorType(QualType t) const;
  std::string spell(QualType t) const;
  void lowerSignature();

  // Statements.
  NodeId lowerSeq(std::vector<const Stmt *> work);
  struct Flow {
    NodeId result = ir::NoNode; // the returned value when every path returned
    bool consumed = false;      // the continuation was lowered inside the branches
  };
  Flow lowerIf(const IfStmt *s, const std::vector<const Stmt *> &rest);
  void mergeBranches(RegionIdT thenRegion, const Env &thenEnv, const Env &elseEnv);
  void lowerStmt(const Stmt *s);
  void lowerLoop(const Stmt *init, const Expr *cond, const Expr *inc, const Stmt *body,
                 bool testAtTop, const Stmt *at);
  void lowerDecl(const DeclStmt *ds);
  void lowerEffect(const Expr *e);
  void assign(const Expr *lhs, NodeId value, const Stmt *at);
  const VarDecl *assignable(const Expr *lhs, const Stmt *at);
  bool lowerStore(const Expr *lhs, const Expr *rhs, const Stmt *at);
  bool isOutputElement(const Expr *lhs);

  // Expressions.
  NodeId lower(const Expr *e);
  NodeId lowerCast(const CastExpr *e);
  NodeId lowerDeclRef(const DeclRefExpr *e);
  NodeId lowerBinary(const BinaryOperator *e);
  NodeId lowerUnary(const UnaryOperator *e);
  NodeId lowerConditional(const Expr *cond, const Expr *then, const Expr *other, const Expr *at);
  NodeId lowerLogical(const BinaryOperator *e);
  NodeId lowerCondition(const Expr *e);
  NodeId lowerCall(const CallExpr *e);
  NodeId lowerMathCall(const CallExpr *e, Op op, Type t);
  // Tensor operations (Tensors.cpp).
  NodeId lowerTensorCall(const CallExpr *e);
  char operandKind(const Expr *e) const;
  NodeId constantTensorCall(const CallExpr *e, const std::string &name,
                            const std::vector<const Expr *> &operands, const std::string &kinds);
  bool dependsOnActive(NodeId id) const;
  NodeId scalarOperand(const Expr *e, Type tensor);
  NodeId intList(const Expr *e);
  NodeId classIndices(const Expr *e);
  // adgen::NoGradGuard scopes (Statements.cpp).
  bool isNoGradGuard(QualType t) const;
  void noteNoGradScopes(const CompoundStmt *block);
  NodeId noGrad(NodeId value, const Stmt *at);
  std::set<const Stmt *> noGradStmts_;
  NodeId lowerElement(const Expr *base, const Expr *index, const Expr *whole);
  struct PointerValue {
    int param;                          // the parameter it points into, or -1
    NodeId offset;
    const ValueDecl *array = nullptr;   // or the local array
    int member = 0;                     // a struct parameter's member (Param::members)
  };
  PointerValue lowerPointer(const Expr *e);
  /// Inlines a call; a struct result goes to *record (its members).
  NodeId inlineCall(const CallExpr *e, const FunctionDecl *def,
                    std::vector<NodeId> *record = nullptr);
  NodeId customCall(const CallExpr *e, const FunctionDecl *callee, const FunctionDecl *vjp);
  NodeId recursiveCall(const CallExpr *e, const FunctionDecl *def);

  // Local arrays (Arrays.cpp).
  struct ArrayShape {
    ir::ArrayKind kind;
    Type element;
    long long size = 0; // constant size (C arrays, std::array)
    std::string elementCxx; // the element type as C++ spells it ("double", "int")
  };
  std::optional<ArrayShape> arrayShape(QualType t) const;
  long long scalarCount(QualType t) const;
  NodeId scaled(NodeId k, const Expr *pointer);
  void flatInit(const Expr *init, QualType t, long long at, std::vector<const Expr *> &out) const;
  bool lowerArrayDecl(const VarDecl *vd);
  const ValueDecl *localArray(const Expr *e) const; // the local array e names, or nullptr
  const ValueDecl *containerParam(const Expr *e) const; // a std::vector/array parameter, or nullptr
  bool subscriptable(const Expr *e) const { return localArray(e) || containerParam(e); }
  const ValueDecl *arrayOf(const ValueDecl *d) const;
  NodeId loadElement(const PointerValue &pv, const Expr *whole);
  void storeElement(const PointerValue &pv, NodeId value, const Stmt *at);
  std::optional<PointerValue> elementOf(const Expr *lhs);
  PointerValue indexed(const Expr *base, const Expr *index); // &base[index]
  NodeId lowerArrayMember(const CallExpr *e, const ValueDecl *array);
  void carriedArrays(const Stmt *s, std::set<const ValueDecl *> &out) const;
  NodeId opaqueCall(const CallExpr *e, const FunctionDecl *callee, Type t);

  // Structs (Structs.cpp). A struct is lowered member by member: a local
  // struct is one variable per scalar member (a synthetic VarDecl, "q_x"), a
  // struct parameter is read and written through Load/Store of its members.
  struct RecordShape {
    std::vector<ir::Member> leaves;  // scalar members, nested structs flattened
    std::vector<QualType> leafTypes;
  };
  bool isRecord(QualType t) const; // a struct adgen lowers member by member
  const RecordShape &recordShape(QualType t, SourceRange where);
  unsigned leafCount(QualType t, SourceRange where);
  void requirePublicMembers(QualType t, SourceRange where);
  unsigned fieldOffset(const FieldDecl *field, SourceRange where);
  /// Where a struct lvalue (or a member of one) is: in local variables, or
  /// at an address in a parameter; leaves [first, first + count).
  struct Place {
    std::vector<const ValueDecl *> vars;
    std::optional<PointerValue> address;
    unsigned first = 0, count = 0;
  };
  std::optional<Place> place(const Expr *e);
  std::optional<Place> pointee(const Expr *pointer);
  std::vector<NodeId> readPlace(const Place &p, const Expr *at);
  void writePlace(const Place &p, const std::vector<NodeId> &values, const Stmt *at);
  std::vector<NodeId> lowerRecord(const Expr *e);
  std::vector<NodeId> lowerInitList(const InitListExpr *e);
  std::vector<NodeId> lowerConstruct(const CXXConstructExpr *e);
  NodeId lowerMember(const MemberExpr *e);
  /// A new local struct: one synthetic variable per leaf, named name_leaf.
  const ValueDecl *newRecord(const std::string &name, QualType t, SourceLocation at);
  void assignLeaf(const ValueDecl *leaf, NodeId value, const Stmt *at, bool hint = true);
  bool lowerRecordDecl(const VarDecl *vd);
  bool lowerRecordEffect(const Expr *e);
  std::vector<const ValueDecl *> localLeaves(const Expr *e) const;
  void carriedRecords(const Stmt *s, std::set<const ValueDecl *> &out) const;
  void mergeReturnSlots(RegionIdT thenRegion, const Env &thenEnv, const Env &elseEnv);
  std::map<const ValueDecl *, std::vector<const ValueDecl *>> records_; // local struct -> leaves
  std::map<const ValueDecl *, int> recordParams_; // struct parameters by reference
  std::map<const clang::Type *, RecordShape> shapes_;
  const ValueDecl *this_ = nullptr;               // the object of the inlined member function
  std::vector<const ValueDecl *> returnSlots_;    // an inlined call's struct result
  NodeId binary(BinaryOperatorKind k, NodeId a, NodeId b, Type t, const Expr *at);
  NodeId located(NodeId id, const Stmt *s);

  ASTContext &ctx_;
  const FunctionDecl *fd_;
  const std::set<std::string> *requested_;
  SourceLocation requestedAt_; // the ADGEN_GRADIENT, noted with each error
  const CustomMap *customs_;
  ir::Function f_;
  Env env_;                                        // current value of each variable
  int loopDepth_ = 0;                              // loops around the current statement
  // A pointer (parameter, local, or a callee's parameter) points into one of
  // the function's pointer parameters; its offset is its value in env_.
  std::map<const ValueDecl *, int> pointerBase_;
  std::map<const ValueDecl *, const ValueDecl *> pointerArray_; // a pointer into a local array
  std::map<const ValueDecl *, int> arrayIndex_;   // local array -> Function::arrays
  std::map<const ValueDecl *, NodeId> arraySize_; // its size as declared (an Int node)
  std::map<const ValueDecl *, const ValueDecl *> sizeVars_; // a local vector's current size
  std::map<const ValueDecl *, const ValueDecl *> arrayAlias_; // a callee's reference parameter
  std::map<const ValueDecl *, NodeId> containerSize_; // std::vector/array parameters (and callees')
  std::vector<const FunctionDecl *> inlined_;      // calls being inlined (recursion check)
  std::vector<const CallExpr *> callSites_;        // ... and where they are called
  std::vector<const FunctionDecl *> recursive_;    // called recursively (see recursiveCall)
  bool allActive_ = false;
  std::set<int> readOutputs_;
  /// Recursive calls given an output parameter read in place (array index).
  struct ParameterCall {
    const CallExpr *e;
    NodeId call;
    int array;
    std::vector<const CallExpr *> callSites; // the inlined calls it is in
  };
  std::vector<ParameterCall> parameterCalls_;
  std::vector<const ValueDecl *> loops_;           // per enclosing loop: its done flag (break)
  std::set<const ParmVarDecl *> outputRefs_;       // T& parameters the function writes
  /// A T& output parameter the function also reads: an in-out array of one
  /// element (see ir::LocalArray::param), through this variable's contents.
  std::map<const ValueDecl *, const ValueDecl *> refArray_;
  /// A callee's T& parameter (double &acc): a variable holding a copy of the
  /// argument, copied back into it when the call returns.
  std::set<const ValueDecl *> refCopies_;
  std::optional<Place> scalarPlace(const Expr *arg);
  Type returnType_ = Type::Double;                 // of the function whose body is lowered
  // A return inside a loop sets these carried variables and leaves the loop;
  // after the loop, `if (returned) return result;` (made per function body).
  const ValueDecl *returned_ = nullptr, *retval_ = nullptr;
  const ValueDecl *synthetic(const std::string &name, QualType t, SourceLocation at);
  std::map<const ValueDecl *, unsigned> syntheticOrder_; // creation order (ties in source order)
  std::vector<const ValueDecl *> inSourceOrder(const Env &env) const;
  NodeId afterReturningLoop(const std::vector<const Stmt *> &rest);
  const Stmt *switchAsIfs(const SwitchStmt *sw);
  std::string variableType(const ValueDecl *decl) const;
  std::map<const ParmVarDecl *, int> paramIndex_;
};


} // namespace adgen::frontend::detail

#endif
