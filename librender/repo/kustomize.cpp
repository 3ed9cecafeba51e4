// The objects a generated Kustomize root builds to, for the offline diff: the part of Kustomize
// the generated kustomization.yaml files use (resources, and patches of JSON 6902 operations with
// a target). Anything else in a kustomization is refused by name rather than ignored.
#include <algorithm>
#include <set>

#include "render/repo.hpp"
#include "render/yaml.hpp"

namespace render::repo {
namespace {

namespace fs = std::filesystem;

[[noreturn]] void fail(const std::string& file, std::string message, std::string hint = "") {
  Diagnostic d;
  d.code = code::kSemantic;
  d.location.file = file;
  d.message = std::move(message);
  d.hint = std::move(hint);
  throw Error(std::move(d));
}

const Value* find(const Value& map, const std::string& key) {
  if (!map.is_map()) return nullptr;
  auto it = map.as_map().find(key);
  return it == map.as_map().end() ? nullptr : &it->second;
}

std::string string_at(const Value& map, const std::string& key) {
  const Value* v = find(map, key);
  return v && v->is_string() ? v->as_string() : std::string();
}

// "a/b/../c" -> "a/c"; nullopt when the path leaves the root or is absolute.
std::optional<std::string> normalize(const std::string& base, const std::string& relative) {
  if (relative.empty() || relative.front() == '/') return std::nullopt;
  std::vector<std::string> parts;
  auto push = [&](const std::string& path) {
    std::size_t start = 0;
    while (start <= path.size()) {
      std::size_t slash = path.find('/', start);
      std::string part = path.substr(start, slash == std::string::npos ? slash : slash - start);
      if (part == "..") {
        if (parts.empty()) return false;
        parts.pop_back();
      } else if (!part.empty() && part != ".") {
        parts.push_back(part);
      }
      if (slash == std::string::npos) break;
      start = slash + 1;
    }
    return true;
  };
  if (!push(base) || !push(relative)) return std::nullopt;
  std::string out;
  for (const auto& p : parts) out += (out.empty() ? "" : "/") + p;
  return out;
}

// One JSON 6902 operation (replace, add or remove) on `doc`, at a JSON pointer.
void apply_operation(Value& doc, const Value& op, const std::string& file) {
  std::string kind = string_at(op, "op");
  std::string pointer = string_at(op, "path");
  if (kind != "replace" && kind != "add" && kind != "remove") {
    fail(file, "patch operation `" + kind + "` is not supported here",
         "gitops-render builds replace, add and remove operations");
  }
  if (pointer.empty() || pointer.front() != '/') fail(file, "patch path `" + pointer + "`");
  std::vector<std::string> tokens;
  for (std::size_t start = 1; start <= pointer.size();) {
    std::size_t slash = pointer.find('/', start);
    std::string token =
        pointer.substr(start, slash == std::string::npos ? std::string::npos : slash - start);
    for (std::size_t at = 0; (at = token.find('~', at)) != std::string::npos; ++at) {
      token.replace(at, 2, token.compare(at, 2, "~1") == 0 ? "/" : "~");
    }
    tokens.push_back(token);
    if (slash == std::string::npos) break;
    start = slash + 1;
  }
  Value* node = &doc;
  for (std::size_t i = 0; i + 1 < tokens.size(); ++i) {
    if (!node->is_map() || !node->as_map().count(tokens[i])) {
      fail(file, "patch path `" + pointer + "` does not exist in the object");
    }
    node = &node->mutable_map()[tokens[i]];
  }
  if (!node->is_map()) fail(file, "patch path `" + pointer + "` does not end in a mapping");
  Map& parent = node->mutable_map();
  const std::string& last = tokens.back();
  if (kind != "add" && !parent.count(last)) {
    fail(file, "patch path `" + pointer + "` does not exist in the object");
  }
  if (kind == "remove") {
    parent.erase(last);
  } else {
    const Value* value = find(op, "value");
    parent[last] = value ? value->deep_copy() : Value();
  }
}

bool matches(const Value& target, const diff::ObjectKey& key) {
  std::string group = key.api_version.find('/') == std::string::npos
                          ? std::string()
                          : key.api_version.substr(0, key.api_version.find('/'));
  std::string version = key.api_version.substr(key.api_version.find('/') + 1);
  for (const auto& [field, want] :
       std::initializer_list<std::pair<const char*, std::string>>{{"group", group},
                                                                  {"version", version},
                                                                  {"kind", key.kind},
                                                                  {"name", key.name},
                                                                  {"namespace", key.ns}}) {
    const Value* v = find(target, field);
    if (v && v->is_string() && v->as_string() != want) return false;
  }
  return true;
}

class Builder {
 public:
  explicit Builder(fs::path root) : root_(std::move(root)) {}

  std::vector<diff::Object> build(const std::string& dir) {
    if (!visiting_.insert(dir).second) fail(dir, "kustomizations include each other in a cycle");
    const std::string file = dir + "/kustomization.yaml";
    auto text = read_regular_file(root_ / file);
    if (!text) fail(file, "no kustomization.yaml here");
    yaml::LoadOptions options;
    options.file = file;
    options.record_positions = false;
    Value k = yaml::load(*text, options).value;
    for (const auto& [key, value] : k.as_map()) {
      if (key != "apiVersion" && key != "kind" && key != "resources" && key != "patches") {
        fail(file, "the kustomization field `" + key + "` is not supported by the offline build",
             "gitops-render builds the kustomizations it generates: resources and patches");
      }
    }
    std::vector<diff::Object> objects;
    if (const Value* resources = find(k, "resources"); resources && resources->is_list()) {
      for (const Value& r : resources->as_list()) {
        std::string name = r.is_string() ? r.as_string() : std::string();
        auto path = normalize(dir, name);
        if (!path) fail(file, "resource `" + name + "` is outside the repository");
        std::vector<diff::Object> more;
        std::error_code ec;
        if (fs::is_directory(fs::symlink_status(root_ / *path, ec))) {  // links are not followed
          more = build(*path);
        } else if (auto documents = read_regular_file(root_ / *path)) {
          more = diff::split_objects(*documents, *path);
        } else {
          fail(file, "resource `" + name + "` does not exist");
        }
        for (auto& o : more) objects.push_back(std::move(o));
      }
    }
    if (const Value* patches = find(k, "patches"); patches && patches->is_list()) {
      for (const Value& p : patches->as_list()) patch(objects, p, file);
    }
    visiting_.erase(dir);
    return objects;
  }

 private:
  void patch(std::vector<diff::Object>& objects, const Value& p, const std::string& file) {
    const Value* target = find(p, "target");
    std::string text = string_at(p, "patch");
    if (!target || text.empty()) {
      fail(file, "a patch needs a target and an inline `patch`",
           "patch files and strategic merge patches are not built offline");
    }
    yaml::LoadOptions options;
    options.file = file;
    options.record_positions = false;
    Value ops = yaml::load(text, options).value;
    if (!ops.is_list()) fail(file, "a patch must be a list of JSON 6902 operations");
    for (diff::Object& o : objects) {
      if (!matches(*target, o.key)) continue;
      yaml::LoadOptions doc_options;
      doc_options.file = o.source;
      doc_options.record_positions = false;
      Value doc = yaml::load(o.text, doc_options).value.deep_copy();
      for (const Value& op : ops.as_list()) apply_operation(doc, op, file);
      std::string emitted;
      yaml::append_yaml(doc, emitted);
      auto patched = diff::split_objects(emitted, o.source);
      if (patched.size() != 1) fail(file, "a patch left " + o.key.display() + " without a kind");
      o = std::move(patched.front());
    }
  }

  fs::path root_;
  std::set<std::string> visiting_;
};

}  // namespace

std::vector<diff::Object> kustomize_objects(const fs::path& root, const std::string& dir) {
  return Builder(root).build(dir);
}

std::vector<diff::Object> cluster_objects(const fs::path& root, const std::string& env) {
  const std::string cluster = "clusters/" + env;
  if (read_regular_file(root / cluster / "kustomization.yaml")) {
    return kustomize_objects(root, cluster);
  }
  // Flux: the folder's own files (its subfolders, flux-system/ among them, are Flux's), and what
  // the Flux Kustomizations there build.
  std::vector<diff::Object> out;
  std::error_code ec;
  std::vector<fs::path> files;
  for (const auto& entry : fs::directory_iterator(root / cluster, ec)) {
    if (entry.path().extension() == ".yaml" && read_regular_file(entry.path())) {
      files.push_back(entry.path());
    }
  }
  std::sort(files.begin(), files.end());
  std::vector<std::string> paths;
  for (const auto& file : files) {
    std::string name = cluster + "/" + file.filename().string();
    for (diff::Object& o : diff::split_objects(*read_regular_file(file), name)) {
      if (o.key.kind == "Kustomization" &&
          o.key.api_version.starts_with("kustomize.toolkit.fluxcd.io/")) {
        yaml::LoadOptions options;
        options.file = name;
        options.record_positions = false;
        Value doc = yaml::load(o.text, options).value;
        const Value* spec = find(doc, "spec");
        std::string path = spec ? string_at(*spec, "path") : std::string();
        auto normalized = normalize("", path);
        if (!normalized) fail(name, "Flux Kustomization path `" + path + "` leaves the repository");
        paths.push_back(*normalized);
      }
      out.push_back(std::move(o));
    }
  }
  for (const auto& path : paths) {
    // A plain folder (rendered/<env>) holds the chart's objects, which the diff has already.
    if (!read_regular_file(root / path / "kustomization.yaml")) continue;
    for (auto& o : kustomize_objects(root, path)) out.push_back(std::move(o));
  }
  return out;
}

}  // namespace render::repo
