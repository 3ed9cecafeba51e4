// diff between two revisions of a generated repository, against real git.
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>

#include <nlohmann/json.hpp>

#include "render/embedded.hpp"
#include "render/git.hpp"
#include "render/model.hpp"
#include "test_support.hpp"

namespace fs = std::filesystem;

namespace render::git {
namespace {

using render::testing::run;

class DiffRevisions : public render::testing::ScratchDir {
 protected:
  void SetUp() override {
    ScratchDir::SetUp();
    work_ = scratch_ / "work";
    fs::copy(fs::path(RENDER_SOURCE_DIR) / "tests/golden/shop/expected", work_,
             fs::copy_options::recursive);
    git("init -q -b main");
    commit("generated");
  }
  std::string git(const std::string& args) {
    return run("git -C " + work_.string() + " -c user.name=t -c user.email=t@example.test " + args);
  }
  void commit(const std::string& message) {
    git("add -A");
    git("commit -q -m " + message);
  }
  void replace_in(const std::string& path, const std::string& from, const std::string& to) {
    std::string text = render::testing::read_file((work_ / path).string());
    auto at = text.find(from);
    ASSERT_NE(at, std::string::npos) << from;
    text.replace(at, from.size(), to);
    std::ofstream(work_ / path, std::ios::binary) << text;
  }
  fs::path work_;
};

TEST_F(DiffRevisions, AnImageBumpChangesExactlyItsDeployment) {
  replace_in("config/app-config.yaml", "tag: 2.3.1", "tag: 2.4.0");
  commit("bump");
  auto diffs = diff_revisions(work_, "HEAD~1", "HEAD", "");
  ASSERT_EQ(diffs.size(), 2u);  // prod and staging
  for (const auto& d : diffs) {
    ASSERT_EQ(d.result.changes.size(), 1u) << d.env;
    const diff::Change& c = d.result.changes.front();
    EXPECT_EQ(c.kind, diff::ChangeKind::kChanged);
    EXPECT_EQ(c.key.display(), "apps/v1 Deployment shop/storefront");
    EXPECT_EQ(c.added_lines, 1);
    EXPECT_EQ(c.removed_lines, 1);
    EXPECT_NE(c.unified.find("+          image: \"ghcr.io/acme/storefront:2.4.0\""),
              std::string::npos)
        << c.unified;
    EXPECT_GT(d.result.unchanged, 20);
  }
}

// The shop example generated again with one app more: only that app's objects are added.
TEST_F(DiffRevisions, AnAddedAppAddsExactlyItsObjects) {
  auto payload = nlohmann::json::parse(render::testing::read_file(
      (fs::path(RENDER_SOURCE_DIR) / "../shared/examples/deployed_apps/shop.json").string()));
  nlohmann::json app = {{"name", "ledger"},
                        {"image", "ghcr.io/acme/ledger:1.0.0"},
                        {"replicas", 1},
                        {"ports", {{{"name", "http"}, {"port", 8080}}}}};
  payload["deployed_apps"].push_back(app);
  model::Compiled compiled = model::compile_payload(payload.dump(), "shop-plus.json");
  repo::FileTree tree =
      repo::generate_tree(repo::input_from_app_config(compiled.values, compiled.yaml));
  repo::write_tree(work_, tree);
  commit("add-ledger");
  auto diffs = diff_revisions(work_, "HEAD~1", "HEAD", "prod");
  ASSERT_EQ(diffs.size(), 1u);
  ASSERT_FALSE(diffs.front().result.changes.empty());
  std::vector<std::string> kinds;
  for (const auto& c : diffs.front().result.changes) {
    EXPECT_EQ(c.kind, diff::ChangeKind::kAdded) << c.key.display();
    EXPECT_EQ(c.key.name, "ledger") << c.key.display();
    kinds.push_back(c.key.kind);
  }
  EXPECT_NE(std::find(kinds.begin(), kinds.end(), "Deployment"), kinds.end());
  EXPECT_NE(std::find(kinds.begin(), kinds.end(), "Service"), kinds.end());
}

// The generated objects around the app are part of the diff: moving the repository changes the
// app's Application and the AppProject's allowlist, and nothing the chart renders.
TEST_F(DiffRevisions, TheGeneratedPlatformAndApplicationsArePartOfTheDiff) {
  auto payload = nlohmann::json::parse(render::testing::read_file(
      (fs::path(RENDER_SOURCE_DIR) / "../shared/examples/deployed_apps/shop.json").string()));
  payload["gitops"]["repo_url"] = "https://github.com/acme/shop-deploy.git";
  model::Compiled compiled = model::compile_payload(payload.dump(), "shop-moved.json");
  repo::write_tree(
      work_, repo::generate_tree(repo::input_from_app_config(compiled.values, compiled.yaml)));
  commit("moved");
  auto diffs = diff_revisions(work_, "HEAD~1", "HEAD", "");
  ASSERT_EQ(diffs.size(), 2u);
  for (const auto& d : diffs) {
    std::vector<std::string> changed;
    for (const auto& c : d.result.changes) {
      EXPECT_EQ(c.kind, diff::ChangeKind::kChanged) << c.key.display();
      EXPECT_NE(c.unified.find("https://github.com/acme/shop-deploy.git"), std::string::npos)
          << c.unified;
      EXPECT_EQ(c.added_lines, 1) << c.unified;
      changed.push_back(c.key.display());
    }
    EXPECT_EQ(changed,
              (std::vector<std::string>{"argoproj.io/v1alpha1 AppProject argocd/shop-" + d.env,
                                        "argoproj.io/v1alpha1 Application argocd/shop-" + d.env}))
        << d.env;
    // Platform objects (add-on Applications, ClusterIssuers, Crossplane...) are compared too.
    EXPECT_GT(d.result.unchanged, 40) << d.env;
  }
}

TEST_F(DiffRevisions, TheWorkingTreeIsTheDefaultHeadAndEqualTreesDoNotDiffer) {
  auto diffs = diff_revisions(work_, "HEAD", "", "prod");
  ASSERT_EQ(diffs.size(), 1u);
  EXPECT_TRUE(diffs.front().result.empty());
  replace_in("config/app-config.yaml", "tag: 2.3.1", "tag: 2.4.0");
  diffs = diff_revisions(work_, "HEAD", "", "prod");
  EXPECT_EQ(diffs.front().result.changes.size(), 1u);
}

TEST_F(DiffRevisions, ABaseWithoutTheRepositoryShowsEverythingAdded) {
  fs::path empty = scratch_ / "empty";
  fs::create_directories(empty);
  run("git -C " + empty.string() + " init -q -b main");
  run("git -C " + empty.string() + " -c user.name=t -c user.email=t@example.test commit -q " +
      "--allow-empty -m start");
  git("fetch -q " + empty.string() + " main:refs/heads/start");
  auto diffs = diff_revisions(work_, "start", "HEAD", "staging");
  ASSERT_EQ(diffs.size(), 1u);
  ASSERT_FALSE(diffs.front().result.changes.empty());
  for (const auto& c : diffs.front().result.changes) {
    EXPECT_EQ(c.kind, diff::ChangeKind::kAdded) << c.key.display();
  }
}

TEST_F(DiffRevisions, AnUnknownRevisionIsAnError) {
  EXPECT_THROW(diff_revisions(work_, "no-such-revision", "HEAD", ""), Error);
}

}  // namespace
}  // namespace render::git
