#include "chart/json_value.hpp"

#include <cmath>
#include <cstdlib>

#include "render/utf8.hpp"

namespace render::chart {
namespace {

class Reader {
 public:
  Reader(std::string_view text, std::size_t pos, int max_depth)
      : s_(text), pos_(pos), max_depth_(max_depth) {}

  bool value(Value& out, int depth) {
    skip_space();
    if (pos_ >= s_.size()) return error("unexpected end of JSON input");
    if (depth > max_depth_) return error("exceeded max depth");
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
        return error(std::string("invalid character '") + c + "' looking for beginning of value");
    }
  }

  std::size_t pos() const { return pos_; }
  const std::string& message() const { return error_; }
  void skip_space() {
    while (pos_ < s_.size() &&
           (s_[pos_] == ' ' || s_[pos_] == '\t' || s_[pos_] == '\n' || s_[pos_] == '\r')) {
      ++pos_;
    }
  }

 private:
  bool error(std::string m) {
    error_ = std::move(m);
    return false;
  }

  bool literal(std::string_view word, Value v, Value& out) {
    if (s_.substr(pos_, word.size()) != word) return error("invalid literal");
    pos_ += word.size();
    out = std::move(v);
    return true;
  }

  bool number(Value& out) {
    std::size_t start = pos_;
    auto digits = [&] {
      std::size_t from = pos_;
      while (pos_ < s_.size() && s_[pos_] >= '0' && s_[pos_] <= '9') ++pos_;
      return pos_ > from;
    };
    if (s_[pos_] == '-') ++pos_;
    if (pos_ < s_.size() && s_[pos_] == '0') {
      ++pos_;
    } else if (!digits()) {
      return error("invalid number");
    }
    if (pos_ < s_.size() && s_[pos_] == '.') {
      ++pos_;
      if (!digits()) return error("invalid number");
    }
    if (pos_ < s_.size() && (s_[pos_] == 'e' || s_[pos_] == 'E')) {
      ++pos_;
      if (pos_ < s_.size() && (s_[pos_] == '+' || s_[pos_] == '-')) ++pos_;
      if (!digits()) return error("invalid number");
    }
    std::string text(s_.substr(start, pos_ - start));
    double d = std::strtod(text.c_str(), nullptr);
    if (std::isinf(d))
      return error("json: cannot unmarshal number " + text + " into Go value of type float64");
    out = Value::number(d);
    return true;
  }

  bool hex4(unsigned& out) {
    if (pos_ + 4 > s_.size()) return error("invalid unicode escape");
    out = 0;
    for (int i = 0; i < 4; ++i) {
      char c = s_[pos_++];
      out <<= 4;
      if (c >= '0' && c <= '9')
        out |= static_cast<unsigned>(c - '0');
      else if (c >= 'a' && c <= 'f')
        out |= static_cast<unsigned>(c - 'a' + 10);
      else if (c >= 'A' && c <= 'F')
        out |= static_cast<unsigned>(c - 'A' + 10);
      else
        return error("invalid unicode escape");
    }
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
      if (static_cast<unsigned char>(c) < 0x20) return error("invalid character in string literal");
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
      char e = s_[pos_++];
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
          unsigned cp = 0;
          if (!hex4(cp)) return false;
          if (cp >= 0xD800 && cp < 0xDC00) {
            std::size_t save = pos_;
            unsigned lo = 0;
            if (s_.substr(pos_, 2) == "\\u" && (pos_ += 2, hex4(lo)) && lo >= 0xDC00 &&
                lo < 0xE000) {
              cp = 0x10000 + ((cp - 0xD800) << 10) + (lo - 0xDC00);
            } else {
              pos_ = save;
              cp = 0xFFFD;
            }
          } else if (cp >= 0xDC00 && cp < 0xE000) {
            cp = 0xFFFD;
          }
          append_utf8(out, static_cast<char32_t>(cp));
          break;
        }
        default:
          return error("invalid escape in string literal");
      }
    }
    return error("unexpected end of JSON input");
  }

  bool array(Value& out, int depth) {
    ++pos_;
    List items;
    skip_space();
    if (pos_ < s_.size() && s_[pos_] == ']') {
      ++pos_;
      out = Value::list();
      return true;
    }
    for (;;) {
      Value v;
      if (!value(v, depth + 1)) return false;
      items.push_back(std::move(v));
      skip_space();
      if (pos_ >= s_.size()) return error("unexpected end of JSON input");
      char c = s_[pos_++];
      if (c == ']') break;
      if (c != ',') return error("invalid character after array element");
    }
    out = Value::list(std::move(items));
    return true;
  }

  bool object(Value& out, int depth) {
    ++pos_;
    Map::Items entries;
    skip_space();
    if (pos_ < s_.size() && s_[pos_] == '}') {
      ++pos_;
      out = Value::map();
      return true;
    }
    for (;;) {
      skip_space();
      if (pos_ >= s_.size() || s_[pos_] != '"')
        return error("invalid character looking for beginning of object key string");
      std::string key;
      if (!string(key)) return false;
      skip_space();
      if (pos_ >= s_.size() || s_[pos_] != ':') return error("invalid character after object key");
      ++pos_;
      Value v;
      if (!value(v, depth + 1)) return false;
      entries.emplace_back(std::move(key), std::move(v));
      skip_space();
      if (pos_ >= s_.size()) return error("unexpected end of JSON input");
      char c = s_[pos_++];
      if (c == '}') break;
      if (c != ',') return error("invalid character after object key:value pair");
    }
    out = Value::map(Map::from_entries(std::move(entries)));  // a repeated key: the last wins
    return true;
  }

  std::string_view s_;
  std::size_t pos_;
  int max_depth_;
  std::string error_;
};

}  // namespace

bool read_json_value(std::string_view text, std::size_t& pos, Value& out, std::string& error,
                     int max_depth) {
  Reader r(text, pos, max_depth);
  if (!r.value(out, 0)) {
    error = r.message();
    return false;
  }
  pos = r.pos();
  return true;
}

bool parse_json_value(std::string_view text, Value& out, std::string& error) {
  Reader r(text, 0, 256);
  if (!r.value(out, 0)) {
    error = r.message();
    return false;
  }
  r.skip_space();
  if (r.pos() != text.size()) {
    error = "invalid character after top-level value";
    return false;
  }
  return true;
}

}  // namespace render::chart
