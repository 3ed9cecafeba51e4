#include "render/guards.hpp"

#include <pthread.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cstdint>
#include <cstring>
#include <string>
#include <utility>

#include "render/diagnostic.hpp"

#if defined(__GLIBC__)
extern "C" void* __libc_stack_end;  // the main thread's stack top (glibc)
#endif

namespace render {
namespace {

constexpr std::uintptr_t kStackReserve = 512u << 10;

std::atomic<std::uint64_t> call_exhaustions{0};  // see call_stack_exhaustions

// The main thread's stack: the C library knows its top, and the soft limit bounds how far
// it may grow below (0: unknown, or no limit). pthread_getattr_np finds the same by reading
// /proc/self/maps, which takes a few hundred microseconds, a sizeable part of a small render.
std::uintptr_t main_stack_floor() {
#if defined(__GLIBC__)
  if (getpid() != static_cast<pid_t>(syscall(SYS_gettid))) return 0;
  rlimit limit{};
  if (getrlimit(RLIMIT_STACK, &limit) != 0 || limit.rlim_cur == RLIM_INFINITY) return 0;
  // The limit counts from the stack's top end, above the arguments and the environment
  // (whose strings end a few bytes below it).
  auto top = reinterpret_cast<std::uintptr_t>(__libc_stack_end);
  for (char** e = environ; *e != nullptr; ++e) {
    top = std::max(top, reinterpret_cast<std::uintptr_t>(*e + std::strlen(*e)));
  }
  top = (top | 4095u) + 1 + 4096u;
  if (limit.rlim_cur <= 2 * kStackReserve || top < limit.rlim_cur) return 0;
  return top - limit.rlim_cur + kStackReserve;
#else
  return 0;
#endif
}

// The lowest address the calling thread's stack may grow to, plus the reserve (0: unknown).
std::uintptr_t stack_floor() {
  thread_local const std::uintptr_t floor = [] {
    if (const std::uintptr_t main = main_stack_floor(); main != 0) return main;
    pthread_attr_t attr;
    if (pthread_getattr_np(pthread_self(), &attr) != 0) return std::uintptr_t{0};
    void* low = nullptr;
    std::size_t size = 0;
    int rc = pthread_attr_getstack(&attr, &low, &size);
    pthread_attr_destroy(&attr);
    if (rc != 0 || size <= 2 * kStackReserve) return std::uintptr_t{0};
    return reinterpret_cast<std::uintptr_t>(low) + kStackReserve;
  }();
  return floor;
}

[[noreturn]] void limit_error(std::string message) {
  Diagnostic d;
  d.code = code::kLimit;
  d.message = std::move(message);
  throw Error(std::move(d));
}

}  // namespace

bool stack_nearly_full() {
  return reinterpret_cast<std::uintptr_t>(__builtin_frame_address(0)) < stack_floor();
}

void count_call_stack_exhaustion() {
  call_exhaustions.fetch_add(1, std::memory_order_relaxed);
}

std::uint64_t call_stack_exhaustions() {
  return call_exhaustions.load(std::memory_order_relaxed);
}

void check_stack(std::string_view what) {
  if (!stack_nearly_full()) return;
  limit_error(
      std::string(what) +
      " is nested too deeply for the stack; raise the stack limit (ulimit -s) to go deeper");
}

void PartCount::too_many() {
  limit_error("a value has more than " + std::to_string(kMaxVisitedParts) +
              " parts once its shared parts are counted at each place (the limit)");
}

void check_size(std::size_t size, std::size_t limit, std::string_view what, std::string_view unit) {
  if (size <= limit) return;
  limit_error(std::string(what) + " would be larger than " + std::to_string(limit) + " " +
              std::string(unit) + " (the limit)");
}

}  // namespace render
