// The leader's SessionTracker: negotiation, ids, touches, expiry of whole buckets, closing,
// ownership (SessionMoved) and what a leader change does (SessionTrackerImpl).
#include "impl/sessions/session_tracker.h"

#include <gtest/gtest.h>

namespace zab::sessions {
namespace {

using Ids = std::vector<uint64_t>;
constexpr NodeId n1{1}, n2{2}, n3{3};

SessionConfig tick2000() {
  return SessionConfig{.tick_time_ms = 2000};
}

BugSet no_rounding() {
  BugSet bugs;
  bugs.add(Bug::kExpiryNoRounding);
  return bugs;
}

TEST(SessionConfig, NegotiationClampsIntoTwoAndTwentyTicksByDefault) {
  const SessionConfig config = tick2000();
  EXPECT_EQ(config.min_timeout_ms(), 4000u);
  EXPECT_EQ(config.max_timeout_ms(), 40000u);
  EXPECT_EQ(negotiate_session_timeout(1000, config), 4000u);
  EXPECT_EQ(negotiate_session_timeout(10000, config), 10000u);
  EXPECT_EQ(negotiate_session_timeout(60000, config), 40000u);
  EXPECT_EQ(negotiate_session_timeout(-5, config), 4000u);
}

TEST(SessionConfig, ExplicitLimitsReplaceTheDefaults) {
  const SessionConfig config{
      .tick_time_ms = 2000, .min_session_timeout_ms = 1000, .max_session_timeout_ms = 6000};
  EXPECT_EQ(config.validate(), std::nullopt);
  EXPECT_EQ(negotiate_session_timeout(500, config), 1000u);
  EXPECT_EQ(negotiate_session_timeout(30000, config), 6000u);
}

TEST(SessionConfig, RefusesWhatZooKeeperRefuses) {
  EXPECT_TRUE(SessionConfig{.tick_time_ms = 0}.validate().has_value());
  EXPECT_TRUE(
      (SessionConfig{
           .tick_time_ms = 2000, .min_session_timeout_ms = 9000, .max_session_timeout_ms = 8000})
          .validate()
          .has_value());
  // The default min (4000) above an explicit max is just as wrong.
  EXPECT_TRUE(
      (SessionConfig{.tick_time_ms = 2000, .max_session_timeout_ms = 3000}).validate().has_value());
  EXPECT_TRUE(
      (SessionConfig{.tick_time_ms = 2000, .min_session_timeout_ms = 0}).validate().has_value());
  EXPECT_EQ(tick2000().validate(), std::nullopt);
}

TEST(SessionTracker, CreatedSessionsCarryTheServerByteAndConsecutiveCounters) {
  SessionTracker tracker(tick2000(), n3, 0x4cff3);
  const auto a = tracker.create_session(4000, n3, 0x4cff3);
  const auto b = tracker.create_session(4000, n1, 0x4cff3);
  ASSERT_EQ(a.code, Code::kOk);
  ASSERT_EQ(b.code, Code::kOk);
  EXPECT_EQ(a.session_id, 0x3000004cff30000ULL);
  EXPECT_EQ(b.session_id, a.session_id + 1);
  ASSERT_NE(tracker.find(b.session_id), nullptr);
  EXPECT_EQ(tracker.find(b.session_id)->owner, n1);
  EXPECT_EQ(tracker.find(b.session_id)->timeout_ms, 4000u);
}

TEST(SessionTracker, TouchAt3500WithTimeout4000ExpiresAtTick8000NotBefore) {
  SessionTracker tracker(tick2000(), n1, 0);
  const uint64_t id = tracker.create_session(4000, n1, 0).session_id;  // bucket 6000
  ASSERT_EQ(tracker.touch(id, 3500), Code::kOk);                       // bucket 8000
  EXPECT_EQ(tracker.expiry_queue().expiration_of(id), 8000u);
  EXPECT_EQ(tracker.expire(6000), Ids{});
  EXPECT_EQ(tracker.expire(7999), Ids{});
  EXPECT_EQ(tracker.expire(8000), Ids{id});
  EXPECT_TRUE(tracker.find(id)->closing);  // expiring marks it closing at once
  EXPECT_EQ(tracker.check_session(id, n1), Code::kSessionExpired);
}

TEST(SessionTracker, TouchMovesTheSessionToALaterBucket) {
  SessionTracker tracker(tick2000(), n1, 0);
  const uint64_t id = tracker.create_session(4000, n1, 0).session_id;
  EXPECT_EQ(tracker.expiry_queue().expiration_of(id), 6000u);
  ASSERT_EQ(tracker.touch(id, 5000), Code::kOk);
  EXPECT_EQ(tracker.expiry_queue().expiration_of(id), 10000u);
  EXPECT_EQ(tracker.find(id)->last_touch_ms, 5000u);
  EXPECT_EQ(tracker.expire(9999), Ids{});
  EXPECT_EQ(tracker.expire(10000), Ids{id});
}

TEST(SessionTracker, AWholeBucketExpiresInOneGo) {
  SessionTracker tracker(tick2000(), n1, 0);
  const uint64_t a = tracker.create_session(4000, n1, 0).session_id;
  const uint64_t b = tracker.create_session(5000, n2, 1000).session_id;  // 6000 -> 8000
  const uint64_t c = tracker.create_session(4000, n1, 1999).session_id;  // 5999 -> 6000
  const uint64_t d = tracker.create_session(4000, n1, 2000).session_id;  // 6000 -> 8000
  EXPECT_EQ(tracker.expiry_queue().expiration_of(b), 8000u);
  EXPECT_EQ(tracker.expire(6000), (Ids{a, c}));
  EXPECT_EQ(tracker.expire(8000), (Ids{b, d}));
}

TEST(SessionTracker, ClosingSessionsAreRejected) {
  SessionTracker tracker(tick2000(), n1, 0);
  const uint64_t id = tracker.create_session(4000, n1, 0).session_id;
  ASSERT_EQ(tracker.check_session(id, n1), Code::kOk);
  tracker.set_session_closing(id);
  EXPECT_EQ(tracker.check_session(id, n1), Code::kSessionExpired);
  EXPECT_EQ(tracker.touch(id, 100), Code::kSessionExpired);
  EXPECT_EQ(tracker.revalidate(id, 4000, n2, 100), Code::kSessionExpired);
  EXPECT_EQ(tracker.set_owner(id, n2), Code::kSessionExpired);
  // It still expires with its bucket (its closeSession may be lost), as in ZooKeeper.
  EXPECT_EQ(tracker.expire(6000), Ids{id});
  EXPECT_TRUE(tracker.remove_session(id));
  EXPECT_FALSE(tracker.remove_session(id));
  EXPECT_EQ(tracker.find(id), nullptr);
}

TEST(SessionTracker, UnknownSessionsAreExpired) {
  SessionTracker tracker(tick2000(), n1, 0);
  EXPECT_EQ(tracker.check_session(0x100000000000042ULL, n1), Code::kSessionExpired);
  EXPECT_EQ(tracker.touch(0x100000000000042ULL, 10), Code::kSessionExpired);
  EXPECT_EQ(tracker.revalidate(0x100000000000042ULL, 4000, n1, 10), Code::kSessionExpired);
}

TEST(SessionTracker, ARequestThroughAnotherServerIsSessionMoved) {
  SessionTracker tracker(tick2000(), n1, 0);
  const uint64_t id = tracker.create_session(4000, n1, 0).session_id;
  EXPECT_EQ(tracker.check_session(id, n1), Code::kOk);
  EXPECT_EQ(tracker.check_session(id, n2), Code::kSessionMoved);
  // The client re-attaches at n2: REVALIDATE makes n2 the owner; n1's old connection is moved.
  ASSERT_EQ(tracker.revalidate(id, 4000, n2, 100), Code::kOk);
  EXPECT_EQ(tracker.check_session(id, n2), Code::kOk);
  EXPECT_EQ(tracker.check_session(id, n1), Code::kSessionMoved);
}

TEST(SessionTracker, RevalidateRenegotiatesTheTimeout) {
  SessionTracker tracker(tick2000(), n1, 0);
  const uint64_t id = tracker.create_session(4000, n1, 0).session_id;
  ASSERT_EQ(tracker.revalidate(id, 10000, n2, 3000), Code::kOk);
  EXPECT_EQ(tracker.expiry_queue().expiration_of(id), 14000u);
  ASSERT_EQ(tracker.touch(id, 5000), Code::kOk);  // later touches use the new timeout
  EXPECT_EQ(tracker.expiry_queue().expiration_of(id), 16000u);
}

TEST(SessionTracker, RemovedSessionsNeverExpire) {
  SessionTracker tracker(tick2000(), n1, 0);
  const uint64_t a = tracker.create_session(4000, n1, 0).session_id;
  const uint64_t b = tracker.create_session(4000, n1, 0).session_id;
  EXPECT_TRUE(tracker.remove_session(a));
  EXPECT_EQ(tracker.expire(6000), Ids{b});
}

TEST(SessionTracker, TrackSessionFromAnotherServer) {
  SessionTracker tracker(tick2000(), n1, 0);
  const uint64_t id = 0x2000000000a0000ULL;  // made by n2 for its client
  ASSERT_EQ(tracker.track_session(id, 6000, n2, 1000), Code::kOk);
  EXPECT_EQ(tracker.find(id)->owner, n2);
  EXPECT_EQ(tracker.expiry_queue().expiration_of(id), 8000u);
  // Tracking it again only refreshes it.
  ASSERT_EQ(tracker.track_session(id, 6000, n2, 2500), Code::kOk);
  EXPECT_EQ(tracker.sessions().size(), 1u);
  EXPECT_EQ(tracker.expiry_queue().expiration_of(id), 10000u);
}

TEST(SessionTracker, BadInputGetsBadArguments) {
  SessionTracker tracker(tick2000(), n1, 0);
  EXPECT_EQ(tracker.create_session(0, n1, 0).code, Code::kBadArguments);
  EXPECT_EQ(tracker.create_session(4000, NodeId{0}, 0).code, Code::kBadArguments);
  EXPECT_EQ(tracker.track_session(0, 4000, n1, 0), Code::kBadArguments);
  EXPECT_EQ(tracker.track_session(kContainerEphemeralOwner, 4000, n1, 0), Code::kBadArguments);
  const uint64_t next_id = tracker.next_session_id();
  const uint64_t id = tracker.create_session(4000, n1, 0).session_id;
  EXPECT_EQ(id, next_id);  // the refused creates used no id
  tracker.expire(10000);   // the expiry thread has reached 10000
  EXPECT_EQ(tracker.create_session(4000, n1, 5000).code, Code::kBadArguments);  // time ran back
  EXPECT_EQ(tracker.track_session(0x2000000000a0000ULL, 4000, n2, 5000), Code::kBadArguments);
  EXPECT_EQ(tracker.sessions().size(), 1u);
  EXPECT_EQ(tracker.create_session(4000, n1, kMaxTimeMs + 1).code, Code::kBadArguments);
}

// A new leader rebuilds its tracker from the sessions in its data tree: nobody owns them yet,
// none is closing, and each one's expiry starts over at its full timeout.
TEST(SessionTracker, LeaderChangeRestartsEveryExpiryAtItsFullTimeout) {
  SessionTracker old_leader(tick2000(), n1, 0);
  const uint64_t a = old_leader.create_session(4000, n1, 0).session_id;
  const uint64_t b = old_leader.create_session(10000, n2, 0).session_id;
  old_leader.set_session_closing(b);  // its closeSession never committed

  const auto sessions = old_leader.sessions_with_timeout();
  SessionTracker new_leader(tick2000(), n3, 5000, sessions);
  ASSERT_EQ(new_leader.sessions().size(), 2u);
  for (const auto& s : new_leader.sessions()) {
    EXPECT_FALSE(s.owner.has_value());
    EXPECT_FALSE(s.closing);
    EXPECT_EQ(s.last_touch_ms, 5000u);
  }
  EXPECT_EQ(new_leader.expiry_queue().expiration_of(a), 10000u);  // 5000 + 4000 -> 10000
  EXPECT_EQ(new_leader.expiry_queue().expiration_of(b), 16000u);  // 5000 + 10000 -> 16000
  EXPECT_EQ(new_leader.expire(9999), Ids{});
  EXPECT_EQ(new_leader.expire(10000), Ids{a});
  // The first request after the election claims the session for its server.
  EXPECT_EQ(new_leader.check_session(b, n2), Code::kOk);
  EXPECT_EQ(new_leader.check_session(b, n1), Code::kSessionMoved);
  EXPECT_EQ(creator_of_session(new_leader.create_session(4000, n3, 10000).session_id), 3);
}

TEST(SessionTracker, NewIdsSkipSessionsStillInUse) {
  SessionTracker first(tick2000(), n1, 0);
  const uint64_t a = first.create_session(4000, n1, 0).session_id;
  // The same server leads again at the same clock value: the generator starts over at `a`.
  SessionTracker again(tick2000(), n1, 0, first.sessions_with_timeout());
  const uint64_t b = again.create_session(4000, n1, 0).session_id;
  EXPECT_NE(a, b);
  EXPECT_EQ(again.sessions().size(), 2u);
}

TEST(SessionTracker, NoRoundingBugExpiresASessionEarly) {
  SessionTracker tracker(tick2000(), n1, 0, no_rounding());
  const uint64_t id = tracker.create_session(4000, n1, 0).session_id;
  ASSERT_EQ(tracker.touch(id, 3500), Code::kOk);
  EXPECT_EQ(tracker.expire(6000), Ids{id});  // 2500 ms after the touch, timeout 4000
}

}  // namespace
}  // namespace zab::sessions
