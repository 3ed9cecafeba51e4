#include "chart/output_pages.hpp"

#include <sys/mman.h>

#include <algorithm>
#include <atomic>
#include <cerrno>

namespace render::chart {

namespace {
constexpr std::uintptr_t kHuge = 2u << 20;
constexpr std::uintptr_t kSmall = 4096;

// Backs the pages [from, to) in one call; false where the kernel has no such call (known from
// its first refusal on).
bool populate(std::uintptr_t from, std::uintptr_t to) {
#ifdef MADV_POPULATE_WRITE
  static std::atomic<bool> unsupported{false};
  if (unsupported.load(std::memory_order_relaxed)) return false;
  if (madvise(reinterpret_cast<void*>(from), to - from, MADV_POPULATE_WRITE) != 0 &&
      errno == EINVAL) {
    unsupported.store(true, std::memory_order_relaxed);
    return false;
  }
  return true;
#else
  (void)from;
  (void)to;
  return false;
#endif
}
}  // namespace

void page_output_buffer(const char* data, std::size_t size) {
#ifdef MADV_NOHUGEPAGE
  const auto at = reinterpret_cast<std::uintptr_t>(data);
  const std::uintptr_t from = (at + kHuge - 1) & ~(kHuge - 1);  // the first whole 2 MiB stretch
  const std::uintptr_t end = (at + size) & ~(kSmall - 1);
  if (from < end) madvise(reinterpret_cast<void*>(from), end - from, MADV_NOHUGEPAGE);
#else
  (void)data;
  (void)size;
#endif
}

std::uintptr_t BackedAhead::resume_at(const std::string& out) const {
  return std::max(backed_,
                  (reinterpret_cast<std::uintptr_t>(out.data()) + out.size()) & ~(kSmall - 1));
}

void BackedAhead::before_part(const std::string& out) {
  const auto data = reinterpret_cast<std::uintptr_t>(out.data());
  const std::uintptr_t want =
      (data + std::min(out.capacity(), out.size() + ahead_)) & ~(kSmall - 1);
  const std::uintptr_t from = resume_at(out);
  if (want <= from) return;
  if (populate(from, want)) backed_ = want;
}

std::size_t BackedAhead::back_more(const std::string& out, std::size_t bytes) {
  const auto data = reinterpret_cast<std::uintptr_t>(out.data());
  const std::uintptr_t from = resume_at(out);
  const std::uintptr_t want = std::min(from + bytes, (data + out.capacity()) & ~(kSmall - 1));
  if (want > from && populate(from, want)) backed_ = want;
  return backed_ > data ? backed_ - data : 0;
}

}  // namespace render::chart
