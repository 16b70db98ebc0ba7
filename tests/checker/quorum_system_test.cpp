// The quorum system of a zoo.cfg, as ZooKeeper 3.8's QuorumMaj and QuorumHierarchical decide it:
// majorities of participants, observers that never count, groups and weights (zero included),
// and the configurations ZooKeeper refuses or crashes on.
#include "checker/quorum/quorum_system.h"

#include <gtest/gtest.h>

#include "tests/checker/quorum_fixture.h"

namespace zab::flexible {
namespace {

using testing::error_of;
using testing::ids;
using testing::observer;
using testing::participants;
using testing::system_of;

TEST(QuorumMaj, MoreThanHalfOfTheParticipants) {
  const QuorumSystem three = system_of(participants(1, 3));
  EXPECT_STREQ(kind_name(three), "majority");
  EXPECT_EQ(three.voters, ids({1, 2, 3}));
  EXPECT_TRUE(contains_quorum(three, ids({1, 2})));
  EXPECT_TRUE(contains_quorum(three, ids({2, 3})));
  EXPECT_FALSE(contains_quorum(three, ids({3})));
  EXPECT_FALSE(contains_quorum(three, ids({})));

  const QuorumSystem four = system_of(participants(1, 4));
  EXPECT_FALSE(contains_quorum(four, ids({1, 2})));  // exactly half is not enough
  EXPECT_TRUE(contains_quorum(four, ids({1, 2, 4})));
}

TEST(QuorumMaj, ObserversNeverCount) {
  const QuorumSystem s = system_of(participants(1, 3) + observer(4) + observer(5));
  EXPECT_EQ(s.voters, ids({1, 2, 3}));
  EXPECT_EQ(s.observers, ids({4, 5}));
  EXPECT_FALSE(contains_quorum(s, ids({1, 4, 5})));
  EXPECT_TRUE(contains_quorum(s, ids({1, 3, 5})));
  // Ids in no server line are not voters either.
  EXPECT_FALSE(contains_quorum(s, ids({1, 7, 8, 9})));
}

TEST(QuorumMaj, ALoneParticipantRunsStandalone) {
  const QuorumSystem s = system_of(participants(1, 1));
  EXPECT_TRUE(s.standalone);
  EXPECT_TRUE(contains_quorum(s, ids({1})));
  EXPECT_FALSE(contains_quorum(s, ids({})));
  // standaloneEnabled=false: a quorum of one, with an observer following it.
  const QuorumSystem q = system_of("standaloneEnabled=false\n" + participants(1, 1) + observer(2));
  EXPECT_FALSE(q.standalone);
  EXPECT_TRUE(contains_quorum(q, ids({1})));
  EXPECT_FALSE(contains_quorum(q, ids({2})));
}

// QuorumHierarchical's own example: three groups of three.
constexpr std::string_view kNineInThree = "group.1=1:2:3\ngroup.2=4:5:6\ngroup.3=7:8:9\n";

TEST(QuorumHierarchical, MajorityOfWeightInAMajorityOfGroups) {
  const QuorumSystem s = system_of(participants(1, 9) + std::string(kNineInThree));
  EXPECT_STREQ(kind_name(s), "hierarchical");
  const auto& h = std::get<QuorumHierarchical>(s.verifier);
  EXPECT_EQ(h.group_count, 3);
  EXPECT_EQ(h.groups[1].weight, 3u);
  EXPECT_TRUE(contains_quorum(s, ids({1, 2, 4, 5})));
  EXPECT_TRUE(contains_quorum(s, ids({2, 3, 7, 9})));
  EXPECT_FALSE(contains_quorum(s, ids({1, 2, 3, 4})));  // one group's majority only
  EXPECT_FALSE(contains_quorum(s, ids({1, 4, 7, 2})));  // four of nine, but one group
  EXPECT_TRUE(contains_quorum(s, ids({1, 2, 3, 4, 5, 6, 7, 8, 9})));
  EXPECT_TRUE(s.warnings.empty());
}

TEST(QuorumHierarchical, WeightsDecideWithinAGroup) {
  // One group weighing 5: server 1 (weight 3) alone holds more than half of it.
  const QuorumSystem s =
      system_of(participants(1, 3) + "group.1=1:2:3\nweight.1=3\nweight.2=1\nweight.3=1\n");
  EXPECT_TRUE(contains_quorum(s, ids({1})));
  EXPECT_FALSE(contains_quorum(s, ids({2, 3})));
  // A participant without a weight line weighs 1.
  const QuorumSystem d = system_of(participants(1, 3) + "group.1=1:2:3\nweight.1=2\n");
  EXPECT_EQ(std::get<QuorumHierarchical>(d.verifier).groups[0].weight, 4u);
  EXPECT_FALSE(contains_quorum(d, ids({1})));  // 2 is not more than 4 / 2
  EXPECT_TRUE(contains_quorum(d, ids({1, 3})));
}

TEST(QuorumHierarchical, ZeroWeightGroupsDoNotCount) {
  const QuorumSystem s =
      system_of(participants(1, 5) + "group.1=1:2:3\ngroup.2=4:5\nweight.4=0\nweight.5=0\n");
  EXPECT_EQ(std::get<QuorumHierarchical>(s.verifier).group_count, 1);
  EXPECT_TRUE(contains_quorum(s, ids({1, 2})));  // a majority of the one group that counts
  EXPECT_FALSE(contains_quorum(s, ids({1, 4, 5})));
  ASSERT_EQ(s.warnings.size(), 3u);
  EXPECT_EQ(s.warnings[0],
            "zoo.cfg:11: group.2 weighs 0: it is not among the groups a quorum needs a majority "
            "of");
  EXPECT_EQ(s.warnings[1],
            "zoo.cfg:12: weight.4=0: participant 4 never counts toward a quorum and can never be "
            "elected leader (FastLeaderElection.totalOrderPredicate)");
}

TEST(QuorumHierarchical, EveryWeightZeroMeansNoQuorumEver) {
  const QuorumSystem s =
      system_of(participants(1, 3) + "group.1=1:2:3\nweight.1=0\nweight.2=0\nweight.3=0\n");
  EXPECT_EQ(std::get<QuorumHierarchical>(s.verifier).group_count, 0);
  EXPECT_FALSE(contains_quorum(s, ids({1, 2, 3})));
}

TEST(QuorumHierarchical, WeightedObserversAndStrangersCountInTheTotalButNeverVote) {
  // Observer 4's weight 3 makes the group weigh 5; participants 1 and 2 hold 2 of it at most.
  const QuorumSystem s =
      system_of(participants(1, 2) + observer(4) + "group.1=1:2:4\nweight.4=3\n");
  EXPECT_EQ(s.voters, ids({1, 2}));
  EXPECT_FALSE(contains_quorum(s, ids({1, 2})));
  EXPECT_FALSE(contains_quorum(s, ids({1, 2, 4})));  // 4 is not a voter
  ASSERT_EQ(s.warnings.size(), 1u);
  EXPECT_EQ(s.warnings[0],
            "zoo.cfg:8: group.1: observer 4 has weight 3, which counts in the group's total "
            "although it can never vote");
  // Server 7 has no server line; its weight counts: group 2 weighs 3, server 3 holds 2 of it.
  const QuorumSystem t =
      system_of(participants(1, 3) + "group.1=1:2\ngroup.2=3:7\nweight.3=2\nweight.7=1\n");
  EXPECT_FALSE(contains_quorum(t, ids({1, 2})));
  EXPECT_TRUE(contains_quorum(t, ids({1, 2, 3})));
  // An observer in no group needs no weight.
  EXPECT_EQ(error_of(participants(1, 3) + observer(4) + "group.1=1:2:3\n"), "");
}

TEST(QuorumHierarchical, ConfigurationsZooKeeperRefuses) {
  const std::string three = participants(1, 3);  // lines 5..7
  EXPECT_EQ(error_of(three + "group.1=1:2\n"),
            "zoo.cfg:7: server.3 is a participant in no group: QuorumHierarchical needs every "
            "participant in a group.G= line");
  // weight lines alone make the configuration hierarchical too (QuorumPeerConfig).
  EXPECT_EQ(error_of(three + "weight.1=1\n"),
            "zoo.cfg:5: server.1 is a participant in no group: QuorumHierarchical needs every "
            "participant in a group.G= line");
  EXPECT_EQ(error_of(three + "group.1=1:2\ngroup.2=2:3\n"),
            "zoo.cfg:9: group.2: server 2 is already in group.1 (line 8); QuorumHierarchical "
            "puts every server in exactly one group");
  EXPECT_EQ(error_of(three + "group.1=1:2:2:3\n"), "zoo.cfg:8: group.1: server 2 is listed twice");
  EXPECT_EQ(error_of(three + observer(4) + "group.1=1:2:3:4\n"),
            "zoo.cfg:9: group.1: server 4 is not a participant and has no weight.4 line; "
            "ZooKeeper 3.8 fails to start on this (NullPointerException in "
            "QuorumHierarchical.computeGroupWeight)");
  EXPECT_EQ(error_of(three + "group.1=1:2:3:9\n"),
            "zoo.cfg:8: group.1: server 9 is not a participant and has no weight.9 line; "
            "ZooKeeper 3.8 fails to start on this (NullPointerException in "
            "QuorumHierarchical.computeGroupWeight)");
  EXPECT_EQ(error_of(three + "group.1=1:2:3\nweight.2=9223372036854775808\n"),
            "zoo.cfg:9: weight.2: 9223372036854775808 is larger than ZooKeeper's weights (a Java "
            "long) allow, 9223372036854775807");
  EXPECT_EQ(error_of(three + "group.1=1:2:3\nweight.2=9223372036854775807\n"),
            "zoo.cfg:8: group.1: the weights add up to more than 9223372036854775807, which "
            "overflows ZooKeeper's sum (a Java long)");
  EXPECT_EQ(error_of(three + "group.1=1:2:3\nweight.3=-1\n"),
            "zoo.cfg:9: weight.3: '-1' is not a number");
  EXPECT_EQ(error_of("clientPort=2181\n"),
            "zoo.cfg: no server. lines: a standalone server has no quorum to check");
}

TEST(QuorumHierarchical, UnusedWeightsAreWarnedAbout) {
  const QuorumSystem s =
      system_of(participants(1, 3) + observer(4) + "group.1=1:2:3\nweight.4=2\n");
  ASSERT_EQ(s.warnings.size(), 1u);
  EXPECT_EQ(s.warnings[0],
            "zoo.cfg:10: weight.4: server 4 is in no group, so the weight is unused");
}

}  // namespace
}  // namespace zab::flexible
