// The pre-commit check: the committed config is valid and the generated files are up to date.
#include <fstream>
#include <sstream>

#include "render/chart.hpp"
#include "render/check.hpp"
#include "render/diff.hpp"
#include "render/model.hpp"
#include "render/repo.hpp"

namespace render::repo {

std::optional<std::string> read_regular_file(const std::filesystem::path& path) {
  std::error_code ec;
  if (!std::filesystem::is_regular_file(std::filesystem::symlink_status(path, ec))) {
    return std::nullopt;
  }
  std::ifstream in(path, std::ios::binary);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

std::string app_namespace(const Value& values) {
  const Map& config = values.as_map();
  auto ns = config.find("namespace");
  return ns != config.end() && ns->second.is_string() ? ns->second.as_string() : std::string();
}

chart::RenderResult render_environment(const std::filesystem::path& dir, const Value& values,
                                       const std::string& env) {
  chart::RenderOptions options;
  options.chart_dir = (dir / "charts/app").string();
  options.release_name = "app";
  std::string ns = app_namespace(values);
  if (!ns.empty()) options.release_namespace = ns;
  options.values.value_files = {(dir / "config/app-config.yaml").string(),
                                (dir / "overlays" / env / "values.yaml").string()};
  options.values.names_as_urls = false;  // (paths of the repository, whatever its directory)
  return chart::render_chart(options);
}

std::vector<Diagnostic> check_rendered_chart(const std::filesystem::path& dir,
                                             const Value& values) {
  std::vector<Diagnostic> problems;
  check::Expectations expect;
  expect.ns = app_namespace(values);
  for (const std::string& env : model::environment_names(values)) {
    chart::RenderResult result = render_environment(dir, values, env);
    const std::string source = "charts/app (environment " + env + ")";
    if (!result.ok) {
      for (Diagnostic d : result.diagnostics) {
        if (d.location.file.empty()) d.location.file = source;
        d.message += " (environment " + env + ")";
        problems.push_back(std::move(d));
      }
      continue;
    }
    // (The objects keep their parsed documents, which the checks read: half the YAML parsing of a
    // check, 14.8 ms against 18.0 for the shop example's repository.)
    for (Diagnostic d : check::check_objects(
             diff::split_objects(result.output, source, /*keep_nodes=*/true), expect)) {
      problems.push_back(std::move(d));
    }
  }
  return problems;
}

GenerateInput input_from_app_config(const Value& values, std::string app_config_yaml,
                                    const std::optional<std::string>& manifest) {
  GenerateInput input;
  input.app_config = values;
  input.app_config_yaml = std::move(app_config_yaml);
  input.environments = model::environment_names(values);
  input.render_mode = render_mode_of(manifest);
  return input;
}

CheckReport check_repository(const std::filesystem::path& dir) {
  CheckReport report;
  const std::string config_path = "config/app-config.yaml";
  auto text = read_regular_file(dir / config_path);
  if (!text) {
    Diagnostic d;
    d.code = code::kIo;
    d.location.file = (dir / config_path).string();
    d.message = "no config/app-config.yaml here: not a repository gitops-render generated";
    d.hint = "run it at the repository root, or pass --repo";
    throw Error(std::move(d));
  }
  Value values;
  try {
    values = model::load_app_config(*text, config_path);
  } catch (const Error& e) {
    report.problems = e.diagnostics();
    return report;
  }
  auto manifest = read_regular_file(dir / std::string(kManifestPath));
  try {
    report.expected = generate_tree(input_from_app_config(values, *text, manifest));
  } catch (const Error& e) {
    report.problems = e.diagnostics();
    return report;
  }
  report.rendered = check_rendered_chart(dir, values);
  FileTree with_manifest = report.expected;
  with_manifest[std::string(kManifestPath)] = manifest_text(report.expected);
  for (const auto& [path, content] : with_manifest) {
    auto on_disk = read_regular_file(dir / path);
    if (!on_disk || *on_disk != content) report.stale.push_back(path);
  }
  // Files an earlier generation wrote that are no longer generated.
  if (manifest) {
    for (const auto& [path, hash] : parse_manifest(*manifest, std::string(kManifestPath))) {
      if (!with_manifest.count(path) && read_regular_file(dir / path)) report.stale.push_back(path);
    }
  }
  return report;
}

}  // namespace render::repo
