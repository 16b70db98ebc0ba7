// Every trace in counterexamples/corpus/ replays to the verdict written in it: `violates X`
// for bugs still seeded in its configuration, `ok` for fixed ones, and reaches the final-state
// digest written in it. A drifted digest fails: the world's semantics or its hashing changed,
// which must be deliberate (regenerate with scripts/regenerate-corpus.sh and review the diff).
#include <gtest/gtest.h>

#include "checker/world/seeded_bugs.h"
#include "counterexamples/replay.h"
#include "counterexamples/shrink.h"
#include "tests/counterexamples/cx_fixture.h"

namespace zab::cx::testing {
namespace {

std::vector<std::filesystem::path> corpus() {
  std::vector<std::filesystem::path> files;
  for (const auto& e : std::filesystem::directory_iterator(std::string(ZAB_CX_DIR) + "/corpus"))
    if (e.path().extension() == ".trace" || e.path().extension() == ".json")
      files.push_back(e.path());
  std::sort(files.begin(), files.end());
  return files;
}

TEST(Corpus, IsNotEmpty) {
  EXPECT_FALSE(corpus().empty()) << ZAB_CX_DIR << "/corpus";
}

TEST(Corpus, EveryTraceReplaysToItsExpectedVerdict) {
  for (const auto& path : corpus()) {
    SCOPED_TRACE(path.string());
    Trace trace;
    ASSERT_NO_THROW(trace = read_trace(path));
    const ReplayResult r = replay(trace);
    ASSERT_NE(r.outcome, ReplayOutcome::kInconsistent) << describe(trace, r);
    EXPECT_EQ(r.verdict(), trace.expected) << describe(trace, r);
    EXPECT_NE(r.digest_matches(trace), std::optional<bool>(false)) << describe(trace, r);
  }
}

// One trace per seeded bug (scripts/regenerate-corpus.sh writes them from the checker): with the
// bug it violates its property; with the bug switched off the same actions do not (the fixed
// code either stays safe along the path or never takes it: the replay then stops, inconsistent).
TEST(Corpus, EverySeededBugHasATraceThatTheFixRemoves) {
  for (const auto& bug : check::seeded_bugs()) {
    const auto path =
        std::filesystem::path(ZAB_CX_DIR) / "corpus" / (std::string(bug.id) + ".trace");
    SCOPED_TRACE(path.string());
    ASSERT_TRUE(std::filesystem::exists(path));
    Trace trace = read_trace(path);
    EXPECT_EQ(replay(trace).outcome, ReplayOutcome::kViolated);
    std::erase(trace.config.bugs, std::string(bug.id));
    EXPECT_NE(replay(trace).outcome, ReplayOutcome::kViolated);
  }
}

// Writes the corpus's scripted entries. Run by hand after a deliberate change of the world:
//   counterexamples_test --gtest_also_run_disabled_tests --gtest_filter='Corpus.DISABLED_*'
// and review the diff like any other change.
TEST(Corpus, DISABLED_Regenerate) {
  const std::string dir = std::string(ZAB_CX_DIR) + "/corpus/";
  auto save = [&](const std::string& name, const Trace& t) {
    spit(dir + name, format_trace(t, "counterexamples/corpus/" + name));
  };
  // Holds: without the bug, a leader that crashes after logging a write nobody acknowledged
  // loses nothing that was committed; the survivors elect n2 for epoch 2.
  check::RunConfig fixed = commit_before_quorum_config();
  fixed.bugs.clear();
  Script ok(fixed);
  ok.settle();
  ok.take("client write n3");
  ok.take("log-writer n3");
  ok.take("fsync n3");
  ok.take("crash n3 keep-unsynced=0");
  ok.settle();
  ASSERT_FALSE(ok.violation()) << ok.violation()->detail;
  Trace holds = ok.trace("scripted run (tests/counterexamples)");
  holds.property = "committed-never-lost";
  record_expected(holds);
  ASSERT_FALSE(holds.expected.violated);
  save("leader-crash-before-commit.trace", holds);
}

}  // namespace
}  // namespace zab::cx::testing
