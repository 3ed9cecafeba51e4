#include "render/go_strconv.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <cstdint>
#include <limits>
#include <string>

namespace render {
namespace {

struct IntCase {
  const char* text;
  int base;
  GoNumError error;
  std::int64_t value;
};

TEST(GoStrconv, ParseIntReadsPrefixesAndUnderscoresInBaseZeroOnly) {
  constexpr auto kMax = std::numeric_limits<std::int64_t>::max();
  constexpr auto kMin = std::numeric_limits<std::int64_t>::min();
  const IntCase cases[] = {
      {"0x10", 0, GoNumError::kNone, 16},
      {"0X1f", 0, GoNumError::kNone, 31},
      {"010", 0, GoNumError::kNone, 8},
      {"0o17", 0, GoNumError::kNone, 15},
      {"0b101", 0, GoNumError::kNone, 5},
      {"-0b101", 0, GoNumError::kNone, -5},
      {"1_000", 0, GoNumError::kNone, 1000},
      {"0x_1", 0, GoNumError::kNone, 1},
      {"0_1", 0, GoNumError::kNone, 1},
      {"0", 0, GoNumError::kNone, 0},
      {"-0", 0, GoNumError::kNone, 0},
      {"+7", 0, GoNumError::kNone, 7},
      {"_1", 0, GoNumError::kSyntax, 0},
      {"1_", 0, GoNumError::kSyntax, 0},
      {"1__0", 0, GoNumError::kSyntax, 0},
      {"0x", 0, GoNumError::kSyntax, 0},
      {"08", 0, GoNumError::kSyntax, 0},
      {"", 0, GoNumError::kSyntax, 0},
      {"+", 0, GoNumError::kSyntax, 0},
      {" 5", 0, GoNumError::kSyntax, 0},
      {"0x10", 10, GoNumError::kSyntax, 0},
      {"1_0", 10, GoNumError::kSyntax, 0},
      {"017", 10, GoNumError::kNone, 17},
      {"17", 8, GoNumError::kNone, 15},
      {"9223372036854775807", 0, GoNumError::kNone, kMax},
      {"9223372036854775808", 0, GoNumError::kRange, kMax},
      {"-9223372036854775808", 0, GoNumError::kNone, kMin},
      {"-9223372036854775809", 0, GoNumError::kRange, kMin},
      // Go stops at the digit that overflows, before the letter after it.
      {"99999999999999999999x", 10, GoNumError::kRange, kMax},
      {"x99999999999999999999", 10, GoNumError::kSyntax, 0},
  };
  for (const auto& c : cases) {
    std::int64_t v = 42;
    EXPECT_EQ(go_parse_int(c.text, c.base, v), c.error) << c.text << " base " << c.base;
    EXPECT_EQ(v, c.value) << c.text << " base " << c.base;
  }
}

TEST(GoStrconv, ParseUintTakesNoSignAndAllOfUint64) {
  std::uint64_t v = 0;
  EXPECT_EQ(go_parse_uint("18446744073709551615", 0, v), GoNumError::kNone);
  EXPECT_EQ(v, std::numeric_limits<std::uint64_t>::max());
  EXPECT_EQ(go_parse_uint("18446744073709551616", 0, v), GoNumError::kRange);
  EXPECT_EQ(v, std::numeric_limits<std::uint64_t>::max());
  EXPECT_EQ(go_parse_uint("+1", 0, v), GoNumError::kSyntax);
  EXPECT_EQ(go_parse_uint("-1", 0, v), GoNumError::kSyntax);
  EXPECT_EQ(v, 0U);
}

struct FloatCase {
  const char* text;
  int bits;
  GoNumError error;
  double value;
};

TEST(GoStrconv, ParseFloatFollowsGoSyntaxAndRange) {
  constexpr double kInf = std::numeric_limits<double>::infinity();
  const FloatCase cases[] = {
      {"1.5", 64, GoNumError::kNone, 1.5},
      {".5", 64, GoNumError::kNone, 0.5},
      {"5.", 64, GoNumError::kNone, 5},
      {"1_000.5", 64, GoNumError::kNone, 1000.5},
      {"0x1p-2", 64, GoNumError::kNone, 0.25},
      {"0x.8p1", 64, GoNumError::kNone, 1},
      {"inf", 64, GoNumError::kNone, kInf},
      {"+Inf", 64, GoNumError::kNone, kInf},
      {"-infinity", 64, GoNumError::kNone, -kInf},
      {"1e-400", 64, GoNumError::kNone, 0},
      {"1e39", 64, GoNumError::kNone, 1e39},
      {"3.4028235e38", 32, GoNumError::kNone, 3.4028234663852886e38},
      {"1e400", 64, GoNumError::kRange, kInf},
      {"-1e400", 64, GoNumError::kRange, -kInf},
      {"1e39", 32, GoNumError::kRange, kInf},
      {"3.4028236e38", 32, GoNumError::kRange, kInf},
      {"+nan", 64, GoNumError::kSyntax, 0},
      {"infin", 64, GoNumError::kSyntax, 0},
      {"0x1", 64, GoNumError::kSyntax, 0},
      {"1_.5", 64, GoNumError::kSyntax, 0},
      {"1e", 64, GoNumError::kSyntax, 0},
      {"1e+", 64, GoNumError::kSyntax, 0},
      {".", 64, GoNumError::kSyntax, 0},
      {"", 64, GoNumError::kSyntax, 0},
      {"1.5 ", 64, GoNumError::kSyntax, 0},
  };
  for (const auto& c : cases) {
    double v = 42;
    EXPECT_EQ(go_parse_float(c.text, c.bits, v), c.error) << c.text << " bits " << c.bits;
    EXPECT_EQ(v, c.value) << c.text << " bits " << c.bits;
  }
  double v = 0;
  EXPECT_EQ(go_parse_float("NaN", 64, v), GoNumError::kNone);
  EXPECT_TRUE(std::isnan(v));
}

TEST(GoStrconv, ErrorsReadAsGoPrintsThem) {
  EXPECT_EQ(go_num_error("ParseInt", "0x", GoNumError::kSyntax),
            "strconv.ParseInt: parsing \"0x\": invalid syntax");
  EXPECT_EQ(go_num_error("ParseFloat", "1e400", GoNumError::kRange),
            "strconv.ParseFloat: parsing \"1e400\": value out of range");
  std::string error;
  EXPECT_FALSE(go_atoi("1_000", error).has_value());
  EXPECT_EQ(error, "strconv.Atoi: parsing \"1_000\": invalid syntax");
  EXPECT_EQ(go_atoi("-12", error), -12);
}

}  // namespace
}  // namespace render
