// The checker finds every seeded bug on the smallest configuration that exposes it, and the
// same configuration without the bug passes. These are the tests of the tester.
#include <algorithm>

#include "tests/checker/checker_util.h"

namespace zab::check::testing {
namespace {

struct BugCase {
  std::string bug;
  RunConfig run;
  std::string property;  // must be among the properties violated at the last step
};

RunConfig faults(RunConfig r, int crashes, int restarts, int drops = 0) {
  r.crashes = crashes;
  r.restarts = restarts;
  r.drops = drops;
  return r;
}

RunConfig recovery(RunConfig r) {
  r.max_epoch = 3;
  r.settle_elections = true;
  return r;
}

RunConfig clients(const char* script, int ticks = 0) {
  RunConfig r = config(1, 0);
  r.clients = 1;
  r.script = script;
  r.ticks = ticks;
  return r;
}

std::vector<BugCase> cases() {
  // The fixed leader gives up at the third write and the next epoch is out of bounds, which
  // keeps the bug-free run small; the buggy one carries into epoch 2 within epoch 1.
  auto overflow = config(3, 4, "elected");
  overflow.counter_bits = 2;
  overflow.max_epoch = 1;
  return {
      {"zk-1419", config(3, 0, "epoch-skew"), "no-vote-cycle"},
      {"zk-1277", overflow, "zxid-monotonic"},
      {"commit-before-quorum", faults(config(3, 1, "elected"), 1, 0), "committed-never-lost"},
      {"zk-1154", config(3, 0, "diverged"), "prefix-agreement"},
      {"zk-2355", faults(config(3, 0, "lagging"), 0, 0, 1), "replica-consistency"},
      {"zk-4643", recovery(faults(config(3, 0, "lagging-one-down"), 2, 2)),
       "committed-never-lost"},
      {"zk-4646", recovery(faults(config(3, 0, "unlogged-reelected"), 3, 2)),
       "committed-never-lost"},
      {"zk-1208", clients("pipelined-close"), "ephemeral-cleanup"},
      {"expiry-no-rounding", clients("vanish", 8), "session-bucket-expiry"},
  };
}

class SeededBug : public ::testing::TestWithParam<BugCase> {};

TEST_P(SeededBug, IsFoundAndTheFixedCodePasses) {
  const BugCase& c = GetParam();
  RunConfig buggy = c.run;
  buggy.bugs = {c.bug};
  const auto found = explore(buggy);
  ASSERT_TRUE(found.result.violation) << c.bug << " not found in " << found.result.distinct
                                      << " states";
  EXPECT_NE(std::find(found.all_violated.begin(), found.all_violated.end(), c.property),
            found.all_violated.end())
      << c.bug << " violated " << found.result.violation->property << ": "
      << found.result.violation->detail;
  const auto fixed = explore(c.run);
  EXPECT_FALSE(fixed.result.violation)
      << "without " << c.bug << ": " << fixed.result.violation->property << ": "
      << fixed.result.violation->detail;
  EXPECT_FALSE(fixed.result.bounded && fixed.result.distinct == 0);
}

INSTANTIATE_TEST_SUITE_P(Bugs, SeededBug, ::testing::ValuesIn(cases()),
                         [](const auto& info) {
                           std::string name = info.param.bug;
                           std::replace(name.begin(), name.end(), '-', '_');
                           return name;
                         });

TEST(SeededBugs, EveryBugHasACase) {
  std::vector<std::string> covered;
  for (const auto& c : cases()) covered.push_back(c.bug);
  for (const auto& info : all_bugs())
    EXPECT_NE(std::find(covered.begin(), covered.end(), info.name), covered.end()) << info.name;
}

}  // namespace
}  // namespace zab::check::testing
