// Committing a generated tree onto a branch: built in memory, moved with compare-and-swap.
#include <fcntl.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include <chrono>
#include <ctime>
#include <thread>

#include "render/git.hpp"
#include "tree_reader.hpp"

namespace render::git {
namespace {

[[noreturn]] void lost_race(const std::string& ref, const std::string& detail) {
  Diagnostic d;
  d.code = code::kRace;
  d.location.file = ref;
  d.message = ref + " moved while generating (" + detail + "); nothing was committed";
  d.hint = "run generate again: it starts from the new head";
  throw Error(std::move(d));
}

SigPtr make_signature(const Signature& s) {
  git_signature* sig = nullptr;
  check(git_signature_new(&sig, s.name.c_str(), s.email.c_str(), static_cast<git_time_t>(s.time),
                          s.offset_minutes),
        "invalid identity", s.name + " <" + s.email + ">");
  return SigPtr(sig);
}

// Stages `content` at `path` in an in-memory index (the blob goes to the object database).
void add_file(git_repository* repo, git_index* index, const std::string& path,
              const std::string& content) {
  git_index_entry entry{};
  entry.mode = GIT_FILEMODE_BLOB;
  entry.path = path.c_str();
  check(git_blob_create_from_buffer(&entry.id, repo, content.data(), content.size()),
        "cannot store", path);
  check(git_index_add(index, &entry), "cannot stage", path);
}

// A non-bare repository whose HEAD is `ref`: the index and working tree follow the commit.
bool has_checkout_of(git_repository* repo, const std::string& ref) {
  if (git_repository_is_bare(repo)) return false;
  git_reference* head = nullptr;
  if (git_reference_lookup(&head, repo, "HEAD") < 0) return false;
  RefPtr owned(head);
  const char* target = git_reference_symbolic_target(head);
  return target && ref == target;
}

// Refuses local edits (staged or not, and untracked files in the way) to paths the commit changes.
void refuse_local_edits(git_repository* repo, const std::vector<std::string>& paths) {
  std::vector<Diagnostic> problems;
  for (const auto& path : paths) {
    unsigned int flags = 0;
    int rc = git_status_file(&flags, repo, path.c_str());
    if (rc == GIT_ENOTFOUND) continue;
    check(rc, "cannot read status", path);
    if (flags != GIT_STATUS_CURRENT && !(flags & GIT_STATUS_IGNORED)) {
      Diagnostic d;
      d.code = code::kUnsafeTree;
      d.location.file = path;
      d.message = "`" + path + "` has local changes in the working tree or index";
      d.hint = "commit or discard them first; generated files are written by gitops-render";
      problems.push_back(std::move(d));
    }
  }
  if (!problems.empty()) throw Error(std::move(problems));
}

// Serialises gitops-render runs on one repository: an flock on the git directory, which the
// kernel releases when the process ends, however it ends.
class RepositoryLock {
 public:
  explicit RepositoryLock(git_repository* repo)
      : fd_(::open(git_repository_path(repo), O_RDONLY | O_DIRECTORY | O_CLOEXEC)) {
    if (fd_ < 0 || ::flock(fd_, LOCK_EX) != 0) {
      check(-1, "cannot lock the repository", git_repository_path(repo));
    }
  }
  RepositoryLock(const RepositoryLock&) = delete;
  RepositoryLock& operator=(const RepositoryLock&) = delete;
  ~RepositoryLock() {
    if (fd_ >= 0) ::close(fd_);
  }

 private:
  int fd_;
};

// A ref lock file left by a run that was killed: every gitops-render run holds the repository
// lock, so a ref lock older than a git command ever holds one has no living owner.
bool remove_if_stale(git_repository* repo, const std::string& ref) {
  std::string lock = std::string(git_repository_path(repo)) + ref + ".lock";
  struct stat st {};
  if (::stat(lock.c_str(), &st) != 0) return false;
  if (std::time(nullptr) - st.st_mtime < 2) return false;
  return ::unlink(lock.c_str()) == 0;
}

// Moves `ref` from `old_head` (null: create) to `commit`, retrying while another writer holds
// the ref's lock; a lock left by a killed run is removed once it is clearly stale.
void move_ref(git_repository* repo, const std::string& ref, const git_oid& commit,
              const git_oid* old_head, const std::string& log) {
  for (int attempt = 0;; ++attempt) {
    git_reference* out = nullptr;
    int rc = old_head ? git_reference_create_matching(&out, repo, ref.c_str(), &commit, 1, old_head,
                                                      log.c_str())
                      : git_reference_create(&out, repo, ref.c_str(), &commit, 0, log.c_str());
    RefPtr owned(out);
    if (rc == GIT_EMODIFIED) lost_race(ref, "its head is no longer " + oid_hex(*old_head));
    if (rc == GIT_EEXISTS) lost_race(ref, "another run created it");
    if (rc == GIT_ELOCKED && (attempt < 150 || remove_if_stale(repo, ref))) {
      std::this_thread::sleep_for(std::chrono::milliseconds(20));
      continue;
    }
    if (rc == GIT_ELOCKED) {
      Diagnostic d;
      d.code = code::kGit;
      d.location.file = ref;
      d.message = "the lock file for " + ref + " stays in place (" + ref + ".lock)";
      d.hint = "if no other git process is running, remove the .lock file under .git";
      throw Error(std::move(d));
    }
    check(rc, "cannot update " + ref, ref);
    return;
  }
}

}  // namespace

CommitResult commit_generated(const std::filesystem::path& repository,
                              const CommitRequest& request) {
  RepoPtr repo = open_repository(repository.string());
  RepositoryLock serialised(repo.get());
  const std::string ref = "refs/heads/" + request.branch;
  int valid = 0;
  check(git_reference_name_is_valid(&valid, ref.c_str()), "cannot check branch name", ref);
  if (!valid) {
    Diagnostic d;
    d.code = code::kSemantic;
    d.message = "`" + request.branch + "` is not a valid branch name";
    throw Error(std::move(d));
  }

  git_oid head_id{};
  int rc = git_reference_name_to_id(&head_id, repo.get(), ref.c_str());
  bool born = rc == 0;
  if (rc != GIT_ENOTFOUND) check(rc, "cannot read " + ref, ref);
  std::string head_hex = born ? oid_hex(head_id) : "";
  if (!request.expected_head.empty() && request.expected_head != head_hex) {
    lost_race(ref, "expected " + request.expected_head);
  }

  CommitPtr head_commit;
  TreePtr head_tree;
  if (born) {
    git_commit* c = nullptr;
    check(git_commit_lookup(&c, repo.get(), &head_id), "cannot read head commit", ref);
    head_commit.reset(c);
    git_tree* t = nullptr;
    check(git_commit_tree(&t, c), "cannot read head tree", ref);
    head_tree.reset(t);
  }

  TreeReader existing(repo.get(), head_tree.get(), request.branch);
  repo::Plan plan = repo::plan_changes(existing, request.generated, request.force);
  if (!plan.report.conflicts.empty()) {
    throw Error(repo::conflict_diagnostics(existing, plan.report));
  }
  CommitResult result{false, head_hex, head_hex, plan.report};
  if (!plan.report.has_changes() && !plan.manifest_changed) return result;

  git_index* raw_index = nullptr;
  check(git_index_new(&raw_index), "cannot create index", ref);
  IndexPtr index(raw_index);
  if (head_tree) check(git_index_read_tree(index.get(), head_tree.get()), "cannot read tree", ref);
  for (const auto& path : plan.report.removed) {
    check(git_index_remove_bypath(index.get(), path.c_str()), "cannot remove", path);
  }
  for (const auto* list : {&plan.report.added, &plan.report.changed}) {
    for (const auto& path : *list)
      add_file(repo.get(), index.get(), path, request.generated.at(path));
  }
  const std::string manifest_path(repo::kManifestPath);
  add_file(repo.get(), index.get(), manifest_path, plan.manifest);
  git_oid tree_id{};
  check(git_index_write_tree_to(&tree_id, index.get(), repo.get()), "cannot write tree", ref);
  if (head_tree && git_oid_equal(&tree_id, git_tree_id(head_tree.get()))) return result;

  git_tree* raw_tree = nullptr;
  check(git_tree_lookup(&raw_tree, repo.get(), &tree_id), "cannot read new tree", ref);
  TreePtr new_tree(raw_tree);
  SigPtr author = make_signature(request.author);
  SigPtr committer = make_signature(request.committer);
  const git_commit* parents[] = {head_commit.get()};
  git_oid commit_id{};
  check(git_commit_create(&commit_id, repo.get(), nullptr, author.get(), committer.get(), nullptr,
                          request.message.c_str(), new_tree.get(), born ? 1 : 0,
                          born ? parents : nullptr),
        "cannot create commit", ref);

  bool checkout = has_checkout_of(repo.get(), ref);
  if (checkout) {
    std::vector<std::string> touched = plan.report.added;
    touched.insert(touched.end(), plan.replaced.begin(), plan.replaced.end());
    touched.push_back(manifest_path);
    refuse_local_edits(repo.get(), touched);
  }
  std::string first_line = request.message.substr(0, request.message.find('\n'));
  move_ref(repo.get(), ref, commit_id, born ? &head_id : nullptr, "gitops-render: " + first_line);

  if (checkout) {
    git_checkout_options opts;
    git_checkout_options_init(&opts, GIT_CHECKOUT_OPTIONS_VERSION);
    opts.checkout_strategy = GIT_CHECKOUT_SAFE;
    TreePtr empty = head_tree ? TreePtr() : empty_tree(repo.get());
    opts.baseline = head_tree ? head_tree.get() : empty.get();
    check(git_checkout_tree(repo.get(), reinterpret_cast<git_object*>(new_tree.get()), &opts),
          "committed, but cannot update the working tree", repository.string());
  }
  result.committed = true;
  result.commit = oid_hex(commit_id);
  return result;
}

}  // namespace render::git
