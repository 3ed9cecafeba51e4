// The generator: repository templates rendered by the engine, --render-mode manifests, and errors
// of a base template located by template:line:col.
#include <gtest/gtest.h>

#include <filesystem>

#include "render/embedded.hpp"
#include "render/model.hpp"
#include "render/repo.hpp"
#include "test_support.hpp"

namespace render::repo {
namespace {

namespace fs = std::filesystem;

GenerateInput shop_input() {
  model::Compiled compiled = model::compile_payload(
      render::testing::read_file(
          (fs::path(RENDER_SOURCE_DIR) / "../shared/examples/deployed_apps/shop.json").string()),
      "shop.json");
  return input_from_app_config(compiled.values, compiled.yaml);
}

TEST(Generate, EveryEnvironmentGetsItsRootProjectClusterAndApplication) {
  FileTree tree = generate_tree(shop_input());
  for (const char* env : {"prod", "staging"}) {
    std::string e(env);
    for (const std::string& path :
         {"apps/root/" + e + "/application.yaml", "projects/" + e + "/project.yaml",
          "clusters/" + e + "/kustomization.yaml", "applications/app/" + e + "/application.yaml",
          "overlays/" + e + "/values.yaml"}) {
      EXPECT_TRUE(tree.count(path)) << path;
    }
    const std::string& app = tree.at("applications/app/" + e + "/application.yaml");
    EXPECT_NE(app.find("name: \"shop-" + e + "\""), std::string::npos) << app;
    EXPECT_NE(app.find("- \"../../overlays/" + e + "/values.yaml\""), std::string::npos) << app;
    EXPECT_NE(app.find("path: charts/app"), std::string::npos) << app;
    EXPECT_EQ(tree.count("rendered/" + e + "/manifests.yaml"), 0u);
  }
  // Files that follow the payload: shop routes through nginx, keeps secrets in Infisical and runs
  // a Knative service; no Gateway, no External Secrets Operator.
  const std::string& addons = tree.at("platform/addons/kustomization.yaml");
  EXPECT_NE(addons.find("- ingress-nginx.yaml"), std::string::npos);
  EXPECT_NE(addons.find("- infisical-csi-provider.yaml"), std::string::npos);
  EXPECT_EQ(addons.find("external-secrets"), std::string::npos);
  EXPECT_NE(tree.at("platform/config/kustomization.yaml").find("- knative/knative-serving.yaml"),
            std::string::npos);
  EXPECT_EQ(tree.count("clusters/prod/gateway.yaml"), 0u);
  // The base's helpers, template sources and README are not part of the output (the chart's own
  // _helpers.tpl is).
  for (const auto& [path, content] : tree) {
    if (path.starts_with("charts/app/")) continue;
    EXPECT_FALSE(path.ends_with(".tpl") || path.ends_with(".tmpl")) << path;
    EXPECT_NE(path, "README.md");
  }
}

TEST(Generate, ManifestsModeCommitsTheChartOutputAndPointsTheApplicationAtIt) {
  GenerateInput input = shop_input();
  input.render_mode = RenderMode::kManifests;
  FileTree tree = generate_tree(input);
  for (const char* env : {"prod", "staging"}) {
    std::string e(env);
    ASSERT_TRUE(tree.count("rendered/" + e + "/manifests.yaml")) << e;
    const std::string& app = tree.at("applications/app/" + e + "/application.yaml");
    EXPECT_NE(app.find("path: \"rendered/" + e + "\""), std::string::npos) << app;
    EXPECT_EQ(app.find("helm:"), std::string::npos) << app;
    // The committed objects are what the chart renders for that environment, byte for byte.
    TemporaryTree copy(tree, "the test");
    chart::RenderResult expected = render_environment(copy.dir(), input.app_config, e);
    ASSERT_TRUE(expected.ok) << expected.error;
    EXPECT_EQ(tree.at("rendered/" + e + "/manifests.yaml"), expected.output);
  }
  // The environments differ (staging has its own prefix and replicas), so do their objects.
  EXPECT_NE(tree.at("rendered/prod/manifests.yaml"), tree.at("rendered/staging/manifests.yaml"));
  EXPECT_EQ(render_mode_of(manifest_text(tree)), RenderMode::kManifests);
  EXPECT_EQ(render_mode_of(manifest_text(generate_tree(shop_input()))), RenderMode::kHelm);
  EXPECT_EQ(render_mode_of(std::nullopt), RenderMode::kHelm);
}

// gitops.provider flux: Flux's objects instead of Argo CD's, the same platform and chart.
TEST(Generate, FluxGetsKustomizationsAndHelmReleasesInsteadOfApplications) {
  GenerateInput input = shop_input();
  input.app_config.mutable_map()["gitops"].mutable_map()["provider"] = Value::string("flux");
  FileTree tree = generate_tree(input);
  for (const auto& [path, content] : tree) {
    if (path.starts_with("charts/") || path.starts_with("docs/")) continue;
    // No Argo CD object (the sync-wave annotations on shared objects are inert under Flux).
    EXPECT_EQ(content.find("apiVersion: argoproj.io"), std::string::npos) << path;
    EXPECT_FALSE(path.starts_with("apps/") || path.starts_with("projects/") ||
                 path.starts_with("applications/"))
        << path;
  }
  EXPECT_EQ(tree.count("clusters/prod/kustomization.yaml"), 0u);  // Flux builds that folder
  EXPECT_NE(tree.at("clusters/prod/platform.yaml").find("path: ./platform/addons"),
            std::string::npos);
  EXPECT_NE(tree.at("platform/addons/cert-manager.yaml").find("kind: HelmRelease"),
            std::string::npos);
  const std::string& release = tree.at("releases/staging/helmrelease.yaml");
  EXPECT_NE(release.find("- \"./overlays/staging/values.yaml\""), std::string::npos) << release;
  EXPECT_NE(release.find("releaseName: app"), std::string::npos) << release;

  input.render_mode = RenderMode::kManifests;
  tree = generate_tree(input);
  EXPECT_EQ(tree.count("releases/prod/helmrelease.yaml"), 0u);
  EXPECT_NE(tree.at("clusters/prod/app.yaml").find("path: \"./rendered/prod\""), std::string::npos);
  EXPECT_TRUE(tree.count("rendered/prod/manifests.yaml"));
}

TEST(Generate, ATemplateErrorInTheBaseNamesTemplateLineAndColumn) {
  const EmbeddedFile base[] = {
      {"base/_helpers.tpl", "{{- define \"x.name\" -}}{{ .Values.project }}{{- end -}}\n"},
      {"base/good.yaml.tmpl", "name: {{ include \"x.name\" . }}\n"},
      {"base/broken.yaml.tmpl", "a: 1\nb: {{ .Values.project | nosuch }}\n"},
  };
  try {
    generate_tree(shop_input(), base);
    FAIL() << "no error";
  } catch (const Error& e) {
    ASSERT_EQ(e.diagnostics().size(), 1u);
    const Diagnostic& d = e.diagnostics().front();
    EXPECT_EQ(d.code, code::kTemplate);
    EXPECT_EQ(d.location.file, "base/broken.yaml.tmpl");
    EXPECT_EQ(d.location.line, 2);
    EXPECT_NE(d.message.find("function \"nosuch\" not defined"), std::string::npos) << d.message;
  }
}

TEST(Generate, HelpersAreSharedAndATemplateThatRendersNothingWritesNoFile) {
  const EmbeddedFile base[] = {
      {"base/_helpers.tpl", "{{- define \"x.name\" -}}{{ .Values.project }}{{- end -}}\n"},
      {"base/_env_/name.txt.tmpl", "{{ include \"x.name\" . }}-{{ .Env.name }}\n"},
      {"base/only-for-flux.yaml.tmpl", "{{ if eq .Values.gitops.provider \"flux\" }}x{{ end }}\n"},
      {"base/plain.yaml", "kept: {{ as is }}\n"},
  };
  FileTree tree = generate_tree(shop_input(), base);
  EXPECT_EQ(tree.at("prod/name.txt"), "shop-prod\n");
  EXPECT_EQ(tree.at("staging/name.txt"), "shop-staging\n");
  EXPECT_EQ(tree.at("plain.yaml"), "kept: {{ as is }}\n");
  EXPECT_EQ(tree.count("only-for-flux.yaml"), 0u);
  EXPECT_EQ(tree.count("_helpers.tpl"), 0u);
}

}  // namespace
}  // namespace render::repo
