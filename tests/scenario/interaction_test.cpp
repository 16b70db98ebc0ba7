// Golden interaction scripts (tests/scenario/testdata/*.txt) on bare Peers: each block's output
// must match what the Peers emit now. After a deliberate change, regenerate them with
//   ZABCHECK_REWRITE_GOLDEN=1 build/bin/quorum_scenarios_test --gtest_filter='Interaction*'
// and review the diff like any other change. A `!! contract:` line is a breach of
// impl/quorum/effects.h's contract: only a script that switches a seeded bug on may show one.
#include "tests/scenario/interaction.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>

namespace zab::testing {
namespace {

const std::filesystem::path kTestdata =
    std::filesystem::path(ZABCHECK_SOURCE_DIR) / "tests" / "scenario" / "testdata";

std::vector<std::string> scripts() {
  std::vector<std::string> names;
  for (const auto& e : std::filesystem::directory_iterator(kTestdata))
    if (e.path().extension() == ".txt") names.push_back(e.path().stem().string());
  std::sort(names.begin(), names.end());
  return names;
}

std::vector<std::string> lines_of(const std::string& text) {
  std::vector<std::string> lines;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);)
    lines.push_back(line);
  return lines;
}

// Runs a script and returns it with every block's output replaced by the actual one.
std::string rerun(const std::string& golden) {
  const auto lines = lines_of(golden);
  Interaction env;
  std::string out;
  size_t i = 0;
  while (i < lines.size()) {
    if (lines[i].empty() || lines[i].starts_with('#')) {
      out += lines[i++] + "\n";
      continue;
    }
    const std::string command = lines[i++];
    if (i >= lines.size() || lines[i] != "----")
      throw std::runtime_error("line " + std::to_string(i + 1) + ": expected ---- after '" +
                               command + "'");
    ++i;
    while (i < lines.size() && !lines[i].empty())
      ++i;  // the old output
    std::string actual;
    try {
      actual = env.run(command);
    } catch (const std::exception& e) {
      throw std::runtime_error("'" + command + "': " + e.what());
    }
    out += command + "\n----\n" + actual;
    if (i < lines.size()) out += "\n";
    if (i < lines.size()) ++i;  // the blank line that ends the block
  }
  return out;
}

std::string slurp(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

class Interaction : public ::testing::TestWithParam<std::string> {};

TEST_P(Interaction, MatchesTheGoldenScript) {
  const auto path = kTestdata / (GetParam() + ".txt");
  const std::string golden = slurp(path);
  const std::string actual = rerun(golden);
  if (std::getenv("ZABCHECK_REWRITE_GOLDEN")) {
    std::ofstream(path, std::ios::binary | std::ios::trunc) << actual;
    return;
  }
  EXPECT_EQ(golden, actual) << "regenerate with ZABCHECK_REWRITE_GOLDEN=1 if the change is meant";
  // A contract breach may only appear where a seeded bug is switched on.
  const bool seeded = golden.find("bug=") != std::string::npos;
  EXPECT_TRUE(seeded || actual.find("!! contract:") == std::string::npos) << actual;
}

INSTANTIATE_TEST_SUITE_P(Scripts, Interaction, ::testing::ValuesIn(scripts()),
                         [](const auto& info) {
                           std::string name = info.param;
                           std::replace(name.begin(), name.end(), '-', '_');
                           return name;
                         });

// The contract checks can fail: ZOOKEEPER-4643 writes currentEpoch before the synced log.
TEST(InteractionContract, CatchesCurrentEpochBeforeTheLog) {
  const std::string script = slurp(kTestdata / "zk-4643-newleader.txt");
  EXPECT_NE(rerun(script).find("!! contract: n1: a log write after currentEpoch"),
            std::string::npos);
}

}  // namespace
}  // namespace zab::testing
