//===- DeadValues.cpp - dropping printed values that nothing reads ---------===//
//
// The emitter decides what to print from the graph; some decisions are
// taken before the code around a value is known (the condition of an if
// whose reverse body turned out empty, an index whose only reader cancelled
// out). Generated code must compile without warnings, so a last pass over
// the printed body drops declarations `const T name = expr;` that nothing
// reads, when expr has no effect: no call other than <cmath> and adgen's own
// pure helpers, no increment, no assignment. A tape pop stays, as a
// statement.
//
//===----------------------------------------------------------------------===//
#include "Emit/DeadValues.h"

#include <cctype>
#include <map>
#include <regex>
#include <sstream>
#include <vector>

namespace adgen::emit::detail {

namespace {

bool wordChar(char c) { return std::isalnum(static_cast<unsigned char>(c)) || c == '_'; }

/// The identifiers in `code`, each as often as it occurs (numbers skipped
/// whole: 1e5 is not the identifier e5).
void countWords(const std::string &code, std::map<std::string, int> &counts, int delta) {
  for (size_t i = 0; i < code.size();) {
    if (!wordChar(code[i])) {
      ++i;
      continue;
    }
    bool number = std::isdigit(static_cast<unsigned char>(code[i]));
    size_t j = i;
    while (j < code.size() && (wordChar(code[j]) || (number && code[j] == '.')))
      ++j;
    if (!number)
      counts[code.substr(i, j - i)] += delta;
    i = j;
  }
}

size_t indentOf(const std::string &line) {
  size_t n = 0;
  while (n < line.size() && line[n] == ' ')
    ++n;
  return n;
}

/// Whether evaluating expr can change anything.
bool pure(const std::string &expr) {
  if (expr.find("++") != std::string::npos || expr.find("--") != std::string::npos ||
      expr.find(".pop") != std::string::npos || expr.find(".push") != std::string::npos)
    return false;
  // Any '=' that is not part of ==, !=, <=, >= is an assignment.
  for (size_t i = 0; i < expr.size(); ++i)
    if (expr[i] == '=') {
      bool compare = (i > 0 && std::string("=!<>").find(expr[i - 1]) != std::string::npos) ||
                     (i + 1 < expr.size() && expr[i + 1] == '=');
      if (!compare)
        return false;
    }
  // Calls: only std::, adgen::detail:: and casts.
  static const std::regex call(R"(([A-Za-z_][\w:]*)\s*(<[^()]*>)?\s*\()");
  for (std::sregex_iterator it(expr.begin(), expr.end(), call), end; it != end; ++it) {
    std::string name = (*it)[1];
    if (name.rfind("std::", 0) != 0 && name.rfind("adgen::detail::", 0) != 0 &&
        name != "static_cast")
      return false;
  }
  return true;
}

/// The lines after line `decl`, to the end of its block, that name `name`
/// (names repeat in sibling blocks: a forward and a reverse branch both
/// compute t1, so only the declaration's own block counts).
std::vector<size_t> mentionsInBlock(const std::vector<std::string> &lines,
                                    const std::vector<bool> &dropped, size_t decl,
                                    const std::string &name) {
  std::vector<size_t> out;
  for (size_t j = decl + 1; j < lines.size(); ++j) {
    if (lines[j].empty() || dropped[j])
      continue;
    if (indentOf(lines[j]) < indentOf(lines[decl]))
      break;
    if (mentions(lines[j], name))
      out.push_back(j);
  }
  return out;
}

/// A variable that is declared and assigned but never read (a carried value
/// whose later uses were dead code), or a local C array that is only written
/// (a loop that fills it runs for its count, but no printed code reads an
/// element): its declaration and its assignments go, when what they compute
/// has no effect (-Wunused-but-set-variable).
bool dropWrittenOnly(std::vector<std::string> &lines, std::vector<bool> &dropped,
                     std::map<std::string, int> &counts) {
  static const std::regex scalar(
      R"(^\s*(?:bool|int|long|long long|double|float|std::size_t|adgen::Lanes<(?:double|float), K>) (\w+)(?: = (.*))?;$)");
  static const std::regex array(R"(^\s*(?:bool|int|long|double|float) (\w+)\[\w+\](?: = \{(.*)\})?;$)");
  bool changed = false;
  for (size_t i = 0; i < lines.size(); ++i) {
    std::smatch m;
    if (dropped[i])
      continue;
    const bool isArray = !std::regex_match(lines[i], m, scalar);
    if ((isArray && !std::regex_match(lines[i], m, array)) || (m[2].matched && !pure(m[2])))
      continue;
    const std::string name = m[1];
    // name = value; or name[index] = value; (an empty index for a scalar)
    const std::regex write("^\\s*" + name + (isArray ? R"(\[([^\[\]]*)\])" : "()") + " = (.*);$");
    std::vector<size_t> writes = mentionsInBlock(lines, dropped, i, name);
    bool read = false;
    for (size_t j : writes) {
      std::smatch w;
      read = read || !std::regex_match(lines[j], w, write) || !pure(w[1]) || !pure(w[2]) ||
             mentions(w[2], name);
    }
    if (read)
      continue;
    writes.push_back(i);
    for (size_t j : writes) {
      dropped[j] = true;
      countWords(lines[j], counts, -1);
    }
    changed = true;
  }
  return changed;
}

} // namespace

std::string dropDeadValues(const std::string &body) {
  std::vector<std::string> lines;
  {
    std::istringstream in(body);
    for (std::string line; std::getline(in, line);)
      lines.push_back(line);
  }
  static const std::regex decl(R"(^\s*const [\w:<>, ]+? (\w+) = (.*);$)");
  std::map<std::string, int> counts;
  countWords(body, counts, 1);
  std::vector<bool> dropped(lines.size(), false);
  for (bool changed = true; changed;) {
    changed = dropWrittenOnly(lines, dropped, counts);
    for (size_t i = lines.size(); i-- > 0;) {
      std::smatch m;
      if (dropped[i] || !std::regex_match(lines[i], m, decl))
        continue;
      static const std::regex pop(R"(\w+\.pop\(\))");
      const bool popped = std::regex_match(m[2].str(), pop);
      if (!pure(m[2]) && !popped)
        continue;
      const std::string name = m[1];
      // (Named once in all the body: by its declaration alone.)
      bool read = counts[name] != 1 && !mentionsInBlock(lines, dropped, i, name).empty();
      if (read)
        continue;
      changed = true;
      countWords(lines[i], counts, -1);
      if (popped) { // the tape still moves on: `tape_x.pop();`
        lines[i] = lines[i].substr(0, indentOf(lines[i])) + m[2].str() + ";";
        countWords(lines[i], counts, 1);
        continue;
      }
      dropped[i] = true;
    }
  }
  std::string out;
  for (size_t i = 0; i < lines.size(); ++i)
    if (!dropped[i])
      out += lines[i] + "\n";
  return out;
}

bool mentions(const std::string &code, const std::string &name) {
  for (size_t at = code.find(name); at != std::string::npos; at = code.find(name, at + 1))
    if ((at == 0 || !wordChar(code[at - 1])) &&
        (at + name.size() == code.size() || !wordChar(code[at + name.size()])))
      return true;
  return false;
}

} // namespace adgen::emit::detail
