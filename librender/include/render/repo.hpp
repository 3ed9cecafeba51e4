// The repository generator's output side: an in-memory file tree, the rules a path must follow
// before anything is written, and the atomic, ownership-aware write of a tree into a directory.
#pragma once

#include <filesystem>
#include <functional>
#include <map>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "render/chart.hpp"
#include "render/diagnostic.hpp"
#include "render/diff.hpp"
#include "render/embedded.hpp"
#include "render/model.hpp"
#include "render/value.hpp"

namespace render::repo {

// Relative path ("a/b.yaml", '/'-separated) -> file bytes. Sorted, so iteration is deterministic.
using FileTree = std::map<std::string, std::string>;

// Where the list of generated files and their hashes lives in the output.
inline constexpr std::string_view kManifestPath = ".gitops-render/manifest";

// Why a path may not be written, or nullopt when it may. A path must be relative, '/'-separated,
// normalised (no empty, "." or ".." parts), free of control and invisible characters, of '\\' and
// ':', of git-reserved names in any spelling (.git, .GIT, .git., git~1, .gitmodules,
// .gitattributes) and of names Windows reserves (con, aux.yaml, com1...), with no trailing dot or
// space in a part, at most 255 bytes a part and 1024 in all (bad-inputs.md rows 51-53).
std::optional<std::string> unsafe_path_reason(std::string_view path);

// Checks every path of a tree, and that no two paths differ only in letter case (a checkout on
// macOS or Windows would merge them). Diagnostics are E_UNSAFE_PATH.
std::vector<Diagnostic> check_tree_paths(const FileTree& tree);

// The manifest text for a set of generated files: a comment line, then "<sha256>  <path>" lines.
std::string manifest_text(const FileTree& generated);

// Parses a manifest; paths that fail unsafe_path_reason are refused (E_UNSAFE_TREE).
std::map<std::string, std::string> parse_manifest(std::string_view text, const std::string& file);

// What is at a path of the existing tree (a directory on disk, or a git tree at a revision).
enum class EntryKind { kMissing, kFile, kDirectory, kSymlink, kOther };

// Read access to the tree a generated tree is written over.
class ExistingTree {
 public:
  virtual ~ExistingTree() = default;
  // The kind of entry at `path`; a symlink on the way to it is reported as kSymlink.
  virtual EntryKind kind(const std::string& path) const = 0;
  // The bytes of the file at `path` (kind(path) == kFile).
  virtual std::string read(const std::string& path) const = 0;
  // A human name for `path` in messages (e.g. the full file name on disk).
  virtual std::string describe(const std::string& path) const = 0;
};

struct WriteOptions {
  bool force = false;    // overwrite generated files edited by hand, and unowned files in the way
  bool dry_run = false;  // plan only; touch nothing
};

struct WritePlan {
  std::vector<std::string> added;      // generated now, not present before
  std::vector<std::string> changed;    // generated before and now, different bytes
  std::vector<std::string> removed;    // generated before, no longer generated
  std::vector<std::string> unchanged;  // same bytes as on disk
  // Generated files edited by hand since the last run, and files the infra repo owns that a
  // generated file would replace. Without --force either one stops the write.
  std::vector<std::string> conflicts;
  bool has_changes() const { return !added.empty() || !changed.empty() || !removed.empty(); }
};

// The plan for writing `generated` over `existing`, honouring ownership: only files listed in
// the existing manifest are changed or removed. With `force`, conflicts become changes and
// removals. Throws render::Error for unsafe paths, symlinks in the way or a damaged manifest.
struct Plan {
  WritePlan report;
  // Existing paths whose bytes the new tree does not keep (changed, removed, forced).
  std::vector<std::string> replaced;
  std::string manifest;           // the new manifest text
  bool manifest_changed = false;  // differs from the existing one
};
Plan plan_changes(const ExistingTree& existing, const FileTree& generated, bool force);

// The E_UNSAFE_TREE diagnostics for a plan's conflicts (empty when there are none).
std::vector<Diagnostic> conflict_diagnostics(const ExistingTree& existing, const WritePlan& plan);

// Writes `generated` into `dir` (created if missing). Only files listed in the previous manifest
// are ever changed or removed; every other file is the infra repo's and is kept as it is. The new
// tree is built in a temporary directory beside `dir` and swapped in with one atomic exchange, so
// after any failure or kill `dir` is the old tree or the new one. Nothing is written when nothing
// changed. Throws render::Error (E_UNSAFE_PATH, E_UNSAFE_TREE, E_IO) and writes nothing then.
WritePlan write_tree(const std::filesystem::path& dir, const FileTree& generated,
                     const WriteOptions& options = {});

// Computes what write_tree would do, without writing.
WritePlan plan_write(const std::filesystem::path& dir, const FileTree& generated);

// ---- Generating the repository tree -------------------------------------------------------

// Where the app's objects come from. kHelm: Argo CD renders charts/app with the app-config and
// the environment's overlay. kManifests (--render-mode manifests): the chart's output is
// committed under rendered/<env>/ and the Application syncs that plain directory.
enum class RenderMode { kHelm, kManifests };

struct GenerateInput {
  Value app_config;                       // the app-config as template data (what charts/app gets)
  std::string app_config_yaml;            // the bytes of config/app-config.yaml
  std::vector<std::string> environments;  // names, sorted
  RenderMode render_mode = RenderMode::kHelm;
};

// The render mode a repository was generated with, from its manifest of generated files
// (rendered/ paths mean kManifests; no manifest means kHelm).
RenderMode render_mode_of(const std::optional<std::string>& manifest);

// The bytes of the regular file at `path` (symlinks not followed), or nullopt when there is none.
std::optional<std::string> read_regular_file(const std::filesystem::path& path);

// A file tree written into a private temporary directory, removed again on destruction.
class TemporaryTree {
 public:
  // Writes the files of `tree` for which `wanted(path)` holds (all when it is empty). Throws
  // render::Error (E_IO) when the directory cannot be made. `what` names it in messages.
  TemporaryTree(const FileTree& tree, const std::string& what,
                const std::function<bool(const std::string&)>& wanted = {});
  ~TemporaryTree();
  TemporaryTree(const TemporaryTree&) = delete;
  TemporaryTree& operator=(const TemporaryTree&) = delete;
  const std::filesystem::path& dir() const { return dir_; }

 private:
  std::filesystem::path dir_;
};

// A commit message for regenerating with `now` (app-config values) over the repository whose
// config/app-config.yaml was `before` (nullopt: a new repository): a subject line, then one line
// per app added or removed, image OLD -> NEW, replica and host change.
std::string describe_change(const std::optional<std::string>& before, const Value& now);

// The whole generated tree (every path the manifest will list), from the embedded base:
//  - base/<p>.tmpl is rendered to <p> by the project's template engine, once, with the data
//    {Values: app-config, Env: {}, RenderMode: "helm"|"manifests"}; one that renders to white
//    space only writes no file;
//  - a base path with a part "_env_" is produced per environment, "_env_" replaced by its
//    name, and .tmpl files there get .Env = {name: <env>} plus the environment's settings;
//  - base files named _*.tpl hold `define`s every template can `include`; they are not copied;
//  - other base files are copied to <p>; charts/app/** to charts/app/**; docs/*.md (but
//    app-config.md) to docs/;
//  - config/app-config.yaml and overlays/<env>/values.yaml are written from the input;
//  - in RenderMode::kManifests, rendered/<env>/manifests.yaml holds the chart's output for the
//    environment (what `helm template` prints for the Application's release).
// Throws render::Error: E_TEMPLATE with template:line:col for a repository template that fails,
// the chart's diagnostics when a rendered environment fails, E_UNSAFE_PATH for a clash.
FileTree generate_tree(const GenerateInput& input,
                       std::span<const EmbeddedFile> base = embedded_base_files());

// The generator's input for an app-config (values and the bytes of the file), environments
// taken from its `environments`, in the render mode of the repository whose manifest of
// generated files is `manifest` (render_mode_of: kHelm for none). Throws E_UNSAFE_TREE for a
// damaged manifest.
GenerateInput input_from_app_config(const Value& values, std::string app_config_yaml,
                                    const std::optional<std::string>& manifest = std::nullopt);

// The objects `kubectl kustomize <root>/<dir>` builds, for the kustomizations gitops-render
// generates: `resources` (files of YAML documents, and directories with their own
// kustomization.yaml) and `patches` with a target and inline JSON 6902 operations (replace, add,
// remove). Objects a patch touches are re-emitted with sorted keys; the others keep their text.
// Throws render::Error: E_SEMANTIC naming the kustomization for a field or operation outside
// that subset, a missing resource or one outside the root; E_PARSE for a file that is not YAML.
std::vector<diff::Object> kustomize_objects(const std::filesystem::path& root,
                                            const std::string& dir);

// The objects the GitOps engine applies for an environment besides the app's chart: for Argo CD,
// what clusters/<env> builds to; for Flux, the objects in clusters/<env>/*.yaml and what each
// Flux Kustomization there builds (folders with a kustomization.yaml; a plain folder such as
// rendered/<env> holds the chart's own objects and is left out). Throws as kustomize_objects.
std::vector<diff::Object> cluster_objects(const std::filesystem::path& root,
                                          const std::string& env);

// What `check` found in a generated repository on disk.
struct CheckReport {
  std::vector<Diagnostic> problems;  // invalid app-config (exit 2)
  std::vector<std::string> stale;    // generated files that differ from what the config gives
  FileTree expected;                 // the tree generation from the committed config gives
  std::vector<Diagnostic> rendered;  // charts/app as on disk, rendered per environment: template
                                     // errors and objects that break the render checks (exit 2)
};

// The namespace the app-config `values` puts the app in ("" when it names none).
std::string app_namespace(const Value& values);

// charts/app under `dir` rendered for one environment, as Argo CD's Application for it does:
// release `app`, the config's namespace, -f config/app-config.yaml -f overlays/<env>/values.yaml.
chart::RenderResult render_environment(const std::filesystem::path& dir, const Value& values,
                                       const std::string& env);

// Renders charts/app under `dir` for every environment of the app-config `values` (release
// `app`, the config's namespace, -f config/app-config.yaml -f overlays/<env>/values.yaml), with
// the project's engine, and checks every object (names, labels, namespace, uniqueness, no Secret
// data). Returns the problems.
std::vector<Diagnostic> check_rendered_chart(const std::filesystem::path& dir, const Value& values);

// Validates config/app-config.yaml under `dir`, renders its chart (check_rendered_chart) and
// compares every generated file (manifest included) with what generating from that config gives.
// Throws render::Error (E_IO) when the directory holds no app-config.
CheckReport check_repository(const std::filesystem::path& dir);

}  // namespace render::repo
