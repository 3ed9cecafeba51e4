#include "allocator/size_classes.hpp"

#include <gtest/gtest.h>

namespace render::allocator {
namespace {

TEST(SizeClasses, SixteenByteStepsUpTo256) {
  EXPECT_EQ(class_of(0), 0u);
  EXPECT_EQ(class_of(1), 0u);
  EXPECT_EQ(class_of(16), 0u);
  EXPECT_EQ(class_of(17), 1u);
  EXPECT_EQ(class_of(256), 15u);
  EXPECT_EQ(class_size(0), 16u);
  EXPECT_EQ(class_size(15), 256u);
}

TEST(SizeClasses, FourToADoublingPast256) {
  EXPECT_EQ(class_size(class_of(257)), 320u);
  EXPECT_EQ(class_size(class_of(320)), 320u);
  EXPECT_EQ(class_size(class_of(321)), 384u);
  EXPECT_EQ(class_size(class_of(512)), 512u);
  EXPECT_EQ(class_size(class_of(513)), 640u);
  EXPECT_EQ(class_size(class_of(std::size_t{64} << 20)), std::size_t{64} << 20);
  EXPECT_EQ(class_size(class_of((std::size_t{64} << 20) + 1)), std::size_t{80} << 20);
}

// Every size fits its class, the class below is too small, blocks keep 16-byte alignment, and
// no block is more than a quarter larger than asked for (past the smallest class).
TEST(SizeClasses, EverySizeFitsItsClassClosely) {
  for (std::size_t size = 1; size <= (std::size_t{1} << 22); size += 1 + size / 64) {
    const unsigned c = class_of(size);
    ASSERT_GE(class_size(c), size) << size;
    if (c > 0) {
      ASSERT_LT(class_size(c - 1), size) << size;
    }
    ASSERT_EQ(class_size(c) % kSmallStep, 0u) << size;
    if (size > kSmallStep) {
      ASSERT_LE(class_size(c), size + size / 4 + kSmallStep) << size;
    }
  }
}

TEST(SizeClasses, ClassesGrowStrictly) {
  for (unsigned c = 1; c < class_of(std::size_t{1} << 30); ++c) {
    ASSERT_LT(class_size(c - 1), class_size(c)) << c;
    ASSERT_EQ(class_of(class_size(c)), c) << c;
  }
}

// Runs are whole pages. Blocks under a page come at least four to a run; from a page to 32 KiB,
// as few as fill whole pages (one of 8, 12, 16 KiB; two of 6 KiB; four of 5 KiB); larger
// blocks are a run each.
TEST(SizeClasses, RunsAreWholePagesWithFewBlocksUnused) {
  for (unsigned c = 0; c < class_of(std::size_t{2} << 20); ++c) {
    const std::size_t run = run_bytes(c);
    const std::size_t size = class_size(c);
    ASSERT_EQ(run % kPage, 0u) << c;
    ASSERT_GE(run, size) << c;
    if (size < kPage) {
      ASSERT_GE(run / size, 4u) << c;
    } else if (size <= kMultiBlockUpTo) {
      ASSERT_LE(run / size, 4u) << c;
      ASSERT_EQ(run % size, 0u) << c;
    } else {
      ASSERT_LT(run - size, kPage) << c;
    }
  }
  EXPECT_EQ(run_bytes(class_of(16)), kPage);
  EXPECT_EQ(run_bytes(class_of(5120)), 4u * 5120);
  EXPECT_EQ(run_bytes(class_of(6144)), 2u * 6144);
  EXPECT_EQ(run_bytes(class_of(8192)), 8192u);
  EXPECT_EQ(run_bytes(class_of(28672)), 28672u);
  EXPECT_EQ(run_bytes(class_of(40000)), 40960u);
}

}  // namespace
}  // namespace render::allocator
