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

// Runs `touch` with the kernel's transparent huge pages off for this process (unless they were
// off already), so that the memory it touches first is mapped in 4 KiB pages, and with it the rest
// of each 2 MiB stretch it touched. For memory meant to stay small: a huge page is 2 MiB of memory
// however little of it is used. (Another thread touching fresh memory at that moment gets small
// pages too: slower on some hosts, the same otherwise.)
void in_small_pages(const std::function<void()>& touch);

// Work for the helper threads of run_on_threads while they wait for the next call, spinning (a
// render's calling thread between two calls, say): `step` is called again and again on a
// waiting helper, one step at a time, each a short piece of the work (a call to run_on_threads
// waits for the step under way), until it returns false or the work is stopped. Nothing is done
// where no helper waits, or where another such work is set already. The steps run while the
// thread that set the work goes on: what they touch is theirs alone until stop() (or the
// destructor) returns, which is once no step runs, nor will.
class WhileWaiting {
 public:
  explicit WhileWaiting(std::function<bool()> step);
  WhileWaiting(const WhileWaiting&) = delete;
  WhileWaiting& operator=(const WhileWaiting&) = delete;
  ~WhileWaiting();
  void stop();

 private:
  std::function<bool()> step_;
  bool set_ = false;
};

// Runs `work(i, thread)` for every i < n on `threads` threads (the caller's among them), each i
// once, larger `cost` first; false when one threw (the others then stop taking work). The other
// threads are kept for the next call once started. While one call has them, another (from
// another thread, or from within `work`) runs on its caller's thread alone.
bool run_on_threads(std::size_t n, unsigned threads, const std::vector<std::size_t>& cost,
                    const std::function<void(std::size_t, unsigned)>& work);

}  // namespace render
