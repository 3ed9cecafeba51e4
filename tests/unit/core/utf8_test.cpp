// UTF-8 helpers shared by the parsers and emitters.
#include "render/utf8.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <random>
#include <string>

#include "render/go_quote.hpp"

namespace render {
namespace {

// The line breaks counted sixteen bytes at a time are the ones there: at every length around the
// steps, where every byte is one (the byte lanes would wrap after 255 steps), and at random.
TEST(Utf8, CountsEveryLineBreak) {
  auto expect_count = [](const std::string& text) {
    EXPECT_EQ(count_line_breaks(text),
              static_cast<std::size_t>(std::count(text.begin(), text.end(), '\n')))
        << text.size() << " bytes";
  };
  for (std::size_t n = 0; n <= 70; ++n) {
    expect_count(std::string(n, '\n'));
    expect_count(std::string(n, 'a') + "\n");
  }
  for (std::size_t n : {16 * 255 - 1, 16 * 255, 16 * 255 + 1, 16 * 256 + 7, 16 * 1000 + 3}) {
    expect_count(std::string(n, '\n'));
  }
  std::mt19937 random(7);
  for (int round = 0; round < 50; ++round) {
    std::string text(random() % 20000, 'x');
    for (char& c : text) {
      if (random() % 4 == 0) c = '\n';
      if (random() % 97 == 0) c = static_cast<char>(0x8a);  // ('\n' | 0x80)
    }
    expect_count(text);
  }
}

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

// Every byte value, at every place in strings longer and shorter than the sixteen bytes read at
// once, stops the run exactly where a byte-by-byte reading stops it.
TEST(QuoteSafePrefix, StopsAtTheFirstByteThatNeedsCare) {
  auto reference = [](std::string_view s, bool html) {
    std::size_t i = 0;
    for (; i < s.size(); ++i) {
      unsigned char b = static_cast<unsigned char>(s[i]);
      if (b < 0x20 || b >= 0x7f || b == '"' || b == '\\') break;
      if (html && (b == '<' || b == '>' || b == '&')) break;
    }
    return i;
  };
  // (Every length up to 40: those under sixteen are read in overlapping halves.)
  for (std::size_t length = 0; length <= 40; ++length) {
    for (std::size_t at = 0; at < length; ++at) {
      for (int b = 0; b < 256; ++b) {
        std::string s(length, 'a');
        s[at] = static_cast<char>(b);
        for (bool html : {false, true}) {
          EXPECT_EQ(quote_safe_prefix(s, html), reference(s, html))
              << "byte " << b << " at " << at << " of " << length << (html ? " (html)" : "");
        }
      }
      // With a second one after it, the first still stops the run.
      for (std::size_t later = at + 1; later < length; ++later) {
        std::string s(length, 'a');
        s[at] = '"';
        s[later] = '\n';
        EXPECT_EQ(quote_safe_prefix(s), at) << at << " and " << later << " of " << length;
      }
    }
  }
  EXPECT_EQ(quote_safe_prefix("a<b"), 3u);
  EXPECT_EQ(quote_safe_prefix("a<b", true), 1u);
  EXPECT_EQ(quote_safe_prefix("plain text, nothing to escape in it"), 35u);
}

}  // namespace
}  // namespace render

namespace render {
namespace {

TEST(GoUnicode, TrimSpaceTakesUnicodeSpacesOffEitherEnd) {
  EXPECT_EQ(go_trim_space(" \t\u00a0a b\u3000\u2003\n"), "a b");
  EXPECT_EQ(go_trim_space("\u00a0a\u0085", false), "\u00a0a");
  EXPECT_EQ(go_trim_space("a\xff "), "a\xff");   // an invalid byte is no space
  EXPECT_EQ(go_trim_space("\u200b"), "\u200b");  // a format character is no space
  EXPECT_EQ(go_trim_space("  "), "");
}

TEST(GoUnicode, LettersDigitsAndPrintableFollowUnicode15) {
  EXPECT_TRUE(go_is_letter(U'\u00e9'));
  EXPECT_TRUE(go_is_letter(U'\u2102'));       // ℂ, in the letterlike symbols block
  EXPECT_FALSE(go_is_letter(U'\U0001F389'));  // an emoji
  EXPECT_TRUE(go_is_letter(U'\U00031350'));   // CJK Extension H, new in Unicode 15.0
  EXPECT_TRUE(go_is_digit(U'\u0663'));        // ARABIC-INDIC DIGIT THREE
  EXPECT_FALSE(go_is_digit(U'\u00b2'));       // superscript two is No, not Nd
  EXPECT_TRUE(go_is_print(U'\u00e9'));
  EXPECT_FALSE(go_is_print(U'\u1680'));  // OGHAM SPACE MARK, a space separator
  EXPECT_FALSE(go_is_print(U'\u0378'));  // unassigned
  EXPECT_FALSE(go_is_print(U'\u061c'));  // ARABIC LETTER MARK, a format character
}

}  // namespace
}  // namespace render
