//===- main.cpp - the adgen command line ----------------------------------===//
//
//   adgen <source>... -o <header> [--depfile=<file>] [-- <compiler flags>]
//
// Parses the sources with Clang, lowers the marked functions to IR, and
// writes the generated header (or the backward graphs: --emit=dag|dot). On
// any error nothing is written: the output file and the depfile are replaced
// atomically, and only when their content changes.
//
//===----------------------------------------------------------------------===//
#include "Emit/Emitter.h"
#include "Frontend/Frontend.h"
#include "IR/Printer.h"

#include "clang/Driver/Options.h"
#include "clang/Frontend/CompilerInstance.h"
#include "clang/Frontend/FrontendAction.h"
#include "clang/Frontend/MultiplexConsumer.h"
#include "clang/Frontend/TextDiagnosticPrinter.h"
#include "clang/Frontend/Utils.h"
#include "clang/Tooling/ArgumentsAdjusters.h"
#include "clang/Tooling/CommonOptionsParser.h"
#include "clang/Tooling/Tooling.h"
#include "llvm/Option/ArgList.h"
#include "llvm/Option/OptTable.h"
#include "llvm/Support/CommandLine.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/Timer.h"
#include "llvm/Support/raw_ostream.h"

#include <fmt/format.h>

#include <set>

using namespace clang;
using namespace clang::tooling;
namespace cl = llvm::cl;

static cl::OptionCategory AdgenCategory("adgen options");
static cl::opt<std::string> OutputFile("o", cl::desc("Write the generated header to <file> (default: standard output)"),
                                       cl::value_desc("file"), cl::cat(AdgenCategory));
enum class EmitKind { Cpp, Dag, Dot };
static cl::opt<EmitKind> Emit("emit", cl::desc("What to emit"), cl::init(EmitKind::Cpp),
                              cl::values(clEnumValN(EmitKind::Cpp, "cpp", "the generated C++ header (default)"),
                                         clEnumValN(EmitKind::Dag, "dag", "the backward graph of each function, with PyTorch's node names"),
                                         clEnumValN(EmitKind::Dot, "dot", "the same graphs for Graphviz (dot -Tsvg)")),
                              cl::cat(AdgenCategory));
static cl::opt<std::string> DepFile("depfile",
                                    cl::desc("Write the rule '<output>: <source>... <included file>...' to <file> (Make syntax)"),
                                    cl::value_desc("file"), cl::cat(AdgenCategory));
static cl::opt<std::string> DepFileTarget("depfile-target",
                                          cl::desc("The depfile rule's target instead of the output (a stamp file); the output\n"
                                                   "is then one of its prerequisites"),
                                          cl::value_desc("name"), cl::cat(AdgenCategory));
static cl::opt<bool> TimeReport("time-report", cl::desc("Print the time spent in each phase to standard error"),
                                cl::cat(AdgenCategory));

static const char Overview[] =
    "adgen: generates reverse-mode gradients of C++ functions marked ADGEN_DIFFERENTIABLE.\n\n"
    "  adgen model.cpp -o model.grad.h -- -std=c++17 -Iinclude\n\n"
    "For each marked function f, the header defines f_grad (value and gradient) and f_vjp\n"
    "(vector-Jacobian product); one also marked ADGEN_MULTI_SEED gets f_vjp_multi<K>\n"
    "(K seeds through one forward sweep). Compiler flags go after '--', or come from a\n"
    "compile_commands.json found with -p <build dir>; flags Clang does not know\n"
    "(g++'s -fconcepts, -fipa-pta, ...) are dropped.\n";

namespace {

/// Wall and CPU time of the phases, for --time-report.
struct Timings {
  llvm::TimeRecord parse, analysis, generation, emission, total;
  unsigned units = 0;
};

llvm::TimeRecord since(const llvm::TimeRecord &start) {
  llvm::TimeRecord t = llvm::TimeRecord::getCurrentTime(false);
  t -= start;
  return t;
}

/// Forwards everything to the frontend's consumer and times its
/// HandleTranslationUnit, where the marked functions are lowered to IR.
class TimedConsumer : public MultiplexConsumer {
public:
  TimedConsumer(std::unique_ptr<ASTConsumer> inner, llvm::TimeRecord &time)
      : MultiplexConsumer(one(std::move(inner))), time_(time) {}
  void HandleTranslationUnit(ASTContext &ctx) override {
    llvm::TimeRecord start = llvm::TimeRecord::getCurrentTime(true);
    MultiplexConsumer::HandleTranslationUnit(ctx);
    time_ += since(start);
  }

private:
  static std::vector<std::unique_ptr<ASTConsumer>> one(std::unique_ptr<ASTConsumer> c) {
    std::vector<std::unique_ptr<ASTConsumer>> v;
    v.push_back(std::move(c));
    return v;
  }
  llvm::TimeRecord &time_;
};

/// Every file a translation unit reads: its main file and everything it
/// includes, system headers too (see docs/tool-reference.md, --depfile).
class IncludedFiles : public DependencyCollector {
public:
  bool needSystemDependencies() override { return true; }
};

/// The files all translation units read, absolute, each once, in the order
/// they were first read.
struct Dependencies {
  std::vector<std::string> files;
  std::set<std::string> seen;
};

class Action : public ASTFrontendAction {
public:
  Action(adgen::frontend::Collection &out, Dependencies &deps, Timings &timings)
      : out_(out), deps_(deps), timings_(timings) {}
  std::unique_ptr<ASTConsumer> CreateASTConsumer(CompilerInstance &ci, llvm::StringRef) override {
    included_ = std::make_shared<IncludedFiles>();
    included_->attachToPreprocessor(ci.getPreprocessor());
    return std::make_unique<TimedConsumer>(adgen::frontend::makeConsumer(out_), timings_.analysis);
  }
  void EndSourceFileAction() override {
    if (!included_)
      return;
    FileManager &fm = getCompilerInstance().getFileManager();
    for (const std::string &name : included_->getDependencies()) {
      llvm::SmallString<256> path(name);
      fm.makeAbsolutePath(path);
      llvm::sys::path::remove_dots(path, /*remove_dot_dot=*/true);
      if (deps_.seen.insert(std::string(path)).second)
        deps_.files.push_back(std::string(path));
    }
  }

private:
  adgen::frontend::Collection &out_;
  Dependencies &deps_;
  Timings &timings_;
  std::shared_ptr<IncludedFiles> included_;
};

class Factory : public FrontendActionFactory {
public:
  Factory(adgen::frontend::Collection &out, Dependencies &deps, Timings &timings)
      : out_(out), deps_(deps), timings_(timings) {}
  std::unique_ptr<FrontendAction> create() override {
    ++timings_.units;
    return std::make_unique<Action>(out_, deps_, timings_);
  }

private:
  adgen::frontend::Collection &out_;
  Dependencies &deps_;
  Timings &timings_;
};

/// Removes the arguments Clang's driver does not know: a compile_commands.json
/// written for g++ holds flags such as -fconcepts, -fcoroutines, -fipa-pta or
/// -fno-tree-pre, which would make Clang stop with "unknown argument". What
/// Clang knows stays, including warning flags it merely ignores.
ArgumentsAdjuster getStripUnknownArgumentsAdjuster() {
  return [](const CommandLineArguments &args, llvm::StringRef) {
    if (args.size() < 2)
      return args;
    namespace opts = clang::driver::options;
    std::vector<const char *> argv;
    for (size_t i = 1; i < args.size(); ++i)
      argv.push_back(args[i].c_str());
    unsigned missingIndex = 0, missingCount = 0;
    // The options of the g++-compatible driver: not cl.exe's, DXC's or Flang's.
    llvm::opt::InputArgList parsed = clang::driver::getDriverOptTable().ParseArgs(
        argv, missingIndex, missingCount, /*FlagsToInclude=*/0,
        /*FlagsToExclude=*/opts::NoDriverOption | opts::CLOption | opts::CLDXCOption | opts::DXCOption |
            opts::FlangOnlyOption);
    std::set<unsigned> unknown;
    for (const llvm::opt::Arg *a : parsed.filtered(opts::OPT_UNKNOWN))
      unknown.insert(a->getIndex());
    if (unknown.empty())
      return args;
    CommandLineArguments kept;
    kept.push_back(args[0]);
    for (size_t i = 1; i < args.size(); ++i)
      if (!unknown.count(i - 1))
        kept.push_back(args[i]);
    return kept;
  };
}

/// A path in a Makefile rule: spaces and '#' escaped with a backslash, '$' as
/// '$$' (what Clang's -MD writes, and what Make, Ninja and CMake read).
std::string makeQuote(llvm::StringRef path) {
  std::string out;
  for (size_t i = 0; i < path.size(); ++i) {
    char c = path[i];
    if (c == '#') {
      out += '\\';
    } else if (c == ' ' || c == '\t') {
      out += '\\';
      for (size_t j = i; j > 0 && path[j - 1] == '\\'; --j)
        out += '\\';
    } else if (c == '$') {
      out += '$';
    }
    out += c;
  }
  return out;
}

/// The runtime headers: next to an installed binary (<prefix>/include), or in
/// the source tree of a build.
std::string runtimeIncludeDir(const char *argv0) {
  std::string exe = llvm::sys::fs::getMainExecutable(argv0, reinterpret_cast<void *>(&runtimeIncludeDir));
  llvm::SmallString<256> dir(llvm::sys::path::parent_path(llvm::sys::path::parent_path(exe)));
  llvm::sys::path::append(dir, "include");
  llvm::SmallString<256> probe(dir);
  llvm::sys::path::append(probe, "adgen", "adgen.h");
  if (llvm::sys::fs::exists(probe))
    return std::string(dir);
  return ADGEN_BUILD_RUNTIME_INCLUDE_DIR;
}

/// Writes `text` to `path` through a temporary file and a rename, and leaves
/// the file untouched when it already holds `text` (downstream targets do not
/// rebuild).
bool writeAtomically(const std::string &path, const std::string &text) {
  if (auto old = llvm::MemoryBuffer::getFile(path); old && (*old)->getBuffer() == text)
    return true;
  llvm::SmallString<256> tmp;
  int fd;
  std::string model = path + ".tmp-%%%%%%";
  if (std::error_code ec = llvm::sys::fs::createUniqueFile(model, fd, tmp)) {
    llvm::errs() << "adgen: error: cannot write '" << path << "': " << ec.message() << "\n";
    return false;
  }
  {
    llvm::raw_fd_ostream os(fd, /*shouldClose=*/true);
    os << text;
    os.flush();
    if (os.has_error()) {
      llvm::errs() << "adgen: error: cannot write '" << path << "': " << os.error().message() << "\n";
      os.clear_error();
      llvm::sys::fs::remove(tmp);
      return false;
    }
  }
  if (std::error_code ec = llvm::sys::fs::rename(tmp, path)) {
    llvm::errs() << "adgen: error: cannot write '" << path << "': " << ec.message() << "\n";
    llvm::sys::fs::remove(tmp);
    return false;
  }
  return true;
}

} // namespace

int main(int argc, const char **argv) {
  llvm::TimeRecord start = llvm::TimeRecord::getCurrentTime(true);
  cl::SetVersionPrinter([](llvm::raw_ostream &os) {
    os << "adgen " << ADGEN_VERSION << " (LLVM/Clang " << LLVM_VERSION_STRING << ")\n";
  });
  auto parser = CommonOptionsParser::create(argc, argv, AdgenCategory, cl::OneOrMore, Overview);
  if (!parser) {
    // LLVM's messages start with "adgen: " (or were printed already).
    std::string message = llvm::toString(parser.takeError());
    if (llvm::StringRef(message).startswith("adgen: "))
      message.insert(7, "error: ");
    llvm::errs() << message << (message.empty() || message.back() == '\n' ? "" : "\n");
    return 1;
  }
  std::vector<std::string> sources = parser->getSourcePathList();
  for (const std::string &s : sources) {
    if (!llvm::sys::fs::exists(s)) {
      llvm::errs() << "adgen: error: no such file: '" << s << "'\n";
      return 1;
    }
    if (!llvm::sys::fs::is_regular_file(s)) {
      llvm::errs() << "adgen: error: '" << s << "' is not a regular file; give a C++ source\n";
      return 1;
    }
  }
  bool toStdout = OutputFile.empty() || OutputFile == "-";
  if (!DepFile.empty() && toStdout && DepFileTarget.empty()) {
    llvm::errs() << "adgen: error: --depfile needs an output file (-o <file>) or --depfile-target\n";
    return 1;
  }
  if (!DepFileTarget.empty() && DepFile.empty()) {
    llvm::errs() << "adgen: error: --depfile-target without --depfile\n";
    return 1;
  }

  ClangTool tool(parser->getCompilations(), sources);
  // Clang's diagnostics, printed as Clang prints them and counted: some (an
  // invalid -std=) come from building the compiler invocation, where the
  // tool's result does not see them, and the compilation goes on.
  struct CountingPrinter : clang::TextDiagnosticPrinter {
    using TextDiagnosticPrinter::TextDiagnosticPrinter;
    void HandleDiagnostic(clang::DiagnosticsEngine::Level level,
                          const clang::Diagnostic &info) override {
      TextDiagnosticPrinter::HandleDiagnostic(level, info);
      errors = errors || level >= clang::DiagnosticsEngine::Error;
    }
    bool errors = false;
  };
  llvm::IntrusiveRefCntPtr<clang::DiagnosticOptions> diagOptions(new clang::DiagnosticOptions);
  CountingPrinter diagnostics(llvm::errs(), diagOptions.get());
  tool.setDiagnosticConsumer(&diagnostics);
  // Clang's builtin headers live next to the real clang, not next to adgen.
  tool.appendArgumentsAdjuster(getInsertArgumentAdjuster(
      {"-resource-dir=" ADGEN_CLANG_RESOURCE_DIR, "-ferror-limit=0"}, ArgumentInsertPosition::BEGIN));
  // A compile_commands.json written for g++: drop what Clang cannot parse,
  // and keep quiet about g++'s warning and optimisation flags it ignores.
  tool.appendArgumentsAdjuster(getStripUnknownArgumentsAdjuster());
  tool.appendArgumentsAdjuster(getInsertArgumentAdjuster(
      {"-DADGEN_TOOL=1", "-isystem", runtimeIncludeDir(argv[0]), "-Wno-unknown-warning-option",
       "-Wno-ignored-optimization-argument", "-Qunused-arguments"},
      ArgumentInsertPosition::END));

  Timings timings;
  adgen::frontend::Collection collection;
  Dependencies deps;
  Factory factory(collection, deps, timings);
  llvm::TimeRecord phase = llvm::TimeRecord::getCurrentTime(true);
  int rc = tool.run(&factory);
  timings.parse = since(phase);
  timings.parse -= timings.analysis; // parsing is what the tool did besides lowering
  if (rc != 0 || collection.failed || diagnostics.errors)
    return 1;

  phase = llvm::TimeRecord::getCurrentTime(true);
  std::string text;
  if (Emit == EmitKind::Dag) {
    for (const adgen::ir::Function &f : collection.module.functions)
      text += adgen::ir::printDag(f) + "\n";
  } else if (Emit == EmitKind::Dot) {
    text = adgen::ir::printDot(collection.module);
  } else {
    std::vector<std::string> names;
    for (const std::string &s : sources)
      names.push_back(llvm::sys::path::filename(s).str());
    text = adgen::emit::emitHeader(collection.module, names, ADGEN_VERSION);
  }
  timings.generation = since(phase);

  phase = llvm::TimeRecord::getCurrentTime(true);
  bool ok = true;
  if (toStdout) {
    llvm::outs() << text;
    llvm::outs().flush();
  } else {
    ok = writeAtomically(OutputFile, text);
  }
  if (ok && !DepFile.empty()) {
    auto absolute = [](const std::string &name) {
      llvm::SmallString<256> path(name);
      llvm::sys::fs::make_absolute(path);
      llvm::sys::path::remove_dots(path, /*remove_dot_dot=*/true);
      return std::string(path);
    };
    // The rule's target is not a prerequisite of itself (a source may
    // include an earlier version of the output). A stamp target lists the
    // output among its prerequisites: Make then reruns the rule when the
    // output is deleted.
    std::string target = DepFileTarget.empty() ? OutputFile : DepFileTarget;
    std::string rule = makeQuote(target) + ":";
    std::set<std::string> listed{absolute(OutputFile), absolute(target)};
    for (const std::string &file : deps.files)
      if (listed.insert(file).second)
        rule += " \\\n  " + makeQuote(file);
    if (!DepFileTarget.empty() && !toStdout)
      rule += " \\\n  " + makeQuote(OutputFile); // as named on the command line, like the target
    ok = writeAtomically(DepFile, rule + "\n");
  }
  timings.emission = since(phase);
  timings.total = since(start);

  if (TimeReport) {
    auto row = [](const char *name, const llvm::TimeRecord &t, const std::string &what) {
      std::string line = fmt::format("  {:<10} {:8.3f} {:8.3f}", name, t.getWallTime(), t.getProcessTime());
      llvm::errs() << line << (what.empty() ? "" : "   ") << what << "\n";
    };
    size_t functions = collection.module.functions.size();
    llvm::errs() << "adgen: time report (seconds)\n"
                 << fmt::format("  {:<10} {:>8} {:>8}\n", "phase", "wall", "cpu");
    row("parse", timings.parse,
        std::to_string(timings.units) + " translation unit" + (timings.units == 1 ? "" : "s") +
            ": preprocessing, parsing, semantic analysis (Clang)");
    row("analysis", timings.analysis,
        std::to_string(functions) + " marked function" + (functions == 1 ? "" : "s") + " lowered to IR");
    row("generation", timings.generation,
        std::string(Emit == EmitKind::Cpp ? "reverse sweep and C++" : "backward graphs") + ", " +
            std::to_string(text.size()) + " bytes");
    row("emission", timings.emission,
        toStdout ? std::string("standard output")
                 : OutputFile + (DepFile.empty() ? "" : std::string(" and ") + DepFile.getValue()));
    row("total", timings.total, "");
  }
  return ok ? 0 : 1;
}
