#include "tests/sessions/expiry_schedule.h"

#include <fmt/format.h>

#include <algorithm>
#include <iterator>
#include <map>

#include "impl/sessions/session_tracker.h"

namespace zab::sessions::testing {
namespace {

// What the test knows independently of the tracker: when each live session was last heard
// from, and with which timeout.
struct Expected {
  uint64_t last_heard_ms = 0;
  uint32_t timeout_ms = 0;
};

class Runner {
 public:
  Runner(const ExpirySchedule& schedule, BugSet bugs, Expirer expirer, ExpiryCheck check)
      : config_{.tick_time_ms = schedule.tick_time_ms},
        bugs_(bugs),
        expirer_(expirer),
        check_(check),
        now_ms_(schedule.start_ms),
        tracker_(config_, NodeId{1}, now_ms_, bugs) {}

  std::optional<std::string> run(const std::vector<ExpiryStep>& steps) {
    for (const auto& step : steps) {
      apply(step);
      if (violation_) break;
    }
    stats_.survivors = static_cast<int>(live_.size());
    return violation_;
  }

  const ExpiryRunStats& stats() const { return stats_; }

 private:
  uint64_t pick_live(uint32_t pick) const {
    auto it = live_.begin();
    std::advance(it, pick % live_.size());
    return it->first;
  }

  void apply(const ExpiryStep& step) {
    using Kind = ExpiryStep::Kind;
    switch (step.kind) {
      case Kind::kCreate: {
        const uint32_t timeout_ms = negotiate_session_timeout(step.value, config_);
        const auto created = tracker_.create_session(timeout_ms, NodeId{1}, now_ms_);
        if (created.code != Code::kOk) return fail("create_session refused");
        live_[created.session_id] = {now_ms_, timeout_ms};
        return;
      }
      case Kind::kTouch:
      case Kind::kRevalidate: {
        if (live_.empty()) return;
        const uint64_t id = pick_live(step.pick);
        const bool revalidate = step.kind == Kind::kRevalidate;
        const uint32_t timeout_ms =
            revalidate ? negotiate_session_timeout(step.value, config_) : live_[id].timeout_ms;
        const Code code = revalidate ? tracker_.revalidate(id, timeout_ms, NodeId{2}, now_ms_)
                                     : tracker_.touch(id, now_ms_);
        if (code != Code::kOk) return fail(fmt::format("live session 0x{:x} refused", id));
        live_[id] = {now_ms_, timeout_ms};
        ++stats_.touched;
        return;
      }
      case Kind::kClose: {
        if (live_.empty()) return;
        const uint64_t id = pick_live(step.pick);
        tracker_.set_session_closing(id);
        tracker_.remove_session(id);
        live_.erase(id);
        return;
      }
      case Kind::kAdvance:
        return advance(static_cast<uint64_t>(std::max(step.value, 0)));
      case Kind::kLeaderChange: {
        const NodeId leader{static_cast<uint8_t>(1 + step.pick % 3)};
        tracker_ =
            SessionTracker(config_, leader, now_ms_, tracker_.sessions_with_timeout(), bugs_);
        for (auto& [id, expected] : live_)
          expected.last_heard_ms = now_ms_;
        ++stats_.leader_changes;
        return;
      }
    }
  }

  void advance(uint64_t delta_ms) {
    const uint64_t until_ms = now_ms_ + delta_ms;
    if (expirer_ == Expirer::kOnTime) {
      while (tracker_.expiry_queue().next_expiration_ms() <= until_ms && !violation_) {
        now_ms_ = tracker_.expiry_queue().next_expiration_ms();
        expire();
      }
    }
    now_ms_ = until_ms;
    if (!violation_) expire();
  }

  void expire() {
    const uint64_t tick_ms = config_.tick_time_ms;
    for (uint64_t id : tracker_.expire(now_ms_)) {
      auto it = live_.find(id);
      if (it == live_.end()) return fail(fmt::format("expired unknown session 0x{:x}", id));
      const Expected e = it->second;
      if (check_.never_early && now_ms_ - e.last_heard_ms < e.timeout_ms)
        return fail(
            fmt::format("session 0x{:x} expired at {} ms, {} ms after it was last heard "
                        "from, but its timeout is {} ms",
                        id, now_ms_, now_ms_ - e.last_heard_ms, e.timeout_ms));
      if (check_.bucket_end && now_ms_ > e.last_heard_ms + e.timeout_ms + tick_ms)
        return fail(
            fmt::format("session 0x{:x} expired at {} ms, after the end of its bucket: "
                        "last heard from at {} ms, timeout {} ms, tickTime {} ms",
                        id, now_ms_, e.last_heard_ms, e.timeout_ms, tick_ms));
      tracker_.remove_session(id);  // its closeSession is applied
      live_.erase(it);
      ++stats_.expired;
    }
    if (!check_.bucket_end) return;
    for (const auto& [id, e] : live_)
      if (now_ms_ >= e.last_heard_ms + e.timeout_ms + tick_ms)
        return fail(
            fmt::format("session 0x{:x} still alive at {} ms: last heard from at {} ms, "
                        "timeout {} ms, tickTime {} ms",
                        id, now_ms_, e.last_heard_ms, e.timeout_ms, tick_ms));
  }

  void fail(std::string why) {
    if (!violation_) violation_ = std::move(why);
  }

  SessionConfig config_;
  BugSet bugs_;
  Expirer expirer_;
  ExpiryCheck check_;
  uint64_t now_ms_;
  SessionTracker tracker_;
  std::map<uint64_t, Expected> live_;
  std::optional<std::string> violation_;
  ExpiryRunStats stats_;
};

}  // namespace

std::ostream& operator<<(std::ostream& os, const ExpiryStep& step) {
  using Kind = ExpiryStep::Kind;
  switch (step.kind) {
    case Kind::kCreate:
      return os << "create(" << step.value << "ms)";
    case Kind::kTouch:
      return os << "touch(#" << step.pick << ")";
    case Kind::kRevalidate:
      return os << "revalidate(#" << step.pick << ", " << step.value << "ms)";
    case Kind::kClose:
      return os << "close(#" << step.pick << ")";
    case Kind::kAdvance:
      return os << "advance(" << step.value << "ms)";
    case Kind::kLeaderChange:
      return os << "leader(n" << 1 + step.pick % 3 << ")";
  }
  return os << "?";
}

std::ostream& operator<<(std::ostream& os, const ExpirySchedule& schedule) {
  os << "tickTime=" << schedule.tick_time_ms << " start=" << schedule.start_ms << ":";
  for (const auto& step : schedule.steps)
    os << " " << step;
  return os;
}

std::optional<std::string> first_violation(const ExpirySchedule& schedule, BugSet bugs,
                                           Expirer expirer, ExpiryCheck check,
                                           ExpiryRunStats* stats) {
  Runner runner(schedule, bugs, expirer, check);
  auto violation = runner.run(schedule.steps);
  if (stats != nullptr) *stats = runner.stats();
  return violation;
}

}  // namespace zab::sessions::testing
