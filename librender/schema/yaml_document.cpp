// YAML input (config/app-config.yaml, overlays) as a located JSON document for validation.
#include <cmath>
#include <cstring>

#include "pointer.hpp"
#include "render/read_file.hpp"
#include "render/schema.hpp"
#include "render/yaml.hpp"

namespace render::schema {
namespace {

// Helm reads every number as float64; JSON Schema's "integer" accepts integral ones, so they
// become integers here.
nlohmann::json to_json(const Value& v) {
  switch (v.kind()) {
    case Value::Kind::kNil:
      return nullptr;
    case Value::Kind::kBool:
      return v.as_bool();
    case Value::Kind::kInt:
    case Value::Kind::kInt64:
      return v.as_int();
    case Value::Kind::kFloat: {
      double f = v.as_float();
      if (std::isfinite(f) && f == std::floor(f) && std::fabs(f) < 9e15) {
        return static_cast<std::int64_t>(f);
      }
      return f;
    }
    case Value::Kind::kList: {
      nlohmann::json out = nlohmann::json::array();
      for (const Value& item : v.as_list()) out.push_back(to_json(item));
      return out;
    }
    case Value::Kind::kMap: {
      nlohmann::json out = nlohmann::json::object();
      for (const auto& [key, item] : v.as_map()) out[key] = to_json(item);
      return out;
    }
    default:
      return v.is_string() || v.is_bytes() ? nlohmann::json(v.as_string()) : nlohmann::json();
  }
}

}  // namespace

ParseResult parse_yaml(std::string_view text, const std::string& file, const ParseLimits& limits,
                       bool positions) {
  ParseResult result;
  if (text.size() > limits.max_bytes) {
    result.diagnostics.push_back(too_large(file, text.size(), limits.max_bytes));
    return result;
  }
  yaml::LoadOptions options;
  options.file = file;
  options.max_depth = limits.max_depth;
  options.record_positions = positions;
  try {
    yaml::Loaded loaded = yaml::load(text, options);
    JsonDocument doc;
    doc.file = file;
    doc.value = to_json(loaded.value);
    for (const auto& [pointer, at] : loaded.values) doc.values[pointer] = {at.first, at.second};
    for (const auto& [pointer, at] : loaded.keys) doc.keys[pointer] = {at.first, at.second};
    result.document = std::move(doc);
  } catch (const Error& e) {
    result.diagnostics = e.diagnostics();
  }
  return result;
}

ParseResult load_file(const std::string& path, const ParseLimits& limits) {
  std::string text;
  if (ReadFailure failure = read_whole_file(path, text)) {
    ParseResult r;
    Diagnostic d;
    d.code = code::kIo;
    d.location.file = path;
    d.message = std::string("cannot read the file: ") + std::strerror(failure.number);
    r.diagnostics.push_back(std::move(d));
    return r;
  }
  std::size_t first = text.find_first_not_of(" \t\r\n");
  bool json = first != std::string::npos && (text[first] == '{' || text[first] == '[');
  return json ? parse_json(text, path, limits) : parse_yaml(text, path, limits);
}

}  // namespace render::schema
