#include <gtest/gtest.h>
#include <unistd.h>

#include <array>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>

#include "render/git.hpp"
#include "test_support.hpp"

namespace fs = std::filesystem;

namespace render::git {
namespace {

using render::testing::run;

Signature fixed(const std::string& name) {
  return {name, name + "@example.test", 1700000000, 0};
}

class CommitTest : public render::testing::ScratchDir {
 protected:
  void SetUp() override {
    ScratchDir::SetUp();
    root_ = scratch_;
    work_ = root_ / "work";
    run("git init -q -b main " + work_.string());
  }

  CommitRequest request(repo::FileTree files, std::string message = "generate") {
    CommitRequest r;
    r.generated = std::move(files);
    r.message = std::move(message);
    r.author = fixed("author");
    r.committer = fixed("committer");
    return r;
  }
  std::string git(const std::string& args) { return run("git -C " + work_.string() + " " + args); }

  fs::path root_;
  fs::path work_;
};

TEST_F(CommitTest, FirstCommitCreatesTheBranchAndChecksOutTheFiles) {
  CommitResult r = commit_generated(work_, request({{"a.yaml", "a: 1\n"}, {"d/b.yaml", "b\n"}}));
  EXPECT_TRUE(r.committed);
  EXPECT_EQ(r.parent, "");
  EXPECT_EQ(git("rev-parse refs/heads/main"), r.commit + "\n");
  EXPECT_EQ(git("ls-tree -r --name-only HEAD"), ".gitops-render/manifest\na.yaml\nd/b.yaml\n");
  EXPECT_EQ(git("status --porcelain"), "");  // index and working tree match the commit
  std::ifstream in(work_ / "a.yaml");
  std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  EXPECT_EQ(text, "a: 1\n");
  EXPECT_EQ(git("log -1 '--format=%an|%ae|%at|%cn|%s'"),
            "author|author@example.test|1700000000|committer|generate\n");
  run("git -C " + work_.string() + " fsck --strict");
}

TEST_F(CommitTest, SameTreeTwiceMakesNoCommit) {
  auto files = repo::FileTree{{"a.yaml", "a: 1\n"}};
  CommitResult first = commit_generated(work_, request(files));
  CommitResult second = commit_generated(work_, request(files));
  EXPECT_FALSE(second.committed);
  EXPECT_EQ(second.commit, first.commit);
  EXPECT_EQ(git("rev-list --count main"), "1\n");
}

TEST_F(CommitTest, KeepsOwnedFilesAndRemovesWhatIsNoLongerGenerated) {
  commit_generated(work_, request({{"gen/old.yaml", "old\n"}, {"gen/keep.yaml", "k\n"}}));
  { std::ofstream(work_ / "mine.yaml") << "infra\n"; }
  git("add mine.yaml");
  git("-c user.name=x -c user.email=x@x commit -q -m infra");
  CommitResult r = commit_generated(work_, request({{"gen/keep.yaml", "k2\n"}}));
  EXPECT_TRUE(r.committed);
  EXPECT_EQ(r.plan.removed, std::vector<std::string>{"gen/old.yaml"});
  EXPECT_EQ(git("ls-tree -r --name-only HEAD"),
            ".gitops-render/manifest\ngen/keep.yaml\nmine.yaml\n");
  EXPECT_FALSE(fs::exists(work_ / "gen/old.yaml"));
  EXPECT_EQ(git("status --porcelain"), "");
}

TEST_F(CommitTest, ABranchThatMovedIsALostRace) {
  CommitResult first = commit_generated(work_, request({{"a.yaml", "1\n"}}));
  commit_generated(work_, request({{"a.yaml", "2\n"}}));
  CommitRequest stale = request({{"a.yaml", "3\n"}});
  stale.expected_head = first.commit;
  try {
    commit_generated(work_, stale);
    FAIL() << "expected a lost race";
  } catch (const Error& e) {
    EXPECT_EQ(e.diagnostics()[0].code, "E_RACE");
    EXPECT_EQ(e.exit_code(), ExitCode::kLostRace);
  }
  EXPECT_EQ(git("rev-list --count main"), "2\n");
}

TEST_F(CommitTest, LocalEditsToGeneratedFilesAreRefusedBeforeCommitting) {
  commit_generated(work_, request({{"a.yaml", "1\n"}}));
  std::string head = git("rev-parse HEAD");
  { std::ofstream(work_ / "a.yaml") << "local edit\n"; }
  EXPECT_THROW(commit_generated(work_, request({{"a.yaml", "2\n"}})), Error);
  EXPECT_EQ(git("rev-parse HEAD"), head);
}

TEST_F(CommitTest, BareRepositoryAndReadingAtRevisions) {
  fs::path bare = root_ / "bare.git";
  run("git init -q --bare -b main " + bare.string());
  CommitResult one = commit_generated(bare, request({{"a.yaml", "1\n"}}));
  CommitRequest next = request({{"a.yaml", "2\n"}, {"b.yaml", "b\n"}});
  next.branch = "main";
  commit_generated(bare, next);
  EXPECT_EQ(read_tree(bare, one.commit).at("a.yaml"), "1\n");
  EXPECT_EQ(read_tree(bare, "main").at("b.yaml"), "b\n");
  EXPECT_EQ(read_file(bare, "main~1", "b.yaml"), std::nullopt);
  EXPECT_EQ(resolve(bare, "main~1"), one.commit);
  EXPECT_EQ(resolve(bare, "no-such-branch"), std::nullopt);
  run("git -C " + bare.string() + " fsck --strict");
}

TEST(Signature, FromSpecOrEnvironment) {
  ::setenv("SOURCE_DATE_EPOCH", "1234", 1);
  ::setenv("GIT_AUTHOR_NAME", "Env Name", 1);
  ::setenv("GIT_AUTHOR_EMAIL", "env@example.test", 1);
  Signature s = signature_for("AUTHOR", std::nullopt);
  EXPECT_EQ(s.name, "Env Name");
  EXPECT_EQ(s.email, "env@example.test");
  EXPECT_EQ(s.time, 1234);
  s = signature_for("AUTHOR", std::string("Jane Doe <jane@example.test>"));
  EXPECT_EQ(s.name, "Jane Doe");
  EXPECT_EQ(s.email, "jane@example.test");
  EXPECT_THROW(signature_for("AUTHOR", std::string("no email")), Error);
  ::unsetenv("GIT_AUTHOR_NAME");
  ::unsetenv("GIT_AUTHOR_EMAIL");
  ::unsetenv("SOURCE_DATE_EPOCH");
}

}  // namespace
}  // namespace render::git
