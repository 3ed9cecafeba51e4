#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "test_support.hpp"

#include <fstream>
#include <sstream>

#include "render/model.hpp"
#include "render/yaml.hpp"

namespace render::model {
namespace {

std::string read(const std::string& path) {
  return render::testing::read_file(path);
}

Compiled shop() {
  return compile_payload(read(std::string(RENDER_SOURCE_DIR) + "/examples/shop.json"), "shop.json");
}

const Service& service(const AppConfig& c, const std::string& name) {
  for (const auto& s : c.services) {
    if (s.name == name) return s;
  }
  throw std::runtime_error("no service " + name);
}

TEST(SplitImage, TagDigestAndRegistryPort) {
  Image i = split_image("ghcr.io/acme/shop-api:1.8.0@sha256:abc");
  EXPECT_EQ(i.repository, "ghcr.io/acme/shop-api");
  EXPECT_EQ(i.tag, "1.8.0");
  EXPECT_EQ(i.digest, "sha256:abc");
  i = split_image("localhost:5000/web@sha256:abc");
  EXPECT_EQ(i.repository, "localhost:5000/web");
  EXPECT_EQ(i.tag, "");
  i = split_image("localhost:5000/web:2");
  EXPECT_EQ(i.repository, "localhost:5000/web");
  EXPECT_EQ(i.tag, "2");
}

TEST(Cron, ControllerGrammar) {
  for (const char* ok : {"0 3 * * *", "*/15 * * * *", "0 0 1-15/2 JAN-MAR mon-fri", "@hourly",
                         "5 4 * * 7", "0 0 ? * *"}) {
    EXPECT_EQ(cron_problem(ok), "") << ok;
  }
  EXPECT_NE(cron_problem("61 * * * *").find("out of range for the minute field"),
            std::string::npos);
  EXPECT_NE(cron_problem("0 3 * *").find("5 fields"), std::string::npos);
  EXPECT_NE(cron_problem("CRON_TZ=UTC 0 3 * * *").find("timeZone"), std::string::npos);
  EXPECT_NE(cron_problem("0 5-1 * * *").find("backwards"), std::string::npos);
  EXPECT_NE(cron_problem("@often").find("unknown schedule macro"), std::string::npos);
  EXPECT_NE(cron_problem("*/0 * * * *").find("bad step"), std::string::npos);
}

TEST(BuildAppConfig, ShopMapsEveryFeature) {
  Compiled c = shop();
  const AppConfig& cfg = c.config;
  EXPECT_EQ(cfg.ns, "shop");
  ASSERT_EQ(cfg.environments.size(), 2u);
  EXPECT_EQ(cfg.environments.at("staging").domain_prefix, "staging.");
  EXPECT_EQ(cfg.environments.at("staging").replicas, 1);
  EXPECT_EQ(cfg.environments.at("prod").tls_issuer, "letsencrypt-prod");

  const Service& api = service(cfg, "api");
  EXPECT_EQ(api.image.tag, "1.8.0");
  EXPECT_EQ(api.image.digest.substr(0, 7), "sha256:");
  EXPECT_EQ(api.resources.request_cpu, "250m");  // preset medium
  EXPECT_EQ(api.resources.limit_memory, "512Mi");
  EXPECT_TRUE(api.claim.enabled);
  EXPECT_EQ(api.claim.connection_secret, "api-conn");
  EXPECT_EQ(api.secret_env.at(0).path, "api");
  EXPECT_EQ(api.secret_env.at(0).key, "stripe-key");
  EXPECT_FALSE(api.ports.at(1).expose);

  // Waves follow depends_on: db-migrate, then api, then storefront.
  EXPECT_EQ(service(cfg, "db-migrate").sync_wave, 0);
  EXPECT_EQ(api.sync_wave, 1);
  EXPECT_EQ(service(cfg, "storefront").sync_wave, 2);
  EXPECT_EQ(service(cfg, "storefront").tls_secret_name, "storefront-tls");
  EXPECT_EQ(service(cfg, "storefront").env.at(0).name, "API_BASE_URL");  // sorted
  EXPECT_TRUE(service(cfg, "storefront").autoscaling.enabled);
  EXPECT_EQ(service(cfg, "nightly-report").schedule, "0 3 * * *");
  EXPECT_EQ(service(cfg, "nightly-report").replicas, 0);
  EXPECT_EQ(service(cfg, "thumbnailer").scaling.min_scale, 1);
  EXPECT_EQ(service(cfg, "thumbnailer").scaling.target_concurrency, 50);

  // Four images without digests in prod: warnings, not errors.
  EXPECT_EQ(c.warnings.size(), 4u);
  EXPECT_FALSE(has_errors(c.warnings));
}

TEST(AppConfigYaml, RoundTripsThroughTheLoader) {
  Compiled c = shop();
  yaml::LoadOptions options;
  Value back = yaml::load(c.yaml, options).value;
  EXPECT_EQ(yaml::to_yaml(back), yaml::to_yaml(c.values));
}

TEST(CompilePayload, HostileValueSurvivesAsOneString) {
  Compiled c = compile_payload(
      read(std::string(RENDER_SOURCE_DIR) + "/examples/hostile-env-value.json"), "h.json");
  yaml::LoadOptions options;
  Value back = yaml::load(c.yaml, options).value;
  const Value& env =
      back.as_map().at("services").as_list().at(0).as_map().at("env").as_list().at(0);
  EXPECT_EQ(env.as_map().at("value").as_string(),
            "hi\n---\napiVersion: rbac.authorization.k8s.io/v1\nkind: ClusterRoleBinding\n"
            "metadata:\n  name: pwned");
  EXPECT_EQ(c.yaml.find("\n---"), std::string::npos);
}

// Argo CD Applications need the repository's URL; Flux's bootstrap brings its own.
TEST(CompilePayload, AMissingRepositoryUrlIsAWarningForArgoCdOnly) {
  auto payload =
      nlohmann::json::parse(read(std::string(RENDER_SOURCE_DIR) + "/examples/minimal.json"));
  Compiled argo = compile_payload(payload.dump(), "minimal.json");
  ASSERT_EQ(argo.warnings.size(), 1u);
  EXPECT_EQ(argo.warnings[0].severity, Severity::kWarning);
  EXPECT_NE(argo.warnings[0].message.find("gitops.repo_url"), std::string::npos);
  payload["gitops"] = {{"provider", "flux"}};
  EXPECT_TRUE(compile_payload(payload.dump(), "minimal.json").warnings.empty());
}

TEST(CompilePayload, DuplicateHostNamesBothAppsAndPointsAtTheSecond) {
  try {
    compile_payload(read(std::string(RENDER_SOURCE_DIR) + "/examples/invalid-duplicate-host.json"),
                    "dup.json");
    FAIL() << "expected a refusal";
  } catch (const Error& e) {
    // One error (the payload also has no gitops.repo_url: a warning beside it).
    std::vector<Diagnostic> errors;
    for (const auto& d : e.diagnostics()) {
      if (d.severity == Severity::kError) errors.push_back(d);
    }
    ASSERT_EQ(errors.size(), 1u);
    const Diagnostic& d = errors[0];
    EXPECT_EQ(d.code, "E_SEMANTIC");
    EXPECT_EQ(d.location.line, 8);
    EXPECT_EQ(d.location.pointer, "/deployed_apps/1/fqdn");
    EXPECT_NE(d.message.find("`a`"), std::string::npos);
    EXPECT_NE(d.message.find("`b`"), std::string::npos);
    EXPECT_NE(d.message.find("same.example.test"), std::string::npos);
  }
}

TEST(ValidateDocument, TellsPayloadsFromAppConfigs) {
  Compiled c = shop();
  EXPECT_TRUE(validate_document(c.yaml, "config/app-config.yaml").empty());
  std::string broken = c.yaml;
  broken.replace(broken.find("replicas: 3"), 11, "replicas: x");
  auto ds = validate_document(broken, "config/app-config.yaml");
  ASSERT_EQ(ds.size(), 1u);
  EXPECT_EQ(ds[0].code, "E_SCHEMA");
  EXPECT_EQ(ds[0].location.file, "config/app-config.yaml");
  EXPECT_GT(ds[0].location.line, 0);
  // A payload: four digest warnings, no errors.
  auto warnings =
      validate_document(read(std::string(RENDER_SOURCE_DIR) + "/examples/shop.json"), "shop.json");
  EXPECT_EQ(warnings.size(), 4u);
  EXPECT_FALSE(has_errors(warnings));
  // A .json file that does not parse is reported as JSON, not as YAML.
  auto bad = validate_document("// comment\n{}", "x.json");
  ASSERT_EQ(bad.size(), 1u);
  EXPECT_EQ(bad[0].code, "E_PARSE");
  EXPECT_EQ(bad[0].location.line, 1);
}

}  // namespace
}  // namespace render::model
