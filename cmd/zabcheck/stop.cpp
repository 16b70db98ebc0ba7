#include "cmd/zabcheck/stop.h"

#include <signal.h>

#include <chrono>

#include "checker/explore/search.h"

namespace zab::check {

namespace {

// Lock-free atomics: the only things a signal handler may touch.
std::atomic<bool> g_stop{false};
std::atomic<uint8_t> g_reason{static_cast<uint8_t>(StopReason::kNone)};
static_assert(std::atomic<bool>::is_always_lock_free && std::atomic<uint8_t>::is_always_lock_free);

void raise_stop(StopReason reason) {
  g_reason.store(static_cast<uint8_t>(reason));
  g_stop.store(true);
}

extern "C" void on_interrupt(int) {
  raise_stop(StopReason::kInterrupted);
}

struct sigaction handler_for(void (*handler)(int)) {
  struct sigaction action {};
  action.sa_handler = handler;
  sigemptyset(&action.sa_mask);
  action.sa_flags = SA_RESETHAND;  // the second signal kills
  return action;
}

constexpr auto kMemoryPoll = std::chrono::milliseconds(20);

}  // namespace

const std::atomic<bool>* stop_flag() {
  return &g_stop;
}

StopReason stop_reason() {
  return g_stop.load() ? static_cast<StopReason>(g_reason.load()) : StopReason::kNone;
}

void clear_memory_stop() {
  if (stop_reason() != StopReason::kMemory) return;
  g_reason.store(static_cast<uint8_t>(StopReason::kNone));
  g_stop.store(false);
}

InterruptScope::InterruptScope() {
  const struct sigaction action = handler_for(on_interrupt);
  sigaction(SIGINT, &action, nullptr);
  sigaction(SIGTERM, &action, nullptr);
}

InterruptScope::~InterruptScope() {
  const struct sigaction action = handler_for(SIG_DFL);
  sigaction(SIGINT, &action, nullptr);
  sigaction(SIGTERM, &action, nullptr);
}

MemoryWatch::MemoryWatch(uint64_t bytes_max) {
  if (bytes_max > 0) thread_ = std::thread([this, bytes_max] { watch(bytes_max); });
}

MemoryWatch::~MemoryWatch() {
  {
    std::lock_guard lock(mu_);
    done_ = true;
  }
  cv_.notify_all();
  if (thread_.joinable()) thread_.join();
}

void MemoryWatch::watch(uint64_t bytes_max) {
  std::unique_lock lock(mu_);
  while (!cv_.wait_for(lock, kMemoryPoll, [this] { return done_; })) {
    if (current_rss_bytes() > bytes_max) {
      if (!g_stop.load()) raise_stop(StopReason::kMemory);
      return;
    }
  }
}

}  // namespace zab::check
