#include <gtest/gtest.h>
#include <unistd.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <random>
#include <sstream>

#include <yaml-cpp/yaml.h>

#include "render/diagnostic.hpp"
#include "render/diff.hpp"

namespace fs = std::filesystem;

namespace render::diff {
namespace {

TEST(UnifiedDiff, EqualTextsGiveNothing) {
  EXPECT_EQ(unified_diff("a\nb\n", "a\nb\n", "x", "y"), "");
}

TEST(UnifiedDiff, OneChangedLineWithContext) {
  std::string a = "1\n2\n3\n4\n5\n6\n7\n8\n9\n";
  std::string b = "1\n2\n3\n4\nFIVE\n6\n7\n8\n9\n";
  EXPECT_EQ(unified_diff(a, b, "a", "b"),
            "--- a\n+++ b\n@@ -2,7 +2,7 @@\n 2\n 3\n 4\n-5\n+FIVE\n 6\n 7\n 8\n");
}

TEST(UnifiedDiff, AddedFileAndSeparateHunks) {
  EXPECT_EQ(unified_diff("", "x\ny\n", "/dev/null", "b"),
            "--- /dev/null\n+++ b\n@@ -0,0 +1,2 @@\n+x\n+y\n");
  std::string a, b;
  for (int i = 1; i <= 20; ++i) {
    a += std::to_string(i) + "\n";
    b += (i == 2 || i == 18 ? "x" : std::to_string(i)) + "\n";
  }
  EXPECT_EQ(unified_diff(a, b, "a", "b"),
            "--- a\n+++ b\n@@ -1,5 +1,5 @@\n 1\n-2\n+x\n 3\n 4\n 5\n"
            "@@ -15,6 +15,6 @@\n 15\n 16\n 17\n-18\n+x\n 19\n 20\n");
}

// Property: GNU patch applies every diff we print and reproduces the new text exactly.
TEST(UnifiedDiff, PatchAppliesRandomDiffs) {
  fs::path dir = fs::temp_directory_path() / ("udiff-" + std::to_string(::getpid()));
  fs::create_directories(dir);
  std::mt19937 rng(7);
  for (int round = 0; round < 40; ++round) {
    std::string a, b;
    int n = static_cast<int>(rng() % 30);
    for (int i = 0; i < n; ++i) {
      std::string line = "l" + std::to_string(rng() % 6);
      if (rng() % 4) a += line + "\n";
      if (rng() % 4) b += line + "\n";
      if (rng() % 5 == 0) b += "new" + std::to_string(rng() % 3) + "\n";
    }
    std::ofstream(dir / "file", std::ios::binary) << a;
    std::ofstream(dir / "p.diff", std::ios::binary) << unified_diff(a, b, "file", "file");
    if (a == b) continue;
    std::string cmd = "cd " + dir.string() + " && patch -s -p0 file < p.diff";
    ASSERT_EQ(std::system(cmd.c_str()), 0) << "a:\n" << a << "b:\n" << b;
    std::ifstream in(dir / "file", std::ios::binary);
    std::stringstream got;
    got << in.rdbuf();
    EXPECT_EQ(got.str(), b);
  }
  fs::remove_all(dir);
}

const char* kBase = R"(---
# Source: app/templates/deployment.yaml
apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
  namespace: shop
spec:
  replicas: 1
---
# Source: app/templates/service.yaml
apiVersion: v1
kind: Service
metadata:
  name: web
  namespace: shop
---
# Source: app/templates/old.yaml
apiVersion: v1
kind: ConfigMap
metadata:
  name: old
  namespace: shop
)";

const char* kHead = R"(---
# Source: app/templates/deployment.yaml
apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
  namespace: shop
spec:
  replicas: 3
---
# Source: app/templates/service.yaml
apiVersion: v1
kind: Service
metadata:
  name: web
  namespace: shop
---
# Source: app/templates/api.yaml
# only a comment
apiVersion: apps/v1
kind: Deployment
metadata:
  name: api
  namespace: shop
)";

TEST(Compare, PairsObjectsByIdentity) {
  auto base = split_objects(kBase, "base");
  auto head = split_objects(kHead, "head");
  ASSERT_EQ(base.size(), 3u);
  EXPECT_EQ(base[0].source, "app/templates/deployment.yaml");
  EXPECT_EQ(base[2].key.display(), "v1 ConfigMap shop/old");
  Result r = compare(base, head);
  EXPECT_EQ(r.unchanged, 1);
  ASSERT_EQ(r.changes.size(), 3u);
  // Sorted by (apiVersion, kind, namespace, name): apps/v1 before v1.
  EXPECT_EQ(r.changes[0].kind, ChangeKind::kAdded);
  EXPECT_EQ(r.changes[0].key.name, "api");
  EXPECT_EQ(r.changes[1].kind, ChangeKind::kChanged);
  EXPECT_EQ(r.changes[1].key.name, "web");
  EXPECT_EQ(r.changes[1].added_lines, 1);
  EXPECT_EQ(r.changes[1].removed_lines, 1);
  EXPECT_NE(r.changes[1].unified.find("-  replicas: 1\n+  replicas: 3\n"), std::string::npos);
  EXPECT_EQ(r.changes[2].kind, ChangeKind::kRemoved);
  EXPECT_EQ(r.changes[2].key.name, "old");

  std::string md = format(r, Format::kMarkdown, "prod");
  EXPECT_NE(md.find("1 added, 1 changed, 1 removed, 1 unchanged"), std::string::npos);
  EXPECT_NE(md.find("| changed | Deployment | shop/web | +1 -1 |"), std::string::npos);
  std::string json = format(r, Format::kJson, "prod");
  EXPECT_NE(json.find("\"change\": \"added\""), std::string::npos);
}

// Asked to, each object keeps the document it was read from; by default none does.
TEST(Compare, ObjectsKeepTheirDocumentsWhenAsked) {
  for (const Object& o : split_objects(kBase, "base")) EXPECT_EQ(o.node, nullptr);
  auto kept = split_objects(kBase, "base", /*keep_nodes=*/true);
  ASSERT_EQ(kept.size(), 3u);
  for (const Object& o : kept) {
    ASSERT_NE(o.node, nullptr);
    EXPECT_EQ((*o.node)["kind"].as<std::string>(), o.key.kind);
    EXPECT_EQ((*o.node)["metadata"]["name"].as<std::string>(), o.key.name);
  }
}

TEST(Compare, DuplicateObjectsAreRefused) {
  std::string twice =
      std::string(kBase) +
      "---\napiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: old\n  namespace: shop\n";
  EXPECT_THROW(split_objects(twice, "x"), Error);
}

}  // namespace
}  // namespace render::diff
