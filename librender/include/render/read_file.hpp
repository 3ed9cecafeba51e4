// Reading a whole file through one descriptor, for every stage that reads the user's files.
#pragma once

#include <cstddef>
#include <limits>
#include <string>

namespace render {

struct ReadFileOptions {
  // False: a symbolic link as the last part of the path is refused (ELOOP at the open).
  bool follow_symlinks = true;
  // A file longer than this is refused with EFBIG after reading at most max_bytes + 1 bytes.
  std::size_t max_bytes = std::numeric_limits<std::size_t>::max();
};

// What went wrong, if anything: the step and its errno. Callers word the message themselves.
struct ReadFailure {
  enum class Step { kNone, kOpen, kRead };
  Step step = Step::kNone;
  int number = 0;
  explicit operator bool() const { return step != Step::kNone; }
};

// Replaces `out` with the content of the file at `path`. A regular file is read into a string of
// its size with as few read() calls as it takes; anything else (a pipe, a /proc file) in
// growing blocks until its end. A directory fails at the read step with EISDIR. On failure
// `out` holds what was read before it.
ReadFailure read_whole_file(const std::string& path, std::string& out,
                            const ReadFileOptions& options = {});

}  // namespace render
