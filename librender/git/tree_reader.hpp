// A git tree seen as the existing tree a generated tree is written over.
#pragma once

#include "handles.hpp"
#include "render/repo.hpp"

namespace render::git {

class TreeReader : public repo::ExistingTree {
 public:
  // `tree` may be null (an unborn branch: an empty tree). Neither pointer is owned.
  TreeReader(git_repository* repo, git_tree* tree, std::string label)
      : repo_(repo), tree_(tree), label_(std::move(label)) {}

  repo::EntryKind kind(const std::string& path) const override;
  std::string read(const std::string& path) const override;
  std::string describe(const std::string& path) const override { return label_ + ":" + path; }

 private:
  git_repository* repo_;
  git_tree* tree_;
  std::string label_;
};

// Resolves a revision to its commit; throws E_GIT when it does not name a commit.
CommitPtr lookup_commit(git_repository* repo, const std::string& revision);

}  // namespace render::git
