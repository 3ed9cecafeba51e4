// The size classes of gitops-render's allocator (arena.cpp): 16-byte steps up to 256 bytes,
// then four classes to each doubling (320, 384, 448, 512, 640, ...), so that a block is at most
// a quarter larger than asked for. Apart from the allocator so that tests can check them.
#pragma once

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

}  // namespace render::allocator
