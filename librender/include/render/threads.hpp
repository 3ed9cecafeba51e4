// Running work on the processors this process may use.
#pragma once

#include <cstddef>
#include <functional>
#include <vector>

namespace render {

// The processors this process may run on (taskset and cpusets count, CPU quotas do not).
unsigned processors();

// The stack of a thread that does the main thread's work: as deep as the main thread's may grow
// (the depth limits are set for it), where glibc would give a new thread 2 MiB when the stack
// limit is unlimited.
std::size_t thread_stack_size();

// Runs `work` on a new thread whose stack is `bytes` large (address space: only what is used is
// memory) and waits for it; rethrows what `work` threw. False, and `work` not run, when the
// system would not make the thread.
bool run_with_stack(std::size_t bytes, const std::function<void()>& work);

// Runs `work(i, thread)` for every i < n on `threads` threads (the caller's among them), each i
// once, larger `cost` first; false when one threw (the others then stop taking work). The other
// threads are kept for the next call once started. While one call has them, another (from
// another thread, or from within `work`) runs on its caller's thread alone.
bool run_on_threads(std::size_t n, unsigned threads, const std::vector<std::size_t>& cost,
                    const std::function<void(std::size_t, unsigned)>& work);

}  // namespace render
