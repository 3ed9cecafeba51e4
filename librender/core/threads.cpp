#include "render/threads.hpp"

#include <pthread.h>
#include <sched.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <exception>
#include <mutex>
#include <thread>
#include <vector>

#if defined(__x86_64__) || defined(__i386__)
#include <immintrin.h>
#endif

namespace render {

unsigned processors() {
  cpu_set_t set;
  if (sched_getaffinity(0, sizeof set, &set) == 0) {
    return static_cast<unsigned>(std::max(1, CPU_COUNT(&set)));
  }
  return std::max(1u, std::thread::hardware_concurrency());
}

std::size_t thread_stack_size() {
  constexpr std::size_t kDefault = 8u << 20, kUnlimited = 256u << 20;
  rlimit limit{};
  if (getrlimit(RLIMIT_STACK, &limit) != 0) return kDefault;
  if (limit.rlim_cur == RLIM_INFINITY) return kUnlimited;
  return std::max<std::size_t>(kDefault, std::min<std::size_t>(limit.rlim_cur, kUnlimited));
}

void in_small_pages(const std::function<void()>& touch) {
  static std::mutex switching;
  std::lock_guard<std::mutex> lock(switching);
  const bool was_off = prctl(PR_GET_THP_DISABLE, 0, 0, 0, 0) != 0;
  const bool switched = !was_off && prctl(PR_SET_THP_DISABLE, 1, 0, 0, 0) == 0;
  try {
    touch();
  } catch (...) {
    if (switched) prctl(PR_SET_THP_DISABLE, 0, 0, 0, 0);
    throw;
  }
  if (switched) prctl(PR_SET_THP_DISABLE, 0, 0, 0, 0);
}

namespace {

// A thread that waits, for work or for the helpers to finish theirs, spins for up to kSpin before
// it sleeps. A thread that sleeps leaves its processor idle, and a virtual machine's idle
// processor can take long to come back when the thread is woken: 0.1-0.4 ms here, at times 3 ms.
// A render's waits are shorter than kSpin: about 0.4 ms between reading the values and executing
// the templates, tenths of a millisecond for a helper's last part. And a helper still spinning
// when the process exits needs no waking to end: the command line writes its output for about a
// millisecond after the last template, then exits. (A render of a thousand workloads here:
// 14.45 against 15.09 ms right after helm, median of 30 each.)
constexpr std::chrono::microseconds kSpin{2000};

inline void spin_pause() {
#if defined(__x86_64__) || defined(__i386__)
  _mm_pause();
#elif defined(__aarch64__)
  asm volatile("yield");
#endif
}

// Spins until `ready()` holds or `kSpin` has passed; whether it holds.
template <typename Ready>
bool spin_until(const Ready& ready) {
  const auto until = std::chrono::steady_clock::now() + kSpin;
  for (unsigned i = 1;; ++i) {
    if (ready()) return true;
    spin_pause();
    if (i % 64 == 0 && std::chrono::steady_clock::now() >= until) return ready();
  }
}

// The helper threads, started when first wanted and then kept, waiting for the next work. The
// caller waits for them to finish the work, not to end: a thread that ends gives its memory
// back first (0.3 ms here at the close of a render), and a process that renders again starts
// none. They are never joined: the process's exit ends them.
class Pool {
 public:
  // The pool of this process (a child made by fork has none of its parent's threads).
  static Pool& get() {
    static std::atomic<Pool*> current{nullptr};
    Pool* p = current.load(std::memory_order_acquire);
    if (p == nullptr || p->pid_ != ::getpid()) {
      static std::mutex making;
      std::lock_guard<std::mutex> lock(making);
      p = current.load(std::memory_order_relaxed);
      if (p == nullptr || p->pid_ != ::getpid()) {
        p = new Pool;  // (never freed: its threads may outlive any owner)
        current.store(p, std::memory_order_release);
      }
    }
    return *p;
  }

  // One caller at a time has the helpers; another at the same moment works alone.
  std::mutex& use() { return use_; }

  // See WhileWaiting. Whether `step` is now the work (false: another work is).
  bool set_waiting_work(const std::function<bool()>* step) {
    const std::function<bool()>* none = nullptr;
    return waiting_work_.compare_exchange_strong(none, step);
  }
  // Withdraws `step` if it is still the work, then waits until no helper is in a step.
  void withdraw_waiting_work(const std::function<bool()>* step) {
    const std::function<bool()>* expected = step;
    waiting_work_.compare_exchange_strong(expected, nullptr);
    while (in_waiting_work_.load()) spin_pause();
  }

  // Runs job(0) on the caller and `job(t)` for t in 1..helpers on that many helper threads (as
  // many as could be started: fewer when the system refused more), each helper that wakes
  // before job(0) returns; returns when those are done. `job` is to take its work from what is
  // left, so that once job(0) returned there is none: a helper that wakes later has nothing to
  // do, and the caller does not wait for it to wake (a processor that was idle may take
  // milliseconds to come back).
  void run(unsigned helpers, const std::function<void(unsigned)>& job) {
    helpers = start(helpers);
    const bool steered = steer(helpers);
    {
      std::lock_guard<std::mutex> lock(m_);
      job_ = &job;
      wanted_ = helpers;
      running_ = 0;
      open_ = true;
      steered_ = steered;
      ++generation_;
    }
    if (helpers != 0) wake_.notify_all();
    job(0);
    std::unique_lock<std::mutex> lock(m_);
    open_ = false;
    if (running_.load(std::memory_order_relaxed) != 0) {
      lock.unlock();
      spin_until([&] { return running_.load(std::memory_order_acquire) == 0; });
      lock.lock();
    }
    done_.wait(lock, [&] { return running_.load(std::memory_order_relaxed) == 0; });
    job_ = nullptr;
  }

 private:
  Pool() : pid_(::getpid()) {}

  struct Start {
    Pool* pool;
    unsigned index;
    std::uint64_t generation;  // the last one it need not take part in
    cpu_set_t allowed;         // where it may run once it started
    bool widen;
  };

  // A helper woken by the caller may be put on the caller's processor, as a thread it starts
  // is (see start), and one of the two then waits for the scheduler to move it: one thread
  // started up to 5 ms after the other here. So the helpers about to be woken are asked to run
  // on the other processors; each lets itself run anywhere again as it wakes. False when they
  // were left where they are (one processor, or the system refused).
  bool steer(unsigned helpers) {
    if (helpers == 0) return false;
    cpu_set_t elsewhere = allowed_;
    const int here = sched_getcpu();
    if (here < 0 || here >= CPU_SETSIZE || !CPU_ISSET(here, &elsewhere)) return false;
    CPU_CLR(here, &elsewhere);
    if (CPU_COUNT(&elsewhere) == 0) return false;
    bool steered = false;
    for (unsigned i = 0; i < helpers && i < ids_.size(); ++i) {
      steered = pthread_setaffinity_np(ids_[i], sizeof elsewhere, &elsewhere) == 0 || steered;
    }
    return steered;
  }

  // Starts helpers up to `wanted`; how many there are.
  unsigned start(unsigned wanted) {
    if (started_ >= wanted) return wanted;
    // A new thread is woken on the processor of the thread that made it, where it takes the
    // processor from the caller, which then waits (2.5 ms here) for the scheduler to move one
    // of them to an idle processor. Started on the other processors, it runs at once; it then
    // lets itself run anywhere again.
    cpu_set_t allowed, elsewhere;
    bool start_elsewhere = false;
    if (started_ == 0) CPU_ZERO(&allowed_);
    if (sched_getaffinity(0, sizeof allowed, &allowed) == 0) {
      std::lock_guard<std::mutex> lock(m_);  // (a helper may be reading it)
      allowed_ = allowed;
      elsewhere = allowed;
      int here = sched_getcpu();
      if (here >= 0 && here < CPU_SETSIZE) CPU_CLR(here, &elsewhere);
      start_elsewhere = CPU_COUNT(&elsewhere) > 0 && CPU_COUNT(&elsewhere) < CPU_COUNT(&allowed);
    }
    pthread_attr_t attr;
    pthread_attr_init(&attr);
    pthread_attr_setstacksize(&attr, thread_stack_size());
    pthread_attr_setdetachstate(&attr, PTHREAD_CREATE_DETACHED);
    if (start_elsewhere && pthread_attr_setaffinity_np(&attr, sizeof elsewhere, &elsewhere) != 0) {
      start_elsewhere = false;
    }
    std::uint64_t generation;
    {
      std::lock_guard<std::mutex> lock(m_);
      generation = generation_.load(std::memory_order_relaxed);
    }
    while (started_ < wanted) {
      auto* s = new Start{this, started_ + 1, generation, allowed, start_elsewhere};
      pthread_t id;
      if (pthread_create(&id, &attr, &Pool::main, s) != 0) {
        delete s;
        break;  // those running do the work
      }
      ids_.push_back(id);
      ++started_;
    }
    pthread_attr_destroy(&attr);
    return std::min(started_, wanted);
  }

  // One step of the waiting work, if there is some and no other helper is in a step of it. A
  // helper marks itself in before it looks at the work again (both sequentially consistent), so
  // that withdraw_waiting_work, which withdraws the work first and then waits for the mark to
  // clear, cannot miss it.
  void step_waiting_work() {
    const std::function<bool()>* step = waiting_work_.load();
    if (step == nullptr) return;
    if (in_waiting_work_.exchange(true)) return;
    if (waiting_work_.load() == step) {
      bool more = false;
      try {
        more = (*step)();
      } catch (...) {
        more = false;  // (the work ends there)
      }
      if (!more) {
        const std::function<bool()>* expected = step;
        waiting_work_.compare_exchange_strong(expected, nullptr);
      }
    }
    in_waiting_work_.store(false);
  }

  static void* main(void* start) {
    Start s = *static_cast<Start*>(start);
    delete static_cast<Start*>(start);
    if (s.widen) pthread_setaffinity_np(pthread_self(), sizeof s.allowed, &s.allowed);
    Pool& p = *s.pool;
    std::uint64_t seen = s.generation;
    std::unique_lock<std::mutex> lock(p.m_);
    for (;;) {
      if (p.generation_.load(std::memory_order_relaxed) == seen) {
        lock.unlock();
        spin_until([&] {
          if (p.generation_.load(std::memory_order_acquire) != seen) return true;
          p.step_waiting_work();
          return p.generation_.load(std::memory_order_acquire) != seen;
        });
        lock.lock();
      }
      p.wake_.wait(lock, [&] { return p.generation_.load(std::memory_order_relaxed) != seen; });
      seen = p.generation_.load(std::memory_order_relaxed);
      if (s.index > p.wanted_) continue;
      const std::function<void(unsigned)>* job = p.open_ ? p.job_ : nullptr;
      if (job != nullptr) ++p.running_;
      const bool widen = p.steered_;
      const cpu_set_t allowed = p.allowed_;
      lock.unlock();
      if (widen) pthread_setaffinity_np(pthread_self(), sizeof allowed, &allowed);
      if (job == nullptr) {  // woken too late: the work is done
        lock.lock();
        continue;
      }
      (*job)(s.index);
      lock.lock();
      if (--p.running_ == 0) p.done_.notify_one();
    }
  }

  const pid_t pid_;
  std::mutex use_;
  unsigned started_ = 0;        // (changed only by the caller that has use_)
  std::vector<pthread_t> ids_;  // the helpers, as started
  cpu_set_t allowed_;           // where the process may run (as last read when starting helpers)
  bool steered_ = false;        // the helpers woken were steered (see steer)
  std::mutex m_;
  std::condition_variable wake_, done_;
  // Changed with m_ held; read without it too, by the threads that spin (see spin_until).
  std::atomic<std::uint64_t> generation_{0};
  unsigned wanted_ = 0;
  std::atomic<unsigned> running_{0};  // helpers running the job
  bool open_ = false;  // job(0) has not returned: a helper that wakes now runs the job
  std::atomic<const std::function<bool()>*> waiting_work_{nullptr};  // see WhileWaiting
  std::atomic<bool> in_waiting_work_{false};                         // a helper is in a step
  const std::function<void(unsigned)>* job_ = nullptr;
};

// What run_with_stack's thread runs, and what it threw.
struct StackCall {
  const std::function<void()>& work;
  std::exception_ptr thrown;
};

void* run_stack_call(void* arg) {
  auto* call = static_cast<StackCall*>(arg);
  try {
    call->work();
  } catch (...) {
    call->thrown = std::current_exception();
  }
  return nullptr;
}

}  // namespace

WhileWaiting::WhileWaiting(std::function<bool()> step) : step_(std::move(step)) {
  set_ = Pool::get().set_waiting_work(&step_);
}

WhileWaiting::~WhileWaiting() {
  stop();
}

void WhileWaiting::stop() {
  if (!set_) return;
  Pool::get().withdraw_waiting_work(&step_);
  set_ = false;
}

bool run_with_stack(std::size_t bytes, const std::function<void()>& work) {
  StackCall call{work, nullptr};
  pthread_attr_t attr;
  if (pthread_attr_init(&attr) != 0) return false;
  pthread_t id;
  const bool made = pthread_attr_setstacksize(&attr, bytes) == 0 &&
                    pthread_create(&id, &attr, &run_stack_call, &call) == 0;
  pthread_attr_destroy(&attr);
  if (!made) return false;
  pthread_join(id, nullptr);
  if (call.thrown) std::rethrow_exception(call.thrown);
  return true;
}

bool run_on_threads(std::size_t n, unsigned threads, const std::vector<std::size_t>& cost,
                    const std::function<void(std::size_t, unsigned)>& work) {
  std::vector<std::size_t> order(n);
  for (std::size_t i = 0; i < n; ++i) order[i] = i;
  std::stable_sort(order.begin(), order.end(),
                   [&](std::size_t a, std::size_t b) { return cost[a] > cost[b]; });
  std::atomic<std::size_t> next{0};
  std::atomic<bool> failed{false};
  const std::function<void(unsigned)> loop = [&](unsigned thread) {
    try {
      for (std::size_t k; !failed.load(std::memory_order_relaxed) && (k = next++) < n;) {
        work(order[k], thread);
      }
    } catch (...) {
      failed = true;
    }
  };
  Pool& pool = Pool::get();
  std::unique_lock<std::mutex> use(pool.use(), std::try_to_lock);
  if (threads > 1 && use.owns_lock()) {
    pool.run(threads - 1, loop);
  } else {
    loop(0);
  }
  return !failed;
}

}  // namespace render
