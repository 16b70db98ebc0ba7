// The depth-first searches on hand-written graphs. With a depth bound D a DFS must check exactly
// the states within D steps of the start, however its paths first reach them: a state first
// reached by a long path, near the bound, is expanded again when a shorter path reaches it.
// Iterative deepening (no bound) finds a violation within one step of its schedule of the
// shortest, and says when it has exhausted a finite space.
#include "checker/search/dfs.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <atomic>
#include <deque>
#include <optional>
#include <random>
#include <string>
#include <vector>

#include "checker/search/deepening.h"
#include "checker/search/hash_cons.h"

namespace zab::search {
namespace {

struct Node {
  int id = 0;
};

// A directed graph as a model: a state is a node, action i follows its i-th edge (in the order
// given, which is the order DFS tries them); `bad` is a node the invariant forbids.
struct GraphModel {
  using State = Node;
  using Action = int;
  using Sharing = HashCons<Node>;

  std::vector<std::vector<int>> edges;
  std::optional<int> bad;

  void actions(const State& s, std::vector<Action>& out) const {
    out.clear();
    for (size_t i = 0; i < edges[s.id].size(); ++i)
      out.push_back(static_cast<int>(i));
  }
  void perform(State& s, Action a) const { s.id = edges[s.id][a]; }
  uint64_t fingerprint(const State& s) const {  // splitmix64: a uniform hash of the node
    uint64_t z = static_cast<uint64_t>(s.id) + 0x9e3779b97f4a7c15ull;
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
    return z ^ (z >> 31);
  }
  bool within_bounds(const State&) const { return true; }
  std::string name(const State& s, Action a) const {
    return "to " + std::to_string(edges[s.id][a]);
  }
  std::optional<Action> parse(const State& s, std::string_view line) const {
    for (size_t i = 0; i < edges[s.id].size(); ++i)
      if (name(s, static_cast<int>(i)) == line) return static_cast<int>(i);
    return std::nullopt;
  }
  std::optional<FaultClass> fault_class(Action) const { return std::nullopt; }
  std::optional<Violation> check_invariants(const State& s) const {
    if (bad && s.id == *bad) return Violation{"not-bad", "reached node " + std::to_string(s.id)};
    return std::nullopt;
  }
  std::optional<Violation> check_transition(const State&, Action, const State&) const {
    return std::nullopt;
  }
  size_t goal_count() const { return 0; }
  std::string_view goal_id(size_t) const { return ""; }
  bool goal_reached(size_t, const State&) const { return false; }
  size_t eventually_count() const { return 0; }
  std::string_view eventually_id(size_t) const { return ""; }
  bool eventually_checked(size_t) const { return false; }
  LivenessBits liveness_bits(const State&) const { return {}; }
  std::string eventually_detail(size_t, uint64_t, uint64_t) const { return ""; }
  uint64_t por_bit(Action) const { return 0; }
  uint64_t por_conflicts(Action) const { return 0; }
  bool por_independent(const State&, Action, const State&) const { return false; }
  bool por_supported(const State&) const { return false; }
  void share(State&, Sharing&) const {}

  // Each node's distance from node 0 (-1: unreachable), by BFS.
  std::vector<int> distances() const {
    std::vector<int> dist(edges.size(), -1);
    std::deque<int> queue{0};
    dist[0] = 0;
    while (!queue.empty()) {
      const int n = queue.front();
      queue.pop_front();
      for (const int m : edges[n])
        if (dist[m] < 0) {
          dist[m] = dist[n] + 1;
          queue.push_back(m);
        }
    }
    return dist;
  }
};
static_assert(Model<GraphModel>);

// Node 0 has two ways to the same node x: first through a chain of `detour` nodes, then
// directly. Behind x a chain of `behind` nodes ends at the bad node, `behind` + 1 steps from
// the start by the short way. DFS takes the long way first, and reaches x with less depth left.
GraphModel detour_graph(int detour, int behind) {
  GraphModel g;
  const int x = detour + 1;
  g.edges.resize(static_cast<size_t>(x + behind + 1));
  g.edges[0] = {1, x};
  for (int i = 1; i < x; ++i)
    g.edges[i] = {i + 1};
  for (int i = x; i < x + behind; ++i)
    g.edges[i] = {i + 1};
  g.bad = x + behind;
  return g;
}

TEST(Dfs, AStateReachedAgainByAShorterPathIsExpandedAgain) {
  // x is 3 steps away the long way, 1 the short way; the bad node 3 steps behind x.
  const GraphModel g = detour_graph(2, 3);
  SearchOptions o;
  o.depth_max = 4;  // exactly the bad node's distance
  const auto r = dfs(g, Node{}, o);
  ASSERT_TRUE(r.violation) << "the bad node is 4 steps away and --depth 4 missed it";
  EXPECT_EQ(r.trace, (std::vector<int>{1, 0, 0, 0}));
  EXPECT_EQ(r.trace_names.back(), "to 6");
  o.depth_max = 3;
  const auto short_of_it = dfs(g, Node{}, o);
  EXPECT_FALSE(short_of_it.violation);
  EXPECT_TRUE(short_of_it.depth_cut);
  EXPECT_TRUE(short_of_it.bounded);
  EXPECT_EQ(short_of_it.distinct, 6u);    // all but the bad node
  EXPECT_GE(short_of_it.reexpanded, 1u);  // x, first reached at depth 3
}

// On random graphs, whose nodes are reached by paths of many lengths, a DFS with bound D checks
// exactly the nodes within D steps (and finds a bad node exactly when it is within D).
TEST(Dfs, ABoundedSearchCoversExactlyTheStatesWithinTheBound) {
  std::mt19937 rng(11);
  for (int graph = 0; graph < 40; ++graph) {
    GraphModel g;
    const int nodes = 20 + graph * 3;
    g.edges.resize(static_cast<size_t>(nodes));
    for (auto& out : g.edges) {
      const int degree = static_cast<int>(rng() % 3) + (graph % 2);
      for (int e = 0; e < degree; ++e)
        out.push_back(static_cast<int>(rng() % static_cast<unsigned>(nodes)));
    }
    const std::vector<int> dist = g.distances();
    for (int bound = 1; bound <= 12; ++bound) {
      SCOPED_TRACE("graph " + std::to_string(graph) + ", bound " + std::to_string(bound));
      SearchOptions o;
      o.depth_max = bound;
      const auto r = dfs(g, Node{}, o);
      const auto within =
          std::count_if(dist.begin(), dist.end(), [&](int d) { return d >= 0 && d <= bound; });
      EXPECT_EQ(r.distinct, static_cast<uint64_t>(within));
      EXPECT_LE(r.depth, bound);
      // The farthest node, made bad: found with its trace within the bound, exactly when the
      // bound reaches it.
      const int far = static_cast<int>(std::max_element(dist.begin(), dist.end()) - dist.begin());
      if (far == 0) continue;
      GraphModel bad = g;
      bad.bad = far;
      const auto found = dfs(bad, Node{}, o);
      EXPECT_EQ(found.violation.has_value(), dist[far] <= bound);
      if (found.violation) {
        EXPECT_LE(found.trace.size(), static_cast<size_t>(bound));
      }
    }
  }
}

TEST(Dfs, ABoundTheVisitedSetCannotHoldIsRefused) {
  const GraphModel g = detour_graph(1, 1);
  SearchOptions o;
  o.depth_max = kDepthBoundMax + 1;
  EXPECT_THROW(dfs(g, Node{}, o), std::invalid_argument);
}

// A ring of `n` nodes.
GraphModel ring(int n) {
  GraphModel g;
  g.edges.resize(static_cast<size_t>(n));
  for (int i = 0; i < n; ++i)
    g.edges[i] = {(i + 1) % n};
  return g;
}

// A ring of `n` nodes whose node 0 also has an edge to every other node (tried after the ring's):
// every node is one step away, but DFS first walks the ring, so every round whose bound is short
// of `n` cuts the walk, and only the count of distinct states tells that the space is exhausted.
GraphModel wheel(int n) {
  GraphModel g = ring(n);
  for (int i = 2; i < n; ++i)
    g.edges[0].push_back(i);
  return g;
}

TEST(Deepening, FindsTheViolationInTheFirstRoundWhoseBoundReachesIt) {
  // Bad 13 steps away by the short way, 21 by the long way DFS tries first.
  const GraphModel g = detour_graph(9, 12);
  const auto r = iterative_deepening(g, Node{}, SearchOptions{});
  ASSERT_TRUE(r.violation);
  ASSERT_TRUE(r.deepening);
  EXPECT_EQ(r.deepening->bound, 16);  // 8 is short of 13
  EXPECT_EQ(r.deepening->rounds, 2);
  EXPECT_FALSE(r.deepening->complete);
  EXPECT_EQ(r.trace.size(), 13u);  // complete up to 16, so the short way is found
  EXPECT_EQ(next_deepening_bound(kFirstDeepeningBound), 16);
  EXPECT_EQ(previous_deepening_bound(16), 8);
  EXPECT_EQ(previous_deepening_bound(kFirstDeepeningBound), 0);
  EXPECT_EQ(previous_deepening_bound(next_deepening_bound(40)), 40);
}

TEST(Deepening, SaysWhenItExhaustedAFiniteSpace) {
  // No depth cut at all: the longest path has 9 steps, the second round's bound 16.
  const GraphModel chain = detour_graph(5, 3);
  GraphModel fine = chain;
  fine.bad.reset();
  const auto r = iterative_deepening(fine, Node{}, SearchOptions{});
  EXPECT_FALSE(r.violation);
  ASSERT_TRUE(r.deepening);
  EXPECT_TRUE(r.deepening->complete);
  EXPECT_EQ(r.deepening->bound, 16);
  EXPECT_EQ(r.distinct, 10u);
  EXPECT_FALSE(r.bounded);

  // A ring of 20: no simple path is longer than 19 steps, so the round with bound 24 cuts
  // nothing.
  const auto around = iterative_deepening(ring(20), Node{}, SearchOptions{});
  ASSERT_TRUE(around.deepening);
  EXPECT_TRUE(around.deepening->complete);
  EXPECT_EQ(around.deepening->bound, 24);
  EXPECT_EQ(around.deepening->rounds, 3);
  EXPECT_EQ(around.distinct, 20u);
  // generated counts every round's transitions: 8 + 16 + 20 (one edge a state; the states at
  // the bound are not expanded).
  EXPECT_EQ(around.generated, 44u);

  // A wheel of 50: the first round reaches every node and is cut; the second reaches no more.
  const auto wheeled = iterative_deepening(wheel(50), Node{}, SearchOptions{});
  ASSERT_TRUE(wheeled.deepening);
  EXPECT_TRUE(wheeled.deepening->complete);
  EXPECT_EQ(wheeled.deepening->bound, 16);
  EXPECT_EQ(wheeled.deepening->rounds, 2);
  EXPECT_EQ(wheeled.distinct, 50u);
  EXPECT_TRUE(wheeled.depth_cut);
  EXPECT_FALSE(wheeled.bounded);  // the cuts cut nothing away
  EXPECT_GT(wheeled.reexpanded, 0u);
}

TEST(Deepening, StopsOnTheStopFlagAndTheStateBound) {
  const std::atomic<bool> stop{true};
  SearchOptions o;
  o.stop = &stop;
  const auto stopped = iterative_deepening(ring(100), Node{}, o);
  ASSERT_TRUE(stopped.deepening);
  EXPECT_FALSE(stopped.deepening->complete);
  EXPECT_EQ(stopped.deepening->bound, kFirstDeepeningBound);
  EXPECT_EQ(stopped.cut, Cut::kStopped);

  SearchOptions few;
  few.state_max = 30;
  const auto full = iterative_deepening(ring(100), Node{}, few);
  ASSERT_TRUE(full.deepening);
  EXPECT_FALSE(full.deepening->complete);
  EXPECT_EQ(full.deepening->bound, 32);  // the first round to reach 30 states
  EXPECT_EQ(full.cut, Cut::kStateMax);
  EXPECT_TRUE(full.bounded);
}

}  // namespace
}  // namespace zab::search
