// Z3's verdicts against brute force: for every configuration this test generates (up to 9
// servers: majorities, observers, hierarchical groups with weights including zeros, weighted
// observers and ids without a server line), enumerate all 2^n subsets with contains_quorum -- the
// literal translation of ZooKeeper's containsQuorum -- and require the same answers: whether a
// quorum can form and its smallest size, the smallest fatal loss of servers and of groups, and
// whether two configurations (random pairs, and ensembles grown by 1, 2 or 3 servers in one step)
// have disjoint quorums. Every witness Z3 returns is checked too.
#include <gtest/gtest.h>

#include <algorithm>
#include <array>
#include <optional>
#include <random>
#include <vector>

#include "checker/quorum/quorum_analysis.h"
#include "tests/checker/quorum_fixture.h"

namespace zab::flexible {
namespace {

using testing::observer;
using testing::participants;
using testing::system_of;
using testing::without;

constexpr int kIds = 9;  // server ids 1..9
using Mask = uint16_t;   // bit `sid` set: server sid is in the set (SidSet's layout)

SidSet set_of(Mask mask) {
  SidSet out;
  for (int sid = 1; sid <= kIds; ++sid)
    if ((mask >> sid) & 1u) out.insert(NodeId{static_cast<uint8_t>(sid)});
  return out;
}

// Every subset's verdict, by ZooKeeper's own rule.
struct BruteForce {
  const QuorumSystem* system;
  Mask voters = 0;
  std::array<bool, 1u << (kIds + 1)> quorum{};

  explicit BruteForce(const QuorumSystem& s) : system(&s), voters(s.voters.bits()) {
    for (unsigned mask = 0; mask < quorum.size(); mask += 2)  // bit 0 is no server
      quorum[mask] = contains_quorum(s, set_of(static_cast<Mask>(mask)));
  }

  std::optional<int> smallest_quorum() const {
    std::optional<int> best;
    for (Mask sub = voters;; sub = (sub - 1) & voters) {
      if (quorum[sub] && (!best || __builtin_popcount(sub) < *best)) best = __builtin_popcount(sub);
      if (sub == 0) break;
    }
    return best;
  }

  int smallest_fatal_loss() const {
    int best = kIds + 1;
    for (Mask lost = voters;; lost = (lost - 1) & voters) {
      if (!quorum[voters & ~lost]) best = std::min(best, __builtin_popcount(lost));
      if (lost == 0) break;
    }
    return best;
  }

  std::optional<int> smallest_fatal_group_loss() const {
    const auto* h = std::get_if<QuorumHierarchical>(&system->verifier);
    if (!h) return std::nullopt;
    int best = static_cast<int>(h->groups.size()) + 1;
    for (unsigned lost = 0; lost < (1u << h->groups.size()); ++lost) {
      Mask alive = voters;
      for (size_t g = 0; g < h->groups.size(); ++g)
        if ((lost >> g) & 1u) alive &= static_cast<Mask>(~h->groups[g].members.bits());
      if (!quorum[alive]) best = std::min(best, __builtin_popcount(lost));
    }
    return best;
  }
};

// A quorum of `a` and a quorum of `b` sharing no server, by trying every pair of subsets.
bool brute_force_disjoint(const BruteForce& a, const BruteForce& b) {
  for (Mask first = a.voters;; first = (first - 1) & a.voters) {
    if (a.quorum[first]) {
      const Mask rest = b.voters & static_cast<Mask>(~first);
      for (Mask second = rest;; second = (second - 1) & rest) {
        if (b.quorum[second]) return true;
        if (second == 0) break;
      }
    }
    if (first == 0) break;
  }
  return false;
}

// Z3's answers for one configuration, each compared with brute force and its witness checked.
void cross_check(const QuorumSystem& s, const std::string& text) {
  SCOPED_TRACE(text);
  const BruteForce bf(s);
  const std::optional<SidSet> smallest = smallest_quorum(s);
  ASSERT_EQ(smallest.has_value(), bf.smallest_quorum().has_value());
  if (smallest) {
    EXPECT_EQ(smallest->size(), *bf.smallest_quorum());
    EXPECT_TRUE(contains_quorum(s, *smallest));
  }
  const SidSet loss = smallest_fatal_loss(s);
  EXPECT_EQ(loss.size(), bf.smallest_fatal_loss());
  EXPECT_FALSE(contains_quorum(s, without(s.voters, loss)));
  const auto groups = smallest_fatal_group_loss(s);
  ASSERT_EQ(groups.has_value(), bf.smallest_fatal_group_loss().has_value());
  if (groups) {
    EXPECT_EQ(static_cast<int>(groups->size()), *bf.smallest_fatal_group_loss());
    SidSet alive = s.voters;
    for (const uint32_t gid : *groups)
      for (const QuorumGroup& g : std::get<QuorumHierarchical>(s.verifier).groups)
        if (g.gid == gid) alive = without(alive, g.members);
    EXPECT_FALSE(contains_quorum(s, alive));
  }
  EXPECT_EQ(disjoint_quorums(s, s).has_value(), brute_force_disjoint(bf, bf));
}

void cross_check_pair(const QuorumSystem& a, const QuorumSystem& b, const std::string& text) {
  SCOPED_TRACE(text);
  const auto split = disjoint_quorums(a, b);
  ASSERT_EQ(split.has_value(), brute_force_disjoint(BruteForce(a), BruteForce(b)));
  if (!split) return;
  EXPECT_TRUE(contains_quorum(a, split->first));
  EXPECT_TRUE(contains_quorum(b, split->second));
  EXPECT_EQ(split->first.bits() & split->second.bits(), 0);
}

// A random valid zoo.cfg (the lines after the fixed keys) of 1..9 servers.
class ConfigGenerator {
 public:
  explicit ConfigGenerator(uint32_t seed) : rng_(seed) {}

  std::string next() {
    std::vector<int> sids(kIds);
    for (int i = 0; i < kIds; ++i)
      sids[i] = i + 1;
    const int n = pick(1, kIds);
    if (chance(0.5)) std::shuffle(sids.begin(), sids.end(), rng_);  // else 1..n
    std::vector<int> voters, observers;
    for (int i = 0; i < n; ++i)
      (chance(0.2) ? observers : voters).push_back(sids[i]);
    if (voters.empty()) {
      voters.push_back(observers.back());
      observers.pop_back();
    }
    std::sort(voters.begin(), voters.end());
    std::string out;
    if (voters.size() == 1 && (!observers.empty() || chance(0.5)))
      out += "standaloneEnabled=false\n";
    for (const int sid : voters)
      out += participants(sid, sid);
    for (const int sid : observers)
      out += observer(sid);
    if (chance(0.5)) out += groups(voters, observers, {sids.begin() + n, sids.end()});
    return out;
  }

 private:
  int pick(int lo, int hi) { return std::uniform_int_distribution<int>(lo, hi)(rng_); }
  bool chance(double p) { return std::bernoulli_distribution(p)(rng_); }
  int weight() {
    static constexpr std::array<int, 7> kWeights = {0, 1, 1, 1, 2, 3, 5};
    return kWeights[pick(0, kWeights.size() - 1)];
  }

  // group. and weight. lines: every voter in one group; some observers and some ids without a
  // server line in groups too, always with a weight (ZooKeeper dies without one).
  std::string groups(const std::vector<int>& voters, const std::vector<int>& observers,
                     const std::vector<int>& strangers) {
    const int group_count = pick(1, 4);
    std::vector<std::vector<int>> members(group_count);
    std::string weights;
    for (const int sid : voters) {
      members[pick(0, group_count - 1)].push_back(sid);
      if (chance(0.5))
        weights += "weight." + std::to_string(sid) + "=" + std::to_string(weight()) + "\n";
    }
    for (const auto* others : {&observers, &strangers})
      for (const int sid : *others) {
        const bool grouped = chance(0.25);
        if (grouped) members[pick(0, group_count - 1)].push_back(sid);
        if (grouped || chance(0.1))
          weights += "weight." + std::to_string(sid) + "=" + std::to_string(weight()) + "\n";
      }
    std::string out;
    int gid = pick(1, 3);
    for (const auto& group : members) {
      if (group.empty()) continue;
      out += "group." + std::to_string(gid) + "=";
      for (size_t i = 0; i < group.size(); ++i)
        out += (i ? ":" : "") + std::to_string(group[i]);
      out += "\n";
      gid += pick(1, 3);
    }
    return out + weights;
  }

  std::mt19937 rng_;
};

TEST(QuorumBruteForce, RandomConfigurationsAgree) {
  ConfigGenerator generate(20240613);
  int hierarchical = 0, no_quorum = 0;
  for (int i = 0; i < 300; ++i) {
    const std::string text = generate.next();
    const QuorumSystem s = system_of(text);
    hierarchical += std::holds_alternative<QuorumHierarchical>(s.verifier);
    no_quorum += !BruteForce(s).smallest_quorum();
    cross_check(s, text);
  }
  // The generator must reach the interesting cases, or this test proves little.
  EXPECT_GT(hierarchical, 100);
  EXPECT_GT(no_quorum, 5);
}

TEST(QuorumBruteForce, RandomPairsAgree) {
  ConfigGenerator generate(7);
  int disjoint = 0;
  for (int i = 0; i < 300; ++i) {
    const std::string a = generate.next(), b = generate.next();
    const QuorumSystem sa = system_of(a), sb = system_of(b);
    disjoint += brute_force_disjoint(BruteForce(sa), BruteForce(sb));
    cross_check_pair(sa, sb, a + "---\n" + b);
  }
  EXPECT_GT(disjoint, 50);
  EXPECT_LT(disjoint, 250);
}

// Growing (or shrinking) a majority ensemble by k servers in one step: k = 1 is always safe,
// larger steps are not (3 -> 5 is the classic split brain).
TEST(QuorumBruteForce, MembershipChangesAgree) {
  int disjoint = 0;
  for (int n = 1; n <= kIds; ++n)
    for (int k = 1; n + k <= kIds && k <= 3; ++k) {
      const QuorumSystem small = system_of("standaloneEnabled=false\n" + participants(1, n));
      const QuorumSystem large = system_of(participants(1, n + k));
      const std::string text = std::to_string(n) + " -> " + std::to_string(n + k) + " servers";
      cross_check_pair(small, large, text);
      cross_check_pair(large, small, text);
      const bool split = disjoint_quorums(small, large).has_value();
      EXPECT_TRUE(k > 1 || !split) << text;
      disjoint += split;
    }
  EXPECT_GT(disjoint, 5);
}

// Every majority/observer configuration over ids 1..4 (each absent, participant or observer),
// and every pair of those over ids 1..3.
TEST(QuorumBruteForce, EverySmallMajorityConfigurationAgrees) {
  auto configs = [](int ids) {
    std::vector<std::string> out;
    int total = 1;
    for (int i = 0; i < ids; ++i)
      total *= 3;
    for (int code = 0; code < total; ++code) {
      std::string text = "standaloneEnabled=false\n";
      int voters = 0;
      for (int sid = 1, c = code; sid <= ids; ++sid, c /= 3) {
        if (c % 3 == 1) {
          text += participants(sid, sid);
          ++voters;
        } else if (c % 3 == 2) {
          text += observer(sid);
        }
      }
      if (voters > 0) out.push_back(text);
    }
    return out;
  };
  for (const std::string& text : configs(4))
    cross_check(system_of(text), text);
  const auto small = configs(3);
  for (const std::string& a : small)
    for (const std::string& b : small)
      cross_check_pair(system_of(a), system_of(b), a + "---\n" + b);
}

}  // namespace
}  // namespace zab::flexible
