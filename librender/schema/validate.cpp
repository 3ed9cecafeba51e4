// JSON Schema validation with valijson, turned into located, readable diagnostics.
//
// valijson reports every failed constraint, including the cascade of "failed to validate
// property X" wrappers above each real failure. Only the real failures are kept, each at the
// JSON pointer of the offending value (or key, for unknown fields), with a message a person can
// act on.
#include <valijson/adapters/nlohmann_json_adapter.hpp>
#include <valijson/schema.hpp>
#include <valijson/schema_parser.hpp>
#include <valijson/validation_results.hpp>
#include <valijson/validator.hpp>

#include <algorithm>
#include <memory>
#include <mutex>
#include <regex>

#include "pointer.hpp"
#include "render/embedded.hpp"
#include "render/schema.hpp"

namespace render::schema {
namespace {

using json = nlohmann::json;

// Strings longer than this outside free-text fields are refused before any pattern runs: the
// standard library's regex recurses per character (bad-inputs.md row 50).
constexpr std::size_t kMaxPatternedString = 4096;

struct LoadedSchema {
  json document;
  valijson::Schema compiled;
};

const LoadedSchema& loaded(std::string_view name) {
  static std::mutex mutex;
  static std::map<std::string, std::unique_ptr<LoadedSchema>, std::less<>> cache;
  std::lock_guard<std::mutex> lock(mutex);
  auto it = cache.find(name);
  if (it != cache.end()) return *it->second;
  auto schema = std::make_unique<LoadedSchema>();
  schema->document = json::parse(schema_text(name));
  valijson::SchemaParser parser;
  valijson::adapters::NlohmannJsonAdapter adapter(schema->document);
  parser.populateSchema(adapter, schema->compiled);
  return *cache.emplace(std::string(name), std::move(schema)).first->second;
}

// The subschema that applies at a data pointer (following properties, additionalProperties,
// items, $ref and allOf), or null when the schema does not say.
const json* resolve_ref(const json& root, const json* node) {
  for (int guard = 0; node && node->is_object() && node->contains("$ref") && guard < 16; ++guard) {
    std::string ref = (*node)["$ref"].get<std::string>();
    if (!ref.starts_with("#/")) return nullptr;
    const json* target = &root;
    std::size_t start = 2;
    while (target && start <= ref.size()) {
      std::size_t slash = ref.find('/', start);
      std::string token = ref.substr(start, slash == std::string::npos ? slash : slash - start);
      target = target->is_object() && target->contains(token) ? &(*target)[token] : nullptr;
      if (slash == std::string::npos) break;
      start = slash + 1;
    }
    node = target;
  }
  return node;
}

const json* child_schema(const json& root, const json* node, const std::string& token) {
  node = resolve_ref(root, node);
  if (!node || !node->is_object()) return nullptr;
  if (node->contains("properties") && (*node)["properties"].contains(token)) {
    return resolve_ref(root, &(*node)["properties"][token]);
  }
  if (node->contains("items")) return resolve_ref(root, &(*node)["items"]);
  if (node->contains("additionalProperties") && (*node)["additionalProperties"].is_object()) {
    return resolve_ref(root, &(*node)["additionalProperties"]);
  }
  for (const char* combinator : {"allOf", "oneOf", "anyOf"}) {
    if (!node->contains(combinator)) continue;
    for (const auto& member : (*node)[combinator]) {
      if (const json* found = child_schema(root, &member, token)) return found;
    }
  }
  return nullptr;
}

std::vector<std::string> split_pointer(const std::string& pointer) {
  std::vector<std::string> tokens;
  std::size_t start = 1;
  while (start <= pointer.size() && !pointer.empty()) {
    std::size_t slash = pointer.find('/', start);
    std::string token = pointer.substr(start, slash == std::string::npos ? slash : slash - start);
    std::string unescaped;
    for (std::size_t i = 0; i < token.size(); ++i) {
      if (token[i] == '~' && i + 1 < token.size()) {
        unescaped += token[i + 1] == '1' ? '/' : '~';
        ++i;
      } else {
        unescaped += token[i];
      }
    }
    tokens.push_back(unescaped);
    if (slash == std::string::npos) break;
    start = slash + 1;
  }
  return tokens;
}

const json* schema_at(const json& root, const std::string& pointer) {
  const json* node = &root;
  for (const auto& token : split_pointer(pointer)) {
    node = child_schema(root, node, token);
    if (!node) return nullptr;
  }
  return resolve_ref(root, node);
}

// The value `pointer` names in `doc`, or null. Walked here rather than with json::at, which
// throws where there is none (as for a payload without schema_version): the first exception a
// static executable throws has the unwinder sort the tables of all its code first. Without it,
// `validate` of the shop example took 6.3 ms instead of 11.8, `check` of its repository 18.0
// instead of 24.3.
const json* value_at(const json& doc, const std::string& pointer) {
  const json* node = &doc;
  for (const std::string& token : split_pointer(pointer)) {
    if (node->is_object()) {
      auto it = node->find(token);
      if (it == node->end()) return nullptr;
      node = &*it;
    } else if (node->is_array()) {
      // An index: decimal digits without a leading zero (RFC 6901).
      if (token.empty() || token.size() > 18 || (token.size() > 1 && token[0] == '0') ||
          !std::all_of(token.begin(), token.end(), [](char c) { return c >= '0' && c <= '9'; })) {
        return nullptr;
      }
      const std::size_t index = std::stoull(token);
      if (index >= node->size()) return nullptr;
      node = &(*node)[index];
    } else {
      return nullptr;
    }
  }
  return node;
}

// Values of these fields are never quoted: they may be secrets pasted in the wrong place.
bool redacted(const std::string& pointer) {
  return pointer.find("/env/") != std::string::npos ||
         pointer.find("/secret_env/") != std::string::npos;
}

// Free-text fields whose strings may be long.
bool free_text(const std::string& pointer) {
  return pointer.find("/env/") != std::string::npos ||
         pointer.find("/command/") != std::string::npos ||
         pointer.find("/args/") != std::string::npos;
}

std::string shown(const json* value, const std::string& pointer) {
  if (!value) return "the value";
  if (redacted(pointer)) {
    return value->is_string()
               ? "a value of " + std::to_string(value->get_ref<const std::string&>().size()) +
                     " characters"
               : "the value";
  }
  std::string text = value->is_string() ? value->get<std::string>() : value->dump();
  if (text.size() > 80) text = text.substr(0, 77) + "...";
  return "`" + printable(text) + "`";
}

std::string type_name(const json& v) {
  if (v.is_null()) return "null";
  if (v.is_boolean()) return "a boolean";
  if (v.is_number_integer() || v.is_number_unsigned()) return "an integer";
  if (v.is_number()) return "a number";
  if (v.is_string()) return "a string";
  if (v.is_array()) return "an array";
  return "an object";
}

std::size_t edit_distance(const std::string& a, const std::string& b) {
  std::vector<std::size_t> row(b.size() + 1);
  for (std::size_t j = 0; j <= b.size(); ++j) row[j] = j;
  for (std::size_t i = 1; i <= a.size(); ++i) {
    std::size_t diag = row[0];
    row[0] = i;
    for (std::size_t j = 1; j <= b.size(); ++j) {
      std::size_t up = row[j];
      row[j] = std::min({row[j] + 1, row[j - 1] + 1, diag + (a[i - 1] == b[j - 1] ? 0 : 1)});
      diag = up;
    }
  }
  return row[b.size()];
}

// The allowed property closest to `name`, when it is close enough to be a typo. Case and '_'
// versus camelCase differences count as close.
std::string closest_property(const json* object_schema, const std::string& name) {
  if (!object_schema || !object_schema->contains("properties")) return "";
  auto fold = [](const std::string& s) {
    std::string out;
    for (char c : s) {
      if (c != '_' && c != '-')
        out += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    }
    return out;
  };
  std::string best;
  std::size_t best_distance = std::max<std::size_t>(2, name.size() / 3) + 1;
  for (const auto& [candidate, _] : (*object_schema)["properties"].items()) {
    std::size_t d = fold(candidate) == fold(name) ? 0 : edit_distance(candidate, name);
    if (d < best_distance) {
      best_distance = d;
      best = candidate;
    }
  }
  return best;
}

struct RawError {
  std::string pointer;
  std::string description;
};

std::string pointer_of(const std::vector<std::string>& context) {
  std::string pointer;
  for (std::size_t i = 1; i < context.size(); ++i) {  // context[0] is "<root>"
    const std::string& c = context[i];
    std::string token =
        c.size() >= 2 && c.front() == '[' && c.back() == ']' ? c.substr(1, c.size() - 2) : c;
    pointer += "/" + escape_pointer_token(token);
  }
  return pointer;
}

// The last '...'-quoted name in a valijson message.
std::string quoted_name(const std::string& description) {
  auto close = description.rfind('\'');
  if (close == std::string::npos || close == 0) return "";
  auto open = description.rfind('\'', close - 1);
  return open == std::string::npos ? "" : description.substr(open + 1, close - open - 1);
}

bool is_wrapper(const std::string& d) {
  return d.starts_with("Failed to validate against schema associated with property name") ||
         d.starts_with("Failed to validate item #") ||
         d.starts_with("Failed to validate against child schema") ||
         d.starts_with("Failed to validate against any child schemas allowed by oneOf") ||
         d.starts_with("Failed to validate against additional properties schema") ||
         d.starts_with("Failed to validate against any schemas allowed by anyOf");
}

// The pointer a wrapper message is about (a property or an item below its context).
std::string wrapper_target(const RawError& e) {
  if (e.description.starts_with(
          "Failed to validate against schema associated with property name")) {
    return e.pointer + "/" + escape_pointer_token(quoted_name(e.description));
  }
  if (e.description.starts_with("Failed to validate item #")) {
    std::string n = e.description.substr(25);
    return e.pointer + "/" + n.substr(0, n.find('.'));
  }
  return e.pointer;
}

bool at_or_below(const std::string& pointer, const std::string& base) {
  return pointer == base || pointer.starts_with(base + "/");
}

// For a oneOf, keeps the errors of the branch that came closest (fewest real failures).
// valijson lists each branch's errors, then "child schema #k", and after the last branch the
// oneOf itself; the errors of a branch are those just before its marker, at or below its pointer.
std::vector<RawError> pick_oneof_branches(const std::vector<RawError>& errors) {
  std::vector<RawError> out;
  std::vector<std::vector<RawError>> branches;
  std::string branch_pointer;
  // allOf uses the same markers but every branch counts: put them back when no oneOf follows.
  auto flush = [&] {
    for (auto& b : branches) out.insert(out.end(), b.begin(), b.end());
    branches.clear();
  };
  for (const auto& e : errors) {
    if (e.description.starts_with("Failed to validate against child schema #")) {
      if (!branches.empty() && e.pointer != branch_pointer) flush();
      branch_pointer = e.pointer;
      std::vector<RawError> branch;
      while (!out.empty() && at_or_below(out.back().pointer, e.pointer)) {
        branch.insert(branch.begin(), out.back());
        out.pop_back();
      }
      branches.push_back(std::move(branch));
      continue;
    }
    if (e.description.starts_with(
            "Failed to validate against any child schemas allowed by oneOf") &&
        e.pointer == branch_pointer) {
      auto leaves = [](const std::vector<RawError>& b) {
        return std::count_if(b.begin(), b.end(),
                             [](const RawError& r) { return !is_wrapper(r.description); });
      };
      std::size_t best = 0;
      for (std::size_t i = 1; i < branches.size(); ++i) {
        if (leaves(branches[i]) < leaves(branches[best])) best = i;
      }
      if (!branches.empty()) out.insert(out.end(), branches[best].begin(), branches[best].end());
      branches.clear();
    } else if (!branches.empty() && !at_or_below(e.pointer, branch_pointer)) {
      flush();
    }
    out.push_back(e);
  }
  flush();
  return out;
}

// The description of the part of a schema that carries the pattern (through allOf), else
// `fallback`.
std::string pattern_description(const json& root, const json* node, const std::string& fallback) {
  if (!node) return fallback;
  if (node->contains("pattern") && node->contains("description")) {
    return (*node)["description"].get<std::string>();
  }
  if (node->contains("allOf")) {
    for (const auto& member : (*node)["allOf"]) {
      const json* m = resolve_ref(root, &member);
      if (m && m->contains("pattern") && m->contains("description")) {
        return (*m)["description"].get<std::string>();
      }
    }
  }
  return fallback;
}

class Reporter {
 public:
  Reporter(const JsonDocument& doc, const json& schema) : doc_(doc), schema_(schema) {}

  void add(const char* kind, Location where, std::string message, std::string hint = {}) {
    Diagnostic d;
    d.code = kind;
    d.location = std::move(where);
    d.message = std::move(message);
    d.hint = std::move(hint);
    out_.push_back(std::move(d));
  }

  void leaf(const RawError& e) {
    const std::string& p = e.pointer;
    const std::string& d = e.description;
    const json* value = value_at(doc_.value, p);
    const json* sub = schema_at(schema_, p);
    std::string field = p.empty() ? "the document" : "`" + split_pointer(p).back() + "`";
    std::string hint =
        sub && sub->contains("description") ? (*sub)["description"].get<std::string>() : "";
    if (d.starts_with("Object contains a property that could not be validated")) {
      std::string name = quoted_name(d);
      std::string child = p + "/" + escape_pointer_token(name);
      std::string suggestion = closest_property(sub, name);
      add(code::kSchema, doc_.locate_key(child), "unknown field `" + printable(name) + "`",
          suggestion.empty() ? "remove it; see `gitops-render schema` for the allowed fields"
                             : "did you mean `" + suggestion + "`?");
    } else if (d.starts_with("Missing required property")) {
      add(code::kSchema, doc_.locate(p), "missing required field `" + quoted_name(d) + "`");
    } else if (d.starts_with("Failed to match regex")) {
      add(code::kSchema, doc_.locate(p), shown(value, p) + " is not a valid value for " + field,
          pattern_description(schema_, sub, hint));
    } else if (d.starts_with("Failed to match against any enum values")) {
      std::string allowed;
      if (sub && sub->contains("enum")) {
        for (const auto& v : (*sub)["enum"])
          allowed += (allowed.empty() ? "" : ", ") + v.get<std::string>();
      }
      add(code::kSchema, doc_.locate(p), shown(value, p) + " is not one of: " + allowed);
    } else if (d.starts_with("Value type not permitted") ||
               d.starts_with("Failed to validate against schema associated with property name")) {
      std::string expected = sub && sub->contains("type") ? (*sub)["type"].get<std::string>() : "";
      add(code::kSchema, doc_.locate(p),
          field + " must be " + (expected.empty() ? "valid" : "of type " + expected) +
              (value ? ", got " + type_name(*value) : ""),
          hint);
    } else if (d.starts_with("Expected number")) {
      bool upper = d.find("less than") != std::string::npos;
      std::string bound = sub && sub->contains(upper ? "maximum" : "minimum")
                              ? (*sub)[upper ? "maximum" : "minimum"].dump()
                              : "";
      add(code::kSchema, doc_.locate(p),
          shown(value, p) + " is " + (upper ? "more than the maximum " : "less than the minimum ") +
              bound + " for " + field);
    } else {
      std::string text = d;
      while (!text.empty() && (text.back() == '.' || text.back() == ' ')) text.pop_back();
      add(code::kSchema, doc_.locate(p), field + ": " + text, hint);
    }
  }

  std::vector<Diagnostic> take() { return std::move(out_); }

 private:
  const JsonDocument& doc_;
  const json& schema_;
  std::vector<Diagnostic> out_;
};

// Keys of objects whose schema restricts property names, checked here because valijson only
// says that the object failed.
void check_property_names(const json& root, const json& data, const std::string& pointer,
                          Reporter& reporter, const JsonDocument& doc) {
  if (data.is_object()) {
    const json* sub = schema_at(root, pointer);
    const json* names = sub && sub->contains("propertyNames")
                            ? resolve_ref(root, &(*sub)["propertyNames"])
                            : nullptr;
    for (const auto& [key, child] : data.items()) {
      std::string child_pointer = pointer + "/" + escape_pointer_token(key);
      if (names && names->contains("pattern")) {
        bool too_long =
            names->contains("maxLength") && key.size() > (*names)["maxLength"].get<std::size_t>();
        if (too_long || key.size() > kMaxPatternedString ||
            !std::regex_search(key, std::regex((*names)["pattern"].get<std::string>()))) {
          reporter.add(
              code::kSchema, doc.locate_key(child_pointer),
              "`" + printable(key) + "` is not a valid name here",
              names->contains("description") ? (*names)["description"].get<std::string>() : "");
        }
      }
      check_property_names(root, child, child_pointer, reporter, doc);
    }
  } else if (data.is_array()) {
    for (std::size_t i = 0; i < data.size(); ++i) {
      check_property_names(root, data[i], pointer + "/" + std::to_string(i), reporter, doc);
    }
  }
}

void find_long_strings(const json& data, const std::string& pointer, Reporter& reporter,
                       const JsonDocument& doc) {
  if (data.is_string()) {
    if (data.get_ref<const std::string&>().size() > kMaxPatternedString && !free_text(pointer)) {
      reporter.add(code::kLimit, doc.locate(pointer),
                   "string of " + std::to_string(data.get_ref<const std::string&>().size()) +
                       " bytes is longer than this field allows (" +
                       std::to_string(kMaxPatternedString) + ")");
    }
  } else if (data.is_object()) {
    for (const auto& [key, child] : data.items()) {
      find_long_strings(child, pointer + "/" + escape_pointer_token(key), reporter, doc);
    }
  } else if (data.is_array()) {
    for (std::size_t i = 0; i < data.size(); ++i) {
      find_long_strings(data[i], pointer + "/" + std::to_string(i), reporter, doc);
    }
  }
}

}  // namespace

const std::string& schema_text(std::string_view name) {
  static const std::map<std::string, std::string, std::less<>> texts = [] {
    std::map<std::string, std::string, std::less<>> m;
    for (const EmbeddedFile& f : embedded_schema_files()) {
      std::string path(f.path);
      const std::string prefix = "schemas/", suffix = ".schema.json";
      if (path.starts_with(prefix) && path.ends_with(suffix)) {
        m[path.substr(prefix.size(), path.size() - prefix.size() - suffix.size())] =
            std::string(f.bytes);
      }
    }
    return m;
  }();
  auto it = texts.find(name);
  if (it == texts.end()) throw std::out_of_range("no bundled schema named " + std::string(name));
  return it->second;
}

std::vector<Diagnostic> validate(const JsonDocument& document, std::string_view schema_name) {
  const LoadedSchema& schema = loaded(schema_name);
  Reporter reporter(document, schema.document);
  find_long_strings(document.value, "", reporter, document);
  std::vector<Diagnostic> early = reporter.take();
  if (!early.empty()) return early;

  valijson::ValidationResults results;
  valijson::adapters::NlohmannJsonAdapter adapted(document.value);
  {
    // One validator for the process: it keeps the regexes of the patterns it met (std::regex
    // takes about 50 us to make one here, and the two bundled schemas share 11 of their 28).
    static std::mutex mutex;
    static valijson::Validator validator;
    std::lock_guard<std::mutex> lock(mutex);
    validator.validate(schema.compiled, adapted, &results);
  }
  std::vector<RawError> raw;
  valijson::ValidationResults::Error error;
  while (results.popError(error)) raw.push_back({pointer_of(error.context), error.description});
  raw = pick_oneof_branches(raw);

  // A wrapper is kept only when nothing more precise was said at or below what it is about.
  auto said_below = [&](const std::string& target, const RawError* self) {
    return std::any_of(raw.begin(), raw.end(), [&](const RawError& r) {
      if (&r == self) return false;
      if (is_wrapper(r.description) && r.pointer == self->pointer) return false;
      std::string at = is_wrapper(r.description) ? wrapper_target(r) : r.pointer;
      return at == target || at.starts_with(target + "/") ||
             (!is_wrapper(r.description) && r.description.starts_with("Object contains") &&
              (r.pointer + "/" + escape_pointer_token(quoted_name(r.description)))
                  .starts_with(target));
    });
  };
  bool version_reported = false;
  const json* version = value_at(document.value, "/schema_version");
  for (const RawError& e : raw) {
    if (e.pointer == "/schema_version" || wrapper_target(e) == "/schema_version") {
      if (!version_reported && version) {
        version_reported = true;
        reporter.add(
            code::kSchema, document.locate("/schema_version"),
            "unsupported schema_version " + version->dump() + " (this build understands 1)",
            "upgrade gitops-render, or send schema_version 1");
      }
      continue;
    }
    if (is_wrapper(e.description)) {
      std::string target = wrapper_target(e);
      if (said_below(target, &e)) continue;
      if (e.description.starts_with(
              "Failed to validate against schema associated with property name")) {
        // Only names of keys below were wrong (propertyNames): reported separately.
        const json* sub = schema_at(schema.document, target);
        if (sub && sub->contains("propertyNames")) continue;
        reporter.leaf({target, e.description});
      }
      continue;
    }
    reporter.leaf(e);
  }
  check_property_names(schema.document, document.value, "", reporter, document);
  return reporter.take();
}

}  // namespace render::schema
