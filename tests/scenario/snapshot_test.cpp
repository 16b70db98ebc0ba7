// snapCount snapshots (SyncRequestProcessor.shouldSnapshot) and the bounded memory of a peer that
// does not keep the checker's ghost history (QuorumConfig::keep_history off, as in zabd): when the
// snapshot appears, what the leader can still DIFF, and recovery from a snapshot and a trimmed log.
#include "tests/scenario/scenario_util.h"

namespace zab::check::testing {
namespace {

uint64_t counter_of(const StateImageRef& image) {
  return dynamic_cast<const CounterImage&>(*image).count();
}

// The snapshots a server wrote beyond the empty snapshot.0, as issued (the peer's mirror of its
// data directory: a snapCount snapshot waits for the next batch's Sync to be durable).
std::vector<SnapshotRef> taken(const World& world, int id) {
  const auto& snaps = world.server(n(id)).peer.durable.snapshots;
  return {snaps.begin() + 1, snaps.end()};
}

void write_and_settle(World& world, int leader) {
  perform_named(world, "client write " + to_string(n(leader)));
  stabilize(world);
}

// scenario_config with room for the writes these tests make.
std::unique_ptr<WorldConfig> config3() {
  auto cfg = scenario_config(3);
  cfg->budget.writes = 64;
  return cfg;
}

World elected_world(const WorldConfig& cfg) {
  World world(cfg);
  stabilize(world);
  EXPECT_EQ(established_leader(world), n(3)) << world.describe();
  return world;
}

// snapCount 4 with rolls {1, 0}: the first snapshot once more than 4 / 2 + 1 txns were logged, i.e.
// at the 4th, the next after 4 / 2 + 0, i.e. at the 3rd after it. Each is the image at
// last_processed when the log writer's batch was synced, on every server.
TEST(SnapCount, SnapshotAtTheCountWithTheRoll) {
  auto cfg = config3();
  cfg->quorum.snap_count = 4;
  cfg->quorum.snap_rolls = {1, 0};
  World world = elected_world(*cfg);
  for (int i = 1; i <= 3; ++i) {
    write_and_settle(world, 3);
    for (int id = 1; id <= 3; ++id) {
      EXPECT_TRUE(taken(world, id).empty()) << "after txn " << i << "\n" << world.describe();
      EXPECT_EQ(world.server(n(id)).peer.txns_since_snapshot, static_cast<uint32_t>(i));
    }
  }
  write_and_settle(world, 3);
  for (int id = 1; id <= 3; ++id) {
    const auto snaps = taken(world, id);
    ASSERT_EQ(snaps.size(), 1u) << world.describe();
    // A server's log writer may sync the 4th txn before or after it was committed and applied,
    // so the snapshot is at <1,3> or <1,4>; either way it is exactly the image up to its zxid.
    const Zxid at = snaps[0]->zxid;
    EXPECT_TRUE(at == z(1, 3) || at == z(1, 4)) << to_string(at);
    EXPECT_EQ(counter_of(snaps[0]->image), at.counter());
    EXPECT_EQ(world.server(n(id)).peer.txns_since_snapshot, 0u);
    EXPECT_EQ(world.server(n(id)).peer.snap_roll_index, 1u);
  }
  for (int i = 1; i <= 2; ++i)
    write_and_settle(world, 3);
  for (int id = 1; id <= 3; ++id)
    EXPECT_EQ(taken(world, id).size(), 1u) << world.describe();
  write_and_settle(world, 3);
  for (int id = 1; id <= 3; ++id) {
    const auto snaps = taken(world, id);
    ASSERT_EQ(snaps.size(), 2u) << world.describe();
    EXPECT_EQ(counter_of(snaps[1]->image), snaps[1]->zxid.counter());
    EXPECT_EQ(world.server(n(id)).peer.snap_roll_index, 0u);  // the rolls are used in turn
  }
}

TEST(SnapCount, ZeroNeverSnapshots) {
  auto cfg = config3();
  World world = elected_world(*cfg);
  for (int i = 0; i < 8; ++i)
    write_and_settle(world, 3);
  for (int id = 1; id <= 3; ++id) {
    EXPECT_TRUE(taken(world, id).empty());
    EXPECT_EQ(world.server(n(id)).peer.txns_since_snapshot, 0u);
  }
}

// A learner that logs a DIFF's txns at NEWLEADER counts them, but takes no snapshot before it is
// in broadcast; its first log-writer batch there takes the one that is due.
TEST(SnapCount, DueDuringSyncWaitsForBroadcast) {
  auto cfg = config3();
  cfg->quorum.snap_count = 4;
  set_disk(*cfg, 1, {z(1, 1)}, 1, 1);
  set_disk(*cfg, 2, {z(1, 1), z(1, 2), z(1, 3), z(1, 4)}, 1, 1);
  set_disk(*cfg, 3, {z(1, 1), z(1, 2), z(1, 3), z(1, 4)}, 1, 1);
  World world(*cfg);
  stabilize(world);
  ASSERT_EQ(established_leader(world), n(3)) << world.describe();
  const auto& learner = world.server(n(1)).peer;
  ASSERT_EQ(learner.learning->sync_mode, SyncMode::kDiff);
  EXPECT_EQ(learner.txns_since_snapshot, 3u);  // due (3 > 4 / 2), but logged outside broadcast
  EXPECT_TRUE(taken(world, 1).empty()) << world.describe();
  write_and_settle(world, 3);
  const auto snaps = taken(world, 1);
  ASSERT_EQ(snaps.size(), 1u) << world.describe();
  EXPECT_GE(snaps[0]->zxid, z(1, 4));
  EXPECT_EQ(counter_of(snaps[0]->image), snaps[0]->zxid.counter());
}

// ---- Without the ghost history (zabd's configuration) -------------------------------------------

std::unique_ptr<WorldConfig> trimmed_config(uint32_t committed_log_max) {
  auto cfg = config3();
  cfg->quorum.keep_history = false;
  cfg->quorum.snap_count = 4;
  cfg->quorum.committed_log_max = committed_log_max;
  return cfg;
}

// The peer's memory stays bounded: the committed log, the log mirror and the snapshots it holds.
TEST(Trim, MemoryStaysBounded) {
  auto cfg = trimmed_config(3);
  World world = elected_world(*cfg);
  for (int i = 0; i < 40; ++i)
    write_and_settle(world, 3);
  for (int id = 1; id <= 3; ++id) {
    const auto& p = world.server(n(id)).peer;
    EXPECT_EQ(p.last_processed, z(1, 40));
    EXPECT_EQ(counter_of(p.image), 40u);  // the image itself is whole
    EXPECT_GE(p.applied.size(), 3u);
    EXPECT_LT(p.applied.size(), 6u);
    EXPECT_EQ(p.applied.last_zxid(), z(1, 40));
    ASSERT_EQ(p.durable.snapshots.size(), 1u);
    const Zxid snap = p.durable.snapshots.back()->zxid;
    EXPECT_GE(snap, z(1, 36));
    EXPECT_LE(p.durable.log.size(), 5u) << p.durable.log.describe();
    // From the snapshot's own txn on: a TRUNC to it must find where ZooKeeper cuts.
    for (const auto& txn : p.durable.log.entries())
      EXPECT_GE(txn->zxid(), snap);
    EXPECT_TRUE(p.durable.snapshots.back()->history.empty());  // no ghost in the snapshot
  }
}

// LearnerHandler.syncFollower from what the leader keeps: a learner inside the committed log gets
// a DIFF; one behind it gets a SNAP, and ends with the leader's image.
TEST(Trim, LearnerBehindTheCommittedLogGetsSnap) {
  auto cfg = trimmed_config(3);
  World world = elected_world(*cfg);
  for (int i = 0; i < 5; ++i)
    write_and_settle(world, 3);
  perform_named(world, "crash n1 keep-unsynced=0");
  write_and_settle(world, 3);  // one behind: inside the leader's committed log
  perform_named(world, "restart n1");
  stabilize(world);
  ASSERT_EQ(established_leader(world), n(3)) << world.describe();
  EXPECT_EQ(world.server(n(1)).peer.learning->sync_mode, SyncMode::kDiff);

  perform_named(world, "crash n1 keep-unsynced=0");
  for (int i = 0; i < 12; ++i)
    write_and_settle(world, 3);  // far behind the 3..5 kept
  perform_named(world, "restart n1");
  stabilize(world);
  ASSERT_EQ(established_leader(world), n(3)) << world.describe();
  const auto& learner = world.server(n(1)).peer;
  EXPECT_EQ(learner.learning->sync_mode, SyncMode::kSnap);
  const auto& leader = world.server(n(3)).peer;
  EXPECT_EQ(learner.last_processed, leader.last_processed);
  EXPECT_EQ(learner.image->fingerprint(), leader.image->fingerprint());
  EXPECT_TRUE(learner.applied.empty());  // ZooKeeper's committedLog is empty after a SNAP
  write_and_settle(world, 3);            // and it follows on from there
  EXPECT_EQ(world.server(n(1)).peer.image->fingerprint(),
            world.server(n(3)).peer.image->fingerprint());
}

// Peer::recover from a trimmed mirror (the newest snapshot and the log after it) reaches the same
// image as recovery from the whole data directory, and as the running peer had.
TEST(Trim, RecoverFromSnapshotAndTrimmedLog) {
  auto cfg = trimmed_config(3);
  World world = elected_world(*cfg);
  for (int i = 0; i < 11; ++i)
    write_and_settle(world, 3);
  const auto& slot = world.server(n(1));
  const DurableState& trimmed = slot.peer.durable;
  ASSERT_EQ(trimmed.snapshots.size(), 1u);
  ASSERT_GT(trimmed.snapshots.back()->zxid, Zxid{});
  ASSERT_LT(trimmed.log.size(), slot.disk.log.size());  // the world's disk keeps everything
  Outbox out;
  const PeerState from_trimmed = Peer::recover(cfg->quorum, n(1), trimmed, out);
  QuorumConfig keep = cfg->quorum;
  keep.keep_history = true;
  const PeerState from_whole = Peer::recover(keep, n(1), slot.disk, out);
  for (const PeerState* p : {&from_trimmed, &from_whole}) {
    EXPECT_EQ(p->last_processed, slot.peer.last_processed);
    EXPECT_EQ(p->image->fingerprint(), slot.peer.image->fingerprint());
  }
  EXPECT_EQ(from_trimmed.durable.log.size(), trimmed.log.size());
  // The committed log holds what was replayed over the snapshot, as ZKDatabase.loadDataBase's
  // (the mirror also keeps the snapshot's own txn, for a TRUNC to it).
  TxnLog replayed;
  for (const auto& txn : trimmed.log.entries_after(trimmed.snapshots.back()->zxid))
    replayed = replayed.append(txn);
  EXPECT_EQ(zxids(from_trimmed.applied), zxids(replayed));
}

}  // namespace
}  // namespace zab::check::testing
