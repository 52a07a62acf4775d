//===- Frontend.cpp - finding what to differentiate ---------------------------===//
//
// The AST consumer: finds the functions marked ADGEN_DIFFERENTIABLE and the
// ADGEN_GRADIENT requests of a translation unit and lowers each once.
//
//===----------------------------------------------------------------------===//
#include "Frontend/Frontend.h"
#include "Frontend/Lowering.h"

#include <algorithm>
#include <stdexcept>

namespace adgen::frontend {

using namespace detail;

namespace {

// --- ADGEN_CUSTOM_VJP -------------------------------------------------------

/// Collects ADGEN_CUSTOM_VJP(function, vjp) declarations (a variable
/// initialised with adgen::detail::custom_vjp(&function, &vjp)) and checks
/// the vjp's signature against the function's.
class CustomFinder : public RecursiveASTVisitor<CustomFinder> {
public:
  CustomFinder(ASTContext &ctx, FunctionLowering::CustomMap &out, bool &failed)
      : ctx_(ctx), out_(out), failed_(failed) {}
  bool shouldVisitTemplateInstantiations() const { return false; }

  bool VisitVarDecl(VarDecl *vd) {
    const auto *spec = dyn_cast_or_null<ClassTemplateSpecializationDecl>(
        vd->getType().getCanonicalType()->getAsCXXRecordDecl());
    if (!spec || spec->getQualifiedNameAsString() != "adgen::detail::CustomVjp" ||
        !vd->getInit() || ctx_.getSourceManager().isInSystemHeader(vd->getLocation()))
      return true;
    const FunctionDecl *fn = nullptr, *vjp = nullptr;
    if (const auto *call = dyn_cast<CallExpr>(vd->getInit()->IgnoreImplicit());
        call && call->getNumArgs() == 2) {
      fn = function(call->getArg(0));
      vjp = function(call->getArg(1));
    }
    if (!fn || !vjp)
      return report(vd, "ADGEN_CUSTOM_VJP must name two functions: ADGEN_CUSTOM_VJP(f, f_vjp)");
    std::optional<std::string> want = expectedVjp(fn);
    if (!want)
      return report(vd, "ADGEN_CUSTOM_VJP: '" + fn->getQualifiedNameAsString() +
                            "' must take and return float, double or integral values");
    std::string have = vjp->getType().getCanonicalType().getAsString(ctx_.getPrintingPolicy());
    if (have != *want)
      return report(vd, "ADGEN_CUSTOM_VJP: '" + vjp->getQualifiedNameAsString() +
                            "' must have the type '" + *want + "' (the parameters of '" +
                            fn->getNameAsString() + "', the seed, then one pointer per "
                            "floating parameter), not '" + have + "'");
    out_[fn->getCanonicalDecl()] = vjp;
    return true;
  }

private:
  static const FunctionDecl *function(const Expr *e) {
    e = e->IgnoreParenCasts(); // (a cast picks an overload)
    if (const auto *addr = dyn_cast<UnaryOperator>(e); addr && addr->getOpcode() == UO_AddrOf)
      e = addr->getSubExpr()->IgnoreParenImpCasts();
    const auto *ref = dyn_cast<DeclRefExpr>(e);
    return ref ? dyn_cast<FunctionDecl>(ref->getDecl()) : nullptr;
  }
  /// void(params..., R d_ret, T* d_p for each floating parameter p).
  std::optional<std::string> expectedVjp(const FunctionDecl *fn) const {
    auto scalar = [](QualType t) {
      t = t.getNonReferenceType().getCanonicalType().getUnqualifiedType();
      return t->isSpecificBuiltinType(BuiltinType::Float) ||
             t->isSpecificBuiltinType(BuiltinType::Double) || t->isIntegralOrEnumerationType();
    };
    auto floating = [](QualType t) {
      t = t.getNonReferenceType().getCanonicalType();
      return t->isSpecificBuiltinType(BuiltinType::Float) ||
             t->isSpecificBuiltinType(BuiltinType::Double);
    };
    const PrintingPolicy &pp = ctx_.getPrintingPolicy();
    if (!floating(fn->getReturnType()))
      return std::nullopt;
    std::vector<std::string> params;
    std::vector<std::string> adjoints;
    for (const ParmVarDecl *pd : fn->parameters()) {
      if (!scalar(pd->getType()))
        return std::nullopt;
      params.push_back(pd->getType().getCanonicalType().getAsString(pp));
      if (floating(pd->getType()))
        adjoints.push_back(
            pd->getType().getNonReferenceType().getCanonicalType().getUnqualifiedType().getAsString(pp) +
            " *");
    }
    params.push_back(fn->getReturnType().getCanonicalType().getAsString(pp));
    params.insert(params.end(), adjoints.begin(), adjoints.end());
    std::string s = "void (";
    for (size_t i = 0; i < params.size(); ++i)
      s += (i ? ", " : "") + params[i];
    return s + ")";
  }
  bool report(const VarDecl *vd, const std::string &msg) {
    DiagnosticsEngine &d = ctx_.getDiagnostics();
    d.Report(vd->getLocation(), d.getCustomDiagID(DiagnosticsEngine::Error, "%0")) << msg;
    failed_ = true;
    return true;
  }
  ASTContext &ctx_;
  FunctionLowering::CustomMap &out_;
  bool &failed_;
};

// --- Finding marked functions ----------------------------------------------

class Finder : public RecursiveASTVisitor<Finder> {
public:
  Finder(ASTContext &ctx, Collection &out, const FunctionLowering::CustomMap &customs)
      : ctx_(ctx), out_(out), customs_(customs) {}

  bool shouldVisitTemplateInstantiations() const { return false; }

  bool VisitFunctionDecl(FunctionDecl *fd) {
    if (ctx_.getSourceManager().isInSystemHeader(fd->getLocation()))
      return true;
    DiagnosticsEngine &d = ctx_.getDiagnostics();
    unsigned id = d.getCustomDiagID(DiagnosticsEngine::Error, "%0");
    if (!hasAnnotation(fd, DifferentiableAnnotation)) {
      if (hasAnnotation(fd, MultiSeedAnnotation) && fd->doesThisDeclarationHaveABody()) {
        d.Report(fd->getLocation(), id)
            << "'" + fd->getNameAsString() + "' is marked ADGEN_MULTI_SEED but not "
               "ADGEN_DIFFERENTIABLE; mark it with both";
        out_.failed = true;
      }
      return true;
    }
    if (!fd->doesThisDeclarationHaveABody()) {
      // (Reported once, at the first declaration, if no definition follows.)
      // (A header may declare it for other files; this file's own must have one.)
      if (!fd->isDefined() && fd->isFirstDecl() && !fd->isTemplated() &&
          ctx_.getSourceManager().isInMainFile(fd->getLocation())) {
        d.Report(fd->getLocation(), id)
            << "'" + fd->getNameAsString() + "' is marked ADGEN_DIFFERENTIABLE but has no body "
               "in this file; define it here or in a header this file includes";
        out_.failed = true;
      }
      return true;
    }
    if (hasAnnotation(fd, NoGradAnnotation)) {
      d.Report(fd->getLocation(), id)
          << "'" + fd->getNameAsString() + "' is marked both ADGEN_DIFFERENTIABLE and "
             "ADGEN_NO_GRAD; keep one";
      out_.failed = true;
      return true;
    }
    if (fd->getTemplateInstantiationPattern())
      return true; // reported at the template itself
    if (fd->isTemplated()) {
      d.Report(fd->getLocation(), id)
          << "function templates cannot be marked differentiable yet; mark a non-template "
             "function with the concrete types";
      out_.failed = true;
      return true;
    }
    if (const auto *md = dyn_cast<CXXMethodDecl>(fd); md && !md->isStatic()) {
      d.Report(fd->getLocation(), id)
          << "member functions cannot be marked differentiable yet; make it a free function "
             "that takes the object's values as parameters";
      out_.failed = true;
      return true;
    }
    size_t before = out_.module.functions.size();
    lowerOnce(fd, nullptr, fd->getLocation());
    if (hasAnnotation(fd, MultiSeedAnnotation) && out_.module.functions.size() > before)
      markMultiSeed(fd, out_.module.functions.back(), fd->getLocation());
    return true;
  }

  /// ADGEN_MULTI_SEED (or ADGEN_GRADIENT_MULTI_SEED, reported at `at`):
  /// f_vjp_multi<K> carries K adjoints in each adjoint
  /// variable. Tensor adjoints and the vjps of calls (user-written or of a
  /// recursive function) take one seed, so those functions are refused.
  void markMultiSeed(const FunctionDecl *fd, ir::Function &f, SourceLocation at) {
    DiagnosticsEngine &d = ctx_.getDiagnostics();
    unsigned id = d.getCustomDiagID(DiagnosticsEngine::Error, "%0");
    std::string why;
    bool tensors = ir::isTensor(f.returnType);
    for (const ir::Param &p : f.params)
      tensors = tensors || ir::isTensor(p.type);
    bool records = false;
    for (const ir::Param &p : f.params)
      records = records || (p.active && p.isRecord());
    if (tensors)
      why = "it has tensor parameters or returns a tensor";
    else if (records)
      why = "it has a struct parameter with an adjoint";
    else if (!f.customs.empty())
      why = "it calls '" + llvm::StringRef(f.customs.front().function).ltrim(':').str() +
            "', whose vector-Jacobian product takes one seed (a recursive call or an "
            "ADGEN_CUSTOM_VJP)";
    if (why.empty()) {
      f.multiSeed = true;
      return;
    }
    d.Report(at, id)
        << "ADGEN_MULTI_SEED is not supported for '" + fd->getNameAsString() + "': " + why +
               "; remove ADGEN_MULTI_SEED and call " + fd->getNameAsString() +
               "_vjp once per seed";
    out_.failed = true;
  }

  /// ADGEN_GRADIENT(function, params...): a variable initialised with
  /// adgen::detail::gradient_request(&function, "params...").
  bool VisitVarDecl(VarDecl *vd) {
    if (hasAnnotation(vd, DifferentiableAnnotation) && !isa<ParmVarDecl>(vd) &&
        !ctx_.getSourceManager().isInSystemHeader(vd->getLocation())) {
      DiagnosticsEngine &d = ctx_.getDiagnostics();
      d.Report(vd->getLocation(), d.getCustomDiagID(DiagnosticsEngine::Error, "%0"))
          << "ADGEN_DIFFERENTIABLE marks functions; '" + vd->getNameAsString() +
                 "' is a variable";
      out_.failed = true;
      return true;
    }
    const auto *spec = dyn_cast_or_null<ClassTemplateSpecializationDecl>(
        vd->getType().getCanonicalType()->getAsCXXRecordDecl());
    if (!spec || spec->getQualifiedNameAsString() != "adgen::detail::GradientRequest" ||
        !vd->getInit() || ctx_.getSourceManager().isInSystemHeader(vd->getLocation()))
      return true;
    DiagnosticsEngine &d = ctx_.getDiagnostics();
    unsigned id = d.getCustomDiagID(DiagnosticsEngine::Error, "%0");
    const FunctionDecl *fn = nullptr;
    const StringLiteral *names = nullptr;
    if (const auto *call = dyn_cast<CallExpr>(vd->getInit()->IgnoreImplicit());
        call && call->getNumArgs() == 2) {
      if (const auto *ref = dyn_cast<DeclRefExpr>(call->getArg(0)->IgnoreParenImpCasts()))
        fn = dyn_cast<FunctionDecl>(ref->getDecl());
      else if (const auto *addr = dyn_cast<UnaryOperator>(call->getArg(0)->IgnoreParenImpCasts()))
        if (const auto *r = dyn_cast<DeclRefExpr>(addr->getSubExpr()->IgnoreParenImpCasts()))
          fn = dyn_cast<FunctionDecl>(r->getDecl());
      names = dyn_cast<StringLiteral>(call->getArg(1)->IgnoreParenImpCasts());
    }
    if (!fn || !names) {
      d.Report(vd->getLocation(), id) << "ADGEN_GRADIENT must name a function: "
                                         "ADGEN_GRADIENT(ns::f, x, y)";
      out_.failed = true;
      return true;
    }
    const FunctionDecl *def = nullptr;
    if (!fn->hasBody(def) || !def) {
      d.Report(vd->getLocation(), id)
          << "ADGEN_GRADIENT names '" + fn->getQualifiedNameAsString() +
                 "', whose body adgen cannot see; include the header that defines it";
      out_.failed = true;
      return true;
    }
    std::set<std::string> requested;
    std::string list = names->getString().str();
    for (size_t at = 0; at <= list.size();) {
      size_t comma = list.find(',', at);
      if (comma == std::string::npos)
        comma = list.size();
      std::string name = list.substr(at, comma - at);
      name.erase(0, name.find_first_not_of(" \t\n"));
      name.erase(name.find_last_not_of(" \t\n") + 1);
      if (!name.empty())
        requested.insert(name);
      at = comma + 1;
    }
    if (requested.empty()) {
      d.Report(vd->getLocation(), id) << "ADGEN_GRADIENT needs the names of the parameters "
                                         "to differentiate with respect to";
      out_.failed = true;
      return true;
    }
    bool ok = true;
    for (const std::string &name : requested) {
      bool found = false;
      for (const ParmVarDecl *pd : def->parameters())
        found = found || pd->getName() == name;
      if (!found) {
        d.Report(vd->getLocation(), id)
            << "'" + def->getQualifiedNameAsString() + "' has no parameter named '" + name + "'";
        out_.failed = true;
        ok = false;
      }
    }
    if (ok) {
      size_t before = out_.module.functions.size();
      lowerOnce(def, &requested, vd->getLocation());
      if (hasAnnotation(vd, MultiSeedAnnotation) && out_.module.functions.size() > before)
        markMultiSeed(def, out_.module.functions.back(), vd->getLocation());
    }
    return true;
  }

private:
  void lowerOnce(const FunctionDecl *fd, const std::set<std::string> *requested,
                 SourceLocation at) {
    DiagnosticsEngine &d = ctx_.getDiagnostics();
    unsigned id = d.getCustomDiagID(DiagnosticsEngine::Error, "%0");
    // A function seen again (a header included by several sources) is lowered
    // once. Two different functions with internal linkage may share a name in
    // two sources, but not in one generated header.
    const SourceManager &sm = ctx_.getSourceManager();
    PresumedLoc p = sm.getPresumedLoc(sm.getExpansionLoc(fd->getLocation()));
    std::string where = p.isValid() ? std::string(p.getFilename()) + ":" + std::to_string(p.getLine()) : "";
    std::string key = fd->getQualifiedNameAsString() + " " + fd->getType().getAsString();
    std::string wanted; // the requested parameters: a function may be requested twice
    for (const std::string &name : requested ? *requested : std::set<std::string>{"*"})
      wanted += " " + name;
    auto [it, inserted] = out_.seen.emplace(key + " [" + wanted + " ]", where);
    if (!inserted) {
      if (it->second != where && !fd->isExternallyVisible()) {
        d.Report(fd->getLocation(), id)
            << "another function '" + fd->getQualifiedNameAsString() +
                   "' with internal linkage and the same type was already differentiated (" +
                   it->second + "); rename one of them or run adgen on each source separately";
        out_.failed = true;
      }
      return;
    }
    size_t before = out_.module.functions.size();
    lower(fd, requested, false, at);
    if (out_.module.functions.size() == before)
      return;
    // Two requests for one function with as many adjoints would generate two
    // functions with the same signature: refuse the second.
    const ir::Function &f = out_.module.functions.back();
    auto actives = [](const ir::Function &g) {
      std::vector<bool> a;
      for (const ir::Param &p : g.params)
        a.push_back(p.active);
      return a;
    };
    for (size_t i = 0; i + 1 < out_.module.functions.size(); ++i) {
      const ir::Function &g = out_.module.functions[i];
      std::vector<bool> x = actives(f), y = actives(g);
      bool sameType = g.qualifiedName() == f.qualifiedName() && g.params.size() == f.params.size();
      for (size_t k = 0; sameType && k < f.params.size(); ++k)
        sameType = ir::typeString(f.params[k]) == ir::typeString(g.params[k]);
      if (!sameType || g.vjpOnly || x == y ||
          std::count(x.begin(), x.end(), true) != std::count(y.begin(), y.end(), true))
        continue;
      d.Report(at, id) << "'" + fd->getQualifiedNameAsString() +
                              "' is already differentiated with respect to as many other "
                              "parameters; both gradients would have the same signature. "
                              "Request all the parameters in one ADGEN_GRADIENT";
      out_.failed = true;
      out_.module.functions.pop_back();
      return;
    }
  }

public:
  /// The vjps that calls of recursive functions use: each generated once,
  /// with every floating parameter active, unless a marked function already
  /// has that vjp.
  void lowerRecursiveCallees() {
    while (!pending_.empty()) {
      const FunctionDecl *fd = pending_.front();
      pending_.erase(pending_.begin());
      std::string key = fd->getQualifiedNameAsString() + " " + fd->getType().getAsString();
      if (out_.vjps.insert(key).second)
        lower(fd, nullptr, true);
    }
  }

private:
  /// `requestAt`: the ADGEN_GRADIENT that asked for fd, if one did (errors
  /// get a note there).
  void lower(const FunctionDecl *fd, const std::set<std::string> *requested, bool vjpOnly,
             SourceLocation requestAt = SourceLocation()) {
    // Every floating parameter active: the vjp recursive calls use.
    bool allActive = !requested;
    for (const ParmVarDecl *pd : fd->parameters())
      allActive = allActive && !hasAnnotation(pd, NoGradAnnotation);
    if (allActive || vjpOnly)
      out_.vjps.insert(fd->getQualifiedNameAsString() + " " + fd->getType().getAsString());
    // (Lowering starts again, at most once per parameter, when the body
    // turns out to read an output parameter.)
    for (std::set<int> readOutputs;;) {
      try {
        FunctionLowering lowering(ctx_, fd, requested, &customs_);
        if (vjpOnly)
          lowering.setAllActive();
        if (requested)
          lowering.setRequestedAt(requestAt);
        lowering.setReadOutputs(readOutputs);
        out_.module.functions.push_back(lowering.run());
        out_.module.functions.back().vjpOnly = vjpOnly;
        for (const FunctionDecl *callee : lowering.recursiveCallees())
          pending_.push_back(callee);
      } catch (const Refused &) {
        out_.failed = true;
      } catch (const ReadsOutput &r) {
        if (readOutputs.insert(r.param).second)
          continue;
        throw std::logic_error("an output parameter read again after it became an array");
      }
      break;
    }
  }

  std::vector<const FunctionDecl *> pending_; // recursive callees whose vjps are needed

  ASTContext &ctx_;
  Collection &out_;
  const FunctionLowering::CustomMap &customs_;
};

class Consumer : public ASTConsumer {
public:
  explicit Consumer(Collection &out) : out_(out) {}
  void HandleTranslationUnit(ASTContext &ctx) override {
    if (ctx.getDiagnostics().hasErrorOccurred()) {
      out_.failed = true; // the code does not compile: nothing to differentiate
      return;
    }
    FunctionLowering::CustomMap customs;
    CustomFinder(ctx, customs, out_.failed).TraverseDecl(ctx.getTranslationUnitDecl());
    Finder finder(ctx, out_, customs);
    finder.TraverseDecl(ctx.getTranslationUnitDecl());
    finder.lowerRecursiveCallees();
  }

private:
  Collection &out_;
};

} // namespace

std::unique_ptr<ASTConsumer> makeConsumer(Collection &out) {
  return std::make_unique<Consumer>(out);
}

} // namespace adgen::frontend
