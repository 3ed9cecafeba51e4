// What writing a generated tree over an existing one changes, honouring ownership.
#include <algorithm>

#include "render/repo.hpp"
#include "render/sha256.hpp"

namespace render::repo {
namespace {

[[noreturn]] void unsafe_tree(const std::string& where, std::string message, std::string hint) {
  Diagnostic d;
  d.code = code::kUnsafeTree;
  d.location.file = where;
  d.message = std::move(message);
  d.hint = std::move(hint);
  throw Error(std::move(d));
}

[[noreturn]] void refuse_symlink(const ExistingTree& existing, const std::string& path) {
  unsafe_tree(existing.describe(path), "refusing to write through a symbolic link",
              "replace the link with a real file or directory");
}

}  // namespace

Plan plan_changes(const ExistingTree& existing, const FileTree& generated, bool force) {
  auto problems = check_tree_paths(generated);
  if (!problems.empty()) throw Error(std::move(problems));
  const std::string manifest_path(kManifestPath);
  if (generated.count(manifest_path)) {
    Diagnostic d;
    d.code = code::kUnsafePath;
    d.location.file = manifest_path;
    d.message = "the manifest path is reserved for gitops-render";
    throw Error(std::move(d));
  }

  Plan plan;
  plan.manifest = manifest_text(generated);
  std::map<std::string, std::string> previous;
  std::string old_manifest;
  switch (existing.kind(manifest_path)) {
    case EntryKind::kMissing:
      break;
    case EntryKind::kFile:
      old_manifest = existing.read(manifest_path);
      previous = parse_manifest(old_manifest, existing.describe(manifest_path));
      break;
    case EntryKind::kSymlink:
      refuse_symlink(existing, manifest_path);
    default:
      unsafe_tree(existing.describe(manifest_path), "the manifest is not a regular file",
                  "remove it and generate again with --force");
  }
  plan.manifest_changed = old_manifest != plan.manifest;

  WritePlan& r = plan.report;
  for (const auto& [path, content] : generated) {
    EntryKind kind = existing.kind(path);
    if (kind == EntryKind::kSymlink) refuse_symlink(existing, path);
    if (kind == EntryKind::kMissing) {
      r.added.push_back(path);
      continue;
    }
    if (kind != EntryKind::kFile) {
      r.conflicts.push_back(path);
      continue;
    }
    std::string current = existing.read(path);
    if (current == content) {
      r.unchanged.push_back(path);
      continue;
    }
    auto owned = previous.find(path);
    bool ours = owned != previous.end() && owned->second == sha256_hex(current);
    (ours ? r.changed : r.conflicts).push_back(path);
  }
  for (const auto& [path, hash] : previous) {
    if (generated.count(path)) continue;
    EntryKind kind = existing.kind(path);
    if (kind == EntryKind::kMissing) continue;
    if (kind == EntryKind::kSymlink) refuse_symlink(existing, path);
    bool ours = kind == EntryKind::kFile && sha256_hex(existing.read(path)) == hash;
    (ours ? r.removed : r.conflicts).push_back(path);
  }
  if (force) {
    for (const auto& path : r.conflicts) {
      (generated.count(path) ? r.changed : r.removed).push_back(path);
    }
    r.conflicts.clear();
    std::sort(r.changed.begin(), r.changed.end());
    std::sort(r.removed.begin(), r.removed.end());
  }
  plan.replaced = r.changed;
  plan.replaced.insert(plan.replaced.end(), r.removed.begin(), r.removed.end());
  return plan;
}

std::vector<Diagnostic> conflict_diagnostics(const ExistingTree& existing, const WritePlan& plan) {
  std::vector<Diagnostic> out;
  for (const auto& path : plan.conflicts) {
    Diagnostic d;
    d.code = code::kUnsafeTree;
    d.location.file = existing.describe(path);
    d.message = "`" + path +
                "` was edited since gitops-render generated it, or is not gitops-render's; "
                "it would be replaced";
    d.hint = "move your change to a file gitops-render does not generate, or pass --force";
    out.push_back(std::move(d));
  }
  return out;
}

}  // namespace render::repo
