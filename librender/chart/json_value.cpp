#include "chart/json_value.hpp"

#include <cmath>
#include <cstdlib>

#include "render/go_quote.hpp"
#include "render/utf8.hpp"

namespace render::chart {
namespace {

// The syntax errors carry encoding/json's scanner texts ("invalid character '}' looking for
// beginning of object key string"), reported at the first byte the scanner would reject. Input
// that ends early reads as json.Decoder reports it ("EOF" before any value, "unexpected EOF"
// inside one) or as json.Unmarshal does ("unexpected end of JSON input").
class Reader {
 public:
  Reader(std::string_view text, std::size_t pos, int max_depth, bool stream,
         JsonNumbers* numbers = nullptr)
      : s_(text), pos_(pos), max_depth_(max_depth), stream_(stream), numbers_(numbers) {}

  bool value(Value& out, int depth) {
    skip_space();
    if (pos_ >= s_.size()) {
      // A decoder that finds nothing but spaces has no value to return: io.EOF.
      if (depth == 0 && stream_) return error("EOF");
      return truncated();
    }
    char c = s_[pos_];
    switch (c) {
      case '{':
        return object(out, depth);
      case '[':
        return array(out, depth);
      case '"': {
        std::string str;
        if (!string(str)) return false;
        out = Value::string(std::move(str));
        return true;
      }
      case 't':
        return literal("true", Value::boolean(true), out);
      case 'f':
        return literal("false", Value::boolean(false), out);
      case 'n':
        return literal("null", Value(), out);
      default:
        if (c == '-' || (c >= '0' && c <= '9')) return number(out);
        return invalid("looking for beginning of value");
    }
  }

  std::size_t pos() const { return pos_; }
  bool at_end() const { return pos_ >= s_.size(); }
  const std::string& message() const { return error_; }
  void skip_space() {
    while (pos_ < s_.size() &&
           (s_[pos_] == ' ' || s_[pos_] == '\t' || s_[pos_] == '\n' || s_[pos_] == '\r')) {
      ++pos_;
    }
  }

  // The scanner's error for the byte at pos_: "invalid character 'x' <context>". Go quotes the
  // byte as the rune of the same number, so 0xFF prints as 'ÿ' and 0x80 as '\u0080'.
  bool invalid(std::string_view context) {
    return error("invalid character " + go_quote_rune(static_cast<unsigned char>(s_[pos_])) + " " +
                 std::string(context));
  }

 private:
  bool error(std::string m) {
    error_ = std::move(m);
    return false;
  }

  bool truncated() { return error(stream_ ? "unexpected EOF" : "unexpected end of JSON input"); }

  // Checks the byte at pos_ (or the end) without consuming it.
  bool expect(bool ok, std::string_view context) {
    if (pos_ >= s_.size()) return truncated();
    if (!ok) return invalid(context);
    return true;
  }

  // The byte at pos_, or NUL at the end, where expect() reports the truncation instead.
  char peek() const { return pos_ < s_.size() ? s_[pos_] : '\0'; }
  bool is_digit() const { return peek() >= '0' && peek() <= '9'; }

  bool literal(std::string_view word, Value v, Value& out) {
    // The scanner names the literal it was reading and the letter it expected next.
    for (char want : word) {
      if (!expect(peek() == want,
                  std::string("in literal ") + std::string(word) + " (expecting '" + want + "')")) {
        return false;
      }
      ++pos_;
    }
    out = std::move(v);
    return true;
  }

  bool number(Value& out) {
    std::size_t start = pos_;
    if (s_[pos_] == '-') {
      ++pos_;
      if (!expect(is_digit(), "in numeric literal")) return false;
    }
    if (s_[pos_++] != '0') {
      while (is_digit()) ++pos_;
    }
    if (pos_ < s_.size() && s_[pos_] == '.') {
      ++pos_;
      if (!expect(is_digit(), "after decimal point in numeric literal")) return false;
      while (is_digit()) ++pos_;
    }
    if (pos_ < s_.size() && (s_[pos_] == 'e' || s_[pos_] == 'E')) {
      ++pos_;
      if (pos_ < s_.size() && (s_[pos_] == '+' || s_[pos_] == '-')) ++pos_;
      if (!expect(is_digit(), "in exponent of numeric literal")) return false;
      while (is_digit()) ++pos_;
    }
    std::string text(s_.substr(start, pos_ - start));
    double d = std::strtod(text.c_str(), nullptr);
    if (std::isinf(d) && numbers_ == nullptr)
      return error("json: cannot unmarshal number " + text + " into Go value of type float64");
    out = Value::number(d);
    if (numbers_ != nullptr) (*numbers_)[path_] = std::move(text);
    return true;
  }

  // The pointer of the next value read: an array's item `index` or an object's `key` (kept only
  // with the numbers). Returns the pointer's length before, to go back to after the value.
  std::size_t enter_path(std::size_t index, const std::string* key) {
    const std::size_t size = path_.size();
    if (numbers_ != nullptr) {
      path_ += '/';
      path_ += key != nullptr ? json_pointer_token(*key) : std::to_string(index);
    }
    return size;
  }

  static int hex_digit(char c) {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
  }

  // The four hex digits after "\u", consumed; a bad digit or the end is the scanner's error.
  bool hex4(unsigned& out) {
    out = 0;
    for (int i = 0; i < 4; ++i) {
      if (!expect(hex_digit(peek()) >= 0, "in \\u hexadecimal character escape")) return false;
      out = (out << 4) | static_cast<unsigned>(hex_digit(s_[pos_++]));
    }
    return true;
  }

  // A low surrogate escape at pos_ completing `high`; leaves pos_ alone when there is none, so
  // the next escape is read (and checked) on its own.
  bool low_surrogate(unsigned high, unsigned& cp) {
    if (s_.substr(pos_, 2) != "\\u" || pos_ + 6 > s_.size()) return false;
    unsigned lo = 0;
    for (std::size_t i = pos_ + 2; i < pos_ + 6; ++i) {
      int d = hex_digit(s_[i]);
      if (d < 0) return false;
      lo = (lo << 4) | static_cast<unsigned>(d);
    }
    if (lo < 0xDC00 || lo >= 0xE000) return false;
    pos_ += 6;
    cp = 0x10000 + ((high - 0xD800) << 10) + (lo - 0xDC00);
    return true;
  }

  bool string(std::string& out) {
    ++pos_;  // '"'
    while (pos_ < s_.size()) {
      char c = s_[pos_];
      if (c == '"') {
        ++pos_;
        return true;
      }
      if (static_cast<unsigned char>(c) < 0x20) return invalid("in string literal");
      if (c != '\\') {
        std::size_t i = pos_;
        long cp = next_code_point(s_, i);
        if (cp < 0) {
          out += "\xEF\xBF\xBD";  // Go replaces invalid UTF-8 with U+FFFD
        } else {
          out.append(s_.substr(pos_, i - pos_));
        }
        pos_ = i;
        continue;
      }
      if (++pos_ >= s_.size()) break;
      char e = s_[pos_];
      switch (e) {
        case '"':
          out += '"';
          break;
        case '\\':
          out += '\\';
          break;
        case '/':
          out += '/';
          break;
        case 'b':
          out += '\b';
          break;
        case 'f':
          out += '\f';
          break;
        case 'n':
          out += '\n';
          break;
        case 'r':
          out += '\r';
          break;
        case 't':
          out += '\t';
          break;
        case 'u': {
          ++pos_;
          unsigned cp = 0;
          if (!hex4(cp)) return false;
          if (cp >= 0xD800 && cp < 0xDC00) {
            if (!low_surrogate(cp, cp)) cp = 0xFFFD;
          } else if (cp >= 0xDC00 && cp < 0xE000) {
            cp = 0xFFFD;
          }
          append_utf8(out, static_cast<char32_t>(cp));
          continue;
        }
        default:
          return invalid("in string escape code");
      }
      ++pos_;
    }
    return truncated();
  }

  // Go's scanner counts open containers and refuses the one past its limit.
  bool enter(int depth) {
    if (depth + 1 > max_depth_) return invalid("exceeded max depth");
    ++pos_;
    skip_space();
    return true;
  }

  bool array(Value& out, int depth) {
    if (!enter(depth)) return false;
    List items;
    if (pos_ < s_.size() && s_[pos_] == ']') {
      ++pos_;
      out = Value::list();
      return true;
    }
    for (;;) {
      Value v;
      const std::size_t outer = enter_path(items.size(), nullptr);
      if (!value(v, depth + 1)) return false;
      path_.resize(outer);
      items.push_back(std::move(v));
      skip_space();
      if (!expect(peek() == ',' || peek() == ']', "after array element")) return false;
      if (s_[pos_++] == ']') break;
    }
    out = Value::list(std::move(items));
    return true;
  }

  bool object(Value& out, int depth) {
    if (!enter(depth)) return false;
    Map::Items entries;
    if (pos_ < s_.size() && s_[pos_] == '}') {
      ++pos_;
      out = Value::map();
      return true;
    }
    for (;;) {
      skip_space();
      if (!expect(peek() == '"', "looking for beginning of object key string")) return false;
      std::string key;
      if (!string(key)) return false;
      skip_space();
      if (!expect(peek() == ':', "after object key")) return false;
      ++pos_;
      Value v;
      const std::size_t outer = enter_path(0, &key);
      if (!value(v, depth + 1)) return false;
      path_.resize(outer);
      entries.emplace_back(std::move(key), std::move(v));
      skip_space();
      if (!expect(peek() == ',' || peek() == '}', "after object key:value pair")) return false;
      if (s_[pos_++] == '}') break;
    }
    out = Value::map(Map::from_entries(std::move(entries)));  // a repeated key: the last wins
    return true;
  }

  std::string_view s_;
  std::size_t pos_;
  int max_depth_;
  bool stream_;
  JsonNumbers* numbers_;
  std::string path_;  // the JSON pointer of the value being read, when numbers_ is kept
  std::string error_;
};

}  // namespace

std::string json_pointer_token(std::string_view key) {
  std::string out;
  for (char c : key) {
    if (c == '~')
      out += "~0";
    else if (c == '/')
      out += "~1";
    else
      out += c;
  }
  return out;
}

std::string json_pointer_key(std::string_view token) {
  std::string out;
  for (std::size_t i = 0; i < token.size(); ++i) {
    if (token[i] == '~' && i + 1 < token.size() && (token[i + 1] == '0' || token[i + 1] == '1')) {
      out += token[++i] == '0' ? '~' : '/';
    } else {
      out += token[i];
    }
  }
  return out;
}

bool valid_json_pointer_escapes(std::string_view pointer) {
  for (std::size_t tilde = pointer.find('~'); tilde != std::string_view::npos;
       tilde = pointer.find('~', tilde + 1)) {
    if (tilde + 1 == pointer.size() || (pointer[tilde + 1] != '0' && pointer[tilde + 1] != '1')) {
      return false;
    }
  }
  return true;
}

bool read_json_value(std::string_view text, std::size_t& pos, Value& out, std::string& error,
                     int max_depth, JsonNumbers* numbers) {
  Reader r(text, pos, max_depth, true, numbers);
  if (!r.value(out, 0)) {
    error = r.message();
    return false;
  }
  pos = r.pos();
  return true;
}

bool parse_json_value(std::string_view text, Value& out, std::string& error) {
  Reader r(text, 0, 256, false);
  if (!r.value(out, 0)) {
    error = r.message();
    return false;
  }
  r.skip_space();
  if (!r.at_end()) {
    r.invalid("after top-level value");
    error = r.message();
    return false;
  }
  return true;
}

}  // namespace render::chart
