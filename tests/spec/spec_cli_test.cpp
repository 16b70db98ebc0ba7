// `zabcheck spec` end to end: exit codes, the summary and JSON, the counterexample trace and its
// replay through `zabcheck replay`, bad flags and bad traces.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "tests/checker/cli_util.h"

namespace zab::cli_testing {
namespace {

TEST(SpecCli, BugFreeIsOkAndSaysWhatItReached) {
  const auto r = zabcheck("spec --txns 1 --crashes 0 --restarts 0 --no-progress", 120);
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.out.find("result: ok: no property violated within the bounds"), std::string::npos)
      << r.out;
  EXPECT_NE(r.out.find("3,880 distinct states"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("reached: leader-established write-committed re-election"),
            std::string::npos);
}

TEST(SpecCli, JsonSummary) {
  const auto r = zabcheck("spec --txns 0 --crashes 0 --restarts 0 --json", 120);
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const auto j = nlohmann::json::parse(r.out);
  EXPECT_EQ(j["result"], "vacuous");  // no txns: write-committed cannot be reached
  EXPECT_EQ(j["distinct_states"], 1267);
  EXPECT_EQ(j["unreached"], nlohmann::json::array({"write-committed"}));
}

TEST(SpecCli, ViolationWritesATraceThatReplays) {
  const fs::path trace = scratch() / "spec-no-sync.trace";
  const auto r = zabcheck("spec --bug no-sync --no-progress --trace-out " + quoted(trace), 120);
  ASSERT_EQ(r.exit_code, 1) << r.out << r.err;
  EXPECT_NE(r.out.find("result: VIOLATION of committed-never-lost"), std::string::npos) << r.out;
  const std::string text = slurp(trace);
  EXPECT_NE(text.find("# model: spec\n"), std::string::npos);
  const auto replayed = zabcheck("replay " + quoted(trace), 60);
  EXPECT_EQ(replayed.exit_code, 1) << replayed.out << replayed.err;
  EXPECT_NE(replayed.out.find("violated at step 27"), std::string::npos) << replayed.out;
  const auto j = nlohmann::json::parse(zabcheck("replay --json " + quoted(trace), 60).out);
  EXPECT_EQ(j["outcome"], "violated");
  // The same actions on the bug-free spec do not violate it: replay says so with exit 0 or
  // stops at the first step the bug-free spec does not enable (exit 2).
  std::string fixed = text;
  fixed.replace(fixed.find("\"no-sync\""), 9, "\"none\"");
  spit(scratch() / "fixed.trace", fixed);
  const auto on_fixed = zabcheck("replay " + quoted(scratch() / "fixed.trace"), 60);
  EXPECT_TRUE(on_fixed.exit_code == 0 || on_fixed.exit_code == 2) << on_fixed.out;
}

TEST(SpecCli, DfsAndRandomWalksFindBugsToo) {
  EXPECT_EQ(zabcheck("spec --bug commit-without-quorum --dfs --no-progress", 120).exit_code, 1);
  const auto walks =
      zabcheck("spec --bug commit-without-quorum --random-walks 2000 --seed 3 --json", 120);
  ASSERT_EQ(walks.exit_code, 1) << walks.err;
  const auto j = nlohmann::json::parse(walks.out);
  EXPECT_EQ(zabcheck("replay " + quoted(scratch() / j["trace"].get<std::string>()), 60).exit_code,
            1);
}

// A walk's counterexample is shrunk before it is written; `zabcheck shrink` and `report` take
// spec traces like implementation traces, and `replay --report` writes the reports too.
TEST(SpecCli, WalkTracesAreShrunkAndReportsAreWritten) {
  const fs::path trace = scratch() / "walk.trace";
  const auto walks = zabcheck(
      "spec --bug counter-restarts --txns 2 --random-walks 5000 --seed 7 --json --trace-out " +
          quoted(trace),
      120);
  ASSERT_EQ(walks.exit_code, 1) << walks.err;
  const auto j = nlohmann::json::parse(walks.out);
  EXPECT_EQ(j["shrunk_from"], 19);
  EXPECT_EQ(j["trace_steps"], 6);  // one server: elect, epoch, sync, two proposals
  const std::string text = slurp(trace);
  EXPECT_NE(text.find("shrunk from 19 to 6 actions"), std::string::npos) << text;
  EXPECT_NE(text.find("# reproduce: zabcheck spec --servers 1 --txns 2 --crashes 0"),
            std::string::npos)
      << text;

  const auto again =
      zabcheck("shrink " + quoted(trace) + " -o " + quoted(scratch() / "w2.trace"), 60);
  EXPECT_EQ(again.exit_code, 0) << again.err;
  EXPECT_NE(again.out.find("(spec): 6 -> 6 actions"), std::string::npos) << again.out;

  const auto report = zabcheck("report " + quoted(trace) + " -o " + quoted(scratch() / "rep"), 60);
  EXPECT_EQ(report.exit_code, 0) << report.err;
  EXPECT_NE(report.out.find("violated zxid-monotonic at step 6 of 6 (propose s1)"),
            std::string::npos)
      << report.out;
  EXPECT_NE(slurp(scratch() / "rep" / "report.html").find("<svg class=\"roles\""),
            std::string::npos);
  const auto replayed =
      zabcheck("replay --report " + quoted(scratch() / "rep2") + " " + quoted(trace), 60);
  EXPECT_EQ(replayed.exit_code, 1) << replayed.err;
  EXPECT_TRUE(fs::exists(scratch() / "rep2" / "path.dot"));

  // A trace whose property holds has nothing to shrink; --junit is for implementation traces.
  std::string fixed = text;
  fixed.replace(fixed.find("\"counter-restarts\""), 18, "\"none\"");
  spit(scratch() / "fixed.trace", fixed);
  const auto refused = zabcheck(
      "shrink " + quoted(scratch() / "fixed.trace") + " -o " + quoted(scratch() / "f2"), 60);
  EXPECT_EQ(refused.exit_code, 2);
  EXPECT_NE(refused.err.find("does not violate zxid-monotonic"), std::string::npos) << refused.err;
  EXPECT_EQ(
      zabcheck("replay --junit " + quoted(scratch() / "j.xml") + " " + quoted(trace), 60).exit_code,
      2);
}

// Bounded model checking with Z3: the counterexample is a spec trace like BFS's, at BFS's depth.
TEST(SpecCli, SmtFindsTheViolationAndItsTraceReplays) {
  const fs::path trace = scratch() / "spec-smt.trace";
  const std::string bounds =
      "--bug counter-restarts --txns 2 --crashes 0 --restarts 0 --timeouts 0 --servers 2";
  const auto r =
      zabcheck("spec " + bounds + " --smt --depth 12 --json --trace-out " + quoted(trace), 300);
  ASSERT_EQ(r.exit_code, 1) << r.out << r.err;
  const auto j = nlohmann::json::parse(r.out);
  EXPECT_EQ(j["property"], "zxid-monotonic");
  EXPECT_EQ(j["depth"], 9);
  ASSERT_EQ(j["smt_depths"].size(), 9u);
  EXPECT_EQ(j["smt_depths"][8]["violated"], true);
  EXPECT_EQ(j["smt_depths"][7]["violated"], false);
  const auto replayed = zabcheck("replay " + quoted(trace), 60);
  EXPECT_EQ(replayed.exit_code, 1) << replayed.out << replayed.err;
  EXPECT_NE(replayed.out.find("violated at step 9"), std::string::npos) << replayed.out;
  // Step by step: each action, then the abstract state after it.
  const auto stepped = zabcheck("replay --step " + quoted(trace), 60);
  EXPECT_EQ(stepped.exit_code, 1) << stepped.err;
  EXPECT_NE(stepped.out.find("   0  (start)\n      s1 LOOKING"), std::string::npos) << stepped.out;
  EXPECT_NE(stepped.out.find("\n   9  propose s"), std::string::npos) << stepped.out;
  const auto by_bfs = nlohmann::json::parse(zabcheck("spec " + bounds + " --json", 120).out);
  EXPECT_EQ(by_bfs["depth"], 9);  // BFS's shortest counterexample is as long

  const auto ok =
      zabcheck("spec --txns 1 --crashes 0 --restarts 0 --timeouts 0 --smt --depth 6", 300);
  EXPECT_EQ(ok.exit_code, 0) << ok.out << ok.err;
  EXPECT_NE(ok.out.find("result: ok: no property violated in 6 steps or fewer"), std::string::npos)
      << ok.out;
}

// --dfs without --depth: the bug-free spec is exhausted round by round ("ok", complete), and a
// seeded bug is found in the first round whose bound reaches BFS's depth (17).
TEST(SpecCli, DfsDeepensRoundByRound) {
  const auto ok = zabcheck("spec --txns 1 --crashes 0 --restarts 0 --dfs --no-progress", 120);
  EXPECT_EQ(ok.exit_code, 0) << ok.err;
  EXPECT_NE(ok.out.find("result: ok: no property violated"), std::string::npos) << ok.out;
  EXPECT_NE(ok.out.find("3,880 distinct states"), std::string::npos) << ok.out;
  EXPECT_NE(ok.out.find("iterative deepening: complete at depth "), std::string::npos) << ok.out;
  const auto j = nlohmann::json::parse(
      zabcheck("spec --txns 1 --crashes 0 --restarts 0 --dfs --json", 120).out);
  EXPECT_EQ(j["result"], "ok");
  EXPECT_EQ(j["deepening"]["complete"], true) << j.dump(2);

  const auto found = zabcheck(
      "spec --bug commit-without-quorum --property primary-integrity --dfs --json "
      "--trace-out cwq.trace",
      120);
  ASSERT_EQ(found.exit_code, 1) << found.err;
  const auto v = nlohmann::json::parse(found.out);
  EXPECT_EQ(v["deepening"]["complete"], false);
  EXPECT_EQ(v["deepening"]["bound"], 24);  // 16 < 17 <= 24
  const std::string text = slurp(scratch() / "cwq.trace");
  EXPECT_NE(text.find("dfs bound 24 depth "), std::string::npos) << text;
  const auto replayed = zabcheck("replay " + quoted(scratch() / "cwq.trace"), 60);
  EXPECT_EQ(replayed.exit_code, 1) << replayed.out << replayed.err;
}

TEST(SpecCli, BadFlagsAndTracesExitTwo) {
  for (const char* args :
       {"spec --servers 0", "spec --servers 6", "spec --bug nosuch", "spec --max-epoch 0",
        "spec --property nosuch", "spec --dfs --random-walks 5", "spec --txns -1",
        "spec --trace-out /nonexistent/dir/x.trace", "spec --dfs --depth 65535", "spec --smt",
        "spec --smt --depth 5 --dfs", "spec --smt --depth 5 --txns 16"}) {
    const auto r = zabcheck(args, 30);
    EXPECT_EQ(r.exit_code, 2) << args << ": " << r.out << r.err;
    EXPECT_NE(r.err.find("zabcheck"), std::string::npos) << args;
  }
  spit(scratch() / "bad.trace",
       "# zabcheck-trace 1\n# model: spec\n# property: prefix-agreement\n"
       "# config: {\"servers\":3}\nelect s1\n----\nviolates x: y\n");
  const auto bad = zabcheck("replay " + quoted(scratch() / "bad.trace"), 30);
  EXPECT_EQ(bad.exit_code, 2);
  EXPECT_NE(bad.err.find("line 4"), std::string::npos) << bad.err;
  spit(scratch() / "wrong.trace",
       "# zabcheck-trace 1\n# model: spec\n# property: prefix-agreement\n# config: "
       "{\"servers\":3,\"txns\":1,\"crashes\":1,\"restarts\":1,\"timeouts\":1,\"max_epoch\":2,"
       "\"bug\":\"none\"}\ncommit s1\n----\nviolates prefix-agreement: y\n");
  const auto wrong = zabcheck("replay " + quoted(scratch() / "wrong.trace"), 30);
  EXPECT_EQ(wrong.exit_code, 2);
  EXPECT_NE(wrong.err.find("'commit s1' is not enabled"), std::string::npos) << wrong.err;
}

}  // namespace
}  // namespace zab::cli_testing
