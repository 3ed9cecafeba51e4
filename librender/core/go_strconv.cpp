#include "render/go_strconv.hpp"

#include <cmath>
#include <cstdlib>
#include <limits>

#include "render/go_quote.hpp"

namespace render {
namespace {

char lower(char c) {
  return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c;
}

bool is_digit(char c) {
  return c >= '0' && c <= '9';
}

// The length of the longest common prefix of `s` and the lower-case `word`, ignoring case.
std::size_t common_prefix_ignore_case(std::string_view s, std::string_view word) {
  std::size_t n = 0;
  while (n < s.size() && n < word.size() && lower(s[n]) == word[n]) ++n;
  return n;
}

// strconv's special(): a whole "inf", "infinity" (with a sign or not) or "nan" (without one).
bool special_float(std::string_view s, double& out) {
  if (s.empty()) return false;
  double sign = 1;
  std::string_view t = s;
  if (t[0] == '+' || t[0] == '-') {
    sign = t[0] == '-' ? -1 : 1;
    t.remove_prefix(1);
  } else if (lower(t[0]) == 'n') {
    if (common_prefix_ignore_case(t, "nan") != 3 || t.size() != 3) return false;
    out = std::numeric_limits<double>::quiet_NaN();
    return true;
  }
  const std::size_t n = common_prefix_ignore_case(t, "infinity");
  if ((n != 3 && n != 8) || n != t.size()) return false;
  out = sign * std::numeric_limits<double>::infinity();
  return true;
}

// strconv's readFloat, as far as the syntax goes: whether all of `s` is a float literal.
bool float_syntax(std::string_view s) {
  std::size_t i = 0;
  bool underscores = false;
  if (i < s.size() && (s[i] == '+' || s[i] == '-')) ++i;
  const bool hex = i + 2 < s.size() && s[i] == '0' && lower(s[i + 1]) == 'x';
  if (hex) i += 2;
  bool dot = false, digits = false;
  for (; i < s.size(); ++i) {
    const char c = s[i];
    if (c == '_') {
      underscores = true;
    } else if (c == '.') {
      if (dot) break;
      dot = true;
    } else if (is_digit(c) || (hex && lower(c) >= 'a' && lower(c) <= 'f')) {
      digits = true;
    } else {
      break;
    }
  }
  if (!digits) return false;
  if (i < s.size() && lower(s[i]) == (hex ? 'p' : 'e')) {
    ++i;
    if (i < s.size() && (s[i] == '+' || s[i] == '-')) ++i;
    if (i >= s.size() || !is_digit(s[i])) return false;
    for (; i < s.size() && (is_digit(s[i]) || s[i] == '_'); ++i) underscores |= s[i] == '_';
  } else if (hex) {
    return false;  // (a hexadecimal mantissa needs its exponent)
  }
  return i == s.size() && (!underscores || go_underscore_ok(s));
}

}  // namespace

bool go_underscore_ok(std::string_view s) {
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
    const char c = s[i];
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

GoNumError go_parse_uint(std::string_view s, int base, std::uint64_t& out) {
  out = 0;
  if (s.empty()) return GoNumError::kSyntax;
  const std::string_view whole = s;
  const bool base0 = base == 0;
  if (base0) {
    base = 10;
    if (s[0] == '0') {
      const char p = s.size() >= 3 ? lower(s[1]) : '\0';
      base = p == 'b' ? 2 : p == 'x' ? 16 : 8;
      s.remove_prefix(p == 'b' || p == 'o' || p == 'x' ? 2 : 1);
    }
  }
  const auto ubase = static_cast<std::uint64_t>(base);
  constexpr std::uint64_t kMax = std::numeric_limits<std::uint64_t>::max();
  bool underscores = false;
  std::uint64_t n = 0;
  for (const char c : s) {
    std::uint64_t d;
    if (c == '_' && base0) {
      underscores = true;
      continue;
    }
    if (is_digit(c)) {
      d = static_cast<std::uint64_t>(c - '0');
    } else if (lower(c) >= 'a' && lower(c) <= 'z') {
      d = static_cast<std::uint64_t>(lower(c) - 'a' + 10);
    } else {
      return GoNumError::kSyntax;
    }
    if (d >= ubase) return GoNumError::kSyntax;
    // (Go gives up at the first digit that overflows, before it sees what follows.)
    if (n > (kMax - d) / ubase) {
      out = kMax;
      return GoNumError::kRange;
    }
    n = n * ubase + d;
  }
  if (underscores && !go_underscore_ok(whole)) return GoNumError::kSyntax;
  out = n;
  return GoNumError::kNone;
}

GoNumError go_parse_int(std::string_view s, int base, std::int64_t& out) {
  out = 0;
  if (s.empty()) return GoNumError::kSyntax;
  bool negative = false;
  if (s[0] == '+' || s[0] == '-') {
    negative = s[0] == '-';
    s.remove_prefix(1);
  }
  std::uint64_t n = 0;
  const GoNumError error = go_parse_uint(s, base, n);
  if (error == GoNumError::kSyntax) return error;
  constexpr std::uint64_t kCutoff = std::uint64_t{1} << 63;
  if (!negative && n >= kCutoff) {
    out = std::numeric_limits<std::int64_t>::max();
    return GoNumError::kRange;
  }
  if (negative && n > kCutoff) {
    out = std::numeric_limits<std::int64_t>::min();
    return GoNumError::kRange;
  }
  out = negative ? static_cast<std::int64_t>(0 - n) : static_cast<std::int64_t>(n);
  return GoNumError::kNone;
}

GoNumError go_parse_float(std::string_view s, int bits, double& out) {
  out = 0;
  if (special_float(s, out)) return GoNumError::kNone;
  if (!float_syntax(s)) return GoNumError::kSyntax;
  std::string clean;
  clean.reserve(s.size());
  for (const char c : s) {
    if (c != '_') clean += c;
  }
  // strtod and strtof round correctly, as Go does, straight to the type (no double rounding for
  // float32); only a result too large is an error in Go.
  out = bits == 32 ? static_cast<double>(std::strtof(clean.c_str(), nullptr))
                   : std::strtod(clean.c_str(), nullptr);
  return std::isinf(out) ? GoNumError::kRange : GoNumError::kNone;
}

std::string go_num_error(std::string_view func, std::string_view s, GoNumError error) {
  return "strconv." + std::string(func) + ": parsing " + go_quote(s) +
         (error == GoNumError::kRange ? ": value out of range" : ": invalid syntax");
}

std::optional<long long> go_atoi(std::string_view s, std::string& error) {
  std::int64_t v = 0;
  const GoNumError e = go_parse_int(s, 10, v);
  if (e != GoNumError::kNone) {
    error = go_num_error("Atoi", s, e);
    return std::nullopt;
  }
  return v;
}

}  // namespace render
