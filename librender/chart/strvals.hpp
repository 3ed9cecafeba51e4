// Helm's strvals: the syntax of --set, --set-string, --set-file, --set-json and --set-literal.
#pragma once

#include <functional>
#include <string>
#include <string_view>

#include "render/value.hpp"

namespace render::chart {

enum class SetMode {
  kTyped,    // --set: true/false/null and decimal int64s typed, the rest strings
  kString,   // --set-string: every value a string
  kFile,     // --set-file: the value is a path, replaced by the file's content
  kJson,     // --set-json: the value is JSON
  kLiteral,  // --set-literal: the value is everything after the first '=' of the key path
};

// Reads the file named by a --set-file value; returns false with Go's error text in `error`.
using FileReader =
    std::function<bool(const std::string& path, std::string& content, std::string& error)>;

// Parses one --set style argument ("a.b=c,list={1,2},x[0].y=z") into the map `dest`, merging
// into what is there. Returns false with Helm's message (without the "failed parsing --set data:"
// prefix) in `error`. List indexes above 65536 are refused (CVE-2022-36055), and key paths
// nested deeper than 30 levels.
bool parse_set(std::string_view text, Value& dest, SetMode mode, std::string& error,
               const FileReader& reader = {});

}  // namespace render::chart
