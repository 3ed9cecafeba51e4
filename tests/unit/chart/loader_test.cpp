// Loading chart directories: Chart.yaml decoding, file classification, .helmignore, BOMs,
// subcharts, path confinement and Helm's error texts (observed with helm v4.1.4).
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include "chart/loader.hpp"
#include "chart/metadata.hpp"
#include "render/chart.hpp"
#include "render/yaml.hpp"
#include "test_support.hpp"

namespace render::chart {
namespace {

namespace fs = std::filesystem;

class LoaderTest : public render::testing::ScratchDir {
 protected:
  std::string message_of(const std::function<void()>& f) {
    try {
      f();
    } catch (const Error& e) {
      return e.diagnostics().front().code + ": " + e.diagnostics().front().message;
    }
    return "no error";
  }
  std::string dir() const { return scratch_.string(); }
};

std::vector<std::string> names(const std::vector<File>& files) {
  std::vector<std::string> out;
  for (const auto& f : files) out.push_back(f.name);
  return out;
}

TEST_F(LoaderTest, ClassifiesFilesLikeHelm) {
  write("Chart.yaml", "apiVersion: v2\nname: c\nversion: 0.1.0\n");
  write("values.yaml", "a: 1\n---\nb: 2\n");
  write("values.schema.json", "{}");
  write("templates/a.yaml", "x");
  write("templates/.hidden.yaml", "x");
  write("templates/sub/.nested.yaml", "x");
  write("crds/crd.yaml", "y");
  write("files/b.txt", "\xEF\xBB\xBFwith bom");
  write("charts/sub/Chart.yaml", "apiVersion: v2\nname: sub\nversion: 1.0.0\n");
  write("charts/sub/templates/s.yaml", "s");
  write("charts/_skipped/x", "x");
  write("charts/sub.prov", "p");
  Chart c = load_chart(dir());
  EXPECT_EQ(c.metadata.name, "c");
  EXPECT_EQ(yaml::to_json(c.values), R"({"a":1,"b":2})");
  EXPECT_EQ(c.schema, "{}");
  EXPECT_EQ(names(c.templates),
            (std::vector<std::string>{"templates/a.yaml", "templates/sub/.nested.yaml"}));
  EXPECT_EQ(names(c.files),
            (std::vector<std::string>{"charts/sub.prov", "crds/crd.yaml", "files/b.txt"}));
  EXPECT_EQ(c.files[2].data, "with bom");
  ASSERT_EQ(c.dependencies.size(), 1u);
  EXPECT_EQ(c.dependencies[0].metadata.name, "sub");
  EXPECT_EQ(names(c.dependencies[0].templates), std::vector<std::string>{"templates/s.yaml"});
}

TEST_F(LoaderTest, WalkOrderIsDepthFirstWithSortedNames) {
  write("Chart.yaml", "apiVersion: v2\nname: c\nversion: 1\n");
  write("crds/b.yaml", "");
  write("crds/b/x.yaml", "");
  write("crds/a.yaml", "");
  Chart c = load_chart(dir());
  EXPECT_EQ(names(c.files),
            (std::vector<std::string>{"crds/a.yaml", "crds/b/x.yaml", "crds/b.yaml"}));
}

TEST_F(LoaderTest, HelmIgnoreApplies) {
  write("Chart.yaml", "apiVersion: v2\nname: c\nversion: 1\n");
  write(".helmignore", "*.bak\nsecret/\n");
  write("a.bak", "");
  write("secret/k", "");
  write("keep.txt", "");
  Chart c = load_chart(dir());
  EXPECT_EQ(names(c.files), (std::vector<std::string>{".helmignore", "keep.txt"}));
}

TEST_F(LoaderTest, HelmErrors) {
  write("Chart.yaml", "apiVersion: v2\nname: c\n");
  EXPECT_EQ(message_of([&] { load_chart(dir()); }),
            "E_PARSE: validation: chart.metadata.version is required");
  write("Chart.yaml", "apiVersion: v2\nname: c\nversion: x1\n");
  EXPECT_EQ(message_of([&] { load_chart(dir()); }),
            "E_PARSE: validation: chart.metadata.version \"x1\" is invalid");
  write("Chart.yaml", "apiVersion: v2\nname: c\nversion: 1\ntype: foo\n");
  EXPECT_EQ(message_of([&] { load_chart(dir()); }),
            "E_PARSE: validation: chart.metadata.type must be application or library");
  write("Chart.yaml", "apiVersion: v2\nname: c\nversion: 1\n");
  write("values.yaml", "a: 1\n---x\nb: 2\n");
  EXPECT_EQ(message_of([&] { load_chart(dir()); }),
            "E_PARSE: cannot load values.yaml: error reading yaml document: invalid Yaml document "
            "separator: x");
  write("values.yaml", "a: 1\n---\n- a\n");
  EXPECT_EQ(
      message_of([&] { load_chart(dir()); }),
      "E_PARSE: cannot load values.yaml: cannot unmarshal yaml document: error unmarshaling JSON: "
      "while decoding JSON: json: cannot unmarshal array into Go value of type "
      "map[string]interface {}");
  write("values.yaml", "");
  write("charts/README.md", "hi");
  EXPECT_EQ(message_of([&] { load_chart(dir()); }),
            "E_PARSE: error unpacking subchart README.md in c: Chart.yaml file is missing");
}

TEST_F(LoaderTest, MissingChartYaml) {
  write("values.yaml", "");
  std::string abs = fs::absolute(scratch_).lexically_normal().string() + "/Chart.yaml";
  EXPECT_EQ(message_of([&] { load_chart(dir()); }), "E_PARSE: unable to detect chart at " + abs +
                                                        ": open " + abs +
                                                        ": no such file or directory");
}

TEST_F(LoaderTest, DuplicateValuesKeysTakeTheLastAndDocumentsEndAtDots) {
  write("Chart.yaml", "apiVersion: v2\nname: c\nversion: 1\n");
  write("values.yaml", "a: 1\na: 2\n--- # c\nb: 2\n...\nc: 3\n");
  EXPECT_EQ(yaml::to_json(load_chart(dir()).values), R"({"a":2,"b":2})");
}

TEST_F(LoaderTest, SymlinksMayNotLeaveTheChart) {
  write("Chart.yaml", "apiVersion: v2\nname: c\nversion: 1\n");
  write("inside.txt", "in");
  fs::create_symlink(scratch_ / "inside.txt", scratch_ / "link.txt");
  Chart c = load_chart(dir());
  EXPECT_EQ(names(c.files), (std::vector<std::string>{"inside.txt", "link.txt"}));
  fs::create_symlink("/etc/hostname", scratch_ / "escape.txt");
  EXPECT_EQ(message_of([&] { load_chart(dir()); }).substr(0, 32),
            "E_UNSAFE_PATH: chart file escape");
}

TEST_F(LoaderTest, SymlinkLoopsAreRefused) {
  write("Chart.yaml", "apiVersion: v2\nname: c\nversion: 1\n");
  fs::create_directories(scratch_ / "d");
  fs::create_directory_symlink(scratch_ / "d", scratch_ / "d" / "loop");
  EXPECT_EQ(message_of([&] { load_chart(dir()); }).substr(0, 29), "E_UNSAFE_PATH: symbolic link ");
}

TEST_F(LoaderTest, Limits) {
  write("Chart.yaml", "apiVersion: v2\nname: c\nversion: 1\n");
  write("big.txt", std::string(2000, 'x'));
  LoadLimits limits;
  limits.max_file_bytes = 1000;
  EXPECT_EQ(message_of([&] { load_chart(dir(), limits); }),
            "E_LIMIT: chart file \"big.txt\" is larger than the maximum file size 1000");
  limits = {};
  limits.max_files = 1;
  EXPECT_EQ(message_of([&] { load_chart(dir(), limits); }).substr(0, 36),
            "E_LIMIT: the chart has more than 1 f");
}

TEST(Metadata, Yaml11ScalarsBecomeGoStrings) {
  // observed: helm's .Chart for the same Chart.yaml (toJson .Chart)
  Metadata md = parse_chart_yaml(
      "apiVersion: v2\nname: caps\nversion: 0.1.0\nappVersion: 1.10\ndescription: yes\nhome: 010\n"
      "icon: 1e3\nkeywords: [on, 1.50, 0x1F, ~]\nannotations:\n  n: 2.0\n  b: 1e6\ntype: "
      "application\n");
  validate_metadata(md);
  EXPECT_EQ(
      yaml::to_json(metadata_value(md, true)),
      R"({"APIVersion":"v2","Annotations":{"b":"1e+06","false":"2"},"AppVersion":"1.1","Condition":"","Dependencies":[],"Deprecated":false,"Description":"true","Home":"8","Icon":"1000","IsRoot":true,"Keywords":["true","1.5","31",""],"KubeVersion":"","Maintainers":[],"Name":"caps","Sources":[],"Tags":"","Type":"application","Version":"0.1.0"})");
}

TEST(Metadata, SanitizesTextAndDefaultsApiVersion) {
  Metadata md = parse_chart_yaml("name: v\nversion: 1\ndescription: \"a\\tb\\nc\"\n");
  validate_metadata(md);
  EXPECT_EQ(md.api_version, "v1");
  EXPECT_EQ(md.description, "a b c");
}

TEST(Metadata, DependencyAliasRules) {
  Metadata md = parse_chart_yaml(
      "apiVersion: v2\nname: c\nversion: 1\ndependencies:\n- name: s\n  alias: a.b\n");
  try {
    validate_metadata(md);
    FAIL();
  } catch (const Error& e) {
    EXPECT_EQ(e.diagnostics().front().message,
              "validation: dependency \"s\" has disallowed characters in the alias");
  }
}

}  // namespace
}  // namespace render::chart
