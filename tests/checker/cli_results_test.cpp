// No false "ok": every explorer either checks every kind of property it is given or refuses the
// run, and a profile validates what it is given like a single check does.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "tests/checker/cli_util.h"

namespace {

using namespace zab::cli_testing;

std::string fmt_bound(int bound) {
  return "complete at depth " + std::to_string(bound) + " (";
}

struct Combination {
  std::string explorer;  // the flags that pick it
  std::string kind;      // invariant | transition | liveness
  std::string args;      // a configuration and property of that kind
  int exit_code;         // 1: the seeded bug found (the property was checked); 0 ok; 2 refused
  std::string says;      // in stdout + stderr
};

// For each explorer and each kind of property: a seeded bug that breaks a property of that kind
// must be found (so the property is really checked), and a kind the explorer cannot check must
// be refused naming the combination. Invariant: no-vote-cycle (ZOOKEEPER-1419); transition:
// zxid-monotonic (ZOOKEEPER-1277); liveness: leader-eventually.
std::vector<Combination> combinations() {
  const std::string invariant = "--from epoch-skew --txns 0 --bug zk-1419 --property no-vote-cycle";
  const std::string transition =
      "--from elected --txns 4 --counter-bits 2 --max-epoch 1 --bug zk-1277 --property "
      "zxid-monotonic";
  const std::string liveness = "--txns 0 --property leader-eventually";
  const std::string walks = " --walks 300 --threads 1";
  return {
      {"check", "invariant", "check " + invariant, 1, "VIOLATION of no-vote-cycle"},
      {"check", "transition", "check " + transition, 1, "VIOLATION of zxid-monotonic"},
      {"check", "liveness", "check " + liveness, 0, "leader-eventually: holds"},
      {"check --dfs", "invariant", "check --dfs " + invariant, 1, "VIOLATION of no-vote-cycle"},
      {"check --dfs", "transition", "check --dfs " + transition, 1, "VIOLATION of zxid-monotonic"},
      {"check --dfs", "liveness", "check --dfs " + liveness, 2,
       "--dfs cannot check --property leader-eventually"},
      {"simulate", "invariant", "simulate " + invariant + walks, 1, "VIOLATION of no-vote-cycle"},
      {"simulate", "transition", "simulate " + transition + walks, 1,
       "VIOLATION of zxid-monotonic"},
      {"simulate", "liveness", "simulate " + liveness + walks, 2,
       "leader-eventually is a liveness property, which random walks cannot check"},
  };
}

TEST(CliResults, EveryExplorerChecksEveryPropertyKindOrRefusesIt) {
  for (const auto& c : combinations()) {
    SCOPED_TRACE(c.explorer + " x " + c.kind);
    const CommandRun r = zabcheck(c.args + " --no-progress");
    EXPECT_EQ(r.exit_code, c.exit_code) << r.out << r.err;
    EXPECT_NE((r.out + r.err).find(c.says), std::string::npos) << r.out << r.err;
  }
}

TEST(CliResults, DfsWithGraphIsRefused) {
  const CommandRun r = zabcheck("check --txns 0 --dfs --graph g.dot --no-progress");
  EXPECT_EQ(r.exit_code, 2) << r.out << r.err;
  EXPECT_NE(r.err.find("--dfs cannot write --graph"), std::string::npos) << r.err;
  EXPECT_FALSE(fs::exists(scratch() / "g.dot"));
}

// --dfs without --depth deepens round by round: the election alone is exhausted (the same states
// as BFS) and says "ok" (no-vote-cycle is exercised there), and the summary and the JSON say at
// which bound; a bug is found with a trace no longer
// than the bound of its round. With --depth there is one round and no "deepening".
TEST(CliResults, DfsWithoutADepthDeepensUntilTheSpaceIsExhausted) {
  const CommandRun text = zabcheck("check --txns 0 --property no-vote-cycle --dfs --no-progress");
  ASSERT_EQ(text.exit_code, 0) << text.out << text.err;
  EXPECT_NE(text.out.find("result: ok: no property violated"), std::string::npos) << text.out;
  EXPECT_NE(text.out.find("iterative deepening: complete at depth "), std::string::npos)
      << text.out;
  const auto j =
      nlohmann::json::parse(zabcheck("check --txns 0 --property no-vote-cycle --dfs --json").out);
  const auto bfs =
      nlohmann::json::parse(zabcheck("check --txns 0 --property no-vote-cycle --json").out);
  EXPECT_EQ(j["result"], "ok");
  EXPECT_EQ(j["distinct_states"], bfs["distinct_states"]);
  EXPECT_EQ(j["deepening"]["complete"], true) << j.dump(2);
  EXPECT_GE(j["deepening"]["bound"].get<int>(), 8);
  EXPECT_NE(text.out.find(fmt_bound(j["deepening"]["bound"].get<int>())), std::string::npos)
      << text.out;

  const auto bounded =
      nlohmann::json::parse(zabcheck("check --txns 0 --dfs --depth 10 --json").out);
  EXPECT_TRUE(bounded["deepening"].is_null());
  EXPECT_EQ(bounded["bounded"], true);

  const CommandRun found = zabcheck(
      "check --dfs --from epoch-skew --txns 0 --bug zk-1419 --property no-vote-cycle "
      "--no-progress --trace-out dfs-1419.trace");
  ASSERT_EQ(found.exit_code, 1) << found.out << found.err;
  const auto at = found.out.find("violation found with bound ");
  ASSERT_NE(at, std::string::npos) << found.out;
  const int bound = std::stoi(found.out.substr(at + 27));
  const auto steps_at = found.out.find("counterexample: ");
  ASSERT_NE(steps_at, std::string::npos);
  EXPECT_LE(std::stoi(found.out.substr(steps_at + 16)), bound) << found.out;

  const CommandRun too_deep = zabcheck("check --txns 0 --dfs --depth 70000");
  EXPECT_EQ(too_deep.exit_code, 2);
  EXPECT_NE(too_deep.err.find("--dfs takes a --depth of at most 65534"), std::string::npos)
      << too_deep.err;
}

TEST(CliResults, LivenessIsReportedCheckedInJson) {
  const CommandRun r = zabcheck("check --txns 0 --property leader-eventually --no-progress --json");
  ASSERT_EQ(r.exit_code, 0) << r.out << r.err;
  const auto j = nlohmann::json::parse(r.out);
  EXPECT_EQ(j["result"], "ok");
  EXPECT_EQ(j["liveness"]["checked"], true);
  EXPECT_EQ(j["liveness"]["holds"], true);
}

TEST(CliResults, AProfileValidatesItsBugs) {
  const CommandRun r = zabcheck("check --profile quick --bug nosuch");
  EXPECT_EQ(r.exit_code, 2) << r.out << r.err;
  EXPECT_NE(r.err.find("unknown bug 'nosuch'"), std::string::npos) << r.err;
  EXPECT_EQ(r.out.find("profile quick: ok"), std::string::npos) << r.out;
}

TEST(CliResults, AProfileRefusesTheFlagsItSetsItself) {
  for (const char* flag : {"--servers 5", "--dfs", "--property total-order", "--depth 3",
                           "--trace-out x.trace", "--state-max 10", "--from steady"}) {
    SCOPED_TRACE(flag);
    const CommandRun r = zabcheck(std::string("check --profile quick ") + flag);
    EXPECT_EQ(r.exit_code, 2) << r.out << r.err;
    const std::string name = std::string(flag).substr(0, std::string(flag).find(' '));
    EXPECT_NE(r.err.find("cannot take " + name), std::string::npos) << r.err;
  }
}

TEST(CliResults, AProfileHonoursJson) {
  const CommandRun r = zabcheck("check --profile quick --json --threads 2");
  ASSERT_EQ(r.exit_code, 0) << r.out << r.err;
  const auto j = nlohmann::json::parse(r.out);  // one object, nothing else on stdout
  EXPECT_EQ(j["profile"], "quick");
  EXPECT_EQ(j["result"], "ok");
  ASSERT_EQ(j["configurations"].size(), 2u) << j.dump(2);
  for (const auto& c : j["configurations"]) {
    EXPECT_EQ(c["result"], "ok") << c.dump(2);
    EXPECT_TRUE(c.contains("label"));
    EXPECT_GT(c["distinct_states"].get<uint64_t>(), 0u);
  }
}

TEST(CliResults, AStartStateThatDoesNotFitTheServersIsRefused) {
  for (const char* from : {"diverged", "lagging", "epoch-skew", "unlogged-reelected"}) {
    SCOPED_TRACE(from);
    const CommandRun r =
        zabcheck(std::string("check --txns 0 --servers 1 --no-progress --from ") + from);
    EXPECT_EQ(r.exit_code, 2) << r.out << r.err;
    EXPECT_NE(r.err.find(std::string("--from ") + from + " needs at least 3 servers"),
              std::string::npos)
        << r.err;
  }
  // deposed-leader is built by running a fixed schedule on exactly its servers and clients.
  const CommandRun r = zabcheck("check --no-progress --from deposed-leader --clients 3");
  EXPECT_EQ(r.exit_code, 2) << r.out << r.err;
  EXPECT_NE(r.err.find("--from deposed-leader needs --servers 3 --clients 2 --script sync-read"),
            std::string::npos)
      << r.err;
}

// A trace's configuration integers are range-checked before they are narrowed: 4294967299
// must not read as 3 servers, nor -1 as an unbounded epoch.
TEST(CliResults, TraceConfigurationIntegersAreRangeChecked) {
  const std::string corpus = slurp(fs::path(ZAB_CORPUS_DIR) / "zk-1154.trace");
  ASSERT_NE(corpus.find("\"servers\":3"), std::string::npos);
  const std::pair<std::string, std::string> edits[] = {
      {"\"servers\":3", "\"servers\":4294967299"},
      {"\"max_epoch\":0", "\"max_epoch\":-1"},
      {"\"crashes\":0", "\"crashes\":-4294967296"},
  };
  for (const auto& [from, to] : edits) {
    SCOPED_TRACE(to);
    std::string text = corpus;
    ASSERT_NE(text.find(from), std::string::npos);
    text.replace(text.find(from), from.size(), to);
    spit(scratch() / "range.trace", text);
    const CommandRun r = zabcheck("replay range.trace");
    EXPECT_EQ(r.exit_code, 2) << r.out << r.err;
    EXPECT_NE(r.err.find("out of range"), std::string::npos) << r.err;
  }
}

}  // namespace
