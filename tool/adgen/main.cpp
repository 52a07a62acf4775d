//===- main.cpp - the adgen command line ----------------------------------===//
//
//   adgen <source>... -o <header> [-- <compiler flags>]
//
// Parses the sources with Clang, lowers the marked functions to IR, and
// writes the generated header. On any error nothing is written: the output
// file is replaced atomically, and only when its content changes.
//
//===----------------------------------------------------------------------===//
#include "Emit/Emitter.h"
#include "Frontend/Frontend.h"
#include "IR/Printer.h"

#include "clang/Frontend/FrontendAction.h"
#include "clang/Tooling/ArgumentsAdjusters.h"
#include "clang/Tooling/CommonOptionsParser.h"
#include "clang/Tooling/Tooling.h"
#include "llvm/Support/CommandLine.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/raw_ostream.h"

#include <cstdio>
#include <fstream>
#include <sstream>

using namespace clang;
using namespace clang::tooling;
namespace cl = llvm::cl;

static cl::OptionCategory AdgenCategory("adgen options");
static cl::opt<std::string> OutputFile("o", cl::desc("Write the generated header to <file> (default: standard output)"),
                                       cl::value_desc("file"), cl::cat(AdgenCategory));
enum class EmitKind { Cpp, Dag };
static cl::opt<EmitKind> Emit("emit", cl::desc("What to emit"), cl::init(EmitKind::Cpp),
                              cl::values(clEnumValN(EmitKind::Cpp, "cpp", "the generated C++ header (default)"),
                                         clEnumValN(EmitKind::Dag, "dag", "the backward graph of each function, with PyTorch's node names")),
                              cl::cat(AdgenCategory));

static const char Overview[] =
    "adgen: generates reverse-mode gradients of C++ functions marked ADGEN_DIFFERENTIABLE.\n\n"
    "  adgen model.cpp -o model.grad.h -- -std=c++17 -Iinclude\n\n"
    "For each marked function f, the header defines f_grad (value and gradient) and f_vjp\n"
    "(vector-Jacobian product). Compiler flags go after '--', or come from a\n"
    "compile_commands.json found with -p <build dir>.\n";

namespace {

class Action : public ASTFrontendAction {
public:
  explicit Action(adgen::frontend::Collection &out) : out_(out) {}
  std::unique_ptr<ASTConsumer> CreateASTConsumer(CompilerInstance &, llvm::StringRef) override {
    return adgen::frontend::makeConsumer(out_);
  }

private:
  adgen::frontend::Collection &out_;
};

class Factory : public FrontendActionFactory {
public:
  explicit Factory(adgen::frontend::Collection &out) : out_(out) {}
  std::unique_ptr<FrontendAction> create() override { return std::make_unique<Action>(out_); }

private:
  adgen::frontend::Collection &out_;
};

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
  cl::SetVersionPrinter([](llvm::raw_ostream &os) {
    os << "adgen " << ADGEN_VERSION << " (LLVM/Clang " << LLVM_VERSION_STRING << ")\n";
  });
  auto parser = CommonOptionsParser::create(argc, argv, AdgenCategory, cl::OneOrMore, Overview);
  if (!parser) {
    llvm::errs() << "adgen: error: " << llvm::toString(parser.takeError()) << "\n";
    return 1;
  }
  std::vector<std::string> sources = parser->getSourcePathList();
  for (const std::string &s : sources)
    if (!llvm::sys::fs::exists(s)) {
      llvm::errs() << "adgen: error: no such file: '" << s << "'\n";
      return 1;
    }

  ClangTool tool(parser->getCompilations(), sources);
  // Clang's builtin headers live next to the real clang, not next to adgen.
  tool.appendArgumentsAdjuster(getInsertArgumentAdjuster(
      {"-resource-dir=" ADGEN_CLANG_RESOURCE_DIR, "-ferror-limit=0"}, ArgumentInsertPosition::BEGIN));
  tool.appendArgumentsAdjuster(getInsertArgumentAdjuster(
      {"-DADGEN_TOOL=1", "-isystem", runtimeIncludeDir(argv[0])}, ArgumentInsertPosition::END));

  adgen::frontend::Collection collection;
  Factory factory(collection);
  int rc = tool.run(&factory);
  if (rc != 0 || collection.failed)
    return 1;

  std::string text;
  if (Emit == EmitKind::Dag) {
    for (const adgen::ir::Function &f : collection.module.functions)
      text += adgen::ir::printDag(f) + "\n";
  } else {
    std::vector<std::string> names;
    for (const std::string &s : sources)
      names.push_back(llvm::sys::path::filename(s).str());
    text = adgen::emit::emitHeader(collection.module, names, ADGEN_VERSION);
  }
  if (OutputFile.empty() || OutputFile == "-") {
    llvm::outs() << text;
    return 0;
  }
  return writeAtomically(OutputFile, text) ? 0 : 1;
}
