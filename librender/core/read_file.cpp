#include "render/read_file.hpp"

#include <algorithm>
#include <cerrno>

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

namespace render {

ReadFailure read_whole_file(const std::string& path, std::string& out,
                            const ReadFileOptions& options) {
  using Step = ReadFailure::Step;
  out.clear();
  int flags = O_RDONLY | O_CLOEXEC | (options.follow_symlinks ? 0 : O_NOFOLLOW);
  int fd = ::open(path.c_str(), flags);
  if (fd < 0) return {Step::kOpen, errno};
  struct Closer {
    int fd;
    ~Closer() { ::close(fd); }
  } closer{fd};

  struct stat st {};
  if (::fstat(fd, &st) != 0) return {Step::kRead, errno};
  if (S_ISDIR(st.st_mode)) return {Step::kRead, EISDIR};
  // One byte past the limit is enough to know the file is over it.
  const std::size_t cap = options.max_bytes == std::numeric_limits<std::size_t>::max()
                              ? options.max_bytes
                              : options.max_bytes + 1;
  if (S_ISREG(st.st_mode) && st.st_size > 0) {
    // Sized to the file, plus one byte so that the end shows without growing the string.
    out.resize(std::min(static_cast<std::size_t>(st.st_size), cap - 1) + 1);
  }
  std::size_t size = 0;
  for (;;) {
    if (size == out.size()) {
      if (size >= cap) break;
      out.resize(std::min(cap, std::max<std::size_t>(64 * 1024, 2 * size)));
    }
    ssize_t n = ::read(fd, out.data() + size, out.size() - size);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) {
      int number = errno;
      out.resize(size);
      return {Step::kRead, number};
    }
    if (n == 0) break;
    size += static_cast<std::size_t>(n);
  }
  out.resize(size);
  if (size > options.max_bytes) return {Step::kRead, EFBIG};
  return {};
}

}  // namespace render
