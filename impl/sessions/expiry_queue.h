// ZooKeeper's ExpiryQueue (server/ExpiryQueue.java) as a value. Elements are grouped into buckets
// of `interval` ms by the time they expire, and the queue hands out one whole bucket per interval.
// The leader's SessionTracker keeps its sessions in one with interval = tickTime, which is why a
// session dies between `timeout` and `timeout + tickTime` after it was last heard from.
//
// Time is an input (ms on the caller's monotonic clock), never read from a clock.
#pragma once

#include <boost/container/small_vector.hpp>
#include <cstdint>
#include <optional>
#include <string_view>
#include <vector>

#include "impl/core/hasher.h"

namespace zab::sessions {

// Times beyond this are refused, so that `now + timeout` rounded up can never overflow.
inline constexpr uint64_t kMaxTimeMs = uint64_t{1} << 62;

enum class ExpiryUpdate : uint8_t {
  kMoved,              // put in a new bucket (ExpiryQueue.update returned the new time)
  kUnchanged,          // already in that bucket (update returned null)
  kTimeWentBackwards,  // now_ms is earlier than a time the queue has already polled
  kTimeOutOfRange,     // now_ms > kMaxTimeMs
};
std::string_view to_string(ExpiryUpdate result);

struct ExpiryEntry {
  uint64_t id = 0;
  // The bucket the element expires in: a multiple of the interval. After its bucket is polled
  // an entry stays here with its old time, below next_expiration_ms, until it is updated or
  // removed — Java's poll() drops the bucket from expiryMap but leaves elemMap alone, so a polled
  // element is never handed out again unless someone touches it.
  uint64_t expiration_ms = 0;
  ZK_FIELDS(id, expiration_ms)
  bool operator==(const ExpiryEntry&) const = default;
};

class ExpiryQueue {
 public:
  // new ExpiryQueue(interval_ms) at time now_ms: nextExpirationTime = roundToNextInterval(now).
  // Preconditions (asserted; SessionConfig::validate checks them for the tracker):
  // interval_ms > 0 and now_ms <= kMaxTimeMs. `no_rounding` is the seeded bug
  // Bug::kExpiryNoRounding: buckets are rounded down instead of up.
  ExpiryQueue(uint32_t interval_ms, uint64_t now_ms, bool no_rounding = false);

  // roundToNextInterval: the next multiple of the interval strictly after `time_ms`.
  uint64_t round_to_next_interval(uint64_t time_ms) const {
    return (time_ms / interval_ms_ + 1) * interval_ms_;
  }

  // update(elem, timeout): moves `id` to bucket roundToNextInterval(now + timeout).
  ExpiryUpdate update(uint64_t id, uint32_t timeout_ms, uint64_t now_ms);
  // remove(elem): the bucket time `id` had, or nullopt if it was not in the queue.
  std::optional<uint64_t> remove(uint64_t id);

  // nextExpirationTime: the bucket the next poll hands out.
  uint64_t next_expiration_ms() const { return next_expiration_ms_; }
  // getWaitTime: ms until the next bucket is due (0 when it is due now).
  uint64_t wait_time_ms(uint64_t now_ms) const {
    return now_ms < next_expiration_ms_ ? next_expiration_ms_ - now_ms : 0;
  }
  // poll(): if now >= nextExpirationTime, the ids of that bucket (ascending) and the next bucket
  // becomes due one interval later; otherwise nothing. Exactly one bucket per call.
  std::vector<uint64_t> poll(uint64_t now_ms);
  // SessionTrackerImpl.run's loop: poll() until getWaitTime() > 0, without visiting empty buckets
  // one by one. Ids in bucket order, ascending within a bucket.
  std::vector<uint64_t> poll_until(uint64_t now_ms);

  // The bucket `id` is in (a time below next_expiration_ms if its bucket was already polled).
  std::optional<uint64_t> expiration_of(uint64_t id) const;
  // The ids waiting in bucket `expiration_ms`, ascending: what expiryMap.get holds, so nothing for
  // a bucket that has already been polled.
  std::vector<uint64_t> bucket(uint64_t expiration_ms) const;
  size_t size() const { return entries_.size(); }
  uint32_t interval_ms() const { return interval_ms_; }
  bool no_rounding() const { return no_rounding_; }

  ZK_FIELDS(interval_ms_, no_rounding_, next_expiration_ms_, entries_)
  bool operator==(const ExpiryQueue&) const = default;

 private:
  // The bucket for an element that expires at `time_ms`.
  uint64_t bucket_for(uint64_t time_ms) const;

  uint32_t interval_ms_;  // expirationInterval (tickTime for sessions); never 0
  bool no_rounding_;      // seeded bug kExpiryNoRounding; fixed for the queue's lifetime
  // nextExpirationTime: a multiple of the interval; advances by whole intervals in poll().
  uint64_t next_expiration_ms_;
  // elemMap, ascending by id; the buckets (expiryMap) are the entries grouped by expiration_ms.
  boost::container::small_vector<ExpiryEntry, 4> entries_;
};

}  // namespace zab::sessions
