// Running work on several threads: the render's template files, a large values file's halves.
#pragma once

#include <cstddef>
#include <functional>
#include <vector>

namespace render {

// The processors this process may run on (taskset and cpusets count, CPU quotas do not).
unsigned processors();

// Runs `work(i, thread)` for every i < n on `threads` threads (the caller's among them, as thread
// 0), each i once, larger `cost` first; false when one threw (the others then stop taking work).
// A thread that cannot be started leaves its share to those running.
bool run_on_threads(std::size_t n, unsigned threads, const std::vector<std::size_t>& cost,
                    const std::function<void(std::size_t i, unsigned thread)>& work);

}  // namespace render
