#include "impl/sessions/session_tracker.h"

#include <fmt/format.h>

#include <algorithm>
#include <limits>

#include "impl/core/check.h"

namespace zab::sessions {
namespace {

template <class Sessions>
auto lower_bound_id(Sessions& sessions, uint64_t id) {
  return std::lower_bound(sessions.begin(), sessions.end(), id,
                          [](const Session& s, uint64_t key) { return s.id < key; });
}

bool reserved_session_id(uint64_t id) {
  return id == 0 || id == kContainerEphemeralOwner;
}

uint32_t checked_tick_time_ms(const SessionConfig& config) {
  const auto error = config.validate();
  ZK_ASSERT_MSG(!error, error.value_or(""));
  return config.tick_time_ms;
}

}  // namespace

uint32_t SessionConfig::min_timeout_ms() const {
  return min_session_timeout_ms == -1 ? tick_time_ms * 2
                                      : static_cast<uint32_t>(min_session_timeout_ms);
}

uint32_t SessionConfig::max_timeout_ms() const {
  return max_session_timeout_ms == -1 ? tick_time_ms * 20
                                      : static_cast<uint32_t>(max_session_timeout_ms);
}

std::optional<std::string> SessionConfig::validate() const {
  if (tick_time_ms == 0) return "tickTime is not set";
  // 20 ticks must fit the int the timeout travels in on the wire.
  if (uint64_t{tick_time_ms} * 20 > uint64_t(std::numeric_limits<int32_t>::max()))
    return fmt::format("tickTime {} is too large", tick_time_ms);
  if (min_session_timeout_ms < -1 || min_session_timeout_ms == 0)
    return fmt::format("minSessionTimeout {} must be positive (or -1)", min_session_timeout_ms);
  if (max_session_timeout_ms < -1 || max_session_timeout_ms == 0)
    return fmt::format("maxSessionTimeout {} must be positive (or -1)", max_session_timeout_ms);
  if (min_timeout_ms() > max_timeout_ms())
    return "minSessionTimeout must not be larger than maxSessionTimeout";
  return std::nullopt;
}

uint32_t negotiate_session_timeout(int32_t requested_ms, const SessionConfig& config) {
  const int64_t requested = requested_ms;
  return static_cast<uint32_t>(
      std::clamp<int64_t>(requested, config.min_timeout_ms(), config.max_timeout_ms()));
}

SessionTracker::SessionTracker(const SessionConfig& config, NodeId server_id, uint64_t now_ms,
                               BugSet bugs)
    : SessionTracker(config, server_id, now_ms, {}, bugs) {}

SessionTracker::SessionTracker(const SessionConfig& config, NodeId server_id, uint64_t now_ms,
                               std::span<const SessionWithTimeout> sessions, BugSet bugs)
    : queue_(checked_tick_time_ms(config), now_ms, bugs.has(Bug::kExpiryNoRounding)),
      id_generator_(SessionIdGenerator::initial(server_id, now_ms)) {
  ZK_ASSERT(valid(server_id));
  for (const auto& s : sessions) {
    ZK_ASSERT_MSG(!reserved_session_id(s.id) && s.timeout_ms > 0,
                  "invalid session " + session_id_to_string(s.id));
    auto it = lower_bound_id(sessions_, s.id);
    ZK_ASSERT_MSG(it == sessions_.end() || it->id != s.id,
                  "duplicate session " + session_id_to_string(s.id));
    it = sessions_.insert(it, Session{s.id, s.timeout_ms, std::nullopt, false, now_ms});
    const Code code = update_expiry(*it, s.timeout_ms, now_ms);
    ZK_ASSERT(code == Code::kOk);
  }
}

Session* SessionTracker::find_mutable(uint64_t id) {
  auto it = lower_bound_id(sessions_, id);
  return it != sessions_.end() && it->id == id ? &*it : nullptr;
}

const Session* SessionTracker::find(uint64_t id) const {
  auto it = lower_bound_id(sessions_, id);
  return it != sessions_.end() && it->id == id ? &*it : nullptr;
}

Code SessionTracker::update_expiry(Session& session, uint32_t timeout_ms, uint64_t now_ms) {
  switch (queue_.update(session.id, timeout_ms, now_ms)) {
    case ExpiryUpdate::kMoved:
    case ExpiryUpdate::kUnchanged:
      session.last_touch_ms = now_ms;
      return Code::kOk;
    case ExpiryUpdate::kTimeWentBackwards:
    case ExpiryUpdate::kTimeOutOfRange:
      return Code::kBadArguments;
  }
  ZK_UNREACHABLE("ExpiryUpdate");
}

bool SessionTracker::time_accepted(uint64_t now_ms) const {
  // The queue refuses a time before the bucket it has already polled (see ExpiryQueue::update).
  return now_ms <= kMaxTimeMs && now_ms + queue_.interval_ms() >= queue_.next_expiration_ms();
}

CreatedSession SessionTracker::create_session(uint32_t timeout_ms, NodeId owner, uint64_t now_ms) {
  // Validate before taking an id, so that a refused request does not use one up.
  if (timeout_ms == 0 || !valid(owner) || !time_accepted(now_ms)) return {Code::kBadArguments, 0};
  uint64_t id = id_generator_.take();
  // ZooKeeper would hand out an id twice if its clock repeated a value across leader changes
  // (the checker's clock can); skip ids in use, and the reserved ones.
  while (reserved_session_id(id) || find(id) != nullptr)
    id = id_generator_.take();
  const Code code = track_session(id, timeout_ms, owner, now_ms);
  ZK_ASSERT(code == Code::kOk);
  return {Code::kOk, id};
}

Code SessionTracker::track_session(uint64_t id, uint32_t timeout_ms, NodeId owner,
                                   uint64_t now_ms) {
  if (reserved_session_id(id) || timeout_ms == 0 || !valid(owner)) return Code::kBadArguments;
  auto it = lower_bound_id(sessions_, id);
  if (it == sessions_.end() || it->id != id) {
    // Check the time before inserting, so that a refused call leaves no half-tracked session.
    if (!time_accepted(now_ms)) return Code::kBadArguments;
    it = sessions_.insert(it, Session{id, timeout_ms, std::nullopt, false, now_ms});
  }
  // trackSession on a known session refreshes its expiry with the given timeout; the stored
  // timeout stays (SessionImpl.timeout is final).
  if (const Code code = update_expiry(*it, timeout_ms, now_ms); code != Code::kOk) return code;
  // setOwner refuses a closing session; trackSession has already refreshed it, as in ZooKeeper.
  return set_owner(id, owner);
}

Code SessionTracker::touch(uint64_t id, uint64_t now_ms) {
  Session* session = find_mutable(id);
  if (session == nullptr || session->closing) return Code::kSessionExpired;
  return update_expiry(*session, session->timeout_ms, now_ms);
}

Code SessionTracker::revalidate(uint64_t id, uint32_t timeout_ms, NodeId owner, uint64_t now_ms) {
  if (timeout_ms == 0 || !valid(owner)) return Code::kBadArguments;
  Session* session = find_mutable(id);
  if (session == nullptr || session->closing) return Code::kSessionExpired;
  if (const Code code = update_expiry(*session, timeout_ms, now_ms); code != Code::kOk) return code;
  // ZooKeeper's leader keeps using the connection's renegotiated timeout for later touches (the
  // follower reports it with each touch); storing it here has the same effect.
  session->timeout_ms = timeout_ms;
  session->owner = owner;
  return Code::kOk;
}

Code SessionTracker::set_owner(uint64_t id, NodeId owner) {
  if (!valid(owner)) return Code::kBadArguments;
  Session* session = find_mutable(id);
  if (session == nullptr || session->closing) return Code::kSessionExpired;
  session->owner = owner;
  return Code::kOk;
}

void SessionTracker::set_session_closing(uint64_t id) {
  if (Session* session = find_mutable(id)) session->closing = true;
}

Code SessionTracker::check_session(uint64_t id, NodeId owner) {
  Session* session = find_mutable(id);
  if (session == nullptr || session->closing) return Code::kSessionExpired;
  if (!session->owner) {
    session->owner = owner;
  } else if (*session->owner != owner) {
    return Code::kSessionMoved;
  }
  return Code::kOk;
}

bool SessionTracker::remove_session(uint64_t id) {
  auto it = lower_bound_id(sessions_, id);
  if (it == sessions_.end() || it->id != id) return false;
  sessions_.erase(it);
  queue_.remove(id);
  return true;
}

std::vector<uint64_t> SessionTracker::expire(uint64_t now_ms) {
  std::vector<uint64_t> ids = queue_.poll_until(now_ms);
  for (uint64_t id : ids)
    set_session_closing(id);
  return ids;
}

std::vector<SessionWithTimeout> SessionTracker::sessions_with_timeout() const {
  std::vector<SessionWithTimeout> out;
  out.reserve(sessions_.size());
  for (const auto& s : sessions_)
    out.push_back({s.id, s.timeout_ms});
  return out;
}

}  // namespace zab::sessions
