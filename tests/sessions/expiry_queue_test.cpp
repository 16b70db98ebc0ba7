// ExpiryQueue's bucket arithmetic with exact numbers (ExpiryQueue.roundToNextInterval, seed 002's
// BucketTime = (ExpirationTime / ExpirationInterval + 1) * ExpirationInterval).
#include "impl/sessions/expiry_queue.h"

#include <gtest/gtest.h>

namespace zab::sessions {
namespace {

using Ids = std::vector<uint64_t>;

TEST(ExpiryQueue, RoundToNextIntervalAlwaysRoundsStrictlyUp) {
  const ExpiryQueue q(2000, 0);
  EXPECT_EQ(q.round_to_next_interval(0), 2000u);
  EXPECT_EQ(q.round_to_next_interval(1), 2000u);
  EXPECT_EQ(q.round_to_next_interval(1999), 2000u);
  EXPECT_EQ(q.round_to_next_interval(2000), 4000u);  // a boundary goes to the *next* bucket
  EXPECT_EQ(q.round_to_next_interval(7500), 8000u);
  EXPECT_EQ(q.round_to_next_interval(8000), 10000u);
}

TEST(ExpiryQueue, FirstBucketDueIsRoundedUpFromCreation) {
  EXPECT_EQ(ExpiryQueue(2000, 0).next_expiration_ms(), 2000u);
  EXPECT_EQ(ExpiryQueue(2000, 3500).next_expiration_ms(), 4000u);
  EXPECT_EQ(ExpiryQueue(2000, 4000).next_expiration_ms(), 6000u);
  EXPECT_EQ(ExpiryQueue(2000, 3500).wait_time_ms(3500), 500u);
  EXPECT_EQ(ExpiryQueue(2000, 3500).wait_time_ms(4100), 0u);
}

// The example of the brief: tickTime 2000, touched at 3500 with timeout 4000. 3500 + 4000 = 7500
// lands in bucket 8000, which is handed out at the tick of 8000 and not one ms before.
TEST(ExpiryQueue, TouchAt3500WithTimeout4000ExpiresAtTick8000) {
  ExpiryQueue q(2000, 0);
  EXPECT_EQ(q.update(7, 4000, 3500), ExpiryUpdate::kMoved);
  EXPECT_EQ(q.expiration_of(7), 8000u);
  for (uint64_t tick : {2000, 4000, 6000})
    EXPECT_EQ(q.poll(tick), Ids{}) << tick;
  EXPECT_EQ(q.poll(7999), Ids{});  // not due yet: nothing, and the schedule does not move
  EXPECT_EQ(q.next_expiration_ms(), 8000u);
  EXPECT_EQ(q.poll(8000), Ids{7});
  EXPECT_EQ(q.next_expiration_ms(), 10000u);
}

TEST(ExpiryQueue, UpdateIntoTheSameBucketIsANoOp) {
  ExpiryQueue q(2000, 0);
  EXPECT_EQ(q.update(7, 4000, 3500), ExpiryUpdate::kMoved);
  EXPECT_EQ(q.update(7, 4000, 3999), ExpiryUpdate::kUnchanged);  // 7999 -> still 8000
  EXPECT_EQ(q.update(7, 4000, 4000), ExpiryUpdate::kMoved);      // 8000 -> 10000
  EXPECT_EQ(q.expiration_of(7), 10000u);
  EXPECT_EQ(q.bucket(8000), Ids{});
  EXPECT_EQ(q.bucket(10000), Ids{7});
}

TEST(ExpiryQueue, AWholeBucketIsHandedOutAtOnceInIdOrder) {
  ExpiryQueue q(2000, 0);
  q.update(30, 4000, 3999);
  q.update(10, 4000, 3500);
  q.update(20, 4000, 2000);  // 6000 -> 8000 too
  q.update(40, 4000, 4000);  // 8000 -> 10000: the next bucket
  EXPECT_EQ(q.poll_until(8000), (Ids{10, 20, 30}));
  EXPECT_EQ(q.poll_until(9999), Ids{});
  EXPECT_EQ(q.poll_until(10000), Ids{40});
}

TEST(ExpiryQueue, PollHandsOutOneBucketPerCall) {
  ExpiryQueue q(2000, 0);
  q.update(1, 1, 0);     // bucket 2000
  q.update(2, 1, 2000);  // bucket 4000
  EXPECT_EQ(q.poll(20000), Ids{1});
  EXPECT_EQ(q.next_expiration_ms(), 4000u);
  EXPECT_EQ(q.poll(20000), Ids{2});
  EXPECT_EQ(q.next_expiration_ms(), 6000u);
}

TEST(ExpiryQueue, PollUntilIsTheRunLoopInBucketOrder) {
  ExpiryQueue q(2000, 0);
  q.update(9, 1, 0);     // bucket 2000
  q.update(1, 5000, 0);  // bucket 6000
  q.update(5, 3000, 0);  // bucket 4000
  q.update(3, 9000, 0);  // bucket 10000
  EXPECT_EQ(q.poll_until(9000), (Ids{9, 5, 1}));
  EXPECT_EQ(q.next_expiration_ms(), 10000u);  // stops at the first boundary after now
  EXPECT_EQ(q.poll_until(10000), Ids{3});
}

TEST(ExpiryQueue, RemovedElementsNeverExpire) {
  ExpiryQueue q(2000, 0);
  q.update(1, 4000, 0);
  q.update(2, 4000, 0);
  EXPECT_EQ(q.remove(1), 6000u);
  EXPECT_EQ(q.remove(1), std::nullopt);
  EXPECT_EQ(q.poll_until(6000), Ids{2});
  EXPECT_EQ(q.size(), 1u);
}

// Java's poll drops the bucket but leaves elemMap alone: a polled element is not handed out
// again unless it is updated.
TEST(ExpiryQueue, PolledElementsStayDetachedUntilUpdated) {
  ExpiryQueue q(2000, 0);
  q.update(1, 1, 0);
  EXPECT_EQ(q.poll(2000), Ids{1});
  EXPECT_EQ(q.expiration_of(1), 2000u);
  EXPECT_EQ(q.bucket(2000), Ids{});
  EXPECT_EQ(q.poll_until(50000), Ids{});
  EXPECT_EQ(q.update(1, 1, 50000), ExpiryUpdate::kMoved);
  EXPECT_EQ(q.poll_until(52000), Ids{1});
}

TEST(ExpiryQueue, TimeRunningBackwardsIsRefused) {
  ExpiryQueue q(2000, 0);
  q.poll_until(8000);  // next due: 10000
  EXPECT_EQ(q.update(1, 1, 7999), ExpiryUpdate::kTimeWentBackwards);
  EXPECT_EQ(q.size(), 0u);
  EXPECT_EQ(q.update(1, 1, 8000), ExpiryUpdate::kMoved);
  EXPECT_EQ(q.update(2, 1, kMaxTimeMs + 1), ExpiryUpdate::kTimeOutOfRange);
  EXPECT_EQ(q.expiration_of(2), std::nullopt);
}

// Seeded bug kExpiryNoRounding: 7500 rounds *down* to 6000, so the element is handed out 2500 ms
// after its touch although its timeout is 4000.
TEST(ExpiryQueue, NoRoundingBugExpiresBeforeTheTimeout) {
  ExpiryQueue q(2000, 0, /*no_rounding=*/true);
  q.update(7, 4000, 3500);
  EXPECT_EQ(q.expiration_of(7), 6000u);
  EXPECT_EQ(q.poll_until(6000), Ids{7});
  EXPECT_LT(6000u - 3500u, 4000u);
}

TEST(ExpiryQueue, NoRoundingBugStillNeverPlacesInAPolledBucket) {
  ExpiryQueue q(2000, 0, /*no_rounding=*/true);
  q.poll_until(4000);      // next due: 6000
  q.update(1, 100, 4100);  // 4200 rounds down to 4000, already polled
  EXPECT_EQ(q.expiration_of(1), 6000u);
  EXPECT_EQ(q.poll_until(6000), Ids{1});
}

}  // namespace
}  // namespace zab::sessions
