// Each seeded bug, scripted in the harness: the bad outcome with the bug on, and the same script
// passing with it off; each follows the failure its JIRA issue describes (the table of
// checker/world/seeded_bugs.cpp). The checker finds the same bugs by search: tests/checker.
#include "tests/scenario/scenario_util.h"

namespace zab::check::testing {
namespace {

std::unique_ptr<WorldConfig> with_bug(std::unique_ptr<WorldConfig> cfg, Bug bug, bool on) {
  if (on) cfg->quorum.bugs.add(bug);
  return cfg;
}

// Elect n3 in epoch 1 and commit <1,1> everywhere.
World steady(const WorldConfig& cfg) {
  World world(cfg);
  stabilize(world);
  EXPECT_EQ(established_leader(world), n(3));
  perform_named(world, "client write n3");
  stabilize(world);
  return world;
}

// commit-before-quorum: the leader commits on its own ACK, answers the client, and crashes
// before any follower logged the txn. The next leader has never heard of it.
std::optional<props::Violation> commit_before_quorum(bool bug) {
  auto cfg = with_bug(scenario_config(3), Bug::kCommitBeforeQuorum, bug);
  World world(*cfg);
  stabilize(world);
  perform_named(world, "client write n3");
  perform_named(world, "log-writer n3");
  perform_named(world, "fsync n3");
  if (auto v = step(world, "apply n3")) return v;  // only enabled once committed
  if (auto v = step(world, "crash n3")) return v;
  return stabilize_checked(world);
}

TEST(SeededBugs, CommitBeforeQuorumLosesAcknowledgedWrite) {
  const auto v = commit_before_quorum(true);
  ASSERT_TRUE(v);
  EXPECT_EQ(v->property, "committed-never-lost") << v->detail;
  EXPECT_THROW(commit_before_quorum(false), std::runtime_error);  // "apply n3" never enabled
}

// zk-1277: with a 2-bit counter, the buggy leader uses counter 3 and then carries into the
// epoch bits: its next zxid is <2,0>, an epoch it never established.
std::optional<props::Violation> counter_overflow(bool bug) {
  auto cfg = with_bug(scenario_config(3), Bug::kZk1277, bug);
  cfg->quorum.counter_bits = 2;
  World world(*cfg);
  stabilize(world);
  for (int i = 0; i < 4; ++i) {
    const auto leader = established_leader(world);
    if (!leader) return std::nullopt;
    if (auto v = step(world, "client write " + to_string(*leader))) return v;
    if (auto v = stabilize_checked(world)) return v;
  }
  return std::nullopt;
}

TEST(SeededBugs, Zk1277CounterCarriesIntoTheEpoch) {
  const auto v = counter_overflow(true);
  ASSERT_TRUE(v);
  EXPECT_EQ(v->property, "zxid-monotonic") << v->detail;
  EXPECT_NE(v->detail.find("<2,0>"), std::string::npos) << v->detail;
  EXPECT_FALSE(counter_overflow(false));
}

// zk-1154: n1 is an old leader that logged <1,3> alone; n2 and n3 moved on to epoch 2 and
// committed <2,1>. n1's last zxid lies inside n3's committed log, and the buggy leader DIFFs it
// without checking that <1,3> is in its history: n1 keeps a txn nobody committed.
std::optional<props::Violation> diff_instead_of_trunc(bool bug) {
  auto cfg = with_bug(scenario_config(3), Bug::kZk1154, bug);
  set_disk(*cfg, 1, {z(1, 1), z(1, 2), z(1, 3)}, 1, 1);
  set_disk(*cfg, 2, {z(1, 1), z(1, 2), z(2, 1)}, 2, 2);
  set_disk(*cfg, 3, {z(1, 1), z(1, 2), z(2, 1)}, 2, 2);
  World world(*cfg);
  return stabilize_checked(world);
}

TEST(SeededBugs, Zk1154DiffKeepsUncommittedTxn) {
  const auto v = diff_instead_of_trunc(true);
  ASSERT_TRUE(v);
  EXPECT_EQ(v->property, "prefix-agreement") << v->detail;
  EXPECT_FALSE(diff_instead_of_trunc(false));
}

// zk-2355: the buggy learner claims the DIFF's zxid as processed before the proposals arrive;
// its connection breaks right after the DIFF header, and on reconnect it reports <1,3>, gets an
// empty DIFF, and never learns <1,2> and <1,3>.
std::optional<props::Violation> lost_diff(bool bug) {
  auto cfg = with_bug(scenario_config(3), Bug::kZk2355, bug);
  set_disk(*cfg, 1, {z(1, 1)}, 1, 1);
  set_disk(*cfg, 2, {z(1, 1), z(1, 2), z(1, 3)}, 1, 1);
  set_disk(*cfg, 3, {z(1, 1), z(1, 2), z(1, 3)}, 1, 1);
  World world(*cfg);
  run_until(world, [](const World& w) {
    const auto* head = w.head(n(3), n(1), Channel::kQuorum);
    return head && head->msg && std::holds_alternative<Diff>(*head->msg);
  });
  if (auto v = step(world, "deliver n3->n1 quorum DIFF")) return v;
  if (auto v = step(world, "drop-connection n1 n3")) return v;
  return stabilize_checked(world);
}

TEST(SeededBugs, Zk2355LearnerSkipsTheDiff) {
  const auto v = lost_diff(true);
  ASSERT_TRUE(v);
  EXPECT_EQ(v->property, "replica-consistency") << v->detail;
  EXPECT_FALSE(lost_diff(false));
}

// zk-1419: n2's currentEpoch is 1, the others' 0, all zxids equal. The buggy order lets the id
// tie-break override the epoch, so n1 moves n1 -> n2 -> n3 -> n2: a vote cycle.
std::optional<props::Violation> vote_cycle(bool bug) {
  auto cfg = with_bug(scenario_config(3), Bug::kZk1419, bug);
  set_disk(*cfg, 2, {}, 1, 1);
  World world(*cfg);
  return stabilize_checked(world);
}

TEST(SeededBugs, Zk1419VoteOrderIsNotTransitive) {
  const auto v = vote_cycle(true);
  ASSERT_TRUE(v);
  EXPECT_EQ(v->property, "no-vote-cycle") << v->detail;
  EXPECT_FALSE(vote_cycle(false));
}

// zk-4646 (the trace of ZOOKEEPER-4646): the leader logs <1,2> and both followers crash before they
// receive it. Re-elected, the leader DIFF-syncs them; the buggy followers ACK NEWLEADER while
// <1,2> still sits in their log writers' queues. The leader is established, so <1,2> is
// committed. Both followers crash before their log writers run; the leader goes down; the two
// followers form a new epoch without <1,2>.
std::optional<props::Violation> ack_before_log(bool bug) {
  auto cfg = with_bug(scenario_config(3), Bug::kZk4646, bug);
  World world = steady(*cfg);
  perform_named(world, "client write n3");
  perform_named(world, "log-writer n3");
  perform_named(world, "fsync n3");
  for (const char* a : {"crash n1", "crash n2", "restart n1", "restart n2"})
    if (auto v = step(world, a)) return v;
  std::optional<props::Violation> found;
  run_until(
      world,
      [&](const World& w) {
        const auto leader = established_leader(w);
        return found || (leader == n(3) && w.server(n(3)).peer.leading->epoch == Epoch{2});
      },
      10000,
      [&](const World& b, const Action& a, const World& w) {
        if (!found) found = violation(b, a, w);
      });
  if (found) return found;
  if (bug) {
    EXPECT_FALSE(world.server(n(1)).peer.log_writer_queue.empty() &&
                 world.server(n(2)).peer.log_writer_queue.empty())
        << "the buggy followers acked NEWLEADER before logging <1,2>\n"
        << world.describe();
  }
  for (const char* a : {"crash n1 keep-unsynced=0", "crash n2 keep-unsynced=0", "crash n3",
                        "restart n1", "restart n2"})
    if (auto v = step(world, a)) return v;
  return stabilize_checked(world);
}

TEST(SeededBugs, Zk4646AckBeforeTheLogWriter) {
  const auto v = ack_before_log(true);
  ASSERT_TRUE(v);
  EXPECT_EQ(v->property, "committed-never-lost") << v->detail;
  EXPECT_FALSE(ack_before_log(false));
}

// zk-4643 (the trace of ZOOKEEPER-4643): n1 misses <1,2>; n3 is re-elected in epoch 2 with n1 and
// DIFF-syncs it. The buggy n1 writes currentEpoch=2 before <1,2> is durable and crashes right
// after. With currentEpoch 2 it then beats n2 (which holds <1,2> but only epoch 1) and
// truncates n2: the committed <1,2> is gone.
std::optional<props::Violation> epoch_before_txns(bool bug) {
  auto cfg = with_bug(scenario_config(3), Bug::kZk4643, bug);
  World world = steady(*cfg);
  perform_named(world, "crash n1");
  perform_named(world, "client write n3");
  if (auto v = stabilize_checked(world)) return v;
  EXPECT_EQ(world.ghost().acknowledged.size(), 2u);
  for (const char* a : {"crash n3", "crash n2", "restart n1", "restart n3"})
    if (auto v = step(world, a)) return v;
  run_until(world, [](const World& w) {
    const auto* head = w.head(n(3), n(1), Channel::kQuorum);
    return head && head->msg && std::holds_alternative<NewLeader>(*head->msg);
  });
  for (const char* a : {"deliver n3->n1 quorum NEWLEADER", "fsync n1", "crash n1 keep-unsynced=0",
                        "crash n3", "restart n1", "restart n2"})
    if (auto v = step(world, a)) return v;
  return stabilize_checked(world);
}

TEST(SeededBugs, Zk4643EpochBeforeTxns) {
  const auto v = epoch_before_txns(true);
  ASSERT_TRUE(v);
  EXPECT_EQ(v->property, "committed-never-lost") << v->detail;
  EXPECT_FALSE(epoch_before_txns(false));
}

}  // namespace
}  // namespace zab::check::testing
