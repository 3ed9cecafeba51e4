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

}  // namespace
}  // namespace render::allocator
