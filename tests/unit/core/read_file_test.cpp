#include "render/read_file.hpp"

#include <gtest/gtest.h>

#include <cerrno>
#include <filesystem>
#include <fstream>
#include <string>

#include <unistd.h>

namespace render {
namespace {

namespace fs = std::filesystem;
using Step = ReadFailure::Step;

class ReadWholeFile : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() / ("read-file-test-" + std::to_string(::getpid()));
    fs::remove_all(dir_);
    fs::create_directories(dir_);
  }
  void TearDown() override { fs::remove_all(dir_); }

  std::string write(const std::string& name, const std::string& content) {
    fs::path p = dir_ / name;
    std::ofstream(p, std::ios::binary) << content;
    return p.string();
  }

  fs::path dir_;
};

TEST_F(ReadWholeFile, ReadsEveryByteOfFilesOfManySizes) {
  // Around the first read's size (the file's size plus one) and the 64 KiB growth step.
  for (std::size_t size : {0u, 1u, 4095u, 4096u, 65535u, 65536u, 65537u, 300000u}) {
    std::string content(size, '\0');
    for (std::size_t i = 0; i < size; ++i) content[i] = static_cast<char>(i * 7 + i / 251);
    std::string path = write("f" + std::to_string(size), content);
    std::string out = "left over";
    ReadFailure failure = read_whole_file(path, out);
    EXPECT_FALSE(failure) << size;
    EXPECT_EQ(out, content) << size;
  }
}

TEST_F(ReadWholeFile, ReadsFilesWhoseSizeTheKernelDoesNotKnow) {
  // /proc files report size 0 and still have content.
  std::string out;
  ASSERT_FALSE(read_whole_file("/proc/self/status", out));
  EXPECT_NE(out.find("Name:"), std::string::npos);
}

TEST_F(ReadWholeFile, MissingFileFailsAtTheOpen) {
  std::string out;
  ReadFailure failure = read_whole_file((dir_ / "missing").string(), out);
  EXPECT_EQ(failure.step, Step::kOpen);
  EXPECT_EQ(failure.number, ENOENT);
}

TEST_F(ReadWholeFile, DirectoryFailsAtTheRead) {
  std::string out;
  ReadFailure failure = read_whole_file(dir_.string(), out);
  EXPECT_EQ(failure.step, Step::kRead);
  EXPECT_EQ(failure.number, EISDIR);
}

TEST_F(ReadWholeFile, SymlinkIsFollowedUnlessRefused) {
  std::string target = write("target", "through the link");
  fs::create_symlink(target, dir_ / "link");
  std::string link = (dir_ / "link").string();
  std::string out;
  ASSERT_FALSE(read_whole_file(link, out));
  EXPECT_EQ(out, "through the link");

  ReadFileOptions no_links;
  no_links.follow_symlinks = false;
  ReadFailure failure = read_whole_file(link, out, no_links);
  EXPECT_EQ(failure.step, Step::kOpen);
  EXPECT_EQ(failure.number, ELOOP);
  EXPECT_FALSE(read_whole_file(target, out, no_links));
}

TEST_F(ReadWholeFile, FileOverTheLimitIsRefused) {
  ReadFileOptions limit;
  limit.max_bytes = 100;
  std::string out;
  EXPECT_FALSE(read_whole_file(write("at", std::string(100, 'a')), out, limit));
  EXPECT_EQ(out.size(), 100u);
  ReadFailure failure = read_whole_file(write("over", std::string(101, 'a')), out, limit);
  EXPECT_EQ(failure.step, Step::kRead);
  EXPECT_EQ(failure.number, EFBIG);
  // Also where the size is not known up front: at most one byte past the limit is read.
  limit.max_bytes = 10;
  failure = read_whole_file("/proc/self/status", out, limit);
  EXPECT_EQ(failure.number, EFBIG);
  EXPECT_EQ(out.size(), 11u);
}

TEST_F(ReadWholeFile, PathThroughAFileFailsAtTheOpen) {
  std::string file = write("plain", "x");
  std::string out;
  ReadFailure failure = read_whole_file(file + "/below", out);
  EXPECT_EQ(failure.step, Step::kOpen);
  EXPECT_EQ(failure.number, ENOTDIR);
}

}  // namespace
}  // namespace render
