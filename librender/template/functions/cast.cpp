// spf13/cast v1.7's ToInt64 / ToInt / ToFloat64 as Sprig calls them, with Go's strconv parsing.
#include "template/functions/cast.hpp"

#include <cmath>
#include <limits>
#include <optional>
#include <string_view>

#include "render/go_strconv.hpp"

namespace render::tmpl {
namespace {

std::optional<std::int64_t> parse_int_base0(std::string_view s) {
  std::int64_t v = 0;
  return go_parse_int(s, 0, v) == GoNumError::kNone ? std::optional(v) : std::nullopt;
}

std::optional<double> parse_float(std::string_view s) {
  double v = 0;
  return go_parse_float(s, 64, v) == GoNumError::kNone ? std::optional(v) : std::nullopt;
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
