// Texts where yaml.v2's scanner reads otherwise than yaml-cpp's; the expected results are what
// helm v4.1 showed for the same texts.
#include <gtest/gtest.h>

#include <algorithm>
#include <string>

#include "render/diagnostic.hpp"
#include "render/yaml.hpp"

namespace render::yaml {
namespace {

// The value load() reads as JSON, or yaml.v2's words for the error it fails with.
std::string read(const std::string& text) {
  try {
    return to_json(load(text, LoadOptions{}).value);
  } catch (const Error& e) {
    const Diagnostic& d = e.diagnostics().front();
    return go_error_message(d.message, std::max(d.location.line - 1, 0),
                            std::max(d.location.col - 1, 0), text);
  }
}

TEST(ScannerEdge, NamesEndBeforeColonAndQuestionMark) {
  EXPECT_EQ(read("x: &a:b 1\n"), R"({"x":":b 1"})");
  EXPECT_EQ(read("x: &a?b 1\nz: *a\n"), R"({"x":"?b 1","z":"?b 1"})");
  EXPECT_EQ(read("x: &a: 1\n"), "yaml: mapping values are not allowed in this context");
  EXPECT_EQ(read("y: &a 2\nx: *a:b\n"), "yaml: line 1: did not find expected key");
  EXPECT_EQ(read("x: *a:b 1\n"), "yaml: unknown anchor 'a' referenced");
  // In a flow collection the ':' is a value indicator: the anchored key is null.
  EXPECT_EQ(read("x: [&a:b 1]\n"),
            "unsupported map key of type: %!s(<nil>), key: <nil>, value: \"b 1\"");
}

TEST(ScannerEdge, CharactersAfterANameThatStartNoToken) {
  for (const char* text : {"x: &a@b 1\n", "x: &a%b 1\n", "x: &a`b 1\n"}) {
    EXPECT_EQ(read(text), "yaml: found character that cannot start any token") << text;
  }
  EXPECT_EQ(read("x: &a[b 1\n"), "yaml: did not find expected alphabetic or numeric character");
}

TEST(ScannerEdge, TabLinesBetweenTokens) {
  EXPECT_EQ(read("a:\n\t\nb: 1\n"), "yaml: line 2: found character that cannot start any token");
  EXPECT_EQ(read("a: \"x\"\n\t# c\nb: 1\n"),
            "yaml: line 2: found character that cannot start any token");
  EXPECT_EQ(read("a:\n  - \t\n  - 1\n"),
            "yaml: line 2: found character that cannot start any token");
  // Plain and block scalars and flow collections take such lines in.
  EXPECT_EQ(read("a: 1\n \t\nb: 2\n"), R"({"a":1,"b":2})");
  EXPECT_EQ(read("a: [x,\n\t\n y]\n"), R"({"a":["x",true]})");
  EXPECT_EQ(read("a: \"x\n\t\n y\"\n"), R"({"a":"x\ny"})");
  EXPECT_EQ(read("a: \t1\n"), R"({"a":1})");
}

TEST(ScannerEdge, DocumentEndBeforeTheFirstNode) {
  EXPECT_EQ(read("...\na: 1\n"), "yaml: did not find expected node content");
  EXPECT_EQ(read("# c\n...\n"), "yaml: line 1: did not find expected node content");
  EXPECT_EQ(read("---\n...\n"), "{}");
  EXPECT_EQ(read("a: 1\n...\n"), R"({"a":1})");
}

TEST(ScannerEdge, UnicodeLineBreaks) {
  EXPECT_EQ(unicode_breaks_as_line_feeds("a: 1\r\nb: \xC3\xA9\xE2\x82\xAC\n"), std::nullopt);
  EXPECT_EQ(unicode_breaks_as_line_feeds("a\xC2\x85"
                                         "b\xE2\x80\xA8"
                                         "c\xE2\x80\xA9"
                                         "d\re\r\n"),
            "a\nb\nc\nd\ne\r\n");
  EXPECT_EQ(read("a: x\xC2\x85y\n"), "yaml: line 3: could not find expected ':'");
  EXPECT_EQ(read("a: 1\xC2\x85"
                 "b: \"x\xC2\x85 y\"\n"),
            R"({"a":1,"b":"x y"})");
  EXPECT_EQ(read("a: 1\rb: 2\r"), R"({"a":1,"b":2})");
  EXPECT_EQ(read("# c\xE2\x80\xA9"
                 "a: |\n  x\xC2\x85  y\n"),
            R"({"a":"x\ny\n"})");
}

TEST(ScannerEdge, ImplicitKeysEndWithin1024Characters) {
  const std::string key(1024, 'k');
  EXPECT_EQ(read(key + ": 1\n"), "{\"" + key + "\":1}");
  EXPECT_EQ(read(key + "k: 1\n"), "yaml: mapping values are not allowed in this context");
  EXPECT_EQ(read("a: 1\n" + key + "k: 1\n"), "yaml: line 2: could not find expected ':'");
  EXPECT_EQ(read("\"" + key + "\": 1\n"), "yaml: mapping values are not allowed in this context");
  EXPECT_EQ(read("a:\n- b: 1\n  " + key + " : 1\n"), "yaml: line 3: could not find expected ':'");
}

}  // namespace
}  // namespace render::yaml
