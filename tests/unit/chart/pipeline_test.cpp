// The rendering pipeline around the template engine, checked against the real helm on the
// parity cases whose templates have no actions (a stand-in engine prints each file as written),
// plus the order in which files are parsed and executed and the data they see.
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <sstream>

#include "chart/engine.hpp"
#include "chart/pipeline.hpp"
#include "render/chart.hpp"
#include "render/yaml.hpp"
#include "test_support.hpp"

namespace render::chart {
namespace {

namespace fs = std::filesystem;

// Prints every template as written and records what it was asked to do.
class IdentityEngine : public TemplateEngine {
 public:
  void parse(const std::string& name, std::string_view text) override {
    parsed.push_back(name);
    sources[name] = std::string(text);
  }
  std::optional<Error> execute(const std::string& name, const Value& data,
                               std::string& out) override {
    executed.push_back(name);
    const Map& m = data.as_map();
    templates.push_back(yaml::to_json(m.at("Template")));
    values.push_back(yaml::to_json(m.at("Values")));
    out += sources[name];
    return std::nullopt;
  }
  std::vector<std::string> parsed, executed, templates, values;
  std::map<std::string, std::string> sources;
};

const std::string kRoot = RENDER_SOURCE_DIR;

std::vector<std::string> case_args(const std::string& dir) {
  std::vector<std::string> args;
  std::istringstream in(render::testing::read_file(dir + "/args"));
  for (std::string line; std::getline(in, line);) {
    if (line.empty()) continue;
    for (std::size_t p; (p = line.find("{dir}")) != std::string::npos;) line.replace(p, 5, dir);
    args.push_back(line);
  }
  return args;
}

struct Outcome {
  int rc = 0;
  std::string out, err;
};

// What `helm template rel <dir> <args>` gives, Helm's log lines dropped.
Outcome helm(const std::string& dir, const std::vector<std::string>& args) {
  fs::path home = fs::temp_directory_path() / "gitops-render-pipeline-test-home";
  fs::create_directories(home);
  std::string cmd = "cd " + kRoot + " && HOME=" + home.string() + " LC_ALL=C.UTF-8 " + kRoot +
                    "/.tools/bin/helm template rel " + dir;
  for (const auto& a : args) cmd += " '" + a + "'";
  // One pair of files per case: CTest runs the cases in parallel.
  std::string tag = fs::path(dir).filename().string();
  fs::path err_file = home / (tag + ".stderr"), out_file = home / (tag + ".stdout");
  int status = 0;
  Outcome o;
  // In a subshell: run() sends the command's stderr to its pipe, which must not capture Helm's.
  render::testing::run("(" + cmd + " >" + out_file.string() + " 2>" + err_file.string() + ")",
                       &status);
  o.out = render::testing::read_file(out_file.string());
  std::istringstream err(render::testing::read_file(err_file.string()));
  for (std::string line; std::getline(err, line);) {
    if (line.rfind("level=", 0) != 0) o.err += line + "\n";
  }
  o.rc = WEXITSTATUS(status);
  return o;
}

Outcome ours(const std::string& dir, const std::vector<std::string>& args) {
  RenderOptions o;
  o.release_name = "rel";
  for (std::size_t i = 0; i < args.size(); ++i) {
    const std::string& a = args[i];
    auto next = [&] { return args.at(++i); };
    if (a == "--include-crds")
      o.include_crds = true;
    else if (a == "--no-hooks")
      o.no_hooks = true;
    else if (a == "--skip-tests")
      o.skip_tests = true;
    else if (a == "--show-only")
      o.show_only.push_back(next());
    else if (a == "--namespace")
      o.release_namespace = next();
    else if (a == "-f")
      o.values.value_files.push_back(next());
    else if (a == "--set")
      o.values.set.push_back(next());
    else
      ADD_FAILURE() << "unhandled argument " << a;
  }
  Outcome out;
  try {
    IdentityEngine engine;
    Value user = read_user_values(o.values);
    out.out = render_with_engine(load_chart(dir), user, o, engine);
  } catch (const Error& e) {
    out.rc = 1;
    const Diagnostic& d = e.diagnostics().front();
    out.err = "Error: " + d.message + "\n" + (d.hint.empty() ? "" : "\n" + d.hint + "\n");
  }
  return out;
}

std::vector<std::string> sorted_lines(const std::string& s) {
  std::vector<std::string> lines;
  std::istringstream in(s);
  for (std::string line; std::getline(in, line);) lines.push_back(line);
  std::sort(lines.begin(), lines.end());
  return lines;
}

class HelmParity : public ::testing::TestWithParam<std::string> {};

TEST_P(HelmParity, SameOutputAsHelm) {
  std::string dir = "tests/parity/cases/" + GetParam();
  ASSERT_TRUE(fs::exists(kRoot + "/" + dir)) << dir;
  std::vector<std::string> args = case_args(kRoot + "/" + dir);
  for (auto& a : args) {
    if (a.rfind(kRoot + "/", 0) == 0) a = a.substr(kRoot.size() + 1);
  }
  Outcome h = helm(dir, args);
  fs::current_path(kRoot);
  Outcome o = ours(dir, args);
  EXPECT_EQ(o.rc, h.rc);
  EXPECT_EQ(o.out, h.out);
  if (GetParam().rfind("schema", 0) == 0) {
    EXPECT_EQ(sorted_lines(o.err), sorted_lines(h.err));
  } else {
    EXPECT_EQ(o.err, h.err);
  }
}

INSTANTIATE_TEST_SUITE_P(
    CasesWithoutActions, HelmParity,
    ::testing::Values("crds", "err_chart_missing_version", "err_doc_four_dashes",
                      "err_output_invalid_yaml", "err_show_only_missing", "hooks", "kind_order",
                      "only_hooks", "out_all_hooks", "out_crds_without_flag",
                      "out_doc_split_quirks", "out_hook_only_crd_and_tests",
                      "out_kind_missing_and_list", "out_kind_order_full", "out_namespace_flag",
                      "out_no_hooks", "out_no_trailing_newline", "out_show_only", "out_skip_tests",
                      "schema", "schema_draft07", "schema_many_errors", "schema_required_missing",
                      "err_values_file_missing", "err_values_invalid_yaml", "err_values_inf"));

using PipelineTest = render::testing::ScratchDir;

TEST_F(PipelineTest, ParseAndExecutionOrderAndTemplateObjects) {
  write("Chart.yaml", "apiVersion: v2\nname: top\nversion: 1\n");
  write("values.yaml", "sub:\n  x: 1\n");
  write("templates/a.yaml", "");
  write("templates/b.yaml", "");
  write("templates/_h.tpl", "");
  write("templates/deep/c.yaml", "");
  write("templates/NOTES.txt", "notes");
  write("charts/sub/Chart.yaml", "apiVersion: v2\nname: sub\nversion: 1\n");
  write("charts/sub/templates/s.yaml", "");
  IdentityEngine engine;
  RenderOptions o;
  std::string out = render_with_engine(load_chart(scratch_.string()), Value::map(), o, engine);
  EXPECT_EQ(out, "\n");  // NOTES.txt is rendered but never printed
  EXPECT_EQ(engine.parsed, (std::vector<std::string>{
                               "top/charts/sub/templates/s.yaml", "top/templates/deep/c.yaml",
                               "top/templates/b.yaml", "top/templates/a.yaml",
                               "top/templates/_h.tpl", "top/templates/NOTES.txt"}));
  EXPECT_EQ(engine.executed,
            (std::vector<std::string>{"top/charts/sub/templates/s.yaml",
                                      "top/templates/deep/c.yaml", "top/templates/b.yaml",
                                      "top/templates/a.yaml", "top/templates/NOTES.txt"}));
  EXPECT_EQ(engine.templates[0],
            R"({"BasePath":"top/charts/sub/templates","Name":"top/charts/sub/templates/s.yaml"})");
  EXPECT_EQ(engine.values[0], R"({"global":{},"x":1})");
  EXPECT_EQ(engine.values[1], R"({"sub":{"global":{},"x":1}})");
}

TEST_F(PipelineTest, OutputLimit) {
  write("Chart.yaml", "apiVersion: v2\nname: top\nversion: 1\n");
  write("templates/a.yaml", std::string(2000, 'x'));
  IdentityEngine engine;
  RenderOptions o;
  o.render_limits.max_output_bytes = 1000;
  try {
    render_with_engine(load_chart(scratch_.string()), Value::map(), o, engine);
    FAIL();
  } catch (const Error& e) {
    EXPECT_EQ(e.diagnostics().front().code, code::kLimit);
  }
}

TEST_F(PipelineTest, OutputLimitCountsEveryTemplateTogether) {
  write("Chart.yaml", "apiVersion: v2\nname: top\nversion: 1\n");
  write("templates/a.yaml", std::string(600, 'a'));
  write("templates/b.yaml", std::string(600, 'b'));
  // In order on one thread, and with the files side by side (each under the limit alone).
  for (unsigned jobs : {1u, 4u}) {
    RenderOptions o;
    o.jobs = jobs;
    o.render_limits.max_output_bytes = 1000;
    auto engine = make_template_engine(o.render_limits);
    try {
      render_with_engine(load_chart(scratch_.string()), Value::map(), o, *engine);
      ADD_FAILURE() << "no error with " << jobs << " threads";
    } catch (const Error& e) {
      EXPECT_EQ(e.diagnostics().front().code, code::kLimit);
      // b.yaml executes first (Helm's order); a.yaml's text crosses the limit.
      EXPECT_NE(e.diagnostics().front().message.find(
                    "larger than 1000 bytes (the limit), while executing top/templates/a.yaml"),
                std::string::npos)
          << e.diagnostics().front().message;
    }
  }
}

}  // namespace
}  // namespace render::chart
