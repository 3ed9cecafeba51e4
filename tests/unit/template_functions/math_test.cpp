// Sprig's math functions. Expected results (and Go result types, checked with typeOf) observed
// with helm v4.1.4.
#include <gtest/gtest.h>

#include <cmath>
#include <limits>

#include "call_function.hpp"
#include "render/diagnostic.hpp"
#include "template/functions/fmt.hpp"

namespace render::tmpl {
namespace {

const FunctionList& math_functions() {
  return family<add_math_functions>();
}

// "<type>|<%v>", as `printf "%T|%v"` shows a result.
std::string call(std::string_view name, std::vector<Value> args) {
  Value r = call_function(math_functions(), name, std::move(args));
  return go_sprintf("%T|%v", std::vector<Value>{r, r});
}

std::string error_of(std::string_view name, std::vector<Value> args) {
  return call_error(math_functions(), name, std::move(args));
}

TEST(MathFunctionsInteger, ConvertEveryOperandToInt64) {
  EXPECT_EQ(call("add", {I(1), I(2), I(3)}), "int64|6");
  EXPECT_EQ(call("add", {}), "int64|0");
  EXPECT_EQ(call("add", {F(1.5), F(2.7)}), "int64|3");
  EXPECT_EQ(call("add",
                 {S("0x10"), S("1.0"), Value::boolean(true), Value(), S("x"), Value::list({I(1)})}),
            "int64|18");
  EXPECT_EQ(call("add", {I(9223372036854775807), I(1)}), "int64|-9223372036854775808");
  EXPECT_EQ(call("add1", {F(1.9)}), "int64|2");
  EXPECT_EQ(call("add1", {S("5")}), "int64|6");
  EXPECT_EQ(call("sub", {I(1), F(3.9)}), "int64|-2");
  EXPECT_EQ(call("sub", {S("10"), S("0b11")}), "int64|7");
  EXPECT_EQ(call("mul", {I(3), F(0.5)}), "int64|0");
  EXPECT_EQ(call("mul", {I(2)}), "int64|2");
  EXPECT_EQ(call("mul", {I(2), I(3), I(4)}), "int64|24");
  EXPECT_EQ(call("mul", {I(9223372036854775807), I(2)}), "int64|-2");
  EXPECT_EQ(call("div", {I(7), I(2)}), "int64|3");
  EXPECT_EQ(call("div", {I(-7), I(2)}), "int64|-3");
  EXPECT_EQ(call("div", {F(7.9), F(2.1)}), "int64|3");
  EXPECT_EQ(call("div", {Value::int64(std::numeric_limits<std::int64_t>::min()), I(-1)}),
            "int64|-9223372036854775808");
  EXPECT_EQ(call("mod", {I(-7), I(3)}), "int64|-1");
  EXPECT_EQ(call("mod", {I(7), I(-3)}), "int64|1");
  EXPECT_EQ(call("max", {I(1), F(5.9), S("7"), I(-2)}), "int64|7");
  EXPECT_EQ(call("min", {I(1), F(-5.9), S("7")}), "int64|-5");
  EXPECT_EQ(call("biggest", {I(3)}), "int64|3");
  EXPECT_EQ(call("min", {S("x"), I(2)}), "int64|0");
}

TEST(MathFunctionsInteger, DivideByZeroIsARuntimeError) {
  EXPECT_EQ(error_of("div", {I(1), I(0)}), "runtime error: integer divide by zero");
  EXPECT_EQ(error_of("mod", {I(1), I(0)}), "runtime error: integer divide by zero");
  EXPECT_EQ(error_of("div", {I(1), S("x")}), "runtime error: integer divide by zero");
}

TEST(MathFunctionsFloat, DecimalArithmetic) {
  EXPECT_EQ(call("add1f", {F(1.1)}), "float64|2.1");
  EXPECT_EQ(call("add1f", {S("x")}), "float64|1");
  EXPECT_EQ(call("addf", {F(0.1), F(0.2)}), "float64|0.3");
  EXPECT_EQ(call("addf", {}), "float64|0");
  EXPECT_EQ(call("addf", {I(1), S("2.5"), Value::boolean(true)}), "float64|4.5");
  EXPECT_EQ(call("subf", {F(0.3), F(0.1)}), "float64|0.2");
  EXPECT_EQ(call("subf", {I(1)}), "float64|1");
  EXPECT_EQ(call("subf", {I(1), I(2), F(3.5)}), "float64|-4.5");
  EXPECT_EQ(call("mulf", {F(1.1), I(3)}), "float64|3.3");
  EXPECT_EQ(call("mulf", {F(0.1), F(0.1), F(0.1)}), "float64|0.001");
  EXPECT_EQ(call("mulf", {F(1e200), F(1e200)}), "float64|+Inf");
  EXPECT_EQ(call("mulf", {F(1e-200), F(1e-200)}), "float64|0");
  EXPECT_EQ(call("mulf", {I(-1), I(0)}), "float64|0");
  EXPECT_EQ(call("mulf", {F(123456789.123), F(987654321.987)}), "float64|1.219326313559686e+17");
}

TEST(MathFunctionsFloat, DivisionRoundsToSixteenPlaces) {
  EXPECT_EQ(call("divf", {I(1), I(3)}), "float64|0.3333333333333333");
  EXPECT_EQ(call("divf", {I(2), I(3)}), "float64|0.6666666666666667");
  EXPECT_EQ(call("divf", {I(-2), I(3)}), "float64|-0.6666666666666667");
  EXPECT_EQ(call("divf", {I(10), I(4)}), "float64|2.5");
  EXPECT_EQ(call("divf", {I(1), I(7), I(3)}), "float64|0.0476190476190476");
  EXPECT_EQ(call("divf", {F(1e20), I(3)}), "float64|3.333333333333333e+19");
  EXPECT_EQ(call("divf", {I(1), F(3e20)}), "float64|0");
  EXPECT_EQ(call("divf", {F(1e-10), I(3)}), "float64|3.33333e-11");
  EXPECT_EQ(call("divf", {I(22), I(7)}), "float64|3.142857142857143");
  EXPECT_EQ(call("divf", {I(1), F(1e17)}), "float64|0");
  EXPECT_EQ(call("divf", {I(5), F(1e17)}), "float64|1e-16");
  EXPECT_EQ(call("divf", {I(-5), F(1e17)}), "float64|-1e-16");
  EXPECT_EQ(call("divf", {F(1.5e-16), I(1)}), "float64|2e-16");
  EXPECT_EQ(call("divf", {F(1e300), F(1e-300)}), "float64|+Inf");
  EXPECT_EQ(call("divf", {I(100)}), "float64|100");
}

TEST(MathFunctionsFloat, DecimalErrors) {
  EXPECT_EQ(error_of("divf", {I(1), I(0)}), "decimal division by 0");
  EXPECT_EQ(error_of("addf", {S("inf"), I(1)}), "Cannot create a Decimal from +Inf");
  EXPECT_EQ(error_of("addf", {I(1), S("-inf")}), "Cannot create a Decimal from -Inf");
  EXPECT_EQ(error_of("addf", {S("nan"), I(1)}), "Cannot create a Decimal from NaN");
}

TEST(MathFunctionsFloat, MaxMinFloorCeil) {
  EXPECT_EQ(call("maxf", {I(1), F(2.5), S("3")}), "float64|3");
  EXPECT_EQ(call("minf", {I(1), F(-2.5), S("x")}), "float64|-2.5");
  EXPECT_EQ(call("maxf", {S("inf"), I(1)}), "float64|+Inf");
  EXPECT_EQ(call("minf", {S("nan"), I(1)}), "float64|NaN");
  EXPECT_EQ(call("maxf", {F(-0.0), I(0)}), "float64|0");
  EXPECT_EQ(call("minf", {I(0), F(-0.0)}), "float64|-0");
  EXPECT_EQ(call("floor", {F(2.7)}), "float64|2");
  EXPECT_EQ(call("floor", {F(-2.2)}), "float64|-3");
  EXPECT_EQ(call("ceil", {S("2.1")}), "float64|3");
  EXPECT_EQ(call("ceil", {F(-0.5)}), "float64|-0");
  EXPECT_EQ(call("floor", {Value()}), "float64|0");
  EXPECT_EQ(call("ceil", {I(5)}), "float64|5");
}

TEST(MathFunctionsFloat, Round) {
  EXPECT_EQ(call("round", {F(2.5), I(0)}), "float64|3");
  EXPECT_EQ(call("round", {F(2.4), I(0)}), "float64|2");
  EXPECT_EQ(call("round", {F(-2.4), I(0)}), "float64|-3");
  EXPECT_EQ(call("round", {F(-0.1), I(0)}), "float64|-1");
  EXPECT_EQ(call("round", {F(2.675), I(2)}), "float64|2.68");
  EXPECT_EQ(call("round", {F(1234.5678), I(-2)}), "float64|1200");
  EXPECT_EQ(call("round", {F(3.14159), I(3)}), "float64|3.142");
  EXPECT_EQ(call("round", {S("2.5"), I(0)}), "float64|3");
  EXPECT_EQ(call("round", {F(2.5), I(0), F(0.6)}), "float64|2");
  EXPECT_EQ(call("round", {F(2.5), I(0), F(1)}), "float64|2");
  EXPECT_EQ(call("round", {F(123.456), I(20)}), "float64|123.456");
  EXPECT_EQ(call("round", {F(1.005), I(2)}), "float64|1");
  EXPECT_EQ(call("round", {F(1e300), I(30)}), "float64|+Inf");
  EXPECT_EQ(call("round", {I(5), I(400)}), "float64|NaN");
  EXPECT_EQ(call("round", {F(0.1), I(-400)}), "float64|NaN");
}

TEST(MathFunctionsConversion, IntInt64Float64AtoiToDecimal) {
  EXPECT_EQ(call("int", {F(3.9)}), "int|3");
  EXPECT_EQ(call("int", {S("0x1F")}), "int|31");
  EXPECT_EQ(call("int", {S("  1")}), "int|0");
  EXPECT_EQ(call("int", {Value::int64(5)}), "int|5");
  EXPECT_EQ(call("int", {F(1e19)}), "int|-9223372036854775808");
  EXPECT_EQ(call("int64", {F(-3.9)}), "int64|-3");
  EXPECT_EQ(call("int64", {S("1.00")}), "int64|1");
  EXPECT_EQ(call("int64", {Value::map()}), "int64|0");
  EXPECT_EQ(call("float64", {S("1e3")}), "float64|1000");
  EXPECT_EQ(call("float64", {I(3)}), "float64|3");
  EXPECT_EQ(call("float64", {Value::boolean(true)}), "float64|1");
  EXPECT_EQ(call("atoi", {S("42")}), "int|42");
  EXPECT_EQ(call("atoi", {S("-42")}), "int|-42");
  EXPECT_EQ(call("atoi", {S("4.2")}), "int|0");
  EXPECT_EQ(call("atoi", {S("0x10")}), "int|0");
  EXPECT_EQ(call("atoi", {S("+0012")}), "int|12");
  EXPECT_EQ(call("atoi", {S(" 5")}), "int|0");
  // strconv.Atoi keeps the clamped value of a range error.
  EXPECT_EQ(call("atoi", {S("99999999999999999999")}), "int|9223372036854775807");
  EXPECT_EQ(call("atoi", {S("-99999999999999999999")}), "int|-9223372036854775808");
  EXPECT_EQ(call("toDecimal", {S("0777")}), "int64|511");
  EXPECT_EQ(call("toDecimal", {S("777")}), "int64|511");
  EXPECT_EQ(call("toDecimal", {I(777)}), "int64|511");
  EXPECT_EQ(call("toDecimal", {S("8")}), "int64|0");
  EXPECT_EQ(call("toDecimal", {I(-17)}), "int64|-15");
  EXPECT_EQ(call("toDecimal", {S("+17")}), "int64|15");
  EXPECT_EQ(call("toDecimal", {Value()}), "int64|0");
  EXPECT_EQ(call("toDecimal", {F(1e6)}), "int64|0");  // "1e+06"
  EXPECT_EQ(call("toDecimal", {F(10)}), "int64|8");
  EXPECT_EQ(call("toDecimal", {S("777777777777777777777777")}), "int64|0");
}

TEST(MathFunctionsSequence, Seq) {
  EXPECT_EQ(call("seq", {I(5)}), "string|1 2 3 4 5");
  EXPECT_EQ(call("seq", {I(-3)}), "string|1 0 -1 -2 -3");
  EXPECT_EQ(call("seq", {I(0)}), "string|1 0");
  EXPECT_EQ(call("seq", {I(1)}), "string|1");
  EXPECT_EQ(call("seq", {I(2), I(5)}), "string|2 3 4 5");
  EXPECT_EQ(call("seq", {I(5), I(2)}), "string|5 4 3 2");
  EXPECT_EQ(call("seq", {I(3), I(3)}), "string|3");
  EXPECT_EQ(call("seq", {I(0), I(2), I(10)}), "string|0 2 4 6 8 10");
  EXPECT_EQ(call("seq", {I(10), I(-3), I(0)}), "string|10 7 4 1");
  EXPECT_EQ(call("seq", {I(10), I(3), I(0)}), "string|");
  EXPECT_EQ(call("seq", {I(0), I(-1), I(3)}), "string|");
  EXPECT_EQ(call("seq", {}), "string|");
  EXPECT_EQ(call("seq", {I(1), I(2), I(3), I(4)}), "string|");
}

// until and untilStep return Go []int (typeOf says "[]int"); the values are ints.
TEST(MathFunctionsSequence, UntilAndUntilStep) {
  auto values = [](std::string_view name, std::vector<Value> args) {
    Value r = call_function(math_functions(), name, std::move(args));
    std::string out;
    for (const Value& v : r.as_list()) {
      EXPECT_EQ(v.kind(), Value::Kind::kInt);
      out += std::to_string(v.as_int()) + " ";
    }
    return out;
  };
  EXPECT_EQ(values("until", {I(5)}), "0 1 2 3 4 ");
  EXPECT_EQ(values("until", {I(-3)}), "0 -1 -2 ");
  EXPECT_EQ(values("until", {I(0)}), "");
  EXPECT_EQ(values("untilStep", {I(0), I(10), I(3)}), "0 3 6 9 ");
  EXPECT_EQ(values("untilStep", {I(10), I(0), I(-3)}), "10 7 4 1 ");
  EXPECT_EQ(values("untilStep", {I(0), I(10), I(-1)}), "");
  EXPECT_EQ(values("untilStep", {I(10), I(0), I(2)}), "");
  EXPECT_EQ(values("untilStep", {I(0), I(10), I(0)}), "");
  EXPECT_EQ(values("untilStep", {I(-5), I(5), I(5)}), "-5 0 ");
  // Up to int64's ends, where the last step lands exactly or stops short.
  constexpr std::int64_t kMax = std::numeric_limits<std::int64_t>::max();
  constexpr std::int64_t kMin = std::numeric_limits<std::int64_t>::min();
  EXPECT_EQ(values("untilStep", {I(kMax - 4), I(kMax), I(2)}),
            std::to_string(kMax - 4) + " " + std::to_string(kMax - 2) + " ");
  EXPECT_EQ(values("untilStep", {I(0), I(kMin), I(kMin / 2)}),
            "0 " + std::to_string(kMin / 2) + " ");
}

// A list over the limit fails before it is made (quickly, whatever its length), and so does one
// whose steps pass int64's end: Go's loop wraps around there and goes on.
TEST(MathFunctionsSequence, ListsOverTheLimitOrWrappingAreRefused) {
  constexpr std::int64_t kMax = std::numeric_limits<std::int64_t>::max();
  constexpr std::int64_t kMin = std::numeric_limits<std::int64_t>::min();
  auto fails = [](std::string_view name, std::vector<Value> args) {
    try {
      call_function(math_functions(), name, std::move(args));
    } catch (const ::render::Error& e) {
      return e.diagnostics().front().message;
    }
    return std::string("no error");
  };
  const std::string limit = "the list would be larger than 10000000 items (the limit)";
  EXPECT_EQ(fails("until", {I(kMax)}), limit);
  EXPECT_EQ(fails("until", {I(kMin)}), limit);
  EXPECT_EQ(fails("untilStep", {I(kMax - 4), I(kMax), I(3)}), limit);  // kMax - 1, then wraps
  EXPECT_EQ(fails("untilStep", {I(kMin), I(kMax), I(kMax / 2 + 1)}), limit);
  EXPECT_EQ(fails("untilStep", {I(kMin + 3), I(kMin), I(-2)}), limit);
  EXPECT_EQ(fails("until", {I(10000000)}), "no error");
}

TEST(MathFunctionsSignatures, DeclaredLikeSprig) {
  auto find = [](std::string_view name) -> const Function& {
    for (const Function& f : math_functions()) {
      if (f.name == name) return f;
    }
    throw std::logic_error("missing");
  };
  EXPECT_EQ(find("round").params, (std::vector<Param>{Param::kAny, Param::kInt, Param::kFloat}));
  EXPECT_TRUE(find("round").variadic);
  EXPECT_EQ(find("atoi").params, (std::vector<Param>{Param::kString}));
  EXPECT_EQ(find("untilStep").params, (std::vector<Param>{Param::kInt, Param::kInt, Param::kInt}));
  EXPECT_TRUE(find("seq").variadic);
  EXPECT_FALSE(find("sub").variadic);
  EXPECT_TRUE(find("mul").variadic);
}

}  // namespace
}  // namespace render::tmpl
