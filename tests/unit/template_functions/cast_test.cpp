// spf13/cast v1.7 conversions as Sprig applies them (int, int64, float64 and the integer math).
// Expected values observed with helm v4.1.4 (`int`, `int64`, `float64` in a chart template).
#include <gtest/gtest.h>

#include <cmath>
#include <limits>

#include "call_function.hpp"
#include "template/functions/cast.hpp"

namespace render::tmpl {
namespace {

constexpr std::int64_t kMin = std::numeric_limits<std::int64_t>::min();

TEST(CastFunctionsToInt64, Numbers) {
  EXPECT_EQ(to_int64(Value::integer(5)), 5);
  EXPECT_EQ(to_int64(Value::int64(-7)), -7);
  EXPECT_EQ(to_int64(Value::number(2.9)), 2);
  EXPECT_EQ(to_int64(Value::number(-2.9)), -2);
  // Go's float-to-int conversion on amd64: out of range gives the minimum int64.
  EXPECT_EQ(to_int64(Value::number(1e19)), kMin);
  EXPECT_EQ(to_int64(Value::number(-1e19)), kMin);
  EXPECT_EQ(to_int64(Value::number(std::nan(""))), kMin);
}

TEST(CastFunctionsToInt64, OtherKinds) {
  EXPECT_EQ(to_int64(Value::boolean(true)), 1);
  EXPECT_EQ(to_int64(Value::boolean(false)), 0);
  EXPECT_EQ(to_int64(Value()), 0);
  EXPECT_EQ(to_int64(Value::list({Value::integer(1)})), 0);
  EXPECT_EQ(to_int64(Value::map()), 0);
}

TEST(CastFunctionsToInt64, Strings) {
  // strconv.ParseInt(s, 0, 0) after a trailing ".0…" is dropped.
  EXPECT_EQ(to_int64(S("0x10")), 16);
  EXPECT_EQ(to_int64(S("1.0")), 1);
  EXPECT_EQ(to_int64(S("1.00")), 1);
  EXPECT_EQ(to_int64(S("1.5")), 0);
  EXPECT_EQ(to_int64(S("1_000")), 1000);
  EXPECT_EQ(to_int64(S("0b101")), 5);
  EXPECT_EQ(to_int64(S("0o17")), 15);
  EXPECT_EQ(to_int64(S("017")), 15);
  EXPECT_EQ(to_int64(S("-0x10")), -16);
  EXPECT_EQ(to_int64(S("+5")), 5);
  EXPECT_EQ(to_int64(S("0_1")), 1);
  EXPECT_EQ(to_int64(S("-9223372036854775808")), kMin);
  EXPECT_EQ(to_int64(S("0.")), 0);
  EXPECT_EQ(to_int64(S(".")), 0);
  EXPECT_EQ(to_int64(S("_1")), 0);
  EXPECT_EQ(to_int64(S("")), 0);
  EXPECT_EQ(to_int64(S("  1")), 0);
  EXPECT_EQ(to_int64(S("1e3")), 0);
  EXPECT_EQ(to_int64(S("99999999999999999999")), 0);
  EXPECT_EQ(to_int64(S("x")), 0);
  EXPECT_EQ(to_int(S("0x1F")), 31);
  EXPECT_EQ(to_int(Value::number(3.9)), 3);
}

TEST(CastFunctionsToFloat64, Values) {
  EXPECT_EQ(to_float64(Value::integer(3)), 3.0);
  EXPECT_EQ(to_float64(Value::number(2.5)), 2.5);
  EXPECT_EQ(to_float64(Value::boolean(true)), 1.0);
  EXPECT_EQ(to_float64(Value()), 0.0);
  EXPECT_EQ(to_float64(Value::list()), 0.0);
}

TEST(CastFunctionsToFloat64, Strings) {
  // strconv.ParseFloat: Go syntax, no surrounding space, out of range is an error (0).
  EXPECT_EQ(to_float64(S("1_000")), 1000.0);
  EXPECT_EQ(to_float64(S("1_000.5")), 1000.5);
  EXPECT_EQ(to_float64(S("0x1p4")), 16.0);
  EXPECT_EQ(to_float64(S("0x1.8p1")), 3.0);
  EXPECT_EQ(to_float64(S("1e3")), 1000.0);
  EXPECT_EQ(to_float64(S(".5")), 0.5);
  EXPECT_EQ(to_float64(S("5.")), 5.0);
  EXPECT_TRUE(std::isinf(to_float64(S("inf"))));
  EXPECT_TRUE(std::isinf(to_float64(S("+Infinity"))));
  EXPECT_TRUE(std::isnan(to_float64(S("nan"))));
  EXPECT_EQ(to_float64(S("+nan")), 0.0);
  EXPECT_EQ(to_float64(S(" 1")), 0.0);
  EXPECT_EQ(to_float64(S("1e400")), 0.0);
  EXPECT_EQ(to_float64(S("1e-400")), 0.0);
  EXPECT_EQ(to_float64(S("0x10")), 0.0);  // a hex float needs its p exponent
  EXPECT_EQ(to_float64(S("x")), 0.0);
}

}  // namespace
}  // namespace render::tmpl
