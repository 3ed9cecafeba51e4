// Helm's and Sprig's data-format functions: JSON, YAML and TOML. Expected strings observed with
// helm v4.1.4 (each result shown with `printf "%T|%v"` or as the function's text).
#include <gtest/gtest.h>

#include <cmath>
#include <limits>

#include "call_function.hpp"
#include "template/functions/fmt.hpp"

namespace render::tmpl {
namespace {

Value M(Map entries) {
  return Value::map(std::move(entries));
}

const double kInf = std::numeric_limits<double>::infinity();

const FunctionList& data_functions() {
  return family<add_data_functions>();
}

Value call_value(std::string_view name, Value arg) {
  return call_function(data_functions(), name, {std::move(arg)});
}

// "<type>|<%v>" of the result.
std::string call(std::string_view name, Value arg) {
  Value r = call_value(name, std::move(arg));
  return go_sprintf("%T|%v", std::vector<Value>{r, r});
}

// The text a string-returning function gives.
std::string text(std::string_view name, Value arg) {
  return call_value(name, std::move(arg)).as_string();
}

std::string error_of(std::string_view name, Value arg) {
  try {
    call_value(name, std::move(arg));
  } catch (const FunctionError& e) {
    return e.what();
  }
  return "no error";
}

TEST(DataFunctionsFromJson, Values) {
  EXPECT_EQ(call("fromJson", S(R"({"a": 1, "b": [1, 2.5, "x", null, true], "c": {"d": "e"}})")),
            "map[string]interface {}|map[a:1 b:[1 2.5 x <nil> true] c:map[d:e]]");
  EXPECT_EQ(call("fromJson", S(R"({"a": 1, "a": 2})")), "map[string]interface {}|map[a:2]");
  EXPECT_EQ(call("fromJson", S("null")), "map[string]interface {}|map[]");
  EXPECT_EQ(call("fromJson", S(R"({"a":"\ud83d\ude00 \ud800 x\u00e9\n\t\/"})")),
            "map[string]interface {}|map[a:😀 \xEF\xBF\xBD xé\n\t/]");
  EXPECT_EQ(call("fromJson", S(R"({"a":-0, "b": 1E2, "c": 123456789012345678901234567890})")),
            "map[string]interface {}|map[a:-0 b:100 c:1.2345678901234568e+29]");
  Value v = call_value("fromJson", S(R"({"n": 3})"));
  EXPECT_EQ(v.as_map().at("n").kind(), Value::Kind::kFloat);
}

TEST(DataFunctionsFromJson, ErrorsGoUnderTheErrorKey) {
  auto error = [](std::string json) {
    return call_value("fromJson", S(std::move(json))).as_map().at("Error").as_string();
  };
  EXPECT_EQ(error("[1, 2]"),
            "json: cannot unmarshal array into Go value of type map[string]interface {}");
  EXPECT_EQ(error("\"str\""),
            "json: cannot unmarshal string into Go value of type map[string]interface {}");
  EXPECT_EQ(error("12"),
            "json: cannot unmarshal number into Go value of type map[string]interface {}");
  EXPECT_EQ(error("true"),
            "json: cannot unmarshal bool into Go value of type map[string]interface {}");
  EXPECT_EQ(error(""), "unexpected end of JSON input");
  EXPECT_EQ(error("{\"a\":1"), "unexpected end of JSON input");
  EXPECT_EQ(error("{\"a\":1,}"),
            "invalid character '}' looking for beginning of object key string");
  EXPECT_EQ(error("{\"a\" 1}"), "invalid character '1' after object key");
  EXPECT_EQ(error("{\"a\":1 \"b\":2}"), "invalid character '\"' after object key:value pair");
  EXPECT_EQ(error("[1 2]"), "invalid character '2' after array element");
  EXPECT_EQ(error("{\"a\":1} x"), "invalid character 'x' after top-level value");
  EXPECT_EQ(error("{\"a\":tru}"), "invalid character '}' in literal true (expecting 'e')");
  EXPECT_EQ(error("{\"a\":nul"), "invalid character ' ' in literal null (expecting 'l')");
  EXPECT_EQ(error("{\"a\":-}"), "invalid character '}' in numeric literal");
  EXPECT_EQ(error("{\"a\":1.e5}"), "invalid character 'e' after decimal point in numeric literal");
  EXPECT_EQ(error("{\"a\":1e}"), "invalid character '}' in exponent of numeric literal");
  EXPECT_EQ(error("{\"a\":01}"), "invalid character '1' after object key:value pair");
  EXPECT_EQ(error("{\"a\":\"\\x\"}"), "invalid character 'x' in string escape code");
  EXPECT_EQ(error("{\"a\":\"\\u12g4\"}"),
            "invalid character 'g' in \\u hexadecimal character escape");
  EXPECT_EQ(error("{\"a\":\"\x01\"}"), "invalid character '\\x01' in string literal");
  EXPECT_EQ(error("{\"a\":'x'}"), "invalid character '\\'' looking for beginning of value");
  EXPECT_EQ(error("\xEF\xBB\xBF{}"), "invalid character 'ï' looking for beginning of value");
  // A number out of float64's range: the other keys are kept, the value is nil.
  EXPECT_EQ(call("fromJson", S(R"({"a":1e400, "b": 2})")),
            "map[string]interface {}|map[Error:json: cannot unmarshal number 1e400 into Go value "
            "of type float64 a:<nil> b:2]");
}

TEST(DataFunctionsFromJson, ArrayAndMustForms) {
  EXPECT_EQ(call("fromJsonArray", S(R"([1, "a", {"b": null}])")),
            "[]interface {}|[1 a map[b:<nil>]]");
  EXPECT_EQ(call("fromJsonArray", S(R"({"a":1})")),
            "[]interface {}|[json: cannot unmarshal object into Go value of type []interface {}]");
  EXPECT_EQ(call("fromJsonArray", S("x")),
            "[]interface {}|[invalid character 'x' looking for beginning of value]");
  EXPECT_EQ(call("fromJsonArray", S("null")), "[]interface {}|[]");
  EXPECT_EQ(call("fromJsonArray", S("[1e400, 2]")),
            "[]interface {}|[json: cannot unmarshal number 1e400 into Go value of type float64]");
  EXPECT_EQ(call("mustFromJson", S(R"({"a":1})")), "map[string]interface {}|map[a:1]");
  EXPECT_EQ(call("mustFromJson", S("[1]")), "[]interface {}|[1]");
  EXPECT_EQ(call("mustFromJson", S("\"s\"")), "string|s");
  EXPECT_EQ(call("mustFromJson", S("null")), "<nil>|<nil>");
  EXPECT_EQ(call("mustFromJson", S("3")), "float64|3");
  EXPECT_EQ(error_of("mustFromJson", S("x")),
            "invalid character 'x' looking for beginning of value");
  EXPECT_EQ(error_of("mustFromJson", S("")), "unexpected end of JSON input");
}

TEST(DataFunctionsToJson, EncodingAndUnsupportedValues) {
  Value v = M({{"a", S("<&>")}, {"b", L({I(1), F(2.5), Value()})}, {"c", F(1e21)}, {"d", F(1e-7)}});
  EXPECT_EQ(text("toJson", v), R"({"a":"\u003c\u0026\u003e","b":[1,2.5,null],"c":1e+21,"d":1e-7})");
  EXPECT_EQ(text("toJson", Value()), "null");
  EXPECT_EQ(text("toRawJson", M({{"a", S("<&>")}})), R"({"a":"<&>"})");
  EXPECT_EQ(
      text("toPrettyJson", M({{"a", L({I(1), M({{"b", S("<")}})})}, {"e", M({})}, {"l", L({})}})),
      "{\n  \"a\": [\n    1,\n    {\n      \"b\": \"\\u003c\"\n    }\n  ],\n  \"e\": {},\n  "
      "\"l\": []\n}");
  EXPECT_EQ(text("mustToPrettyJson", M({{"a", I(1)}})), "{\n  \"a\": 1\n}");
  EXPECT_EQ(text("toJson", F(std::nan(""))), "");
  EXPECT_EQ(text("toPrettyJson", L({F(kInf)})), "");
  EXPECT_EQ(error_of("mustToJson", F(std::nan(""))), "json: unsupported value: NaN");
  EXPECT_EQ(error_of("toRawJson", F(kInf)), "json: unsupported value: +Inf");
  EXPECT_EQ(error_of("mustToRawJson", F(-kInf)), "json: unsupported value: -Inf");
  EXPECT_EQ(error_of("mustToPrettyJson", F(kInf)), "json: unsupported value: +Inf");
}

TEST(DataFunctionsToYaml, JsonRoundTripQuirks) {
  EXPECT_EQ(text("mustToYaml", M({{"a", I(1)}})), "a: 1");
  // DEL, C1 controls and U+FFFE/U+FFFF fail the YAML reading of the JSON text.
  EXPECT_EQ(text("toYaml", M({{"k", S("a\x7f"
                                      "b")}})),
            "");
  EXPECT_EQ(text("toYaml", S("\xC2\x80")), "");
  EXPECT_EQ(text("toYaml", M({{"\x7f", I(1)}})), "");
  EXPECT_EQ(error_of("mustToYaml", S("\xEF\xBF\xBE")), "yaml: control characters are not allowed");
  EXPECT_EQ(text("toYaml", F(std::nan(""))), "");
  EXPECT_EQ(error_of("mustToYaml", F(std::nan(""))),
            "error marshaling into JSON: json: unsupported value: NaN");
  // A raw U+0085 is a line break to the YAML reader: folded like one.
  EXPECT_EQ(text("toYaml", M({{"k", S("a\xC2\x85"
                                      "b")}})),
            "k: a b");
  EXPECT_EQ(text("toYaml", M({{"a", I(1)}, {"k", S("x\xC2\x85y")}, {"z", L({S("p\xC2\x85q")})}})),
            "a: 1\nk: x y\nz:\n- p q");
  EXPECT_EQ(text("toYaml", S("a \xC2\x85 b")), "a b");
  EXPECT_EQ(text("toYaml", S("a\xC2\x85\xC2\x85"
                             "b")),
            "|-\n  a\n  b");
  EXPECT_EQ(text("toYaml", S("\xC2\x85"
                             "a")),
            "' a'");
  EXPECT_EQ(text("toYaml", S("a\t\xC2\x85\tb")), "\"a\\t \\tb\"");
  // []byte goes through JSON as base64.
  EXPECT_EQ(text("toYaml", Value::bytes("hi")), "aGk=");
}

TEST(DataFunctionsToYamlPretty, BlockStyleIndentedSequences) {
  Value v = M({{"a", I(1)},
               {"b", F(2.5)},
               {"c", S("x")},
               {"d", Value::boolean(true)},
               {"e", Value()},
               {"f", L({I(1), S("two"), M({{"g", I(1)}, {"h", L({I(1), I(2)})}})})},
               {"i", M({{"j", M({{"k", S("v")}})}})},
               {"l", L({})},
               {"m", M({})}});
  EXPECT_EQ(text("toYamlPretty", v),
            "a: 1\nb: 2.5\nc: x\nd: true\ne: null\nf:\n  - 1\n  - two\n  - g: 1\n    h:\n      - "
            "1\n      - 2\ni:\n  j:\n    k: v\nl: []\nm: {}");
  EXPECT_EQ(text("toYamlPretty", L({I(1), L({I(2), I(3)}), L({}), M({}), L({L({I(4)})})})),
            "- 1\n- - 2\n  - 3\n- []\n- {}\n- - - 4");
  EXPECT_EQ(text("toYamlPretty",
                 L({M({{"a", I(1)}, {"b", L({I(1), I(2)})}}), M({{"c", M({{"d", I(1)}})}})})),
            "- a: 1\n  b:\n    - 1\n    - 2\n- c:\n    d: 1");
  EXPECT_EQ(text("toYamlPretty", L({S("a\nb"), S("c\n"), M({{"k", S("l1\nl2")}})})),
            "- |-\n  a\n  b\n- |\n  c\n- k: |-\n    l1\n    l2");
  EXPECT_EQ(text("toYamlPretty", Value::bytes("hi")), "- 104\n- 105");
}

TEST(DataFunctionsToYamlPretty, Scalars) {
  EXPECT_EQ(text("toYamlPretty", S("x")), "x");
  EXPECT_EQ(text("toYamlPretty", Value()), "null");
  EXPECT_EQ(text("toYamlPretty", F(1e6)), "1e+06");  // no JSON round trip
  EXPECT_EQ(text("toYamlPretty", F(kInf)), ".inf");
  EXPECT_EQ(text("toYamlPretty", F(std::nan(""))), ".nan");
  EXPECT_EQ(text("toYamlPretty", S("")), "\"\"");
  EXPECT_EQ(text("toYamlPretty", S("null")), "\"null\"");
  EXPECT_EQ(text("toYamlPretty", S("a\nb")), "|-\n  a\n  b");
  EXPECT_EQ(text("toYamlPretty", M({{"f1", F(0.1)},
                                    {"f2", F(1e-7)},
                                    {"f3", F(100)},
                                    {"f4", F(-0.0)},
                                    {"f5", F(1e21)},
                                    {"f6", F(123456789.0)},
                                    {"i", Value::int64(5)},
                                    {"j", I(7)}})),
            "f1: 0.1\nf2: 1e-07\nf3: 100\nf4: -0\nf5: 1e+21\nf6: 1.23456789e+08\ni: 5\nj: 7");
}

TEST(DataFunctionsToYamlPretty, BlockScalarsAndQuoting) {
  EXPECT_EQ(text("toYamlPretty", M({{"s1", S("line1\nline2")},
                                    {"s2", S("line1\nline2\n")},
                                    {"s3", S("a\n\n")},
                                    {"s4", S(" lead\nx")},
                                    {"s5", S("\nstart")},
                                    {"s6", S("trail \nx")},
                                    {"s7", S("x\n ")},
                                    {"s8", S("tab\there")},
                                    {"s9", S("a\tb\nc")}})),
            "s1: |-\n  line1\n  line2\ns2: |\n  line1\n  line2\ns3: |+\n  a\n\ns4: |2-\n   lead\n  "
            "x\ns5: |2-\n\n  start\ns6: \"trail \\nx\"\ns7: \"x\\n \"\ns8: \"tab\\there\"\ns9: "
            "|-\n  a\tb\n  c");
  EXPECT_EQ(text("toYamlPretty", M({{"t", S("true")},
                                    {"y", S("yes")},
                                    {"n", S("N")},
                                    {"e", S("")},
                                    {"i", S("12")},
                                    {"h", S("0x1F")},
                                    {"oc", S("0777")},
                                    {"d", S("2024-01-01")},
                                    {"d2", S("2024-02-30")},
                                    {"b60", S("1:20")},
                                    {"m", S("<<")},
                                    {"dot", S(".5")},
                                    {"u", S("1_000")},
                                    {"o2", S("0o17")}})),
            "b60: \"1:20\"\nd: \"2024-01-01\"\nd2: 2024-02-30\ndot: \".5\"\ne: \"\"\nh: "
            "\"0x1F\"\ni: \"12\"\nm: <<\n\"n\": \"N\"\no2: \"0o17\"\noc: \"0777\"\nt: \"true\"\nu: "
            "\"1_000\"\n\"y\": \"yes\"");
  EXPECT_EQ(text("toYamlPretty", M({{"a", S("- x")},
                                    {"b", S("-x")},
                                    {"c", S(": x")},
                                    {"d", S("x:")},
                                    {"e", S("a: b")},
                                    {"f", S("a #b")},
                                    {"g", S("a#b")},
                                    {"h", S("#x")},
                                    {"k", S("x,y")},
                                    {"t", S("'x")},
                                    {"w", S("?x")},
                                    {"y", S("---")}})),
            "a: '- x'\nb: -x\nc: ': x'\nd: 'x:'\ne: 'a: b'\nf: 'a #b'\ng: a#b\nh: '#x'\nk: "
            "x,y\nt: '''x'\nw: ?x\n\"y\": '---'");
  EXPECT_EQ(text("toYamlPretty", M({{"a", S(" x")},
                                    {"c", S("it's")},
                                    {"d", S("é✓日本")},
                                    {"e", S("😀")},
                                    {"f", S("a\x01"
                                            "b")},
                                    {"g", S("\x7f")},
                                    {"h", S("a\xC2\x85"
                                            "b")},
                                    {"i", S("\xEF\xBB\xBF")}})),
            "a: ' x'\nc: it's\nd: é✓日本\ne: \"\\U0001F600\"\nf: \"a\\x01b\"\ng: \"\\x7F\"\nh: "
            "\"a\\Nb\"\ni: \"\\uFEFF\"");
}

TEST(DataFunctionsToYamlPretty, KeysOrderAndComplexKeys) {
  EXPECT_EQ(text("toYamlPretty", M({{"_x", I(1)},
                                    {"9", I(2)},
                                    {"10", I(3)},
                                    {"B", I(4)},
                                    {"a", I(6)},
                                    {"a.b", I(8)},
                                    {"a2", I(9)},
                                    {"a10", I(10)},
                                    {"a1b", I(12)},
                                    {"a1", I(13)},
                                    {"1a", I(14)},
                                    {"12a", I(15)}})),
            "_x: 1\n1a: 14\n\"9\": 2\n\"10\": 3\n12a: 15\nB: 4\na: 6\na.b: 8\na1: 13\na1b: 12\na2: "
            "9\na10: 10");
  EXPECT_EQ(text("toYamlPretty", M({{"true", I(1)},
                                    {"", I(3)},
                                    {"a b", I(5)},
                                    {"multi\nline", I(6)},
                                    {std::string(130, 'x'), I(7)}})),
            "\"\": 3\na b: 5\n? |-\n  multi\n  line\n: 6\n\"true\": 1\n? " + std::string(130, 'x') +
                "\n: 7");
}

TEST(DataFunctionsFromYaml, Values) {
  EXPECT_EQ(call("fromYaml", S("a: 1\nb: [1, 2.5, x, null, true]\nc: {d: e}\ny: yes\nn: no\noct: "
                               "0777\nhex: 0x1F\ndate: 2024-01-01\nbig: 12345678901234567890\n")),
            "map[string]interface {}|map[a:1 b:[1 2.5 x <nil> true] big:1.2345678901234567e+19 "
            "c:map[d:e] date:2024-01-01 false:false hex:31 oct:511 true:true]");
  EXPECT_EQ(call("fromYaml", S("a: 1\na: 2")), "map[string]interface {}|map[a:2]");
  EXPECT_EQ(call("fromYaml", S("")), "map[string]interface {}|map[]");
  EXPECT_EQ(call("fromYaml", S("~")), "map[string]interface {}|map[]");
  EXPECT_EQ(call("fromYaml", S("a: &x 1\nb: *x\nc: &m {k: v}\nd:\n  <<: *m\n  z: 1")),
            "map[string]interface {}|map[a:1 b:1 c:map[k:v] d:map[k:v z:1]]");
  EXPECT_EQ(call("fromYaml", S("---\na: 1\n---\nb: 2")), "map[string]interface {}|map[a:1]");
  EXPECT_EQ(call("fromYamlArray", S("- 1\n- a\n- {b: c}")), "[]interface {}|[1 a map[b:c]]");
  EXPECT_EQ(call("fromYamlArray", S("")), "[]interface {}|[]");
}

TEST(DataFunctionsFromYaml, Errors) {
  auto error = [](std::string yaml) {
    return call_value("fromYaml", S(std::move(yaml))).as_map().at("Error").as_string();
  };
  EXPECT_EQ(error("- a\n- b"),
            "error unmarshaling JSON: while decoding JSON: json: cannot unmarshal array into Go "
            "value of type map[string]interface {}");
  EXPECT_EQ(error("abc"),
            "error unmarshaling JSON: while decoding JSON: json: cannot unmarshal string into Go "
            "value of type map[string]interface {}");
  EXPECT_EQ(error("a: b: c"),
            "error converting YAML to JSON: yaml: mapping values are not allowed in this context");
  EXPECT_EQ(error("x: 1\ny: z: 1"),
            "error converting YAML to JSON: yaml: line 2: mapping values are not allowed in this "
            "context");
  EXPECT_EQ(error("a: [1, 2"),
            "error converting YAML to JSON: yaml: line 1: did not find expected ',' or ']'");
  EXPECT_EQ(error("a:\n  - b\n c: d"),
            "error converting YAML to JSON: yaml: line 2: did not find expected key");
  EXPECT_EQ(error("a: 'x"), "error converting YAML to JSON: yaml: found unexpected end of stream");
  EXPECT_EQ(error("x: 1\n\ny: 'abc"),
            "error converting YAML to JSON: yaml: line 3: found unexpected end of stream");
  EXPECT_EQ(error("a: @x"),
            "error converting YAML to JSON: yaml: found character that cannot start any token");
  EXPECT_EQ(error("x: 1\ny: *nope"),
            "error converting YAML to JSON: yaml: unknown anchor 'nope' referenced");
  EXPECT_EQ(error("a: .inf"), "error converting YAML to JSON: json: unsupported value: +Inf");
  EXPECT_EQ(call("fromYamlArray", S("a: 1")),
            "[]interface {}|[error unmarshaling JSON: while decoding JSON: json: cannot unmarshal "
            "object into Go value of type []interface {}]");
}

TEST(DataFunctionsToToml, Documents) {
  Value v = M({{"a", I(1)},
               {"b", F(2.5)},
               {"s", S("hello \"q\" \\ é \t x")},
               {"t", Value::boolean(true)},
               {"n", Value()},
               {"l", L({I(1), S("x"), F(2.5)})},
               {"lm", L({M({{"x", I(1)}}), M({{"y", I(2)}})})},
               {"sub", M({{"k", S("v")}, {"deep", M({{"z", I(1)}})}})},
               {"e", M({})},
               {"el", L({})},
               {"big", F(1e20)},
               {"key with space", I(1)}});
  EXPECT_EQ(text("toToml", v),
            "a = 1\nb = 2.5\nbig = 1e+20\nel = []\n\"key with space\" = 1\nl = [1, \"x\", 2.5]\ns "
            "= \"hello \\\"q\\\" \\\\ é \\t x\"\nt = true\n\n[e]\n\n[[lm]]\n  x = 1\n\n[[lm]]\n  y "
            "= 2\n\n[sub]\n  k = \"v\"\n  [sub.deep]\n    z = 1\n");
  EXPECT_EQ(text("toToml",
                 M({{"f", F(3)}, {"g", F(1e-7)}, {"j", F(-0.0)}, {"i", F(kInf)}, {"k", F(-kInf)}})),
            "f = 3.0\ng = 1e-07\ni = inf\nj = -0.0\nk = -inf\n");
  EXPECT_EQ(text("toToml", M({{"a", M({{"b", L({M({{"c", I(1)}})})}, {"d", I(2)}})}})),
            "[a]\n  d = 2\n\n  [[a.b]]\n    c = 1\n");
  EXPECT_EQ(text("toToml", M({{"i", L({M({{"a", Value()}, {"b", I(1)}}), I(3)})},
                              {"j", L({M({{"a", I(1)}, {"b", Value()}}), I(3)})}})),
            "i = [{b = 1}, 3]\nj = [{a = 1, }, 3]\n");
  EXPECT_EQ(text("toToml", M({{"\"\"", I(1)}, {"", I(2)}, {"ü", I(3)}, {"a-b_c", I(4)}})),
            "\"\" = 2\n\"\\\"\\\"\" = 1\na-b_c = 4\n\"ü\" = 3\n");
  EXPECT_EQ(text("toToml", M({{"b", Value::bytes("hi")}})), "b = [104, 105]\n");
}

TEST(DataFunctionsToToml, TopLevelAndErrors) {
  EXPECT_EQ(text("toToml", I(5)), "5");
  EXPECT_EQ(text("toToml", L({I(1), I(2)})), "[1, 2]");
  EXPECT_EQ(text("toToml", S("x")), "\"x\"");
  EXPECT_EQ(text("toToml", M({})), "");
  EXPECT_EQ(text("toToml", L({M({{"a", I(1)}})})),
            "toml: top-level values must be Go maps or structs");
  EXPECT_EQ(text("toToml", M({{"l", L({Value(), I(1)})}})),
            "toml: cannot encode array with nil element");
  EXPECT_EQ(error_of("toToml", Value()), "reflect: call of reflect.Value.Type on zero Value");
}

TEST(DataFunctionsFromToml, Documents) {
  EXPECT_EQ(call("fromToml", S("a = 1\nb = \"x\"\nc = 2.5\nd = true\ne = [1, 2]\n[t]\nk = "
                               "\"v\"\n[[arr]]\nx = 1\n[[arr]]\nx = 2\n")),
            "map[string]interface {}|map[a:1 arr:[map[x:1] map[x:2]] b:x c:2.5 d:true e:[1 2] "
            "t:map[k:v]]");
  EXPECT_EQ(call("fromToml", S("a = 0x1F\nb = 0o17\nc = 0b101\nd = 1_000\ne = +5\nf = -3\ng = "
                               "1e3\nh = inf\ni = -inf\nj = nan\nk = 6.02e+23\nl = 3.0")),
            "map[string]interface {}|map[a:31 b:15 c:5 d:1000 e:5 f:-3 g:1000 h:+Inf i:-Inf j:NaN "
            "k:6.02e+23 l:3]");
  EXPECT_EQ(call("fromToml", S("s1 = 'lit\\n'\ns2 = \"esc\\t\\u00e9\\U0001F600\"\ns3 = "
                               "\"\"\"\nml\nstr\"\"\"\ns4 = '''\nraw\\n\nx'''\ns5 = \"\"\"a \\\n   "
                               "b\"\"\"")),
            "map[string]interface {}|map[s1:lit\\n s2:esc\té😀 s3:ml\nstr s4:raw\\n\nx s5:a b]");
  EXPECT_EQ(
      call("fromToml", S("a.b.c = 1\n\"q k\" = 2\n'lit k' = 3\nx = {y = 1, z = {w = \"v\"}}")),
      "map[string]interface {}|map[a:map[b:map[c:1]] lit k:3 q k:2 x:map[y:1 z:map[w:v]]]");
  EXPECT_EQ(call("fromToml", S("# c\na = 1 # t\n\n[s.t]  # c\nb = [ 1,\n 2, # x\n ]\n")),
            "map[string]interface {}|map[a:1 s:map[t:map[b:[1 2]]]]");
  EXPECT_EQ(call("fromToml", S("")), "map[string]interface {}|map[]");
  Value v = call_value("fromToml", S("a = 1\nb = 1.5"));
  EXPECT_EQ(v.as_map().at("a").kind(), Value::Kind::kInt64);
  EXPECT_EQ(v.as_map().at("b").kind(), Value::Kind::kFloat);
  // Datetimes print as Go prints a time.Time.
  EXPECT_EQ(call("fromToml", S("d = 1979-05-27T07:32:00-08:00\ne = 07:32:00\nf = "
                               "1979-05-27T07:32:00\ng = 1979-05-27T00:32:00.999999Z\nh = "
                               "2024-01-01")),
            "map[string]interface {}|map[d:1979-05-27 07:32:00 -0800 -0800 e:0000-01-01 07:32:00 "
            "+0000 time-local f:1979-05-27 07:32:00 +0000 datetime-local g:1979-05-27 "
            "00:32:00.999999 +0000 UTC h:2024-01-01 00:00:00 +0000 date-local]");
}

TEST(DataFunctionsFromToml, Errors) {
  auto error = [](std::string toml) {
    return call_value("fromToml", S(std::move(toml))).as_map().at("Error").as_string();
  };
  EXPECT_EQ(error("a = "), "toml: line 1 (last key \"a\"): unexpected EOF; expected value");
  EXPECT_EQ(error("a = x"),
            "toml: line 1 (last key \"a\"): expected value but found \"x\" instead");
  EXPECT_EQ(error("a = @"), "toml: line 1 (last key \"a\"): expected value but found '@' instead");
  EXPECT_EQ(error("a"), "toml: line 1: unexpected EOF; expected key separator '='");
  EXPECT_EQ(error("a = 1\na = 2"),
            "toml: line 2 (last key \"a\"): Key 'a' has already been defined.");
  EXPECT_EQ(error("[a]\n[a]"), "toml: line 2: Key 'a' has already been defined.");
  EXPECT_EQ(error("[a]\nb=1\n[a.b]"),
            "toml: line 3 (last key \"a\"): Key 'a.b' has already been defined.");
  EXPECT_EQ(error("a = 1\na.b = 2"),
            "toml: line 2 (last key \"a.b\"): Key 'a' has already been defined.");
  EXPECT_EQ(error("a = \"x"), "toml: line 1 (last key \"a\"): unexpected EOF; expected '\"'");
  EXPECT_EQ(error("a = 1 2"),
            "toml: line 1: expected a top-level item to end with a newline, comment, or EOF, but "
            "got '2' instead");
  EXPECT_EQ(error("= 1"), "toml: line 1: unexpected '=': key name appears blank");
  EXPECT_EQ(error("a = 01"),
            "toml: line 1 (last key \"a\"): Invalid integer \"01\": cannot have leading zeroes");
  EXPECT_EQ(error("a = 9223372036854775808"),
            "toml: line 1 (last key \"a\"): 9223372036854775808 is out of range for int64");
  EXPECT_EQ(error("a = \"\\q\""), "toml: line 1 (last key \"a\"): invalid escape in string '\\q'");
  EXPECT_EQ(error("[x\na=1"),
            "toml: line 2: expected '.' or ']' to end table name, but got '\\n' instead");
  EXPECT_EQ(error("c = 1e400"), "toml: line 1 (last key \"c\"): 1e400 is out of range for float64");
  EXPECT_EQ(error("a = [1 2]"),
            "toml: line 1 (last key \"a\"): expected a comma (',') or array terminator (']'), but "
            "got '2'");
  EXPECT_EQ(error("a = {b = 1"),
            "toml: line 1 (last key \"a.b\"): expected a comma or an inline table terminator '}', "
            "but got end of file instead");
  EXPECT_EQ(error("a = 1979-13-01"),
            "toml: line 1 (last key \"a\"): invalid datetime: \"1979-13-01\"");
  EXPECT_EQ(error("\x01"), "toml: line 1: TOML files cannot contain control characters: '0x01'");
  EXPECT_EQ(error("a = 1\n\n\nb = "),
            "toml: line 4 (last key \"b\"): unexpected EOF; expected value");
}

}  // namespace
}  // namespace render::tmpl
