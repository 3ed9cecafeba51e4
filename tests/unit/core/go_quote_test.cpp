// Go's strconv.Quote, as quote, squote's %q and error messages use it.
#include "render/go_quote.hpp"

#include <gtest/gtest.h>

namespace render {
namespace {

TEST(GoQuote, CopiesPrintableAsciiAsItIs) {
  EXPECT_EQ(go_quote(""), "\"\"");
  EXPECT_EQ(go_quote("nginx:1.25 -- a=b {x} ~"), "\"nginx:1.25 -- a=b {x} ~\"");
}

TEST(GoQuote, EscapesQuotesBackslashesAndControls) {
  EXPECT_EQ(go_quote("a\"b\\c"), "\"a\\\"b\\\\c\"");
  EXPECT_EQ(go_quote("\a\b\f\n\r\t\v"), "\"\\a\\b\\f\\n\\r\\t\\v\"");
  EXPECT_EQ(go_quote(std::string("x\0y", 3)), "\"x\\x00y\"");
  EXPECT_EQ(go_quote("\x1b[0m\x7f"), "\"\\x1b[0m\\x7f\"");
}

TEST(GoQuote, KeepsPrintableUnicodeAndEscapesTheRest) {
  EXPECT_EQ(go_quote("caf\xC3\xA9 \xF0\x9F\x98\x80"), "\"caf\xC3\xA9 \xF0\x9F\x98\x80\"");
  EXPECT_EQ(go_quote("a\xC2\xA0z"), "\"a\\u00a0z\"");          // no-break space
  EXPECT_EQ(go_quote("\xE2\x80\xA8"), "\"\\u2028\"");          // line separator
  EXPECT_EQ(go_quote("\xF3\xA0\x80\x81"), "\"\\U000e0001\"");  // language tag
}

TEST(GoQuote, WritesBytesThatAreNotUtf8AsHex) {
  EXPECT_EQ(go_quote("ok\xFF"), "\"ok\\xff\"");
  EXPECT_EQ(go_quote("\xE2\x82 x"), "\"\\xe2\\x82 x\"");
}

}  // namespace
}  // namespace render
