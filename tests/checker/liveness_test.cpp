// leader-eventually: holds on small ensembles, and the SCC analysis catches a stuck state.
#include "tests/checker/checker_util.h"

namespace zab::check::testing {
namespace {

TEST(Liveness, HoldsForElectionsWithACrashAndRestart) {
  auto run = config(3, 0);
  run.crashes = 1;
  run.restarts = 1;
  run.settle_elections = true;
  set_assertions_throw(true);
  const WorldConfig cfg = run.world_config();
  SearchOptions options;
  options.threads = 2;
  options.record_graph = true;
  options.properties = props::PropertySet::named({"leader-eventually"});
  const auto r = bfs(start_world(cfg, run.from), options);
  ASSERT_TRUE(r.graph);
  ASSERT_EQ(r.liveness.size(), 1u);
  const auto& live = r.liveness.front();
  EXPECT_EQ(live.property, "leader-eventually");
  EXPECT_TRUE(live.holds) << live.stuck << " stuck states";
  EXPECT_FALSE(r.violation);
  EXPECT_GT(live.eligible, 0u);  // the property constrained something
  EXPECT_EQ(live.unexplored, 0u);
}

// A hand-built graph: 0 -> 1 -> 2 (leader), and 0 -> 3 <-> 4, a cycle that never elects.
// Every state is eligible; 3 and 4 (and so 0? no: 0 can reach 2) are stuck.
TEST(Liveness, CycleWithoutLeaderIsCaught) {
  StateGraph g;
  g.fingerprints = {10, 11, 12, 13, 14};
  g.edges = {{0, 1}, {1, 2}, {0, 3}, {3, 4}, {4, 3}};
  g.goal = {0, 0, 1, 0, 0};
  g.eligible = {1, 1, 1, 1, 1};
  g.parent = {UINT32_MAX, 0, 1, 0, 3};
  g.via = std::vector<Action>(5);
  g.expanded = std::vector<bool>(5, true);
  const auto live = search::check_eventually(g, 0);
  EXPECT_FALSE(live.holds);
  EXPECT_EQ(live.stuck, 2u);
  EXPECT_EQ(live.witness, 3u);
  EXPECT_EQ(live.components, 4u);  // {0} {1} {2} {3,4}
  EXPECT_EQ(search::path_to_node(g, 4).size(), 2u);
}

TEST(Liveness, IneligibleStuckStatesAreAllowed) {
  StateGraph g;
  g.fingerprints = {1, 2};
  g.edges = {{0, 1}};
  g.goal = {0, 0};
  g.eligible = {0, 0};  // faults can still happen: not constrained
  g.parent = {UINT32_MAX, 0};
  g.via = std::vector<Action>(2);
  g.expanded = {true, true};
  EXPECT_TRUE(search::check_eventually(g, 0).holds);
}

// A state cut off by a bound may look stuck; it must not be reported.
TEST(Liveness, CutOffStatesAreNotReported) {
  StateGraph g;
  g.fingerprints = {1, 2};
  g.edges = {{0, 1}};
  g.goal = {0, 0};
  g.eligible = {1, 1};
  g.parent = {UINT32_MAX, 0};
  g.via = std::vector<Action>(2);
  g.expanded = {true, false};
  const auto live = search::check_eventually(g, 0);
  EXPECT_TRUE(live.holds);
  EXPECT_EQ(live.unexplored, 1u);
}

}  // namespace
}  // namespace zab::check::testing
