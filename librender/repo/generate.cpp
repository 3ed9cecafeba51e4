// The generated repository as a file tree: the embedded base specialised for one payload.
#include <nlohmann/json.hpp>

#include "render/repo.hpp"
#include "render/template.hpp"

namespace render::repo {
namespace {

constexpr std::string_view kTemplateSuffix = ".tmpl";
constexpr std::string_view kEnvPart = "_env_";

bool has_env_part(std::string_view path) {
  std::size_t start = 0;
  while (true) {
    std::size_t slash = path.find('/', start);
    if (path.substr(start, slash == std::string_view::npos ? path.npos : slash - start) ==
        kEnvPart) {
      return true;
    }
    if (slash == std::string_view::npos) return false;
    start = slash + 1;
  }
}

std::string replace_env_parts(std::string path, const std::string& env) {
  std::string out;
  std::size_t start = 0;
  while (true) {
    std::size_t slash = path.find('/', start);
    std::string part = path.substr(start, slash == std::string::npos ? slash : slash - start);
    out += part == kEnvPart ? env : part;
    if (slash == std::string::npos) return out;
    out += '/';
    start = slash + 1;
  }
}

// The data a repository template sees: .Values is the app-config, .Env the environment (empty
// for files generated once).
Value template_data(const Value& app_config, const std::string& env, RenderMode mode) {
  Map envmap;
  if (!env.empty()) {
    if (app_config.is_map()) {
      auto envs = app_config.as_map().find("environments");
      if (envs != app_config.as_map().end() && envs->second.is_map()) {
        auto settings = envs->second.as_map().find(env);
        if (settings != envs->second.as_map().end() && settings->second.is_map()) {
          envmap = settings->second.as_map();
        }
      }
    }
    envmap["name"] = Value::string(env);
  }
  return Value::map(
      Map{{"Values", app_config},
          {"Env", Value::map(std::move(envmap))},
          {"RenderMode", Value::string(mode == RenderMode::kManifests ? "manifests" : "helm")}});
}

void put(FileTree& tree, std::string path, std::string content) {
  auto [it, inserted] = tree.emplace(path, std::move(content));
  if (!inserted) {
    Diagnostic d;
    d.code = code::kUnsafePath;
    d.location.file = path;
    d.message = "two generated files would both be written to `" + path + "`";
    throw Error(std::move(d));
  }
}

bool is_helper(std::string_view path) {
  std::size_t slash = path.rfind('/');
  std::string_view name = slash == std::string_view::npos ? path : path.substr(slash + 1);
  return name.starts_with('_') && name.ends_with(".tpl");
}

// The repository templates of the base, parsed once: every .tmpl file and the _*.tpl helpers.
class BaseTemplates {
 public:
  explicit BaseTemplates(std::span<const EmbeddedFile> base) {
    for (const EmbeddedFile& file : base) {
      std::string path(file.path);
      if (!path.starts_with("base/")) continue;
      if (is_helper(path) || path.ends_with(kTemplateSuffix))
        guarded([&] { set_.parse(path, file.bytes); });
    }
  }
  std::string render(const std::string& path, const Value& data) {
    std::string out;
    // The set refuses at the call (no Options::defer_refusals): nothing is ever deferred.
    guarded([&] { (void)set_.execute(path, data, out); });
    return out;
  }

 private:
  template <typename F>
  static void guarded(F&& f) {
    try {
      f();
    } catch (const tmpl::TemplateError& e) {
      Diagnostic d;
      d.code = e.code();
      d.location = e.location();
      d.message = e.helm_message();
      d.hint =
          "a repository template of the base failed; this is a defect of the base, or of a "
          "value it did not expect";
      throw Error(std::move(d));
    }
  }
  tmpl::TemplateSet set_;
};

}  // namespace

FileTree generate_tree(const GenerateInput& input, std::span<const EmbeddedFile> base) {
  FileTree tree;
  BaseTemplates templates(base);
  for (const EmbeddedFile& file : base) {
    std::string path(file.path);
    if (path.starts_with("charts/app/")) {
      put(tree, path, std::string(file.bytes));
      continue;
    }
    if (path.starts_with("docs/")) {
      if (path != "docs/app-config.md" && path.find('/', 5) == std::string::npos) {
        put(tree, path, std::string(file.bytes));
      }
      continue;
    }
    if (!path.starts_with("base/") || path == "base/README.md" || is_helper(path)) continue;
    std::string out = path.substr(5);
    bool is_template = out.ends_with(kTemplateSuffix);
    if (is_template) out.resize(out.size() - kTemplateSuffix.size());
    auto produce = [&](const std::string& target, const std::string& env) {
      if (!is_template) return put(tree, target, std::string(file.bytes));
      std::string text =
          templates.render(path, template_data(input.app_config, env, input.render_mode));
      // A template that renders to nothing (only white space) is a file this payload lacks.
      if (text.find_first_not_of(" \t\r\n") != std::string::npos) put(tree, target, text);
    };
    if (has_env_part(out)) {
      for (const auto& env : input.environments) produce(replace_env_parts(out, env), env);
    } else {
      produce(out, "");
    }
  }
  put(tree, "config/app-config.yaml", input.app_config_yaml);
  for (const auto& env : input.environments) {
    put(tree, "overlays/" + env + "/values.yaml",
        "# Generated by gitops-render: selects this environment's settings from\n"
        "# config/app-config.yaml. Put your own patches in other files of this folder.\n"
        "environment: " +
            nlohmann::json(env).dump() + "\n");
  }
  if (input.render_mode == RenderMode::kManifests) {
    // The chart as generated, rendered as the Application would: from a private copy.
    TemporaryTree copy(tree, "the rendered manifests", [](const std::string& path) {
      return path.starts_with("charts/app/") || path.starts_with("config/") ||
             path.starts_with("overlays/");
    });
    for (const auto& env : input.environments) {
      chart::RenderResult result = render_environment(copy.dir(), input.app_config, env);
      if (!result.ok) {
        std::vector<Diagnostic> diagnostics = result.diagnostics;
        for (auto& d : diagnostics) d.message += " (rendering environment " + env + ")";
        throw Error(std::move(diagnostics));
      }
      put(tree, "rendered/" + env + "/manifests.yaml", std::move(result.output));
    }
  }
  return tree;
}

}  // namespace render::repo
