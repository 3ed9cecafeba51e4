// Go's encoding/json output for values: what toJson, toRawJson and toPrettyJson print.
#include <cmath>
#include <string>
#include <utility>
#include <vector>

#include "render/guards.hpp"
#include "render/number_format.hpp"
#include "render/utf8.hpp"
#include "render/yaml.hpp"

namespace render::yaml {
namespace {

constexpr char kHex[] = "0123456789abcdef";

void string_literal(std::string_view s, bool escape_html, std::string& out) {
  out += '"';
  for (std::size_t i = 0; i < s.size();) {
    std::size_t start = i;
    // Most strings are runs of bytes written as they are: in one piece.
    if (std::size_t run = quote_safe_prefix(s.substr(i), escape_html); run != 0) {
      out.append(s.data() + i, run);
      i += run;
      continue;
    }
    long cp = next_code_point(s, i);
    if (cp < 0) {
      out += "\\ufffd";
      continue;
    }
    switch (cp) {
      case '"':
        out += "\\\"";
        continue;
      case '\\':
        out += "\\\\";
        continue;
      case '\n':
        out += "\\n";
        continue;
      case '\r':
        out += "\\r";
        continue;
      case '\t':
        out += "\\t";
        continue;
      case '\b':  // Go 1.22 and later
        out += "\\b";
        continue;
      case '\f':
        out += "\\f";
        continue;
      default:
        break;
    }
    bool html = escape_html && (cp == '<' || cp == '>' || cp == '&');
    if (cp < 0x20 || html || cp == 0x2028 || cp == 0x2029) {
      out += "\\u";
      for (int k = 3; k >= 0; --k) out += kHex[(cp >> (4 * k)) & 0xf];
      continue;
    }
    out.append(s.substr(start, i - start));
  }
  out += '"';
}

std::string base64(std::string_view bytes) {
  static const char kTable[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  std::string out;
  std::size_t i = 0;
  for (; i + 2 < bytes.size(); i += 3) {
    unsigned v = static_cast<unsigned char>(bytes[i]) << 16 |
                 static_cast<unsigned char>(bytes[i + 1]) << 8 |
                 static_cast<unsigned char>(bytes[i + 2]);
    for (int k = 18; k >= 0; k -= 6) out += kTable[(v >> k) & 63];
  }
  std::size_t rest = bytes.size() - i;
  if (rest > 0) {
    unsigned v = static_cast<unsigned char>(bytes[i]) << 16;
    if (rest == 2) v |= static_cast<unsigned char>(bytes[i + 1]) << 8;
    out += kTable[(v >> 18) & 63];
    out += kTable[(v >> 12) & 63];
    out += rest == 2 ? kTable[(v >> 6) & 63] : '=';
    out += '=';
  }
  return out;
}

// `indent` < 0: compact; otherwise the current depth for MarshalIndent with two spaces.
void encode(const Value& v, bool escape_html, int indent, std::string& out) {
  auto newline = [&](int depth) {
    out += '\n';
    out.append(static_cast<std::size_t>(2 * depth), ' ');
  };
  // An object of (key, value) members, in their order: a map's entries, a struct's fields.
  auto object = [&](const auto& members) {
    out += '{';
    bool first = true;
    for (const auto& [key, item] : members) {
      if (!first) out += ',';
      first = false;
      if (indent >= 0) newline(indent + 1);
      string_literal(key, escape_html, out);
      out += indent >= 0 ? ": " : ":";
      encode(item, escape_html, indent >= 0 ? indent + 1 : -1, out);
    }
    if (indent >= 0 && !first) newline(indent);
    out += '}';
  };
  if (v.is_nil_list() || v.is_nil_map()) {
    out += "null";
    return;
  }
  if (v.is_list() || v.is_map()) {
    check_stack("a value written as JSON");
    check_size(out.size(), kMaxMadeBytes, "the JSON text");  // shared parts are written in full
  }
  switch (v.kind()) {
    case Value::Kind::kNil:
      out += "null";
      return;
    case Value::Kind::kBool:
      out += v.as_bool() ? "true" : "false";
      return;
    case Value::Kind::kInt:
    case Value::Kind::kInt64:
      out += std::to_string(v.as_int());
      return;
    case Value::Kind::kFloat:
      out += format_json_number(v.as_float());
      return;
    case Value::Kind::kString:
      string_literal(v.as_string(), escape_html, out);
      return;
    case Value::Kind::kBytes:
      string_literal(base64(v.as_string()), escape_html, out);
      return;
    case Value::Kind::kObject: {
      if (std::vector<StructField> fields; v.as_object()->fields(fields)) {
        std::vector<std::pair<std::string_view, Value>> members;
        for (const StructField& f : fields) {
          if (!f.json_name.empty()) members.emplace_back(f.json_name, f.value);
        }
        object(members);
        return;
      }
      Value marshaled;
      if (v.as_object()->json_value(marshaled)) {
        encode(marshaled, escape_html, indent, out);
      } else {
        string_literal(v.as_object()->print(), escape_html, out);
      }
      return;
    }
    case Value::Kind::kList: {
      const List& l = v.as_list();
      out += '[';
      for (std::size_t i = 0; i < l.size(); ++i) {
        if (i) out += ',';
        if (indent >= 0) newline(indent + 1);
        encode(l[i], escape_html, indent >= 0 ? indent + 1 : -1, out);
      }
      if (indent >= 0 && !l.empty()) newline(indent);
      out += ']';
      return;
    }
    case Value::Kind::kMap:
      object(v.as_map());  // byte-ordered keys: the order encoding/json sorts them in
      return;
  }
}

}  // namespace

std::string to_json(const Value& value, bool escape_html) {
  std::string out;
  encode(value, escape_html, -1, out);
  return out;
}

std::string to_pretty_json(const Value& value) {
  std::string out;
  encode(value, true, 0, out);
  return out;
}

}  // namespace render::yaml
