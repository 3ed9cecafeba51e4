// Atomic, ownership-aware writing of a generated tree into a directory.
//
// The new tree is assembled in a sibling temporary directory (unchanged files hard-linked, changed
// ones written and fsynced) and exchanged with the target in one renameat2(RENAME_EXCHANGE), so a
// crash leaves either the old tree or the new one. Nothing is followed through a symlink.
#include <fcntl.h>
#include <signal.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <set>

#include "render/read_file.hpp"
#include "render/repo.hpp"
#include "render/sha256.hpp"

namespace fs = std::filesystem;

namespace render::repo {
namespace {

[[noreturn]] void fail(const char* kind, const std::string& file, std::string message,
                       std::string hint = {}) {
  Diagnostic d;
  d.code = kind;
  d.location.file = file;
  d.message = std::move(message);
  d.hint = std::move(hint);
  throw Error(std::move(d));
}

[[noreturn]] void fail_io(const std::string& what, const fs::path& path, int err) {
  fail(code::kIo, path.string(), what + ": " + std::strerror(err));
}

// A file descriptor that closes itself.
class Fd {
 public:
  explicit Fd(int fd) : fd_(fd) {}
  Fd(const Fd&) = delete;
  Fd& operator=(const Fd&) = delete;
  ~Fd() {
    if (fd_ >= 0) ::close(fd_);
  }
  int get() const { return fd_; }

 private:
  int fd_;
};

EntryKind entry_type(const fs::path& path) {
  struct stat st {};
  if (::lstat(path.c_str(), &st) != 0) {
    if (errno == ENOENT || errno == ENOTDIR) return EntryKind::kMissing;
    fail_io("cannot inspect", path, errno);
  }
  if (S_ISLNK(st.st_mode)) return EntryKind::kSymlink;
  if (S_ISREG(st.st_mode)) return EntryKind::kFile;
  if (S_ISDIR(st.st_mode)) return EntryKind::kDirectory;
  return EntryKind::kOther;
}

std::string read_file(const fs::path& path) {
  std::string out;
  ReadFileOptions options;
  options.follow_symlinks = false;
  if (ReadFailure failure = read_whole_file(path.string(), out, options)) {
    fail_io("cannot read", path, failure.number);
  }
  return out;
}

void write_file(const fs::path& path, std::string_view content) {
  Fd fd(::open(path.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0644));
  if (fd.get() < 0) fail_io("cannot create", path, errno);
  std::size_t done = 0;
  while (done < content.size()) {
    ssize_t n = ::write(fd.get(), content.data() + done, content.size() - done);
    if (n < 0) {
      if (errno == EINTR) continue;
      fail_io("cannot write", path, errno);
    }
    done += static_cast<std::size_t>(n);
  }
  if (::fsync(fd.get()) != 0) fail_io("cannot flush", path, errno);
}

void fsync_dir(const fs::path& path) {
  Fd fd(::open(path.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC));
  if (fd.get() < 0 || ::fsync(fd.get()) != 0) fail_io("cannot flush directory", path, errno);
}

// The tree on disk under `root` (which may not exist yet).
class DirectoryTree : public ExistingTree {
 public:
  explicit DirectoryTree(fs::path root) : root_(std::move(root)) {}

  EntryKind kind(const std::string& rel) const override {
    fs::path at = root_;
    std::size_t start = 0;
    while (true) {
      std::size_t slash = rel.find('/', start);
      at /= rel.substr(start, slash == std::string::npos ? std::string::npos : slash - start);
      EntryKind e = entry_type(at);
      if (slash == std::string::npos || e == EntryKind::kMissing || e == EntryKind::kSymlink) {
        return e;
      }
      if (e != EntryKind::kDirectory) return EntryKind::kOther;  // a file where a dir is needed
      start = slash + 1;
    }
  }
  std::string read(const std::string& rel) const override { return read_file(root_ / rel); }
  std::string describe(const std::string& rel) const override { return (root_ / rel).string(); }

 private:
  fs::path root_;
};

// Copies the current tree into `to`, hard-linking files and keeping symlinks as links, except the
// paths the new tree replaces and the manifest.
void clone_tree(const fs::path& from, const fs::path& to, const std::set<std::string>& skip) {
  std::error_code ec;
  for (auto it = fs::recursive_directory_iterator(from, ec); !ec && it != fs::end(it);
       it.increment(ec)) {
    const fs::path& src = it->path();
    std::string rel = src.lexically_relative(from).generic_string();
    fs::path dst = to / rel;
    EntryKind e = entry_type(src);
    if (e == EntryKind::kDirectory) {
      if (skip.count(rel)) {
        it.disable_recursion_pending();
        continue;
      }
      fs::create_directory(dst, ec);
      if (ec) fail_io("cannot create directory", dst, ec.value());
      continue;
    }
    if (skip.count(rel) || rel == kManifestPath) continue;
    if (e == EntryKind::kSymlink) {
      fs::copy_symlink(src, dst, ec);
      if (ec) fail_io("cannot copy link", dst, ec.value());
    } else if (::link(src.c_str(), dst.c_str()) != 0) {
      fs::copy_file(src, dst, ec);
      if (ec) fail_io("cannot copy", dst, ec.value());
    }
  }
  if (ec) fail_io("cannot read directory", from, ec.value());
}

// Removes directories that the removal of generated files left empty.
void prune_empty_dirs(const fs::path& root, const std::vector<std::string>& removed) {
  for (const auto& path : removed) {
    fs::path dir = (root / path).parent_path();
    std::error_code ec;
    while (dir != root && fs::is_empty(dir, ec) && !ec) {
      fs::remove(dir, ec);
      dir = dir.parent_path();
    }
  }
}

// Temporary directories of earlier runs that were killed: ".<name>.gitops-render-<pid>" whose
// process is gone.
void remove_stale_temps(const fs::path& parent, const std::string& prefix) {
  std::error_code ec;
  for (const auto& entry : fs::directory_iterator(parent, ec)) {
    std::string name = entry.path().filename().string();
    if (!name.starts_with(prefix)) continue;
    long pid = std::strtol(name.c_str() + prefix.size(), nullptr, 10);
    if (pid > 0 && ::kill(static_cast<pid_t>(pid), 0) != 0 && errno == ESRCH) {
      fs::remove_all(entry.path(), ec);
    }
  }
}

}  // namespace

WritePlan plan_write(const fs::path& dir, const FileTree& generated) {
  return plan_changes(DirectoryTree(dir), generated, false).report;
}

WritePlan write_tree(const fs::path& dir_in, const FileTree& generated,
                     const WriteOptions& options) {
  fs::path dir = fs::absolute(dir_in).lexically_normal();
  if (dir.filename().empty()) dir = dir.parent_path();
  EntryKind root = entry_type(dir);
  if (root != EntryKind::kMissing && root != EntryKind::kDirectory) {
    fail(code::kUnsafeTree, dir.string(), "the output path is not a directory",
         "pass a directory (a symbolic link is refused)");
  }
  fs::path parent = dir.parent_path();
  std::error_code ec;
  fs::create_directories(parent, ec);
  if (ec) fail_io("cannot create directory", parent, ec.value());

  // One writer at a time per parent directory.
  Fd lock(::open(parent.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC));
  if (lock.get() < 0 || ::flock(lock.get(), LOCK_EX) != 0) {
    fail_io("cannot lock directory", parent, errno);
  }

  DirectoryTree existing(dir);
  Plan plan = plan_changes(existing, generated, options.force);
  WritePlan& report = plan.report;
  if (!report.conflicts.empty()) throw Error(conflict_diagnostics(existing, report));
  if (options.dry_run || (!report.has_changes() && !plan.manifest_changed)) return report;

  std::string prefix = "." + dir.filename().string() + ".gitops-render-";
  remove_stale_temps(parent, prefix);
  fs::path temp = parent / (prefix + std::to_string(::getpid()));
  fs::remove_all(temp, ec);
  try {
    fs::create_directory(temp, ec);
    if (ec) fail_io("cannot create directory", temp, ec.value());
    bool existed = root == EntryKind::kDirectory;
    if (existed) clone_tree(dir, temp, {plan.replaced.begin(), plan.replaced.end()});
    prune_empty_dirs(temp, report.removed);
    auto write_one = [&](const std::string& rel, std::string_view content) {
      fs::path target = temp / rel;
      fs::create_directories(target.parent_path(), ec);
      if (ec) fail_io("cannot create directory", target.parent_path(), ec.value());
      fs::remove(target, ec);  // a hard link of the old bytes, or a foreign file under --force
      write_file(target, content);
    };
    for (const auto& rel : report.added) write_one(rel, generated.at(rel));
    for (const auto& rel : report.changed) write_one(rel, generated.at(rel));
    write_one(std::string(kManifestPath), plan.manifest);
    std::set<fs::path> dirs;
    for (const auto& [rel, content] : generated) dirs.insert((temp / rel).parent_path());
    for (const auto& d : dirs) fsync_dir(d);
    fsync_dir(temp);

    if (existed) {
      if (::renameat2(AT_FDCWD, temp.c_str(), AT_FDCWD, dir.c_str(), RENAME_EXCHANGE) != 0) {
        fail_io("cannot swap in the new tree", dir, errno);
      }
    } else if (::rename(temp.c_str(), dir.c_str()) != 0) {
      fail_io("cannot move the new tree into place", dir, errno);
    }
    fsync_dir(parent);
  } catch (...) {
    // Before the exchange `temp` is the half-built tree; after it, the old one. Either goes.
    fs::remove_all(temp, ec);
    throw;
  }
  fs::remove_all(temp, ec);
  return report;
}

}  // namespace render::repo
