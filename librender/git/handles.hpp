// Owning handles for libgit2 objects, and the one place libgit2 errors become diagnostics.
#pragma once

#include <git2.h>

#include <memory>
#include <string>

#include "render/diagnostic.hpp"

namespace render::git {

template <typename T, void (*Free)(T*)>
struct Deleter {
  void operator()(T* p) const { Free(p); }
};

using RepoPtr = std::unique_ptr<git_repository, Deleter<git_repository, git_repository_free>>;
using ObjectPtr = std::unique_ptr<git_object, Deleter<git_object, git_object_free>>;
using CommitPtr = std::unique_ptr<git_commit, Deleter<git_commit, git_commit_free>>;
using TreePtr = std::unique_ptr<git_tree, Deleter<git_tree, git_tree_free>>;
using EntryPtr = std::unique_ptr<git_tree_entry, Deleter<git_tree_entry, git_tree_entry_free>>;
using BlobPtr = std::unique_ptr<git_blob, Deleter<git_blob, git_blob_free>>;
using IndexPtr = std::unique_ptr<git_index, Deleter<git_index, git_index_free>>;
using RefPtr = std::unique_ptr<git_reference, Deleter<git_reference, git_reference_free>>;
using SigPtr = std::unique_ptr<git_signature, Deleter<git_signature, git_signature_free>>;

// Initialises libgit2 once for the process.
void ensure_initialised();

// Throws render::Error (E_GIT, exit 3) with libgit2's last message when rc < 0.
void check(int rc, const std::string& what, const std::string& where);

// Opens the repository at (or above) `path`.
RepoPtr open_repository(const std::string& path);

std::string oid_hex(const git_oid& oid);

// The empty tree, the baseline for checking out onto an unborn branch.
TreePtr empty_tree(git_repository* repo);

}  // namespace render::git
