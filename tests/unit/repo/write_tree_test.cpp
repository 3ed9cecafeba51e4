#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "render/repo.hpp"
#include "test_support.hpp"

namespace fs = std::filesystem;

namespace render::repo {
namespace {

std::string slurp(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

void spit(const fs::path& p, const std::string& text) {
  fs::create_directories(p.parent_path());
  std::ofstream(p, std::ios::binary) << text;
}

// Every file below a directory with its bytes, to prove that a refused write changed nothing.
std::map<std::string, std::string> snapshot(const fs::path& root) {
  std::map<std::string, std::string> out;
  for (const auto& e : fs::recursive_directory_iterator(root)) {
    std::string rel = e.path().lexically_relative(root).generic_string();
    out[rel] = e.is_symlink()        ? "->" + fs::read_symlink(e.path()).string()
               : e.is_regular_file() ? slurp(e.path())
                                     : "<dir>";
  }
  return out;
}

class WriteTreeTest : public render::testing::ScratchDir {
 protected:
  void SetUp() override {
    ScratchDir::SetUp();
    base_ = scratch_;
    out_ = base_ / "out";
  }

  // Nothing but `out` may be left beside it: no temporary directories.
  void expect_no_strays() {
    for (const auto& e : fs::directory_iterator(base_)) {
      EXPECT_EQ(e.path().filename(), "out") << "stray entry " << e.path();
    }
  }

  fs::path base_;
  fs::path out_;
};

TEST_F(WriteTreeTest, WritesANewTreeWithItsManifest) {
  FileTree tree{{"a.yaml", "a: 1\n"}, {"dir/b.yaml", "b: 2\n"}};
  WritePlan plan = write_tree(out_, tree);
  EXPECT_EQ(plan.added, (std::vector<std::string>{"a.yaml", "dir/b.yaml"}));
  EXPECT_EQ(slurp(out_ / "a.yaml"), "a: 1\n");
  EXPECT_EQ(slurp(out_ / "dir/b.yaml"), "b: 2\n");
  EXPECT_EQ(slurp(out_ / ".gitops-render/manifest"), manifest_text(tree));
  expect_no_strays();
}

TEST_F(WriteTreeTest, SameTreeTwiceChangesNothing) {
  FileTree tree{{"a.yaml", "a: 1\n"}};
  write_tree(out_, tree);
  auto before = snapshot(out_);
  auto inode = fs::status(out_).permissions();
  WritePlan plan = write_tree(out_, tree);
  EXPECT_FALSE(plan.has_changes());
  EXPECT_EQ(plan.unchanged, std::vector<std::string>{"a.yaml"});
  EXPECT_EQ(snapshot(out_), before);
  EXPECT_EQ(fs::status(out_).permissions(), inode);
  expect_no_strays();
}

TEST_F(WriteTreeTest, RemovesWhatIsNoLongerGeneratedAndKeepsOwnedFiles) {
  write_tree(out_, {{"apps/old.yaml", "old\n"}, {"keep.yaml", "k\n"}});
  spit(out_ / "overlays/prod/patch.yaml", "mine\n");  // the infra repo's own file
  WritePlan plan = write_tree(out_, {{"keep.yaml", "k2\n"}});
  EXPECT_EQ(plan.removed, std::vector<std::string>{"apps/old.yaml"});
  EXPECT_EQ(plan.changed, std::vector<std::string>{"keep.yaml"});
  EXPECT_FALSE(fs::exists(out_ / "apps/old.yaml"));
  EXPECT_FALSE(fs::exists(out_ / "apps"));  // left empty by the removal
  EXPECT_EQ(slurp(out_ / "overlays/prod/patch.yaml"), "mine\n");
  EXPECT_EQ(slurp(out_ / "keep.yaml"), "k2\n");
  expect_no_strays();
}

TEST_F(WriteTreeTest, HandEditedGeneratedFileIsReportedNotOverwritten) {
  write_tree(out_, {{"a.yaml", "a: 1\n"}});
  spit(out_ / "a.yaml", "a: edited\n");
  auto before = snapshot(out_);
  try {
    write_tree(out_, {{"a.yaml", "a: 2\n"}});
    FAIL() << "expected a conflict";
  } catch (const Error& e) {
    ASSERT_EQ(e.diagnostics().size(), 1u);
    EXPECT_EQ(e.diagnostics()[0].code, "E_UNSAFE_TREE");
    EXPECT_NE(e.diagnostics()[0].message.find("a.yaml"), std::string::npos);
    EXPECT_EQ(e.exit_code(), ExitCode::kIoError);
  }
  EXPECT_EQ(snapshot(out_), before);
  WritePlan forced = write_tree(out_, {{"a.yaml", "a: 2\n"}}, {.force = true});
  EXPECT_EQ(forced.changed, std::vector<std::string>{"a.yaml"});
  EXPECT_EQ(slurp(out_ / "a.yaml"), "a: 2\n");
}

TEST_F(WriteTreeTest, ForeignFileInTheWayIsAConflict) {
  spit(out_ / "a.yaml", "not generated\n");
  EXPECT_THROW(write_tree(out_, {{"a.yaml", "a: 1\n"}}), Error);
  EXPECT_EQ(slurp(out_ / "a.yaml"), "not generated\n");
}

TEST_F(WriteTreeTest, RefusesToWriteThroughSymlinks) {
  fs::create_directories(out_);
  fs::create_directories(base_ / "elsewhere");
  fs::create_directory_symlink(base_ / "elsewhere", out_ / "platform");
  try {
    write_tree(out_, {{"platform/x.yaml", "x\n"}});
    FAIL() << "expected a refusal";
  } catch (const Error& e) {
    EXPECT_EQ(e.diagnostics()[0].code, "E_UNSAFE_TREE");
  }
  EXPECT_TRUE(fs::is_empty(base_ / "elsewhere"));
  fs::create_directory_symlink(base_ / "elsewhere", base_ / "link");
  EXPECT_THROW(write_tree(base_ / "link", {{"x.yaml", "x\n"}}), Error);
  EXPECT_TRUE(fs::is_empty(base_ / "elsewhere"));
}

TEST_F(WriteTreeTest, UnsafePathsWriteNothing) {
  EXPECT_THROW(write_tree(out_, {{"ok.yaml", "x"}, {"../escape.yaml", "x"}}), Error);
  EXPECT_FALSE(fs::exists(out_));
  EXPECT_FALSE(fs::exists(base_ / "escape.yaml"));
  expect_no_strays();
}

TEST_F(WriteTreeTest, StaleTemporaryDirectoryOfAKilledRunIsCleanedUp) {
  fs::create_directories(base_ / ".out.gitops-render-999999999" / "half");
  write_tree(out_, {{"a.yaml", "a\n"}});
  expect_no_strays();
}

TEST(UnsafePath, RefusesEscapesReservedAndInvisibleNames) {
  for (const char* bad : {"",          "/etc/cron.d/x", "../x",
                          "a/../../b", "a/./b",         "a//b",
                          "a/",        ".git/config",   ".GIT/config",
                          "a/.Git/x",  "git~1/x",       ".git./x",
                          ".git /x",   ".gitmodules",   "x/.gitattributes",
                          "con",       "aux.yaml",      "COM1.txt",
                          "lpt9",      "b:c",           "a\\b",
                          "x\x01y",    "a\x7f",         ".g\u200cit/config",
                          "a\u202eb",  "trailing.",     "trailing ",
                          "q?.yaml",   "bad\xff"}) {
    EXPECT_TRUE(unsafe_path_reason(bad).has_value()) << "accepted: " << bad;
  }
  for (const char* good :
       {"a.yaml", "charts/app/templates/_helpers.tpl", ".gitops-render/manifest",
        "overlays/prod/values.yaml", "docs/héllo.md", ".gitignore", "console.yaml", "a..b"}) {
    EXPECT_FALSE(unsafe_path_reason(good).has_value()) << "refused: " << good;
  }
}

TEST(CheckTreePaths, FindsCaseCollisionsAndFileDirectoryClashes) {
  auto d = check_tree_paths({{"Web.yaml", ""}, {"web.yaml", ""}});
  ASSERT_EQ(d.size(), 1u);
  EXPECT_NE(d[0].message.find("letter case"), std::string::npos);
  d = check_tree_paths({{"a", ""}, {"a/b", ""}});
  ASSERT_EQ(d.size(), 1u);
  EXPECT_NE(d[0].message.find("both a file and a directory"), std::string::npos);
  EXPECT_TRUE(check_tree_paths({{"a/b", ""}, {"a-b", ""}, {"ab", ""}}).empty());
}

TEST(Manifest, RoundTripsAndRefusesDamage) {
  FileTree tree{{"a.yaml", "a"}, {"b/c.yaml", ""}};
  auto parsed = parse_manifest(manifest_text(tree), "m");
  ASSERT_EQ(parsed.size(), 2u);
  EXPECT_EQ(parsed["b/c.yaml"], "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
  EXPECT_THROW(parse_manifest("nothex  a.yaml\n", "m"), Error);
  EXPECT_THROW(parse_manifest(std::string(64, 'a') + "  ../evil\n", "m"), Error);
}

}  // namespace
}  // namespace render::repo
