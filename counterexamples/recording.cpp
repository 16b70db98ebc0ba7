// Replays a trace once for the reports and writes the report files.
#include <fmt/format.h>

#include <stdexcept>

#include "counterexamples/escape.h"
#include "counterexamples/output_file.h"
#include "counterexamples/report.h"
#include "counterexamples/step_table.h"

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
  const bool stepped = r.violation && r.violation_step > 0;
  return verdict_words({r.outcome, r.violation, r.violation_step, rec.trace.actions.size(),
                        stepped ? std::string_view(rec.trace.actions[r.violation_step - 1]) : "",
                        rec.trace.property, r.steps, r.problem});
}

StepTable step_table(const Recording& rec) {
  StepTable t;
  for (const auto& s : rec.start)
    t.labels.push_back(server_label(rec, s.id));
  t.rows.push_back({"", &rec.start});
  for (const auto& step : rec.steps)
    t.rows.push_back({step.name, &step.servers});
  t.mark(rec.result.violation, rec.result.violation_step);
  return t;
}

std::string server_label(const Recording& rec, NodeId id) {
  if (id.value > rec.trace.config.servers) return to_string(id) + " (observer)";
  return to_string(id);
}

std::vector<std::filesystem::path> write_report(const Recording& rec,
                                                const std::filesystem::path& dir) {
  return write_files_into(dir, {{"report.md", report_markdown(rec)},
                                {"report.html", report_html(rec)},
                                {"path.dot", path_dot(rec)}});
}

}  // namespace zab::cx
