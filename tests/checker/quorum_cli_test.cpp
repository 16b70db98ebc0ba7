// `zabcheck quorum` as an operator (or a CI job) runs it on zoo.cfg files in a temporary
// directory: exit 0 when proved safe, 1 with two disjoint quorums or a configuration that can
// never form a quorum, 2 for an unreadable file or a configuration error naming file and line;
// the human summary and the --json object.
#include <gtest/gtest.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>
#include <string>

namespace {

namespace fs = std::filesystem;

fs::path scratch() {
  static const fs::path dir = [] {
    auto d = fs::temp_directory_path() / ("zab_quorum_cli_" + std::to_string(::getpid()));
    fs::remove_all(d);
    fs::create_directories(d);
    return d;
  }();
  return dir;
}

// Writes `name` in the scratch folder: the fixed keys, `first`..`last` as participants, `more`.
std::string write_cfg(const std::string& name, int first, int last, const std::string& more = "") {
  std::ofstream out(scratch() / name);
  out << "tickTime=2000\ninitLimit=5\nsyncLimit=2\ndataDir=/var/zk\n";
  for (int sid = first; sid <= last; ++sid)
    out << "server." << sid << "=127.0.0." << sid << ":2888:3888\n";
  out << more;
  return name;
}

struct CommandRun {
  int exit_code = -1;
  std::string out, err;
};

// Runs `zabcheck quorum <args>` in the scratch folder.
CommandRun quorum(const std::string& args) {
  const fs::path err = scratch() / "stderr.txt";
  const std::string command = "cd '" + scratch().string() + "' && '" ZABCHECK_BIN "' quorum " +
                              args + " 2>'" + err.string() + "'";
  CommandRun r;
  FILE* pipe = ::popen(command.c_str(), "r");
  if (!pipe) return r;
  char buf[4096];
  for (size_t n; (n = std::fread(buf, 1, sizeof buf, pipe)) > 0;)
    r.out.append(buf, n);
  const int status = ::pclose(pipe);
  r.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  std::ifstream in(err);
  std::ostringstream s;
  s << in.rdbuf();
  r.err = s.str();
  return r;
}

TEST(QuorumCli, AnEnsembleWithItselfIsProvedSafe) {
  const CommandRun r = quorum(write_cfg("three.cfg", 1, 3));
  ASSERT_EQ(r.exit_code, 0) << r.out << r.err;
  EXPECT_NE(r.out.find("three.cfg: majority of 3 participants {1,2,3}"), std::string::npos)
      << r.out;
  EXPECT_NE(r.out.find("tolerates 1 failed server"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("three.cfg with itself: every two quorums intersect (proved)"),
            std::string::npos)
      << r.out;
  EXPECT_NE(r.out.find("result: safe"), std::string::npos) << r.out;
}

TEST(QuorumCli, ThreeToFiveInOneStepIsASplitBrain) {
  const std::string old_cfg = write_cfg("old.cfg", 1, 3), new_cfg = write_cfg("new.cfg", 1, 5);
  const CommandRun r = quorum(old_cfg + " " + new_cfg);
  ASSERT_EQ(r.exit_code, 1) << r.out << r.err;
  EXPECT_NE(r.out.find("old.cfg with new.cfg: SPLIT BRAIN"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("result: COUNTEREXAMPLE: 1 split brain"), std::string::npos) << r.out;

  const CommandRun j = quorum(old_cfg + " " + new_cfg + " --json");
  ASSERT_EQ(j.exit_code, 1) << j.out << j.err;
  const auto report = nlohmann::json::parse(j.out);
  EXPECT_EQ(report["result"], "counterexample");
  ASSERT_EQ(report["pairs"].size(), 3u);  // old/old, old/new, new/new
  const auto& pair = report["pairs"][1];
  EXPECT_EQ(pair["first"], "old.cfg");
  EXPECT_EQ(pair["second"], "new.cfg");
  EXPECT_TRUE(pair["disjoint"].get<bool>());
  EXPECT_EQ(pair["first_quorum"].size(), 2u);
  EXPECT_EQ(pair["second_quorum"].size(), 3u);
  for (const int a : pair["first_quorum"])
    for (const int b : pair["second_quorum"])
      EXPECT_NE(a, b);
  EXPECT_FALSE(report["pairs"][0]["disjoint"].get<bool>());
  EXPECT_EQ(report["configurations"][1]["failures_tolerated"], 2);
  EXPECT_EQ(report["configurations"][1]["smallest_quorum"].size(), 3u);
}

// 3 -> 4 -> 5 one server at a time: each step is safe, but given all three files the tool also
// compares 3 with 5, which is not.
TEST(QuorumCli, OneServerAtATimeIsSafeStepByStep) {
  const CommandRun step = quorum(write_cfg("s3.cfg", 1, 3) + " " + write_cfg("s4.cfg", 1, 4));
  ASSERT_EQ(step.exit_code, 0) << step.out << step.err;
  const CommandRun next = quorum("s4.cfg " + write_cfg("s5.cfg", 1, 5));
  ASSERT_EQ(next.exit_code, 0) << next.out << next.err;
  const CommandRun all = quorum("s3.cfg s4.cfg s5.cfg --json");
  ASSERT_EQ(all.exit_code, 1) << all.out << all.err;
  int disjoint = 0;
  const auto report = nlohmann::json::parse(all.out);
  for (const auto& pair : report["pairs"]) {
    const bool split = pair["disjoint"].get<bool>();
    disjoint += split;
    EXPECT_EQ(split, pair["first"] == "s3.cfg" && pair["second"] == "s5.cfg") << pair.dump();
  }
  EXPECT_EQ(disjoint, 1);
}

TEST(QuorumCli, HierarchicalGroupsAndTheirFailures) {
  const CommandRun r = quorum(
      write_cfg("groups.cfg", 1, 9, "group.1=1:2:3\ngroup.2=4:5:6\ngroup.3=7:8:9\n") + " --json");
  ASSERT_EQ(r.exit_code, 0) << r.out << r.err;
  const auto c = nlohmann::json::parse(r.out)["configurations"][0];
  EXPECT_EQ(c["kind"], "hierarchical");
  EXPECT_EQ(c["failures_tolerated"], 3);
  EXPECT_EQ(c["group_failures_tolerated"], 1);
  EXPECT_EQ(c["smallest_fatal_group_loss"].size(), 2u);
  EXPECT_EQ(c["groups"].size(), 3u);
}

TEST(QuorumCli, NoQuorumCanFormIsACounterexample) {
  const std::string zero =
      write_cfg("zero.cfg", 1, 3, "group.1=1:2:3\nweight.1=0\nweight.2=0\nweight.3=0\n");
  const CommandRun r = quorum(zero);
  ASSERT_EQ(r.exit_code, 1) << r.out << r.err;
  EXPECT_NE(r.out.find("NO QUORUM CAN FORM"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("warning: zero.cfg:8: group.1 weighs 0"), std::string::npos) << r.out;
  const auto j = nlohmann::json::parse(quorum(zero + " --json").out);
  EXPECT_FALSE(j["configurations"][0]["quorum_possible"].get<bool>());
  EXPECT_EQ(j["configurations"][0]["failures_tolerated"], -1);
}

TEST(QuorumCli, ConfigurationErrorsNameFileAndLine) {
  const std::string broken = write_cfg("broken.cfg", 1, 3, "group.1=1:2\n");
  const CommandRun r = quorum(write_cfg("fine.cfg", 1, 3) + " " + broken);
  ASSERT_EQ(r.exit_code, 2) << r.out << r.err;
  EXPECT_NE(r.err.find("broken.cfg:7: server.3 is a participant in no group"), std::string::npos)
      << r.err;
  const CommandRun j = quorum(broken + " --json");
  ASSERT_EQ(j.exit_code, 2);
  const auto e = nlohmann::json::parse(j.out);
  EXPECT_EQ(e["result"], "error");
  EXPECT_EQ(e["file"], "broken.cfg");
  EXPECT_EQ(e["line"], 7);

  const CommandRun typo = quorum(write_cfg("typo.cfg", 1, 3, "tickTim=3\n"));
  EXPECT_EQ(typo.exit_code, 2);
  EXPECT_NE(typo.err.find("typo.cfg:8: unknown key 'tickTim'"), std::string::npos) << typo.err;
  const CommandRun missing = quorum("no-such.cfg");
  EXPECT_EQ(missing.exit_code, 2);
  EXPECT_NE(missing.err.find("no-such.cfg: cannot read"), std::string::npos) << missing.err;
  EXPECT_EQ(quorum("").exit_code, 2);  // no file at all: usage
}

TEST(QuorumCli, DifferentAddressesForOneIdAreReported) {
  write_cfg("a.cfg", 1, 3);
  std::ofstream(scratch() / "b.cfg") << "tickTime=2000\ninitLimit=5\nsyncLimit=2\ndataDir=/z\n"
                                        "server.1=127.0.0.1:2888:3888\nserver.2=127.0.0.2:2888:"
                                        "3888\nserver.3=10.9.9.9:2888:3888\n";
  const CommandRun r = quorum("a.cfg b.cfg");
  ASSERT_EQ(r.exit_code, 0) << r.out << r.err;
  EXPECT_NE(r.out.find("warning: server.3 is 127.0.0.3:2888:3888 in a.cfg:7 but "
                       "10.9.9.9:2888:3888 in b.cfg:7; servers are matched by id"),
            std::string::npos)
      << r.out;
}

}  // namespace
