// The offline build of the generated Kustomize roots against the real `kubectl kustomize`
// (.tools/bin/kubectl, installed by scripts/install-test-tools.sh), and its refusals.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <map>
#include <set>

#include "render/repo.hpp"
#include "render/yaml.hpp"
#include "test_support.hpp"

namespace render::repo {
namespace {

namespace fs = std::filesystem;

const fs::path kRoot = RENDER_SOURCE_DIR;

// Objects by key, each as canonical YAML (loaded, then emitted with sorted keys).
std::map<std::string, std::string> canonical(const std::vector<diff::Object>& objects) {
  std::map<std::string, std::string> out;
  for (const auto& o : objects) {
    yaml::LoadOptions options;
    options.record_positions = false;
    out[o.key.display()] = yaml::to_yaml(yaml::load(o.text, options).value);
  }
  return out;
}

TEST(Kustomize, BuildsWhatKubectlKustomizeBuildsForEveryGeneratedKustomization) {
  int compared = 0;
  for (const auto& entry : fs::directory_iterator(kRoot / "tests/golden")) {
    fs::path tree = entry.path() / "expected";
    if (!fs::is_directory(tree)) continue;
    for (const auto& file : fs::recursive_directory_iterator(tree)) {
      if (file.path().filename() != "kustomization.yaml") continue;
      std::string dir = fs::relative(file.path().parent_path(), tree).string();
      auto ours = canonical(kustomize_objects(tree, dir));
      std::string built = render::testing::run((kRoot / ".tools/bin/kubectl").string() +
                                               " kustomize " + (tree / dir).string());
      auto theirs = canonical(diff::split_objects(built, "kubectl"));
      ASSERT_FALSE(theirs.empty()) << dir;
      EXPECT_EQ(ours, theirs) << tree << " " << dir;
      ++compared;
    }
  }
  EXPECT_GE(compared, 60);
}

// For Flux, an environment is its Flux Kustomizations and what their folders build.
TEST(Kustomize, AFluxEnvironmentIsItsKustomizationsAndWhatTheyBuild) {
  fs::path tree = kRoot / "tests/golden/flux/expected";
  std::set<std::string> keys;
  for (const auto& o : cluster_objects(tree, "staging")) keys.insert(o.key.display());
  for (const char* key : {
           "kustomize.toolkit.fluxcd.io/v1 Kustomization flux-system/platform-addons",
           "kustomize.toolkit.fluxcd.io/v1 Kustomization flux-system/platform-config",
           "kustomize.toolkit.fluxcd.io/v1 Kustomization flux-system/atlas-staging",
           "helm.toolkit.fluxcd.io/v2 HelmRelease flux-system/cert-manager",
           "source.toolkit.fluxcd.io/v1 HelmRepository flux-system/cert-manager",
           "cert-manager.io/v1 ClusterIssuer letsencrypt-staging",
           "helm.toolkit.fluxcd.io/v2 HelmRelease flux-system/atlas-staging",
           "gateway.networking.k8s.io/v1 Gateway atlas/gateway",
       }) {
    EXPECT_TRUE(keys.count(key)) << key;
  }
  for (const auto& key : keys) {
    EXPECT_EQ(key.find("argoproj.io"), std::string::npos) << key;
    EXPECT_EQ(key.find("atlas-prod"), std::string::npos) << key;
  }
}

class KustomizeRefuses : public render::testing::ScratchDir {
 protected:
  void write(const std::string& path, const std::string& text) {
    fs::create_directories((scratch_ / path).parent_path());
    std::ofstream(scratch_ / path, std::ios::binary) << text;
  }
  std::string error(const std::string& dir) {
    try {
      kustomize_objects(scratch_, dir);
    } catch (const Error& e) {
      return e.diagnostics().front().location.file + ": " + e.diagnostics().front().message;
    }
    return "no error";
  }
};

TEST_F(KustomizeRefuses, WhatItDoesNotBuild) {
  write("a/kustomization.yaml", "resources: [x.yaml]\nnamePrefix: p-\n");
  EXPECT_EQ(error("a"),
            "a/kustomization.yaml: the kustomization field `namePrefix` is not supported by the "
            "offline build");
  write("b/kustomization.yaml", "resources: [../../outside]\n");
  EXPECT_EQ(error("b"), "b/kustomization.yaml: resource `../../outside` is outside the repository");
  write("c/kustomization.yaml", "resources: [missing.yaml]\n");
  EXPECT_EQ(error("c"), "c/kustomization.yaml: resource `missing.yaml` does not exist");
  write("d/kustomization.yaml", "resources: [../e]\n");
  write("e/kustomization.yaml", "resources: [../d]\n");
  EXPECT_EQ(error("d"), "d: kustomizations include each other in a cycle");
  // A symbolic link is not followed, not even to a directory with a kustomization.
  write("outside/kustomization.yaml", "resources: []\n");
  write("g/kustomization.yaml", "resources: [linked]\n");
  fs::create_directory_symlink(scratch_ / "outside", scratch_ / "g/linked");
  EXPECT_EQ(error("g"), "g/kustomization.yaml: resource `linked` does not exist");
  write("f/kustomization.yaml",
        "resources: [o.yaml]\npatches:\n- target: {kind: ConfigMap}\n  patch: |-\n"
        "    - op: move\n      from: /a\n      path: /b\n");
  write("f/o.yaml", "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: x}\n");
  EXPECT_EQ(error("f"), "f/kustomization.yaml: patch operation `move` is not supported here");
}

TEST_F(KustomizeRefuses, NothingButPatchesThatMatch) {
  write("k/kustomization.yaml",
        "resources: [o.yaml]\npatches:\n- target: {kind: ConfigMap, name: x}\n  patch: |-\n"
        "    - op: replace\n      path: /data/a~1b\n      value: new\n");
  write("k/o.yaml",
        "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: x}\ndata: {a/b: old}\n---\n"
        "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: y}\ndata: {a/b: old}\n");
  auto objects = kustomize_objects(scratch_, "k");
  ASSERT_EQ(objects.size(), 2u);
  EXPECT_NE(objects[0].text.find("a/b: new"), std::string::npos) << objects[0].text;
  EXPECT_NE(objects[1].text.find("a/b: old"), std::string::npos) << objects[1].text;
}

}  // namespace
}  // namespace render::repo
