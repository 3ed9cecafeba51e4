// toYaml output checked against the real helm's output recorded in the reference cases
// (testdata/, see its README): each case's template is
// `{{ toYaml .Values | indent 2 }}` (or nindent), so the expected block is what Helm printed.
#include <gtest/gtest.h>

#include "test_support.hpp"

#include <fstream>
#include <sstream>

#include "render/diagnostic.hpp"
#include "render/yaml.hpp"

namespace render::yaml {
namespace {

std::string read(const std::string& path) {
  return render::testing::read_file(path);
}

std::string indent(const std::string& s, int n) {
  std::string pad(static_cast<std::size_t>(n), ' ');
  std::string out = pad;
  for (char c : s) {
    out += c;
    if (c == '\n') out += pad;
  }
  return out;
}

std::string case_dir(const std::string& name) {
  return std::string(RENDER_SOURCE_DIR) + "/tests/unit/yaml/testdata/" + name;
}

// The part of a case's expected stdout after the line `marker`, without the trailing newline.
std::string expected_after(const std::string& name, const std::string& marker) {
  std::string out = read(case_dir(name) + "/expected.stdout");
  std::size_t at = out.find("\n" + marker + "\n");
  EXPECT_NE(at, std::string::npos) << name;
  std::string block = out.substr(at + marker.size() + 2);
  if (!block.empty() && block.back() == '\n') block.pop_back();
  return block;
}

Value values_of(const std::string& name) {
  LoadOptions options;
  options.file = name + "/values.yaml";
  return load(read(case_dir(name) + "/values.yaml"), options).value;
}

TEST(ToYaml, MatchesHelmOnTheReferenceCases) {
  for (const char* name : {"toyaml_scalars", "toyaml_fold", "toyaml_multiline", "yaml11_values"}) {
    EXPECT_EQ(indent(to_yaml(values_of(name)), 2), expected_after(name, "data:")) << name;
  }
  std::string nesting = expected_after("toyaml_nesting", "spec:");
  EXPECT_EQ(indent(to_yaml(values_of("toyaml_nesting")), 2), nesting);
  std::string keys = expected_after("toyaml_keys", "data:");
  keys = keys.substr(0, keys.rfind("\n  order:"));
  EXPECT_EQ(indent(to_yaml(values_of("toyaml_keys").as_map().at("m")), 2), keys);
}

TEST(ToYaml, TopLevelScalarsAndEmptyCollections) {
  EXPECT_EQ(to_yaml(Value::string("foo")), "foo");
  EXPECT_EQ(to_yaml(Value::string("")), "\"\"");
  EXPECT_EQ(to_yaml(Value()), "null");
  EXPECT_EQ(to_yaml(Value::number(2.0)), "2");
  EXPECT_EQ(to_yaml(Value::string("line1\nline2")), "|-\n  line1\n  line2");
  // A kept block scalar keeps its own line breaks: only the document's final one is dropped.
  EXPECT_EQ(to_yaml(Value::string("a\n")), "|\n  a");
  EXPECT_EQ(to_yaml(Value::string("a\n\n")), "|+\n  a\n");
  EXPECT_EQ(to_yaml(Value::string(" a\n\n\n")), "|2+\n   a\n\n");
  EXPECT_EQ(to_yaml(Value::list({Value::string("a\n\n")})), "- |+\n  a\n");
  EXPECT_EQ(to_yaml(Value::map()), "{}");
  EXPECT_EQ(to_yaml(Value::list()), "[]");
}

TEST(ToYaml, HostileValueStaysOneScalar) {
  std::string hostile =
      "hi\n---\napiVersion: rbac.authorization.k8s.io/v1\nkind: ClusterRoleBinding\nmetadata:\n  "
      "name: pwned";
  Value doc = Value::map({{"value", Value::string(hostile)}});
  std::string text = to_yaml(doc);
  EXPECT_EQ(text.find("\n---"), std::string::npos);  // no document marker at column 0
  LoadOptions options;
  Loaded back = load(text, options);
  EXPECT_EQ(back.value.as_map().at("value").as_string(), hostile);
}

TEST(LoadValues, TagsOfTheProjectsInputsAreTheCoreSchemasOnly) {
  LoadOptions options;  // refuse_unknown_tags
  EXPECT_EQ(load("a: !!int \"1\"\n", options).value.as_map().at("a").as_float(), 1.0);
  EXPECT_EQ(load("a: !!str 1\n", options).value.as_map().at("a").as_string(), "1");
  for (const char* text : {"a: !!timestamp 2001-1-2\n", "a: !foo x\n", "a: !!set {b: 1}\n",
                           "!foo a: x\n", "!!binary aGk=: x\n"}) {
    EXPECT_THROW(load(text, options), Error) << text;
  }
  // Keys with a core tag are resolved as values are.
  EXPECT_TRUE(load("!!int 0x10: x\n", options).value.as_map().contains("16"));
  EXPECT_THROW(load("!!bool 1: x\n", options), Error);
  // A core tag its text does not resolve to.
  try {
    load("a: 1\nb: !!int 1.5\n", options);
    ADD_FAILURE() << "no error";
  } catch (const Error& e) {
    const Diagnostic& d = e.diagnostics().front();
    EXPECT_EQ(d.message, "cannot decode !!float `1.5` as a !!int");
    EXPECT_EQ(d.location.line, 2);
  }
}

TEST(LoadValues, TagsOfValuesAreReadAsHelmReadsThem) {
  LoadOptions options;
  options.refuse_unknown_tags = false;
  Map m = load(
              "bin: !!binary aGk=\nbad: !!binary /w==\nlocal: !foo 1\nset: !!set {b: 1}\n"
              "date: !!timestamp 2001-12-14t21:59:43.10-05:00\nf: !!float 2\n",
              options)
              .value.as_map();
  EXPECT_EQ(m.at("bin").as_string(), "hi");
  EXPECT_EQ(m.at("bad").as_string(), "\xEF\xBF\xBD");
  EXPECT_EQ(m.at("local").as_string(), "1");
  EXPECT_TRUE(m.at("set").as_map().contains("b"));
  EXPECT_EQ(m.at("date").as_string(), "2001-12-14t21:59:43.10-05:00");
  EXPECT_EQ(m.at("f").as_float(), 2.0);
  for (const char* text :
       {"a: !!binary a$\n", "a: !!timestamp 2001-02-29\n", "a: !!timestamp 2001-12-14T21:59:43\n",
        "a: !!null x\n", "a: !!bool 1\n"}) {
    EXPECT_THROW(load(text, options), Error) << text;
  }
}

// yaml-cpp's LoadAll never returns for a ',' where a document's node should be (it collects
// empty documents until the memory is gone); the loader stops at it as yaml.v2 does.
TEST(LoadValues, ACommaWhereANodeShouldBeIsAnError) {
  for (const char* text : {",", " ,x\n", "# c\n,\n", "---\n,\n", "- a\n,\n"}) {
    LoadOptions options;
    options.record_positions = true;  // the full reader, not the fast path
    EXPECT_THROW(load(text, options), Error) << text;
  }
  LoadOptions options;
  options.record_positions = true;
  EXPECT_EQ(load("!!str ,\n", options).value.as_string(), "");  // yaml.v2 reads no further
  EXPECT_EQ(load("a: 1\n---\n,\n", options).value.as_map().at("a").as_float(), 1.0);
}

TEST(LoadValues, Yaml11RulesAndLimits) {
  LoadOptions options;
  options.file = "v.yaml";
  Value v = load("a: yes\nb: 'yes'\nc: 0x1F\nd: ~\ne: 1.5\n\"n\": x\nn: y\n", options).value;
  const Map& m = v.as_map();
  EXPECT_TRUE(m.at("a").as_bool());
  EXPECT_EQ(m.at("b").as_string(), "yes");
  EXPECT_EQ(m.at("c").as_float(), 31.0);
  EXPECT_TRUE(m.at("d").is_nil());
  EXPECT_EQ(m.at("n").as_string(), "x");
  EXPECT_TRUE(m.at("false").as_bool());
  // `y` is a YAML 1.1 boolean even as a key, as in Helm.
  Value merged = load("base: &b {x: 1, w: 2, y: 0}\nchild:\n  <<: *b\n  w: 3\n", options).value;
  EXPECT_EQ(merged.as_map().at("child").as_map().at("x").as_float(), 1.0);
  EXPECT_EQ(merged.as_map().at("child").as_map().at("w").as_float(), 3.0);
  EXPECT_EQ(merged.as_map().at("child").as_map().at("true").as_float(), 0.0);
  EXPECT_THROW(load("a: 1\na: 2\n", options), Error);
  EXPECT_THROW(load("a: !!python/object x\n", options), Error);
  EXPECT_THROW(load("a: !!binary aGk=\n", options), Error);
  EXPECT_THROW(load("a: !Include secrets.yaml\n", options), Error);
  std::string deep;
  for (int i = 0; i < 70; ++i) deep += "[";
  EXPECT_THROW(load(deep, options), Error);
  std::string laughs = "a: &a [x, x, x, x, x, x, x, x, x]\n";
  char prev = 'a';
  for (char c = 'b'; c <= 'j'; ++c, ++prev) {
    laughs += std::string(1, c) + ": &" + c + " [";
    for (int i = 0; i < 9; ++i) laughs += std::string(i ? ", *" : "*") + prev;
    laughs += "]\n";
  }
  try {
    load(laughs, options);
    FAIL() << "expected yaml.v2's alias accounting to stop the expansion";
  } catch (const Error& e) {
    EXPECT_EQ(e.diagnostics()[0].code, "E_PARSE");
    EXPECT_EQ(e.diagnostics()[0].message, "document contains excessive aliasing");
  }
  // The node budget stops what yaml.v2 would take: aliases within its share, past the budget.
  options.max_nodes = 1000;
  std::string shared = "a: &a [x, x, x, x, x, x, x, x, x, x]\nb: [*a";
  for (int i = 1; i < 120; ++i) shared += ", *a";
  shared += "]\n";
  try {
    load(shared, options);
    FAIL() << "expected the node budget to stop the expansion";
  } catch (const Error& e) {
    EXPECT_EQ(e.diagnostics()[0].code, "E_LIMIT");
  }
}

}  // namespace
}  // namespace render::yaml

namespace render::yaml {
namespace {

// The output helm v4.1.4 printed for these values in the reference case `json` (toJson,
// toRawJson and toPrettyJson of the same values).
TEST(ToJson, MatchesHelmOnTheReferenceCase) {
  LoadOptions options;
  Value v = load("h: \"<a&b>\"\nm: {b: [1, {}], a: null}\nnum: 1000000\n", options).value;
  EXPECT_EQ(to_json(v), R"({"h":"\u003ca\u0026b\u003e","m":{"a":null,"b":[1,{}]},"num":1000000})");
  EXPECT_EQ(to_json(v.as_map().at("h"), false), R"("<a&b>")");
  EXPECT_EQ(to_pretty_json(v.as_map().at("m")),
            "{\n  \"a\": null,\n  \"b\": [\n    1,\n    {}\n  ]\n}");
}

TEST(ToJson, EscapesAndNumbers) {
  EXPECT_EQ(to_json(Value::string("a\"b\\c\n\x01\xe2\x80\xa8\xff")),
            R"("a\"b\\c\n\u0001\u2028\ufffd")");
  EXPECT_EQ(to_json(Value::number(1e-7)), "1e-7");
  EXPECT_EQ(to_json(Value::number(0.00001)), "0.00001");
  EXPECT_EQ(to_json(Value::integer(-3)), "-3");
  EXPECT_EQ(to_json(Value::bytes("hi")), R"("aGk=")");
  EXPECT_EQ(to_json(Value::list()), "[]");
  EXPECT_EQ(to_pretty_json(Value::map()), "{}");
}

}  // namespace
}  // namespace render::yaml
