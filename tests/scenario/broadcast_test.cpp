// Broadcast: PROPOSAL -> ACK (after the log writer's fsync) -> COMMIT from a quorum, in zxid
// order, on every server; and what happens when the leader goes away.
#include "tests/scenario/scenario_util.h"

namespace zab::check::testing {
namespace {

World elected(const WorldConfig& cfg) {
  World world(cfg);
  stabilize(world);
  EXPECT_EQ(established_leader(world), n(3)) << world.describe();
  return world;
}

TEST(Broadcast, InOrderCommitAndDeliveryOnAllServers) {
  auto cfg = scenario_config(3);
  World world = elected(*cfg);
  for (int i = 0; i < 3; ++i) perform_named(world, "client write n3");
  EXPECT_FALSE(stabilize_checked(world));
  for (int i = 1; i <= 3; ++i)
    EXPECT_EQ(zxids(world.server(n(i)).peer.applied), "[<1,1> <1,2> <1,3>]") << world.describe();
  EXPECT_EQ(world.ghost().acknowledged.size(), 3u);
  EXPECT_EQ(world.server(n(3)).peer.leading->last_committed, z(1, 3));
}

// The leader's own ack needs its log writer's fsync, and one follower's ACK completes a quorum
// of two out of three; only then does COMMIT go out.
TEST(Broadcast, CommitWaitsForAQuorumOfDurableAcks) {
  auto cfg = scenario_config(3);
  World world = elected(*cfg);
  perform_named(world, "client write n3");
  const auto& leader = [&]() -> const LeaderState& { return *world.server(n(3)).peer.leading; };
  perform_named(world, "log-writer n3");
  perform_named(world, "fsync n3");  // the leader's own ACK
  EXPECT_EQ(leader().last_committed, Zxid{});
  ASSERT_EQ(leader().outstanding.size(), 1u);
  EXPECT_EQ(to_string(leader().outstanding.front().acks), "{n3}");
  perform_named(world, "deliver n3->n1 quorum PROPOSAL <1,1>");
  perform_named(world, "log-writer n1");
  EXPECT_FALSE(world.channel(n(1), n(3), Channel::kQuorum)) << "ACK before fsync";
  perform_named(world, "fsync n1");
  perform_named(world, "deliver n1->n3 quorum ACK <1,1>");
  EXPECT_EQ(leader().last_committed, z(1, 1));
  EXPECT_TRUE(leader().outstanding.empty());
  EXPECT_TRUE(world.channel(n(3), n(2), Channel::kQuorum));  // PROPOSAL then COMMIT
}

TEST(Broadcast, LeaderCrashLosesNoCommittedTxn) {
  auto cfg = scenario_config(3);
  World world = elected(*cfg);
  perform_named(world, "client write n3");
  perform_named(world, "client write n3");
  EXPECT_FALSE(stabilize_checked(world));
  ASSERT_EQ(world.ghost().acknowledged.size(), 2u);
  perform_named(world, "crash n3 keep-unsynced=0");
  EXPECT_FALSE(stabilize_checked(world));
  ASSERT_EQ(established_leader(world), n(2)) << world.describe();
  EXPECT_EQ(zxids(world.server(n(2)).peer.applied), "[<1,1> <1,2>]");
  perform_named(world, "client write n2");
  perform_named(world, "restart n3");
  EXPECT_FALSE(stabilize_checked(world));
  for (int i = 1; i <= 3; ++i)
    EXPECT_EQ(zxids(world.server(n(i)).peer.applied), "[<1,1> <1,2> <2,1>]") << world.describe();
}

// A proposal that only the crashed leader logged is not committed; the others may lose it. When
// the old leader comes back its last zxid is older than the new leader's committed log, so it
// gets a SNAP: its in-memory state drops <1,1>, and the snapshot supersedes its stale log entry.
TEST(Broadcast, UncommittedProposalOfCrashedLeaderIsDropped) {
  auto cfg = scenario_config(3);
  World world = elected(*cfg);
  perform_named(world, "client write n3");
  perform_named(world, "log-writer n3");
  perform_named(world, "fsync n3");
  perform_named(world, "crash n3");  // PROPOSAL <1,1> dies with the connections
  EXPECT_FALSE(stabilize_checked(world));
  ASSERT_EQ(established_leader(world), n(2));
  perform_named(world, "client write n2");
  EXPECT_FALSE(stabilize_checked(world));
  perform_named(world, "restart n3");
  EXPECT_FALSE(stabilize_checked(world));
  EXPECT_EQ(zxids(world.server(n(3)).peer.applied), "[<2,1>]") << world.describe();
  EXPECT_EQ(world.server(n(3)).peer.learning->sync_mode, SyncMode::kSnap);
  EXPECT_EQ(world.server(n(3)).disk.snapshots.back()->zxid, z(2, 1));
  // After a restart it loads the snapshot and replays nothing older.
  perform_named(world, "crash n3");
  perform_named(world, "restart n3");
  EXPECT_EQ(zxids(world.server(n(3)).peer.applied), "[<2,1>]") << world.describe();
}

// With a 2-bit counter the leader may use counters 1 and 2; the third write would use the last
// counter value, so the leader gives up leadership instead (ZOOKEEPER-1277's fix) and the next
// epoch starts from counter 1 again.
TEST(Broadcast, CounterOverflowForcesElection) {
  auto cfg = scenario_config(3);
  cfg->quorum.counter_bits = 2;
  World world = elected(*cfg);
  perform_named(world, "client write n3");
  perform_named(world, "client write n3");
  EXPECT_FALSE(stabilize_checked(world));
  perform_named(world, "client write n3");
  EXPECT_EQ(world.server(n(3)).peer.state, ServerState::kLooking) << world.describe();
  EXPECT_FALSE(stabilize_checked(world));
  ASSERT_TRUE(established_leader(world));
  const NodeId leader = *established_leader(world);
  EXPECT_EQ(world.server(leader).peer.leading->epoch, Epoch{2});
  perform_named(world, "client write " + to_string(leader));
  EXPECT_FALSE(stabilize_checked(world));
  EXPECT_EQ(zxids(world.server(n(1)).peer.applied), "[<1,1> <1,2> <2,1>]") << world.describe();
}

TEST(Broadcast, ObserversGetInform) {
  auto cfg = scenario_config(3, 1);
  World world(*cfg);
  stabilize(world);
  ASSERT_EQ(established_leader(world), n(3));
  EXPECT_EQ(world.server(n(4)).peer.state, ServerState::kObserving);
  perform_named(world, "client write n3");
  EXPECT_FALSE(stabilize_checked(world));
  EXPECT_EQ(zxids(world.server(n(4)).peer.applied), "[<1,1>]") << world.describe();
  EXPECT_EQ(zxids(world.server(n(4)).disk.log), "[<1,1>]");
}

// A partitioned leader keeps its role until it notices, but cannot commit; the majority side
// elects a new leader of a newer epoch.
TEST(Broadcast, PartitionedLeaderCannotCommit) {
  auto cfg = scenario_config(3);
  World world = elected(*cfg);
  perform_named(world, "partition n1 n3");
  perform_named(world, "partition n2 n3");
  perform_named(world, "client write n3");  // before n3 notices
  EXPECT_FALSE(stabilize_checked(world));
  EXPECT_TRUE(world.ghost().acknowledged.empty());
  ASSERT_EQ(established_leader(world), n(2)) << world.describe();
  EXPECT_EQ(world.server(n(2)).peer.leading->epoch, Epoch{2});
  EXPECT_NE(world.server(n(3)).peer.state, ServerState::kLeading) << world.describe();
}

}  // namespace
}  // namespace zab::check::testing
