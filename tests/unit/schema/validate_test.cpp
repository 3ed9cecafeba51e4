#include <gtest/gtest.h>

#include "test_support.hpp"

#include <fstream>
#include <sstream>

#include "render/schema.hpp"

namespace render::schema {
namespace {

std::string read(const std::string& path) {
  return render::testing::read_file(path);
}

std::vector<Diagnostic> check(const std::string& text) {
  ParseResult r = parse_json(text, "in.json");
  EXPECT_TRUE(r.document.has_value()) << format_diagnostics(r.diagnostics, DiagnosticFormat::kText);
  if (!r.document) return r.diagnostics;
  return validate(*r.document, "deployed-apps");
}

std::string text(const std::vector<Diagnostic>& ds) {
  return format_diagnostics(ds, DiagnosticFormat::kText);
}

TEST(Validate, BundledExamplesAreValid) {
  for (const char* name : {"minimal", "shop", "hostile-env-value", "invalid-duplicate-host"}) {
    std::string path = std::string(RENDER_SOURCE_DIR) + "/examples/" + name + ".json";
    EXPECT_EQ(text(check(read(path))), "") << path;
  }
}

// Read without positions, YAML gives the same document (only the tables of where values and
// keys are stay empty), and a schema error is still found, at its pointer without a line.
TEST(Validate, YamlReadWithoutPositionsIsTheSameDocument) {
  const std::string yaml =
      "name: shop\nlist:\n  - a: 1\n    b: [x, \"y\"]\n  - {c: true}\ntext: |\n  two\n  lines\n";
  ParseResult with = parse_yaml(yaml, "in.yaml");
  ParseResult without = parse_yaml(yaml, "in.yaml", {}, /*positions=*/false);
  ASSERT_TRUE(with.document && without.document);
  EXPECT_EQ(with.document->value, without.document->value);
  EXPECT_FALSE(with.document->values.empty());
  EXPECT_TRUE(without.document->values.empty());
  EXPECT_TRUE(without.document->keys.empty());

  ParseResult bad = parse_yaml("schema_version: \"x\"\n", "in.yaml", {}, false);
  ASSERT_TRUE(bad.document);
  std::vector<Diagnostic> ds = validate(*bad.document, "app-config");
  ASSERT_FALSE(ds.empty());
  EXPECT_EQ(ds.front().location.line, 0);
  EXPECT_FALSE(ds.front().location.pointer.empty()) << text(ds);
}

TEST(Validate, FiveMistakesGiveFiveLocatedDiagnostics) {
  std::string payload = R"({
  "schema_version": 1,
  "project": "Shop",
  "environment": "dev",
  "base_domain": "shop.example.test",
  "deployed_apps": [
    {
      "name": "web",
      "image": "ghcr.io/acme/web:1.0.0",
      "replica": 3,
      "kind": "pod",
      "ports": [{ "name": "http", "port": 70000 }],
      "resources": { "preset": "huge" }
    }
  ]
})";
  auto ds = check(payload);
  EXPECT_EQ(
      text(ds),
      "in.json:3:14: error[E_SCHEMA]: `Shop` is not a valid value for `project` (at /project)\n"
      "  hint: A DNS-1035 label: lowercase letters, digits and '-', starting with a letter.\n"
      "in.json:10:7: error[E_SCHEMA]: unknown field `replica` (at /deployed_apps/0/replica)\n"
      "  hint: did you mean `replicas`?\n"
      "in.json:11:15: error[E_SCHEMA]: `pod` is not one of: deployment, cronjob, job, knative (at "
      "/deployed_apps/0/kind)\n"
      "in.json:12:43: error[E_SCHEMA]: `70000` is more than the maximum 65535 for `port` (at "
      "/deployed_apps/0/ports/0/port)\n"
      "in.json:13:32: error[E_SCHEMA]: `huge` is not one of: small, medium, large (at "
      "/deployed_apps/0/resources/preset)\n");
}

TEST(Validate, SchemaVersionAndMissingFields) {
  auto ds =
      check(R"({"schema_version": 2, "project": "p", "environment": "dev", "deployed_apps": []})");
  std::string t = text(ds);
  EXPECT_NE(t.find("unsupported schema_version 2 (this build understands 1)"), std::string::npos)
      << t;
  EXPECT_NE(t.find("missing required field `base_domain`"), std::string::npos) << t;
  EXPECT_NE(t.find("/deployed_apps"), std::string::npos) << t;
}

TEST(Validate, EnvNamesAndSecretValuesAreCheckedWithoutEchoingValues) {
  auto ds = check(
      R"({"schema_version": 1, "project": "p", "environment": "dev", "base_domain": "p.example.test",
    "deployed_apps": [{"name": "web", "image": "ghcr.io/a/web:1",
      "env": {"1BAD": "x"}, "secret_env": {"TOKEN": "../../etc/passwd"}}]})");
  std::string t = text(ds);
  EXPECT_NE(t.find("`1BAD` is not a valid name here"), std::string::npos) << t;
  EXPECT_NE(t.find("/deployed_apps/0/secret_env/TOKEN"), std::string::npos) << t;
  EXPECT_EQ(t.find("etc/passwd"), std::string::npos) << t;
}

TEST(Validate, ImagesNeedATagOrDigest) {
  for (const char* image : {"ghcr.io/acme/web", "Ghcr.io/acme/web:1", "web:1@sha256:123", "-x:1"}) {
    std::string payload = std::string(R"({"schema_version": 1, "project": "p", "environment": "dev",
      "base_domain": "p.example.test", "deployed_apps": [{"name": "web", "image": ")") +
                          image + "\"}]}";
    EXPECT_NE(text(check(payload)).find("/deployed_apps/0/image"), std::string::npos) << image;
  }
  for (const char* image :
       {"nginx:1.25",
        "ghcr.io/acme/web@sha256:3f1e6c2a9b0d4e5f60718293a4b5c6d7e8f90123456789abcdef0123456789ab",
        "localhost:5000/a/b_c:v1"}) {
    std::string payload = std::string(R"({"schema_version": 1, "project": "p", "environment": "dev",
      "base_domain": "p.example.test", "deployed_apps": [{"name": "web", "image": ")") +
                          image + "\"}]}";
    EXPECT_EQ(text(check(payload)), "") << image;
  }
}

}  // namespace
}  // namespace render::schema
