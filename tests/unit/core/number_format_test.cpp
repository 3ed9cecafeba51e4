#include "render/number_format.hpp"

#include <gtest/gtest.h>

namespace render {
namespace {

// Values observed with helm v4.1.4 (field guide section 1.6 and case float_format).
TEST(FormatGoV, MatchesGoPrintingOfFloat64) {
  EXPECT_EQ(format_go_v(999999), "999999");
  EXPECT_EQ(format_go_v(1000000), "1e+06");
  EXPECT_EQ(format_go_v(1234567), "1.234567e+06");
  EXPECT_EQ(format_go_v(123456.7), "123456.7");
  EXPECT_EQ(format_go_v(0.0001), "0.0001");
  EXPECT_EQ(format_go_v(0.00001), "1e-05");
  EXPECT_EQ(format_go_v(2.0), "2");
  EXPECT_EQ(format_go_v(1e20), "1e+20");
  EXPECT_EQ(format_go_v(12345678901234567890.0), "1.2345678901234567e+19");
  EXPECT_EQ(format_go_v(-0.5), "-0.5");
  EXPECT_EQ(format_go_v(1e-7), "1e-07");
  EXPECT_EQ(format_go_v(0), "0");
  EXPECT_EQ(format_go_v(1e100), "1e+100");
}

TEST(FormatJsonNumber, MatchesEncodingJson) {
  EXPECT_EQ(format_json_number(1000000), "1000000");
  EXPECT_EQ(format_json_number(0.00001), "0.00001");
  EXPECT_EQ(format_json_number(1e-7), "1e-7");
  EXPECT_EQ(format_json_number(1e21), "1e+21");
  EXPECT_EQ(format_json_number(1e20), "100000000000000000000");
  EXPECT_EQ(format_json_number(2.0), "2");
  EXPECT_EQ(format_json_number(123456.7), "123456.7");
  EXPECT_EQ(format_json_number(-0.5), "-0.5");
}

}  // namespace
}  // namespace render
