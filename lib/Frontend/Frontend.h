//===- Frontend.h - Clang AST to adgen IR ---------------------------------===//
//
// Finds the functions marked ADGEN_DIFFERENTIABLE and lowers their bodies to
// IR. Every refusal is raised here, as a Clang diagnostic at the user's code.
//
//===----------------------------------------------------------------------===//
#ifndef ADGEN_FRONTEND_FRONTEND_H
#define ADGEN_FRONTEND_FRONTEND_H

#include "IR/IR.h"

#include <memory>
#include <map>
#include <set>
#include <string>

namespace clang {
class ASTConsumer;
}

namespace adgen::frontend {

/// What the consumers of all translation units fill in.
struct Collection {
  ir::Module module;
  std::map<std::string, std::string> seen; // functions lowered: signature -> file:line
  std::set<std::string> vjps; // functions with a vjp of every floating parameter: signature
  bool failed = false;        // an error was reported
};

/// An AST consumer that lowers the marked functions of one translation unit
/// into `out`. Reports errors through the translation unit's diagnostics.
std::unique_ptr<clang::ASTConsumer> makeConsumer(Collection &out);

} // namespace adgen::frontend

#endif
