// The pipeline step: commit the generated tree and push it, starting again on a lost race.
#include "handles.hpp"
#include "render/git.hpp"

namespace render::git {
namespace {

bool is_race(const Error& e) {
  return !e.diagnostics().empty() && e.diagnostics().front().code == code::kRace;
}

// True when `ancestor` is `descendant` or one of its ancestors.
bool reaches(const std::filesystem::path& repository, const std::string& descendant,
             const std::string& ancestor) {
  if (descendant == ancestor) return true;
  RepoPtr repo = open_repository(repository.string());
  git_oid d{}, a{};
  check(git_oid_fromstr(&d, descendant.c_str()), "not a commit id", descendant);
  check(git_oid_fromstr(&a, ancestor.c_str()), "not a commit id", ancestor);
  int rc = git_graph_descendant_of(repo.get(), &d, &a);
  check(rc, "cannot compare history", repository.string());
  return rc == 1;
}

[[noreturn]] void diverged(const std::string& branch, const std::string& remote) {
  Diagnostic d;
  d.code = code::kRace;
  d.location.file = "refs/heads/" + branch;
  d.message = "the local branch " + branch + " and " + remote + "/" + branch +
              " have diverged; gitops-render never rewrites history";
  d.hint = "reset the local branch to the remote one (generated files are regenerated anyway)";
  throw Error(std::move(d));
}

// Brings the local branch up to the remote head when it is behind; returns the head to build on.
std::string sync_with_remote(const std::filesystem::path& repository,
                             const PublishOptions& options) {
  std::string local = resolve(repository, "refs/heads/" + options.branch).value_or("");
  auto remote_head = fetch(repository, *options.remote, options.branch);
  if (!remote_head || local == *remote_head) return local;
  if (local.empty() || reaches(repository, *remote_head, local)) {  // new or behind: catch up
    reset_branch(repository, options.branch, local, *remote_head);
    return *remote_head;
  }
  if (reaches(repository, local, *remote_head)) return local;  // ahead: push what we have
  diverged(options.branch, *options.remote);
}

}  // namespace

PublishResult publish(const std::filesystem::path& repository, const PublishOptions& options,
                      const BuildCommit& build) {
  PublishResult result;
  for (int attempt = 0;; ++attempt) {
    result.attempts = attempt + 1;
    std::string head = options.remote
                           ? sync_with_remote(repository, options)
                           : resolve(repository, "refs/heads/" + options.branch).value_or("");
    CommitRequest request = build(head);
    request.branch = options.branch;
    request.expected_head = head;
    result.commit = commit_generated(repository, request);
    if (!options.remote) return result;
    std::string remote_has = fetch(repository, *options.remote, options.branch).value_or("");
    if (remote_has == result.commit.commit) return result;  // nothing to push
    try {
      push(repository, *options.remote, options.branch);
      result.pushed = true;
      return result;
    } catch (const Error& e) {
      if (!is_race(e) || attempt >= options.retries) throw;
    }
    // Lost the push: drop our unpushed commit and build again on what the remote has now.
    auto fresh = fetch(repository, *options.remote, options.branch);
    if (fresh && result.commit.committed) {
      reset_branch(repository, options.branch, result.commit.commit, *fresh);
    }
  }
}

}  // namespace render::git
