// A strict JSON parser that records where every value and key starts.
//
// nlohmann's own parser neither reports positions per value nor refuses duplicate keys, and
// both matter here: every later error must point at the payload's line, and a duplicate key
// would let the UI's validator and this tool act on different values (bad-inputs.md row 2).
#include <charconv>
#include <cmath>

#include "pointer.hpp"
#include "render/schema.hpp"

namespace render::schema {
namespace {

class Parser {
 public:
  Parser(std::string_view text, const std::string& file, const ParseLimits& limits)
      : text_(text), file_(file), limits_(limits) {}

  ParseResult run() {
    ParseResult result;
    JsonDocument doc;
    doc.file = file_;
    doc_ = &doc;
    skip_space();
    bool ok = parse_value(doc.value, "", 0);
    if (ok) {
      skip_space();
      if (pos_ < text_.size()) ok = fail(code::kParse, "unexpected content after the document");
    }
    result.diagnostics = std::move(diagnostics_);
    if (ok && !has_errors(result.diagnostics)) result.document = std::move(doc);
    return result;
  }

 private:
  Position here() const { return position_at(pos_); }

  Position position_at(std::size_t offset) const {
    // Columns count characters, not bytes: skip UTF-8 continuation bytes.
    int col = 1;
    for (std::size_t i = line_start_; i < offset && i < text_.size(); ++i) {
      if ((static_cast<unsigned char>(text_[i]) & 0xc0) != 0x80) ++col;
    }
    return {line_, col};
  }

  void report(const char* kind, const std::string& message, Position at, const std::string& pointer,
              std::string hint = {}) {
    Diagnostic d;
    d.code = kind;
    d.location = {file_, at.line, at.col, pointer};
    d.message = message;
    d.hint = std::move(hint);
    diagnostics_.push_back(std::move(d));
  }

  // Reports at the current position and stops the parse (returns false to unwind).
  bool fail(const char* kind, const std::string& message) {
    report(kind, message, here(), current_pointer_);
    return false;
  }

  void skip_space() {
    while (pos_ < text_.size()) {
      char c = text_[pos_];
      if (c == '\n') {
        ++line_;
        line_start_ = ++pos_;
      } else if (c == ' ' || c == '\t' || c == '\r') {
        ++pos_;
      } else {
        break;
      }
    }
  }

  bool parse_value(nlohmann::json& out, const std::string& pointer, int depth) {
    current_pointer_ = pointer;
    if (pos_ >= text_.size())
      return fail(code::kParse, "unexpected end of input, expected a value");
    doc_->values[pointer] = here();
    char c = text_[pos_];
    switch (c) {
      case '{':
      case '[':
        if (depth >= limits_.max_depth) {
          return fail(code::kLimit, "nesting deeper than " + std::to_string(limits_.max_depth) +
                                        " levels (the limit)");
        }
        return c == '{' ? parse_object(out, pointer, depth + 1)
                        : parse_array(out, pointer, depth + 1);
      case '"': {
        std::string s;
        if (!parse_string(s, pointer)) return false;
        out = std::move(s);
        return true;
      }
      case 't':
        return literal("true", out, true);
      case 'f':
        return literal("false", out, false);
      case 'n':
        return literal("null", out, nullptr);
      default:
        if (c == '-' || (c >= '0' && c <= '9')) return parse_number(out);
        return fail(code::kParse,
                    std::string("unexpected character ") + describe_char(c) + ", expected a value");
    }
  }

  static std::string describe_char(char c) {
    unsigned char u = static_cast<unsigned char>(c);
    if (u >= 0x20 && u < 0x7f) return std::string("`") + c + "`";
    char buf[8];
    std::snprintf(buf, sizeof buf, "0x%02X", u);
    return buf;
  }

  template <typename T>
  bool literal(std::string_view word, nlohmann::json& out, T value) {
    if (text_.substr(pos_, word.size()) != word) {
      return fail(code::kParse,
                  "unexpected character " + describe_char(text_[pos_]) + ", expected a value");
    }
    pos_ += word.size();
    out = value;
    return true;
  }

  bool parse_object(nlohmann::json& out, const std::string& pointer, int depth) {
    out = nlohmann::json::object();
    ++pos_;  // '{'
    skip_space();
    if (pos_ < text_.size() && text_[pos_] == '}') {
      ++pos_;
      return true;
    }
    std::map<std::string, Position> first_seen;
    while (true) {
      skip_space();
      current_pointer_ = pointer;
      if (pos_ >= text_.size() || text_[pos_] != '"') {
        return fail(code::kParse, pos_ >= text_.size() ? "unexpected end of input in an object"
                                                       : "expected a key in double quotes");
      }
      Position key_at = here();
      std::string key;
      if (!parse_string(key, pointer)) return false;
      std::string child = pointer + "/" + escape_pointer_token(key);
      doc_->keys[child] = key_at;
      auto [it, fresh] = first_seen.emplace(key, key_at);
      if (!fresh) {
        report(code::kParse,
               "duplicate key `" + printable(key) + "` (first at " +
                   std::to_string(it->second.line) + ":" + std::to_string(it->second.col) + ")",
               key_at, child, "remove one of the two; JSON readers disagree on which one wins");
      }
      skip_space();
      if (pos_ >= text_.size() || text_[pos_] != ':')
        return fail(code::kParse, "expected `:` after a key");
      ++pos_;
      skip_space();
      nlohmann::json value;
      if (!parse_value(value, child, depth)) return false;
      if (fresh) out[key] = std::move(value);
      skip_space();
      current_pointer_ = pointer;
      if (pos_ >= text_.size()) return fail(code::kParse, "unexpected end of input in an object");
      if (text_[pos_] == ',') {
        ++pos_;
        skip_space();
        if (pos_ < text_.size() && text_[pos_] == '}') {
          return fail(code::kParse, "trailing comma before `}`");
        }
        continue;
      }
      if (text_[pos_] == '}') {
        ++pos_;
        return true;
      }
      return fail(code::kParse, "expected `,` or `}` in an object");
    }
  }

  bool parse_array(nlohmann::json& out, const std::string& pointer, int depth) {
    out = nlohmann::json::array();
    ++pos_;  // '['
    skip_space();
    if (pos_ < text_.size() && text_[pos_] == ']') {
      ++pos_;
      return true;
    }
    for (std::size_t index = 0;; ++index) {
      skip_space();
      nlohmann::json value;
      if (!parse_value(value, pointer + "/" + std::to_string(index), depth)) return false;
      out.push_back(std::move(value));
      skip_space();
      current_pointer_ = pointer;
      if (pos_ >= text_.size()) return fail(code::kParse, "unexpected end of input in an array");
      if (text_[pos_] == ',') {
        ++pos_;
        skip_space();
        if (pos_ < text_.size() && text_[pos_] == ']') {
          return fail(code::kParse, "trailing comma before `]`");
        }
        continue;
      }
      if (text_[pos_] == ']') {
        ++pos_;
        return true;
      }
      return fail(code::kParse, "expected `,` or `]` in an array");
    }
  }

  static int hex_value(char c) {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
  }

  bool read_hex4(unsigned& out) {
    if (pos_ + 4 > text_.size()) return false;
    out = 0;
    for (int i = 0; i < 4; ++i) {
      int v = hex_value(text_[pos_ + static_cast<std::size_t>(i)]);
      if (v < 0) return false;
      out = out * 16 + static_cast<unsigned>(v);
    }
    pos_ += 4;
    return true;
  }

  // Validates one raw UTF-8 sequence at pos_ and appends it; false when it is not valid UTF-8.
  bool copy_utf8(std::string& s, unsigned& cp) {
    std::size_t start = pos_;
    long decoded = next_code_point(text_, pos_);
    if (decoded < 0) {
      pos_ = start;
      return false;
    }
    cp = static_cast<unsigned>(decoded);
    s.append(text_.substr(start, pos_ - start));
    return true;
  }

  static bool forbidden_control(unsigned cp) {
    return (cp < 0x20 && cp != '\t' && cp != '\n') || cp == 0x7f || (cp >= 0x80 && cp <= 0x9f);
  }

  bool parse_string(std::string& out, const std::string& pointer) {
    Position start = here();
    ++pos_;  // opening quote
    bool reported_control = false;
    while (true) {
      if (pos_ >= text_.size()) return fail(code::kParse, "unterminated string");
      char c = text_[pos_];
      if (c == '"') {
        ++pos_;
        break;
      }
      unsigned cp = 0;
      if (c == '\\') {
        ++pos_;
        if (pos_ >= text_.size()) return fail(code::kParse, "unterminated string");
        char e = text_[pos_++];
        switch (e) {
          case '"':
            cp = '"';
            break;
          case '\\':
            cp = '\\';
            break;
          case '/':
            cp = '/';
            break;
          case 'b':
            cp = '\b';
            break;
          case 'f':
            cp = '\f';
            break;
          case 'n':
            cp = '\n';
            break;
          case 'r':
            cp = '\r';
            break;
          case 't':
            cp = '\t';
            break;
          case 'u': {
            if (!read_hex4(cp)) return fail(code::kParse, "invalid \\u escape");
            if (cp >= 0xd800 && cp <= 0xdbff) {
              unsigned low = 0;
              if (text_.substr(pos_, 2) != "\\u" || (pos_ += 2, !read_hex4(low)) || low < 0xdc00 ||
                  low > 0xdfff) {
                return fail(code::kParse, "lone UTF-16 surrogate in a \\u escape");
              }
              cp = 0x10000 + ((cp - 0xd800) << 10) + (low - 0xdc00);
            } else if (cp >= 0xdc00 && cp <= 0xdfff) {
              return fail(code::kParse, "lone UTF-16 surrogate in a \\u escape");
            }
            break;
          }
          default:
            --pos_;
            return fail(code::kParse, "invalid escape `\\" + std::string(1, e) + "` in a string");
        }
        append_utf8(out, static_cast<char32_t>(cp));
      } else if (static_cast<unsigned char>(c) < 0x20) {
        return fail(code::kParse, "raw control character " + describe_char(c) +
                                      " in a string (write it as an escape)");
      } else if (!copy_utf8(out, cp)) {
        return fail(code::kParse, "invalid UTF-8 in a string");
      }
      if (forbidden_control(cp) && !reported_control) {
        reported_control = true;
        char buf[16];
        std::snprintf(buf, sizeof buf, "U+%04X", cp);
        report(code::kSchema, std::string("control character ") + buf + " in a string", start,
               pointer, "only tab and newline are allowed");
      }
      if (out.size() > limits_.max_string) {
        return fail(code::kLimit, "string longer than " + std::to_string(limits_.max_string) +
                                      " bytes (the limit)");
      }
    }
    return true;
  }

  bool parse_number(nlohmann::json& out) {
    std::size_t start = pos_;
    auto digits = [&] {
      std::size_t from = pos_;
      while (pos_ < text_.size() && text_[pos_] >= '0' && text_[pos_] <= '9') ++pos_;
      return pos_ > from;
    };
    if (text_[pos_] == '-') ++pos_;
    if (pos_ < text_.size() && text_[pos_] == '0') {
      ++pos_;
      if (pos_ < text_.size() && text_[pos_] >= '0' && text_[pos_] <= '9') {
        return fail(code::kParse, "numbers may not have leading zeros");
      }
    } else if (!digits()) {
      return fail(code::kParse, "invalid number");
    }
    bool integral = true;
    if (pos_ < text_.size() && text_[pos_] == '.') {
      integral = false;
      ++pos_;
      if (!digits()) return fail(code::kParse, "invalid number: digits must follow `.`");
    }
    if (pos_ < text_.size() && (text_[pos_] == 'e' || text_[pos_] == 'E')) {
      integral = false;
      ++pos_;
      if (pos_ < text_.size() && (text_[pos_] == '+' || text_[pos_] == '-')) ++pos_;
      if (!digits()) return fail(code::kParse, "invalid number: digits must follow the exponent");
    }
    std::string_view token = text_.substr(start, pos_ - start);
    const char* first = token.data();
    const char* last = token.data() + token.size();
    if (integral) {
      std::int64_t i = 0;
      if (std::from_chars(first, last, i).ec == std::errc()) {
        out = i;
        return true;
      }
      std::uint64_t u = 0;
      if (std::from_chars(first, last, u).ec == std::errc()) {
        out = u;
        return true;
      }
    }
    double d = 0;
    auto res = std::from_chars(first, last, d);
    if (res.ec != std::errc() || !std::isfinite(d)) {
      pos_ = start;
      return fail(code::kParse, "number `" + std::string(token) + "` is out of range");
    }
    out = d;
    return true;
  }

  std::string_view text_;
  const std::string& file_;
  const ParseLimits& limits_;
  JsonDocument* doc_ = nullptr;
  std::size_t pos_ = 0;
  int line_ = 1;
  std::size_t line_start_ = 0;
  std::string current_pointer_;
  std::vector<Diagnostic> diagnostics_;
};

}  // namespace

ParseResult parse_json(std::string_view text, const std::string& file, const ParseLimits& limits) {
  if (text.size() > limits.max_bytes) {
    ParseResult r;
    r.diagnostics.push_back(too_large(file, text.size(), limits.max_bytes));
    return r;
  }
  return Parser(text, file, limits).run();
}

}  // namespace render::schema
