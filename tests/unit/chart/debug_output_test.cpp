// `helm template --debug` (RenderOptions::debug): what a failure while the templates render
// prints before the error. The parity suite compares these with Helm; here the order of the
// listed files (Helm's varies from run to run) and the cases Helm's output cannot show.
#include <gtest/gtest.h>

#include "chart/manifests.hpp"
#include "render/chart.hpp"
#include "test_support.hpp"

namespace render::chart {
namespace {

constexpr const char* kHint = "Use --debug flag to render out invalid YAML";

class DebugOutputTest : public render::testing::ScratchDir {
 protected:
  void SetUp() override {
    ScratchDir::SetUp();
    write("Chart.yaml", "apiVersion: v2\nname: c\nversion: 1\n");
    write("values.yaml", "workloads: [a, b, c]\n");
    write("templates/a.yaml",
          "{{- range .Values.workloads }}\n---\nkind: ConfigMap\nmetadata:\n  name: {{ . }}\n"
          "{{- end }}\n");
    write("templates/_helpers.tpl", "{{ define \"x\" }}x{{ end }}a partial's own text\n");
    write("templates/NOTES.txt", "Notes.\n");
    write("templates/blank.yaml", "{{ if false }}kind: Nothing{{ end }}\n  \n");
  }
  RenderResult render(bool debug, unsigned jobs, std::vector<std::string> show_only = {}) {
    RenderOptions o;
    o.chart_dir = scratch_.string();
    o.debug = debug;
    o.jobs = jobs;
    o.show_only = std::move(show_only);
    return render_chart(o);
  }
};

TEST_F(DebugOutputTest, ADocumentThatIsNotYamlListsTheFilesAsRendered) {
  write("templates/b.yaml", "kind: ConfigMap\ndata:\n  x: [{{ .Release.Name }}\n\n");
  for (unsigned jobs : {1u, 2u}) {
    RenderResult r = render(true, jobs);
    ASSERT_FALSE(r.ok);
    // The files in the order they rendered, untrimmed but the last; no partial, no NOTES.txt,
    // no file of white space alone.
    EXPECT_EQ(r.output,
              "---\n# Source: c/templates/b.yaml\nkind: ConfigMap\ndata:\n  x: [release-name\n\n\n"
              "---\n# Source: c/templates/a.yaml\n\n---\nkind: ConfigMap\nmetadata:\n  name: a\n"
              "---\nkind: ConfigMap\nmetadata:\n  name: b\n---\nkind: ConfigMap\nmetadata:\n"
              "  name: c\n")
        << "jobs " << jobs;
    EXPECT_EQ(r.error,
              "Error: YAML parse error on c/templates/b.yaml: error converting YAML to JSON: yaml: "
              "line 3: did not find expected ',' or ']'\n");
    EXPECT_TRUE(r.diagnostics.front().hint.empty());
  }
  RenderResult plain = render(false, 1);
  EXPECT_TRUE(plain.output.empty());
  EXPECT_EQ(plain.diagnostics.front().hint, kHint);
}

TEST_F(DebugOutputTest, ShowOnlySelectsFromTheListing) {
  write("templates/b.yaml", "kind: ConfigMap\ndata:\n  x: [\n");
  RenderResult r = render(true, 1, {"templates/a.yaml"});
  ASSERT_FALSE(r.ok);
  // a.yaml's text begins with a separator: its documents have no "# Source:" line of their
  // own, so the pattern selects the line alone, as in Helm.
  EXPECT_EQ(r.output, "---\n# Source: c/templates/a.yaml\n");
  EXPECT_NE(r.error.find("YAML parse error on c/templates/b.yaml"), std::string::npos) << r.error;

  // A pattern that matches nothing is the error, and nothing is printed.
  r = render(true, 1, {"templates/a.yaml", "templates/none.yaml"});
  ASSERT_FALSE(r.ok);
  EXPECT_TRUE(r.output.empty()) << r.output;
  EXPECT_EQ(r.error, "Error: could not find template templates/none.yaml in chart\n");
}

TEST_F(DebugOutputTest, AFailureBeforeEveryFileRenderedPrintsALineBreak) {
  write("templates/b.yaml", "name: {{ required \"name is required\" .Values.name }}\n");
  for (unsigned jobs : {1u, 2u}) {
    RenderResult r = render(true, jobs);
    ASSERT_FALSE(r.ok);
    EXPECT_EQ(r.output, "\n");
    EXPECT_EQ(r.error, "Error: execution error at (c/templates/b.yaml:1:9): name is required\n");
  }
  write("templates/b.yaml", "name: {{ .Values.name\n");
  RenderResult r = render(true, 1);
  ASSERT_FALSE(r.ok);
  EXPECT_EQ(r.output, "\n");
  EXPECT_EQ(r.error.find(kHint), std::string::npos) << r.error;
  // Selected from nothing, a pattern finds nothing.
  r = render(true, 1, {"templates/a.yaml"});
  EXPECT_TRUE(r.output.empty());
  EXPECT_EQ(r.error, "Error: could not find template templates/a.yaml in chart\n");
}

TEST_F(DebugOutputTest, AChartThatRendersPrintsTheSame) {
  RenderResult with = render(true, 2), without = render(false, 2);
  ASSERT_TRUE(with.ok) << with.error;
  EXPECT_EQ(with.output, without.output);
}

TEST_F(DebugOutputTest, ValuesThatFailTheirSchemaPrintNothing) {
  write("values.schema.json", R"({"properties": {"workloads": {"type": "string"}}})");
  RenderResult r = render(true, 1);
  ASSERT_FALSE(r.ok);
  EXPECT_TRUE(r.output.empty());
  EXPECT_NE(r.error.find("don't meet the specifications"), std::string::npos) << r.error;
}

TEST_F(DebugOutputTest, AListedFileThatRanPastARefusedFunctionIsRefused) {
  // r.yaml reads, but what it holds is the stand-in for randAlphaNum: it cannot be listed.
  write("templates/r.yaml", "kind: ConfigMap\nx: {{ randAlphaNum 5 }}\n");
  write("templates/b.yaml", "kind: ConfigMap\ny: [\n");
  RenderResult r = render(true, 1);
  ASSERT_FALSE(r.ok);
  EXPECT_TRUE(r.output.empty()) << r.output;
  EXPECT_NE(r.error.find("c/templates/r.yaml:2:6: function \"randAlphaNum\" is refused"),
            std::string::npos)
      << r.error;
  // Not Helm's failure: no hint to use --debug.
  EXPECT_EQ(r.error.find(kHint), std::string::npos) << r.error;
  // Left out by --show-only, it does not matter.
  r = render(true, 1, {"templates/b.yaml"});
  ASSERT_FALSE(r.ok);
  EXPECT_EQ(r.output, "---\n# Source: c/templates/b.yaml\nkind: ConfigMap\ny: [\n");
  EXPECT_NE(r.error.find("YAML parse error on c/templates/b.yaml"), std::string::npos) << r.error;
  // A document that does not read in the file that ran past the refusal: the stand-in may be
  // what broke it, so the refusal is the error, and nothing is listed.
  // (aa.yaml's documents are read before b.yaml's.)
  write("templates/aa.yaml", "kind: ConfigMap\nx: {{ randAlphaNum 5 }}\ny: [\n");
  r = render(true, 1, {"templates/b.yaml"});
  ASSERT_FALSE(r.ok);
  EXPECT_TRUE(r.output.empty()) << r.output;
  EXPECT_NE(r.error.find("\"randAlphaNum\" is refused"), std::string::npos) << r.error;
}

TEST(WriteRenderedFiles, FramesTrimsAndSkipsBlankFiles) {
  StringSink sink;
  write_rendered_files({{"c/templates/a.yaml", " \na: 1\n"},
                        {"c/templates/b.yaml", "\n\t\n"},
                        {"c/templates/c.yaml", "c: 2\n\n"}},
                       {}, sink);
  EXPECT_EQ(sink.text,
            "---\n# Source: c/templates/a.yaml\n \na: 1\n\n---\n# Source: c/templates/c.yaml\n"
            "c: 2\n");
  StringSink none;
  write_rendered_files({}, {}, none);
  EXPECT_EQ(none.text, "\n");
}

}  // namespace
}  // namespace render::chart
