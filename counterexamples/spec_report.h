// Reports of a spec trace, in the shape of report.h's for implementation traces: report.md for
// the pull request, a self-contained report.html (with an SVG chart of every server's role and
// epoch over the steps, and the per-step state table), and path.dot. All are rendered from one
// SpecRecording: the trace replayed once with every server's fields captured after every step.
#pragma once

#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

#include "counterexamples/server_summary.h"
#include "counterexamples/spec_trace.h"

namespace zab::cx {

struct SpecRecordedStep {
  std::string name;
  spec::State state;                   // after the step
  std::vector<ServerSummary> servers;  // its servers' fields, one per server in order
};

struct SpecRecording {
  SpecTrace trace;
  std::string trace_name;
  spec::State start;
  std::vector<ServerSummary> start_servers;
  std::vector<SpecRecordedStep> steps;  // as far as the replay got
  SpecReplay result;
  std::string final_state;  // SpecModel::describe() of the last state reached
};

SpecRecording record_spec(const SpecTrace& trace, std::string_view trace_name = {});

// A spec server as named fields (role, phase, leader, acceptedEpoch, currentEpoch, history,
// committed), so that the tables mark what changed exactly as the implementation's reports do.
ServerSummary summarize_spec_server(const spec::State& state, int index);

std::string spec_report_markdown(const SpecRecording& recording);
std::string spec_report_html(const SpecRecording& recording);
std::string spec_path_dot(const SpecRecording& recording);
// "violated single-leader-per-epoch at step 12 of 12 (commit s1): ...", or why not.
std::string spec_verdict_sentence(const SpecRecording& recording);
// The step table the renderers draw (counterexamples/step_table.h).
struct StepTable;
StepTable spec_step_table(const SpecRecording& recording);

// Writes report.md, report.html and path.dot into `dir` (created if missing), all or none.
std::vector<std::filesystem::path> write_spec_report(const SpecRecording& recording,
                                                     const std::filesystem::path& dir);

}  // namespace zab::cx
