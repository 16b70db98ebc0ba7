// Synchronisation: which mode the leader picks (LearnerHandler.syncFollower) and what the learner
// ends up with.
#include "tests/scenario/scenario_util.h"

namespace zab::check::testing {
namespace {

SyncMode mode_of(const World& world, int id) {
  const auto& s = world.server(n(id));
  if (!s.up || !s.peer.learning) return SyncMode::kNone;
  return s.peer.learning->sync_mode;
}

void expect_same_history(const World& world) {
  const auto& leader = world.server(*established_leader(world)).peer.applied;
  for (const NodeId id : world.ids()) {
    const auto& s = world.server(id);
    if (!s.up) continue;
    EXPECT_EQ(zxids(s.peer.applied), zxids(leader)) << world.describe();
  }
}

// A learner holding a prefix of the leader's committed log gets the missing proposals by DIFF.
TEST(Sync, PrefixGetsDiff) {
  auto cfg = scenario_config(3);
  set_disk(*cfg, 1, {z(1, 1)}, 1, 1);
  set_disk(*cfg, 2, {z(1, 1), z(1, 2)}, 1, 1);
  set_disk(*cfg, 3, {z(1, 1), z(1, 2)}, 1, 1);
  World world(*cfg);
  EXPECT_FALSE(stabilize_checked(world));
  ASSERT_EQ(established_leader(world), n(3));
  EXPECT_EQ(mode_of(world, 1), SyncMode::kDiff);
  EXPECT_EQ(mode_of(world, 2), SyncMode::kDiff);  // in sync: an empty DIFF
  expect_same_history(world);
  // The DIFF's txns were logged before the learner acked NEWLEADER.
  EXPECT_EQ(zxids(world.server(n(1)).disk.log), "[<1,1> <1,2>]");
}

// An old leader that logged a txn nobody else has is truncated back (the classic ZAB recovery
// case): its log is ahead of the new leader's committed log.
TEST(Sync, LearnerAheadGetsTrunc) {
  auto cfg = scenario_config(3);
  set_disk(*cfg, 1, {z(1, 1), z(1, 2), z(1, 3)}, 1, 1);
  set_disk(*cfg, 2, {z(1, 1), z(1, 2)}, 2, 2);
  set_disk(*cfg, 3, {z(1, 1), z(1, 2)}, 2, 2);
  World world(*cfg);
  EXPECT_FALSE(stabilize_checked(world));
  ASSERT_EQ(established_leader(world), n(3));
  EXPECT_EQ(mode_of(world, 1), SyncMode::kTrunc);
  expect_same_history(world);
  EXPECT_EQ(zxids(world.server(n(1)).disk.log), "[<1,1> <1,2>]") << world.describe();
}

// A learner behind the leader's in-memory committed log (commitLogCount) gets a SNAP.
TEST(Sync, BehindCommittedLogGetsSnap) {
  auto cfg = scenario_config(3);
  cfg->quorum.committed_log_max = 1;
  set_disk(*cfg, 1, {z(1, 1)}, 1, 1);
  set_disk(*cfg, 2, {z(1, 1), z(1, 2), z(1, 3)}, 1, 1);
  set_disk(*cfg, 3, {z(1, 1), z(1, 2), z(1, 3)}, 1, 1);
  World world(*cfg);
  EXPECT_FALSE(stabilize_checked(world));
  ASSERT_EQ(established_leader(world), n(3));
  EXPECT_EQ(mode_of(world, 1), SyncMode::kSnap);
  expect_same_history(world);
  // The snapshot taken at NEWLEADER is on disk; the old log is left as ZooKeeper leaves it.
  EXPECT_EQ(world.server(n(1)).disk.snapshots.back()->zxid, z(1, 3));
}

// ZOOKEEPER-3642: a learner that loaded a SNAP and lost its leader before NEWLEADER has nothing of
// it on disk. Learner.shutdown then shuts its ZooKeeperServer down fully (syncMode is SNAP), so
// the database is reloaded from disk and the learner votes with the zxid its files hold; with the
// seeded bug zk-3642 it keeps the unlogged image and votes with the SNAP's zxid.
TEST(Sync, LeaderCrashBeforeNewLeaderDropsTheUnpersistedSnap) {
  for (const bool bug : {false, true}) {
    SCOPED_TRACE(bug ? "with zk-3642" : "fixed");
    auto cfg = scenario_config(3);
    cfg->quorum.committed_log_max = 1;
    if (bug) cfg->quorum.bugs.add(Bug::kZk3642);
    set_disk(*cfg, 1, {z(1, 1)}, 1, 1);
    set_disk(*cfg, 2, {z(1, 1), z(1, 2), z(1, 3)}, 1, 1);
    set_disk(*cfg, 3, {z(1, 1), z(1, 2), z(1, 3)}, 1, 1);
    World world(*cfg);
    run_until(world, [](const World& w) { return mode_of(w, 1) == SyncMode::kSnap; });
    ASSERT_EQ(mode_of(world, 1), SyncMode::kSnap) << world.describe();
    ASSERT_EQ(world.server(n(1)).peer.learning->phase, LearnerPhase::kSyncing);
    ASSERT_EQ(world.server(n(1)).peer.last_processed, z(1, 3));
    ASSERT_EQ(world.server(n(1)).peer.learning->leader, n(3));
    perform_named(world, "crash n3 keep-unsynced=0");
    run_until(world, [](const World& w) { return !w.server(n(1)).peer.learning; });
    const auto& peer = world.server(n(1)).peer;
    ASSERT_EQ(peer.state, ServerState::kLooking) << world.describe();
    EXPECT_EQ(zxids(world.server(n(1)).disk.log), "[<1,1>]");
    EXPECT_EQ(peer.last_processed, bug ? z(1, 3) : z(1, 1));
    EXPECT_EQ(zxids(peer.applied), bug ? "[<1,1> <1,2> <1,3>]" : "[<1,1>]");
    EXPECT_EQ(peer.election.proposal.zxid, peer.last_processed);
  }
}

// A learner whose extra txn is from an older epoch cannot be truncated across the epoch
// boundary; the leader falls back to SNAP (queueCommittedProposals).
TEST(Sync, DivergedAcrossEpochsGetsSnap) {
  auto cfg = scenario_config(3);
  set_disk(*cfg, 1, {z(1, 1), z(1, 2), z(1, 3)}, 1, 1);
  set_disk(*cfg, 2, {z(1, 1), z(1, 2), z(2, 1)}, 2, 2);
  set_disk(*cfg, 3, {z(1, 1), z(1, 2), z(2, 1)}, 2, 2);
  World world(*cfg);
  EXPECT_FALSE(stabilize_checked(world));
  ASSERT_EQ(established_leader(world), n(3));
  EXPECT_EQ(mode_of(world, 1), SyncMode::kSnap);
  expect_same_history(world);
}

// NEWLEADER is acked only after the synced txns and then currentEpoch are durable: while the
// learner waits for those fsyncs, no ACK is in flight.
TEST(Sync, NewLeaderAckWaitsForDurability) {
  auto cfg = scenario_config(3);
  set_disk(*cfg, 1, {z(1, 1)}, 1, 1);
  set_disk(*cfg, 2, {z(1, 1), z(1, 2)}, 1, 1);
  set_disk(*cfg, 3, {z(1, 1), z(1, 2)}, 1, 1);
  World world(*cfg);
  run_until(world, [](const World& w) {
    const auto* head = w.head(n(3), n(1), Channel::kQuorum);
    return head && head->msg && std::holds_alternative<Diff>(*head->msg);
  });
  // Deliver the DIFF, its proposal and commit, then NEWLEADER.
  for (int i = 0; i < 4; ++i)
    perform_named(world, "deliver n3->n1 quorum");
  ASSERT_TRUE(world.server(n(1)).blocked()) << world.describe();
  EXPECT_FALSE(world.channel(n(1), n(3), Channel::kQuorum)) << world.describe();
  EXPECT_EQ(world.server(n(1)).disk.current_epoch, Epoch{1});
  perform_named(world, "fsync n1");  // the synced txns
  EXPECT_EQ(zxids(world.server(n(1)).disk.log), "[<1,1> <1,2>]");
  EXPECT_EQ(world.server(n(1)).disk.current_epoch, Epoch{1});
  EXPECT_FALSE(world.channel(n(1), n(3), Channel::kQuorum)) << world.describe();
  perform_named(world, "fsync n1");  // currentEpoch
  EXPECT_EQ(world.server(n(1)).disk.current_epoch, Epoch{2});
  const auto* ack = world.head(n(1), n(3), Channel::kQuorum);
  ASSERT_TRUE(ack && ack->msg);
  EXPECT_EQ(describe(*ack->msg), "ACK <2,0>");
}

}  // namespace
}  // namespace zab::check::testing
