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

CommitRequest request(repo::FileTree files, std::string message = "generate") {
  CommitRequest r;
  r.generated = std::move(files);
  r.message = std::move(message);
  r.author = r.committer = {"ci", "ci@example.test", 1700000000, 0};
  return r;
}

class PublishTest : public render::testing::ScratchDir {
 protected:
  void SetUp() override {
    ScratchDir::SetUp();
    root_ = scratch_;
    remote_ = root_ / "remote.git";
    run("git init -q --bare -b main " + remote_.string());
    a_ = clone("a");
    b_ = clone("b");
  }
  fs::path clone(const std::string& name) {
    fs::path dir = root_ / name;
    run("git clone -q " + remote_.string() + " " + dir.string());
    return dir;
  }
  std::string log() { return run("git -C " + remote_.string() + " log --format=%s main"); }

  fs::path root_, remote_, a_, b_;
  PublishOptions origin_{"main", "origin", 0};
};

TEST_F(PublishTest, CommitsAndPushesAndThenHasNothingToDo) {
  auto build = [](const std::string&) { return request({{"a.yaml", "1\n"}}, "first"); };
  PublishResult r = publish(a_, origin_, build);
  EXPECT_TRUE(r.commit.committed);
  EXPECT_TRUE(r.pushed);
  EXPECT_EQ(log(), "first\n");
  PublishResult again = publish(a_, origin_, build);
  EXPECT_FALSE(again.commit.committed);
  EXPECT_FALSE(again.pushed);
  EXPECT_EQ(log(), "first\n");
}

TEST_F(PublishTest, ABehindCloneCatchesUpBeforeBuilding) {
  publish(a_, origin_, [](const std::string&) { return request({{"a.yaml", "1\n"}}, "from a"); });
  std::string seen;
  PublishResult r = publish(b_, origin_, [&](const std::string& head) {
    seen = head;
    return request({{"a.yaml", "1\n"}, {"b.yaml", "2\n"}}, "from b");
  });
  EXPECT_EQ(seen, run("git -C " + remote_.string() + " rev-parse main~1").substr(0, 40));
  EXPECT_TRUE(r.pushed);
  EXPECT_EQ(log(), "from b\nfrom a\n");
  EXPECT_EQ(run("git -C " + b_.string() + " status --porcelain"), "");
}

TEST_F(PublishTest, ALostPushIsRetriedOnTheNewHead) {
  PublishOptions retrying = origin_;
  retrying.retries = 2;
  int calls = 0;
  PublishResult r = publish(b_, retrying, [&](const std::string&) {
    if (calls++ == 0) {
      // Another pipeline run lands between our fetch and our push.
      publish(a_, origin_, [](const std::string&) {
        return request({{"a.yaml", "a\n"}}, "from a");
      });
    }
    return request({{"b.yaml", "b\n"}}, "from b");
  });
  EXPECT_EQ(r.attempts, 2);
  EXPECT_TRUE(r.pushed);
  EXPECT_EQ(log(), "from b\nfrom a\n");
  run("git -C " + remote_.string() + " fsck --strict");
}

TEST_F(PublishTest, WithoutRetriesALostPushExitsWithARace) {
  try {
    publish(b_, origin_, [&](const std::string&) {
      publish(a_, origin_, [](const std::string&) {
        return request({{"a.yaml", "a\n"}}, "from a");
      });
      return request({{"b.yaml", "b\n"}}, "from b");
    });
    FAIL() << "expected a lost race";
  } catch (const Error& e) {
    EXPECT_EQ(e.exit_code(), ExitCode::kLostRace);
  }
  EXPECT_EQ(log(), "from a\n");
}

}  // namespace
}  // namespace render::git
