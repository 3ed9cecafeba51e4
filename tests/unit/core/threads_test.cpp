// run_on_threads: each piece of work runs once, on the threads asked for, whether the kept helper
// threads are free or already busy (several renders at once, or work that runs more work).
#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <memory>
#include <set>
#include <stdexcept>
#include <thread>
#include <vector>

#include "render/threads.hpp"

namespace render {
namespace {

// Runs n pieces on `threads` threads; each piece's count and the set of threads seen.
struct Record {
  std::vector<std::atomic<int>> runs;
  std::vector<std::atomic<bool>> thread_seen;
  Record(std::size_t n, unsigned threads) : runs(n), thread_seen(threads) {}
};

bool run(std::size_t n, unsigned threads, Record& r) {
  std::vector<std::size_t> cost(n);
  for (std::size_t i = 0; i < n; ++i) cost[i] = i % 7;
  return run_on_threads(n, threads, cost, [&](std::size_t i, unsigned thread) {
    ++r.runs[i];
    r.thread_seen[thread] = true;
    // Long enough that every thread takes some.
    std::this_thread::sleep_for(std::chrono::microseconds(200));
  });
}

TEST(RunOnThreads, RunsEachPieceOnceOnTheThreadsAskedFor) {
  // Again and again: the helpers kept from one call serve the next.
  for (int round = 0; round < 3; ++round) {
    for (unsigned threads : {1u, 2u, 4u}) {
      Record r(64, threads);
      ASSERT_TRUE(run(64, threads, r));
      for (const auto& c : r.runs) EXPECT_EQ(c.load(), 1);
      for (unsigned t = 0; t < threads; ++t) EXPECT_TRUE(r.thread_seen[t].load()) << t;
    }
  }
}

TEST(RunOnThreads, AFailureStopsTheOthersAndIsReported) {
  std::atomic<int> ran{0};
  std::vector<std::size_t> cost(1000, 1);
  bool ok = run_on_threads(1000, 2, cost, [&](std::size_t i, unsigned) {
    ++ran;
    if (i == 3) throw std::runtime_error("boom");
    std::this_thread::sleep_for(std::chrono::microseconds(100));
  });
  EXPECT_FALSE(ok);
  EXPECT_LT(ran.load(), 1000);
  // The helpers are free again afterwards.
  Record r(16, 2);
  EXPECT_TRUE(run(16, 2, r));
  for (const auto& c : r.runs) EXPECT_EQ(c.load(), 1);
}

TEST(RunOnThreads, CallsAtOnceAndWithinWorkEachGetTheirThreads) {
  // Four callers at once: one has the kept helpers, the others start their own.
  std::vector<std::thread> callers;
  std::vector<std::unique_ptr<Record>> records;
  std::atomic<int> failures{0};
  for (int c = 0; c < 4; ++c) records.push_back(std::make_unique<Record>(40, 3));
  for (int c = 0; c < 4; ++c) {
    callers.emplace_back([&, c] {
      if (!run(40, 3, *records[c])) ++failures;
    });
  }
  for (auto& t : callers) t.join();
  EXPECT_EQ(failures.load(), 0);
  for (const auto& r : records) {
    for (const auto& c : r->runs) EXPECT_EQ(c.load(), 1);
    for (const auto& seen : r->thread_seen) EXPECT_TRUE(seen.load());
  }
  // Work that runs work of its own on threads.
  std::atomic<int> inner{0};
  std::vector<std::size_t> cost(4, 1), inner_cost(8, 1);
  EXPECT_TRUE(run_on_threads(4, 2, cost, [&](std::size_t, unsigned) {
    EXPECT_TRUE(run_on_threads(8, 2, inner_cost, [&](std::size_t, unsigned) { ++inner; }));
  }));
  EXPECT_EQ(inner.load(), 32);
}

}  // namespace
}  // namespace render
