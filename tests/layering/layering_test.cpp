// The layers of tests/layering/layers.txt hold for the repository, and the check finds a
// wrong-way include, a folder with no line, and a malformed table.
#include "tests/layering/layering.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <sstream>

namespace zab::layering {
namespace {

const std::filesystem::path kRoot = ZABCHECK_SOURCE_DIR;

std::string slurp(const std::filesystem::path& path) {
  std::ifstream in(path);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

Rules real_rules() {
  return parse_rules(slurp(kRoot / "tests/layering/layers.txt"));
}

std::string joined(const std::vector<std::string>& lines) {
  std::string out;
  for (const auto& l : lines)
    out += l + "\n";
  return out;
}

TEST(Layering, TheRepositoryKeepsItsLayers) {
  const auto problems = check_tree(kRoot, real_rules());
  EXPECT_TRUE(problems.empty()) << joined(problems);
}

// A scratch tree with the real table.
class ScratchTree : public ::testing::Test {
 protected:
  void SetUp() override {
    root_ = std::filesystem::temp_directory_path() /
            ("zab_layering_" + std::to_string(::getpid()) + "_" +
             ::testing::UnitTest::GetInstance()->current_test_info()->name());
    std::filesystem::remove_all(root_);
    write("impl/core/ids.h", "#pragma once\n");
    write("impl/quorum/peer.h", "#include \"impl/core/ids.h\"\n");
    write("checker/search/model.h", "#include \"impl/core/ids.h\"\n");
    write("checker/world/world.h",
          "#include \"impl/quorum/peer.h\"\n#include \"checker/search/model.h\"\n");
    write("properties/property.h", "#include \"checker/world/world.h\"\n");
    write("checker/explore/search.h", "#include \"properties/property.h\"\n");
    write("tests/any_test.cpp", "#include \"checker/explore/search.h\"\n");
  }
  void TearDown() override { std::filesystem::remove_all(root_); }
  void write(const std::string& rel, const std::string& text) {
    std::filesystem::create_directories((root_ / rel).parent_path());
    std::ofstream(root_ / rel) << text;
  }
  std::filesystem::path root_;
};

TEST_F(ScratchTree, DownwardIncludesPass) {
  EXPECT_TRUE(check_tree(root_, real_rules()).empty()) << joined(check_tree(root_, real_rules()));
}

TEST_F(ScratchTree, AnUpwardIncludeFails) {
  write("impl/core/bad.h", "#include \"checker/world/world.h\"\n");
  const auto problems = check_tree(root_, real_rules());
  ASSERT_EQ(problems.size(), 1u) << joined(problems);
  EXPECT_EQ(problems[0],
            "impl/core/bad.h:1: includes checker/world/world.h (checker/world), which impl/core "
            "may not");
}

// The explorers see no model: checker/search may not include the world, even though the world
// sits below the explorers' users.
TEST_F(ScratchTree, TheExplorersMayNotSeeTheWorld) {
  write("checker/search/bfs.h", "#include \"checker/world/world.h\"\n");
  EXPECT_EQ(check_tree(root_, real_rules()).size(), 1u);
}

TEST_F(ScratchTree, AFolderWithNoLineFails) {
  write("newfolder/x.h", "#pragma once\n");
  const auto problems = check_tree(root_, real_rules());
  ASSERT_EQ(problems.size(), 1u) << joined(problems);
  EXPECT_NE(problems[0].find("newfolder/x.h: its folder has no line"), std::string::npos);
}

TEST(LayeringRules, MalformedTablesAreRejected) {
  EXPECT_THROW(parse_rules("impl/core impl/quorum\n"), std::runtime_error);
  EXPECT_THROW(parse_rules("a: b\n"), std::runtime_error);     // b has no line
  EXPECT_THROW(parse_rules("a:\na: \n"), std::runtime_error);  // two lines
  EXPECT_NO_THROW(parse_rules("# comment\na:\nb: a\nc: *\n"));
}

}  // namespace
}  // namespace zab::layering
