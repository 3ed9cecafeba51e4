// How a malformed values.schema.json is reported. Helm decodes the schema with the validator's
// UnmarshalJSON (one json.Decoder value, then a check for trailing tokens), so the texts are
// encoding/json's scanner errors with the Decoder's "EOF" / "unexpected EOF". Every expectation
// is helm v4.1's output for the same schema file.
#include <gtest/gtest.h>

#include <string>

#include "chart/json_value.hpp"
#include "chart/values_schema.hpp"

namespace render::chart {
namespace {

std::string compile_error(const std::string& schema) {
  ValuesSchema s;
  std::string error;
  if (s.compile(schema, error)) return "<compiled>";
  return error;
}

TEST(ValuesSchemaJson, NothingButSpaceIsEof) {
  EXPECT_EQ(compile_error("  \n\t\r\n"), "EOF");
  EXPECT_EQ(compile_error("\n"), "EOF");
}

TEST(ValuesSchemaJson, CutShortIsUnexpectedEof) {
  for (const char* text :
       {R"({"properties":{"a":{"type":"integer"}}, "bogus": )", "{", R"({"a)", R"({"a")",
        R"({"a":)", R"({"a":1)", R"({"a":1 )", R"({"a":[1)", R"({"a":[1,)", R"({"a":[)",
        R"({"a":tru)", R"({"a":"\)", "-", "1.", "tru", R"({"a":"\u12)"}) {
    EXPECT_EQ(compile_error(text), "unexpected EOF") << text;
  }
}

TEST(ValuesSchemaJson, SyntaxErrorsQuoteTheCharacter) {
  EXPECT_EQ(compile_error(R"({"a": 1,})"),
            "invalid character '}' looking for beginning of object key string");
  EXPECT_EQ(compile_error("{'a':1}"),
            "invalid character '\\'' looking for beginning of object key string");
  EXPECT_EQ(compile_error(R"({"a":tru})"), "invalid character '}' in literal true (expecting 'e')");
  EXPECT_EQ(compile_error(R"({"a":nul})"), "invalid character '}' in literal null (expecting 'l')");
  EXPECT_EQ(compile_error("{\"a\":\"x\x01\"}"), "invalid character '\\x01' in string literal");
  EXPECT_EQ(compile_error("{\"a\":\"\t\"}"), "invalid character '\\t' in string literal");
  EXPECT_EQ(compile_error(R"({"a":01})"), "invalid character '1' after object key:value pair");
  EXPECT_EQ(compile_error(R"({"a":1.})"),
            "invalid character '}' after decimal point in numeric literal");
  EXPECT_EQ(compile_error(R"({"a":-})"), "invalid character '}' in numeric literal");
  EXPECT_EQ(compile_error(R"({"a":1e})"), "invalid character '}' in exponent of numeric literal");
  EXPECT_EQ(compile_error(R"({"a":"\q"})"), "invalid character 'q' in string escape code");
  EXPECT_EQ(compile_error(R"({"a":"\ud800\u12x4"})"),
            "invalid character 'x' in \\u hexadecimal character escape");
  EXPECT_EQ(compile_error(R"({"a" 1})"), "invalid character '1' after object key");
  EXPECT_EQ(compile_error(R"({"a":1 "b":2})"),
            "invalid character '\"' after object key:value pair");
  EXPECT_EQ(compile_error("[1 2]"), "invalid character '2' after array element");
  EXPECT_EQ(compile_error("[1,]"), "invalid character ']' looking for beginning of value");
  EXPECT_EQ(compile_error("// x\n"), "invalid character '/' looking for beginning of value");
  EXPECT_EQ(compile_error("\\"), "invalid character '\\\\' looking for beginning of value");
}

TEST(ValuesSchemaJson, BytesOutsideAsciiPrintAsTheRuneOfTheirValue) {
  EXPECT_EQ(compile_error("\xff{}"), "invalid character '\xC3\xBF' looking for beginning of value");
  EXPECT_EQ(compile_error("\x80"), "invalid character '\\u0080' looking for beginning of value");
  EXPECT_EQ(compile_error("\xa0"), "invalid character '\\u00a0' looking for beginning of value");
  EXPECT_EQ(compile_error("\x7f"), "invalid character '\\x7f' looking for beginning of value");
  // Inside a string invalid UTF-8 is accepted (and replaced).
  EXPECT_EQ(compile_error("{\"a\xff\":{}}"), "<compiled>");
}

TEST(ValuesSchemaJson, AnythingAfterTheValueIsRefusedWithOneText) {
  for (const char* text : {"{} {}", "{}x", "{} ]", "01", "{} {"}) {
    EXPECT_EQ(compile_error(text), "invalid character after top-level value") << text;
  }
  EXPECT_EQ(compile_error("{}  \n"), "<compiled>");
}

// Go's limit is 10,000 open containers; this reader stops at 256, with Go's text.
TEST(ValuesSchemaJson, TooDeepNamesTheBracket) {
  std::string deep = std::string(300, '[') + std::string(300, ']');
  EXPECT_EQ(compile_error(deep), "invalid character '[' exceeded max depth");
}

TEST(ValuesSchemaJson, DocumentOfTheWrongType) {
  const std::string head =
      "\"file:///values.schema.json#\" is not valid against metaschema: jsonschema validation "
      "failed with 'https://json-schema.org/draft/2020-12/schema#'\n- at '': got ";
  EXPECT_EQ(compile_error("[1]"), head + "array, want boolean or object");
  EXPECT_EQ(compile_error("null"), head + "null, want boolean or object");
  EXPECT_EQ(compile_error("\"x\""), head + "string, want boolean or object");
  EXPECT_EQ(compile_error("1.5"), head + "number, want boolean or object");
  EXPECT_EQ(compile_error("true"), "<compiled>");
}

// json.Unmarshal's texts, which the whole-text reader keeps.
TEST(JsonValue, UnmarshalTexts) {
  Value v;
  std::string error;
  EXPECT_FALSE(parse_json_value("  ", v, error));
  EXPECT_EQ(error, "unexpected end of JSON input");
  EXPECT_FALSE(parse_json_value(R"({"a":)", v, error));
  EXPECT_EQ(error, "unexpected end of JSON input");
  EXPECT_FALSE(parse_json_value("{} x", v, error));
  EXPECT_EQ(error, "invalid character 'x' after top-level value");
}

// json.Decoder reads one value from a stream and leaves the rest.
TEST(JsonValue, DecoderReadsOneValue) {
  Value v;
  std::string error;
  std::size_t pos = 0;
  ASSERT_TRUE(read_json_value(R"( {"a":[1,2]},x)", pos, v, error));
  EXPECT_EQ(pos, 12u);
  pos = 0;
  EXPECT_FALSE(read_json_value(" \n", pos, v, error));
  EXPECT_EQ(error, "EOF");
}

// With the numbers kept (json.Decoder.UseNumber), each number's text is found by its pointer, and
// one past float64's range reads.
TEST(JsonValue, NumbersAsWrittenByPointer) {
  Value v;
  std::string error;
  std::size_t pos = 0;
  JsonNumbers numbers;
  ASSERT_TRUE(read_json_value(R"({"a":[1.0, {"k/~":1e2}], "b": 1E400, "c": "2.0", "d": -0})", pos,
                              v, error, 256, &numbers));
  const JsonNumbers want = {{"/a/0", "1.0"}, {"/a/1/k~1~0", "1e2"}, {"/b", "1E400"}, {"/d", "-0"}};
  EXPECT_EQ(numbers, want);
  EXPECT_EQ(v.as_map().find("a")->second.as_list()[0].as_float(), 1.0);
  pos = 0;
  numbers.clear();
  ASSERT_TRUE(read_json_value("2.50", pos, v, error, 256, &numbers));
  EXPECT_EQ(numbers, (JsonNumbers{{"", "2.50"}}));
  pos = 0;
  EXPECT_FALSE(read_json_value("1E400", pos, v, error));
  EXPECT_EQ(error, "json: cannot unmarshal number 1E400 into Go value of type float64");
}

TEST(JsonValue, PointerTokens) {
  EXPECT_EQ(json_pointer_token("a/b~c"), "a~1b~0c");
  EXPECT_EQ(json_pointer_token("plain"), "plain");
  // Decoded left to right: "~01" is "~1" (a '~', then '1'), not "/".
  EXPECT_EQ(json_pointer_key("a~1b~0c"), "a/b~c");
  EXPECT_EQ(json_pointer_key("~01"), "~1");
  EXPECT_TRUE(valid_json_pointer_escapes("/a~0/b~1c"));
  EXPECT_TRUE(valid_json_pointer_escapes(""));
  EXPECT_FALSE(valid_json_pointer_escapes("/a~"));
  EXPECT_FALSE(valid_json_pointer_escapes("/a~2"));
  EXPECT_FALSE(valid_json_pointer_escapes("/~/b"));
}

}  // namespace
}  // namespace render::chart
