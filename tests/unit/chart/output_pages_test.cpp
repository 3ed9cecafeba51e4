// The output buffers' pages are asked for ahead of the writes (chart/output_pages.hpp).
#include "chart/output_pages.hpp"

#include <gtest/gtest.h>
#include <unistd.h>

#include <cstdint>
#include <string>
#include <vector>

#include "test_support.hpp"

namespace render::chart {
namespace {

using render::testing::resident;

constexpr std::uintptr_t kPage = 4096;

TEST(OutputPages, BackedAheadOfTheWrites) {
  ASSERT_EQ(sysconf(_SC_PAGESIZE), static_cast<long>(kPage));
  std::string out;
  out.reserve(std::size_t{16} << 20);
  page_output_buffer(out.data(), out.capacity(), false);
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
