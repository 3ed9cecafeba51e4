// Input documents that remember where every value came from, and JSON Schema validation that
// reports every violation with its JSON pointer and file:line:col.
#pragma once

#include <cstddef>
#include <map>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "render/diagnostic.hpp"

namespace render::schema {

struct Position {
  int line = 0;
  int col = 0;
};

// A parsed JSON or YAML document with the position of every value (and of every object key)
// by JSON pointer.
struct JsonDocument {
  nlohmann::json value;
  std::string file;
  std::map<std::string, Position> values;  // "/deployed_apps/0/name" -> where the value starts
  std::map<std::string, Position> keys;    // "/deployed_apps/0/name" -> where the key starts

  // The location of the value at `pointer`, or of its nearest ancestor that has one.
  Location locate(std::string_view pointer) const;
  // The location of the key naming `pointer` (falls back to locate()).
  Location locate_key(std::string_view pointer) const;
};

// Limits that keep a hostile payload from exhausting the machine (bad-inputs.md rows 3-5).
struct ParseLimits {
  std::size_t max_bytes = 4u << 20;    // the whole document
  int max_depth = 64;                  // nesting of arrays and objects
  std::size_t max_string = 32u << 10;  // one string, in bytes
};

struct ParseResult {
  std::optional<JsonDocument> document;  // absent when diagnostics hold an error
  std::vector<Diagnostic> diagnostics;
};

// Strict RFC 8259 JSON. Refuses, with file:line:col: malformed JSON, duplicate keys, nesting
// deeper than the limit, documents and strings over the size limits, invalid UTF-8 and lone
// surrogates, NUL and control characters other than tab and newline inside strings, and numbers
// that do not fit a double.
ParseResult parse_json(std::string_view text, const std::string& file,
                       const ParseLimits& limits = {});

// YAML with Helm's YAML 1.1 scalar rules (yes/no/on/off are booleans, numbers are numbers, quoted
// scalars are strings), refusing duplicate keys, aliases, tags other than the core ones and
// nesting deeper than the limit. `positions`: record where each value and key is
// (JsonDocument::values, keys) for the diagnostics to point at. Without them the common shapes
// load on a path several times faster (the generated app-config's check of itself needs none).
ParseResult parse_yaml(std::string_view text, const std::string& file,
                       const ParseLimits& limits = {}, bool positions = true);

// Reads a file (E_IO when it cannot) and parses it by content: JSON when the first non-blank
// byte is '{' or '[', YAML otherwise.
ParseResult load_file(const std::string& path, const ParseLimits& limits = {});

// The text of a bundled schema: "deployed-apps" or "app-config". Throws std::out_of_range.
const std::string& schema_text(std::string_view name);

// Every violation of the bundled schema `schema_name`, as E_SCHEMA diagnostics located in the
// document. An unknown property is reported at its key, with the closest allowed name as a
// hint. Values under env and secret_env are never quoted in messages.
std::vector<Diagnostic> validate(const JsonDocument& document, std::string_view schema_name);

}  // namespace render::schema
