// How sigs.k8s.io/yaml names the map keys yaml.v2 resolved (what Helm's values, fromYaml and
// rendered documents see), and its words for the keys it cannot name.
#include <gtest/gtest.h>

#include "render/yaml.hpp"

namespace render::yaml {
namespace {

std::string name_of(std::string_view key) {
  KeyTrouble trouble = KeyTrouble::kNone;
  std::uint64_t unsigned_key = 0;
  std::string name = plain_key_name(key, trouble, unsigned_key);
  EXPECT_EQ(trouble, KeyTrouble::kNone) << key;
  return name;
}

TEST(PlainKeyName, NamesResolvedScalarsAsSigsYamlDoes) {
  EXPECT_EQ(name_of("name"), "name");
  EXPECT_EQ(name_of("on"), "true");
  EXPECT_EQ(name_of("NO"), "false");
  EXPECT_EQ(name_of("0x1F"), "31");
  EXPECT_EQ(name_of("017"), "15");
  EXPECT_EQ(name_of("1_000"), "1000");
  EXPECT_EQ(name_of("+5"), "5");
  EXPECT_EQ(name_of("-0"), "0");
  EXPECT_EQ(name_of("1.50"), "1.5");
  EXPECT_EQ(name_of("1e3"), "1000");
  EXPECT_EQ(name_of(".5"), "0.5");
  EXPECT_EQ(name_of("-.inf"), "-.inf");
  EXPECT_EQ(name_of(".NaN"), ".nan");
  EXPECT_EQ(name_of("18446744073709551616"), "1.8446744e+19");  // past uint64: a float
  EXPECT_EQ(name_of("1.2.3"), "1.2.3");
  EXPECT_EQ(name_of("2026-12-03"), "2026-12-03");
}

TEST(PlainKeyName, RefusesNullAndUint64Keys) {
  KeyTrouble trouble = KeyTrouble::kNone;
  std::uint64_t unsigned_key = 0;
  plain_key_name("", trouble, unsigned_key);
  EXPECT_EQ(trouble, KeyTrouble::kNull);
  plain_key_name("~", trouble, unsigned_key);
  EXPECT_EQ(trouble, KeyTrouble::kNull);
  EXPECT_EQ(unsupported_key_message(trouble, unsigned_key, "\"a\""),
            "unsupported map key of type: %!s(<nil>), key: <nil>, value: \"a\"");
  plain_key_name("9223372036854775808", trouble, unsigned_key);
  EXPECT_EQ(trouble, KeyTrouble::kUint64);
  EXPECT_EQ(unsupported_key_message(trouble, unsigned_key, "false"),
            "unsupported map key of type: uint64, key: 0x8000000000000000, value: false");
  plain_key_name("0xFFFFFFFFFFFFFFFF", trouble, unsigned_key);
  EXPECT_EQ(trouble, KeyTrouble::kUint64);
  EXPECT_EQ(unsigned_key, 0xFFFFFFFFFFFFFFFFull);
  plain_key_name("-9223372036854775809", trouble, unsigned_key);  // a float, not a uint64
  EXPECT_EQ(trouble, KeyTrouble::kNone);
}

}  // namespace
}  // namespace render::yaml
