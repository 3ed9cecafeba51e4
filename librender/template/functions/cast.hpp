// Sprig's numeric conversions (github.com/spf13/cast v1.7): what int, int64, float64, add, mul,
// round, slice indices ... do to their interface{} arguments. A value that does not convert gives
// 0.
#pragma once

#include <cstdint>
#include <string_view>

#include "render/value.hpp"

namespace render::tmpl {

// cast.ToInt64: integers as they are, floats truncated toward zero, bools 1/0, nil 0, strings
// parsed by strconv.ParseInt(s, 0, 0) after a trailing ".0…" is dropped ("0x10" 16, "010" 8,
// "1.5" 0), anything else 0.
std::int64_t to_int64(const Value& value);
// cast.ToInt: the same, as Go int.
std::int64_t to_int(const Value& value);
// cast.ToFloat64: numbers, bools 1/0, nil 0, strings by strconv.ParseFloat, anything else 0.
double to_float64(const Value& value);

}  // namespace render::tmpl
