// The explorers of checker/search on a model that is not the world: two counters that each step
// may raise, bounded. They count its states exactly, find its violations (a property, a failed
// ZK_ASSERT of the code under test) with the shortest path, and let a failure of the model itself
// (search::CheckerFailure) through instead of calling it a counterexample.
#include <gtest/gtest.h>

#include <optional>
#include <string>
#include <vector>

#include "checker/search/bfs.h"
#include "checker/search/dfs.h"
#include "checker/search/hash_cons.h"
#include "checker/search/random_walk.h"
#include "impl/core/check.h"
#include "impl/core/hasher.h"
#include "tests/unit/toy_model.h"

namespace zab::search {
namespace {

struct Counters {
  int a = 0;
  int b = 0;
  ZK_FIELDS(a, b)
};

// raise-a, raise-b while below `limit`; `bad` is a state the invariant forbids, `assert_at` one
// whose reaching trips a ZK_ASSERT, `broken_at` one whose reaching breaks the model itself.
struct CountersModel {
  using State = Counters;
  using Action = char;  // 'a' or 'b'
  using Sharing = HashCons<Counters>;

  int limit = 3;
  std::optional<std::pair<int, int>> bad, assert_at, broken_at;

  void actions(const State& s, std::vector<Action>& out) const {
    out.clear();
    if (s.a < limit && !(stuck_when_b_full && s.b == limit)) out.push_back('a');
    if (s.b < limit) out.push_back('b');
  }
  void perform(State& s, Action x) const {
    (x == 'a' ? s.a : s.b) += 1;
    if (assert_at && std::pair{s.a, s.b} == *assert_at) ZK_ASSERT(false);
    if (broken_at && std::pair{s.a, s.b} == *broken_at) throw CheckerFailure("model broken");
  }
  uint64_t fingerprint(const State& s) const { return fingerprint_of(s); }
  bool within_bounds(const State&) const { return true; }
  std::string name(const State&, Action x) const { return std::string("raise-") + x; }
  std::optional<Action> parse(const State& s, std::string_view line) const {
    return testing::parse_by_name(*this, s, line);
  }
  std::optional<FaultClass> fault_class(Action) const { return std::nullopt; }
  std::optional<Violation> check_invariants(const State& s) const {
    if (bad && std::pair{s.a, s.b} == *bad) return Violation{"not-bad", "reached the bad state"};
    return std::nullopt;
  }
  std::optional<Violation> check_transition(const State&, Action, const State&) const {
    return std::nullopt;
  }
  size_t goal_count() const { return 1; }
  std::string_view goal_id(size_t) const { return "both-raised"; }
  bool goal_reached(size_t, const State& s) const { return s.a > 0 && s.b > 0; }
  size_t eventually_count() const { return 1; }
  std::string_view eventually_id(size_t) const { return "a-eventually-full"; }
  bool eventually_checked(size_t) const { return checked_liveness; }
  LivenessBits liveness_bits(const State& s) const {
    return LivenessBits{s.a == limit ? 1u : 0u, 1u};
  }
  std::string eventually_detail(size_t, uint64_t stuck, uint64_t eligible) const {
    return std::to_string(stuck) + " of " + std::to_string(eligible);
  }
  uint64_t por_bit(Action) const { return 0; }
  uint64_t por_conflicts(Action) const { return 0; }
  bool por_independent(const State&, Action, const State&) const { return false; }
  bool por_supported(const State&) const { return false; }
  void share(State&, Sharing&) const {}

  bool checked_liveness = false;
  bool stuck_when_b_full = false;
};
static_assert(Model<CountersModel>);

TEST(Search, BfsAndDfsCountAnotherModelsStates) {
  set_assertions_throw(true);
  CountersModel m;
  SearchOptions o;
  o.threads = 2;
  const auto breadth = bfs(m, Counters{}, o);
  EXPECT_EQ(breadth.distinct, 16u);  // (limit + 1)^2
  EXPECT_FALSE(breadth.violation);
  // depth counts the levels expanded, as zabcheck reports it: the states at distance 6 are
  // expanded too (into an empty level).
  EXPECT_EQ(breadth.depth, 7);
  EXPECT_EQ(breadth.reached, std::vector<std::string>{"both-raised"});
  const auto depth = dfs(m, Counters{}, o);
  EXPECT_EQ(depth.distinct, 16u);
  EXPECT_FALSE(depth.violation);
}

TEST(Search, AViolationComesWithTheShortestPath) {
  set_assertions_throw(true);
  CountersModel m;
  m.bad = std::pair{2, 1};
  const auto r = bfs(m, Counters{}, SearchOptions{});
  ASSERT_TRUE(r.violation);
  EXPECT_EQ(r.violation->property, "not-bad");
  EXPECT_EQ(r.trace.size(), 3u);
  EXPECT_EQ(r.trace_names, (std::vector<std::string>{"raise-a", "raise-a", "raise-b"}));
}

TEST(Search, AFailedAssertionOfTheCodeUnderTestIsACounterexample) {
  set_assertions_throw(true);
  CountersModel m;
  m.assert_at = std::pair{1, 1};
  const auto r = bfs(m, Counters{}, SearchOptions{});
  ASSERT_TRUE(r.violation);
  EXPECT_EQ(r.violation->property, kAssertionProperty);
  EXPECT_EQ(r.trace.size(), 2u);
  RandomWalkOptions w;
  w.walks = 20;
  const auto walked = simulate(m, Counters{}, w);
  ASSERT_TRUE(walked.failure);
  EXPECT_EQ(walked.failure->violation->property, kAssertionProperty);
}

TEST(Search, AFailureOfTheModelItselfIsNotACounterexample) {
  set_assertions_throw(true);
  CountersModel m;
  m.broken_at = std::pair{1, 1};
  SearchOptions o;
  EXPECT_THROW(bfs(m, Counters{}, o), CheckerFailure);
  o.threads = 2;
  EXPECT_THROW(bfs(m, Counters{}, o), CheckerFailure);
  EXPECT_THROW(dfs(m, Counters{}, o), CheckerFailure);
  RandomWalkOptions w;
  w.walks = 50;
  w.threads = 2;
  EXPECT_THROW(simulate(m, Counters{}, w), CheckerFailure);
}

// Liveness on the recorded graph: every state can reach a = limit (holds); with the raise-a
// action gone for states with b = limit, those states are stuck.
TEST(Search, LivenessIsCheckedOnTheRecordedGraph) {
  set_assertions_throw(true);
  CountersModel m;
  m.checked_liveness = true;
  const auto r = bfs(m, Counters{}, SearchOptions{});
  ASSERT_EQ(r.liveness.size(), 1u);
  EXPECT_TRUE(r.liveness[0].holds);
  EXPECT_EQ(r.liveness[0].eligible, 16u);
  EXPECT_FALSE(r.violation);

  m.stuck_when_b_full = true;
  const auto stuck = bfs(m, Counters{}, SearchOptions{});
  ASSERT_TRUE(stuck.violation);
  EXPECT_EQ(stuck.violation->property, "a-eventually-full");
  EXPECT_EQ(stuck.violation->detail, "3 of 16");  // (0,3) (1,3) (2,3)
  EXPECT_EQ(stuck.trace.size(), 3u);              // to (0,3), the shallowest
}

}  // namespace
}  // namespace zab::search
