#include <gtest/gtest.h>
#include <unistd.h>

#include <array>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <latch>
#include <optional>
#include <thread>
#include <vector>

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
  // The error of a push of main that must fail; nullopt when it went through.
  static std::optional<Error> failed_push(const fs::path& clone, const std::string& remote) {
    try {
      push(clone, remote, "main");
    } catch (const Error& e) {
      return e;
    }
    return std::nullopt;
  }

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
  auto e = failed_push(b_, "origin");
  ASSERT_TRUE(e) << "expected the push to be rejected";
  EXPECT_EQ(e->diagnostics()[0].code, "E_RACE") << e->diagnostics()[0].message;
  EXPECT_EQ(e->exit_code(), ExitCode::kLostRace);
  EXPECT_EQ(remote_head(), first.commit + "\n");
}

TEST_F(RemoteTest, AFetchedButDivergedHeadIsStillRefused) {
  CommitResult first = commit_generated(a_, request({{"a.yaml", "from-a\n"}}));
  push(a_, "origin", "main");
  commit_generated(b_, request({{"a.yaml", "from-b\n"}}));
  ASSERT_EQ(fetch(b_, "origin", "main"), first.commit);  // b has a's commit, but not below its own
  auto e = failed_push(b_, "origin");
  ASSERT_TRUE(e) << "expected the push to be rejected";
  EXPECT_EQ(e->exit_code(), ExitCode::kLostRace);
  EXPECT_NE(e->diagnostics()[0].message.find("non-fast-forward"), std::string::npos)
      << e->diagnostics()[0].message;
  EXPECT_EQ(remote_head(), first.commit + "\n");
}

TEST_F(RemoteTest, AFileUrlCreatesANewBranch) {
  CommitResult r = commit_generated(b_, request({{"a.yaml", "1\n"}}));
  run("git -C " + b_.string() + " branch -q staging");
  push(b_, "file://" + remote_.string(), "staging");
  EXPECT_EQ(run("git -C " + remote_.string() + " rev-parse staging"), r.commit + "\n");
  run("git -C " + remote_.string() + " fsck --strict");
}

TEST_F(RemoteTest, ALockLeftInTheRemoteIsNamedAndNothingMoves) {
  fs::path lock = remote_ / "refs" / "heads" / "main.lock";
  { std::ofstream(lock) << "left by a killed push\n"; }
  std::string before = remote_head();
  commit_generated(b_, request({{"a.yaml", "1\n"}}));
  auto e = failed_push(b_, "origin");
  ASSERT_TRUE(e) << "expected the push to fail";
  EXPECT_EQ(e->diagnostics()[0].code, "E_GIT");
  EXPECT_NE(e->diagnostics()[0].message.find(lock.string()), std::string::npos)
      << e->diagnostics()[0].message;
  EXPECT_EQ(remote_head(), before);
  fs::remove(lock);
  push(b_, "origin", "main");
  EXPECT_NE(remote_head(), before);
}

TEST_F(RemoteTest, APushUrlIsWhereThePushGoes) {
  fs::path mirror = root_ / "mirror.git";
  run("git clone -q --bare " + remote_.string() + " " + mirror.string());
  run("git -C " + b_.string() + " config remote.origin.pushurl " + mirror.string());
  std::string before = remote_head();
  CommitResult r = commit_generated(b_, request({{"a.yaml", "1\n"}}));
  push(b_, "origin", "main");
  EXPECT_EQ(run("git -C " + mirror.string() + " rev-parse main"), r.commit + "\n");
  EXPECT_EQ(remote_head(), before);
}

TEST_F(RemoteTest, AWorkingTreeIsNotPushedInto) {
  fs::path worktree = root_ / "worktree";
  run("git clone -q " + remote_.string() + " " + worktree.string());
  std::string before = run("git -C " + worktree.string() + " rev-parse main");
  commit_generated(b_, request({{"a.yaml", "1\n"}}));
  auto e = failed_push(b_, worktree.string());
  ASSERT_TRUE(e) << "expected the push to be refused";
  EXPECT_EQ(e->diagnostics()[0].code, "E_GIT");
  EXPECT_NE(e->diagnostics()[0].message.find("not a bare repository"), std::string::npos)
      << e->diagnostics()[0].message;
  EXPECT_EQ(run("git -C " + worktree.string() + " rev-parse main"), before);
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

// Pushes that start from the same head at the same moment: exactly one lands and the others
// are told they lost, every round. A push that reports success and is then overwritten by
// another is the failure this guards against.
TEST_F(RemoteTest, ConcurrentPushesFromOneHeadLandExactlyOnce) {
  constexpr int kClones = 6;
  constexpr int kRounds = 12;
  std::vector<fs::path> clones{a_, b_};
  while (clones.size() < kClones) clones.push_back(clone("c" + std::to_string(clones.size())));
  for (int round = 0; round < kRounds; ++round) {
    std::string head = remote_head().substr(0, 40);
    std::vector<std::string> commits;
    for (std::size_t i = 0; i < clones.size(); ++i) {
      std::string local = run("git -C " + clones[i].string() + " rev-parse main").substr(0, 40);
      ASSERT_EQ(fetch(clones[i], "origin", "main"), head);
      reset_branch(clones[i], "main", local, head);
      std::string body = std::to_string(round) + "-" + std::to_string(i) + "\n";
      commits.push_back(commit_generated(clones[i], request({{"a.yaml", body}})).commit);
    }
    std::vector<int> outcome(clones.size(), 0);  // 1 landed, 4 lost the race, 3 other error
    std::vector<std::string> errors(clones.size());
    std::latch start(static_cast<std::ptrdiff_t>(clones.size()));
    std::vector<std::thread> threads;
    for (std::size_t i = 0; i < clones.size(); ++i) {
      threads.emplace_back([&, i] {
        start.arrive_and_wait();
        try {
          push(clones[i], "origin", "main");
          outcome[i] = 1;
        } catch (const Error& e) {
          outcome[i] = e.exit_code() == ExitCode::kLostRace ? 4 : 3;
          errors[i] = e.diagnostics()[0].message;
        }
      });
    }
    for (auto& t : threads) t.join();
    std::string now = remote_head().substr(0, 40);
    int landed = 0;
    for (std::size_t i = 0; i < clones.size(); ++i) {
      EXPECT_NE(outcome[i], 3) << "round " << round << ": " << errors[i];
      if (outcome[i] == 1) {
        ++landed;
        EXPECT_EQ(commits[i], now) << "round " << round << ": clone " << i
                                   << " was told its push landed, but the remote has another";
      }
    }
    EXPECT_EQ(landed, 1) << "round " << round;
  }
  run("git -C " + remote_.string() + " fsck --strict");
}

}  // namespace
}  // namespace render::git
