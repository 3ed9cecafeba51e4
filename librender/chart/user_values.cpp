// User values as `helm template` reads them: -f files, then --set-json, --set, --set-string,
// --set-file and --set-literal, each merged over what came before.
#include <algorithm>
#include <cerrno>
#include <cstring>
#include <iostream>
#include <iterator>

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include "chart/failure.hpp"
#include "chart/json_value.hpp"
#include "chart/loader.hpp"
#include "chart/strvals.hpp"
#include "render/chart.hpp"

namespace render::chart {
namespace {

// Reads a values file ("-" is stdin); false with Go's error text ("open x: no such file or
// directory") in `error`. A regular file is read straight into `content`, sized to it first.
bool read_input(const std::string& path, std::string& content, std::string& error) {
  if (path == "-") {
    content.assign(std::istreambuf_iterator<char>(std::cin), std::istreambuf_iterator<char>());
    return true;
  }
  auto reason_of = [](int number) {
    std::string reason = number == ENOENT ? "no such file or directory" : std::strerror(number);
    for (char& c : reason) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return reason;
  };
  int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) {
    error = "open " + path + ": " + reason_of(errno);
    return false;
  }
  struct Closer {
    int fd;
    ~Closer() { ::close(fd); }
  } closer{fd};
  struct stat st {};
  if (::fstat(fd, &st) == 0 && S_ISDIR(st.st_mode)) {
    error = "read " + path + ": is a directory";
    return false;
  }
  content.clear();
  std::size_t size = 0;
  if (S_ISREG(st.st_mode) && st.st_size > 0) content.resize(static_cast<std::size_t>(st.st_size));
  for (;;) {
    if (size == content.size()) content.resize(std::max<std::size_t>(64 * 1024, 2 * size));
    ssize_t n = ::read(fd, content.data() + size, content.size() - size);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) {
      error = "read " + path + ": " + reason_of(errno);
      return false;
    }
    if (n == 0) break;
    size += static_cast<std::size_t>(n);
  }
  content.resize(size);
  return true;
}

void apply_sets(const std::vector<std::string>& args, SetMode mode, const char* flag, Value& base) {
  FileReader reader = [](const std::string& path, std::string& content, std::string& error) {
    return read_input(path, content, error);
  };
  for (const auto& arg : args) {
    std::string error;
    if (!parse_set(arg, base, mode, error, reader)) {
      fail(mode == SetMode::kFile ? code::kIo : code::kParse,
           std::string("failed parsing ") + flag + " data: " + error);
    }
  }
}

}  // namespace

Value read_user_values(const ValueOptions& options) {
  Value base = Value::map();
  for (const auto& file : options.value_files) {
    std::string content, error;
    if (!read_input(file, content, error)) fail(code::kIo, error);
    merge_maps(base, load_values_documents(content, "failed to parse " + file + ": "));
  }
  for (const auto& arg : options.set_json) {
    std::string_view trimmed = arg;
    while (!trimmed.empty() && std::isspace(static_cast<unsigned char>(trimmed.front())))
      trimmed.remove_prefix(1);
    if (!trimmed.empty() && trimmed.front() == '{') {
      Value object;
      std::string error;
      if (!parse_json_value(trimmed, object, error) || !object.is_map()) {
        fail(code::kParse, "failed parsing --set-json data JSON: " + arg);
      }
      merge_maps(base, object);
      continue;
    }
    std::string error;
    if (!parse_set(arg, base, SetMode::kJson, error))
      fail(code::kParse, "failed parsing --set-json data " + arg);
  }
  apply_sets(options.set, SetMode::kTyped, "--set", base);
  apply_sets(options.set_string, SetMode::kString, "--set-string", base);
  apply_sets(options.set_file, SetMode::kFile, "--set-file", base);
  apply_sets(options.set_literal, SetMode::kLiteral, "--set-literal", base);
  return base;
}

}  // namespace render::chart
