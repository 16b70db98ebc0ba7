// Actions and their names: every enabled action's name reads back as that action (what replay
// relies on), for every kind, and lines that name no action are refused.
#include <gtest/gtest.h>

#include <set>

#include "checker/world/run_config.h"
#include "impl/core/check.h"

namespace zab::check {
namespace {

// Walks a world, taking the first enabled action of a kind not taken yet when there is one, and
// checks every enabled action's name on the way. Returns the kinds seen.
std::set<size_t> walk_and_check(const RunConfig& run, int steps) {
  set_assertions_throw(true);
  const WorldConfig cfg = run.world_config();
  World world = start_world(cfg, run.from);
  std::set<size_t> seen;
  std::vector<Action> enabled;
  for (int i = 0; i < steps; ++i) {
    world.actions(enabled);
    if (enabled.empty()) break;
    const Action* pick = &enabled.front();
    for (const auto& a : enabled) {
      const std::string name = world.name(a);
      const auto parsed = parse_action(name);
      EXPECT_TRUE(parsed.has_value()) << name;
      if (parsed) {
        EXPECT_TRUE(*parsed == a) << name;
      }
      EXPECT_TRUE(world.parse(name) == a) << name;
      if (!seen.contains(a.index()) && pick == &enabled.front() && i % 3 != 0) pick = &a;
      seen.insert(a.index());
    }
    world.perform(*pick);
  }
  return seen;
}

TEST(Action, EveryEnabledActionsNameReadsBackAsIt) {
  RunConfig faults;
  faults.writes = 2;
  faults.crashes = 2;
  faults.restarts = 2;
  faults.partitions = 1;
  faults.drops = 1;
  faults.timeouts = 2;
  std::set<size_t> seen = walk_and_check(faults, 300);
  RunConfig settled = faults;
  settled.settle_elections = true;
  for (const size_t k : walk_and_check(settled, 100))
    seen.insert(k);
  RunConfig clients;
  clients.servers = 3;
  clients.clients = 2;
  clients.script = "watch";
  clients.ticks = 4;
  clients.crashes = 1;
  for (const size_t k : walk_and_check(clients, 300))
    seen.insert(k);
  EXPECT_EQ(seen.size(), std::variant_size_v<Action>) << "some kinds were never enabled";
}

TEST(Action, LinesThatNameNoActionAreRefused) {
  for (const char* line :
       {"", "deliver", "deliver n1->n2", "deliver n1->n2 gossip PING", "deliver x->n2 quorum",
        "fsync", "fsync n", "fsync n1 n2", "fire n1 no-such-timer", "fire n1 leader-ping late",
        "crash n1", "crash n1 keep-unsynced=x", "partition n1", "client c1 writes", "tick to ms",
        "tick to 10 s", "settle-election now", "heal n1 n2 n3", "apply 1"})
    EXPECT_FALSE(parse_action(line).has_value()) << "'" << line << "'";
  EXPECT_TRUE((parse_action("fire n2 leader-ping delay-fault") ==
               Action{Fire{NodeId{2}, TimerKind::kLeaderPing, true}}));
  EXPECT_TRUE((parse_action("deliver c2->n3 client create /e2 cxid=1") ==
               Action{ServerRead{NodeId{3}, 2}}));
  EXPECT_TRUE((parse_action("deliver n3->c2 client connection-closed") == Action{ClientRecv{2}}));
}

}  // namespace
}  // namespace zab::check
