// The reports: what each must contain, that the HTML page is self-contained and its chart has
// one lifeline per server, and that the DOT graph is the path.
#include "counterexamples/report.h"

#include <gtest/gtest.h>

#include <regex>

#include "counterexamples/step_table.h"
#include "tests/counterexamples/cx_fixture.h"
#include "tests/counterexamples/xml_check.h"

namespace zab::cx::testing {
namespace {

int occurrences(const std::string& text, const std::string& needle) {
  int n = 0;
  for (size_t at = text.find(needle); at != std::string::npos; at = text.find(needle, at + 1))
    ++n;
  return n;
}

const Recording& recording() {
  static const Recording rec = record(commit_before_quorum_run().trace(), "cnl.trace");
  return rec;
}

TEST(Recording, CapturesEveryStepAndEveryServer) {
  const Recording& rec = recording();
  EXPECT_EQ(rec.steps.size(), rec.trace.actions.size());
  EXPECT_EQ(rec.start.size(), 3u);
  EXPECT_EQ(rec.result.outcome, ReplayOutcome::kViolated);
  const auto& last = rec.steps.back().servers;
  EXPECT_EQ(last[1].value("role"), "LEADING");
  EXPECT_EQ(last[1].value("currentEpoch"), "2");
  EXPECT_EQ(last[2].value("role"), "down");
  EXPECT_EQ(last[2].value("log"), "[<1,1>]");
  // The step that applied <1,1> at the leader changed what it processed and applied (it had
  // committed <1,1> a step earlier, at its own ACK: the seeded bug).
  const auto apply = std::find_if(rec.steps.begin(), rec.steps.end(),
                                  [](const RecordedStep& s) { return s.name == "apply n3"; });
  ASSERT_NE(apply, rec.steps.end());
  const auto changed = changed_fields(summaries_before(rec, apply->step)[2], apply->servers[2]);
  EXPECT_EQ(changed, (std::vector<std::string_view>{"lastProcessed", "applied"}));
}

TEST(Markdown, HasPropertyCommandsTableAndHighlightedViolation) {
  const Recording& rec = recording();
  const std::string md = report_markdown(rec);
  EXPECT_TRUE(md.starts_with("# committed-never-lost: violated\n")) << md.substr(0, 200);
  EXPECT_NE(md.find("> **committed-never-lost** — a transaction acknowledged as committed"),
            std::string::npos);
  EXPECT_NE(md.find("zabcheck replay cnl.trace\nzabcheck check --servers 3 --txns 1 --crashes 1 "
                    "--bug commit-before-quorum\n"),
            std::string::npos);
  EXPECT_NE(md.find("| step | action | n1 | n2 | n3 |"), std::string::npos);
  // One row per step plus the start row, an election's steps folded into one.
  size_t rows = rec.steps.size() + 1;
  for (const auto& fold : step_table(rec).folds)
    rows -= fold.last - fold.first;
  EXPECT_FALSE(step_table(rec).folds.empty());
  const std::regex row("\n\\| (⚠ )?[0-9]+(-[0-9]+)? \\| ");
  EXPECT_EQ(std::distance(std::sregex_iterator(md.begin(), md.end(), row), std::sregex_iterator()),
            static_cast<std::ptrdiff_t>(rows));
  EXPECT_EQ(occurrences(md, "⚠"), 2);  // the legend and the violating row
  EXPECT_NE(md.find(fmt::format("| ⚠ {} | `deliver n1->n2 quorum ACK <2,0>` |", rec.steps.size())),
            std::string::npos);
  EXPECT_NE(md.find("**`LEADING BROADCAST`**"), std::string::npos);  // n2 becomes leader
  EXPECT_NE(md.find("leader n2 of epoch 2 lacks committed <1,1>"), std::string::npos);
}

TEST(Html, IsSelfContainedWithOneLifelinePerServer) {
  const std::string html = report_html(recording());
  EXPECT_TRUE(html.starts_with("<!DOCTYPE html>"));
  EXPECT_EQ(occurrences(html, "class=\"lifeline\""), 3);
  EXPECT_EQ(occurrences(html, "<svg "), 1);
  for (const char* fetch : {"<script", "<link", "<img", "<iframe", "url(http", "@import", "src="})
    EXPECT_EQ(html.find(fetch), std::string::npos) << fetch;
  // The only URL is the SVG namespace, which is a name, not a fetch.
  EXPECT_EQ(occurrences(html, "http"), 1);
  EXPECT_EQ(occurrences(html, "<tr class=\"violation\""), 0);
  EXPECT_EQ(occurrences(html, "class=\"violation\""), 1);
  EXPECT_EQ(occurrences(html, "class=\"finding\""), 1);
  EXPECT_EQ(occurrences(html, "class=\"violation-row\""), 1);
  EXPECT_NE(html.find("class=\"violation-label\" x="), std::string::npos);
  EXPECT_NE(html.find(">violated committed-never-lost</text>"), std::string::npos);
  EXPECT_GT(occurrences(html, "class=\"f changed\""), 20);
  EXPECT_EQ(occurrences(html, "<tr id=\"step-"), static_cast<int>(recording().steps.size()));
  EXPECT_NE(html.find("<div class=\"verdict violated\">violated committed-never-lost at step"),
            std::string::npos);
}

TEST(Html, ChartMarksEveryKindOfStep) {
  const std::string svg = message_sequence_svg(recording());
  EXPECT_EQ(xml_problem(svg), "") << svg.substr(0, 400);
  EXPECT_EQ(occurrences(svg, "<g class=\"step\">"), static_cast<int>(recording().steps.size()));
  EXPECT_EQ(occurrences(svg, "class=\"crash\""), 1);
  EXPECT_GT(occurrences(svg, "class=\"msg election\""), 10);
  EXPECT_GT(occurrences(svg, "class=\"msg quorum\""), 10);
  EXPECT_EQ(occurrences(svg, "class=\"msg closed\""), 2);
  EXPECT_GT(occurrences(svg, "class=\"timer\""), 3);
  EXPECT_GT(occurrences(svg, "class=\"disk\""), 5);
  EXPECT_EQ(occurrences(svg, "class=\"client\""), 1);
  EXPECT_EQ(occurrences(svg, "class=\"down\""), 1);  // n3 from its crash to the end
  EXPECT_NE(svg.find(">LEADERINFO newEpoch=1</text>"), std::string::npos);
}

TEST(Html, PartitionsHealsRestartsAndDropsAreDrawn) {
  check::RunConfig c;
  c.servers = 3;
  c.partitions = 1;
  c.crashes = 1;
  c.restarts = 1;
  c.drops = 1;
  Script s(c);
  s.settle([](const check::World& w) { return established(w); });
  s.take("partition n1 n2");
  s.take("heal n1 n2");
  s.take("drop-connection n1 n3");
  s.take("crash n1");
  s.take("restart n1");
  Trace t = s.trace();
  const std::string svg = message_sequence_svg(record(t));
  EXPECT_EQ(xml_problem(svg), "");
  EXPECT_EQ(occurrences(svg, "class=\"link partition\""), 1);
  EXPECT_EQ(occurrences(svg, "class=\"link heal\""), 1);
  EXPECT_EQ(occurrences(svg, "class=\"link drop\""), 1);
  EXPECT_EQ(occurrences(svg, "class=\"restart\""), 1);
  EXPECT_EQ(occurrences(svg, "class=\"down\""), 1);
}

TEST(Html, StepsOfNoSingleServerSpanTheChart) {
  check::RunConfig c;
  c.servers = 3;
  c.settle_elections = true;  // the election is one canonical step, not one server's
  Script s(c);
  s.take("settle-election");
  const std::string svg = message_sequence_svg(record(s.trace()));
  EXPECT_EQ(xml_problem(svg), "");
  EXPECT_EQ(occurrences(svg, "class=\"global\""), 1);
  EXPECT_NE(svg.find(">settle-election</text>"), std::string::npos);
}

Recording corpus_recording(const std::string& bug) {
  const auto path = std::filesystem::path(ZAB_CX_DIR) / "corpus" / (bug + ".trace");
  return record(read_trace(path), path.string());
}

// An election's notification exchange is one folded row in the table (its steps inside, under a
// summary that names the servers and who won) and one band in the chart.
TEST(Html, AnElectionIsFoldedIntoOneRowAndOneBand) {
  const Recording rec = corpus_recording("zk-1154");
  const std::string html = report_html(rec);
  EXPECT_EQ(occurrences(html, "<tr class=\"fold\">"), 1);
  EXPECT_NE(html.find("<tr class=\"fold\"><td>1-12</td><td colspan=\"4\"><details><summary>"
                      "election: n1, n2, n3 exchange 10 notifications, 2 finalize; n3 elected"
                      "</summary>"),
            std::string::npos);
  // Every step keeps its row, folded or not, and the page is still well-formed.
  for (size_t step = 1; step <= rec.steps.size(); ++step)
    EXPECT_EQ(occurrences(html, fmt::format("<tr id=\"step-{}\"", step)), 1) << step;
  EXPECT_EQ(occurrences(html, "class=\"fold-span\""), 1);
  EXPECT_NE(html.find(">election: n3 elected</text>"), std::string::npos);
  const size_t table = html.find("<table class=\"steps\">");
  EXPECT_EQ(xml_problem(html.substr(table, html.find("<h2>Final state") - table)), "");

  // The Markdown table too: one row for steps 1-12, its steps listed inside a <details>, the
  // servers' fields as after step 12.
  const std::string md = report_markdown(rec);
  EXPECT_NE(
      md.find("| 1-12 | <details><summary>election: n1, n2, n3 exchange 10 notifications, "
              "2 finalize; n3 elected</summary><code>deliver n1-&gt;n2 election NOTIFICATION"),
      std::string::npos)
      << md;
  EXPECT_EQ(md.find("\n| 1 |"), std::string::npos);
  EXPECT_NE(md.find("\n| 13 | `deliver n1->n3 quorum FOLLOWERINFO"), std::string::npos);
  EXPECT_NE(md.find("\n| ⚠ 26 |"), std::string::npos);

  // A violation inside an election is never folded away: ZOOKEEPER-1419's is the third delivery.
  const std::string vote_cycle = report_html(corpus_recording("zk-1419"));
  EXPECT_EQ(occurrences(vote_cycle, "<tr class=\"fold\">"), 0);
  EXPECT_EQ(occurrences(vote_cycle, "class=\"fold-span\""), 0);
}

TEST(Dot, IsThePathWithTheViolationInRed) {
  const Recording& rec = recording();
  const std::string dot = path_dot(rec);
  const int n = static_cast<int>(rec.steps.size());
  EXPECT_EQ(occurrences(dot, " -> "), n);
  EXPECT_EQ(occurrences(dot, " [label=\"start\\n") + occurrences(dot, " [label=\"step "), n + 1);
  EXPECT_NE(
      dot.find(fmt::format("s{} -> s{} [label=\"deliver n1->n2 quorum ACK <2,0>\"];", n - 1, n)),
      std::string::npos);
  EXPECT_EQ(occurrences(dot, "penwidth=2"), 1);
  EXPECT_NE(dot.find("VIOLATED committed-never-lost"), std::string::npos);
  EXPECT_TRUE(dot.ends_with("}\n"));
}

TEST(Report, WritesTheThreeFilesAndReportsInconsistentTraces) {
  const auto dir = fresh_dir("report");
  const auto paths = write_report(recording(), dir / "out");
  ASSERT_EQ(paths.size(), 3u);
  for (const auto& p : paths)
    EXPECT_GT(std::filesystem::file_size(p), 500u) << p;

  Trace broken = recording().trace;
  broken.config.bugs.clear();
  const Recording rec = record(broken, "broken.trace");
  EXPECT_EQ(rec.result.outcome, ReplayOutcome::kInconsistent);
  const std::string md = report_markdown(rec);
  EXPECT_NE(md.find("inconsistent trace: action"), std::string::npos) << md.substr(0, 400);
  EXPECT_NE(md.find("- `deliver n3->n1 quorum PROPOSAL <1,1>`"), std::string::npos);
  EXPECT_NE(report_html(rec).find("<div class=\"verdict inconsistent\">"), std::string::npos);
}

}  // namespace
}  // namespace zab::cx::testing
