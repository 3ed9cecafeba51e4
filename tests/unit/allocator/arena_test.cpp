// gitops-render's operator new and delete (librender/allocator/arena.cpp), linked into this test
// as into gitops-render. (Built with RENDER_ARENA_ALLOCATOR off, as the sanitizer build is, the
// same tests check the C++ library's, less the arena's own promises.)
#include <gtest/gtest.h>

#include <algorithm>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <map>
#include <new>
#include <random>
#include <string>
#include <thread>
#include <vector>

#include "test_support.hpp"

#if RENDER_ARENA_ALLOCATOR
#include "allocator/arena.hpp"
#endif

namespace {

struct Block {
  unsigned char* p;
  std::size_t size;
  unsigned char fill;
};

bool aligned(const void* p, std::size_t to) {
  return reinterpret_cast<std::uintptr_t>(p) % to == 0;
}

// Thousands of blocks of mixed sizes, made and freed in random order: each is aligned, none
// overlaps another live one, and each keeps what was written into it.
TEST(Arena, BlocksAreDistinctAlignedAndKeepTheirBytes) {
  std::mt19937 random(7);
  std::vector<Block> live;
  for (int round = 0; round < 20000; ++round) {
    if (!live.empty() && random() % 3 == 0) {
      const std::size_t i = random() % live.size();
      const Block b = live[i];
      for (std::size_t k = 0; k < b.size; ++k) ASSERT_EQ(b.p[k], b.fill);
      ::operator delete(b.p);
      live[i] = live.back();
      live.pop_back();
      continue;
    }
    const std::size_t size = random() % 4 == 0 ? random() % 70000 : random() % 300;
    auto* p = static_cast<unsigned char*>(::operator new(size));
    ASSERT_TRUE(aligned(p, __STDCPP_DEFAULT_NEW_ALIGNMENT__));
    const auto fill = static_cast<unsigned char>(round);
    std::memset(p, fill, size);
    live.push_back({p, size, fill});
  }
  std::map<std::uintptr_t, std::size_t> by_address;
  for (const Block& b : live) by_address[reinterpret_cast<std::uintptr_t>(b.p)] = b.size;
  std::uintptr_t end = 0;
  for (const auto& [at, size] : by_address) {
    EXPECT_GE(at, end);
    end = at + std::max<std::size_t>(size, 1);
  }
  for (const Block& b : live) {
    for (std::size_t k = 0; k < b.size; ++k) ASSERT_EQ(b.p[k], b.fill);
    ::operator delete(b.p);
  }
}

TEST(Arena, ZeroBytesGiveDistinctBlocks) {
  void* a = ::operator new(0);
  void* b = ::operator new(0);
  EXPECT_NE(a, nullptr);
  EXPECT_NE(a, b);
  ::operator delete(a);
  ::operator delete(b);
}

TEST(Arena, OverAlignedAndNothrowForms) {
  for (std::size_t align : {32, 64, 4096}) {
    void* p = ::operator new (100, std::align_val_t{align});
    EXPECT_TRUE(aligned(p, align)) << align;
    std::memset(p, 1, 100);
    ::operator delete (p, std::align_val_t{align});
  }
  void* q = ::operator new(24, std::nothrow);
  ASSERT_NE(q, nullptr);
  ::operator delete(q, std::nothrow);
  int* array = new int[1000]();
  EXPECT_EQ(array[999], 0);
  delete[] array;
}

TEST(Arena, LargeBlocks) {
  for (std::size_t size : {std::size_t{40} << 10, std::size_t{3} << 20, std::size_t{65} << 20}) {
    auto* p = static_cast<char*>(::operator new(size));
    p[0] = 'a';
    p[size - 1] = 'z';
    EXPECT_EQ(p[0], 'a');
    EXPECT_EQ(p[size - 1], 'z');
    ::operator delete(p, size);
  }
}

// Blocks made on one thread and freed on another (as the render's threads hand values back and
// forth), while both threads allocate.
TEST(Arena, BlocksCrossThreads) {
  std::vector<std::string*> made(5000);
  std::thread maker([&] {
    for (std::size_t i = 0; i < made.size(); ++i) {
      made[i] = new std::string(20 + i % 200, static_cast<char>('a' + i % 26));
    }
  });
  maker.join();
  std::thread freer([&] {
    std::vector<std::string*> own;
    for (std::size_t i = 0; i < made.size(); ++i) {
      EXPECT_EQ(made[i]->size(), 20 + i % 200);
      EXPECT_EQ((*made[i])[0], static_cast<char>('a' + i % 26));
      delete made[i];
      own.push_back(new std::string(30, 'x'));
    }
    for (std::string* s : own) {
      EXPECT_EQ(*s, std::string(30, 'x'));
      delete s;
    }
  });
  freer.join();
}

#if RENDER_ARENA_ALLOCATOR
// The arena's own: a block freed is the next one of its class made on the thread, and a run of
// 2 MiB or more starts on a huge page's boundary.
TEST(Arena, FreedBlockIsReusedFirst) {
  void* a = ::operator new(40);
  ::operator delete(a);
  void* b = ::operator new(48);  // the same class (33..48 bytes)
  EXPECT_EQ(a, b);
  ::operator delete(b);
}

// A block that is a run of its own (over 32 KiB, under 2 MiB), freed, is spare memory: the
// next runs, of any class, are cut from it before the arena's untouched rest.
TEST(Arena, FreedRunOfItsOwnIsCutIntoNewRuns) {
  using render::allocator::spare_bytes;
  constexpr std::size_t kHalf = std::size_t{56} << 10;
  void* big = ::operator new(100000);  // class of 112 KiB: 28 pages
  const auto freed = reinterpret_cast<std::uintptr_t>(big);
  const std::size_t before = spare_bytes();
  ::operator delete(big);
  ASSERT_EQ(spare_bytes(), before + 2 * kHalf);
  void* other = ::operator new(50000);  // another class, of 56 KiB: 14 pages
  EXPECT_EQ(spare_bytes(), before + kHalf);
  // Cut from the front of the block freed last.
  EXPECT_EQ(reinterpret_cast<std::uintptr_t>(other), freed);
  std::vector<void*> small;
  for (int i = 0; i < 20000; ++i) small.push_back(::operator new(24));
  const auto in_rest = [&](void* p) {
    const auto at = reinterpret_cast<std::uintptr_t>(p);
    return at >= freed + kHalf && at < freed + 2 * kHalf;
  };
  EXPECT_TRUE(std::any_of(small.begin(), small.end(), in_rest));
  for (void* p : small) ::operator delete(p);
  ::operator delete(other);
}

// Whether the page holding `p` is in memory.
bool resident(const void* p) {
  const auto at = reinterpret_cast<std::uintptr_t>(p);
  return render::testing::resident(at, at + 1, true);
}

// Memory backed ahead: blocks cut from it are in memory before anything is written into them;
// those cut past it are not (the allocator writes nothing into a block it hands out).
TEST(Arena, BlocksCutFromWhatWasBackedAheadAreInMemory) {
  constexpr std::size_t kAhead = std::size_t{4} << 20, kBlock = std::size_t{64} << 10;
  std::vector<void*> blocks;
  // Past the blocks freed before and the pages touched so far: the first block not in memory.
  while (blocks.size() < 20000) {
    blocks.push_back(::operator new(kBlock));
    if (!resident(blocks.back())) break;
  }
  ASSERT_FALSE(resident(blocks.back()));
  render::allocator::back_ahead(kAhead);
  bool all_in = true;
  for (std::size_t made = 0; made + kBlock < kAhead; made += kBlock) {
    blocks.push_back(::operator new(kBlock));
    all_in = all_in && resident(blocks.back());
  }
  EXPECT_TRUE(all_in);
  // The next block is the last of those backed; the one after it, the first past them (no
  // more is backed than was asked for, to the page).
  blocks.push_back(::operator new(kBlock));
  EXPECT_TRUE(resident(blocks.back()));
  blocks.push_back(::operator new(kBlock));
  EXPECT_FALSE(resident(blocks.back()));
  for (void* p : blocks) ::operator delete(p);
}

// The arena is advised for small pages throughout: its small blocks and its large runs alike.
TEST(Arena, InSmallPagesThroughout) {
  void* small = ::operator new(64);
  void* large = ::operator new (std::size_t{3} << 20);
  const std::vector<render::testing::Mapping> all = render::testing::mappings();
  for (const void* p : {small, large}) {
    const auto at = reinterpret_cast<std::uintptr_t>(p);
    auto m = std::find_if(all.begin(), all.end(), [&](const render::testing::Mapping& x) {
      return at >= x.from && at < x.to;
    });
    ASSERT_NE(m, all.end());
    EXPECT_NE(m->flags.find(" nh "), std::string::npos) << m->flags;
    EXPECT_EQ(m->flags.find(" hg "), std::string::npos) << m->flags;
  }
  ::operator delete(large);
  ::operator delete(small);
}

// Runs of 2 MiB and more start on 2 MiB boundaries (page_output_buffer advises whole 2 MiB
// stretches).
TEST(Arena, LargeRunsStartOnTwoMebibyteBoundaries) {
  void* p = ::operator new (std::size_t{3} << 20);
  EXPECT_TRUE(aligned(p, std::size_t{2} << 20));
  ::operator delete(p);
}
#endif

}  // namespace
