// What stops a search before it finishes, besides its own bounds: the user (SIGINT, SIGTERM) and
// the memory limit. Both raise one atomic flag that the explorers' workers read
// (SearchOptions::stop, RandomWalkOptions::stop); the reason is kept beside it so the summary
// can say which.
#pragma once

#include <atomic>
#include <condition_variable>
#include <cstdint>
#include <mutex>
#include <thread>

namespace zab::check {

enum class StopReason : uint8_t { kNone, kInterrupted, kMemory };

// The flag and why it was raised.
const std::atomic<bool>* stop_flag();
StopReason stop_reason();
// Lowers a memory stop before the next configuration of a profile (an interruption stays).
void clear_memory_stop();

// While alive, SIGINT and SIGTERM raise the flag instead of killing the process; a second one
// kills it as usual (so a stuck run can still be stopped).
class InterruptScope {
 public:
  InterruptScope();
  ~InterruptScope();
  InterruptScope(const InterruptScope&) = delete;
  InterruptScope& operator=(const InterruptScope&) = delete;
};

// While alive, a thread reads the resident memory every few milliseconds and raises the flag
// (StopReason::kMemory) once it exceeds `bytes_max` (0: never).
class MemoryWatch {
 public:
  explicit MemoryWatch(uint64_t bytes_max);
  ~MemoryWatch();
  MemoryWatch(const MemoryWatch&) = delete;
  MemoryWatch& operator=(const MemoryWatch&) = delete;

 private:
  void watch(uint64_t bytes_max);
  std::mutex mu_;
  std::condition_variable cv_;
  bool done_ = false;
  std::thread thread_;
};

}  // namespace zab::check
