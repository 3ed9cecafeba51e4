#include "template/functions/value_text.hpp"

#include <charconv>
#include <cmath>
#include <cstdint>

#include "render/guards.hpp"
#include "render/number_format.hpp"
#include "render/utf8.hpp"
#include "template/function.hpp"

namespace render::tmpl {
namespace {

void append_integer(std::string& out, std::int64_t i) {
  char digits[24];
  auto end = std::to_chars(digits, digits + sizeof digits, i).ptr;
  out.append(digits, static_cast<std::size_t>(end - digits));
}

// A number of up to four decimals below a million (0.5, 0.25, 1.125) in its shortest fixed
// form, as to_chars writes it, without its general search; false for any other. The first
// count of decimals k whose m / 10^k gives back `a` is the shortest: below 1e6 doubles are far
// closer together than 10^-4, so no other m of that k does, and a*10^k is m to well within 0.5.
bool append_short_decimal(std::string& out, double a) {
  std::int64_t scale = 1;
  for (int k = 1; k <= 4; ++k) {
    scale *= 10;
    const double m = std::round(a * static_cast<double>(scale));
    if (m / static_cast<double>(scale) != a) continue;
    const auto digits = static_cast<std::int64_t>(m);
    append_integer(out, digits / scale);
    char fraction[5];
    std::int64_t rest = digits % scale;
    for (int d = k; d-- > 0; rest /= 10) fraction[d] = static_cast<char>('0' + rest % 10);
    out += '.';
    out.append(fraction, static_cast<std::size_t>(k));
    return true;
  }
  return false;
}

void append_print_at(std::string& out, const Value& value, int depth) {
  switch (value.kind()) {
    case Value::Kind::kNil:
      out += "<nil>";
      return;
    case Value::Kind::kBool:
      out += value.as_bool() ? "true" : "false";
      return;
    case Value::Kind::kInt:
    case Value::Kind::kInt64:
      append_integer(out, value.as_int());
      return;
    case Value::Kind::kFloat: {
      // A whole number below a million (replicas, ports) is written as the integer it is: Go
      // writes the same digits, with no exponent below 1e+06. (Minus zero prints "-0".)
      const double f = value.as_float();
      if (f > -1e6 && f < 1e6 && f == static_cast<double>(static_cast<std::int64_t>(f)) &&
          (f != 0 || !std::signbit(f))) {
        append_integer(out, static_cast<std::int64_t>(f));
        return;
      }
      // From 1e-4 up to 1e+06 Go writes the shortest digits without an exponent: what the
      // shortest fixed form is (the same digits, in place).
      if (const double a = std::fabs(f); a >= 1e-4 && a < 1e6) {
        if (std::signbit(f)) out += '-';
        if (append_short_decimal(out, a)) return;
        char digits[48];
        auto end = std::to_chars(digits, digits + sizeof digits, a, std::chars_format::fixed).ptr;
        out.append(digits, static_cast<std::size_t>(end - digits));
        return;
      }
      out += format_go_v(f);
      return;
    }
    case Value::Kind::kString:
      out += value.as_string();
      return;
    case Value::Kind::kBytes: {
      out += '[';
      bool first = true;
      for (unsigned char c : value.as_string()) {
        if (!first) out += ' ';
        first = false;
        out += std::to_string(c);
      }
      out += ']';
      return;
    }
    case Value::Kind::kList: {
      check_stack("a printed value");
      check_size(out.size(), kMaxMadeBytes, "a printed value");  // shared parts print in full
      out += '[';
      bool first = true;
      for (const auto& item : value.as_list()) {
        if (!first) out += ' ';
        first = false;
        append_print_at(out, item, depth + 1);
      }
      out += ']';
      return;
    }
    case Value::Kind::kMap: {
      check_stack("a printed value");
      check_size(out.size(), kMaxMadeBytes, "a printed value");
      out += "map[";
      bool first = true;
      for (const auto& [key, item] : value.as_map()) {
        if (!first) out += ' ';
        first = false;
        out += key;
        out += ':';
        append_print_at(out, item, depth + 1);
      }
      out += ']';
      return;
    }
    case Value::Kind::kObject:
      // (Below the top Go prints a pointer's address: see UnreproduciblePrint.)
      if (value.as_object()->is_pointer()) {
        if (depth > 0) throw pointer_below_top(value.as_object()->type_name());
        out += '&';
      }
      out += value.as_object()->print();
      return;
  }
}

}  // namespace

void append_print(std::string& out, const Value& value) {
  append_print_at(out, value, 0);
}

void append_printable(std::string& out, const Value& value) {
  if (value.is_object() && value.as_object()->is_pointer()) {
    out += value.as_object()->print();
  } else {
    append_print(out, value);
  }
}

std::string print_value(const Value& value) {
  if (value.is_string()) return value.as_string();
  std::string out;
  append_print(out, value);
  return out;
}

void erase_no_value(std::string& s, std::size_t from) {
  static constexpr std::string_view kNoValue = "<no value>";
  std::size_t first = s.find(kNoValue, from);
  if (first == std::string::npos) return;
  std::size_t write = first, read = first;
  while (read < s.size()) {
    if (s.compare(read, kNoValue.size(), kNoValue) == 0) {
      read += kNoValue.size();
      continue;
    }
    s[write++] = s[read++];
  }
  s.resize(write);
}

}  // namespace render::tmpl
