// The disk thread: writes in issue order, one fsync per batch, completions on the loop's side,
// and an I/O error reported instead of a completion.
#include "impl/runtime/disk_thread.h"

#include <gtest/gtest.h>

#include <chrono>
#include <condition_variable>
#include <mutex>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

namespace zab::runtime {
namespace {

using namespace std::chrono_literals;

struct SlowStore final : DurableStore {
  std::mutex mu;
  std::vector<std::string> log;
  std::chrono::milliseconds sync_time{0};
  bool fail_sync = false;
  std::condition_variable sync_started;
  int syncs_started = 0;
  bool fail_purge = false;
  std::vector<std::string> purge(int snap_retain_count) override {
    if (fail_purge) throw std::runtime_error("cannot read version-2: Permission denied");
    std::lock_guard lock(mu);
    log.push_back("purge keep " + std::to_string(snap_retain_count));
    return {"log.100000001", "snapshot.100000000"};
  }
  void apply(const DiskWrite& w) override {
    std::lock_guard lock(mu);
    log.push_back(describe(w));
  }
  void sync() override {
    {
      std::lock_guard lock(mu);
      ++syncs_started;
      sync_started.notify_all();
    }
    std::this_thread::sleep_for(sync_time);
    if (fail_sync) throw std::runtime_error("fdatasync log.100000001: No space left on device");
    std::lock_guard lock(mu);
    log.push_back("fsync");
  }
};

// The loop's side: a queue of posted functions, run by the test thread.
struct Loop {
  std::mutex mu;
  std::condition_variable cv;
  std::vector<std::function<void()>> posted;
  int synced = 0;
  std::vector<std::string> errors;

  void post(std::function<void()> f) {
    std::lock_guard lock(mu);
    posted.push_back(std::move(f));
    cv.notify_all();
  }
  // Runs posted functions until `done` holds (bounded wait).
  template <class Done>
  bool run_until(Done done) {
    const auto deadline = std::chrono::steady_clock::now() + 5s;
    while (!done()) {
      std::vector<std::function<void()>> ready;
      {
        std::unique_lock lock(mu);
        if (!cv.wait_until(lock, deadline, [&] { return !posted.empty(); })) return false;
        ready.swap(posted);
      }
      for (auto& f : ready)
        f();
    }
    return true;
  }
};

DiskThread make(SlowStore& store, Loop& loop) {
  return DiskThread(
      store, [&](std::function<void()> f) { loop.post(std::move(f)); }, [&] { ++loop.synced; },
      [&](std::string e) { loop.errors.push_back(std::move(e)); });
}

TEST(DiskThread, WritesInOrderThenOneFsyncPerBatch) {
  SlowStore store;
  store.sync_time = 100ms;
  Loop loop;
  auto disk = make(store, loop);
  disk.write(WriteAcceptedEpoch{Epoch{1}});
  disk.sync();
  // While that fsync runs, three more writes and two syncs queue up: one batch, one fsync. (Wait
  // for it to start rather than sleep: on a loaded machine the thread may not have run yet.)
  {
    std::unique_lock lock(store.mu);
    ASSERT_TRUE(store.sync_started.wait_for(lock, 5s, [&] { return store.syncs_started == 1; }));
  }
  disk.write(AppendTxn{make_txn(Zxid::make(Epoch{1}, 1), "a")});
  disk.write(AppendTxn{make_txn(Zxid::make(Epoch{1}, 2), "b")});
  disk.sync();
  disk.write(WriteCurrentEpoch{Epoch{1}});
  disk.sync();
  ASSERT_TRUE(loop.run_until([&] { return loop.synced == 3; }));
  std::lock_guard lock(store.mu);
  EXPECT_EQ(store.log, (std::vector<std::string>{"acceptedEpoch=1", "fsync", "append <1,1>",
                                                 "append <1,2>", "currentEpoch=1", "fsync"}));
  EXPECT_EQ(disk.stats().fsyncs, 2u);
  EXPECT_EQ(disk.stats().writes, 4u);
}

// autopurge runs on the disk thread, in order with the writes, and reports on the loop's side; a
// failed purge is reported there and the thread goes on writing.
TEST(DiskThread, PurgeRunsInOrderAndAFailureIsNotFatal) {
  SlowStore store;
  Loop loop;
  auto disk = make(store, loop);
  std::vector<PurgeOutcome> outcomes;
  disk.write(WriteAcceptedEpoch{Epoch{1}});
  disk.purge(3, [&](PurgeOutcome o) { outcomes.push_back(std::move(o)); });
  disk.sync();
  ASSERT_TRUE(loop.run_until([&] { return loop.synced == 1 && outcomes.size() == 1; }));
  EXPECT_EQ(outcomes[0].removed, (std::vector<std::string>{"log.100000001", "snapshot.100000000"}));
  EXPECT_FALSE(outcomes[0].error);
  {
    std::lock_guard lock(store.mu);
    EXPECT_EQ(store.log, (std::vector<std::string>{"acceptedEpoch=1", "purge keep 3", "fsync"}));
  }
  store.fail_purge = true;
  disk.purge(4, [&](PurgeOutcome o) { outcomes.push_back(std::move(o)); });
  disk.write(WriteCurrentEpoch{Epoch{1}});
  disk.sync();
  ASSERT_TRUE(loop.run_until([&] { return loop.synced == 2 && outcomes.size() == 2; }));
  EXPECT_EQ(outcomes[1].error, "cannot read version-2: Permission denied");
  EXPECT_TRUE(loop.errors.empty());
}

TEST(DiskThread, AnIoErrorIsReportedAndNothingIsReleased) {
  SlowStore store;
  store.fail_sync = true;
  Loop loop;
  auto disk = make(store, loop);
  disk.write(WriteAcceptedEpoch{Epoch{1}});
  disk.sync();
  ASSERT_TRUE(loop.run_until([&] { return !loop.errors.empty(); }));
  EXPECT_EQ(loop.errors[0], "fdatasync log.100000001: No space left on device");
  EXPECT_EQ(loop.synced, 0);
}

}  // namespace
}  // namespace zab::runtime
