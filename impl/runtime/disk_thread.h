// The server's disk thread: it performs the loop's durable writes in issue order and makes them
// durable with one fsync for everything queued (group commit, as ZooKeeper's
// SyncRequestProcessor flushes a batch at a time), then reports the fsync done on the loop's
// thread. The loop holds every effect after a Sync until then (impl/quorum/effects.h), so an ACK
// never leaves before the write it acknowledges is on disk. It also runs the data directory's
// purge (autopurge), since the data directory is not thread-safe and this thread owns it.
#pragma once

#include <condition_variable>
#include <cstdint>
#include <deque>
#include <functional>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <variant>
#include <vector>

#include "impl/runtime/server_loop.h"

namespace zab::runtime {

// The data directory as the disk thread uses it (impl/runtime/data_dir implements it).
class DurableStore {
 public:
  virtual ~DurableStore() = default;
  // Apply one write to the files (not yet durable). Throws on an I/O error.
  virtual void apply(const DiskWrite& write) = 0;
  // Make everything applied so far durable (fdatasync / fsync). Throws on an I/O error.
  virtual void sync() = 0;
  // PurgeTxnLog.purge: keep the newest `snap_retain_count` snapshots and the logs they need,
  // remove the older ones; returns the files removed. Throws on an error.
  virtual std::vector<std::string> purge(int snap_retain_count) = 0;
};

// What a purge did: the files it removed, or why it failed.
struct PurgeOutcome {
  std::vector<std::string> removed;
  std::optional<std::string> error;
};

class DiskThread final : public Disk {
 public:
  // `post` runs a function on the loop's thread (asio::post onto its io_context). `on_synced`
  // and `on_error` are called there.
  DiskThread(DurableStore& store, std::function<void(std::function<void()>)> post,
             std::function<void()> on_synced, std::function<void(std::string)> on_error);
  ~DiskThread() override;  // finishes what is queued, then joins

  // Disk (called on the loop's thread).
  void write(const DiskWrite& write) override;
  void sync() override;

  // DatadirCleanupManager's PurgeTask, run here after the writes issued before it. `done` is
  // called on the loop's thread. A failed purge is reported there and changes nothing else
  // (ZooKeeper logs it and goes on serving); the files a purge removes are never ones a write
  // still needs (the current log segment and the newest snapshots stay).
  void purge(int snap_retain_count, std::function<void(PurgeOutcome)> done);

  // Figures for the four-letter words: fsyncs done and the writes they covered.
  struct Stats {
    uint64_t fsyncs = 0;
    uint64_t writes = 0;
    uint64_t last_fsync_us = 0;
    uint64_t max_fsync_us = 0;
  };
  Stats stats() const;

 private:
  struct SyncRequest {};
  struct PurgeRequest {
    int snap_retain_count = 3;
    std::function<void(PurgeOutcome)> done;
  };
  using Job = std::variant<DiskWrite, SyncRequest, PurgeRequest>;

  void run();
  void run_purge(const PurgeRequest& request);

  DurableStore& store_;
  std::function<void(std::function<void()>)> post_;
  std::function<void()> on_synced_;
  std::function<void(std::string)> on_error_;
  mutable std::mutex mu_;
  std::condition_variable cv_;
  std::deque<Job> jobs_;
  bool stopping_ = false;
  bool failed_ = false;
  Stats stats_;
  std::thread thread_;
};

}  // namespace zab::runtime
