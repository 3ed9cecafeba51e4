// The output buffers' pages are asked for ahead of the writes (chart/output_pages.hpp).
#include "chart/output_pages.hpp"

#include <gtest/gtest.h>
#include <sys/mman.h>
#include <unistd.h>

#include <cstdint>
#include <string>
#include <vector>

#include "test_support.hpp"

namespace render::chart {
namespace {

using render::testing::mappings;
using render::testing::resident;

constexpr std::uintptr_t kPage = 4096;
constexpr std::uintptr_t kHuge = 2u << 20;

// A buffer's whole 2 MiB stretches are advised for small pages, even where the memory around
// was advised for huge ones (as the C library's allocator may leave it); a stretch the buffer
// shares with other memory is left as it was.
TEST(OutputPages, InSmallPagesThroughout) {
  const std::size_t bytes = 8 * kHuge;
  void* mapped = mmap(nullptr, bytes + kHuge, PROT_READ | PROT_WRITE,
                      MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
  ASSERT_NE(mapped, MAP_FAILED);
  const std::uintptr_t base = (reinterpret_cast<std::uintptr_t>(mapped) + kHuge - 1) & ~(kHuge - 1);
  ASSERT_EQ(madvise(reinterpret_cast<void*>(base), bytes, MADV_HUGEPAGE), 0);
  // A buffer from a page past the first stretch's start to the end of the sixth stretch.
  page_output_buffer(reinterpret_cast<const char*>(base + kPage), 6 * kHuge - kPage);
  auto flags_at = [](std::uintptr_t at) {
    for (const auto& m : mappings()) {
      if (at >= m.from && at < m.to) return m.flags;
    }
    return std::string("(unmapped)");
  };
  EXPECT_NE(flags_at(base + kPage).find(" hg "), std::string::npos);
  for (std::uintptr_t at = base + kHuge; at < base + 6 * kHuge; at += kHuge / 2) {
    const std::string flags = flags_at(at);
    EXPECT_NE(flags.find(" nh "), std::string::npos) << flags;
    EXPECT_EQ(flags.find(" hg "), std::string::npos) << flags;
  }
  EXPECT_NE(flags_at(base + 6 * kHuge).find(" hg "), std::string::npos);
  munmap(mapped, bytes + kHuge);
}

TEST(OutputPages, BackedAheadOfTheWrites) {
  ASSERT_EQ(sysconf(_SC_PAGESIZE), static_cast<long>(kPage));
  std::string out;
  out.reserve(std::size_t{16} << 20);
  page_output_buffer(out.data(), out.capacity());
  out.append(100, 'a');
  const auto data = reinterpret_cast<std::uintptr_t>(out.data());
  const std::size_t least = BackedAhead::kLeastAhead;
  ASSERT_TRUE(resident(data + (4u << 20), data + (5u << 20), false));

  BackedAhead backed;
  backed.before_part(out);
  EXPECT_TRUE(resident(data, data + least - kPage, true));
  EXPECT_TRUE(resident(data + least + 2 * kPage, data + least + (1u << 20), false));

  // A part of 600 KiB: from then on, as much is backed ahead.
  out.append(600u << 10, 'b');
  backed.after_part(600u << 10);
  backed.before_part(out);
  const std::uintptr_t end = data + out.size();
  EXPECT_TRUE(resident(end, end + (600u << 10) - kPage, true));
  EXPECT_TRUE(resident(end + (600u << 10) + kPage, end + (2u << 20), false));

  // A part of 3 MiB: at most kMostAhead ahead.
  out.append(3u << 20, 'c');
  backed.after_part(3u << 20);
  backed.before_part(out);
  const std::uintptr_t most = data + out.size() + BackedAhead::kMostAhead;
  EXPECT_TRUE(resident(data + out.size(), most - kPage, true));
  EXPECT_TRUE(resident(most + kPage, most + (1u << 20), false));
}

// Backing more: the bytes asked for past what is backed (or past the text), to the capacity;
// what before_part then asks for starts where that ended.
TEST(OutputPages, BackingMore) {
  std::string out;
  out.reserve(std::size_t{4} << 20);
  page_output_buffer(out.data(), out.capacity());
  out.append(10000, 'a');
  const auto data = reinterpret_cast<std::uintptr_t>(out.data());
  const std::uintptr_t text_page = (data + out.size()) & ~(kPage - 1);  // its last page
  ASSERT_TRUE(resident(text_page + kPage, text_page + (2u << 20), false));
  BackedAhead backed;
  // Past the text, from its last page.
  const std::uintptr_t first = text_page + (64u << 10);
  EXPECT_EQ(data + backed.back_more(out, 64u << 10), first);
  EXPECT_TRUE(resident(text_page, first - 1, true));
  EXPECT_TRUE(resident(first, text_page + (2u << 20), false));
  // Past what is backed.
  const std::uintptr_t second = first + (64u << 10);
  EXPECT_EQ(data + backed.back_more(out, 64u << 10), second);
  EXPECT_TRUE(resident(second, text_page + (2u << 20), false));
  // before_part backs from there on, as far ahead of the text as it would have.
  backed.before_part(out);
  const std::uintptr_t ahead = (data + out.size() + BackedAhead::kLeastAhead) & ~(kPage - 1);
  EXPECT_TRUE(resident(second, ahead - 1, true));
  EXPECT_TRUE(resident(ahead + kPage, text_page + (2u << 20), false));
  // At most to the capacity's last whole page, and no further after that.
  const std::uintptr_t end = (data + out.capacity()) & ~(kPage - 1);
  EXPECT_EQ(data + backed.back_more(out, std::size_t{64} << 20), end);
  EXPECT_TRUE(resident(end - kPage, end - 1, true));
  EXPECT_EQ(data + backed.back_more(out, 64u << 10), end);
}

// More ahead than the buffer holds: backed to its capacity.
TEST(OutputPages, UpToTheCapacity) {
  std::string out;
  out.reserve(std::size_t{1} << 20);
  out.append(1000, 'a');
  BackedAhead backed;
  backed.after_part(std::size_t{64} << 20);
  backed.before_part(out);
  const auto data = reinterpret_cast<std::uintptr_t>(out.data());
  EXPECT_TRUE(resident(data, data + out.capacity() - kPage, true));
}

}  // namespace
}  // namespace render::chart
