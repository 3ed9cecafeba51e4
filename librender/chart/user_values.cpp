// User values as `helm template` reads them: -f files, then --set-json, --set, --set-string,
// --set-file and --set-literal, each merged over what came before.
#include <cerrno>
#include <cstring>
#include <iostream>
#include <iterator>
#include <string_view>

#include "chart/failure.hpp"
#include "chart/json_value.hpp"
#include "chart/loader.hpp"
#include "chart/strvals.hpp"
#include "render/chart.hpp"
#include "render/go_url.hpp"
#include "render/read_file.hpp"
#include "render/utf8.hpp"

namespace render::chart {
namespace {

// Reads a values file as Helm's -f and --set-file do (see ValueOptions::names_as_urls); false
// with Go's error text ("open x: no such file or directory") in `error`. A name is parsed as a
// URL first, whose error Helm reports ("parse \"50%.yaml\": invalid URL escape ..."); a URL of
// a scheme Helm downloads from (http, https, oci) is refused, as the render reads nothing from
// the network; any other is a path.
bool read_input(const std::string& path, bool as_url, std::string& content, std::string& error) {
  if (as_url ? go_trim_space(path) == "-" : path == "-") {
    content.assign(std::istreambuf_iterator<char>(std::cin), std::istreambuf_iterator<char>());
    return true;
  }
  GoUrl url;
  if (as_url && !go_url_parse(path, url, error)) return false;
  if (as_url && (url.scheme == "http" || url.scheme == "https" || url.scheme == "oci")) {
    error = path +
            " is not downloaded: values are read from files on disk (fetch it first, "
            "and give the file)";
    return false;
  }
  ReadFailure failure = read_whole_file(path, content);
  if (!failure) return true;
  std::string reason =
      failure.number == ENOENT ? "no such file or directory" : std::strerror(failure.number);
  for (char& c : reason) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  error = (failure.step == ReadFailure::Step::kOpen ? "open " : "read ") + path + ": " + reason;
  return false;
}

void apply_sets(const std::vector<std::string>& args, SetMode mode, const char* flag, bool as_url,
                Value& base) {
  FileReader reader = [as_url](const std::string& path, std::string& content, std::string& error) {
    return read_input(path, as_url, content, error);
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
    if (!read_input(file, options.names_as_urls, content, error)) fail(code::kIo, error);
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
  const bool as_url = options.names_as_urls;
  apply_sets(options.set, SetMode::kTyped, "--set", as_url, base);
  apply_sets(options.set_string, SetMode::kString, "--set-string", as_url, base);
  apply_sets(options.set_file, SetMode::kFile, "--set-file", as_url, base);
  apply_sets(options.set_literal, SetMode::kLiteral, "--set-literal", as_url, base);
  return base;
}

}  // namespace render::chart
