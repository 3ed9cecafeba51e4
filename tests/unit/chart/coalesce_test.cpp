// Values coalescing, globals, dependency conditions/tags/aliases and import-values. Expected
// values were observed with helm v4.1.4 on the same charts (values printed with toJson).
#include <gtest/gtest.h>

#include "chart/coalesce.hpp"
#include "chart/dependencies.hpp"
#include "chart/loader.hpp"
#include "render/yaml.hpp"

namespace render::chart {
namespace {

Value yaml_values(const std::string& text) {
  return load_values_documents(text, "");
}

Chart chart(const std::string& name, const std::string& values) {
  Chart c;
  c.metadata.name = name;
  c.metadata.version = "1";
  c.metadata.api_version = "v2";
  c.values = yaml_values(values);
  return c;
}

std::string render_values(Chart c, const std::string& user) {
  Value u = yaml_values(user);
  process_dependencies(c, u);
  return yaml::to_json(coalesce_values(c, u));
}

Chart parent_with_child() {
  Chart p = chart("c",
                  "top: null\nm:\n  \"false\": null\n  k: 1\ns:\n  fromparent: null\n  pv: 1\n"
                  "global:\n  g: 1\n  gn: null\n");
  p.dependencies.push_back(
      chart("s", "sn: null\nsm:\n  x: null\n  \"true\": 1\nfromparent: 5\nglobal:\n  sg: 2\n"));
  return p;
}

TEST(Coalesce, DefaultsNullsAndGlobals) {
  EXPECT_EQ(
      render_values(parent_with_child(), ""),
      R"({"global":{"g":1,"gn":null},"m":{"false":null,"k":1},"s":{"global":{"g":1,"gn":null,"sg":2},"pv":1,"sm":{"true":1,"x":null},"sn":null},"top":null})");
}

TEST(Coalesce, UserNullDeletesADefaultButANewNullStays) {
  EXPECT_EQ(
      render_values(
          parent_with_child(),
          "m:\n  k: null\n  new: null\nnewtop: null\ns:\n  sm:\n    \"true\": null\n  pv: null\n"),
      R"({"global":{"g":1,"gn":null},"m":{"false":null,"new":null},"newtop":null,"s":{"global":{"g":1,"gn":null,"sg":2},"pv":null,"sm":{"x":null},"sn":null},"top":null})");
}

TEST(Coalesce, UserNullOverADefaultNullIsKept) {
  Chart c = chart("c", "m:\n  x: null\n  z: 1\n");
  EXPECT_EQ(render_values(c, "m:\n  x: null\n"), R"({"m":{"x":null,"z":1}})");
}

TEST(Coalesce, MapsMergeListsAndScalarsReplace) {
  Chart c = chart("c", "m: {a: 1, b: {c: 2}}\nl: [1, 2]\ns: x\nt: {k: v}\n");
  EXPECT_EQ(render_values(c, "m: {b: {d: 3}}\nl: [9]\ns: {now: map}\nt: scalar\n"),
            R"({"l":[9],"m":{"a":1,"b":{"c":2,"d":3}},"s":{"now":"map"},"t":"scalar"})");
}

TEST(Coalesce, ValuesForASubchartMustBeAMap) {
  Chart p = chart("c", "");
  p.dependencies.push_back(chart("s", ""));
  try {
    coalesce_values(p, yaml_values("s: text\n"));
    FAIL();
  } catch (const Error& e) {
    EXPECT_EQ(e.diagnostics().front().message, "type mismatch on s: %!t(string=text)");
  }
}

Dependency dep(const std::string& name, const std::string& version) {
  Dependency d;
  d.name = name;
  d.version = version;
  return d;
}

std::vector<std::string> names(const Chart& c) {
  std::vector<std::string> out;
  for (const auto& d : c.dependencies) out.push_back(d.metadata.name);
  return out;
}

TEST(Dependencies, ConditionsTagsAndAliases) {
  Chart p = chart("c", "aa:\n  en: true\nbb:\n  en: false\n");
  p.dependencies.push_back(chart("s", ""));
  Dependency d = dep("s", "1");
  d.condition = "aa.nope,bb.en";
  p.metadata.dependencies = {d};
  Chart disabled = p;
  process_dependencies(disabled, Value::map());
  EXPECT_TRUE(disabled.dependencies.empty());

  Chart non_bool = p;  // a condition that is not a bool is ignored
  process_dependencies(non_bool, yaml_values("bb:\n  en: 7\n"));
  EXPECT_EQ(names(non_bool), std::vector<std::string>{"s"});

  Chart tagged = chart("c", "");
  tagged.dependencies.push_back(chart("s", ""));
  Dependency t = dep("s", "1");
  t.tags = {"t1", "t2"};
  tagged.metadata.dependencies = {t};
  Chart off = tagged;
  process_dependencies(off, yaml_values("tags: {t1: false}\n"));
  EXPECT_TRUE(off.dependencies.empty());
  Chart on = tagged;
  process_dependencies(on, yaml_values("tags: {t1: false, t2: true}\n"));
  EXPECT_EQ(names(on), std::vector<std::string>{"s"});
}

TEST(Dependencies, AliasesNeedACompatibleVersion) {
  Chart p = chart("c", "");
  p.dependencies.push_back(chart("s", ""));
  Dependency a = dep("s", "1"), b = dep("s", "*");
  a.alias = "al";
  b.alias = "bl";
  p.metadata.dependencies = {a, b};
  Chart two = p;
  process_dependencies(two, Value::map());
  EXPECT_EQ(names(two), (std::vector<std::string>{"al", "bl"}));
  EXPECT_EQ(two.metadata.dependencies[0].name, "al");

  Chart mismatch = p;  // no version, or one that does not match: kept under its own name
  mismatch.metadata.dependencies = {dep("s", "2")};
  mismatch.metadata.dependencies[0].alias = "al";
  process_dependencies(mismatch, Value::map());
  EXPECT_EQ(names(mismatch), std::vector<std::string>{"s"});
}

TEST(Dependencies, ImportValues) {
  // tests/parity/cases/sub_import_values
  Chart p = chart("sub_import_values", "");
  p.dependencies.push_back(
      chart("child", "exports:\n  data:\n    level: exported\nsettings:\n  a: 1\n  b: 2\n"));
  Dependency d = dep("child", "0.1.0");
  d.import_values =
      yaml_values("l: [data, {child: settings, parent: fromChild}]\n").as_map().at("l");
  p.metadata.dependencies = {d};
  p.dependencies[0].metadata.version = "0.1.0";
  Value out = Value::map();
  process_dependencies(p, out);
  Value v = coalesce_values(p, Value::map());
  EXPECT_EQ(yaml::to_json(v.as_map().at("fromChild")), R"({"a":1,"b":2})");
  EXPECT_EQ(yaml::to_json(v.as_map().at("level")), R"("exported")");
  EXPECT_EQ(yaml::to_json(p.metadata.dependencies[0].import_values),
            R"([{"child":"exports.data","parent":"."},{"child":"settings","parent":"fromChild"}])");
}

}  // namespace
}  // namespace render::chart
