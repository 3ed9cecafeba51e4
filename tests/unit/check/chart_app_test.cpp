// charts/app rendered by the real helm (.tools/bin/helm, installed by
// scripts/install-test-tools.sh) for every golden case and environment: every object passes the
// render-time checks.
#include <gtest/gtest.h>

#include <yaml-cpp/yaml.h>
#include "test_support.hpp"

#include <array>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "render/chart.hpp"
#include "render/check.hpp"
#include "render/model.hpp"

namespace fs = std::filesystem;

namespace render::check {
namespace {

std::string read(const fs::path& p) {
  return render::testing::read_file(p.string());
}

const fs::path kRoot = RENDER_SOURCE_DIR;

std::string helm_template(const fs::path& config, const fs::path& overlay) {
  std::string command = (kRoot / ".tools/bin/helm").string() + " template app " +
                        (kRoot / "charts/app").string() + " -f " + config.string() + " -f " +
                        overlay.string() + " 2>&1";
  std::string out;
  FILE* pipe = ::popen(command.c_str(), "r");
  std::array<char, 4096> buf{};
  std::size_t n;
  while ((n = std::fread(buf.data(), 1, buf.size(), pipe)) > 0) out.append(buf.data(), n);
  EXPECT_EQ(::pclose(pipe), 0) << command << "\n" << out;
  return out;
}

TEST(ChartApp, ValuesSchemaIsTheAppConfigSchema) {
  EXPECT_EQ(read(kRoot / "charts/app/values.schema.json"),
            read(kRoot / "schemas/app-config.schema.json"));
}

TEST(ChartApp, EveryGoldenCaseRendersObjectsThatPassTheChecks) {
  int rendered = 0;
  for (const auto& entry : fs::directory_iterator(kRoot / "tests/golden")) {
    fs::path expected = entry.path() / "expected";
    if (!fs::is_directory(expected)) continue;
    fs::path config = expected / "config/app-config.yaml";
    std::string ns = YAML::LoadFile(config.string())["namespace"].as<std::string>();
    for (const auto& overlay : fs::directory_iterator(expected / "overlays")) {
      std::string stream = helm_template(config, overlay.path() / "values.yaml");
      auto objects = diff::split_objects(stream, entry.path().filename().string());
      EXPECT_FALSE(objects.empty()) << overlay.path();
      auto problems = check_objects(objects, {ns});
      std::string text;
      for (const auto& d : problems) text += d.location.file + ": " + d.message + "\n";
      EXPECT_EQ(text, "") << overlay.path();
      ++rendered;
    }
  }
  EXPECT_GE(rendered, 9);
}

// What Argo CD will apply is what the offline render shows: the engine against helm on the
// product's own chart, for every golden case and environment.
TEST(ChartApp, OfflineRenderEqualsHelmForEveryGoldenCase) {
  int compared = 0;
  for (const auto& entry : fs::directory_iterator(kRoot / "tests/golden")) {
    fs::path expected = entry.path() / "expected";
    if (!fs::is_directory(expected)) continue;
    fs::path config = expected / "config/app-config.yaml";
    for (const auto& overlay : fs::directory_iterator(expected / "overlays")) {
      fs::path values = overlay.path() / "values.yaml";
      chart::RenderOptions options;
      options.chart_dir = (expected / "charts/app").string();
      options.release_name = "app";
      options.values.value_files = {config.string(), values.string()};
      chart::RenderResult ours = chart::render_chart(options);
      ASSERT_TRUE(ours.ok) << overlay.path() << "\n" << ours.error;
      std::string helm = helm_template(config, values);
      EXPECT_EQ(ours.output, helm) << overlay.path();
      ++compared;
    }
  }
  EXPECT_GE(compared, 9);
}

// An environment's image override (set-image --env) reaches that environment's workload only,
// and the engine renders it as helm does.
TEST(ChartApp, AnEnvironmentImageOverrideRendersAsHelmDoes) {
  fs::path expected = kRoot / "tests/golden/shop/expected";
  model::ImageChange change = model::set_image(read(expected / "config/app-config.yaml"),
                                               "app-config.yaml", "api", "1.9.0", "", "staging");
  render::testing::ScratchFile config("app-config.yaml", change.yaml);
  for (const char* env : {"staging", "prod"}) {
    fs::path values = expected / "overlays" / env / "values.yaml";
    chart::RenderOptions options;
    options.chart_dir = (kRoot / "charts/app").string();
    options.release_name = "app";
    options.values.value_files = {config.path().string(), values.string()};
    chart::RenderResult ours = chart::render_chart(options);
    ASSERT_TRUE(ours.ok) << ours.error;
    EXPECT_EQ(ours.output, helm_template(config.path(), values)) << env;
    bool staging = std::string(env) == "staging";
    EXPECT_EQ(ours.output.find("image: \"ghcr.io/acme/shop-api:1.9.0\"") != std::string::npos,
              staging)
        << env;
    EXPECT_EQ(ours.output.find("image: \"ghcr.io/acme/shop-api:1.8.0@sha256:") != std::string::npos,
              !staging)
        << env;
  }
}

TEST(ChartApp, HostileValueStaysOneStringInOneDocument) {
  fs::path expected = kRoot / "tests/golden/hostile-env-value/expected";
  std::string stream =
      helm_template(expected / "config/app-config.yaml", expected / "overlays/dev/values.yaml");
  auto objects = diff::split_objects(stream, "hostile");
  std::vector<std::string> kinds;
  for (const auto& o : objects) kinds.push_back(o.key.kind);
  // ServiceAccount, Service, Deployment, NetworkPolicy: the value adds no document.
  EXPECT_EQ(kinds.size(), 4u) << stream;
  EXPECT_EQ(stream.find("ClusterRoleBinding\nmetadata"), std::string::npos);
  for (const auto& o : objects) {
    if (o.key.kind != "Deployment") continue;
    YAML::Node doc = YAML::Load(o.text);
    YAML::Node env = doc["spec"]["template"]["spec"]["containers"][0]["env"][0];
    EXPECT_EQ(env["name"].as<std::string>(), "GREETING");
    EXPECT_EQ(env["value"].as<std::string>(),
              "hi\n---\napiVersion: rbac.authorization.k8s.io/v1\nkind: ClusterRoleBinding\n"
              "metadata:\n  name: pwned");
  }
}

}  // namespace
}  // namespace render::check
