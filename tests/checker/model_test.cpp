// The checker on small configurations: pinned state counts (so an accidental change of the
// model shows up), the same result on one thread or two, vacuity, and liveness.
#include <algorithm>

#include "tests/checker/checker_util.h"

namespace zab::check::testing {
namespace {

// Pinned exactly, as Stateright's examples pin unique_state_count(): a change here means the
// model changed. Update the numbers only together with the change that explains them.
TEST(Model, PinnedStateCounts) {
  const auto election = explore(config(3, 0)).result;
  // 1,860 and 11,375 until the leader set lastProcessedZxid to <epoch,0> when it starts serving,
  // as ZooKeeper's startZkServer does: a learner that syncs after that gets a SNAP, not a DIFF.
  EXPECT_EQ(election.distinct, 1956u);
  EXPECT_EQ(election.depth, 38);
  const auto one_write = explore(config(3, 1)).result;
  EXPECT_EQ(one_write.distinct, 15039u);
  EXPECT_FALSE(one_write.violation);
}

TEST(Model, OneThreadOrTwoExploreTheSameStates) {
  auto run = config(3, 1, "elected");
  run.crashes = 1;
  run.bugs = {"commit-before-quorum"};
  const auto one = explore(run, 1).result;
  const auto two = explore(run, 2).result;
  EXPECT_EQ(one.distinct, two.distinct);
  EXPECT_EQ(one.generated, two.generated);
  ASSERT_TRUE(one.violation && two.violation);
  EXPECT_EQ(one.trace_names, two.trace_names);
}

// Depth-first search visits the same states (without a depth bound), and its counterexample,
// though not the shortest, replays to the same violation.
TEST(Model, DepthFirstVisitsTheSameStatesAndFindsTheSameBug) {
  set_assertions_throw(true);
  const auto run = config(3, 1);
  const WorldConfig cfg = run.world_config();
  SearchOptions options;
  options.properties = props::PropertySet::all_safety();
  const World start = start_world(cfg, run.from);
  const auto depth_first = dfs(start, options);
  EXPECT_EQ(depth_first.distinct, 15039u);
  EXPECT_FALSE(depth_first.violation);
  EXPECT_GT(depth_first.visited_bytes, 0u);

  auto buggy = config(3, 0, "diverged");
  buggy.bugs = {"zk-1154"};
  const WorldConfig bug_cfg = buggy.world_config();
  const World bug_start = start_world(bug_cfg, buggy.from);
  const auto found = dfs(bug_start, options);
  ASSERT_TRUE(found.violation);
  EXPECT_EQ(found.violation->property, "prefix-agreement");
  World replayed = bug_start;
  for (const auto& a : found.trace)
    replayed.perform(a);
  EXPECT_TRUE(options.properties.check_invariants(replayed));
}

// A finding (README, "Findings"), kept as the seeded bug trunc-before-apply: ZooKeeper 3.8's
// sync rule loses a committed transaction. From `steady` (<1,1> committed everywhere, PROPOSAL
// <1,2> in flight) the leader n3 commits <1,2> (acks from n1 and itself) but has not applied it
// when n1 reconnects after a partition; LearnerHandler.syncFollower compares n1's lastZxid <1,2>
// with the leader's committed log, which only holds applied transactions, and sends TRUNC <1,1>
// (<1,2> would follow through startForwarding). n1 cuts <1,2> from its log on disk, the leader
// crashes, and n1 and n2 elect n2 without <1,2>. The core's rule (an empty DIFF for a learner
// whose last zxid the leader has logged but not applied) leaves nothing for the same search.
TEST(Model, TruncBeforeApplyLosesACommittedTransaction) {
  auto run = config(3, 0, "steady");
  run.crashes = 1;
  run.partitions = 1;
  run.max_epoch = 3;
  run.bugs = {"trunc-before-apply"};
  const auto found = explore(run);
  ASSERT_TRUE(found.result.violation);
  EXPECT_EQ(found.result.violation->property, "primary-integrity");
  EXPECT_NE(std::find(found.all_violated.begin(), found.all_violated.end(), "committed-never-lost"),
            found.all_violated.end());
  EXPECT_EQ(found.result.trace.size(), 39u);
  EXPECT_NE(std::find(found.result.trace_names.begin(), found.result.trace_names.end(),
                      "deliver n3->n1 quorum TRUNC <1,1>"),
            found.result.trace_names.end());
  run.bugs.clear();
  const auto fixed = explore(run).result;
  EXPECT_FALSE(fixed.violation);
  EXPECT_EQ(fixed.distinct, 237431u);
}

// ZooKeeper 3.8's TRUNC (seeded bug trunc-keeps-next): a TRUNC to a zxid the learner never
// logged keeps the txn after it, as FileTxnLog.truncate does (tests/cluster/truncate_probe.sh
// runs ZooKeeper's own code on it). n3, the old leader, alone logged <1,1> and was down while n1
// and n2 moved to epoch 2 with empty logs; it comes back during their sync, the leader (which
// has applied nothing) sends TRUNC <0,0>, and n3 keeps <1,1>, a txn nobody committed, in its log
// and its tree for good: replica-consistency. The core's TRUNC cuts at the target.
TEST(Model, ZooKeepersTruncToAnUnloggedZxidKeepsTheNextTransaction) {
  auto run = config(3, 0, "first-unlogged");
  run.restarts = 1;
  run.max_epoch = 3;
  run.settle_elections = true;
  run.bugs = {"trunc-keeps-next"};
  const auto found = explore(run);
  ASSERT_TRUE(found.result.violation);
  EXPECT_EQ(found.result.violation->property, "replica-consistency");
  EXPECT_EQ(found.result.trace.size(), 26u);
  EXPECT_NE(std::find(found.result.trace_names.begin(), found.result.trace_names.end(),
                      "deliver n2->n3 quorum TRUNC <0,0>"),
            found.result.trace_names.end());
  run.bugs.clear();
  EXPECT_FALSE(explore(run).result.violation);
}

// Sleep sets skip transitions, never states: the same distinct states (and the same verdicts and
// counterexample lengths) with fewer transitions generated.
TEST(Model, SleepSetsSkipTransitionsNotStates) {
  for (auto run : {config(3, 0), config(3, 1)}) {
    run.crashes = run.writes;  // with a crash: deliveries mixed with faults and commits
    const auto with = explore(run, 2, {}, true).result;
    const auto without = explore(run, 2, {}, false).result;
    EXPECT_EQ(with.distinct, without.distinct);
    EXPECT_EQ(with.depth, without.depth);
    EXPECT_GT(with.pruned, 0u);
    EXPECT_EQ(without.pruned, 0u);
    EXPECT_LT(with.generated, without.generated);
    EXPECT_EQ(with.violation.has_value(), without.violation.has_value());
  }
  auto buggy = config(3, 1, "elected");
  buggy.crashes = 1;
  buggy.bugs = {"commit-before-quorum"};
  const auto with = explore(buggy, 2, {}, true).result;
  const auto without = explore(buggy, 2, {}, false).result;
  ASSERT_TRUE(with.violation && without.violation);
  EXPECT_EQ(with.trace.size(), without.trace.size());
}

// BFS returns a shortest counterexample: every prefix of it is free of violations, and no
// shorter path exists (the search found nothing at a smaller depth).
TEST(Model, CounterexamplesAreShortestAndReplay) {
  auto run = config(3, 1, "elected");
  run.crashes = 1;
  run.bugs = {"commit-before-quorum"};
  const auto r = explore(run).result;
  ASSERT_TRUE(r.violation);
  EXPECT_EQ(static_cast<int>(r.trace.size()), r.depth);
  const WorldConfig cfg = run.world_config();
  World world = start_world(cfg, run.from);
  const auto props = props::PropertySet::all_safety();
  for (size_t i = 0; i < r.trace.size(); ++i) {
    ASSERT_TRUE(world.enabled(r.trace[i])) << "step " << i;
    const World before = world;
    world.perform(r.trace[i]);
    const auto v = props.check(&before, &r.trace[i], world);
    EXPECT_EQ(v.has_value(), i + 1 == r.trace.size()) << "step " << i;
  }
}

// A run that never reaches a property's witness says so instead of passing silently.
TEST(Model, NoCrashMeansDurabilityIsVacuous) {
  const auto r = explore(config(3, 1)).result;
  const auto vacuous = props::PropertySet::all_safety().vacuous(r.reached);
  EXPECT_NE(std::find(vacuous.begin(), vacuous.end(), "committed-never-lost"), vacuous.end());
  auto crashing = config(3, 1);
  crashing.crashes = 1;
  const auto c = explore(crashing).result;
  EXPECT_TRUE(props::PropertySet::all_safety().vacuous(c.reached).empty() ||
              std::find(c.reached.begin(), c.reached.end(), "leader-crash-after-commit") !=
                  c.reached.end());
}

TEST(Model, SettledElectionsExploreOneScheduleButTheSameOutcomes) {
  auto exhaustive = config(3, 0);
  auto settled = exhaustive;
  settled.settle_elections = true;
  const auto a = explore(exhaustive).result;
  const auto b = explore(settled).result;
  EXPECT_LT(b.distinct, a.distinct);
  EXPECT_FALSE(a.violation);
  EXPECT_FALSE(b.violation);
  EXPECT_NE(std::find(b.reached.begin(), b.reached.end(), "leader-established"), b.reached.end());
}

// After the leader crashes, a LOOKING participant and an observer still OBSERVING answer each
// other's notifications for as long as the election cannot decide. Settling the election must
// stop when that exchange repeats (it used to loop until an assertion stopped it).
TEST(Model, SettlingStopsWhenAnObserverAndALookingServerOnlyAnswerEachOther) {
  auto r = config(2, 1);
  r.observers = 1;
  r.crashes = 1;
  r.restarts = 1;
  r.max_epoch = 2;
  r.settle_elections = true;
  const auto run = explore(r);
  EXPECT_FALSE(run.result.violation)
      << run.result.violation->property << ": " << run.result.violation->detail;
  EXPECT_EQ(run.result.distinct, 650898u);
  EXPECT_TRUE(props::PropertySet::all_safety().vacuous(run.result.reached).empty());
}

}  // namespace
}  // namespace zab::check::testing
