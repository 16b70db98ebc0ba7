// The Z3 answers on configurations whose answers are known by hand: majorities of 2..9,
// observers, the classic one-step 3 -> 5 server change (split brain) against one server at a
// time (safe), hierarchical groups and weights, and quorums that can never form.
#include <gtest/gtest.h>

#include "checker/quorum/quorum_analysis.h"
#include "tests/checker/quorum_fixture.h"

namespace zab::flexible {
namespace {

using testing::ids;
using testing::observer;
using testing::participants;
using testing::system_of;
using testing::without;

// Failures tolerated: one fewer than the smallest fatal loss.
int tolerated(const QuorumSystem& s) {
  return smallest_fatal_loss(s).size() - 1;
}

TEST(QuorumZ3, MajoritiesTolerateFewerThanHalf) {
  for (int n = 2; n <= 9; ++n) {
    const QuorumSystem s = system_of(participants(1, n));
    EXPECT_EQ(tolerated(s), (n - 1) / 2) << n << " servers";
    EXPECT_EQ(smallest_quorum(s)->size(), n / 2 + 1) << n << " servers";
    EXPECT_FALSE(disjoint_quorums(s, s)) << n << " servers";
    EXPECT_FALSE(smallest_fatal_group_loss(s));
  }
}

TEST(QuorumZ3, ObserversAddNoTolerance) {
  const QuorumSystem s = system_of(participants(1, 3) + observer(4) + observer(5));
  EXPECT_EQ(tolerated(s), 1);
  const SidSet loss = smallest_fatal_loss(s);
  EXPECT_FALSE(loss.contains(NodeId{4}) || loss.contains(NodeId{5}));
  EXPECT_FALSE(contains_quorum(s, without(s.voters, loss)));
}

TEST(QuorumZ3, ThreeToFiveInOneStepHasDisjointQuorums) {
  const QuorumSystem old_cfg = system_of(participants(1, 3), "old.cfg");
  const QuorumSystem new_cfg = system_of(participants(1, 5), "new.cfg");
  const auto split = disjoint_quorums(old_cfg, new_cfg);
  ASSERT_TRUE(split);
  EXPECT_TRUE(contains_quorum(old_cfg, split->first));
  EXPECT_TRUE(contains_quorum(new_cfg, split->second));
  EXPECT_EQ(split->first.bits() & split->second.bits(), 0);
  EXPECT_EQ(split->first.size(), 2);   // e.g. {1,2} by the old rules...
  EXPECT_EQ(split->second.size(), 3);  // ...and {3,4,5} by the new ones
}

TEST(QuorumZ3, OneServerAtATimeKeepsQuorumsIntersecting) {
  const QuorumSystem three = system_of(participants(1, 3));
  const QuorumSystem four = system_of(participants(1, 4));
  const QuorumSystem five = system_of(participants(1, 5));
  EXPECT_FALSE(disjoint_quorums(three, four));
  EXPECT_FALSE(disjoint_quorums(four, five));
  EXPECT_FALSE(disjoint_quorums(five, four));
  EXPECT_TRUE(disjoint_quorums(three, five));
  // Turning a participant into an observer is a removal: from 5 to 4 voters, still safe.
  EXPECT_FALSE(disjoint_quorums(five, system_of(participants(1, 4) + observer(5))));
}

TEST(QuorumZ3, NineServersInThreeGroups) {
  const QuorumSystem s =
      system_of(participants(1, 9) + "group.1=1:2:3\ngroup.2=4:5:6\ngroup.3=7:8:9\n");
  EXPECT_EQ(smallest_quorum(s)->size(), 4);  // two of three in two of three groups
  const SidSet loss = smallest_fatal_loss(s);
  EXPECT_EQ(loss.size(), 4);  // two in each of two groups: 3 failures tolerated
  EXPECT_FALSE(contains_quorum(s, without(s.voters, loss)));
  const auto groups = smallest_fatal_group_loss(s);
  ASSERT_TRUE(groups);
  EXPECT_EQ(groups->size(), 2u);  // one whole group may fail
  EXPECT_FALSE(disjoint_quorums(s, s));
  // The same nine servers as a flat majority: not the same quorums, and not intersecting.
  const auto split = disjoint_quorums(s, system_of(participants(1, 9)));
  ASSERT_TRUE(split);
  EXPECT_EQ(split->first.bits() & split->second.bits(), 0);
}

TEST(QuorumZ3, AHeavyServerIsASinglePointOfFailure) {
  const QuorumSystem s =
      system_of(participants(1, 3) + "group.1=1:2:3\nweight.1=3\nweight.2=1\nweight.3=1\n");
  EXPECT_EQ(smallest_quorum(s), ids({1}));
  EXPECT_EQ(smallest_fatal_loss(s), ids({1}));
  EXPECT_EQ(*smallest_fatal_group_loss(s), (std::vector<uint32_t>{1}));
}

TEST(QuorumZ3, NoQuorumCanForm) {
  const QuorumSystem zero =
      system_of(participants(1, 3) + "group.1=1:2:3\nweight.1=0\nweight.2=0\nweight.3=0\n");
  EXPECT_FALSE(smallest_quorum(zero));
  EXPECT_TRUE(smallest_fatal_loss(zero).empty());
  EXPECT_TRUE(smallest_fatal_group_loss(zero)->empty());
  EXPECT_FALSE(disjoint_quorums(zero, zero));  // no quorum at all, so none disjoint
  // The observer's weight outweighs both voters.
  const QuorumSystem heavy =
      system_of(participants(1, 2) + observer(4) + "group.1=1:2:4\nweight.4=3\n");
  EXPECT_FALSE(smallest_quorum(heavy));
  // Two of three groups have no voting weight, and a majority of groups is needed.
  const QuorumSystem strangers =
      system_of(participants(1, 2) + "group.1=1:2\ngroup.2=7\ngroup.3=8\nweight.7=1\nweight.8=1\n");
  EXPECT_FALSE(smallest_quorum(strangers));
}

TEST(QuorumZ3, StandaloneIsAQuorumOfOne) {
  const QuorumSystem alone = system_of(participants(1, 1));
  EXPECT_EQ(smallest_quorum(alone), ids({1}));
  EXPECT_EQ(tolerated(alone), 0);
  // A standalone server 1 beside an ensemble of 1..3: both can commit without the other.
  EXPECT_TRUE(disjoint_quorums(alone, system_of(participants(1, 3))));
}

}  // namespace
}  // namespace zab::flexible
