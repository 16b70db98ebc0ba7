// The simulated world's semantics: disks, crashes, connections, timers, fingerprints.
#include <gtest/gtest.h>

#include "checker/world/harness.h"

namespace zab::check {
namespace {

NodeId n(int id) {
  return NodeId{static_cast<uint8_t>(id)};
}

std::unique_ptr<WorldConfig> cfg3() {
  auto cfg = std::make_unique<WorldConfig>();
  cfg->quorum = make_config(3);
  cfg->budget = Budgets{8, 8, 8, 8, 8, 8};
  return cfg;
}

// A crash keeps every synced write and exactly the chosen prefix of the unsynced ones.
TEST(World, CrashKeepsAPrefixOfUnsyncedWrites) {
  auto cfg = cfg3();
  World world(*cfg);
  run_until(world, [](const World& w) {
    return w.server(n(1)).blocked() && w.server(n(1)).unsynced.size() == 1;
  });
  ASSERT_TRUE(world.server(n(1)).blocked()) << world.describe();  // acceptedEpoch, unsynced
  const auto before = world.server(n(1)).disk.accepted_epoch;
  World keep0 = world, keep1 = world;
  perform_named(keep0, "crash n1 keep-unsynced=0");
  perform_named(keep1, "crash n1 keep-unsynced=1");
  EXPECT_EQ(keep0.server(n(1)).disk.accepted_epoch, before);
  EXPECT_EQ(keep1.server(n(1)).disk.accepted_epoch, Epoch{1});
  EXPECT_NE(keep0.fingerprint(), keep1.fingerprint());
}

// Nothing behind an fsync barrier happens before the fsync: the ACKEPOCH waits.
TEST(World, EffectsAfterASyncWaitForTheFsync) {
  auto cfg = cfg3();
  World world(*cfg);
  run_until(world, [](const World& w) {
    return w.server(n(1)).blocked() && w.server(n(1)).peer.learning &&
           w.server(n(1)).peer.learning->phase == LearnerPhase::kAwaitingSync;
  });
  const auto& slot = world.server(n(1));
  ASSERT_TRUE(slot.blocked()) << world.describe();
  ASSERT_EQ(slot.held.size(), 2u);  // the Sync and the ACKEPOCH behind it
  EXPECT_FALSE(world.channel(n(1), n(3), Channel::kQuorum));
  perform_named(world, "fsync n1");
  const auto* head = world.head(n(1), n(3), Channel::kQuorum);
  ASSERT_TRUE(head && head->msg);
  EXPECT_EQ(message_name(*head->msg), "ACKEPOCH");
}

// A crashed server's peers each read a close on the quorum channel; nothing it sent survives.
TEST(World, CrashClosesConnectionsAndLosesMessages) {
  auto cfg = cfg3();
  World world(*cfg);
  stabilize(world);
  perform_named(world, "client write n3");
  ASSERT_TRUE(world.channel(n(3), n(1), Channel::kQuorum));  // PROPOSAL in flight
  perform_named(world, "crash n3");
  EXPECT_FALSE(world.server(n(3)).up);
  const auto* head = world.head(n(3), n(1), Channel::kQuorum);
  ASSERT_TRUE(head);
  EXPECT_FALSE(head->msg);  // the close, not the PROPOSAL
}

// Timers fire for free only when nothing else can happen; otherwise they are delay faults.
TEST(World, TimersAreFreeOnlyWhenIdle) {
  auto cfg = cfg3();
  cfg->budget.timeouts = 0;
  World world(*cfg);
  std::vector<Action> actions;
  world.actions(actions);
  for (const auto& a : actions)
    EXPECT_FALSE(std::holds_alternative<Fire>(a)) << world.name(a);
  cfg->budget.timeouts = 1;
  World faulty(*cfg);
  faulty.actions(actions);
  bool delay_fault = false;
  for (const auto& a : actions) {
    const auto* fire = std::get_if<Fire>(&a);
    delay_fault = delay_fault || (fire && fire->costs_timeout);
  }
  EXPECT_TRUE(delay_fault);
}

// Election messages to a down server: QuorumCnxManager keeps only the newest.
TEST(World, OnlyTheNewestNotificationWaitsForADownServer) {
  auto cfg = cfg3();
  cfg->start_down.insert(n(3));
  World world(*cfg);
  stabilize(world);
  const auto pending = world.channel(n(1), n(3), Channel::kElection);
  ASSERT_TRUE(pending);
  EXPECT_EQ(pending->items.size(), 1u);
}

// Every enabled action has a distinct canonical name.
TEST(World, ActionNamesAreUnique) {
  auto cfg = cfg3();
  World world(*cfg);
  for (int step = 0; step < 30; ++step) {
    std::vector<Action> actions;
    world.actions(actions);
    std::set<std::string> names;
    for (const auto& a : actions)
      EXPECT_TRUE(names.insert(world.name(a)).second) << world.name(a);
    if (actions.empty()) break;
    world.perform(actions.front());
  }
}

// The fingerprint covers every part of a server's state.
TEST(World, PeerStateFieldsAllCount) {
  auto cfg = cfg3();
  World world(*cfg);
  stabilize(world);
  const PeerState base = world.server(n(3)).peer;
  const uint64_t fp = fingerprint_of(base);
  std::vector<std::function<void(PeerState&)>> perturb = {
      [](PeerState& p) { p.durable.accepted_epoch = Epoch{9}; },
      [](PeerState& p) { p.durable.current_epoch = Epoch{9}; },
      [](PeerState& p) { p.durable.updating_epoch = true; },
      [](PeerState& p) { p.state = ServerState::kLooking; },
      [](PeerState& p) { p.phase = ZabPhase::kElection; },
      [](PeerState& p) { p.current_vote_round += 1; },
      [](PeerState& p) { p.election.logical_clock += 1; },
      [](PeerState& p) { p.election.finalizing = !p.election.finalizing; },
      [](PeerState& p) { p.leading->epoch = Epoch{7}; },
      [](PeerState& p) { p.leading->tick += 1; },
      [](PeerState& p) { p.leading->learners.begin()->second.ack_deadline_tick += 1; },
      [](PeerState& p) { p.last_processed = Zxid{77}; },
      [](PeerState& p) { p.applied = p.applied.append(make_txn(Zxid{5}, "x")); },
      [](PeerState& p) { p.apply_queue.push_back(make_txn(Zxid{6}, "y")); },
      [](PeerState& p) {
        p.log_writer_queue.push_back(LogRequest{make_txn(Zxid{6}, "y"), true});
      },
      [](PeerState& p) { p.txns_since_snapshot += 1; },
      [](PeerState& p) { p.snap_roll_index += 1; },
  };
  for (size_t i = 0; i < perturb.size(); ++i) {
    PeerState changed = base;
    perturb[i](changed);
    EXPECT_NE(fingerprint_of(changed), fp) << "perturbation " << i;
  }
}

}  // namespace
}  // namespace zab::check
