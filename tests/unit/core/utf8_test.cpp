// UTF-8 helpers shared by the parsers and emitters.
#include "render/utf8.hpp"

#include <gtest/gtest.h>

namespace render {
namespace {

TEST(CoerceToUtf8, KeepsValidTextAsItIs) {
  EXPECT_EQ(coerce_to_utf8(""), "");
  EXPECT_EQ(coerce_to_utf8("plain"), "plain");
  EXPECT_EQ(coerce_to_utf8("\xE2\x82\xAC \xF0\x9F\x98\x80"), "\xE2\x82\xAC \xF0\x9F\x98\x80");
}

TEST(CoerceToUtf8, ReplacesEachByteThatDoesNotBeginValidUtf8) {
  // As Go's encoding/json: a lone byte, a cut sequence (one U+FFFD per byte), an overlong form
  // and a surrogate.
  const std::string r = "\xEF\xBF\xBD";
  EXPECT_EQ(coerce_to_utf8("\xFF"), r);
  EXPECT_EQ(coerce_to_utf8("a\xE2\x82"), "a" + r + r);
  EXPECT_EQ(coerce_to_utf8("\xC0\xAF"), r + r);
  EXPECT_EQ(coerce_to_utf8("\xED\xA0\x80!"), r + r + r + "!");
}

}  // namespace
}  // namespace render
