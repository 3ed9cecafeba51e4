#include <gtest/gtest.h>
#include <unistd.h>

#include <array>
#include <cstdio>
#include <filesystem>

#include "render/git.hpp"
#include "test_support.hpp"

namespace fs = std::filesystem;

namespace render::git {
namespace {

using render::testing::run;

class RemoteTest : public render::testing::ScratchDir {
 protected:
  void SetUp() override {
    ScratchDir::SetUp();
    root_ = scratch_;
    remote_ = root_ / "remote.git";
    run("git init -q --bare -b main " + remote_.string());
    // Seed the remote with one commit, then clone it twice: two pipeline runs.
    a_ = clone("a");
    CommitResult seed = commit_generated(a_, request({{"a.yaml", "0\n"}}));
    ASSERT_TRUE(seed.committed);
    push(a_, "origin", "main");
    b_ = clone("b");
  }

  fs::path clone(const std::string& name) {
    fs::path dir = root_ / name;
    run("git clone -q " + remote_.string() + " " + dir.string());
    return dir;
  }
  CommitRequest request(repo::FileTree files) {
    CommitRequest r;
    r.generated = std::move(files);
    r.message = "generate";
    r.author = r.committer = {"ci", "ci@example.test", 1700000000, 0};
    return r;
  }
  std::string remote_head() { return run("git -C " + remote_.string() + " rev-parse main"); }

  fs::path root_, remote_, a_, b_;
};

TEST_F(RemoteTest, PushFastForwards) {
  CommitResult r = commit_generated(b_, request({{"a.yaml", "1\n"}}));
  push(b_, "origin", "main");
  EXPECT_EQ(remote_head(), r.commit + "\n");
}

TEST_F(RemoteTest, RejectedNonFastForwardIsALostRaceAndOverwritesNothing) {
  CommitResult first = commit_generated(a_, request({{"a.yaml", "from-a\n"}}));
  push(a_, "origin", "main");
  commit_generated(b_, request({{"a.yaml", "from-b\n"}}));  // built on the old head
  try {
    push(b_, "origin", "main");
    FAIL() << "expected the push to be rejected";
  } catch (const Error& e) {
    EXPECT_EQ(e.diagnostics()[0].code, "E_RACE") << e.diagnostics()[0].message;
    EXPECT_EQ(e.exit_code(), ExitCode::kLostRace);
  }
  EXPECT_EQ(remote_head(), first.commit + "\n");
}

TEST_F(RemoteTest, FetchAndResetStartAgainFromTheRemoteHead) {
  CommitResult from_a = commit_generated(a_, request({{"a.yaml", "from-a\n"}}));
  push(a_, "origin", "main");
  CommitResult mine = commit_generated(b_, request({{"a.yaml", "from-b\n"}}));
  auto fetched = fetch(b_, "origin", "main");
  ASSERT_EQ(fetched, from_a.commit);
  reset_branch(b_, "main", mine.commit, *fetched);
  EXPECT_EQ(run("git -C " + b_.string() + " status --porcelain"), "");
  CommitResult again = commit_generated(b_, request({{"a.yaml", "from-b\n"}}));
  EXPECT_EQ(again.parent, from_a.commit);
  push(b_, "origin", "main");
  EXPECT_EQ(remote_head(), again.commit + "\n");
  EXPECT_EQ(fetch(b_, "origin", "no-such-branch"), std::nullopt);
  run("git -C " + remote_.string() + " fsck --strict");
}

}  // namespace
}  // namespace render::git
