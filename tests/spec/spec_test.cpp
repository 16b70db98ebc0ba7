// The executable spec under the explorers: bug-free it holds every property and reaches its
// goals (the state counts are pinned: a change to the spec must say how it changes them), and
// each seeded mutation is caught, by BFS at a pinned depth and by DFS and random walks too.
#include "spec/spec.h"

#include <gtest/gtest.h>

#include <ostream>

#include "checker/search/bfs.h"
#include "checker/search/deepening.h"
#include "checker/search/dfs.h"
#include "checker/search/random_walk.h"

namespace zab::spec {
namespace {

SpecConfig config(int txns, int crashes, SpecBug bug = SpecBug::kNone) {
  SpecConfig cfg;
  cfg.txns = txns;
  cfg.crashes = crashes;
  cfg.restarts = crashes;
  cfg.bug = bug;
  return cfg;
}

// The trace replays by name to a state that violates `property` again (a transition property is
// judged on the last step, which the state alone cannot show).
void expect_replays_to_violation(const SpecModel& model, const std::vector<std::string>& names,
                                 const std::string& property) {
  State s = model.start();
  for (const auto& line : names) {
    const auto a = model.parse(s, line);
    ASSERT_TRUE(a) << line;
    model.perform(s, *a);
  }
  EXPECT_TRUE(model.check_invariants(s) || property == "primary-integrity");
}

search::SearchResult<Action> run_bfs(const SpecConfig& cfg) {
  const SpecModel model(cfg);
  search::SearchOptions o;
  o.threads = 2;
  return search::bfs(model, model.start(), o);
}

struct Count {
  int txns;
  int crashes;
  uint64_t distinct;
  int depth;
};

TEST(Spec, BugFreeHoldsEverythingAndReachesItsGoals) {
  for (const Count& c : {Count{0, 0, 1267, 25}, Count{1, 0, 3880, 30}, Count{1, 1, 166546, 39}}) {
    const SpecConfig cfg = config(c.txns, c.crashes);
    const auto r = run_bfs(cfg);
    SCOPED_TRACE(cfg.flags());
    EXPECT_FALSE(r.violation) << r.violation->property << ": " << r.violation->detail;
    EXPECT_EQ(r.distinct, c.distinct);
    EXPECT_EQ(r.depth, c.depth);
    EXPECT_TRUE(r.bounded);  // --max-epoch cut some states
    const std::vector<std::string> all = {"leader-established", "write-committed", "re-election"};
    const std::vector<std::string> no_write = {"leader-established", "re-election"};
    EXPECT_EQ(r.reached, c.txns ? all : no_write);
  }
}

TEST(Spec, DfsCoversTheSameStates) {
  const SpecConfig cfg = config(1, 0);
  const SpecModel model(cfg);
  search::SearchOptions o;
  const auto r = search::dfs(model, model.start(), o);
  EXPECT_FALSE(r.violation);
  EXPECT_EQ(r.distinct, 3880u);
}

// Without a depth bound, --dfs deepens round by round until the space is exhausted: the same
// states, and the verdict says it is complete (within --max-epoch).
TEST(Spec, IterativeDeepeningExhaustsTheBugFreeSpec) {
  const SpecConfig cfg = config(1, 0);
  const SpecModel model(cfg);
  const auto r = search::iterative_deepening(model, model.start(), search::SearchOptions{});
  EXPECT_FALSE(r.violation);
  ASSERT_TRUE(r.deepening);
  EXPECT_TRUE(r.deepening->complete);
  EXPECT_EQ(r.distinct, 3880u);
  EXPECT_EQ(r.reached,
            (std::vector<std::string>{"leader-established", "write-committed", "re-election"}));
}

// A property id and the depth of BFS's shortest counterexample.
struct Caught {
  SpecBug bug;
  int txns;
  std::string property;
  size_t depth;
  // Whether 200,000 seeded random walks find it. The two epoch-ack bugs need two leaders
  // collecting the same epoch at once, a schedule (timeout, crash, rejoin in order) that random
  // walks hit too rarely: BFS finds them, walks do not, and the test says so.
  bool walks_find = true;
};

void PrintTo(const Caught& c, std::ostream* os) {
  *os << to_string(c.bug) << " -> " << c.property << " at depth " << c.depth;
}

class SpecBugs : public testing::TestWithParam<Caught> {};

TEST_P(SpecBugs, BfsFindsTheShortestViolation) {
  const Caught& c = GetParam();
  SpecConfig cfg = config(c.txns, 1, c.bug);
  cfg.properties = {c.property};
  const auto r = run_bfs(cfg);
  ASSERT_TRUE(r.violation) << cfg.flags();
  EXPECT_EQ(r.violation->property, c.property) << r.violation->detail;
  EXPECT_EQ(r.trace.size(), c.depth);
  const SpecModel model(cfg);
  expect_replays_to_violation(model, r.trace_names, c.property);
  // And the bug-free spec at the same bounds does not violate it.
  cfg.bug = SpecBug::kNone;
  EXPECT_FALSE(run_bfs(cfg).violation);
}

TEST_P(SpecBugs, RandomWalksFindItToo) {
  const Caught& c = GetParam();
  SpecConfig cfg = config(c.txns, 1, c.bug);
  cfg.properties = {c.property};
  const SpecModel model(cfg);
  if (!c.walks_find) GTEST_SKIP() << "random walks miss this schedule (BFS finds it)";
  search::RandomWalkOptions o;
  o.seed = 7;
  o.walks = 200'000;
  o.depth_max = 60;
  o.threads = 2;
  o.fault_rate = 0.1;
  const auto r = search::simulate(model, model.start(), o);
  ASSERT_TRUE(r.failure);
  EXPECT_EQ(r.failure->violation->property, c.property);
}

// Iterative deepening finds the bug in the first round whose bound reaches BFS's depth, so its
// trace is at most that round's step longer than the shortest.
TEST_P(SpecBugs, IterativeDeepeningFindsItWithinOneStepOfTheShortest) {
  const Caught& c = GetParam();
  SpecConfig cfg = config(c.txns, 1, c.bug);
  cfg.properties = {c.property};
  const SpecModel model(cfg);
  const auto r = search::iterative_deepening(model, model.start(), search::SearchOptions{});
  ASSERT_TRUE(r.violation);
  ASSERT_TRUE(r.deepening);
  EXPECT_EQ(r.violation->property, c.property) << r.violation->detail;
  EXPECT_FALSE(r.deepening->complete);
  const int previous = search::previous_deepening_bound(r.deepening->bound);
  const auto bound = static_cast<size_t>(r.deepening->bound);
  EXPECT_LT(static_cast<size_t>(previous), c.depth);
  EXPECT_GE(bound, c.depth);
  EXPECT_GE(r.trace.size(), c.depth);
  EXPECT_LE(r.trace.size(), c.depth + (bound - static_cast<size_t>(previous)));
  EXPECT_LE(r.trace.size(), bound);
  expect_replays_to_violation(model, r.trace_names, c.property);
}

INSTANTIATE_TEST_SUITE_P(
    Mutations, SpecBugs,
    testing::Values(Caught{SpecBug::kSkipEpochAckQuorum, 1, "single-leader-per-epoch", 19, false},
                    Caught{SpecBug::kCountEqualEpochAck, 1, "single-leader-per-epoch", 19, false},
                    Caught{SpecBug::kCommitWithoutQuorum, 1, "primary-integrity", 17},
                    Caught{SpecBug::kCommitWithoutQuorum, 1, "committed-never-lost", 17},
                    Caught{SpecBug::kCommitWithoutQuorum, 2, "prefix-agreement", 19},
                    Caught{SpecBug::kElectionIgnoresHistory, 1, "committed-never-lost", 18},
                    Caught{SpecBug::kNoSync, 1, "committed-never-lost", 27},
                    Caught{SpecBug::kNoSync, 2, "prefix-agreement", 24},
                    Caught{SpecBug::kCounterRestarts, 2, "zxid-monotonic", 9}),
    [](const testing::TestParamInfo<Caught>& info) {
      std::string name = std::string(to_string(info.param.bug)) + "_" + info.param.property;
      for (char& ch : name)
        if (ch == '-') ch = '_';
      return name;
    });

}  // namespace
}  // namespace zab::spec
