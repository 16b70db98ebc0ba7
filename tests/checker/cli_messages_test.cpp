// Messages name the file, the line and what is wrong, briefly; and the exit codes are one table,
// the same in --help and in the README.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>
#include <regex>

#include "tests/checker/cli_util.h"

namespace {

using namespace zab::cli_testing;

std::string corpus_text(const std::string& name) {
  return slurp(fs::path(ZAB_CORPUS_DIR) / name);
}

TEST(CliMessages, ADirectoryIsNotATrace) {
  fs::create_directories(scratch() / "traces");
  for (const char* command : {"replay", "shrink -o x.trace", "report -o r"}) {
    SCOPED_TRACE(command);
    const std::string c(command);
    const std::string args = c.substr(0, c.find(' ')) + " traces" +
                             (c.find(' ') == std::string::npos ? "" : c.substr(c.find(' ')));
    const CommandRun r = zabcheck(args);
    EXPECT_EQ(r.exit_code, 2) << r.out << r.err;
    EXPECT_NE(r.err.find("traces: is a directory, not a trace file"), std::string::npos) << r.err;
  }
}

// A digest line cut short is a damaged file, not a changed world.
TEST(CliMessages, ATruncatedDigestIsNamedAsSuch) {
  std::string text = corpus_text("zk-1154.trace");
  const size_t at = text.find("\ndigest ") + 1;
  const int line = static_cast<int>(std::count(text.begin(), text.begin() + at, '\n')) + 1;
  // The first five hex digits of whatever digest the corpus records today.
  const std::string kept = text.substr(at + std::string("digest ").size(), 5);
  text.resize(at + std::string("digest ").size() + kept.size());
  spit(scratch() / "short-digest.trace", text + "\n");
  const CommandRun r = zabcheck("replay short-digest.trace");
  EXPECT_EQ(r.exit_code, 2) << r.out << r.err;
  EXPECT_NE(r.err.find("short-digest.trace: line " + std::to_string(line) + ": the digest '" +
                       kept + "' has 5 hex digits, not 16"),
            std::string::npos)
      << r.err;
  EXPECT_EQ((r.out + r.err).find("hashing changed"), std::string::npos);
}

// A 10 MB action line is named, not echoed.
TEST(CliMessages, AHugeLineIsNotEchoed) {
  std::string text = corpus_text("zk-1154.trace");
  const size_t at = text.find("\ndeliver") + 1;
  text.replace(at, text.find('\n', at) - at, std::string(10'000'000, 'x'));
  spit(scratch() / "huge.trace", text);
  for (const char* command : {"replay huge.trace", "replay huge.trace --json",
                              "shrink huge.trace -o h.trace", "report huge.trace -o h"}) {
    SCOPED_TRACE(command);
    const CommandRun r = zabcheck(command);
    EXPECT_EQ(r.exit_code, 2) << r.err.substr(0, 2000);
    EXPECT_LT(r.err.size(), 4096u) << r.err.substr(0, 2000);
    // `replay --json` prints the trace itself, so only its messages are bounded.
    if (!std::string(command).ends_with("--json")) {
      EXPECT_LT(r.out.size(), 64u * 1024) << r.out.substr(0, 2000);
    }
    EXPECT_NE(r.err.find("(10000000 bytes in all)"), std::string::npos) << r.err.substr(0, 2000);
  }
}

// A JSON trace whose `version` or `bugs` nests 100,000 deep is refused by the parser, before
// anything could print it (recursively).
TEST(CliMessages, DeeplyNestedJsonIsRefused) {
  const CommandRun json =
      zabcheck("replay " + quoted(fs::path(ZAB_CORPUS_DIR) / "zk-1154.trace") + " --json");
  ASSERT_EQ(json.exit_code, 1) << json.err;
  auto parsed = nlohmann::json::parse(json.out);
  parsed.erase("replay");
  const std::string trace = parsed.dump(2);
  const std::string deep = std::string(100'000, '[') + std::string(100'000, ']');
  for (const std::string field : {"\"version\": 1", "\"bugs\": [\n    \"zk-1154\"\n  ]"}) {
    SCOPED_TRACE(field);
    std::string text = trace;
    ASSERT_NE(text.find(field), std::string::npos) << text;
    text.replace(text.find(field), field.size(), field.substr(0, field.find(':')) + ": " + deep);
    spit(scratch() / "deep.json", text);
    for (const char* command : {"replay deep.json", "replay deep.json --json",
                                "shrink deep.json -o d.trace", "report deep.json -o d"}) {
      SCOPED_TRACE(command);
      const CommandRun r = zabcheck(command);
      EXPECT_EQ(r.exit_code, 2) << r.err.substr(0, 2000);
      EXPECT_NE(r.err.find("deep.json: the JSON is nested more than 32 deep"), std::string::npos)
          << r.err.substr(0, 2000);
    }
  }
}

TEST(CliMessages, AnUnknownCommandIsNamed) {
  const CommandRun r = zabcheck("nosuch");
  EXPECT_EQ(r.exit_code, 2) << r.out << r.err;
  EXPECT_NE(r.err.find("unknown command 'nosuch'"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("check"), std::string::npos) << r.err;
}

TEST(CliMessages, ShrinkReplaysZeroSaysWhatIsAllowed) {
  const CommandRun r = zabcheck("shrink " + quoted(fs::path(ZAB_CORPUS_DIR) / "zk-1154.trace") +
                                " -o s.trace --replays 0");
  EXPECT_EQ(r.exit_code, 2) << r.out << r.err;
  EXPECT_NE(r.err.find("--replays"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("1 to 2147483647"), std::string::npos) << r.err;
  EXPECT_LT(r.err.size(), 200u) << r.err;
}

// The exit-code rows "  N    meaning" of `zabcheck --help`.
std::vector<std::pair<int, std::string>> help_exit_codes() {
  const CommandRun r = zabcheck("--help");
  EXPECT_EQ(r.exit_code, 0) << r.err;
  std::vector<std::pair<int, std::string>> rows;
  const std::regex row(R"(\n  (\d+) +([^\n]+))");
  for (std::sregex_iterator it(r.out.begin(), r.out.end(), row), end; it != end; ++it)
    rows.emplace_back(std::stoi((*it)[1]), (*it)[2]);
  return rows;
}

TEST(CliMessages, HelpAndReadmeShowTheSameExitCodes) {
  const auto rows = help_exit_codes();
  std::vector<int> codes;
  for (const auto& [code, meaning] : rows)
    codes.push_back(code);
  EXPECT_EQ(codes, (std::vector<int>{0, 1, 2, 3, 4, 5, 130}));
  const std::string readme = slurp(fs::path(ZABCHECK_SOURCE_DIR) / "README.md");
  for (const auto& [code, meaning] : rows) {
    SCOPED_TRACE(code);
    // The README's table row starts with the code and its first words.
    const std::string first_word = meaning.substr(0, meaning.find_first_of(" :("));
    EXPECT_NE(readme.find("| " + std::to_string(code) + " | " + first_word), std::string::npos)
        << first_word;
  }
  // Every subcommand's help carries the table too.
  const CommandRun check_help = zabcheck("check --help");
  EXPECT_NE(check_help.out.find("130  interrupted"), std::string::npos) << check_help.out;
}

}  // namespace
