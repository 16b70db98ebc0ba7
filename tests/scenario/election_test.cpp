// FastLeaderElection scenarios from the seeds (../shared/seeds/): who wins, and why.
#include <gtest/gtest.h>

#include "checker/world/harness.h"

namespace zab::check {
namespace {

WorldConfig config(int participants, int observers = 0) {
  WorldConfig cfg;
  cfg.quorum = make_config(participants, observers);
  return cfg;
}

NodeId n(int id) { return NodeId{static_cast<uint8_t>(id)}; }

TEST(Election, FreshEnsembleElectsHighestSid) {
  auto cfg = config(3);
  World world(cfg);
  stabilize(world);
  ASSERT_EQ(established_leader(world), n(3)) << world.describe();
  for (int i = 1; i <= 2; ++i) {
    EXPECT_EQ(world.server(n(i)).peer.state, ServerState::kFollowing) << world.describe();
    EXPECT_EQ(world.server(n(i)).peer.phase, ZabPhase::kBroadcast) << world.describe();
  }
  EXPECT_EQ(world.server(n(3)).peer.durable.current_epoch, Epoch{1});
}

}  // namespace
}  // namespace zab::check
