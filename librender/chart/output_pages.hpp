// How the memory of the buffers templates execute into is backed by the kernel (see
// render.cpp's output_buffer). Hints only: what is written is the same either way.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>

namespace render::chart {

// Asks for the first whole 2 MiB stretch of an output buffer [data, data + size) in a
// transparent huge page where the kernel can (`huge_first`), and the rest in small pages, which
// the thread writing it asks for in batches ahead of its writes (BackedAhead). A buffer's last
// huge page is partly used, and a fresh huge page is slow where the host has to find it anew
// (5.5 ms against 0.3 on the machine of bench/README.md: two threads' buffers of 2.7 MB ended in
// two such pages at a thousand workloads), while small pages asked for in a batch cost no fault
// each.
void page_output_buffer(const char* data, std::size_t size, bool huge_first);

// Backs the pages of one thread's output buffer ahead of its writes: before each part of the
// templates it runs, the next bytes past what the buffer holds (as many as the largest part it
// wrote so far, at least kLeastAhead and at most kMostAhead, nor past the buffer's capacity:
// what is backed and then not written is memory for nothing), in one call
// (MADV_POPULATE_WRITE, Linux 5.14) rather than a page fault each. Where the kernel has no such
// call, the writes fault the pages in as before.
class BackedAhead {
 public:
  static constexpr std::size_t kLeastAhead = 256u << 10;
  static constexpr std::size_t kMostAhead = 1u << 20;

  void before_part(const std::string& out);
  void after_part(std::size_t bytes) {
    if (bytes > ahead_) ahead_ = bytes < kMostAhead ? bytes : kMostAhead;
  }

 private:
  std::uintptr_t backed_ = 0;  // the end of what was backed
  std::size_t ahead_ = kLeastAhead;
};

}  // namespace render::chart
