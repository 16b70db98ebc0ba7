// The parts the reports of implementation traces (report.h) and of spec traces (spec_report.h)
// share: a step table (a column per server, a row per state: the start, then the state after
// each step), rendered as HTML, as a Markdown table and as a DOT path, and the verdict sentence.
// Each report builds a StepTable from its own recording and says how a server's cell reads.
#pragma once

#include <array>
#include <cstddef>
#include <functional>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "checker/search/model.h"
#include "counterexamples/replay.h"
#include "counterexamples/server_summary.h"

namespace zab::cx {

struct StepTableRow {
  std::string_view action;                    // empty for the start
  const std::vector<ServerSummary>* servers;  // after the step, one per column
};

// Rows shown folded under one summary line (an election's notification exchange): first and last
// are row numbers (steps), inclusive.
struct StepFold {
  size_t first = 0, last = 0;
  std::string title;  // the table's summary line
  std::string label;  // a few words for the chart's span
};

struct StepTable {
  std::vector<std::string> labels;  // the column heads: "n1", "n4 (observer)", "s1"
  std::vector<StepTableRow> rows;   // rows[0] is the start
  size_t violation_step = 0;        // the row of the violating step (0: none is marked)
  std::string finding;              // for that row: "violated P: detail"
  std::vector<StepFold> folds;      // in order, disjoint, never holding the violating row

  // Marks the row of the violation, if any (`step` 0, the start state, is not a row to mark).
  void mark(const std::optional<search::Violation>& violation, size_t step);

  const ServerSummary& before(size_t row, size_t column) const {
    return (*rows[row == 0 ? 0 : row - 1].servers)[column];
  }
};

// A report page's head: title, style sheet, the heading "P: outcome" (and "(what)" when given),
// and the property's sentence.
std::string html_page_head(std::string_view property, ReplayOutcome outcome, std::string_view style,
                           std::string_view what);

// An HTML cell's lines: up to three field names each ("" for none). Every field shows its name
// but role and phase, and is highlighted at the step that changed it. A fold's rows go into a
// table of their own under a <details> row that shows the fold's title (no script needed).
using CellLines = std::span<const std::array<std::string_view, 3>>;
std::string html_step_table(const StepTable& table, CellLines lines);

// A Markdown cell: the server's fields after the row's step, the changed ones in bold (`first`:
// the start row, where nothing changed). A fold is one row listing its steps in a <details>.
using MarkdownCell =
    std::function<std::string(const ServerSummary& before, const ServerSummary& now, bool first)>;
std::string markdown_step_table(const StepTable& table, const MarkdownCell& cell);
// "`text`", and "**`text`**" when `hot`.
std::string markdown_part(const std::string& text, bool hot);

// path.dot: a box per row with one line per server (`line`), an edge per action; the violating
// row in red. `comment` heads the file, a line each ("// ...").
std::string dot_path(const StepTable& table, const std::vector<std::string>& comment,
                     const std::function<std::string(size_t column, const ServerSummary&)>& line);

// "violated P at step 12 of 12 (action): detail", "violated P in the start state: detail",
// "not violated: P held at all N steps" or "inconsistent trace: problem".
struct VerdictFacts {
  ReplayOutcome outcome;
  const std::optional<search::Violation>& violation;
  size_t violation_step;
  size_t actions;             // the trace's length
  std::string_view action;    // the violating step's line
  std::string_view property;  // the trace's
  size_t steps;               // steps replayed
  std::string_view problem;
};
std::string verdict_words(const VerdictFacts& facts);

}  // namespace zab::cx
