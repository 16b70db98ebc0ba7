#include "impl/data/persistent_map.h"

#include <fmt/format.h>
#include <gtest/gtest.h>

#include <cmath>
#include <map>
#include <random>
#include <string>

namespace zab::data {
namespace {

using Map = PersistentMap<std::string, int>;

TEST(DataPersistentMap, MatchesStdMapUnderRandomInsertsAndErases) {
  std::mt19937 rng(42);
  Map map;
  std::map<std::string, int> reference;
  for (int step = 0; step < 5000; ++step) {
    const auto key = std::to_string(rng() % 300);
    if (rng() % 3 == 0) {
      map = map.erase(key);
      reference.erase(key);
    } else {
      const int value = static_cast<int>(rng() % 1000);
      map = map.insert(key, value);
      reference[key] = value;
    }
    ASSERT_EQ(map.size(), reference.size());
  }
  auto it = reference.begin();
  for (const auto& [key, value] : map) {
    ASSERT_NE(it, reference.end());
    EXPECT_EQ(key, it->first);
    EXPECT_EQ(value, it->second);
    ++it;
  }
  EXPECT_EQ(it, reference.end());
  for (const auto& [key, value] : reference) {
    const int* found = map.find(std::string_view(key));
    ASSERT_NE(found, nullptr);
    EXPECT_EQ(*found, value);
  }
  EXPECT_EQ(map.find(std::string_view("missing")), nullptr);
}

TEST(DataPersistentMap, StaysBalanced) {
  Map map;
  for (int i = 0; i < 4096; ++i)
    map = map.insert(fmt::format("{:06d}", i), i);  // sorted inserts
  // AVL: height < 1.44 log2(n + 2).
  EXPECT_LE(map.height(), static_cast<int>(1.44 * std::log2(4096 + 2)));
  for (int i = 0; i < 4096; i += 2)
    map = map.erase(fmt::format("{:06d}", i));
  EXPECT_EQ(map.size(), 2048u);
  EXPECT_LE(map.height(), static_cast<int>(1.44 * std::log2(2048 + 2)));
}

TEST(DataPersistentMap, OldVersionsAreUntouched) {
  const Map v1 = Map{}.insert("a", 1).insert("b", 2);
  const Map v2 = v1.insert("c", 3).insert("a", 10);
  const Map v3 = v2.erase("b");
  EXPECT_EQ(v1.size(), 2u);
  EXPECT_EQ(*v1.find(std::string_view("a")), 1);
  EXPECT_EQ(v1.find(std::string_view("c")), nullptr);
  EXPECT_EQ(*v2.find(std::string_view("a")), 10);
  EXPECT_NE(v2.find(std::string_view("b")), nullptr);
  EXPECT_EQ(v3.find(std::string_view("b")), nullptr);
  EXPECT_FALSE(v1 == v2);
  EXPECT_TRUE(v3 == Map{}.insert("c", 3).insert("a", 10));
}

TEST(DataPersistentMap, AnUpdateSharesAlmostEveryNode) {
  Map map;
  for (int i = 0; i < 1024; ++i)
    map = map.insert(fmt::format("{:04d}", i), i);
  const Map next = map.insert("0500", -1);
  int shared = 0;
  for (int i = 0; i < 1024; ++i) {
    const auto key = fmt::format("{:04d}", i);
    if (map.find(key) == next.find(key)) ++shared;  // same address: the node was not copied
  }
  EXPECT_GE(shared, 1024 - 12);  // only the path to "0500" was copied
  EXPECT_EQ(*map.find(std::string_view("0500")), 500);
}

TEST(DataPersistentMap, EraseOfAMissingKeyReturnsTheSameVersion) {
  const Map map = Map{}.insert("a", 1);
  EXPECT_TRUE(map.erase("zz").shares_root_with(map));
}

}  // namespace
}  // namespace zab::data
