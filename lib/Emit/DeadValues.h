//===- DeadValues.h - dropping printed values that nothing reads -*- C++ -*-===//
#ifndef ADGEN_EMIT_DEADVALUES_H
#define ADGEN_EMIT_DEADVALUES_H

#include <string>

namespace adgen::emit::detail {

/// `body` (printed code, two spaces per block level) without the
/// declarations `const T name = expr;` that nothing in their block reads,
/// where expr has no effect.
std::string dropDeadValues(const std::string &body);

/// Whether printed code names the identifier `name` (not as part of a longer one).
bool mentions(const std::string &code, const std::string &name);

} // namespace adgen::emit::detail

#endif
