// Splitting rendered streams into objects and pairing them by identity.
#include <yaml-cpp/yaml.h>

#include <map>

#include "render/diagnostic.hpp"
#include "render/diff.hpp"

namespace render::diff {
namespace {

std::string scalar(const YAML::Node& node) {
  return node && node.IsScalar() ? node.Scalar() : std::string();
}

[[noreturn]] void parse_error(const std::string& source, int line, std::string message) {
  Diagnostic d;
  d.code = code::kParse;
  d.location = {source, line, 1, ""};
  d.message = std::move(message);
  throw Error(std::move(d));
}

void add_document(std::vector<Object>& out, std::string text, const std::string& source,
                  int first_line, bool keep_node) {
  YAML::Node doc;
  try {
    doc = YAML::Load(text);
  } catch (const YAML::Exception& e) {
    parse_error(source, first_line + e.mark.line, "not YAML: " + e.msg);
  }
  if (!doc || !doc.IsMap()) return;  // a comment-only or empty document
  Object obj;
  obj.key.api_version = scalar(doc["apiVersion"]);
  obj.key.kind = scalar(doc["kind"]);
  if (obj.key.kind.empty()) return;
  YAML::Node meta = doc["metadata"];
  if (meta && meta.IsMap()) {
    obj.key.name = scalar(meta["name"]);
    obj.key.ns = scalar(meta["namespace"]);
  }
  obj.source = source;
  obj.text = std::move(text);
  if (keep_node) obj.node = std::make_shared<const YAML::Node>(std::move(doc));
  out.push_back(std::move(obj));
}

}  // namespace

std::string ObjectKey::display() const {
  std::string out = api_version + " " + kind + " ";
  if (!ns.empty()) out += ns + "/";
  return out + name;
}

std::vector<Object> split_objects(std::string_view stream, const std::string& default_source,
                                  bool keep_nodes) {
  std::vector<Object> out;
  std::string current;
  std::string source = default_source;
  int line_no = 0;
  int first_line = 1;
  bool at_start = true;  // before the first line of a document
  auto flush = [&] {
    if (!current.empty()) add_document(out, std::move(current), source, first_line, keep_nodes);
    current.clear();
    source = default_source;
    at_start = true;
  };
  std::size_t start = 0;
  while (start < stream.size()) {
    std::size_t end = stream.find('\n', start);
    if (end == std::string_view::npos) end = stream.size();
    std::string_view line = stream.substr(start, end - start);
    start = end + 1;
    ++line_no;
    if (line == "---") {
      flush();
      continue;
    }
    if (at_start) {
      first_line = line_no;
      at_start = false;
      if (line.starts_with("# Source: ")) {
        source = std::string(line.substr(10));
        first_line = line_no + 1;
        continue;
      }
    }
    current.append(line);
    current += '\n';
  }
  flush();

  std::map<ObjectKey, const Object*> seen;
  for (const Object& obj : out) {
    auto [it, inserted] = seen.emplace(obj.key, &obj);
    if (!inserted) {
      parse_error(obj.source, 0,
                  "two objects are " + obj.key.display() + " (also in " + it->second->source + ")");
    }
  }
  return out;
}

Result compare(const std::vector<Object>& base, const std::vector<Object>& head) {
  std::map<ObjectKey, const Object*> before, after;
  for (const Object& o : base) before[o.key] = &o;
  for (const Object& o : head) after[o.key] = &o;
  Result result;
  auto count = [](const std::string& unified, char mark) {
    int n = 0;
    std::size_t pos = 0;
    while ((pos = unified.find('\n', pos)) != std::string::npos) {
      ++pos;
      if (pos < unified.size() && unified[pos] == mark &&
          unified.compare(pos, 4, std::string(3, mark) + " ") != 0) {
        ++n;
      }
    }
    return n;
  };
  auto add = [&](ChangeKind kind, const ObjectKey& key, const std::string& a,
                 const std::string& b) {
    Change c{kind, key,
             unified_diff(a, b, kind == ChangeKind::kAdded ? "/dev/null" : "a/" + key.display(),
                          kind == ChangeKind::kRemoved ? "/dev/null" : "b/" + key.display()),
             0, 0};
    c.added_lines = count(c.unified, '+');
    c.removed_lines = count(c.unified, '-');
    result.changes.push_back(std::move(c));
  };
  auto bi = before.begin();
  auto ai = after.begin();
  while (bi != before.end() || ai != after.end()) {
    if (ai == after.end() || (bi != before.end() && bi->first < ai->first)) {
      add(ChangeKind::kRemoved, bi->first, bi->second->text, "");
      ++bi;
    } else if (bi == before.end() || ai->first < bi->first) {
      add(ChangeKind::kAdded, ai->first, "", ai->second->text);
      ++ai;
    } else {
      if (bi->second->text == ai->second->text) {
        ++result.unchanged;
      } else {
        add(ChangeKind::kChanged, ai->first, bi->second->text, ai->second->text);
      }
      ++bi;
      ++ai;
    }
  }
  return result;
}

}  // namespace render::diff
