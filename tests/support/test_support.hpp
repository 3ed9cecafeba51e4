// Small helpers the unit tests share.
#pragma once

#include <gtest/gtest.h>

#include <sys/mman.h>
#include <unistd.h>

#include <array>
#include <cstdint>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

namespace render::testing {

// The whole file; empty when it cannot be read.
inline std::string read_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

// Runs a shell command and returns what it printed (stdout and stderr). With `exit_status` the
// status is stored there; without, a non-zero status fails the test.
inline std::string run(const std::string& command, int* exit_status = nullptr) {
  std::string out;
  FILE* pipe = ::popen((command + " 2>&1").c_str(), "r");
  std::array<char, 4096> buf{};
  std::size_t n;
  while ((n = std::fread(buf.data(), 1, buf.size(), pipe)) > 0) out.append(buf.data(), n);
  int status = ::pclose(pipe);
  if (exit_status) {
    *exit_status = status;
  } else {
    EXPECT_EQ(status, 0) << command << "\n" << out;
  }
  return out;
}

// A test's own empty scratch directory under the system temp directory, named after the
// process and the running test, so parallel test processes never share one. The caller removes
// it in TearDown.
class ScratchDir : public ::testing::Test {
 protected:
  void SetUp() override {
    scratch_ = std::filesystem::temp_directory_path() /
               ("gitops-render-test-" + std::to_string(::getpid()) + "-" +
                ::testing::UnitTest::GetInstance()->current_test_info()->name());
    std::filesystem::remove_all(scratch_);
    std::filesystem::create_directories(scratch_);
  }
  void TearDown() override { std::filesystem::remove_all(scratch_); }
  // Writes `content` to scratch_/rel, making the directories on the way.
  void write(const std::string& rel, const std::string& content) {
    std::filesystem::path p = scratch_ / rel;
    std::filesystem::create_directories(p.parent_path());
    std::ofstream(p, std::ios::binary) << content;
  }

  std::filesystem::path scratch_;
};

// A file with the given bytes under the system temp directory, named after the process and the
// running test; removed again on destruction.
class ScratchFile {
 public:
  ScratchFile(const std::string& name, const std::string& content)
      : path_(std::filesystem::temp_directory_path() /
              ("gitops-render-test-" + std::to_string(::getpid()) + "-" +
               ::testing::UnitTest::GetInstance()->current_test_info()->name() + "-" + name)) {
    std::ofstream(path_, std::ios::binary) << content;
  }
  ~ScratchFile() {
    std::error_code ec;
    std::filesystem::remove(path_, ec);
  }
  ScratchFile(const ScratchFile&) = delete;
  ScratchFile& operator=(const ScratchFile&) = delete;
  const std::filesystem::path& path() const { return path_; }

 private:
  std::filesystem::path path_;
};

// Whether every page of [from, to) is in memory (mincore), or (`every` false) none is.
inline bool resident(std::uintptr_t from, std::uintptr_t to, bool every) {
  constexpr std::uintptr_t kPage = 4096;
  from &= ~(kPage - 1);
  std::vector<unsigned char> pages((to - from + kPage - 1) / kPage);
  EXPECT_EQ(mincore(reinterpret_cast<void*>(from), to - from, pages.data()), 0);
  for (unsigned char p : pages) {
    if (((p & 1) != 0) != every) return false;
  }
  return true;
}

// A mapping of this process's address space, as /proc/self/smaps lists it.
struct Mapping {
  std::uintptr_t from = 0, to = 0;
  std::string flags;  // VmFlags, with a space before and after each ("nh": no huge pages)
};

inline std::vector<Mapping> mappings() {
  std::vector<Mapping> all;
  std::ifstream smaps("/proc/self/smaps");
  for (std::string line; std::getline(smaps, line);) {
    Mapping m;
    int end = 0;
    if (std::sscanf(line.c_str(), "%lx-%lx %n", &m.from, &m.to, &end) == 2 && end > 0) {
      all.push_back(m);
    } else if (!all.empty() && line.rfind("VmFlags:", 0) == 0) {
      all.back().flags = line.substr(8) + " ";
    }
  }
  return all;
}

}  // namespace render::testing
