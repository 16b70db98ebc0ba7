// What zabcheck writes: output paths checked before a search, a violation never lost to a failed
// write, files written whole or not at all, bytes that are not UTF-8 never crashing a JSON
// writer, and every field escaped for the format it lands in.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "tests/checker/cli_util.h"

namespace {

using namespace zab::cli_testing;

// A configuration whose check finds a violation in a fraction of a second (ZOOKEEPER-1154).
const std::string kViolating = "--from diverged --txns 0 --bug zk-1154 --no-progress";
const std::string kWalks = "--walks 200 --threads 1";

fs::path corpus(const std::string& name) {
  return fs::path(ZAB_CORPUS_DIR) / name;
}

// The corpus trace with line `prefix...` replaced by `with`.
std::string edited_corpus(const std::string& name, const std::string& prefix,
                          const std::string& with) {
  std::string text = slurp(corpus(name));
  const size_t at = text.find("\n" + prefix) + 1;
  const size_t end = text.find('\n', at);
  return text.replace(at, end - at, with);
}

TEST(CliOutputs, OutputPathsAreCheckedBeforeExploring) {
  spit(scratch() / "a-file", "x");
  fs::create_directories(scratch() / "a-folder");
  const std::pair<std::string, std::string> cases[] = {
      {"check " + kViolating + " --trace-out /missing/dir/x.trace", "--trace-out /missing/dir"},
      {"check " + kViolating + " --trace-out a-folder", "--trace-out a-folder: is a folder"},
      {"check " + kViolating + " --report a-file", "--report a-file"},
      {"check " + kViolating + " --junit /missing/j.xml", "--junit /missing/j.xml"},
      {"check --txns 0 --no-progress --graph /missing/g.dot", "--graph /missing/g.dot"},
      {"check --profile quick --junit /missing/j.xml", "--junit /missing/j.xml"},
      {"simulate " + kViolating + " " + kWalks + " --trace-out /missing/x.trace",
       "--trace-out /missing/x.trace"},
      {"simulate " + kViolating + " " + kWalks + " --junit /missing/j.xml",
       "--junit /missing/j.xml"},
      {"shrink " + quoted(corpus("zk-1154.trace")) + " -o /missing/x.trace",
       "--output /missing/x.trace"},
      {"report " + quoted(corpus("zk-1154.trace")) + " -o a-file", "--output a-file"},
      {"replay " + quoted(corpus("zk-1154.trace")) + " --junit /missing/j.xml",
       "--junit /missing/j.xml"},
  };
  for (const auto& [args, says] : cases) {
    SCOPED_TRACE(args);
    const CommandRun r = zabcheck(args);
    EXPECT_EQ(r.exit_code, 2) << r.out << r.err;
    EXPECT_NE(r.err.find(says), std::string::npos) << r.err;
    EXPECT_EQ(r.out.find("VIOLATION"), std::string::npos) << "it explored first:\n" << r.out;
  }
  EXPECT_FALSE(fs::exists(scratch() / "counterexample-prefix-agreement.trace"));
}

// /dev/full accepts the open and fails the write: the violation is still reported, with exit 1.
TEST(CliOutputs, AViolationSurvivesAFailedWrite) {
  for (const std::string command : {"check", "simulate"}) {
    SCOPED_TRACE(command);
    const std::string extra = command == "simulate" ? " " + kWalks : "";
    const CommandRun text = zabcheck(command + " " + kViolating + extra + " --trace-out /dev/full");
    EXPECT_EQ(text.exit_code, 1) << text.out << text.err;
    EXPECT_NE(text.out.find("VIOLATION of prefix-agreement"), std::string::npos) << text.out;
    EXPECT_NE(text.out.find("NOT written to /dev/full"), std::string::npos) << text.out;
    EXPECT_NE(text.err.find("cannot write /dev/full: No space left on device"), std::string::npos)
        << text.err;
    const CommandRun json =
        zabcheck(command + " " + kViolating + extra + " --json --trace-out /dev/full");
    EXPECT_EQ(json.exit_code, 1) << json.out << json.err;
    const auto j = nlohmann::json::parse(json.out);
    EXPECT_EQ(j["result"], "violation");
    EXPECT_EQ(j["write_errors"].size(), 1u) << j.dump(2);
  }
}

TEST(CliOutputs, BytesThatAreNotUtf8NeverBreakJson) {
  // A trace file name.
  const std::string bad_name = "$'bad\\xff.trace'";
  const CommandRun check = zabcheck("check " + kViolating + " --json --trace-out " + bad_name);
  EXPECT_EQ(check.exit_code, 1) << check.out << check.err;
  EXPECT_EQ(nlohmann::json::parse(check.out)["result"], "violation");
  EXPECT_EQ(zabcheck("replay " + bad_name).exit_code, 1);
  const CommandRun simulate =
      zabcheck("simulate " + kViolating + " " + kWalks + " --json --trace-out " + bad_name);
  EXPECT_EQ(simulate.exit_code, 1) << simulate.out << simulate.err;
  EXPECT_EQ(nlohmann::json::parse(simulate.out)["result"], "violation");
  // Inside a trace: an action line (the replay is inconsistent) and the found-by line.
  std::string text = edited_corpus("zk-1154.trace", "# found-by", "# found-by: bfs \xff\xfe here");
  spit(scratch() / "found-by.trace", text);
  const size_t action = text.find("\ndeliver") + 1;
  text.insert(text.find('\n', action), "\xff");
  spit(scratch() / "action.trace", text);
  const CommandRun replay = zabcheck("replay action.trace --json");
  EXPECT_EQ(replay.exit_code, 2) << replay.out << replay.err;
  EXPECT_EQ(nlohmann::json::parse(replay.out)["replay"]["outcome"], "inconsistent");
  const CommandRun found_by = zabcheck("replay found-by.trace --json");
  EXPECT_EQ(found_by.exit_code, 1) << found_by.out << found_by.err;
  EXPECT_NE(nlohmann::json::parse(found_by.out)["found_by"].get<std::string>().find("\ufffd"),
            std::string::npos);
  // The shrunk trace as JSON: written whole, and readable.
  const CommandRun shrink = zabcheck("shrink found-by.trace -o shrunk.json");
  EXPECT_EQ(shrink.exit_code, 0) << shrink.out << shrink.err;
  EXPECT_EQ(zabcheck("replay shrunk.json").exit_code, 1);
}

// A file name that holds a newline and Markdown / DOT syntax, and a found-by line with HTML and
// a link: each stays inside its code span, fence or comment.
TEST(CliOutputs, ReportsEscapeEveryFieldForTheirFormat) {
  const std::string found_by =
      "# found-by: <img src=x onerror=alert(1)> [click](http://evil.example) | col";
  spit(scratch() / "evil\n```\n}\ndigraph x {\n.trace",
       edited_corpus("zk-1154.trace", "# found-by", found_by));
  const CommandRun r = zabcheck("report $'evil\\n```\\n}\\ndigraph x {\\n.trace' -o evil-report");
  ASSERT_EQ(r.exit_code, 0) << r.out << r.err;
  const std::string md = slurp(scratch() / "evil-report" / "report.md");
  EXPECT_NE(md.find("| found by | `<img src=x onerror=alert(1)> [click](http://evil.example) "
                    "\\| col` |"),
            std::string::npos)
      << md;
  const std::string fence = "```sh\n";
  const size_t open = md.find(fence);
  ASSERT_NE(open, std::string::npos);
  const size_t close = md.find("\n```\n", open + fence.size());
  const std::string block = md.substr(open + fence.size(), close - open - fence.size());
  EXPECT_EQ(std::count(block.begin(), block.end(), '\n'), 1) << block;  // two command lines
  EXPECT_NE(block.find("zabcheck replay $'evil\\n```\\n}\\ndigraph x {\\n.trace'"),
            std::string::npos)
      << block;
  // path.dot: two comment lines, then the one graph; the name's "}" and "digraph" stay inside
  // the comment.
  const std::string dot = slurp(scratch() / "evil-report" / "path.dot");
  std::istringstream lines(dot);
  std::vector<std::string> all;
  for (std::string line; std::getline(lines, line);)
    all.push_back(line);
  ASSERT_GT(all.size(), 3u);
  EXPECT_TRUE(all[0].starts_with("// ") && all[1].starts_with("// ")) << dot.substr(0, 400);
  EXPECT_EQ(all[2], "digraph path {") << dot.substr(0, 400);
  for (size_t i = 3; i + 1 < all.size(); ++i) {
    EXPECT_NE(all[i], "}") << i;
    EXPECT_FALSE(all[i].starts_with("digraph")) << all[i];
  }
  const std::string html = slurp(scratch() / "evil-report" / "report.html");
  EXPECT_EQ(html.find("<img"), std::string::npos);
}

// A header value with a newline is one line: the written trace replays.
TEST(CliOutputs, TraceHeaderLinesStayOneLine) {
  const CommandRun r = zabcheck("check " + kViolating + " --trace-out $'cx\\nfsync n1.trace'");
  ASSERT_EQ(r.exit_code, 1) << r.out << r.err;
  const std::string text = slurp(scratch() / "cx\nfsync n1.trace");
  EXPECT_NE(text.find("# reproduce: zabcheck replay $'cx\\nfsync n1.trace'\n"), std::string::npos)
      << text;
  EXPECT_EQ(zabcheck("replay $'cx\\nfsync n1.trace'").exit_code, 1);
}

// Reports are written whole or not at all: a folder in the way of report.html leaves no
// report.md behind, and nothing half written.
TEST(CliOutputs, AFailedReportLeavesNoPartialFiles) {
  fs::create_directories(scratch() / "blocked" / "report.html");
  const CommandRun r = zabcheck("report " + quoted(corpus("zk-1154.trace")) + " -o blocked");
  EXPECT_EQ(r.exit_code, 2) << r.out << r.err;
  EXPECT_NE(r.err.find("report.html"), std::string::npos) << r.err;
  EXPECT_FALSE(fs::exists(scratch() / "blocked" / "report.md"));
  EXPECT_FALSE(fs::exists(scratch() / "blocked" / "path.dot"));
  for (const auto& entry : fs::directory_iterator(scratch() / "blocked"))
    EXPECT_EQ(entry.path().filename(), "report.html");
}

}  // namespace
