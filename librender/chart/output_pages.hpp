// How the memory of the buffers templates execute into is backed by the kernel (see
// render.cpp's output_buffer). Hints only: what is written is the same either way.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>

namespace render::chart {

// Asks for an output buffer [data, data + size) in small pages throughout (its whole 2 MiB
// stretches; gitops-render's allocator advises all its memory so, the C library's may not),
// which the thread writing it asks for in batches ahead of its writes (BackedAhead). A huge
// page is cheaper once there (one fault, one entry in the TLB), but right after a large
// process has exited (helm, in the benchmark) a fresh one is often memory the host has to find
// anew: 5 ms or more to touch on the machine of bench/README.md, where a batch of small pages
// costs no fault each.
void page_output_buffer(const char* data, std::size_t size);

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
  // Backs `bytes` more past what is backed (or past the text, if that is further), up to the
  // buffer's capacity, in one call: for a thread with nothing else to do before the parts run.
  // Returns how far from the buffer's start it is backed now.
  std::size_t back_more(const std::string& out, std::size_t bytes);
  void after_part(std::size_t bytes) {
    if (bytes > ahead_) ahead_ = bytes < kMostAhead ? bytes : kMostAhead;
  }

 private:
  // Where backing `out` goes on from: the end of what was backed, or the page the text ends in
  // if that is further.
  std::uintptr_t resume_at(const std::string& out) const;

  std::uintptr_t backed_ = 0;  // the end of what was backed
  std::size_t ahead_ = kLeastAhead;
};

}  // namespace render::chart
