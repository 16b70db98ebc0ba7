// `zabcheck fuzz`'s scenarios in process (label `property`): the bug-free code holds under
// RapidCheck scenarios from the steady start (RC_PARAMS in CMake fixes the seed and run count),
// a scenario is a function of itself (the same scenario, the same run), and the driver finds a
// seeded bug and shrinks its scenario to one that still violates the same property.
#include "checker/fuzz/fuzz.h"

#include <gtest/gtest.h>
#include <rapidcheck/gtest.h>

#include "checker/fuzz/generators.h"
#include "checker/world/run_config.h"

namespace zab::fuzz {
namespace {

// The blind start of issue 17, with or without a seeded bug; partitions and drops optional.
struct Blind {
  explicit Blind(std::vector<std::string> bugs = {}, int partitions = 0, int drops = 0) {
    run.from = "steady";
    run.writes = 2;
    run.crashes = 2;
    run.restarts = 2;
    run.max_epoch = 3;
    run.partitions = partitions;
    run.drops = drops;
    run.bugs = std::move(bugs);
    cfg = run.world_config();
    start.emplace(check::start_world(cfg, run.from));
  }
  check::RunConfig run;
  check::WorldConfig cfg;
  std::optional<check::World> start;
  props::PropertySet properties = props::PropertySet::all_safety();
  check::WorldModel model{properties};
};

const Blind& bug_free() {
  static const Blind blind({}, 2, 1);
  return blind;
}

RC_GTEST_PROP(FuzzProperty, BugFreeCodeHoldsFromSteady, ()) {
  const auto& b = bug_free();
  const Scenario scenario = *scenario_gen(3);
  const ScenarioRun run = run_scenario(b.model, *b.start, scenario);
  RC_ASSERT(!run.violation.has_value());
  RC_ASSERT(run.actions.size() <= 400u);
}

RC_GTEST_PROP(FuzzProperty, SameScenarioSameRun, ()) {
  const auto& b = bug_free();
  const Scenario scenario = *scenario_gen(3);
  const ScenarioRun first = run_scenario(b.model, *b.start, scenario);
  const ScenarioRun second = run_scenario(b.model, *b.start, scenario);
  RC_ASSERT(first.actions == second.actions);
  RC_ASSERT(first.faults_taken == second.faults_taken);
}

// Faults are taken, not all skipped: the steps reach their protocol points.
TEST(Fuzz, StepsReachTheirMoments) {
  const auto& b = bug_free();
  int taken = 0, skipped = 0;
  for (int run = 0; run < 200; ++run) {
    const ScenarioRun r = run_scenario(b.model, *b.start, generate(7, run, 20, 3).value());
    taken += r.faults_taken;
    skipped += r.faults_skipped;
  }
  EXPECT_GT(taken, 200);
  EXPECT_GT(skipped, 0);  // budgets run out: a fault past them is skipped, not an error
}

TEST(Fuzz, FindsASeededBugAndShrinksItsScenario) {
  const Blind b({"zk-2355"});
  FuzzOptions o;
  o.seed = 1;
  o.runs = 5000;
  const FuzzResult r = fuzz(b.model, *b.start, o);
  ASSERT_TRUE(r.failure.has_value());
  const FuzzFailure& f = *r.failure;
  EXPECT_EQ(f.shrunk_run.violation->property, "replica-consistency");
  EXPECT_LE(f.shrunk.steps.size(), f.scenario.steps.size());
  // The shrunk scenario reproduces on its own.
  const ScenarioRun again = run_scenario(b.model, *b.start, f.shrunk);
  ASSERT_TRUE(again.violation.has_value());
  EXPECT_EQ(again.actions, f.shrunk_run.actions);
  // And the same fuzz finds the same run.
  const FuzzResult same = fuzz(b.model, *b.start, o);
  ASSERT_TRUE(same.failure.has_value());
  EXPECT_EQ(same.failure->run, f.run);
  EXPECT_EQ(same.failure->shrunk, f.shrunk);
}

TEST(Fuzz, BugFreeDriverRunsClean) {
  const Blind b;
  FuzzOptions o;
  o.seed = 3;
  o.runs = 2000;
  const FuzzResult r = fuzz(b.model, *b.start, o);
  EXPECT_FALSE(r.failure.has_value()) << r.failure->shrunk_run.violation->detail;
  EXPECT_EQ(r.runs, 2000u);
}

}  // namespace
}  // namespace zab::fuzz
