// Resource-level diff between two rendered sets of Kubernetes objects: objects are paired by
// (apiVersion, kind, namespace, name) and each changed one gets a unified diff of its YAML.
#pragma once

#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace YAML {
class Node;
}

namespace render::diff {

struct ObjectKey {
  std::string api_version;
  std::string kind;
  std::string ns;  // "" for cluster-scoped objects or when unset
  std::string name;
  auto operator<=>(const ObjectKey&) const = default;
  // "apps/v1 Deployment shop/web"
  std::string display() const;
};

struct Object {
  ObjectKey key;
  std::string source;  // where it came from ("app/templates/deployment.yaml", a repo path)
  std::string text;    // the document's YAML, as rendered
  // The document as split_objects parsed it (yaml-cpp), when asked to keep it: for the checks,
  // which read it again.
  std::shared_ptr<const YAML::Node> node;
};

// Splits a multi-document YAML stream (e.g. `helm template` output) into objects. Documents are
// separated by lines that are exactly "---"; a leading "# Source: X" line names the source. A
// document with no kind (only comments) is skipped. Throws render::Error (E_PARSE) when a
// document is not YAML or two objects share a key. `keep_nodes`: each object keeps its parsed
// document (Object::node), which takes memory in proportion to the stream's size.
std::vector<Object> split_objects(std::string_view stream, const std::string& default_source,
                                  bool keep_nodes = false);

enum class ChangeKind { kAdded, kRemoved, kChanged };

struct Change {
  ChangeKind kind;
  ObjectKey key;
  std::string unified;  // unified diff of the YAML ("" never: added/removed show every line)
  int added_lines = 0;
  int removed_lines = 0;
};

struct Result {
  std::vector<Change> changes;  // sorted by key
  int unchanged = 0;
  bool empty() const { return changes.empty(); }
};

// Pairs objects of the two sets by key and diffs each pair.
Result compare(const std::vector<Object>& base, const std::vector<Object>& head);

// A unified diff ("--- a", "+++ b", "@@ -l,n +l,n @@" hunks with `context` lines around changes);
// empty when the texts are equal.
std::string unified_diff(std::string_view a, std::string_view b, const std::string& label_a,
                         const std::string& label_b, int context = 3);

enum class Format { kText, kMarkdown, kJson };
Format parse_format(const std::string& name);  // throws std::invalid_argument
std::string format(const Result& result, Format format, const std::string& title);

}  // namespace render::diff
