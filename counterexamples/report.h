// Reports a person reads: Markdown for the pull request, a self-contained HTML page (inline CSS
// and SVG, no network) with a message-sequence chart and a per-step state table, and a DOT
// graph of the path. All are rendered from one Recording: the trace replayed once with every
// server's summary captured after every step.
#pragma once

#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

#include "counterexamples/replay.h"
#include "counterexamples/server_summary.h"

namespace zab::cx {

struct RecordedStep {
  size_t step = 0;  // 1-based
  check::Action action;
  std::string name;
  std::vector<ServerSummary> servers;  // after the step, one per server in id order
};

struct Recording {
  Trace trace;
  std::string trace_name;            // the file the trace came from, for commands and titles
  std::vector<ServerSummary> start;  // the start world
  std::vector<RecordedStep> steps;   // as far as the replay got
  ReplayResult result;
  std::string final_state;  // World::describe() of the last state reached
};

Recording record(const Trace& trace, std::string_view trace_name = {});

std::string report_markdown(const Recording& recording);
std::string report_html(const Recording& recording);
// The message-sequence chart: one <line class="lifeline"> per server, an arrow per delivery,
// marks for faults, timers and disk steps; the violating step highlighted.
std::string message_sequence_svg(const Recording& recording);
std::string path_dot(const Recording& recording);

// Writes report.md, report.html and path.dot into `dir` (created if missing); returns their
// paths, all three or none (OutputError naming the file that could not be written).
std::vector<std::filesystem::path> write_report(const Recording& recording,
                                                const std::filesystem::path& dir);

// Shared by the renderers.
// The summaries before step `step` (1-based): the start for step 1.
const std::vector<ServerSummary>& summaries_before(const Recording& recording, size_t step);
// "violated at step 12 (crash n3 keep-unsynced=0): <detail>", "not violated ...", or the problem.
std::string verdict_sentence(const Recording& recording);
// The step table the renderers draw (counterexamples/step_table.h).
struct StepTable;
StepTable step_table(const Recording& recording);
// A server's label: "n4 (observer)" for observers.
std::string server_label(const Recording& recording, NodeId id);

}  // namespace zab::cx
