//===- Emitter.h - IR to C++ ----------------------------------------------===//
#ifndef ADGEN_EMIT_EMITTER_H
#define ADGEN_EMIT_EMITTER_H

#include "IR/IR.h"

#include <string>
#include <vector>

namespace adgen::emit {

/// The generated header for all functions of a module: for each function
/// `f`, `f_grad` (when f returns float, double or a tensor) and `f_vjp`, in
/// f's namespace. `sources` are named in the header comment. Deterministic:
/// the same module gives the same bytes.
std::string emitHeader(const ir::Module &m, const std::vector<std::string> &sources,
                       const std::string &version);

/// The same for one function (both entry points), without the preamble.
std::string emitFunction(const ir::Function &f);

} // namespace adgen::emit

#endif
