// What gitops-render's allocator (arena.cpp) tells of itself, for its tests.
#pragma once

#include <cstddef>

namespace render::allocator {

// The bytes of freed runs waiting to be cut into new runs.
std::size_t spare_bytes();

}  // namespace render::allocator
