// A file tree in a private temporary directory: what the chart renderer reads from disk.
#include <stdlib.h>

#include <fstream>

#include "render/repo.hpp"

namespace render::repo {

TemporaryTree::TemporaryTree(const FileTree& tree, const std::string& what,
                             const std::function<bool(const std::string&)>& wanted) {
  std::string pattern = (std::filesystem::temp_directory_path() / "gitops-render-XXXXXX").string();
  if (::mkdtemp(pattern.data()) == nullptr) {
    Diagnostic d;
    d.code = code::kIo;
    d.message = "cannot create a temporary directory for " + what;
    throw Error(std::move(d));
  }
  dir_ = pattern;
  for (const auto& [path, content] : tree) {
    if (wanted && !wanted(path)) continue;
    std::filesystem::path target = dir_ / path;
    std::filesystem::create_directories(target.parent_path());
    std::ofstream out(target, std::ios::binary);
    out << content;
    if (!out.flush()) {
      Diagnostic d;
      d.code = code::kIo;
      d.location.file = path;
      d.message = "cannot write a temporary copy for " + what;
      throw Error(std::move(d));
    }
  }
}

TemporaryTree::~TemporaryTree() {
  std::error_code ec;
  std::filesystem::remove_all(dir_, ec);
}

}  // namespace render::repo
