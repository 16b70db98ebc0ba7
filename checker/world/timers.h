// A server's armed timers, as the world keeps them: a bit per TimerKind and the duration each was
// armed with. The world does not time anything; the durations only rank timers, so that a free
// firing (nothing else can happen) takes the shortest (finalizeWait expires long before
// initLimit). Every other firing is a counted delay fault.
#pragma once

#include <array>
#include <cstdint>

#include "impl/core/hasher.h"
#include "impl/quorum/inputs.h"

namespace zab::check {

struct Timers {
  uint8_t bits = 0;                                  // armed timers, bit per TimerKind
  std::array<uint32_t, kTimerKindCount> after_ms{};  // the duration each was armed with
  ZK_FIELDS(bits, after_ms)

  bool armed(TimerKind t) const { return (bits >> index(t)) & 1u; }
  // SetTimer (re)arms the one timer of its kind.
  void arm(TimerKind t, uint32_t ms) {
    bits |= uint8_t(1u << index(t));
    after_ms[index(t)] = ms;
  }
  // CancelTimer, and a timer that fires (it fires once per arming).
  void disarm(TimerKind t) {
    bits &= uint8_t(~(1u << index(t)));
    after_ms[index(t)] = 0;
  }
  void clear() { *this = Timers{}; }
  uint32_t after(TimerKind t) const { return after_ms[index(t)]; }
  // The shortest armed timer that is not a heartbeat (UINT32_MAX when there is none).
  uint32_t shortest_ms() const {
    uint32_t out = UINT32_MAX;
    for (int i = 0; i < kTimerKindCount; ++i) {
      const auto t = static_cast<TimerKind>(i);
      if (armed(t) && !is_heartbeat(t) && after_ms[i] < out) out = after_ms[i];
    }
    return out;
  }
  template <class F>
  void for_each_armed(F&& f) const {
    for (int i = 0; i < kTimerKindCount; ++i)
      if (armed(static_cast<TimerKind>(i))) f(static_cast<TimerKind>(i));
  }

 private:
  static int index(TimerKind t) { return static_cast<int>(t); }
};

}  // namespace zab::check
