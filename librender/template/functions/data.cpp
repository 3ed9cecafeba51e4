// Data formats: Helm's and Sprig's JSON, YAML and TOML functions.
//
//   toJson mustToJson toRawJson mustToRawJson toPrettyJson mustToPrettyJson  (encoding/json)
//   fromJson fromJsonArray mustFromJson                                       (encoding/json)
//   toYaml mustToYaml (sigs.k8s.io/yaml)  toYamlPretty (yaml.v3, indent 2)
//   fromYaml fromYamlArray (sigs.k8s.io/yaml: YAML 1.1 -> JSON -> encoding/json)
//   toToml fromToml (BurntSushi/toml)
#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include <yaml-cpp/yaml.h>

#include "render/diagnostic.hpp"
#include "render/go_strconv.hpp"
#include "render/guards.hpp"
#include "render/number_format.hpp"
#include "render/utf8.hpp"
#include "render/value.hpp"
#include "render/yaml.hpp"
#include "template/function.hpp"
#include "template/functions/value_text.hpp"

namespace render::tmpl {
namespace {

constexpr char32_t kReplacement = 0xFFFD;

// =============================================================================================
// encoding/json decoding

// strconv.Quote of one byte taken as a rune, between single quotes: encoding/json's quoteChar.
std::string quote_char(unsigned char c) {
  if (c == '\'') return "'\\''";
  if (c == '"') return "'\"'";
  std::string utf8;
  append_utf8(utf8, c);
  std::string q = go_quote(utf8);
  return "'" + q.substr(1, q.size() - 2) + "'";
}

// encoding/json's scanner: validates a whole document and reports the first syntax error with
// encoding/json's message.
class JsonScanner {
 public:
  // "" when `data` is one valid JSON value (surrounded by optional whitespace).
  std::string check(std::string_view data) {
    for (char ch : data) {
      step(static_cast<unsigned char>(ch));
      if (!err_.empty()) return err_;
    }
    // eof(): a trailing space completes numbers, or reports what was cut short.
    if (end_top_) return "";
    step(' ');
    if (!err_.empty()) return err_;
    if (end_top_) return "";
    return "unexpected end of JSON input";
  }

 private:
  enum class State {
    kBeginValue,
    kBeginValueOrEmpty,
    kBeginStringOrEmpty,
    kBeginString,
    kEndValue,
    kEndTop,
    kInString,
    kInStringEsc,
    kInStringEscU,
    kNeg,
    kOne,
    kZero,
    kDot,
    kDot0,
    kE,
    kESign,
    kE0,
    kLiteral,  // inside true/false/null: literal_ + literal_pos_
  };
  enum class Parse { kObjectKey, kObjectValue, kArrayValue };

  static bool is_space(unsigned char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n'; }
  static bool is_digit(unsigned char c) { return c >= '0' && c <= '9'; }

  void error(unsigned char c, std::string_view context) {
    err_ = "invalid character " + quote_char(c) + " " + std::string(context);
  }

  void push(Parse p) {
    if (stack_.size() >= 10000) {
      err_ = "exceeded max depth";
      return;
    }
    stack_.push_back(p);
  }

  void pop() {
    stack_.pop_back();
    if (stack_.empty()) {
      state_ = State::kEndTop;
      end_top_ = true;
    } else {
      state_ = State::kEndValue;
    }
  }

  void begin_value(unsigned char c) {
    if (is_space(c)) return;
    switch (c) {
      case '{':
        state_ = State::kBeginStringOrEmpty;
        push(Parse::kObjectKey);
        return;
      case '[':
        state_ = State::kBeginValueOrEmpty;
        push(Parse::kArrayValue);
        return;
      case '"':
        state_ = State::kInString;
        return;
      case '-':
        state_ = State::kNeg;
        return;
      case '0':
        state_ = State::kZero;
        return;
      case 't':
        start_literal("true");
        return;
      case 'f':
        start_literal("false");
        return;
      case 'n':
        start_literal("null");
        return;
      default:
        break;
    }
    if (c >= '1' && c <= '9') {
      state_ = State::kOne;
      return;
    }
    error(c, "looking for beginning of value");
  }

  void start_literal(const char* word) {
    literal_ = word;
    literal_pos_ = 1;
    state_ = State::kLiteral;
  }

  void end_value(unsigned char c) {
    if (stack_.empty()) {
      state_ = State::kEndTop;
      end_top_ = true;
      end_top(c);
      return;
    }
    if (is_space(c)) {
      state_ = State::kEndValue;
      return;
    }
    switch (stack_.back()) {
      case Parse::kObjectKey:
        if (c == ':') {
          stack_.back() = Parse::kObjectValue;
          state_ = State::kBeginValue;
          return;
        }
        error(c, "after object key");
        return;
      case Parse::kObjectValue:
        if (c == ',') {
          stack_.back() = Parse::kObjectKey;
          state_ = State::kBeginString;
          return;
        }
        if (c == '}') {
          pop();
          return;
        }
        error(c, "after object key:value pair");
        return;
      case Parse::kArrayValue:
        if (c == ',') {
          state_ = State::kBeginValue;
          return;
        }
        if (c == ']') {
          pop();
          return;
        }
        error(c, "after array element");
        return;
    }
  }

  void end_top(unsigned char c) {
    if (!is_space(c)) error(c, "after top-level value");
  }

  void step(unsigned char c) {
    switch (state_) {
      case State::kBeginValue:
        begin_value(c);
        return;
      case State::kBeginValueOrEmpty:
        if (is_space(c)) return;
        if (c == ']') {
          end_value(c);
          return;
        }
        begin_value(c);
        return;
      case State::kBeginStringOrEmpty:
        if (is_space(c)) return;
        if (c == '}') {
          stack_.back() = Parse::kObjectValue;
          end_value(c);
          return;
        }
        [[fallthrough]];
      case State::kBeginString:
        if (is_space(c)) return;
        if (c == '"') {
          state_ = State::kInString;
          return;
        }
        error(c, "looking for beginning of object key string");
        return;
      case State::kEndValue:
        end_value(c);
        return;
      case State::kEndTop:
        end_top(c);
        return;
      case State::kInString:
        if (c == '"') {
          state_ = State::kEndValue;
        } else if (c == '\\') {
          state_ = State::kInStringEsc;
        } else if (c < 0x20) {
          error(c, "in string literal");
        }
        return;
      case State::kInStringEsc:
        switch (c) {
          case 'b':
          case 'f':
          case 'n':
          case 'r':
          case 't':
          case '\\':
          case '/':
          case '"':
            state_ = State::kInString;
            return;
          case 'u':
            state_ = State::kInStringEscU;
            hex_left_ = 4;
            return;
          default:
            error(c, "in string escape code");
            return;
        }
      case State::kInStringEscU:
        if (is_digit(c) || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F')) {
          if (--hex_left_ == 0) state_ = State::kInString;
          return;
        }
        error(c, "in \\u hexadecimal character escape");
        return;
      case State::kNeg:
        if (c == '0') {
          state_ = State::kZero;
        } else if (c >= '1' && c <= '9') {
          state_ = State::kOne;
        } else {
          error(c, "in numeric literal");
        }
        return;
      case State::kOne:
        if (is_digit(c)) return;
        [[fallthrough]];
      case State::kZero:
        if (c == '.') {
          state_ = State::kDot;
        } else if (c == 'e' || c == 'E') {
          state_ = State::kE;
        } else {
          end_value(c);
        }
        return;
      case State::kDot:
        if (is_digit(c)) {
          state_ = State::kDot0;
        } else {
          error(c, "after decimal point in numeric literal");
        }
        return;
      case State::kDot0:
        if (is_digit(c)) return;
        if (c == 'e' || c == 'E') {
          state_ = State::kE;
        } else {
          end_value(c);
        }
        return;
      case State::kE:
        if (c == '+' || c == '-') {
          state_ = State::kESign;
          return;
        }
        [[fallthrough]];
      case State::kESign:
        if (is_digit(c)) {
          state_ = State::kE0;
        } else {
          error(c, "in exponent of numeric literal");
        }
        return;
      case State::kE0:
        if (is_digit(c)) return;
        end_value(c);
        return;
      case State::kLiteral: {
        char want = literal_[literal_pos_];
        if (c != static_cast<unsigned char>(want)) {
          error(c, std::string("in literal ") + literal_ + " (expecting '" + want + "')");
          return;
        }
        if (literal_[++literal_pos_] == '\0') state_ = State::kEndValue;
        return;
      }
    }
  }

  State state_ = State::kBeginValue;
  std::vector<Parse> stack_;
  std::string err_;
  bool end_top_ = false;
  int hex_left_ = 0;
  const char* literal_ = "";
  std::size_t literal_pos_ = 0;
};

// Decodes a document the scanner accepted, as encoding/json decodes into interface{}: objects
// maps (a repeated key: the last wins), arrays lists, numbers float64. A number out of float64's
// range is an UnmarshalTypeError: the first one is kept in `error` and the value becomes nil.
class JsonDecoder {
 public:
  JsonDecoder(std::string_view text, std::string& error) : s_(text), error_(error) {}

  Value value() {
    skip_space();
    char c = s_[pos_];
    switch (c) {
      case '{': {
        ++pos_;
        Map::Items m;
        skip_space();
        if (s_[pos_] == '}') {
          ++pos_;
          return Value::map();
        }
        for (;;) {
          skip_space();
          std::string key = string();
          skip_space();
          ++pos_;  // ':'
          Value v = value();
          m.emplace_back(std::move(key), std::move(v));
          skip_space();
          if (s_[pos_++] == '}') break;  // else ','
        }
        return Value::map(Map::from_entries(std::move(m)));  // a repeated key: the last wins
      }
      case '[': {
        ++pos_;
        List l;
        skip_space();
        if (s_[pos_] == ']') {
          ++pos_;
          return Value::list(std::move(l));
        }
        for (;;) {
          l.push_back(value());
          skip_space();
          if (s_[pos_++] == ']') break;
        }
        return Value::list(std::move(l));
      }
      case '"':
        return Value::string(string());
      case 't':
        pos_ += 4;
        return Value::boolean(true);
      case 'f':
        pos_ += 5;
        return Value::boolean(false);
      case 'n':
        pos_ += 4;
        return Value();
      default:
        return number();
    }
  }

  // The kind of the top-level value, as UnmarshalTypeError names it.
  static std::string_view kind_name(std::string_view text) {
    for (char c : text) {
      switch (c) {
        case ' ':
        case '\t':
        case '\r':
        case '\n':
          continue;
        case '{':
          return "object";
        case '[':
          return "array";
        case '"':
          return "string";
        case 't':
        case 'f':
          return "bool";
        case 'n':
          return "null";
        default:
          return "number";
      }
    }
    return "";
  }

 private:
  void skip_space() {
    while (pos_ < s_.size() &&
           (s_[pos_] == ' ' || s_[pos_] == '\t' || s_[pos_] == '\r' || s_[pos_] == '\n'))
      ++pos_;
  }

  Value number() {
    std::size_t start = pos_;
    while (pos_ < s_.size()) {
      char c = s_[pos_];
      if ((c >= '0' && c <= '9') || c == '-' || c == '+' || c == '.' || c == 'e' || c == 'E') {
        ++pos_;
      } else {
        break;
      }
    }
    std::string text(s_.substr(start, pos_ - start));
    double v = std::strtod(text.c_str(), nullptr);
    if (std::isinf(v)) {
      if (error_.empty())
        error_ = "json: cannot unmarshal number " + text + " into Go value of type float64";
      return Value();
    }
    return Value::number(v);
  }

  int hex4(std::size_t at) const {
    if (at + 4 > s_.size()) return -1;
    int v = 0;
    for (std::size_t i = at; i < at + 4; ++i) {
      char c = s_[i];
      v <<= 4;
      if (c >= '0' && c <= '9') {
        v |= c - '0';
      } else if (c >= 'a' && c <= 'f') {
        v |= c - 'a' + 10;
      } else if (c >= 'A' && c <= 'F') {
        v |= c - 'A' + 10;
      } else {
        return -1;
      }
    }
    return v;
  }

  std::string string() {
    ++pos_;  // opening quote
    std::string out;
    while (s_[pos_] != '"') {
      char c = s_[pos_];
      if (c == '\\') {
        char e = s_[pos_ + 1];
        pos_ += 2;
        switch (e) {
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
            int r = hex4(pos_);
            pos_ += 4;
            if (r >= 0xD800 && r < 0xE000) {
              int r2 = -1;
              if (pos_ + 1 < s_.size() && s_[pos_] == '\\' && s_[pos_ + 1] == 'u')
                r2 = hex4(pos_ + 2);
              if (r < 0xDC00 && r2 >= 0xDC00 && r2 < 0xE000) {
                pos_ += 6;
                append_utf8(out,
                            static_cast<char32_t>(0x10000 + ((r - 0xD800) << 10) + (r2 - 0xDC00)));
              } else {
                append_utf8(out, kReplacement);
              }
            } else {
              append_utf8(out, static_cast<char32_t>(r));
            }
            break;
          }
          default:  // '"', '\\', '/'
            out += e;
        }
        continue;
      }
      std::size_t start = pos_;
      long cp = next_code_point(s_, pos_);
      if (cp < 0) {
        pos_ = start + 1;
        append_utf8(out, kReplacement);
      } else {
        out.append(s_.substr(start, pos_ - start));
      }
    }
    ++pos_;  // closing quote
    return out;
  }

  std::string_view s_;
  std::size_t pos_ = 0;
  std::string& error_;
};

// json.Unmarshal into interface{}: the value, or a syntax/range error in `error`.
Value json_unmarshal(std::string_view text, std::string& error) {
  error = JsonScanner().check(text);
  if (!error.empty()) return Value();
  return JsonDecoder(text, error).value();
}

// json.Unmarshal into a map[string]interface{} or []interface{} target. `target_kind` is "object"
// or "array". On a type mismatch only the error is set.
Value json_unmarshal_into(std::string_view text, std::string_view target_kind,
                          std::string_view target_type, std::string& error) {
  error = JsonScanner().check(text);
  if (!error.empty()) return Value();
  std::string_view kind = JsonDecoder::kind_name(text);
  if (kind == "null") return Value();
  if (kind != target_kind) {
    error = "json: cannot unmarshal " + std::string(kind) + " into Go value of type " +
            std::string(target_type);
    return Value();
  }
  return JsonDecoder(text, error).value();
}

constexpr std::string_view kMapType = "map[string]interface {}";
constexpr std::string_view kListType = "[]interface {}";

// Helm's fromJson: a map; on failure {"Error": message} (with whatever was decoded).
Value from_json_impl(CallContext&, std::span<const Value> args) {
  std::string error;
  Value v = json_unmarshal_into(args[0].as_string(), "object", kMapType, error);
  if (error.empty()) return v.is_map() ? v : Value::nil_map();  // "null" is a nil map
  Value out = v.is_map() ? v : Value::map();
  out.mutable_map().insert_or_assign("Error", Value::string(error));
  return out;
}

// Helm's fromJsonArray: a list; on failure a list holding only the message.
Value from_json_array_impl(CallContext&, std::span<const Value> args) {
  std::string error;
  Value v = json_unmarshal_into(args[0].as_string(), "array", kListType, error);
  if (!error.empty()) return Value::list({Value::string(error)});
  return v.is_list() ? v : Value::nil_list();
}

// Sprig's mustFromJson: any JSON value; an error fails the call.
Value must_from_json_impl(CallContext&, std::span<const Value> args) {
  std::string error;
  Value v = json_unmarshal(args[0].as_string(), error);
  if (!error.empty()) throw FunctionError(error);
  return v;
}

// =============================================================================================
// encoding/json encoding

std::optional<std::string> unsupported_json_value(const Value& v, PartCount& parts) {
  parts.visit();
  if (v.is_list() || v.is_map()) check_stack("a value written as JSON");
  switch (v.kind()) {
    case Value::Kind::kFloat: {
      double f = v.as_float();
      if (std::isfinite(f)) return std::nullopt;
      return std::string("json: unsupported value: ") + format_go_v(f);
    }
    case Value::Kind::kList:
      for (const Value& item : v.as_list()) {
        if (auto e = unsupported_json_value(item, parts)) return e;
      }
      return std::nullopt;
    case Value::Kind::kMap:
      for (const auto& [key, item] : v.as_map()) {
        if (auto e = unsupported_json_value(item, parts)) return e;
      }
      return std::nullopt;
    default:
      return std::nullopt;
  }
}

// encoding/json's UnsupportedValueError for the first NaN or infinity, in encoding order.
std::optional<std::string> unsupported_json_value(const Value& v) {
  PartCount parts;
  return unsupported_json_value(v, parts);
}

Value to_json_impl(CallContext&, std::span<const Value> args) {
  if (unsupported_json_value(args[0])) return Value::string("");
  return Value::string(yaml::to_json(args[0]));
}

Value must_to_json_impl(CallContext&, std::span<const Value> args) {
  if (auto e = unsupported_json_value(args[0])) throw FunctionError(*e);
  return Value::string(yaml::to_json(args[0]));
}

// Sprig's toRawJson panics on an error, so it fails like its must form.
Value to_raw_json_impl(CallContext&, std::span<const Value> args) {
  if (auto e = unsupported_json_value(args[0])) throw FunctionError(*e);
  return Value::string(yaml::to_json(args[0], false));
}

Value to_pretty_json_impl(CallContext&, std::span<const Value> args) {
  if (unsupported_json_value(args[0])) return Value::string("");
  return Value::string(yaml::to_pretty_json(args[0]));
}

Value must_to_pretty_json_impl(CallContext&, std::span<const Value> args) {
  if (auto e = unsupported_json_value(args[0])) throw FunctionError(*e);
  return Value::string(yaml::to_pretty_json(args[0]));
}

// =============================================================================================
// toYaml: sigs.k8s.io/yaml marshals to JSON, reads that JSON back with yaml.v2 and writes YAML.

// kBrokenKey: a map key holding U+0085, a line break to yaml.v2, which a simple key cannot hold.
enum class YamlTrouble { kNone, kControl, kBrokenKey };

// What yaml.v2's reader makes of a JSON string literal holding `s`: it refuses DEL, C1 controls
// and U+FFFE/U+FFFF (encoding/json writes them raw), and folds the raw line break U+0085 like any
// line break in a double-quoted scalar. `changed` tells whether the text differs.
YamlTrouble through_json_yaml(std::string_view s, std::string& folded, bool& changed) {
  changed = false;
  bool has_nel = false;
  std::size_t ascii = 0;  // below DEL: nothing to refuse or fold
  while (ascii < s.size() && static_cast<unsigned char>(s[ascii]) < 0x7f) ++ascii;
  for (std::size_t i = ascii; i < s.size();) {
    long cp = next_code_point(s, i);
    if (cp < 0) continue;  // becomes U+FFFD in the JSON step
    if (cp == 0x7f || (cp >= 0x80 && cp <= 0x9f && cp != 0x85) || cp == 0xfffe || cp == 0xffff)
      return YamlTrouble::kControl;
    if (cp == 0x85) has_nel = true;
  }
  if (!has_nel) return YamlTrouble::kNone;
  changed = true;
  folded.clear();
  constexpr std::string_view kNel = "\xC2\x85";
  std::size_t i = 0;
  while (i < s.size()) {
    if (s[i] != ' ' && s.substr(i, 2) != kNel) {
      folded += s[i++];
      continue;
    }
    // A run of spaces and line breaks.
    std::size_t spaces = 0;
    int breaks = 0;
    while (i < s.size()) {
      if (s[i] == ' ') {
        if (breaks == 0) ++spaces;
        ++i;
      } else if (s.substr(i, 2) == kNel) {
        ++breaks;
        i += 2;
      } else {
        break;
      }
    }
    if (breaks == 0) {
      folded.append(spaces, ' ');
    } else if (breaks == 1) {
      folded += ' ';
    } else {
      folded.append(static_cast<std::size_t>(breaks - 1), '\n');
    }
  }
  return YamlTrouble::kNone;
}

std::string base64_encode(std::string_view bytes);

// Applies through_json_yaml to every string of the value, keys included, and turns []byte into
// the base64 text encoding/json writes for it; copies only what changes.
YamlTrouble yaml_safe(const Value& v, Value& out, bool& changed) {
  changed = false;
  switch (v.kind()) {
    case Value::Kind::kObject: {
      // The object as encoding/json sees it (a map for .Files), made safe in turn.
      Value marshaled;
      if (!v.as_object()->json_value(marshaled)) return YamlTrouble::kNone;
      bool inner = false;
      Value safe;
      YamlTrouble t = yaml_safe(marshaled, safe, inner);
      changed = true;
      out = inner ? std::move(safe) : std::move(marshaled);
      return t;
    }
    case Value::Kind::kBytes:
      changed = true;
      out = Value::string(base64_encode(v.as_string()));
      return YamlTrouble::kNone;
    case Value::Kind::kString: {
      std::string folded;
      YamlTrouble t = through_json_yaml(v.as_string(), folded, changed);
      if (changed) out = Value::string(std::move(folded));
      return t;
    }
    case Value::Kind::kList: {
      const List& items = v.as_list();
      List copy;
      for (std::size_t i = 0; i < items.size(); ++i) {
        Value item;
        bool c = false;
        if (YamlTrouble t = yaml_safe(items[i], item, c); t != YamlTrouble::kNone) return t;
        if (c && !changed) {
          changed = true;
          copy.assign(items.begin(), items.begin() + static_cast<std::ptrdiff_t>(i));
        }
        if (changed) copy.push_back(c ? item : items[i]);
      }
      if (changed) out = Value::list(std::move(copy));
      return YamlTrouble::kNone;
    }
    case Value::Kind::kMap: {
      const Map& entries = v.as_map();
      Map copy;  // filled once something changes
      for (auto it = entries.begin(); it != entries.end(); ++it) {
        std::string folded_key;
        bool kc = false;
        if (through_json_yaml(it->first, folded_key, kc) != YamlTrouble::kNone)
          return YamlTrouble::kControl;
        if (it->first.find("\xC2\x85") != std::string::npos) return YamlTrouble::kBrokenKey;
        Value folded_item;
        bool ic = false;
        if (YamlTrouble t = yaml_safe(it->second, folded_item, ic); t != YamlTrouble::kNone) {
          return t;
        }
        if ((kc || ic) && !changed) {
          changed = true;
          copy.insert(entries.begin(), it);
        }
        if (changed)
          copy.insert_or_assign(kc ? folded_key : it->first, ic ? folded_item : it->second);
      }
      if (changed) out = Value::map(std::move(copy));
      return YamlTrouble::kNone;
    }
    default:
      return YamlTrouble::kNone;
  }
}

// sigs.k8s.io/yaml.Marshal: the YAML, or the error Helm's mustToYaml reports.
std::optional<std::string> marshal_yaml(const Value& v, std::string& error) {
  if (auto e = unsupported_json_value(v)) {
    error = "error marshaling into JSON: " + *e;
    return std::nullopt;
  }
  Value safe;
  bool changed = false;
  switch (yaml_safe(v, safe, changed)) {
    case YamlTrouble::kNone:
      break;
    case YamlTrouble::kControl:
      error = "yaml: control characters are not allowed";
      return std::nullopt;
    case YamlTrouble::kBrokenKey:
      // (On the JSON's one line, unless a line break came before the key.)
      error = "yaml: line 1: did not find expected ',' or '}'";
      return std::nullopt;
  }
  return yaml::to_yaml(changed ? safe : v);
}

Value to_yaml_impl(CallContext&, std::span<const Value> args) {
  std::string error;
  auto out = marshal_yaml(args[0], error);
  return Value::string(out ? std::move(*out) : std::string());
}

Value must_to_yaml_impl(CallContext&, std::span<const Value> args) {
  std::string error;
  auto out = marshal_yaml(args[0], error);
  if (!out) throw FunctionError(error);
  return Value::string(std::move(*out));
}

// =============================================================================================
// fromYaml: sigs.k8s.io/yaml.Unmarshal (YAML 1.1 -> JSON -> encoding/json).

// yaml.v2's wording for a parse error yaml-cpp reported.
std::string yaml_error_message(const render::Error& e, std::string_view text) {
  std::string msg;
  int line0 = 0, col0 = 0;
  if (!e.diagnostics().empty()) {
    msg = e.diagnostics().front().message;
    line0 = std::max(e.diagnostics().front().location.line - 1, 0);
    col0 = std::max(e.diagnostics().front().location.col - 1, 0);
  }
  return "error converting YAML to JSON: " + yaml::go_error_message(msg, line0, col0, text);
}

// The first NaN or infinity: the YAML-to-JSON step cannot write it.
std::optional<std::string> yaml_json_trouble(const Value& v) {
  if (auto e = unsupported_json_value(v)) return "error converting YAML to JSON: " + *e;
  return std::nullopt;
}

Value load_yaml(std::string_view text, std::string& error) {
  yaml::LoadOptions options;
  options.refuse_duplicate_keys = false;
  options.record_positions = false;
  options.refuse_unknown_tags = false;
  options.max_depth = 10000;
  try {
    Value v = yaml::load(text, options).value;
    if (auto e = yaml_json_trouble(v)) {
      error = *e;
      return Value();
    }
    return v;
  } catch (const render::Error& e) {
    error = yaml_error_message(e, text);
    return Value();
  }
}

std::string_view json_kind_of(const Value& v) {
  switch (v.kind()) {
    case Value::Kind::kMap:
      return "object";
    case Value::Kind::kList:
      return "array";
    case Value::Kind::kString:
      return "string";
    case Value::Kind::kBool:
      return "bool";
    case Value::Kind::kNil:
      return "null";
    default:
      return "number";
  }
}

// Whether the document is empty or null (which the loader gives as an empty map).
bool yaml_null_document(const std::string& text) {
  try {
    YAML::Node n = YAML::Load(text);
    return !n || n.IsNull();
  } catch (const YAML::Exception&) {
    return false;
  }
}

Value from_yaml_impl(CallContext&, std::span<const Value> args) {
  std::string error;
  Value v = load_yaml(args[0].as_string(), error);
  if (error.empty() && !v.is_map() && !v.is_nil()) {
    error = "error unmarshaling JSON: while decoding JSON: json: cannot unmarshal " +
            std::string(json_kind_of(v)) + " into Go value of type " + std::string(kMapType);
  }
  Value out = v.is_map() && error.empty() ? v : Value::map();
  if (!error.empty()) out.mutable_map().insert_or_assign("Error", Value::string(error));
  return out;
}

Value from_yaml_array_impl(CallContext&, std::span<const Value> args) {
  std::string error;
  Value v = load_yaml(args[0].as_string(), error);
  // An empty or null document loads as an empty map: for a list it is an empty list.
  if (error.empty() && v.is_map() && v.as_map().empty() && yaml_null_document(args[0].as_string()))
    return Value::list();
  if (error.empty() && !v.is_list() && !v.is_nil()) {
    error = "error unmarshaling JSON: while decoding JSON: json: cannot unmarshal " +
            std::string(json_kind_of(v)) + " into Go value of type " + std::string(kListType);
  }
  if (!error.empty()) return Value::list({Value::string(error)});
  return v.is_list() ? v : Value::nil_list();
}

// =============================================================================================
// toYamlPretty: yaml.v3's Encoder with SetIndent(2), straight from the values (no JSON step).

// strconv.ParseInt(s, base, 64) / ParseUint(s, base, 64) succeeds (on underscore-free text).
bool go_parse_integer(std::string_view s, int base, bool allow_sign) {
  std::int64_t i = 0;
  std::uint64_t u = 0;
  return (allow_sign ? go_parse_int(s, base, i) : go_parse_uint(s, base, u)) == GoNumError::kNone;
}

// strconv.ParseFloat(s, 64) succeeds.
bool go_parse_float_ok(std::string_view s) {
  double v = 0;
  return go_parse_float(s, 64, v) == GoNumError::kNone;
}

// ^[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+(?:\.[0-9_]*)?$
bool base60_float(std::string_view s) {
  std::size_t i = 0;
  if (i < s.size() && (s[i] == '+' || s[i] == '-')) ++i;
  if (i >= s.size() || s[i] < '0' || s[i] > '9') return false;
  while (i < s.size() && ((s[i] >= '0' && s[i] <= '9') || s[i] == '_')) ++i;
  int groups = 0;
  while (i < s.size() && s[i] == ':') {
    ++i;
    std::size_t from = i;
    while (i < s.size() && s[i] >= '0' && s[i] <= '9' && i - from < 2) ++i;
    if (i == from || (i - from == 2 && s[from] > '5')) return false;
    ++groups;
  }
  if (groups == 0) return false;
  if (i < s.size() && s[i] == '.') {
    ++i;
    while (i < s.size() && ((s[i] >= '0' && s[i] <= '9') || s[i] == '_')) ++i;
  }
  return i == s.size();
}

bool leap_year(int y) {
  return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

// Whether yaml.v3 would read the plain text as something other than this string (its resolve()
// plus the YAML 1.1 booleans and base-60 floats it quotes for compatibility).
bool v3_needs_quotes(std::string_view s) {
  static constexpr std::string_view kSpecial[] = {
      "",      "~",     "null",  "Null",  "NULL",  "true",  "True", "TRUE",
      "false", "False", "FALSE", ".nan",  ".NaN",  ".NAN",  ".inf", ".Inf",
      ".INF",  "+.inf", "+.Inf", "+.INF", "-.inf", "-.Inf", "-.INF"};
  for (std::string_view k : kSpecial) {
    if (s == k) return true;
  }
  static constexpr std::string_view kOldBool[] = {"y",  "Y",   "yes", "Yes", "YES", "on",
                                                  "On", "ON",  "n",   "N",   "no",  "No",
                                                  "NO", "off", "Off", "OFF"};
  for (std::string_view k : kOldBool) {
    if (s == k) return true;
  }
  if (base60_float(s)) return true;
  char c = s[0];
  if (c == '.') {
    // ParseFloat of the text as it is.
    return yaml::yaml_style_float(s) && go_parse_float_ok(s);
  }
  if (!(c == '+' || c == '-' || (c >= '0' && c <= '9'))) return false;
  if (yaml::go_yaml_timestamp(s)) return true;
  std::string plain;
  for (char ch : s) {
    if (ch != '_') plain += ch;
  }
  if (go_parse_integer(plain, 0, true) || go_parse_integer(plain, 0, false)) return true;
  if (yaml::yaml_style_float(plain) && go_parse_float_ok(plain)) return true;
  std::string_view p = plain;
  if (p.starts_with("0b")) return go_parse_integer(p.substr(2), 2, true);
  if (p.starts_with("-0b")) return go_parse_integer("-" + std::string(p.substr(3)), 2, true);
  if (p.starts_with("0o")) return go_parse_integer(p.substr(2), 8, true);
  if (p.starts_with("-0o")) return go_parse_integer("-" + std::string(p.substr(3)), 8, true);
  return false;
}

std::string base64_encode(std::string_view bytes) {
  static constexpr char kTable[] =
      "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  std::string out;
  std::size_t i = 0;
  for (; i + 2 < bytes.size(); i += 3) {
    unsigned v = static_cast<unsigned>(static_cast<unsigned char>(bytes[i])) << 16 |
                 static_cast<unsigned>(static_cast<unsigned char>(bytes[i + 1])) << 8 |
                 static_cast<unsigned char>(bytes[i + 2]);
    for (int k = 18; k >= 0; k -= 6) out += kTable[(v >> k) & 63];
  }
  std::size_t rest = bytes.size() - i;
  if (rest > 0) {
    unsigned v = static_cast<unsigned>(static_cast<unsigned char>(bytes[i])) << 16;
    if (rest == 2) v |= static_cast<unsigned>(static_cast<unsigned char>(bytes[i + 1])) << 8;
    out += kTable[(v >> 18) & 63];
    out += kTable[(v >> 12) & 63];
    out += rest == 2 ? kTable[(v >> 6) & 63] : '=';
    out += '=';
  }
  return out;
}

bool valid_utf8(std::string_view s) {
  return invalid_utf8_at(s) == std::string_view::npos;
}

class PrettyEmitter {
 public:
  explicit PrettyEmitter(std::string& out) : out_(out) {}

  void document(const Value& v) {
    node(v, true, false, false, false);
    write_indent();
  }

 private:
  enum class Style { kPlain, kSingle, kDouble, kLiteral };

  struct Scalar {
    std::string value;
    bool binary = false;  // tagged !!binary
    Style style = Style::kPlain;
  };

  struct Analysis {
    bool multiline = false;
    bool flow_plain_allowed = false;
    bool block_plain_allowed = false;
    bool single_quoted_allowed = false;
    bool block_allowed = false;
  };

  static constexpr int kBestIndent = 2;

  // --- byte classes (yaml_private.h) ---
  static std::size_t width(unsigned char b) {
    if ((b & 0x80) == 0) return 1;
    if ((b & 0xE0) == 0xC0) return 2;
    if ((b & 0xF0) == 0xE0) return 3;
    if ((b & 0xF8) == 0xF0) return 4;
    return 1;
  }
  static unsigned char at(std::string_view s, std::size_t i) {
    return i < s.size() ? static_cast<unsigned char>(s[i]) : 0;
  }
  static bool is_space(std::string_view s, std::size_t i) { return at(s, i) == ' '; }
  static bool is_blank(std::string_view s, std::size_t i) {
    return at(s, i) == ' ' || at(s, i) == '\t';
  }
  static bool is_break(std::string_view s, std::size_t i) {
    unsigned char b = at(s, i);
    return b == '\r' || b == '\n' || (b == 0xC2 && at(s, i + 1) == 0x85) ||
           (b == 0xE2 && at(s, i + 1) == 0x80 && (at(s, i + 2) == 0xA8 || at(s, i + 2) == 0xA9));
  }
  static bool is_blankz(std::string_view s, std::size_t i) {
    return is_blank(s, i) || is_break(s, i) || at(s, i) == 0;
  }
  static bool is_bom(std::string_view s, std::size_t i) {
    return at(s, i) == 0xEF && at(s, i + 1) == 0xBB && at(s, i + 2) == 0xBF;
  }
  static bool is_printable(std::string_view s, std::size_t i) {
    unsigned char b = at(s, i);
    unsigned char b1 = at(s, i + 1);
    unsigned char b2 = at(s, i + 2);
    return b == 0x0A || (b >= 0x20 && b <= 0x7E) || (b == 0xC2 && b1 >= 0xA0) ||
           (b > 0xC2 && b < 0xED) || (b == 0xED && b1 < 0xA0) || b == 0xEE ||
           (b == 0xEF && !(b1 == 0xBB && b2 == 0xBF) &&
            !(b1 == 0xBF && (b2 == 0xBE || b2 == 0xBF)));
  }

  // --- output primitives ---
  void put(char c) {
    out_ += c;
    ++column_;
  }
  void put_break() {
    out_ += '\n';
    column_ = 0;
    indention_ = true;
  }
  void write(std::string_view s, std::size_t& i) {
    std::size_t w = std::min(width(at(s, i)), s.size() - i);
    out_.append(s.substr(i, w));
    i += w;
    ++column_;
  }
  void write_all(std::string_view s) {
    for (std::size_t i = 0; i < s.size();) write(s, i);
  }
  void write_break(std::string_view s, std::size_t& i) {
    if (s[i] == '\n') {
      put_break();
      ++i;
    } else {
      write(s, i);
      column_ = 0;
      indention_ = true;
    }
  }
  void write_indent() {
    int indent = std::max(indent_, 0);
    if (!indention_ || column_ > indent || (column_ == indent && !whitespace_)) put_break();
    while (column_ < indent) put(' ');
    whitespace_ = true;
  }
  void write_indicator(std::string_view indicator, bool need_whitespace, bool is_whitespace,
                       bool is_indention) {
    if (need_whitespace && !whitespace_) put(' ');
    write_all(indicator);
    whitespace_ = is_whitespace;
    indention_ = indention_ && is_indention;
  }
  void increase_indent(bool flow) {
    indents_.push_back(indent_);
    if (indent_ < 0) {
      indent_ = flow ? kBestIndent : 0;
    } else {
      indent_ += kBestIndent;
    }
  }
  void pop_indent() {
    indent_ = indents_.back();
    indents_.pop_back();
  }

  // --- values ---
  static std::string float_text(double f) {
    if (std::isnan(f)) return ".nan";
    if (std::isinf(f)) return f > 0 ? ".inf" : "-.inf";
    return format_go_v(f);
  }

  static Scalar string_scalar(std::string_view s) {
    Scalar sc;
    if (!valid_utf8(s)) {
      // encodeBase64: lines of 70 characters, each followed by a newline when there are several.
      std::string b64 = base64_encode(s);
      constexpr std::size_t kLine = 70;
      std::size_t lines = b64.size() / kLine + 1;
      for (std::size_t i = 0; i < b64.size(); i += kLine) {
        sc.value.append(b64, i, kLine);
        if (lines > 1) sc.value += '\n';
      }
      sc.binary = true;
      sc.style = sc.value.find('\n') != std::string::npos ? Style::kLiteral : Style::kPlain;
      return sc;
    }
    sc.value = std::string(s);
    bool can_use_plain = !v3_needs_quotes(s);
    if (s.find('\n') != std::string_view::npos) {
      sc.style = Style::kLiteral;
    } else if (can_use_plain) {
      sc.style = Style::kPlain;
    } else {
      sc.style = Style::kDouble;
    }
    return sc;
  }

  static Scalar make_scalar(const Value& v) {
    Scalar sc;
    switch (v.kind()) {
      case Value::Kind::kNil:
        sc.value = "null";
        return sc;
      case Value::Kind::kBool:
        sc.value = v.as_bool() ? "true" : "false";
        return sc;
      case Value::Kind::kInt:
      case Value::Kind::kInt64:
        sc.value = std::to_string(v.as_int());
        return sc;
      case Value::Kind::kFloat:
        sc.value = float_text(v.as_float());
        return sc;
      case Value::Kind::kString:
        return string_scalar(v.as_string());
      case Value::Kind::kObject:
        return string_scalar(v.as_object()->print());
      default:
        return sc;
    }
  }

  static Analysis analyze(std::string_view value) {
    Analysis a;
    if (value.empty()) {
      a.block_plain_allowed = true;
      a.single_quoted_allowed = true;
      return a;
    }
    bool block_indicators = false;
    bool flow_indicators = false;
    bool line_breaks = false;
    bool special_characters = false;
    bool tab_characters = false;
    bool leading_space = false;
    bool leading_break = false;
    bool trailing_space = false;
    bool trailing_break = false;
    bool break_space = false;
    bool space_break = false;
    bool previous_space = false;
    bool previous_break = false;
    if (value.starts_with("---") || value.starts_with("...")) {
      block_indicators = true;
      flow_indicators = true;
    }
    bool preceded_by_whitespace = true;
    for (std::size_t i = 0, w = 0; i < value.size(); i += w) {
      w = width(at(value, i));
      bool followed_by_whitespace = i + w >= value.size() || is_blank(value, i + w);
      char c = value[i];
      if (i == 0) {
        switch (c) {
          case '#':
          case ',':
          case '[':
          case ']':
          case '{':
          case '}':
          case '&':
          case '*':
          case '!':
          case '|':
          case '>':
          case '\'':
          case '"':
          case '%':
          case '@':
          case '`':
            flow_indicators = true;
            block_indicators = true;
            break;
          case '?':
          case ':':
            flow_indicators = true;
            if (followed_by_whitespace) block_indicators = true;
            break;
          case '-':
            if (followed_by_whitespace) {
              flow_indicators = true;
              block_indicators = true;
            }
            break;
          default:
            break;
        }
      } else {
        switch (c) {
          case ',':
          case '?':
          case '[':
          case ']':
          case '{':
          case '}':
            flow_indicators = true;
            break;
          case ':':
            flow_indicators = true;
            if (followed_by_whitespace) block_indicators = true;
            break;
          case '#':
            if (preceded_by_whitespace) {
              flow_indicators = true;
              block_indicators = true;
            }
            break;
          default:
            break;
        }
      }
      if (c == '\t') {
        tab_characters = true;
      } else if (!is_printable(value, i)) {
        special_characters = true;
      }
      if (is_space(value, i)) {
        if (i == 0) leading_space = true;
        if (i + w == value.size()) trailing_space = true;
        if (previous_break) break_space = true;
        previous_space = true;
        previous_break = false;
      } else if (is_break(value, i)) {
        line_breaks = true;
        if (i == 0) leading_break = true;
        if (i + w == value.size()) trailing_break = true;
        if (previous_space) space_break = true;
        previous_space = false;
        previous_break = true;
      } else {
        previous_space = false;
        previous_break = false;
      }
      preceded_by_whitespace = is_blankz(value, i);
    }
    a.multiline = line_breaks;
    a.flow_plain_allowed = true;
    a.block_plain_allowed = true;
    a.single_quoted_allowed = true;
    a.block_allowed = true;
    if (leading_space || leading_break || trailing_space || trailing_break) {
      a.flow_plain_allowed = false;
      a.block_plain_allowed = false;
    }
    if (trailing_space) a.block_allowed = false;
    if (break_space) {
      a.flow_plain_allowed = false;
      a.block_plain_allowed = false;
      a.single_quoted_allowed = false;
    }
    if (space_break || tab_characters || special_characters) {
      a.flow_plain_allowed = false;
      a.block_plain_allowed = false;
      a.single_quoted_allowed = false;
    }
    if (space_break || special_characters) a.block_allowed = false;
    if (line_breaks) {
      a.flow_plain_allowed = false;
      a.block_plain_allowed = false;
    }
    if (flow_indicators) a.flow_plain_allowed = false;
    if (block_indicators) a.block_plain_allowed = false;
    return a;
  }

  // --- events ---
  void node(const Value& v, bool root, bool sequence, bool mapping, bool simple_key) {
    switch (v.kind()) {
      case Value::Kind::kMap:
        if (v.as_map().empty()) {
          empty_flow("{", "}");
        } else {
          block_mapping(v.as_map());
        }
        return;
      case Value::Kind::kList:
        if (v.as_list().empty()) {
          empty_flow("[", "]");
        } else {
          block_sequence(v.as_list());
        }
        return;
      case Value::Kind::kBytes: {
        // []byte is a slice of uint8: a sequence of numbers.
        List items;
        for (unsigned char c : v.as_string()) items.push_back(Value::integer(c));
        if (items.empty()) {
          empty_flow("[", "]");
        } else {
          block_sequence(items);
        }
        return;
      }
      default:
        scalar(make_scalar(v), root, sequence, mapping, simple_key);
    }
  }

  void empty_flow(std::string_view open, std::string_view close) {
    write_indicator(open, true, true, false);
    increase_indent(true);
    pop_indent();
    write_indicator(close, false, false, false);
  }

  void block_sequence(const List& items) {
    int original = indent_;
    increase_indent(false);
    if (indent_ > original + 2) indent_ -= 2;
    for (const Value& item : items) {
      write_indent();
      write_indicator("-", true, false, true);
      node(item, false, true, false, false);
    }
    pop_indent();
  }

  void block_mapping(const Map& entries) {
    increase_indent(false);
    std::vector<const Map::value_type*> keys;
    keys.reserve(entries.size());
    for (const auto& e : entries) keys.push_back(&e);
    std::stable_sort(keys.begin(), keys.end(), [](const auto* a, const auto* b) {
      return yaml::natural_less(a->first, b->first, true);
    });
    for (const Map::value_type* entry : keys) {
      write_indent();
      Scalar key = string_scalar(entry->first);
      Analysis ka = analyze(key.value);
      std::size_t length = key.value.size() + (key.binary ? 8 : 0);  // "!!" + "binary"
      if (!ka.multiline && length <= 128) {
        scalar(key, false, false, true, true);
        write_indicator(":", false, false, false);
      } else {
        write_indicator("?", true, false, true);
        scalar(key, false, false, true, false);
        write_indent();
        write_indicator(":", true, false, true);
      }
      node(entry->second, false, false, true, false);
    }
    pop_indent();
  }

  void scalar(const Scalar& sc, bool /*root*/, bool /*sequence*/, bool /*mapping*/,
              bool simple_key) {
    Analysis a = analyze(sc.value);
    Style style = sc.style;
    if (simple_key && a.multiline) style = Style::kDouble;
    if (style == Style::kPlain) {
      if (!a.block_plain_allowed) style = Style::kSingle;
      if (sc.value.empty() && simple_key) style = Style::kSingle;
    }
    if (style == Style::kSingle && !a.single_quoted_allowed) style = Style::kDouble;
    if (style == Style::kLiteral && (!a.block_allowed || simple_key)) style = Style::kDouble;
    if (sc.binary) {
      if (!whitespace_) put(' ');
      write_all("!!binary");
      whitespace_ = false;
      indention_ = false;
    }
    increase_indent(true);
    switch (style) {
      case Style::kPlain:
        plain(sc.value);
        break;
      case Style::kSingle:
        single_quoted(sc.value);
        break;
      case Style::kDouble:
        double_quoted(sc.value);
        break;
      case Style::kLiteral:
        literal(sc.value);
        break;
    }
    pop_indent();
  }

  void plain(std::string_view v) {
    if (!v.empty() && !whitespace_) put(' ');
    bool breaks = false;
    for (std::size_t i = 0; i < v.size();) {
      if (is_space(v, i)) {
        write(v, i);
      } else if (is_break(v, i)) {
        if (!breaks && v[i] == '\n') put_break();
        write_break(v, i);
        breaks = true;
      } else {
        if (breaks) write_indent();
        write(v, i);
        indention_ = false;
        breaks = false;
      }
    }
    if (!v.empty()) whitespace_ = false;
    indention_ = false;
  }

  void single_quoted(std::string_view v) {
    write_indicator("'", true, false, false);
    bool breaks = false;
    for (std::size_t i = 0; i < v.size();) {
      if (is_space(v, i)) {
        write(v, i);
      } else if (is_break(v, i)) {
        if (!breaks && v[i] == '\n') put_break();
        write_break(v, i);
        breaks = true;
      } else {
        if (breaks) write_indent();
        if (v[i] == '\'') put('\'');
        write(v, i);
        indention_ = false;
        breaks = false;
      }
    }
    write_indicator("'", false, false, false);
    whitespace_ = false;
    indention_ = false;
  }

  void double_quoted(std::string_view v) {
    static constexpr char kHex[] = "0123456789ABCDEF";
    write_indicator("\"", true, false, false);
    for (std::size_t i = 0; i < v.size();) {
      if (!is_printable(v, i) || is_bom(v, i) || is_break(v, i) || v[i] == '"' || v[i] == '\\') {
        std::size_t start = i;
        long cp = next_code_point(v, i);
        if (cp < 0) {
          i = start + 1;
          cp = static_cast<unsigned char>(v[start]);
        }
        auto c = static_cast<char32_t>(cp);
        put('\\');
        switch (c) {
          case 0x00:
            put('0');
            break;
          case 0x07:
            put('a');
            break;
          case 0x08:
            put('b');
            break;
          case 0x09:
            put('t');
            break;
          case 0x0A:
            put('n');
            break;
          case 0x0B:
            put('v');
            break;
          case 0x0C:
            put('f');
            break;
          case 0x0D:
            put('r');
            break;
          case 0x1B:
            put('e');
            break;
          case 0x22:
            put('"');
            break;
          case 0x5C:
            put('\\');
            break;
          case 0x85:
            put('N');
            break;
          case 0xA0:
            put('_');
            break;
          case 0x2028:
            put('L');
            break;
          case 0x2029:
            put('P');
            break;
          default: {
            int digits = c <= 0xFF ? 2 : (c <= 0xFFFF ? 4 : 8);
            put(digits == 2 ? 'x' : (digits == 4 ? 'u' : 'U'));
            for (int k = (digits - 1) * 4; k >= 0; k -= 4) put(kHex[(c >> k) & 0xF]);
          }
        }
      } else {
        write(v, i);
      }
    }
    write_indicator("\"", false, false, false);
    whitespace_ = false;
    indention_ = false;
  }

  void literal(std::string_view v) {
    write_indicator("|", true, false, false);
    if (is_space(v, 0) || is_break(v, 0)) {
      write_indicator(std::string(1, static_cast<char>('0' + kBestIndent)), false, false, false);
    }
    char chomp = '\0';
    if (v.empty()) {
      chomp = '-';
    } else {
      std::size_t i = v.size() - 1;
      while (i > 0 && (static_cast<unsigned char>(v[i]) & 0xC0) == 0x80) --i;
      if (!is_break(v, i)) {
        chomp = '-';
      } else if (i == 0) {
        chomp = '+';
      } else {
        --i;
        while (i > 0 && (static_cast<unsigned char>(v[i]) & 0xC0) == 0x80) --i;
        if (is_break(v, i)) chomp = '+';
      }
    }
    if (chomp != '\0') write_indicator(std::string(1, chomp), false, false, false);
    put_break();
    whitespace_ = true;
    bool breaks = true;
    for (std::size_t i = 0; i < v.size();) {
      if (is_break(v, i)) {
        write_break(v, i);
        breaks = true;
      } else {
        if (breaks) write_indent();
        write(v, i);
        indention_ = false;
        breaks = false;
      }
    }
  }

  std::string& out_;
  int column_ = 0;
  int indent_ = -1;
  std::vector<int> indents_;
  bool whitespace_ = true;
  bool indention_ = true;
};

Value to_yaml_pretty_impl(CallContext&, std::span<const Value> args) {
  std::string out;
  PrettyEmitter(out).document(args[0]);
  if (!out.empty() && out.back() == '\n') out.pop_back();
  return Value::string(std::move(out));
}

// =============================================================================================
// toToml: BurntSushi/toml's Encoder.

struct TomlError {
  std::string message;
};

enum class TomlType { kNil, kPlain, kArray, kHash, kArrayHash };

TomlType toml_type(const Value& v);

// isTableArray: a non-empty list of maps only; a nil element anywhere is an error.
bool toml_table_array(const List& items) {
  if (items.empty()) return false;
  bool all_maps = true;
  for (const Value& item : items) {
    TomlType t = toml_type(item);
    if (t == TomlType::kNil) throw TomlError{"toml: cannot encode array with nil element"};
    if (t != TomlType::kHash) all_maps = false;
  }
  return all_maps;
}

// A struct's exported fields in their order (the encoder writes Go field names), a map's
// entries in key order; false for anything else.
using TomlEntries = std::vector<std::pair<std::string, Value>>;

// A TOML datetime as fromToml decodes it: a time.Time, which prints as its String() and which
// encoding/json (toJson, toYaml) writes in RFC 3339 with the fraction's trailing zeros dropped;
// toToml writes it back as TOML (a local date, time or date-time without a zone). Its methods
// are not offered: a call on one is an error here.
class TomlTime : public Object {
 public:
  TomlTime(std::string text, std::string json, std::string toml)
      : text_(std::move(text)), json_(std::move(json)), toml_(std::move(toml)) {}
  std::string_view type_name() const override { return "time.Time"; }
  bool field(std::string_view, Value&) const override { return false; }
  std::string print() const override { return text_; }
  bool json_value(Value& out) const override {
    out = Value::string(json_);
    return true;
  }
  const std::string& toml() const { return toml_; }

 private:
  std::string text_;
  std::string json_;
  std::string toml_;
};
bool toml_entries(const Value& v, TomlEntries& out) {
  out.clear();
  if (v.is_map()) {
    for (const auto& [k, item] : v.as_map()) out.emplace_back(k, item);
    return true;
  }
  if (!v.is_object()) return false;
  if (std::vector<StructField> fields; v.as_object()->fields(fields)) {
    for (auto& f : fields) {
      if (!f.name.empty() && f.name[0] >= 'A' && f.name[0] <= 'Z') {
        out.emplace_back(std::string(f.name), std::move(f.value));
      }
    }
    return true;
  }
  if (Map entries; v.as_object()->entries(entries)) {
    for (const auto& [k, item] : entries) out.emplace_back(k, item);
    return true;
  }
  return false;
}

// An object that is a Go slice (common.VersionSet) as the list the encoder sees; else itself.
Value toml_plain(const Value& v) {
  if (List items; v.is_object() && v.as_object()->elements(items)) {
    return Value::list(std::move(items));
  }
  return v;
}

TomlType toml_type(const Value& v) {
  switch (v.kind()) {
    case Value::Kind::kNil:
      return TomlType::kNil;
    case Value::Kind::kMap:
      return TomlType::kHash;
    case Value::Kind::kList:
      return toml_table_array(v.as_list()) ? TomlType::kArrayHash : TomlType::kArray;
    case Value::Kind::kObject: {
      Value plain = toml_plain(v);
      if (plain.is_list()) return toml_type(plain);
      TomlEntries entries;
      return toml_entries(v, entries) ? TomlType::kHash : TomlType::kPlain;
    }
    default:
      return TomlType::kPlain;
  }
}

bool is_table(TomlType t) {
  return t == TomlType::kHash || t == TomlType::kArrayHash;
}

void toml_quote(std::string& out, std::string_view s) {
  static constexpr char kHex[] = "0123456789abcdef";
  out += '"';
  for (char ch : s) {
    auto c = static_cast<unsigned char>(ch);
    switch (c) {
      case '"':
        out += "\\\"";
        break;
      case '\\':
        out += "\\\\";
        break;
      case '\b':
        out += "\\b";
        break;
      case '\t':
        out += "\\t";
        break;
      case '\n':
        out += "\\n";
        break;
      case '\f':
        out += "\\f";
        break;
      case '\r':
        out += "\\r";
        break;
      default:
        if (c < 0x20 || c == 0x7f) {
          out += "\\u00";
          out += kHex[c >> 4];
          out += kHex[c & 15];
        } else {
          out += ch;
        }
    }
  }
  out += '"';
}

bool toml_bare_key(std::string_view k) {
  for (char c : k) {
    bool ok = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
              c == '_' || c == '-';
    if (!ok) return false;
  }
  return true;
}

std::string toml_key_part(std::string_view k) {
  if (k.empty()) return "\"\"";
  if (toml_bare_key(k)) return std::string(k);
  std::string out;
  toml_quote(out, k);
  return out;
}

class TomlEncoder {
 public:
  std::string out;

  void encode(const std::vector<std::string>& key, const Value& value) {
    check_stack("a value written as TOML");
    Value v = toml_plain(value);
    switch (v.kind()) {
      case Value::Kind::kNil:
        return;
      case Value::Kind::kMap:
      case Value::Kind::kObject:
        if (TomlEntries entries; toml_entries(v, entries)) {
          table(key, entries);
        } else {
          key_value(key, v, false);
        }
        return;
      case Value::Kind::kList:
        if (toml_type(v) == TomlType::kArrayHash) {
          array_of_tables(key, v.as_list());
        } else {
          key_value(key, v, false);
        }
        return;
      default:
        key_value(key, v, false);
    }
  }

 private:
  void wf(std::string_view s) {
    out += s;
    written_ = true;
    // A table's header repeats its whole key path, so deep tables grow as the square of their
    // depth: the text is bounded like a template's output.
    if (out.size() > kMaxText) {
      Diagnostic d;
      d.code = code::kLimit;
      d.message = "toToml's text is larger than " + std::to_string(kMaxText) + " bytes (the limit)";
      throw Error(std::move(d));
    }
  }
  static constexpr std::size_t kMaxText = 64u << 20;
  void newline() {
    if (written_) wf("\n");
  }

  static std::string indent_str(const std::vector<std::string>& key) {
    std::string s;
    for (std::size_t i = 1; i < key.size(); ++i) s += "  ";
    return s;
  }
  static std::string key_str(const std::vector<std::string>& key) {
    std::string s;
    for (std::size_t i = 0; i < key.size(); ++i) {
      if (i > 0) s += '.';
      s += toml_key_part(key[i]);
    }
    return s;
  }

  void table(const std::vector<std::string>& key, const TomlEntries& m) {
    if (key.size() == 1) newline();
    if (!key.empty()) {
      wf(indent_str(key) + "[" + key_str(key) + "]");
      newline();
    }
    map_body(key, m, false);
  }

  void array_of_tables(const std::vector<std::string>& key, const List& items) {
    if (key.empty()) throw TomlError{"toml: top-level values must be Go maps or structs"};
    for (const Value& item : items) {
      if (item.is_nil()) continue;
      newline();
      wf(indent_str(key) + "[[" + key_str(key) + "]]");
      newline();
      TomlEntries entries;
      toml_entries(item, entries);
      map_body(key, entries, false);
    }
  }

  void map_body(const std::vector<std::string>& key, const TomlEntries& m, bool inline_table) {
    std::vector<const TomlEntries::value_type*> direct;
    std::vector<const TomlEntries::value_type*> sub;
    for (const auto& e : m) {
      (is_table(toml_type(e.second)) ? sub : direct).push_back(&e);
    }
    auto write_keys = [&](const std::vector<const TomlEntries::value_type*>& entries,
                          bool trail_comma) {
      for (std::size_t i = 0; i < entries.size(); ++i) {
        const auto& [k, v] = *entries[i];
        if (v.is_nil() || v.is_nil_map() || v.is_nil_list()) continue;  // (BurntSushi skips nil)
        if (inline_table) {
          key_value({k}, v, true);
          if (trail_comma || i != entries.size() - 1) wf(", ");
        } else {
          std::vector<std::string> child = key;
          child.push_back(k);
          encode(child, v);
        }
      }
    };
    if (inline_table) wf("{");
    write_keys(direct, !sub.empty());
    write_keys(sub, false);
    if (inline_table) wf("}");
  }

  void key_value(const std::vector<std::string>& key, const Value& v, bool inline_value) {
    if (key.empty()) {
      element(v);
      return;
    }
    wf(indent_str(key) + toml_key_part(key.back()) + " = ");
    element(v);
    if (!inline_value) newline();
  }

  void element(const Value& v) {
    switch (v.kind()) {
      case Value::Kind::kString: {
        std::string s;
        toml_quote(s, v.as_string());
        wf(s);
        return;
      }
      case Value::Kind::kBytes: {  // a []byte is an array of numbers
        std::string_view b = v.as_string();
        wf("[");
        for (std::size_t i = 0; i < b.size(); ++i) {
          wf(std::to_string(static_cast<unsigned char>(b[i])));
          if (i + 1 != b.size()) wf(", ");
        }
        wf("]");
        return;
      }
      case Value::Kind::kObject: {
        if (Value plain = toml_plain(v); plain.is_list()) {
          element(plain);
        } else if (TomlEntries entries; toml_entries(v, entries)) {
          map_body({}, entries, true);
        } else if (const auto* time = dynamic_cast<const TomlTime*>(v.as_object().get())) {
          wf(time->toml());
        } else {
          std::string s;
          toml_quote(s, v.as_object()->print());
          wf(s);
        }
        return;
      }
      case Value::Kind::kBool:
        wf(v.as_bool() ? "true" : "false");
        return;
      case Value::Kind::kInt:
      case Value::Kind::kInt64:
        wf(std::to_string(v.as_int()));
        return;
      case Value::Kind::kFloat: {
        double f = v.as_float();
        if (std::isnan(f)) {
          wf(std::signbit(f) ? "-nan" : "nan");
        } else if (std::isinf(f)) {
          wf(f < 0 ? "-inf" : "inf");
        } else {
          std::string s = format_go_v(f);
          if (s.find_first_of(".e") == std::string::npos) s += ".0";
          wf(s);
        }
        return;
      }
      case Value::Kind::kList: {
        const List& items = v.as_list();
        wf("[");
        for (std::size_t i = 0; i < items.size(); ++i) {
          element(items[i]);
          if (i + 1 != items.size()) wf(", ");
        }
        wf("]");
        return;
      }
      case Value::Kind::kMap: {
        TomlEntries entries;
        toml_entries(v, entries);
        map_body({}, entries, true);
        return;
      }
      case Value::Kind::kNil:
        throw FunctionError("reflect: call of reflect.Value.Interface on zero Value");
    }
  }

  bool written_ = false;
};

// Helm's toToml: the TOML text, or the encoder's error message as the result.
Value to_toml_impl(CallContext&, std::span<const Value> args) {
  if (args[0].is_nil()) throw FunctionError("reflect: call of reflect.Value.Type on zero Value");
  TomlEncoder enc;
  try {
    enc.encode({}, args[0]);
  } catch (const TomlError& e) {
    return Value::string(e.message);
  }
  return Value::string(std::move(enc.out));
}

// =============================================================================================
// fromToml: BurntSushi/toml's parser into map[string]interface{}: integers int64, floats float64,
// datetimes as the text Go prints for a time.Time.

class TomlParser {
 public:
  explicit TomlParser(std::string_view text) : s_(text) {}

  // The document, or the error message Helm stores under "Error".
  bool parse(Value& out, std::string& error) {
    try {
      check_control_characters();
      root_ = Value::map();
      current_ = root_;
      current_path_.clear();
      document();
      out = root_;
      return true;
    } catch (const TomlError& e) {
      error = e.message;
      return false;
    }
  }

 private:
  // --- errors ---
  [[noreturn]] void fail(const std::string& message, bool with_key = true) const {
    std::string text = "toml: line " + std::to_string(line_);
    if (with_key && !last_key_.empty()) {
      text += " (last key " + go_quote(last_key_) + ")";
    }
    throw TomlError{text + ": " + message};
  }

  void check_control_characters() {
    int line = 1;
    for (std::size_t i = 0; i < s_.size(); ++i) {
      auto c = static_cast<unsigned char>(s_[i]);
      if (c == '\n') {
        ++line;
      } else if ((c < 0x20 && c != '\t' && c != '\r') || c == 0x7f) {
        static constexpr char kHex[] = "0123456789abcdef";
        std::string hex = "0x";
        hex += kHex[c >> 4];
        hex += kHex[c & 15];
        line_ = line;
        fail("TOML files cannot contain control characters: '" + hex + "'", false);
      }
    }
  }

  // --- characters ---
  bool eof() const { return pos_ >= s_.size(); }
  char peek(std::size_t ahead = 0) const {
    return pos_ + ahead < s_.size() ? s_[pos_ + ahead] : '\0';
  }
  char32_t peek_rune() const {
    std::size_t i = pos_;
    long cp = next_code_point(s_, i);
    return cp < 0 ? kReplacement : static_cast<char32_t>(cp);
  }
  void advance() {
    if (s_[pos_] == '\n') ++line_;
    ++pos_;
  }
  void skip_ws() {
    while (!eof() && (peek() == ' ' || peek() == '\t')) advance();
  }
  void skip_comment() {
    if (peek() == '#') {
      while (!eof() && peek() != '\n') advance();
    }
  }
  bool at_newline() const { return peek() == '\n' || (peek() == '\r' && peek(1) == '\n'); }
  void skip_newline() {
    if (peek() == '\r') advance();
    if (peek() == '\n') advance();
  }
  // Whitespace, newlines and comments (inside arrays and between items).
  void skip_blank_lines() {
    for (;;) {
      skip_ws();
      skip_comment();
      if (at_newline()) {
        skip_newline();
        continue;
      }
      return;
    }
  }

  static bool bare_char(char c) {
    return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_' ||
           c == '-';
  }

  // --- document ---
  void document() {
    for (;;) {
      skip_blank_lines();
      if (eof()) return;
      if (peek() == '[') {
        // An error in a header names the table of the last key/value line.
        if (peek(1) == '[') {
          array_table_header();
        } else {
          table_header();
        }
        last_key_ = join(current_path_);  // (errors after it name the table)
      } else {
        key_value_line(current_, current_path_);
        last_key_ = join(current_path_);
      }
      skip_ws();
      skip_comment();
      if (eof()) return;
      if (!at_newline()) {
        fail("expected a top-level item to end with a newline, comment, or EOF, but got " +
             go_quote_rune(peek_rune()) + " instead");
      }
    }
  }

  std::string simple_key() {
    char c = peek();
    if (c == '"') return basic_string(false);
    if (c == '\'') return literal_string(false);
    std::string k;
    while (!eof() && bare_char(peek())) {
      k += peek();
      advance();
    }
    return k;
  }

  // key ( '.' key )*
  std::vector<std::string> dotted_key(bool in_table_header) {
    std::vector<std::string> parts;
    for (;;) {
      skip_ws();
      if (eof()) {
        if (in_table_header) fail("unexpected end of table name (table names cannot be empty)");
        if (!parts.empty()) fail("unexpected '='");  // (after a '.')
        fail("unexpected EOF; expected key separator '='", false);
      }
      char c = peek();
      if (!(bare_char(c) || c == '"' || c == '\'')) {
        // The lexer's words for a key part that is not there: before a '=' or '.' it says so,
        // before anything else it read an empty bare key and wants what ends one.
        if (in_table_header) {
          if (c == ']') fail("unexpected end of table name (table names cannot be empty)");
          if (c == '.') fail("unexpected table separator (table names cannot be empty)");
          if (c == '\n') ++line_;  // (the lexer has read it)
          fail("expected '.' or ']' to end table name, but got " + go_quote_rune(peek_rune()) +
               " instead");
        }
        if (parts.empty() && c == '=') fail("unexpected '=': key name appears blank");
        if (parts.empty() && c == '.') fail("unexpected '.': keys cannot start with a '.'");
        if (c == '=' || c == '.') fail(std::string("unexpected '") + c + "'");
        fail("expected '.' or '=', but got " + go_quote_rune(peek_rune()) + " instead");
      }
      parts.push_back(simple_key());
      skip_ws();
      if (peek() == '.') {
        advance();
        continue;
      }
      return parts;
    }
  }

  static std::string join(const std::vector<std::string>& parts) {
    std::string out;
    for (std::size_t i = 0; i < parts.size(); ++i) {
      if (i > 0) out += '.';
      out += parts[i];
    }
    return out;
  }

  static std::string path_id(const std::vector<std::string>& parts) {
    std::string out;
    for (const auto& p : parts) {
      out += p;
      out += '\x1f';
    }
    return out;
  }

  // Descends from the root through `parts`, creating implicit tables; the last element of an
  // array of tables stands for the array.
  Value descend(const std::vector<std::string>& parts, std::size_t count) {
    Value t = root_;
    std::vector<std::string> path;
    for (std::size_t i = 0; i < count; ++i) {
      path.push_back(parts[i]);
      Map& m = t.mutable_map();
      auto it = m.find(parts[i]);
      if (it == m.end()) {
        Value child = Value::map();
        m.emplace(parts[i], child);
        t = child;
        continue;
      }
      if (it->second.is_map()) {
        if (inline_tables_.count(path_id(path)) != 0)
          fail("Key '" + join(path) + "' has already been defined.");
        t = it->second;
      } else if (it->second.is_list() && array_tables_.count(path_id(path)) != 0) {
        t = it->second.as_list().back();
      } else {
        fail("Key '" + join(path) + "' has already been defined.");
      }
    }
    return t;
  }

  void table_header() {
    advance();  // '['
    std::vector<std::string> parts = dotted_key(true);
    if (peek() != ']') {
      if (peek() == '\n') ++line_;  // the lexer has read the newline
      fail("expected '.' or ']' to end table name, but got " +
           (eof() ? std::string("'\\x00'") : go_quote_rune(peek_rune())) + " instead");
    }
    advance();
    // (The parser's errors from here on name the table the header's table is in.)
    last_key_ = join(std::vector<std::string>(parts.begin(), parts.end() - 1));
    std::string id = path_id(parts);
    Value parent = descend(parts, parts.size() - 1);
    Map& m = parent.mutable_map();
    auto it = m.find(parts.back());
    if (it == m.end()) {
      Value t = Value::map();
      m.emplace(parts.back(), t);
      current_ = t;
    } else if (it->second.is_map() && defined_tables_.count(id) == 0 &&
               inline_tables_.count(id) == 0) {
      // (A table made by dotted keys may be defined once too: BurntSushi takes it as implicit.)
      current_ = it->second;
    } else {
      fail("Key '" + join(parts) + "' has already been defined.");
    }
    defined_tables_.insert(id);
    current_path_ = parts;
  }

  void array_table_header() {
    advance();
    advance();  // "[["
    std::vector<std::string> parts = dotted_key(true);
    // (The name ends as a table's does, then the lexer wants the second ']'.)
    auto next_rune = [&] { return eof() ? std::string("'\\x00'") : go_quote_rune(peek_rune()); };
    if (peek() != ']') {
      if (peek() == '\n') ++line_;
      fail("expected '.' or ']' to end table name, but got " + next_rune() + " instead");
    }
    advance();
    if (peek() != ']') {
      if (peek() == '\n') ++line_;
      fail("expected end of table array name delimiter ']', but got " + next_rune() + " instead");
    }
    advance();
    last_key_ = join(std::vector<std::string>(parts.begin(), parts.end() - 1));
    std::string id = path_id(parts);
    Value parent = descend(parts, parts.size() - 1);
    Map& m = parent.mutable_map();
    auto it = m.find(parts.back());
    Value t = Value::map();
    if (it == m.end()) {
      m.emplace(parts.back(), Value::list({t}));
      array_tables_.insert(id);
    } else if (it->second.is_list() && array_tables_.count(id) != 0) {
      it->second.mutable_list().push_back(t);
    } else {
      fail("Key '" + join(parts) + "' was already created and cannot be used as an array.");
    }
    // Tables under an earlier element may be defined again under this one.
    for (auto d = defined_tables_.begin(); d != defined_tables_.end();) {
      if (d->size() > id.size() && d->compare(0, id.size(), id) == 0) {
        d = defined_tables_.erase(d);
      } else {
        ++d;
      }
    }
    current_ = t;
    current_path_ = parts;
  }

  // key = value, into `table` (whose path is `base`).
  void key_value_line(Value table, const std::vector<std::string>& base) {
    std::vector<std::string> parts = dotted_key(false);
    std::vector<std::string> full = base;
    full.insert(full.end(), parts.begin(), parts.end());
    // (The lexer's errors name the table: the parser has not taken the key yet.)
    last_key_ = join(base);
    if (eof()) fail("unexpected EOF; expected key separator '='");
    if (peek() != '=')
      fail("expected '.' or '=', but got " + go_quote_rune(peek_rune()) + " instead");
    last_key_ = join(full);
    advance();
    skip_ws();
    // Dotted keys create (or extend) tables.
    Value t = table;
    std::vector<std::string> path = base;
    for (std::size_t i = 0; i + 1 < parts.size(); ++i) {
      path.push_back(parts[i]);
      Map& m = t.mutable_map();
      auto it = m.find(parts[i]);
      if (it == m.end()) {
        Value child = Value::map();
        m.emplace(parts[i], child);
        dotted_tables_.insert(path_id(path));
        t = child;
      } else if (it->second.is_map() && inline_tables_.count(path_id(path)) == 0 &&
                 defined_tables_.count(path_id(path)) == 0) {
        t = it->second;
      } else {
        fail("Key '" + join(path) + "' has already been defined.");
      }
    }
    Value v = value();
    Map& m = t.mutable_map();
    path.push_back(parts.back());
    auto it = m.find(parts.back());
    if (it != m.end()) {
      // A table made by dotted keys keeps its contents (BurntSushi ignores the value).
      if (it->second.is_map() && dotted_tables_.count(path_id(path)) != 0) return;
      fail("Key '" + join(path) + "' has already been defined.");
    }
    if (v.is_map()) inline_tables_.insert(path_id(path));
    m.emplace(parts.back(), std::move(v));
  }

  // --- values ---
  Value value() {
    if (eof()) fail("unexpected EOF; expected value");
    char c = peek();
    if (c == '"') return Value::string(basic_string(true));
    if (c == '\'') return Value::string(literal_string(true));
    if (c == '[') return array();
    if (c == '{') return inline_table();
    if (s_.substr(pos_, 4) == "true" && !bare_char(peek(4))) {
      pos_ += 4;
      return Value::boolean(true);
    }
    if (s_.substr(pos_, 5) == "false" && !bare_char(peek(5))) {
      pos_ += 5;
      return Value::boolean(false);
    }
    if ((c >= '0' && c <= '9') || c == '+' || c == '-' || c == '.' || c == 'i' || c == 'n')
      return number_or_date();
    if (bare_char(c)) {
      std::string word;
      while (!eof() && bare_char(peek())) {
        word += peek();
        advance();
      }
      fail("expected value but found " + go_quote(word) + " instead");
    }
    fail("expected value but found " + go_quote_rune(peek_rune()) + " instead");
  }

  Value array() {
    check_stack("a TOML document");
    advance();  // '['
    List items;
    for (;;) {
      skip_blank_lines();
      if (eof()) fail("unexpected EOF; expected value");
      if (peek() == ']') {
        advance();
        return Value::list(std::move(items));
      }
      if (peek() == ',') fail("unexpected comma");
      items.push_back(value());
      skip_blank_lines();
      if (eof()) fail("unexpected EOF; expected value");
      if (peek() == ',') {
        advance();
        continue;
      }
      if (peek() == ']') {
        advance();
        return Value::list(std::move(items));
      }
      fail("expected a comma (',') or array terminator (']'), but got " +
           go_quote_rune(peek_rune()));
    }
  }

  Value inline_table() {
    check_stack("a TOML document");
    advance();  // '{'
    Value t = Value::map();
    std::string saved_key = last_key_;
    std::vector<std::string> base;
    for (std::size_t i = 0, start = 0; i <= saved_key.size(); ++i) {
      if (i == saved_key.size() || saved_key[i] == '.') {
        base.push_back(saved_key.substr(start, i - start));
        start = i + 1;
      }
    }
    for (;;) {
      skip_blank_lines();
      if (eof())
        fail("expected a comma or an inline table terminator '}', but got end of file instead");
      if (peek() == '}') {
        advance();
        break;
      }
      // The keys of an inline table are relative to it; its path only names errors.
      std::vector<std::string> parts = dotted_key(false);
      std::vector<std::string> full = base;
      full.insert(full.end(), parts.begin(), parts.end());
      last_key_ = join(base);
      if (eof()) fail("unexpected EOF; expected key separator '='");
      if (peek() != '=') {
        fail("expected '.' or '=', but got " + go_quote_rune(peek_rune()) + " instead");
      }
      last_key_ = join(full);
      advance();
      skip_ws();
      Value tt = t;
      for (std::size_t i = 0; i + 1 < parts.size(); ++i) {
        Map& m = tt.mutable_map();
        auto it = m.find(parts[i]);
        if (it == m.end()) {
          Value child = Value::map();
          m.emplace(parts[i], child);
          tt = child;
        } else if (it->second.is_map()) {
          tt = it->second;
        } else {
          fail("Key '" + join(full) + "' has already been defined.");
        }
      }
      Value v = value();
      Map& m = tt.mutable_map();
      if (m.count(parts.back()) != 0) fail("Key '" + join(full) + "' has already been defined.");
      m.emplace(parts.back(), std::move(v));
      skip_blank_lines();
      if (eof())
        fail("expected a comma or an inline table terminator '}', but got end of file instead");
      if (peek() == ',') {
        advance();
        continue;
      }
      if (peek() == '}') {
        advance();
        break;
      }
      fail("expected a comma or an inline table terminator '}', but got " +
           go_quote_rune(peek_rune()) + " instead");
    }
    last_key_ = saved_key;
    return t;
  }

  void append_escape(std::string& out) {
    advance();  // '\\'
    if (eof()) fail("unexpected EOF; expected '\"'");
    char e = peek();
    auto hex_escape = [&](int digits) {
      advance();
      std::uint32_t v = 0;
      std::string text;
      for (int k = 0; k < digits; ++k) {
        char h = peek();
        text += h;
        int d;
        if (h >= '0' && h <= '9') {
          d = h - '0';
        } else if (h >= 'a' && h <= 'f') {
          d = h - 'a' + 10;
        } else if (h >= 'A' && h <= 'F') {
          d = h - 'A' + 10;
        } else {
          fail("invalid escape in string '\\" + std::string(1, e) + text + "'");
        }
        v = v * 16 + static_cast<std::uint32_t>(d);
        advance();
      }
      if (v > 0x10FFFF || (v >= 0xD800 && v <= 0xDFFF))
        fail("Escaped character '\\" + std::string(1, e) + text + "' is not valid UTF-8.");
      append_utf8(out, static_cast<char32_t>(v));
    };
    switch (e) {
      case 'b':
        out += '\b';
        break;
      case 't':
        out += '\t';
        break;
      case 'n':
        out += '\n';
        break;
      case 'f':
        out += '\f';
        break;
      case 'r':
        out += '\r';
        break;
      case 'e':
        out += '\x1b';
        break;
      case '"':
        out += '"';
        break;
      case '\\':
        out += '\\';
        break;
      case 'x':
        hex_escape(2);
        return;
      case 'u':
        hex_escape(4);
        return;
      case 'U':
        hex_escape(8);
        return;
      default:
        fail("invalid escape in string '\\" + std::string(1, e) + "'");
    }
    advance();
  }

  std::string basic_string(bool allow_multiline) {
    if (allow_multiline && s_.substr(pos_, 3) == "\"\"\"") {
      pos_ += 3;
      if (at_newline()) skip_newline();
      std::string out;
      for (;;) {
        if (eof()) fail("unexpected EOF; expected '\"\"\"'");
        if (s_.substr(pos_, 3) == "\"\"\"") {
          pos_ += 3;
          // Up to two more quotes belong to the content.
          for (int k = 0; k < 2 && peek() == '"'; ++k) {
            out += '"';
            advance();
          }
          return out;
        }
        if (peek() == '\\') {
          // A line-ending backslash trims the newline and the whitespace after it.
          std::size_t j = pos_ + 1;
          while (j < s_.size() && (s_[j] == ' ' || s_[j] == '\t')) ++j;
          if (j < s_.size() && (s_[j] == '\n' || (s_[j] == '\r' && j + 1 < s_.size()))) {
            advance();
            while (!eof() && (peek() == ' ' || peek() == '\t' || peek() == '\n' || peek() == '\r'))
              advance();
            continue;
          }
          append_escape(out);
          continue;
        }
        out += peek();
        advance();
      }
    }
    advance();  // '"'
    std::string out;
    for (;;) {
      if (eof()) fail("unexpected EOF; expected '\"'");
      char c = peek();
      if (c == '"') {
        advance();
        return out;
      }
      if (c == '\n' || c == '\r') fail("strings cannot contain newlines");
      if (c == '\\') {
        append_escape(out);
        continue;
      }
      out += c;
      advance();
    }
  }

  std::string literal_string(bool allow_multiline) {
    if (allow_multiline && s_.substr(pos_, 3) == "'''") {
      pos_ += 3;
      if (at_newline()) skip_newline();
      std::string out;
      for (;;) {
        if (eof()) fail("unexpected EOF; expected \"'''\"");
        if (s_.substr(pos_, 3) == "'''") {
          pos_ += 3;
          for (int k = 0; k < 2 && peek() == '\''; ++k) {
            out += '\'';
            advance();
          }
          return out;
        }
        out += peek();
        advance();
      }
    }
    advance();  // '\''
    std::string out;
    for (;;) {
      if (eof()) fail("unexpected EOF; expected \"'\"");
      char c = peek();
      if (c == '\'') {
        advance();
        return out;
      }
      if (c == '\n' || c == '\r') fail("strings cannot contain newlines");
      out += c;
      advance();
    }
  }

  // Numbers and datetimes: the token up to a separator, then validated.
  Value number_or_date() {
    std::size_t start = pos_;
    auto token_char = [](char c) {
      return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
             c == '_' || c == '+' || c == '-' || c == '.' || c == ':';
    };
    while (!eof() && token_char(peek())) advance();
    // A datetime may have a space between date and time.
    std::string token(s_.substr(start, pos_ - start));
    if (token.size() == 10 && token[4] == '-' && peek() == ' ' && peek(1) >= '0' &&
        peek(1) <= '9' && peek(3) == ':') {
      advance();
      while (!eof() && token_char(peek())) advance();
      token = std::string(s_.substr(start, pos_ - start));
    }
    if (token.empty()) fail("expected value but found " + go_quote_rune(peek_rune()) + " instead");
    if (token[0] == '.') fail("floats must start with a digit, not '.'");
    auto digits_at = [&](std::size_t from, std::size_t n) {
      if (token.size() < from + n) return false;
      for (std::size_t k = from; k < from + n; ++k) {
        if (token[k] < '0' || token[k] > '9') return false;
      }
      return true;
    };
    if ((digits_at(0, 4) && token.size() > 4 && token[4] == '-') ||
        (digits_at(0, 2) && token.size() > 2 && token[2] == ':')) {
      return datetime(token);
    }
    // Special floats.
    std::string_view t = token;
    std::string_view unsigned_part = t;
    if (!t.empty() && (t[0] == '+' || t[0] == '-')) unsigned_part = t.substr(1);
    if (unsigned_part == "inf" || unsigned_part == "nan") {
      double v = unsigned_part == "inf" ? HUGE_VAL : std::nan("");
      if (t[0] == '-') v = -v;
      return Value::number(v);
    }
    if ((t.starts_with("+0") || t.starts_with("-0")) && t.size() > 2 &&
        (t[2] == 'x' || t[2] == 'o' || t[2] == 'b')) {
      fail("cannot use sign with non-decimal numbers: '" + std::string(t.substr(0, 3)) + "'");
    }
    if (t.starts_with("0x") || t.starts_with("0o") || t.starts_with("0b")) {
      int base = t[1] == 'x' ? 16 : (t[1] == 'o' ? 8 : 2);
      std::string digits;
      std::string_view body = t.substr(2);
      // The number ends at the first character that is not a digit of its base.
      for (std::size_t k = 0; k < body.size(); ++k) {
        char c = body[k];
        int d = (c >= '0' && c <= '9')                     ? c - '0'
                : ((c | 0x20) >= 'a' && (c | 0x20) <= 'f') ? (c | 0x20) - 'a' + 10
                                                           : 99;
        if (c != '_' && d >= base) {
          pos_ = start + 2 + k;
          body = body.substr(0, k);
          t = t.substr(0, 2 + k);
          break;
        }
      }
      if (body.empty() || body.front() == '_' || body.back() == '_' ||
          body.find("__") != std::string_view::npos) {
        const char* kind = base == 16 ? "hexadecimal" : (base == 8 ? "octal" : "binary");
        fail(std::string("not a ") + kind + " number: '" + std::string(t) + std::string(1, '\0') +
             "'");
      }
      for (char c : body) {
        if (c != '_') digits += c;
      }
      if (!go_parse_integer(digits, base, true))
        fail(std::string(t) + " is out of range for int64");
      return Value::int64(static_cast<std::int64_t>(std::strtoull(digits.c_str(), nullptr, base)));
    }
    bool is_float = t.find_first_of(".eE") != std::string_view::npos;
    // Underscores must sit between digits.
    for (std::size_t i = 0; i < t.size(); ++i) {
      if (t[i] != '_') continue;
      bool before = i > 0 && t[i - 1] >= '0' && t[i - 1] <= '9';
      bool after = i + 1 < t.size() && t[i + 1] >= '0' && t[i + 1] <= '9';
      if (!before || !after) {
        fail(std::string(is_float ? "Invalid float " : "Invalid integer ") + go_quote(t) +
             ": underscores must be surrounded by digits");
      }
    }
    std::string clean;
    for (char c : t) {
      if (c != '_') clean += c;
    }
    std::string_view u = clean;
    if (!u.empty() && (u[0] == '+' || u[0] == '-')) u.remove_prefix(1);
    if (!is_float) {
      for (char c : u) {
        if (c < '0' || c > '9') fail("expected value but found " + go_quote(t) + " instead");
      }
      if (u.empty()) fail("expected value but found " + go_quote(t) + " instead");
      if (u.size() > 1 && u[0] == '0')
        fail("Invalid integer " + go_quote(t) + ": cannot have leading zeroes");
      if (!go_parse_integer(clean, 10, true)) fail(std::string(t) + " is out of range for int64");
      return Value::int64(std::strtoll(clean.c_str(), nullptr, 10));
    }
    // Float: int-part [. digits] [e [sign] digits]
    std::size_t i = 0;
    std::size_t int_start = i;
    while (i < u.size() && u[i] >= '0' && u[i] <= '9') ++i;
    if (i == int_start) fail("expected value but found " + go_quote(t) + " instead");
    if (i - int_start > 1 && u[int_start] == '0')
      fail("Invalid float " + go_quote(t) + ": cannot have leading zeroes");
    if (i < u.size() && u[i] == '.') {
      ++i;
      std::size_t f = i;
      while (i < u.size() && u[i] >= '0' && u[i] <= '9') ++i;
      if (i == f)
        fail("Invalid float " + go_quote(t) + ": '.' must be followed by one or more digits");
    }
    if (i < u.size() && (u[i] == 'e' || u[i] == 'E')) {
      ++i;
      if (i < u.size() && (u[i] == '+' || u[i] == '-')) ++i;
      std::size_t f = i;
      while (i < u.size() && u[i] >= '0' && u[i] <= '9') ++i;
      if (i == f) fail("expected value but found " + go_quote(t) + " instead");
    }
    if (i != u.size()) fail("expected value but found " + go_quote(t) + " instead");
    double v = std::strtod(clean.c_str(), nullptr);
    if (std::isinf(v)) fail(std::string(t) + " is out of range for float64");
    return Value::number(v);
  }

  // A TOML datetime (TomlTime). Its String() is "2006-01-02 15:04:05.999999999 -0700 MST", local
  // values in the "date-local", "datetime-local" or "time-local" zones; its JSON
  // "2006-01-02T15:04:05.999999999Z07:00".
  Value datetime(const std::string& token) {
    auto bad = [&]() -> Value { fail("invalid datetime: " + go_quote(token)); };
    auto digits = [&](std::size_t at, std::size_t n, int& out) {
      if (at + n > token.size()) return false;
      out = 0;
      for (std::size_t k = at; k < at + n; ++k) {
        if (token[k] < '0' || token[k] > '9') return false;
        out = out * 10 + (token[k] - '0');
      }
      return true;
    };
    int year = 0;
    int month = 1;
    int day = 1;
    int hour = 0;
    int minute = 0;
    int second = 0;
    std::string frac;
    std::string zone;
    std::string json_zone = "Z";
    bool has_date = false;
    bool has_time = false;
    std::size_t i = 0;
    if (token.size() >= 10 && token[4] == '-') {
      if (!digits(0, 4, year) || token[4] != '-' || !digits(5, 2, month) || token[7] != '-' ||
          !digits(8, 2, day))
        return bad();
      static constexpr int kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
      if (month < 1 || month > 12) return bad();
      int max_day = kDays[month - 1] + (month == 2 && leap_year(year) ? 1 : 0);
      if (day < 1 || day > max_day) return bad();
      has_date = true;
      i = 10;
      if (i < token.size()) {
        char sep = token[i];
        if (sep != 'T' && sep != 't' && sep != ' ') return bad();
        ++i;
      }
    }
    if (i < token.size()) {
      if (!digits(i, 2, hour) || i + 2 >= token.size() || token[i + 2] != ':' ||
          !digits(i + 3, 2, minute))
        return bad();
      i += 5;
      if (i < token.size() && token[i] == ':') {
        if (!digits(i + 1, 2, second)) return bad();
        i += 3;
      }
      if (hour > 23 || minute > 59 || second > 60) return bad();
      if (i < token.size() && token[i] == '.') {
        ++i;
        while (i < token.size() && token[i] >= '0' && token[i] <= '9') frac += token[i++];
        if (frac.empty()) return bad();
      }
      has_time = true;
      if (i < token.size()) {
        if (!has_date) return bad();
        if (token[i] == 'Z' || token[i] == 'z') {
          zone = "+0000 UTC";
          ++i;
        } else if (token[i] == '+' || token[i] == '-') {
          int zh = 0;
          int zm = 0;
          if (!digits(i + 1, 2, zh) || i + 3 >= token.size() || token[i + 3] != ':' ||
              !digits(i + 4, 2, zm))
            return bad();
          std::string off =
              std::string(1, token[i]) + token.substr(i + 1, 2) + token.substr(i + 4, 2);
          zone = off + " " + off;
          if (zh == 0 && zm == 0) {
            // Go's time.Parse takes a zero offset for the local zone's: UTC where Helm runs
            // (Argo CD's repo server), so the time prints as UTC.
            zone = "+0000 UTC";
          } else {
            json_zone = token.substr(i, 6);
          }
          i += 6;
        }
      }
    }
    if (i != token.size() || (!has_date && !has_time)) return bad();
    if (frac.size() > 9) frac.resize(9);
    while (!frac.empty() && frac.back() == '0') frac.pop_back();
    char buf[64];
    std::snprintf(buf, sizeof buf, "%04d-%02d-%02d %02d:%02d:%02d", has_date ? year : 0,
                  has_date ? month : 1, has_date ? day : 1, hour, minute, second);
    std::string out = buf;
    if (!frac.empty()) out += "." + frac;
    std::string json = out;
    json[10] = 'T';
    std::string toml = json + json_zone;
    if (zone.empty()) {
      zone = has_date && has_time ? "+0000 datetime-local"
                                  : (has_date ? "+0000 date-local" : "+0000 time-local");
      toml = has_date && has_time ? json : (has_date ? json.substr(0, 10) : json.substr(11));
    }
    return Value::object(
        std::make_shared<TomlTime>(out + " " + zone, json + json_zone, std::move(toml)));
  }

  std::string_view s_;
  std::size_t pos_ = 0;
  int line_ = 1;
  std::string last_key_;
  Value root_;
  Value current_;
  std::vector<std::string> current_path_;
  std::set<std::string> defined_tables_;
  std::set<std::string> dotted_tables_;
  std::set<std::string> inline_tables_;
  std::set<std::string> array_tables_;
};

Value from_toml_impl(CallContext&, std::span<const Value> args) {
  Value out;
  std::string error;
  if (!TomlParser(args[0].as_string()).parse(out, error)) {
    return Value::map({{"Error", Value::string(error)}});
  }
  return out;
}

}  // namespace

void add_data_functions(FunctionList& out) {
  const std::vector<Param> any1 = {Param::kAny};
  const std::vector<Param> str1 = {Param::kString};
  // A function that writes its one argument as text (see Function::same_for_same_data).
  auto writer = [](Function f) {
    f.same_for_same_data = true;
    return f;
  };
  out.push_back(writer(Function{"toJson", any1, false, &to_json_impl}));
  out.push_back(writer(Function{"mustToJson", any1, false, &must_to_json_impl}));
  out.push_back(writer(Function{"toRawJson", any1, false, &to_raw_json_impl}));
  out.push_back(writer(Function{"mustToRawJson", any1, false, &to_raw_json_impl}));
  out.push_back(writer(Function{"toPrettyJson", any1, false, &to_pretty_json_impl}));
  out.push_back(writer(Function{"mustToPrettyJson", any1, false, &must_to_pretty_json_impl}));
  out.push_back(Function{"fromJson", str1, false, &from_json_impl});
  out.push_back(Function{"mustFromJson", str1, false, &must_from_json_impl});
  out.push_back(Function{"fromJsonArray", str1, false, &from_json_array_impl});
  out.push_back(writer(Function{"toYaml", any1, false, &to_yaml_impl}));
  out.push_back(writer(Function{"mustToYaml", any1, false, &must_to_yaml_impl}));
  out.push_back(writer(Function{"toYamlPretty", any1, false, &to_yaml_pretty_impl}));
  out.push_back(Function{"fromYaml", str1, false, &from_yaml_impl});
  out.push_back(Function{"fromYamlArray", str1, false, &from_yaml_array_impl});
  out.push_back(writer(Function{"toToml", any1, false, &to_toml_impl}));
  out.push_back(Function{"fromToml", str1, false, &from_toml_impl});
}

}  // namespace render::tmpl
