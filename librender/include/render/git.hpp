// Git through libgit2: read any tree at any revision without a checkout, and commit a generated
// tree onto a branch with a compare-and-swap, so a concurrent writer is never overwritten.
#pragma once

#include <cstdint>
#include <filesystem>
#include <functional>
#include <optional>
#include <string>

#include "render/diff.hpp"
#include "render/repo.hpp"

namespace render::git {

struct Signature {
  std::string name;
  std::string email;
  std::int64_t time = 0;   // seconds since the epoch
  int offset_minutes = 0;  // time zone offset
};

// An identity from "Name <email>" (when given), else GIT_<ROLE>_NAME / GIT_<ROLE>_EMAIL, else
// "gitops-render <gitops-render@localhost>". The time is GIT_<ROLE>_DATE as seconds, else
// SOURCE_DATE_EPOCH, else now. role is "AUTHOR" or "COMMITTER". Throws E_SEMANTIC on a bad spec.
Signature signature_for(const std::string& role, const std::optional<std::string>& spec);

// The whole tree of a revision ("HEAD", "main", "origin/main", a commit id) as files. Only
// regular files are returned; a symlink or submodule in the tree is an E_UNSAFE_TREE error when
// the generator would touch it (see TreeAtRevision).
repo::FileTree read_tree(const std::filesystem::path& repository, const std::string& revision);

// What Argo CD would apply differently for one environment between two revisions.
struct EnvironmentDiff {
  std::string env;
  diff::Result result;
};

// Renders charts/app of `base` and of `head` (empty: the working tree of `repository`) for every
// environment either side's config has (or only `env`), pairs the objects by (apiVersion, kind,
// namespace, name) and diffs them. An environment only one side has shows as all added or all
// removed. Throws render::Error: a revision that does not resolve, a config or template error.
std::vector<EnvironmentDiff> diff_revisions(const std::filesystem::path& repository,
                                            const std::string& base, const std::string& head,
                                            const std::string& env);

// The bytes of one file at a revision, or nullopt when it is not there.
std::optional<std::string> read_file(const std::filesystem::path& repository,
                                     const std::string& revision, const std::string& path);

struct CommitRequest {
  std::string branch = "main";  // refs/heads/<branch>; created when it does not exist yet
  repo::FileTree generated;     // every generated file (the manifest is added)
  std::string message;
  Signature author;
  Signature committer;
  bool force = false;  // overwrite hand-edited generated files
  // The commit the caller generated against (the branch head it read); empty: the current head.
  // When the branch has moved past it, nothing is committed and E_RACE is raised.
  std::string expected_head;
};

struct CommitResult {
  bool committed = false;  // false: the tree was already up to date (no empty commit)
  std::string commit;      // the new commit id (or the unchanged head)
  std::string parent;      // the head it was built on ("" for a new branch)
  repo::WritePlan plan;
};

// Builds the new tree in memory from the branch head plus `generated` (ownership as in
// repo::plan_changes), commits it when it differs, and moves the branch only if it still points
// at the head it started from (E_RACE, exit 4, otherwise). In a non-bare repository whose HEAD is
// that branch, the index and working tree are updated to match; local edits to files the commit
// changes are refused before anything is written (E_UNSAFE_TREE).
CommitResult commit_generated(const std::filesystem::path& repository,
                              const CommitRequest& request);

// Pushes refs/heads/<branch> to `remote` (a configured remote name or a URL) without force.
// Credentials come from the environment: GITOPS_RENDER_TOKEN or GITHUB_TOKEN for https (user
// GITOPS_RENDER_TOKEN_USER, default "x-access-token"), the ssh agent (SSH_AUTH_SOCK) or the key
// in GITOPS_RENDER_SSH_KEY for ssh. A rejection the server reports only through the
// push-update-reference callback is caught: non-fast-forward is E_RACE (exit 4), any other
// refusal (e.g. a protected branch) E_GIT (exit 3). A remote on this machine (a path or a file://
// URL) must be a bare repository; its branch is moved with compare-and-swap under its lock, so of
// pushes from one head at once exactly one lands and the others are E_RACE.
void push(const std::filesystem::path& repository, const std::string& remote,
          const std::string& branch);

// Fetches refs/heads/<branch> from `remote` into refs/remotes/<remote>/<branch> (for a URL:
// FETCH_HEAD only) and returns the fetched commit id, or nullopt when the remote has no such
// branch.
std::optional<std::string> fetch(const std::filesystem::path& repository, const std::string& remote,
                                 const std::string& branch);

// Moves refs/heads/<branch> from `from` to `to` (compare-and-swap; E_RACE when it moved) and,
// when it is checked out, makes the index and working tree match `to`. Used to start again from
// a fetched head after a lost push.
void reset_branch(const std::filesystem::path& repository, const std::string& branch,
                  const std::string& from, const std::string& to);

// Builds what to commit on top of `head` (the branch head, "" for a new branch). Called again
// on each retry, with the new head.
using BuildCommit = std::function<CommitRequest(const std::string& head)>;

struct PublishOptions {
  std::string branch = "main";
  std::optional<std::string> remote;  // push there after committing
  int retries = 0;                    // on a lost push: fetch, rebuild on the new head, try again
};

struct PublishResult {
  CommitResult commit;
  bool pushed = false;
  int attempts = 0;
};

// The pipeline's whole step: (fetch and fast-forward to the remote head,) commit what `build`
// returns with compare-and-swap, (push; on a rejected push retry up to `retries` times from the
// fetched head). A local branch that has diverged from the remote is never rewritten: E_RACE.
PublishResult publish(const std::filesystem::path& repository, const PublishOptions& options,
                      const BuildCommit& build);

// The id of a revision, or nullopt when it does not resolve.
std::optional<std::string> resolve(const std::filesystem::path& repository,
                                   const std::string& revision);

}  // namespace render::git
