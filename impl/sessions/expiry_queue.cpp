#include "impl/sessions/expiry_queue.h"

#include <algorithm>
#include <utility>

#include "impl/core/check.h"

namespace zab::sessions {
namespace {

template <class Entries>
auto lower_bound_id(Entries& entries, uint64_t id) {
  return std::lower_bound(entries.begin(), entries.end(), id,
                          [](const ExpiryEntry& e, uint64_t key) { return e.id < key; });
}

}  // namespace

std::string_view to_string(ExpiryUpdate result) {
  switch (result) {
    case ExpiryUpdate::kMoved:
      return "moved";
    case ExpiryUpdate::kUnchanged:
      return "unchanged";
    case ExpiryUpdate::kTimeWentBackwards:
      return "time went backwards";
    case ExpiryUpdate::kTimeOutOfRange:
      return "time out of range";
  }
  return "?";
}

ExpiryQueue::ExpiryQueue(uint32_t interval_ms, uint64_t now_ms, bool no_rounding)
    : interval_ms_(interval_ms), no_rounding_(no_rounding), next_expiration_ms_(0) {
  ZK_ASSERT_MSG(interval_ms > 0, "ExpiryQueue interval must be positive");
  ZK_ASSERT_MSG(now_ms <= kMaxTimeMs, "ExpiryQueue created at a time out of range");
  next_expiration_ms_ = round_to_next_interval(now_ms);
}

uint64_t ExpiryQueue::bucket_for(uint64_t time_ms) const {
  if (!no_rounding_) return round_to_next_interval(time_ms);
  // Seeded bug kExpiryNoRounding: round down to the bucket boundary, so the element is handed out
  // up to one interval *before* `time_ms`. A bucket that has already been polled would never be
  // polled again; the bug is about expiring early, not never, so it goes in the next one due.
  return std::max(time_ms / interval_ms_ * interval_ms_, next_expiration_ms_);
}

ExpiryUpdate ExpiryQueue::update(uint64_t id, uint32_t timeout_ms, uint64_t now_ms) {
  if (now_ms > kMaxTimeMs) return ExpiryUpdate::kTimeOutOfRange;
  // poll() only advances past a bucket once now has reached it, so on a monotonic clock
  // now >= nextExpirationTime - interval always holds. An earlier `now` could put the element in
  // a bucket that is never polled again: the element would never expire.
  if (now_ms + interval_ms_ < next_expiration_ms_) return ExpiryUpdate::kTimeWentBackwards;
  const uint64_t expiration_ms = bucket_for(now_ms + timeout_ms);
  ZK_ASSERT(expiration_ms >= next_expiration_ms_);
  auto it = lower_bound_id(entries_, id);
  if (it != entries_.end() && it->id == id) {
    if (it->expiration_ms == expiration_ms) return ExpiryUpdate::kUnchanged;
    it->expiration_ms = expiration_ms;
    return ExpiryUpdate::kMoved;
  }
  entries_.insert(it, ExpiryEntry{id, expiration_ms});
  return ExpiryUpdate::kMoved;
}

std::optional<uint64_t> ExpiryQueue::remove(uint64_t id) {
  auto it = lower_bound_id(entries_, id);
  if (it == entries_.end() || it->id != id) return std::nullopt;
  const uint64_t expiration_ms = it->expiration_ms;
  entries_.erase(it);
  return expiration_ms;
}

std::vector<uint64_t> ExpiryQueue::poll(uint64_t now_ms) {
  if (now_ms < next_expiration_ms_) return {};
  std::vector<uint64_t> ids = bucket(next_expiration_ms_);
  next_expiration_ms_ += interval_ms_;
  return ids;
}

std::vector<uint64_t> ExpiryQueue::poll_until(uint64_t now_ms) {
  if (now_ms < next_expiration_ms_) return {};
  // Every bucket time is a multiple of the interval at or after nextExpirationTime (update
  // guarantees it), so repeated polls hand out exactly the buckets in [next, now], in order, and
  // stop at the first multiple of the interval after `now`.
  std::vector<std::pair<uint64_t, uint64_t>> due;  // (expiration, id)
  for (const auto& e : entries_)
    if (e.expiration_ms >= next_expiration_ms_ && e.expiration_ms <= now_ms)
      due.emplace_back(e.expiration_ms, e.id);
  std::sort(due.begin(), due.end());
  next_expiration_ms_ = round_to_next_interval(now_ms);
  std::vector<uint64_t> ids;
  ids.reserve(due.size());
  for (const auto& [expiration_ms, id] : due)
    ids.push_back(id);
  return ids;
}

std::optional<uint64_t> ExpiryQueue::expiration_of(uint64_t id) const {
  auto it = lower_bound_id(entries_, id);
  if (it == entries_.end() || it->id != id) return std::nullopt;
  return it->expiration_ms;
}

std::vector<uint64_t> ExpiryQueue::bucket(uint64_t expiration_ms) const {
  std::vector<uint64_t> ids;
  if (expiration_ms < next_expiration_ms_) return ids;  // polled: gone from expiryMap
  for (const auto& e : entries_)
    if (e.expiration_ms == expiration_ms) ids.push_back(e.id);
  return ids;
}

}  // namespace zab::sessions
