#include "render/threads.hpp"

#include <gtest/gtest.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <mutex>
#include <set>
#include <stdexcept>
#include <thread>
#include <vector>

namespace render {
namespace {

// Runs n items on `threads` threads; returns the thread numbers that took part, and checks every
// item ran once.
std::set<unsigned> run_items(std::size_t n, unsigned threads) {
  std::vector<std::atomic<int>> runs(n);
  std::mutex m;
  std::set<unsigned> used;
  std::vector<std::size_t> cost(n, 1);
  bool ok = run_on_threads(n, threads, cost, [&](std::size_t i, unsigned thread) {
    runs[i]++;
    std::lock_guard<std::mutex> lock(m);
    used.insert(thread);
  });
  EXPECT_TRUE(ok);
  for (std::size_t i = 0; i < n; ++i) EXPECT_EQ(runs[i].load(), 1) << "item " << i;
  return used;
}

TEST(RunOnThreads, EveryItemRunsOnceOnThreadsNumberedBelowTheCount) {
  for (int round = 0; round < 50; ++round) {  // the helpers are kept and used again
    for (unsigned threads : {1u, 2u, 3u}) {
      for (unsigned t : run_items(64, threads)) EXPECT_LT(t, threads);
    }
  }
}

// Calls so short that the caller often takes every item before a helper wakes: the caller
// returns without waiting for it, and a helper that wakes late runs nothing of a call that
// returned (its items would count twice, or after the count was read).
TEST(RunOnThreads, AHelperThatWakesLateRunsNothingOfAFinishedCall) {
  std::vector<int> counts(2000, 0);
  for (std::size_t call = 0; call < counts.size(); ++call) {
    std::atomic<int> runs{0};
    EXPECT_TRUE(run_on_threads(2, 3, {1, 1}, [&](std::size_t, unsigned) { runs++; }));
    counts[call] = runs.load();
  }
  run_items(64, 3);  // (any helper still waking up has run by now, or never will)
  for (std::size_t call = 0; call < counts.size(); ++call) {
    EXPECT_EQ(counts[call], 2) << "call " << call;
  }
}

TEST(RunOnThreads, LargerCostFirstOnOneThread) {
  std::vector<std::size_t> order;
  run_on_threads(4, 1, {1, 9, 5, 7}, [&](std::size_t i, unsigned) { order.push_back(i); });
  EXPECT_EQ(order, (std::vector<std::size_t>{1, 3, 2, 0}));
}

TEST(RunOnThreads, AThrowingItemIsReportedAndStopsTheRest) {
  std::atomic<int> after{0};
  bool ok =
      run_on_threads(1000, 2, std::vector<std::size_t>(1000, 1), [&](std::size_t i, unsigned) {
        if (i == 0) throw std::runtime_error("no");
        after++;
      });
  EXPECT_FALSE(ok);
  EXPECT_LT(after.load(), 1000);
  // The helpers are still there for the next call.
  EXPECT_EQ(run_items(100, 2).size() <= 2, true);
}

TEST(RunOnThreads, ACallFromWithinWorkRunsOnItsOwnThread) {
  std::atomic<int> inner{0};
  bool ok = run_on_threads(4, 2, {1, 1, 1, 1}, [&](std::size_t, unsigned) {
    std::set<unsigned> seen;
    std::mutex m;
    EXPECT_TRUE(
        run_on_threads(8, 2, std::vector<std::size_t>(8, 1), [&](std::size_t, unsigned thread) {
          std::lock_guard<std::mutex> lock(m);
          seen.insert(thread);
          inner++;
        }));
    EXPECT_EQ(seen, std::set<unsigned>{0});
  });
  EXPECT_TRUE(ok);
  EXPECT_EQ(inner.load(), 32);
}

TEST(RunOnThreads, CallsFromTwoThreadsAtOnceBothFinish) {
  std::atomic<int> total{0};
  auto caller = [&] {
    for (int round = 0; round < 200; ++round) {
      run_on_threads(16, 2, std::vector<std::size_t>(16, 1),
                     [&](std::size_t, unsigned) { total++; });
    }
  };
  std::thread a(caller), b(caller);
  a.join();
  b.join();
  EXPECT_EQ(total.load(), 2 * 200 * 16);
}

// The times the calling thread gave up its processor to wait (a sleep on a lock, a condition, a
// call that blocks).
long voluntary_switches() {
  rusage usage{};
  getrusage(RUSAGE_THREAD, &usage);
  return usage.ru_nvcsw;
}

// Two items that each wait, spinning, until both have started (at most five seconds): each runs
// on its own thread when a helper takes part. Returns the threads that took part, and notes the
// helper's voluntary switches as its item starts and ends, and the caller's across the call.
struct PairCall {
  std::set<unsigned> threads;
  long helper_at_start = -1, helper_at_end = -1, caller_during = -1;
};
PairCall run_pair(std::chrono::microseconds helper_works = {}) {
  PairCall call;
  std::atomic<int> started{0};
  std::mutex m;
  const long caller_before = voluntary_switches();
  EXPECT_TRUE(run_on_threads(2, 2, {1, 1}, [&](std::size_t, unsigned thread) {
    const long at_start = voluntary_switches();
    ++started;
    const auto give_up = std::chrono::steady_clock::now() + std::chrono::seconds(5);
    while (started.load() < 2 && std::chrono::steady_clock::now() < give_up) {
    }
    if (thread != 0) {
      const auto until = std::chrono::steady_clock::now() + helper_works;
      while (std::chrono::steady_clock::now() < until) {
      }
    }
    std::lock_guard<std::mutex> lock(m);
    call.threads.insert(thread);
    if (thread != 0) {
      call.helper_at_start = at_start;
      call.helper_at_end = voluntary_switches();
    }
  }));
  call.caller_during = voluntary_switches() - caller_before;
  return call;
}

TEST(RunOnThreads, AHelperAsleepPastItsSpinTakesTheNextCall) {
  run_pair();  // a helper is there
  for (int round = 0; round < 3; ++round) {
    std::this_thread::sleep_for(std::chrono::milliseconds(20));  // (it sleeps by now)
    EXPECT_EQ(run_pair().threads, (std::set<unsigned>{0, 1})) << "round " << round;
  }
}

// Between calls 0.2 ms apart, a helper spins instead of sleeping (a sleeping thread's processor
// may be slow to come back); and a caller whose part is done waits for the helper's the same way.
// A lock the two take may still make either sleep now and then, or the system may: of many
// rounds, many must have gone without (all of them, here, on an idle machine).
TEST(RunOnThreads, CloseCallsFindTheHelperAwake) {
  int awake = 0;
  PairCall before = run_pair();
  for (int round = 0; round < 50; ++round) {
    const auto until = std::chrono::steady_clock::now() + std::chrono::microseconds(200);
    while (std::chrono::steady_clock::now() < until) {
    }
    PairCall next = run_pair();
    if (before.helper_at_end >= 0 && next.helper_at_start == before.helper_at_end) ++awake;
    before = next;
  }
  EXPECT_GE(awake, 10);
}

TEST(RunOnThreads, TheCallerWaitsForAHelperAwake) {
  int awake = 0;
  for (int round = 0; round < 50; ++round) {
    PairCall call = run_pair(std::chrono::microseconds(300));
    if (call.threads.size() == 2 && call.caller_during == 0) ++awake;
  }
  EXPECT_GE(awake, 10);
}

// Calls run_on_threads with nothing much to do until `done()` holds (at most about a second):
// a helper waits, spinning, after each call, and does the waiting work meanwhile.
template <typename Done>
bool keep_helpers_waiting(const Done& done, unsigned threads = 2) {
  for (int call = 0; call < 1000 && !done(); ++call) {
    run_on_threads(threads, threads, std::vector<std::size_t>(threads, 1),
                   [](std::size_t, unsigned) {});
    std::this_thread::sleep_for(std::chrono::milliseconds(1));
  }
  return done();
}

TEST(WhileWaiting, AWaitingHelperRunsTheStepsUntilTheWorkIsDone) {
  std::atomic<int> steps{0};
  std::atomic<bool> on_caller{false};
  const std::thread::id caller = std::this_thread::get_id();
  WhileWaiting work([&] {
    if (std::this_thread::get_id() == caller) on_caller = true;
    return ++steps < 100;
  });
  EXPECT_TRUE(keep_helpers_waiting([&] { return steps.load() >= 100; }));
  std::this_thread::sleep_for(std::chrono::milliseconds(5));
  EXPECT_EQ(steps.load(), 100);  // none after the step that said it was the last
  EXPECT_FALSE(on_caller.load());
}

TEST(WhileWaiting, StopReturnsOnceNoStepRunsAndNoneStartsAfter) {
  std::atomic<int> steps{0}, in_step{0};
  WhileWaiting work([&] {
    ++in_step;
    std::this_thread::sleep_for(std::chrono::microseconds(200));
    ++steps;
    --in_step;
    return true;  // never done of itself
  });
  EXPECT_TRUE(keep_helpers_waiting([&] { return steps.load() >= 3; }));
  work.stop();
  EXPECT_EQ(in_step.load(), 0);
  const int at_stop = steps.load();
  run_items(16, 2);  // (a helper waits again after this)
  std::this_thread::sleep_for(std::chrono::milliseconds(5));
  EXPECT_EQ(steps.load(), at_stop);
}

TEST(WhileWaiting, OneStepAtATimeWhereSeveralHelpersWait) {
  std::atomic<int> steps{0}, in_step{0}, most_at_once{0};
  WhileWaiting work([&] {
    const int now = ++in_step;
    if (now > most_at_once) most_at_once = now;
    std::this_thread::sleep_for(std::chrono::microseconds(100));
    --in_step;
    return ++steps < 40;
  });
  EXPECT_TRUE(keep_helpers_waiting([&] { return steps.load() >= 40; }, 4));
  EXPECT_EQ(most_at_once.load(), 1);
}

TEST(WhileWaiting, OneWorkAtATime) {
  std::atomic<int> first{0}, second{0};
  {
    WhileWaiting a([&] { return ++first < 50; });
    WhileWaiting b([&] { return ++second < 50; });
    EXPECT_TRUE(keep_helpers_waiting([&] { return first.load() >= 50; }));
  }
  {
    // Once the first is done and gone, another can be set.
    WhileWaiting c([&] { return ++second < 50; });
    EXPECT_TRUE(keep_helpers_waiting([&] { return second.load() >= 50; }));
  }
  EXPECT_EQ(first.load(), 50);
  EXPECT_EQ(second.load(), 50);  // b never ran
}

TEST(RunOnThreads, AForkedChildStartsItsOwnHelpers) {
  run_items(16, 2);  // the parent has a helper now
  pid_t child = ::fork();
  ASSERT_GE(child, 0);
  if (child == 0) {
    ::alarm(10);  // (waiting for the parent's helpers, which the child has not, would hang)
    std::atomic<int> runs{0};
    bool ok = run_on_threads(64, 2, std::vector<std::size_t>(64, 1),
                             [&](std::size_t, unsigned) { runs++; });
    ::_exit(ok && runs.load() == 64 ? 0 : 1);
  }
  int status = 0;
  ASSERT_EQ(::waitpid(child, &status, 0), child);
  EXPECT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0) << status;
}

int huge_pages_off() {
  return prctl(PR_GET_THP_DISABLE, 0, 0, 0, 0);
}

// Each test sets the process's switch as it needs it, and the fixture puts it back as it was.
class InSmallPages : public ::testing::Test {
 protected:
  void SetUp() override { before_ = huge_pages_off(); }
  void TearDown() override { prctl(PR_SET_THP_DISABLE, before_, 0, 0, 0); }
  static void set_off(int off) { ASSERT_EQ(prctl(PR_SET_THP_DISABLE, off, 0, 0, 0), 0); }

 private:
  int before_ = 0;
};

TEST_F(InSmallPages, HugePagesAreOffForTheCallAndOnAgainAfter) {
  set_off(0);
  int during = -1;
  in_small_pages([&] { during = huge_pages_off(); });
  EXPECT_EQ(during, 1);
  EXPECT_EQ(huge_pages_off(), 0);
}

TEST_F(InSmallPages, OnAgainWhenTheCallThrows) {
  set_off(0);
  EXPECT_THROW(in_small_pages([] { throw std::runtime_error("x"); }), std::runtime_error);
  EXPECT_EQ(huge_pages_off(), 0);
}

TEST_F(InSmallPages, LeavesThemOffWhenTheyWereOff) {
  set_off(1);
  int during = -1;
  in_small_pages([&] { during = huge_pages_off(); });
  EXPECT_EQ(during, 1);
  EXPECT_EQ(huge_pages_off(), 1);
}

}  // namespace
}  // namespace render
