#include <gtest/gtest.h>

#include "render/check.hpp"

namespace render::check {
namespace {

std::string labeled(const std::string& kind, const std::string& name, const std::string& ns,
                    const std::string& extra = "") {
  return "---\napiVersion: v1\nkind: " + kind + "\nmetadata:\n  name: " + name +
         "\n  namespace: " + ns +
         "\n  labels:\n    app.kubernetes.io/name: web\n    app.kubernetes.io/instance: web\n"
         "    app.kubernetes.io/part-of: shop\n    app.kubernetes.io/managed-by: Helm\n" +
         extra;
}

std::string messages(const std::vector<Diagnostic>& ds) {
  std::string out;
  for (const auto& d : ds) out += d.message + "\n";
  return out;
}

// The checks of `stream`'s objects, which say the same whether they read each object's text
// again or the document split_objects kept.
std::vector<Diagnostic> run(const std::string& stream) {
  std::vector<Diagnostic> kept = check_objects(diff::split_objects(stream, "test", true), {"shop"});
  EXPECT_EQ(messages(kept), messages(check_objects(diff::split_objects(stream, "test"), {"shop"})));
  return kept;
}

TEST(CheckObjects, AGoodSetPasses) {
  std::string deploy = labeled("Deployment", "web", "shop",
                               "spec:\n  selector:\n    matchLabels:\n"
                               "      app.kubernetes.io/instance: web\n");
  EXPECT_TRUE(run(deploy + labeled("Service", "web", "shop")).empty());
}

TEST(CheckObjects, EachRuleIsEnforced) {
  EXPECT_NE(messages(run(labeled("Service", "1web", "shop"))).find("DNS-1035"), std::string::npos);
  EXPECT_NE(messages(run(labeled("ConfigMap", "Web_Config", "shop"))).find("DNS-1123"),
            std::string::npos);
  EXPECT_NE(messages(run(labeled("ConfigMap", "c", "kube-system"))).find("not `shop`"),
            std::string::npos);
  EXPECT_NE(messages(run(labeled("ClusterRole", "r", ""))).find("cluster-scoped"),
            std::string::npos);
  EXPECT_NE(
      messages(
          run("---\napiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: c\n  namespace: shop\n"))
          .find("lacks the label app.kubernetes.io/name"),
      std::string::npos);
  EXPECT_NE(messages(run(labeled("Secret", "s", "shop", "stringData:\n  k: v\n")))
                .find("carries secret data"),
            std::string::npos);
  std::string no_instance =
      labeled("Deployment", "a", "shop", "spec:\n  selector:\n    matchLabels:\n      app: a\n");
  EXPECT_NE(messages(run(no_instance)).find("without app.kubernetes.io/instance"),
            std::string::npos);
  std::string sel = "spec:\n  selector:\n    matchLabels:\n      app.kubernetes.io/instance: x\n";
  EXPECT_NE(messages(run(labeled("Deployment", "a", "shop", sel) +
                         labeled("Deployment", "b", "shop", sel)))
                .find("selects the same pods"),
            std::string::npos);
  // Same kind/namespace/name under two apiVersions.
  std::string v2 = labeled("ConfigMap", "c", "shop");
  v2.replace(v2.find("apiVersion: v1"), 14, "apiVersion: v2");
  EXPECT_NE(messages(run(labeled("ConfigMap", "c", "shop") + v2)).find("same kind, namespace"),
            std::string::npos);
  std::string bad_label = labeled("ConfigMap", "c", "shop");
  bad_label.replace(bad_label.find("part-of: shop"), 13, "part-of: C++");
  EXPECT_NE(messages(run(bad_label)).find("invalid value for label"), std::string::npos);
}

TEST(CheckObjects, AppProjectWildcardsAreRefused) {
  std::string project =
      labeled("AppProject", "shop-prod", "shop",
              "spec:\n  sourceRepos:\n  - '*'\n  destinations:\n"
              "  - server: https://kubernetes.default.svc\n    namespace: '*'\n"
              "  clusterResourceWhitelist:\n  - group: ''\n    kind: Namespace\n");
  std::string m = messages(run(project));
  EXPECT_NE(m.find("every source repository"), std::string::npos);
  EXPECT_NE(m.find("wildcard destination namespace"), std::string::npos);
  EXPECT_NE(m.find("cluster resources"), std::string::npos);
}

}  // namespace
}  // namespace render::check
