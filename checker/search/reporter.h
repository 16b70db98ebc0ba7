// The explorers' progress reporter: a thread that calls `report` every `seconds` until stopped
// (or destroyed, so an exception out of a search stops it too). Without a report there is no
// thread; when no thread can be started the search runs without progress reports.
#pragma once

#include <chrono>
#include <condition_variable>
#include <functional>
#include <mutex>
#include <system_error>
#include <thread>

namespace zab::search {

class Reporter {
 public:
  Reporter(double seconds, std::function<void()> report) {
    if (!report) return;
    try {
      thread_ = std::thread([this, seconds, report = std::move(report)] {
        std::unique_lock lock(mu_);
        while (!cv_.wait_for(lock, std::chrono::duration<double>(seconds), [&] { return done_; }))
          report();
      });
    } catch (const std::system_error&) {  // no thread to be had: no progress reports
    }
  }
  Reporter(const Reporter&) = delete;
  Reporter& operator=(const Reporter&) = delete;
  ~Reporter() { stop(); }

  // Ends the reports; the last one, if running, finishes first.
  void stop() {
    {
      std::lock_guard lock(mu_);
      done_ = true;
    }
    cv_.notify_all();
    if (thread_.joinable()) thread_.join();
  }

 private:
  std::mutex mu_;
  std::condition_variable cv_;
  bool done_ = false;
  std::thread thread_;
};

}  // namespace zab::search
