// The zabcheck binary as a user (or a CI job) runs it: exit codes 0 / 1 / 2, the JSON summary,
// clear messages for bad flags, the trace a violation writes, and random search's shrinking.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "tests/checker/cli_util.h"

namespace {

using namespace zab::cli_testing;

// The action lines of a trace file: between the header comments and the "----" verdict line.
size_t action_count(const fs::path& trace) {
  std::istringstream in(slurp(trace));
  size_t n = 0;
  for (std::string line; std::getline(in, line);) {
    if (line == "----") break;
    if (!line.empty() && line[0] != '#') ++n;
  }
  return n;
}

TEST(Cli, CheckPrintsOneJsonObjectAndExitsZero) {
  const CommandRun r = zabcheck(
      "check --servers 3 --txns 0 --property single-leader-per-epoch --property no-vote-cycle "
      "--no-progress --json");
  ASSERT_EQ(r.exit_code, 0) << r.out << r.err;
  const auto j = nlohmann::json::parse(r.out);
  EXPECT_EQ(j["result"], "ok");
  EXPECT_TRUE(j["property"].is_null());
  EXPECT_EQ(j["distinct_states"], 1956);  // pinned, like the model tests
  EXPECT_GE(j["states_generated"].get<uint64_t>(), 1956u);
  EXPECT_TRUE(j["trace"].is_null());
  for (const char* key : {"depth", "seconds"})
    EXPECT_TRUE(j.contains(key)) << key;
}

TEST(Cli, CheckFindsASeededBugExitsOneAndWritesAReplayableTrace) {
  const fs::path trace = scratch() / "zk-1154.trace";
  const CommandRun r =
      zabcheck("check --from diverged --txns 0 --bug zk-1154 --no-progress --json --trace-out " +
               quoted(trace));
  ASSERT_EQ(r.exit_code, 1) << r.out << r.err;
  const auto j = nlohmann::json::parse(r.out);
  EXPECT_EQ(j["result"], "violation");
  EXPECT_EQ(j["property"], "prefix-agreement");
  EXPECT_EQ(j["trace"], trace.string());
  ASSERT_TRUE(fs::exists(trace));
  EXPECT_EQ(action_count(trace), j["depth"].get<size_t>());
  EXPECT_EQ(zabcheck("replay " + quoted(trace)).exit_code, 1);
}

TEST(Cli, BadFlagsExitTwoWithAMessageNamingThem) {
  const std::pair<std::string, std::string> cases[] = {
      {"check --servers 0", "--servers 0"},
      {"check --servers 9", "--servers 9"},
      {"check --crashes -1", "--crashes -1"},
      {"check --depth -3", "--depth -3"},
      {"check --threads -2", "--threads -2"},
      {"check --bug zk-0000", "unknown bug 'zk-0000'"},
      {"check --property no-such-thing", "unknown property 'no-such-thing'"},
      {"check --from nowhere", "unknown start state 'nowhere'"},
      {"check --profile weekly", "unknown profile 'weekly'"},
      {"check --servers three", "three"},
      {"simulate --walks 0", "--walks 0"},
      {"simulate --seed -3", "-3"},
      {"simulate --property leader-eventually", "liveness"},
  };
  for (const auto& [args, expected] : cases) {
    SCOPED_TRACE(args);
    const CommandRun r = zabcheck(args + " --no-progress");
    EXPECT_EQ(r.exit_code, 2) << r.out << r.err;
    EXPECT_NE((r.out + r.err).find(expected), std::string::npos) << r.out << r.err;
  }
  const CommandRun r = zabcheck("replay /no/such/file.trace");
  EXPECT_EQ(r.exit_code, 2) << r.out << r.err;
  EXPECT_NE(r.err.find("/no/such/file.trace"), std::string::npos) << r.err;
}

// Without a crash two properties cannot be exercised: the run says so and a profile fails.
TEST(Cli, AVacuousRunSaysSo) {
  const CommandRun r = zabcheck("check --servers 3 --txns 1 --no-progress --json");
  EXPECT_EQ(r.exit_code, 0) << r.out << r.err;
  const auto j = nlohmann::json::parse(r.out);
  EXPECT_EQ(j["result"], "vacuous");
  EXPECT_EQ(j["vacuous_properties"],
            nlohmann::json::array({"committed-never-lost", "primary-integrity"}));
}

TEST(Cli, SimulateShrinksTheFailingWalkAndSaysByHowMuch) {
  const fs::path trace = scratch() / "walk.trace";
  const CommandRun r = zabcheck(
      "simulate --from epoch-skew --txns 0 --bug zk-1419 --walks 200 "
      "--threads 1 --no-progress --json --trace-out " +
      quoted(trace));
  ASSERT_EQ(r.exit_code, 1) << r.out << r.err;
  const auto j = nlohmann::json::parse(r.out);
  EXPECT_EQ(j["property"], "no-vote-cycle");
  const auto walk_length = j["walk_length"].get<size_t>();
  const auto trace_length = j["trace_length"].get<size_t>();
  EXPECT_LE(trace_length, walk_length);
  EXPECT_EQ(action_count(trace), trace_length);
  // The shrunk trace still violates, on the real code.
  EXPECT_EQ(zabcheck("replay " + quoted(trace)).exit_code, 1);
  // Without --json the summary states both lengths; --junit and --report work as on check.
  const fs::path junit = scratch() / "walk.xml";
  const fs::path report = scratch() / "walk-report";
  const CommandRun text = zabcheck(
      "simulate --from epoch-skew --txns 0 --bug zk-1419 --walks 200 "
      "--threads 1 --no-progress --trace-out " +
      quoted(trace) + " --junit " + quoted(junit) + " --report " + quoted(report));
  EXPECT_NE(text.out.find("shrunk from " + std::to_string(walk_length) + " to " +
                          std::to_string(trace_length) + " actions"),
            std::string::npos)
      << text.out;
  const std::string xml = slurp(junit);
  EXPECT_NE(xml.find("<testcase name=\"no-vote-cycle\""), std::string::npos) << xml;
  EXPECT_NE(xml.find("<failure"), std::string::npos) << xml;
  EXPECT_NE(xml.find("<testcase name=\"single-leader-per-epoch\""), std::string::npos) << xml;
  for (const char* file : {"report.md", "report.html", "path.dot"})
    EXPECT_TRUE(fs::exists(report / file)) << file;
}

TEST(Cli, QuickProfilePassesAndPrintsOneLinePerConfiguration) {
  const fs::path junit = scratch() / "quick.xml";
  const CommandRun r = zabcheck("check --profile quick --junit " + quoted(junit));
  EXPECT_EQ(r.exit_code, 0) << r.out << r.err;
  EXPECT_NE(r.out.find("3 servers, 1 txn, 1 crash"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("profile quick: ok"), std::string::npos) << r.out;
  // One JUnit file with a suite per configuration.
  const std::string xml = slurp(junit);
  size_t suites = 0;
  for (size_t at = 0; (at = xml.find("<testsuite ", at)) != std::string::npos; ++at)
    ++suites;
  EXPECT_EQ(suites, 2u) << xml;
  EXPECT_EQ(xml.find("<failure"), std::string::npos) << xml;
}

// The suite a CI job runs on every pull request (about two minutes on two cores): every
// configuration must be non-vacuous and pass.
TEST(Cli, PrProfilePasses) {
  // About 150 s on a 2-core machine alone; a loaded one took over 600 s, the default bound.
  const CommandRun r = zabcheck("check --profile pr", /*timeout_seconds=*/1200);
  EXPECT_EQ(r.exit_code, 0) << r.out << r.err;
  EXPECT_NE(r.out.find("profile pr: ok"), std::string::npos) << r.out;
}

TEST(Cli, ListsNameEveryPropertyAndBug) {
  const CommandRun props = zabcheck("list-properties");
  ASSERT_EQ(props.exit_code, 0);
  for (const char* id :
       {"single-leader-per-epoch", "committed-never-lost", "prefix-agreement", "total-order",
        "primary-integrity", "zxid-monotonic", "epoch-monotonic", "first-ack-after-newleader",
        "replica-consistency", "no-vote-cycle", "session-bucket-expiry", "ephemeral-cleanup",
        "watch-once-in-order", "sync-linearizable", "leader-eventually"})
    EXPECT_NE(props.out.find(id), std::string::npos) << id;
  const CommandRun bugs = zabcheck("list-bugs");
  ASSERT_EQ(bugs.exit_code, 0);
  for (const char* id : {"zk-4643", "zk-4646", "zk-1154", "zk-1419", "zk-1277",
                         "commit-before-quorum", "zk-2355", "zk-1208", "expiry-no-rounding",
                         "zk-3642", "sync-without-quorum-round", "digest-ignores-outstanding"})
    EXPECT_NE(bugs.out.find(id), std::string::npos) << id;
}

}  // namespace
