// values.schema.json messages. Every expectation is helm v4.1.4's output for the same schema and
// values; Helm orders sibling errors randomly, so they are compared as sets of lines (and this
// validator's own order is checked to be sorted, hence stable).
#include <gtest/gtest.h>

#include <algorithm>
#include <sstream>

#include "chart/loader.hpp"
#include "chart/values_schema.hpp"

namespace render::chart {
namespace {

std::vector<std::string> sorted_lines(const std::string& text) {
  std::vector<std::string> lines;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) lines.push_back(line);
  std::sort(lines.begin(), lines.end());
  return lines;
}

std::string check(const std::string& schema, const std::string& values) {
  ValuesSchema s;
  std::string error;
  if (!s.compile(schema, error)) return "compile error: " + error;
  return s.validate(load_values_documents(values, ""));
}

TEST(ValuesSchema, KeywordMessages) {
  std::string schema = R"({
  "type": "object", "required": ["name", "zz"], "additionalProperties": false,
  "properties": {
    "name": {"type": "string"},
    "port": {"type": "integer", "maximum": 65535, "minimum": 1},
    "s": {"type": "string", "minLength": 3, "maxLength": 5, "pattern": "^[a-z]+$"},
    "e": {"enum": ["a", "b", 1, null]},
    "c": {"const": "fixed"},
    "l": {"type": "array", "minItems": 2, "maxItems": 3, "uniqueItems": true, "items": {"type": "integer"}},
    "ex": {"type": "number", "exclusiveMinimum": 5, "exclusiveMaximum": 10, "multipleOf": 0.5},
    "any": {"anyOf": [{"type": "string"}, {"type": "integer"}]},
    "one": {"oneOf": [{"type": "string"}, {"minLength": 1}]},
    "all": {"allOf": [{"type": "string"}, {"minLength": 5}]},
    "not": {"not": {"type": "string"}},
    "dep": {"type": "object", "dependentRequired": {"a": ["b", "c"]}},
    "ite": {"if": {"type": "string"}, "then": {"minLength": 3}, "else": {"type": "integer"}},
    "pi": {"type": "array", "prefixItems": [{"type": "string"}, {"type": "integer"}], "items": false},
    "mp": {"type": "object", "minProperties": 2, "maxProperties": 3, "propertyNames": {"pattern": "^[a-z]+$"}, "patternProperties": {"^x": {"type": "integer"}}},
    "ct": {"type": "array", "contains": {"type": "string"}}
  }})";
  std::string values =
      "port: 70000\ns: \"ABCDEFG\"\ne: zz\nc: other\nl: [1, 1.5, 1, 1]\nex: 10.25\nany: 1.5\n"
      "one: \"abc\"\nall: 3\nnot: \"str\"\ndep: {a: 1}\nite: \"ab\"\npi: [\"a\", \"b\", 3]\n"
      "mp: {A: 1, xb: \"s\", c: 1, d: 2}\nct: [1, 2]\nextra: 1\n";
  std::string helm = R"(- at '': missing properties 'name', 'zz'
- at '/c': value must be 'fixed'
- at '/one': 'oneOf' failed, subschemas 0, 1 matched
- at '/ite': minLength: got 2, want 3
- at '/not': 'not' failed
- at '/e': value must be one of 'a', 'b', 1, <nil>
- at '/any': 'anyOf' failed
  - at '/any': got number, want string
  - at '/any': got number, want integer
- at '/s': validation failed
  - at '/s': maxLength: got 7, want 5
  - at '/s': 'ABCDEFG' does not match pattern '^[a-z]+$'
- at '/l': validation failed
  - at '/l': maxItems: got 4, want 3
  - at '/l': items at 0 and 2 are equal
  - at '/l/1': got number, want integer
- at '/port': maximum: got 70,000, want 65,535
- at '/dep': properties 'b', 'c' required, if 'a' exists
- at '/all': 'allOf' failed
  - at '/all': got number, want string
- at '/mp': validation failed
  - at '/mp': maxProperties: got 4, want 3
  - at '/mp/xb': got string, want integer
  - at '': invalid propertyName 'A'
    - at '': 'A' does not match pattern '^[a-z]+$'
- at '/ct': no items match contains schema
  - at '/ct/0': got number, want string
  - at '/ct/1': got number, want string
- at '/ex': validation failed
  - at '/ex': exclusiveMaximum: got 10.25, want 10
  - at '/ex': multipleOf: got 10.25, want 0.5
- at '/pi': validation failed
  - at '/pi/1': got string, want integer
  - at '/pi/0': false schema
- at '': additional properties 'extra' not allowed
)";
  std::string ours = check(schema, values);
  EXPECT_EQ(sorted_lines(ours), sorted_lines(helm)) << ours;
}

TEST(ValuesSchema, PropertiesComeInKeyOrder) {
  // (Helm's order of properties varies from run to run: any fixed one is one of its orders.)
  std::string out = check(R"({"properties": {"b": {"type": "string"}, "a": {"type": "string"}}})",
                          "a: 1\nb: 2\n");
  EXPECT_EQ(out, "- at '/a': got number, want string\n- at '/b': got number, want string");
}

TEST(ValuesSchema, OneValuesErrorsComeInTheLibrarysOrder) {
  EXPECT_EQ(
      check(R"({"properties": {"m": {"not": {"type": "string"}, "maxLength": 0}}})", "m: A\n"),
      "- at '/m': maxLength: got 1, want 0\n- at '/m': 'not' failed");
  // A failed enum, const, type or format is the value's only error.
  EXPECT_EQ(check(R"({"properties": {"m": {"enum": ["zz"], "minLength": 3}}})", "m: A\n"),
            "- at '/m': value must be 'zz'");
}

TEST(ValuesSchema, ReferencesNestingAndGroups) {
  std::string schema = R"({
  "$defs": {"obj": {"type": "object", "required": ["k"], "properties": {"k": {"type": "string"}, "j": {"type": "string"}}},
            "port": {"type": "integer", "minimum": 1000}},
  "type": "object",
  "properties": {
    "r": {"$ref": "#/$defs/port"},
    "r3": {"$ref": "#/$defs/obj"},
    "r4": {"$ref": "#/$defs/obj", "minProperties": 5},
    "al": {"allOf": [{"type": "object", "required": ["a", "b"], "maxProperties": 0}, {"required": ["c"]}]},
    "an": {"anyOf": [{"type": "object", "required": ["a"], "maxProperties": 0}, {"required": ["c"]}]},
    "q": {"type": "string", "pattern": "^'\"x"},
    "ap": {"type": "object", "additionalProperties": {"type": "integer"}},
    "pn": {"type": "object", "propertyNames": {"maxLength": 2, "pattern": "^a"}},
    "deep": {"type": "object", "properties": {"a": {"type": "object", "properties": {"b": {"type": "integer"}, "c": {"type": "integer"}}}}},
    "t2": {"if": {"type": "string"}, "then": {"minLength": 3, "pattern": "^x"}},
    "multi": {"type": ["null", "string"]},
    "i80": {"type": "integer"},
    "i805": {"type": "integer"},
    "en": {"enum": [{"a": 1}, [1, 2], true, 1.5]},
    "co": {"const": {"a": [1, 2]}},
    "mn": {"minimum": 1234.5},
    "mx": {"maximum": 1e21},
    "ml": {"type": "string", "maxLength": 2}
  }})";
  std::string values =
      "r: 5\nr3: {k: 1, j: 2}\nr4: {k: 1, j: 2}\nal: {z: 1}\nan: {z: 1}\n"
      "q: \"it's \\\"q\\\"\\té\"\nap: {x: \"s\", \"true\": \"t\"}\npn: {bbb: 1}\n"
      "deep: {a: {b: \"x\", c: \"y\"}}\nt2: \"ab\"\nmulti: 5\ni80: 80.0\ni805: 80.5\nen: 2\n"
      "co: {a: [1]}\nmn: 1000\nmx: 2e21\nml: \"héllo\"\n";
  std::string helm = R"(- at '/ap': validation failed
  - at '/ap/true': got string, want integer
  - at '/ap/x': got string, want integer
- at '': invalid propertyName 'bbb'
  - at '': maxLength: got 3, want 2
  - at '': 'bbb' does not match pattern '^a'
- at '/q': 'it\'s "q"\té' does not match pattern '^\'"x'
- at '/r': minimum: got 5, want 1,000
- at '/r3': validation failed
  - at '/r3/k': got number, want string
  - at '/r3/j': got number, want string
- at '/r4': validation failed
  - at '/r4': validation failed
    - at '/r4/j': got number, want string
    - at '/r4/k': got number, want string
  - at '/r4': minProperties: got 2, want 5
- at '/al': 'allOf' failed
  - at '/al': validation failed
    - at '/al': maxProperties: got 1, want 0
    - at '/al': missing properties 'a', 'b'
  - at '/al': missing property 'c'
- at '/an': 'anyOf' failed
  - at '/an': validation failed
    - at '/an': maxProperties: got 1, want 0
    - at '/an': missing property 'a'
  - at '/an': missing property 'c'
- at '/deep/a': validation failed
  - at '/deep/a/b': got string, want integer
  - at '/deep/a/c': got string, want integer
- at '/t2': validation failed
  - at '/t2': 'ab' does not match pattern '^x'
  - at '/t2': minLength: got 2, want 3
- at '/multi': got number, want null or string
- at '/i805': got number, want integer
- at '/en': 'enum' failed
- at '/co': 'const' failed
- at '/mn': minimum: got 1,000, want 1,234.5
- at '/mx': maximum: got 2×10²¹, want 1×10²¹
- at '/ml': maxLength: got 5, want 2
)";
  std::string ours = check(schema, values);
  EXPECT_EQ(sorted_lines(ours), sorted_lines(helm)) << ours;
}

TEST(ValuesSchema, NumbersCompareAsDecimalsAndPrintLocalized) {
  EXPECT_EQ(
      check(
          R"({"properties": {"a": {"maximum": 0.1}, "b": {"minimum": 0.3}, "c": {"multipleOf": 0.1}, "e": {"multipleOf": 0.01}}})",
          "a: 0.1\nb: 0.3\nc: 0.3\ne: 19.99\n"),
      "");
  std::string helm = R"(- at '/a': maximum: got 1×10⁰⁶, want 0
- at '/b': maximum: got 1.234567×10⁰⁶, want 0
- at '/c': maximum: got 123,456.789, want 0
- at '/d': minimum: got 1×10⁻⁰⁵, want 1
- at '/e': maximum: got -5,000, want -10,000
- at '/g': maximum: got 999,999, want 0
- at '/k': minLength: got 1, want 1,000,000
- at '/l': maximum: got 1, want 1×10⁻⁰⁶
- at '/m': maximum: got 1.23456789013×10¹¹, want 1.23456789012×10¹¹
)";
  std::string ours = check(
      R"({"type":"object","properties":{"a":{"maximum":0},"b":{"maximum":0},"c":{"maximum":0},"d":{"minimum":1},"e":{"maximum":-10000},"g":{"maximum":0},"k":{"minLength":1000000},"l":{"maximum":0.000001},"m":{"maximum":123456789012}}})",
      "a: 1000000\nb: 1234567\nc: 123456.789\nd: 0.00001\ne: -5000\ng: 999999\nk: \"x\"\nl: 1\nm: "
      "123456789013\n");
  EXPECT_EQ(sorted_lines(ours), sorted_lines(helm)) << ours;
}

// The validator keeps the schema's numbers as written: it compares them exactly and prints them
// as written; values are float64s, compared by their shortest text.
TEST(ValuesSchema, EnumAndConstNumbersAsWritten) {
  std::string helm = R"(- at '/a': value must be one of 1.0, 1e2, 100000000000000000000, 2.50, -0.0
- at '/b': value must be 0.10000000000000001
- at '/c': minimum: got 1×10²⁰, want 1×10²⁰
- at '/d': 'const' failed
)";
  std::string ours = check(
      R"({"properties":{"a":{"enum":[1.0, 1e2, 100000000000000000000, 2.50, -0.0]},"b":{"const":0.10000000000000001},"c":{"minimum":100000000000000000001},"d":{"const":{"k":[1e0, 0.10000000000000001]}},"e":{"enum":[1E400, 1.0, 1e2]},"f":{"maximum":1e400}}})",
      "a: 3\nb: 0.1\nc: 1e20\nd: {k: [1, 0.1]}\ne: 100\nf: 5\n");
  EXPECT_EQ(sorted_lines(ours), sorted_lines(helm)) << ours;
  EXPECT_EQ(check(R"({"properties":{"a":{"enum":[1.0, 1e2]},"b":{"const":{"k/~":[2.50]}}}})",
                  "a: 100\nb: {k/~: [2.5]}\n"),
            "");
}

// Draft 04, 06 and 07 documents are checked against their metaschema first: what it refuses is
// listed as the validator lists it (siblings compared as sets: Helm's order changes).
TEST(ValuesSchema, LegacyDraftsMetaschema) {
  std::string helm4 =
      R"(compile error: "file:///values.schema.json#" is not valid against metaschema: jsonschema validation failed with 'http://json-schema.org/draft-04/schema#'
- at '/properties': validation failed
  - at '/properties/a': got boolean, want object
  - at '/properties/b': validation failed
    - at '/properties/b/items': 'anyOf' failed
      - at '/properties/b/items': got array, want object
      - at '/properties/b/items/1': got boolean, want object
    - at '/properties/b/not': got boolean, want object
- at '/dependencies/c': 'anyOf' failed
  - at '/dependencies/c': got boolean, want object
  - at '/dependencies/c': got boolean, want array)";
  std::string ours4 = check(
      R"({"$schema":"http://json-schema.org/draft-04/schema#","properties":{"a":true,"b":{"items":[{},false],"not":true}},"additionalProperties":false,"dependencies":{"c":true}})",
      "a: 1\n");
  EXPECT_EQ(sorted_lines(ours4), sorted_lines(helm4)) << ours4;
  std::string helm7 =
      R"(compile error: "file:///values.schema.json#" is not valid against metaschema: jsonschema validation failed with 'http://json-schema.org/draft-07/schema#'
- at '/properties/a': validation failed
  - at '/properties/a/enum': items at 0 and 1 are equal
  - at '/properties/a/required': items at 0 and 1 are equal
- at '/properties/b': validation failed
  - at '/properties/b/dependencies/y': 'anyOf' failed
    - at '/properties/b/dependencies/y': got array, want boolean or object
    - at '/properties/b/dependencies/y': items at 0 and 1 are equal
  - at '/properties/b/enum': minItems: got 0, want 1
  - at '/properties/b/multipleOf': exclusiveMinimum: got 0, want 0
  - at '/properties/b/if/exclusiveMinimum': got boolean, want number)";
  std::string ours7 = check(
      R"({"$schema":"http://json-schema.org/draft-07/schema#","properties":{"a":{"enum":[1,1.0],"required":["x","x"]},"b":{"enum":[],"multipleOf":0,"if":{"exclusiveMinimum":true},"dependencies":{"y":["z","z"]}}}})",
      "a: 1\n");
  EXPECT_EQ(sorted_lines(ours7), sorted_lines(helm7)) << ours7;
  // Draft 06 has no if/then/else: their values are not checked.
  EXPECT_EQ(
      check(
          R"({"$schema":"http://json-schema.org/draft-06/schema#","properties":{"a":{"if":{"enum":[]},"enum":[0.1,0.10000000000000001]}}})",
          "a: 0.1\n"),
      "");
}

// Helm checks the whole document against the metaschema, also definitions nothing refers to,
// but resolves only the references it follows. Drafts 06 and 07 ignore a $ref's siblings, all but
// const.
TEST(ValuesSchema, DefinitionsAndReferenceSiblings) {
  EXPECT_EQ(check(R"({"properties":{"a":{"type":"integer"}},"$defs":{"never":{"multipleOf":-1}}})",
                  "a: 0\n"),
            "compile error: \"file:///values.schema.json#\" is not valid against metaschema: "
            "jsonschema validation failed with 'https://json-schema.org/draft/2020-12/schema#'\n"
            "- at '': 'allOf' failed\n"
            "  - at '/$defs/never': 'allOf' failed\n"
            "    - at '/$defs/never/multipleOf': exclusiveMinimum: got -1, want 0");
  EXPECT_EQ(
      check(
          R"({"properties":{"a":{"type":"integer"}},"definitions":{"away":{"$ref":"https://example.com/x.json"},"dyn":{"$dynamicRef":"#meta"}}})",
          "a: 0\n"),
      "");
  EXPECT_EQ(
      check(
          R"({"$schema":"http://json-schema.org/draft-07/schema#","properties":{"a":{"$ref":"#/definitions/d","type":"object","minimum":3},"b":{"$ref":"#/definitions/d","const":5}},"definitions":{"d":{"type":"integer"}}})",
          "a: 0\nb: 0\n"),
      "- at '/b': value must be 5");
}

// multipleOf is exact for numbers of any length, and one past float64's range prints as Go does.
TEST(ValuesSchema, MultipleOfLongNumbers) {
  std::string helm = R"(- at '/b': multipleOf: got -5, want ∞
- at '/c': multipleOf: got 2.4691357802469136×10²⁹, want 1.2345678901234568×10²⁹
- at '/a': multipleOf: got 1×10²⁰, want 1×10²⁰
)";
  std::string ours = check(
      R"({"properties":{"a":{"multipleOf":100000000000000000001},"b":{"multipleOf":1e400},"c":{"multipleOf":123456789012345678901234567890},"d":{"multipleOf":123456789012345678901234567890}}})",
      "a: 1e20\nb: -5\nc: 246913578024691357802469135780\nd: 0\n");
  EXPECT_EQ(sorted_lines(ours), sorted_lines(helm)) << ours;
}

TEST(ValuesSchema, OlderDrafts) {
  std::string helm7 = R"(- at '/r': minimum: got 5, want 10
- at '/ai': last 2 additionalItem(s) not allowed
- at '/d': validation failed
  - at '/d': properties 'b' required, if 'a' exists
  - at '/d': missing property 'zz'
- at '/f': 'nope' is not valid email: missing @
- at '/ip': '999.1.1.1' is not valid ipv4: decimal must be between 0 and 255
)";
  std::string ours = check(
      R"({"$schema": "http://json-schema.org/draft-07/schema#", "type":"object","properties":{
 "f": {"format": "email"}, "ai": {"type": "array", "items": [{"type": "string"}], "additionalItems": false},
 "d": {"dependencies": {"a": ["b"], "c": {"required": ["zz"]}}},
 "r": {"$ref": "#/definitions/x", "maximum": 0}, "ip": {"format": "ipv4"}
}, "definitions": {"x": {"minimum": 10}}})",
      "f: nope\nai: [\"a\", 1, 2]\nd: {a: 1, c: 2}\nr: 5\nip: 999.1.1.1\n");
  EXPECT_EQ(sorted_lines(ours), sorted_lines(helm7)) << ours;

  std::string helm4 = R"(- at '/a': exclusiveMinimum: got 5, want 5
- at '/b': exclusiveMaximum: got 5, want 5
- at '/f': 'x' is not valid email: missing @
)";
  ours =
      check(R"({"$schema": "http://json-schema.org/draft-04/schema#", "type":"object","properties":{
 "a": {"minimum": 5, "exclusiveMinimum": true}, "b": {"maximum": 5, "exclusiveMaximum": true}, "f": {"format": "email"}}})",
            "a: 5\nb: 5\nf: x\n");
  EXPECT_EQ(sorted_lines(ours), sorted_lines(helm4)) << ours;
}

TEST(ValuesSchema, FormatIsAnAnnotationIn2020AndUnevaluatedPropertiesWork) {
  EXPECT_EQ(
      check(
          R"({"type":"object","properties":{"f": {"format": "email"}, "u": {"unevaluatedProperties": false, "properties": {"a": {}}}}})",
          "f: x\nu: {a: 1, b: 2}\n"),
      "- at '/u/b': false schema");
}

TEST(ValuesSchema, CompileErrors) {
  EXPECT_EQ(check(R"({"properties": {"d": {"$ref": "#/$defs/nope"}}})", ""),
            "compile error: json-pointer in \"file:///values.schema.json#/$defs/nope\" not found");
  EXPECT_EQ(check(R"({"$ref": "https://example.com/s.json"})", "").substr(0, 38),
            "compile error: $ref \"https://example.c");
  EXPECT_EQ(check(R"({"properties": {"d": {"$dynamicRef": "#x"}}})", "").substr(0, 46),
            "compile error: values.schema.json uses $dynami");
  EXPECT_EQ(check(R"({"type": "object",)", "").substr(0, 14), "compile error:");
}

// A "$schema" Helm would load as a metaschema (over the network, from a file, through its URN
// resolver) is refused, never read as some draft: Helm's result would depend on what it loads.
TEST(ValuesSchema, DollarSchemaThatHelmWouldLoadIsRefused) {
  for (const char* url : {"http://example.com/schema", "https://json-schema.org/draft/next/schema",
                          "HTTP://json-schema.org/draft-07/schema#", "file:///etc/schema.json",
                          "urn:example:schema"}) {
    const std::string schema = std::string(R"({"$schema": ")") + url + R"(", "type": "object"})";
    EXPECT_EQ(check(schema, "a: 1"),
              std::string("compile error: values.schema.json's $schema \"") + url +
                  "\" is not a draft's metaschema; Helm would load it (from the network, a file "
                  "or its URN resolver), which gitops-render never does: use one of "
                  "json-schema.org's drafts 04, 06, 07, 2019-09 or 2020-12")
        << url;
  }
  // 2019-09 and 2020-12 read a fragment as a place in the metaschema: refused too.
  EXPECT_EQ(check(R"({"$schema": "https://json-schema.org/draft/2020-12/schema#/$defs"})", ""),
            "compile error: values.schema.json's $schema "
            "\"https://json-schema.org/draft/2020-12/schema#/$defs\" names a place in a "
            "metaschema, which gitops-render does not support: name the draft's metaschema "
            "(https://json-schema.org/draft/2020-12/schema)");
  // The drafts Helm knows without loading anything, http or https, and the latest by its alias.
  EXPECT_EQ(
      check(R"({"$schema": "https://json-schema.org/draft-04/schema#", "type": "string"})", "a: 1"),
      "- at '': got object, want string");
  EXPECT_EQ(check(R"({"$schema": "http://json-schema.org/schema", "type": "string"})", "a: 1"),
            "- at '': got object, want string");
}

}  // namespace
}  // namespace render::chart
