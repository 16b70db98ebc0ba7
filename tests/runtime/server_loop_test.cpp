// The runtime's interpreter of effects, driven without sockets: recording sinks stand in for the
// network, the disk thread and the timers, so each test decides when an fsync completes and
// when a timer expires.
#include "impl/runtime/server_loop.h"

#include <gtest/gtest.h>

#include <map>
#include <string>
#include <vector>

#include "impl/data/database.h"
#include "impl/server/client_ops.h"

namespace zab::runtime {
namespace {

struct Recorder final : PeerNetwork, ClientNetwork, Disk, Timers {
  std::vector<std::string> log;  // every sink call, in order
  int syncs_requested = 0;
  std::map<TimerKind, uint64_t> armed;  // kind -> generation
  std::vector<server::ToClient> to_client;

  void send(NodeId to, const Message& msg) override {
    log.push_back("send " + to_string(to) + " " + describe(msg));
  }
  void close(NodeId peer) override { log.push_back("close " + to_string(peer)); }
  void send(server::ClientId client, const server::ToClient& msg) override {
    log.push_back("to " + server::to_string(client) + " " + server::describe(msg));
    to_client.push_back(msg);
  }
  void close(server::ClientId client) override {
    log.push_back("close " + server::to_string(client));
  }
  void write(const DiskWrite& w) override { log.push_back("write " + describe(w)); }
  void sync() override {
    ++syncs_requested;
    log.push_back("fsync");
  }
  void arm(TimerKind kind, uint32_t, uint64_t generation) override { armed[kind] = generation; }
  void cancel(TimerKind kind) override { armed.erase(kind); }
};

QuorumConfig standalone() {
  QuorumConfig cfg = make_config(1);
  cfg.tick_time_ms = 2000;
  return cfg;
}

DurableState fresh_disk() {
  return initial_durable_state(std::make_shared<const data::ZkDatabase>());
}

// Completes fsyncs and fires finalizeWait until the lone server leads with nothing held (its
// state moves on at once; the effects behind each Sync wait for the fsync).
void settle(ServerLoop& loop, Recorder& r) {
  for (int i = 0; i < 20 && (!loop.peer().is_established_leader() || loop.blocked()); ++i) {
    if (loop.blocked()) {
      loop.fsync_done();
      continue;
    }
    if (auto it = r.armed.find(TimerKind::kElectionFinalize); it != r.armed.end()) {
      loop.timer_expired(it->first, it->second);
      continue;
    }
    break;
  }
}

class ServerLoopTest : public ::testing::Test {
 protected:
  QuorumConfig cfg = standalone();
  Recorder r;
  ServerLoop::Sinks sinks{r, r, r, r};
};

TEST_F(ServerLoopTest, ALoneServerElectsItselfAndPersistsItsEpochsBeforeServing) {
  ServerLoop loop(cfg, NodeId{1}, fresh_disk(), sinks, 0, 0);
  settle(loop, r);
  ASSERT_TRUE(loop.peer().is_established_leader());
  EXPECT_EQ(loop.peer().durable.accepted_epoch, Epoch{1});
  EXPECT_EQ(loop.peer().durable.current_epoch, Epoch{1});
  // acceptedEpoch is durable before currentEpoch is written.
  std::vector<std::string> disk;
  for (const auto& line : r.log)
    if (line.starts_with("write") || line == "fsync") disk.push_back(line);
  ASSERT_GE(disk.size(), 4u);
  EXPECT_EQ(disk[0], "write acceptedEpoch=1");
  EXPECT_EQ(disk[1], "fsync");
  EXPECT_EQ(disk[2], "write currentEpoch=1");
  EXPECT_EQ(disk[3], "fsync");
}

TEST_F(ServerLoopTest, InputsWaitWhileAnFsyncIsPendingAndRunInOrderAfterIt) {
  ServerLoop loop(cfg, NodeId{1}, fresh_disk(), sinks, 0, 0);
  settle(loop, r);
  loop.submit(server::FromClient{server::ClientId{1}, {1, server::ops::connect(4000)}});
  ASSERT_TRUE(loop.blocked());  // createSession is being logged
  loop.submit(server::FromClient{server::ClientId{2}, {1, server::ops::connect(4000)}});
  EXPECT_EQ(loop.queued_inputs(), 1u);  // waits for the fsync
  const size_t before = r.to_client.size();
  loop.fsync_done();  // session 1's txn is durable, committed, applied, answered
  EXPECT_GE(r.to_client.size(), before + 1);
  while (loop.blocked())
    loop.fsync_done();
  EXPECT_EQ(loop.queued_inputs(), 0u);
  EXPECT_EQ(loop.layer().connections.size(), 2u);
}

TEST_F(ServerLoopTest, WritesThatArriveDuringAnFsyncAreLoggedWithOneMoreFsync) {
  ServerLoop loop(cfg, NodeId{1}, fresh_disk(), sinks, 0, 0);
  settle(loop, r);
  for (uint8_t c = 1; c <= 5; ++c)
    loop.submit(server::FromClient{server::ClientId{c}, {1, server::ops::connect(4000)}});
  // The first connect is being synced; the other four queued behind it.
  const int syncs_before = r.syncs_requested;
  while (loop.blocked())
    loop.fsync_done();
  // The four queued createSession txns went to the log writer together: one more fsync.
  EXPECT_EQ(r.syncs_requested - syncs_before, 1);
  EXPECT_EQ(loop.layer().connections.size(), 5u);
  for (const auto& c : loop.layer().connections)
    EXPECT_TRUE(c.established());
}

TEST_F(ServerLoopTest, AStaleTimerExpiryDoesNotFire) {
  ServerLoop loop(cfg, NodeId{1}, fresh_disk(), sinks, 0, 0);
  settle(loop, r);
  ASSERT_TRUE(r.armed.contains(TimerKind::kLeaderPing));
  const uint64_t old = r.armed[TimerKind::kLeaderPing];
  loop.timer_expired(TimerKind::kLeaderPing, old);  // fires: the leader pings and re-arms
  const uint64_t rearmed = r.armed[TimerKind::kLeaderPing];
  EXPECT_NE(rearmed, old);
  const auto tick = loop.peer().leading->tick;
  loop.timer_expired(TimerKind::kLeaderPing, old);  // the old arming: ignored
  EXPECT_EQ(loop.peer().leading->tick, tick);
  EXPECT_TRUE(loop.peer().is_established_leader());
}

TEST_F(ServerLoopTest, TheDigestLogHoldsTheTreeDigestAfterEvery128thZxid) {
  ServerLoop loop(cfg, NodeId{1}, fresh_disk(), sinks, 0, 0);
  settle(loop, r);
  const server::ClientId client{1};
  loop.submit(server::FromClient{client, {1, server::ops::connect(4000)}});
  for (int32_t i = 0; i < 200; ++i)
    loop.submit(server::FromClient{client, {i + 2, server::ops::create("/n" + std::to_string(i))}});
  while (loop.blocked())
    loop.fsync_done();
  ASSERT_EQ(loop.peer().last_processed, Zxid::make(Epoch{1}, 201));
  // Only <1,128> of <1,1>..<1,201> is a multiple of 128; its digest is the replayed tree's.
  ASSERT_EQ(loop.digest_log().size(), 1u);
  EXPECT_EQ(loop.digest_log().front().zxid, Zxid::make(Epoch{1}, 128));
  StateImageRef replayed = std::make_shared<const data::ZkDatabase>();
  for (const auto& txn : loop.peer().applied.entries()) {
    replayed = replayed->apply(*txn);
    if (txn->zxid() == Zxid::make(Epoch{1}, 128)) break;
  }
  EXPECT_EQ(static_cast<uint64_t>(loop.digest_log().front().digest),
            dynamic_cast<const data::ZkDatabase&>(*replayed).tree().zk_digest());
}

}  // namespace
}  // namespace zab::runtime
