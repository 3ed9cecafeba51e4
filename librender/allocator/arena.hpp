// What gitops-render's allocator (arena.cpp) offers besides operator new and delete: memory
// backed ahead of use, and what it tells of itself for its tests.
#pragma once

#include <cstddef>

namespace render::allocator {

// Backs the pages the next `bytes` of small blocks will be cut from, those not touched yet, in
// one call (MADV_POPULATE_WRITE): a thread with nothing else to do takes the faults (about a
// microsecond a page) instead of the one that is to fill them.
void back_ahead(std::size_t bytes);

// The bytes of freed runs waiting to be cut into new runs.
std::size_t spare_bytes();

}  // namespace render::allocator
