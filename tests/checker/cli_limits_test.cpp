// Limits and interruption: bounded --threads, a strict --state-max checked inside a BFS level,
// a memory limit and running out of memory ending with a summary, oversized inputs refused, and
// SIGINT / SIGTERM stopping a run with its partial summary and the "interrupted" exit code.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "tests/checker/cli_util.h"

namespace {

using namespace zab::cli_testing;

// Big enough to take many seconds (about 1.6 M states), small enough to start at once.
const std::string kBig = "--servers 3 --txns 2 --crashes 1 --no-progress";

TEST(CliLimits, ThreadsAreBounded) {
  for (const std::string command : {"check --txns 0", "simulate --txns 0 --walks 10"})
    for (const char* threads : {"2147483647", "1000", "257", "-1"}) {
      SCOPED_TRACE(command + " --threads " + threads);
      const CommandRun r = zabcheck(command + " --no-progress --threads " + threads, 60);
      EXPECT_EQ(r.exit_code, 2) << r.out << r.err;
      EXPECT_NE(r.err.find(std::string("--threads ") + threads + " is outside 1..256"),
                std::string::npos)
          << r.err;
    }
}

TEST(CliLimits, StateMaxRejectsWhatIsNotACount) {
  for (const char* value : {"-1", "18446744073709551616", "1e6", "ten"}) {
    SCOPED_TRACE(value);
    const CommandRun r = zabcheck(std::string("check --txns 0 --no-progress --state-max ") + value);
    EXPECT_EQ(r.exit_code, 2) << r.out << r.err;
    EXPECT_NE(r.err.find("--state-max"), std::string::npos) << r.err;
  }
}

// The bound lands inside a level (levels here hold tens of thousands of states), the summary
// says the run was cut, and the reproduce line keeps the bound.
TEST(CliLimits, StateMaxCutsInsideALevelAndSaysSo) {
  const CommandRun r = zabcheck("check " + kBig + " --threads 2 --state-max 20000 --json");
  ASSERT_EQ(r.exit_code, 0) << r.out << r.err;
  const auto j = nlohmann::json::parse(r.out);
  EXPECT_GE(j["distinct_states"].get<uint64_t>(), 20000u);
  EXPECT_LE(j["distinct_states"].get<uint64_t>(), 21000u) << "not checked inside the level";
  EXPECT_EQ(j["cut"], "state-max");
  EXPECT_EQ(j["bounded"], true);
  EXPECT_NE(j["reproduce"].get<std::string>().find("--state-max 20000"), std::string::npos);
  const CommandRun text = zabcheck("check " + kBig + " --threads 2 --state-max 20000");
  EXPECT_NE(text.out.find("zabcheck check --servers 3 --txns 2 --crashes 1 --state-max 20000\n"),
            std::string::npos)
      << text.out;
  EXPECT_NE(text.out.find("(cut at --state-max 20,000)"), std::string::npos) << text.out;
}

TEST(CliLimits, TheMemoryLimitStopsASearchWithAPartialSummary) {
  const CommandRun r = zabcheck("check " + kBig + " --memory 64M --json --junit mem.xml", 300);
  ASSERT_EQ(r.exit_code, 4) << r.out << r.err;
  const auto j = nlohmann::json::parse(r.out);
  EXPECT_EQ(j["result"], "cut");
  EXPECT_EQ(j["cut"], "memory-limit");
  EXPECT_EQ(j["bounded"], true);
  EXPECT_EQ(j["memory_limit_bytes"], 64u << 20);
  EXPECT_GT(j["distinct_states"].get<uint64_t>(), 1000u);
  const std::string xml = slurp(scratch() / "mem.xml");
  EXPECT_NE(xml.find("not vouched for"), std::string::npos) << xml;
  const CommandRun bad = zabcheck("check --txns 0 --no-progress --memory 12X");
  EXPECT_EQ(bad.exit_code, 2) << bad.out << bad.err;
  EXPECT_NE(bad.err.find("--memory '12X'"), std::string::npos) << bad.err;
}

// With no limit and a small address space, the allocator fails inside the search: the search
// still ends with its summary, not with std::terminate.
TEST(CliLimits, RunningOutOfMemoryEndsWithASummary) {
  const CommandRun r =
      zabcheck("check " + kBig + " --memory 0 --json", 300, "prlimit --as=300000000");
  ASSERT_EQ(r.exit_code, 4) << r.out << r.err;
  const auto j = nlohmann::json::parse(r.out);
  EXPECT_EQ(j["cut"], "out-of-memory");
  EXPECT_GT(j["distinct_states"].get<uint64_t>(), 1000u);
  EXPECT_EQ(r.err.find("terminate"), std::string::npos) << r.err;
}

TEST(CliLimits, OversizedInputsAreRefused) {
  const CommandRun r = zabcheck("replay /dev/zero", 60);
  EXPECT_EQ(r.exit_code, 2) << r.out << r.err;
  EXPECT_NE(r.err.find("/dev/zero: more than 64 MiB: not a trace"), std::string::npos) << r.err;
}

TEST(CliLimits, SigintStopsACheckWithItsPartialSummary) {
  Background run({"check", "--servers", "3", "--txns", "2", "--crashes", "1", "--no-progress",
                  "--json", "--junit", "sigint.xml"});
  ASSERT_TRUE(run.wait_until_catching(SIGINT, 60)) << run.err();
  std::this_thread::sleep_for(std::chrono::milliseconds(300));  // let it search a little
  run.send(SIGINT);
  ASSERT_EQ(run.wait(60), 130) << run.out() << run.err();
  const auto j = nlohmann::json::parse(run.out());
  EXPECT_EQ(j["result"], "interrupted");
  EXPECT_EQ(j["cut"], "interrupted");
  EXPECT_GT(j["distinct_states"].get<uint64_t>(), 0u);
  const std::string xml = slurp(scratch() / "sigint.xml");
  EXPECT_NE(xml.find("<skipped message=\"not vouched for"), std::string::npos) << xml;
}

TEST(CliLimits, SigtermStopsASimulationWithItsPartialSummary) {
  Background run({"simulate", "--servers", "3", "--txns", "2", "--crashes", "1", "--walks",
                  "100000000", "--no-progress"});
  ASSERT_TRUE(run.wait_until_catching(SIGTERM, 60)) << run.err();
  std::this_thread::sleep_for(std::chrono::milliseconds(300));
  run.send(SIGTERM);
  ASSERT_EQ(run.wait(60), 130) << run.out() << run.err();
  EXPECT_NE(run.out().find("result: INTERRUPTED"), std::string::npos) << run.out();
  EXPECT_NE(run.out().find(" walks, "), std::string::npos) << run.out();
}

}  // namespace
