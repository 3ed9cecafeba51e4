// The size classes of gitops-render's allocator (arena.cpp): 16-byte steps up to 256 bytes,
// then four classes to each doubling (320, 384, 448, 512, 640, ...), so that a block is at most
// a quarter larger than asked for; and the runs blocks are cut from. Apart from the allocator so
// that tests can check them.
#pragma once

#include <algorithm>
#include <bit>
#include <cstddef>

namespace render::allocator {

inline constexpr std::size_t kSmallStep = 16;  // (and every block's alignment)
inline constexpr std::size_t kSteppedUpTo = 256;
inline constexpr unsigned kSteppedClasses = kSteppedUpTo / kSmallStep;  // 16 .. 256

// The class of a block of `size` bytes (0 is taken as 1).
constexpr unsigned class_of(std::size_t size) {
  if (size <= kSteppedUpTo) return size == 0 ? 0 : static_cast<unsigned>((size - 1) / kSmallStep);
  // size in (2^p, 2^(p+1)], p >= 8: the doubling cut in four steps of 2^(p-2).
  const auto p = static_cast<unsigned>(std::bit_width(size - 1) - 1);
  const auto step = static_cast<unsigned>(((size - 1) >> (p - 2)) & 3);
  return kSteppedClasses + (p - 8) * 4 + step;
}

// The size of a block of class `c`: the largest size class_of puts in it.
constexpr std::size_t class_size(unsigned c) {
  if (c < kSteppedClasses) return (c + 1) * kSmallStep;
  const unsigned p = 8 + (c - kSteppedClasses) / 4;
  const unsigned step = (c - kSteppedClasses) % 4;
  return (std::size_t{1} << p) + (step + 1) * (std::size_t{1} << (p - 2));
}

constexpr std::size_t kPage = 4096;
constexpr std::size_t kMultiBlockUpTo = 32u << 10;  // larger blocks are runs of their own
constexpr std::size_t kMinRun = 4u << 10;

constexpr std::size_t round_up(std::size_t n, std::size_t to) {
  return (n + to - 1) / to * to;
}

// The bytes of a run of class `c`: whole pages, and for the smaller classes at least four blocks.
constexpr std::size_t run_bytes(unsigned c) {
  const std::size_t size = class_size(c);
  if (size > kMultiBlockUpTo) return round_up(size, kPage);
  if (size < kPage) return std::max(kMinRun, round_up(4 * size, kPage));
  // A page or more: as few blocks as fill whole pages. Blocks this large are mostly a vector's
  // or a string's as it grows by doubling, one of each size at a time; four to a run left three
  // unused (0.4 MB of the benchmark's 5.6 at a thousand workloads).
  for (std::size_t k = 1; k < 4; k *= 2) {
    if (k * size % kPage == 0) return k * size;
  }
  return 4 * size;
}

}  // namespace render::allocator
