// The replay / shrink / report subcommands as a user runs them: exit codes 0 / 1 / 2, messages
// that name the file and line, and the files they write.
#include "cmd/zabcheck/commands.h"

#include <gtest/gtest.h>

#include <iostream>

#include "tests/counterexamples/cx_fixture.h"
#include "tests/counterexamples/xml_check.h"

namespace zab::cx::testing {
namespace {

struct CommandRun {
  int exit_code = -1;
  std::string out, err;
};

// Parses `args` as `zabcheck <args>` with only the counterexample commands registered.
CommandRun run(std::vector<std::string> args) {
  CLI::App app{"zabcheck (counterexample commands)"};
  app.require_subcommand(1);
  CommandRun r;
  add_counterexample_commands(app, r.exit_code);
  std::ostringstream out, err;
  auto* old_out = std::cout.rdbuf(out.rdbuf());
  auto* old_err = std::cerr.rdbuf(err.rdbuf());
  std::vector<const char*> argv = {"zabcheck"};
  for (const auto& a : args)
    argv.push_back(a.c_str());
  try {
    app.parse(static_cast<int>(argv.size()), argv.data());
  } catch (const CLI::ParseError& e) {
    r.exit_code = app.exit(e);
  }
  std::cout.rdbuf(old_out);
  std::cerr.rdbuf(old_err);
  r.out = out.str();
  r.err = err.str();
  return r;
}

struct Files {
  std::filesystem::path dir = fresh_dir("commands");
  std::filesystem::path violated = dir / "cnl.trace";
  std::filesystem::path holds = dir / "prefix.trace";
  std::filesystem::path broken = dir / "broken.trace";
  Files() {
    Trace t = commit_before_quorum_run(0, true).trace();
    write_trace(violated, t);
    t.actions.erase(std::find(t.actions.begin(), t.actions.end(), "crash n3 keep-unsynced=0"),
                    t.actions.end());
    record_expected(t);
    write_trace(holds, t);
    std::string text = slurp(violated);
    text.replace(text.find("apply n3"), 8, "apply n2");
    spit(broken, text);
  }
};

const Files& files() {
  static const Files f;
  return f;
}

TEST(Commands, ReplayExitsOneWhileTheBugIsThere) {
  const CommandRun r = run({"replay", files().violated.string()});
  EXPECT_EQ(r.exit_code, 1) << r.err;
  EXPECT_NE(r.out.find("violated committed-never-lost at step"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("matches the trace"), std::string::npos) << r.out;
}

TEST(Commands, ReplayExitsZeroWhenThePropertyHolds) {
  const CommandRun r = run({"replay", files().holds.string()});
  EXPECT_EQ(r.exit_code, 0) << r.out << r.err;
  EXPECT_NE(r.out.find("not violated"), std::string::npos);
}

TEST(Commands, ReplayExitsTwoOnInconsistentOrUnreadableTraces) {
  const CommandRun broken = run({"replay", files().broken.string()});
  EXPECT_EQ(broken.exit_code, 2);
  EXPECT_NE(broken.err.find("broken.trace: line "), std::string::npos) << broken.err;
  EXPECT_NE(broken.err.find("no enabled action is named 'apply n2'"), std::string::npos);
  EXPECT_NE(broken.out.find("    apply n3"), std::string::npos) << broken.out;

  spit(files().dir / "garbage.trace", "# zabcheck-trace 1\n# property: nope\n");
  const CommandRun garbage = run({"replay", (files().dir / "garbage.trace").string()});
  EXPECT_EQ(garbage.exit_code, 2);
  EXPECT_NE(garbage.err.find("garbage.trace: line 2: unknown property 'nope'"), std::string::npos)
      << garbage.err;

  const CommandRun missing = run({"replay", (files().dir / "nothing.trace").string()});
  EXPECT_EQ(missing.exit_code, 2);
  EXPECT_NE(missing.err.find("cannot open"), std::string::npos);
}

TEST(Commands, ReplayStepPrintsWhatChanged) {
  const CommandRun r = run({"replay", files().violated.string(), "--step"});
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_NE(r.out.find("start:\nn1 LOOKING"), std::string::npos) << r.out.substr(0, 300);
  EXPECT_NE(r.out.find("step 1: deliver n1->n2 election"), std::string::npos);
  EXPECT_NE(r.out.find(": crash n3 keep-unsynced=0\n  n3: role LEADING -> down"), std::string::npos)
      << r.out;
  // The leader commits <1,1> at its own ACK (the seeded bug) and applies it one step later.
  EXPECT_NE(r.out.find(": apply n3\n  n3: lastProcessed <1,0> -> <1,1>, applied [] -> "
                       "[<1,1>]\n"),
            std::string::npos)
      << r.out;
}

TEST(Commands, ReplayJsonJunitAndReport) {
  const auto junit = files().dir / "junit.xml";
  const auto report = files().dir / "report";
  const CommandRun r = run({"replay", files().violated.string(), "--json", "--junit",
                            junit.string(), "--report", report.string()});
  EXPECT_EQ(r.exit_code, 1) << r.err;
  const auto j = nlohmann::json::parse(r.out);
  EXPECT_EQ(j.at("replay").at("outcome"), "violated");
  EXPECT_EQ(j.at("replay").at("digest_matches"), true);
  EXPECT_EQ(j.at("actions").size(), parse_trace(slurp(files().violated)).actions.size());
  EXPECT_EQ(xml_problem(slurp(junit)), "");
  EXPECT_NE(slurp(junit).find("<failure message=\"step "), std::string::npos);
  for (const char* f : {"report.md", "report.html", "path.dot"})
    EXPECT_TRUE(std::filesystem::exists(report / f)) << f;
}

TEST(Commands, ShrinkWritesAShorterTraceThatStillFails) {
  const auto out = files().dir / "shrunk.trace";
  const CommandRun r = run({"shrink", files().violated.string(), "-o", out.string()});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const Trace before = read_trace(files().violated), after = read_trace(out);
  EXPECT_NE(
      r.out.find(fmt::format("{} -> {} actions", before.actions.size(), after.actions.size())),
      std::string::npos)
      << r.out;
  EXPECT_LT(after.actions.size(), before.actions.size());
  EXPECT_EQ(run({"replay", out.string()}).exit_code, 1);
  EXPECT_NE(slurp(out).find("# reproduce: zabcheck replay " + out.string()), std::string::npos);

  const CommandRun refuses = run({"shrink", files().holds.string(), "-o", out.string() + ".x"});
  EXPECT_EQ(refuses.exit_code, 2);
  EXPECT_NE(refuses.err.find("does not violate"), std::string::npos) << refuses.err;
  EXPECT_NE(run({"shrink", files().violated.string()}).exit_code, 0) << "-o is required";
}

TEST(Commands, ReportWritesThreeFiles) {
  const auto dir = files().dir / "r";
  const CommandRun r = run({"report", files().violated.string(), "-o", dir.string()});
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.out.find("wrote " + (dir / "report.html").string()), std::string::npos) << r.out;
  EXPECT_TRUE(slurp(dir / "report.md").starts_with("# committed-never-lost: violated"));
  EXPECT_EQ(run({"report", files().broken.string(), "-o", dir.string()}).exit_code, 2);
}

}  // namespace
}  // namespace zab::cx::testing
