#include "chart/strvals.hpp"

#include <charconv>
#include <optional>

#include "chart/json_value.hpp"
#include "render/go_quote.hpp"
#include "render/go_strconv.hpp"
#include "render/utf8.hpp"

namespace render::chart {
namespace {

constexpr int kMaxIndex = 65536;
constexpr int kMaxNestedNameLevel = 30;

// The outcome of a parsing step; kEof ends the argument without error, as io.EOF does in Go.
struct Status {
  enum Kind { kOk, kEof, kNotList, kError } kind = kOk;
  std::string message;
  static Status ok() { return {}; }
  static Status eof() { return {kEof, {}}; }
  static Status not_list() { return {kNotList, {}}; }
  static Status error(std::string m) { return {kError, std::move(m)}; }
};

// Go's type name of a value in a failed type assertion ("interface {} is string, not ...").
std::string go_dynamic_type(const Value& v) {
  if (v.is_nil()) return "nil";
  return std::string(v.type_name());
}

struct Panic {
  std::string message;
};

[[noreturn]] void conversion_panic(const Value& v, const char* wanted) {
  throw Panic{"interface conversion: interface {} is " + go_dynamic_type(v) + ", not " + wanted};
}

class Parser {
 public:
  Parser(std::string_view text, SetMode mode, const FileReader& reader)
      : s_(text), mode_(mode), reader_(reader) {}

  Status parse(Value& data) {
    for (;;) {
      Status st = key_guarded(data, 0);
      if (st.kind == Status::kOk) continue;
      if (st.kind == Status::kEof) return Status::ok();
      return st;
    }
  }

 private:
  // Reads up to (and consuming) the first stop character; a backslash escapes the next
  // character. `last` is 0 at the end of input (then the result is kEof).
  Status until(std::string_view stops, std::string& out, char& last, bool escapes = true) {
    out.clear();
    while (pos_ < s_.size()) {
      char c = s_[pos_++];
      if (stops.find(c) != std::string_view::npos) {
        last = c;
        return Status::ok();
      }
      if (c == '\\' && escapes) {
        if (pos_ >= s_.size()) {
          last = 0;
          return Status::eof();
        }
        out += take_rune();
        continue;
      }
      out += c;
    }
    last = 0;
    return Status::eof();
  }

  std::string take_rune() {
    std::size_t start = pos_;
    auto c = static_cast<unsigned char>(s_[pos_++]);
    std::size_t extra = c >= 0xF0 ? 3 : c >= 0xE0 ? 2 : c >= 0xC0 ? 1 : 0;
    while (extra-- > 0 && pos_ < s_.size() && (static_cast<unsigned char>(s_[pos_]) & 0xC0) == 0x80)
      ++pos_;
    return std::string(s_.substr(start, pos_ - start));
  }

  Value typed(const std::string& v) const {
    if (mode_ == SetMode::kString || mode_ == SetMode::kLiteral) return Value::string(v);
    auto fold = [&](std::string_view w) {
      if (v.size() != w.size()) return false;
      for (std::size_t i = 0; i < v.size(); ++i) {
        char c = v[i] >= 'A' && v[i] <= 'Z' ? static_cast<char>(v[i] + 32) : v[i];
        if (c != w[i]) return false;
      }
      return true;
    };
    if (fold("true")) return Value::boolean(true);
    if (fold("false")) return Value::boolean(false);
    if (fold("null")) return Value();
    if (v == "0") return Value::int64(0);
    // strconv.ParseInt(v, 10, 64) for values not starting with '0': optional sign, digits.
    if (!v.empty() && v[0] != '0') {
      std::string_view d = v;
      if (d[0] == '+') {
        d.remove_prefix(1);
        if (!d.empty() && d[0] == '-') return Value::string(v);
      }
      std::int64_t i = 0;
      auto r = std::from_chars(d.data(), d.data() + d.size(), i);
      if (!d.empty() && r.ec == std::errc() && r.ptr == d.data() + d.size()) return Value::int64(i);
    }
    return Value::string(v);
  }

  // What the mode makes of a raw value.
  Status read_value(const std::string& raw, Value& out) {
    if (mode_ == SetMode::kFile) {
      std::string content, error;
      if (!reader_ || !reader_(raw, content, error)) {
        out = Value::string("");
        return Status::error(error);
      }
      out = Value::string(std::move(content));
      return Status::ok();
    }
    out = typed(raw);
    return Status::ok();
  }

  static void set(Value& data, const std::string& key, Value v) {
    if (key.empty()) return;
    data.mutable_map()[key] = std::move(v);
  }

  Status key_guarded(Value& data, int level) {
    try {
      return key(data, level);
    } catch (const Panic& p) {
      return Status::error("unable to parse key: " + p.message);
    }
  }

  Status key(Value& data, int level) {
    std::string k;
    char last = 0;
    const bool literal = mode_ == SetMode::kLiteral;
    Status st = until(literal ? "=[." : "=[,.", k, last, !literal);
    if (st.kind == Status::kEof) {
      if (k.empty()) return Status::eof();
      return Status::error("key " + go_quote(k) + " has no value");
    }
    switch (last) {
      case '[': {
        long long index = 0;
        if (Status s = key_index(index); s.kind != Status::kOk) return s;
        Value list = Value::list();
        auto& m = data.mutable_map();
        if (auto it = m.find(k); it != m.end()) {
          if (!it->second.is_list()) conversion_panic(it->second, "[]interface {}");
          list = Value::list(it->second.as_list());
        }
        Status s = list_item(list, index, level);
        set(data, k, list);
        return s;
      }
      case '=':
        return assign(data, k);
      case ',':
        set(data, k, Value::string(""));
        return Status::error("key " + go_quote(k) + " has no value (cannot end with ,)");
      case '.': {
        if (++level > kMaxNestedNameLevel) {
          return Status::error(
              "value name nested level is greater than maximum supported nested "
              "level of " +
              std::to_string(kMaxNestedNameLevel));
        }
        Value inner = Value::map();
        auto& m = data.mutable_map();
        if (auto it = m.find(k); it != m.end()) {
          if (!it->second.is_map()) conversion_panic(it->second, "map[string]interface {}");
          inner = it->second;
        }
        Status s = key(inner, level);
        if (s.kind == Status::kOk && inner.as_map().empty()) {
          return Status::error("key map " + go_quote(k) + " has no value");
        }
        if (!inner.as_map().empty()) set(data, k, inner);
        return s;
      }
    }
    return Status::error("parse error");
  }

  Status assign(Value& data, const std::string& k) {
    if (mode_ == SetMode::kLiteral) {
      // The rest is the value; the next key finds the end (a map or list item around this one
      // is set first, as Helm's literal parser returns no error here).
      set(data, k, Value::string(std::string(s_.substr(pos_))));
      pos_ = s_.size();
      return Status::ok();
    }
    if (mode_ == SetMode::kJson) {
      Value v;
      Status s = json_value(v);
      if (s.kind == Status::kError) return s;
      set(data, k, v);
      return s;
    }
    Value vl;
    Status e = value_list(vl);
    if (e.kind == Status::kOk) {
      set(data, k, vl);
      return Status::ok();
    }
    if (e.kind == Status::kEof) {
      set(data, k, Value::string(""));
      return e;
    }
    if (e.kind == Status::kNotList) {
      std::string raw;
      char last = 0;
      until(",", raw, last);
      Value v;
      Status r = read_value(raw, v);
      set(data, k, v);
      return r;
    }
    return e;
  }

  // --set-json: an empty value (up to a ',' or the end) is null; otherwise one JSON value,
  // followed by optional spaces and a ','.
  Status json_value(Value& out) {
    if (empty_value()) {
      out = Value();
      return Status::ok();
    }
    std::string error;
    if (!read_json_value(s_, pos_, out, error)) return Status::error(error);
    empty_value();
    return Status::ok();
  }

  // Consumes spaces up to a ',' or the end (true), or stops before anything else (false).
  bool empty_value() {
    while (pos_ < s_.size()) {
      char c = s_[pos_];
      if (c == ',') {
        ++pos_;
        return true;
      }
      if (c != ' ' && c != '\t' && c != '\n' && c != '\r' && c != '\v' && c != '\f') return false;
      ++pos_;
    }
    return true;
  }

  Status value_list(Value& out) {
    if (pos_ >= s_.size()) {
      out = Value::list();
      return Status::eof();
    }
    if (s_[pos_] != '{') return Status::not_list();
    ++pos_;
    List list;
    for (;;) {
      std::string raw;
      char last = 0;
      if (until(",}", raw, last).kind != Status::kOk) {
        out = Value::list(std::move(list));
        return Status::error("list must terminate with '}'");
      }
      Value v;
      Status r = read_value(raw, v);
      if (last == '}') {
        if (pos_ < s_.size() && s_[pos_] == ',') ++pos_;
        list.push_back(std::move(v));
        out = Value::list(std::move(list));
        return r;
      }
      if (r.kind != Status::kOk) return r;
      list.push_back(std::move(v));
    }
  }

  Status key_index(long long& index) {
    std::string digits;
    char last = 0;
    if (until("]", digits, last, mode_ != SetMode::kLiteral).kind != Status::kOk) {
      // Helm wraps io.EOF here and its caller tests errors.Is(err, io.EOF): the argument ends.
      return Status::eof();
    }
    std::string why;
    auto parsed = go_atoi(digits, why);
    if (!parsed) return Status::error("error parsing index: " + why);
    index = *parsed;
    return Status::ok();
  }

  static Status set_index(Value& list, long long index, Value v) {
    if (index < 0) return Status::error("negative " + std::to_string(index) + " index not allowed");
    if (index > kMaxIndex) {
      return Status::error("index of " + std::to_string(index) +
                           " is greater than maximum supported index of " +
                           std::to_string(kMaxIndex));
    }
    List items = list.as_list();
    if (items.size() <= static_cast<std::size_t>(index))
      items.resize(static_cast<std::size_t>(index) + 1);
    items[static_cast<std::size_t>(index)] = std::move(v);
    list = Value::list(std::move(items));
    return Status::ok();
  }

  Status list_item(Value& list, long long i, int level) {
    if (i < 0) return Status::error("negative " + std::to_string(i) + " index not allowed");
    std::string k;
    char last = 0;
    Status st = until("[.=", k, last, mode_ != SetMode::kLiteral);
    if (!k.empty()) {
      // fmt's %q of a []rune: each rune quoted, "['b' 'c']".
      std::string runes;
      for (std::size_t at = 0; at < k.size();) {
        runes += runes.empty() ? "" : " ";
        long r = next_code_point(k, at);  // a byte that is not UTF-8 is U+FFFD in a []rune
        runes += go_quote_rune(r < 0 ? char32_t{0xfffd} : static_cast<char32_t>(r));
      }
      return Status::error("unexpected data at end of array index: [" + runes + "]");
    }
    if (st.kind == Status::kEof) return st;
    const List& items = list.as_list();
    const bool exists = items.size() > static_cast<std::size_t>(i);
    switch (last) {
      case '=': {
        if (mode_ == SetMode::kLiteral) {
          Value v = Value::string(std::string(s_.substr(pos_)));
          pos_ = s_.size();
          return set_index(list, i, v);
        }
        if (mode_ == SetMode::kJson) {
          Value v;
          Status s = json_value(v);
          if (s.kind == Status::kError) return s;
          return set_index(list, i, v);
        }
        Value vl;
        Status e = value_list(vl);
        if (e.kind == Status::kOk) return set_index(list, i, vl);
        if (e.kind == Status::kEof) return set_index(list, i, Value::string(""));
        if (e.kind == Status::kNotList) {
          std::string raw;
          char l2 = 0;
          until(",", raw, l2);
          Value v;
          Status r = read_value(raw, v);
          if (r.kind != Status::kOk) return r;
          return set_index(list, i, v);
        }
        return e;
      }
      case '[': {
        long long next = 0;
        if (Status s = key_index(next); s.kind != Status::kOk) return s;
        Value inner = Value::list();
        if (exists && !items[static_cast<std::size_t>(i)].is_nil()) {
          const Value& existing = items[static_cast<std::size_t>(i)];
          if (!existing.is_list()) conversion_panic(existing, "[]interface {}");
          inner = Value::list(existing.as_list());
        }
        Status s = list_item(inner, next, level);
        if (s.kind != Status::kOk) return s;
        return set_index(list, i, inner);
      }
      case '.': {
        Value inner = Value::map();
        if (exists && items[static_cast<std::size_t>(i)].is_map()) {
          inner = items[static_cast<std::size_t>(i)];
        }
        Status s = key(inner, level);
        if (s.kind != Status::kOk) return s;
        return set_index(list, i, inner);
      }
    }
    return Status::error("parse error: unexpected token " + std::to_string(last));
  }

  std::string_view s_;
  std::size_t pos_ = 0;
  SetMode mode_;
  const FileReader& reader_;
};

}  // namespace

bool parse_set(std::string_view text, Value& dest, SetMode mode, std::string& error,
               const FileReader& reader) {
  Parser parser(text, mode, reader);
  Status st = parser.parse(dest);
  if (st.kind == Status::kError) {
    error = st.message;
    return false;
  }
  return true;
}

}  // namespace render::chart
