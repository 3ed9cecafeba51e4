#include "chart/metadata.hpp"

#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <optional>
#include <set>

#include "chart/failure.hpp"
#include "render/number_format.hpp"
#include "render/utf8.hpp"
#include "render/yaml.hpp"
#include "template/functions/semver.hpp"

namespace render::chart {
namespace {

[[noreturn]] void decode_error(const std::string& message) {
  fail(code::kParse, "cannot load Chart.yaml: " + message);
}

// The YAML tree with yaml.v2's scalar types kept apart: ints as int64, floats as float64.
Value typed(const YAML::Node& n, int depth) {
  if (depth > 64) decode_error("error converting YAML to JSON: nesting too deep");
  switch (n.Type()) {
    case YAML::NodeType::Sequence: {
      List items;
      for (const auto& item : n) items.push_back(typed(item, depth + 1));
      return Value::list(std::move(items));
    }
    case YAML::NodeType::Map: {
      Map entries;
      for (const auto& kv : n) {
        Value key = typed(kv.first, depth + 1);
        std::string k;
        switch (key.kind()) {
          case Value::Kind::kString:
            k = key.as_string();
            break;
          case Value::Kind::kBool:
            k = key.as_bool() ? "true" : "false";
            break;
          case Value::Kind::kInt64:
            k = std::to_string(key.as_int());
            break;
          case Value::Kind::kFloat:
            k = format_go_v(key.as_float());
            break;
          default:
            decode_error("error converting YAML to JSON: unsupported map key");
        }
        entries[k] = typed(kv.second, depth + 1);
      }
      return Value::map(std::move(entries));
    }
    case YAML::NodeType::Scalar: {
      if (n.Tag() != "?") return Value::string(n.Scalar());
      yaml::PlainScalar r = yaml::resolve_plain(n.Scalar());
      switch (r.kind) {
        case yaml::PlainScalar::Kind::kNull:
          return Value();
        case yaml::PlainScalar::Kind::kBool:
          return Value::boolean(r.boolean);
        case yaml::PlainScalar::Kind::kInt:
          return r.uint64_only ? Value::number(r.to_double()) : Value::int64(r.integer);
        case yaml::PlainScalar::Kind::kFloat:
          return Value::number(r.number);
        case yaml::PlainScalar::Kind::kString:
          return Value::string(n.Scalar());
      }
      return Value();
    }
    default:
      return Value();
  }
}

// encoding/json's name for the JSON type of a value, as its type errors print it.
const char* json_type(const Value& v) {
  switch (v.kind()) {
    case Value::Kind::kString:
      return "string";
    case Value::Kind::kBool:
      return "bool";
    case Value::Kind::kList:
      return "array";
    case Value::Kind::kMap:
      return "object";
    default:
      return "number";
  }
}

[[noreturn]] void type_error(const Value& v, const std::string& field, const char* go_type) {
  decode_error(
      std::string("error unmarshaling JSON: while decoding JSON: json: cannot unmarshal ") +
      json_type(v) + " into Go struct field " + field + " of type " + go_type);
}

// A scalar decoded into a Go string field, converted as sigs.k8s.io/yaml does for string targets.
std::string to_string_field(const Value& v, const std::string& field) {
  switch (v.kind()) {
    case Value::Kind::kNil:
      return "";
    case Value::Kind::kString:
      return v.as_string();
    case Value::Kind::kBool:
      return v.as_bool() ? "true" : "false";
    case Value::Kind::kInt64:
      return std::to_string(v.as_int());
    case Value::Kind::kFloat:
      return format_go_v(v.as_float());
    default:
      type_error(v, field, "string");
  }
}

std::vector<std::string> to_strings_field(const Value& v, const std::string& field) {
  std::vector<std::string> out;
  if (v.is_nil()) return out;
  if (!v.is_list()) type_error(v, field, "[]string");
  for (const auto& item : v.as_list()) out.push_back(to_string_field(item, field));
  return out;
}

bool to_bool_field(const Value& v, const std::string& field) {
  if (v.is_nil()) return false;
  if (!v.is_bool()) type_error(v, field, "bool");
  return v.as_bool();
}

bool fold_equal(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i) {
    auto lower = [](char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c + 32) : c; };
    if (lower(a[i]) != lower(b[i])) return false;
  }
  return true;
}

// The value encoding/json would assign to the field named `json_name`: an exact key wins,
// otherwise a case-insensitive match.
Value member(const Value& object, std::string_view json_name) {
  const Map& m = object.as_map();
  auto it = m.find(json_name);
  if (it != m.end()) return it->second;
  for (const auto& [k, v] : m) {
    if (fold_equal(k, json_name)) return v;
  }
  return Value();
}

Maintainer decode_maintainer(const Value& v) {
  Maintainer m;
  if (v.is_nil())
    fail(code::kParse, "validation: maintainers must not contain empty or null nodes");
  if (!v.is_map()) type_error(v, "Metadata.maintainers", "chart.Maintainer");
  m.name = to_string_field(member(v, "name"), "Metadata.maintainers.name");
  m.email = to_string_field(member(v, "email"), "Metadata.maintainers.email");
  m.url = to_string_field(member(v, "url"), "Metadata.maintainers.url");
  return m;
}

Dependency decode_dependency(const Value& v) {
  Dependency d;
  if (v.is_nil()) {
    fail(code::kParse, "validation: dependencies must not contain empty or null nodes");
  }
  if (!v.is_map()) type_error(v, "Metadata.dependencies", "chart.Dependency");
  d.name = to_string_field(member(v, "name"), "Metadata.dependencies.name");
  d.version = to_string_field(member(v, "version"), "Metadata.dependencies.version");
  d.repository = to_string_field(member(v, "repository"), "Metadata.dependencies.repository");
  d.condition = to_string_field(member(v, "condition"), "Metadata.dependencies.condition");
  d.tags = to_strings_field(member(v, "tags"), "Metadata.dependencies.tags");
  d.enabled = to_bool_field(member(v, "enabled"), "Metadata.dependencies.enabled");
  d.alias = to_string_field(member(v, "alias"), "Metadata.dependencies.alias");
  Value imports = member(v, "import-values");
  if (!imports.is_nil() && !imports.is_list()) {
    type_error(imports, "Metadata.dependencies.import-values", "[]interface {}");
  }
  d.import_values = imports;
  return d;
}

// Helm's sanitizeString: whitespace becomes a space, other non-printable characters vanish.
std::string sanitize(const std::string& s) {
  std::string out;
  out.reserve(s.size());
  for (std::size_t i = 0; i < s.size();) {
    std::size_t start = i;
    long cp = next_code_point(s, i);
    if (cp == '\t' || cp == '\n' || cp == '\v' || cp == '\f' || cp == '\r' || cp == 0x85 ||
        cp == 0xA0 || cp == 0x1680 || (cp >= 0x2000 && cp <= 0x200A) || cp == 0x2028 ||
        cp == 0x2029 || cp == 0x202F || cp == 0x205F || cp == 0x3000) {
      out += ' ';
    } else if (cp < 0) {
      out += "\xEF\xBF\xBD";  // Go's strings.Map turns a bad byte into U+FFFD
    } else if (cp < 0x20 || (cp >= 0x7F && cp < 0xA0) || cp == 0xAD || cp == 0xFEFF ||
               (cp >= 0x200B && cp <= 0x200F) || (cp >= 0x202A && cp <= 0x202E) ||
               (cp >= 0x2060 && cp <= 0x2064)) {
      // control and format characters are not printable
    } else {
      out.append(s, start, i - start);
    }
  }
  return out;
}

bool alias_ok(const std::string& alias) {
  if (alias.empty()) return false;
  return std::all_of(alias.begin(), alias.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' ||
           c == '_';
  });
}

std::string quoted(const std::string& s) {
  std::string out = "\"";
  for (char c : s) {
    if (c == '"' || c == '\\') out += '\\';
    out += c;
  }
  return out + "\"";
}

Value strings_value(const std::vector<std::string>& items) {
  List l;
  for (const auto& s : items) l.push_back(Value::string(s));
  return Value::list(std::move(l));
}

// The text of the first document: yaml.v2 unmarshals that one and never reads past it (a
// document after it may hold anything).
std::string_view first_document(std::string_view text) {
  std::size_t pos = text.find('\n');
  while (pos != std::string_view::npos) {
    std::string_view line = text.substr(pos + 1, text.find('\n', pos + 1) - pos - 1);
    if (yaml::is_document_marker(line)) {
      return text.substr(0, pos + 1);
    }
    pos = text.find('\n', pos + 1);
  }
  return text;
}

// What yaml.v2 refuses in the first document, in its words, as the values' loader finds it:
// yaml-cpp, which builds the tree below, lets some of it pass (a quoted scalar that never closes)
// and words the rest its own way.
void check_first_document(std::string_view text) {
  const std::string_view doc = first_document(text);
  yaml::LoadOptions options;
  options.refuse_duplicate_keys = false;  // the last one wins
  options.refuse_unknown_tags = false;
  options.record_positions = false;
  try {
    (void)yaml::load(doc, options);
  } catch (const Error& e) {
    const Diagnostic& d = e.diagnostics().front();
    if (d.code == code::kLimit) throw;
    std::string ended(doc);
    if (ended.empty() || ended.back() != '\n') ended += '\n';
    decode_error("error converting YAML to JSON: " + yaml::go_error_message(d, ended));
  }
}

}  // namespace

Metadata parse_chart_yaml(std::string_view text) {
  check_first_document(text);
  // What yaml.v2's reader refuses comes first, unless a parse error is met before it.
  std::optional<yaml::ReaderProblem> problem = yaml::reader_problem(text);
  YAML::Node root;
  try {
    root = YAML::Load(std::string(text));
  } catch (const YAML::Exception& e) {
    if (auto read = yaml::reader_error(
            problem, yaml::offset_of(text, std::max(e.mark.line, 0), std::max(e.mark.column, 0)))) {
      decode_error("error converting YAML to JSON: " + *read);
    }
    decode_error("error converting YAML to JSON: yaml: line " + std::to_string(e.mark.line + 1) +
                 ": " + e.msg);
  }
  if (auto read = yaml::reader_error(problem, text.size())) {
    decode_error("error converting YAML to JSON: " + *read);
  }
  Value doc = typed(root, 0);
  Metadata md;
  if (doc.is_nil()) {
    md.api_version = "v1";
    return md;
  }
  if (!doc.is_map()) {
    decode_error(std::string("error unmarshaling JSON: while decoding JSON: json: cannot "
                             "unmarshal ") +
                 json_type(doc) + " into Go value of type chart.Metadata");
  }
  md.name = to_string_field(member(doc, "name"), "Metadata.name");
  md.home = to_string_field(member(doc, "home"), "Metadata.home");
  md.sources = to_strings_field(member(doc, "sources"), "Metadata.sources");
  md.version = to_string_field(member(doc, "version"), "Metadata.version");
  md.description = to_string_field(member(doc, "description"), "Metadata.description");
  md.keywords = to_strings_field(member(doc, "keywords"), "Metadata.keywords");
  Value maintainers = member(doc, "maintainers");
  if (!maintainers.is_nil()) {
    if (!maintainers.is_list())
      type_error(maintainers, "Metadata.maintainers", "[]*chart.Maintainer");
    for (const auto& m : maintainers.as_list()) md.maintainers.push_back(decode_maintainer(m));
  }
  md.icon = to_string_field(member(doc, "icon"), "Metadata.icon");
  md.api_version = to_string_field(member(doc, "apiVersion"), "Metadata.apiVersion");
  md.condition = to_string_field(member(doc, "condition"), "Metadata.condition");
  md.tags = to_string_field(member(doc, "tags"), "Metadata.tags");
  md.app_version = to_string_field(member(doc, "appVersion"), "Metadata.appVersion");
  md.deprecated = to_bool_field(member(doc, "deprecated"), "Metadata.deprecated");
  Value annotations = member(doc, "annotations");
  if (!annotations.is_nil()) {
    if (!annotations.is_map()) type_error(annotations, "Metadata.annotations", "map[string]string");
    md.has_annotations = true;
    for (const auto& [k, v] : annotations.as_map()) {
      md.annotations.emplace_back(k, to_string_field(v, "Metadata.annotations"));
    }
  }
  md.kube_version = to_string_field(member(doc, "kubeVersion"), "Metadata.kubeVersion");
  Value deps = member(doc, "dependencies");
  if (!deps.is_nil()) {
    if (!deps.is_list()) type_error(deps, "Metadata.dependencies", "[]*chart.Dependency");
    for (const auto& d : deps.as_list()) md.dependencies.push_back(decode_dependency(d));
  }
  md.type = to_string_field(member(doc, "type"), "Metadata.type");
  if (md.api_version.empty()) md.api_version = "v1";
  return md;
}

void apply_requirements(Metadata& md, std::string_view text) {
  static constexpr std::string_view kChartYaml = "cannot load Chart.yaml: ";
  try {
    Metadata listed = parse_chart_yaml(text);  // the same decoding, into the same struct
    if (!listed.dependencies.empty()) md.dependencies = std::move(listed.dependencies);
  } catch (const Error& e) {
    Diagnostic d = e.diagnostics().front();
    if (d.message.starts_with(kChartYaml)) {
      d.message = "cannot load requirements.yaml: " + d.message.substr(kChartYaml.size());
    }
    throw Error(std::move(d));
  }
}

void validate_metadata(Metadata& md) {
  auto invalid = [](const std::string& m) { fail(code::kParse, "validation: " + m); };
  for (std::string* s : {&md.name, &md.description, &md.home, &md.icon, &md.condition, &md.tags,
                         &md.app_version, &md.kube_version}) {
    *s = sanitize(*s);
  }
  for (auto& s : md.sources) s = sanitize(s);
  for (auto& s : md.keywords) s = sanitize(s);
  if (md.api_version.empty()) invalid("chart.metadata.apiVersion is required");
  if (md.name.empty()) invalid("chart.metadata.name is required");
  if (md.name == "." || md.name == "..") {
    invalid("chart.metadata.name " + quoted(md.name) + " is not allowed");
  }
  auto slash = md.name.rfind('/');
  if (slash != std::string::npos) {
    invalid("chart.metadata.name " + quoted(md.name) + " is invalid");
  }
  if (md.version.empty()) invalid("chart.metadata.version is required");
  if (!tmpl::SemVersion::parse(md.version)) {
    invalid("chart.metadata.version " + quoted(md.version) + " is invalid");
  }
  if (!md.type.empty() && md.type != "application" && md.type != "library") {
    invalid("chart.metadata.type must be application or library");
  }
  for (auto& m : md.maintainers) {
    m.name = sanitize(m.name);
    m.email = sanitize(m.email);
    m.url = sanitize(m.url);
  }
  std::set<std::string> seen;
  for (auto& d : md.dependencies) {
    d.name = sanitize(d.name);
    d.version = sanitize(d.version);
    d.repository = sanitize(d.repository);
    d.condition = sanitize(d.condition);
    for (auto& t : d.tags) t = sanitize(t);
    if (!d.alias.empty() && !alias_ok(d.alias)) {
      invalid("dependency " + quoted(d.name) + " has disallowed characters in the alias");
    }
    const std::string& key = d.alias.empty() ? d.name : d.alias;
    if (!seen.insert(key).second) {
      invalid("more than one dependency with name or alias " + quoted(key));
    }
  }
}

Value metadata_value(const Metadata& md, bool is_root) {
  Map m;
  m["APIVersion"] = Value::string(md.api_version);
  Map annotations;
  for (const auto& [k, v] : md.annotations) annotations[k] = Value::string(v);
  // A map[string]string: a missing key reads "", and the dict functions refuse it.
  m["Annotations"] =
      (md.has_annotations ? Value::map(std::move(annotations)) : Value::nil_map()).as_string_map();
  m["AppVersion"] = Value::string(md.app_version);
  m["Condition"] = Value::string(md.condition);
  List deps;
  for (const auto& d : md.dependencies) {
    Map dm;
    dm["Alias"] = Value::string(d.alias);
    dm["Condition"] = Value::string(d.condition);
    dm["Enabled"] = Value::boolean(d.enabled);
    dm["ImportValues"] = d.import_values.is_nil() ? Value::list() : d.import_values;
    dm["Name"] = Value::string(d.name);
    dm["Repository"] = Value::string(d.repository);
    dm["Tags"] = strings_value(d.tags);
    dm["Version"] = Value::string(d.version);
    deps.push_back(Value::map(std::move(dm)));
  }
  m["Dependencies"] = Value::list(std::move(deps));
  m["Deprecated"] = Value::boolean(md.deprecated);
  m["Description"] = Value::string(md.description);
  m["Home"] = Value::string(md.home);
  m["Icon"] = Value::string(md.icon);
  m["IsRoot"] = Value::boolean(is_root);
  m["Keywords"] = strings_value(md.keywords);
  m["KubeVersion"] = Value::string(md.kube_version);
  List maintainers;
  for (const auto& mt : md.maintainers) {
    Map mm;
    mm["Email"] = Value::string(mt.email);
    mm["Name"] = Value::string(mt.name);
    mm["URL"] = Value::string(mt.url);
    maintainers.push_back(Value::map(std::move(mm)));
  }
  m["Maintainers"] = Value::list(std::move(maintainers));
  m["Name"] = Value::string(md.name);
  m["Sources"] = strings_value(md.sources);
  m["Tags"] = Value::string(md.tags);
  m["Type"] = Value::string(md.type);
  m["Version"] = Value::string(md.version);
  return Value::map(std::move(m));
}

}  // namespace render::chart
