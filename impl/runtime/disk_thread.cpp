#include "impl/runtime/disk_thread.h"

#include <chrono>
#include <exception>

namespace zab::runtime {

DiskThread::DiskThread(DurableStore& store, std::function<void(std::function<void()>)> post,
                       std::function<void()> on_synced, std::function<void(std::string)> on_error)
    : store_(store),
      post_(std::move(post)),
      on_synced_(std::move(on_synced)),
      on_error_(std::move(on_error)),
      thread_([this] { run(); }) {}

DiskThread::~DiskThread() {
  {
    std::lock_guard lock(mu_);
    stopping_ = true;
  }
  cv_.notify_one();
  thread_.join();
}

void DiskThread::write(const DiskWrite& write) {
  {
    std::lock_guard lock(mu_);
    jobs_.emplace_back(write);
  }
  cv_.notify_one();
}

void DiskThread::sync() {
  {
    std::lock_guard lock(mu_);
    jobs_.emplace_back(SyncRequest{});
  }
  cv_.notify_one();
}

void DiskThread::purge(int snap_retain_count, std::function<void(PurgeOutcome)> done) {
  {
    std::lock_guard lock(mu_);
    jobs_.emplace_back(PurgeRequest{snap_retain_count, std::move(done)});
  }
  cv_.notify_one();
}

void DiskThread::run_purge(const PurgeRequest& request) {
  PurgeOutcome outcome;
  try {
    outcome.removed = store_.purge(request.snap_retain_count);
  } catch (const std::exception& e) {
    outcome.error = e.what();
  }
  post_(
      [done = request.done, outcome = std::move(outcome)]() mutable { done(std::move(outcome)); });
}

DiskThread::Stats DiskThread::stats() const {
  std::lock_guard lock(mu_);
  return stats_;
}

// Takes the whole queue at once: its writes in order, then one fsync if any sync was asked
// for, then one completion per sync requested (in order), posted to the loop.
void DiskThread::run() {
  while (true) {
    std::deque<Job> batch;
    {
      std::unique_lock lock(mu_);
      cv_.wait(lock, [&] { return stopping_ || !jobs_.empty(); });
      if (jobs_.empty() && stopping_) return;
      batch.swap(jobs_);
    }
    if (failed_) continue;  // after an I/O error nothing more is written; the server stops
    size_t syncs = 0, writes = 0;
    try {
      for (const Job& job : batch) {
        if (std::holds_alternative<SyncRequest>(job)) {
          ++syncs;
          continue;
        }
        if (const auto* purge = std::get_if<PurgeRequest>(&job)) {
          run_purge(*purge);
          continue;
        }
        store_.apply(std::get<DiskWrite>(job));
        ++writes;
      }
      if (syncs > 0) {
        const auto start = std::chrono::steady_clock::now();
        store_.sync();
        const auto us = static_cast<uint64_t>(std::chrono::duration_cast<std::chrono::microseconds>(
                                                  std::chrono::steady_clock::now() - start)
                                                  .count());
        std::lock_guard lock(mu_);
        stats_.fsyncs += 1;
        stats_.writes += writes;
        stats_.last_fsync_us = us;
        stats_.max_fsync_us = std::max(stats_.max_fsync_us, us);
      }
    } catch (const std::exception& e) {
      failed_ = true;
      post_([this, message = std::string(e.what())] { on_error_(message); });
      continue;
    }
    // Every write issued before each of these syncs is durable: release them one by one (the
    // loop holds at most one, but a completion per request keeps the accounting exact).
    for (size_t i = 0; i < syncs; ++i)
      post_([this] { on_synced_(); });
  }
}

}  // namespace zab::runtime
