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

// strconv.FormatFloat(f, 'g', -1, 32), as sigs.k8s.io/yaml names float map keys (observed with
// helm v4.1.4, parity case values_key_names).
TEST(FormatGoG32, UsesTheShortestFloat32Digits) {
  EXPECT_EQ(format_go_g32(1.5), "1.5");
  EXPECT_EQ(format_go_g32(0.1), "0.1");
  EXPECT_EQ(format_go_g32(1000), "1000");
  EXPECT_EQ(format_go_g32(123456789.5), "1.2345679e+08");
  EXPECT_EQ(format_go_g32(1e21), "1e+21");
  EXPECT_EQ(format_go_g32(2.0), "2");
  EXPECT_EQ(format_go_g32(-0.25), "-0.25");
  EXPECT_EQ(format_go_g32(1e300), "+Inf");  // beyond float32
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
  // Whole numbers, on both sides of 2^53 (9007199254740992), where they stop being exact.
  EXPECT_EQ(format_json_number(-42), "-42");
  EXPECT_EQ(format_json_number(9007199254740991.0), "9007199254740991");
  EXPECT_EQ(format_json_number(9007199254740992.0), "9007199254740992");
  EXPECT_EQ(format_json_number(1e16), "10000000000000000");
  EXPECT_EQ(format_json_number(123456789012345680.0), "123456789012345680");
  EXPECT_EQ(format_json_number(-1e15), "-1000000000000000");
}

}  // namespace
}  // namespace render
