// Threads for the render: how many processors there are, and a loop that hands out work.
#include "render/threads.hpp"

#include <algorithm>
#include <atomic>
#include <condition_variable>
#include <cstdint>
#include <memory>
#include <mutex>
#include <thread>

#include <pthread.h>
#include <sched.h>
#include <sys/resource.h>

namespace render {

unsigned processors() {
  cpu_set_t set;
  if (sched_getaffinity(0, sizeof set, &set) == 0) {
    return static_cast<unsigned>(std::max(1, CPU_COUNT(&set)));
  }
  return std::max(1u, std::thread::hardware_concurrency());
}

namespace {
// The stack of a thread: as deep as the main thread's may grow (the template engine's include
// depth limit is set for it), where glibc would give a new thread 2 MiB when the stack limit is
// unlimited.
std::size_t thread_stack_size() {
  constexpr std::size_t kDefault = 8u << 20, kUnlimited = 256u << 20;
  rlimit limit{};
  if (getrlimit(RLIMIT_STACK, &limit) != 0) return kDefault;
  if (limit.rlim_cur == RLIM_INFINITY) return kUnlimited;
  return std::max<std::size_t>(kDefault, std::min<std::size_t>(limit.rlim_cur, kUnlimited));
}

// Starts a thread running fn(arg) with thread_stack_size(). A new thread is woken on the
// processor of the thread that made it, where it takes the processor from its maker, which then
// waits (2.5 ms here) for the scheduler to move one of them to an idle processor. So the thread
// starts on the other processors and, once running, lets itself run anywhere again.
bool start_thread(void* (*fn)(void*), void* arg, pthread_t& id) {
  struct Start {
    void* (*fn)(void*);
    void* arg;
    bool widen;
    cpu_set_t allowed;
  };
  auto* start = new Start{fn, arg, false, {}};
  cpu_set_t elsewhere;
  if (sched_getaffinity(0, sizeof start->allowed, &start->allowed) == 0) {
    elsewhere = start->allowed;
    int here = sched_getcpu();
    if (here >= 0 && here < CPU_SETSIZE) CPU_CLR(here, &elsewhere);
    start->widen = CPU_COUNT(&elsewhere) > 0 && CPU_COUNT(&elsewhere) < CPU_COUNT(&start->allowed);
  }
  pthread_attr_t attr;
  pthread_attr_init(&attr);
  pthread_attr_setstacksize(&attr, thread_stack_size());
  if (start->widen && pthread_attr_setaffinity_np(&attr, sizeof elsewhere, &elsewhere) != 0) {
    start->widen = false;
  }
  auto run = [](void* p) -> void* {
    std::unique_ptr<Start> s(static_cast<Start*>(p));
    if (s->widen) pthread_setaffinity_np(pthread_self(), sizeof s->allowed, &s->allowed);
    return s->fn(s->arg);
  };
  bool ok = pthread_create(&id, &attr, run, start) == 0;
  pthread_attr_destroy(&attr);
  if (!ok) delete start;
  return ok;
}

// Helper threads kept from one call to the next: starting a thread costs about 0.2 ms here, and
// ending one more (the allocator gives its memory back, 1 ms for a render's), twice in a render
// (the values file, the templates); kept threads also keep their memory warm. The helpers wait
// for work and are never ended: the process's exit ends them.
class Pool {
 public:
  static Pool& instance() {
    static Pool* pool = new Pool();  // never destroyed: its helpers may be waiting on it
    return *pool;
  }

  // Runs loop(0) on the caller and loop(1..helpers) on helpers; false (nothing run) when another
  // call is using the pool, or no helper could be started.
  bool try_run(unsigned helpers, const std::function<void(unsigned)>& loop) {
    std::unique_lock<std::mutex> busy(busy_, std::try_to_lock);
    if (!busy.owns_lock()) return false;
    while (started_ < helpers) {
      auto* self = new Helper{this, started_ + 1};
      pthread_t id;
      if (!start_thread(&Pool::helper_main, self, id)) {
        delete self;
        break;
      }
      pthread_detach(id);
      ++started_;
    }
    unsigned use = std::min(helpers, started_);
    if (use == 0) return false;
    {
      std::lock_guard<std::mutex> lock(mutex_);
      job_ = &loop;
      wanted_ = use;
      running_ = use;
      ++generation_;
    }
    work_.notify_all();
    loop(0);
    std::unique_lock<std::mutex> lock(mutex_);
    done_.wait(lock, [&] { return running_ == 0; });
    job_ = nullptr;
    return true;
  }

 private:
  struct Helper {
    Pool* pool;
    unsigned index;
  };

  static void* helper_main(void* arg) {
    std::unique_ptr<Helper> self(static_cast<Helper*>(arg));
    Pool& pool = *self->pool;
    std::uint64_t seen = 0;
    std::unique_lock<std::mutex> lock(pool.mutex_);
    for (;;) {
      pool.work_.wait(lock, [&] { return pool.generation_ != seen; });
      seen = pool.generation_;
      if (self->index > pool.wanted_) continue;
      const auto* job = pool.job_;
      lock.unlock();
      (*job)(self->index);
      lock.lock();
      if (--pool.running_ == 0) pool.done_.notify_one();
    }
  }

  std::mutex busy_;  // held by the call using the helpers
  unsigned started_ = 0;
  std::mutex mutex_;
  std::condition_variable work_, done_;
  std::uint64_t generation_ = 0;
  const std::function<void(unsigned)>* job_ = nullptr;
  unsigned wanted_ = 0, running_ = 0;
};

// The fallback while the pool is busy (renders on several threads at once, or one inside
// another's work): threads of its own, ended when the work is done.
void run_on_new_threads(unsigned helpers, const std::function<void(unsigned)>& loop) {
  struct Arg {
    const std::function<void(unsigned)>* loop;
    unsigned index;
  };
  std::vector<Arg> args(helpers);
  std::vector<pthread_t> started;
  for (unsigned t = 0; t < helpers; ++t) {
    args[t] = Arg{&loop, t + 1};
    pthread_t id;
    auto run = [](void* p) -> void* {
      auto* a = static_cast<Arg*>(p);
      (*a->loop)(a->index);
      return nullptr;
    };
    if (!start_thread(run, &args[t], id)) break;  // those running do the work
    started.push_back(id);
  }
  loop(0);
  for (pthread_t id : started) pthread_join(id, nullptr);
}

}  // namespace

bool run_on_threads(std::size_t n, unsigned threads, const std::vector<std::size_t>& cost,
                    const std::function<void(std::size_t, unsigned)>& work) {
  std::vector<std::size_t> order(n);
  for (std::size_t i = 0; i < n; ++i) order[i] = i;
  std::stable_sort(order.begin(), order.end(),
                   [&](std::size_t a, std::size_t b) { return cost[a] > cost[b]; });
  std::atomic<std::size_t> next{0};
  std::atomic<bool> failed{false};
  std::function<void(unsigned)> loop = [&](unsigned thread) {
    try {
      for (std::size_t k; !failed.load(std::memory_order_relaxed) && (k = next++) < n;) {
        work(order[k], thread);
      }
    } catch (...) {
      failed = true;
    }
  };
  unsigned helpers = threads > 1 ? threads - 1 : 0;
  if (helpers == 0) {
    loop(0);
  } else if (!Pool::instance().try_run(helpers, loop)) {
    run_on_new_threads(helpers, loop);
  }
  return !failed;
}

}  // namespace render
