// The document head as releaseutil.SimpleHead decodes it (sigs.k8s.io/yaml: YAML to JSON, then
// encoding/json into {apiVersion, kind, metadata: {name, annotations}}).
#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <map>
#include <optional>
#include <string_view>
#include <vector>

#include "chart/fast_head.hpp"
#include "chart/manifests.hpp"
#include "render/diagnostic.hpp"
#include "render/number_format.hpp"
#include "render/yaml.hpp"

namespace render::chart {
namespace {

constexpr const char* kPrefix =
    "error unmarshaling JSON: while decoding JSON: json: cannot unmarshal ";

bool fold_equal(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i) {
    auto lower = [](char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c + 32) : c; };
    if (lower(a[i]) != lower(b[i])) return false;
  }
  return true;
}

// The scalar's JSON type after YAML 1.1 resolution.
const char* json_type(const YAML::Node& n) {
  if (n.IsSequence()) return "array";
  if (n.IsMap()) return "object";
  if (n.IsNull()) return "null";
  if (n.Tag() != "?") return "string";
  switch (yaml::resolve_plain(n.Scalar()).kind) {
    case yaml::PlainScalar::Kind::kBool:
      return "bool";
    case yaml::PlainScalar::Kind::kInt:
    case yaml::PlainScalar::Kind::kFloat:
      return "number";
    case yaml::PlainScalar::Kind::kNull:
      return "null";
    default:
      return "string";
  }
}

// A scalar decoded into a Go string field (sigs.k8s.io/yaml converts numbers and booleans).
std::string scalar_string(const YAML::Node& n) {
  if (n.IsNull()) return "";
  if (n.Tag() != "?") return n.Scalar();
  yaml::PlainScalar r = yaml::resolve_plain(n.Scalar());
  switch (r.kind) {
    case yaml::PlainScalar::Kind::kNull:
      return "";
    case yaml::PlainScalar::Kind::kBool:
      return r.boolean ? "true" : "false";
    case yaml::PlainScalar::Kind::kInt:
      return r.integer_text();
    case yaml::PlainScalar::Kind::kFloat:
      return format_go_v(r.number);
    default:
      return n.Scalar();
  }
}

std::string key_string(const YAML::Node& k) {
  return scalar_string(k);
}

// A mapping's entries by key as yaml.v2 decodes them: in document order into one map, a "<<"
// merging every entry of the map it names (of a list of maps, the earlier winning), so what
// comes later wins, merged or not. (A merge of anything but maps failed the document before.)
std::map<std::string, YAML::Node> decoded_entries(const YAML::Node& map) {
  std::map<std::string, YAML::Node> out;
  // (Not out[k] = v: assigning to a YAML::Node that refers to a node writes into that node.)
  auto put = [&](const std::string& k, const YAML::Node& v) {
    out.erase(k);
    out.emplace(k, v);
  };
  auto merge = [&](const YAML::Node& from) {
    if (!from.IsMap()) return;
    for (const auto& [k, v] : decoded_entries(from)) put(k, v);
  };
  for (const auto& kv : map) {
    const YAML::Node& k = kv.first;
    if (!k.IsScalar()) continue;
    if ((k.Tag() == "?" || k.Tag() == "tag:yaml.org,2002:merge") && k.Scalar() == "<<") {
      if (kv.second.IsSequence()) {
        for (std::size_t i = kv.second.size(); i-- > 0;) merge(kv.second[i]);
      } else {
        merge(kv.second);
      }
      continue;
    }
    put(key_string(k), kv.second);
  }
  return out;
}

// The member encoding/json assigns to `name`. It sets the field for every key of the object that
// names it, exactly or but for case, in the object's order (sorted: sigs.k8s.io/yaml writes the
// JSON from a map), so the last of those keys wins; a key given twice keeps its last value.
YAML::Node member(const YAML::Node& map, std::string_view name) {
  YAML::Node found;
  bool any = false;
  for (const auto& [k, v] : decoded_entries(map)) {
    if (fold_equal(k, name)) {
      found.reset(v);
      any = true;
    }
  }
  return any ? found : YAML::Node();
}

bool string_field(const YAML::Node& n, const char* field, std::string& out, std::string& error) {
  if (!n) return true;
  if (n.IsSequence() || n.IsMap()) {
    error =
        std::string(kPrefix) + json_type(n) + " into Go struct field " + field + " of type string";
    return false;
  }
  out = scalar_string(n);
  return true;
}

// sigs.k8s.io/yaml converts the whole document to JSON before the head is decoded: what that
// refuses (a tag its text does not resolve to, a sequence or mapping as a key, NaN or an
// infinity) fails the document.
bool converts_to_json(std::string_view document, std::string& error) {
  yaml::LoadOptions options;
  options.refuse_duplicate_keys = false;
  options.record_positions = false;
  options.refuse_unknown_tags = false;
  options.max_depth = 100000;  // yaml-cpp's own depth guard applies first
  try {
    yaml::Loaded loaded = yaml::load(document, options);
    if (auto bad = loaded.non_finite ? yaml::first_non_finite(loaded.value) : std::nullopt) {
      error = "error converting YAML to JSON: json: unsupported value: " + *bad;
      return false;
    }
  } catch (const Error& e) {
    const Diagnostic& d = e.diagnostics().front();
    if (d.code == code::kLimit) throw;
    error = "error converting YAML to JSON: " + yaml::go_error_message(d, document);
    return false;
  }
  return true;
}

}  // namespace

bool parse_manifest_head(std::string_view document, ManifestHead& head, std::string& error) {
  int empty_entry = -1;
  switch (read_head_fast(document, head, error, &empty_entry)) {
    case HeadRead::kRead:
      return true;
    case HeadRead::kRefused:
      error = "error converting YAML to JSON: " + error;
      return false;
    case HeadRead::kDeclined:
      break;
  }
  return full_manifest_head(document, head, error, empty_entry);
}

bool full_manifest_head(std::string_view document, ManifestHead& head, std::string& error,
                        int empty_entry) {
  // yaml.v2 breaks lines at U+0085, U+2028, U+2029 and a lone CR too; yaml-cpp reads LFs.
  if (std::optional<std::string> breaks = yaml::unicode_breaks_as_line_feeds(document)) {
    return full_manifest_head(*breaks, head, error, empty_entry);
  }
  auto entry_first = [&] {
    error = "error converting YAML to JSON: " + empty_entry_error(empty_entry);
    return false;
  };
  // What yaml.v2's reader refuses (yaml-cpp does not): reported unless a parse error comes
  // before yaml.v2 has read that far.
  std::optional<yaml::ReaderProblem> problem = yaml::reader_problem(document);
  try {
    yaml::check_document_start(
        document, yaml::LoadOptions(),
        [&]() -> const std::optional<yaml::ReaderProblem>& { return problem; });
  } catch (const Error& e) {
    error = "error converting YAML to JSON: " +
            yaml::go_error_message(e.diagnostics().front(), document);
    return false;
  }
  YAML::Node root;
  try {
    root = YAML::Load(std::string(document));
  } catch (const YAML::Exception& e) {
    // (yaml-cpp reads the entry's null and goes on: stopping at or after its line, it met no
    // error before it.)
    if (empty_entry >= 0 && e.mark.line >= empty_entry) return entry_first();
    if (std::optional<std::size_t> cut =
            yaml::stop_before_error(document, e.msg, e.mark.line, e.mark.column)) {
      const bool before_cut = empty_entry >= 0 && yaml::offset_of(document, empty_entry, 0) < *cut;
      return full_manifest_head(document.substr(0, *cut), head, error,
                                before_cut ? empty_entry : -1);
    }
    int line0 = std::max(e.mark.line, 0), col0 = std::max(e.mark.column, 0);
    std::optional<std::string> read =
        yaml::reader_error(problem, yaml::offset_of(document, line0, col0));
    error = "error converting YAML to JSON: " +
            (read ? *read : yaml::go_error_message(e.msg, line0, col0, document));
    return false;
  }
  if (auto read = yaml::reader_error(problem, document.size())) {
    error = "error converting YAML to JSON: " + *read;
    return false;
  }
  if (empty_entry >= 0) return entry_first();
  // (Also for an empty document: yaml.v2 refuses directives that lead to no document.)
  if (!converts_to_json(document, error)) return false;
  if (root && root.IsNull() && yaml::tag_alone(document)) {
    error = std::string(kPrefix) + "string into Go value of type util.SimpleHead";
    return false;
  }
  if (!root || root.IsNull()) return true;
  if (!root.IsMap()) {
    error = std::string(kPrefix) + json_type(root) + " into Go value of type util.SimpleHead";
    return false;
  }
  std::string api_version;
  if (!string_field(member(root, "apiVersion"), "SimpleHead.apiVersion", api_version, error))
    return false;
  if (!string_field(member(root, "kind"), "SimpleHead.kind", head.kind, error)) return false;
  YAML::Node metadata = member(root, "metadata");
  if (!metadata || metadata.IsNull()) return true;
  if (!metadata.IsMap()) {
    error = std::string(kPrefix) + json_type(metadata) +
            " into Go struct field SimpleHead.metadata of type struct { Name string "
            "\"json:\\\"name\\\"\"; Annotations map[string]string \"json:\\\"annotations\\\"\" }";
    return false;
  }
  // encoding/json meets the fields in the JSON's key order, "annotations" before "name", and
  // reports the first that does not decode.
  YAML::Node annotations = member(metadata, "annotations");
  if (annotations && !annotations.IsNull()) {
    if (!annotations.IsMap()) {
      error = std::string(kPrefix) + json_type(annotations) +
              " into Go struct field .metadata.annotations of type map[string]string";
      return false;
    }
    for (const auto& [key, node] : decoded_entries(annotations)) {
      std::string value;
      if (!string_field(node, ".metadata.annotations", value, error)) return false;
      if (key == "helm.sh/hook") {
        head.has_hook = true;
        head.hook_types = value;
      }
    }
  }
  return string_field(member(metadata, "name"), ".metadata.name", head.name, error);
}

}  // namespace render::chart
