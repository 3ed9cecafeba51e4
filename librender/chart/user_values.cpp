// User values as `helm template` reads them: -f files, then --set-json, --set, --set-string,
// --set-file and --set-literal, each merged over what came before.
#include <cerrno>
#include <cstring>
#include <iostream>
#include <iterator>

#include "chart/failure.hpp"
#include "chart/json_value.hpp"
#include "chart/loader.hpp"
#include "chart/strvals.hpp"
#include "render/chart.hpp"
#include "render/read_file.hpp"

namespace render::chart {
namespace {

// Reads a values file ("-" is stdin); false with Go's error text ("open x: no such file or
// directory") in `error`.
bool read_input(const std::string& path, std::string& content, std::string& error) {
  if (path == "-") {
    content.assign(std::istreambuf_iterator<char>(std::cin), std::istreambuf_iterator<char>());
    return true;
  }
  ReadFailure failure = read_whole_file(path, content);
  if (!failure) return true;
  std::string reason =
      failure.number == ENOENT ? "no such file or directory" : std::strerror(failure.number);
  for (char& c : reason) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  error = (failure.step == ReadFailure::Step::kOpen ? "open " : "read ") + path + ": " + reason;
  return false;
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
