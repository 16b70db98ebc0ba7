// The depth-first search's visited set: a state is new exactly once, across growth, including
// the fingerprint 0 that marks empty slots, and keeps the largest budget it was visited with.
#include "checker/search/visited_set.h"

#include <gtest/gtest.h>

#include <random>
#include <unordered_map>
#include <unordered_set>

namespace zab::search {
namespace {

TEST(VisitedSet, EachFingerprintIsNewExactlyOnceAcrossGrowth) {
  VisitedSet set(4);  // 16 slots: grows many times below
  std::unordered_set<uint64_t> reference;
  std::mt19937_64 rng(7);
  for (int i = 0; i < 100'000; ++i) {
    // Draw from a small range half of the time, so that repeats are common.
    const uint64_t fp = (i % 2) ? rng() : rng() % 5'000;
    EXPECT_EQ(set.insert(fp), reference.insert(fp).second) << fp;
  }
  EXPECT_EQ(set.size(), reference.size());
  for (const uint64_t fp : reference)
    EXPECT_TRUE(set.contains(fp));
  EXPECT_FALSE(set.contains(0xdeadbeefcafef00dull));
  EXPECT_LE(set.bytes(), reference.size() * 10 * 8 / 3 + 10 * 16);  // load never under 3/8
}

TEST(VisitedSet, FingerprintZeroIsAStateLikeAnyOther) {
  VisitedSet set;
  EXPECT_FALSE(set.contains(0));
  EXPECT_TRUE(set.insert(0));
  EXPECT_FALSE(set.insert(0));
  EXPECT_TRUE(set.contains(0));
  EXPECT_EQ(set.size(), 1u);
}

TEST(VisitedSet, AStateIsVisitedAgainOnlyWithMoreBudget) {
  using Visit = VisitedSet::Visit;
  VisitedSet set(4);
  std::unordered_map<uint64_t, uint16_t> reference;
  std::mt19937_64 rng(3);
  for (int i = 0; i < 50'000; ++i) {
    const uint64_t fp = rng() % 3'000;
    const auto budget = static_cast<uint16_t>(rng() % 40);
    const auto it = reference.find(fp);
    const Visit expected = it == reference.end() ? Visit::kNew
                           : it->second < budget ? Visit::kMoreBudget
                                                 : Visit::kCovered;
    EXPECT_EQ(set.visit(fp, budget), expected) << fp << " " << budget;
    if (expected != Visit::kCovered) reference[fp] = budget;
  }
  EXPECT_EQ(set.size(), reference.size());
  EXPECT_EQ(set.visit(5'000, VisitedSet::kUnbounded), Visit::kNew);
  EXPECT_EQ(set.visit(5'000, 0xFFFE), Visit::kCovered);
}

}  // namespace
}  // namespace zab::search
