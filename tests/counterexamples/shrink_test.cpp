// Shrinking: padded traces come back minimal, never longer, still violating the same property;
// the configuration shrinks where the trace still applies; minimal traces stay as they are.
#include "counterexamples/shrink.h"

#include <gtest/gtest.h>

#include "tests/counterexamples/cx_fixture.h"

namespace zab::cx::testing {
namespace {

void expect_still_violates(const Trace& t, std::string_view property) {
  const ReplayResult r = replay(t);
  ASSERT_EQ(r.outcome, ReplayOutcome::kViolated) << describe(t, r);
  EXPECT_EQ(r.violation->property, property);
  EXPECT_EQ(r.violation_step, t.actions.size());
  EXPECT_EQ(t.expected, r.verdict());
  EXPECT_EQ(t.digest, r.digest);
}

// 1-minimal: dropping any single line loses the violation under the shrinker's own rules
// (a line that is not enabled is skipped).
bool still_violates_without(const Trace& t, size_t drop) {
  Trace candidate = t;
  candidate.actions.erase(candidate.actions.begin() + static_cast<std::ptrdiff_t>(drop));
  const check::WorldConfig wc = t.config.world_config();
  check::World world = check::start_world(wc, t.config.from);
  const auto props = props::PropertySet::named({t.property});
  std::vector<check::Action> enabled;
  for (const auto& line : candidate.actions) {
    world.actions(enabled);
    for (const auto& a : enabled) {
      if (world.name(a) != line) continue;
      const check::World before = world;
      world.perform(a);
      if (props.check(&before, &a, world)) return true;
      break;
    }
  }
  return false;
}

TEST(Shrink, PaddedTraceShrinksBackToAMinimalOne) {
  const Trace original = commit_before_quorum_run().trace();
  const Trace padded = commit_before_quorum_run(/*observers=*/0, /*pad=*/true).trace();
  ASSERT_GT(padded.actions.size(), original.actions.size());
  auto is_pad = [](const std::string& line) { return line.starts_with("fire n3 leader-ping"); };
  ASSERT_NE(std::find_if(padded.actions.begin(), padded.actions.end(), is_pad),
            padded.actions.end());

  const ShrinkResult r = shrink(padded);
  EXPECT_EQ(r.length_before, padded.actions.size());
  EXPECT_EQ(r.length_after, r.trace.actions.size());
  EXPECT_LE(r.length_after, original.actions.size());
  EXPECT_LT(r.length_after, padded.actions.size());
  expect_still_violates(r.trace, "committed-never-lost");
  EXPECT_EQ(std::find_if(r.trace.actions.begin(), r.trace.actions.end(), is_pad),
            r.trace.actions.end());
  EXPECT_EQ(r.trace.config.timeouts, 0) << "budgets are cut to what the trace uses";
  EXPECT_FALSE(r.replays_exhausted);
  for (size_t i = 0; i < r.trace.actions.size(); ++i)
    EXPECT_FALSE(still_violates_without(r.trace, i))
        << "line " << i << " is not needed: " << r.trace.actions[i];
  EXPECT_NE(r.trace.found_by.find("shrunk from"), std::string::npos) << r.trace.found_by;
}

TEST(Shrink, ObserverThatDoesNotMatterIsRemovedFromTheConfiguration) {
  const Trace with_observer = commit_before_quorum_run(/*observers=*/1).trace();
  ASSERT_EQ(with_observer.config.observers, 1);
  const ShrinkResult r = shrink(with_observer);
  EXPECT_EQ(r.trace.config.observers, 0);
  EXPECT_EQ(r.trace.config.servers, 3);
  EXPECT_LT(r.length_after, r.length_before);
  expect_still_violates(r.trace, "committed-never-lost");
  for (const auto& line : r.trace.actions)
    EXPECT_EQ(line.find("n4"), std::string::npos) << line;
}

TEST(Shrink, MinimalTraceComesBackAtTheSameLength) {
  const Trace once = shrink(commit_before_quorum_run().trace()).trace;
  const ShrinkResult twice = shrink(once);
  EXPECT_EQ(twice.length_after, once.actions.size());
  EXPECT_EQ(twice.trace.actions, once.actions);
  EXPECT_EQ(twice.trace.found_by, once.found_by) << "nothing changed, so nothing is claimed";
}

TEST(Shrink, ActionsAfterTheViolationAreCut) {
  Trace t = commit_before_quorum_run().trace();
  const size_t length = t.actions.size();
  t.actions.push_back("fsync n1");
  t.actions.push_back("deliver n2->n1 quorum UPTODATE");
  const ShrinkResult r = shrink(t);
  EXPECT_LE(r.length_after, length);
  expect_still_violates(r.trace, "committed-never-lost");
}

TEST(Shrink, ReplayBudgetIsRespectedAndNeverLengthens) {
  const Trace padded = commit_before_quorum_run(0, true).trace();
  const ShrinkResult r = shrink(padded, ShrinkOptions{5});
  EXPECT_TRUE(r.replays_exhausted);
  EXPECT_LE(r.replays, 6);  // the bound, plus the final check of the budgets it may skip
  EXPECT_LE(r.length_after, padded.actions.size());
  expect_still_violates(r.trace, "committed-never-lost");
}

TEST(Shrink, RefusesTracesThatDoNotViolate) {
  Trace t = commit_before_quorum_run().trace();
  t.actions.resize(10);
  EXPECT_THROW(shrink(t), ShrinkError);
  t.actions[3] = "restart n9";
  try {
    shrink(t);
    FAIL() << "an inconsistent trace cannot be shrunk";
  } catch (const ShrinkError& e) {
    EXPECT_NE(std::string(e.what()).find("inconsistent"), std::string::npos) << e.what();
  }
}

}  // namespace
}  // namespace zab::cx::testing
