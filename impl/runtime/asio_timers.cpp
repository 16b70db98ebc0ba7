#include "impl/runtime/asio_timers.h"

#include <chrono>

namespace zab::runtime {

AsioTimers::AsioTimers(asio::io_context& io, Expired expired) : expired_(std::move(expired)) {
  for (auto& t : timers_)
    t = std::make_unique<asio::steady_timer>(io);
}

void AsioTimers::arm(TimerKind kind, uint32_t after_ms, uint64_t generation) {
  auto& timer = *timers_[static_cast<int>(kind)];
  timer.expires_after(std::chrono::milliseconds(after_ms));  // cancels a pending wait
  timer.async_wait([this, kind, generation](const std::error_code& ec) {
    if (!ec) expired_(kind, generation);
  });
}

void AsioTimers::cancel(TimerKind kind) {
  timers_[static_cast<int>(kind)]->cancel();
}

}  // namespace zab::runtime
