#include <gtest/gtest.h>

#include "render/schema.hpp"

namespace render::schema {
namespace {

std::string errors(const std::string& text, const ParseLimits& limits = {}) {
  ParseResult r = parse_json(text, "p.json", limits);
  EXPECT_EQ(r.document.has_value(), !has_errors(r.diagnostics));
  return format_diagnostics(r.diagnostics, DiagnosticFormat::kText);
}

TEST(ParseJson, RemembersWhereEveryValueAndKeyIs) {
  ParseResult r =
      parse_json("{\n  \"a\": [1, {\"b\": \"héllo\", \"c\": true}],\n  \"d\": null\n}", "p.json");
  ASSERT_TRUE(r.document);
  const JsonDocument& doc = *r.document;
  EXPECT_EQ(doc.value["a"][1]["b"], "héllo");
  Location l = doc.locate("/a/1/c");
  EXPECT_EQ(l.line, 2);
  EXPECT_EQ(l.col, 32);  // counted in characters: é is one
  EXPECT_EQ(doc.locate_key("/a/1/c").col, 27);
  EXPECT_EQ(doc.locate("/d").line, 3);
  EXPECT_EQ(doc.locate("/a/1/nope").col, 12);  // nearest ancestor
  EXPECT_EQ(doc.locate("/a/1/nope").pointer, "/a/1/nope");
}

TEST(ParseJson, RefusesDuplicateKeysWithBothPlaces) {
  EXPECT_EQ(errors("{\"name\": \"web\",\n \"name\": \"admin\"}"),
            "p.json:2:2: error[E_PARSE]: duplicate key `name` (first at 1:2) (at /name)\n"
            "  hint: remove one of the two; JSON readers disagree on which one wins\n");
}

TEST(ParseJson, RefusesJson5AndMalformedInput) {
  EXPECT_NE(errors("{\"a\": [1,],}").find("trailing comma"), std::string::npos);
  EXPECT_NE(errors("{\"a\": 1} // c").find("p.json:1:10: error[E_PARSE]"), std::string::npos);
  EXPECT_NE(errors("{'a': 1}").find("expected a key in double quotes"), std::string::npos);
  EXPECT_NE(errors("{\"a\": NaN}").find("unexpected character `N`"), std::string::npos);
  EXPECT_NE(errors("{\"a\": 01}").find("leading zeros"), std::string::npos);
  EXPECT_NE(errors("{\"a\": 1e400}").find("out of range"), std::string::npos);
  EXPECT_NE(errors("{\"a\": \"x").find("unterminated string"), std::string::npos);
  EXPECT_NE(errors("").find("unexpected end of input"), std::string::npos);
}

TEST(ParseJson, RefusesBadUnicodeAndControlCharacters) {
  EXPECT_NE(errors("{\"a\": \"\xff\"}").find("invalid UTF-8"), std::string::npos);
  EXPECT_NE(errors("{\"a\": \"\\ud800\"}").find("lone UTF-16 surrogate"), std::string::npos);
  EXPECT_NE(errors("{\"a\": \"a\\u0000b\"}").find("E_SCHEMA]: control character U+0000"),
            std::string::npos);
  EXPECT_NE(errors("{\"a\": \"\\u001b[2J\"}").find("U+001B"), std::string::npos);
  EXPECT_NE(errors("{\"a\": \"\\u0085\"}").find("U+0085"), std::string::npos);
  EXPECT_NE(errors("{\"a\": \"\t\"}").find("raw control character"), std::string::npos);
  EXPECT_EQ(errors("{\"a\": \"tab\\tnew\\nline \\ud83d\\ude00\"}"), "");
}

TEST(ParseJson, LimitsAreEnforcedAtTheirBoundaries) {
  ParseLimits limits;
  limits.max_depth = 3;
  EXPECT_EQ(errors("[[[1]]]", limits), "");
  EXPECT_NE(errors("[[[[1]]]]", limits).find("E_LIMIT]: nesting deeper than 3 levels"),
            std::string::npos);
  EXPECT_NE(errors(std::string(100000, '[')).find("E_LIMIT"), std::string::npos);
  limits = {};
  limits.max_string = 4;
  EXPECT_EQ(errors("[\"abcd\"]", limits), "");
  EXPECT_NE(errors("[\"abcde\"]", limits).find("string longer than 4 bytes"), std::string::npos);
  limits = {};
  limits.max_bytes = 8;
  EXPECT_EQ(errors("[123456]", limits), "");
  EXPECT_NE(errors("[1234567]", limits).find("input is 9 bytes, over the limit of 8"),
            std::string::npos);
}

TEST(ParseJson, NumbersKeepTheirKind) {
  ParseResult r = parse_json("[1, -2, 18446744073709551615, 1.5, 2e3]", "p.json");
  ASSERT_TRUE(r.document);
  const auto& v = r.document->value;
  EXPECT_TRUE(v[0].is_number_integer());
  EXPECT_EQ(v[1].get<int>(), -2);
  EXPECT_TRUE(v[2].is_number_unsigned());
  EXPECT_TRUE(v[3].is_number_float());
  EXPECT_EQ(v[4].get<double>(), 2000.0);
}

}  // namespace
}  // namespace render::schema
