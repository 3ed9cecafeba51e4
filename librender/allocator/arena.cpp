// gitops-render's operator new and delete (linked into the executable only; tests and the
// sanitizer builds keep the C++ library's). A render makes about a hundred thousand blocks, most
// of them a few dozen bytes, touches some 10 MB and then exits; on the virtual machines it runs
// on, the first touch of each 4 KiB page costs a microsecond or more, and that of a 2 MiB
// transparent huge page 0.2-0.4 ms, but 5 ms or more where the host has to back it anew, as it
// often has to right after a large process has exited. So:
//
// - One reservation of address space (the arena) is cut in order of need into runs: a run of
//   at least 8 KiB holds blocks of one size class (size_classes.hpp); a block above 32 KiB is a
//   run of its own. The kernel backs the arena as it is touched, in 4 KiB pages throughout
//   (MADV_NOHUGEPAGE): right after helm, one render of a thousand workloads in three met such a
//   huge page while its values were read (5.5 ms more), and with none the renders right after
//   helm took 14.6 ms against 15.0 (the median of 30; the slowest 17.1 ms against 20.0), back to
//   back 1.3% longer (bench/README.md). All threads cut from the one arena, so the memory they
//   touch is packed together. Runs of 2 MiB and more (the output buffers) are cut from the
//   arena's second half on 2 MiB boundaries, so that the smaller ones stay together in the
//   first half.
// - Each thread keeps per class a list of the blocks freed on it and the rest of its current
//   run; allocating and freeing touch nothing but that (no lock, no atomic). A block freed on
//   another thread than the one it was made on joins the list of the thread that frees it: a
//   class is the same everywhere.
// - A table with a byte per 4 KiB page of the arena names the class of the run the page is in
//   (of a run of one block, its first page): that is how delete finds a block's class.
// - A block that was a run of its own in the first half, once freed, is spare: later runs of any
//   class are cut from it before the arena's untouched rest (the values file's text and the
//   loader's line table, freed before the templates run, are 1 MB at a thousand workloads, and
//   every page saved is one the kernel need not find and clear).
// - Nothing is given back to the kernel, and a thread's lists and its runs' rest are lost when
//   the thread ends (gitops-render's threads last as long as the process). Blocks larger than
//   kLargestInArena, the arena once full, or all blocks where the reservation was refused come
//   from malloc; delete tells them apart by their address.
//
// Unlike a general-purpose allocator linked as a shared library, this one leaves gitops-render
// a static executable: no dynamic loader at start-up (see bench/README.md for the figures).
#include <sys/mman.h>

#include <algorithm>
#include <atomic>
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <new>

#include "allocator/arena.hpp"
#include "allocator/size_classes.hpp"

namespace render::allocator {
namespace {

constexpr std::size_t kLargeRun = 2u << 20;  // runs this large and more: the second half
// Address space only: the kernel backs what is touched. A smaller one is tried where the system
// refuses this (strict overcommit).
constexpr std::size_t kArenaBytes = std::size_t{16} << 30;
constexpr std::size_t kFallbackArenaBytes = std::size_t{1} << 30;
constexpr std::size_t kLargestInArena = std::size_t{1} << 30;
constexpr unsigned kClasses = class_of(kLargestInArena) + 1;
constexpr unsigned kFirstOwnRunClass = class_of(kMultiBlockUpTo) + 1;  // a block is a run

static_assert(kClasses < 255, "a page's class is a byte (0: no run)");
static_assert(class_size(kClasses - 1) == kLargestInArena);

struct FreeBlock {
  FreeBlock* next;
};

// A thread's blocks: constant-initialised (all null), so that reaching it needs no guard.
struct Cache {
  FreeBlock* free[kClasses];
  char* next[kClasses];  // the rest of the current run: [next, end), whole blocks
  char* end[kClasses];
};
thread_local Cache cache;

// Set once, by the first allocation (before any thread but the first exists); read by every
// delete. Relaxed: a block of the arena reaches another thread only through that thread's own
// synchronisation, which orders these writes before it.
std::atomic<char*> arena_base{nullptr};
std::atomic<std::size_t> arena_bytes{0};
std::atomic<std::size_t> small_used{0};        // runs under 2 MiB, from the arena's start
std::atomic<std::size_t> large_used{0};        // the others, from its middle
std::uint8_t page_class[kArenaBytes / kPage];  // class + 1 of the run a page is in; 0: none

bool reserve() {
  for (const std::size_t bytes : {kArenaBytes, kFallbackArenaBytes}) {
    void* mapped = mmap(nullptr, bytes + kLargeRun, PROT_READ | PROT_WRITE,
                        MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
    if (mapped == MAP_FAILED) continue;
    // 2 MiB-aligned, so that the large runs are, in memory as in the arena.
    auto* raw = static_cast<char*>(mapped);
    auto* base =
        reinterpret_cast<char*>(round_up(reinterpret_cast<std::uintptr_t>(raw), kLargeRun));
    if (base != raw) munmap(raw, static_cast<std::size_t>(base - raw));
    munmap(base + bytes, kLargeRun - static_cast<std::size_t>(base - raw));
    madvise(base, bytes, MADV_NOHUGEPAGE);
    arena_base.store(base, std::memory_order_relaxed);
    arena_bytes.store(bytes, std::memory_order_relaxed);
    return true;
  }
  return false;
}

// Whether the arena is there: reserved by the first caller.
bool reserved_once() {
  static const bool reserved = reserve();
  return reserved;
}

// Runs of one block in the arena's first half, freed (see the top of the file), most recently
// freed first; each keeps its list entry in its own first bytes. Shared by the threads, under a
// lock: such blocks are freed and runs made only a few hundred times in a render.
struct Spare {
  Spare* next;
  std::size_t bytes;
};
Spare* spares = nullptr;                // guarded by spare_lock
std::atomic<bool> spares_exist{false};  // read without the lock: none to look for
std::atomic_flag spare_lock = ATOMIC_FLAG_INIT;

struct SpareLock {
  SpareLock() {
    while (spare_lock.test_and_set(std::memory_order_acquire)) {
    }
  }
  ~SpareLock() { spare_lock.clear(std::memory_order_release); }
};

void keep_spare(char* p, std::size_t bytes) {
  SpareLock lock;
  spares = new (p) Spare{spares, bytes};
  spares_exist.store(true, std::memory_order_relaxed);
}

// The start of `bytes` cut from the first spare run that has them, or null.
char* take_spare(std::size_t bytes) {
  if (!spares_exist.load(std::memory_order_relaxed)) return nullptr;
  SpareLock lock;
  for (Spare** link = &spares; *link != nullptr; link = &(*link)->next) {
    Spare* const s = *link;
    if (s->bytes < bytes) continue;
    auto* const p = reinterpret_cast<char*>(s);
    *link = s->bytes == bytes ? s->next : new (p + bytes) Spare{s->next, s->bytes - bytes};
    spares_exist.store(spares != nullptr, std::memory_order_relaxed);
    return p;
  }
  return nullptr;
}

}  // namespace

void back_ahead(std::size_t bytes) {
#ifdef MADV_POPULATE_WRITE
  if (!reserved_once()) return;
  const std::size_t half = arena_bytes.load(std::memory_order_relaxed) / 2;
  const std::size_t used = small_used.load(std::memory_order_relaxed);
  // (From the page `used` is in: where that page is backed already, the call only finds it.)
  const std::size_t from = used / kPage * kPage;
  const std::size_t to = std::min(round_up(used + bytes, kPage), half);
  if (to <= from) return;
  madvise(arena_base.load(std::memory_order_relaxed) + from, to - from, MADV_POPULATE_WRITE);
#else
  (void)bytes;
#endif
}

std::size_t spare_bytes() {
  SpareLock lock;
  std::size_t bytes = 0;
  for (const Spare* s = spares; s != nullptr; s = s->next) bytes += s->bytes;
  return bytes;
}

namespace {

// (No new_handler is called: gitops-render sets none.)
void* from_malloc(std::size_t size) {
  void* p = std::malloc(size == 0 ? 1 : size);
  if (p == nullptr) throw std::bad_alloc();
  return p;
}

// A new run for class `c` on this thread, its first block returned (or a block from malloc).
[[gnu::noinline]] void* refill(unsigned c, std::size_t size) {
  if (!reserved_once()) return from_malloc(size);
  const std::size_t run = run_bytes(c);
  const std::size_t half = arena_bytes.load(std::memory_order_relaxed) / 2;
  char* const base = arena_base.load(std::memory_order_relaxed);
  std::size_t start = 0;
  if (run < kLargeRun) {
    if (char* spare = take_spare(run)) {
      start = static_cast<std::size_t>(spare - base);
    } else {
      start = small_used.fetch_add(run, std::memory_order_relaxed);
      if (start + run > half) return from_malloc(size);
    }
  } else {
    std::size_t at = large_used.load(std::memory_order_relaxed);
    do {
      start = round_up(at, kLargeRun);
    } while (!large_used.compare_exchange_weak(at, start + run, std::memory_order_relaxed));
    if (start + run > half) return from_malloc(size);
    start += half;
  }
  char* const first = base + start;
  const std::size_t block = class_size(c);
  const auto mark = static_cast<std::uint8_t>(c + 1);
  if (block >= run) {
    page_class[start / kPage] = mark;  // one block: delete is given its first page
  } else {
    std::memset(&page_class[start / kPage], mark, run / kPage);
  }
  cache.next[c] = first + block;
  cache.end[c] = first + run / block * block;
  return first;
}

inline void* allocate(std::size_t size) {
  if (size > kLargestInArena) return from_malloc(size);
  const unsigned c = class_of(size);
  Cache& t = cache;
  if (FreeBlock* b = t.free[c]) {
    t.free[c] = b->next;
    return b;
  }
  if (t.next[c] != t.end[c]) {
    char* p = t.next[c];
    t.next[c] = p + class_size(c);
    return p;
  }
  return refill(c, size);
}

inline void deallocate(void* p) {
  if (p == nullptr) return;
  const std::uintptr_t offset =
      reinterpret_cast<std::uintptr_t>(p) -
      reinterpret_cast<std::uintptr_t>(arena_base.load(std::memory_order_relaxed));
  const std::size_t bytes = arena_bytes.load(std::memory_order_relaxed);
  if (offset >= bytes) {
    std::free(p);
    return;
  }
  const unsigned c = page_class[offset / kPage] - 1u;
  if (c >= kFirstOwnRunClass && offset < bytes / 2) {
    keep_spare(static_cast<char*>(p), run_bytes(c));
    return;
  }
  auto* b = static_cast<FreeBlock*>(p);
  Cache& t = cache;
  b->next = t.free[c];
  t.free[c] = b;
}

// Alignments past the blocks' own 16 bytes (rare: no type of the program asks for more) come
// from the C library; delete frees them there, as they are outside the arena.
void* allocate_aligned(std::size_t size, std::align_val_t align) {
  const auto a = static_cast<std::size_t>(align);
  if (a <= kSmallStep) return allocate(size);
  void* p = std::aligned_alloc(a, round_up(size == 0 ? 1 : size, a));
  if (p == nullptr) throw std::bad_alloc();
  return p;
}

// The nothrow forms: null where the others throw.
void* allocate_or_null(std::size_t size, std::align_val_t align) noexcept {
  try {
    return allocate_aligned(size, align);
  } catch (...) {
    return nullptr;
  }
}

}  // namespace
}  // namespace render::allocator

namespace ra = render::allocator;

void* operator new(std::size_t size) {
  return ra::allocate(size);
}
void* operator new[](std::size_t size) {
  return ra::allocate(size);
}
void* operator new(std::size_t size, const std::nothrow_t&) noexcept {
  return ra::allocate_or_null(size, std::align_val_t{ra::kSmallStep});
}
void* operator new[](std::size_t size, const std::nothrow_t&) noexcept {
  return ra::allocate_or_null(size, std::align_val_t{ra::kSmallStep});
}
void* operator new(std::size_t size, std::align_val_t align) {
  return ra::allocate_aligned(size, align);
}
void* operator new[](std::size_t size, std::align_val_t align) {
  return ra::allocate_aligned(size, align);
}
void* operator new(std::size_t size, std::align_val_t align, const std::nothrow_t&) noexcept {
  return ra::allocate_or_null(size, align);
}
void* operator new[](std::size_t size, std::align_val_t align, const std::nothrow_t&) noexcept {
  return ra::allocate_or_null(size, align);
}

void operator delete(void* p) noexcept {
  ra::deallocate(p);
}
void operator delete[](void* p) noexcept {
  ra::deallocate(p);
}
void operator delete(void* p, std::size_t) noexcept {
  ra::deallocate(p);
}
void operator delete[](void* p, std::size_t) noexcept {
  ra::deallocate(p);
}
void operator delete(void* p, const std::nothrow_t&) noexcept {
  ra::deallocate(p);
}
void operator delete[](void* p, const std::nothrow_t&) noexcept {
  ra::deallocate(p);
}
void operator delete(void* p, std::align_val_t) noexcept {
  ra::deallocate(p);
}
void operator delete[](void* p, std::align_val_t) noexcept {
  ra::deallocate(p);
}
void operator delete(void* p, std::size_t, std::align_val_t) noexcept {
  ra::deallocate(p);
}
void operator delete[](void* p, std::size_t, std::align_val_t) noexcept {
  ra::deallocate(p);
}
void operator delete(void* p, std::align_val_t, const std::nothrow_t&) noexcept {
  ra::deallocate(p);
}
void operator delete[](void* p, std::align_val_t, const std::nothrow_t&) noexcept {
  ra::deallocate(p);
}
