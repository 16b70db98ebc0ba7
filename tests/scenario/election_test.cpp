// FastLeaderElection scenarios from the seed notes (../shared/seeds/): who wins, and why.
// Each test scripts a world and lets it settle the way etcd's `stabilize` does.
#include "tests/scenario/scenario_util.h"

namespace zab::check::testing {
namespace {

void expect_follows(const World& world, int id, int leader) {
  const auto& s = world.server(n(id));
  ASSERT_TRUE(s.up) << world.describe();
  EXPECT_EQ(s.peer.state, ServerState::kFollowing) << world.describe();
  EXPECT_EQ(s.peer.phase, ZabPhase::kBroadcast) << world.describe();
  ASSERT_TRUE(s.peer.learning.has_value());
  EXPECT_EQ(s.peer.learning->leader, n(leader)) << world.describe();
}

TEST(Election, FreshEnsembleElectsHighestSid) {
  auto cfg = scenario_config(3);
  World world(*cfg);
  EXPECT_FALSE(stabilize_checked(world));
  ASSERT_EQ(established_leader(world), n(3)) << world.describe();
  expect_follows(world, 1, 3);
  expect_follows(world, 2, 3);
  EXPECT_EQ(world.server(n(3)).peer.durable.current_epoch, Epoch{1});
  EXPECT_EQ(world.server(n(1)).peer.durable.current_epoch, Epoch{1});
  EXPECT_EQ(world.server(n(1)).peer.durable.accepted_epoch, Epoch{1});
}

// The seeds' classic: five servers started A..E one at a time. A votes A; B arrives and both
// vote B (no quorum of 5); C arrives, everyone votes C, and C has 3 of 5: C leads. D and E,
// started later, find C already leading and follow it.
TEST(Election, FiveServersStartedOneByOneElectC) {
  auto cfg = scenario_config(5);
  for (int i = 1; i <= 5; ++i) cfg->start_down.insert(n(i));
  World world(*cfg);
  for (int i = 1; i <= 5; ++i) {
    perform_named(world, "restart " + to_string(n(i)));
    EXPECT_FALSE(stabilize_checked(world));
    if (i < 3) {
      EXPECT_EQ(established_leader(world), std::nullopt) << world.describe();
    }
  }
  ASSERT_EQ(established_leader(world), n(3)) << world.describe();
  for (int i : {1, 2, 4, 5}) expect_follows(world, i, 3);
}

// Votes are ordered by (currentEpoch, zxid, sid): the most up-to-date history wins over a
// higher sid.
TEST(Election, HighestZxidWins) {
  auto cfg = scenario_config(3);
  set_disk(*cfg, 1, {z(1, 1), z(1, 2), z(1, 3)}, 1, 1);
  set_disk(*cfg, 2, {z(1, 1), z(1, 2)}, 1, 1);
  set_disk(*cfg, 3, {z(1, 1), z(1, 2)}, 1, 1);
  World world(*cfg);
  EXPECT_FALSE(stabilize_checked(world));
  ASSERT_EQ(established_leader(world), n(1)) << world.describe();
  EXPECT_EQ(world.server(n(1)).peer.leading->epoch, Epoch{2});
  // n1's extra txn becomes part of the new epoch's initial history everywhere.
  for (int i = 1; i <= 3; ++i)
    EXPECT_EQ(zxids(world.server(n(i)).peer.applied), "[<1,1> <1,2> <1,3>]") << world.describe();
}

TEST(Election, EqualZxidHighestSidWins) {
  auto cfg = scenario_config(3);
  for (int i = 1; i <= 3; ++i) set_disk(*cfg, i, {z(1, 1), z(1, 2)}, 1, 1);
  World world(*cfg);
  EXPECT_FALSE(stabilize_checked(world));
  EXPECT_EQ(established_leader(world), n(3)) << world.describe();
}

// The epoch comes first: a newer currentEpoch beats a longer log of an older epoch.
TEST(Election, HigherEpochBeatsLongerLog) {
  auto cfg = scenario_config(3);
  set_disk(*cfg, 1, {z(1, 1), z(1, 2), z(1, 3)}, 1, 1);
  set_disk(*cfg, 2, {z(1, 1), z(2, 1)}, 2, 2);
  set_disk(*cfg, 3, {z(1, 1)}, 2, 2);
  World world(*cfg);
  EXPECT_FALSE(stabilize_checked(world));
  ASSERT_EQ(established_leader(world), n(2)) << world.describe();
}

// A leader that crashes and comes back with stale data does not win: the others have moved on
// to a newer epoch and it rejoins as a follower, its history brought up to date.
TEST(Election, RestartedOldLeaderWithStaleDataDoesNotWin) {
  auto cfg = scenario_config(3);
  World world(*cfg);
  stabilize(world);
  ASSERT_EQ(established_leader(world), n(3));
  perform_named(world, "crash n3");
  EXPECT_FALSE(stabilize_checked(world));
  ASSERT_EQ(established_leader(world), n(2)) << world.describe();
  perform_named(world, "client write n2");
  EXPECT_FALSE(stabilize_checked(world));
  perform_named(world, "restart n3");
  EXPECT_FALSE(stabilize_checked(world));
  EXPECT_EQ(established_leader(world), n(2)) << world.describe();
  expect_follows(world, 3, 2);
  EXPECT_EQ(zxids(world.server(n(3)).peer.applied), "[<2,1>]") << world.describe();
}

// Observers learn the leader but never vote and never lead, whatever their history.
TEST(Election, ObserverNeverLeads) {
  auto cfg = scenario_config(2, 1);
  set_disk(*cfg, 3, {z(1, 1), z(1, 2), z(1, 3)}, 1, 1);
  set_disk(*cfg, 1, {z(1, 1)}, 1, 1);
  set_disk(*cfg, 2, {z(1, 1)}, 1, 1);
  World world(*cfg);
  EXPECT_FALSE(stabilize_checked(world));
  ASSERT_EQ(established_leader(world), n(2)) << world.describe();
  const auto& observer = world.server(n(3)).peer;
  EXPECT_EQ(observer.state, ServerState::kObserving) << world.describe();
  EXPECT_EQ(observer.phase, ZabPhase::kBroadcast);
  // The observer's uncommitted txns are truncated away: the participants' history wins.
  EXPECT_EQ(zxids(observer.applied), "[<1,1>]") << world.describe();
}

// A quorum of two observers cannot elect anyone: with one participant down, nothing leads.
TEST(Election, ObserversDoNotFormAQuorum) {
  auto cfg = scenario_config(3, 2);
  cfg->start_down.insert(n(2));
  cfg->start_down.insert(n(3));
  World world(*cfg);
  EXPECT_FALSE(stabilize_checked(world));
  EXPECT_EQ(established_leader(world), std::nullopt) << world.describe();
}

}  // namespace
}  // namespace zab::check::testing
