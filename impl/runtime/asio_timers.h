// The protocol timers on the event loop: one steady timer per kind, re-armed by SetTimer and
// reported to the loop with the generation it was armed with (the loop ignores stale ones).
#pragma once

#include <array>
#include <asio/io_context.hpp>
#include <asio/steady_timer.hpp>
#include <functional>
#include <memory>

#include "impl/runtime/server_loop.h"

namespace zab::runtime {

class AsioTimers final : public Timers {
 public:
  using Expired = std::function<void(TimerKind, uint64_t generation)>;
  AsioTimers(asio::io_context& io, Expired expired);

  void arm(TimerKind kind, uint32_t after_ms, uint64_t generation) override;
  void cancel(TimerKind kind) override;

 private:
  std::array<std::unique_ptr<asio::steady_timer>, kTimerKindCount> timers_;
  Expired expired_;
};

}  // namespace zab::runtime
