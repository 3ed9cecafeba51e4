// Small helpers the unit tests share.
#pragma once

#include <gtest/gtest.h>

#include <array>
#include <cstdio>
#include <fstream>
#include <sstream>
#include <string>

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

}  // namespace render::testing
