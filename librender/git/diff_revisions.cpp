// What would change in the cluster between two revisions of a generated repository: each side's
// chart rendered for every environment plus what its GitOps engine applies around it
// (repo::cluster_objects), objects paired and diffed.
#include <optional>
#include <set>

#include "render/diff.hpp"
#include "render/git.hpp"
#include "render/model.hpp"
#include "render/repo.hpp"

namespace render::git {
namespace {

namespace fs = std::filesystem;

// A revision's files in a private temporary directory (the working tree as it is for none).
class Checkout {
 public:
  Checkout(const fs::path& repository, const std::string& revision) {
    if (revision.empty()) {
      dir_ = repository;
      return;
    }
    copy_.emplace(read_tree(repository, revision), revision);
    dir_ = copy_->dir();
  }
  const fs::path& dir() const { return dir_; }

 private:
  std::optional<repo::TemporaryTree> copy_;
  fs::path dir_;
};

struct Side {
  std::string label;
  Value config;  // nil when the revision has no app-config yet
  std::set<std::string> environments;
};

Side load_side(const fs::path& dir, std::string label) {
  Side side;
  side.label = std::move(label);
  auto text = repo::read_regular_file(dir / "config/app-config.yaml");
  if (!text) return side;
  side.config = model::load_app_config(*text, side.label + ":config/app-config.yaml");
  for (const auto& env : model::environment_names(side.config)) side.environments.insert(env);
  return side;
}

std::vector<diff::Object> objects(const fs::path& dir, const Side& side, const std::string& env) {
  if (!side.environments.count(env)) return {};
  chart::RenderResult r = repo::render_environment(dir, side.config, env);
  if (!r.ok) {
    std::vector<Diagnostic> diagnostics = r.diagnostics;
    for (auto& d : diagnostics) d.message = side.label + ", environment " + env + ": " + d.message;
    throw Error(std::move(diagnostics));
  }
  std::vector<diff::Object> out = diff::split_objects(r.output, env);
  // The generated objects around the app: the platform, the project, the Application.
  if (fs::is_directory(dir / "clusters" / env)) {
    for (auto& o : repo::cluster_objects(dir, env)) out.push_back(std::move(o));
  }
  return out;
}

}  // namespace

std::vector<EnvironmentDiff> diff_revisions(const fs::path& repository, const std::string& base,
                                            const std::string& head, const std::string& env) {
  Checkout base_tree(repository, base), head_tree(repository, head);
  Side before = load_side(base_tree.dir(), base);
  Side after = load_side(head_tree.dir(), head.empty() ? "working tree" : head);
  std::set<std::string> environments = before.environments;
  environments.insert(after.environments.begin(), after.environments.end());
  if (!env.empty()) environments = {env};
  std::vector<EnvironmentDiff> out;
  for (const auto& e : environments) {
    EnvironmentDiff d;
    d.env = e;
    d.result =
        diff::compare(objects(base_tree.dir(), before, e), objects(head_tree.dir(), after, e));
    out.push_back(std::move(d));
  }
  return out;
}

}  // namespace render::git
