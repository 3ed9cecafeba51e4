// Talking to a remote: push with rejection detection, fetch, and starting again from its head.
#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <thread>
#include <vector>

#include "handles.hpp"
#include "render/git.hpp"
#include "render/go_url.hpp"
#include "tree_reader.hpp"

namespace render::git {
namespace {

using RemotePtr = std::unique_ptr<git_remote, Deleter<git_remote, git_remote_free>>;

const char* env(const char* name) {
  const char* v = std::getenv(name);
  return v && *v ? v : nullptr;
}

RemotePtr open_remote(git_repository* repo, const std::string& remote) {
  git_remote* out = nullptr;
  int rc = git_remote_lookup(&out, repo, remote.c_str());
  if (rc == GIT_ENOTFOUND || rc == GIT_EINVALIDSPEC) {
    rc = git_remote_create_anonymous(&out, repo, remote.c_str());
  }
  check(rc, "cannot use remote", remote);
  return RemotePtr(out);
}

// Credentials from the environment; each kind is offered once so a refusal does not loop.
struct CredentialState {
  bool tried_token = false;
  bool tried_agent = false;
  bool tried_key = false;
};

int credentials(git_credential** out, const char* /*url*/, const char* username_from_url,
                unsigned int allowed, void* payload) {
  auto* state = static_cast<CredentialState*>(payload);
  if (allowed & GIT_CREDENTIAL_USERPASS_PLAINTEXT) {
    const char* token = env("GITOPS_RENDER_TOKEN");
    if (!token) token = env("GITHUB_TOKEN");
    if (token && !state->tried_token) {
      state->tried_token = true;
      const char* user = env("GITOPS_RENDER_TOKEN_USER");
      return git_credential_userpass_plaintext_new(out, user ? user : "x-access-token", token);
    }
  }
  if (allowed & GIT_CREDENTIAL_SSH_KEY) {
    const char* user = username_from_url ? username_from_url : "git";
    if (env("SSH_AUTH_SOCK") && !state->tried_agent) {
      state->tried_agent = true;
      return git_credential_ssh_key_from_agent(out, user);
    }
    if (const char* key = env("GITOPS_RENDER_SSH_KEY"); key && !state->tried_key) {
      state->tried_key = true;
      return git_credential_ssh_key_new(out, user, nullptr, key,
                                        env("GITOPS_RENDER_SSH_PASSPHRASE"));
    }
  }
  return GIT_PASSTHROUGH;  // nothing (more) to offer: libgit2 reports the authentication error
}

struct PushState {
  CredentialState credentials;
  std::vector<std::pair<std::string, std::string>> rejected;  // ref, status from the server
};

int on_update(const char* refname, const char* status, void* payload) {
  if (status) static_cast<PushState*>(payload)->rejected.emplace_back(refname, status);
  return 0;
}

bool is_non_fast_forward(const std::string& text) {
  for (const char* marker :
       {"non-fast-forward", "fetch first", "non-fastforwardable", "not fast-forward", "stale info",
        "cannot lock ref", "contains commits that are not present locally"}) {
    if (text.find(marker) != std::string::npos) return true;
  }
  return false;
}

[[noreturn]] void refused(const std::string& ref, const std::string& remote,
                          const std::string& why) {
  Diagnostic d;
  d.location.file = remote;
  if (is_non_fast_forward(why)) {
    d.code = code::kRace;
    d.message = "push of " + ref + " to " + remote + " was rejected: the remote branch moved (" +
                why + "); nothing was overwritten";
    d.hint = "run again (or pass --retries N) to regenerate on the new head";
  } else {
    d.code = code::kGit;
    d.message = "push of " + ref + " to " + remote + " was refused: " + why;
    d.hint = "check branch protection and the credentials' permissions";
  }
  throw Error(std::move(d));
}

using PackPtr = std::unique_ptr<git_packbuilder, Deleter<git_packbuilder, git_packbuilder_free>>;
using WalkPtr = std::unique_ptr<git_revwalk, Deleter<git_revwalk, git_revwalk_free>>;

// The directory a remote URL names on this machine, if it does: a file:// URL or an existing
// directory, the two forms libgit2 hands to its local transport.
std::optional<std::filesystem::path> local_directory(const std::string& url) {
  constexpr std::string_view kScheme = "file://";
  if (url.compare(0, kScheme.size(), kScheme) == 0) {
    std::string_view rest = std::string_view(url).substr(kScheme.size());
    if (rest.compare(0, 10, "localhost/") == 0) rest.remove_prefix(9);
    if (rest.empty() || rest.front() != '/') return std::nullopt;  // another host: not ours
    std::string error;
    auto path = go_url_unescape(rest, UrlEncoding::kPath, error);
    if (!path) return std::nullopt;
    return std::filesystem::path(*path);
  }
  std::error_code ec;
  if (std::filesystem::is_directory(url, ec)) return std::filesystem::path(url);
  return std::nullopt;
}

// A push into a repository on this machine. libgit2's own local transport moves the remote
// branch to the new commit without comparing it to the value it listed first, so of two pushes
// at once both can report success and one commit is silently lost. Here the branch is moved
// with compare-and-swap under the ref's lock, as a git server does.
void push_to_directory(git_repository* local, const std::filesystem::path& directory,
                       const std::string& remote, const std::string& ref) {
  git_repository* opened = nullptr;
  check(git_repository_open(&opened, directory.c_str()), "cannot open the remote repository",
        remote);
  RepoPtr target(opened);
  if (!git_repository_is_bare(target.get())) {
    refused(ref, remote,
            "it is not a bare repository (pushing into a working tree could leave it out of "
            "date)");
  }
  git_oid ours{};
  check(git_reference_name_to_id(&ours, local, ref.c_str()), "cannot resolve " + ref, remote);
  git_oid theirs{};
  int rc = git_reference_name_to_id(&theirs, target.get(), ref.c_str());
  bool has_theirs = rc == 0;
  if (rc < 0 && rc != GIT_ENOTFOUND) check(rc, "cannot read " + ref, remote);
  if (has_theirs) {
    if (git_oid_equal(&ours, &theirs)) return;
    // Fast-forward only: the remote head must be ours or an ancestor we already have.
    git_odb* odb = nullptr;
    check(git_repository_odb(&odb, local), "cannot open the object database", remote);
    bool known = git_odb_exists(odb, &theirs) == 1;
    git_odb_free(odb);
    if (!known || git_graph_descendant_of(local, &ours, &theirs) != 1) {
      refused(ref, remote, known ? "non-fast-forward" : "fetch first");
    }
  }

  git_packbuilder* builder = nullptr;
  check(git_packbuilder_new(&builder, local), "cannot pack objects", remote);
  PackPtr pack(builder);
  git_revwalk* walker = nullptr;
  check(git_revwalk_new(&walker, local), "cannot walk history", remote);
  WalkPtr walk(walker);
  check(git_revwalk_push(walk.get(), &ours), "cannot walk history", remote);
  if (has_theirs) check(git_revwalk_hide(walk.get(), &theirs), "cannot walk history", remote);
  check(git_packbuilder_insert_walk(pack.get(), walk.get()), "cannot pack objects", remote);
  git_buf objects = GIT_BUF_INIT;
  check(git_repository_item_path(&objects, target.get(), GIT_REPOSITORY_ITEM_OBJECTS),
        "cannot find the remote's objects", remote);
  std::string pack_dir = std::string(objects.ptr) + "pack";
  git_buf_dispose(&objects);
  check(git_packbuilder_write(pack.get(), pack_dir.c_str(), 0, nullptr, nullptr),
        "cannot write objects to the remote", remote);

  // The objects are in place; the branch moves only if it still holds what was checked above.
  // Another push holds the ref's lock for a moment: wait for it, then compare. A lock that stays
  // was left by a process that died holding it; the remote may be used by git too, so it is
  // reported, not removed.
  for (int attempt = 0;; ++attempt) {
    git_reference* moved = nullptr;
    rc = has_theirs ? git_reference_create_matching(&moved, target.get(), ref.c_str(), &ours, 1,
                                                    &theirs, "push")
                    : git_reference_create(&moved, target.get(), ref.c_str(), &ours, 0, "push");
    RefPtr owned(moved);
    if (rc != GIT_ELOCKED) break;
    if (attempt == 50) {
      Diagnostic d;
      d.code = code::kGit;
      d.location.file = remote;
      d.message = "push of " + ref + " to " + remote + " failed: the lock file " +
                  (directory / (ref + ".lock")).string() + " stays in place";
      d.hint = "if no other git process is using the remote, remove the .lock file";
      throw Error(std::move(d));
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  if (rc == GIT_EMODIFIED || rc == GIT_EEXISTS) refused(ref, remote, "stale info");
  check(rc, "cannot move " + ref, remote);
}

}  // namespace

void push(const std::filesystem::path& repository, const std::string& remote,
          const std::string& branch) {
  RepoPtr repo = open_repository(repository.string());
  RemotePtr handle = open_remote(repo.get(), remote);
  std::string ref = "refs/heads/" + branch;
  // (Where it pushes: its push URL when it has one.)
  const char* url = git_remote_pushurl(handle.get());
  if (url == nullptr) url = git_remote_url(handle.get());
  if (auto directory = url != nullptr ? local_directory(url) : std::nullopt) {
    push_to_directory(repo.get(), *directory, remote, ref);
    return;
  }
  std::string spec = ref + ":" + ref;  // no '+': the server must fast-forward
  char* specs[] = {spec.data()};
  git_strarray refspecs{specs, 1};

  PushState state;
  git_push_options opts;
  git_push_options_init(&opts, GIT_PUSH_OPTIONS_VERSION);
  opts.callbacks.credentials = credentials;
  opts.callbacks.push_update_reference = on_update;
  opts.callbacks.payload = &state;
  // The credential callback gets the same payload; CredentialState is the first member.
  static_assert(offsetof(PushState, credentials) == 0);
  int rc = git_remote_push(handle.get(), &refspecs, &opts);
  if (rc < 0) {
    const git_error* e = git_error_last();
    std::string why = e && e->message ? e->message : "unknown error";
    if (is_non_fast_forward(why)) refused(ref, remote, why);
    check(rc, "cannot push " + ref, remote);
  }
  if (!state.rejected.empty()) refused(state.rejected[0].first, remote, state.rejected[0].second);
}

std::optional<std::string> fetch(const std::filesystem::path& repository, const std::string& remote,
                                 const std::string& branch) {
  RepoPtr repo = open_repository(repository.string());
  RemotePtr handle = open_remote(repo.get(), remote);
  bool named = git_remote_name(handle.get()) != nullptr;
  std::string tracking = named ? "refs/remotes/" + remote + "/" + branch : "FETCH_HEAD";
  std::string spec = "+refs/heads/" + branch + ":" + (named ? tracking : "");
  if (!named) spec = "refs/heads/" + branch;
  char* specs[] = {spec.data()};
  git_strarray refspecs{specs, 1};
  CredentialState creds;
  git_fetch_options opts;
  git_fetch_options_init(&opts, GIT_FETCH_OPTIONS_VERSION);
  opts.callbacks.credentials = credentials;
  opts.callbacks.payload = &creds;
  int rc = git_remote_fetch(handle.get(), &refspecs, &opts, "gitops-render: fetch");
  if (rc < 0) {
    const git_error* e = git_error_last();
    std::string why = e && e->message ? e->message : "";
    if (why.find("couldn't find remote ref") != std::string::npos) return std::nullopt;
    check(rc, "cannot fetch " + branch, remote);
  }
  git_oid id{};
  if (git_reference_name_to_id(&id, repo.get(), tracking.c_str()) < 0) return std::nullopt;
  return oid_hex(id);
}

void reset_branch(const std::filesystem::path& repository, const std::string& branch,
                  const std::string& from, const std::string& to) {
  RepoPtr repo = open_repository(repository.string());
  std::string ref = "refs/heads/" + branch;
  CommitPtr target = lookup_commit(repo.get(), to);
  CommitPtr old;
  git_oid from_id{};
  if (!from.empty()) {
    check(git_oid_fromstr(&from_id, from.c_str()), "not a commit id", from);
    old = lookup_commit(repo.get(), from);
  }

  bool checked_out = false;
  if (!git_repository_is_bare(repo.get())) {
    git_reference* head = nullptr;
    if (git_reference_lookup(&head, repo.get(), "HEAD") == 0) {
      RefPtr owned(head);
      const char* t = git_reference_symbolic_target(head);
      checked_out = t && ref == t;
    }
  }
  const char* log = "gitops-render: start again from the remote head";
  git_reference* out = nullptr;
  int rc =
      from.empty()
          ? git_reference_create(&out, repo.get(), ref.c_str(), git_commit_id(target.get()), 0, log)
          : git_reference_create_matching(&out, repo.get(), ref.c_str(),
                                          git_commit_id(target.get()), 1, &from_id, log);
  RefPtr owned_out(out);
  if (rc == GIT_EMODIFIED || rc == GIT_EEXISTS) {
    Diagnostic d;
    d.code = code::kRace;
    d.location.file = ref;
    d.message = ref + " moved while catching up with the remote; nothing was changed";
    throw Error(std::move(d));
  }
  check(rc, "cannot move " + ref, ref);
  if (!checked_out) return;
  git_tree* new_tree = nullptr;
  check(git_commit_tree(&new_tree, target.get()), "cannot read tree", to);
  TreePtr new_owned(new_tree);
  TreePtr old_owned;
  if (old) {
    git_tree* old_tree = nullptr;
    check(git_commit_tree(&old_tree, old.get()), "cannot read tree", from);
    old_owned.reset(old_tree);
  } else {
    old_owned = empty_tree(repo.get());
  }
  git_checkout_options opts;
  git_checkout_options_init(&opts, GIT_CHECKOUT_OPTIONS_VERSION);
  opts.checkout_strategy = GIT_CHECKOUT_SAFE;
  opts.baseline = old_owned.get();
  check(git_checkout_tree(repo.get(), reinterpret_cast<git_object*>(new_tree), &opts),
        "cannot update the working tree", repository.string());
}

}  // namespace render::git
