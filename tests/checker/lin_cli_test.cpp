// `zabcheck lin` end to end: exit codes 0/1/2/5, --json, --svg, the time limit.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "tests/checker/cli_util.h"
#include "tests/checker/lin_histories.h"

namespace {

using namespace zab::cli_testing;
using zab::lin_testing::endless_history;
constexpr auto line = zab::lin_testing::op;

const std::string kWrites =
    line(1, "write", R"("value":"x","invoke":0,"complete":10,"outcome":"ok")") +
    line(1, "write", R"("value":"y","invoke":20,"complete":30,"outcome":"ok")");
const std::string kStaleRead =
    kWrites + line(2, "read", R"("value":"x","invoke":31,"complete":40,"outcome":"ok")");

fs::path history(const std::string& name, const std::string& text) {
  const fs::path path = scratch() / name;
  spit(path, text);
  return path;
}

TEST(LinCli, ALinearizableHistoryExitsZero) {
  const fs::path h =
      history("ok.jsonl",
              kWrites + line(2, "read", R"("value":"y","invoke":31,"complete":40,"outcome":"ok")"));
  const CommandRun r = zabcheck("lin " + quoted(h));
  EXPECT_EQ(r.exit_code, 0) << r.out << r.err;
  EXPECT_NE(r.out.find("result: ok: linearizable"), std::string::npos) << r.out;
  // The same from standard input.
  const CommandRun piped = zabcheck("lin - < " + quoted(h));
  EXPECT_EQ(piped.exit_code, 0) << piped.err;
}

TEST(LinCli, AStaleReadExitsOneWithJsonAndSvg) {
  const fs::path h = history("stale.jsonl", kStaleRead);
  const fs::path svg = scratch() / "stale.svg";
  fs::remove(svg);
  const CommandRun text = zabcheck("lin " + quoted(h) + " --svg " + quoted(svg));
  EXPECT_EQ(text.exit_code, 1) << text.out << text.err;
  EXPECT_NE(text.out.find("key /a: NOT LINEARIZABLE"), std::string::npos) << text.out;
  EXPECT_NE(text.out.find("cannot be placed: line 3"), std::string::npos) << text.out;
  const std::string drawing = slurp(svg);
  EXPECT_EQ(drawing.rfind("<svg", 0), 0u) << drawing;
  EXPECT_NE(drawing.find("class=\"op unplaceable\""), std::string::npos) << drawing;
  EXPECT_NE(drawing.find("class=\"op linearized\""), std::string::npos) << drawing;

  const CommandRun json = zabcheck("lin --json " + quoted(h));
  EXPECT_EQ(json.exit_code, 1) << json.err;
  const auto j = nlohmann::json::parse(json.out);
  EXPECT_EQ(j["result"], "not linearizable");
  ASSERT_EQ(j["violations"].size(), 1u);
  EXPECT_EQ(j["violations"][0]["key"], "/a");
  EXPECT_EQ(j["violations"][0]["prefix_length"], 2);
  EXPECT_EQ(j["violations"][0]["unplaceable"]["line"], 3);
  EXPECT_EQ(j["violations"][0]["prefix_tail"][1]["state_after"]["version"], 2);
}

TEST(LinCli, AnUnwritableSvgIsReportedAndTheVerdictStands) {
  const fs::path h = history("stale2.jsonl", kStaleRead);
  const CommandRun r =
      zabcheck("lin " + quoted(h) + " --svg " + quoted(scratch() / "no/such/t.svg"));
  EXPECT_EQ(r.exit_code, 1) << r.err;
  EXPECT_NE(r.err.find("cannot write"), std::string::npos) << r.err;
}

TEST(LinCli, BadInputExitsTwoNamingTheLine) {
  const fs::path h = history("bad.jsonl", kWrites + "{\"process\":1,\"op\":\"read\"}\n");
  const CommandRun r = zabcheck("lin " + quoted(h));
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("line 3: missing \"key\""), std::string::npos) << r.err;
  const CommandRun json = zabcheck("lin --json " + quoted(h));
  EXPECT_EQ(json.exit_code, 2);
  const auto j = nlohmann::json::parse(json.out);
  EXPECT_EQ(j["result"], "error");
  EXPECT_EQ(j["line"], 3);

  EXPECT_EQ(zabcheck("lin " + quoted(scratch() / "missing.jsonl")).exit_code, 2);
  EXPECT_EQ(zabcheck("lin " + quoted(scratch())).exit_code, 2);
  EXPECT_EQ(zabcheck("lin " + quoted(h) + " --time-limit -1").exit_code, 2);
  const fs::path binary = history("binary.jsonl", std::string("\0\x01\xff\n", 4));
  const CommandRun b = zabcheck("lin " + quoted(binary));
  EXPECT_EQ(b.exit_code, 2);
  EXPECT_NE(b.err.find("line 1:"), std::string::npos) << b.err;
}

TEST(LinCli, AHugeConcurrentHistoryIsUnknownAtTheTimeLimit) {
  const fs::path h = history("huge.jsonl", endless_history(80));
  const auto start = std::chrono::steady_clock::now();
  const CommandRun r = zabcheck("lin --json --time-limit 0.5 " + quoted(h), 60);
  EXPECT_LT(std::chrono::steady_clock::now() - start, std::chrono::seconds(20));
  EXPECT_EQ(r.exit_code, 5) << r.out << r.err;
  const auto j = nlohmann::json::parse(r.out);
  EXPECT_EQ(j["result"], "unknown");
  EXPECT_EQ(j["undecided"][0]["cut"], "time-limit");
  // And the memory limit, in MiB of memoised states.
  const CommandRun m = zabcheck("lin --memory-limit 1 " + quoted(h), 60);
  EXPECT_EQ(m.exit_code, 5) << m.out << m.err;
  EXPECT_NE(m.out.find("stopped at the memory-limit"), std::string::npos) << m.out;
}

}  // namespace
