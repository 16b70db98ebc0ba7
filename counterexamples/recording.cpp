// Replays a trace once for the reports and writes the report files.
#include <fmt/format.h>
#include <fmt/ranges.h>

#include <set>
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

namespace {

// A step of FastLeaderElection's exchange: a notification delivered, or a finalize timer fired.
bool election_step(std::string_view name) {
  return (name.starts_with("deliver ") && name.find(" election ") != std::string_view::npos) ||
         (name.starts_with("fire ") && name.ends_with(" election-finalize"));
}

// "election: n1, n2, n3 exchange 10 notifications, 2 finalize; n3 elected", and for the chart
// "election: n3 elected".
StepFold election_fold(const Recording& rec, size_t first, size_t last) {
  std::set<std::string> servers;
  int notifications = 0, finalized = 0;
  for (size_t step = first; step <= last; ++step) {
    const std::string& name = rec.steps[step - 1].name;
    if (name.starts_with("fire ")) {
      ++finalized;
      continue;
    }
    ++notifications;
    const size_t arrow = name.find("->"), space = name.find(' ', 8);
    if (arrow == std::string::npos || space == std::string::npos || arrow > space) continue;
    servers.insert(name.substr(8, arrow - 8));
    servers.insert(name.substr(arrow + 2, space - arrow - 2));
  }
  std::string elected = "no one elected yet";
  for (const auto& s : rec.steps[last - 1].servers) {
    const std::string& role = s.value("role");
    const std::string& vote = s.value("vote");
    if (role == "LOOKING" || role == "down" || !vote.starts_with("(")) continue;
    elected = vote.substr(1, vote.find(',') - 1) + " elected";
    break;
  }
  return StepFold{first, last,
                  fmt::format("election: {} exchange {} notifications, {} finalize; {}",
                              fmt::join(servers, ", "), notifications, finalized, elected),
                  "election: " + elected};
}

// Runs of at least three election steps, folded so a reader sees the recovery story first.
std::vector<StepFold> election_folds(const Recording& rec) {
  std::vector<StepFold> folds;
  const size_t bad = rec.result.violation ? rec.result.violation_step : 0;
  for (size_t step = 1; step <= rec.steps.size();) {
    size_t end = step;
    while (end <= rec.steps.size() && election_step(rec.steps[end - 1].name) && end != bad)
      ++end;
    if (end - step >= 3) folds.push_back(election_fold(rec, step, end - 1));
    step = end == step ? step + 1 : end;
  }
  return folds;
}

}  // namespace

StepTable step_table(const Recording& rec) {
  StepTable t;
  for (const auto& s : rec.start)
    t.labels.push_back(server_label(rec, s.id));
  t.rows.push_back({"", &rec.start});
  for (const auto& step : rec.steps)
    t.rows.push_back({step.name, &step.servers});
  t.mark(rec.result.violation, rec.result.violation_step);
  t.folds = election_folds(rec);
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
