// Replays a trace once for the reports and writes the report files.
#include <fmt/format.h>

#include <stdexcept>

#include "counterexamples/escape.h"
#include "counterexamples/output_file.h"
#include "counterexamples/report.h"

namespace zab::cx {

Recording record(const Trace& trace, std::string_view trace_name) {
  Recording rec;
  rec.trace = trace;
  rec.trace_name = trace_name.empty() ? "TRACE" : std::string(trace_name);
  ReplayOptions options;
  options.on_start = [&](const check::World& world) {
    rec.start = summarize_all(world);
    rec.final_state = world.describe();
  };
  options.on_step = [&](const StepEvent& e) {
    rec.steps.push_back(RecordedStep{e.step, e.action, e.name, summarize_all(e.after)});
    rec.final_state = e.after.describe();
  };
  rec.result = replay(trace, options);
  return rec;
}

const std::vector<ServerSummary>& summaries_before(const Recording& rec, size_t step) {
  if (step <= 1 || rec.steps.size() < step - 1) return rec.start;
  return rec.steps[step - 2].servers;
}

std::string verdict_sentence(const Recording& rec) {
  const auto& r = rec.result;
  switch (r.outcome) {
    case ReplayOutcome::kViolated:
      if (r.violation_step == 0)
        return fmt::format("violated {} in the start state: {}", r.violation->property,
                           r.violation->detail);
      return fmt::format("violated {} at step {} of {} ({}): {}", r.violation->property,
                         r.violation_step, rec.trace.actions.size(),
                         rec.trace.actions[r.violation_step - 1], r.violation->detail);
    case ReplayOutcome::kNotViolated:
      return fmt::format("not violated: {} held at all {} steps", rec.trace.property, r.steps);
    case ReplayOutcome::kInconsistent:
      return "inconsistent trace: " + r.problem;
  }
  return "?";
}

std::string server_label(const Recording& rec, NodeId id) {
  if (id.value > rec.trace.config.servers) return to_string(id) + " (observer)";
  return to_string(id);
}

std::vector<std::filesystem::path> write_report(const Recording& rec,
                                                const std::filesystem::path& dir) {
  std::error_code ec;
  std::filesystem::create_directories(dir, ec);
  if (ec)
    throw OutputError(
        fmt::format("cannot create the folder {}: {}", shell_quote(dir.string()), ec.message()));
  const std::vector<std::pair<std::filesystem::path, std::string>> files = {
      {dir / "report.md", report_markdown(rec)},
      {dir / "report.html", report_html(rec)},
      {dir / "path.dot", path_dot(rec)}};
  write_files(files);
  std::vector<std::filesystem::path> paths;
  for (const auto& [path, text] : files)
    paths.push_back(path);
  return paths;
}

}  // namespace zab::cx
