// spf13/cast v1.7's ToInt64 / ToInt / ToFloat64 as Sprig calls them, with Go's strconv parsing.
#include "template/functions/cast.hpp"

#include <cerrno>
#include <cmath>
#include <cstdlib>
#include <limits>
#include <optional>
#include <string>
#include <string_view>

namespace render::tmpl {
namespace {

char lower(char c) {
  return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c;
}

bool is_digit(char c) {
  return c >= '0' && c <= '9';
}

// strconv.ParseInt(s, 0, 64).
std::optional<std::int64_t> parse_int_base0(std::string_view s0) {
  std::string_view s = s0;
  if (s.empty()) return std::nullopt;
  bool negative = false;
  if (s[0] == '+' || s[0] == '-') {
    negative = s[0] == '-';
    s.remove_prefix(1);
  }
  if (s.empty()) return std::nullopt;
  unsigned base = 10;
  if (s[0] == '0') {
    if (s.size() >= 3 && lower(s[1]) == 'b') {
      base = 2;
      s.remove_prefix(2);
    } else if (s.size() >= 3 && lower(s[1]) == 'o') {
      base = 8;
      s.remove_prefix(2);
    } else if (s.size() >= 3 && lower(s[1]) == 'x') {
      base = 16;
      s.remove_prefix(2);
    } else {
      base = 8;
      s.remove_prefix(1);
    }
  }
  std::uint64_t n = 0;
  bool underscores = false;
  constexpr std::uint64_t kMax = std::numeric_limits<std::uint64_t>::max();
  bool overflow = false;
  for (char c : s) {
    unsigned d;
    if (c == '_') {
      underscores = true;
      continue;
    }
    if (is_digit(c)) {
      d = static_cast<unsigned>(c - '0');
    } else if (lower(c) >= 'a' && lower(c) <= 'z') {
      d = static_cast<unsigned>(lower(c) - 'a' + 10);
    } else {
      return std::nullopt;
    }
    if (d >= base) return std::nullopt;
    if (n > (kMax - d) / base) {
      overflow = true;
      continue;
    }
    n = n * base + d;
  }
  if (underscores && !underscore_ok(s0)) return std::nullopt;
  if (overflow) return std::nullopt;
  constexpr std::uint64_t kCutoff = std::uint64_t{1} << 63;
  if (!negative && n >= kCutoff) return std::nullopt;
  if (negative && n > kCutoff) return std::nullopt;
  if (negative)
    return n == kCutoff ? std::numeric_limits<std::int64_t>::min() : -static_cast<std::int64_t>(n);
  return static_cast<std::int64_t>(n);
}

std::size_t common_prefix_ignore_case(std::string_view s, std::string_view word) {
  std::size_t n = 0;
  while (n < s.size() && n < word.size() && lower(s[n]) == word[n]) ++n;
  return n;
}

// strconv.ParseFloat(s, 64): Go's syntax (no spaces, "_" between digits, hex floats with a 'p'
// exponent, inf/infinity/nan); out of range is an error.
std::optional<double> parse_float(std::string_view s) {
  if (s.empty()) return std::nullopt;
  {  // special()
    std::string_view t = s;
    double sign = 1;
    bool signed_form = false;
    if (t[0] == '+' || t[0] == '-') {
      sign = t[0] == '-' ? -1 : 1;
      signed_form = true;
      t.remove_prefix(1);
    }
    if (!t.empty() && lower(t[0]) == 'i') {
      std::size_t n = common_prefix_ignore_case(t, "infinity");
      if ((n == 3 || n == 8) && n == t.size())
        return sign * std::numeric_limits<double>::infinity();
      return std::nullopt;
    }
    if (!signed_form && lower(t[0]) == 'n') {
      if (common_prefix_ignore_case(t, "nan") == 3 && t.size() == 3)
        return std::numeric_limits<double>::quiet_NaN();
      return std::nullopt;
    }
  }
  // readFloat's syntax.
  std::size_t i = 0;
  bool underscores = false;
  if (s[i] == '+' || s[i] == '-') ++i;
  bool hex = false;
  if (i + 2 < s.size() && s[i] == '0' && lower(s[i + 1]) == 'x') {
    hex = true;
    i += 2;
  }
  bool saw_dot = false;
  bool saw_digits = false;
  for (; i < s.size(); ++i) {
    char c = s[i];
    if (c == '_') {
      underscores = true;
      continue;
    }
    if (c == '.') {
      if (saw_dot) break;
      saw_dot = true;
      continue;
    }
    if (is_digit(c) || (hex && lower(c) >= 'a' && lower(c) <= 'f')) {
      saw_digits = true;
      continue;
    }
    break;
  }
  if (!saw_digits) return std::nullopt;
  char exp_char = hex ? 'p' : 'e';
  if (i < s.size() && lower(s[i]) == exp_char) {
    ++i;
    if (i >= s.size()) return std::nullopt;
    if (s[i] == '+' || s[i] == '-') ++i;
    if (i >= s.size() || !is_digit(s[i])) return std::nullopt;
    for (; i < s.size() && (is_digit(s[i]) || s[i] == '_'); ++i) {
      if (s[i] == '_') underscores = true;
    }
  } else if (hex) {
    return std::nullopt;
  }
  if (i != s.size()) return std::nullopt;
  if (underscores && !underscore_ok(s)) return std::nullopt;
  std::string clean;
  clean.reserve(s.size());
  for (char c : s) {
    if (c != '_') clean += c;
  }
  errno = 0;
  char* end = nullptr;
  double value = std::strtod(clean.c_str(), &end);
  if (std::isinf(value)) return std::nullopt;  // ErrRange
  return value;
}

// cast's trimZeroDecimal: "12.00" -> "12", "12.01" stays.
std::string_view trim_zero_decimal(std::string_view s) {
  bool found_zero = false;
  for (std::size_t i = s.size(); i > 0; --i) {
    switch (s[i - 1]) {
      case '.':
        if (found_zero) return s.substr(0, i - 1);
        break;
      case '0':
        found_zero = true;
        break;
      default:
        return s;
    }
  }
  return s;
}

// Go's int64(f) on amd64: truncation; NaN and out-of-range values give the "integer
// indefinite" value, the minimum int64.
std::int64_t float_to_int64(double f) {
  if (std::isnan(f) || f >= 9223372036854775808.0 || f < -9223372036854775808.0)
    return std::numeric_limits<std::int64_t>::min();
  return static_cast<std::int64_t>(f);
}

}  // namespace

bool underscore_ok(std::string_view s) {
  char saw = '^';
  std::size_t i = 0;
  if (!s.empty() && (s[0] == '-' || s[0] == '+')) s.remove_prefix(1);
  bool hex = false;
  if (s.size() >= 2 && s[0] == '0' &&
      (lower(s[1]) == 'b' || lower(s[1]) == 'o' || lower(s[1]) == 'x')) {
    i = 2;
    saw = '0';
    hex = lower(s[1]) == 'x';
  }
  for (; i < s.size(); ++i) {
    char c = s[i];
    if (is_digit(c) || (hex && lower(c) >= 'a' && lower(c) <= 'f')) {
      saw = '0';
      continue;
    }
    if (c == '_') {
      if (saw != '0') return false;
      saw = '_';
      continue;
    }
    if (saw == '_') return false;
    saw = '!';
  }
  return saw != '_';
}

std::int64_t to_int64(const Value& value) {
  switch (value.kind()) {
    case Value::Kind::kInt:
    case Value::Kind::kInt64:
      return value.as_int();
    case Value::Kind::kFloat:
      return float_to_int64(value.as_float());
    case Value::Kind::kBool:
      return value.as_bool() ? 1 : 0;
    case Value::Kind::kString:
      return parse_int_base0(trim_zero_decimal(value.as_string())).value_or(0);
    default:
      return 0;
  }
}

std::int64_t to_int(const Value& value) {
  return to_int64(value);
}

double to_float64(const Value& value) {
  switch (value.kind()) {
    case Value::Kind::kInt:
    case Value::Kind::kInt64:
      return static_cast<double>(value.as_int());
    case Value::Kind::kFloat:
      return value.as_float();
    case Value::Kind::kBool:
      return value.as_bool() ? 1 : 0;
    case Value::Kind::kString:
      return parse_float(value.as_string()).value_or(0);
    default:
      return 0;
  }
}

}  // namespace render::tmpl
