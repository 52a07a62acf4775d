// A small, strict JSON reader and writer for the GradBench executables.
//
// Reader: RFC 8259 exactly (objects, arrays, numbers, strings with every
// escape including \u surrogate pairs, true/false/null), no comments, no
// trailing commas, no NaN/Infinity, no duplicate keys, nothing after the
// value but whitespace. Errors throw json::Error with the byte offset.
// Numbers are held as double (GradBench sends doubles and sizes well below
// 2^53); as_int() insists on an integral value.
//
// Writer: numbers with %.17g, which reads back to the same double. JSON has
// no NaN or infinity; they are written as NaN / Infinity / -Infinity, the
// tokens Python's json.loads (GradBench's side) accepts, so that a broken
// gradient shows up as a mismatch instead of an unreadable line.
#ifndef ADB_COMMON_JSON_H
#define ADB_COMMON_JSON_H

#include <charconv>
#include <cmath>
#include <cstdio>
#include <fstream>
#include <sstream>
#include <stdexcept>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace adb::json {

struct Error : std::runtime_error {
  using std::runtime_error::runtime_error;
};

class Value {
public:
  enum class Kind { Null, Bool, Number, String, Array, Object };
  using Array = std::vector<Value>;
  using Object = std::vector<std::pair<std::string, Value>>; // in input order

  Value() = default; // null
  explicit Value(bool b) : kind_(Kind::Bool), bool_(b) {}
  explicit Value(double d) : kind_(Kind::Number), number_(d) {}
  explicit Value(std::string s) : kind_(Kind::String), string_(std::move(s)) {}
  explicit Value(Array a) : kind_(Kind::Array), array_(std::move(a)) {}
  explicit Value(Object o) : kind_(Kind::Object), object_(std::move(o)) {}

  Kind kind() const { return kind_; }
  bool is_null() const { return kind_ == Kind::Null; }

  bool as_bool() const { return expect(Kind::Bool), bool_; }
  double as_number() const { return expect(Kind::Number), number_; }
  const std::string& as_string() const { return expect(Kind::String), string_; }
  const Array& as_array() const { return expect(Kind::Array), array_; }
  const Object& as_object() const { return expect(Kind::Object), object_; }

  // An integral number (a size or a count).
  long long as_int() const {
    const double d = as_number();
    if (!(std::fabs(d) <= 9007199254740992.0) || d != std::floor(d))
      throw Error("json: expected an integer, got " + std::to_string(d));
    return static_cast<long long>(d);
  }

  // An array of numbers.
  std::vector<double> as_doubles() const {
    const Array& a = as_array();
    std::vector<double> out;
    out.reserve(a.size());
    for (const Value& v : a)
      out.push_back(v.as_number());
    return out;
  }

  // Object members: find() gives null when absent, at() throws.
  const Value* find(std::string_view key) const {
    for (const auto& [k, v] : as_object())
      if (k == key)
        return &v;
    return nullptr;
  }
  const Value& at(std::string_view key) const {
    if (const Value* v = find(key))
      return *v;
    throw Error("json: missing member \"" + std::string(key) + "\"");
  }

private:
  void expect(Kind k) const {
    static const char* const names[] = {"null", "bool", "number", "string", "array", "object"};
    if (kind_ != k)
      throw Error(std::string("json: expected ") + names[int(k)] + ", got " + names[int(kind_)]);
  }

  Kind kind_ = Kind::Null;
  bool bool_ = false;
  double number_ = 0;
  std::string string_;
  Array array_;
  Object object_;
};

namespace detail {

class Parser {
public:
  explicit Parser(std::string_view text) : s_(text) {}

  Value parse_document() {
    Value v = parse_value(0);
    skip_space();
    if (pos_ != s_.size())
      fail("unexpected text after the value");
    return v;
  }

private:
  // Deep enough for any GradBench input, shallow enough to stay off the end
  // of the stack on hostile input.
  static constexpr int kMaxDepth = 256;

  [[noreturn]] void fail(const std::string& what) const {
    throw Error("json: " + what + " at byte " + std::to_string(pos_));
  }

  void skip_space() {
    while (pos_ < s_.size() &&
           (s_[pos_] == ' ' || s_[pos_] == '\t' || s_[pos_] == '\n' || s_[pos_] == '\r'))
      ++pos_;
  }

  bool consume(char c) {
    skip_space();
    if (pos_ < s_.size() && s_[pos_] == c) {
      ++pos_;
      return true;
    }
    return false;
  }

  void literal(std::string_view word) {
    if (s_.substr(pos_, word.size()) != word)
      fail("invalid literal");
    pos_ += word.size();
  }

  Value parse_value(int depth) {
    if (depth > kMaxDepth)
      fail("nesting too deep");
    skip_space();
    if (pos_ >= s_.size())
      fail("unexpected end of input");
    switch (s_[pos_]) {
    case '{': return parse_object(depth);
    case '[': return parse_array(depth);
    case '"': return Value(parse_string());
    case 't': literal("true"); return Value(true);
    case 'f': literal("false"); return Value(false);
    case 'n': literal("null"); return Value();
    default: return Value(parse_number());
    }
  }

  Value parse_object(int depth) {
    ++pos_; // '{'
    Value::Object members;
    if (consume('}'))
      return Value(std::move(members));
    do {
      skip_space();
      if (pos_ >= s_.size() || s_[pos_] != '"')
        fail("expected a member name");
      std::string key = parse_string();
      for (const auto& m : members)
        if (m.first == key)
          fail("duplicate member \"" + key + "\"");
      if (!consume(':'))
        fail("expected ':'");
      Value v = parse_value(depth + 1);
      members.emplace_back(std::move(key), std::move(v));
    } while (consume(','));
    if (!consume('}'))
      fail("expected ',' or '}'");
    return Value(std::move(members));
  }

  Value parse_array(int depth) {
    ++pos_; // '['
    Value::Array elements;
    if (consume(']'))
      return Value(std::move(elements));
    do
      elements.push_back(parse_value(depth + 1));
    while (consume(','));
    if (!consume(']'))
      fail("expected ',' or ']'");
    return Value(std::move(elements));
  }

  // Checks the JSON number grammar (which strtod/from_chars are laxer
  // about: no leading '+', no leading zeros, digits on both sides of '.'),
  // then converts.
  double parse_number() {
    const size_t start = pos_;
    auto digits = [&] {
      const size_t from = pos_;
      while (pos_ < s_.size() && s_[pos_] >= '0' && s_[pos_] <= '9')
        ++pos_;
      return pos_ > from;
    };
    if (pos_ < s_.size() && s_[pos_] == '-')
      ++pos_;
    if (pos_ < s_.size() && s_[pos_] == '0')
      ++pos_;
    else if (!digits())
      fail("invalid value");
    if (pos_ < s_.size() && s_[pos_] == '.') {
      ++pos_;
      if (!digits())
        fail("expected digits after '.'");
    }
    if (pos_ < s_.size() && (s_[pos_] == 'e' || s_[pos_] == 'E')) {
      ++pos_;
      if (pos_ < s_.size() && (s_[pos_] == '+' || s_[pos_] == '-'))
        ++pos_;
      if (!digits())
        fail("expected digits in the exponent");
    }
    double d = 0;
    const auto [end, ec] = std::from_chars(s_.data() + start, s_.data() + pos_, d);
    // Out of range: from_chars reports it and leaves d alone; JSON has no
    // infinity, so refuse rather than guess.
    if (ec != std::errc() || end != s_.data() + pos_)
      fail("number out of range");
    return d;
  }

  unsigned hex4() {
    if (pos_ + 4 > s_.size())
      fail("truncated \\u escape");
    unsigned u = 0;
    for (int i = 0; i < 4; ++i) {
      const char c = s_[pos_++];
      u <<= 4;
      if (c >= '0' && c <= '9') u |= unsigned(c - '0');
      else if (c >= 'a' && c <= 'f') u |= unsigned(c - 'a' + 10);
      else if (c >= 'A' && c <= 'F') u |= unsigned(c - 'A' + 10);
      else fail("invalid \\u escape");
    }
    return u;
  }

  static void append_utf8(std::string& out, unsigned cp) {
    if (cp < 0x80) {
      out += char(cp);
    } else if (cp < 0x800) {
      out += char(0xC0 | (cp >> 6));
      out += char(0x80 | (cp & 0x3F));
    } else if (cp < 0x10000) {
      out += char(0xE0 | (cp >> 12));
      out += char(0x80 | ((cp >> 6) & 0x3F));
      out += char(0x80 | (cp & 0x3F));
    } else {
      out += char(0xF0 | (cp >> 18));
      out += char(0x80 | ((cp >> 12) & 0x3F));
      out += char(0x80 | ((cp >> 6) & 0x3F));
      out += char(0x80 | (cp & 0x3F));
    }
  }

  std::string parse_string() {
    ++pos_; // '"'
    std::string out;
    for (;;) {
      if (pos_ >= s_.size())
        fail("unterminated string");
      const char c = s_[pos_++];
      if (c == '"')
        return out;
      if (static_cast<unsigned char>(c) < 0x20)
        fail("control character in string");
      if (c != '\\') {
        out += c;
        continue;
      }
      if (pos_ >= s_.size())
        fail("unterminated string");
      switch (s_[pos_++]) {
      case '"': out += '"'; break;
      case '\\': out += '\\'; break;
      case '/': out += '/'; break;
      case 'b': out += '\b'; break;
      case 'f': out += '\f'; break;
      case 'n': out += '\n'; break;
      case 'r': out += '\r'; break;
      case 't': out += '\t'; break;
      case 'u': {
        unsigned cp = hex4();
        if (cp >= 0xD800 && cp < 0xDC00) { // a high surrogate needs its low half
          if (s_.substr(pos_, 2) != "\\u")
            fail("unpaired surrogate");
          pos_ += 2;
          const unsigned low = hex4();
          if (low < 0xDC00 || low >= 0xE000)
            fail("unpaired surrogate");
          cp = 0x10000 + ((cp - 0xD800) << 10) + (low - 0xDC00);
        } else if (cp >= 0xDC00 && cp < 0xE000) {
          fail("unpaired surrogate");
        }
        append_utf8(out, cp);
        break;
      }
      default: fail("invalid escape");
      }
    }
  }

  std::string_view s_;
  size_t pos_ = 0;
};

} // namespace detail

inline Value parse(std::string_view text) { return detail::Parser(text).parse_document(); }

inline Value parse_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in)
    throw Error("json: cannot open " + path);
  std::ostringstream text;
  text << in.rdbuf();
  return parse(text.str());
}

// --- Writing -------------------------------------------------------------

inline void write_number(std::string& out, double d) {
  if (std::isnan(d)) {
    out += "NaN";
  } else if (std::isinf(d)) {
    out += d > 0 ? "Infinity" : "-Infinity";
  } else {
    char buf[32];
    const int len = std::snprintf(buf, sizeof buf, "%.17g", d);
    out.append(buf, static_cast<size_t>(len));
  }
}

inline void write_numbers(std::string& out, const double* values, size_t count) {
  out += '[';
  for (size_t i = 0; i < count; ++i) {
    if (i > 0)
      out += ',';
    write_number(out, values[i]);
  }
  out += ']';
}

inline void write_string(std::string& out, std::string_view s) {
  out += '"';
  for (const char c : s) {
    switch (c) {
    case '"': out += "\\\""; break;
    case '\\': out += "\\\\"; break;
    case '\n': out += "\\n"; break;
    case '\r': out += "\\r"; break;
    case '\t': out += "\\t"; break;
    case '\b': out += "\\b"; break;
    case '\f': out += "\\f"; break;
    default:
      if (static_cast<unsigned char>(c) < 0x20) {
        char buf[8];
        std::snprintf(buf, sizeof buf, "\\u%04x", unsigned(c));
        out += buf;
      } else {
        out += c; // UTF-8 passes through
      }
    }
  }
  out += '"';
}

inline void write(std::string& out, const Value& v) {
  switch (v.kind()) {
  case Value::Kind::Null: out += "null"; break;
  case Value::Kind::Bool: out += v.as_bool() ? "true" : "false"; break;
  case Value::Kind::Number: write_number(out, v.as_number()); break;
  case Value::Kind::String: write_string(out, v.as_string()); break;
  case Value::Kind::Array: {
    out += '[';
    bool first = true;
    for (const Value& e : v.as_array()) {
      if (!first)
        out += ',';
      first = false;
      write(out, e);
    }
    out += ']';
    break;
  }
  case Value::Kind::Object: {
    out += '{';
    bool first = true;
    for (const auto& [k, e] : v.as_object()) {
      if (!first)
        out += ',';
      first = false;
      write_string(out, k);
      out += ':';
      write(out, e);
    }
    out += '}';
    break;
  }
  }
}

inline std::string to_string(const Value& v) {
  std::string out;
  write(out, v);
  return out;
}

} // namespace adb::json

#endif
