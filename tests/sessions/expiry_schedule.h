// A schedule of session events (creates, touches, re-attaches, closes, leader changes and the
// passing of time) run against a SessionTracker, checking the `session-bucket-expiry` property
// at every expiry. Shared by the RapidCheck properties and by fixed-sequence tests, so that a
// schedule RapidCheck finds can be pinned as a plain test.
#pragma once

#include <cstdint>
#include <optional>
#include <ostream>
#include <string>
#include <vector>

#include "impl/core/bugs.h"

namespace zab::sessions::testing {

struct ExpiryStep {
  enum class Kind : uint8_t {
    kCreate,        // a client connects asking for timeout `value` ms (negotiated)
    kTouch,         // a frame from live session number `pick`
    kRevalidate,    // live session `pick` re-attaches asking for timeout `value` ms
    kClose,         // live session `pick` closes (closeSession prepared and applied)
    kAdvance,       // `value` ms pass
    kLeaderChange,  // server 1 + pick % 3 becomes leader and rebuilds the tracker
  };
  Kind kind = Kind::kAdvance;
  int32_t value = 0;
  uint32_t pick = 0;
};
std::ostream& operator<<(std::ostream& os, const ExpiryStep& step);

struct ExpirySchedule {
  uint32_t tick_time_ms = 2000;
  uint64_t start_ms = 0;
  std::vector<ExpiryStep> steps;
};
std::ostream& operator<<(std::ostream& os, const ExpirySchedule& schedule);

// How the leader's expiry thread runs while time passes.
enum class Expirer : uint8_t {
  kOnTime,  // wakes exactly when each bucket is due (SessionTrackerImpl.run)
  kLate,    // wakes only at the end of each kAdvance: expiries may come late, never early
};

struct ExpiryCheck {
  // Never expire a session before its timeout has passed since it was last heard from.
  bool never_early = true;
  // Expire it no later than the end of its bucket (timeout + tickTime after it was last heard
  // from), and keep no session alive past that. Holds only with an on-time expirer.
  bool bucket_end = true;
};

// What a run exercised, so that a property can show it did not pass vacuously.
struct ExpiryRunStats {
  int expired = 0;  // sessions the tracker expired
  int touched = 0;  // successful touches and revalidates
  int leader_changes = 0;
  int survivors = 0;  // sessions still alive at the end
};

// Runs the schedule; the first violation as a readable sentence, or nullopt.
std::optional<std::string> first_violation(const ExpirySchedule& schedule, BugSet bugs,
                                           Expirer expirer, ExpiryCheck check = {},
                                           ExpiryRunStats* stats = nullptr);

}  // namespace zab::sessions::testing
