#include "handles.hpp"

#include <mutex>

namespace render::git {

void ensure_initialised() {
  static std::once_flag once;
  std::call_once(once, [] { git_libgit2_init(); });
}

void check(int rc, const std::string& what, const std::string& where) {
  if (rc >= 0) return;
  const git_error* e = git_error_last();
  Diagnostic d;
  d.code = code::kGit;
  d.location.file = where;
  d.message = what + ": " + (e && e->message ? e->message : "unknown libgit2 error");
  throw Error(std::move(d));
}

RepoPtr open_repository(const std::string& path) {
  ensure_initialised();
  git_repository* repo = nullptr;
  check(git_repository_open_ext(&repo, path.c_str(), 0, nullptr), "cannot open repository", path);
  return RepoPtr(repo);
}

std::string oid_hex(const git_oid& oid) {
  char buf[GIT_OID_HEXSZ + 1];
  git_oid_tostr(buf, sizeof buf, &oid);
  return buf;
}

TreePtr empty_tree(git_repository* repo) {
  git_index* index = nullptr;
  check(git_index_new(&index), "cannot create index", "");
  IndexPtr owned(index);
  git_oid id{};
  check(git_index_write_tree_to(&id, index, repo), "cannot write tree", "");
  git_tree* tree = nullptr;
  check(git_tree_lookup(&tree, repo, &id), "cannot read tree", "");
  return TreePtr(tree);
}

}  // namespace render::git
