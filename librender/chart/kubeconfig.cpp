// The namespace of the kubeconfig context (render/chart.hpp: kubeconfig_namespace).
#include "render/chart.hpp"

#include <cerrno>
#include <map>
#include <set>
#include <string_view>
#include <vector>

#include "chart/loader.hpp"
#include "render/base64.hpp"
#include "render/diagnostic.hpp"
#include "render/read_file.hpp"
#include "render/value.hpp"

namespace render::chart {
namespace {

// The parts of a kubeconfig the namespace depends on.
struct Parsed {
  std::string current_context;
  std::map<std::string, std::string> namespaces;  // context name -> its namespace
};

const Value* field(const Value& map, const char* name) {
  auto it = map.as_map().find(name);
  return it == map.as_map().end() || it->second.is_nil() ? nullptr : &it->second;
}

// A string field ("" when missing or null; checked to be a string before).
std::string string_at(const Value& map, const char* name) {
  const Value* v = map.is_map() ? field(map, name) : nullptr;
  return v != nullptr ? v->as_string() : std::string();
}

// Whether `v` decodes into the Go type of client-go's kubeconfig (clientcmd/api/v1) that the
// checker stands for: its decoder refuses the whole file for one field of the wrong type (a
// number where a string goes, a list where an object goes, bytes that are not base64). A
// missing or null field is its zero value; fields it does not know are ignored.
using Check = bool (*)(const Value& v);
bool is_string(const Value& v) {
  return v.is_nil() || v.is_string();
}
bool is_bool(const Value& v) {
  return v.is_nil() || v.is_bool();
}
bool is_any(const Value&) {
  return true;
}
bool is_bytes(const Value& v) {
  std::string out, error;
  return v.is_nil() || (v.is_string() && base64_decode(v.as_string(), out, error));
}
template <Check element>
bool is_list(const Value& v) {
  if (v.is_nil()) return true;
  if (!v.is_list()) return false;
  for (const Value& e : v.as_list()) {
    if (!element(e)) return false;
  }
  return true;
}
template <Check element>
bool is_map_of(const Value& v) {
  if (v.is_nil()) return true;
  if (!v.is_map()) return false;
  for (const auto& [key, e] : v.as_map()) {
    if (!element(e)) return false;
  }
  return true;
}
struct FieldType {
  const char* name;
  Check check;
};
template <const auto& fields>
bool is_object(const Value& v) {
  if (v.is_nil()) return true;
  if (!v.is_map()) return false;
  for (const FieldType& f : fields) {
    const Value* value = field(v, f.name);
    if (value != nullptr && !f.check(*value)) return false;
  }
  return true;
}

// A list of named entries (clusters, users, contexts, extensions), which client-go turns into a
// map: two entries of one name are an error.
template <const auto& fields>
bool is_named_list(const Value& v) {
  if (!is_list<is_object<fields>>(v)) return false;
  if (v.is_nil()) return true;
  std::set<std::string> names;
  for (const Value& e : v.as_list()) {
    if (!names.insert(string_at(e, "name")).second) return false;
  }
  return true;
}

constexpr FieldType kNamedExtension[] = {{"name", is_string}, {"extension", is_any}};
constexpr Check kExtensions = is_named_list<kNamedExtension>;
constexpr FieldType kPreferences[] = {{"colors", is_bool}, {"extensions", kExtensions}};
constexpr FieldType kCluster[] = {{"server", is_string},
                                  {"tls-server-name", is_string},
                                  {"insecure-skip-tls-verify", is_bool},
                                  {"certificate-authority", is_string},
                                  {"certificate-authority-data", is_bytes},
                                  {"proxy-url", is_string},
                                  {"disable-compression", is_bool},
                                  {"extensions", kExtensions}};
constexpr FieldType kAuthProvider[] = {{"name", is_string}, {"config", is_map_of<is_string>}};
constexpr FieldType kExecEnv[] = {{"name", is_string}, {"value", is_string}};
constexpr FieldType kExec[] = {{"command", is_string},
                               {"args", is_list<is_string>},
                               {"env", is_list<is_object<kExecEnv>>},
                               {"apiVersion", is_string},
                               {"installHint", is_string},
                               {"provideClusterInfo", is_bool},
                               {"interactiveMode", is_string}};
constexpr FieldType kUser[] = {{"client-certificate", is_string},
                               {"client-certificate-data", is_bytes},
                               {"client-key", is_string},
                               {"client-key-data", is_bytes},
                               {"token", is_string},
                               {"tokenFile", is_string},
                               {"as", is_string},
                               {"as-uid", is_string},
                               {"as-groups", is_list<is_string>},
                               {"as-user-extra", is_map_of<is_list<is_string>>},
                               {"username", is_string},
                               {"password", is_string},
                               {"auth-provider", is_object<kAuthProvider>},
                               {"exec", is_object<kExec>},
                               {"extensions", kExtensions}};
constexpr FieldType kContext[] = {{"cluster", is_string},
                                  {"user", is_string},
                                  {"namespace", is_string},
                                  {"extensions", kExtensions}};
constexpr FieldType kNamedCluster[] = {{"name", is_string}, {"cluster", is_object<kCluster>}};
constexpr FieldType kNamedUser[] = {{"name", is_string}, {"user", is_object<kUser>}};
constexpr FieldType kNamedContext[] = {{"name", is_string}, {"context", is_object<kContext>}};
constexpr FieldType kConfig[] = {{"kind", is_string},
                                 {"apiVersion", is_string},
                                 {"preferences", is_object<kPreferences>},
                                 {"clusters", is_named_list<kNamedCluster>},
                                 {"users", is_named_list<kNamedUser>},
                                 {"contexts", is_named_list<kNamedContext>},
                                 {"current-context", is_string},
                                 {"extensions", kExtensions}};

// False when the text is not a kubeconfig: not YAML, or a field of the wrong type.
bool parse(std::string_view text, Parsed& out) {
  Value doc;
  try {
    doc = load_values_documents(text, "kubeconfig");
  } catch (const Error&) {
    return false;
  }
  if (!is_object<kConfig>(doc)) return false;
  out.current_context = string_at(doc, "current-context");
  const Value* contexts = field(doc, "contexts");
  if (contexts == nullptr) return true;
  for (const Value& named : contexts->as_list()) {
    std::string name = string_at(named, "name");  // (a null entry: a context named "")
    const Value* context = named.is_map() ? field(named, "context") : nullptr;
    std::string ns = context != nullptr ? string_at(*context, "namespace") : std::string();
    out.namespaces.emplace(name, ns);  // (names are unique: is_named_list)
  }
  return true;
}

// A file's text; false when it cannot be read (`missing` tells a file that is not there).
bool read(const std::string& path, std::string& text, bool& missing) {
  ReadFailure failure = read_whole_file(path, text);
  missing = failure && failure.step == ReadFailure::Step::kOpen && failure.number == ENOENT;
  return !failure;
}

}  // namespace

std::string kubeconfig_namespace(const KubeConfigSource& source) {
  std::vector<std::string> files;
  bool explicit_file = !source.explicit_path.empty();
  if (explicit_file) {
    files.push_back(source.explicit_path);
  } else if (!source.env_paths.empty()) {
    std::set<std::string> seen;
    std::string_view rest = source.env_paths;
    while (true) {
      auto colon = rest.find(':');
      std::string path(rest.substr(0, colon));
      if (!path.empty() && seen.insert(path).second) files.push_back(path);
      if (colon == std::string_view::npos) break;
      rest.remove_prefix(colon + 1);
    }
  } else if (!source.home.empty()) {
    files.push_back(source.home + "/.kube/config");
  }
  std::string current;
  std::map<std::string, std::string> namespaces;
  for (const auto& path : files) {
    std::string text;
    bool missing = false;
    if (!read(path, text, missing)) {
      if (missing && !explicit_file) continue;
      return "";
    }
    Parsed parsed;
    if (!parse(text, parsed)) return "";
    if (current.empty()) current = parsed.current_context;
    namespaces.merge(parsed.namespaces);  // (a name defined already keeps its namespace)
  }
  const std::string& context = source.context.empty() ? current : source.context;
  auto it = namespaces.find(context);
  return it == namespaces.end() ? "" : it->second;
}

}  // namespace render::chart
