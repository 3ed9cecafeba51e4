// Reading trees and files at a revision, without a checkout.
#include "render/git.hpp"
#include "tree_reader.hpp"

namespace render::git {
namespace {

std::string blob_text(git_repository* repo, const git_oid& id, const std::string& where) {
  git_blob* blob = nullptr;
  check(git_blob_lookup(&blob, repo, &id), "cannot read blob", where);
  BlobPtr owned(blob);
  const char* data = static_cast<const char*>(git_blob_rawcontent(blob));
  return std::string(data, static_cast<std::size_t>(git_blob_rawsize(blob)));
}

repo::EntryKind kind_of(git_filemode_t mode) {
  switch (mode) {
    case GIT_FILEMODE_BLOB:
    case GIT_FILEMODE_BLOB_EXECUTABLE:
      return repo::EntryKind::kFile;
    case GIT_FILEMODE_TREE:
      return repo::EntryKind::kDirectory;
    case GIT_FILEMODE_LINK:
      return repo::EntryKind::kSymlink;
    default:
      return repo::EntryKind::kOther;  // submodule
  }
}

}  // namespace

CommitPtr lookup_commit(git_repository* repo, const std::string& revision) {
  git_object* obj = nullptr;
  check(git_revparse_single(&obj, repo, revision.c_str()), "cannot resolve revision", revision);
  ObjectPtr owned(obj);
  git_object* peeled = nullptr;
  check(git_object_peel(&peeled, obj, GIT_OBJECT_COMMIT), "not a commit", revision);
  return CommitPtr(reinterpret_cast<git_commit*>(peeled));
}

repo::EntryKind TreeReader::kind(const std::string& path) const {
  if (!tree_) return repo::EntryKind::kMissing;
  std::size_t slash = 0;
  // Every directory on the way must be a real tree: a symlink there is reported as one.
  while ((slash = path.find('/', slash)) != std::string::npos) {
    git_tree_entry* entry = nullptr;
    int rc = git_tree_entry_bypath(&entry, tree_, path.substr(0, slash).c_str());
    if (rc == GIT_ENOTFOUND) return repo::EntryKind::kMissing;
    check(rc, "cannot read tree", describe(path));
    EntryPtr owned(entry);
    repo::EntryKind k = kind_of(git_tree_entry_filemode(entry));
    if (k == repo::EntryKind::kSymlink) return k;
    if (k != repo::EntryKind::kDirectory) return repo::EntryKind::kOther;
    ++slash;
  }
  git_tree_entry* entry = nullptr;
  int rc = git_tree_entry_bypath(&entry, tree_, path.c_str());
  if (rc == GIT_ENOTFOUND) return repo::EntryKind::kMissing;
  check(rc, "cannot read tree", describe(path));
  EntryPtr owned(entry);
  return kind_of(git_tree_entry_filemode(entry));
}

std::string TreeReader::read(const std::string& path) const {
  git_tree_entry* entry = nullptr;
  check(git_tree_entry_bypath(&entry, tree_, path.c_str()), "cannot read", describe(path));
  EntryPtr owned(entry);
  return blob_text(repo_, *git_tree_entry_id(entry), describe(path));
}

std::optional<std::string> resolve(const std::filesystem::path& repository,
                                   const std::string& revision) {
  RepoPtr repo = open_repository(repository.string());
  git_object* obj = nullptr;
  if (git_revparse_single(&obj, repo.get(), revision.c_str()) < 0) return std::nullopt;
  ObjectPtr owned(obj);
  git_object* peeled = nullptr;
  if (git_object_peel(&peeled, obj, GIT_OBJECT_COMMIT) < 0) return std::nullopt;
  ObjectPtr peeled_owned(peeled);
  return oid_hex(*git_object_id(peeled));
}

repo::FileTree read_tree(const std::filesystem::path& repository, const std::string& revision) {
  RepoPtr repo = open_repository(repository.string());
  CommitPtr commit = lookup_commit(repo.get(), revision);
  git_tree* tree = nullptr;
  check(git_commit_tree(&tree, commit.get()), "cannot read tree", revision);
  TreePtr owned(tree);

  // The walk collects blob ids only; exceptions must not cross libgit2's C frames.
  struct Walk {
    std::vector<std::pair<std::string, git_oid>> blobs;
  } walk;
  auto visit = [](const char* root, const git_tree_entry* entry, void* payload) -> int {
    git_filemode_t mode = git_tree_entry_filemode(entry);
    if (mode != GIT_FILEMODE_BLOB && mode != GIT_FILEMODE_BLOB_EXECUTABLE) return 0;
    static_cast<Walk*>(payload)->blobs.emplace_back(std::string(root) + git_tree_entry_name(entry),
                                                    *git_tree_entry_id(entry));
    return 0;
  };
  check(git_tree_walk(tree, GIT_TREEWALK_PRE, visit, &walk), "cannot walk tree", revision);
  repo::FileTree files;
  for (const auto& [path, id] : walk.blobs) {
    files[path] = blob_text(repo.get(), id, revision + ":" + path);
  }
  return files;
}

std::optional<std::string> read_file(const std::filesystem::path& repository,
                                     const std::string& revision, const std::string& path) {
  RepoPtr repo = open_repository(repository.string());
  CommitPtr commit = lookup_commit(repo.get(), revision);
  git_tree* tree = nullptr;
  check(git_commit_tree(&tree, commit.get()), "cannot read tree", revision);
  TreePtr owned(tree);
  TreeReader reader(repo.get(), tree, revision);
  if (reader.kind(path) != repo::EntryKind::kFile) return std::nullopt;
  return reader.read(path);
}

}  // namespace render::git
