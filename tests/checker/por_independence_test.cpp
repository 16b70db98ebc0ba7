// The sleep sets' independence relation (WorldModel::por_bit / por_conflicts / por_independent),
// checked on the world itself rather than trusted: from states reached by seeded random walks,
// every pair of enabled actions the relation calls independent must commute (either order
// reaches the same fingerprint), neither may disable the other, and an action independent before
// the other ran must still be independent after it (what lets it sleep). Issue 16 asks for
// this check before any reduction grows beyond FLE deliveries.
#include <random>

#include "checker/explore/world_model.h"
#include "tests/checker/checker_util.h"

namespace zab::check::testing {
namespace {

// Both declared independent of each other at `s`: sleep-set candidates with disjoint conflicts,
// and each leaves its receiver's role unchanged.
bool declared_independent(const WorldModel& m, const World& s, const Action& a, const Action& b,
                          World& after_a, World& after_b) {
  if (!m.por_bit(a) || !m.por_bit(b) || (m.por_conflicts(a) & m.por_bit(b))) return false;
  m.perform(after_a, a);
  m.perform(after_b, b);
  return m.por_independent(s, a, after_a) && m.por_independent(s, b, after_b);
}

// Checks every declared-independent pair enabled at `s`.
void check_pairs(const WorldModel& m, const World& s, int& pairs) {
  std::vector<Action> enabled;
  m.actions(s, enabled);
  for (size_t i = 0; i < enabled.size(); ++i)
    for (size_t j = i + 1; j < enabled.size(); ++j) {
      const Action& a = enabled[i];
      const Action& b = enabled[j];
      World sa = s, sb = s;
      if (!declared_independent(m, s, a, b, sa, sb)) continue;
      const std::string na = m.name(s, a), nb = m.name(s, b);
      SCOPED_TRACE(na + "  |  " + nb);
      const auto b_after_a = m.parse(sa, nb);
      const auto a_after_b = m.parse(sb, na);
      ASSERT_TRUE(b_after_a) << "a disabled b";
      ASSERT_TRUE(a_after_b) << "b disabled a";
      World sab = sa, sba = sb;
      m.perform(sab, *b_after_a);
      m.perform(sba, *a_after_b);
      EXPECT_EQ(m.fingerprint(sab), m.fingerprint(sba)) << "the two orders differ";
      EXPECT_TRUE(m.por_independent(sb, *a_after_b, sba)) << "a stopped being independent";
      EXPECT_TRUE(m.por_independent(sa, *b_after_a, sab)) << "b stopped being independent";
      ++pairs;
    }
}

// Seeded walks of at most `depth` steps; every state on them is checked.
int walk_and_check(const RunConfig& run, uint64_t seed, int walks, int depth) {
  set_assertions_throw(true);
  const WorldConfig cfg = run.world_config();
  const auto properties = props::PropertySet::named({});
  const WorldModel m(properties);
  std::mt19937_64 rng(seed);
  int pairs = 0;
  for (int w = 0; w < walks; ++w) {
    World s = start_world(cfg, run.from);
    std::vector<Action> enabled;
    for (int step = 0; step < depth; ++step) {
      check_pairs(m, s, pairs);
      if (::testing::Test::HasFatalFailure()) return pairs;
      enabled.clear();
      m.actions(s, enabled);
      if (enabled.empty() || !m.within_bounds(s)) break;
      m.perform(s, enabled[rng() % enabled.size()]);
    }
  }
  return pairs;
}

TEST(PorIndependence, DeclaredIndependentDeliveriesCommuteInThreeServerElections) {
  const int pairs = walk_and_check(config(3, 1), 1, 60, 60);
  EXPECT_GT(pairs, 500);  // not vacuous: the walks meet many concurrent notifications
}

TEST(PorIndependence, AndWithFiveServersCrashesAndRestarts) {
  RunConfig run = config(5, 1);
  run.crashes = 2;
  run.restarts = 2;
  const int pairs = walk_and_check(run, 7, 40, 80);
  EXPECT_GT(pairs, 500);
}

TEST(PorIndependence, AndFromASteadyEnsembleWithFaults) {
  RunConfig run = config(3, 2, "steady");
  run.crashes = 2;
  run.restarts = 2;
  run.max_epoch = 3;
  const int pairs = walk_and_check(run, 3, 60, 80);
  EXPECT_GT(pairs, 100);
}

}  // namespace
}  // namespace zab::check::testing
